"""What docs/exploding-gradients.md says in words, checked on the values its snippets recorded.

Snippets: snippets/exploding-gradients/exploding_cliff.py, clip_grad_norm.py,
clip_value_vs_norm.py and exploding_training.py. Their own asserts (ours == torch's clipping,
ValueError on bad input) are not repeated here. The traps of torch's clip_grad_norm_ (a NaN, an inf,
an entry whose square overflows, a negative max_norm) are checked one by one, as the page tells them apart.
"""

from __future__ import annotations

import math

import pytest


@pytest.fixture(scope="module")
def cliff(recorded):
    return recorded("exploding_cliff")


@pytest.fixture(scope="module")
def training(recorded):
    return recorded("exploding_training")


def outside(point, region):
    return not (region["w"][0] <= point["w"] <= region["w"][1] and region["b"][0] <= point["b"] <= region["b"][1])


def test_unclipped_descent_is_thrown_far_outside_the_plotted_region(cliff):
    jump, region = cliff["unclipped"]["jump_to"], cliff["region"]
    assert cliff["unclipped"]["largest_norm"] > 10 * cliff["clip_norm"] and outside(jump, region), (
        f"exploding_cliff.py: the largest unclipped gradient norm {cliff['unclipped']['largest_norm']:.3g} takes "
        f"(w, b) to ({jump['w']:.2f}, {jump['b']:.2f}); the page says an enormous gradient throws it far outside "
        f"the plotted region {region}")


def test_the_unclipped_run_ends_on_a_two_cycle_and_the_clipped_one_on_a_fixed_point(cliff):
    wild, calm = cliff["unclipped"]["end"], cliff["clipped"]["end"]
    assert abs(wild["h49"] - wild["h51"]) < 1e-3 and abs(wild["h50"] - wild["h49"]) > 0.5, (
        f"exploding_cliff.py: the unclipped end has h(49..51) = {wild['h49']}, {wild['h50']}, {wild['h51']}; the page "
        "says the state oscillates and hits the target only at even steps")
    assert abs(wild["h50"] - cliff["target"]) < 0.01
    assert max(calm["h49"], calm["h50"], calm["h51"]) - min(calm["h49"], calm["h50"], calm["h51"]) < 1e-3, (
        f"exploding_cliff.py: the clipped end has h(49..51) = {calm['h49']}, {calm['h50']}, {calm['h51']}; the page "
        "says it is a fixed point")


def test_clipped_steps_are_no_longer_than_alpha_times_c(cliff):
    assert cliff["clipped"]["longest_step"] <= cliff["lr"] * cliff["clip_norm"] * (1 + 1e-9), (
        f"exploding_cliff.py: the clipped descent's longest step is {cliff['clipped']['longest_step']}; the page "
        f"says no step is longer than alpha * c = {cliff['lr'] * cliff['clip_norm']}")


def test_clipped_descent_stays_in_the_region_and_ends_in_the_valley(cliff):
    end = cliff["clipped"]["end"]
    assert cliff["clipped"]["stays_in_region"] and not outside(end, cliff["region"]), (
        f"exploding_cliff.py: the clipped path leaves the plotted region or ends outside it at {end}; the page "
        "says it stays along the edge and ends in the valley")


def test_both_end_with_a_small_loss_in_very_different_places(cliff):
    a, b = cliff["unclipped"]["end"], cliff["clipped"]["end"]
    start_loss = cliff["start"]["loss"]
    assert max(a["loss"], b["loss"]) < 1e-3 * start_loss, (
        f"exploding_cliff.py: final losses {a['loss']:.3g} (unclipped) and {b['loss']:.3g} (clipped) against "
        f"{start_loss:.3g} at the start; the page says both end with a small loss")
    distance = math.hypot(a["w"] - b["w"], a["b"] - b["b"])
    assert distance > 1 and outside(a, cliff["region"]), (
        f"exploding_cliff.py: the two descents end {distance:.2f} apart, the unclipped one at {a}; the page says "
        "they end in very different places, the unclipped one in a region it reached by accident")


def test_clipping_leaves_a_global_norm_a_hair_below_the_threshold(recorded):
    compare = recorded("clip_grad_norm")["compare"]
    c, after = compare["max_norm"], compare["norm_after"]
    assert compare["total_norm_torch"] > c and c * (1 - 1e-5) <= after <= c * (1 + 1e-6), (
        f"clip_grad_norm.py: total norm {compare['total_norm_torch']:.4g} clipped to a global norm of {after!r}; the "
        f"page says the large gradient ends at a global norm of {c} (a hair below it, up to float32 rounding)")


def test_ours_and_torch_return_the_same_norm_and_the_same_clipped_gradients(recorded):
    compare = recorded("clip_grad_norm")["compare"]
    ours, theirs, bound = compare["total_norm_ours"], compare["total_norm_torch"], compare["tolerance"]
    assert 0 < bound <= 1e-6 and abs(ours - theirs) <= bound * theirs, (
        f"clip_grad_norm.py: total norms {ours!r} (ours) and {theirs!r} (torch); the page says they are the same, "
        f"to float32 rounding ({bound:.0e} relative)")
    assert 0 <= compare["max_difference"] < bound, (
        f"clip_grad_norm.py: the clipped gradients differ by {compare['max_difference']:.1e}; the page says by less "
        f"than {bound:.0e}")


def test_one_nan_spoils_every_gradient_and_a_negative_max_norm_flips_every_sign(recorded):
    values = recorded("clip_grad_norm")
    nan = values["nan_trap"]
    assert not nan["total_norm_finite"] and nan["nan_entries"] == nan["entries"], (
        f"clip_grad_norm.py: {nan['nan_entries']} of {nan['entries']} entries became NaN; the page says one NaN "
        "makes every gradient entry NaN")
    assert values["negative_trap"]["every_sign_flipped"], \
        "clip_grad_norm.py: max_norm=-1 did not flip every sign; the page says the step goes uphill"


def test_one_inf_zeroes_every_finite_gradient_and_becomes_nan_itself(recorded):
    inf = recorded("clip_grad_norm")["inf_trap"]
    assert inf["total_norm_infinite"] and inf["nan_entries"] == 1 and inf["zero_entries"] == inf["entries"] - 1, (
        f"clip_grad_norm.py: with one inf entry, {inf['zero_entries']} of {inf['entries']} entries became 0 and "
        f"{inf['nan_entries']} NaN (total norm infinite: {inf['total_norm_infinite']}); the page says the total norm is "
        "inf, every finite entry becomes 0 and only the inf entry becomes NaN, unlike the NaN case")


def test_a_finite_entry_whose_square_overflows_zeroes_every_gradient(recorded):
    big = recorded("clip_grad_norm")["overflow_trap"]
    assert math.isfinite(big["entry"]) and big["entry"] ** 2 > 3.4e38 and big["total_norm_infinite"], (
        f"clip_grad_norm.py: an entry of {big['entry']:g} gives an infinite total norm: {big['total_norm_infinite']}; "
        "the page says a finite entry whose square overflows float32 makes the total norm inf")
    assert big["zero_entries"] == big["entries"] and big["nan_entries"] == 0, (
        f"clip_grad_norm.py: {big['zero_entries']} of {big['entries']} entries became 0, {big['nan_entries']} NaN; "
        "the page says every entry becomes 0 and none NaN, so the step silently does nothing")


def test_clipping_by_value_turns_the_gradient_and_by_norm_does_not(recorded):
    values = recorded("clip_value_vs_norm")
    for key in ("2d", "big"):
        by_value, by_norm = values[key]["by_value"], values[key]["by_norm"]
        assert by_norm["angle_degrees"] < 1e-3 and math.isclose(by_norm["norm"], values["threshold"]), (
            f"clip_value_vs_norm.py: the {key} gradient clipped by norm turns by {by_norm['angle_degrees']} degrees "
            f"to norm {by_norm['norm']}; the page says 0 degrees, norm {values['threshold']}")
        assert by_value["angle_degrees"] > 10, (
            f"clip_value_vs_norm.py: clipping the {key} gradient by value turns it by only "
            f"{by_value['angle_degrees']:.1f} degrees; the page says it changes the direction")
    assert values["big"]["by_value"]["angle_degrees"] > values["2d"]["by_value"]["angle_degrees"], (
        "clip_value_vs_norm.py: the page contrasts the 2-D gradient with the 10,000-entry one whose entries of very "
        "different sizes are turned further")


def test_unclipped_loss_climbs_by_dozens_of_orders_of_magnitude_then_nan(training):
    run = training["no_clipping"]
    orders = math.log10(run["max_loss"] / run["first_loss"])
    assert orders >= 24 and run["first_nonfinite_step"] is not None, (
        f"exploding_training.py: without clipping the loss rises {orders:.1f} orders of magnitude and its first "
        f"non-finite step is {run['first_nonfinite_step']}; the page says dozens of orders, then NaN")


def test_seed_0s_clipped_run_keeps_finite_gradients_although_it_needed_clipping(training):
    run = training["clipped"]
    assert run["all_finite"], "exploding_training.py: seed 0's clipped run has a non-finite gradient; the page says it stays finite"
    assert run["max_finite_grad_norm"] > training["max_norm"], \
        "exploding_training.py: the clipped run never needed clipping, yet the page says clipping kept it finite"


def test_every_clipped_run_ends_at_or_a_little_below_predicting_zero_without_learning_the_task(training):
    zero = training["predict_zero_loss"]
    for seed, mean in enumerate(training["clipped"]["seeds"]["mean_last_50"]):
        assert mean is not None and 0.5 * zero < mean <= zero, (
            f"exploding_training.py: seed {seed}'s clipped run has a mean loss over the last 50 steps of {mean}; the "
            f"page says at or a little below the loss of predicting 0, {zero:.3g}, in every seed")


def test_without_clipping_some_seeds_but_not_all_diverge(training):
    steps = training["no_clipping"]["seeds"]["first_nonfinite_step"]
    assert 0 < training["no_clipping"]["nonfinite_seeds"] < training["seeds"] and len(steps) == training["seeds"], (
        f"exploding_training.py: the unclipped runs overflowed at steps {steps}; the page says some seeds did and "
        "others survived (a risk, not a certainty)")


def test_clipping_keeps_every_seed_finite_and_below_the_unclipped_peak_of_that_seed(training):
    clipped, plain = training["clipped"]["seeds"], training["no_clipping"]["seeds"]
    assert clipped["first_nonfinite_step"] == [None] * training["seeds"], \
        f"exploding_training.py: clipped runs became NaN at {clipped['first_nonfinite_step']}; the page says none did"
    for seed, (ours, theirs) in enumerate(zip(clipped["max_loss"], plain["max_loss"])):
        assert ours < theirs and ours < 10 * training["predict_zero_loss"], (
            f"exploding_training.py: seed {seed}: largest loss {ours:.3g} clipped, {theirs:.3g} unclipped; the page says "
            "the clipped run's is below the unclipped one's in every seed, of the order of predicting 0")


def test_runs_are_identical_until_the_first_clipped_step(training):
    assert training["identical_steps"] == training["first_clipped_step"], (
        f"exploding_training.py: the runs are identical for {training['identical_steps']} steps but the gradient "
        f"is first clipped at step {training['first_clipped_step']}; the page says clipping changes nothing until then")
    assert training["tenfold_step"] < training["no_clipping"]["first_nonfinite_step"], \
        "exploding_training.py: the unclipped loss does not pull away from the clipped one before it turns NaN"


def test_seed_0s_norm_overflows_while_every_gradient_entry_is_finite(training):
    run = training["no_clipping"]
    largest = run["largest_entry_at_first_infinite_norm"]
    assert run["first_infinite_norm_step"] is not None and math.isfinite(largest) and largest ** 2 > 3.4e38, (
        f"exploding_training.py: at seed 0's first infinite norm (step {run['first_infinite_norm_step']}) the "
        f"largest gradient entry is {largest}; exercise 4 says it is finite but its square overflows float32")
