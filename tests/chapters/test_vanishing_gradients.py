"""The claims of the vanishing-gradients chapter, asserted on the values its snippets recorded.

The chapter is two pages, docs/vanishing-gradients.md and docs/vanishing-why-it-matters.md,
sharing the folder snippets/vanishing-gradients/. Each test takes one sentence of a page
that states in words what a computation shows ("falls far faster than the bound", "stays
modest rather than exploding", "the ten nearest steps make up most of the update") and
checks it on snippets/vanishing-gradients/*.py's NAME.results.json, as published in the
build's results.json. None repeats an assertion the snippets make themselves (the BPTT gaps
below 1e-10, the autograd-vs-product gap below 1e-12, the one-step bound of
jacobian_bound.py, the exercise solutions' asserts).
"""

from __future__ import annotations

import math

import pytest

PAGE = "docs/vanishing-gradients.md"
MATTERS = "docs/vanishing-why-it-matters.md"


def rho_key(rho: float) -> str:
    return f"rho_{rho:g}".replace(".", "_")


# --- One number, multiplied again and again ---------------------------------------------------


def w_key(w: float) -> str:
    return f"w_{w:g}".replace(".", "_")


def test_the_linear_unit_shrinks_below_1_and_grows_above(recorded):
    unit = recorded("scalar_rnn")
    below, above = unit[w_key(0.9)], unit[w_key(1.1)]
    assert below["k50"]["linear"] < below["k10"]["linear"] < 1, (
        f"scalar_rnn.py: w = 0.9 gives {below['k10']['linear']:.3g} and {below['k50']['linear']:.3g}; {PAGE} says the "
        "linear unit's gradient shrinks")
    assert above["k50"]["linear"] > above["k10"]["linear"] > 1, (
        f"scalar_rnn.py: w = 1.1 gives {above['k10']['linear']:.3g} and {above['k50']['linear']:.3g}; {PAGE} says it "
        "has grown")


def test_the_tanh_unit_is_smaller_than_the_linear_one_for_every_weight(recorded):
    unit = recorded("scalar_rnn")
    larger = [(w, k) for w in (0.9, 1.1, 1.5) for k in ("k10", "k50")
              if unit[w_key(w)][k]["tanh"] >= unit[w_key(w)][k]["linear"]]
    assert not larger, f"scalar_rnn.py: the tanh product is not below w^k at {larger}; {PAGE} says tanh shrinks every one"


def test_the_tanh_unit_at_1_1_loses_the_gradient_and_1_5_does_not_rescue_it(recorded):
    unit = recorded("scalar_rnn")
    at_11, at_15 = unit[w_key(1.1)], unit[w_key(1.5)]
    assert at_11["tanh_factor"] < 1 and at_11["k50"]["tanh"] < 1, (
        f"scalar_rnn.py: at w = 1.1 a typical tanh step multiplies by {at_11['tanh_factor']:.3f} and 50 steps leave "
        f"{at_11['k50']['tanh']:.3g}; {PAGE} says the gradient shrinks")
    assert at_15["k50"]["tanh"] < 1e-6 * at_11["k50"]["tanh"], (
        f"scalar_rnn.py: at w = 1.5 fifty tanh steps leave {at_15['k50']['tanh']:.3g}, at 1.1 {at_11['k50']['tanh']:.3g}; "
        f"{PAGE} says a large weight does not rescue the gradient")


# --- Backpropagation through time by hand ---------------------------------------------------


def test_hand_written_bptt_agrees_with_autograd_to_rounding(recorded):
    bptt = recorded("rnn_bptt")
    loss_gap = abs(bptt["loss"]["numpy"] - bptt["loss"]["torch"])
    assert loss_gap <= 1e-12 * abs(bptt["loss"]["torch"]), (
        f"rnn_bptt.py: the numpy loss differs from torch's by {loss_gap:.1e}; {PAGE} quotes one loss for both")
    bound = bptt["tolerance"]
    assert 0 < bound <= 1e-13 and all(0 <= gap < bound for gap in bptt["gaps"].values()), (
        f"rnn_bptt.py: the gradient gaps are {bptt['gaps']}, bound {bound:.0e}; {PAGE} calls them rounding error "
        "(float64, a few units of 1e-16 times the size of the gradients), each below that bound")


# --- The chain rule through time ------------------------------------------------------------


def test_product_of_jacobians_is_the_autograd_jacobian_to_float64_rounding(recorded):
    product = recorded("jacobian_product")
    bound = product["tolerance"]
    assert 0 < bound <= 1e-14 and 0 <= product["gap"] < bound, (
        f"jacobian_product.py: autograd and the product of {product['k']} Jacobians differ by {product['gap']:.1e}, "
        f"bound {bound:.0e}; {PAGE} says by less than that bound in any entry, float64 rounding")


def test_ten_step_jacobian_has_already_shrunk(recorded):
    product = recorded("jacobian_product")
    assert product["norm"] < 0.1, (
        f"jacobian_product.py: ||dh(T)/dh(T-{product['k']})|| = {product['norm']:.3g}; {PAGE} says it is "
        "'already down' after these steps")


# --- The linear case --------------------------------------------------------------------------


def test_eigendecomposition_reproduces_the_power(recorded):
    powers = recorded("linear_powers")
    for rho in powers["radii"]:
        for k in ("k10", "k50"):
            row = powers[rho_key(rho)][k]
            assert row["gap"] <= 1e-12 * max(1.0, row["norm"]), (
                f"linear_powers.py: at rho = {rho}, {k}, |W_h^k - Q L^k Q^-1| reaches {row['gap']:.1e} for a power "
                f"of norm {row['norm']:.3g}; {PAGE} says the eigendecomposition reproduces it to rounding")


def test_norm_of_the_power_follows_rho_to_the_k(recorded):
    powers = recorded("linear_powers")
    rows = [powers[rho_key(rho)][k] for rho in powers["radii"] for k in ("k10", "k50")]
    spread = max(r["rho_k"] for r in rows) / min(r["rho_k"] for r in rows)
    assert spread > 1e3, f"linear_powers.py: rho^k spans only a factor {spread:.3g}; {PAGE} says orders of magnitude"
    ratio = powers["ratio"]
    assert ratio["max"] / ratio["min"] < 1.01, (
        f"linear_powers.py: ||W_h^k|| / rho^k runs from {ratio['min']:.4f} to {ratio['max']:.4f}; {PAGE} says the "
        "ratio stays put (a constant factor)")


# --- The derivatives and the bound ------------------------------------------------------------


@pytest.mark.parametrize("name, gamma", [("sigmoid", 0.25), ("tanh", 1.0)])
def test_gamma_is_reached_at_zero_only(recorded, name, gamma):
    found = recorded("activation_derivatives")[name]
    assert abs(found["gamma"] - gamma) <= 1e-9, (
        f"activation_derivatives.py: max {name}' = {found['gamma']!r}; {PAGE} says gamma = {gamma}")
    assert found["peak_z"] == [0.0], (
        f"activation_derivatives.py: {name}' is within 1e-9 of its peak at z = {found['peak_z']}; {PAGE} says the "
        "peak is reached at z = 0 only")


def test_tanh_saturates_within_a_few_units(recorded):
    z = recorded("activation_derivatives")["tanh_saturated_z"]
    assert 1 < z < 2.5, (f"activation_derivatives.py: tanh' < 0.1 from |z| = {z}; {PAGE}'s figure describes a narrow "
                         "bump that is close to 0 from about |z| = 2")


def test_measured_products_never_exceed_the_bound(recorded):
    bound = recorded("jacobian_bound")
    for run in ("tanh_small", "sigmoid", "tanh_large"):
        for k in ("k10", "k50"):
            measured, limit = bound[run][k]["measured"], bound[run][k]["bound"]
            assert measured <= limit * (1 + 1e-9), (
                f"jacobian_bound.py: {run}, {k}: the product has norm {measured:.3g}, above the bound {limit:.3g} "
                f"that {PAGE} proves")


def test_tanh_below_the_condition_falls_far_faster_than_the_bound(recorded):
    run = recorded("jacobian_bound")["tanh_small"]
    assert run["gamma_W_norm"] < 1
    measured, limit = run["k50"]["measured"], run["k50"]["bound"]
    assert measured < 1e-6 * limit, (
        f"jacobian_bound.py: tanh, ||W_h|| = {run['W_norm']}: at k = 50 the product is {measured:.2e} against the "
        f"bound {limit:.2e}; {PAGE} says it falls far faster than the bound")


def test_sigmoid_with_large_weights_vanishes_all_the_same(recorded):
    run = recorded("jacobian_bound")["sigmoid"]
    assert 1 < run["W_norm"] < 4 and run["gamma_W_norm"] < 1, (
        f"jacobian_bound.py: the sigmoid RNN has ||W_h|| = {run['W_norm']}; {PAGE} says it is much larger than 1 and "
        "still below the sufficient bound 4")
    assert run["k50"]["measured"] < 1e-10, (
        f"jacobian_bound.py: the sigmoid RNN with ||W_h|| = {run['W_norm']} keeps {run['k50']['measured']:.2e} over 50 "
        f"steps; {PAGE} says its gradient vanishes all the same")


def test_tanh_above_the_condition_stays_modest_rather_than_exploding(recorded):
    run = recorded("jacobian_bound")["tanh_large"]
    assert run["gamma_W_norm"] > 1
    assert run["k50"]["bound"] > 1e20, f"jacobian_bound.py: the bound is {run['k50']['bound']:.2e}, not useless"
    assert run["k50"]["measured"] < 100 and run["k50"]["measured"] < 10 * run["k10"]["measured"], (
        f"jacobian_bound.py: with gamma ||W_h|| = {run['gamma_W_norm']}, the product grows to "
        f"{run['k10']['measured']:.3g} (k = 10) and {run['k50']['measured']:.3g} (k = 50); {PAGE} says it stays "
        "modest rather than exploding")


def test_the_large_tanh_run_stays_modest_by_its_radius_and_derivatives_not_by_saturation(recorded):
    run = recorded("jacobian_bound")["tanh_large"]
    assert run["share_derivative_below_0_1"] < 0.2, (
        f"jacobian_bound.py: {run['share_derivative_below_0_1']:.0%} of the unit-steps have tanh' < 0.1; {PAGE} says "
        "saturation is not the reason the product stays modest")
    assert run["rho"] < 0.7 * run["W_norm"] and run["mean_derivative"] < 0.7, (
        f"jacobian_bound.py: rho = {run['rho']}, mean tanh' = {run['mean_derivative']}; {PAGE} says the spectral "
        "radius is far below the norm and the average derivative well below 1")
    assert 0.7 < run["rho"] * run["mean_derivative"] < 1.4, (
        f"jacobian_bound.py: rho x mean tanh' = {run['rho'] * run['mean_derivative']:.2f}; {PAGE} says a typical "
        "step barely stretches the gradient")


# --- Measuring the decay ----------------------------------------------------------------------


def test_linear_rnn_draws_lines_of_slope_log_rho(recorded):
    curves = recorded("vanishing_jacobians")
    for rho in curves["radii"]:
        row = curves["linear"][rho_key(rho)]
        slope = math.log(row["k50"] / row["k10"]) / 40
        assert abs(slope - math.log(rho)) < 0.02, (
            f"vanishing_jacobians.py: the linear RNN at rho = {rho} has log-slope {slope:.4f} between k = 10 and 50, "
            f"not log(rho) = {math.log(rho):.4f}; {PAGE} says the lines have slope log rho(W_h)")


def test_tanh_below_linear_everywhere(recorded):
    ratio = recorded("vanishing_jacobians")["max_tanh_over_linear"]
    assert ratio < 1, (f"vanishing_jacobians.py: at some radius and distance the tanh norm is {ratio:.3f} times the "
                       f"linear one; {PAGE} says the tanh RNN sits below the linear one everywhere")


def test_tanh_at_radius_1_1_loses_orders_where_linear_grows(recorded):
    curves = recorded("vanishing_jacobians")
    tanh, linear = curves["tanh"]["rho_1_1"], curves["linear"]["rho_1_1"]
    assert tanh["k50"] < 1e-2 * tanh["k1"], (
        f"vanishing_jacobians.py: tanh, rho = 1.1 goes from {tanh['k1']:.3g} to {tanh['k50']:.3g}; {PAGE} says it "
        "loses orders of magnitude over 50 steps")
    assert linear["k50"] > linear["k1"], (
        f"vanishing_jacobians.py: linear, rho = 1.1 goes from {linear['k1']:.3g} to {linear['k50']:.3g}; {PAGE} says "
        "it grows")


def test_tanh_at_radius_1_5_first_rises_then_falls(recorded):
    tanh = recorded("vanishing_jacobians")["tanh"]["rho_1_5"]
    assert tanh["k10"] > tanh["k1"] > tanh["k50"], (
        f"vanishing_jacobians.py: the tanh norm at radius 1.5 is {tanh['k1']:.3g}, {tanh['k10']:.3g}, {tanh['k50']:.3g} "
        f"at k = 1, 10, 50; {PAGE} says it first rises, then falls below its start")


def test_only_the_largest_radius_makes_tanh_grow_and_slowly(recorded):
    curves = recorded("vanishing_jacobians")
    growing = [rho for rho in curves["radii"]  # "ends above where it started"
               if curves["tanh"][rho_key(rho)]["k50"] > curves["tanh"][rho_key(rho)]["k1"]]
    largest = max(curves["radii"])
    assert growing == [largest], (f"vanishing_jacobians.py: the tanh gradient grows over 50 steps at radii {growing}; "
                                  f"{PAGE} says only the largest, {largest}, makes it grow")
    tanh, linear = curves["tanh"][rho_key(largest)]["k50"], curves["linear"][rho_key(largest)]["k50"]
    assert tanh < 1e-6 * linear, (f"vanishing_jacobians.py: at rho = {largest}, tanh reaches {tanh:.3g} and linear "
                                  f"{linear:.3g}; {PAGE} says the tanh gradient grows much more slowly")


# --- The explorer -----------------------------------------------------------------------------


def test_norm_of_A_puts_the_tanh_guarantee_well_below_radius_1(recorded):
    explorer = recorded("vanishing_explorer")
    assert abs(explorer["rho_at_bound"] * explorer["norm_A"] - 1) < 1e-12
    assert explorer["rho_at_bound"] < 0.8, (
        f"vanishing_explorer.py: ||A|| = {explorer['norm_A']:.3f}, so the bound guarantees vanishing for tanh up to "
        f"rho = {explorer['rho_at_bound']:.3f}; {PAGE} says well below 1")


def test_explorer_curves_stay_below_the_dashed_bound(recorded):
    ratio = recorded("vanishing_explorer")["max_measured_over_bound"]
    assert ratio <= 1 + 1e-9, (f"vanishing_explorer.py: a reference curve reaches {ratio:.6f} times the bound "
                               f"(gamma ||W_h||)^k; {PAGE} says the measured curve never rises above it")


def test_sigmoid_survives_ten_steps_at_no_radius_of_the_slider(recorded):
    sigmoid = recorded("vanishing_explorer")["T50"]["sigmoid"]
    survived = {key: curve["k10"] for key, curve in sigmoid.items() if curve["k10"] > 1e-3}
    assert not survived, (f"vanishing_explorer.py: after ten steps the sigmoid RNN keeps {survived}; {PAGE} says no "
                          "radius on the slider (0.5 to 1.5) lets it survive ten steps undiminished")


def test_explorer_figure_tanh_lines_end_below_their_start(recorded):
    tanh = recorded("vanishing_explorer")["T50"]["tanh"]
    rising = {key: curve for key, curve in tanh.items() if curve["k50"] >= curve["k1"]}
    assert not rising, f"vanishing_explorer.py: tanh curves that end above their start: {rising}; {PAGE}'s figure says none"
    assert 0.1 < tanh["rho_1_5"]["k50"] < 1, (
        f"vanishing_explorer.py: tanh at rho = 1.5 ends at {tanh['rho_1_5']['k50']:.3g}; the figure's text says a "
        "little below 1")


# --- Why vanishing gradients matter: the near terms swamp the far ones -------------------------


def test_ten_nearest_terms_make_up_most_of_the_update_at_every_radius(recorded):
    swamping = recorded("gradient_swamping")
    for rho in swamping["radii"]:
        share = swamping[rho_key(rho)]["share_near"]
        assert share > 0.5, (f"gradient_swamping.py: at rho = {rho} the 10 nearest terms make {share:.1%} of the "
                             f"update; {MATTERS} says most of it, even at the largest radius")


def test_far_terms_fall_more_slowly_at_larger_radii(recorded):
    swamping = recorded("gradient_swamping")
    ratios = [swamping[rho_key(rho)]["ratio_k50_k0"] for rho in swamping["radii"]]
    shares = [swamping[rho_key(rho)]["share_near"] for rho in swamping["radii"]]
    assert ratios == sorted(ratios), (f"gradient_swamping.py: term k=50 / term k=0 is {ratios} for radii "
                                      f"{swamping['radii']}; {MATTERS} says larger radii fall more slowly")
    assert shares == sorted(shares, reverse=True), f"gradient_swamping.py: the near shares {shares} should fall with rho"
    assert ratios[0] < 1e-12, (f"gradient_swamping.py: at rho = {swamping['radii'][0]} the term 50 steps back is "
                               f"{ratios[0]:.1e} of the nearest; {MATTERS} says such far terms are not there")


def test_terms_start_near_one(recorded):
    swamping = recorded("gradient_swamping")
    starts = {rho: swamping[rho_key(rho)]["term_k0"] for rho in swamping["radii"]}
    assert all(0.3 < s < 3 for s in starts.values()), (
        f"gradient_swamping.py: the terms at k = 0 are {starts}; the figure's alt text says all curves start near 1")


# --- The exercises ----------------------------------------------------------------------------


def test_exercise_2_the_tanh_rnn_with_an_orthogonal_matrix_still_decays(recorded):
    run = recorded("vanishing_exercise_2")
    tanh = [run[k]["tanh"] for k in ("k1", "k10", "k50")]
    assert tanh == sorted(tanh, reverse=True) and tanh[-1] < 0.1 * tanh[0], (
        f"vanishing_exercise_2.py: the tanh norms at k = 1, 10, 50 are {tanh}; {PAGE} says the norm still decays")


def test_matters_exercise_1_small_weights_vanish_large_explode_unit_scale_changes_slowly(recorded):
    run = recorded("vanishing_matters_exercise_1")
    small, unit, large = run["s_0_5"], run["s_1"], run["s_2"]
    assert small["l50"] < small["l10"] < 1 and small["l50"] < 1e-6, (
        f"vanishing_matters_exercise_1.py: s = 0.5 gives {small}; {MATTERS} says small weights make it vanish")
    assert large["l50"] > large["l10"] > 1, (
        f"vanishing_matters_exercise_1.py: s = 2 gives {large}; {MATTERS} says large weights make it explode")
    early, late = large["l10"] ** (1 / 10), (large["l50"] / large["l10"]) ** (1 / 40)
    assert late < early, (f"vanishing_matters_exercise_1.py: s = 2 grows by {early:.3f} per layer in the first ten "
                          f"and {late:.3f} per layer after; {MATTERS} says more slowly in the deeper layers")
    per_layer = [unit["l10"] ** (1 / 10), (unit["l50"] / unit["l10"]) ** (1 / 40)]
    assert all(0.9 < f < 1.1 for f in per_layer), (
        f"vanishing_matters_exercise_1.py: s = 1 changes by {per_layer} per layer; {MATTERS} says it changes slowly")


def test_matters_exercise_2_near_terms_stay_the_majority_until_r_is_close_to_1(recorded):
    run = recorded("vanishing_matters_exercise_2")
    assert run["r_0_9"] > 0.5 and 0.9 < run["r_half"] < 1 and run["r_0_99"] < 0.5, (
        f"vanishing_matters_exercise_2.py: share {run['r_0_9']:.3f} at r = 0.9, below half from r = {run['r_half']}; "
        f"{MATTERS} says the ten nearest stay at least half until r is close to 1")
