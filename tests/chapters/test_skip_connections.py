"""What docs/skip-connections.md says in words, checked on the values its snippets recorded.

Snippets: snippets/skip-connections/skip_spiral_mlp.py (sigmoid vs ReLU on the spiral, 5 seeds),
skip_deep_gradients.py (40 layers at initialisation, 5 seeds), skip_degradation.py (training 4 vs 20
layers, plain and residual, 5 seeds). The page words its comparisons for every seed measured,
so the tests check them seed by seed.
"""

from __future__ import annotations

import math

import pytest

# ---------------------------------------------------------------- the spiral MLP


@pytest.fixture(scope="module")
def spiral(recorded):
    return recorded("skip_spiral_mlp")


def per_seed(values: dict) -> list:
    """The values, one per seed, of a recorded {per_seed, median, min, max}."""
    return values["per_seed"]


def test_spiral_results_hold_every_seed(spiral):
    for name in ("sigmoid", "ReLU"):
        assert len(per_seed(spiral[name]["final_loss"])) == spiral["seeds"] == 5, (
            f"skip_spiral_mlp.py: the {name} network has {len(per_seed(spiral[name]['final_loss']))} recorded runs; "
            f"docs/skip-connections.md says every comparison is measured with 5 seeds")


def test_sigmoid_first_layer_gradient_is_a_small_fraction_of_its_last_layers(spiral):
    sigmoid = per_seed(spiral["sigmoid"]["layer_1_over_3_at_step_1"])
    relu = per_seed(spiral["ReLU"]["layer_1_over_3_at_step_1"])
    for seed, (s, r) in enumerate(zip(sigmoid, relu)):
        assert 0.005 < s < 0.1 and r > 0.1, (
            f"skip_spiral_mlp.py, seed {seed}: at step 1, layer 1 / layer 3 gradient is {s:.3g} (sigmoid) and {r:.3g} "
            "(ReLU); the page says in every seed one to two orders of magnitude for sigmoid, a sizeable fraction for ReLU")


def test_the_sigmoid_networks_gap_between_layers_closes_within_a_hundred_steps(spiral):
    later = spiral["sigmoid"]["layer_1_over_3_at_step_101"]["per_seed"]
    first = spiral["sigmoid"]["layer_1_over_3_at_step_1"]["per_seed"]
    assert all(0.3 < late and late > 10 * early for late, early in zip(later, first)), (
        f"skip_spiral_mlp.py: layer 1 / layer 3 at step 101 is {later} (at step 1: {first}); docs/skip-connections.md says the gap "
        "closes within a few dozen steps")


def test_sigmoid_first_layer_gets_several_times_less_than_relus(spiral):
    ratios = spiral["relu_over_sigmoid_layer_1"]
    for seed, (first, hundred) in enumerate(zip(per_seed(ratios["step_1"]), per_seed(ratios["first_100"]))):
        assert first > 3 and hundred > 1.5, (
            f"skip_spiral_mlp.py, seed {seed}: the ReLU net's first-layer gradient is only {first:.2f}x (step 1) and "
            f"{hundred:.2f}x (first 100 steps) the sigmoid net's; the page says several times larger in every seed")


def test_sigmoid_network_learns_far_more_slowly(spiral):
    for step in ("101", str(spiral["steps"])):
        sigmoid = per_seed(spiral["sigmoid"]["rows"][step]["loss"])
        relu = per_seed(spiral["ReLU"]["rows"][step]["loss"])
        for seed, (s, r) in enumerate(zip(sigmoid, relu)):
            assert s > 3 * r, (
                f"skip_spiral_mlp.py, seed {seed}: at step {step} the sigmoid loss {s:.4f} is not far above the ReLU "
                f"loss {r:.4f}, as the page and the loss figure claim for every seed")
    accuracies = zip(per_seed(spiral["sigmoid"]["accuracy"]), per_seed(spiral["ReLU"]["accuracy"]))
    for seed, (s, r) in enumerate(accuracies):
        assert r > 0.95 > s + 0.2, (
            f"skip_spiral_mlp.py, seed {seed}: accuracies {r:.1%} (ReLU), {s:.1%} (sigmoid); the page says every "
            "ReLU net has fitted its data and every sigmoid net is far from it")


# ---------------------------------------------------------------- 40 layers at initialisation


@pytest.fixture(scope="module")
def deep(recorded):
    return recorded("skip_deep_gradients")


def at_layer(deep, kind: str, layer: int) -> list:
    """The gradient reaching layer `layer` of the `kind` network, one value per seed."""
    return per_seed(deep["norms"][kind][str(layer)])


def test_deep_gradients_measured_with_five_seeds(deep):
    counts = {f"{kind}, layer {layer}": len(at_layer(deep, kind, layer)) for kind in deep["norms"] for layer in (1, 40)}
    assert deep["seeds"] == 5 and set(counts.values()) == {5}, (
        f"skip_deep_gradients.py: {deep['seeds']} seeds, recorded runs per kind {counts}; "
        "docs/skip-connections.md quotes medians over 5 seeds")


def test_plain_first_layer_gradient_is_orders_of_magnitude_below_every_skip_connection(deep):
    plain = at_layer(deep, "plain", 1)
    for seed, p in enumerate(plain):
        residual = at_layer(deep, "residual", 1)[seed]
        assert p < 1e-15 * residual, (
            f"skip_deep_gradients.py, seed {seed}: plain layer-1 gradient {p:.3g} vs residual {residual:.3g}; "
            "the page says around 1e-17 times the residual network's in every seed")
        for kind in ("highway", "dense"):
            skip = at_layer(deep, kind, 1)[seed]
            assert p < 1e-10 * skip, (
                f"skip_deep_gradients.py, seed {seed}: the {kind} network's first layer gets {skip:.3g}, the plain "
                f"one's {p:.3g}; the page says in every seed even the least skip connection gets orders of "
                "magnitude more")


def test_plain_gradient_shrinks_at_every_layer_down(deep):
    shrinks = deep["plain_shrinks_every_layer"]
    drops = per_seed(deep["plain_orders_of_magnitude_drop"])
    off_line = per_seed(deep["plain_off_straight_line"])
    assert len(shrinks) == len(drops) == len(off_line) == deep["seeds"], (
        f"skip_deep_gradients.py: {len(shrinks)}, {len(drops)}, {len(off_line)} recorded runs of the plain network; "
        f"the page's claims about it are for each of {deep['seeds']} seeds")
    for seed, (shrinking, drop, off) in enumerate(zip(shrinks, drops, off_line)):
        assert shrinking and drop > 10 and off < 1, (
            f"skip_deep_gradients.py, seed {seed}: the plain network's gradient "
            f"{'shrinks' if shrinking else 'does not shrink'} at every layer down, drops {drop:.1f} orders of "
            f"magnitude and strays {off:.2f} orders from a straight line; the page says in every seed it shrinks at "
            "every layer, along a straight line on the log scale")


def test_plain_highway_and_dense_start_alike_and_residual_gets_more_at_the_top(deep):
    for seed in range(deep["seeds"]):
        tops = {kind: at_layer(deep, kind, 40)[seed] for kind in ("plain", "highway", "dense")}
        residual = at_layer(deep, "residual", 40)[seed]
        assert max(tops.values()) < 1.05 * min(tops.values()) and residual > max(tops.values()), (
            f"skip_deep_gradients.py, seed {seed}: gradients at layer 40 {tops}, residual {residual:.4g}; the page "
            "says in every seed the plain, highway and dense networks get about the same and the residual one more")


def test_residual_gradient_stays_within_an_order_of_magnitude(deep):
    spreads = per_seed(deep["residual_max_over_min"])
    firsts, lasts = at_layer(deep, "residual", 1), at_layer(deep, "residual", 40)
    assert len(spreads) == len(firsts) == deep["seeds"], (
        f"skip_deep_gradients.py: {len(spreads)} recorded residual runs; the page's claims are for each of "
        f"{deep['seeds']} seeds")
    for seed, (spread, first, last) in enumerate(zip(spreads, firsts, lasts)):
        assert 1 <= spread < 10 and first > last, (
            f"skip_deep_gradients.py, seed {seed}: the residual network's largest gradient over its layers is "
            f"{spread:.3g} times its smallest, layer 1 gets {first:.3g} and layer 40 {last:.3g}; the page says in "
            "every seed it stays within a small factor and rises towards the input")


def test_dense_gradient_drops_once_and_then_stays_level(deep):
    drops = per_seed(deep["dense_drop_at_last_layer"])
    spreads = per_seed(deep["dense_max_over_min_below_last_layer"])
    assert len(drops) == len(spreads) == deep["seeds"], (
        f"skip_deep_gradients.py: {len(drops)} recorded dense runs; the page's claims are for each of "
        f"{deep['seeds']} seeds")
    for seed, (drop, spread) in enumerate(zip(drops, spreads)):
        assert drop > 5 and 1 <= spread < 2, (
            f"skip_deep_gradients.py, seed {seed}: the dense network's gradient falls {drop:.3g}x at the last layer "
            f"and varies {spread:.3g}x over the 39 below; the page says in every seed it drops once, at the last "
            "layer, and then stays level")


def test_highway_layers_start_by_mostly_carrying(deep):
    bias, carry = deep["gate_bias"], deep["carry_factor"]
    assert bias < 0 and abs(carry - (1 - 1 / (1 + math.exp(-bias)))) < 1e-12 and carry > 0.5, (
        f"skip_deep_gradients.py: transform-gate bias {bias}, carry per layer {carry}; the page says the bias starts "
        "negative, so that each layer starts by carrying most of its input, 1 - sigmoid(b_tau)")


def test_highway_drop_matches_its_carry_path(deep):
    """Exercise 2: the carry path alone predicts (1 - sigmoid(-2))**39 over the 39 layers from h(40) to h(1)."""
    carry = deep["carry_only_drop"]
    drops = per_seed(deep["highway_drop"])
    shrinks = deep["highway_shrinks_every_layer"]
    assert len(drops) == len(shrinks) == deep["seeds"], (
        f"skip_deep_gradients.py: {len(drops)} recorded highway runs; the page's claims are for each of "
        f"{deep['seeds']} seeds")
    for seed, (drop, shrinking) in enumerate(zip(drops, shrinks)):
        assert abs(drop / carry - 1) < 0.1 and shrinking, (
            f"skip_deep_gradients.py, seed {seed}: the highway network's gradient drops to {drop:.3g} from layer 40 "
            f"to layer 1 ({'shrinking' if shrinking else 'not shrinking'} at every layer), the carry path alone "
            f"predicts {carry:.3g}; the page says in every seed it falls slowly, close to that prediction")


# ---------------------------------------------------------------- training: the degradation problem


@pytest.fixture(scope="module")
def degradation(recorded):
    return recorded("skip_degradation")


@pytest.fixture(scope="module")
def runs(degradation):
    return degradation["runs"]


def seeds_of(runs, what: str) -> dict:
    """{network: [value per seed]} of one recorded quantity."""
    return {name: run[what]["per_seed"] for name, run in runs.items()}


def test_degradation_runs_five_seeds(degradation, runs):
    counts = {name: len(losses) for name, losses in seeds_of(runs, "final").items()}
    assert degradation["seeds"] == 5 and set(counts.values()) == {5}, (
        f"skip_degradation.py recorded {counts} runs per network; docs/skip-connections.md says 5 seeds each")


def test_deep_plain_net_ends_with_the_highest_training_loss(runs):
    final = seeds_of(runs, "final")
    for seed, (plain, shallow, residual) in enumerate(zip(final["deep_plain"], final["shallow"], final["residual"])):
        assert plain > shallow and plain > residual, (
            f"skip_degradation.py, seed {seed}: final training losses deep plain {plain:.4f}, shallow {shallow:.4f}, "
            f"residual {residual:.4f}; the page says the deep plain net ends highest in all 5 seeds")


def test_residual_net_reaches_the_lowest_loss_far_below_the_deep_plain_net(runs):
    lowest = seeds_of(runs, "lowest")
    for seed, (plain, shallow, residual) in enumerate(zip(lowest["deep_plain"], lowest["shallow"], lowest["residual"])):
        assert residual < shallow and residual < plain / 5, (
            f"skip_degradation.py, seed {seed}: lowest training losses deep plain {plain:.4f}, shallow {shallow:.4f}, "
            f"residual {residual:.4f}; the page says in every seed the residual net reaches the lowest loss, far below "
            "the deep plain net's")


def test_residual_net_ends_lowest_except_after_a_spike(degradation, runs):
    final, lowest = seeds_of(runs, "final"), seeds_of(runs, "lowest")
    ends_lowest = 0
    for seed, (plain, shallow, residual) in enumerate(zip(final["deep_plain"], final["shallow"], final["residual"])):
        if residual < min(plain, shallow):
            ends_lowest += 1
        else:
            assert residual > 2 * lowest["residual"][seed], (
                f"skip_degradation.py, seed {seed}: the residual net ends at {residual:.4f}, not lowest, and not above "
                f"twice its lowest, {lowest['residual'][seed]:.4f}; the page says where it does not end lowest it is "
                "still coming down from a spike, at more than twice its own lowest loss")
    assert ends_lowest == degradation["residual_ends_lowest_in"], (
        f"skip_degradation.py: the residual net ends lowest in {ends_lowest} seeds, the page quotes "
        f"{degradation['residual_ends_lowest_in']} and describes the seeds where it does not")


def test_deep_plain_net_stays_near_chance_for_dozens_of_steps(degradation, runs):
    near_chance = seeds_of(runs, "near_chance_steps")
    assert min(near_chance["deep_plain"]) >= 24, (
        f"skip_degradation.py: the deep plain loss stays above 90 % of chance for {near_chance['deep_plain']} steps "
        "(per seed); the figure's description says dozens in every seed")
    assert max(near_chance["residual"]) < min(near_chance["shallow"]), (
        f"skip_degradation.py: steps near chance per seed, residual {near_chance['residual']}, shallow "
        f"{near_chance['shallow']}; the figure's description says the residual nets fall fastest")
    never = sum(n == degradation["steps"] for n in near_chance["deep_plain"])
    assert never == runs["deep_plain"]["never_leaves_chance"], (
        f"skip_degradation.py: the deep plain net never leaves chance in {never} seeds, the page quotes "
        f"{runs['deep_plain']['never_leaves_chance']}")


def test_all_networks_start_at_or_a_little_above_chance(degradation, runs):
    chance = degradation["chance"]
    for name, losses in seeds_of(runs, "step_1").items():
        assert all(0.99 * chance < loss < 1.2 * chance for loss in losses), (
            f"skip_degradation.py: the {name} networks' losses at step 1 are {losses}; the page says every network "
            f"starts at or a little above chance, ln 3 = {chance:.4f}")


def test_the_deep_plain_seed_that_never_leaves_chance_stays_at_chance(degradation, runs):
    chance, threshold = degradation["chance"], degradation["near_chance_threshold"]
    assert abs(threshold - 0.9 * chance) < 1e-9 and f"{threshold:.2f}" == "0.99", (
        f"skip_degradation.py: the near-chance threshold is {threshold}; the page calls it 0.9 · ln 3 ≈ 0.99")
    stuck = runs["deep_plain"]["stuck_lowest"]
    assert runs["deep_plain"]["never_leaves_chance"] >= 1 and stuck is not None, (
        f"skip_degradation.py: the deep plain net leaves chance in every seed; the page describes a seed that never does")
    assert f"{stuck:.4f}" == f"{chance:.4f}", (
        f"skip_degradation.py: the lowest loss of the deep plain seeds that never get below {threshold:.4f} is "
        f"{stuck:.6f}; the page says such a seed stays at chance, ln 3 = {chance:.6f} to four decimals")


def test_the_residual_nets_lowest_losses_are_at_the_level_exercise_5_checks(runs):
    lowest = runs["residual"]["lowest"]["per_seed"]
    assert max(lowest) < 0.02, (
        f"skip_degradation.py: the residual net's lowest losses are {lowest} by seed; exercise 5's solution says they "
        "are at the level its code checks for the He-initialised plain net, below 0.02")
