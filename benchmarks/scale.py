"""Scale benchmark: many small files in parallel, and one large file streamed.

Not a unit test (it takes minutes and gigabytes of disk); run it by hand::

    python benchmarks/scale.py files --count 400 --jobs 2
    python benchmarks/scale.py large --size-mb 1024 --jobs 2 [--verify]

``files`` writes COUNT small files cut from the seed pages into a temporary
tree and times ``cleantext fix -j JOBS`` on it, printing the summary line.

``large`` builds a synthetic file of SIZE_MB from the seed pages repeated,
runs ``cleantext fix FILE -o OUT`` and reports wall time and peak resident
memory: the RSS of the largest single process (``getrusage(RUSAGE_CHILDREN)``,
what ``/usr/bin/time -v`` reports) and the memory of the command with all
its worker processes together, sampled from ``/proc`` every 50 ms: the sum
of their proportional set sizes (PSS, each shared page divided among the
processes that map it: what the tree really holds) and, for comparison, the
sum of their RSS (which counts the pages workers share with the parent once
per process).  ``--verify`` also computes ``cleantext.fix`` on the whole text in
a separate process (that needs many times the file's size in memory) and
compares the bytes.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _command() -> list[str]:
    script = Path(sys.executable).with_name("cleantext")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cleantext"]


def _pages() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def run_files(count: int, jobs: int) -> None:
    pages = _pages()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        for k in range(count):
            page = pages[k % len(pages)]
            # a slice of a page: small files of a few hundred bytes to a few kB
            lines = page.splitlines(keepends=True)
            start = (k * 7) % max(1, len(lines))
            text = "".join(lines[start : start + 5 + k % 40]) or page
            sub = tree / f"d{k % 10:02}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"f{k:05}.txt").write_text(text, encoding="utf-8")
        size = sum(p.stat().st_size for p in tree.rglob("*.txt"))
        start = time.perf_counter()
        proc = subprocess.run(
            [*_command(), "fix", "-j", str(jobs), str(tree)],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        print(
            f"{count} files, {size / 1e6:.2f} MB, -j {jobs}: {elapsed:.2f} s, exit {proc.returncode}"
        )
        print("summary:", proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "(none)")


def _tree(root: int) -> list[int]:
    """Process ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _tree_memory_mb(root: int) -> tuple[float, float]:
    """(summed PSS, summed RSS) of process ``root`` and its descendants, in MB."""
    pss = rss = 0
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line and not line[0].isdigit())
        except OSError:
            continue
        pss += int(fields.get("Pss", "0 kB").split()[0])
        rss += int(fields.get("Rss", "0 kB").split()[0])
    return pss / 1024, rss / 1024


def _run_sampled(cmd: list[str]) -> tuple[subprocess.CompletedProcess, tuple[float, float]]:
    """Run ``cmd``; return it and the peak (PSS, RSS) of its process tree (MB)."""
    peak = (0.0, 0.0)
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.wait(0.05):
                pss, rss = _tree_memory_mb(proc.pid)
                peak = (max(peak[0], pss), max(peak[1], rss))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, err = proc.communicate()
        stop.set()
        sampler.join()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), peak


def build_large(path: Path, size: int) -> int:
    block = "".join(page.rstrip("\n") + "\n\n" for page in _pages()).encode("utf-8")
    written = 0
    with open(path, "wb") as handle:
        while written < size:
            handle.write(block)
            written += len(block)
    return written


def run_large(
    size_mb: int, jobs: int, verify: bool, keep: str | None, ignore: str | None = None
) -> None:
    workdir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="cleantext-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    src, out = workdir / "large.txt", workdir / "large.clean.txt"
    try:
        size = build_large(src, size_mb * 1_000_000)
        print(f"input: {size / 1e6:.1f} MB of repeated seed pages")
        start = time.perf_counter()
        options = ["--ignore", ignore] if ignore else []
        proc, tree_peak = _run_sampled(
            [*_command(), "fix", "-j", str(jobs), *options, str(src), "-o", str(out)]
        )
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB -> MB
        print(
            f"cleantext fix -j {jobs}: {elapsed:.1f} s ({size / 1e6 / elapsed:.2f} MB/s), exit "
            f"{proc.returncode}, {proc.stderr.strip()}"
        )
        print(
            f"peak memory: largest process {peak:.0f} MB RSS; all processes together "
            f"{tree_peak[0]:.0f} MB PSS ({tree_peak[1]:.0f} MB summed RSS, shared pages counted per process)"
        )
        if verify:
            code = (
                "import sys, cleantext, resource\n"
                "text = open(sys.argv[1], 'rb').read().decode('utf-8')\n"
                "ignore = sys.argv[3].split(',') if sys.argv[3] else []\n"
                "fixed = cleantext.fix(text, ignore=ignore).encode('utf-8')\n"
                "same = fixed == open(sys.argv[2], 'rb').read()\n"
                "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
                "print(f'byte-identical to cleantext.fix on the whole text: {same} "
                "(whole-text run peak RSS {rss:.0f} MB)')\n"
            )
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", code, str(src), str(out), ignore or ""], check=False
            )
            print(f"whole-text check: {time.perf_counter() - start:.1f} s")
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    files = sub.add_parser("files")
    files.add_argument("--count", type=int, default=400)
    files.add_argument("--jobs", type=int, default=2)
    large = sub.add_parser("large")
    large.add_argument("--size-mb", type=int, default=1024)
    large.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    large.add_argument("--verify", action="store_true")
    large.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    large.add_argument("--ignore", metavar="RULES", help="rules to leave out (both runs)")
    args = parser.parse_args()
    if args.what == "files":
        run_files(args.count, args.jobs)
    else:
        run_large(args.size_mb, args.jobs, args.verify, args.keep, args.ignore)


if __name__ == "__main__":
    main()
