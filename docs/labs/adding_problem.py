# %% [markdown]
# # Lab: the adding problem
#
# In this lab you train a vanilla RNN, an LSTM and a GRU on the adding problem of
# [Hochreiter & Schmidhuber (1997)](../../#hochreiter-1997) at four sequence
# lengths, and watch the vanilla RNN fail as the sequences grow while the gated cells
# succeed. Then you look inside the trained networks and measure how much gradient reaches
# the early steps of a sequence.
#
# Each input is a sequence of $T$ pairs $x^{(t)} = (v_t, m_t)$: a value $v_t$ drawn
# uniformly from $[0, 1]$ and a marker $m_t \in \{0, 1\}$. Exactly two steps are marked,
# one in the first half of the sequence and one in the second half, and the target is the
# sum of the two marked values:
#
# $$
# y = \sum_{t=1}^{T} m_t v_t .
# $$
#
# The network reads the whole sequence and predicts $\hat y$ from its last hidden state
# $h^{(T)}$; the loss is the squared error $(\hat y - y)^2$. A network that ignores its
# input does best by always predicting the mean, $\mathbb{E}[y] = 1$, and its mean squared
# error is the variance of a sum of two independent uniform values,
# $2 \cdot \tfrac{1}{12} = \tfrac{1}{6} \approx 0.167$. That is the baseline to beat. To
# beat it the network must notice the first marked value and carry it until the end:
# up to $T$ steps.
#
# Everything runs on a laptop CPU; the run time of this lab at build is listed on the
# [build report](../../build-report/) page.

# %%
# %config InlineBackend.figure_formats = ["svg"]
# %config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
# %matplotlib inline

# %%
import json

import matplotlib.pyplot as plt
import torch
from torch import nn

plt.rcParams["svg.hashsalt"] = "fancy-rnns"   # the same SVG bytes on every run
torch.manual_seed(0)

LENGTHS = [10, 20, 40, 80]   # the sequence lengths T we try
KINDS = ["RNN", "LSTM", "GRU"]
HIDDEN = 32                   # hidden units of every model
STEPS = 500                   # training steps per model and length
BATCH = 128                   # sequences per training step
BASELINE = 1 / 6              # MSE of always predicting 1

# %% [markdown]
# ## Step 1: make the data
#
# One function draws a batch: values, markers, their sum, and the position of the first
# marked step (we need it in Step 5). A `torch.Generator` of its own keeps the data the
# same however much other code draws random numbers.

# %%
def adding_batch(n, T, gen):
    """n sequences of length T: inputs (n, T, 2), targets (n,), first marks (n,)."""
    values = torch.rand(n, T, generator=gen)
    first = torch.randint(0, T // 2, (n,), generator=gen)
    second = torch.randint(T // 2, T, (n,), generator=gen)
    markers = torch.zeros(n, T)
    rows = torch.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    inputs = torch.stack([values, markers], dim=2)
    targets = (values * markers).sum(dim=1)
    return inputs, targets, first


x, y, first = adding_batch(1, 10, torch.Generator().manual_seed(1))
print("values: ", [round(v, 2) for v in x[0, :, 0].tolist()])
print("markers:", [int(m) for m in x[0, :, 1].tolist()])
print(f"target: {y.item():.2f} (first marked step: t = {first.item() + 1})")

# %% [markdown]
# ## Step 2: three models with the same interface
#
# `nn.RNN` is the vanilla RNN, $h^{(t)} = \tanh(W_h h^{(t-1)} + W_x x^{(t)} + b)$;
# `nn.LSTM` and `nn.GRU` are the gated cells of the chapters on the
# [LSTM](../../lstm/) and the [GRU](../../gru/). A linear layer reads the prediction
# off the last hidden state. The LSTM's forget-gate bias starts at 2, so that at first the
# forget gate is $\sigma(2) \approx 0.88$ and the cell state is mostly kept rather than
# mostly forgotten; [Jozefowicz et al. (2015)](../../#jozefowicz-2015) found that a
# positive forget-gate bias (they use 1) helps an LSTM learn long-range dependencies.
# (PyTorch orders the LSTM's biases as input, forget, cell, output gate, so the forget
# gate's are the second block of `HIDDEN` entries.)

# %%
class Regressor(nn.Module):
    def __init__(self, kind):
        super().__init__()
        cell = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[kind]
        self.rnn = cell(2, HIDDEN, batch_first=True)
        self.readout = nn.Linear(HIDDEN, 1)
        if kind == "LSTM":
            with torch.no_grad():
                self.rnn.bias_ih_l0[HIDDEN:2 * HIDDEN].fill_(2.0)
                self.rnn.bias_hh_l0[HIDDEN:2 * HIDDEN].fill_(0.0)

    def forward(self, inputs):
        hs, _ = self.rnn(inputs)          # hs[:, t] is h(t + 1)
        return self.readout(hs[:, -1]).squeeze(1)

# %% [markdown]
# ## Step 3: train one model on one length
#
# Every model gets the same budget: `STEPS` steps of Adam on fresh batches, with the
# gradient norm clipped at 1 (see the chapter on
# [exploding gradients](../../exploding-gradients/)). Afterwards we measure the mean
# squared error on 2000 held-out sequences.

# %%
def train(kind, T):
    torch.manual_seed(0)                  # same initial weights for every length
    model = Regressor(kind)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    gen = torch.Generator().manual_seed(T)
    for step in range(STEPS):
        inputs, targets, _ = adding_batch(BATCH, T, gen)
        loss = ((model(inputs) - targets) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    return model


def test_mse(model, T):
    inputs, targets, _ = adding_batch(2000, T, torch.Generator().manual_seed(10_000 + T))
    with torch.no_grad():
        return ((model(inputs) - targets) ** 2).mean().item()

# %% [markdown]
# ## Step 4: every model at every length
#
# Twelve training runs. The table lists each model's test MSE; compare it with the
# baseline $0.167$.

# %%
models = {}
mse = {kind: [] for kind in KINDS}
print("   T  " + "".join(f"{kind:>8}" for kind in KINDS))
for T in LENGTHS:
    for kind in KINDS:
        models[kind, T] = train(kind, T)
        mse[kind].append(test_mse(models[kind, T], T))
    print(f"{T:4d}  " + "".join(f"{mse[kind][-1]:8.4f}" for kind in KINDS))

# %% alt="Log-scale plot of the test mean squared error against the sequence length T for a vanilla RNN, an LSTM and a GRU, with a dashed line at the baseline 0.167 of always predicting the mean: the vanilla RNN's error climbs to the baseline as T grows, the gated cells stay far below it."
fig, ax = plt.subplots(figsize=(6, 3.4))
for kind, marker in zip(KINDS, "osD"):
    ax.plot(LENGTHS, mse[kind], marker=marker, label=kind)
ax.axhline(BASELINE, color="C7", linestyle="--",
           label="always predict 1 (0.167)")
ax.set_yscale("log")
ax.set_xlabel("sequence length T")
ax.set_ylabel("test mean squared error")
ax.set_xticks(LENGTHS)
ax.legend(fontsize=9)
plt.show()

# %% [markdown]
# Read the table and the plot: at the shortest length every model is far below the
# baseline, so the vanilla RNN can do the task when the first marked value is only a few
# steps back. As $T$ grows its error climbs to the baseline, which means it has learned
# nothing better than predicting the mean, while the LSTM and the GRU stay far below it.
# The three models have the same hidden size and the same training budget; what differs
# is the path the gradient takes back through time.
#
# ## Step 5: how much gradient reaches the first marked step?
#
# Take the three models trained at the longest length and ask how strongly their
# prediction depends on the input at each step: the size of
# $\partial \hat y / \partial x^{(t)}$. This is exactly what backpropagation sends to
# step $t$ per unit of error, since
# $\partial L / \partial x^{(t)} = 2 (\hat y - y)\, \partial \hat y / \partial x^{(t)}$.
# A network that solves the task must respond to the first marked value, at a step
# $t_1$ in the first half, as much as to recent inputs. We compare the gradient at $t_1$
# with the gradient at the last step $T$, averaged over 500 sequences.

# %%
T = LENGTHS[-1]
inputs, targets, first = adding_batch(500, T, torch.Generator().manual_seed(7))
rows = torch.arange(len(inputs))
grad_norms = {}   # mean |d y_hat / d x(t)| for t = 1 .. T
ratio = {}        # gradient at the first marked step / at the last step
for kind in KINDS:
    x = inputs.clone().requires_grad_(True)
    models[kind, T](x).sum().backward()    # each prediction depends on its own x
    per_step = x.grad.norm(dim=2)          # (sequences, T)
    grad_norms[kind] = per_step.mean(dim=0)
    at_first = per_step[rows, first].mean().item()
    at_last = per_step[:, -1].mean().item()
    ratio[kind] = at_first / at_last
    print(f"{kind:>4}: first marked step {at_first:.1e}, last step "
          f"{at_last:.1e}, ratio {ratio[kind]:.1e}")

# %% alt="Log-scale plot of the mean gradient size of the prediction with respect to the input at each step t, for the three models trained at the longest length: the vanilla RNN's gradient falls by orders of magnitude going back from the last step, while the LSTM's and the GRU's stay within a narrow band across the whole sequence."
fig, ax = plt.subplots(figsize=(6, 3.4))
steps = range(1, T + 1)
for kind in KINDS:
    ax.plot(steps, grad_norms[kind].tolist(), label=kind)
ax.axvspan(1, T // 2, color="C7", alpha=0.15,
           label="where the first mark lies")
ax.set_yscale("log")
ax.set_xlabel("step t")
ax.set_ylabel("mean ‖∂ŷ / ∂x(t)‖")
ax.legend(fontsize=9)
plt.show()

# %% [markdown]
# The vanilla RNN's prediction hardly depends on the first half of the sequence: the
# gradient it sends to the first marked step is orders of magnitude smaller than the one
# it sends to the last step, so training gets almost no signal telling it to remember
# that value. This is the vanishing gradient of the chapter on
# [vanishing gradients](../../vanishing-gradients/), measured in a trained network. The
# gated cells send the first marked step a gradient at least as large as the last step's
# (the ratio printed above is above 1): their additive, gated updates of the state let
# the gradient through.
#
# ## The numbers in one line
#
# The last cell prints the numbers this page's claims rest on, as one line of JSON. The
# site's test suite reads it from the built page and checks each claim, so a change that
# breaks the experiment fails the build's tests.

# %%
summary = {
    "lengths": LENGTHS,
    "baseline": round(BASELINE, 4),
    "mse": {kind: [round(v, 4) for v in mse[kind]] for kind in KINDS},
    "grad_ratio_first_over_last": {kind: float(f"{ratio[kind]:.2e}")
                                   for kind in KINDS},
}
print("LAB-SUMMARY " + json.dumps(summary, sort_keys=True))

# %% [markdown]
# ## Exercises
#
# 1. **Longer still.** Add $T = 160$ to `LENGTHS`. Does the LSTM still succeed within
#    `STEPS` steps? If not, how many steps does it need, and does the GRU need as many?
# 2. **No forget-gate bias.** Delete the two lines in `Regressor` that set the LSTM's
#    forget-gate bias and retrain at $T = 80$. Print the test MSE every 50 steps: does
#    the LSTM leave the baseline later, or not at all?
# 3. **Help the vanilla RNN.** Initialise the vanilla RNN's recurrent matrix $W_h$ to the
#    identity (`nn.init.eye_(model.rnn.weight_hh_l0)`) and use `nonlinearity="relu"`, as
#    Le, Jaitly & Hinton (2015) propose for their IRNN. How far does
#    that get the vanilla RNN at $T = 40$ and $T = 80$?
