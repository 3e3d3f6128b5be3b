"""What docs/lstm-vs-gru.md says in words, checked on the values its snippets recorded.

Snippets: snippets/lstm-vs-gru/lstm_vs_gru_params.py (counts; it asserts them against torch
itself), lstm_vs_gru_speed.py (timings: only its verdict logic and the deterministic autograd
graph are checked here, never a timing) and lstm_vs_gru_adding.py (training over seeds).
"""

from __future__ import annotations

import pytest


def test_gru_has_exactly_three_quarters_of_the_lstm_parameters(recorded):
    for row in recorded("lstm_vs_gru_params")["rows"]:
        assert row["gru"] * 4 == row["lstm"] * 3 and row["rnn"] * 4 == row["lstm"], (
            f"lstm_vs_gru_params.py: at d = {row['d']}, n = {row['n']} the counts are LSTM {row['lstm']}, GRU "
            f"{row['gru']}, RNN {row['rnn']}; the page says exactly 3/4 and 1/4 of the LSTM's")


def test_lstm_runs_as_one_fused_kernel_and_the_gru_as_hundreds_of_nodes(recorded):
    graph = recorded("lstm_vs_gru_speed")["graph"]
    assert graph["LSTM"]["nodes"] < 10 and graph["LSTM"]["fused"], (
        f"lstm_vs_gru_speed.py: the LSTM's graph has {graph['LSTM']['nodes']} nodes, fused kernels "
        f"{graph['LSTM']['fused']}; the page says a handful of nodes, one fused oneDNN kernel")
    assert graph["GRU"]["nodes"] >= 100 and not graph["GRU"]["fused"], (
        f"lstm_vs_gru_speed.py: the GRU's graph has {graph['GRU']['nodes']} nodes, fused kernels "
        f"{graph['GRU']['fused']}; the page says hundreds of nodes and no fused kernel")


def test_speed_verdicts_follow_the_thresholds_the_page_states(recorded):
    """Not a timing check: the recorded verdicts must use the page's thresholds and words."""
    values = recorded("lstm_vs_gru_speed")
    low, high = values["thresholds"]["faster_below"], values["thresholds"]["slower_above"]
    assert (low, high) == (0.8, 1.25), f"lstm_vs_gru_speed.py: thresholds {low}, {high}; the page states 0.8 and 1.25"
    words = {"faster": "GRU faster", "slower": "GRU slower", "same": "about the same"}
    for n in map(str, values["sizes"]):
        verdict, text = values["verdicts"][n], values["verdict_texts"][n]
        assert text.startswith(words[verdict]), \
            f"lstm_vs_gru_speed.py: hidden size {n}: verdict {verdict!r} but the printed text says {text!r}"
    assert values["same_verdict_everywhere"] == (len(set(values["verdicts"].values())) == 1), \
        "lstm_vs_gru_speed.py: 'the same verdict at every size' disagrees with the verdicts"
    assert values["same_verdict_everywhere"], (
        f"lstm_vs_gru_speed.py: the verdicts {values['verdicts']} differ between sizes; the page quotes one verdict "
        "'at all three sizes'")


@pytest.fixture(scope="module")
def adding(recorded):
    return recorded("lstm_vs_gru_adding")


def test_every_run_starts_on_the_plateau_within_a_few_percent_of_the_baseline(adding):
    for name, cell in adding["cells"].items():
        for seed, mean in enumerate(cell["mean_to_50"]):
            assert abs(mean / adding["baseline"] - 1) < 0.05, (
                f"lstm_vs_gru_adding.py: the {name}'s mean training loss over steps 26 to 50 of seed {seed} is "
                f"{mean:.3f}; the page says every run starts within 5% of the baseline {adding['baseline']:.3f}")


def test_exactly_one_lstm_run_that_stayed_was_still_descending_and_no_rnn_run(adding):
    lstm, rnn = adding["cells"]["LSTM"], adding["cells"]["RNN"]
    assert lstm["still_descending"] == 1 and rnn["still_descending"] == 0, (
        f"lstm_vs_gru_adding.py: {lstm['still_descending']} LSTM and {rnn['still_descending']} RNN runs ended below half "
        "the baseline without leaving the plateau; the page says one LSTM run and no RNN run")


def test_the_plain_rnn_leaves_the_plateau_in_no_seed(adding):
    rnn = adding["cells"]["RNN"]
    assert rnn["left_at"] == [None] * adding["seeds"] and min(rnn["test_over_baseline"]) > 0.9, (
        f"lstm_vs_gru_adding.py: the plain RNN left the plateau at steps {rnn['left_at']} (test MSE "
        f"{rnn['test_over_baseline']} of the baseline); the page says it never did, in any seed")


def test_the_gru_leaves_it_in_every_seed_before_any_lstm_run_and_the_lstm_in_only_some(adding):
    gru, lstm = adding["cells"]["GRU"], adding["cells"]["LSTM"]
    lstm_steps = [step for step in lstm["left_at"] if step is not None]
    assert None not in gru["left_at"] and 0 < len(lstm_steps) < adding["seeds"], (
        f"lstm_vs_gru_adding.py: the GRU left the plateau at {gru['left_at']}, the LSTM at {lstm['left_at']}; the "
        "page says the GRU did in every seed and the LSTM in some but not all")
    assert max(gru["left_at"]) < min(lstm_steps), (
        f"lstm_vs_gru_adding.py: the GRU left at {gru['left_at']}, the LSTM at {lstm['left_at']}; the page says every "
        "GRU run left earlier than any LSTM run")
