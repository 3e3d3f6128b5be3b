# %% [markdown]
# # Lab: watch a gradient vanish
#
# In this lab you build a small tanh RNN, give its recurrent matrix a spectral radius of
# your choice, and measure how much of a gradient survives the trip back from step $T$ to
# step $T-k$. Nothing is trained: the point is to see the decay with your own numbers.
#
# The RNN is
#
# $$
# h^{(t)} = \tanh\left(z^{(t)}\right), \qquad z^{(t)} = W_h h^{(t-1)} + W_x x^{(t)} + b ,
# $$
#
# and the chapter [Why gradients vanish (and explode)](../../vanishing-gradients/) shows that
# the Jacobian from step $T-k$ to step $T$ is a product of $k$ one-step Jacobians, the latest
# step on the left:
#
# $$
# \frac{\partial h^{(T)}}{\partial h^{(T-k)}} = \prod_{j=T}^{T-k+1} \operatorname{diag}\left(\tanh'(z^{(j)})\right) W_h .
# $$
#
# (The product runs from $j = T$ on the left down to $j = T-k+1$ on the right.) We measure
# its size with the spectral norm $\lVert\cdot\rVert$, the largest factor by which it can
# stretch a vector.

# %%
# %config InlineBackend.figure_formats = ["svg"]
# %config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
# %matplotlib inline

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

rng = np.random.default_rng(0)
torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"   # the same SVG bytes on every run
for key in ("figure.facecolor", "axes.facecolor", "savefig.facecolor"):
    plt.rcParams[key] = "none"                 # transparent: the site's dark scheme inverts the figure

n, d, T = 32, 8, 60   # hidden size, input size, sequence length
K = 50                # the largest distance k we look at

# %% [markdown]
# ## Step 1: a recurrent matrix with a chosen spectral radius
#
# The spectral radius $\rho(W_h) = \max_i |\lambda_i|$ is the largest eigenvalue magnitude.
# Draw a random matrix, divide by its spectral radius, and multiply by the $\rho$ you want.

# %%
A = rng.normal(size=(n, n))
A /= np.abs(np.linalg.eigvals(A)).max()   # spectral radius exactly 1
W_x = 0.3 * rng.normal(size=(n, d)) / np.sqrt(d)
b = np.zeros(n)
xs = rng.normal(size=(T + 1, d))          # xs[t] is x(t)


def recurrent_matrix(rho):
    return rho * A


radius = np.abs(np.linalg.eigvals(recurrent_matrix(0.9))).max()
print(f"spectral radius of recurrent_matrix(0.9): {radius:.6f}")

# %% [markdown]
# ## Step 2: run the RNN and keep every pre-activation
#
# The one-step Jacobian $\partial h^{(j)} / \partial h^{(j-1)} = \operatorname{diag}(\tanh'(z^{(j)}))\,W_h$
# needs $z^{(j)}$, so keep all of them. Recall $\tanh'(z) = 1 - \tanh^2(z)$.

# %%
def run_rnn(W_h):
    """Return z(1), ..., z(T) as rows of an array: zs[t - 1] is z(t)."""
    h = np.zeros(n)
    zs = []
    for t in range(1, T + 1):
        z = W_h @ h + W_x @ xs[t] + b
        h = np.tanh(z)
        zs.append(z)
    return np.array(zs)

# %% [markdown]
# ## Step 3: multiply the Jacobians, one step further back at a time
#
# Going from distance $k-1$ to $k$ multiplies on the right by one more factor:
#
# $$
# \frac{\partial h^{(T)}}{\partial h^{(T-k)}} = \frac{\partial h^{(T)}}{\partial h^{(T-k+1)}}\;\operatorname{diag}\left(\tanh'(z^{(T-k+1)})\right) W_h .
# $$

# %%
def jacobian_norms(W_h):
    """Spectral norm of d h(T) / d h(T-k) for k = 1 .. K."""
    zs = run_rnn(W_h)
    product = np.eye(n)            # k = 0: d h(T) / d h(T) = I
    norms = []
    for k in range(1, K + 1):
        j = T - k + 1              # the step whose Jacobian joins in
        tanh_prime = 1 - np.tanh(zs[j - 1]) ** 2
        product = product @ (np.diag(tanh_prime) @ W_h)
        norms.append(np.linalg.norm(product, 2))
    return np.array(norms)


norms_09 = jacobian_norms(recurrent_matrix(0.9))
print(f"rho = 0.9: k = 10: {norms_09[9]:.2e}, k = 50: {norms_09[49]:.2e}")

# %% [markdown]
# ## Step 4: check against autograd
#
# Never trust a hand-written gradient you have not checked. Unroll the same RNN in torch,
# keep every $h^{(t)}$, and ask autograd for the rows of $\partial h^{(T)} / \partial h^{(T-k)}$:
# row $i$ is the gradient of the single number $h_i^{(T)}$ with respect to $h^{(T-k)}$.

# %%
k = 10
W_h = torch.tensor(recurrent_matrix(0.9))
hs = [torch.zeros(n, dtype=torch.float64, requires_grad=True)]
for t in range(1, T + 1):
    drive = torch.tensor(W_x @ xs[t] + b)     # W_x x(t) + b
    hs.append(torch.tanh(W_h @ hs[-1] + drive))
rows = [torch.autograd.grad(hs[T][i], hs[T - k], retain_graph=True)[0]
        for i in range(n)]
jacobian = torch.stack(rows)
by_autograd = torch.linalg.matrix_norm(jacobian, ord=2).item()
by_product = norms_09[k - 1]
print(f"k = {k}: product {by_product:.6e}; autograd {by_autograd:.6e}")
assert abs(by_autograd - by_product) < 1e-10 * by_autograd

# %% [markdown]
# ## Step 5: vary the spectral radius
#
# Now measure the decay for several spectral radii and plot it on a log scale, where
# exponential decay is a straight line.

# %% alt="Log-scale plot of the Jacobian norm against the distance k for a tanh RNN and five spectral radii: the norm falls fastest for radius 0.5, more slowly as the radius grows, and rises for radius 2.0." caption="Every line but the largest radius falls, the steeper the smaller the radius; only the largest radius makes the gradient grow."
radii = [0.5, 0.9, 1.0, 1.2, 2.0]
norms_by_radius = {rho: jacobian_norms(recurrent_matrix(rho)) for rho in radii}
fig, ax = plt.subplots(figsize=(6, 3.4))
for rho, norms in norms_by_radius.items():
    ax.plot(range(1, K + 1), norms, label=f"ρ(W_h) = {rho}")
ax.set_yscale("log")
ax.set_xlabel("distance k (steps)")
ax.set_ylabel("‖∂h(T) / ∂h(T−k)‖")
ax.legend(fontsize=9)
plt.show()

# %% [markdown]
# Read the plot: a straight line on a log scale means the norm shrinks by the same factor
# at every step, which is exponential decay. The tanh keeps $\lvert h \rvert < 1$ and its
# derivative is at most 1, so even a spectral radius above 1 need not make the gradient
# grow.

# %% [markdown]
# ## Exercises
#
# Each exercise has a solution below it, folded; try the exercise first.
#
# **1. Linear versus tanh.**
#
# Copy `run_rnn` and `jacobian_norms` and replace $\tanh$ by the identity (the one-step
# Jacobian becomes just $W_h$). Plot both versions for $\rho(W_h) = 1.2$. Which one
# explodes, and why does the other one not? Hint: print the mean of $1 - \tanh^2(z^{(t)})$
# over all steps and units.

# %% [markdown] tags=["solution"]
# Give both functions the activation as an argument: the identity has derivative 1, so the
# linear RNN's one-step Jacobian is $W_h$ itself and the product is $W_h^k$, whose norm grows
# like $1.2^k$. The tanh RNN multiplies every step by $\operatorname{diag}(\tanh'(z^{(j)}))$ as
# well. The mean of $\tanh'$ printed below is below $1/1.2 \approx 0.83$, and $1.2$ is the
# rate at which powers of $W_h$ grow in the long run ($\rho(W_h)$), so a typical step shrinks the
# gradient more than $W_h$ stretches it, and the tanh curve falls.

# %% tags=["solution"] alt="Log-scale plot of the Jacobian norm against the distance k for spectral radius 1.2: the linear RNN's line rises steadily, the tanh RNN's line falls." caption="At the same radius, the linear RNN explodes and the tanh RNN vanishes: the derivative of tanh shrinks every step."
def run_rnn_with(W_h, activation, W_x=W_x):
    """z(1), ..., z(T) of the RNN h(t) = activation(W_h h(t-1) + W_x x(t) + b)."""
    h = np.zeros(n)
    zs = []
    for t in range(1, T + 1):
        z = W_h @ h + W_x @ xs[t] + b
        h = activation(z)
        zs.append(z)
    return np.array(zs)


def jacobian_norms_with(W_h, activation, derivative, W_x=W_x):
    """Spectral norm of d h(T) / d h(T-k) for k = 1 .. K, for any activation."""
    zs = run_rnn_with(W_h, activation, W_x)
    product = np.eye(n)
    norms = []
    for k in range(1, K + 1):
        j = T - k + 1                                          # the step whose Jacobian joins in
        product = product @ (np.diag(derivative(zs[j - 1])) @ W_h)
        norms.append(np.linalg.norm(product, 2))
    return np.array(norms)


identity, one = (lambda z: z), (lambda z: np.ones_like(z))
tanh_prime = lambda z: 1 - np.tanh(z) ** 2
W_12 = recurrent_matrix(1.2)
linear_12 = jacobian_norms_with(W_12, identity, one)
tanh_12 = jacobian_norms_with(W_12, np.tanh, tanh_prime)
mean_tanh_prime = tanh_prime(run_rnn_with(W_12, np.tanh)).mean()
print(f"rho = 1.2, k = 50: linear {linear_12[49]:.2e}, tanh {tanh_12[49]:.2e}")
print(f"mean of 1 - tanh^2(z(t)) over all steps and units: {mean_tanh_prime:.3f}")

fig, ax = plt.subplots(figsize=(6, 3.4))
ax.plot(range(1, K + 1), linear_12, label="linear RNN")
ax.plot(range(1, K + 1), tanh_12, label="tanh RNN")
ax.set_yscale("log")
ax.set_xlabel("distance k (steps)")
ax.set_ylabel("‖∂h(T) / ∂h(T−k)‖")
ax.set_title("ρ(W_h) = 1.2")
ax.legend(fontsize=9)
plt.show()

# %% [markdown]
# **2. Louder inputs.**
#
# Multiply `W_x` by 5 and redo Step 5. The spectral radius did not change, yet the curves
# do. Explain the change using the figure of $\tanh'$ in the chapter
# ([a bound on each step](../../vanishing-gradients/#with-a-nonlinearity-a-bound-on-each-step)),
# and find (by trying) roughly which $\rho(W_h)$ now keeps
# $\lVert \partial h^{(T)} / \partial h^{(T-50)} \rVert$ above $10^{-2}$.

# %% [markdown] tags=["solution"]
# Louder inputs make the pre-activations $z^{(t)}$ larger, so more units sit in the flat
# tails of the tanh, where $\tanh'(z)$ is near 0: the mean of $\tanh'$ drops, and every
# step back shrinks the gradient more. The cell below tries radii from 0.5 to 3.0 with the
# louder inputs: on this grid every curve ends lower at $k = 50$ than with the original
# inputs, and the printout names the smallest radius whose norm at $k = 50$ is above
# $10^{-2}$. (Past it the norm does not rise steadily with the radius: with saturated units,
# which steps pass the gradient on depends on the radius too.)

# %% tags=["solution"]
loud_W_x = 5 * W_x
trial_radii = [round(0.5 + 0.1 * i, 1) for i in range(26)]   # 0.5, 0.6, ..., 3.0
at_50 = {}   # rho -> (norm at k = 50 with the louder inputs, with the original inputs)
for rho in trial_radii:
    W_rho = recurrent_matrix(rho)
    at_50[rho] = (jacobian_norms_with(W_rho, np.tanh, tanh_prime, loud_W_x)[K - 1],
                  jacobian_norms_with(W_rho, np.tanh, tanh_prime)[K - 1])
loud_mean = tanh_prime(run_rnn_with(W_12, np.tanh, loud_W_x)).mean()
print(f"rho = 1.2: mean tanh' {mean_tanh_prime:.3f} with the original inputs, {loud_mean:.3f} with the louder ones")
print("rho(W_h)  k = 50, louder inputs   k = 50, original inputs")
for rho in (1.0, 1.5, 2.0, 2.5, 3.0):
    print(f"{rho:8.1f} {at_50[rho][0]:20.2e} {at_50[rho][1]:24.2e}")
first_above = min(rho for rho in trial_radii if at_50[rho][0] > 1e-2)
print(f"smallest radius on the grid with norm > 1e-2 at k = 50 (louder inputs): {first_above}")

# %% [markdown]
# ## The numbers in one line
#
# The last code cell prints the numbers this page's claims rest on, as one line of JSON:
# the norm at a few distances for each spectral radius, how far autograd and the product of
# Jacobians disagree, and what the two solutions found. The site's test suite reads it from
# the built page and checks each claim.

# %%
import json

summary = {
    "radii": radii,
    "distances": [1, 10, 25, 50],
    "norms": {str(rho): [float(f"{norms[k - 1]:.3e}") for k in (1, 10, 25, 50)]
              for rho, norms in norms_by_radius.items()},
    "autograd_relative_gap": float(f"{abs(by_autograd - by_product) / by_autograd:.1e}"),
    "exercise_1": {"linear": [float(f"{linear_12[k - 1]:.3e}") for k in (1, 10, 25, 50)],
                   "tanh": [float(f"{tanh_12[k - 1]:.3e}") for k in (1, 10, 25, 50)],
                   "mean_tanh_prime": float(f"{mean_tanh_prime:.3f}")},
    "exercise_2": {"radii": trial_radii,
                   "loud_k50": [float(f"{at_50[rho][0]:.3e}") for rho in trial_radii],
                   "original_k50": [float(f"{at_50[rho][1]:.3e}") for rho in trial_radii],
                   "loud_mean_tanh_prime": float(f"{loud_mean:.3f}"),
                   "first_above_1e-2": first_above},
}
print("LAB-SUMMARY " + json.dumps(summary, sort_keys=True))

# %% [markdown]
# ## What next
#
# You have measured the decay; the next page,
# [Why vanishing gradients matter](../../vanishing-why-it-matters/), shows what it does to
# learning: the near steps swamp the far ones in every update, and a language model learns
# to lean on the last few words.
