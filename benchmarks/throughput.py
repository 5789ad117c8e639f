"""Throughput benchmark: ``cleantext.fix`` against its peers, side by side.

Builds a corpus from the five pages in ``seeds/`` (or, with ``--corpus
clean``, from the clean newswire in ``tests/data``; ``--corpus seeds,clean``
runs both in turn) repeated to 10 MB of UTF-8 (``--mb``), then, in one
process, times whole-document calls of

* ``cleantext.fix`` with the native core (the default where it is built),
* ``cleantext.fix`` with the pure-Python rules (the reference and fallback),
* autocorrect (``autocorrect_py.format``; Rust core),
* ftfy with Chinese-safe settings (``fix_text(t, fix_character_width=False,
  uncurl_quotes=False)``) and with its defaults,
* pangu (``pangu.spacing_text``, ``pangu.space_text`` in pangu >= 6),
* OpenCC ``t2s`` (``OpenCC('t2s').convert``),

alternately, round after round (``--rounds``), and prints the median MB/s of
each and the ratio of cleantext (native) to each peer; the peak memory one
call adds over its input, for cleantext (both implementations), autocorrect
and a bare UTF-8 encode and decode, each in a fresh process (read the text,
``malloc_trim``, reset the peak through ``/proc/self/clear_refs``, call, read
``VmHWM`` less the ``VmRSS`` before the call); and the time of each rule of
the default pipeline in both implementations, applied in sequence as the
pipeline does, sorted by cost.  ``--plot FILE.png`` draws the MB/s of every
tool on every corpus of the run (matplotlib, the ``bench`` extra).  A peer
that is not installed is reported as such and skipped (``pip install
'.[bench]'``).

Targets (issue 13): the native pipeline >= 3x autocorrect on the seed pages
and on clean text, one call's peak memory <= 3x its input.

Usage (from the repository root)::

    python benchmarks/throughput.py                       # 10 MB, 5 rounds, seed pages
    python benchmarks/throughput.py --corpus seeds,clean --plot docs/throughput.png
    python benchmarks/throughput.py --mb 2 --rounds 3
    python benchmarks/throughput.py --no-peers            # cleantext only
    python benchmarks/throughput.py --rules-only          # just the per-rule table
    python benchmarks/throughput.py --json                # machine-readable output

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
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1_000_000

import cleantext  # noqa: E402
from cleantext import REGISTRY, Config, native  # noqa: E402


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


def _python_fix(text: str) -> str:
    with native.python_only():
        return cleantext.fix(text)


def tools() -> list[tuple[str, Callable[[str], str] | None, str]]:
    """``(name, function or None, note)`` for cleantext and every peer."""
    version = f"cleantext {cleantext.__version__}, default pipeline"
    out: list[tuple[str, Callable[[str], str] | None, str]] = []
    if native.available():
        out.append(("cleantext native", cleantext.fix, f"{version}, native core"))
    else:
        out.append(("cleantext native", None, "not built (pip install . with cargo on the PATH)"))
    out.append(("cleantext python", _python_fix, f"{version}, pure Python"))
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
    chosen = tools() if with_peers else tools()[:2]
    runnable = [(n, f) for n, f, _ in chosen if f is not None]
    warm = build_corpus(0.05) + build_corpus(0.05, "clean")
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
    ours = next(r["mb_per_s"] for r in rows if r.get("installed"))
    for row in rows:
        if row.get("installed"):
            row["cleantext_ratio"] = round(ours / row["mb_per_s"], 2)
    return rows


# --------------------------------------------------------------------------
# Memory


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _bare_roundtrip(text: str) -> str:
    return text.encode("utf-8").decode("utf-8")


#: What ``--memory-child`` can measure, by name.
MEMORY_TOOLS = ("cleantext native", "cleantext python", "autocorrect", "encode+decode")


def _memory_function(name: str) -> Callable[[str], str]:
    if name == "cleantext native":
        if not native.available():
            raise SystemExit("the native core is not built")
        return cleantext.fix
    if name == "cleantext python":
        return _python_fix
    if name == "autocorrect":
        import autocorrect_py

        return autocorrect_py.format
    return _bare_roundtrip


def _memory_child(mb: float, corpus: str, name: str) -> None:
    """In a fresh process: the peak RSS one call of ``name`` adds over its
    input: read the text, give freed memory back to the system
    (``malloc_trim``), reset the peak (``/proc/self/clear_refs``), call, and
    read ``VmHWM`` less the ``VmRSS`` before the call."""
    import ctypes

    func = _memory_function(name)
    func(build_corpus(0.05, corpus))  # lazy imports and tables are not per call
    text = build_corpus(mb, corpus)
    nbytes = len(text.encode("utf-8"))
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = _status_kb("VmRSS")
    func(text)
    peak = _status_kb("VmHWM")
    print(json.dumps({"tool": name, "rss_before_kb": before, "rss_peak_kb": peak, "input_utf8_bytes": nbytes}))


def memory_rss(mb: float, corpus: str, names=MEMORY_TOOLS) -> list[dict]:
    """The peak RSS each tool's call adds, each in a fresh process."""
    rows = []
    for name in names:
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--memory-child", str(mb), "--corpus", corpus,
             "--memory-tool", name],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"
            rows.append({"tool": name, "error": last})
            continue
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        delta = max(0, data["rss_peak_kb"] - data["rss_before_kb"]) * 1024
        data["added_bytes"] = delta
        data["added_over_input"] = round(delta / data["input_utf8_bytes"], 2)
        rows.append(data)
    return rows


# --------------------------------------------------------------------------
# Per rule


def _rule_runner(step, native_core: bool):
    if native_core:
        return lambda t, config: native.run(t, [step], config)
    return lambda t, config: step(t, config=config)


def per_rule(text: str, rounds: int, native_core: bool) -> list[dict]:
    """Time of each default rule, applied in sequence as the pipeline does,
    natively where the core has the rule (``native_core``) or in Python."""
    config = Config()
    steps = list(cleantext.rules_for(config))
    final = REGISTRY["normalize"]
    if steps and steps[-1] is not final:  # the pipeline normalizes once more at the end
        steps.append(final)
    runners = [_rule_runner(s, native_core and native.has(s.name)) for s in steps]
    size = len(text.encode("utf-8")) / MB
    times: list[list[float]] = [[] for _ in steps]
    changed = [False] * len(steps)
    for _ in range(rounds):
        t = text
        for k, run in enumerate(runners):
            gc.collect()
            t0 = time.perf_counter()
            out = run(t, config)
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
            "native": native_core and native.has(step.name),
            "median_s": round(medians[k], 5),
            "share": round(100 * medians[k] / total, 1),
            "mb_per_s": round(size / medians[k], 1) if medians[k] else None,
            "changed_text": changed[k],
        })
    rows.sort(key=lambda r: -r["median_s"])
    return rows


def plot(results: dict[str, dict], path: Path) -> None:
    """Grouped bars: MB/s of every tool on every corpus of the run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    corpora = list(results)
    names = [r["tool"] for r in results[corpora[0]]["throughput"] if r.get("installed")]
    fig, ax = plt.subplots(figsize=(9, 4.2), dpi=120)
    width = 0.8 / len(corpora)
    labels = {"seeds": "seed pages (extractor output)", "clean": "clean text"}
    for k, corpus in enumerate(corpora):
        speed = {r["tool"]: r.get("mb_per_s", 0) for r in results[corpus]["throughput"]}
        xs = [i + (k - (len(corpora) - 1) / 2) * width for i in range(len(names))]
        bars = ax.bar(xs, [speed.get(n, 0) for n in names], width, label=labels.get(corpus, corpus))
        ax.bar_label(bars, fmt="%.0f", fontsize=7, padding=1)
    ax.set_xticks(range(len(names)), names, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("MB/s (one core, higher is better)")
    ax.set_yscale("log")
    ax.set_title("Throughput of whole-document calls, tools alternating in one run", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


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


def _print_rules(rules: list[dict], size: int, title: str) -> None:
    print(f"\n{title}")
    print(f"  {'rule':<18} {'pos':>3} {'impl':>6} {'median s':>9} {'share':>6} {'MB/s':>9}  changed text")
    for r in rules:
        mbs = f"{r['mb_per_s']:.1f}" if r["mb_per_s"] else "-"
        print(f"  {r['rule']:<18} {r['position']:>3} {'rust' if r['native'] else 'python':>6} {r['median_s']:>9.4f} "
              f"{r['share']:>5.1f}% {mbs:>9}  {'yes' if r['changed_text'] else 'no'}")
    tot = sum(r["median_s"] for r in rules)
    print(f"  {'sum':<18} {'':>3} {'':>6} {tot:>9.4f} {100.0:>5.1f}% {size / MB / tot if tot else 0:>9.1f}")


def run_corpus(corpus: str, args, log) -> dict:
    text = build_corpus(args.mb, corpus)
    size = len(text.encode("utf-8"))
    result: dict = {"corpus": corpus, "corpus_bytes": size, "corpus_chars": len(text)}
    folder, pattern = CORPORA[corpus]
    log(f"\n=== corpus: {folder.relative_to(ROOT)}/{pattern} repeated to {size / MB:.1f} MB "
        f"({len(text):,} characters); {args.rounds} rounds")

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
        log("\nPeak memory one call adds over its input (fresh process each)")
        names = [n for n in MEMORY_TOOLS if args.no_peers is False or n.startswith("cleantext")]
        mem = memory_rss(args.mb, corpus, names)
        result["memory"] = mem
        if not args.json:
            for m in mem:
                if "error" in m:
                    print(f"  {m['tool']:<17} not measured ({m['error']})")
                else:
                    print(f"  {m['tool']:<17} {m['added_bytes'] / MB:>8.1f} MB = {m['added_over_input']:.2f}× the input "
                          f"({m['input_utf8_bytes'] / MB:.1f} MB UTF-8)")

    if not args.no_rules:
        impls = [True, False] if native.available() else [False]
        for native_core in impls:
            rules = per_rule(text, args.rounds, native_core)
            result["rules_native" if native_core else "rules_python"] = rules
            if not args.json:
                which = "native core (Rust where ported)" if native_core else "pure Python"
                _print_rules(rules, size, f"Time per rule, {which}: default pipeline in sequence, medians, most costly first")
    return result


def targets(results: dict[str, dict]) -> list[dict]:
    out = []
    for corpus, result in results.items():
        rows = {r["tool"]: r for r in result.get("throughput", []) if r.get("installed")}
        if "cleantext native" in rows and "autocorrect" in rows:
            ratio = rows["cleantext native"]["mb_per_s"] / rows["autocorrect"]["mb_per_s"]
            out.append({"name": f"native pipeline >= 3x autocorrect ({corpus})",
                        "value": f"{ratio:.2f}x", "pass": ratio >= 3.0})
        for m in result.get("memory", []):
            if m["tool"] == "cleantext native" and "added_over_input" in m:
                out.append({"name": f"one native call adds <= 3x its input ({corpus})",
                            "value": f"{m['added_over_input']:.2f}x", "pass": m["added_over_input"] <= 3.0})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Throughput of cleantext.fix against its peers.")
    p.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)")
    p.add_argument("--corpus", default="seeds",
                   help="comma-separated: seeds (the seed pages, default), clean (already clean text)")
    p.add_argument("--rounds", type=int, default=5, help="timed calls per tool (default 5)")
    p.add_argument("--no-peers", action="store_true", help="time cleantext only")
    p.add_argument("--no-memory", action="store_true", help="skip the memory measurements")
    p.add_argument("--no-rules", action="store_true", help="skip the per-rule tables")
    p.add_argument("--rules-only", action="store_true", help="only the per-rule tables")
    p.add_argument("--plot", type=Path, help="draw the MB/s of every tool into this PNG")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--memory-child", type=float, help=argparse.SUPPRESS)
    p.add_argument("--memory-tool", default="cleantext native", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    corpora = [c.strip() for c in args.corpus.split(",") if c.strip()]
    unknown = [c for c in corpora if c not in CORPORA]
    if unknown or not corpora:
        p.error(f"unknown corpus: {', '.join(unknown)} (known: {', '.join(sorted(CORPORA))})")

    if args.memory_child is not None:
        _memory_child(args.memory_child, corpora[0], args.memory_tool)
        return 0

    log = (lambda *a, **k: print(*a, file=sys.stderr, **k)) if args.json else print
    info = machine()
    log(f"Python {info['python']} on {info['cpu']}; cleantext {cleantext.__version__}, "
        f"implementation: {cleantext.implementation()}")
    results = {corpus: run_corpus(corpus, args, log) for corpus in corpora}
    if args.plot and all("throughput" in r for r in results.values()):
        plot(results, args.plot)
        log(f"\nplot: {args.plot}")
    checks = targets(results)
    if args.json:
        json.dump({"machine": info, "rounds": args.rounds, "results": results, "targets": checks},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif checks:
        print("\nTargets (issue 13)")
        for t in checks:
            print(f"  {'PASS' if t['pass'] else 'FAIL'}  {t['name']}: {t['value']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
