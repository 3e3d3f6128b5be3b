"""The claims of docs/bidirectional-rnns.md: on the values its snippets recorded, and by calling
snippets/bidirectional-rnns/birnn_from_scratch.py's functions on sizes of our own.

birnn_from_scratch.py asserts itself that its layer matches nn.LSTM(bidirectional=True) to
1e-6 and where h_n sits in the output, on its own sizes; these tests check other sizes, the
error messages, and what the toy task shows.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from sitetools import gap_to_nn_lstm, parameters_of

PAGE = "docs/bidirectional-rnns.md"
TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def birnn(snippet_globals) -> dict:
    return snippet_globals("birnn_from_scratch.py")


# --- The toy task, on the recorded values ---------------------------------------------------


def test_toy_task_runs_five_seeds_per_model(recorded):
    task = recorded("birnn_toy_task")
    counts = {name: len(task[name]["accuracy"]["per_seed"]) for name in ("unidirectional", "bidirectional")}
    assert task["seeds"] == 5 and set(counts.values()) == {5}, (
        f"birnn_toy_task.py recorded {counts} runs per model; {PAGE} says 5 seeds each")


def test_unidirectional_ends_at_the_best_left_to_right_accuracy(recorded):
    task = recorded("birnn_toy_task")
    best = task["best_left_to_right"]["mean"]
    for seed, uni in enumerate(task["unidirectional"]["accuracy"]["per_seed"]):
        assert abs(uni - best) <= 0.02, (
            f"birnn_toy_task.py, seed {seed}: the unidirectional LSTM ends at {uni:.3f}, the best left-to-right reader "
            f"at {best:.3f}; {PAGE} says it ends there in all seeds, up to the noise of the test set")


def test_unidirectional_ends_a_little_below_the_position_only_guess_on_its_own_test_set(recorded):
    task = recorded("birnn_toy_task")
    rules = task["position_only"]["per_seed"]
    below = task["unidirectional"]["below_position_only"]["per_seed"]
    accuracies = task["unidirectional"]["accuracy"]["per_seed"]
    assert len(rules) == len(below) == task["seeds"], (
        f"birnn_toy_task.py recorded {len(rules)} position-only scores; {PAGE} quotes one per seed")
    for seed, (rule, gap, uni) in enumerate(zip(rules, below, accuracies)):
        assert abs(rule - uni - gap) < 1e-6 and 0 < gap < 0.01, (
            f"birnn_toy_task.py, seed {seed}: the unidirectional LSTM scores {uni:.4f}, the position-only guess on the "
            f"same test set {rule:.4f}; {PAGE} says the LSTM ends a little below it (by under 1% of the labels) in "
            "every seed")
    best = task["best_left_to_right"]["mean"]
    assert all(abs(rule - best) < 0.02 for rule in rules), (
        f"birnn_toy_task.py: the position-only guess scores {rules} on the seeds' test sets, {best:.4f} on average; "
        f"{PAGE} says the spread is that of the test sets")


def test_bidirectional_labels_every_position_correctly(recorded):
    bi = recorded("birnn_toy_task")["bidirectional"]
    for seed, (accuracy, lowest) in enumerate(zip(bi["accuracy"]["per_seed"], bi["lowest_position"]["per_seed"])):
        assert lowest >= 0.99 and accuracy >= 0.99, (
            f"birnn_toy_task.py, seed {seed}: the bidirectional LSTM's test accuracy is {accuracy:.3f}, "
            f"{lowest:.3f} at its worst position; {PAGE} says it labels every position correctly in every seed")


def test_bidirectional_jumps_to_1_early_and_stays(recorded):
    bi = recorded("birnn_toy_task")["bidirectional"]
    steps = bi["curve"]["steps"]
    for seed, curve in enumerate(bi["curve"]["accuracy"]):
        first = next((step for step, acc in zip(steps, curve) if acc >= 0.99), None)
        assert first is not None and first < 100 and first == bi["first_step_99"]["per_seed"][seed], (
            f"birnn_toy_task.py, seed {seed}: the bidirectional LSTM first reaches 0.99 at step {first}; {PAGE}'s "
            "figure says within the first tens of steps in every seed")
        later = [acc for step, acc in zip(steps, curve) if step >= first]
        assert min(later) >= 0.99, (f"birnn_toy_task.py, seed {seed}: after step {first} the bidirectional accuracy "
                                    f"drops to {min(later):.3f}; {PAGE} says it stays at 1")


def test_best_reader_curve_has_the_shape_the_figure_describes(recorded):
    best = recorded("birnn_toy_task")["best_left_to_right"]["per_position"]
    middle = min(range(len(best)), key=best.__getitem__)
    assert best[0] > 0.6 and abs(best[middle] - 0.5) < 1e-6 and best[-1] == 1.0, (
        f"birnn_toy_task.py: the best left-to-right accuracy per position is {best}; {PAGE} says it starts well above "
        "one half, falls to one half in the middle and is 1 at the last position")
    assert 0.25 * len(best) <= middle <= 0.75 * len(best), f"the coin flip sits at position {middle + 1}, not mid-way"


def test_unidirectional_fails_in_the_middle(recorded):
    task = recorded("birnn_toy_task")
    T = task["T"]
    for seed, uni in enumerate(task["unidirectional"]["per_position"]):
        worst = min(range(len(uni)), key=uni.__getitem__)
        assert T // 4 <= worst < 3 * T // 4 and uni[worst] < 0.6, (
            f"birnn_toy_task.py, seed {seed}: the unidirectional LSTM is worst at position {worst + 1} of {T}, with "
            f"{uni[worst]:.3f}; {PAGE} says it fails in the middle of the sequence, at a coin flip, in every seed")
        assert min(uni[0], uni[-1]) > 0.65, (f"birnn_toy_task.py, seed {seed}: at the ends it scores {uni[0]:.3f} and "
                                             f"{uni[-1]:.3f}; {PAGE} says guessing works there")


# --- The layer, on the recorded values and by calling it ------------------------------------


def test_recorded_output_has_two_directions(recorded):
    found = recorded("birnn_from_scratch")
    assert found["output_size"] == 2 * found["n"] and found["weight_count"] == 8, (
        f"birnn_from_scratch.py: output size {found['output_size']} for n = {found['n']}, {found['weight_count']} "
        f"weight tensors; {PAGE} says 2n and four tensors per direction")


def test_recorded_gaps_are_below_the_printed_bound(recorded):
    found = recorded("birnn_from_scratch")
    gaps, bound = found["gaps"], found["tolerance"]
    assert 0 < bound <= TOLERANCE and all(0 <= gap < bound for gap in gaps.values()), (
        f"birnn_from_scratch.py: gaps {gaps} to nn.LSTM(bidirectional=True), bound {bound:.0e}; {PAGE} says every "
        f"difference is below that bound (at most {TOLERANCE:.0e}), float32 rounding")


@pytest.mark.parametrize("d, n, batch, T", [(3, 4, 2, 5), (7, 16, 1, 12)])
def test_bidirectional_equals_nn_lstm(birnn, d, n, batch, T):
    torch.manual_seed(1)
    lstm = nn.LSTM(d, n, batch_first=True, bidirectional=True)
    gap = gap_to_nn_lstm(birnn["bidirectional_lstm"], lstm, torch.randn(batch, T, d))
    assert gap <= TOLERANCE, (f"snippets/bidirectional-rnns/birnn_from_scratch.py: bidirectional_lstm differs from "
                              f"nn.LSTM(bidirectional=True) by {gap:.1e} at d, n = {d, n}; check the flips and the "
                              "concatenation")


def test_h_n_lists_forward_then_backward(birnn):
    torch.manual_seed(2)
    n = 6
    lstm = nn.LSTM(3, n, batch_first=True, bidirectional=True)
    ours, (h_n, _) = birnn["bidirectional_lstm"](torch.randn(2, 5, 3), parameters_of(lstm))
    assert torch.equal(h_n[0], ours[:, -1, :n]) and torch.equal(h_n[1], ours[:, 0, n:]), (
        "snippets/bidirectional-rnns/birnn_from_scratch.py: on n = 6, h_n[0] must be the forward state at the last "
        f"position and h_n[1] the backward state at the first, as {PAGE} says")


def test_bidirectional_rejects_wrong_input_size(birnn):
    weights = parameters_of(nn.LSTM(5, 8, batch_first=True, bidirectional=True))
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, T, 5\), received \(2, 4, 6\)"):
        birnn["bidirectional_lstm"](torch.randn(2, 4, 6), weights)


def test_bidirectional_rejects_one_way_weights(birnn):
    weights = parameters_of(nn.LSTM(5, 8, batch_first=True))
    with pytest.raises(ValueError, match=r"expected the 8 weights .* received 4, missing weight_ih_l0_reverse"):
        birnn["bidirectional_lstm"](torch.randn(2, 4, 5), weights)


def test_bidirectional_rejects_mismatched_reverse_weights(birnn):
    weights = parameters_of(nn.LSTM(5, 8, batch_first=True, bidirectional=True))
    weights["weight_hh_l0_reverse"] = torch.zeros(32, 7)
    with pytest.raises(ValueError, match=r"expected weight_hh_l0_reverse of shape \(32, 8\), received \(32, 7\)"):
        birnn["bidirectional_lstm"](torch.randn(2, 4, 5), weights)
