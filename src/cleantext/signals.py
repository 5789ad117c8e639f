"""Stopping a run on a signal, and worker processes that never outlive it.

The command line ends the same way whichever of SIGINT (Ctrl-C), SIGTERM
(what ``kill``, ``timeout``, systemd, container runtimes and CI send) or
SIGHUP (the terminal went away) arrives: :func:`stop_on_signals` turns the
signal into :class:`Stopped`, a :class:`KeyboardInterrupt`, raised in the
main thread, so the cleanup that already runs on Ctrl-C runs for all three:
work in progress is abandoned, every temporary file is removed, no original
is touched, worker processes are stopped (:mod:`cleantext.parallel`), one
line says so and the exit status is 128 + the signal's number (130, 143,
129).

The exit status is the one a shell reports for a process killed by the
signal.  GNU tools that clean up first (``sort``, ``timeout``) then restore
the default action and kill themselves with the same signal, which gives the
shell the same number; black with ``-j`` catches SIGINT and SIGTERM alike,
cancels the files not yet started and prints "Aborted!" (its exit status
then says nothing of the signal); ruff catches neither, so it dies by the
signal.  We exit with the number itself, as ``cleantext`` already did on
Ctrl-C: the same for a shell, and one that a caller in Python sees as 143
rather than -15.  A signal that was ignored when the run started (``nohup``
ignores SIGHUP, a background job in a script may ignore SIGINT) stays
ignored.  Only the first signal counts: a second one during the cleanup is
ignored, so the cleanup cannot itself be cut short.

Temporary files come from :func:`mkstemp`, which remembers them: the code
that writes one removes it when it is unwound, and whatever a stop signal
caught between creating the file and entering that code is removed when the
process stops (:func:`remove_temporary_files`).  A signal that arrives while
the file is created and remembered waits until that is done.

Worker processes call :func:`init_worker`: SIGINT is ignored there (Ctrl-C
reaches the whole process group; the main process decides), SIGTERM and
SIGHUP stop the worker (see :func:`stoppable`), and the worker is told of
its parent's death: on Linux the kernel sends it SIGTERM
(``prctl(PR_SET_PDEATHSIG)``), elsewhere a watchdog thread notices that its
parent process changed.  So a ``kill -9`` of the main process leaves no
worker running.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")

#: The signals that stop a run, by name (those this platform has).
STOP_SIGNALS: tuple[int, ...] = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP")
    if hasattr(signal, name)
)

_PR_SET_PDEATHSIG = 1
#: How often the portable watchdog looks at its parent process, in seconds.
WATCHDOG_INTERVAL = 0.5


class Stopped(KeyboardInterrupt):
    """The run was stopped by signal ``signum`` (a KeyboardInterrupt, so it
    unwinds like Ctrl-C).

    >>> Stopped(signal.SIGTERM).status, Stopped(signal.SIGTERM).name
    (143, 'SIGTERM')
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    @property
    def status(self) -> int:
        return 128 + self.signum


def exit_status(exc: BaseException) -> int:
    """128 + the signal's number: 130 for Ctrl-C (a plain KeyboardInterrupt too).

    >>> exit_status(KeyboardInterrupt()), exit_status(Stopped(signal.SIGHUP))
    (130, 129)
    """
    if isinstance(exc, Stopped):
        return exc.status
    return 128 + int(signal.SIGINT)


def stop_message(prog: str, exc: BaseException, stream: TextIO | None = None) -> str:
    """The one line that says the run was stopped.

    On a terminal it starts on a new line (after the ``^C`` the terminal
    echoed, or the progress bar).

    >>> stop_message("cleantext", KeyboardInterrupt())
    'cleantext: interrupted\\n'
    >>> stop_message("cleantext", Stopped(signal.SIGTERM))
    'cleantext: interrupted by SIGTERM\\n'
    """
    what = "interrupted"
    if isinstance(exc, Stopped) and exc.signum != signal.SIGINT:
        what = f"interrupted by {exc.name}"
    lead = "\n" if stream is not None and _isatty(stream) else ""
    return f"{lead}{prog}: {what}\n"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@contextlib.contextmanager
def stop_on_signals(signums: tuple[int, ...] = STOP_SIGNALS) -> Iterator[None]:
    """Raise :class:`Stopped` in the main thread when one of ``signums`` arrives.

    Outside the main thread (where Python cannot set handlers) this does
    nothing.  Signals ignored on entry stay ignored.  After the first
    signal, later ones are ignored until the block is left, and the
    handlers stay in place so none of them can kill the process during
    the cleanup that follows; otherwise the previous handlers come back.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping: list[int] = []
    owner = os.getpid()

    def handler(signum: int, frame: object) -> None:
        if os.getpid() != owner:
            # A forked worker that has not set its own handlers yet: it has
            # nothing to clean up (and the parent's locks and files are not its own).
            os._exit(128 + signum)
        if stopping:
            return
        if _STATE["defer"]:
            _STATE["pending"] = signum
            return
        stopping.append(signum)
        raise Stopped(signum)

    previous: dict[int, object] = {}
    for signum in signums:
        try:
            if signal.getsignal(signum) == signal.SIG_IGN:
                continue
            previous[signum] = signal.signal(signum, handler)
        except (OSError, ValueError):  # pragma: no cover - not settable here
            continue
    previous_hook = sys.unraisablehook

    def unraisable(report) -> None:
        # Python swallows an exception raised where it cannot propagate
        # (``__del__``, an at-fork callback): a Stopped lost there is
        # raised again by the same signal, so that the run still stops.
        exc = report.exc_value
        if (
            isinstance(exc, Stopped)
            and os.getpid() == owner
            and stopping == [exc.signum]
        ):
            stopping.clear()
            _resend_soon(exc.signum)
            return
        previous_hook(report)

    if previous:
        sys.unraisablehook = unraisable
    try:
        yield
    except BaseException:
        if stopping:
            remove_temporary_files()
        raise
    finally:
        if not stopping:
            for signum, old in previous.items():
                with contextlib.suppress(OSError, ValueError, TypeError):
                    signal.signal(signum, old)  # type: ignore[arg-type]
            if sys.unraisablehook is unraisable:
                sys.unraisablehook = previous_hook


def _resend_soon(signum: int) -> None:
    """Send ``signum`` to this process again, from another thread, shortly.

    Not from here: the handler would run at once, where its exception is
    swallowed again.
    """

    def send() -> None:
        with contextlib.suppress(OSError):
            os.kill(os.getpid(), signum)

    timer = threading.Timer(0.01, send)
    timer.daemon = True
    timer.start()


# --------------------------------------------------------------------------
# Temporary files


_STATE: dict = {"in_task": False, "stopping": False, "defer": 0, "pending": None}
_TEMPORARY: set[str] = set()
_PRUNE_AT = 256


def mkstemp(**kwargs) -> tuple[int, str]:
    """:func:`tempfile.mkstemp`, and the file is remembered at once.

    A stop signal that arrives meanwhile is handled when both are done
    (so the file is never left unknown); a remembered file that still
    exists when the run is stopped is removed.  A file renamed into place
    no longer exists under its temporary name, and is forgotten.
    """
    _STATE["defer"] += 1
    try:
        fd, path = tempfile.mkstemp(**kwargs)
        path = os.path.abspath(path)
        if len(_TEMPORARY) >= _PRUNE_AT:
            _TEMPORARY.difference_update(
                [p for p in _TEMPORARY if not os.path.lexists(p)]
            )
        _TEMPORARY.add(path)
    finally:
        _STATE["defer"] -= 1
    _deliver_deferred()
    return fd, path


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold stop signals back while the block runs; one that came is handled after it.

    Two holds, for two kinds of handler.  cleantext's own stop handler
    (installed by the command line) defers a signal while this block runs,
    whichever thread the kernel delivered it to: Python runs every handler in
    the main thread, at once, so a mask on the main thread alone would not
    hold a signal that a process pool's thread received.  In the main thread
    SIGINT, SIGTERM and SIGHUP are also masked, which holds any other handler
    too (Python's default Ctrl-C, when the library runs without the command
    line); the kernel delivers a masked signal when the mask is lifted.
    """
    _STATE["defer"] += 1
    try:
        with _masked():
            yield
    finally:
        _STATE["defer"] -= 1
    _deliver_deferred()


_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


@contextlib.contextmanager
def _masked() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _deliver_deferred() -> None:
    signum = _STATE["pending"]
    if signum is None or _STATE["defer"]:
        return
    _STATE["pending"] = None
    handler = signal.getsignal(signum)
    if callable(handler):
        handler(signum, None)


def remove_temporary_files() -> None:
    """Remove every file from :func:`mkstemp` still under its temporary name."""
    for path in list(_TEMPORARY):
        with contextlib.suppress(OSError):
            os.unlink(path)
        _TEMPORARY.discard(path)


# --------------------------------------------------------------------------
# Worker processes


class _WorkerStop(BaseException):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _worker_handler(signum: int, frame: object) -> None:
    if _STATE["stopping"]:
        return
    if _STATE["defer"]:
        _STATE["pending"] = signum
        return
    _STATE["stopping"] = True
    if _STATE["in_task"]:
        raise _WorkerStop(signum)  # unwinds the task; stoppable() then exits
    _exit_now(128 + signum)  # idle, or a task that writes nothing


def _worker_unraisable(report) -> None:
    # A _WorkerStop swallowed by Python (raised in a ``__del__``): raise it again.
    exc = report.exc_value
    if isinstance(exc, _WorkerStop):
        _STATE["stopping"] = False
        _resend_soon(exc.signum)
        return
    sys.__unraisablehook__(report)


def stoppable(func: Callable[..., T], *args: object) -> T:
    """Run ``func(*args)`` in a worker so that a stop signal unwinds it.

    A task that writes files runs this way: SIGTERM or SIGHUP then raises
    inside it, its ``finally`` and ``except BaseException`` blocks remove
    its temporary file, and the worker exits.  Outside such a task a stop
    signal ends the worker at once (there is nothing to clean up).
    """
    try:
        _STATE["in_task"] = True
        try:
            return func(*args)
        finally:
            _STATE["in_task"] = False
    except _WorkerStop as stop:
        _exit_now(128 + stop.signum)
        raise  # pragma: no cover - _exit_now does not return


def _exit_now(status: int) -> None:
    with contextlib.suppress(Exception):
        remove_temporary_files()
    os._exit(status)


def init_worker(parent: int | None = None) -> None:
    """Signals of a worker process; call first thing in its initializer.

    ``parent`` is the pid the worker must not outlive, normally its parent
    (``os.getpid()`` of the process that starts the pool): if it is gone
    already, the worker exits at once.
    """
    _STATE.update(in_task=False, stopping=False, defer=0, pending=None)
    _TEMPORARY.clear()  # the parent's, if forked: not this process's to remove
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOP_SIGNALS:
        if signum == signal.SIGINT:
            continue
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, _worker_handler)
    sys.unraisablehook = _worker_unraisable
    ppid = os.getppid()
    if not _set_parent_death_signal(int(getattr(signal, "SIGTERM", 15))):
        _start_watchdog(ppid)
    # The parent may have died before the kernel was told to watch it.
    if parent is not None and ppid != parent and not _alive(parent):
        os._exit(128 + int(getattr(signal, "SIGTERM", 15)))


def _set_parent_death_signal(signum: int) -> bool:
    """Linux: have the kernel send ``signum`` when the parent dies."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _start_watchdog(ppid: int) -> None:
    """The portable fallback: poll the parent pid; when it changes the
    parent died (the worker was re-parented), so stop as on SIGTERM."""

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(WATCHDOG_INTERVAL):
            if os.getppid() != ppid:
                break
        signum = getattr(signal, "SIGTERM", None)
        if signum is not None and hasattr(os, "kill"):
            with contextlib.suppress(OSError):
                os.kill(os.getpid(), signum)  # the handler unwinds the task
            stop.wait(10)
        _exit_now(143)  # the main thread did not stop in time

    threading.Thread(
        target=watch, name="cleantext-parent-watchdog", daemon=True
    ).start()
