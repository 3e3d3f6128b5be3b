"""What the adding-problem lab (docs/labs/adding_problem.py) says, checked on its LAB-SUMMARY."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def numbers(lab):
    return lab("adding_problem")


def test_every_model_beats_the_baseline_at_the_shortest_length(numbers):
    for kind, mse in numbers["mse"].items():
        assert mse[0] < 0.1 * numbers["baseline"], \
            f"adding_problem: {kind} at T = {numbers['lengths'][0]} has MSE {mse[0]}, the page says far below the baseline"


def test_the_vanilla_rnn_fails_as_the_sequences_grow(numbers):
    rnn = numbers["mse"]["RNN"]
    assert rnn[-1] > 0.5 * numbers["baseline"] and rnn[-1] > 10 * rnn[0], \
        f"adding_problem: the vanilla RNN's MSE by length is {rnn}; the page says it climbs to the baseline"


def test_the_gated_cells_succeed_at_the_longest_length(numbers):
    for kind in ("LSTM", "GRU"):
        mse = numbers["mse"][kind][-1]
        assert mse < 0.1 * numbers["baseline"] and mse < numbers["mse"]["RNN"][-1], \
            f"adding_problem: {kind} at the longest length has MSE {mse}; the page says far below the baseline"


def test_the_gradient_reaches_the_first_mark_only_in_the_gated_cells(numbers):
    ratio = numbers["grad_ratio_first_over_last"]
    assert ratio["RNN"] < 1e-2, f"adding_problem: vanilla RNN ratio {ratio['RNN']}; the page says orders of magnitude below 1"
    for kind in ("LSTM", "GRU"):
        assert ratio[kind] >= 1, f"adding_problem: {kind} ratio {ratio[kind]}; the page says at least as large as the last step's"
