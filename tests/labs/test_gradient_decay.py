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
