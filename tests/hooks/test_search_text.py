"""hooks/search_text.py: the search index holds formulas as text, never TeX, and no heading marks."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import search_text


@pytest.mark.parametrize("tex, text", [
    (r"\gamma = \max_z \lvert \sigma'(z) \rvert", "γ = max_z | σ'(z) |"),
    (r"\tilde c^{(t)} = \tanh(W_{xc} x^{(t)} + b_c)", "c̃^(t) = tanh(W_xc x^(t) + b_c)"),
    (r"\dfrac{\partial h^{(T)}}{\partial h^{(T-k)}}", "(∂h^(T))/(∂h^(T-k))"),
    (r"\operatorname{diag}\left(f^{(t)}\right)", "diag(f^(t))"),
    (r"\gamma = \tfrac14", "γ = 1/4"),
    (r"\lVert W_h \rVert < 1/\gamma", "‖ W_h ‖ < 1/γ"),
])
def test_a_formula_becomes_readable_text(tex, text):
    assert search_text.tex_to_text(tex).replace("∂ ", "∂") == text


def test_the_index_loses_its_tex_and_pilcrows(tmp_path):
    (tmp_path / "search").mkdir()
    index = {"config": {}, "docs": [
        {"location": "lstm/", "title": "LSTM", "text": r"<p>the gate \(f^{(t)}\) and \[\sigma(z)\]</p>"},
        {"location": "labs/x/#step", "title": "Step 1¶", "text": "<p>costs $\\gamma$ here</p>"},
        {"location": "labs/x/#code", "title": "Code", "text": '<p>$\\rho$ and <code>x = $a$</code></p><pre><code>label=r"$\\rho$"</code></pre>'},
    ]}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index))
    search_text.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))
    docs = json.loads((tmp_path / "search" / "search_index.json").read_text())["docs"]
    assert docs[0]["text"] == "<p>the gate f^(t) and σ(z)</p>"
    assert docs[1] == {"location": "labs/x/#step", "title": "Step 1", "text": "<p>costs γ here</p>"}
    assert docs[2]["text"] == '<p>ρ and <code>x = $a$</code></p>'  # inline code kept as it is, code blocks dropped
