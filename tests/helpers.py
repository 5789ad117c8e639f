"""Scaffolding shared by the test modules (imported as ``helpers``).

* The corpus: :data:`corpus` is ``benchmarks/_corpus.py`` (documents, gold,
  the edit distance), loaded once; :data:`CLEAN_FILES` is the clean corpus,
  text every rule must leave byte-identical.
* Rule tables: a rule's cases are a list of ``(before, after)`` pairs, and
  its look-alikes a list of texts it must return as the very same object.
  :func:`repairs`, :func:`idempotent`, :func:`through_the_pipeline` and
  :func:`keeps` turn such a table into a parametrized test, assigned to a
  ``test_...`` name in the rule's test module.
* The command line: :func:`run_cli` runs ``python -m cleantext`` in a
  folder; the ``make_file`` fixture (``conftest.py``) builds its input files.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import cleantext

ROOT = Path(__file__).resolve().parent.parent


def _load_corpus_module():
    path = ROOT / "benchmarks" / "_corpus.py"
    spec = importlib.util.spec_from_file_location("cleantext_bench_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


#: ``benchmarks/_corpus.py``: seed and dev documents with gold, the distance.
corpus = sys.modules.get("cleantext_bench_corpus") or _load_corpus_module()

#: The clean corpus (``tests/data/corpus/clean/*.txt``), sorted.
CLEAN_FILES: list[Path] = corpus.clean_files()


def assert_clean_corpus_unchanged(func: Callable[[str], str]) -> None:
    """``func`` returns every clean-corpus text as the very same object."""
    assert CLEAN_FILES
    for path in CLEAN_FILES:
        text = path.read_text(encoding="utf-8")
        assert func(text) is text, path.name


Cases = Sequence[tuple[str, str]]


def repairs(
    func: Callable[..., str],
    cases: Cases,
    *,
    and_idempotent: bool = False,
    select: Sequence[str] | None = None,
    **options,
):
    """A test: ``func(before, **options) == after`` for every pair; with
    ``and_idempotent``, ``func(after, **options) == after`` too; with
    ``select``, the pipeline running only those rules gives ``after`` too."""

    @pytest.mark.parametrize("before, after", cases)
    def test(before, after):
        assert func(before, **options) == after
        if and_idempotent:
            assert func(after, **options) == after
        if select is not None:
            assert cleantext.fix(before, select=select, **options) == after

    return test


def table_tests(func: Callable[..., str], select: Sequence[str], cases: Cases):
    """The three tests of a rule's table: :func:`repairs`, :func:`idempotent`
    and :func:`through_the_pipeline`, in that order."""
    return repairs(func, cases), idempotent(func, cases), through_the_pipeline(select, cases)


def idempotent(func: Callable[..., str], cases: Cases, **options):
    """A test: ``func(after, **options) == after`` for every pair."""

    @pytest.mark.parametrize("before, after", cases)
    def test(before, after):
        assert func(after, **options) == after

    return test


def through_the_pipeline(select: Sequence[str], cases: Cases, **options):
    """A test: ``cleantext.fix`` running only ``select`` turns ``before`` into ``after``."""

    @pytest.mark.parametrize("before, after", cases)
    def test(before, after):
        assert cleantext.fix(before, select=select, **options) == after

    return test


def settles(func: Callable[..., str], texts: Sequence[str]):
    """A test: what ``func`` makes of each text, it leaves as it is."""

    @pytest.mark.parametrize("text", texts)
    def test(text):
        once = func(text)
        assert func(once) == once

    return test


def keeps(func: Callable[..., str], texts: Sequence[str], **options):
    """A test: ``func(text, **options)`` returns ``text`` itself (nothing changed)."""

    @pytest.mark.parametrize("text", texts)
    def test(text):
        assert func(text, **options) is text

    return test


def run_cli(*args, cwd, stdin: bytes = b""):
    """``python -m cleantext ARGS`` in ``cwd``; the completed process (bytes)."""
    return subprocess.run(
        [sys.executable, "-m", "cleantext", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=False,
        timeout=300,
    )


def unchanged_through_the_pipeline(select: Sequence[str], texts: Sequence[str], **options):
    """A test: ``cleantext.fix`` running only ``select`` leaves every text as it is."""

    @pytest.mark.parametrize("text", texts)
    def test(text):
        assert cleantext.fix(text, select=select, **options) == text

    return test
