"""What docs/skip-connections.md says in words, checked on the values its snippets recorded.

Snippets: snippets/skip-connections/skip_spiral_mlp.py (sigmoid vs ReLU on the spiral),
skip_deep_gradients.py (40 layers at initialisation), skip_degradation.py (training 4 vs 20
layers, plain and residual).
"""

from __future__ import annotations

import pytest

# ---------------------------------------------------------------- the spiral MLP


@pytest.fixture(scope="module")
def spiral(recorded):
    return recorded("skip_spiral_mlp")


def test_sigmoid_first_layer_gradient_is_a_small_fraction_of_its_last_layers(spiral):
    sigmoid, relu = spiral["sigmoid"]["layer_1_over_3_at_step_1"], spiral["ReLU"]["layer_1_over_3_at_step_1"]
    assert sigmoid < 0.05 and relu > 0.1, (
        f"skip_spiral_mlp.py: at step 1, layer 1 / layer 3 gradient is {sigmoid:.3g} (sigmoid) and {relu:.3g} (ReLU); "
        "the page says about two orders of magnitude for sigmoid, a sizeable fraction for ReLU")


def test_sigmoid_first_layer_gets_several_times_less_than_relus(spiral):
    ratios = spiral["relu_over_sigmoid_layer_1"]
    assert ratios["step_1"] > 3 and ratios["first_100"] > 1.5, (
        f"skip_spiral_mlp.py: the ReLU net's first-layer gradient is only {ratios['step_1']:.2f}x (step 1) and "
        f"{ratios['first_100']:.2f}x (first 100 steps) the sigmoid net's; the page says several times larger")


def test_sigmoid_network_learns_far_more_slowly(spiral):
    for step in ("101", str(spiral["steps"])):
        sigmoid, relu = spiral["sigmoid"]["rows"][step]["loss"], spiral["ReLU"]["rows"][step]["loss"]
        assert sigmoid > 3 * relu, (
            f"skip_spiral_mlp.py: at step {step} the sigmoid loss {sigmoid:.4f} is not far above the ReLU loss "
            f"{relu:.4f}, as the page and the loss figure claim")
    assert spiral["ReLU"]["accuracy"] > 0.95 > spiral["sigmoid"]["accuracy"] + 0.2, (
        f"skip_spiral_mlp.py: accuracies {spiral['ReLU']['accuracy']:.1%} (ReLU), {spiral['sigmoid']['accuracy']:.1%} "
        "(sigmoid); the page says the ReLU net has fitted the data and the sigmoid net is far from it")


# ---------------------------------------------------------------- 40 layers at initialisation


@pytest.fixture(scope="module")
def deep(recorded):
    return recorded("skip_deep_gradients")


def test_plain_first_layer_gradient_is_orders_of_magnitude_below_every_skip_connection(deep):
    norms = deep["norms"]
    plain_first = norms["plain"]["1"]
    assert plain_first < 1e-15 * norms["residual"]["1"], (
        f"skip_deep_gradients.py: plain layer-1 gradient {plain_first:.3g} vs residual {norms['residual']['1']:.3g}; "
        "the page says more than fifteen orders of magnitude apart")
    for kind in ("highway", "dense"):
        assert plain_first < 1e-10 * norms[kind]["1"], (
            f"skip_deep_gradients.py: the {kind} network's first layer does not get orders of magnitude more "
            f"gradient than the plain one's ({norms[kind]['1']:.3g} vs {plain_first:.3g})")


def test_plain_gradient_shrinks_at_every_layer_down(deep):
    assert deep["plain_shrinks_every_layer"] and deep["plain_orders_of_magnitude_drop"] > 10, (
        f"skip_deep_gradients.py: the plain network's gradient does not fall at every layer down (a drop of "
        f"{deep['plain_orders_of_magnitude_drop']:.1f} orders); the page shows a straight falling line")


def test_all_networks_start_with_a_similar_gradient_at_the_top(deep):
    tops = [values["40"] for values in deep["norms"].values()]
    assert max(tops) < 10 * min(tops), f"skip_deep_gradients.py: gradients at layer 40 differ by more than 10x: {tops}"


def test_residual_gradient_stays_within_an_order_of_magnitude(deep):
    residual = list(deep["norms"]["residual"].values())
    assert max(residual) < 10 * min(residual), (
        f"skip_deep_gradients.py: the residual network's gradient varies by more than 10x over its layers: {residual}")


def test_highway_drop_matches_its_carry_path(deep):
    """Exercise 2: the carry path alone predicts (1 - sigmoid(-2))**39 over the 39 layers from h(40) to h(1)."""
    drop, carry = deep["highway_drop"], deep["carry_only_drop"]
    assert abs(drop / carry - 1) < 0.05, (
        f"skip_deep_gradients.py: the highway network's gradient drops to {drop:.3g} from layer 40 to layer 1, the "
        f"carry path alone predicts {carry:.3g}; the page says almost exactly that")


# ---------------------------------------------------------------- training: the degradation problem


@pytest.fixture(scope="module")
def runs(recorded):
    return recorded("skip_degradation")["runs"]


def test_deep_plain_net_ends_with_the_highest_training_loss(runs):
    final = {name: run["final"] for name, run in runs.items()}
    assert final["deep_plain"] > final["shallow"] and final["deep_plain"] > final["residual"], (
        f"skip_degradation.py: final training losses {final}; the page says the deep plain net ends highest")


def test_residual_net_ends_far_below_the_deep_plain_net_and_lowest(runs):
    final = {name: run["final"] for name, run in runs.items()}
    assert final["residual"] < final["deep_plain"] / 5 and final["residual"] < final["shallow"], (
        f"skip_degradation.py: final training losses {final}; the page says the residual net ends far below the "
        "plain net of the same depth, and lowest")


def test_deep_plain_net_stays_near_chance_for_dozens_of_steps(recorded):
    values = recorded("skip_degradation")
    runs = values["runs"]
    assert runs["deep_plain"]["below_90pc_chance_from"] >= 24, (
        f"skip_degradation.py: the deep plain loss is below 90 % of chance from step "
        f"{runs['deep_plain']['below_90pc_chance_from']}; the figure's description says it stays near chance for dozens")
    assert all(abs(run["step_1"] / values["chance"] - 1) < 0.1 for run in runs.values()), \
        "skip_degradation.py: the three networks do not start near chance, ln 3, as the page says"
