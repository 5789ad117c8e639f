"""Differential tests: the native core gives the same bytes as the Python rules.

The Python rules (``cleantext.rules``) are the reference.  For every rule the
native core implements, alone and in the whole pipeline under each option,
these tests compare the two on every corpus in ``tests/data``, on the seed
pages, on the inputs that once differed (``native/tests/cases/*.jsonl``), on
the Hypothesis strategies of clean text, of every artifact and of messy text,
and on hostile inputs.  Without a built core they are skipped, except in CI,
where a missing core is a failure (``.ci/run`` builds it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import ORDER, REGISTRY, Config, native
from cleantext.pipeline import explain, fix

import strategies as S

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CASES = ROOT / "native" / "tests" / "cases"

try:
    from cleantext import _native
except ImportError as exc:  # pragma: no cover - depends on the build
    if os.environ.get("CI"):
        raise ImportError(f"the native core must be built in CI: {exc}") from exc
    pytest.skip(f"the native core is not built ({exc})", allow_module_level=True)

NATIVE = [name for name in ORDER if name in set(_native.rule_names())]

FORCED_PYTHON = os.environ.get(native.ENVIRONMENT_VARIABLE, "auto").strip().lower() == "python"
#: The comparisons need the core in use; the run with CLEANTEXT_IMPLEMENTATION=python
#: (CI's second run of the suite) tests the Python rules alone, and these
#: comparisons have already run in the first.
compares = pytest.mark.skipif(
    FORCED_PYTHON, reason="compares the native core with Python: runs where the core is in use"
)

OPTIONS = [
    {},
    {"pangu": True},
    {"dashes": True},
    {"ignore": ["line-wrap"]},
    {"ignore": ["fake-bold", "ocr-repeat"]},
    {"select": ["punct-width", "cjk-space"]},
    {"convert": "t2s"},
    {"convert": "s2t", "pangu": True, "dashes": True},
]


def _documents() -> list[tuple[str, str]]:
    docs = []
    for folder in (DATA, ROOT / "seeds"):
        for path in sorted(folder.rglob("*.txt")):
            docs.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return docs


DOCUMENTS = _documents()


def _cases() -> list[str]:
    texts = []
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                texts.append(json.loads(line))
    return texts


def _python_rule(name: str, text: str, config: Config) -> str:
    return REGISTRY[name](text, config)


def _native_rule(name: str, text: str, config: Config) -> str:
    return native.run(text, [REGISTRY[name]], config)


def _python_fix(text: str, **options) -> str:
    with native.python_only():
        return fix(text, **options)


def _inputs_seen(text: str, config: Config) -> dict[str, str]:
    """For each native rule, the text it sees in the (Python) pipeline."""
    seen = {}
    with native.python_only():
        for rule in cleantext.rules_for(config):
            seen.setdefault(rule.name, text)
            text = rule(text, config)
    return seen


def assert_rules_agree(text: str, config: Config = Config(), names=None) -> None:
    for name in names or NATIVE:
        expected = _python_rule(name, text, config)
        got = _native_rule(name, text, config)
        assert got == expected, f"{name} differs on {text[:200]!r}"


# --------------------------------------------------------------------------


def test_the_core_is_in_use_unless_python_is_forced():
    forced = os.environ.get(native.ENVIRONMENT_VARIABLE, "auto")
    assert cleantext.implementation() == ("python" if forced == "python" else "native")


@compares
def test_native_rules_are_registered_python_rules():
    assert NATIVE, "the native core implements no rule"
    assert set(_native.rule_names()) <= set(REGISTRY)


@pytest.mark.parametrize("choice, expected", [("python", "python"), ("native", "native"), ("auto", "native")])
def test_environment_variable_chooses_the_implementation(choice, expected):
    env = dict(os.environ, **{native.ENVIRONMENT_VARIABLE: choice})
    out = subprocess.run(
        [sys.executable, "-c", "import cleantext; print(cleantext.implementation())"],
        env=env, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == expected


def test_a_bad_choice_is_a_clear_error():
    env = dict(os.environ, **{native.ENVIRONMENT_VARIABLE: "fortran"})
    out = subprocess.run([sys.executable, "-c", "import cleantext"], env=env, capture_output=True, text=True)
    assert out.returncode != 0
    assert "CLEANTEXT_IMPLEMENTATION" in out.stderr


@compares
@pytest.mark.parametrize("label, text", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_rules_agree_on_the_text_they_see_in_the_pipeline(label, text):
    config = Config()
    seen = _inputs_seen(text, config)
    for name in NATIVE:
        assert_rules_agree(seen.get(name, text), config, [name])
        assert_rules_agree(text, config, [name])


@compares
@pytest.mark.parametrize("options", OPTIONS, ids=[json.dumps(o, ensure_ascii=False) for o in OPTIONS])
def test_pipeline_agrees_on_every_document(options):
    for label, text in DOCUMENTS:
        assert fix(text, **options) == _python_fix(text, **options), label


@compares
def test_explain_agrees_on_the_seed_pages():
    for label, text in DOCUMENTS:
        if label.startswith("seeds"):
            with native.python_only():
                expected = explain(text)
            assert explain(text) == expected, label


@compares
def test_inputs_that_once_differed():
    cases = _cases()
    assert cases, "no recorded cases in native/tests/cases"
    for text in cases:
        for options in ({}, {"pangu": True, "dashes": True}):
            config = Config(**options)
            assert_rules_agree(text, config)
            assert fix(text, **options) == _python_fix(text, **options), repr(text[:200])


@compares
@settings(max_examples=60)
@given(st.data())
def test_agree_on_artifacts(data):
    doc = data.draw(S.clean_docs())
    kind = data.draw(st.sampled_from(sorted(S.ARTIFACTS)))
    text = data.draw(S.inject(kind, doc))
    assert_rules_agree(text)
    assert fix(text) == _python_fix(text)


@compares
@settings(max_examples=40)
@given(st.data())
def test_agree_on_combined_artifacts(data):
    doc = data.draw(S.clean_docs())
    _, text = data.draw(S.dirty_combination(doc))
    assert fix(text) == _python_fix(text)
    assert fix(text, pangu=True) == _python_fix(text, pangu=True)


@compares
@settings(max_examples=200)
@given(S.messy_text(surrogates=False), st.booleans(), st.booleans())
def test_rules_agree_on_messy_text(text, pangu, dashes):
    assert_rules_agree(text, Config(pangu=pangu, dashes=dashes))


@compares
@settings(max_examples=200)
@given(S.messy_text(), st.sampled_from(OPTIONS[:6]))
def test_pipeline_agrees_on_messy_text_even_with_surrogates(text, options):
    assert fix(text, **options) == _python_fix(text, **options)


@compares
@settings(max_examples=60)
@given(S.listed_table(), S.clean_docs(max_blocks=1), st.sampled_from(OPTIONS[:6]))
def test_agree_on_listed_tables(table, doc, options):
    clean, extracted = table
    for text in (clean, extracted, doc.text + "\n" + extracted + "\n" + doc.text):
        assert_rules_agree(text)
        assert fix(text, **options) == _python_fix(text, **options)


#: Pieces of short lines that may or may not be listed rows: Han, figures,
#: the marks that make a line prose or keep it a row, whitespace that is not
#: a space, box drawing, Markdown markers.
_ROW_PIECES = st.sampled_from(
    ["北京", "晴", "小雪转", "阴", "5", "-15℃", "8.52", "1,000", ",", ".", "，", "。", ":", "|",
     "#", "-", "\u3000", "\x1c", "\t", "─", "a", "○", "〇", "𠀀", "12345678901", "  ", "3", "名士兵",
     "北京3", "万元"]
)


@compares
@settings(max_examples=200)
@given(
    st.lists(
        st.lists(st.lists(_ROW_PIECES, min_size=1, max_size=3).map("".join), min_size=1, max_size=7).map(" ".join),
        min_size=3,
        max_size=12,
    )
)
def test_agree_on_lines_that_may_be_listed_rows(lines):
    text = "\n".join(lines) + "\n"
    assert_rules_agree(text)
    assert fix(text) == _python_fix(text)


@compares
@pytest.mark.parametrize("kind", sorted(S.HOSTILE))
def test_agree_on_hostile_inputs(kind):
    text = S.HOSTILE[kind](20_000)
    assert fix(text) == _python_fix(text)


@compares
def test_agree_on_a_long_line_with_every_artifact():
    page = "\n".join(text for label, text in DOCUMENTS if label.startswith("seeds"))
    line = page.replace("\n", "")[:200_000]
    assert fix(line) == _python_fix(line)
    assert_rules_agree(line)
