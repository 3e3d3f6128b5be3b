"""The facts the chapters 'Bidirectional RNNs' and 'Multi-layer RNNs' state.

From-scratch layers equal nn.LSTM (bidirectional, stacked) to 1e-6 in float32 on fresh
weights and sizes; bad inputs raise a ValueError naming what was expected and received;
the toy task and the depth measurement printed what the prose says about them.
"""

from __future__ import annotations

import re

import pytest
import torch
from torch import nn

from sitetools import build_output

TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def birnn(snippet_globals) -> dict:
    return snippet_globals("birnn_from_scratch.py")


@pytest.fixture(scope="module")
def stacked(snippet_globals) -> dict:
    return snippet_globals("stacked_from_scratch.py")


def weights_of(lstm: nn.LSTM) -> dict:
    return {name: p.detach() for name, p in lstm.named_parameters()}


def gap_to_nn_lstm(run_ours, lstm: nn.LSTM, xs: torch.Tensor) -> float:
    """Largest |ours - nn.LSTM| over the outputs, h_n and c_n; run_ours(xs, weights) is the from-scratch layer."""
    ours, (h_n, c_n) = run_ours(xs, weights_of(lstm))
    with torch.no_grad():
        theirs, (h_n_torch, c_n_torch) = lstm(xs)
    return max((a - b).abs().max().item() for a, b in zip([ours, h_n, c_n], [theirs, h_n_torch, c_n_torch]))


# --- Bidirectional RNNs ---------------------------------------------------------------


@pytest.mark.parametrize("d, n, batch, T", [(3, 4, 2, 5), (7, 16, 1, 12)])
def test_bidirectional_equals_nn_lstm(birnn, d, n, batch, T):
    torch.manual_seed(1)
    lstm = nn.LSTM(d, n, batch_first=True, bidirectional=True)
    gap = gap_to_nn_lstm(birnn["bidirectional_lstm"], lstm, torch.randn(batch, T, d))
    assert gap <= TOLERANCE, (f"snippets/birnn_from_scratch.py: bidirectional_lstm differs from "
                              f"nn.LSTM(bidirectional=True) by {gap:.1e}; check the flips and the concatenation")


def test_h_n_lists_forward_then_backward(birnn):
    torch.manual_seed(2)
    n = 6
    lstm = nn.LSTM(3, n, batch_first=True, bidirectional=True)
    ours, (h_n, _) = birnn["bidirectional_lstm"](torch.randn(2, 5, 3), weights_of(lstm))
    assert torch.equal(h_n[0], ours[:, -1, :n]) and torch.equal(h_n[1], ours[:, 0, n:]), (
        "snippets/birnn_from_scratch.py: h_n[0] must be the forward state at the last position and h_n[1] "
        "the backward state at the first, as the page says")


def test_bidirectional_build_output_states_the_equivalence(built_site):
    out = build_output("birnn_from_scratch.py")
    gaps = {name: float(gap) for name, gap in re.findall(r"^(output|h_n|c_n)\s+max .*= (\S+)$", out, re.M)}
    assert set(gaps) == {"output", "h_n", "c_n"}, f"birnn_from_scratch.py printed no gap for output, h_n, c_n:\n{out}"
    assert max(gaps.values()) <= TOLERANCE, f"birnn_from_scratch.py: gaps {gaps} exceed {TOLERANCE}"


def test_bidirectional_rejects_wrong_input_size(birnn):
    weights = weights_of(nn.LSTM(5, 8, batch_first=True, bidirectional=True))
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, T, 5\), received \(2, 4, 6\)"):
        birnn["bidirectional_lstm"](torch.randn(2, 4, 6), weights)


def test_bidirectional_rejects_one_way_weights(birnn):
    weights = weights_of(nn.LSTM(5, 8, batch_first=True))
    with pytest.raises(ValueError, match=r"expected the 8 weights .* received 4, missing weight_ih_l0_reverse"):
        birnn["bidirectional_lstm"](torch.randn(2, 4, 5), weights)


def test_bidirectional_rejects_mismatched_reverse_weights(birnn):
    weights = weights_of(nn.LSTM(5, 8, batch_first=True, bidirectional=True))
    weights["weight_hh_l0_reverse"] = torch.zeros(32, 7)
    with pytest.raises(ValueError, match=r"expected weight_hh_l0_reverse of shape \(32, 8\), received \(32, 7\)"):
        birnn["bidirectional_lstm"](torch.randn(2, 4, 5), weights)


def toy_task_numbers(out: str) -> dict:
    found = {"best": re.search(r"best left-to-right accuracy: (\S+)", out),
             "uni": re.search(r"unidirectional LSTM: test accuracy ([\d.]+)", out),
             "bi": re.search(r"bidirectional LSTM: test accuracy ([\d.]+)", out)}
    missing = [k for k, m in found.items() if m is None]
    assert not missing, f"birnn_toy_task.py no longer prints {missing}; update this test and the page:\n{out}"
    return {k: float(m[1]) for k, m in found.items()}


def test_toy_task_bidirectional_far_above_unidirectional(built_site):
    acc = toy_task_numbers(build_output("birnn_toy_task.py"))
    assert acc["bi"] >= 0.98, f"birnn_toy_task.py: the page says the bidirectional LSTM labels every position; got {acc}"
    assert acc["bi"] - acc["uni"] >= 0.2, f"birnn_toy_task.py: bidirectional not well above unidirectional: {acc}"


def test_toy_task_unidirectional_at_best_left_to_right(built_site):
    acc = toy_task_numbers(build_output("birnn_toy_task.py"))
    assert abs(acc["uni"] - acc["best"]) <= 0.02, (
        f"birnn_toy_task.py: the page says the unidirectional LSTM ends at the best left-to-right accuracy; got {acc}")


# --- Multi-layer RNNs -------------------------------------------------------------------


@pytest.mark.parametrize("d, n, L", [(3, 4, 1), (5, 8, 2), (2, 6, 4)])
def test_stack_equals_nn_lstm(stacked, d, n, L):
    torch.manual_seed(3)
    lstm = nn.LSTM(d, n, num_layers=L, batch_first=True)
    gap = gap_to_nn_lstm(lambda xs, weights: stacked["stacked_lstm"](xs, weights, L), lstm, torch.randn(2, 7, d))
    assert gap <= TOLERANCE, (f"snippets/stacked_from_scratch.py: stacked_lstm differs from "
                              f"nn.LSTM(num_layers={L}) by {gap:.1e}")


def test_stacked_build_output_states_the_equivalence(built_site):
    out = build_output("stacked_from_scratch.py")
    gaps = [float(g) for g in re.findall(r"^(?:output|h_n|c_n)\s+max .*= (\S+)$", out, re.M)]
    assert len(gaps) == 3 and max(gaps) <= TOLERANCE, f"stacked_from_scratch.py: expected three gaps <= 1e-6:\n{out}"


@pytest.mark.parametrize("asked", [2, 4])
def test_stack_rejects_mismatched_layer_count(stacked, asked):
    weights = weights_of(nn.LSTM(5, 8, num_layers=3, batch_first=True))
    with pytest.raises(ValueError, match=rf"expected weights for {asked} layers .*received weights for 3"):
        stacked["stacked_lstm"](torch.randn(2, 4, 5), weights, asked)


def test_stack_rejects_wrong_input_size(stacked):
    weights = weights_of(nn.LSTM(5, 8, num_layers=2, batch_first=True))
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, T, 5\), received \(2, 4, 3\)"):
        stacked["stacked_lstm"](torch.randn(2, 4, 3), weights, 2)


def test_stack_rejects_mismatched_upper_layer_weights(stacked):
    weights = weights_of(nn.LSTM(5, 8, num_layers=2, batch_first=True))
    weights["weight_ih_l1"] = torch.zeros(32, 5)   # layer 1 must read size n = 8
    with pytest.raises(ValueError, match=r"expected weight_ih_l1 of shape \(32, 8\), received \(32, 5\)"):
        stacked["stacked_lstm"](torch.randn(2, 4, 5), weights, 2)


def depth_table(out: str) -> dict[int, tuple[float, float]]:
    rows = re.findall(r"^\s*(\d+)\s+(\S+)\s+(\S+)$", out, re.M)
    assert rows, f"stacked_gradients.py no longer prints its table of depths; update this test and the page:\n{out}"
    return {int(L): (float(plain), float(residual)) for L, plain, residual in rows}


def test_plain_stack_gradient_fades_with_depth(built_site):
    table = depth_table(build_output("stacked_gradients.py"))
    plain = [table[L][0] for L in sorted(table)]
    assert all(b < a for a, b in zip(plain, plain[1:])), f"stacked_gradients.py: plain gradient not falling: {plain}"
    assert plain[-1] < 1e-6 * plain[0], f"stacked_gradients.py: the plain stack should lose many orders: {plain}"


def test_residual_stack_keeps_layer_1_gradient(built_site):
    table = depth_table(build_output("stacked_gradients.py"))
    deepest = max(table)
    plain, residual = table[deepest]
    one_layer = table[1][1]
    assert residual > 1e6 * plain, f"stacked_gradients.py: at L={deepest} residual {residual} not far above plain {plain}"
    assert 0.1 * one_layer < residual < 10 * one_layer, (
        f"stacked_gradients.py: the page says the residual gradient stays of the order of the one-layer value "
        f"{one_layer}; at L={deepest} it is {residual}")
