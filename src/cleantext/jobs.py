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

import bisect
import difflib
import json
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
    encoding_label,
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
    #: The input encoding (``--encoding``); ``None``: guessed where certain.
    encoding: str | None = None
    #: How edits are reported (``--output-format``): ``text``, ``json``
    #: (records in :attr:`Outcome.records`) or ``github`` (annotations).
    output_format: str = "text"


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
    #: ``--output-format json``: one dict per edit (see :func:`edit_record`).
    records: list = field(default_factory=list)


def error_line(path: str, reason: str) -> str:
    return f"{PROG}: error: {path}: {reason}\n"


def explain_lines(
    path: str, text: str, config: Config, line_offset: int = 0, end: int | None = None
) -> list[str]:
    """``PATH:LINE:COL: rule: 'before' → 'after'`` lines (edits starting before ``end``)."""
    return [
        f"{path}:{edit.line + line_offset}:{edit.column}: {edit.rule}: "
        f"{edit.before!r} → {edit.after!r}\n"
        for edit in _edits(text, config, end)
    ]


def _edits(text: str, config: Config, end: int | None):
    # Position order, like a linter; rules keep pipeline order on one spot.
    for edit in sorted(explain(text, config), key=lambda e: (e.line, e.column)):
        if end is None or edit.start < end:
            yield edit


def edit_record(
    path: str, edit, starts: list[int], line_offset: int = 0, char_offset: int = 0
) -> dict:
    """One edit as ``--output-format json`` prints it.

    ``line``/``column`` (1-based, characters) and ``end`` (where the span the
    edit replaces ends, exclusive) are positions in the input; ``start`` and
    ``stop`` the same as 0-based character offsets; ``starts`` are the
    offsets at which the text's lines start.  ``Edit(rule, line, column,
    before, after, start, stop)`` rebuilds :func:`cleantext.explain`'s edit.
    """
    row = bisect.bisect_right(starts, edit.end) - 1
    return {
        "path": path,
        "line": edit.line + line_offset,
        "column": edit.column,
        "end": {"line": row + 1 + line_offset, "column": edit.end - starts[row] + 1},
        "rule": edit.rule,
        "before": edit.before,
        "after": edit.after,
        "start": edit.start + char_offset,
        "stop": edit.end + char_offset,
    }


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    k = find("\n")
    while k != -1:
        starts.append(k + 1)
        k = find("\n", k + 1)
    return starts


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(record: dict) -> str:
    """A GitHub Actions workflow command (``::warning ...``) for one edit record.

    >>> rec = {"path": "a,b.txt", "line": 1, "column": 4, "end": {"line": 1, "column": 5},
    ...        "rule": "cjk-space", "before": " ", "after": ""}
    >>> print(github_line(rec), end="")
    ::warning file=a%2Cb.txt,line=1,col=4,endLine=1,endColumn=5,title=cleantext (cjk-space)::cjk-space: ' ' → ''
    """
    props = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", record["path"]),
            ("line", record["line"]),
            ("col", record["column"]),
            ("endLine", record["end"]["line"]),
            ("endColumn", record["end"]["column"]),
            ("title", f"cleantext ({record['rule']})"),
        )
    )
    message = f"{record['rule']}: {record['before']!r} → {record['after']!r}"
    return f"::warning {props}::{_escape_data(message)}\n"


def github_file_line(path: str, message: str) -> str:
    """A file-level GitHub annotation (a re-encoding, which has no position)."""
    props = f"file={_escape_property(path)},title={_escape_property('cleantext (encoding)')}"
    return f"::warning {props}::{_escape_data(message)}\n"


def report_edits(
    plan: Plan,
    path: str,
    text: str,
    line_offset: int = 0,
    end: int | None = None,
    char_offset: int = 0,
) -> tuple[list[str], list[dict]]:
    """The edits of ``text`` as ``plan.output_format`` reports them: ``(lines, records)``."""
    config = plan.cleaner.config
    if plan.output_format == "text":
        return explain_lines(path, text, config, line_offset, end), []
    starts = _line_starts(text)
    records = [
        edit_record(path, edit, starts, line_offset, char_offset)
        for edit in _edits(text, config, end)
    ]
    if plan.output_format == "github":
        return [github_line(r) for r in records], []
    return [], records


def records_json(records: list[dict]) -> str:
    """``--output-format json``: a JSON array, one object per line."""
    if not records:
        return "[]\n"
    body = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in records)
    return "[\n" + body + "\n]\n"


def reencoding(codec: str, plain: bool) -> str | None:
    """``"GB18030"`` when output re-encodes input from that encoding, else ``None``."""
    return None if plain else encoding_label(codec)


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


def diff_header(path: str, source: str | None = None) -> list[str]:
    """``---``/``+++`` lines; ``source`` names the encoding output re-encodes from."""
    if source is None:
        return [f"--- {path}\n", f"+++ {path}\n"]
    return [f"--- {path}\t({source})\n", f"+++ {path}\t(UTF-8)\n"]


def would_fix(path: str, source: str | None) -> str:
    """``--check``'s line for a file that would change."""
    if source is None:
        return f"would fix {path}\n"
    return f"would fix {path} (re-encoded from {source} to UTF-8)\n"


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
        decoded = decode(data, plan.encoding)
    except NotTextError as exc:
        return Outcome(job.index, path, "failed", stderr=error_line(path, str(exc)))
    return _finish(job, plan, data, decoded.text, decoded.encoding)


def _finish(job: Job, plan: Plan, data: bytes, text: str, codec: str = "utf-8") -> Outcome:
    path = job.path
    try:
        fixed = plan.cleaner.clean(text)
    except Exception as exc:  # noqa: BLE001  (a bug in a rule: report it, go on)
        reason = f"internal error, please report: {type(exc).__name__}: {exc}"
        return Outcome(job.index, path, "failed", stderr=error_line(path, reason))
    new = encode(fixed)
    changed = new != data
    source = reencoding(codec, codec in ("utf-8", "utf_8"))
    out: list[str] = []
    records: list[dict] = []
    if plan.explain:
        lines, records = report_edits(plan, path, text)
        out.extend(lines)
    if plan.diff and (fixed != text or source is not None):
        out.extend(diff_header(path, source))
        out.extend(diff_hunks(text, fixed))
    if plan.list_changed and changed:
        out.append(_changed_line(plan, path, source))
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
                records=records,
            )
    return Outcome(
        job.index,
        path,
        "fixed" if changed else "unchanged",
        "".join(out),
        "",
        len(data),
        records=records,
    )


def _changed_line(plan: Plan, path: str, source: str | None) -> str:
    # --check: a line per file in text form; in the machine formats the
    # edits are the report, and a re-encoding is a file-level annotation.
    if plan.output_format == "text":
        return would_fix(path, source)
    if plan.output_format == "github" and source is not None:
        return github_file_line(path, f"would re-encode from {source} to UTF-8")
    return ""


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
    try:
        data = read_stdin(plan.stream_threshold + 1)
    except OSError as exc:
        return Outcome(0, "-", "failed", stderr=error_line("-", describe_oserror(exc)))
    if len(data) > plan.stream_threshold:
        if chunk_pool is None:
            return process_large_stdin(plan, data, output, explain_to_stderr)
        with chunk_pool() as mapper:
            return process_large_stdin(plan, data, output, explain_to_stderr, mapper=mapper)
    try:
        decoded = decode(data, plan.encoding)
    except NotTextError as exc:
        return Outcome(0, "-", "failed", stderr=error_line("-", str(exc)))
    text = decoded.text
    fixed = plan.cleaner.clean(text)
    new = encode(fixed)
    changed = new != data
    source = reencoding(decoded.encoding, decoded.encoding in ("utf-8", "utf_8"))
    out: list[str] = []
    err: list[str] = []
    records: list[dict] = []
    if plan.explain:
        lines, records = report_edits(plan, "-", text)
        (err if explain_to_stderr else out).extend(lines)
    if plan.diff and (fixed != text or source is not None):
        out.extend(diff_header("-", source))
        out.extend(diff_hunks(text, fixed))
    if plan.list_changed and changed:
        out.append(_changed_line(plan, "-", source))
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
            return Outcome(0, "-", status, "", "", len(data), records=records)
    return Outcome(0, "-", status, "".join(out), "".join(err), len(data), records=records)


class OutputFailed(Exception):
    """Writing to standard output failed (``exc``: the OSError); not an
    OSError itself, so that no handler of a file's errors takes it for one."""

    def __init__(self, exc: OSError):
        super().__init__(str(exc))
        self.exc = exc


def to_stdout(text: str) -> None:
    """Write a report line to standard output; :class:`OutputFailed` if it fails."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        raise OutputFailed(exc) from None


class StdinClosed(OSError):
    """Standard input is closed (``cleantext fix - <&-``)."""


def stdin_buffer():
    """``sys.stdin.buffer``, or :class:`StdinClosed` when there is no standard input."""
    stream = sys.stdin
    if stream is None or getattr(stream, "buffer", None) is None:
        raise StdinClosed(9, "standard input is closed")
    return stream.buffer


def read_stdin(size: int) -> bytes:
    """Up to ``size`` bytes of standard input; ``OSError`` if it cannot be read."""
    try:
        return stdin_buffer().read(size)
    except ValueError:  # closed file object
        raise StdinClosed(9, "standard input is closed") from None


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
            codec, skip, plain = sniff(head, plan.encoding)
            changed = not plain
            if plan.write:
                in_place = job.output is None
                output = _Output(
                    path if in_place else job.output, copy_from=path if in_place and plain else None
                )
            stats = _Stats(reencoding(codec, plain))
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
            _finish_diff(plan, path, stats, emit)
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
        emit(_changed_line(plan, path, stats.source))
    return Outcome(
        job.index,
        path,
        "fixed" if changed else "unchanged",
        "".join(out),
        "",
        size,
        records=stats.records,
    )


def _abort(output: _Output | None) -> None:
    if output is not None:
        output.abort()


class _Stats:
    __slots__ = ("chars_in", "header", "lines_in", "lines_out", "records", "source")

    def __init__(self, source: str | None = None) -> None:
        self.lines_in = 0
        self.lines_out = 0
        self.chars_in = 0
        self.header = False
        self.source = source  # the encoding re-encoded from, if any
        self.records: list[dict] = []


def _finish_diff(plan: Plan, path: str, stats: _Stats, emit) -> None:
    # A re-encoded file gets its diff header even when no text changed.
    if plan.diff and not stats.header and stats.source is not None:
        stats.header = True
        for line in diff_header(path, stats.source):
            emit(line)


def _report_chunk(
    plan, path: str, chunk: str, fixed: str, stats: _Stats, emit_explain, emit_diff
) -> None:
    if plan.explain and fixed != chunk:
        # A chunk's final line breaks are an edge only when cleaned alone: if
        # the whole keeps them, edits there are not real.
        body = len(chunk.rstrip("\n"))
        end = body if fixed.endswith(chunk[body:]) else None
        lines, records = report_edits(plan, path, chunk, stats.lines_in, end, stats.chars_in)
        for line in lines:
            emit_explain(line)
        stats.records.extend(records)
    if plan.diff and fixed != chunk:
        if not stats.header:
            stats.header = True
            for line in diff_header(path, stats.source):
                emit_diff(line)
        for line in diff_hunks(chunk, fixed, stats.lines_in, stats.lines_out):
            emit_diff(line)
    if plan.diff or plan.explain:
        stats.lines_in += chunk.count("\n")
        stats.lines_out += fixed.count("\n")
        stats.chars_in += len(chunk)


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
        codec, skip, plain = sniff(head, plan.encoding)
        changed = not plain
        stats = _Stats(reencoding(codec, plain))
        pieces = iter_decoded(stdin_buffer(), head, codec, skip)
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
        _finish_diff(plan, "-", stats, to_stdout)
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
    text = _changed_line(plan, "-", stats.source) if plan.list_changed and changed else ""
    return Outcome(0, "-", "fixed" if changed else "unchanged", text, "", records=stats.records)


# --------------------------------------------------------------------------
# Outputs and the summary of a run


def plan_outputs(args_paths: Sequence[str], inputs: list[Input], output: str | None):
    """Map each input to its output path (``None``: in place / stdout)."""
    if output is None:
        return [None] * len(inputs)
    single = len(args_paths) == 1 and (args_paths[0] == "-" or not os.path.isdir(args_paths[0]))
    if single:
        target = output
        # An existing folder, or a name ending in a slash, is a folder.
        if os.path.isdir(output) or output.endswith(("/", os.sep)):
            if args_paths[0] == "-":
                raise UsageError(f"-o {output}: is a directory (stdin needs a file name)")
            target = os.path.join(output, os.path.basename(args_paths[0].rstrip("/" + os.sep)))
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
    #: ``--output-format json``: every outcome's edit records, in order.
    records: list | None = None

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.nbytes += outcome.nbytes
        if self.records is not None:
            self.records.extend(outcome.records)


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
