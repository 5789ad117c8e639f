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

Stopping: Ctrl-C, SIGTERM and SIGHUP reach the main process as an exception
(:mod:`cleantext.signals`).  Leaving a pool on any exception stops it at
once (:meth:`WorkerPool.stop`): no new work, queued work cancelled, each
worker sent SIGTERM, which unwinds its task so that its temporary file is
removed, and any worker still running after a grace period killed.  Workers
ignore Ctrl-C themselves (the main process decides) and exit on their own
when the main process dies, even by ``kill -9``.

The progress bar is tqdm's: it follows the terminal's width, smooths the
rate and the ETA, and draws nothing when stderr is not a terminal.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait as wait_for_exit
from typing import TextIO

from tqdm import tqdm

from . import native, signals
from .jobs import Job, Mapper, Outcome, Plan, error_line, process

_PLAN: Plan | None = None
_DIED = "worker process died (out of memory?)"


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _init_worker(plan: Plan, parent: int | None = None) -> None:
    global _PLAN
    signals.init_worker(parent)
    _PLAN = plan


def _process(job: Job) -> Outcome:
    assert _PLAN is not None
    # It writes files: a stop signal unwinds it (temporary file removed).
    return signals.stoppable(process, job, _PLAN)


def _clean(text: str) -> str:
    assert _PLAN is not None
    return _PLAN.cleaner.clean(text)


class WorkerPool(ProcessPoolExecutor):
    """A process pool that, left on an exception, stops its workers at once.

    ``ProcessPoolExecutor`` would wait for the tasks already handed to its
    workers (a whole large file, in a run of many files); this one is for
    runs that a signal may end.
    """

    #: Seconds a worker gets to unwind its task after SIGTERM before SIGKILL.
    grace = 10.0

    def __exit__(self, exc_type, exc_val, exc_tb):
        if exc_type is None:
            self.shutdown(wait=True)
        else:
            self.stop()
        return False

    def stop(self) -> None:
        """Cancel queued work, stop every worker, wait until they are gone."""
        processes = list((getattr(self, "_processes", None) or {}).values())
        manager = getattr(self, "_executor_manager_thread", None)
        # (before shutdown(), which drops the pool's references to them)
        result_queue = getattr(self, "_result_queue", None)
        call_queue = getattr(self, "_call_queue", None)
        self.shutdown(wait=False, cancel_futures=True)
        for process_ in processes:
            with contextlib.suppress(Exception):
                process_.terminate()
        pending = {p.sentinel: p for p in processes if _sentinel(p) is not None}
        deadline = time.monotonic() + self.grace
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            for ready in wait_for_exit(list(pending), timeout=left):
                pending.pop(ready, None)  # type: ignore[call-overload]
        for process_ in pending.values():
            with contextlib.suppress(Exception):
                process_.kill()
        if pending:
            wait_for_exit(list(pending), timeout=self.grace)
        # A worker stopped while it sent a result leaves half a message in
        # the result pipe, and the pool's thread would wait for the rest
        # forever (and the interpreter for that thread at exit).  With every
        # worker gone, closing this process's end of the pipe ends the wait.
        if result_queue is not None:
            with contextlib.suppress(OSError):
                result_queue._writer.close()
        # Tasks that no worker will take may still sit in the call queue's
        # pipe, full, and its feeder thread blocked writing the next one; at
        # exit multiprocessing would wait for that thread forever.  Nothing
        # will read them: no waiting for it.  (The pool's own thread closes
        # the queue's reader when it finds the pool broken; closing it here
        # too would close a descriptor twice.)
        if call_queue is not None:
            call_queue.cancel_join_thread()
        self.shutdown(wait=False, cancel_futures=True)
        if manager is not None:
            manager.join(self.grace)


def _sentinel(process_) -> int | None:
    try:
        return process_.sentinel
    except (ValueError, AttributeError):
        return None


def make_pool(plan: Plan, workers: int) -> WorkerPool:
    """A pool whose workers hold ``plan`` (patterns compile once per worker)."""
    native.preload()  # once, here: the forked workers share the tables
    return WorkerPool(
        max_workers=workers, initializer=_init_worker, initargs=(plan, os.getpid())
    )


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


class _Bar(tqdm):
    # No monitor thread: this process forks the workers.
    monitor_interval = 0


def _width(stream: TextIO) -> int | None:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return None
    return columns if columns > 0 else None


class Progress:
    """A one-line progress bar on a terminal (tqdm): files, bytes, rate, ETA.

    ``disable=None`` (the default) draws only when ``stream`` is a terminal.
    """

    def __init__(
        self,
        total_files: int,
        total_bytes: int,
        stream: TextIO | None = None,
        *,
        disable: bool | None = None,
    ):
        self.total_files = total_files
        self.total_bytes = max(0, total_bytes)
        self.stream = stream or sys.stderr
        self.files = 0
        by_bytes = self.total_bytes > 0
        sized = _width(self.stream) is not None
        self._by_bytes = by_bytes
        counts = "{n_fmt}B/{total_fmt}B" if by_bytes else ""
        self._bar = _Bar(
            total=self.total_bytes if by_bytes else max(1, total_files),
            desc=self._files(),
            file=self.stream,
            unit="B" if by_bytes else "file",
            unit_scale=by_bytes,
            unit_divisor=1000,
            # The terminal's width, also after a resize; 80 x 24 where the
            # terminal says it has no size (a new pseudo-terminal), on which
            # tqdm would draw nothing.
            dynamic_ncols=sized,
            ncols=None if sized else 80,
            nrows=None if sized else 24,
            smoothing=0.3,  # the rate and ETA: a moving average
            mininterval=0.1,
            leave=False,  # cleared at the end: the summary line follows
            disable=disable,
            bar_format="{desc}  {percentage:3.0f}%|{bar}| "
            + counts
            + "  {rate_fmt}  ETA {remaining}",
        )

    def _files(self) -> str:
        return f"{self.files}/{self.total_files} files"

    @property
    def bytes(self) -> int:
        return int(self._bar.n) if self._by_bytes else 0

    def advance(self, nbytes: int) -> None:
        self.files += 1
        self._bar.set_description_str(self._files(), refresh=False)
        self._bar.update(max(0, nbytes) if self._by_bytes else 1)
        if self.files == self.total_files:
            self._bar.refresh()

    def line(self) -> str:
        return str(self._bar)

    def draw(self) -> None:
        self._bar.refresh()

    def clear(self) -> None:
        self._bar.clear()

    def close(self) -> None:
        self._bar.close()


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
            finished, _ = wait(
                pending.values(), timeout=0.2, return_when=FIRST_COMPLETED
            )
            for k, future in list(pending.items()):
                if future not in finished:
                    continue
                del pending[k]
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    job = jobs[k]
                    outcome = Outcome(
                        k, job.path, "failed", stderr=error_line(job.path, _DIED)
                    )
                done[k] = outcome
                if progress is not None and k not in counted:
                    counted.add(k)
                    progress.advance(outcome.nbytes)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    except BaseException:
        pool.stop()
        raise
    pool.shutdown(wait=True)
