"""What docs/other-remedies.md says in words, checked on the values its snippets recorded.

Snippets: snippets/other-remedies/remedies_init.py (three initialisations of W_h, the gradient
reaching step 0 and a brief training run, 5 seeds), remedies_truncated_bptt.py (truncated
against full BPTT and chunks longer than the delay on a delayed recall task, 5 seeds, and what
truncation saves) and remedies_clipping.py (a threshold from observed norms, 3 seeds; mixed
precision; gradient accumulation). Where the page says "in every seed", every seed is checked.
"""

from __future__ import annotations

import math

import pytest

PAGE = "docs/other-remedies.md"
INITS = ("default", "orthogonal", "irnn")
CHANCE = 0.5
FLOAT32 = 4  # bytes


@pytest.fixture(scope="module")
def init(recorded):
    found = recorded("remedies_init")
    for name in INITS:
        assert len(found[name]["reach_per_seed"]) == len(found[name]["accuracy"]) == found["seeds"] >= 5, (
            f"remedies_init.py: {name} has fewer than 5 seeds; {PAGE} compares the initialisations over 5")
    assert len(found["irnn_unclipped_accuracy"]) == len(found["irnn_unclipped_active"]) == found["seeds"], (
        f"remedies_init.py: the unclipped IRNN runs do not cover every seed ({PAGE})")
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
        assert before > 0.3 and after > 100 and after > 100 * before, (
            f"remedies_init.py: seed {seed}: the IRNN passes {before:.2f} of the gradient back to step 0 before training, "
            f"{after:.1e} times it after; {PAGE} says it started with no vanishing gradient and ended in the exploding "
            "regime, orders of magnitude above 1")


def test_without_clipping_no_irnn_learns_and_each_predicts_one_class(init):
    frequencies = init["test_class_frequencies"]
    assert math.isclose(sum(frequencies), 1, abs_tol=1e-6) and all(0 < f < 1 for f in frequencies), (
        f"remedies_init.py: the test set's class frequencies {frequencies} are not those of two classes")
    for seed, (accuracy, one_class) in enumerate(zip(init["irnn_unclipped_accuracy"], init["irnn_unclipped_one_class"])):
        assert abs(accuracy - CHANCE) < 0.05, (
            f"remedies_init.py: seed {seed}: the IRNN trained without clipping reaches {accuracy:.2f}; {PAGE} says none "
            "of them learned")
        assert one_class is True and any(math.isclose(accuracy, f, abs_tol=1e-6) for f in frequencies), (
            f"remedies_init.py: seed {seed}: the unclipped IRNN's accuracy {accuracy} (one class: {one_class}) is not "
            f"the frequency of one class, {frequencies}; {PAGE} says it predicts one class for every input")


def test_without_clipping_almost_every_relu_unit_is_switched_off(init):
    unclipped, clipped = init["irnn_unclipped_active"], init["irnn"]["active"]
    assert len(clipped) == init["seeds"]
    for seed, active in enumerate(unclipped):
        assert 0 <= active < 0.1, (
            f"remedies_init.py: seed {seed}: {active:.1%} of the unclipped IRNN's ReLU units are active at the last "
            f"step; {PAGE} says almost every one had switched off")
    assert min(clipped) > 0.25 and min(clipped) > 3 * max(unclipped), (
        f"remedies_init.py: active at the last step: {clipped} with clipping, {unclipped} without; {PAGE} contrasts "
        "the few left without clipping with the many active with it")


# --- Truncated BPTT ---------------------------------------------------------------------------


def test_the_runs_are_the_ones_the_page_describes(truncated):
    k, T, runs = truncated["k"], truncated["T"], truncated["runs"]
    long = runs["long_truncated"]["delay"]
    assert runs["short_truncated"]["delay"] < k < long, (
        f"remedies_truncated_bptt.py: delays {runs['short_truncated']['delay']} and {long} with chunks of {k}; {PAGE} "
        "says the short delay is shorter than a chunk and the long one longer")
    assert all(runs[name]["delay"] == long for name in ("long_full", "long_chunk8", "long_truncated_small_lr")), (
        f"remedies_truncated_bptt.py: {PAGE} compares full BPTT, chunks of 8 and a smaller learning rate on the same "
        f"delay as truncation to k = {k}")
    chunks = {name: run["chunk"] for name, run in runs.items()}
    assert chunks == {"long_truncated": k, "short_truncated": k, "long_truncated_small_lr": k, "long_full": T,
                      "long_chunk8": chunks["long_chunk8"]} and long < chunks["long_chunk8"] < T, (
        f"remedies_truncated_bptt.py: chunks {chunks}; {PAGE} says chunks of k, the whole sequence, and a control "
        "with chunks longer than the delay")
    for name, run in runs.items():
        small = name == "long_truncated_small_lr"
        assert (run["lr"] < truncated["lr"]) if small else (run["lr"] == truncated["lr"]), (
            f"remedies_truncated_bptt.py: run {name} has learning rate {run['lr']}; {PAGE} says {truncated['lr']} for "
            "every run but one, which uses a smaller one")
        assert run["in_figure"] is (not small), (
            f"remedies_truncated_bptt.py: run {name}: in the figure {run['in_figure']}; {PAGE}'s figure shows the runs "
            f"at learning rate {truncated['lr']} only")


def test_truncation_fails_the_long_delay_and_full_bptt_and_long_chunks_learn_it_in_every_seed(truncated):
    runs = truncated["runs"]
    for seed, (cut, full, long_chunks, short) in enumerate(zip(
            *(runs[name]["accuracy"] for name in ("long_truncated", "long_full", "long_chunk8", "short_truncated")))):
        assert cut < 0.6 and full >= 0.99 and long_chunks >= 0.99 and short >= 0.99, (
            f"remedies_truncated_bptt.py: seed {seed}: delay 6 truncated {cut:.2f}, full {full:.2f}, chunks of 8 "
            f"{long_chunks:.2f}, delay 2 truncated {short:.2f}; {PAGE} says only the first stays near chance")
    assert runs["long_truncated"]["sequences_to_99"] == [None] * truncated["seeds"], \
        f"remedies_truncated_bptt.py: a truncated run reached 0.99 on the 6-step delay; {PAGE} says none learned it"
    for name in ("long_full", "long_chunk8"):
        reached = runs[name]["sequences_to_99"]
        assert None not in reached and runs[name]["sequences_to_99_max"] == max(reached) <= truncated["sequences"], (
            f"remedies_truncated_bptt.py: {name} reached 0.99 after {reached} sequences; {PAGE} says every seed did, "
            "and quotes the largest")


def test_truncated_runs_start_higher_than_they_end_and_the_short_delay_is_learned_at_once(truncated):
    runs = truncated["runs"]
    for seed, curve in enumerate(runs["long_truncated"]["curves"]):
        assert curve[0] > 0.7 and curve[0] > curve[-1] + 0.1, (
            f"remedies_truncated_bptt.py: seed {seed}: the truncated run on the 6-step delay goes from {curve[0]:.2f} to "
            f"{curve[-1]:.2f}; {PAGE} says its first evaluation was higher and it fell back to chance")
    assert min(min(curve) for curve in runs["short_truncated"]["curves"]) >= 0.99, (
        f"remedies_truncated_bptt.py: the 2-step delay dips to "
        f"{min(min(c) for c in runs['short_truncated']['curves']):.2f}; {PAGE}'s figure says it is at 1 from the first "
        "evaluation on")


def test_with_a_smaller_learning_rate_truncation_recalls_the_long_delay_in_every_seed(truncated):
    run = truncated["runs"]["long_truncated_small_lr"]
    for seed, accuracy in enumerate(run["accuracy"]):
        assert accuracy >= 0.9, (
            f"remedies_truncated_bptt.py: seed {seed}: with learning rate {run['lr']} truncated BPTT ends at "
            f"{accuracy:.2f} on the {run['delay']}-step delay; {PAGE} says it did recall it")


def test_truncation_keeps_fewer_bytes_and_each_step_adds_the_same(truncated):
    saved, T, k, n, B = (truncated["saved_bytes"], truncated["T"], truncated["k"], truncated["n"], truncated["batch"])
    assert saved["full"] > saved["truncated"] > 0 and 1 < saved["ratio"] < T / k, (
        f"remedies_truncated_bptt.py: full BPTT keeps {saved['full']} bytes, truncated {saved['truncated']}; {PAGE} says "
        f"truncation keeps less, by less than T/k = {T / k:g} because part does not depend on the length")
    other = saved["steps_other"]
    assert k < other < T and math.isclose(saved["fixed"] + other * saved["per_step"], saved["other"]), (
        f"remedies_truncated_bptt.py: {saved['other']} bytes for {other} steps, not {saved['fixed']} + {other} x "
        f"{saved['per_step']}; {PAGE} says every step adds the same number of bytes")
    per_step = FLOAT32 * (2 * B * n + B * truncated["input_size"])
    fixed = FLOAT32 * (n * n + truncated["output_size"] * n + B * n)
    assert saved["per_step"] == per_step and saved["fixed"] == fixed, (
        f"remedies_truncated_bptt.py: {saved['per_step']} bytes per step and {saved['fixed']} fixed; {PAGE} says a step "
        f"keeps its state twice and its input ({per_step}), and W_h, W_y and h(0) are kept once ({fixed})")


def test_each_step_is_backpropagated_at_most_once_per_sequence(truncated):
    T, k, runs = truncated["T"], truncated["k"], truncated["runs"]
    for name, run in runs.items():
        assert 1 <= run["backward_passes"] and run["backward_passes"] * run["chunk"] <= T, (
            f"remedies_truncated_bptt.py: {name}: {run['backward_passes']} backward passes of {run['chunk']} steps for "
            f"T = {T}; {PAGE} says each step is backpropagated at most once per sequence")
    most = max(run["backward_passes"] for run in runs.values() if run["chunk"] == k)
    assert runs["short_truncated"]["backward_passes"] == most == T // k and runs["long_full"]["backward_passes"] == 1, (
        f"remedies_truncated_bptt.py: backward passes {({name: run['backward_passes'] for name, run in runs.items()})}; "
        f"{PAGE} says up to {T // k} passes of {k} steps, against one for full BPTT")


def test_the_short_delay_splits_into_same_chunk_and_previous_chunk_targets(truncated):
    boundary, k, T = truncated["boundary"], truncated["k"], truncated["T"]
    delay = truncated["runs"]["short_truncated"]["delay"]
    assert boundary["same_chunk_steps"] == [t for t in range(delay, T) if t % k >= 2], (
        f"remedies_truncated_bptt.py: the targets with their bit in the same chunk are {boundary['same_chunk_steps']}; "
        f"{PAGE} says those at the third and fourth step of each chunk")
    assert boundary["steps"] == [t for t in range(k, T) if t % k < 2] and boundary["across_count"] == len(
        boundary["steps"]) and boundary["targets"] == T - delay, (
        f"remedies_truncated_bptt.py: the targets with their bit in the previous chunk are {boundary['steps']}; {PAGE} "
        "says those at the first two steps of every later chunk, of all the targets from step 2 on")


def test_the_carried_state_crosses_the_chunk_boundary_and_a_reset_one_does_not(truncated):
    boundary = truncated["boundary"]
    assert len(boundary["carried"]) == len(boundary["reset"]) == truncated["seeds"]
    for seed, (carried, reset) in enumerate(zip(boundary["carried"], boundary["reset"])):
        assert carried >= 0.99 and abs(reset - CHANCE) < 0.06, (
            f"remedies_truncated_bptt.py: seed {seed}: across the chunk boundary {carried:.2f} with the state carried, "
            f"{reset:.2f} with it reset; {PAGE} says right in every seed, and chance once reset")


def test_forgetting_detach_or_keeping_the_graph_fails_on_the_second_chunk(truncated):
    error = truncated["no_detach_error"]
    assert error and error.startswith("Trying to backward through the graph a second time"), (
        f"remedies_truncated_bptt.py: the second chunk without h.detach() raised {error!r}; {PAGE} says backward() "
        "fails because the first chunk's saved tensors were freed")
    error = truncated["retain_graph_error"]
    assert error and "modified by an inplace operation" in error, (
        f"remedies_truncated_bptt.py: with retain_graph=True and opt.step() between the chunks, the second backward() "
        f"raised {error!r}; {PAGE} says it stops with an in-place-modification error")


# --- Clipping in practice ---------------------------------------------------------------------


def test_clipping_acted_on_a_number_of_steps_that_depends_on_the_seed_and_every_run_learned(clipping):
    clipped = [run["clipped_steps"] for run in clipping["per_seed"]]
    assert min(clipped) < max(clipped) <= clipping["steps_after_warmup"] and max(clipped) > 0, (
        f"remedies_clipping.py: clipped steps per seed {clipped}; {PAGE} says the number depends on the seed, and that "
        "some norms cross their threshold")
    for seed, run in enumerate(clipping["per_seed"]):
        assert run["accuracy"] >= 0.99, f"remedies_clipping.py: seed {seed} reaches {run['accuracy']:.2f}; {PAGE} says every run learned"


def test_the_norm_falls_far_below_its_threshold_once_the_task_is_learned(clipping):
    for seed, run in enumerate(clipping["per_seed"]):
        late = run["norms"][-10:]
        assert max(late) < run["threshold"] and run["norms"][-1] < run["largest_norm"] / 100, (
            f"remedies_clipping.py: seed {seed}: the last norms reach {max(late):.3g} (c = {run['threshold']:.2f}, "
            f"peak {run['largest_norm']:.2f}); {PAGE} says the norm fell more than a hundredfold and far below c")


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


def test_mixed_precision_runs_in_float16_keeps_float32_weights_and_gradients_and_learns(clipping):
    amp = clipping["amp"]
    assert amp["states_dtype"] == "torch.float16" and amp["parameter_dtype"] == "torch.float32" and amp[
        "gradient_dtypes"] == ["torch.float32"], (
        f"remedies_clipping.py: under autocast the states are {amp['states_dtype']}, the weights "
        f"{amp['parameter_dtype']}, the gradients {amp['gradient_dtypes']}; {PAGE} says float16 states, float32 weights "
        "and gradients")
    assert amp["accuracy"] >= 0.99, f"remedies_clipping.py: the float16 run reaches {amp['accuracy']:.2f}; {PAGE} says it learned"


def test_bfloat16_is_cpu_autocasts_default(clipping):
    amp = clipping["amp"]
    assert amp["cpu_default_dtype"] == amp["default_states_dtype"] == "torch.bfloat16", (
        f"remedies_clipping.py: CPU autocast's default dtype is {amp['cpu_default_dtype']} (states "
        f"{amp['default_states_dtype']}); {PAGE} says bfloat16")


def test_the_scaler_skips_overflowing_steps_and_halves_the_scale_each_time(clipping):
    amp = clipping["amp"]
    assert amp["skipped_at_start"] >= 1 and amp["skipped_later"] >= 1, (
        f"remedies_clipping.py: skipped steps {amp['skipped_steps']}; {PAGE} says the first steps overflowed and later "
        "ones were skipped the same way")
    assert amp["scale_exponent_at_first_finite"] == amp["init_scale_exponent"] - amp["skipped_at_start"], (
        f"remedies_clipping.py: the scale at step {amp['first_finite_step']} is 2**{amp['scale_exponent_at_first_finite']}; "
        f"{PAGE} says it was halved at each of the {amp['skipped_at_start']} skipped steps from "
        f"2**{amp['init_scale_exponent']}")
    assert amp["final_scale_exponent"] == amp["init_scale_exponent"] - len(amp["skipped_steps"]), \
        f"remedies_clipping.py: the final scale is 2**{amp['final_scale_exponent']}, not halved once per skipped step"


def test_the_scaled_norm_is_exactly_the_scale_times_the_unscaled_one(clipping):
    amp = clipping["amp"]
    assert amp["scaled_over_unscaled"] == 2.0 ** amp["scale_exponent_at_first_finite"], (
        f"remedies_clipping.py: scaled norm {amp['scaled_norm']} over unscaled {amp['unscaled_norm']} is "
        f"{amp['scaled_over_unscaled']}; {PAGE} says exactly the scale, 2**{amp['scale_exponent_at_first_finite']}")
