"""Conformance: autocorrect's punctuation-width test tables.

Source: huacnlee/autocorrect (MIT License) at commit
e1a75da3faa9b1f005db97b77f47eb67abe1395e, files
``autocorrect/src/rule/fullwidth.rs`` and ``autocorrect/src/rule/halfwidth.rs``
(their ``#[test]`` tables, input => expected); copied to
``tests/data/fixtures/autocorrect/{fullwidth,halfwidth}.json``.  See
``SOURCE.md`` there for the fields and how to regenerate them.

How the cases are compared (a choice, as the issue allows): each case runs
through the cleantext rules named in its ``rules`` field *alone*
(``cleantext.fix(input, select=rules)``) and the output is compared exactly
with autocorrect's expectation.  autocorrect's expectations are pangu style
(a space between Chinese and Latin), but in these tables the inputs already
carry exactly those spaces and ``punct-width`` / ``quote-pair`` / ``width``
neither add nor remove spaces, so no space has to be removed from an
expectation.  The whole default pipeline is not used here because its
``cjk-space`` rule removes those spaces (unless ``pangu=True``) and that is
another rule's contract.

Data-driven like ftfy's test cases: ``expect: pass`` cases must equal
autocorrect's output; ``expect: fail`` cases must differ from it AND equal the
``cleantext`` output the contract asks for, with the ``reason`` recorded.
Excluded on purpose (``fail``), by reason:

* fullwidth-07 ``(如 Backbone.js … 等)``: the contract converts a pair of
  parentheses with Chinese inside; autocorrect leaves half-width ones alone.
* fullwidth-09 ``阿里巴巴 (BABA.N) 旗下``: the contract converts parentheses
  between Chinese words whatever they hold.
* fullwidth-12 ``中文;中文``: the contract converts ``;`` in Chinese text;
  autocorrect skips ``;`` because of code.
* halfwidth ``format_punctuation`` cases that turn full-width punctuation in
  an English line into ASCII (22 cases): out of scope, cleantext never does
  that; the contract leaves Latin-only text as it is.  The other 29 "ignore" and
  no-change cases of that function pass (our rules leave them alone).
* fullwidth-15 (Japanese, ``.`` -> ``。``): the contract is about Chinese
  text; a line of Japanese (kana outside quotations) is left alone.
* halfwidth-02 ``１６：３２`` -> ``16:32``: ``width`` (hygiene.py) makes the
  digits ASCII but keeps the full-width colon between them.
* halfwidth-03 (Japanese, U+3000 between words -> space): the contract removes
  U+3000 only as a paragraph indent.

The three ``format_word`` cases (full-width letters and digits) exercise the
``width`` rule of ``hygiene.py``; a case whose rule is not registered is
skipped with that reason (none is, once hygiene.py is in).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleantext

FIXTURES = Path(__file__).parent / "data" / "fixtures" / "autocorrect"


def _cases():
    for name in ("fullwidth", "halfwidth"):
        for case in json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")):
            yield pytest.param(case, id=case["id"])


CASES = list(_cases())


@pytest.mark.parametrize("case", CASES)
def test_autocorrect_case(case):
    missing = [r for r in case["rules"] if r not in cleantext.REGISTRY]
    if missing:
        pytest.skip(f"rule(s) {missing} not registered yet (another family's module)")
    out = cleantext.fix(case["input"], select=case["rules"])
    if case["expect"] == "pass":
        assert out == case["expected"]
    else:
        assert case["reason"]
        assert out != case["expected"]
        assert out == case["cleantext"]


def test_fixture_files_are_complete():
    cases = [p.values[0] for p in CASES]
    assert len(cases) == 16 + 54
    assert len({c["id"] for c in cases}) == len(cases)
    for c in cases:
        assert c["expect"] in ("pass", "fail")
        assert c["rules"] and c["input"] is not None and c["expected"] is not None
        if c["expect"] == "fail":
            assert c["reason"] and "cleantext" in c
    fails = [c["id"] for c in cases if c["expect"] == "fail"]
    assert fails == [
        "fullwidth-07",
        "fullwidth-09",
        "fullwidth-12",
        "fullwidth-15",
        *[c["id"] for c in cases if c["expect"] == "fail" and c["id"].startswith("halfwidth")],
    ]
    assert len(fails) == 4 + 24


def test_sources_are_named():
    source = (FIXTURES / "SOURCE.md").read_text(encoding="utf-8")
    assert "huacnlee/autocorrect" in source
    assert "e1a75da3faa9b1f005db97b77f47eb67abe1395e" in source
    assert "autocorrect/src/rule/fullwidth.rs" in source
    assert "autocorrect/src/rule/halfwidth.rs" in source
