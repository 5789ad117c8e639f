"""Linear time: ten times the input may cost about ten times the time.

For each hostile input (built to hurt regular expressions: long runs of
doubled characters, of spaces, of punctuation, of newlines, alternating Han
and Latin, letter-spaced Han, a multi-megabyte single line, ...; the
builders are ``HOSTILE`` in ``tests/strategies.py``; and ``LONG_LINES``
below: the seed pages run together on one line, as a JSONL record or a page
extracted without line breaks is, with every artifact kind the default
pipeline repairs placed along it) this times
``cleantext.fix`` at a small and a ten times larger size and prints the
growth factor.  Linear code grows by about 10; a growth above 15 is flagged
FAIL, and for a failing input every rule of the default pipeline is timed
on its own on that input, so the table names the culprit.

A quadratic rule would take hours at 5 MB, so an input is first timed at
twice the small size: if doubling the input more than triples the time, the
large size is not run and the growth is extrapolated (marked ``~``).

Sizes count characters (Han text is three bytes a character in UTF-8).

Usage::

    python benchmarks/linear_time.py               # 0.5 M and 5 M characters
    python benchmarks/linear_time.py --quick       # 50 k and 500 k
    python benchmarks/linear_time.py --cases spaces comma-run
    python benchmarks/linear_time.py --json results.json
    CLEANTEXT_IMPLEMENTATION=python python benchmarks/linear_time.py   # the Python rules

Exit status 1 when any input fails.  This is a benchmark, not a unit test:
the unit tests (``tests/test_properties.py``) run the same inputs at 20 KB
for correctness only, never for time.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
import unicodedata
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

import cleantext  # noqa: E402
from cleantext import Config  # noqa: E402
from strategies import HOSTILE  # noqa: E402

# ---------------------------------------------------------------------------
# Long single lines
# ---------------------------------------------------------------------------
#
# A rule that rescans the rest of the line for every repair it makes is
# linear on short lines and quadratic on one long line (issue 16: fake-bold
# took 22 s on 2 MB).  These lines are made of the sentences of the seed
# pages, run together without a line break, with repairs to make along the
# whole line.  The sentences kept are those without a character doubled in
# a row, so that a scan for doubling finds only the artifacts put in: a
# gate that finds nothing runs to the end of the line, which is the
# worst case for a rescan.

#: Fake-bold captions and bylines, per character: one every 20 sentences.
_FAKE_BOLD_CAPTION = "（（资资料料图图片片））记记者者 雷雷宁宁 摄摄"


@lru_cache(maxsize=1)
def _seed_sentences() -> tuple[str, ...]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = re.sub(r"\s+", "", text)
    return tuple(
        s for s in re.findall(r"[^。！？]*[。！？]", text) if len(s) >= 8 and not re.search(r"(.)\1", s)
    )


def _mojibake(s: str) -> str:
    """``s`` as UTF-8 read as GBK (or another legacy encoding), where that
    encodes back to the same bytes (a repair that is certain)."""
    for encoding in ("gbk", "gb18030", "cp1252", "latin-1"):
        try:
            garbled = s.encode("utf-8").decode(encoding)
        except UnicodeDecodeError:
            continue
        if garbled != s and garbled.encode(encoding) == s.encode("utf-8"):
            return garbled
    return s


@lru_cache(maxsize=1)
def _radical_for() -> dict[str, str]:
    """The Kangxi radical that stands for a unified ideograph."""
    return {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0x2F00, 0x2FD6)}


def _with_artifact(k: int, s: str) -> str:
    """Sentence ``s`` with the artifact kind ``k`` (0..11) put in."""
    if k == 0:  # fake bold, per character, at the sentence start
        return "".join(c + c for c in s[:4]) + s[4:]
    if k == 1:  # a character an OCR engine repeated
        return s[:3] + s[2] + s[3:]
    if k == 2:  # a half-width comma and colon between Chinese characters
        return s[:3] + "," + s[3:6] + ":" + s[6:]
    if k == 3:  # letter-spaced Chinese (OCR)
        return " ".join(s[:6]) + s[6:]
    if k == 4:  # Kangxi radicals for ordinary characters
        radicals = _radical_for()
        return "".join(radicals.get(c, c) for c in s)
    if k == 5:  # mojibake: the sentence start read as GBK
        return _mojibake(s[:6]) + s[6:]
    if k == 6:  # invisible characters and a doubled comma
        return s[:3] + "\u200b" + s[3:-1] + "，，" + s[-1]
    if k == 7:  # full-width digits, spaces between Chinese and digits
        return s[:2] + " ２０１８ 年" + s[2:]
    if k == 8:  # straight quotes around Chinese
        return '"' + s[:-1] + '"' + s[-1]
    if k == 9:  # a stray point, a space before full-width punctuation
        return s[:-1] + "96.2.%" + " " + s[-1]
    if k == 10:  # a run printed twice, and spaces after punctuation
        return s[:5] + s[:5] + "， " + s[5:]
    return "\u3000\u3000" + s  # an ideographic indent inside the line


def _long_line_unit(artifacts: bool) -> str:
    pieces = []
    for i, s in enumerate(_seed_sentences()):
        pieces.append(_with_artifact(i % 12, s) if artifacts else s)
        if i % 20 == 19:
            pieces.append(_FAKE_BOLD_CAPTION if artifacts else "（（资资料料图图片片））")
    return "".join(pieces)


def _repeat_line(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


LONG_LINES = {
    # The reproduction of issue 16, section 4: ordinary text on one line, a
    # doubled caption every 20 sentences.
    "long-line-captions": lambda n: _repeat_line(_long_line_unit(False), n),
    # Every artifact kind along one line.
    "long-line-artifacts": lambda n: _repeat_line(_long_line_unit(True), n),
    # The same, as many records of one line each (a JSONL file): the
    # per-line work the long line must not multiply.
    "long-line-records": lambda n: _repeat_line(_long_line_unit(True)[:2000] + "\n", n),
    # Fake bold along the whole line: every sentence doubled per character.
    "long-line-fake-bold": lambda n: _repeat_line("".join(c + c for c in _long_line_unit(False)), n),
}
CASES = {**HOSTILE, **LONG_LINES}

FAIL_GROWTH = 15.0
#: Below this many seconds a timing is mostly noise: a growth computed
#: from it is shown but not failed unless the large run is slow too.
NOISE_FLOOR = 0.05
SLOW_LARGE = 1.0


def _time(func, text: str, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - start)
    return best


def _repeat_for(seconds: float) -> int:
    return 5 if seconds < 0.02 else 3 if seconds < 0.2 else 1


def measure(func, build, small: int, factor: int = 10) -> dict:
    """Time ``func`` on ``build(small)``, ``build(2*small)`` and, when the
    doubling looks linear, ``build(factor*small)``."""
    text = build(small)
    t_small = _time(func, text)
    t_small = min(t_small, _time(func, text, _repeat_for(t_small)))
    text2 = build(2 * small)
    t_double = _time(func, text2, _repeat_for(t_small))
    ratio2 = t_double / t_small if t_small > 0 else 1.0
    if ratio2 > 3.0 and t_double > NOISE_FLOOR:
        # Superlinear: extrapolate instead of running for hours.
        exponent = max(1.0, _log2(ratio2))
        return {
            "small": t_small,
            "large": t_small * factor**exponent,
            "growth": factor**exponent,
            "extrapolated": True,
        }
    big = build(factor * small)
    t_large = _time(func, big)
    if t_large < 2.0:  # first touch of a large string costs page faults
        t_large = min(t_large, _time(func, big, 2))
    return {
        "small": t_small,
        "large": t_large,
        "growth": t_large / t_small if t_small > 0 else float("inf"),
        "extrapolated": False,
    }


def _log2(x: float) -> float:
    import math

    return math.log2(x) if x > 0 else 0.0


def failed(m: dict) -> bool:
    if m["growth"] <= FAIL_GROWTH:
        return False
    # Tiny timings are noise; fail them only if the large run is slow.
    return m["small"] >= NOISE_FLOOR or m["large"] >= SLOW_LARGE


def attribute(build, small: int) -> list[tuple[str, dict]]:
    """Time every rule of the default pipeline on its own on this input."""
    rows = []
    config = Config()
    for rule in cleantext.rules_for(config):
        rows.append((rule.name, measure(lambda t, r=rule: r(t, config=config), build, small)))
    return rows


def _fmt_size(n: int) -> str:
    return f"{n / 1e6:g} M" if n >= 1_000_000 else f"{n / 1e3:g} k"


def _row(name: str, m: dict, status: str) -> str:
    mark = "~" if m["extrapolated"] else " "
    return f"{name:<24} {m['small']:>9.3f} {mark}{m['large']:>9.3f} {mark}{m['growth']:>7.1f}  {status}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=500_000, help="small size in characters (default 500000)")
    parser.add_argument("--quick", action="store_true", help="50 k and 500 k characters")
    parser.add_argument("--cases", nargs="*", help=f"inputs to run (default all): {', '.join(CASES)}")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    small = 50_000 if args.quick else args.small
    names = args.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")

    # Warm up: lazy word lists and compiled tables load once, outside the timing.
    cleantext.fix("本报讯 近日， 市统计局通过“0578-12340”热线调查 。\n记记者者\n")

    print(f"cleantext.fix ({cleantext.implementation()}) time growth from {_fmt_size(small)} "
          f"to {_fmt_size(10 * small)} characters (linear ~10; FAIL above {FAIL_GROWTH:g})")
    print(f"{'input':<24} {'small s':>9} {'large s':>10} {'growth':>8}  status")
    results = {}
    failures = []
    for name in names:
        m = measure(cleantext.fix, CASES[name], small)
        status = "FAIL" if failed(m) else "ok"
        print(_row(name, m, status), flush=True)
        results[name] = {**m, "status": status}
        if status == "FAIL":
            failures.append(name)

    for name in failures:
        print(f"\nper-rule attribution for {name!r} ({_fmt_size(small)} -> {_fmt_size(10 * small)}):")
        rows = attribute(CASES[name], small)
        results[name]["rules"] = {}
        for rule, m in rows:
            status = "FAIL" if failed(m) else "ok"
            print(_row(f"  {rule}", m, status), flush=True)
            results[name]["rules"][rule] = {**m, "status": status}

    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\n{len(names) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
