"""What the LSTM chapter (docs/lstm.md) states, checked on its snippets.

The from-scratch LSTMs (snippets/lstm_numpy.py, snippets/lstm_torch.py) match
torch.nn.LSTM, the torch cell passes gradcheck, bad shapes raise a ValueError
naming expected and received shapes, and the numbers behind the memory and
gradient-flow figures say what the page says about them.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from sitetools import build_output

IMPLEMENTATIONS = ["lstm_numpy.py", "lstm_torch.py"]
NUMBER = r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?"


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def implementation(request, snippet_globals):
    """(snippet name, its globals, a function turning a torch tensor into its input type)."""
    name = request.param
    namespace = snippet_globals(name)
    to_input = (lambda t: t.numpy()) if name == "lstm_numpy.py" else (lambda t: t)
    return name, namespace, to_input


def table_rows(output: str, snippet: str) -> dict[str, list[float]]:
    """Rows "label   1.0e-01  2.0e-02 ..." of a printed table, keyed by label (two spaces or more after it)."""
    rows = {}
    for line in output.splitlines():
        m = re.match(rf"^(?P<label>\S.*?)\s{{2,}}(?P<numbers>(?:{NUMBER}\s*){{3,}})$", line)
        if m:
            rows[m["label"]] = [float(v) for v in m["numbers"].split()]
    assert rows, f"found no table in the build output of snippets/{snippet}; did its print format change?"
    return rows


# ---------------------------------------------------------------- equivalence with torch.nn.LSTM


@pytest.mark.parametrize("snippet", IMPLEMENTATIONS)
def test_build_output_shows_outputs_h_n_c_n_within_1e_6(built_site, snippet):
    gaps = dict(re.findall(rf"^\s+(outputs|h_n|c_n)\s.*max \|.*\| = ({NUMBER})$", build_output(snippet), re.M))
    assert set(gaps) == {"outputs", "h_n", "c_n"}, f"snippets/{snippet} no longer prints the three gaps the page shows"
    too_far = {name: gap for name, gap in gaps.items() if float(gap) > 1e-6}
    assert not too_far, f"snippets/{snippet}: from-scratch LSTM differs from torch.nn.LSTM by more than 1e-6: {too_far}"


def test_from_scratch_matches_nn_lstm_on_other_sizes_and_initial_states(implementation):
    name, ns, to_input = implementation
    torch.manual_seed(1)
    d, n, T, batch = 3, 6, 9, 2
    lstm = torch.nn.LSTM(d, n)
    xs, h0, c0 = torch.randn(T, batch, d), torch.randn(batch, n), torch.randn(batch, n)
    with torch.no_grad():
        expected_out, (expected_h, expected_c) = lstm(xs, (h0[None], c0[None]))
        out, h_n, c_n = ns["lstm_layer"](ns["weights_from_torch"](lstm), to_input(xs), to_input(h0), to_input(c0))
    for what, ours, theirs in [("outputs", out, expected_out), ("h_n", h_n, expected_h[0]), ("c_n", c_n, expected_c[0])]:
        gap = np.abs(np.asarray(ours) - theirs.numpy()).max()
        assert gap <= 1e-6, f"snippets/{name}: {what} differs from torch.nn.LSTM by {gap:.1e} (> 1e-6) with h0, c0 given"


def test_torch_gradients_match_nn_lstm(built_site):
    gaps = re.findall(rf"dL/d\w+\s+max \|ours - torch\| = ({NUMBER})", build_output("lstm_torch.py"))
    assert len(gaps) == 4, "snippets/lstm_torch.py no longer prints the gradient gaps of the four parameter tensors"
    assert max(float(g) for g in gaps) <= 1e-5, f"snippets/lstm_torch.py: gradients differ from nn.LSTM's: {gaps}"


# ---------------------------------------------------------------- gradcheck


def test_build_output_shows_gradcheck_passing(built_site):
    assert re.search(r"^gradcheck on the cell \(float64.*\): True$", build_output("lstm_torch.py"), re.M), \
        "snippets/lstm_torch.py does not print a passing gradcheck, as the page says it does"


def test_gradcheck_passes_on_the_torch_cell(snippet_globals):
    ns = snippet_globals("lstm_torch.py")
    torch.manual_seed(2)
    d, n, batch = 2, 3, 4
    shapes = {"W": (n, d), "U": (n, n), "b": (n,)}
    inputs = [torch.randn(batch, d, dtype=torch.float64), torch.randn(batch, n, dtype=torch.float64),
              torch.randn(batch, n, dtype=torch.float64)]
    inputs += [torch.randn(shapes[name[0]], dtype=torch.float64) for name in ns["names"]]
    inputs = [t.requires_grad_(True) for t in inputs]
    assert torch.autograd.gradcheck(ns["cell_of_tensors"], inputs), "gradcheck failed on lstm_torch.py's lstm_cell"


# ---------------------------------------------------------------- bad shapes


def bad_calls(ns, to_input):
    """(what is wrong, the call, the expected and the received shape its message must name)."""
    torch.manual_seed(3)
    d, n, T, batch = 3, 4, 5, 2
    weights = ns["weights_from_torch"](torch.nn.LSTM(d, n))
    xs = torch.randn(T, batch, d)
    layer = ns["lstm_layer"]
    return [
        ("input size", lambda: layer(weights, to_input(torch.randn(T, batch, d + 2))), f"(batch, {d})", f"({batch}, {d + 2})"),
        ("input not 3-D", lambda: layer(weights, to_input(xs[0])), "(T, batch, d)", f"({batch}, {d})"),
        ("hidden size of h0", lambda: layer(weights, to_input(xs), h0=to_input(torch.zeros(batch, n + 1))),
         f"({batch}, {n})", f"({batch}, {n + 1})"),
        ("hidden size of c0", lambda: layer(weights, to_input(xs), h0=to_input(torch.zeros(batch, n)),
                                            c0=to_input(torch.zeros(batch, n - 1))), f"({batch}, {n})", f"({batch}, {n - 1})"),
        ("weight U_o", lambda: layer({**weights, "U_o": to_input(torch.zeros(n, n + 1))}, to_input(xs)),
         f"({n}, {n})", f"({n}, {n + 1})"),
        ("weight b_f", lambda: layer({**weights, "b_f": to_input(torch.zeros(n + 3))}, to_input(xs)),
         f"({n},)", f"({n + 3},)"),
    ]


def test_bad_shapes_raise_value_error_naming_expected_and_received(implementation):
    name, ns, to_input = implementation
    for what, call, expected, received in bad_calls(ns, to_input):
        with pytest.raises(ValueError) as raised:
            call()
        message = str(raised.value)
        assert expected in message and received in message, \
            f"snippets/{name}, wrong {what}: the ValueError must name expected {expected} and received {received}, got: {message}"


# ---------------------------------------------------------------- the figures' claims


def test_lstm_with_forget_bias_1_keeps_the_gradient_orders_of_magnitude_longer(built_site):
    """The page: all three fall exponentially; vanilla steepest, then bias 0, then bias 1, far above."""
    rows = table_rows(build_output("lstm_gradient_flow.py"), "lstm_gradient_flow.py")
    rnn, bias0, bias1 = rows["vanilla RNN"], rows["LSTM, forget bias 0"], rows["LSTM, forget bias 1"]
    assert rnn[0] == bias0[0] == bias1[0], "the three gradients should start from the same dL/dh(T)"
    assert bias1[-1] >= 1e6 * rnn[-1], \
        f"lstm_gradient_flow.py: LSTM (forget bias 1) at the largest k is not orders of magnitude above the vanilla RNN: {bias1[-1]} vs {rnn[-1]}"
    assert rnn[-1] < bias0[-1] < bias1[-1], "lstm_gradient_flow.py: the order vanilla < bias 0 < bias 1 the page describes no longer holds"
    assert bias1[-1] <= 1e-3 * bias1[0], "lstm_gradient_flow.py: the page says even the bias-1 LSTM's gradient still vanishes"


def test_memory_figure_numbers(built_site):
    rows = table_rows(build_output("lstm_memory.py"), "lstm_memory.py")
    ks = [1, 10, 50, 100]
    for f in [0.5, 0.9, 0.99, 1.0]:
        got = rows[f"LSTM, f = {f}"]
        assert np.allclose(got, [f**k for k in ks], rtol=1e-2), f"lstm_memory.py: LSTM row f = {f} is not f^k: {got}"
    rnn = rows["vanilla RNN"]
    assert rnn[2] < 1e-8 and rnn[2] < rows["LSTM, f = 0.9"][2], \
        "lstm_memory.py: the page says the vanilla RNN's memory is gone (below the plot's 1e-8) within 50 steps"


def test_forget_bias_pitfall_gives_2_and_the_fix_gives_1(snippet_globals):
    ns = snippet_globals("lstm_forget_bias.py")
    assert torch.all(ns["twice_b_f"] == 2.0) and torch.all(ns["fixed_b_f"] == 1.0), \
        "lstm_forget_bias.py: setting 1 in both biases should give 2, in one of them 1"
    lstm = torch.nn.LSTM(ns["d"], ns["n"])
    with torch.no_grad():
        lstm.bias_ih_l0[ns["forget_rows"]] = 1.0
        lstm.bias_hh_l0[ns["forget_rows"]] = 1.0
    assert torch.all(ns["effective_forget_bias"](lstm) == 2.0), "effective_forget_bias does not add the two biases"
