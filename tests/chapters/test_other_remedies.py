"""What docs/other-remedies.md says in words, checked on the values its snippets recorded.

Snippets: snippets/other-remedies/remedies_init.py (three initialisations of W_h, the gradient
reaching step 0 and a brief training run, 5 seeds), remedies_truncated_bptt.py (truncated
against full BPTT on a delayed recall task, 5 seeds, and what truncation saves) and
remedies_clipping.py (a threshold from observed norms, 3 seeds; mixed precision; gradient
accumulation). Where the page says "in every seed", every seed is checked.
"""

from __future__ import annotations

import math
import statistics

import pytest

PAGE = "docs/other-remedies.md"
INITS = ("default", "orthogonal", "irnn")
CHANCE = 0.5


@pytest.fixture(scope="module")
def init(recorded):
    found = recorded("remedies_init")
    for name in INITS:
        assert len(found[name]["reach_per_seed"]) == len(found[name]["accuracy"]) == found["seeds"] >= 5, (
            f"remedies_init.py: {name} has fewer than 5 seeds; {PAGE} compares the initialisations over 5")
    return found


@pytest.fixture(scope="module")
def truncated(recorded):
    found = recorded("remedies_truncated_bptt")
    for name, run in found["runs"].items():
        assert len(run["accuracy"]) == len(run["curves"]) == found["seeds"] >= 5, (
            f"remedies_truncated_bptt.py: run {name} has fewer than 5 seeds; {PAGE} compares over 5")
    return found


@pytest.fixture(scope="module")
def clipping(recorded):
    found = recorded("remedies_clipping")
    assert len(found["per_seed"]) == found["seeds"] >= 3, f"remedies_clipping.py: fewer than 3 seeds ({PAGE})"
    return found


# --- Initialisation ---------------------------------------------------------------------------


def test_quoted_medians_and_ranges_are_those_of_the_seeds(init):
    for name in INITS:
        per_seed = init[name]["reach_per_seed"]
        assert init[name]["reach_median"] == statistics.median(per_seed) and init[name]["reach_range"] == [
            min(per_seed), max(per_seed)], f"remedies_init.py: {name}'s quoted median or range is not that of its seeds"
        assert [curve[-1] for curve in init[name]["reach_curves"]] == per_seed and init["lengths"][-1] == init["T"], (
            f"remedies_init.py: {name}: the gradient at step 0 quoted for T = {init['T']} is not the figure's last point")


def test_the_default_gradient_falls_exponentially_in_every_seed(init):
    for seed, curve in enumerate(init["default"]["reach_curves"]):
        assert all(b < a for a, b in zip(curve, curve[1:])), (
            f"remedies_init.py: seed {seed}: the default initialisation's gradient {curve} does not fall at every "
            f"length; {PAGE}'s figure shows it falling straight down on a log scale")
        factor = (curve[-1] / curve[-3]) ** (1 / (init["lengths"][-1] - init["lengths"][-3]))
        assert factor < 0.7 and curve[-1] < 1e-6, (
            f"remedies_init.py: seed {seed}: the default gradient falls by {factor:.2f} per step to {curve[-1]:.1e}; "
            f"{PAGE} says it falls exponentially and almost none reaches step 0")


def test_default_spectral_radius_is_below_one_and_the_others_start_at_one(init):
    low, high = init["default"]["init_spectral_radius_range"]
    assert 0.5 < low <= high < 0.7, (
        f"remedies_init.py: PyTorch's default W_h has spectral radius {low:.2f} to {high:.2f}; {PAGE} compares it with "
        "a matrix whose largest eigenvalue has modulus 0.6")
    for name in ("orthogonal", "irnn"):
        for radius, sigma in zip(init[name]["init_spectral_radius"], init[name]["init_largest_singular_value"]):
            assert abs(radius - 1) < 1e-6 and abs(sigma - 1) < 1e-6, (
                f"remedies_init.py: the {name} W_h starts with spectral radius {radius} and norm {sigma}, not 1 ({PAGE})")


def test_orthogonal_and_identity_pass_far_more_gradient_in_every_seed(init):
    for seed, (default, orthogonal, irnn) in enumerate(zip(*(init[name]["reach_per_seed"] for name in INITS))):
        assert 1e4 * default < orthogonal < irnn <= 1, (
            f"remedies_init.py: seed {seed}: from step {init['T']} the gradient reaching step 0 is {default:.1e} "
            f"(default), {orthogonal:.1e} (orthogonal), {irnn:.2f} (IRNN); {PAGE} says orders of magnitude more with an "
            "orthogonal W_h, more again with the identity, and never more than the unit gradient sent back")


def test_the_seeds_ranges_do_not_overlap(init):
    (_, default_high), (ortho_low, ortho_high), (irnn_low, _) = (init[name]["reach_range"] for name in INITS)
    assert default_high < ortho_low and ortho_high < irnn_low, (
        f"remedies_init.py: ranges over the seeds {[init[name]['reach_range'] for name in INITS]}; {PAGE} says the "
        "three initialisations' ranges do not overlap")


def test_the_identity_curve_is_almost_flat_and_the_orthogonal_one_falls_slowly(init):
    for seed, (ortho, irnn) in enumerate(zip(init["orthogonal"]["reach_curves"], init["irnn"]["reach_curves"])):
        assert min(irnn) > 0.3 * max(irnn), (
            f"remedies_init.py: seed {seed}: the IRNN's gradient ranges over {min(irnn):.2f} to {max(irnn):.2f}; "
            f"{PAGE}'s figure says its lines stay almost flat")
        assert ortho[-1] < 0.5 * ortho[0] and ortho[-1] > 1e-3, (
            f"remedies_init.py: seed {seed}: the orthogonal gradient goes from {ortho[0]:.2f} to {ortho[-1]:.1e}; "
            f"{PAGE} says it falls slowly: less than all of it arrives (the nonlinearity), far more than with the default")


def test_the_irnn_learns_nothing_without_clipping(init):
    accuracies = init["irnn_unclipped_accuracy"]
    assert len(accuracies) == init["seeds"] and all(abs(a - CHANCE) < 0.05 for a in accuracies), (
        f"remedies_init.py: the IRNN trained without clipping reaches {accuracies}; {PAGE} says none of them learned")
    assert init["irnn_unclipped_accuracy_range"] == [min(accuracies), max(accuracies)]


def test_only_orthogonal_and_identity_learn_the_task_in_every_seed(init):
    for seed, accuracy in enumerate(init["default"]["accuracy"]):
        assert abs(accuracy - CHANCE) < 0.05, (
            f"remedies_init.py: seed {seed}: the default initialisation reaches {accuracy:.2f}; {PAGE} says no seed got "
            "beyond chance (0.50)")
    for name in ("orthogonal", "irnn"):
        for seed, accuracy in enumerate(init[name]["accuracy"]):
            assert accuracy >= 0.99, (
                f"remedies_init.py: seed {seed}: {name} reaches only {accuracy:.2f}; {PAGE} says every orthogonal and "
                "identity-initialised network learned the task")
    assert init["learned_accuracy_min"] == min(init["orthogonal"]["accuracy"] + init["irnn"]["accuracy"]), \
        "remedies_init.py: the quoted lowest accuracy is not that of the orthogonal and IRNN runs"


def test_training_moves_w_h_away_from_its_initialisation(init):
    low, high = init["orthogonal"]["singular_value_range"]
    assert low < 0.95 and high > 1.05, (
        f"remedies_init.py: after training the orthogonal W_h has singular values {low:.2f} to {high:.2f}; {PAGE} says "
        "they are no longer all 1")
    for seed, (smallest, largest) in enumerate(init["irnn"]["singular_values_per_seed"]):
        assert largest > 1.05, (f"remedies_init.py: seed {seed}: the IRNN's largest singular value after training is "
                                f"{largest:.2f}; {PAGE} says it grew above 1")


def test_trained_irnns_have_exploding_gradients_in_every_seed(init):
    for seed, (before, after) in enumerate(zip(init["irnn"]["reach_per_seed"], init["irnn"]["reach_after_training"])):
        assert after > 100 and after > 100 * before, (
            f"remedies_init.py: seed {seed}: after training the IRNN passes {after:.1e} times the gradient back to step "
            f"0 (before: {before:.2f}); {PAGE} says it moved into the exploding regime, orders of magnitude above 1")
    assert init["irnn"]["reach_after_training_range"] == [min(init["irnn"]["reach_after_training"]),
                                                          max(init["irnn"]["reach_after_training"])]


# --- Truncated BPTT ---------------------------------------------------------------------------


def test_the_long_delay_does_not_fit_the_chunk_and_the_short_one_does(truncated):
    k, runs = truncated["k"], truncated["runs"]
    assert runs["short_truncated"]["delay"] < k < runs["long_truncated"]["delay"] == runs["long_full"]["delay"], (
        f"remedies_truncated_bptt.py: delays {runs['short_truncated']['delay']} and {runs['long_truncated']['delay']} "
        f"with chunks of {k}; {PAGE} says the short delay fits in a chunk and the long one does not")
    assert runs["long_truncated"]["chunk"] == runs["short_truncated"]["chunk"] == k and runs["long_full"]["chunk"] == \
        truncated["T"], "remedies_truncated_bptt.py: the runs do not use chunks of k and of the whole sequence"


def test_truncation_fails_the_long_delay_and_full_bptt_learns_it_in_every_seed(truncated):
    runs = truncated["runs"]
    for seed, (cut, full, short) in enumerate(zip(runs["long_truncated"]["accuracy"], runs["long_full"]["accuracy"],
                                                  runs["short_truncated"]["accuracy"])):
        assert cut < 0.6 and full >= 0.99 and short >= 0.99, (
            f"remedies_truncated_bptt.py: seed {seed}: delay 6 truncated {cut:.2f}, delay 6 full {full:.2f}, delay 2 "
            f"truncated {short:.2f}; {PAGE} says only the first stays near chance")
    assert runs["long_truncated"]["sequences_to_99"] == [None] * truncated["seeds"], \
        f"remedies_truncated_bptt.py: a truncated run reached 0.99 on the 6-step delay; {PAGE} says none learned it"
    reached = runs["long_full"]["sequences_to_99"]
    assert None not in reached and runs["long_full"]["sequences_to_99_max"] == max(reached) <= truncated["sequences"], (
        f"remedies_truncated_bptt.py: full BPTT reached 0.99 after {reached} sequences; {PAGE} quotes the largest")


def test_truncated_runs_start_higher_than_they_end_and_the_short_delay_is_learned_at_once(truncated):
    runs = truncated["runs"]
    for seed, curve in enumerate(runs["long_truncated"]["curves"]):
        assert curve[0] > 0.7 and curve[0] > curve[-1] + 0.1, (
            f"remedies_truncated_bptt.py: seed {seed}: the truncated run on the 6-step delay goes from {curve[0]:.2f} to "
            f"{curve[-1]:.2f}; {PAGE} says its first evaluation was higher and it fell back to chance")
    assert runs["short_truncated"]["first_eval_range"][0] >= 0.99, (
        f"remedies_truncated_bptt.py: the 2-step delay starts at {runs['short_truncated']['first_eval_range'][0]:.2f}; "
        f"{PAGE}'s figure says it is at 1 from the first evaluation")


def test_truncation_keeps_fewer_bytes_and_the_saving_tends_to_t_over_k(truncated):
    saved, T, k = truncated["saved_bytes"], truncated["T"], truncated["k"]
    assert 1 < saved["ratio"] < T / k and saved["ratio"] == saved["full"] / saved["truncated"], (
        f"remedies_truncated_bptt.py: full BPTT keeps {saved['full']} bytes, truncated {saved['truncated']}; {PAGE} says "
        f"truncation keeps less, by less than T/k = {T / k:g} because part does not depend on the length")
    assert saved["per_step"] > 0 and saved["fixed"] > 0 and math.isclose(
        saved["fixed"] + T * saved["per_step"], saved["full"]) and math.isclose(saved["fixed"] + k * saved["per_step"],
                                                                              saved["truncated"]), (
        f"remedies_truncated_bptt.py: {saved}; {PAGE} says each step adds the same number of bytes, plus a part that "
        "does not depend on the length")
    counts = truncated["per_sequence"]
    for name, count in counts.items():
        assert count["backward_passes"] * count["steps_per_pass"] == T, (
            f"remedies_truncated_bptt.py: {name}: {count}; {PAGE} says both backpropagate through every step once")
    assert counts["truncated"] == {"backward_passes": T // k, "steps_per_pass": k}


def test_the_carried_state_crosses_the_chunk_boundary_and_a_reset_one_does_not(truncated):
    boundary = truncated["boundary"]
    assert all(t % truncated["k"] < 2 and t >= truncated["k"] for t in boundary["steps"]), \
        "remedies_truncated_bptt.py: the boundary steps are not those whose bit lies in the previous chunk"
    for seed, (carried, reset) in enumerate(zip(boundary["carried"], boundary["reset"])):
        assert carried >= 0.99 and abs(reset - CHANCE) < 0.06, (
            f"remedies_truncated_bptt.py: seed {seed}: across the chunk boundary {carried:.2f} with the state carried, "
            f"{reset:.2f} with it reset; {PAGE} says right in every seed, and chance once reset")
    assert len(boundary["carried"]) == truncated["seeds"]


def test_forgetting_detach_fails_on_the_second_chunk(truncated):
    error = truncated["no_detach_error"]
    assert error and error.startswith("Trying to backward through the graph a second time"), (
        f"remedies_truncated_bptt.py: the second chunk without h.detach() raised {error!r}; {PAGE} says backward() "
        "fails because the first chunk's saved tensors were freed")


# --- Clipping in practice ---------------------------------------------------------------------


def test_each_threshold_is_the_mean_of_its_warm_up_norms(clipping):
    warmup = clipping["warmup"]
    for seed, run in enumerate(clipping["per_seed"]):
        assert math.isclose(run["threshold"], statistics.mean(run["norms"][:warmup]), rel_tol=1e-12), (
            f"remedies_clipping.py: seed {seed}: c = {run['threshold']}, the mean of its first {warmup} norms is "
            f"{statistics.mean(run['norms'][:warmup])}; {PAGE} says c is that mean")
        assert run["clipped_steps"] == sum(v > run["threshold"] for v in run["norms"][warmup:]), \
            f"remedies_clipping.py: seed {seed}: the count of clipped steps is not the count of norms above c"


def test_clipping_acted_on_a_number_of_steps_that_depends_on_the_seed_and_every_run_learned(clipping):
    clipped = [run["clipped_steps"] for run in clipping["per_seed"]]
    assert clipping["clipped_range"] == [min(clipped), max(clipped)] and min(clipped) < max(clipped) <= \
        clipping["steps_after_warmup"], (
        f"remedies_clipping.py: clipped steps per seed {clipped}; {PAGE} says the number depends on the seed")
    for seed, run in enumerate(clipping["per_seed"]):
        assert run["accuracy"] >= 0.99, f"remedies_clipping.py: seed {seed} reaches {run['accuracy']:.2f}; {PAGE} says every run learned"


def test_the_norm_falls_far_below_its_threshold_once_the_task_is_learned(clipping):
    for seed, run in enumerate(clipping["per_seed"]):
        late = run["norms"][-10:]
        assert max(late) < run["threshold"] and run["norms"][-1] < run["largest_norm"] / 100, (
            f"remedies_clipping.py: seed {seed}: the last norms reach {max(late):.3g} (c = {run['threshold']:.2f}, "
            f"peak {run['largest_norm']:.2f}); {PAGE} says the norm fell more than a hundredfold and far below c")
    low, high = clipping["warmup_range"]
    assert low == min(min(r["norms"][:clipping["warmup"]]) for r in clipping["per_seed"]) and high == max(
        max(r["norms"][:clipping["warmup"]]) for r in clipping["per_seed"]), \
        "remedies_clipping.py: the quoted warm-up range is not that of the seeds"


def test_clipping_once_after_accumulating_equals_clipping_the_whole_batch(clipping):
    acc = clipping["accumulation"]
    assert acc["whole_batch_norm_before"] > acc["max_norm"], (
        f"remedies_clipping.py: the whole batch's norm {acc['whole_batch_norm_before']:.3g} is below c = "
        f"{acc['max_norm']}, so clipping did nothing and the comparison shows nothing ({PAGE})")
    assert 0 <= acc["gap_clip_once"] < acc["tolerance"] <= 1e-5, (
        f"remedies_clipping.py: clipping once after 4 micro-batches is off by {acc['gap_clip_once']:.1e}; {PAGE} says "
        "it equals clipping the whole batch to float32 rounding")
    assert acc["gap_clip_each"] > 0.1, (
        f"remedies_clipping.py: clipping every micro-batch is off by only {acc['gap_clip_each']:.2f}; {PAGE} says it "
        "clips partial sums and gives another gradient")


def test_mixed_precision_runs_in_float16_keeps_float32_weights_and_learns(clipping):
    amp = clipping["amp"]
    assert amp["states_dtype"] == "torch.float16" and amp["parameter_dtype"] == "torch.float32", (
        f"remedies_clipping.py: under autocast the states are {amp['states_dtype']} and the weights "
        f"{amp['parameter_dtype']}; {PAGE} says float16 states, float32 weights and gradients")
    assert amp["accuracy"] >= 0.99, f"remedies_clipping.py: the float16 run reaches {amp['accuracy']:.2f}; {PAGE} says it learned"


def test_the_scaler_skips_overflowing_steps_and_halves_the_scale_each_time(clipping):
    amp = clipping["amp"]
    first, skipped = amp["first_finite_step"], amp["skipped_steps"]
    assert amp["skipped_at_start"] >= 1 and skipped[: amp["skipped_at_start"]] == list(range(1, first)), (
        f"remedies_clipping.py: skipped steps {skipped}, first finite step {first}; {PAGE} says the first steps "
        "overflowed and were skipped")
    assert amp["skipped_later"] == len(skipped) - amp["skipped_at_start"] >= 1, \
        f"remedies_clipping.py: {PAGE} says later steps were skipped the same way; skipped: {skipped}"
    assert amp["scale_exponent_at_first_finite"] == amp["init_scale_exponent"] - amp["skipped_at_start"], (
        f"remedies_clipping.py: the scale at step {first} is 2**{amp['scale_exponent_at_first_finite']}; {PAGE} says it "
        f"was halved at each of the {amp['skipped_at_start']} skipped steps from 2**{amp['init_scale_exponent']}")
    assert amp["final_scale_exponent"] == amp["init_scale_exponent"] - len(skipped), \
        f"remedies_clipping.py: the final scale is 2**{amp['final_scale_exponent']}, not halved once per skipped step"


def test_the_scaled_norm_is_exactly_the_scale_times_the_unscaled_one(clipping):
    amp = clipping["amp"]
    assert amp["scaled_over_unscaled"] == 2.0 ** amp["scale_exponent_at_first_finite"] and math.isclose(
        amp["scaled_norm"], amp["scaled_over_unscaled"] * amp["unscaled_norm"]), (
        f"remedies_clipping.py: scaled norm {amp['scaled_norm']} over unscaled {amp['unscaled_norm']} is "
        f"{amp['scaled_over_unscaled']}; {PAGE} says exactly the scale, 2**{amp['scale_exponent_at_first_finite']}")
