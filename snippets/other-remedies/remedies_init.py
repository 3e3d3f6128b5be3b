"""Initialising W_h: PyTorch's default, orthogonal, identity with ReLU.

Builds the same small nn.RNN (hidden size 32) three ways, changing only the
recurrent weights W_h: PyTorch's default (every entry uniform in
[-1/sqrt(n), 1/sqrt(n)], tanh), a random orthogonal W_h (tanh), and the
identity with ReLU units and zero biases (the IRNN of Le et al. 2015). For 5
seeds each (a seed fixes the weights), it measures how much gradient reaches
step 0 from a loss on the last state, for sequences of 1 to 30 steps, and
plots it (remedies_init.svg). Then it trains every model briefly (60 steps of
SGD with momentum, clipped to norm 1) on a long-range task: read one bit at
step 1, then 29 steps of noise, and say the bit at the end. It prints each
initialisation's test accuracy per seed, and what training did to W_h: the
range of its singular values, and the gradient that now reaches step 0. It
also trains the IRNN once more without clipping, and counts the ReLU units
still active at the last step.

Run: python remedies_init.py   (torch, matplotlib; about 8 s)
"""
# --8<-- [start:imports]
import statistics

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:init]
n, T = 32, 30            # hidden size; steps from the bit to the answer
INITS = ["default", "orthogonal", "irnn"]
SEEDS = range(5)


class BitRecall(nn.Module):
    """An RNN over (bit channel 0, bit channel 1, noise), read at the end."""

    def __init__(self, init, seed):
        super().__init__()
        torch.manual_seed(seed)  # the same input weights for every init
        act = "relu" if init == "irnn" else "tanh"
        self.rnn = nn.RNN(3, n, nonlinearity=act, batch_first=True)
        self.out = nn.Linear(n, 2)
        W_h = self.rnn.weight_hh_l0  # (n, n): our W_h
        with torch.no_grad():
            if init == "orthogonal":
                nn.init.orthogonal_(W_h)     # W_h^T W_h = I
            elif init == "irnn":             # Le et al. (2015)
                W_h.copy_(torch.eye(n))
                self.rnn.bias_ih_l0.zero_()
                self.rnn.bias_hh_l0.zero_()
            # "default": nn.RNN's own U(-1/sqrt(n), 1/sqrt(n))

    def forward(self, xs, h0=None):
        states, _ = self.rnn(xs, h0)
        return self.out(states[:, -1])       # logits for the bit
# --8<-- [end:init]


# --8<-- [start:gradient]
def gradient_at_step_0(net, xs):
    """Mean over the batch of ||ds/dh(0)|| for s = q . h(T), ||q|| = 1."""
    h0 = torch.zeros(1, xs.shape[0], n, requires_grad=True)
    states, _ = net.rnn(xs, h0)
    q = torch.ones(n) / n ** 0.5            # a unit read-out
    (states[:, -1] @ q).sum().backward()    # one s per sequence
    return h0.grad[0].norm(dim=1).mean().item()


def bit_batch(size, generator):
    """A bit at step 1, then T - 1 steps of noise; the target is the bit."""
    bit = torch.randint(0, 2, (size,), generator=generator)
    xs = torch.zeros(size, T, 3)
    xs[:, 0, :2] = nn.functional.one_hot(bit, 2).float()
    xs[:, 1:, 2] = 0.25 * torch.randn(size, T - 1, generator=generator)
    return xs, bit
# --8<-- [end:gradient]


# --8<-- [start:reach]
probe, _ = bit_batch(32, torch.Generator().manual_seed(1000))
lengths = [1, 2, 5, 10, 20, 30]
# reach[init][seed][i]: the gradient at step 0 from step lengths[i]
reach = {init: [[gradient_at_step_0(BitRecall(init, seed), probe[:, :L])
                 for L in lengths] for seed in SEEDS] for init in INITS}
print(f"||ds/dh(0)|| from a unit gradient at step T = {T},"
      f" over {len(SEEDS)} seeds: median [min, max]")
for init in INITS:
    at_T = [run[-1] for run in reach[init]]
    print(f"  {init:<10} {statistics.median(at_T):7.1e}"
          f" [{min(at_T):.1e}, {max(at_T):.1e}]")
# --8<-- [end:reach]


# --8<-- [start:train]
STEPS, LR = 60, 0.02   # brief training: SGD with momentum


def train(init, seed, max_norm=1.0):
    net = BitRecall(init, seed)
    opt = torch.optim.SGD(net.parameters(), lr=LR, momentum=0.9)
    data = torch.Generator().manual_seed(seed)
    for _ in range(STEPS):
        xs, bit = bit_batch(32, data)
        loss = nn.functional.cross_entropy(net(xs), bit)
        opt.zero_grad()
        loss.backward()
        if max_norm is not None:
            nn.utils.clip_grad_norm_(net.parameters(), max_norm)
        opt.step()
    return net


# --8<-- [end:train]


# --8<-- [start:report]
def accuracy(net):
    with torch.no_grad():
        return (net(test_xs).argmax(1) == test_bit).float().mean().item()


def active_at_last_step(net):
    """The fraction of hidden units above 0 at the last step (test set)."""
    with torch.no_grad():
        return (net.rnn(test_xs)[0][:, -1] > 0).float().mean().item()


test_xs, test_bit = bit_batch(1000, torch.Generator().manual_seed(2000))
trained = {init: [train(init, seed) for seed in SEEDS] for init in INITS}
print(f"after {STEPS} steps: test accuracy per seed (chance 0.50); W_h's"
      " singular values; ||ds/dh(0)|| now")
for init in INITS:
    svals = torch.cat([torch.linalg.svdvals(net.rnn.weight_hh_l0.detach())
                       for net in trained[init]])
    after = [gradient_at_step_0(net, probe) for net in trained[init]]
    print(f"  {init:<10} "
          + " ".join(f"{accuracy(net):.2f}" for net in trained[init])
          + f"   {svals.min():.2f} to {svals.max():.2f}"
          + f"   {min(after):.0e} to {max(after):.0e}")
unclipped = [train("irnn", seed, max_norm=None) for seed in SEEDS]
print("  irnn, not clipped: "
      + " ".join(f"{accuracy(net):.2f}" for net in unclipped)
      + "   ReLU units active at the last step: "
      + " ".join(f"{active_at_last_step(net):.1%}" for net in unclipped))
# --8<-- [end:report]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
labels = {"default": "PyTorch default, tanh", "orthogonal": "orthogonal, tanh",
          "irnn": "identity, ReLU (IRNN)"}
for (init, label), color, marker in zip(labels.items(), ["C3", "C0", "C2"],
                                        ["o", "s", "^"]):
    for seed, run in zip(SEEDS, reach[init]):   # one line per seed
        ax.plot(lengths, run, color=color, marker=marker, markersize=3,
                linewidth=1, label=label if seed == 0 else None)
ax.set_yscale("log")
ax.set_xlabel("steps T between the loss and step 0")
ax.set_ylabel("gradient norm reaching step 0")
ax.legend(loc="lower left")
plt.savefig("remedies_init.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

record = {"n": n, "T": T, "seeds": len(SEEDS), "lengths": lengths, "steps": STEPS, "lr": LR,
          "noise": 0.25, "batch": 32, "test_size": len(test_bit), "max_norm": 1.0, "noise_steps": T - 1}
for init in INITS:
    at_T = [run[-1] for run in reach[init]]
    accs = [accuracy(net) for net in trained[init]]
    svals = [torch.linalg.svdvals(net.rnn.weight_hh_l0.detach()) for net in trained[init]]
    after = [gradient_at_step_0(net, probe) for net in trained[init]]
    record[init] = {
        # at initialisation: ||dJ/dh(0)|| from step T, per seed, and its median and range
        "reach_per_seed": at_T, "reach_median": statistics.median(at_T),
        "reach_range": [min(at_T), max(at_T)],
        # every seed's curve over `lengths`
        "reach_curves": reach[init],
        # after training: test accuracy per seed, W_h's singular values (min, max per seed; overall)
        "accuracy": accs, "accuracy_range": [min(accs), max(accs)],
        "singular_values_per_seed": [[s.min().item(), s.max().item()] for s in svals],
        "singular_value_range": [min(s.min().item() for s in svals), max(s.max().item() for s in svals)],
        "reach_after_training": after, "reach_after_training_range": [min(after), max(after)]}
# at initialisation: W_h's spectral radius (largest |eigenvalue|) and largest singular value, per seed
for init in INITS:
    W_hs = [BitRecall(init, seed).rnn.weight_hh_l0.detach().double() for seed in SEEDS]
    record[init]["init_spectral_radius"] = [torch.linalg.eigvals(W).abs().max().item() for W in W_hs]
    record[init]["init_largest_singular_value"] = [torch.linalg.svdvals(W).max().item() for W in W_hs]
    radii = record[init]["init_spectral_radius"]
    record[init]["init_spectral_radius_range"] = [min(radii), max(radii)]
# the IRNN trained the same way without clipping: test accuracy per seed
record["irnn_unclipped_accuracy"] = [accuracy(net) for net in unclipped]
record["irnn_unclipped_accuracy_range"] = [min(record["irnn_unclipped_accuracy"]),
                                           max(record["irnn_unclipped_accuracy"])]
# ... the fraction of its ReLU units above 0 at the last step (test set), per seed, and its range
active = [active_at_last_step(net) for net in unclipped]
record["irnn_unclipped_active"] = active
record["irnn_unclipped_active_range"] = [min(active), max(active)]
# ... whether it predicts one class for every test input, per seed, and how often each class occurs
with torch.no_grad():
    guesses = [net(test_xs).argmax(1) for net in unclipped]
record["irnn_unclipped_one_class"] = [bool((g == g[0]).all()) for g in guesses]
record["test_class_frequencies"] = [(test_bit == c).float().mean().item() for c in (0, 1)]
# the clipped IRNNs, for comparison: the fraction of ReLU units active at the last step
record["irnn"]["active"] = [active_at_last_step(net) for net in trained["irnn"]]
record["irnn"]["active_range"] = [min(record["irnn"]["active"]), max(record["irnn"]["active"])]
# the lowest test accuracy of the orthogonal and identity runs together
record["learned_accuracy_min"] = min(record["orthogonal"]["accuracy"] + record["irnn"]["accuracy"])
with open("remedies_init.results.json", "w") as f:
    json.dump(record, f, indent=1, sort_keys=True)
