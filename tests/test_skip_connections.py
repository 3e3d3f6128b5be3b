"""The facts docs/skip-connections.md states, checked on the numbers its snippets printed during the build."""

from __future__ import annotations

import re

import pytest

from sitetools import build_output

NUMBER = r"([-+]?\d+(?:\.\d+)?(?:e[-+]\d+)?)"


def numbers_after(output: str, label: str, snippet: str) -> list[float]:
    """The numbers on the first output line that starts with label."""
    for line in output.splitlines():
        if line.startswith(label):
            return [float(v) for v in re.findall(NUMBER, line[len(label):])]
    pytest.fail(f"snippets/{snippet} printed no line starting with {label!r}; "
                f"its print format changed: update this test and the page's prose together")


# ---------------------------------------------------------------- the spiral MLP


@pytest.fixture(scope="module")
def spiral(built_site) -> str:
    return build_output("skip_spiral_mlp.py")


def table_row(output: str, name: str, step: int) -> dict:
    """One row of the per-layer table: loss and mean |dJ/dW| of layers 1-3."""
    match = re.search(rf"^{name}\s+{step}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}$", output, re.M)
    assert match, f"skip_spiral_mlp.py printed no table row for {name} at step {step}"
    loss, *layers = map(float, match.groups())
    return {"loss": loss, "layers": layers}


def test_sigmoid_first_layer_gradient_is_a_small_fraction_of_its_last_layers(spiral):
    sigmoid, relu = table_row(spiral, "sigmoid", 1), table_row(spiral, "ReLU", 1)
    sigmoid_ratio = sigmoid["layers"][0] / sigmoid["layers"][2]
    relu_ratio = relu["layers"][0] / relu["layers"][2]
    assert sigmoid_ratio < 0.05 and relu_ratio > 0.1, (
        f"skip_spiral_mlp.py: at step 1, layer 1 / layer 3 gradient is {sigmoid_ratio:.3g} (sigmoid) and "
        f"{relu_ratio:.3g} (ReLU); the page says about two orders of magnitude for sigmoid, a sizeable fraction for ReLU")


def test_sigmoid_first_layer_gets_several_times_less_than_relus(spiral):
    match = re.search(rf"ReLU net / sigmoid net: {NUMBER} at step 1, {NUMBER} averaged", spiral)
    assert match, "skip_spiral_mlp.py no longer prints the ReLU / sigmoid first-layer ratio; update this test"
    at_step_1, first_100 = map(float, match.groups())
    assert at_step_1 > 3 and first_100 > 1.5, (
        f"skip_spiral_mlp.py: the ReLU net's first-layer gradient is only {at_step_1}x (step 1) and {first_100}x "
        f"(first 100 steps) the sigmoid net's; the page says several times larger")


def test_sigmoid_network_learns_far_more_slowly(spiral):
    for step in (101, 1000):
        sigmoid, relu = table_row(spiral, "sigmoid", step), table_row(spiral, "ReLU", step)
        assert sigmoid["loss"] > 3 * relu["loss"], (
            f"skip_spiral_mlp.py: at step {step} the sigmoid loss {sigmoid['loss']} is not far above the ReLU loss "
            f"{relu['loss']}, as the page and the loss figure claim")


# ---------------------------------------------------------------- 40 layers at initialisation


@pytest.fixture(scope="module")
def deep(built_site) -> dict[str, list[float]]:
    """||dJ/dh_l|| at l = 1, 10, 20, 40 for each kind of network."""
    output = build_output("skip_deep_gradients.py")
    return {kind: numbers_after(output, kind + " ", "skip_deep_gradients.py")
            for kind in ("plain", "residual", "highway", "dense")}


def test_plain_first_layer_gradient_is_orders_of_magnitude_below_every_skip_connection(deep):
    plain_first = deep["plain"][0]
    assert plain_first < 1e-15 * deep["residual"][0], (
        f"skip_deep_gradients.py: plain layer-1 gradient {plain_first:.3g} vs residual {deep['residual'][0]:.3g}; "
        "the page says more than fifteen orders of magnitude apart")
    for kind in ("highway", "dense"):
        assert plain_first < 1e-10 * deep[kind][0], (
            f"skip_deep_gradients.py: the {kind} network's first layer does not get orders of magnitude more "
            f"gradient than the plain one's ({deep[kind][0]:.3g} vs {plain_first:.3g})")


def test_plain_gradient_shrinks_at_every_measured_depth(deep):
    plain = deep["plain"]
    assert plain == sorted(plain), f"skip_deep_gradients.py: the plain network's gradient does not grow towards the output: {plain}"


def test_all_networks_start_with_a_similar_gradient_at_the_top(deep):
    tops = [values[-1] for values in deep.values()]
    assert max(tops) < 10 * min(tops), f"skip_deep_gradients.py: gradients at layer 40 differ by more than 10x: {tops}"


def test_residual_gradient_stays_within_an_order_of_magnitude(deep):
    residual = deep["residual"]
    assert max(residual) < 10 * min(residual), (
        f"skip_deep_gradients.py: the residual network's gradient varies by more than 10x over its layers: {residual}")


def test_highway_drop_matches_its_carry_path(deep):
    """Exercise 2: the carry path alone predicts (1 - sigmoid(-2))**40, a little under 1e-2."""
    drop = deep["highway"][0] / deep["highway"][-1]
    assert 1e-3 < drop < 1e-1, f"skip_deep_gradients.py: the highway network's gradient drops by {drop:.3g} over 40 layers"


# ---------------------------------------------------------------- training: the degradation problem


@pytest.fixture(scope="module")
def final_losses(built_site) -> dict[str, float]:
    output = build_output("skip_degradation.py")
    labels = {"shallow": "shallow plain, 4 layers", "deep plain": "deep plain, 20 layers",
              "residual": "residual, 20 layers"}
    return {key: numbers_after(output, label, "skip_degradation.py")[-1] for key, label in labels.items()}


def test_deep_plain_net_ends_with_the_highest_training_loss(final_losses):
    deep = final_losses["deep plain"]
    assert deep > final_losses["shallow"] and deep > final_losses["residual"], (
        f"skip_degradation.py: final training losses {final_losses}; the page says the deep plain net ends highest")


def test_residual_net_ends_far_below_the_deep_plain_net(final_losses):
    assert final_losses["residual"] < final_losses["deep plain"] / 5, (
        f"skip_degradation.py: final training losses {final_losses}; the page says the residual net ends far below "
        "the plain net of the same depth")
