"""Exercise 2 of the chapter "Encoder-decoder": the minimal time lag.

A one-way encoder reads T source digits at steps 1 to T; the decoder
then writes target digit t at step T + t, and target digit t copies
source digit t. Counts, for each t, how many steps lie between reading
the source digit and writing its copy, with the source read in order and
reversed: the mean is the same, the smallest drops from T to 1 (the
argument of Sutskever et al. 2014, section 3.3). Plain Python; run it
alone, it prints what the chapter shows under the exercise.
"""

T = 8


def lags(reverse):
    """Steps from reading source digit t to writing target digit t."""
    found = []
    for t in range(1, T + 1):
        read_at = T + 1 - t if reverse else t   # encoder step of digit t
        written_at = T + t                      # decoder step of digit t
        found.append(written_at - read_at)
    return found


for reverse in (False, True):
    found = lags(reverse)
    name = "reversed" if reverse else "in order"
    print(f"source {name:9} lags {found}  mean {sum(found) / T:.1f}, "
          f"smallest {min(found)}")

assert lags(False) == [T] * T
assert lags(True) == [2 * t - 1 for t in range(1, T + 1)]
assert sum(lags(True)) == sum(lags(False))
