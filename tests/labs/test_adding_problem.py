"""What the adding-problem lab (docs/labs/adding_problem.py) says, checked on its LAB-SUMMARY.

Every value comes once per seed; each claim of the page is worded for all its seeds, and is
checked for every one of them.
"""

from __future__ import annotations

import pytest

GATED = ("LSTM", "GRU")


@pytest.fixture(scope="module")
def numbers(lab):
    return lab("adding_problem")


def per_seed(numbers, kind, length_index):
    """{seed: test MSE} of one model at one of the lab's lengths."""
    return dict(zip(numbers["seeds"], numbers["mse"][kind][length_index]))


def test_the_lab_repeats_every_run_with_five_seeds(numbers):
    assert len(numbers["seeds"]) == 5 and len(set(numbers["seeds"])) == 5, \
        f"adding_problem: seeds {numbers['seeds']}; the page says every run is repeated with five seeds"
    for kind, by_length in numbers["mse"].items():
        assert [len(values) for values in by_length] == [5] * len(numbers["lengths"]), \
            f"adding_problem: {kind} has MSEs {by_length}; the page says one per seed at every length"
    for kind, ratios in numbers["grad_ratio_first_over_last"].items():
        assert len(ratios) == 5, f"adding_problem: {kind} has gradient ratios {ratios}; the page says one per seed"


def test_every_run_ends_well_below_the_baseline_at_the_short_length(numbers):
    for kind in numbers["mse"]:
        high = {seed: mse for seed, mse in per_seed(numbers, kind, 0).items() if mse >= numbers["baseline"] / 3}
        assert not high, (f"adding_problem: at T = {numbers['lengths'][0]} the {kind} has MSE {high} (by seed); "
                          f"the page says every run of every model, in all five seeds, ends well below the baseline")


def test_the_vanilla_rnn_is_higher_than_the_gated_cells_at_the_short_length_in_every_seed(numbers):
    rnn = per_seed(numbers, "RNN", 0)
    for kind in GATED:
        gated = per_seed(numbers, kind, 0)
        not_higher = {seed: (rnn[seed], gated[seed]) for seed in rnn if rnn[seed] <= gated[seed]}
        assert not not_higher, (f"adding_problem: at T = {numbers['lengths'][0]} (RNN, {kind}) MSEs {not_higher} "
                                f"by seed; the page says the vanilla RNN's error is higher than the gated cells'")


def test_every_vanilla_rnn_run_sits_at_the_baseline_at_the_long_length(numbers):
    off = {seed: mse for seed, mse in per_seed(numbers, "RNN", -1).items()
           if not 0.9 * numbers["baseline"] < mse < 1.1 * numbers["baseline"]}
    assert not off, (f"adding_problem: at T = {numbers['lengths'][-1]} the vanilla RNN has MSE {off} (by seed), not "
                     f"within 10% of the baseline {numbers['baseline']}; the page says all five runs sit at the baseline")


def test_every_gated_run_stays_far_below_the_baseline_at_the_long_length(numbers):
    for kind in GATED:
        high = {seed: mse for seed, mse in per_seed(numbers, kind, -1).items() if mse >= numbers["baseline"] / 10}
        assert not high, (f"adding_problem: at T = {numbers['lengths'][-1]} the {kind} has MSE {high} (by seed); "
                          f"the page says every {kind} run stays far below the baseline (under a tenth of it)")


def test_in_every_seed_the_vanilla_rnns_gradient_to_the_first_mark_is_orders_of_magnitude_smaller(numbers):
    ratios = dict(zip(numbers["seeds"], numbers["grad_ratio_first_over_last"]["RNN"]))
    large = {seed: r for seed, r in ratios.items() if r >= 1e-2}
    assert not large, (f"adding_problem: vanilla RNN gradient ratios (first mark / last step) {large} by seed; "
                       f"the page says orders of magnitude below 1 in every seed")


def test_in_every_seed_the_gated_cells_send_the_first_mark_several_times_the_last_steps_gradient(numbers):
    for kind in GATED:
        ratios = dict(zip(numbers["seeds"], numbers["grad_ratio_first_over_last"][kind]))
        small = {seed: r for seed, r in ratios.items() if r <= 3}
        assert not small, (f"adding_problem: {kind} gradient ratios (first mark / last step) {small} by seed; "
                           f"the page says above 3 in every seed")


def test_remembering_only_the_second_value_halves_the_baseline(numbers):
    assert abs(numbers["second_only"] - 1 / 12) < 1e-4 and abs(numbers["baseline"] - 2 * numbers["second_only"]) < 1e-3, \
        (f"adding_problem: second-value-only level {numbers['second_only']}, baseline {numbers['baseline']}; the page "
         f"says predicting v2 + 1/2 leaves the variance of one uniform value, 1/12, half the baseline")


def test_every_vanilla_rnn_run_fails_even_the_second_value_only_level_at_the_long_length(numbers):
    below = {seed: mse for seed, mse in per_seed(numbers, "RNN", -1).items() if mse <= numbers["second_only"]}
    assert not below, (f"adding_problem: at T = {numbers['lengths'][-1]} the vanilla RNN has MSE {below} (by seed); the "
                       f"page says every run fails even the level {numbers['second_only']} of remembering only v2")


def test_every_run_at_the_short_length_is_below_the_second_value_only_level(numbers):
    for kind in numbers["mse"]:
        high = {seed: mse for seed, mse in per_seed(numbers, kind, 0).items() if mse >= numbers["second_only"]}
        assert not high, (f"adding_problem: at T = {numbers['lengths'][0]} the {kind} has MSE {high} (by seed); the page "
                          f"says every run is below the second-value-only level {numbers['second_only']}")


def test_the_gated_cells_mean_gradient_varies_by_less_than_four_along_the_sequence(numbers):
    for kind in GATED:
        spread = dict(zip(numbers["seeds"], numbers["grad_line_max_over_min"][kind]))
        wide = {seed: s for seed, s in spread.items() if s >= 4}
        assert not wide, (f"adding_problem: {kind} mean gradient largest / smallest step {wide} by seed; the page says "
                          f"less than a factor of four in every seed")


def test_the_vanilla_rnns_mean_gradient_spans_more_than_three_orders_of_magnitude(numbers):
    spread = dict(zip(numbers["seeds"], numbers["grad_line_max_over_min"]["RNN"]))
    narrow = {seed: s for seed, s in spread.items() if s <= 1e3}
    assert not narrow, (f"adding_problem: vanilla RNN mean gradient largest / smallest step {narrow} by seed; the page "
                        f"says more than three orders of magnitude in every seed")


# --- The exercises' solutions -----------------------------------------------------------------


def test_exercise_1_the_vanilla_rnn_gives_up_step_by_step(numbers):
    found = dict(zip(numbers["exercise_1"]["lengths"], numbers["exercise_1"]["mse"]))
    base = numbers["baseline"]
    ordered = [found[length] for length in sorted(found)]
    assert all(a < b for a, b in zip(ordered, ordered[1:])), (
        f"adding_problem, exercise 1: vanilla RNN MSE by length {found}; the solution says the error rises with "
        "every length")
    # measured 0.39, 0.40, 0.57 and 0.60 in four result sets (kernel sets and hosts): "roughly" the 0.5 level
    assert 0.3 < found[15] / base < 0.7, (
        f"adding_problem, exercise 1: at T = 15 the vanilla RNN has {found[15] / base:.2f} of the baseline; the "
        "solution says it beats the baseline by a wide margin, roughly at the second-value-only level (0.5)")
    assert 0.75 < found[20] / base < 0.95 and 0.9 < found[25] / base < 1.1, (
        f"adding_problem, exercise 1: {found[20] / base:.2f} and {found[25] / base:.2f} of the baseline at T = 20, "
        "25; the solution says most of the way to the baseline, then at the baseline")
    not_above = [length for length in sorted(found) if length >= 20 and found[length] <= numbers["second_only"]]
    assert not not_above, (
        f"adding_problem, exercise 1: at T = {not_above} the vanilla RNN is at or below the second-value-only "
        f"level {numbers['second_only']}; the solution says from T = 20 on it has not even learned the second value")
    assert found[10] == numbers["mse"]["RNN"][0][0] and found[30] == numbers["mse"]["RNN"][-1][0], (
        "adding_problem, exercise 1: the short and long lengths must be Step 4's seed-0 vanilla RNN")


def test_exercise_2_a_smaller_forget_bias_delays_learning_but_does_not_prevent_it(numbers):
    found = numbers["exercise_2"]
    steps, base = found["steps"], numbers["baseline"]
    # "leaves the baseline": the first checkpoint more than a tenth below it
    left = {name: next((step for step, m in zip(steps, curve) if m < 0.9 * base), None)
            for name, curve in found["mse"].items()}
    assert None not in left.values(), (f"adding_problem, exercise 2: first step more than a tenth below the baseline "
                                       f"{left}; the solution says every bias leaves the baseline within the budget")
    before = [row for row, step in enumerate(steps) if step < left["3"]]
    at_baseline = all(0.9 * base < curve[row] < 1.1 * base for curve in found["mse"].values() for row in before)
    assert len(before) >= 2 and at_baseline, (
        f"adding_problem, exercise 2: {found['mse']}, baseline {base}; the solution says all three sit within a "
        "tenth of the baseline for the first checkpoints (every one before bias 3 leaves it)")
    step_gap = steps[1] - steps[0]
    assert all(left["3"] + step_gap <= left[name] <= left["3"] + 2 * step_gap for name in ("1", "PyTorch")), (
        f"adding_problem, exercise 2: first step more than a tenth below the baseline {left}; the solution says bias 3 "
        "leaves it first, bias 1 and PyTorch's initialisation one or two checkpoints later")
    final = {name: curve[-1] for name, curve in found["mse"].items()}
    assert final["3"] < min(final["1"], final["PyTorch"]) and max(final.values()) < base / 10, (
        f"adding_problem, exercise 2: final MSEs {final}; the solution says the smaller biases end higher, all far "
        "below the baseline")
    assert final["3"] == numbers["mse"]["LSTM"][-1][0], (
        f"adding_problem, exercise 2: bias 3 ends at {final['3']}, Step 4's seed-0 LSTM at "
        f"{numbers['mse']['LSTM'][-1][0]}; the solution says it is the same model retrained")


def test_exercise_3_the_irnn_gets_the_vanilla_rnn_most_of_the_way(numbers):
    found = numbers["exercise_3"]
    for seed, irnn in zip(found["seeds"], found["irnn_mse"]):
        gated = {kind: numbers["mse"][kind][-1][seed] for kind in GATED}
        assert irnn < numbers["baseline"] / 4 and gated["GRU"] < irnn and gated["LSTM"] <= irnn, (
            f"adding_problem, exercise 3: seed {seed}: IRNN {irnn}, gated cells {gated}; the solution says the IRNN "
            "ends under a quarter of the baseline, the GRU of the same seed lower, the LSTM lower or level with it")
