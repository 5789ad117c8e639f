"""Quality benchmark: how much closer to the printed text does ``cleantext.fix`` get?

Runs the default pipeline (or a chosen subset of rules) over

* the seed pages that have gold (``seeds/`` vs ``tests/data/gold/``),
* the dev corpus (``tests/data/corpus/dev/``), with the documents whose
  blocks are out of reading order (manifest kinds ``reading-order`` or
  ``column-interleave``) reported apart, and
* the clean corpus (``tests/data/corpus/clean/``), which must come out
  byte-identical,

and prints, per document and in total, the character edit distance to gold
before and after, the error reduction, and the edits made to clean text.
The metric (see ``benchmarks/_corpus.py``): Levenshtein distance after
turning every line break and the whitespace around it into one ``\\n``, so
paragraphs are compared line by line, ``\\n`` and ``\\n\\n`` alike.

Targets (issue 3): error reduction >= 85% on the seeds with gold, >= 80% on
the dev corpus without the out-of-order documents, 0 edits on clean text.

Usage (from the repository root)::

    python benchmarks/quality.py                      # the default pipeline
    python benchmarks/quality.py --rule fake-bold     # only these rules (repeatable,
                                                      #   or comma-separated; = --select)
    python benchmarks/quality.py --ignore line-wrap   # the pipeline without a rule
    python benchmarks/quality.py --by-rule            # edits and gain per rule
    python benchmarks/quality.py --by-reader          # CER per extractor (dev README table)
    python benchmarks/quality.py --top-errors 30      # what still differs from gold, costliest first
    python benchmarks/quality.py --show 019           # diff of output vs gold for one doc
    python benchmarks/quality.py --show 019 --explain # ... plus the edits, by rule
    python benchmarks/quality.py --show 019 --input   # diff of the raw input vs gold
    python benchmarks/quality.py -k pdfminer          # only documents whose name matches
    python benchmarks/quality.py --json               # machine-readable output
    python benchmarks/quality.py --strict             # exit 1 if a target fails
    python benchmarks/quality.py --peers              # + autocorrect, ftfy, pangu measured alike
    python benchmarks/quality.py --plot docs/quality.png   # + a bar chart of that (implies --peers)

``--show`` prints the paragraphs (one per line, in metric form) that differ
from gold, with the differences inline: ``[-text-]`` is in the output but not
in gold (to delete), ``{+text+}`` is in gold but missing from the output.
Inside the markers, ``␣`` is a space, ``⏎`` a line break and other invisible
characters are escaped (``\\u3000``).  Colours are used on a terminal
(``--color``/``--no-color`` to force).

``--peers`` measures the peers of ``benchmarks/throughput.py`` the same way
on the same corpora: autocorrect (``autocorrect_py.format``), ftfy with
Chinese-safe settings (``fix_text(t, fix_character_width=False,
uncurl_quotes=False)``) and pangu (``pangu.spacing_text``, ``space_text`` in
pangu >= 6); a peer that is not installed is reported and skipped.  The
table gives each tool's error reduction per group and, on clean text, the
places and characters it changes (an exact character diff of input and
output, for cleantext too).  ``--plot FILE.png`` draws that as grouped bars
(matplotlib, from the ``bench`` extra); the README shows ``docs/quality.png``.

Rules not written yet are skipped: names given to ``--rule``/``--ignore``
that the registry does not know are reported and left out, and a document on
which a rule raises is reported as an error (its output counted as unchanged).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus  # noqa: E402
from _corpus import Doc, distance, metric_form, reduction  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

import cleantext  # noqa: E402
from cleantext import REGISTRY, Config  # noqa: E402

#: The issue 3 targets: (group, minimum error reduction in percent).
TARGETS = {"seeds": 85.0, "dev": 80.0}

GROUP_TITLES = {
    "seeds": "Seed pages with gold",
    "dev": "Dev corpus, in reading order",
    "dev-out-of-order": "Dev corpus, blocks out of reading order (reported apart; no target)",
}


# --------------------------------------------------------------------------
# Running the pipeline


def _names(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    out = []
    for v in values:
        out.extend(x for x in v.replace(",", " ").split() if x)
    return out


def make_config(select: list[str] | None, ignore: list[str] | None) -> tuple[Config, list[str]]:
    """A Config for the options; unknown rule names are dropped and returned."""
    unknown = []
    known_select = None
    if select is not None:
        known_select = [n for n in select if n in REGISTRY]
        unknown += [n for n in select if n not in REGISTRY]
    known_ignore = [n for n in (ignore or []) if n in REGISTRY]
    unknown += [n for n in (ignore or []) if n not in REGISTRY]
    return Config(select=known_select, ignore=known_ignore), unknown


def run_fix(text: str, config: Config) -> tuple[str, str | None]:
    """``fix(text)``, or the text unchanged and the error if a rule raised."""
    try:
        return cleantext.fix(text, config), None
    except Exception as exc:  # a rule in progress must not stop the benchmark
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(tb.filename).name}:{tb.lineno}"
        return text, f"{type(exc).__name__}: {exc} ({where})"


def run_explain(text: str, config: Config):
    try:
        return cleantext.explain(text, config)
    except Exception:
        return []


def measure_docs(docs: list[Doc], config: Config) -> list[dict]:
    rows = []
    for doc in docs:
        t0 = time.perf_counter()
        out, error = run_fix(doc.input, config)
        seconds = time.perf_counter() - t0
        before = distance(doc.input, doc.gold)
        after = distance(out, doc.gold)
        rows.append(
            {
                "name": doc.name,
                "group": doc.group,
                "reader": doc.reader,
                "kinds": list(doc.kinds),
                "gold_chars": doc.gold_chars,
                "before": before,
                "after": after,
                "reduction": round(reduction(before, after), 2),
                "error": error,
                "seconds": round(seconds, 4),
            }
        )
    return rows


def totals(rows: list[dict]) -> dict:
    before = sum(r["before"] for r in rows)
    after = sum(r["after"] for r in rows)
    gold = sum(r["gold_chars"] for r in rows)
    return {
        "docs": len(rows),
        "gold_chars": gold,
        "before": before,
        "after": after,
        "reduction": round(reduction(before, after), 2),
        "cer_before": round(before / gold, 4) if gold else 0.0,
        "cer_after": round(after / gold, 4) if gold else 0.0,
        "worse": [r["name"] for r in rows if r["after"] > r["before"]],
        "errors": [r["name"] for r in rows if r["error"]],
    }


def _first_difference(a: str, b: str) -> tuple[int, str, str]:
    """1-based line number and the first differing line of ``a`` and ``b``."""
    la, lb = a.split("\n"), b.split("\n")
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else "<end of text>"
        y = lb[i] if i < len(lb) else "<end of text>"
        if x != y:
            return i + 1, x, y
    return 0, "", ""


def measure_clean(paths: list[Path], config: Config) -> dict:
    files = []
    for path in paths:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        out, error = run_fix(text, config)
        identical = out.encode("utf-8") == raw
        edits = run_explain(text, config) if not identical else []
        entry = {
            "name": path.name,
            "identical": identical,
            "edits": len(edits),
            "error": error,
            "edits_by_rule": dict(Counter(e.rule for e in edits)),
        }
        if not identical:
            line, was, now = _first_difference(text, out)
            entry["first_difference"] = {"line": line, "before": was, "after": now}
            entry["sample_edits"] = [str(e) for e in edits[:5]]
        files.append(entry)
    return {
        "files": files,
        "edits": sum(f["edits"] for f in files),
        "changed": [f["name"] for f in files if not f["identical"]],
        "errors": [f["name"] for f in files if f["error"]],
    }


def by_rule(docs: list[Doc], clean_paths: list[Path], config: Config) -> list[dict]:
    """Per rule: explain edits per group, and the distance it gains on seeds/dev.

    The gain of a rule is the total distance with the rule ignored minus the
    total distance with it (positive: the rule helps; negative: it hurts).
    """
    groups = ("seeds", "dev", "dev-out-of-order")
    edits = {g: Counter() for g in groups + ("clean",)}
    for doc in docs:
        for e in run_explain(doc.input, config):
            edits[doc.group][e.rule] += 1
    for path in clean_paths:
        for e in run_explain(_corpus.read_text(path), config):
            edits["clean"][e.rule] += 1

    def total_after(cfg: Config) -> dict[str, int]:
        out = Counter()
        for doc in docs:
            out[doc.group] += distance(run_fix(doc.input, cfg)[0], doc.gold)
        return out

    base = total_after(config)
    rows = []
    for rule in cleantext.rules_for(config):
        row = {"rule": rule.name}
        for g in groups + ("clean",):
            row[f"edits_{g}"] = edits[g][rule.name]
        if rule.required:
            row["gain_seeds"] = row["gain_dev"] = None
        else:
            without = total_after(Config(select=config.select, ignore=tuple(config.ignore) + (rule.name,)))
            row["gain_seeds"] = without["seeds"] - base["seeds"]
            row["gain_dev"] = without["dev"] - base["dev"]
        rows.append(row)
    return rows


def by_reader(rows: list[dict]) -> list[dict]:
    """Dev CER per extractor, with and without the out-of-order documents."""
    readers: dict[str, list[dict]] = {}
    for r in rows:
        if r["group"].startswith("dev"):
            readers.setdefault(r["reader"], []).append(r)
            readers.setdefault("all", []).append(r)
    out = []
    for reader, rs in sorted(readers.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        inorder = [r for r in rs if r["group"] == "dev"]
        t, ti = totals(rs), totals(inorder) if inorder else None
        out.append(
            {
                "reader": reader,
                "docs": t["docs"],
                "gold_chars": t["gold_chars"],
                "cer_before": t["cer_before"],
                "cer_after": t["cer_after"],
                "inorder_docs": ti["docs"] if ti else 0,
                "inorder_cer_before": ti["cer_before"] if ti else None,
                "inorder_cer_after": ti["cer_after"] if ti else None,
            }
        )
    return out


def remaining_errors(docs: list[Doc], config: Config, groups=("seeds", "dev")) -> list[dict]:
    """The edits still separating output from gold, grouped by what they are.

    Each Levenshtein edit of output -> gold (merged over adjacent characters)
    is counted as ``'x' -> 'y'``; the table shows which artifacts cost most.
    """
    cost: Counter = Counter()
    count: Counter = Counter()
    where: dict = {}
    for doc in docs:
        if doc.group not in groups:
            continue
        a, b = metric_form(run_fix(doc.input, config)[0]), metric_form(doc.gold)
        for op in Levenshtein.opcodes(a, b):
            if op.tag == "equal":
                continue
            key = (a[op.src_start:op.src_end], b[op.dest_start:op.dest_end])
            cost[key] += max(op.src_end - op.src_start, op.dest_end - op.dest_start)
            count[key] += 1
            where.setdefault(key, set()).add(doc.name.split("_")[0])
    return [
        {"output": k[0], "gold": k[1], "count": count[k], "cost": c, "docs": sorted(where[k])}
        for k, c in cost.most_common()
    ]


# --------------------------------------------------------------------------
# Peers: the same corpora and metric for other tools (--peers, --plot)

#: The groups measured against gold, in the order of the table and the plot.
PEER_GROUPS = ("seeds", "dev", "dev-out-of-order")

#: Short corpus names for the peers table and the plot.
GROUP_SHORT = {
    "seeds": "seed pages with gold",
    "dev": "dev, reading order",
    "dev-out-of-order": "dev, out of order",
}


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def peer_tools() -> list[dict]:
    """The peers, as in ``benchmarks/throughput.py``: name, label, function or None, note.

    A peer that is not installed has ``func`` None and says so in ``note``.
    """
    peers = []
    try:
        import autocorrect_py

        peers.append({"tool": "autocorrect", "label": f"autocorrect-py {_version('autocorrect-py')}",
                      "func": autocorrect_py.format, "note": "autocorrect_py.format"})
    except ImportError:
        peers.append({"tool": "autocorrect", "label": "autocorrect-py", "func": None,
                      "note": "not installed (pip install autocorrect-py)"})
    try:
        import ftfy

        def ftfy_safe(text: str) -> str:
            return ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False)

        peers.append({"tool": "ftfy", "label": f"ftfy {_version('ftfy')} (Chinese-safe)", "func": ftfy_safe,
                      "note": "fix_text(fix_character_width=False, uncurl_quotes=False)"})
    except ImportError:
        peers.append({"tool": "ftfy", "label": "ftfy", "func": None, "note": "not installed (pip install ftfy)"})
    try:
        import pangu

        spacing = getattr(pangu, "spacing_text", None) or pangu.space_text
        peers.append({"tool": "pangu", "label": f"pangu {_version('pangu')}", "func": spacing,
                      "note": f"pangu.{spacing.__name__}"})
    except (ImportError, AttributeError):
        peers.append({"tool": "pangu", "label": "pangu", "func": None, "note": "not installed (pip install pangu)"})
    return peers


def _apply(func, text: str) -> tuple[str, str | None]:
    """``func(text)``, or the text unchanged and the error if it raised."""
    try:
        return func(text), None
    except Exception as exc:
        return text, f"{type(exc).__name__}: {exc}"


def text_changes(text: str, out: str) -> tuple[int, int]:
    """``(edits, characters)`` between ``text`` and ``out``, exactly (no metric form).

    ``characters`` is the Levenshtein distance; ``edits`` the number of places
    that differ (runs of changed characters in the alignment).
    """
    if text == out:
        return 0, 0
    places, inside = 0, False
    for op in Levenshtein.opcodes(text, out):
        if op.tag == "equal":
            inside = False
        elif not inside:
            places, inside = places + 1, True
    return places, Levenshtein.distance(text, out)


def clean_changes(func, clean_paths: list[Path]) -> dict:
    """What ``func`` changes in the clean corpus (which must come out unchanged)."""
    files = []
    for path in clean_paths:
        text = _corpus.read_text(path)
        out, error = _apply(func, text)
        edits, chars = text_changes(text, out)
        files.append({"name": path.name, "edits": edits, "chars": chars, "error": error})
    return {
        "files": len(files),
        "changed": [f["name"] for f in files if f["edits"]],
        "edits": sum(f["edits"] for f in files),
        "chars": sum(f["chars"] for f in files),
        "errors": [f["name"] for f in files if f["error"]],
    }


def measure_tool(func, docs: list[Doc], clean_paths: list[Path]) -> dict:
    """One tool on the corpora: per document and per group, as for cleantext."""
    rows = []
    t0 = time.perf_counter()
    for doc in docs:
        out, error = _apply(func, doc.input)
        before, after = distance(doc.input, doc.gold), distance(out, doc.gold)
        rows.append({"name": doc.name, "group": doc.group, "gold_chars": doc.gold_chars,
                     "before": before, "after": after,
                     "reduction": round(reduction(before, after), 2), "error": error})
    seconds = time.perf_counter() - t0
    return {
        "docs": rows,
        "totals": {g: totals([r for r in rows if r["group"] == g]) for g in PEER_GROUPS},
        "clean": clean_changes(func, clean_paths),
        "seconds": round(seconds, 3),
    }


def measure_peers(result: dict, docs: list[Doc], clean_paths: list[Path], config: Config) -> list[dict]:
    """cleantext (from ``result``) and each peer, measured alike; missing peers noted."""
    label = f"cleantext {cleantext.__version__}"
    if config.select is not None or config.ignore:
        label += " (" + " ".join(
            ([f"--select {','.join(config.select)}"] if config.select is not None else [])
            + ([f"--ignore {','.join(config.ignore)}"] if config.ignore else [])) + ")"
    tools = [{
        "tool": "cleantext",
        "label": label,
        "note": "cleantext.fix",
        "totals": {g: result["totals"][g] for g in PEER_GROUPS},
        "clean": clean_changes(lambda t: run_fix(t, config)[0], clean_paths),
        "seconds": result["seconds"],
    }]
    for peer in peer_tools():
        func = peer.pop("func")
        if func is None:
            tools.append(dict(peer, missing=True))
            continue
        tools.append(dict(peer, **measure_tool(func, docs, clean_paths)))
    return tools


def print_peers(tools: list[dict]) -> None:
    groups = [g for g in PEER_GROUPS if tools[0]["totals"][g]["docs"]]
    present = [t for t in tools if not t.get("missing")]
    width = max([len(t["label"]) for t in tools] + [4])
    cell = 22
    print("cleantext and its peers, the same corpora and metric")
    print("  error reduction (distance to gold before -> after); clean text: edits (characters), files changed")
    print(f"  {'tool':<{width}} " + " ".join(f"{GROUP_SHORT[g]:>{cell}}" for g in groups)
          + f" {'clean text':>{cell}}")
    for t in present:
        cells = []
        for g in groups:
            s = t["totals"][g]
            cells.append(f"{s['reduction']:.1f}% ({s['before']}->{s['after']})")
        c = t["clean"]
        cells.append(f"{c['edits']} ({c['chars']}), {len(c['changed'])}/{c['files']}")
        print(f"  {t['label']:<{width}} " + " ".join(f"{x:>{cell}}" for x in cells))
    for t in present:
        worse = [f"{len(t['totals'][g]['worse'])} of {t['totals'][g]['docs']} ({GROUP_SHORT[g]})" for g in groups
                 if t["totals"][g]["worse"]]
        problems = ["worse than the input on " + "; ".join(worse)] if worse else []
        errors = sorted({n for g in groups for n in t["totals"][g]["errors"]} | set(t["clean"]["errors"]))
        if errors:
            problems.append(f"raised on {', '.join(errors)} (counted unchanged)")
        print(f"  {t['tool']}: {t['note']}" + ("; " + "; ".join(problems) if problems else ""))
    for t in tools:
        if t.get("missing"):
            print(f"  {t['tool']}: {t['note']}, skipped")


def plot_peers(tools: list[dict], path: str, *, clean_paths: list[Path]) -> None:
    """Grouped bars: error reduction per corpus for cleantext and each peer,
    beside the edits each makes to clean text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    present = [t for t in tools if not t.get("missing")]
    missing = [t for t in tools if t.get("missing")]
    groups = [g for g in PEER_GROUPS if present[0]["totals"][g]["docs"]]
    # Okabe-Ito colours (colour-blind safe); cleantext first, in blue.
    colours = {"cleantext": "#0072B2", "autocorrect": "#E69F00", "ftfy": "#009E73", "pangu": "#CC79A7"}

    plt.rcParams.update({"font.size": 13, "axes.titlesize": 14, "axes.labelsize": 13,
                         "xtick.labelsize": 13, "ytick.labelsize": 12, "legend.fontsize": 12.5})
    fig, (ax, axc) = plt.subplots(1, 2, figsize=(12, 5.4), width_ratios=[3.2, 1],
                                  layout="constrained")
    n = len(present)
    width = 0.8 / n
    values = [[t["totals"][g]["reduction"] for g in groups] for t in present]
    low = min(0.0, min(min(v) for v in values))
    span = 100.0 - low
    for i, (t, vals) in enumerate(zip(present, values)):
        xs = [k + (i - (n - 1) / 2) * width for k in range(len(groups))]
        bars = ax.bar(xs, vals, width * 0.92, label=t["label"], color=colours.get(t["tool"], "#999999"),
                      edgecolor="black" if t["tool"] == "cleantext" else "none", linewidth=0.8)
        for bar, v in zip(bars, vals):
            y = v + span * 0.015 if v >= 0 else v - span * 0.015
            ax.text(bar.get_x() + bar.get_width() / 2, y, f"{v:.1f}".replace("-0.0", "0.0"), ha="center",
                    va="bottom" if v >= 0 else "top", fontsize=11.5,
                    fontweight="bold" if t["tool"] == "cleantext" else "normal")
    ax.axhline(0, color="black", linewidth=0.8)
    ticks = []
    for g in groups:
        s = present[0]["totals"][g]
        ticks.append(f"{GROUP_SHORT[g]}\n{s['docs']} docs, {s['gold_chars']:,} chars")
    ax.set_xticks(range(len(groups)), ticks)
    ax.set_ylim(low - span * 0.08 if low < 0 else 0, 100 + span * 0.08)
    ax.set_ylabel("error reduction (%)")
    ax.set_title("Error reduction per corpus (higher is better)")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.legend(loc="best", frameon=True)  # where no bar or label is
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    chars = [t["clean"]["chars"] for t in present]
    xs = range(n)
    bars = axc.bar(xs, chars, 0.7, color=[colours.get(t["tool"], "#999999") for t in present],
                   edgecolor=["black" if t["tool"] == "cleantext" else "none" for t in present], linewidth=0.8)
    top = max(chars + [1])
    for bar, t in zip(bars, present):
        c = t["clean"]
        axc.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.02,
                 f"{c['chars']:,}\n{len(c['changed'])}/{c['files']} files", ha="center", va="bottom", fontsize=11.5)
    axc.set_xticks(list(xs), [t["tool"] for t in present], rotation=30, ha="right")
    axc.set_ylim(0, top * 1.3)
    axc.yaxis.set_major_locator(MaxNLocator(integer=True))
    axc.set_ylabel("characters changed")
    kb = sum(p.stat().st_size for p in clean_paths) / 1000
    axc.set_title(f"Clean text, {len(clean_paths)} files, {kb:.0f} KB\n(changes; lower is better)")
    axc.grid(axis="y", alpha=0.3)
    axc.set_axisbelow(True)
    for side in ("top", "right"):
        axc.spines[side].set_visible(False)

    note = ("Error reduction: character edit distance to the printed text (gold), before and after the tool; "
            "line breaks and the whitespace around them count as one.\n"
            "Seed pages: real extracted newspaper pages. Dev: typeset documents re-extracted by PDF readers "
            "and OCR; out of order: text blocks\nout of reading order, which no text cleaner can repair. "
            "Clean text: characters changed in text that must come out unchanged.")
    if missing:
        note += "\nNot installed, skipped: " + ", ".join(t["tool"] for t in missing) + "."
    fig.suptitle("cleantext and its peers on Chinese text from PDF extraction and OCR", fontsize=14,
                 fontweight="bold")
    fig.text(0.01, -0.01, note, fontsize=10.5, color="#444444", ha="left", va="top", linespacing=1.4)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, bbox_inches="tight", facecolor="white")
    plt.close(fig)


# --------------------------------------------------------------------------
# Showing one document


class Style:
    def __init__(self, color: bool):
        self.color = color

    def _wrap(self, code: str, s: str) -> str:
        return f"\x1b[{code}m{s}\x1b[0m" if self.color else s

    def delete(self, s: str) -> str:
        return self._wrap("31;1", f"[-{s}-]") if self.color else f"[-{s}-]"

    def insert(self, s: str) -> str:
        return self._wrap("32;1", f"{{+{s}+}}") if self.color else f"{{+{s}+}}"

    def dim(self, s: str) -> str:
        return self._wrap("2", s)

    def bold(self, s: str) -> str:
        return self._wrap("1", s)


def visible(s: str) -> str:
    """Make whitespace and invisible characters inside a marker readable."""
    out = []
    for ch in s:
        if ch == " ":
            out.append("␣")
        elif ch == "\n":
            out.append("⏎")
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


def inline_diff(a: str, b: str, style: Style) -> str:
    """``a`` rewritten toward ``b`` with ``[-deleted-]`` and ``{+inserted+}`` marks.

    The alignment is the Levenshtein one, so the marks are exactly the edits
    the metric counts.
    """
    parts = []
    for op in Levenshtein.opcodes(a, b):
        x, y = a[op.src_start : op.src_end], b[op.dest_start : op.dest_end]
        if op.tag == "equal":
            parts.append(x)
            continue
        if x:
            parts.append(style.delete(visible(x)))
        if y:
            parts.append(style.insert(visible(y)))
    return "".join(parts)


def show(doc: Doc, config: Config, *, use_input: bool, explain: bool, context: int, style: Style) -> str:
    import difflib

    out, error = (doc.input, None) if use_input else run_fix(doc.input, config)
    a, b = metric_form(out), metric_form(doc.gold)
    before, after = distance(doc.input, doc.gold), Levenshtein.distance(a, b)
    what = "input" if use_input else "output"
    measured = (f"input {before}" if use_input else
                f"input {before}, output {after} (reduction {reduction(before, after):.1f}%)")
    lines = [
        style.bold(f"== {doc.name}  [{doc.group}]  kinds: {','.join(doc.kinds) or '-'}"),
        f"   input: {doc.path.relative_to(_corpus.ROOT) if doc.path else '?'}",
        f"   gold:  {doc.gold_path.relative_to(_corpus.ROOT) if doc.gold_path else '?'}",
        f"   distance to gold: {measured}; gold {doc.gold_chars} chars",
        f"   {what} vs gold, one paragraph per line (metric form); "
        f"{style.delete('in ' + what)} {style.insert('in gold')}",
    ]
    if error:
        lines.append(f"   ERROR in the pipeline: {error}")
    al, bl = a.split("\n"), b.split("\n")
    matcher = difflib.SequenceMatcher(None, al, bl, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        lines.append(
            style.dim(
                f"@@ {what} lines {first[1] + 1}-{last[2]}, gold lines {first[3] + 1}-{last[4]} @@"
            )
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(style.dim("  " + line) for line in al[i1:i2])
            elif tag == "delete":
                lines.extend("- " + style.delete(visible(line)) for line in al[i1:i2])
            elif tag == "insert":
                lines.extend("+ " + style.insert(visible(line)) for line in bl[j1:j2])
            else:
                merged = inline_diff("\n".join(al[i1:i2]), "\n".join(bl[j1:j2]), style)
                lines.extend("~ " + line for line in merged.split("\n"))
    if a == b:
        lines.append("   (identical to gold)")
    if explain and not use_input:
        edits = run_explain(doc.input, config)
        lines.append(style.bold(f"== {len(edits)} edits by rule ({dict(Counter(e.rule for e in edits))})"))
        lines.extend(f"{doc.name}:{e}" for e in edits)
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Report


def _row(name: str, r: dict, width: int) -> str:
    flag = ""
    if r.get("error"):
        flag = "  ERROR: " + r["error"]
    elif r["after"] > r["before"]:
        flag = "  WORSE"
    return (
        f"  {name:<{width}} {r['gold_chars']:>7} {r['before']:>7} {r['after']:>7} "
        f"{r['reduction']:>9.1f}%{flag}"
    )


def _short(s: str, n: int = 16) -> str:
    r = repr(s)
    return r if len(s) <= n else repr(s[:n]) + f"…(+{len(s) - n})"


def print_report(result: dict, *, verbose_docs: bool = True) -> None:
    rows = result["docs"]
    width = max([len(r["name"]) for r in rows] + [10])
    print(f"cleantext {cleantext.__version__}; rules: {', '.join(result['rules'])}")
    if result["unknown_rules"]:
        print(f"  (not registered, skipped: {', '.join(result['unknown_rules'])})")
    print("metric: Levenshtein distance to gold; line breaks and the whitespace around them count as one \\n")
    for group, title in GROUP_TITLES.items():
        grows = [r for r in rows if r["group"] == group]
        if not grows:
            continue
        print()
        print(f"{title}")
        print(f"  {'document':<{width}} {'gold':>7} {'before':>7} {'after':>7} {'reduction':>10}")
        if verbose_docs:
            for r in grows:
                print(_row(r["name"], r, width))
        t = result["totals"][group]
        print(_row("TOTAL", dict(t, error=None), width) + f"   CER {t['cer_before']:.3f} -> {t['cer_after']:.3f}")
        if t["worse"]:
            print(f"  worse than the input: {', '.join(t['worse'])}")
    clean = result["clean"]
    print()
    print(f"Clean corpus ({len(clean['files'])} files): {clean['edits']} edits, "
          f"{len(clean['changed'])} files changed")
    for f in clean["files"]:
        if not f["identical"]:
            d = f["first_difference"]
            print(f"  CHANGED {f['name']}: {f['edits']} edits {f['edits_by_rule']}"
                  + (f"  ERROR: {f['error']}" if f["error"] else ""))
            print(f"    first difference, line {d['line']}:")
            print(f"    - {d['before'][:200]}")
            print(f"    + {d['after'][:200]}")
            for e in f.get("sample_edits", []):
                print(f"      {e}")
    if result.get("by_reader"):
        print()
        print("Dev CER per reader (as in tests/data/corpus/dev/README.md)")
        print(f"  {'reader':<18} {'docs':>4} {'gold':>7} {'CER before':>10} {'after':>7}"
              f"   {'in-order docs':>13} {'CER before':>10} {'after':>7}")
        for r in result["by_reader"]:
            io = (f"{r['inorder_docs']:>13} {r['inorder_cer_before']:>10.3f} {r['inorder_cer_after']:>7.3f}"
                  if r["inorder_docs"] else f"{0:>13} {'-':>10} {'-':>7}")
            print(f"  {r['reader']:<18} {r['docs']:>4} {r['gold_chars']:>7} "
                  f"{r['cer_before']:>10.3f} {r['cer_after']:>7.3f}   {io}")
    if result.get("by_rule"):
        print()
        print("Edits per rule (cleantext.explain) and gain = distance without the rule - with it")
        print(f"  {'rule':<14} {'seeds':>7} {'dev':>7} {'dev-ooo':>7} {'clean':>7}   {'gain seeds':>10} {'gain dev':>9}")
        for r in result["by_rule"]:
            gs = "-" if r["gain_seeds"] is None else f"{r['gain_seeds']:+d}"
            gd = "-" if r["gain_dev"] is None else f"{r['gain_dev']:+d}"
            print(f"  {r['rule']:<14} {r['edits_seeds']:>7} {r['edits_dev']:>7} "
                  f"{r['edits_dev-out-of-order']:>7} {r['edits_clean']:>7}   {gs:>10} {gd:>9}")
    if result.get("top_errors"):
        print()
        print("Costliest remaining differences, output -> gold (seeds + dev in reading order)")
        print(f"  {'cost':>5} {'count':>5}  {'output':<14} {'gold':<14} documents")
        for e in result["top_errors"]:
            docs = ",".join(e["docs"][:8]) + ("…" if len(e["docs"]) > 8 else "")
            print(f"  {e['cost']:>5} {e['count']:>5}  {_short(e['output']):<14} {_short(e['gold']):<14} {docs}")
    if result.get("peers"):
        print()
        print_peers(result["peers"])
    print()
    print("Targets (issue 3)")
    for t in result["targets"]:
        print(f"  {'PASS' if t['pass'] else 'FAIL'}  {t['name']}: {t['value']} (target {t['target']})")
    print(f"\n({result['seconds']:.2f} s for fix over all documents)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description="Edit distance to gold before/after cleantext.fix on the seeds with gold, "
        "the dev corpus, and the clean corpus.",
    )
    p.add_argument("--rule", "--select", dest="select", action="append", metavar="NAME",
                   help="run only these rules (repeatable or comma-separated; required rules always run)")
    p.add_argument("--ignore", action="append", metavar="NAME", help="leave these rules out")
    p.add_argument("-k", dest="keyword", metavar="SUBSTR",
                   help="only documents whose name contains SUBSTR (totals and targets then cover those only)")
    p.add_argument("--show", metavar="DOC", action="append",
                   help="print the diff of output vs gold for documents whose name contains DOC, and exit")
    p.add_argument("--input", action="store_true", help="with --show: diff the raw input instead of the output")
    p.add_argument("--explain", action="store_true", help="with --show: also list the edits, by rule")
    p.add_argument("--context", type=int, default=1, help="with --show: unchanged paragraphs around a change")
    p.add_argument("--by-rule", action="store_true", help="edits per rule and each rule's gain")
    p.add_argument("--by-reader", action="store_true", help="dev CER per extractor")
    p.add_argument("--top-errors", type=int, metavar="N", default=0,
                   help="the N costliest remaining differences from gold (seeds + dev in order)")
    p.add_argument("--summary", action="store_true", help="totals only, no per-document rows")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    p.add_argument("--peers", action="store_true",
                   help="also measure autocorrect, ftfy (Chinese-safe) and pangu on the same corpora")
    p.add_argument("--plot", metavar="FILE.png",
                   help="draw the error reduction of cleantext and the peers per corpus into FILE.png "
                   "(implies --peers; needs matplotlib)")
    color = p.add_mutually_exclusive_group()
    color.add_argument("--color", dest="color", action="store_true", default=None)
    color.add_argument("--no-color", dest="color", action="store_false")
    args = p.parse_args(argv)

    if args.plot:
        import importlib.util

        if importlib.util.find_spec("matplotlib") is None:
            print("--plot needs matplotlib: pip install matplotlib (or '.[bench]')", file=sys.stderr)
            return 2
    config, unknown = make_config(_names(args.select), _names(args.ignore))
    if unknown:
        print(f"note: not registered (yet), skipped: {', '.join(unknown)}", file=sys.stderr)
    docs = _corpus.seed_docs() + _corpus.dev_docs()
    clean_paths = _corpus.clean_files()
    if args.keyword:
        docs = [d for d in docs if args.keyword in d.name]
        clean_paths = [c for c in clean_paths if args.keyword in c.name] if any(
            args.keyword in c.name for c in clean_paths) else clean_paths

    if args.show:
        use_color = args.color if args.color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        style = Style(use_color)
        chosen = [d for d in docs if any(s in d.name for s in args.show)]
        if not chosen:
            print(f"no document matches {args.show}; documents: {', '.join(d.name for d in docs)}",
                  file=sys.stderr)
            return 2
        print("\n\n".join(show(d, config, use_input=args.input, explain=args.explain,
                                context=args.context, style=style) for d in chosen))
        return 0

    t0 = time.perf_counter()
    rows = measure_docs(docs, config)
    seconds = time.perf_counter() - t0
    clean = measure_clean(clean_paths, config)
    groups = {g: totals([r for r in rows if r["group"] == g]) for g in GROUP_TITLES}
    targets = []
    for group, minimum in TARGETS.items():
        t = groups[group]
        targets.append({
            "name": f"error reduction, {GROUP_TITLES[group].split(' (')[0].lower()}",
            "group": group,
            "value": f"{t['reduction']:.1f}%",
            "target": f">= {minimum:.0f}%",
            "pass": bool(t["docs"]) and t["reduction"] >= minimum and not t["errors"],
        })
    targets.append({
        "name": "edits on clean text",
        "group": "clean",
        "value": f"{clean['edits']} edits, {len(clean['changed'])} files changed",
        "target": "0",
        "pass": clean["edits"] == 0 and not clean["changed"] and not clean["errors"],
    })
    result = {
        "version": cleantext.__version__,
        "rules": [r.name for r in cleantext.rules_for(config)],
        "unknown_rules": unknown,
        "config": {"select": list(config.select) if config.select is not None else None,
                   "ignore": list(config.ignore)},
        "docs": rows,
        "totals": groups,
        "clean": clean,
        "targets": targets,
        "seconds": round(seconds, 3),
    }
    if args.by_reader:
        result["by_reader"] = by_reader(rows)
    if args.by_rule:
        result["by_rule"] = by_rule(docs, clean_paths, config)
    if args.top_errors:
        result["top_errors"] = remaining_errors(docs, config)[: args.top_errors]
    if args.peers or args.plot:
        result["peers"] = measure_peers(result, docs, clean_paths, config)
    if args.plot:
        plot_peers(result["peers"], args.plot, clean_paths=clean_paths)
        print(f"wrote {args.plot}", file=sys.stderr)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_report(result, verbose_docs=not args.summary)
    if args.strict and not all(t["pass"] for t in targets):
        return 1
    return 0


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):  # quiet when piped into head/less
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
