"""Throughput benchmark: ``cleantext.fix`` against its peers, side by side.

Builds a corpus from the five pages in ``seeds/`` repeated to 10 MB of UTF-8
(``--mb``), then, in one process, times whole-document calls of

* ``cleantext.fix`` (the default pipeline),
* autocorrect (``autocorrect_py.format``; Rust core),
* ftfy with Chinese-safe settings (``fix_text(t, fix_character_width=False,
  uncurl_quotes=False)``) and with its defaults,
* pangu (``pangu.spacing_text``, ``pangu.space_text`` in pangu >= 6),
* OpenCC ``t2s`` (``OpenCC('t2s').convert``),

alternately, round after round (``--rounds``), and prints the median MB/s of
each, the ratio of cleantext to each peer, the peak memory of one
``cleantext.fix`` call relative to its input (tracemalloc peak of the
allocations the call makes, and the growth of peak RSS in a fresh process),
and the time of each rule of the default pipeline applied in sequence, as
the pipeline does, sorted by cost.  A peer that is not installed is reported
as such and skipped (``pip install autocorrect-py ftfy pangu opencc``).

Targets (issue 6): ``cleantext.fix`` >= 2x autocorrect, one call's peak
memory <= 6x its input.

Usage (from the repository root)::

    python benchmarks/throughput.py                 # 10 MB, 5 rounds, all sections
    python benchmarks/throughput.py --mb 2 --rounds 3
    python benchmarks/throughput.py --no-peers      # cleantext only
    python benchmarks/throughput.py --rules-only    # just the per-rule table
    python benchmarks/throughput.py --json          # machine-readable output

Run it on an otherwise idle machine: it measures one core.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1_000_000

import cleantext  # noqa: E402
from cleantext import REGISTRY, Config  # noqa: E402


# --------------------------------------------------------------------------
# Corpus


#: The corpora a run can be timed on: the seed pages (extractor output, the
#: issue's benchmark) and text that is already clean (what a run over a
#: cleaned archive sees: every rule should find nothing to do, cheaply).
CORPORA = {
    "seeds": (SEEDS, "*.txt"),
    "clean": (ROOT / "tests" / "data" / "corpus" / "clean", "*.txt"),
}


def build_corpus(mb: float, corpus: str = "seeds") -> str:
    """The pages of ``corpus``, whole and in turn, until the text has ``mb``
    MB of UTF-8 (a blank line between pages)."""
    folder, pattern = CORPORA[corpus]
    pages = [p.read_text(encoding="utf-8") for p in sorted(folder.glob(pattern))]
    if not pages:
        raise SystemExit(f"no pages in {folder}")
    pages = [p.rstrip("\n") + "\n" for p in pages]
    target = int(mb * MB)
    parts, size, i = [], 0, 0
    while size < target:
        page = pages[i % len(pages)]
        parts.append(page)
        parts.append("\n")
        size += len(page.encode("utf-8")) + 1
        i += 1
    parts.pop()  # (no blank line at the end: clean text stays clean)
    return "".join(parts)


# --------------------------------------------------------------------------
# Tools


def tools() -> list[tuple[str, Callable[[str], str] | None, str]]:
    """``(name, function or None, note)`` for cleantext and every peer."""
    out: list[tuple[str, Callable[[str], str] | None, str]] = [
        ("cleantext.fix", cleantext.fix, f"cleantext {cleantext.__version__}, default pipeline"),
    ]
    try:
        import autocorrect_py

        out.append(("autocorrect", autocorrect_py.format, f"autocorrect-py {_version('autocorrect-py')}"))
    except ImportError:
        out.append(("autocorrect", None, "not installed (pip install autocorrect-py)"))
    try:
        import ftfy

        def ftfy_safe(text: str) -> str:
            return ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False)

        out.append(("ftfy (CJK-safe)", ftfy_safe, f"ftfy {_version('ftfy')}, fix_character_width=False, uncurl_quotes=False"))
        out.append(("ftfy (defaults)", ftfy.fix_text, f"ftfy {_version('ftfy')}, defaults"))
    except ImportError:
        out.append(("ftfy (CJK-safe)", None, "not installed (pip install ftfy)"))
    try:
        import pangu

        spacing = getattr(pangu, "spacing_text", None) or pangu.space_text
        out.append(("pangu", spacing, f"pangu {_version('pangu')}, {spacing.__name__}"))
    except (ImportError, AttributeError):
        out.append(("pangu", None, "not installed (pip install pangu)"))
    try:
        import opencc

        out.append(("opencc t2s", opencc.OpenCC("t2s").convert, f"OpenCC {_version('opencc')}, t2s"))
    except ImportError:
        out.append(("opencc t2s", None, "not installed (pip install opencc)"))
    return out


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def _time_call(func: Callable[[str], str], text: str) -> float:
    gc.collect()
    t0 = time.perf_counter()
    func(text)
    return time.perf_counter() - t0


def throughput(text: str, rounds: int, with_peers: bool, log=print) -> list[dict]:
    """Median MB/s of each tool, timed alternately, one call per tool per round."""
    size = len(text.encode("utf-8")) / MB
    chosen = tools() if with_peers else tools()[:1]
    runnable = [(n, f) for n, f, _ in chosen if f is not None]
    warm = build_corpus(0.05)
    for _, func in runnable:  # lazy imports, dictionaries, caches
        func(warm)
    times: dict[str, list[float]] = {n: [] for n, _ in runnable}
    for r in range(rounds):
        # Rotate the order each round so no tool always runs first or last.
        order = runnable[r % len(runnable):] + runnable[: r % len(runnable)]
        for name, func in order:
            times[name].append(_time_call(func, text))
        log(f"  round {r + 1}/{rounds}: " + ", ".join(f"{n} {size / times[n][-1]:.1f}" for n, _ in runnable))
    rows = []
    for name, func, note in chosen:
        if func is None:
            rows.append({"tool": name, "note": note, "installed": False})
            continue
        med = statistics.median(times[name])
        rows.append({
            "tool": name,
            "note": note,
            "installed": True,
            "median_s": round(med, 4),
            "mb_per_s": round(size / med, 2),
            "min_s": round(min(times[name]), 4),
            "max_s": round(max(times[name]), 4),
        })
    ours = rows[0]["mb_per_s"]
    for row in rows:
        if row.get("installed"):
            row["cleantext_ratio"] = round(ours / row["mb_per_s"], 2)
    return rows


# --------------------------------------------------------------------------
# Memory


def memory_tracemalloc(text: str) -> dict:
    """tracemalloc peak of the allocations one ``fix`` call makes."""
    cleantext.fix(build_corpus(0.05))  # warm: lazy loads are not per call
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    cleantext.fix(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    nbytes = len(text.encode("utf-8"))
    return {
        "input_utf8_bytes": nbytes,
        "input_str_bytes": sys.getsizeof(text),
        "tracemalloc_peak_bytes": peak,
        "peak_over_input": round(peak / nbytes, 2),
    }


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _memory_child(mb: float, corpus: str) -> None:
    """In a fresh process: growth of peak RSS over one ``fix`` call."""
    text = build_corpus(mb, corpus)
    cleantext.fix(build_corpus(0.05))
    gc.collect()
    method = "VmHWM reset via /proc/self/clear_refs"
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        method = "ru_maxrss (a lower bound if an earlier peak was higher)"
    rss0 = _status_kb("VmRSS")
    if rss0 is None:
        import resource

        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cleantext.fix(text)
    hwm = _status_kb("VmHWM")
    if hwm is None or method.startswith("ru_"):
        import resource

        hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rss_before_kb": rss0, "rss_peak_kb": hwm, "method": method,
                      "input_utf8_bytes": len(text.encode("utf-8"))}))


def memory_rss(mb: float, corpus: str = "seeds") -> dict:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--memory-child", str(mb), "--corpus", corpus],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    delta = max(0, data["rss_peak_kb"] - data["rss_before_kb"]) * 1024
    data["rss_peak_delta_bytes"] = delta
    data["rss_delta_over_input"] = round(delta / data["input_utf8_bytes"], 2)
    return data


# --------------------------------------------------------------------------
# Per rule


def per_rule(text: str, rounds: int) -> list[dict]:
    """Time of each default rule, applied in sequence as the pipeline does."""
    config = Config()
    steps = list(cleantext.rules_for(config))
    final = REGISTRY["normalize"]
    if steps and steps[-1] is not final:  # the pipeline normalizes once more at the end
        steps.append(final)
    size = len(text.encode("utf-8")) / MB
    times: list[list[float]] = [[] for _ in steps]
    changed = [False] * len(steps)
    for _ in range(rounds):
        t = text
        for k, step in enumerate(steps):
            gc.collect()
            t0 = time.perf_counter()
            out = step(t, config=config)
            times[k].append(time.perf_counter() - t0)
            if out is not t and out != t:
                changed[k] = True
            t = out
    medians = [statistics.median(ts) for ts in times]
    total = sum(medians) or 1e-12
    rows = []
    for k, step in enumerate(steps):
        label = step.name
        if k == len(steps) - 1 and step is final and final in steps[:-1]:
            label = "normalize (final)"
        rows.append({
            "rule": label,
            "position": k + 1,
            "median_s": round(medians[k], 5),
            "share": round(100 * medians[k] / total, 1),
            "mb_per_s": round(size / medians[k], 1) if medians[k] else None,
            "changed_text": changed[k],
        })
    rows.sort(key=lambda r: -r["median_s"])
    return rows


# --------------------------------------------------------------------------
# Report


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Throughput of cleantext.fix against its peers.")
    p.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)")
    p.add_argument("--corpus", choices=sorted(CORPORA), default="seeds",
                   help="seeds: the seed pages (default, the target's corpus); clean: already clean text")
    p.add_argument("--rounds", type=int, default=5, help="timed calls per tool (default 5)")
    p.add_argument("--no-peers", action="store_true", help="time cleantext only")
    p.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    p.add_argument("--no-rules", action="store_true", help="skip the per-rule table")
    p.add_argument("--rules-only", action="store_true", help="only the per-rule table")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--memory-child", type=float, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.memory_child is not None:
        _memory_child(args.memory_child, args.corpus)
        return 0

    log = (lambda *a, **k: print(*a, file=sys.stderr, **k)) if args.json else print
    text = build_corpus(args.mb, args.corpus)
    size = len(text.encode("utf-8"))
    result: dict = {"machine": machine(), "corpus": args.corpus, "corpus_bytes": size,
                    "corpus_chars": len(text), "rounds": args.rounds}
    folder, pattern = CORPORA[args.corpus]
    log(f"corpus: {folder.relative_to(ROOT)}/{pattern} repeated to {size / MB:.1f} MB ({len(text):,} characters); "
        f"{args.rounds} rounds; Python {result['machine']['python']} on {result['machine']['cpu']}")

    if not args.rules_only:
        log("\nThroughput (whole-document calls, alternating, one core)")
        rows = throughput(text, args.rounds, not args.no_peers, log)
        result["throughput"] = rows
        if not args.json:
            print(f"  {'tool':<17} {'MB/s':>8} {'median s':>9}   {'cleantext ×':>11}   note")
            for r in rows:
                if r["installed"]:
                    print(f"  {r['tool']:<17} {r['mb_per_s']:>8.2f} {r['median_s']:>9.3f}   "
                          f"{r['cleantext_ratio']:>10.2f}×   {r['note']}")
                else:
                    print(f"  {r['tool']:<17} {'-':>8} {'-':>9}   {'-':>11}   {r['note']}")

    if not args.no_memory and not args.rules_only:
        log("\nMemory of one cleantext.fix call")
        mem = memory_tracemalloc(text)
        mem["rss"] = memory_rss(args.mb, args.corpus)
        result["memory"] = mem
        if not args.json:
            print(f"  input: {size / MB:.1f} MB UTF-8 ({mem['input_str_bytes'] / MB:.1f} MB as a Python str)")
            print(f"  tracemalloc peak of the call's allocations: {mem['tracemalloc_peak_bytes'] / MB:.1f} MB"
                  f" = {mem['peak_over_input']:.2f}× the input")
            rss = mem["rss"]
            if "rss_peak_delta_bytes" in rss:
                print(f"  peak RSS growth in a fresh process: {rss['rss_peak_delta_bytes'] / MB:.1f} MB"
                      f" = {rss['rss_delta_over_input']:.2f}× the input ({rss['method']})")
            else:
                print(f"  peak RSS growth: not measured ({rss.get('error')})")

    if not args.no_rules:
        log("\nTime per rule (default pipeline, in sequence, median of rounds), most costly first")
        rules = per_rule(text, args.rounds)
        result["rules"] = rules
        if not args.json:
            print(f"  {'rule':<18} {'pos':>3} {'median s':>9} {'share':>6} {'MB/s':>9}  changed text")
            for r in rules:
                mbs = f"{r['mb_per_s']:.1f}" if r["mb_per_s"] else "-"
                print(f"  {r['rule']:<18} {r['position']:>3} {r['median_s']:>9.4f} {r['share']:>5.1f}% "
                      f"{mbs:>9}  {'yes' if r['changed_text'] else 'no'}")
            tot = sum(r["median_s"] for r in rules)
            print(f"  {'sum':<18} {'':>3} {tot:>9.4f} {100.0:>5.1f}% {size / MB / tot if tot else 0:>9.1f}")

    targets = []
    if "throughput" in result:
        auto = next((r for r in result["throughput"] if r["tool"] == "autocorrect"), None)
        if auto and auto["installed"] and args.corpus == "seeds":
            targets.append({"name": "cleantext.fix >= 2x autocorrect",
                            "value": f"{auto['cleantext_ratio']:.2f}x", "pass": auto["cleantext_ratio"] >= 2.0})
    if "memory" in result:
        m = result["memory"]
        worst = max(m["peak_over_input"], m["rss"].get("rss_delta_over_input", 0))
        targets.append({"name": "one call's peak memory <= 6x its input",
                        "value": f"{worst:.2f}x", "pass": worst <= 6.0})
    result["targets"] = targets
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif targets:
        print("\nTargets (issue 6)")
        for t in targets:
            print(f"  {'PASS' if t['pass'] else 'FAIL'}  {t['name']}: {t['value']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
