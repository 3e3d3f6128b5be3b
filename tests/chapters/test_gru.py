"""The claims of docs/gru.md: on the values snippets/gru/gru_from_scratch.py recorded, and by
calling its functions on sizes and inputs of our own.

The snippet asserts, on its own sizes, that the PyTorch-convention cell matches nn.GRU to
1e-6 and that gradcheck passes; these tests check the same functions on other sizes, the
lecture convention's difference (which the snippet only prints), and the shape errors.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

PAGE = "docs/gru.md"
SIZES = [(3, 5, 7, 2), (1, 16, 30, 4)]  # (d, n, T, B), not the snippet's own


@pytest.fixture(scope="module")
def gru(snippet_globals) -> dict:
    return snippet_globals("gru_from_scratch.py")


# --- On the recorded values -----------------------------------------------------------------


def test_lecture_cell_differs_by_a_sizeable_fraction_of_the_values(recorded):
    """Update rows negated, so only the reset gate's place differs: still far above rounding."""
    found = recorded("gru_from_scratch")
    lecture, largest = found["gaps"]["lecture"], found["largest_state"]
    assert lecture["outputs"] > 0.1 * largest and lecture["h_n"] > 0.03 * largest, (
        f"gru_from_scratch.py: the lecture cell is {lecture['outputs']:.2g} (outputs) / {lecture['h_n']:.2g} (h_n) "
        f"away from nn.GRU, for states up to {largest:.2f}; {PAGE} says the reset gate's place alone changes the "
        "outputs by a sizeable fraction of the values")
    pytorch = found["gaps"]["pytorch"]
    assert max(pytorch.values()) < 1e-3 * lecture["outputs"], (
        f"gru_from_scratch.py: the pytorch cell ({pytorch}) is not far closer to nn.GRU than the lecture one; {PAGE} "
        "contrasts a float32-rounding match with a different function")


def test_pytorch_cell_matches_nn_gru_within_the_printed_bound(recorded):
    found = recorded("gru_from_scratch")
    pytorch, bound = found["gaps"]["pytorch"], found["tolerance"]
    assert 0 < bound <= 1e-6 and all(0 <= gap < bound for gap in pytorch.values()), (
        f"gru_from_scratch.py: the pytorch cell is {pytorch} away from nn.GRU, bound {bound:.0e}; {PAGE} says every "
        "gap is below that bound (at most 1e-6), float32 rounding")


def test_every_shape_error_names_the_expected_and_the_received_shape(recorded):
    errors = recorded("gru_from_scratch")["errors"]
    assert len(errors) == 3, f"gru_from_scratch.py recorded {len(errors)} ValueErrors; {PAGE} quotes three"
    for error in errors:
        message = error["message"]
        assert "expected shape" in message and message.count("(") >= 2, (
            f"gru_from_scratch.py: for {error['call']} the message {message!r} should name both shapes, as {PAGE} says")


# --- By calling the snippet's functions -------------------------------------------------------


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
        f"snippets/gru/gru_from_scratch.py: the pytorch-convention GRU differs from nn.GRU by {diff_out:.1e} "
        f"(outputs) / {diff_last:.1e} (h_n) at d, n, T, B = {d, n, T, B}; fix gru_cell_pytorch")


@pytest.mark.parametrize("d, n, T, B", SIZES)
def test_lecture_convention_is_a_different_function(gru, d, n, T, B):
    diff_out, _ = run_against_nn_gru(gru, "lecture", d, n, T, B)
    assert diff_out > 1e-2, (f"snippets/gru/gru_from_scratch.py: the lecture GRU is within {diff_out:.1e} of nn.GRU; "
                             f"{PAGE} says the two conventions differ on the same weights")


@pytest.mark.parametrize("cell", ["gru_cell_pytorch", "gru_cell_lecture"])
def test_gradcheck_passes_in_float64(gru, cell):
    torch.manual_seed(2)
    d, n, B = 4, 3, 5
    f64 = dict(dtype=torch.float64, requires_grad=True)
    inputs = [torch.randn(B, d, **f64), torch.randn(B, n, **f64), torch.randn(3 * n, d, **f64),
              torch.randn(3 * n, n, **f64), torch.randn(3 * n, **f64)]
    if cell == "gru_cell_pytorch":
        inputs.append(torch.randn(3 * n, **f64))
    assert torch.autograd.gradcheck(gru[cell], tuple(inputs)), (
        f"snippets/gru/gru_from_scratch.py: gradcheck fails on {cell} at d, n, B = {d, n, B}")


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
        f"snippets/gru/gru_from_scratch.py: for a wrong {what} the ValueError should name the expected shape "
        f"{expected} and the received one {received}; it says {message!r}")
