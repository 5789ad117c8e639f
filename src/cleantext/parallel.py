"""Worker processes for ``cleantext fix -j N``, and the progress bar.

Many files: each file is one task, run by :func:`cleantext.jobs.process` in a
worker process that received the run's :class:`~cleantext.jobs.Plan` (and its
picklable :class:`~cleantext.Cleaner`) once, at start-up.  A worker reads,
cleans and writes its file itself, so only paths and short messages cross
process boundaries.  Results are yielded in input order, whatever order the
workers finish in, so messages are deterministic; the progress bar counts
files as they finish.

One large file: its chunks (see :mod:`cleantext.streaming`) are cleaned by
the workers, with a bounded number in flight so memory stays bounded.

Workers ignore Ctrl-C; the main process stops handing out work, lets the
files in progress finish (each is written atomically) and exits with 130.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TextIO

from .jobs import Job, Mapper, Outcome, Plan, error_line, process

_PLAN: Plan | None = None
_DIED = "worker process died (out of memory?)"


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _init_worker(plan: Plan) -> None:
    global _PLAN
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PLAN = plan


def _process(job: Job) -> Outcome:
    assert _PLAN is not None
    return process(job, _PLAN)


def _clean(text: str) -> str:
    assert _PLAN is not None
    return _PLAN.cleaner.clean(text)


def make_pool(plan: Plan, workers: int) -> ProcessPoolExecutor:
    """A pool whose workers hold ``plan`` (patterns compile once per worker)."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(plan,))


def ordered_map(
    pool: ProcessPoolExecutor,
    func: Callable,
    items: Iterable,
    *,
    in_flight: int,
) -> Iterator[tuple[object, object]]:
    """Yield ``(item, func(item))`` in order, with at most ``in_flight`` pending.

    Unlike ``Executor.map`` this does not submit the whole (possibly huge)
    iterable at once, so memory stays bounded.
    """
    queue: deque[tuple[object, Future]] = deque()
    iterator = iter(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(queue) < in_flight:
                try:
                    item = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                queue.append((item, pool.submit(func, item)))
            if not queue:
                return
            item, future = queue.popleft()
            yield item, future.result()
    finally:
        for _, future in queue:
            future.cancel()


def chunk_mapper(pool: ProcessPoolExecutor, workers: int):
    """A ``mapper`` for :func:`cleantext.streaming.clean_stream` using ``pool``."""

    def mapper(chunks: Iterable[str]) -> Iterator[tuple[str, str]]:
        return ordered_map(pool, _clean, chunks, in_flight=2 * workers)  # type: ignore[return-value]

    return mapper


@contextlib.contextmanager
def chunk_pool(plan: Plan, workers: int) -> Iterator[Mapper]:
    """A pool of ``workers`` holding ``plan``, as a chunk ``mapper`` (closed on exit)."""
    with make_pool(plan, workers) as pool:
        yield chunk_mapper(pool, workers)


class Progress:
    """A one-line progress bar on a terminal: files, MB, rate, ETA."""

    def __init__(self, total_files: int, total_bytes: int, stream: TextIO | None = None):
        self.total_files = total_files
        self.total_bytes = max(0, total_bytes)
        self.stream = stream or sys.stderr
        self.files = 0
        self.bytes = 0
        self.start = time.monotonic()
        self._last = 0.0
        self._shown = False

    def advance(self, nbytes: int) -> None:
        self.files += 1
        self.bytes += nbytes
        now = time.monotonic()
        if now - self._last >= 0.1 or self.files == self.total_files:
            self._last = now
            self.draw()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        mb, total_mb = self.bytes / 1e6, self.total_bytes / 1e6
        rate = mb / elapsed
        done = self.bytes / self.total_bytes if self.total_bytes else self.files / self.total_files
        if 0 < done < 1:
            remaining = elapsed * (1 - done) / done
            eta = f"ETA {int(remaining) // 60}:{int(remaining) % 60:02d}"
        else:
            eta = "ETA -:--" if done == 0 else "done"
        width = 20
        filled = int(width * min(1.0, done))
        bar = "#" * filled + "-" * (width - filled)
        return (
            f"[{bar}] {self.files}/{self.total_files} files  "
            f"{mb:.1f}/{total_mb:.1f} MB  {rate:.1f} MB/s  {eta}"
        )

    def draw(self) -> None:
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def close(self) -> None:
        self.clear()


def run_jobs(
    jobs: list[Job],
    plan: Plan,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Iterator[Outcome]:
    """Process ``jobs``; yield their outcomes in input order."""
    workers = min(workers or default_jobs(), len(jobs))
    if workers <= 1:
        for job in jobs:
            outcome = process(job, plan)
            if progress is not None:
                progress.advance(outcome.nbytes)
            yield outcome
        return

    pool = make_pool(plan, workers)
    try:
        pending: dict[int, Future] = {}
        done: dict[int, Outcome] = {}
        counted: set[int] = set()
        position = 0  # next job to submit
        next_out = 0  # next job to yield
        limit = 4 * workers
        while next_out < len(jobs):
            while position < len(jobs) and len(pending) < limit:
                try:
                    pending[position] = pool.submit(_process, jobs[position])
                except BrokenProcessPool:
                    job = jobs[position]
                    done[position] = Outcome(
                        position, job.path, "failed", stderr=error_line(job.path, _DIED)
                    )
                position += 1
            if not pending:
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                continue
            finished, _ = wait(pending.values(), timeout=0.2, return_when=FIRST_COMPLETED)
            for k, future in list(pending.items()):
                if future not in finished:
                    continue
                del pending[k]
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    job = jobs[k]
                    outcome = Outcome(k, job.path, "failed", stderr=error_line(job.path, _DIED))
                done[k] = outcome
                if progress is not None and k not in counted:
                    counted.add(k)
                    progress.advance(outcome.nbytes)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
