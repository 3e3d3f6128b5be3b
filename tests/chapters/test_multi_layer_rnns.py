"""The claims of docs/multi-layer-rnns.md: on the values its snippets recorded, and by calling
snippets/multi-layer-rnns/stacked_from_scratch.py's functions on sizes of our own.

stacked_from_scratch.py asserts itself that its three-layer stack matches nn.LSTM to 1e-6;
these tests check other sizes and depths, the error messages, the weight shapes the page
quotes, and what stacked_gradients.py's measurement shows about depth.
"""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from sitetools import gap_to_nn_lstm, parameters_of

PAGE = "docs/multi-layer-rnns.md"
TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def stacked(snippet_globals) -> dict:
    return snippet_globals("stacked_from_scratch.py")


# --- On the recorded values -----------------------------------------------------------------


def test_only_the_first_layer_reads_the_input_size(recorded):
    found = recorded("stacked_from_scratch")
    d, n = found["d"], found["n"]
    expected = [[4 * n, d]] + [[4 * n, n]] * (found["L"] - 1)
    assert found["weight_ih_shapes"] == expected, (
        f"stacked_from_scratch.py: weight_ih shapes {found['weight_ih_shapes']}; {PAGE} says layer 0 reads d = {d} and "
        f"the layers above n = {n}: {expected}")


def test_recorded_gaps_are_below_the_printed_bound(recorded):
    found = recorded("stacked_from_scratch")
    gaps, bound = found["gaps"], found["tolerance"]
    assert 0 < bound <= TOLERANCE and all(0 <= gap < bound for gap in gaps.values()), (
        f"stacked_from_scratch.py: gaps {gaps} to nn.LSTM, bound {bound:.0e}; {PAGE} says outputs, h_n and c_n differ "
        f"by less than that bound (at most {TOLERANCE:.0e}), float32 rounding")


@pytest.fixture(scope="module")
def stack_runs(recorded):
    found = recorded("stacked_gradients")
    assert len(found["per_seed"]["plain"]) == found["seeds"] >= 5, f"stacked_gradients.py: fewer seeds than {PAGE} says"
    return found


def test_plain_stack_gradient_falls_with_every_added_layer_in_every_seed(stack_runs):
    for seed, plain in enumerate(stack_runs["per_seed"]["plain"]):
        assert all(b < a for a, b in zip(plain, plain[1:])), (
            f"stacked_gradients.py: seed {seed}: the plain stack's layer-1 gradients {plain} do not fall at every "
            f"depth; {PAGE} says each added layer multiplies it by a factor well below 1")
    factor = stack_runs["plain_factor_per_layer"]
    assert factor < 0.8, f"stacked_gradients.py: the mean factor per layer is {factor:.3f}, not well below 1 ({PAGE})"


def test_plain_stack_loses_many_orders_of_magnitude_in_every_seed(stack_runs):
    low, high = stack_runs["plain_fall_range"]
    assert high < 1e-6, (f"stacked_gradients.py: the deepest plain stack keeps up to {high:.1e} of the one-layer "
                         f"gradient; {PAGE} says almost no signal reaches layer 1")
    falls = [run[-1] / run[0] for run in stack_runs["per_seed"]["plain"]]
    assert (min(falls), max(falls)) == (low, high), "stacked_gradients.py: the quoted range is not that of the seeds"


def test_plain_fall_is_close_to_exponential_in_depth(stack_runs):
    depths, plain = stack_runs["depths"], stack_runs["plain"]
    factors = [(b / a) ** (1 / (L2 - L1)) for L1, L2, a, b in zip(depths, depths[1:], plain, plain[1:])]
    assert max(factors) / min(factors) < 2, (
        f"stacked_gradients.py: the factor per layer between successive depths of the median runs over "
        f"{[round(f, 3) for f in factors]}; {PAGE} says the fall is close to a straight line on a log scale")


def test_residual_stack_keeps_the_gradient_within_a_small_factor_in_every_seed(stack_runs):
    low, high = stack_runs["residual_range"]
    assert 0.5 < low and high < 10, (
        f"stacked_gradients.py: the residual stack's layer-1 gradient ranges over {low:.2f} to {high:.2f} times its "
        f"one-layer value; {PAGE} says it stays within a small factor of it")
    for seed, (residual, plain) in enumerate(zip(stack_runs["per_seed"]["residual"], stack_runs["per_seed"]["plain"])):
        assert residual[-1] > 1e6 * plain[-1] and residual[-1] > residual[0], (
            f"stacked_gradients.py: seed {seed}: at L = {stack_runs['deepest']} residual {residual[-1]:.2e}, plain "
            f"{plain[-1]:.2e}, one layer {residual[0]:.2e}; {PAGE} says the residual stack ends far above the plain one "
            "and above its one-layer value")


# --- By calling the snippet's functions -------------------------------------------------------


@pytest.mark.parametrize("d, n, L", [(3, 4, 1), (5, 8, 2), (2, 6, 4)])
def test_stack_equals_nn_lstm(stacked, d, n, L):
    torch.manual_seed(3)
    lstm = nn.LSTM(d, n, num_layers=L, batch_first=True)
    gap = gap_to_nn_lstm(lambda xs, weights: stacked["stacked_lstm"](xs, weights, L), lstm, torch.randn(2, 7, d))
    assert gap <= TOLERANCE, (f"snippets/multi-layer-rnns/stacked_from_scratch.py: stacked_lstm differs from "
                              f"nn.LSTM(num_layers={L}) by {gap:.1e} at d, n = {d, n}")


@pytest.mark.parametrize("asked", [2, 4])
def test_stack_rejects_mismatched_layer_count(stacked, asked):
    weights = parameters_of(nn.LSTM(5, 8, num_layers=3, batch_first=True))
    with pytest.raises(ValueError, match=rf"expected weights for {asked} layers .*received weights for 3"):
        stacked["stacked_lstm"](torch.randn(2, 4, 5), weights, asked)


def test_stack_rejects_wrong_input_size(stacked):
    weights = parameters_of(nn.LSTM(5, 8, num_layers=2, batch_first=True))
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, T, 5\), received \(2, 4, 3\)"):
        stacked["stacked_lstm"](torch.randn(2, 4, 3), weights, 2)


def test_stack_rejects_mismatched_upper_layer_weights(stacked):
    weights = parameters_of(nn.LSTM(5, 8, num_layers=2, batch_first=True))
    weights["weight_ih_l1"] = torch.zeros(32, 5)   # layer 1 must read size n = 8
    with pytest.raises(ValueError, match=r"expected weight_ih_l1 of shape \(32, 8\), received \(32, 5\)"):
        stacked["stacked_lstm"](torch.randn(2, 4, 5), weights, 2)
