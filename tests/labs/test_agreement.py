"""What the subject-verb agreement lab (docs/labs/agreement.py) says, checked on its LAB-SUMMARY."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def numbers(lab):
    return lab("agreement")


def test_both_models_get_sentences_without_attractors_right(numbers):
    for kind, errors in numbers["error_by_attractors"].items():
        assert errors[0] <= 0.02, f"agreement: {kind} errs on {errors[0]} of sentences without attractors"
    rnn_at_distance_0 = numbers["error_by_distance"]["RNN"][0]
    assert rnn_at_distance_0 <= 0.02, f"agreement: vanilla RNN errs on {rnn_at_distance_0} at distance 0"


def test_attractors_hurt_the_vanilla_rnn_much_more_than_the_lstm(numbers):
    with_attractors = numbers["error_with_attractors"]
    assert with_attractors["RNN"] > 5 * with_attractors["LSTM"] + 0.05, \
        f"agreement: error rates with attractors are {with_attractors}; the page says the RNN's is much higher"
    rnn = numbers["error_by_attractors"]["RNN"]
    assert all(a < b for a, b in zip(rnn, rnn[1:])), \
        f"agreement: the vanilla RNN's error rate by attractors is {rnn}; the page says it climbs with every one"


def test_the_vanilla_rnns_errors_follow_the_nearest_noun(numbers):
    nearest, agrees = numbers["error_nearest_attractor"], numbers["error_nearest_agrees"]
    assert nearest["RNN"] > 3 * agrees["RNN"] + 0.1, \
        f"agreement: vanilla RNN errs on {nearest['RNN']} (nearest noun an attractor) vs {agrees['RNN']} (agrees)"
    gap = {kind: nearest[kind] - agrees[kind] for kind in nearest}
    assert gap["RNN"] > gap["LSTM"], f"agreement: recency gaps {gap}; the page says the RNN's is the larger"
