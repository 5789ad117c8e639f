"""Corpus test: the pipeline on real extracted pages, measured against gold.

Runs ``cleantext.fix`` over the seed pages that have gold
(``seeds/`` + ``tests/data/gold/``), the dev corpus
(``tests/data/corpus/dev/``) and the clean corpus
(``tests/data/corpus/clean/``), with the metric of
``benchmarks/quality.py`` (character edit distance to gold, line breaks and
the whitespace around them counted as one ``\\n``).  ``pytest -s`` prints the
figures.

It asserts what holds today; the bar lives in :data:`BAR` and rises as the
rule families land (the targets of issue 3 are 85% on the seeds with gold
and 80% on the dev corpus without the out-of-order documents).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from helpers import CLEAN_FILES, corpus

import cleantext

#: The bar the corpus must clear.  Raise it as rules land; never lower it
#: to make a regression pass.
BAR = {
    # Minimum total error reduction, in percent of the inputs' edit distance
    # to gold: the figure measured when the bar was last set, minus a margin
    # of about 2 points (issue 3 targets: 85 and 80).
    "seeds_min_reduction": 7.0,  # seeds with gold; measured 9.0
    "dev_min_reduction": 9.0,  # dev docs in reading order; measured 11.1
}
# Not in BAR because they never move: every document not tagged out-of-order
# ends no farther from gold than its input, and clean text comes out
# byte-identical.


SEED_DOCS = corpus.seed_docs()
DEV_DOCS = corpus.dev_docs()
ALL_DOCS = SEED_DOCS + DEV_DOCS
IN_ORDER = [d for d in ALL_DOCS if d.group in ("seeds", "dev")]
CLEAN = CLEAN_FILES


@lru_cache(maxsize=None)
def _after(name: str) -> int:
    doc = next(d for d in ALL_DOCS if d.name == name)
    return corpus.distance(cleantext.fix(doc.input), doc.gold)


@lru_cache(maxsize=None)
def _before(name: str) -> int:
    doc = next(d for d in ALL_DOCS if d.name == name)
    return corpus.distance(doc.input, doc.gold)


def _group_figures(group: str) -> tuple[int, int, float]:
    names = [d.name for d in ALL_DOCS if d.group == group]
    before = sum(_before(n) for n in names)
    after = sum(_after(n) for n in names)
    return before, after, corpus.reduction(before, after)


def test_corpus_is_present():
    assert len(SEED_DOCS) == 3
    assert len(DEV_DOCS) == 30
    assert sum(d.group == "dev" for d in DEV_DOCS) == 23
    assert len(CLEAN) == 7


@pytest.mark.parametrize("group, key", [("seeds", "seeds_min_reduction"), ("dev", "dev_min_reduction")])
def test_error_reduction(group, key):
    before, after, red = _group_figures(group)
    print(f"\n[corpus] {group}: edit distance to gold {before} -> {after}, "
          f"error reduction {red:.1f}% (bar {BAR[key]:.1f}%)")
    assert before > 0
    assert red >= BAR[key], f"{group}: error reduction {red:.1f}% < bar {BAR[key]:.1f}%"


def test_out_of_order_docs_are_reported():
    # No target: their blocks are out of order.  The pipeline must run on them.
    before, after, red = _group_figures("dev-out-of-order")
    print(f"\n[corpus] dev out-of-order (no target): {before} -> {after}, reduction {red:.1f}%")
    assert before > 0


@pytest.mark.parametrize("doc", IN_ORDER, ids=[d.name for d in IN_ORDER])
def test_no_document_gets_worse(doc):
    before, after = _before(doc.name), _after(doc.name)
    assert after <= before, (
        f"{doc.name}: edit distance to gold {before} -> {after}; "
        f"see: python benchmarks/quality.py --show {doc.name} --explain"
    )


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_clean_corpus_unchanged(path):
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    out = cleantext.fix(text)
    if out.encode("utf-8") != raw:
        edits = cleantext.explain(text)
        shown = "\n".join(f"{path.name}:{e}" for e in edits[:10])
        pytest.fail(f"{path.name}: {len(edits)} edits on clean text:\n{shown}")
    assert cleantext.explain(text) == []


def _listed(directory: Path) -> set[str]:
    return set(corpus.read_manifest(directory))


def test_dev_manifest_matches_files():
    listed = _listed(corpus.DEV)
    files = {p.name for p in corpus.DEV.iterdir()} - {"MANIFEST.tsv", "README.md"}
    expected = {f"{n}.input.txt" for n in listed} | {f"{n}.gold.txt" for n in listed}
    assert files == expected
    for row in corpus.read_manifest(corpus.DEV).values():
        assert row["source"] and row["generator"] and row["kinds"], row["name"]


def test_clean_manifest_matches_files():
    listed = _listed(corpus.CLEAN)
    files = {p.name for p in corpus.CLEAN.iterdir()} - {"MANIFEST.tsv", "README.md"}
    assert files == {f"{n}.txt" for n in listed}
    for row in corpus.read_manifest(corpus.CLEAN).values():
        assert row["source"], row["name"]


def test_gold_manifest_matches_files():
    listed = _listed(corpus.GOLD)
    files = {p.name for p in corpus.GOLD.iterdir()} - {"MANIFEST.tsv"}
    assert files == {f"{n}.gold.txt" for n in listed}
    for name, row in corpus.read_manifest(corpus.GOLD).items():
        assert (corpus.SEEDS / f"{name}.txt").is_file(), name
        assert f"seeds/{name}.txt" in row["source"]


def test_corpus_directory_has_only_manifested_sets():
    assert {p.name for p in (corpus.DATA / "corpus").iterdir()} == {"dev", "clean"}


def test_metric_form():
    assert corpus.metric_form("甲\n\n\u3000\u3000乙 \n\f\n丙\n") == "甲\n乙\n丙"
    assert corpus.distance("甲\n\n乙", "甲\n乙") == 0
    assert corpus.distance("甲乙", "甲\n乙") == 1


def _dp_levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


@pytest.mark.parametrize("seed", range(5))
def test_levenshtein_fallback_matches_dynamic_programming(seed):
    # corpus.levenshtein stands in for rapidfuzz when the bench extra is absent.
    import random

    rnd = random.Random(seed)
    for _ in range(200):
        alphabet = rnd.choice(["ab", "资料图片 \n", "abcdefghijklmnopqrstuvwxyz", "甲乙"])
        a = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 90)))
        b = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 90)))
        assert corpus.levenshtein(a, b) == _dp_levenshtein(a, b), (a, b)
