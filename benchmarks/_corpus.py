"""Shared helpers for the benchmarks and the corpus test: test data and the metric.

The data (all in the repository, so a fresh clone can measure):

* ``seeds/NNN_*.txt``: five real extracted newspaper pages; three of them
  have their printed text in ``tests/data/gold/NNN_*.gold.txt``;
* ``tests/data/corpus/dev/NNN_*.input.txt`` + ``.gold.txt``: 30 typeset and
  re-extracted documents; ``MANIFEST.tsv`` lists the artifact ``kinds`` of each;
* ``tests/data/corpus/clean/*.txt``: clean text that must come out unchanged.

The metric is the character edit distance (Levenshtein) to the gold text
after :func:`metric_form`: every line break, together with any whitespace
around it (blank lines, indents, trailing spaces, form feeds), counts as one
``\\n``, and the ends are stripped.  Paragraphs are thus compared line by
line, ``\\n`` and ``\\n\\n`` alike.  This is the measure behind the "CER of
the raw input" table in ``tests/data/corpus/dev/README.md`` and reproduces it
to the third decimal (all 30 documents 0.254; 0.127 without the
out-of-order ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

try:
    from rapidfuzz.distance import Levenshtein as _rapidfuzz_levenshtein
except ImportError:  # the test suite must run without the bench extra
    _rapidfuzz_levenshtein = None

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"
GOLD = DATA / "gold"
DEV = DATA / "corpus" / "dev"
CLEAN = DATA / "corpus" / "clean"

#: Manifest kinds marking documents whose text blocks are out of reading
#: order: no text cleaner can repair those, so they are measured apart.
OUT_OF_ORDER = frozenset({"reading-order", "column-interleave"})

_BREAK = re.compile(r"\s*\n\s*")


def metric_form(text: str) -> str:
    r"""The form both sides are compared in: one ``\n`` per line break.

    >>> metric_form("  第一段\n\n\u3000\u3000第二段 \n\f\n第三段\n")
    '第一段\n第二段\n第三段'
    """
    return _BREAK.sub("\n", text).strip()


def levenshtein(a: str, b: str) -> int:
    """Levenshtein distance, bit-parallel (Myers 1999, Hyyrö 2003) on Python ints.

    The stand-in for ``rapidfuzz.distance.Levenshtein.distance`` when
    rapidfuzz is not installed: O(len(a) * len(b) / 64), a few hundredths of a
    second on a page.

    >>> levenshtein("kitten", "sitting"), levenshtein("", "abc"), levenshtein("资资料料", "资料")
    (3, 3, 2)
    """
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(b):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for ch in a:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = (ph << 1) | 1
        mh <<= 1
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv & mask
    return score


def distance(text: str, gold: str) -> int:
    """Character edit distance between ``text`` and ``gold`` in metric form."""
    a, b = metric_form(text), metric_form(gold)
    if _rapidfuzz_levenshtein is not None:
        return _rapidfuzz_levenshtein.distance(a, b)
    return levenshtein(a, b)


def read_text(path: Path) -> str:
    """The file's exact text: UTF-8, line endings untranslated."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def read_manifest(directory: Path) -> dict[str, dict[str, str]]:
    """``MANIFEST.tsv`` of ``directory`` as ``{name: {column: value}}``."""
    lines = read_text(directory / "MANIFEST.tsv").splitlines()
    header = lines[0].split("\t")
    rows = {}
    for line in lines[1:]:
        if line.strip():
            cells = line.split("\t")
            rows[cells[0]] = dict(zip(header, cells))
    return rows


@dataclass
class Doc:
    """One measured document: its input, its gold text, where it belongs."""

    name: str
    group: str  # "seeds", "dev", "dev-out-of-order"
    input: str
    gold: str
    kinds: tuple[str, ...] = ()
    path: Path | None = None
    gold_path: Path | None = None
    gold_chars: int = field(init=False)

    def __post_init__(self) -> None:
        self.gold_chars = len(metric_form(self.gold))

    @property
    def reader(self) -> str:
        """The extractor of a dev document (the last part of its name)."""
        parts = self.name.split("_", 3)
        return parts[3] if len(parts) == 4 else ""


def seed_docs() -> list[Doc]:
    """The seed pages that have gold, paired with it."""
    docs = []
    for gold_path in sorted(GOLD.glob("*.gold.txt")):
        name = gold_path.name[: -len(".gold.txt")]
        path = SEEDS / f"{name}.txt"
        docs.append(Doc(name, "seeds", read_text(path), read_text(gold_path), (), path, gold_path))
    return docs


def dev_docs() -> list[Doc]:
    """The dev documents, split into in-order and out-of-order groups."""
    manifest = read_manifest(DEV)
    docs = []
    for path in sorted(DEV.glob("*.input.txt")):
        name = path.name[: -len(".input.txt")]
        kinds = tuple(k for k in manifest.get(name, {}).get("kinds", "").split(",") if k)
        group = "dev-out-of-order" if OUT_OF_ORDER.intersection(kinds) else "dev"
        gold_path = DEV / f"{name}.gold.txt"
        docs.append(Doc(name, group, read_text(path), read_text(gold_path), kinds, path, gold_path))
    return docs


def clean_files() -> list[Path]:
    """The clean-corpus files (text that must come out byte-identical)."""
    return sorted(CLEAN.glob("*.txt"))


def reduction(before: int, after: int) -> float:
    """Error reduction in percent (100: all errors gone; negative: worse)."""
    return 100.0 * (before - after) / before if before else 0.0
