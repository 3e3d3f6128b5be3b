"""The facts the chapters 'GRU' and 'LSTM vs GRU' state, checked by calling the snippets'
functions and on what the snippets printed during the build."""

from __future__ import annotations

import platform
import re

import pytest
import torch
from torch import nn

from sitetools import build_output

SIZES = [(3, 5, 7, 2), (1, 16, 30, 4)]  # (d, n, T, B), not the snippet's own


@pytest.fixture(scope="module")
def gru(snippet_globals) -> dict:
    return snippet_globals("gru_from_scratch.py")


@pytest.fixture(scope="module")
def params(snippet_globals) -> dict:
    return snippet_globals("lstm_vs_gru_params.py")


def run_against_nn_gru(gru: dict, convention: str, d: int, n: int, T: int, B: int):
    """Largest |ours - nn.GRU| over the outputs and over h_n, same weights and inputs."""
    torch.manual_seed(1)
    reference = nn.GRU(d, n)
    ours = gru["ScratchGRU"](d, n, convention)
    ours.copy_weights_from(reference)
    xs, h0 = torch.randn(T, B, d), torch.randn(1, B, n)
    with torch.no_grad():
        (ref_out, ref_last), (out, last) = reference(xs, h0), ours(xs, h0)
    return (out - ref_out).abs().max().item(), (last - ref_last).abs().max().item()


@pytest.mark.parametrize("d, n, T, B", SIZES)
def test_pytorch_convention_matches_nn_gru(gru, d, n, T, B):
    diff_out, diff_last = run_against_nn_gru(gru, "pytorch", d, n, T, B)
    assert diff_out <= 1e-6 and diff_last <= 1e-6, (
        f"snippets/gru_from_scratch.py: the pytorch-convention GRU differs from nn.GRU by {diff_out:.1e} "
        f"(outputs) / {diff_last:.1e} (h_n) at d, n, T, B = {d, n, T, B}; fix gru_cell_pytorch")


@pytest.mark.parametrize("d, n, T, B", SIZES)
def test_lecture_convention_is_a_different_function(gru, d, n, T, B):
    diff_out, _ = run_against_nn_gru(gru, "lecture", d, n, T, B)
    assert diff_out > 1e-2, (f"snippets/gru_from_scratch.py: the lecture GRU is within {diff_out:.1e} of nn.GRU; "
                             "docs/gru.md says the two conventions differ on the same weights")


def test_build_printed_the_equivalence(built_site):
    out = build_output("gru_from_scratch.py")
    diffs = {m["convention"]: (float(m["outputs"]), float(m["last"])) for m in re.finditer(
        r"(?P<convention>\w+) vs nn.GRU: outputs differ by up to (?P<outputs>\S+), h_n by (?P<last>\S+)", out)}
    assert set(diffs) == {"pytorch", "lecture"}, f"gru_from_scratch.py printed no comparison lines:\n{out}"
    assert max(diffs["pytorch"]) <= 1e-6, f"the page shows the pytorch GRU off nn.GRU by {diffs['pytorch']}"
    assert min(diffs["lecture"]) > 1e-2, f"the page shows the lecture GRU close to nn.GRU: {diffs['lecture']}"


@pytest.mark.parametrize("cell", ["gru_cell_pytorch", "gru_cell_lecture"])
def test_gradcheck_passes_in_float64(gru, cell):
    torch.manual_seed(2)
    d, n, B = 4, 3, 5
    f64 = dict(dtype=torch.float64, requires_grad=True)
    inputs = [torch.randn(B, d, **f64), torch.randn(B, n, **f64), torch.randn(3 * n, d, **f64),
              torch.randn(3 * n, n, **f64), torch.randn(3 * n, **f64)]
    if cell == "gru_cell_pytorch":
        inputs.append(torch.randn(3 * n, **f64))
    assert torch.autograd.gradcheck(gru[cell], tuple(inputs)), f"snippets/gru_from_scratch.py: gradcheck fails on {cell}"


def wrong_weight(model):
    model.weight_hh = nn.Parameter(torch.randn(24, 7))  # a (24, 8) matrix for n = 8
    return model(torch.randn(6, 2, 5))


BAD = {  # what is wrong -> (call on ScratchGRU(5, 8), expected shape, received shape)
    "input size": (lambda m: m(torch.randn(6, 2, 7)), "(T, B, 5)", "(6, 2, 7)"),
    "input without a batch axis": (lambda m: m(torch.randn(6, 5)), "(T, B, 5)", "(6, 5)"),
    "hidden size of h0": (lambda m: m(torch.randn(6, 2, 5), torch.randn(1, 2, 6)), "(1, 2, 8)", "(1, 2, 6)"),
    "batch of h0": (lambda m: m(torch.randn(6, 2, 5), torch.randn(1, 3, 8)), "(1, 2, 8)", "(1, 3, 8)"),
    "weight shape": (wrong_weight, "(24, 8)", "(24, 7)"),
    "weights of another input size": (lambda m: m.copy_weights_from(nn.GRU(4, 8)), "(24, 5)", "(24, 4)"),
    "weights of another hidden size": (lambda m: m.copy_weights_from(nn.GRU(5, 6)), "(24, 5)", "(18, 5)"),
}


@pytest.mark.parametrize("what", BAD)
def test_bad_shapes_raise_a_value_error_naming_both_shapes(gru, what):
    call, expected, received = BAD[what]
    with pytest.raises(ValueError) as error:
        call(gru["ScratchGRU"](5, 8))
    message = str(error.value)
    assert expected in message and received in message, (
        f"snippets/gru_from_scratch.py: for a wrong {what} the ValueError should name the expected shape "
        f"{expected} and the received one {received}; it says {message!r}")


@pytest.mark.parametrize("d, n", [(1, 1), (7, 3), (64, 200), (300, 128)])
def test_parameter_count_formulas_match_torch(params, d, n):
    count = params["count"]
    for formula, module in [("lstm_params", nn.LSTM), ("gru_params", nn.GRU), ("rnn_params", nn.RNN)]:
        assert params[formula](d, n) == count(module(d, n)), (
            f"snippets/lstm_vs_gru_params.py: {formula}({d}, {n}) is not the parameter count of {module.__name__}")
    assert 4 * params["gru_params"](d, n) == 3 * params["lstm_params"](d, n), "the GRU should have exactly 3/4 of the LSTM's parameters"


def adding_results(out: str) -> dict[str, tuple[float, str]]:
    found = {m["cell"]: (float(m["ratio"]), m["step"]) for m in re.finditer(
        r"^ *(?P<cell>RNN|LSTM|GRU) +\S+ +(?P<ratio>\S+) +(?P<step>never|step \d+)$", out, re.M)}
    assert set(found) == {"RNN", "LSTM", "GRU"}, f"lstm_vs_gru_adding.py printed no result line for some cell:\n{out}"
    return found


def test_gated_cells_learn_the_adding_problem_and_the_plain_rnn_does_not(built_site):
    results = adding_results(build_output("lstm_vs_gru_adding.py"))
    for cell in ("LSTM", "GRU"):
        ratio, step = results[cell]
        assert ratio < 0.05 and step != "never", (
            f"docs/lstm-vs-gru.md says the {cell} ends far below the baseline, but its test MSE is {ratio} of it: "
            "train longer in snippets/lstm_vs_gru_adding.py or change the page")
    ratio, step = results["RNN"]
    assert ratio > 0.8 and step == "never", (
        f"docs/lstm-vs-gru.md says the plain RNN stays at the baseline, but it reached {ratio} of it; change the page")


def test_speed_script_prints_a_verdict_per_size_and_no_ratio(built_site):
    out = build_output("lstm_vs_gru_speed.py")
    verdicts = re.findall(r"hidden size +\d+: (GRU faster|GRU slower|about the same) \(", out)
    assert len(verdicts) == 3, f"lstm_vs_gru_speed.py should print one verdict per hidden size:\n{out}"
    decimals = set(re.findall(r"\d+\.\d+", out))
    assert decimals <= {"0.8", "1.25"}, f"lstm_vs_gru_speed.py prints measured numbers {decimals}; they are not reproducible"


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="the page describes PyTorch's x86 CPU kernels")
def test_lstm_runs_as_one_fused_kernel_and_the_gru_step_by_step(built_site):
    out = build_output("lstm_vs_gru_speed.py")
    nodes = {m[1]: (int(m[2]), m[3]) for m in re.finditer(r"(LSTM|GRU): (\d+) autograd nodes .*fused kernels: (.*)", out)}
    assert nodes["LSTM"][1] != "none" and nodes["GRU"][1] == "none", f"docs/lstm-vs-gru.md describes fused kernels that the output does not show:\n{out}"
    assert nodes["GRU"][0] > 20 * nodes["LSTM"][0], f"docs/lstm-vs-gru.md says a handful of nodes against hundreds:\n{out}"
