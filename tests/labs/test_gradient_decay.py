"""What the gradient-decay lab (docs/labs/gradient_decay.py) says, checked on its LAB-SUMMARY.

(Its check against autograd is an assert in the lab itself: a failing one fails the build.)
"""

from __future__ import annotations

import math

import pytest


@pytest.fixture(scope="module")
def numbers(lab):
    summary = lab("gradient_decay")
    return {float(rho): dict(zip(summary["distances"], norms)) for rho, norms in summary["norms"].items()}


def test_the_norm_falls_faster_the_smaller_the_spectral_radius(numbers):
    at_50 = [numbers[rho][50] for rho in sorted(numbers)]
    assert all(a < b for a, b in zip(at_50, at_50[1:])), \
        f"gradient_decay: norms at k = 50 by radius {sorted(numbers)} are {at_50}; the page says smaller radius, faster fall"


def test_a_radius_above_1_need_not_make_the_gradient_grow(numbers):
    for rho in (0.5, 0.9, 1.0, 1.2):
        assert numbers[rho][50] < 1e-1 * numbers[rho][1], \
            f"gradient_decay: with radius {rho} the norm goes {numbers[rho][1]} -> {numbers[rho][50]}; the page says it falls"


def test_radius_2_makes_it_rise(numbers):
    assert numbers[2.0][50] > 10 * numbers[2.0][1], \
        f"gradient_decay: with radius 2.0 the norm goes {numbers[2.0][1]} -> {numbers[2.0][50]}; the page says it rises"


def test_the_decay_is_exponential_a_straight_line_on_a_log_scale(numbers):
    """The same factor per step: the log-slope from k = 1 to 25 and from 25 to 50 agree (radius 0.5)."""
    norms = numbers[0.5]
    early = (math.log(norms[25]) - math.log(norms[1])) / 24
    late = (math.log(norms[50]) - math.log(norms[25])) / 25
    assert late < 0 and 0.8 < early / late < 1.25, \
        f"gradient_decay: log-slopes {early:.3f} (k 1-25) and {late:.3f} (k 25-50) differ; the page says a straight line"


# --- The solutions of the lab's exercises -----------------------------------------------------


@pytest.fixture(scope="module")
def exercises(lab):
    summary = lab("gradient_decay")
    return summary["exercise_1"], summary["exercise_2"], summary["distances"]


def test_exercise_1_the_linear_rnn_explodes_like_1_2_to_the_k_and_the_tanh_rnn_falls(exercises):
    first, _, distances = exercises
    linear, tanh = dict(zip(distances, first["linear"])), dict(zip(distances, first["tanh"]))
    slope = (math.log(linear[50]) - math.log(linear[10])) / 40
    assert abs(slope - math.log(1.2)) < 0.02, \
        f"gradient_decay, exercise 1: the linear log-slope is {slope:.4f}, not log 1.2; the solution says it grows like 1.2^k"
    assert tanh[50] < tanh[1], f"gradient_decay, exercise 1: tanh goes {tanh[1]} -> {tanh[50]}; the solution says it falls"


def test_exercise_1_the_mean_tanh_derivative_is_below_one_over_1_2(exercises):
    first, _, _ = exercises
    assert first["mean_tanh_prime"] < 1 / 1.2, \
        f"gradient_decay, exercise 1: mean tanh' = {first['mean_tanh_prime']}; the solution says it is below 1/1.2"


def test_exercise_2_louder_inputs_lower_every_curve_and_the_mean_derivative(exercises):
    first, second, _ = exercises
    higher = [rho for rho, loud, original in zip(second["radii"], second["loud_k50"], second["original_k50"])
              if loud >= original]
    assert not higher, f"gradient_decay, exercise 2: louder inputs do not lower the norm at k = 50 for radii {higher}"
    assert second["loud_mean_tanh_prime"] < first["mean_tanh_prime"], \
        "gradient_decay, exercise 2: the solution says louder inputs lower the mean of tanh'"


def test_exercise_2_past_the_first_radius_above_1e_2_the_norm_does_not_rise_steadily(exercises):
    _, second, _ = exercises
    at_50 = dict(zip(second["radii"], second["loud_k50"]))
    first = second["first_above_1e-2"]
    assert first == min(rho for rho, v in at_50.items() if v > 1e-2)
    after = [v for rho, v in sorted(at_50.items()) if rho >= first]
    assert any(b < a for a, b in zip(after, after[1:])), \
        f"gradient_decay, exercise 2: past radius {first} the norms {after} rise steadily; the solution says they do not"
