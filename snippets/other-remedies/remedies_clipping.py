"""Gradient clipping in practice: a threshold from observed norms, a log of the
norm, mixed precision with a gradient scaler, and gradient accumulation.

The model is a tanh RNN (hidden size 32, orthogonal W_h) that reads a bit at
step 1 and must say it after 30 steps of noise. For 3 seeds (a seed fixes the
weights and the batches) it trains 20 warm-up steps without clipping,
recording the gradient norm, sets the threshold c to the mean of those norms
(a simple form of Pascanu et al. 2013's heuristic), then trains 60 more steps clipping to c and
logging the norm clip_grad_norm_ returns (figure: remedies_clipping.svg).

Then one batch split into 4 micro-batches: accumulating their gradients and
clipping once gives the gradient of the whole batch, clipped; clipping every
micro-batch does not. And seed 0 again under mixed precision on the CPU:
autocast to float16 and torch.amp.GradScaler("cpu"), started at a scale of
2**24 to show it skipping steps and backing off, the gradients unscaled
before they are clipped.

Run: python remedies_clipping.py   (torch, matplotlib; about 6 s)
"""
# --8<-- [start:imports]
import math
import statistics

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:model]
n, T, B = 32, 30, 32
WARMUP, STEPS, SEEDS = 20, 80, range(3)


class BitRecall(nn.Module):
    """A tanh RNN with an orthogonal W_h, read at the last step."""

    def __init__(self, seed):
        super().__init__()
        torch.manual_seed(seed)
        self.rnn = nn.RNN(3, n, batch_first=True)
        self.out = nn.Linear(n, 2)
        with torch.no_grad():
            nn.init.orthogonal_(self.rnn.weight_hh_l0)

    def forward(self, xs):
        states, _ = self.rnn(xs)
        return self.out(states[:, -1])


def bit_batch(size, generator):
    """A bit at step 1, then T - 1 steps of noise; the target is the bit."""
    bit = torch.randint(0, 2, (size,), generator=generator)
    xs = torch.zeros(size, T, 3)
    xs[:, 0, :2] = nn.functional.one_hot(bit, 2).float()
    xs[:, 1:, 2] = 0.25 * torch.randn(size, T - 1, generator=generator)
    return xs, bit
# --8<-- [end:model]


# --8<-- [start:train]
def train(seed):
    net = BitRecall(seed)
    opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.9)
    data = torch.Generator().manual_seed(seed)
    norms, max_norm = [], None
    for step in range(STEPS):
        xs, bit = bit_batch(B, data)
        loss = nn.functional.cross_entropy(net(xs), bit)
        opt.zero_grad()
        loss.backward()
        if step < WARMUP:          # watch the norm, change nothing
            grads = [p.grad for p in net.parameters()]
            norm = nn.utils.get_total_norm(grads)
        else:                      # clip; the norm returned is before
            if max_norm is None:   # clipping: log it
                max_norm = statistics.mean(norms)
            norm = nn.utils.clip_grad_norm_(net.parameters(), max_norm)
        norms.append(norm.item())
        opt.step()                 # after clipping, never before
    return net, norms, max_norm
# --8<-- [end:train]


# --8<-- [start:run]
test_xs, test_bit = bit_batch(1000, torch.Generator().manual_seed(2000))


def accuracy(net):
    with torch.no_grad():
        return (net(test_xs).argmax(1) == test_bit).float().mean().item()


runs = [train(seed) for seed in SEEDS]
print(f"threshold c = mean norm of the first {WARMUP} steps; then clipped")
for seed, (net, norms, c) in zip(SEEDS, runs):
    above = sum(v > c for v in norms[WARMUP:])
    print(f"  seed {seed}: c = {c:.2f}, largest norm {max(norms):.2f};"
          f" clipped {above} of {STEPS - WARMUP} steps;"
          f" accuracy {accuracy(net):.2f}")
# --8<-- [end:run]


# --8<-- [start:accumulate]
def clipped_gradient(model, micro_batches, max_norm, clip_each=False):
    """Accumulate the mean loss of a batch over its micro-batches."""
    model.zero_grad()
    for xs, bit in micro_batches:
        loss = nn.functional.cross_entropy(model(xs), bit)
        (loss / len(micro_batches)).backward()   # grads add up
        if clip_each:                            # the wrong place
            nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    if not clip_each:        # once, after the last micro-batch
        nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    return torch.cat([p.grad.flatten() for p in model.parameters()])


model, max_norm = BitRecall(0), 0.1
xs, bit = bit_batch(B, torch.Generator().manual_seed(3))
whole = clipped_gradient(model, [(xs, bit)], max_norm)
parts = list(zip(xs.split(8), bit.split(8)))   # 4 micro-batches of 8
once = clipped_gradient(model, parts, max_norm)
each = clipped_gradient(model, parts, max_norm, clip_each=True)
gap_once = ((once - whole).norm() / whole.norm()).item()
gap_each = ((each - whole).norm() / whole.norm()).item()
print("4 micro-batches against the whole batch, clipped: relative gap")
print("  clip once, after the last backward:",
      "below 1e-5" if gap_once < 1e-5 else f"{gap_once:.1e}")
print(f"  clip after every micro-batch:       {gap_each:.2f}")
# --8<-- [end:accumulate]

# --8<-- [start:amp]
def train_mixed_precision(seed, max_norm, init_scale):
    net = BitRecall(seed)
    opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.9)
    scaler = torch.amp.GradScaler("cpu", init_scale=init_scale)
    data = torch.Generator().manual_seed(seed)
    log = []
    for _ in range(STEPS):
        xs, bit = bit_batch(B, data)
        with torch.amp.autocast("cpu", dtype=torch.float16):
            loss = nn.functional.cross_entropy(net(xs), bit)
        opt.zero_grad()
        scaler.scale(loss).backward()   # gradients times the scale
        scaled = nn.utils.get_total_norm(
            [p.grad for p in net.parameters()])
        scaler.unscale_(opt)            # divide them by it, in place
        norm = nn.utils.clip_grad_norm_(net.parameters(), max_norm)
        scaler.step(opt)                # skipped if norm is inf or NaN
        log.append((scaled.item(), norm.item(), scaler.get_scale()))
        scaler.update()                 # halve the scale after a skip
    return net, log


# start the scale high (the default is 2**16) to watch it back off
net16, log = train_mixed_precision(0, runs[0][2], init_scale=2.0 ** 24)
finite = [torch.isfinite(torch.tensor(norm)).item() for _, norm, _ in log]
skipped = [step + 1 for step, ok in enumerate(finite) if not ok]
first = finite.index(True)
scaled, norm, scale = log[first]
print(f"float16 autocast: steps skipped (norm inf or NaN): {skipped}")
print(f"  scale 2**24 at the start, 2**{math.log2(log[-1][2]):.0f} at the end;"
      f" accuracy {accuracy(net16):.2f}")
print(f"  step {first + 1}: scaled norm {scaled:.4g} = 2**{math.log2(scale):.0f}"
      f" x unscaled norm {norm:.4g}")
# --8<-- [end:amp]


# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for seed, (_, norms, c) in zip(SEEDS, runs):
    line, = ax.plot(range(1, STEPS + 1), norms, linewidth=1,
                    label=f"seed {seed}")
    ax.hlines(c, WARMUP + 1, STEPS, color=line.get_color(),
              linestyle="--", linewidth=1)
ax.plot([], [], color="0.5", linestyle="--", linewidth=1,
        label="its threshold c")     # one legend entry for the dashes
ax.axvspan(0.5, WARMUP + 0.5, color="0.5", alpha=0.15, linewidth=0)
ax.text(2, 0.03, "warm-up:\nno clipping", fontsize=9,
        transform=ax.get_xaxis_transform())  # x in steps, y in axes
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("gradient norm before clipping")
fig.legend(loc="outside upper center", ncol=len(SEEDS) + 1)
plt.savefig("remedies_clipping.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with torch.amp.autocast("cpu", dtype=torch.float16):  # what autocast computes in, and what it leaves alone
    states_dtype = str(net16.rnn(test_xs[:2])[0].dtype)
with torch.amp.autocast("cpu"):  # CPU autocast without a dtype: its default
    default_states_dtype = str(net16.rnn(test_xs[:2])[0].dtype)
record = {"n": n, "T": T, "batch": B, "warmup": WARMUP, "steps": STEPS, "seeds": len(SEEDS), "lr": 0.02,
          "steps_after_warmup": STEPS - WARMUP,
          "per_seed": []}
for seed, (net, norms, c) in zip(SEEDS, runs):
    record["per_seed"].append({
        "threshold": c, "warmup_mean": statistics.mean(norms[:WARMUP]), "norms": norms,
        "largest_norm": max(norms), "largest_norm_after_warmup": max(norms[WARMUP:]),
        "smallest_norm_after_warmup": min(norms[WARMUP:]),
        "clipped_steps": sum(v > c for v in norms[WARMUP:]), "accuracy": accuracy(net)})
thresholds = [r["threshold"] for r in record["per_seed"]]
clipped = [r["clipped_steps"] for r in record["per_seed"]]
record.update(threshold_range=[min(thresholds), max(thresholds)], clipped_range=[min(clipped), max(clipped)],
              # the smallest and largest warm-up norm over all the seeds
              warmup_range=[min(min(r["norms"][:WARMUP]) for r in record["per_seed"]),
                            max(max(r["norms"][:WARMUP]) for r in record["per_seed"])],
              accuracy_range=[min(r["accuracy"] for r in record["per_seed"]),
                              max(r["accuracy"] for r in record["per_seed"])])
record["amp"] = {"dtype": "float16", "states_dtype": states_dtype, "torch_version": torch.__version__,
                 "parameter_dtype": str(net16.rnn.weight_hh_l0.dtype),
                 # the gradients of the last step, and CPU autocast's default dtype (and the states it gives)
                 "gradient_dtypes": sorted({str(p.grad.dtype) for p in net16.parameters()}),
                 "cpu_default_dtype": str(torch.get_autocast_dtype("cpu")), "default_states_dtype": default_states_dtype,
                 "init_scale_exponent": 24, "skipped_steps": skipped, "first_finite_step": first + 1,
                 # the steps skipped before the first finite one, and those skipped after it
                 "skipped_at_start": first, "skipped_later": len(skipped) - first,
                 "final_scale_exponent": math.log2(log[-1][2]), "scale_exponent_at_first_finite": math.log2(scale),
                 "scaled_norm": scaled, "unscaled_norm": norm, "scaled_over_unscaled": scaled / norm,
                 "scales": [s for _, _, s in log], "norms": [v if math.isfinite(v) else None for _, v, _ in log],
                 "accuracy": accuracy(net16)}
model.zero_grad()  # the whole batch's gradient norm before clipping: above max_norm, so clipping acts
nn.functional.cross_entropy(model(xs), bit).backward()
whole_norm = nn.utils.get_total_norm([p.grad for p in model.parameters()]).item()
record["accumulation"] = {"micro_batches": len(parts), "micro_batch_size": 8, "max_norm": max_norm,
                          "tolerance": 1e-5, "gap_clip_once": gap_once, "gap_clip_each": gap_each,
                          "whole_batch_norm_before": whole_norm}
with open("remedies_clipping.results.json", "w") as f:
    json.dump(record, f, indent=1, sort_keys=True)
