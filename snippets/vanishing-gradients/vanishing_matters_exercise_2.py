"""Exercise 2 of "Why vanishing gradients matter": near terms of a geometric sum.

If the term of the gradient for the use of W_h k steps back has size r^k
(a constant factor r per step), the 10 nearest of T terms make up
(1 - r^10) / (1 - r^T) of the summed sizes. The script evaluates that share
for T = 60 and a few r, checks it against the sum itself, and finds how close
to 1 r must be before the 10 nearest terms make up less than half.

Run: python vanishing_matters_exercise_2.py   (standard library; instant)
"""
import json

T, near = 60, 10


def share_of_near(r):
    """(r^0 + ... + r^(near-1)) / (r^0 + ... + r^(T-1)), in closed form."""
    return (1 - r**near) / (1 - r**T)


print("   r    share of the 10 nearest of 60 terms")
shares = {}
for r in (0.5, 0.9, 0.95, 0.99):
    shares[r] = share_of_near(r)
    assert abs(shares[r] - sum(r**k for k in range(near)) / sum(r**k for k in range(T))) < 1e-12
    print(f"{r:5.2f} {shares[r]:12.1%}")

# the smallest r, in steps of 0.001, at which the 10 nearest terms make up less than half
r_half = next(r / 1000 for r in range(500, 1000) if share_of_near(r / 1000) < 0.5)
print(f"the 10 nearest terms fall below half of the sum once r >= {r_half:.3f}")

# Not shown on the page: the values the page quotes, recorded for the site's build.
with open("vanishing_matters_exercise_2.results.json", "w") as f:
    json.dump({"T": T, "near": near, "r_half": r_half,
               **{f"r_{r:g}".replace(".", "_"): share for r, share in shares.items()}},
              f, indent=1, sort_keys=True)
