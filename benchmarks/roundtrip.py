"""Quality on the round-trip pages (``benchmarks/roundtrip/corpus``).

The same metric as ``benchmarks/quality.py`` (``_corpus.distance``: edit
distance to gold, each line break one ``\\n``), per page, per extractor and in
total, with page 029 (blocks out of reading order) reported apart.  See
``benchmarks/roundtrip/README.md`` for how the pages were made.

Usage (from the repository root)::

    python benchmarks/roundtrip.py            # the default pipeline
    python benchmarks/roundtrip.py -v         # every page
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import distance  # noqa: E402

import cleantext  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "roundtrip" / "corpus"
EXTRACTORS = ("pdftotext", "pypdf", "pymupdf", "pdfminer")
#: Pages whose blocks the extractor put out of reading order.
OUT_OF_ORDER = frozenset({"029_simp_reportlab_pdfminer"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every page")
    args = parser.parse_args(argv)
    rows = []
    for gold_path in sorted(CORPUS.glob("*.gold.txt")):
        name = gold_path.name[: -len(".gold.txt")]
        gold = gold_path.read_text(encoding="utf-8")
        text = (CORPUS / f"{name}.input.txt").read_text(encoding="utf-8")
        rows.append((name, distance(text, gold), distance(cleantext.fix(text), gold)))
        if args.verbose:
            print(f"  {name:34s} {rows[-1][1]:5d} -> {rows[-1][2]:4d}")

    def line(label: str, picked: list) -> None:
        before, after = sum(r[1] for r in picked), sum(r[2] for r in picked)
        share = 100 * (before - after) / before if before else 0.0
        print(f"  {label:34s} {len(picked):3d} pages  {before:6d} -> {after:5d}  {share:5.1f}%")

    in_order = [r for r in rows if r[0] not in OUT_OF_ORDER]
    print("Round-trip pages: edits to gold, before -> after, error reduction")
    for extractor in EXTRACTORS:
        line(extractor, [r for r in in_order if r[0].endswith("_" + extractor)])
    line("in reading order", in_order)
    line("all pages", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
