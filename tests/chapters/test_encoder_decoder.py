"""The claims of docs/encoder-decoder.md: on the values its snippets recorded, and by calling
the join_directions the page shows (the `bridge` section of snippets/encoder-decoder/encdec_copy.py,
expanded as the page includes it) on sizes of our own.

encdec_copy.py asserts itself that the decoder computes the same with teacher forcing in one
call as step by step; encdec_exercise_1.py and encdec_exercise_3.py assert the h_n layout and
the reversal symmetry on their own sizes. These tests check what the page says the copy task,
the bottleneck and the reversed source showed, seed by seed where it says "in every seed".
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

import page_conventions as conventions
from sitetools import ROOT

PAGE = "docs/encoder-decoder.md"


# --- The copy task and the bottleneck (encdec_copy.py) -------------------------------------


@pytest.fixture(scope="module")
def copy(recorded):
    found = recorded("encdec_copy")
    lengths = found["lengths"]
    assert lengths == [2, 4, 6, 8, 10, 12], f"encdec_copy.py tested lengths {lengths}; {PAGE} says 2, 4, ..., 12"
    for key in ("digits", "strings", "teacher_forced"):
        per_length = found["by_length"][key]
        assert len(per_length) == len(lengths) and all(
            len(at["per_seed"]) == found["seeds"] == 3 for at in per_length), (
            f"encdec_copy.py: {key} is not recorded for 3 seeds at every length; {PAGE} says 3 seeds")
    return found


def per_seed(found, key):
    """[seed][length index] of one measurement."""
    per_length = found["by_length"][key]
    return [[at["per_seed"][seed] for at in per_length] for seed in range(found["seeds"])]


def test_the_decoder_gets_a_state_of_fixed_size(copy):
    assert copy["decoder_n"] == 2 * copy["n"] and copy["decoder_layers"] == copy["layers"] >= 2, (
        f"encdec_copy.py: decoder size {copy['decoder_n']}, n = {copy['n']}, {copy['layers']} encoder and "
        f"{copy['decoder_layers']} decoder layers; {PAGE} says a stacked encoder and a decoder of as many layers, "
        "of size 2n")
    assert copy["state_numbers"] == 2 * copy["layers"] * copy["decoder_n"], (
        f"encdec_copy.py: {copy['state_numbers']} numbers handed over; {PAGE} says h and c for each decoder layer")


def test_every_length_gets_the_same_number_of_batches(copy):
    assert copy["batches_per_length"] * len(copy["lengths"]) == copy["steps"] and copy["batches_per_length"] > 0, (
        f"encdec_copy.py: {copy['steps']} steps, {copy['batches_per_length']} batches per length of "
        f"{len(copy['lengths'])}; {PAGE} says the batches cycle through the lengths, the same number of each")


def test_short_strings_come_out_right(copy):
    two, four = copy["by_length"]["digits"][0], copy["by_length"]["digits"][1]
    assert two["median"] >= 0.995, (
        f"encdec_copy.py: median {two['median']:.3f} of the digits of 2-digit strings; {PAGE} says 100%")
    assert four["min"] >= 0.95 and copy["by_length"]["strings"][1]["median"] >= 0.9, (
        f"encdec_copy.py: 4-digit strings: at least {four['min']:.3f} of the digits in every seed, "
        f"{copy['by_length']['strings'][1]['median']:.3f} whole; {PAGE} says short strings come out right")


def test_accuracy_falls_with_every_added_length_in_every_seed(copy):
    for key, how in (("digits", "greedy"), ("teacher_forced", "fed the true previous digits")):
        for seed, run in enumerate(per_seed(copy, key)):
            assert all(b < a for a, b in zip(run, run[1:])), (
                f"encdec_copy.py, seed {seed}: digits right ({how}) per length {[round(a, 3) for a in run]} do not "
                f"fall with every added length, as {PAGE} says")


def test_long_strings_fail(copy):
    twelve = copy["by_length"]["digits"][-1]
    whole = copy["by_length"]["strings"][-1]["median"]
    assert twelve["max"] < 0.6 and whole < 0.02, (
        f"encdec_copy.py: at 12 digits {twelve['min']:.3f} to {twelve['max']:.3f} of the digits and {whole:.3f} of "
        f"the whole strings right; {PAGE} says long strings fail and almost none comes out whole")


def test_the_true_previous_digits_help_but_do_not_remove_the_fall(copy):
    for seed, (greedy, forced) in enumerate(zip(per_seed(copy, "digits"), per_seed(copy, "teacher_forced"))):
        assert all(f > g for g, f in zip(greedy[1:], forced[1:])), (
            f"encdec_copy.py, seed {seed}: fed the true previous digits {forced}, greedy {greedy}; {PAGE} says the "
            "first is higher at every length beyond 2, in every seed")
    forced_12 = copy["by_length"]["teacher_forced"][-1]["median"]
    assert 0.60 <= forced_12 <= 0.72, (
        f"encdec_copy.py: fed the true previous digits, {forced_12:.3f} of the 12-digit strings' digits are right; "
        f"{PAGE} says about a third were not recovered")


def test_the_example_starts_right_and_drifts_into_digits_of_the_source(copy):
    source, written, prefix = copy["example"]["source"], copy["example"]["copy"], copy["example"]["prefix_right"]
    assert len(source) == len(written) == 12 and 0 < prefix < 12, (
        f"encdec_copy.py: the example {source} -> {written}, {prefix} digits right first; {PAGE} says the first "
        "digits come out right and then the copy goes wrong")
    assert source[:prefix] == written[:prefix] and source[prefix] != written[prefix], (
        f"encdec_copy.py: the recorded prefix ({prefix}) does not match {source} -> {written}")
    assert set(written) <= set(source), (
        f"encdec_copy.py: the copy {written} has digits that are not in {source}; {PAGE} says it drifts into digits "
        "that occur in the source")


# --- The reversed source (encdec_reverse_source.py) --------------------------------------


@pytest.fixture(scope="module")
def reversal(recorded):
    found = recorded("encdec_reverse_source")
    for order in ("in_order", "reversed"):
        runs = found[order]
        assert found["seeds"] == 5 and len(runs["accuracy"]["per_seed"]) == len(runs["curve"]) == len(
            runs["per_position"]) == 5, f"encdec_reverse_source.py: not 5 seeds of {order}; {PAGE} says 5 seeds"
        assert all(len(at) == found["T"] for at in runs["per_position"] + runs["forced_per_position"]), (
            f"encdec_reverse_source.py: per-position accuracies of {order} do not cover the {found['T']} positions")
        assert len(runs["forced_per_position"]) == 5, (
            f"encdec_reverse_source.py: no teacher-forced accuracy per position for 5 seeds of {order}")
    return found


def test_the_one_way_model_has_one_layer_each(reversal):
    assert reversal["layers"] == reversal["decoder_layers"] == 1 and reversal["decoder_n"] == reversal["n"], (
        f"encdec_reverse_source.py: {reversal['layers']} encoder and {reversal['decoder_layers']} decoder layers, "
        f"sizes {reversal['n']} and {reversal['decoder_n']}; {PAGE} says one layer each, the encoder's final (h, c) "
        "handed over unchanged")


def test_the_reversed_source_wins_in_every_seed(reversal):
    pairs = zip(reversal["in_order"]["accuracy"]["per_seed"], reversal["reversed"]["accuracy"]["per_seed"])
    for seed, (forward, backward) in enumerate(pairs):
        assert backward > forward + 0.1, (
            f"encdec_reverse_source.py, seed {seed}: reversed {backward:.3f}, in order {forward:.3f}; {PAGE} says "
            "the reversed source won clearly in every seed")
    assert 0.1 < reversal["gain"]["min"] <= reversal["gain"]["max"], (
        f"encdec_reverse_source.py: the quoted gain range {reversal['gain']} is not that of clear wins")


def test_both_orders_start_near_chance_and_reversed_is_ahead_from_the_first_evaluation(reversal):
    for seed, (forward, backward) in enumerate(zip(reversal["in_order"]["curve"], reversal["reversed"]["curve"])):
        assert all(0.05 < curve[0] < 0.15 for curve in (forward, backward)), (
            f"encdec_reverse_source.py, seed {seed}: accuracies at step 0 {forward[0]:.3f}, {backward[0]:.3f}; "
            f"{PAGE} says both start near chance (0.1)")
        assert len(forward) == len(backward) > 2 and all(b > f for f, b in zip(forward[1:], backward[1:])), (
            f"encdec_reverse_source.py, seed {seed}: in order {forward}, reversed {backward}; {PAGE} says the "
            "reversed source is ahead at every evaluation after the start")


def test_reversed_is_ahead_at_every_position_most_over_the_first_half(reversal):
    T = reversal["T"]
    for seed, gains in enumerate(reversal["gain_per_position"]):
        assert len(gains) == T and min(gains) > 0, (
            f"encdec_reverse_source.py, seed {seed}: gain per position {gains}; {PAGE} says the reversed source is "
            "ahead at every position in every seed")
        first, second = sum(gains[: T // 2]) / (T // 2), sum(gains[T // 2 :]) / (T - T // 2)
        assert first > second, (
            f"encdec_reverse_source.py, seed {seed}: mean gain {first:.3f} over the first half of the output, "
            f"{second:.3f} over the second; {PAGE} says it is largest over the first half")


def test_both_orders_are_best_at_the_first_position(reversal):
    for order in ("in_order", "reversed"):
        for seed, at in enumerate(reversal[order]["per_position"]):
            assert at[0] == max(at) and at[-1] < at[0], (
                f"encdec_reverse_source.py, seed {seed}: {order} per position {at}; {PAGE} says both orders are best "
                "at the first position and worse along the output")
    medians = reversal["in_order"]["per_position_median"]
    assert medians[-1] < medians[0] - 0.2, (
        f"encdec_reverse_source.py: in order, median {medians[0]:.3f} at the first position, {medians[-1]:.3f} at the "
        f"last; {PAGE} says the in-order models get clearly worse along the output")


def test_greedy_mistakes_pile_up_along_the_output_in_order(reversal):
    pairs = zip(reversal["in_order"]["per_position"], reversal["in_order"]["forced_per_position"])
    for seed, (greedy, forced) in enumerate(pairs):
        assert greedy[0] - greedy[-1] > 0.3 and abs(forced[-1] - forced[0]) < 0.1, (
            f"encdec_reverse_source.py, seed {seed}: in order, per position greedy {greedy}, fed the true previous "
            f"digits {forced}; {PAGE} says the greedy models get clearly worse along the output, and fed the true "
            "previous digits do about as well at the last position as at the first, in every seed")


def test_fed_the_true_digits_the_reversed_source_is_still_ahead_at_the_last_position(reversal):
    backward = reversal["reversed"]["forced_per_position_median"][-1]
    forward = reversal["in_order"]["forced_per_position_median"][-1]
    assert backward > forward + 0.05, (
        f"encdec_reverse_source.py: fed the true previous digits, the last digit is right {backward:.3f} of the time "
        f"reversed and {forward:.3f} in order (medians); {PAGE} says the reversed source is still ahead there")


# --- By calling the join_directions the page shows -----------------------------------------


BRIDGE = '--8<-- "snippets/encoder-decoder/encdec_copy.py:bridge"'


@pytest.fixture(scope="module")
def page_join():
    """join_directions as the page shows it: the bridge section, expanded as the page includes it."""
    assert BRIDGE in (ROOT / PAGE).read_text(), f"{PAGE} no longer shows the bridge section of encdec_copy.py"
    code = "\n".join(conventions.include_expander(ROOT)([BRIDGE]))
    assert "def join_directions" in code, f"the bridge section of encdec_copy.py has no join_directions:\n{code}"
    namespace: dict = {}
    exec(compile(code, "encdec_copy.py:bridge", "exec"), namespace)
    return namespace["join_directions"]


@pytest.mark.parametrize("layers, n, B", [(1, 3, 1), (1, 3, 2), (3, 5, 4)])
def test_join_directions_pairs_each_layers_final_states(page_join, layers, n, B):
    torch.manual_seed(1)
    lstm = nn.LSTM(2, n, num_layers=layers, bidirectional=True, batch_first=True)
    output, (h_n, c_n) = lstm(torch.randn(B, 6, 2))
    joined = page_join(h_n)
    assert joined.shape == (layers, B, 2 * n), f"{PAGE}: join_directions gives {tuple(joined.shape)}"
    assert torch.equal(joined[-1], torch.cat([output[:, -1, :n], output[:, 0, n:]], dim=1)), (
        f"{PAGE}: for {layers} layers, the joined top layer is not [forward at the last position; "
        f"backward at the first], as the page says")
    for state in (h_n, c_n):
        for layer in range(layers):
            assert torch.equal(page_join(state)[layer], torch.cat([state[2 * layer], state[2 * layer + 1]], dim=1)), (
                f"{PAGE}: layer {layer} of the join is not [row {2 * layer}; row {2 * layer + 1}] of h_n / c_n")


def test_the_view_shortcut_is_wrong_except_for_one_string():
    torch.manual_seed(2)
    L, n = 2, 3
    lstm = nn.LSTM(2, n, num_layers=L, bidirectional=True, batch_first=True)
    for B in (1, 2, 5):
        _, (h_n, _) = lstm(torch.randn(B, 4, 2))
        rows = torch.stack([torch.cat([h_n[2 * l], h_n[2 * l + 1]], dim=1) for l in range(L)])
        assert torch.equal(h_n.view(L, B, 2 * n), rows) == (B == 1), (
            f"h_n.view(L, B, 2n) with B = {B}: {PAGE} says it is right for one string and wrong for a batch")
