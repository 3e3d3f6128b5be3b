"""The claims each lab page makes, checked on the numbers the lab printed at build time.

Every lab ends with a cell printing `LAB-SUMMARY {json}`: the numbers its prose relies on.
The tests read that line from the built page, so a change that breaks an experiment fails here.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin, urlsplit

import pytest

SUMMARY = re.compile(r"LAB-SUMMARY (\{[^<\n]*\})")


@pytest.fixture(scope="module")
def summary(built_site):
    def read(lab: str) -> dict:
        page = built_site / "labs" / lab / "index.html"
        found = SUMMARY.findall(page.read_text())
        assert len(found) == 1, (f"labs/{lab}/ shows {len(found)} LAB-SUMMARY lines; docs/labs/{lab}.py must end "
                                 "with a cell printing exactly one")
        return json.loads(html.unescape(found[0]))

    return read


# The adding problem


def test_adding_every_model_beats_the_baseline_at_the_shortest_length(summary):
    numbers = summary("adding_problem")
    for kind, mse in numbers["mse"].items():
        assert mse[0] < 0.1 * numbers["baseline"], \
            f"adding_problem: {kind} at T = {numbers['lengths'][0]} has MSE {mse[0]}, the page says far below the baseline"


def test_adding_the_vanilla_rnn_fails_as_the_sequences_grow(summary):
    numbers = summary("adding_problem")
    rnn = numbers["mse"]["RNN"]
    assert rnn[-1] > 0.5 * numbers["baseline"] and rnn[-1] > 10 * rnn[0], \
        f"adding_problem: the vanilla RNN's MSE by length is {rnn}; the page says it climbs to the baseline"


def test_adding_the_gated_cells_succeed_at_the_longest_length(summary):
    numbers = summary("adding_problem")
    for kind in ("LSTM", "GRU"):
        mse = numbers["mse"][kind][-1]
        assert mse < 0.1 * numbers["baseline"] and mse < numbers["mse"]["RNN"][-1], \
            f"adding_problem: {kind} at the longest length has MSE {mse}; the page says far below the baseline"


def test_adding_the_gradient_reaches_the_first_mark_only_in_the_gated_cells(summary):
    ratio = summary("adding_problem")["grad_ratio_first_over_last"]
    assert ratio["RNN"] < 1e-2, f"adding_problem: vanilla RNN ratio {ratio['RNN']}; the page says orders of magnitude below 1"
    for kind in ("LSTM", "GRU"):
        assert ratio[kind] >= 1, f"adding_problem: {kind} ratio {ratio[kind]}; the page says at least as large as the last step's"


# Subject-verb agreement


def test_agreement_both_models_get_sentences_without_attractors_right(summary):
    numbers = summary("agreement")
    for kind, errors in numbers["error_by_attractors"].items():
        assert errors[0] <= 0.02, f"agreement: {kind} errs on {errors[0]} of sentences without attractors"
    rnn_at_distance_0 = numbers["error_by_distance"]["RNN"][0]
    assert rnn_at_distance_0 <= 0.02, f"agreement: vanilla RNN errs on {rnn_at_distance_0} at distance 0"


def test_agreement_attractors_hurt_the_vanilla_rnn_much_more_than_the_lstm(summary):
    numbers = summary("agreement")
    with_attractors = numbers["error_with_attractors"]
    assert with_attractors["RNN"] > 5 * with_attractors["LSTM"] + 0.05, \
        f"agreement: error rates with attractors are {with_attractors}; the page says the RNN's is much higher"
    rnn = numbers["error_by_attractors"]["RNN"]
    assert all(a < b for a, b in zip(rnn, rnn[1:])), \
        f"agreement: the vanilla RNN's error rate by attractors is {rnn}; the page says it climbs with every one"


def test_agreement_the_vanilla_rnns_errors_follow_the_nearest_noun(summary):
    numbers = summary("agreement")
    nearest, agrees = numbers["error_nearest_attractor"], numbers["error_nearest_agrees"]
    assert nearest["RNN"] > 3 * agrees["RNN"] + 0.1, \
        f"agreement: vanilla RNN errs on {nearest['RNN']} (nearest noun an attractor) vs {agrees['RNN']} (agrees)"
    gap = {kind: nearest[kind] - agrees[kind] for kind in nearest}
    assert gap["RNN"] > gap["LSTM"], f"agreement: recency gaps {gap}; the page says the RNN's is the larger"


# Links: MkDocs checks the links of Markdown pages, not those inside a rendered notebook


@pytest.mark.parametrize("lab", ["adding_problem", "agreement"])
def test_the_labs_links_reach_a_page_and_anchor_of_the_site(built_site, lab):
    page_url = f"https://site.invalid/labs/{lab}/"
    content = (built_site / "labs" / lab / "index.html").read_text()
    content = content[content.index('<div class="jupyter-wrapper">'):]
    broken = []
    for href in set(re.findall(r'<a href="(\.\./[^"]+)"', content)):
        url = urlsplit(urljoin(page_url, html.unescape(href)))
        target = built_site / url.path.lstrip("/") / "index.html"
        if not target.is_file() or (url.fragment and f'id="{url.fragment}"' not in target.read_text()):
            broken.append(href)
    assert not broken, (f"labs/{lab}/ links to missing pages or anchors: {broken}; in a lab write links as the "
                        "built page sees them, e.g. ../../#linzen-2016 or ../../lstm/")
