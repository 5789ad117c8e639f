"""Signals end a run cleanly (issue 16, section 5): real processes, real signals.

``cleantext fix -j 2`` on a large file (its chunks cleaned by two workers,
the output written by the main process) and on a folder of files (each
streamed and written by a worker) gets SIGTERM, SIGINT or SIGHUP early (the
workers have just started), mid-run (a temporary file is being written) or
while workers write; sent to the main process alone (``kill``) or to its
whole process group (``timeout``, Ctrl-C, systemd).  Every time: the exit
status is 128 + the signal's number, one line says so, no temporary file is
left, every original is intact (or, for a file finished before the signal,
completely fixed) and no worker process survives.  ``kill -9`` of the main
process cannot be cleaned up after, but its workers must still go, by
themselves, within seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import cleantext
from cleantext import signals

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc; signals are POSIX"
)

PAGE = "近日， 市统计局通过热线电话调查了 2018 年的情况。\n这是一个被\n断开的句子，需要合并。\n\n"
BIG = PAGE * 150_000  # 18 MB: streamed (above 8 MB) in 1 MB chunks
SMALL = PAGE * 25_000  # 3 MB: streamed inside a worker with --chunk-size

try:
    from cleantext import cli as _cli
    from cleantext import files as _files

    WIRED = (
        hasattr(_cli, "stop_on_signals")
        and getattr(_files, "mkstemp", None) is signals.mkstemp
    )
except ImportError:  # pragma: no cover
    WIRED = False

#: The command line must install the handlers (cli.main wraps the run in
#: signals.stop_on_signals; without that SIGTERM still kills outright), and
#: temporary files must come from signals.mkstemp (files.py).
needs_wiring = pytest.mark.xfail(not WIRED, reason="needs the cli wiring", strict=False)

MESSAGES = {
    "SIGINT": "cleantext: interrupted",
    "SIGTERM": "cleantext: interrupted by SIGTERM",
    "SIGHUP": "cleantext: interrupted by SIGHUP",
}


# --------------------------------------------------------------------------
# Processes, from /proc


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, ppid) of a live process, None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _running(pid: int) -> bool:
    found = _stat(pid)
    return found is not None and found[0] not in ("Z", "X")


def _children(pid: int) -> list[int]:
    kids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            found = _stat(int(name))
            if found is not None and found[1] == pid and found[0] not in ("Z", "X"):
                kids.append(int(name))
    return kids


def _wait_until(condition, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def _temporary_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".cleantext-tmp")]


class Run:
    """``cleantext fix ARGS`` in ``cwd``, in a session of its own."""

    def __init__(self, *args: str, cwd: Path):
        self.cwd = cwd
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cleantext", "fix", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, as a shell job has
        )
        self.workers: list[int] = []
        # Drain the pipes meanwhile: a worker must never block on a full pipe.
        self._out: list[bytes] = []
        self._threads = [
            threading.Thread(target=self._drain, args=(s,), daemon=True)
            for s in (self.proc.stdout, self.proc.stderr)
        ]
        for thread in self._threads:
            thread.start()

    def _drain(self, stream) -> None:
        data = stream.read()
        if stream is self.proc.stderr:
            self._out.append(data)

    def wait_for_workers(self, n: int = 2) -> None:
        assert _wait_until(lambda: len(_children(self.proc.pid)) >= n, 60), "no workers"
        self.workers = _children(self.proc.pid)

    def wait_for_temporary_file(self) -> None:
        assert _wait_until(
            lambda: _temporary_files(self.cwd) or self.proc.poll() is not None, 120
        )
        assert self.proc.poll() is None, "the run ended before it wrote anything"
        self.workers = self.workers or _children(self.proc.pid)

    def signal(self, signum: int, *, group: bool = False) -> None:
        self.workers = self.workers or _children(self.proc.pid)
        if group:
            os.killpg(self.proc.pid, signum)
        else:
            self.proc.send_signal(signum)

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        code = self.proc.wait(timeout=timeout)
        for thread in self._threads:
            thread.join(timeout)
        return code, b"".join(self._out).decode("utf-8", "replace")

    def assert_no_workers(self, within: float = 5.0) -> None:
        assert self.workers, "no worker process was seen"
        left = lambda: [pid for pid in self.workers if _running(pid)]
        assert _wait_until(lambda: not left(), within), (
            f"workers still running: {left()}"
        )

    def kill(self) -> None:
        with _suppress():
            os.killpg(self.proc.pid, signal.SIGKILL)


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], OSError)


@pytest.fixture(scope="module")
def fixed_small() -> bytes:
    return cleantext.fix(SMALL).encode("utf-8")


@pytest.fixture
def big(tmp_path) -> Path:
    path = tmp_path / "big.txt"
    path.write_text(BIG, encoding="utf-8")
    return path


def _assert_stopped(code: int, err: str, name: str) -> None:
    assert code == 128 + int(getattr(signal, name)), err
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert lines and lines[-1] == MESSAGES[name], err


# --------------------------------------------------------------------------
# One large file: workers clean chunks, the main process writes


@needs_wiring
@pytest.mark.parametrize(
    "name, when, group",
    [
        ("SIGTERM", "early", False),
        ("SIGTERM", "mid", False),
        ("SIGTERM", "mid", True),
        ("SIGINT", "mid", True),
        ("SIGHUP", "mid", False),
        ("SIGINT", "early", False),
    ],
)
def test_a_signal_stops_a_large_file_cleanly(big, name, when, group):
    original = big.read_bytes()
    run = Run("-j", "2", big.name, cwd=big.parent)
    try:
        run.wait_for_workers()
        if when == "mid":
            run.wait_for_temporary_file()
            time.sleep(0.2)
        run.signal(getattr(signal, name), group=group)
        code, err = run.finish()
    finally:
        run.kill()
    _assert_stopped(code, err, name)
    assert _temporary_files(big.parent) == []
    assert big.read_bytes() == original
    run.assert_no_workers()


@needs_wiring
def test_a_signal_while_writing_to_o(big):
    # Once in five runs on a loaded machine this run never ended: the pool's
    # threads waited for the rest of a result a stopped worker had half sent
    # and to feed tasks no worker would take (parallel.WorkerPool.stop).
    # -o: the output file is written from the first chunk on.
    run = Run("-j", "2", big.name, "-o", "out.txt", cwd=big.parent)
    try:
        run.wait_for_workers()
        run.wait_for_temporary_file()
        run.signal(signal.SIGTERM)
        code, err = run.finish()
    finally:
        run.kill()
    _assert_stopped(code, err, "SIGTERM")
    assert _temporary_files(big.parent) == []
    assert not (big.parent / "out.txt").exists()
    run.assert_no_workers()


# --------------------------------------------------------------------------
# Many files: each worker streams and writes its own files


@needs_wiring
@pytest.mark.parametrize(
    "name, group", [("SIGTERM", False), ("SIGINT", True), ("SIGHUP", True)]
)
def test_a_signal_while_workers_write(tmp_path, fixed_small, name, group):
    tree = tmp_path / "tree"
    tree.mkdir()
    original = SMALL.encode("utf-8")
    for k in range(8):
        (tree / f"f{k}.txt").write_bytes(original)
    run = Run("-j", "2", "--chunk-size", "400000", "tree", cwd=tmp_path)
    try:
        run.wait_for_workers()
        run.wait_for_temporary_file()  # a worker is writing
        run.signal(getattr(signal, name), group=group)
        code, err = run.finish()
    finally:
        run.kill()
    _assert_stopped(code, err, name)
    assert _temporary_files(tmp_path) == []
    for k in range(8):
        data = (tree / f"f{k}.txt").read_bytes()
        # untouched, or fixed completely before the signal; never half
        assert data == original or data == fixed_small, f"f{k}.txt"
    run.assert_no_workers()


# --------------------------------------------------------------------------
# kill -9: nothing can run in the main process, the workers go by themselves


@pytest.mark.parametrize("mode", ["large file", "many files"])
def test_workers_exit_when_the_main_process_is_killed(tmp_path, mode):
    if mode == "large file":
        (tmp_path / "big.txt").write_text(BIG, encoding="utf-8")
        args = ["-j", "2", "big.txt"]
    else:
        (tmp_path / "tree").mkdir()
        for k in range(8):
            (tmp_path / "tree" / f"f{k}.txt").write_text(SMALL, encoding="utf-8")
        args = ["-j", "2", "--chunk-size", "400000", "tree"]
    run = Run(*args, cwd=tmp_path)
    try:
        run.wait_for_workers()
        time.sleep(0.5)
        run.signal(signal.SIGKILL)
        code, _ = run.finish()
        assert code == -signal.SIGKILL
        run.assert_no_workers(within=5.0)
    finally:
        run.kill()
        for pid in run.workers:
            with _suppress():
                os.kill(pid, signal.SIGKILL)
    if mode == "many files":
        # A worker stopped by its parent's death removed its temporary file.
        assert _temporary_files(tmp_path / "tree") == []


# --------------------------------------------------------------------------
# The handler itself, in this process


def test_stop_on_signals_raises_once_then_restores():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(signals.Stopped) as caught, signals.stop_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler runs here
    assert caught.value.signum == signal.SIGTERM
    assert isinstance(caught.value, KeyboardInterrupt)
    assert signals.exit_status(caught.value) == 143
    # After a signal the handler stays (later signals are ignored) ...
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.05)
    signal.signal(signal.SIGTERM, before)
    # ... and without one the previous handlers come back.
    with signals.stop_on_signals():
        pass
    assert signal.getsignal(signal.SIGTERM) == before


def test_an_ignored_signal_stays_ignored():
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with signals.stop_on_signals():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.05)
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_exit_status_and_message():
    assert signals.exit_status(KeyboardInterrupt()) == 130
    assert signals.exit_status(signals.Stopped(signal.SIGTERM)) == 143
    assert signals.exit_status(signals.Stopped(signal.SIGHUP)) == 129
    assert signals.stop_message("cleantext", signals.Stopped(signal.SIGINT)) == (
        "cleantext: interrupted\n"
    )
