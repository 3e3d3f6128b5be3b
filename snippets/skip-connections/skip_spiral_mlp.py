"""A small MLP on a 2-D spiral, trained with sigmoid and with ReLU.

Makes a seeded data set of three interleaved spiral arms (300 points,
3 classes) and trains the same two-hidden-layer network on it twice by
full-batch gradient descent, from the same initial weights: once with the
logistic sigmoid as the activation, once with ReLU. The backward pass is
written out in numpy, so the activation's derivative is visible where it
multiplies the gradient. Records the loss and each layer's mean gradient
magnitude at every step, prints them at a few steps, and draws the loss
curves and gradient magnitudes (skip_spiral_mlp.training.svg) and both
decision boundaries (skip_spiral_mlp.boundaries.svg).

Run: python skip_spiral_mlp.py   (numpy, matplotlib; a few seconds)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:data]
points_per_class, classes = 100, 3
X, y = [], []
for k in range(classes):
    radius = np.linspace(0.0, 1.0, points_per_class)
    angle = (np.linspace(4.0 * k, 4.0 * (k + 1), points_per_class)
             + 0.2 * rng.normal(size=points_per_class))  # noisy arms
    X.append(np.stack([radius * np.sin(angle),
                       radius * np.cos(angle)], axis=1))
    y.append(np.full(points_per_class, k))
X, y = np.concatenate(X), np.concatenate(y)  # (300, 2), (300,)
# --8<-- [end:data]

# --8<-- [start:activations]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))  # at most 1/4


def relu(z):
    return np.maximum(z, 0)


def relu_derivative(z):
    return (z > 0).astype(float)  # 0 or 1


activations = {"sigmoid": (sigmoid, sigmoid_derivative),
               "ReLU": (relu, relu_derivative)}
# --8<-- [end:activations]

# --8<-- [start:model]
sizes = [2, 50, 50, classes]  # input, two hidden layers, output
steps, learning_rate = 1000, 0.5
initial_params = [  # shared by both runs: only the activation differs
    [rng.normal(size=(n_in, n_out)) / np.sqrt(n_in), np.zeros(n_out)]
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
    """Mean cross-entropy over the data set and its gradients."""
    scores, cache = forward(params, X, f)
    scores = scores - scores.max(1, keepdims=True)  # for stability
    probs = np.exp(scores) / np.exp(scores).sum(1, keepdims=True)
    loss = -np.log(probs[np.arange(len(y)), y]).mean()
    dscores = probs.copy()
    dscores[np.arange(len(y)), y] -= 1    # softmax + cross-entropy
    dz = dscores / len(y)                 # dJ/d(scores)
    grads = []
    for layer in reversed(range(len(params))):
        h, _ = cache[layer]
        grads.append([h.T @ dz, dz.sum(0)])     # dJ/dW, dJ/db
        if layer > 0:
            dh = dz @ params[layer][0].T        # back through W
            dz = dh * df(cache[layer - 1][1])   # back through f
    return loss, grads[::-1]


def train(name):
    """Full-batch gradient descent; returns the trained parameters, the
    loss at each step and each layer's mean |dJ/dW| at each step."""
    f, df = activations[name]
    params = [[W.copy(), b.copy()] for W, b in initial_params]
    losses, grad_sizes = [], []  # grad_sizes[step][layer]
    for step in range(steps):
        loss, grads = loss_and_gradients(params, f, df)
        losses.append(loss)
        grad_sizes.append([np.abs(dW).mean() for dW, _ in grads])
        for (W, b), (dW, db) in zip(params, grads):
            W -= learning_rate * dW
            b -= learning_rate * db
    return params, np.array(losses), np.array(grad_sizes)
# --8<-- [end:model]


# --8<-- [start:train]
runs = {name: train(name) for name in activations}

print("mean |dJ/dW| per layer (layer 1 is the first hidden layer)")
print(f"{'':8} {'step':>5} {'loss':>7} {'layer 1':>9} {'layer 2':>9}"
      f" {'layer 3':>9}")
for name, (params, losses, grad_sizes) in runs.items():
    for step in (0, 100, steps - 1):
        row = " ".join(f"{g:9.2e}" for g in grad_sizes[step])
        print(f"{name:8} {step + 1:5d} {losses[step]:7.4f} {row}")
for name, (params, losses, grad_sizes) in runs.items():
    scores, _ = forward(params, X, activations[name][0])
    accuracy = (scores.argmax(1) == y).mean()
    at_start = grad_sizes[0, 0] / grad_sizes[0, -1]
    print(f"{name}: final loss {losses[-1]:.4f}, accuracy {accuracy:.1%};"
          f" at step 1, layer 1 gets {at_start:.3f} of layer 3's gradient")
sigmoid_layer1 = runs["sigmoid"][2][:, 0]
relu_layer1 = runs["ReLU"][2][:, 0]
print(f"layer 1's gradient, ReLU net / sigmoid net:"
      f" {relu_layer1[0] / sigmoid_layer1[0]:.1f} at step 1,"
      f" {relu_layer1[:100].mean() / sigmoid_layer1[:100].mean():.1f}"
      f" averaged over the first 100 steps")
# --8<-- [end:train]

# --8<-- [start:plot]
fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), layout="constrained")
steps_axis = np.arange(1, steps + 1)
for (name, (_, losses, _)), color in zip(runs.items(), ["C1", "C0"]):
    axes[0].plot(steps_axis, losses, color=color, label=name)
axes[0].set_xlabel("training step")
axes[0].set_ylabel("loss (cross-entropy)")
axes[0].legend()
for ax, (name, (_, _, grad_sizes)) in zip(axes[1:], runs.items()):
    for layer in range(grad_sizes.shape[1]):
        ax.plot(steps_axis, grad_sizes[:, layer], color=f"C{layer + 2}",
                label=f"layer {layer + 1}")
    ax.set_yscale("log")
    ax.set_title(f"{name} network")
    ax.set_xlabel("training step")
all_sizes = np.concatenate([g for _, _, g in runs.values()])
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
    regions, _ = forward(params, grid_points, activations[name][0])
    regions = regions.argmax(1).reshape(gx.shape)
    ax.contourf(gx, gy, regions, levels=[-0.5, 0.5, 1.5, 2.5],
                colors=["C0", "C1", "C2"], alpha=0.3)
    for k in range(classes):
        ax.scatter(X[y == k, 0], X[y == k, 1], s=8, color=f"C{k}")
    ax.set_title(f"{name}: loss {losses[-1]:.2f}")
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
plt.savefig("skip_spiral_mlp.boundaries.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

record = {"points": int(len(y)), "hidden": sizes[1], "steps": steps,
          "learning_rate": learning_rate}
for name, (params, losses, grad_sizes) in runs.items():
    scores, _ = forward(params, X, activations[name][0])
    record[name] = {
        "rows": {str(step + 1): {"loss": float(losses[step]),
                                 "layers": [float(g) for g in grad_sizes[step]]}
                 for step in (0, 100, steps - 1)},
        "final_loss": float(losses[-1]),
        "accuracy": float((scores.argmax(1) == y).mean()),
        "layer_1_over_3_at_step_1": float(grad_sizes[0, 0] / grad_sizes[0, -1])}
record["relu_over_sigmoid_layer_1"] = {
    "step_1": float(relu_layer1[0] / sigmoid_layer1[0]),
    "first_100": float(relu_layer1[:100].mean() / sigmoid_layer1[:100].mean())}
with open("skip_spiral_mlp.results.json", "w") as f:
    json.dump(record, f, indent=1, sort_keys=True)
