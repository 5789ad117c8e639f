"""``cleantext fix -j N``: worker processes, ordered messages, progress bar."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import cleantext
from cleantext.parallel import Progress, default_jobs, ordered_map

DIRTY = "近日， 市统计局通过热线。\n"
FIXED = cleantext.fix(DIRTY)


def _cli(*args, cwd, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "cleantext", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        check=False,
        timeout=300,
        **kwargs,
    )


def test_400_files_with_two_workers(tmp_path):
    tree = tmp_path / "tree"
    expected = {}
    for k in range(400):
        sub = tree / f"d{k % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        text = DIRTY if k % 3 else FIXED
        if k % 50 == 0:
            text = f"第{k}号文件， 占 96.2.%。\n"
        (sub / f"f{k:03}.txt").write_text(text, encoding="utf-8")
        expected[f"d{k % 7}/f{k:03}.txt"] = text
    (tree / "d0" / "broken.txt").write_bytes(b"\x00\x01binary")
    changed = sum(1 for t in expected.values() if cleantext.fix(t) != t)
    proc = _cli("fix", "-j", "2", "tree", cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode().splitlines()
    assert err == [
        f"cleantext: error: {os.path.join('tree', 'd0', 'broken.txt')}: not a text file (NUL bytes)",
        f"{changed} files fixed, {400 - changed} files left unchanged, 1 file failed.",
    ]
    for rel, text in expected.items():
        assert (tree / rel).read_text(encoding="utf-8") == cleantext.fix(text)


def test_messages_keep_input_order(tmp_path):
    names = [f"{k:03}.txt" for k in range(60)]
    for k, name in enumerate(names):
        # big and small files interleaved, so workers finish out of order
        (tmp_path / name).write_text(
            DIRTY * (300 if k % 5 == 0 else 1), encoding="utf-8"
        )
    proc = _cli("fix", "--check", "-j", "2", *names, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == [f"would fix {n}" for n in names]


def test_jobs_must_be_positive(tmp_path):
    proc = _cli("fix", "-j", "0", "x.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "must be at least 1" in proc.stderr.decode()


def test_default_jobs_is_the_cpu_count():
    assert 1 <= default_jobs() <= (os.cpu_count() or 1)


def test_progress_bar_line():
    stream = io.StringIO()
    bar = Progress(4, 4_000_000, stream, disable=False)  # drawn even off a terminal
    bar.advance(1_000_000)
    bar.advance(1_000_000)
    line = bar.line()
    assert (
        "2/4 files" in line
        and "2.00MB/4.00MB" in line
        and "B/s" in line
        and "ETA" in line
    )
    assert "50%" in line
    bar.draw()
    bar.close()
    assert "2/4 files" in stream.getvalue()
    assert stream.getvalue().endswith("\r")  # leave=False: the line is cleared


def test_progress_bar_is_silent_off_a_terminal():
    stream = io.StringIO()  # not a TTY
    bar = Progress(2, 2_000, stream)
    bar.advance(1_000)
    bar.draw()
    bar.clear()
    bar.advance(1_000)
    bar.close()
    assert stream.getvalue() == ""


def test_progress_bar_follows_the_terminal_width():
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
        with os.fdopen(os.dup(slave), "w", encoding="utf-8") as stream:
            bar = Progress(3, 3_000_000, stream)  # a terminal: drawn
            for _ in range(3):
                bar.advance(1_000_000)
            bar.close()
        seen = b""
        while select.select([master], [], [], 0.5)[0]:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(slave)
        os.close(master)
    lines = [part for part in seen.decode("utf-8").split("\r") if part.strip()]
    assert any("3/3 files" in line and "100%" in line for line in lines), lines
    assert all(len(line) <= 60 for line in lines), lines


def test_progress_bar_without_bytes_counts_files():
    stream = io.StringIO()
    bar = Progress(3, 0, stream, disable=False)
    bar.advance(0)
    assert "1/3 files" in bar.line() and "33%" in bar.line()
    bar.close()


def test_progress_bar_only_on_a_terminal(tmp_path):
    import pty

    for k in range(3):
        (tmp_path / f"{k}.txt").write_text(DIRTY, encoding="utf-8")
    files = [f"{k}.txt" for k in range(3)]
    # Not a terminal: no bar, only the summary line.
    proc = _cli("fix", "--check", "-j", "2", *files, cwd=tmp_path)
    assert proc.stderr.decode() == "3 files would be fixed.\n"
    # A terminal: the bar is drawn and cleared.
    for quiet, expect_bar in (([], True), (["-q"], False)):
        master, slave = pty.openpty()
        try:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "cleantext",
                    "fix",
                    "--check",
                    "-j",
                    "2",
                    *quiet,
                    *files,
                ],
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=slave,
                check=False,
                timeout=300,
            )
        finally:
            os.close(slave)
        seen = b""
        try:
            while True:
                chunk = os.read(master, 65536)
                if not chunk:
                    break
                seen += chunk
        except OSError:
            pass
        os.close(master)
        text = seen.decode("utf-8", "replace")
        assert ("3/3 files" in text) is expect_bar, text
        assert ("100%|" in text) is expect_bar, text  # tqdm's bar
        assert ("3 files would be fixed." in text) is expect_bar
        if expect_bar:
            # the bar is cleared before the summary line, which is unchanged
            assert text.rstrip("\r\n").endswith("3 files would be fixed."), repr(text)


def test_ordered_map_bounds_work_in_flight():
    submitted = []

    def items():
        for k in range(50):
            submitted.append(k)
            yield k

    with ThreadPoolExecutor(4) as pool:
        results = []
        for item, value in ordered_map(pool, lambda x: x * x, items(), in_flight=3):
            # never more than in_flight items taken ahead of the consumer
            assert len(submitted) - len(results) <= 3
            results.append((item, value))
    assert results == [(k, k * k) for k in range(50)]
