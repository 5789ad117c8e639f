"""What one unit of work is, how it runs, and how its outcome is reported.

A :class:`Job` is one input (a file, or ``-`` for standard input); a
:class:`Plan` says what to do with every input (write, check, diff,
explain) and carries the picklable :class:`~cleantext.Cleaner`;
:func:`process` runs a job and returns its :class:`Outcome` (status, the
lines for stdout and stderr, bytes read) without ever raising for I/O or
decoding.  Files above ``plan.stream_threshold`` bytes, and a standard input
as large, are cleaned as a stream (:mod:`cleantext.streaming`), byte-identical
to cleaning them whole.

Every way of running jobs builds on this module: the command line
(:mod:`cleantext.cli`), worker processes (:mod:`cleantext.parallel`) and
JSONL corpora (:mod:`cleantext.jsonl`).  It imports none of them.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass, field

from .config import Config
from .files import (
    DETECT_SAMPLE,
    AtomicWriter,
    Input,
    NotTextError,
    atomic_write,
    decode,
    describe_oserror,
    encode,
)
from .pipeline import Cleaner, explain
from .streaming import READ_BYTES, clean_stream, iter_decoded, sniff

PROG = "cleantext"

#: Cleans chunks elsewhere, in order: ``(chunk, fixed)`` pairs (see
#: :func:`cleantext.streaming.clean_stream`).
Mapper = Callable[[Iterable[str]], Iterator[tuple[str, str]]]


class UsageError(Exception):
    """A command-line mistake found after parsing (exit 2)."""


# --------------------------------------------------------------------------
# One file: the unit of work (module level so worker processes can run it)


@dataclass(frozen=True)
class Plan:
    """What to do with every input; shared by all jobs and picklable."""

    cleaner: Cleaner
    write: bool = True
    check: bool = False
    diff: bool = False
    explain: bool = False
    #: Print "would fix PATH" for changed files (``--check``).
    list_changed: bool = False
    #: Files larger than this many bytes are streamed (``--chunk-size``).
    stream_threshold: int = 8 << 20
    chunk_size: int = 1 << 20


@dataclass(frozen=True)
class Job:
    index: int
    path: str
    output: str | None = None  # None: in place
    error: str | None = None  # found while walking


@dataclass
class Outcome:
    index: int
    path: str
    status: str  # "fixed", "unchanged" or "failed"
    stdout: str = ""
    stderr: str = ""
    nbytes: int = 0


def error_line(path: str, reason: str) -> str:
    return f"{PROG}: error: {path}: {reason}\n"


def explain_lines(
    path: str, text: str, config: Config, line_offset: int = 0, end: int | None = None
) -> list[str]:
    """``PATH:LINE:COL: rule: 'before' → 'after'`` lines (edits starting before ``end``)."""
    lines = []
    # Position order, like a linter; rules keep pipeline order on one spot.
    for edit in sorted(explain(text, config), key=lambda e: (e.line, e.column)):
        if end is not None and edit.start >= end:
            continue
        lines.append(
            f"{path}:{edit.line + line_offset}:{edit.column}: {edit.rule}: "
            f"{edit.before!r} → {edit.after!r}\n"
        )
    return lines


def _fix_eol(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if line.endswith("\n"):
            yield line
        else:
            yield line + "\n\\ No newline at end of file\n"


def diff_hunks(
    before: str, after: str, before_start: int = 0, after_start: int = 0, context: int = 3
) -> list[str]:
    """Unified-diff hunks (no file header) for ``before`` -> ``after``.

    ``*_start`` shift the line numbers, so a stream can be diffed in pieces.
    """
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        i1, i2 = group[0][1], group[-1][2]
        j1, j2 = group[0][3], group[-1][4]
        out.append(
            f"@@ -{_range(i1 + before_start, i2 - i1)} "
            f"+{_range(j1 + after_start, j2 - j1)} @@\n"
        )
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(_fix_eol(" " + line for line in a[a1:a2]))
                continue
            out.extend(_fix_eol("-" + line for line in a[a1:a2]))
            out.extend(_fix_eol("+" + line for line in b[b1:b2]))
    return out


def _range(start: int, length: int) -> str:
    # Unified diff ranges are 1-based; an empty range names the line before.
    first = start + 1 if length else start
    return str(first) if length == 1 else f"{first},{length}"


def diff_header(path: str) -> list[str]:
    return [f"--- {path}\n", f"+++ {path}\n"]


def process(job: Job, plan: Plan) -> Outcome:
    """Clean one input file as ``plan`` says; never raises for I/O or decoding."""
    path = job.path
    if job.error is not None:
        return Outcome(job.index, path, "failed", stderr=error_line(path, job.error))
    try:
        size = os.stat(path).st_size
        if size > plan.stream_threshold:
            return process_large_file(job, plan, size)
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return Outcome(job.index, path, "failed", stderr=error_line(path, describe_oserror(exc)))
    try:
        decoded = decode(data)
    except NotTextError as exc:
        return Outcome(job.index, path, "failed", stderr=error_line(path, str(exc)))
    return _finish(job, plan, data, decoded.text)


def _finish(job: Job, plan: Plan, data: bytes, text: str) -> Outcome:
    path = job.path
    try:
        fixed = plan.cleaner.clean(text)
    except Exception as exc:  # noqa: BLE001  (a bug in a rule: report it, go on)
        reason = f"internal error, please report: {type(exc).__name__}: {exc}"
        return Outcome(job.index, path, "failed", stderr=error_line(path, reason))
    new = encode(fixed)
    changed = new != data
    out: list[str] = []
    if plan.explain:
        out.extend(explain_lines(path, text, plan.cleaner.config))
    if plan.diff and fixed != text:
        out.extend(diff_header(path))
        out.extend(diff_hunks(text, fixed))
    if plan.list_changed and changed:
        out.append(f"would fix {path}\n")
    if plan.write:
        try:
            if job.output is None:
                if changed:
                    atomic_write(path, new)
            else:
                _write_output(job.output, new)
        except OSError as exc:
            target = job.output or path
            return Outcome(
                job.index,
                path,
                "failed",
                stdout="".join(out),
                stderr=error_line(target, "cannot write: " + describe_oserror(exc)),
                nbytes=len(data),
            )
    return Outcome(
        job.index, path, "fixed" if changed else "unchanged", "".join(out), "", len(data)
    )


def _write_output(target: str, data: bytes) -> None:
    """Write ``data`` to an ``-o`` target, leaving an identical file untouched."""
    try:
        with open(target, "rb") as handle:
            if handle.read(len(data) + 1) == data:
                return
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        raise
    except OSError:
        pass
    parent = os.path.dirname(target)
    if parent:
        os.makedirs(parent, exist_ok=True)
    atomic_write(target, data)


# --------------------------------------------------------------------------
# Standard input


def process_stdin(
    plan: Plan,
    output: str | None,
    explain_to_stderr: bool,
    chunk_pool: Callable[[], ContextManager[Mapper]] | None = None,
) -> Outcome:
    """Clean standard input as ``plan`` says (to stdout, or to ``output``).

    ``chunk_pool`` opens, for a large input only, a pool whose ``mapper``
    cleans the chunks elsewhere (:func:`cleantext.parallel.chunk_pool`);
    without it the chunks are cleaned here.
    """
    data = sys.stdin.buffer.read(plan.stream_threshold + 1)
    if len(data) > plan.stream_threshold:
        if chunk_pool is None:
            return process_large_stdin(plan, data, output, explain_to_stderr)
        with chunk_pool() as mapper:
            return process_large_stdin(plan, data, output, explain_to_stderr, mapper=mapper)
    try:
        decoded = decode(data)
    except NotTextError as exc:
        return Outcome(0, "-", "failed", stderr=error_line("-", str(exc)))
    text = decoded.text
    fixed = plan.cleaner.clean(text)
    new = encode(fixed)
    changed = new != data
    out: list[str] = []
    err: list[str] = []
    if plan.explain:
        lines = explain_lines("-", text, plan.cleaner.config)
        (err if explain_to_stderr else out).extend(lines)
    if plan.diff and fixed != text:
        out.extend(diff_header("-"))
        out.extend(diff_hunks(text, fixed))
    if plan.list_changed and changed:
        out.append("would fix -\n")
    status = "fixed" if changed else "unchanged"
    if plan.write:
        if output is not None:
            try:
                _write_output(output, new)
            except OSError as exc:
                err.append(error_line(output, "cannot write: " + describe_oserror(exc)))
                status = "failed"
        else:
            _emit(out, err)
            sys.stdout.flush()
            sys.stdout.buffer.write(new)
            sys.stdout.buffer.flush()
            return Outcome(0, "-", status, "", "", len(data))
    return Outcome(0, "-", status, "".join(out), "".join(err), len(data))


def _emit(out: list[str], err: list[str]) -> None:
    if err:
        sys.stderr.write("".join(err))
        sys.stderr.flush()
    if out:
        sys.stdout.write("".join(out))
        sys.stdout.flush()
    out.clear()
    err.clear()


# --------------------------------------------------------------------------
# Large inputs, cleaned as a stream


class _WriteFailed(Exception):
    def __init__(self, exc: OSError):
        super().__init__(str(exc))
        self.exc = exc


class _Output:
    """The output side of one stream: a lazily opened atomic writer.

    With ``copy_from`` (in-place on plain UTF-8), nothing is written until
    the first changed chunk; then the unchanged prefix is copied from the
    input, so an unchanged file is never rewritten.
    """

    def __init__(self, target: str, copy_from: str | None = None):
        self.target = target
        self.copy_from = copy_from
        self.writer: AtomicWriter | None = None
        self.pending = 0  # bytes of unchanged prefix not yet written

    def _open(self) -> AtomicWriter:
        if self.writer is None:
            try:
                self.writer = AtomicWriter(self.target)
                if self.copy_from is not None and self.pending:
                    _copy_prefix(self.copy_from, self.pending, self.writer)
            except OSError as exc:
                raise _WriteFailed(exc) from None
        return self.writer

    def skip(self, data: bytes) -> None:
        self.pending += len(data)

    def write(self, data: bytes) -> None:
        writer = self._open()
        try:
            writer.write(data)
        except OSError as exc:
            raise _WriteFailed(exc) from None

    def commit(self, force: bool) -> None:
        if self.writer is None and not force:
            return
        writer = self._open()
        try:
            writer.commit()
        except OSError as exc:
            raise _WriteFailed(exc) from None

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()


def process_large_file(
    job: Job,
    plan: Plan,
    size: int,
    *,
    mapper=None,
    emit: Callable[[str], None] | None = None,
) -> Outcome:
    """Stream one large file through the pipeline (``cleantext fix`` on it)."""
    path = job.path
    out: list[str] = []
    emit = emit or out.append
    output = None
    changed = False
    try:
        with open(path, "rb") as handle:
            head = handle.read(DETECT_SAMPLE)
            codec, skip, plain = sniff(head)
            changed = not plain
            if plan.write:
                in_place = job.output is None
                output = _Output(
                    path if in_place else job.output, copy_from=path if in_place and plain else None
                )
            stats = _Stats()
            pieces = iter_decoded(handle, head, codec, skip)
            for chunk, fixed in clean_stream(
                pieces, plan.cleaner, target=plan.chunk_size, mapper=mapper
            ):
                if fixed != chunk:
                    changed = True
                _report_chunk(plan, path, chunk, fixed, stats, emit, emit)
                if output is not None:
                    data = fixed.encode("utf-8")
                    if changed or job.output is not None:
                        output.write(data)
                    else:
                        output.skip(data)
                elif changed and plan.list_changed and not (plan.diff or plan.explain):
                    break  # --check: one change is enough
            if output is not None:
                output.commit(force=job.output is not None)
    except NotTextError as exc:
        _abort(output)
        return Outcome(job.index, path, "failed", "".join(out), error_line(path, str(exc)), size)
    except _WriteFailed as exc:
        _abort(output)
        reason = "cannot write: " + describe_oserror(exc.exc)
        where = job.output or path
        return Outcome(job.index, path, "failed", "".join(out), error_line(where, reason), size)
    except OSError as exc:
        _abort(output)
        return Outcome(
            job.index, path, "failed", "".join(out), error_line(path, describe_oserror(exc)), size
        )
    except BaseException:
        _abort(output)
        raise
    if plan.list_changed and changed:
        emit(f"would fix {path}\n")
    return Outcome(job.index, path, "fixed" if changed else "unchanged", "".join(out), "", size)


def _abort(output: _Output | None) -> None:
    if output is not None:
        output.abort()


class _Stats:
    __slots__ = ("header", "lines_in", "lines_out")

    def __init__(self) -> None:
        self.lines_in = 0
        self.lines_out = 0
        self.header = False


def _report_chunk(
    plan, path: str, chunk: str, fixed: str, stats: _Stats, emit_explain, emit_diff
) -> None:
    if plan.explain and fixed != chunk:
        # A chunk's final line breaks are an edge only when cleaned alone: if
        # the whole keeps them, edits there are not real.
        body = len(chunk.rstrip("\n"))
        end = body if fixed.endswith(chunk[body:]) else None
        lines = explain_lines(path, chunk, plan.cleaner.config, stats.lines_in, end)
        for line in lines:
            emit_explain(line)
    if plan.diff and fixed != chunk:
        if not stats.header:
            stats.header = True
            for line in diff_header(path):
                emit_diff(line)
        for line in diff_hunks(chunk, fixed, stats.lines_in, stats.lines_out):
            emit_diff(line)
    if plan.diff or plan.explain:
        stats.lines_in += chunk.count("\n")
        stats.lines_out += fixed.count("\n")


def _copy_prefix(path: str, nbytes: int, writer: AtomicWriter) -> None:
    """Copy the first ``nbytes`` of ``path`` (output equal to input so far)."""
    with open(path, "rb") as src:
        while nbytes > 0:
            block = src.read(min(READ_BYTES, nbytes))
            if not block:
                break
            writer.write(block)
            nbytes -= len(block)


def process_large_stdin(
    plan: Plan, head: bytes, output: str | None, explain_to_stderr: bool, mapper=None
) -> Outcome:
    """Stream standard input to standard output (or to ``-o``)."""
    stdout = sys.stdout

    def to_stdout(line: str) -> None:
        stdout.write(line)

    def to_stderr(line: str) -> None:
        stdout.flush()
        sys.stderr.write(line)

    sink = _Output(output) if plan.write and output is not None else None
    changed = False
    try:
        codec, skip, plain = sniff(head)
        changed = not plain
        stats = _Stats()
        pieces = iter_decoded(sys.stdin.buffer, head, codec, skip)
        for chunk, fixed in clean_stream(
            pieces, plan.cleaner, target=plan.chunk_size, mapper=mapper
        ):
            if fixed != chunk:
                changed = True
            _report_chunk(
                plan,
                "-",
                chunk,
                fixed,
                stats,
                to_stderr if explain_to_stderr else to_stdout,
                to_stdout,
            )
            if plan.write:
                data = fixed.encode("utf-8")
                if sink is not None:
                    sink.write(data)
                else:
                    stdout.flush()
                    stdout.buffer.write(data)
        if sink is not None:
            sink.commit(force=True)
        stdout.flush()
    except NotTextError as exc:
        _abort(sink)
        return Outcome(0, "-", "failed", "", error_line("-", str(exc)))
    except _WriteFailed as exc:
        _abort(sink)
        return Outcome(
            0, "-", "failed", "", error_line(output, "cannot write: " + describe_oserror(exc.exc))
        )
    except BaseException:
        _abort(sink)
        raise
    text = "would fix -\n" if plan.list_changed and changed else ""
    return Outcome(0, "-", "fixed" if changed else "unchanged", text, "")


# --------------------------------------------------------------------------
# Outputs and the summary of a run


def plan_outputs(args_paths: Sequence[str], inputs: list[Input], output: str | None):
    """Map each input to its output path (``None``: in place / stdout)."""
    if output is None:
        return [None] * len(inputs)
    single = len(args_paths) == 1 and (args_paths[0] == "-" or not os.path.isdir(args_paths[0]))
    if single:
        target = output
        if os.path.isdir(output):
            if args_paths[0] == "-":
                raise UsageError(f"-o {output}: is a directory (stdin needs a file name)")
            target = os.path.join(output, os.path.basename(args_paths[0]))
        return [target for _ in inputs]
    if "-" in args_paths:
        raise UsageError("'-' cannot be combined with other inputs when writing to -o")
    if os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"-o {output}: not a directory (several inputs need a folder)")
    if len(args_paths) == 1:
        return [os.path.join(output, item.rel) for item in inputs]
    base = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in args_paths])
    return [
        os.path.join(output, os.path.relpath(os.path.abspath(item.path), base)) for item in inputs
    ]


@dataclass
class Tally:
    fixed: int = 0
    unchanged: int = 0
    failed: int = 0
    nbytes: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.nbytes += outcome.nbytes


def count_files(n: int, what: str) -> str:
    """``"1 file fixed"``, ``"2 files fixed"``: ``what`` with its first "file" in the plural."""
    return f"{n} {what}" if n == 1 else f"{n} {what.replace('file', 'files', 1)}"


def summary_line(tally: Tally, *, wrote: bool) -> str:
    if not (tally.fixed or tally.unchanged or tally.failed):
        return "No text files found; nothing to do."
    parts = []
    if tally.fixed:
        parts.append(count_files(tally.fixed, "file fixed" if wrote else "file would be fixed"))
    if tally.unchanged:
        parts.append(
            count_files(
                tally.unchanged, "file left unchanged" if wrote else "file would be left unchanged"
            )
        )
    if tally.failed:
        parts.append(count_files(tally.failed, "file failed"))
    return ", ".join(parts) + "."
