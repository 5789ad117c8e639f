"""Linear time: ten times the input may cost about ten times the time.

For each hostile input (built to hurt regular expressions: long runs of
doubled characters, of spaces, of punctuation, of newlines, alternating Han
and Latin, letter-spaced Han, a multi-megabyte single line, ...; the
builders are ``HOSTILE`` in ``tests/strategies.py``) this times
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

Exit status 1 when any input fails.  This is a benchmark, not a unit test:
the unit tests (``tests/test_properties.py``) run the same inputs at 20 KB
for correctness only, never for time.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

import cleantext  # noqa: E402
from cleantext import Config  # noqa: E402
from strategies import HOSTILE  # noqa: E402

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
    parser.add_argument("--cases", nargs="*", help=f"inputs to run (default all): {', '.join(HOSTILE)}")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    small = 50_000 if args.quick else args.small
    names = args.cases or list(HOSTILE)
    unknown = [n for n in names if n not in HOSTILE]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")

    # Warm up: lazy word lists and compiled tables load once, outside the timing.
    cleantext.fix("本报讯 近日， 市统计局通过“0578-12340”热线调查 。\n记记者者\n")

    print(f"cleantext.fix time growth from {_fmt_size(small)} to {_fmt_size(10 * small)} characters "
          f"(linear ~10; FAIL above {FAIL_GROWTH:g})")
    print(f"{'input':<24} {'small s':>9} {'large s':>10} {'growth':>8}  status")
    results = {}
    failures = []
    for name in names:
        m = measure(cleantext.fix, HOSTILE[name], small)
        status = "FAIL" if failed(m) else "ok"
        print(_row(name, m, status), flush=True)
        results[name] = {**m, "status": status}
        if status == "FAIL":
            failures.append(name)

    for name in failures:
        print(f"\nper-rule attribution for {name!r} ({_fmt_size(small)} -> {_fmt_size(10 * small)}):")
        rows = attribute(HOSTILE[name], small)
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
