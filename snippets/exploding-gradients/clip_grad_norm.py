"""Gradient clipping by global norm, from scratch, checked against torch.

Writes clip_grad_norm(parameters, max_norm, error_if_nonfinite=False), which
rescales all gradients together when their global norm exceeds max_norm,
and checks on a small nn.RNN + nn.Linear model that it returns the same
total norm and leaves the same gradients as torch.nn.utils.clip_grad_norm_
(to float32 rounding; the norms are printed to a precision that does not
depend on the CPU's rounding). Then shows the traps of the torch function:
one NaN entry makes every gradient NaN; one inf entry zeroes every finite
gradient and turns itself into NaN; one finite entry whose square overflows
float32 zeroes every gradient; a negative max_norm flips every sign. Last,
checks without printing that our function refuses a max_norm that is not
positive, and a non-finite norm when error_if_nonfinite=True, before
touching any gradient.

Run: python clip_grad_norm.py   (torch; about 2 s)
"""
# --8<-- [start:imports]
import math

import torch
from torch import nn

torch.manual_seed(0)
# --8<-- [end:imports]


# --8<-- [start:clip]
def clip_grad_norm(parameters, max_norm, error_if_nonfinite=False):
    """Scale all gradients by one factor so their global norm <= max_norm.

    Returns the global norm before clipping, like torch's version.
    """
    grads = [p.grad for p in parameters if p.grad is not None]
    if not max_norm > 0:  # also catches NaN
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    # the global norm: the norm of all entries of all gradients, which
    # is the norm of the vector of per-tensor norms
    per_tensor = torch.stack([torch.linalg.vector_norm(g) for g in grads])
    total_norm = torch.linalg.vector_norm(per_tensor)
    if error_if_nonfinite and not torch.isfinite(total_norm):
        raise ValueError(f"the total gradient norm is {total_norm.item()};"
                         " gradients left unclipped")
    coef = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    for g in grads:
        g.mul_(coef)  # in place: the optimizer reads p.grad
    return total_norm
# --8<-- [end:clip]


# --8<-- [start:model]
class TinyRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(input_size=3, hidden_size=16, batch_first=True)
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        states, _ = self.rnn(x)
        return self.out(states[:, -1])


def fresh_gradients(model, scale=3.0):
    """Backprop a loss with a large gradient: big W_h, big target."""
    torch.manual_seed(1)
    with torch.no_grad():
        model.rnn.weight_hh_l0.mul_(scale)
    x = torch.randn(4, 30, 3)
    loss = ((model(x) - 100.0) ** 2).mean()
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        model.rnn.weight_hh_l0.div_(scale)


def grads_of(model):
    return [p.grad.clone() for p in model.parameters()]
# --8<-- [end:model]


# --8<-- [start:compare]
TOLERANCE = 1e-6  # float32 rounding, relative to the norm (1 once clipped)
model = TinyRNN()
fresh_gradients(model)
before = grads_of(model)
print("per-tensor gradient norms:",
      " ".join(f"{g.norm():.0f}" for g in before))

ours = clip_grad_norm(model.parameters(), max_norm=1.0)
ours_grads = grads_of(model)
for p, g in zip(model.parameters(), before):
    p.grad = g.clone()  # put the unclipped gradients back
theirs = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)

diff = max((a - p.grad).abs().max().item()
           for a, p in zip(ours_grads, model.parameters()))
after = math.sqrt(sum(g.norm().item() ** 2 for g in ours_grads))
print(f"total norm returned: ours {ours:.0f}, torch {theirs:.0f}")
print(f"global norm after clipping: {after:.5f}")
print(f"largest difference between the clipped gradients"
      f" < {TOLERANCE:.0e}: {diff < TOLERANCE}")
assert abs(ours - theirs) <= TOLERANCE * theirs
assert diff < TOLERANCE
print("OK: same total norm, same clipped gradients")
# --8<-- [end:compare]

# --8<-- [start:traps]
def count(test):
    """How many gradient entries pass test, of how many."""
    return (sum(test(p.grad).sum().item() for p in model.parameters()),
            sum(p.grad.numel() for p in model.parameters()))


fresh_gradients(model)
model.out.bias.grad[0] = float("nan")  # one bad number in one tensor
total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
n_nan, n_all = count(torch.isnan)
print(f"torch, one NaN entry: total norm {total.item()},"
      f" {n_nan} of {n_all} gradient entries are now NaN")

fresh_gradients(model)
model.out.bias.grad[0] = float("inf")  # one overflowed number
total_inf = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
inf_zero, _ = count(lambda g: g == 0)
inf_nan, _ = count(torch.isnan)
print(f"torch, one inf entry: total norm {total_inf.item()},"
      f" {inf_zero} of {n_all} entries are now 0 and {inf_nan} NaN")

fresh_gradients(model)
model.out.bias.grad[0] = 1e20  # finite, but its square overflows float32
total_big = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
big_zero, _ = count(lambda g: g == 0)
big_nan, _ = count(torch.isnan)
print(f"torch, one entry 1e20: total norm {total_big.item()},"
      f" {big_zero} of {n_all} entries are now 0 and {big_nan} NaN")

fresh_gradients(model)
g = model.out.weight.grad.clone()
nn.utils.clip_grad_norm_(model.parameters(), max_norm=-1.0)
flipped = (torch.sign(model.out.weight.grad) == -torch.sign(g)).all()
print(f"torch, max_norm=-1: every sign flipped? {flipped.item()}")
# --8<-- [end:traps]

# --8<-- [start:refuse]
# Not shown on the page: our function refuses bad input before touching
# any gradient (a ValueError for each case, checked here without printing).
for max_norm, nonfinite, bad in [(0.0, False, False),
                                 (-1.0, False, False),
                                 (1.0, True, True)]:
    fresh_gradients(model)
    if bad:
        model.out.bias.grad[0] = float("inf")
    before = grads_of(model)
    try:
        clip_grad_norm(model.parameters(), max_norm, nonfinite)
    except ValueError as error:
        message = str(error)
    else:
        raise AssertionError("clip_grad_norm accepted bad input")
    untouched = all(torch.equal(a, p.grad) for a, p
                    in zip(before, model.parameters()))
    assert untouched and ("max_norm" in message or "norm is" in message)
# --8<-- [end:refuse]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("clip_grad_norm.results.json", "w") as f:
    json.dump({"compare": {"max_norm": 1.0, "total_norm_ours": ours.item(),
                           "total_norm_torch": theirs.item(),
                           "norm_after": after, "max_difference": diff,
                           "tolerance": TOLERANCE},
               "nan_trap": {"total_norm_finite": bool(math.isfinite(total.item())),
                            "nan_entries": int(n_nan), "entries": int(n_all)},
               "inf_trap": {"total_norm_infinite": bool(math.isinf(total_inf.item())),
                            "zero_entries": int(inf_zero), "nan_entries": int(inf_nan),
                            "entries": int(n_all)},
               "overflow_trap": {"entry": 1e20,
                                 "total_norm_infinite": bool(math.isinf(total_big.item())),
                                 "zero_entries": int(big_zero), "nan_entries": int(big_nan),
                                 "entries": int(n_all)},
               "negative_trap": {"every_sign_flipped": bool(flipped.item())}},
              f, indent=1, sort_keys=True)
