"""A small MLP on a 2-D spiral, trained with sigmoid and with ReLU, 5 seeds.

Makes a data set of three interleaved spiral arms (300 points, 3
classes) and trains the same two-hidden-layer network on it twice by
full-batch gradient descent, from the same initial weights: once with the
logistic sigmoid as the activation, once with ReLU. Each of 5 seeds
fixes the data's noise and the initial weights, shared by the sigmoid
and the ReLU network of that seed; the 5 networks of each activation
train at once, as one batch of networks. The backward pass is written
out in numpy, so the activation's derivative is visible where it
multiplies the gradient. Records the loss and each layer's mean gradient
magnitude at every step, prints them at a few steps, and draws the loss
curves and gradient magnitudes, one line per seed
(skip_spiral_mlp.training.svg), and seed 0's decision boundaries
(skip_spiral_mlp.boundaries.svg).

Run: python skip_spiral_mlp.py   (numpy, matplotlib; a few seconds)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

seeds = range(5)
# one independent generator per seed, spawned from seed 0: data, then weights
rngs = np.random.default_rng(0).spawn(len(seeds))
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:data]
points_per_class, classes = 100, 3


def spiral(rng):
    """Three noisy spiral arms: points (300, 2) and labels (300,)."""
    X, y = [], []
    for k in range(classes):
        radius = np.linspace(0.0, 1.0, points_per_class)
        angle = (np.linspace(4.0 * k, 4.0 * (k + 1), points_per_class)
                 + 0.2 * rng.normal(size=points_per_class))  # noisy arms
        X.append(np.stack([radius * np.sin(angle),
                           radius * np.cos(angle)], axis=1))
        y.append(np.full(points_per_class, k))
    return np.concatenate(X), np.concatenate(y)


data = [spiral(rng) for rng in rngs]          # one data set per seed
# float32 throughout: about twice as fast as float64 here
X = np.stack([X for X, _ in data]).astype(np.float32)  # (seeds, 300, 2)
y = np.stack([y for _, y in data])            # (seeds, 300)
# --8<-- [end:data]

# --8<-- [start:activations]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)  # at most 1/4


def relu(z):
    return np.maximum(z, 0)


def relu_derivative(z):
    return (z > 0).astype(z.dtype)  # 0 or 1


activations = {"sigmoid": (sigmoid, sigmoid_derivative),
               "ReLU": (relu, relu_derivative)}
# --8<-- [end:activations]

# --8<-- [start:model]
sizes = [2, 32, 32, classes]  # input, two hidden layers, output
steps, learning_rate = 1000, 0.5
# every array has a leading seed axis, W: (seeds, n_in, n_out), and `@`
# multiplies seed by seed: the 5 networks train at once, independently
initial_params = [  # shared by both activations: only f differs
    [np.stack([rng.normal(size=(n_in, n_out)) / np.sqrt(n_in)
               for rng in rngs]).astype(np.float32),
     np.zeros((len(seeds), 1, n_out), dtype=np.float32)]
    for n_in, n_out in zip(sizes[:-1], sizes[1:])
]


def forward(params, X, f):
    """Class scores, and every layer's input and pre-activation."""
    h, cache = X, []
    for W, b in params[:-1]:
        z = h @ W + b
        cache.append((h, z))
        h = f(z)
    W, b = params[-1]
    cache.append((h, None))
    return h @ W + b, cache


def loss_and_gradients(params, f, df):
    """Each seed's mean cross-entropy over its data set, (seeds,), and
    its gradients."""
    scores, cache = forward(params, X, f)
    exp_scores = np.exp(scores - scores.max(2, keepdims=True))  # stable
    probs = exp_scores / exp_scores.sum(2, keepdims=True)
    correct = np.take_along_axis(probs, y[:, :, None], 2)[:, :, 0]
    loss = -np.log(correct).mean(1)
    dscores = probs - np.eye(classes, dtype=np.float32)[y]  # softmax + CE
    dz = dscores / y.shape[1]             # dJ/d(scores)
    grads = []
    for layer in reversed(range(len(params))):
        h, _ = cache[layer]
        grads.append([h.swapaxes(1, 2) @ dz,            # dJ/dW
                      dz.sum(1, keepdims=True)])        # dJ/db
        if layer > 0:
            dh = dz @ params[layer][0].swapaxes(1, 2)   # back through W
            dz = dh * df(cache[layer - 1][1])           # back through f
    return loss, grads[::-1]


def train(name):
    """Full-batch gradient descent; returns the trained parameters, the
    loss at each step (steps, seeds) and each layer's mean |dJ/dW| at
    each step (steps, seeds, layers)."""
    f, df = activations[name]
    params = [[W.copy(), b.copy()] for W, b in initial_params]
    losses, grad_sizes = [], []
    for step in range(steps):
        loss, grads = loss_and_gradients(params, f, df)
        losses.append(loss)
        grad_sizes.append([np.abs(dW).mean((1, 2)) for dW, _ in grads])
        for (W, b), (dW, db) in zip(params, grads):
            W -= learning_rate * dW
            b -= learning_rate * db
    return params, np.array(losses), np.array(grad_sizes).swapaxes(1, 2)
# --8<-- [end:model]


# --8<-- [start:train]
runs = {name: train(name) for name in activations}

print("mean |dJ/dW| per layer (layer 1 is the first hidden layer),"
      f" median over {len(seeds)} seeds")
print(f"{'':8} {'step':>5} {'loss':>7} {'layer 1':>9} {'layer 2':>9}"
      f" {'layer 3':>9}")
for name, (params, losses, grad_sizes) in runs.items():
    for step in (0, 100, steps - 1):
        median = np.median(grad_sizes[step], axis=0)  # over the seeds
        row = " ".join(f"{g:9.2e}" for g in median)
        print(f"{name:8} {step + 1:5d} {np.median(losses[step]):7.4f} {row}")

accuracy = {}
for name, (params, losses, grad_sizes) in runs.items():
    scores, _ = forward(params, X, activations[name][0])
    accuracy[name] = (scores.argmax(2) == y).mean(1)  # (seeds,)
sigmoid_layer1 = runs["sigmoid"][2][:, :, 0]  # (steps, seeds)
relu_layer1 = runs["ReLU"][2][:, :, 0]
rows = {"final loss": {n: r[1][-1] for n, r in runs.items()},
        "accuracy": accuracy,
        "layer 1 / layer 3, step 1": {
            n: r[2][0, :, 0] / r[2][0, :, -1] for n, r in runs.items()}}
print(f"\n{'':34}" + "".join(f"  seed {seed}" for seed in seeds))
for row, values in rows.items():
    for name in activations:
        cells = "".join(f"{v:8.3f}" for v in values[name])
        print(f"{name:8} {row:25}{cells}")
EARLY = 100  # the first steps, over which the gradients are averaged
ratios = {"step 1": relu_layer1[0] / sigmoid_layer1[0],
          f"first {EARLY} steps": relu_layer1[:EARLY].mean(0)
          / sigmoid_layer1[:EARLY].mean(0)}
print("layer 1's gradient, ReLU net / sigmoid net:")
for when, ratio in ratios.items():
    print(f"{'':9}{when:25}" + "".join(f"{r:8.1f}" for r in ratio))
# --8<-- [end:train]

# --8<-- [start:plot]
fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), layout="constrained")
every = 10  # draw every 10th step: same curves, a 10x smaller file
steps_axis = np.arange(1, steps + 1)[::every]
for (name, (_, losses, _)), color in zip(runs.items(), ["C1", "C0"]):
    axes[0].plot(steps_axis, losses[::every], color=color, linewidth=1, alpha=0.8)
    axes[0].plot([], [], color=color, label=f"{name}, {len(seeds)} seeds")
axes[0].set_xlabel("training step")
axes[0].set_ylabel("loss (cross-entropy)")
axes[0].legend()
for ax, (name, (_, _, grad_sizes)) in zip(axes[1:], runs.items()):
    for layer in range(grad_sizes.shape[2]):  # one thin line per seed
        ax.plot(steps_axis, grad_sizes[::every, :, layer], color=f"C{layer + 2}",
                linewidth=0.8, alpha=0.7)
        ax.plot([], [], color=f"C{layer + 2}", label=f"layer {layer + 1}")
    ax.set_yscale("log")
    ax.set_title(f"{name} network")
    ax.set_xlabel("training step")
all_sizes = np.concatenate([g.ravel() for _, _, g in runs.values()])
for ax in axes[1:]:  # the same scale in both panels
    ax.set_ylim(all_sizes.min() / 1.5, all_sizes.max() * 1.5)
axes[1].set_ylabel(r"mean $|\partial J / \partial W|$")
axes[2].legend()
plt.savefig("skip_spiral_mlp.training.svg", metadata={"Date": None})

grid = np.linspace(-1.1, 1.1, 200)
gx, gy = np.meshgrid(grid, grid)
grid_points = np.stack([gx.ravel(), gy.ravel()], axis=1)
fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.6), layout="constrained")
for ax, (name, (params, losses, _)) in zip(axes, runs.items()):
    seed_0 = [[W[:1], b[:1]] for W, b in params]  # seed 0's network
    regions, _ = forward(seed_0, grid_points, activations[name][0])
    regions = regions[0].argmax(1).reshape(gx.shape)
    ax.contourf(gx, gy, regions, levels=[-0.5, 0.5, 1.5, 2.5],
                colors=["C0", "C1", "C2"], alpha=0.3)
    for k in range(classes):
        ax.scatter(*X[0, y[0] == k].T, s=8, color=f"C{k}")
    ax.set_title(f"{name}, seed 0: loss {losses[-1, 0]:.2f}")
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
plt.savefig("skip_spiral_mlp.boundaries.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json
import statistics


def spread(values):
    """Every seed's value, and their median, min and max."""
    values = [float(v) for v in values]
    return {"per_seed": values, "median": statistics.median(values),
            "min": min(values), "max": max(values)}


record = {"points": int(y.shape[1]), "hidden": sizes[1], "steps": steps,
          "learning_rate": learning_rate, "seeds": len(seeds)}
for name, (params, losses, grad_sizes) in runs.items():
    record[name] = {
        "rows": {str(step + 1): {"loss": spread(losses[step]),
                                 "layers": [spread(g) for g in grad_sizes[step].T]}
                 for step in (0, 100, steps - 1)},
        "final_loss": spread(losses[-1]),
        "accuracy": spread(accuracy[name]),
        "layer_1_over_3_at_step_1": spread(rows["layer 1 / layer 3, step 1"][name]),
        "layer_1_over_3_at_step_101": spread(grad_sizes[100, :, 0] / grad_sizes[100, :, -1])}
record["relu_over_sigmoid_layer_1"] = {
    "step_1": spread(ratios["step 1"]), "first_100": spread(ratios[f"first {EARLY} steps"])}
record["early_steps"] = EARLY
sigmoid_losses, relu_losses = runs["sigmoid"][1], runs["ReLU"][1]
record["sigmoid_over_relu_loss"] = {  # per seed: how many times higher the sigmoid net's loss is
    "step_101": spread(sigmoid_losses[100] / relu_losses[100]),
    "final": spread(sigmoid_losses[-1] / relu_losses[-1])}
record["accuracy_gap"] = spread(accuracy["ReLU"] - accuracy["sigmoid"])
with open("skip_spiral_mlp.results.json", "w") as f:
    json.dump(record, f, indent=1, sort_keys=True)
