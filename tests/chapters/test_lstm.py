"""What docs/lstm.md says, checked on its snippets' recorded values and on their functions.

The from-scratch LSTMs (snippets/lstm/lstm_numpy.py, lstm_torch.py) match torch.nn.LSTM on
other sizes and given initial states, the torch cell passes gradcheck on other sizes, bad shapes
raise a ValueError naming expected and received shapes, and the recorded numbers behind the
memory, gradient-flow and forget-bias paragraphs say what the page says about them. The
recorded gaps to torch.nn.LSTM are checked against the bounds the snippets print (and the page
states); the snippets' other asserts (the 2-vs-1 forget bias) are not repeated.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

IMPLEMENTATIONS = ["lstm_numpy.py", "lstm_torch.py"]


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def implementation(request, snippet_globals):
    """(snippet name, its globals, a function turning a torch tensor into its input type)."""
    name = request.param
    namespace = snippet_globals(name)
    to_input = (lambda t: t.numpy()) if name == "lstm_numpy.py" else (lambda t: t)
    return name, namespace, to_input


# ---------------------------------------------------------------- equivalence with torch.nn.LSTM


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
        assert gap <= 1e-6, f"snippets/lstm/{name}: {what} differs from torch.nn.LSTM by {gap:.1e} (> 1e-6) with h0, c0 given"


@pytest.mark.parametrize("snippet", ["lstm_numpy", "lstm_torch"])
def test_outputs_agree_with_nn_lstm_to_float32_rounding(recorded, snippet):
    values = recorded(snippet)
    eps, bound = values["float32_eps"], values["tolerance"]
    assert 0 < bound <= 10 * eps, (
        f"{snippet}.py: the bound it prints is {bound:.0e}; the page calls it a few times float32's eps = {eps:.1e}")
    assert 0 <= values["largest_gap"] < bound, (
        f"{snippet}.py: the largest gap to torch.nn.LSTM is {values['largest_gap']:.1e}; the page says the outputs, "
        f"h_n and c_n agree to float32 rounding, every gap below {bound:.0e}")


def test_torch_gradients_agree_to_float32_rounding_and_gradcheck_passes(recorded):
    values = recorded("lstm_torch")
    bound = values["gradient_tolerance"]
    assert values["tolerance"] < bound <= 100 * values["float32_eps"], (
        f"lstm_torch.py: the gradient bound is {bound:.0e}; the page says it is float32 rounding, larger than the "
        f"outputs' {values['tolerance']:.0e}")
    assert 0 <= values["largest_gradient_gap"] < bound, (
        f"lstm_torch.py: gradients differ from nn.LSTM's by up to {values['largest_gradient_gap']:.1e}; the page "
        f"says they agree to float32 rounding, within {bound:.0e}")
    assert values["gradcheck_passed"], "lstm_torch.py: gradcheck did not pass; the page says it does"


def test_gradcheck_passes_on_the_torch_cell(snippet_globals):
    ns = snippet_globals("lstm_torch.py")
    torch.manual_seed(2)
    d, n, batch = 2, 3, 4
    shapes = {"W_x": (n, d), "W_h": (n, n), "b_": (n,)}  # by kind: the name without its gate letter
    inputs = [torch.randn(batch, d, dtype=torch.float64), torch.randn(batch, n, dtype=torch.float64),
              torch.randn(batch, n, dtype=torch.float64)]
    inputs += [torch.randn(shapes[name[:-1]], dtype=torch.float64) for name in ns["names"]]
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
        ("weight W_ho", lambda: layer({**weights, "W_ho": to_input(torch.zeros(n, n + 1))}, to_input(xs)),
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
            f"snippets/lstm/{name}, wrong {what}: the ValueError must name expected {expected} and received {received}, got: {message}"


# ---------------------------------------------------------------- how long the cell remembers


def test_lstm_rows_are_i_times_f_to_the_k(recorded):
    values = recorded("lstm_memory")
    for row in values["lstm"]:
        for k, left in row["left"].items():
            exact = values["input_gate"] * row["f"] ** int(k)
            assert np.isclose(left, exact, rtol=1e-9), \
                f"lstm_memory.py: LSTM with f = {row['f']} keeps {left} after {k} steps; the page says i f^k = {exact}"


def test_vanilla_rnn_memory_falls_between_the_f_05_and_f_09_lines_and_leaves_the_plot(recorded):
    values = recorded("lstm_memory")
    lines = {row["f"]: row["left"] for row in values["lstm"]}
    for k in ("10", "50", "100"):
        assert lines[0.5][k] < values["rnn"][k] < lines[0.9][k], (
            f"lstm_memory.py: at k = {k} the RNN keeps {values['rnn'][k]:.2e}, not between the f = 0.5 and f = 0.9 "
            "lines as the figure's description says")
    assert values["rnn_below_1e_8_from"] <= 40, (
        f"lstm_memory.py: the RNN's memory falls below the plot's 1e-8 only at step {values['rnn_below_1e_8_from']}; "
        "the figure's description says within 40 steps")


def test_no_slider_weight_keeps_1e_6_for_50_steps(recorded):
    slider = recorded("lstm_memory")["slider"]
    assert slider["best_left_at_50"] < 1e-6, (
        f"lstm_memory.py: w_h = {slider['best_w_h_at_50']} keeps {slider['best_left_at_50']:.2e} of h(0) after 50 "
        "steps; the page says no weight on the slider keeps even 1e-6")


# ---------------------------------------------------------------- gradient flow


def test_lstm_with_forget_bias_1_keeps_the_gradient_orders_of_magnitude_longer_in_every_seed(recorded):
    values = recorded("lstm_gradient_flow")
    per_seed, k = values["per_seed"], str(values["k_max"])
    rnn, bias0, bias1 = per_seed["rnn"], per_seed["lstm_bias_0"], per_seed["lstm_bias_1"]
    assert len(rnn[k]) == values["seeds"] >= 5, f"lstm_gradient_flow.py: {len(rnn[k])} seeds; the page says {values['seeds']}"
    assert rnn["0"] == bias0["0"] == bias1["0"], \
        "lstm_gradient_flow.py: the page says the three cells of a seed start from the same dL/dh(T)"
    for seed, (r, b0, b1, start) in enumerate(zip(rnn[k], bias0[k], bias1[k], bias1["0"])):
        assert r < b0 < b1, (f"lstm_gradient_flow.py: seed {seed}: at k = {k} RNN {r:.1e}, forget bias 0 {b0:.1e}, "
                             f"forget bias 1 {b1:.1e}; the page says this order holds in every seed")
        assert b1 >= 1e6 * r, (f"lstm_gradient_flow.py: seed {seed}: the bias-1 LSTM's gradient {b1:.1e} is not many "
                               f"orders of magnitude above the vanilla RNN's {r:.1e}")
        assert b1 <= 1e-3 * start, (f"lstm_gradient_flow.py: seed {seed}: the bias-1 LSTM keeps {b1:.1e} of "
                                    f"{start:.1e}; the page says even its gradient still vanishes exponentially")
    ratio = values["bias_1_over_rnn_at_k_max"]
    assert ratio["min"] == min(b / r for b, r in zip(bias1[k], rnn[k])), \
        "lstm_gradient_flow.py: the quoted smallest ratio is not the smallest over the seeds"


def test_both_biases_set_keeps_far_more_after_20_steps(recorded):
    values = recorded("lstm_forget_bias")
    both, one = values["both_set"], values["one_set"]
    assert both["gate"][0] > one["gate"][0] and values["kept_ratio_both_over_one"] > 10, (
        f"lstm_forget_bias.py: after {values['steps']} steps effective bias 2 keeps {both['kept_after_20'][0]:.3g}, "
        f"bias 1 keeps {one['kept_after_20'][0]:.3g}; the page says visibly (many times) more")
