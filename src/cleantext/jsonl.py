"""JSON Lines corpora: clean one string field of every record, as a stream.

``cleantext fix --jsonl --field text IN.jsonl -o OUT.jsonl`` (or in place)
reads records one line at a time, cleans ``record[field]``, and writes every
record back in the same order:

* a record whose field needs no change is written back byte for byte;
* a changed record gets the new value spliced into its line in place of the
  old one (``json.dumps(ensure_ascii=False)`` of the string): every other
  byte of the line, every other field as it was written (``1.0e5``,
  ``"\u00fc"``, spacing, key order), stays as it was;
* a bad line (invalid JSON, not an object, missing field, non-string field,
  not UTF-8) is written back unchanged, reported on stderr with its line
  number, counted, and makes the exit status 2 unless ``--skip-bad``;
* blank lines are kept and not reported.

``.gz`` and ``.zst`` inputs are recognised by their magic bytes and read
compressed; outputs are compressed by the same rule (in place) or by the
``-o`` file name's suffix.  zstd needs the ``zstandard`` package
(``pip install 'cleantext[zstd]'``).  With ``-j N`` batches of lines are
cleaned in N worker processes, with a bounded number of batches in flight.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from . import parallel
from .config import ConfigError
from .files import AtomicWriter, Input, describe_oserror
from .jobs import OutputFailed, Plan, UsageError, plan_outputs, stdin_buffer, to_stdout
from .parallel import default_jobs, make_pool, ordered_map
from .pipeline import Cleaner

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
#: Lines per batch handed to a worker, and the byte budget of a batch.
BATCH_LINES = 2000
BATCH_BYTES = 1 << 20


class UsageProblem(ConfigError):
    """A JSONL option problem (reported like a configuration error, exit 2)."""


def _zstandard():
    try:
        import zstandard  # optional (the zstd extra), so imported only for .zst files
    except ImportError:
        raise UsageProblem(
            "reading or writing .zst needs the zstandard package: " "pip install 'cleantext[zstd]'"
        ) from None
    return zstandard


def compression_for_name(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        return "gzip"
    if lower.endswith(".zst"):
        return "zstd"
    return None


def open_input(handle: IO[bytes]) -> tuple[IO[bytes], str | None]:
    """Wrap a binary stream in a decompressor chosen by its magic bytes."""
    buffered = handle if isinstance(handle, io.BufferedReader) else io.BufferedReader(handle)
    magic = buffered.peek(4)[:4]
    if magic.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=buffered, mode="rb"), "gzip"  # type: ignore[return-value]
    if magic.startswith(ZSTD_MAGIC):
        reader = _zstandard().ZstdDecompressor().stream_reader(buffered, read_across_frames=True)
        return io.BufferedReader(reader), "zstd"  # type: ignore[arg-type]
    return buffered, None


class _Sink:
    """Where output bytes go: optionally compressed, into ``raw``."""

    def __init__(self, raw, compression: str | None):
        self.raw = raw
        self.compression = compression
        if compression == "gzip":
            self.stream = gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0)
        elif compression == "zstd":
            self.stream = _zstandard().ZstdCompressor().stream_writer(raw, closefd=False)
        else:
            self.stream = raw

    def write(self, data: bytes) -> None:
        self.stream.write(data)

    def finish(self) -> None:
        if self.stream is not self.raw:
            self.stream.close()


# --------------------------------------------------------------------------
# Records


@dataclass
class BatchResult:
    lines: list[bytes]
    bad: list[tuple[int, str]] = field(default_factory=list)
    changed: int = 0
    unchanged: int = 0


def _split_eol(line: bytes) -> tuple[bytes, bytes]:
    if line.endswith(b"\r\n"):
        return line[:-2], b"\r\n"
    if line.endswith(b"\n"):
        return line[:-1], b"\n"
    return line, b""


def clean_record_line(line: bytes, field_name: str, cleaner: Cleaner) -> tuple[bytes, str | None]:
    """Clean one JSONL line; return ``(output line, problem or None)``.

    An unchanged record comes back as the very same bytes; a bad line comes
    back unchanged with the problem named.  ``problem == ""`` marks a
    changed record.

    >>> from cleantext import Cleaner
    >>> clean_record_line('{"id": 1, "text": "近日， 市统计局"}\\n'.encode(), "text", Cleaner())
    (b'{"id": 1, "text": "\\xe8\\xbf\\x91\\xe6\\x97\\xa5\\xef\\xbc\\x8c\\xe5\\xb8\\x82\\xe7\\xbb\\x9f\\xe8\\xae\\xa1\\xe5\\xb1\\x80"}\\n', '')
    >>> clean_record_line(b'{"id": 2}\\n', "text", Cleaner())
    (b'{"id": 2}\\n', "missing field 'text'")
    """
    body, eol = _split_eol(line)
    if not body.strip():
        return line, None
    try:
        text = body.decode("utf-8")
        record = json.loads(text)
    except UnicodeDecodeError:
        return line, "not UTF-8"
    except ValueError as exc:
        message = getattr(exc, "msg", None) or str(exc)
        column = getattr(exc, "colno", None)
        where = f" at column {column}" if column else ""
        return line, f"invalid JSON ({message}{where})"
    if not isinstance(record, dict):
        return line, f"not a JSON object ({type(record).__name__})"
    if field_name not in record:
        return line, f"missing field {field_name!r}"
    value = record[field_name]
    if not isinstance(value, str):
        kind = "null" if value is None else type(value).__name__
        return line, f"field {field_name!r} is not a string ({kind})"
    fixed = cleaner.clean(value)
    if fixed == value:
        return line, None
    start, end = value_span(text, field_name)
    new = text[:start] + json.dumps(fixed, ensure_ascii=False) + text[end:]
    return new.encode("utf-8") + (eol or b""), ""


_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


def value_span(text: str, key: str) -> tuple[int, int]:
    """Where the value of ``key`` is written in the JSON object ``text``.

    The last one if the key is repeated (the one ``json.loads`` keeps).
    ``text`` must be a valid JSON object that has the key.

    >>> value_span('{"id": 1.0e5, "text" : "ab"}', "text")
    (23, 27)
    """
    scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
    found: tuple[int, int] | None = None
    k = text.index("{") + 1
    while True:
        while text[k] in _SPACE:
            k += 1
        if text[k] == "}":
            break
        if text[k] == ",":
            k += 1
            continue
        name, k = scanstring(text, k + 1)
        k = text.index(":", k) + 1
        while text[k] in _SPACE:
            k += 1
        _, end = _DECODER.raw_decode(text, k)
        if name == key:
            found = (k, end)
        k = end
    if found is None:  # pragma: no cover - the caller found the key
        raise KeyError(key)
    return found


def clean_batch(batch: tuple[str, int, list[bytes]], cleaner: Cleaner | None = None) -> BatchResult:
    """Clean ``(field, first line number, lines)``; used by workers too."""
    field_name, first, lines = batch
    if cleaner is None:
        assert parallel._PLAN is not None
        cleaner = parallel._PLAN.cleaner
    result = BatchResult(lines=[])
    for k, line in enumerate(lines):
        out, problem = clean_record_line(line, field_name, cleaner)
        result.lines.append(out)
        if problem is None:
            if line.strip():
                result.unchanged += 1
        elif problem == "":
            result.changed += 1
        else:
            result.bad.append((first + k, problem))
    return result


def _worker_batch(batch: tuple[str, int, list[bytes]]) -> BatchResult:
    return clean_batch(batch)


def iter_batches(lines: Iterable[bytes], field_name: str) -> Iterator[tuple[str, int, list[bytes]]]:
    batch: list[bytes] = []
    size = 0
    first = 1
    lineno = 0
    for line in lines:
        lineno += 1
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]  # a BOM is not part of the first record
        batch.append(line)
        size += len(line)
        if len(batch) >= BATCH_LINES or size >= BATCH_BYTES:
            yield field_name, first, batch
            first = lineno + 1
            batch, size = [], 0
    if batch:
        yield field_name, first, batch


# --------------------------------------------------------------------------
# Files


@dataclass
class FileReport:
    path: str
    status: str = "unchanged"  # "fixed", "unchanged", "failed"
    changed: int = 0
    unchanged: int = 0
    bad: int = 0


def process_jsonl(
    path: str,
    output: str | None,
    field_name: str,
    cleaner: Cleaner,
    *,
    write: bool,
    check: bool,
    diff: bool,
    skip_bad: bool,
    mapper=None,
) -> FileReport:
    """Clean one JSONL file (``-``: stdin to stdout); report on stderr."""
    report = FileReport(path)
    label = "warning" if skip_bad else "error"
    stdin = path == "-"
    try:
        raw_in = stdin_buffer() if stdin else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        sys.stderr.write(f"cleantext: error: {path}: {describe_oserror(exc)}\n")
        report.status = "failed"
        return report
    writer: AtomicWriter | None = None
    sink: _Sink | None = None
    try:
        reader, compression = open_input(raw_in)
        if write:
            if stdin and output is None:
                sink = _Sink(sys.stdout.buffer, None)
            else:
                target = output if output is not None else path
                out_compression = (
                    compression_for_name(target) if output is not None else compression
                )
                try:
                    writer = AtomicWriter(target)
                except OSError as exc:
                    raise _WriteFailed(target, exc) from None
                sink = _Sink(writer, out_compression)
        batches = iter_batches(reader, field_name)
        results = (
            mapper(batches)
            if mapper is not None
            else ((b, clean_batch(b, cleaner)) for b in batches)
        )
        for (_, first, lines), result in results:
            report.changed += result.changed
            report.unchanged += result.unchanged
            report.bad += len(result.bad)
            for lineno, problem in result.bad:
                sys.stdout.flush()
                sys.stderr.write(f"cleantext: {label}: {path}:{lineno}: {problem}\n")
            if diff and result.changed:
                _diff_batch(path, first, lines, result.lines)
            if sink is not None:
                try:
                    for line in result.lines:
                        sink.write(line)
                except BrokenPipeError as exc:  # the reader of stdout went away
                    raise OutputFailed(exc) from None
                except OSError as exc:
                    raise _WriteFailed(output or path, exc) from None
            elif check and result.changed and not diff:
                break
        if sink is not None:
            try:
                sink.finish()
                if writer is not None:
                    if report.changed or output is not None:
                        writer.commit()
                    else:
                        writer.abort()  # nothing changed: leave the file untouched
                    writer = None
            except OSError as exc:
                raise _WriteFailed(output or path, exc) from None
    except _WriteFailed as exc:
        sys.stderr.write(
            f"cleantext: error: {exc.target}: cannot write: {describe_oserror(exc.exc)}\n"
        )
        report.status = "failed"
        return report
    except (OSError, EOFError, ValueError) as exc:  # a truncated or corrupt archive
        reason = describe_oserror(exc) if isinstance(exc, OSError) else str(exc)
        sys.stderr.write(f"cleantext: error: {path}: cannot read: {reason}\n")
        report.status = "failed"
        return report
    except Exception as exc:
        if type(exc).__name__ != "ZstdError":
            raise
        sys.stderr.write(f"cleantext: error: {path}: cannot read: {exc}\n")
        report.status = "failed"
        return report
    finally:
        if writer is not None:
            writer.abort()
        if not stdin:
            raw_in.close()
    if report.changed:
        report.status = "fixed"
        if check:
            to_stdout(f"would fix {path}\n")
    return report


class _WriteFailed(Exception):
    def __init__(self, target: str, exc: OSError):
        super().__init__(str(exc))
        self.target = target
        self.exc = exc


def _diff_batch(path: str, first: int, before: list[bytes], after: list[bytes]) -> None:
    for k, (a, b) in enumerate(zip(before, after)):
        if a is b or a == b:
            continue
        lineno = first + k
        old = a.decode("utf-8", "replace").rstrip("\r\n")
        new = b.decode("utf-8", "replace").rstrip("\r\n")
        to_stdout(
            f"--- {path}:{lineno}\n+++ {path}:{lineno}\n@@ -{lineno} +{lineno} @@\n"
            f"-{old}\n+{new}\n"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run_jsonl(args, cleaner: Cleaner) -> int:
    """``cleantext fix --jsonl``: every input is a JSONL file (or ``-``)."""
    if args.explain:
        raise UsageError("--explain is not available with --jsonl (use --diff)")
    check, diff = args.check, args.diff
    write = not (check or diff)
    inputs = [Input(p, os.path.basename(p), p) for p in args.paths]
    outputs = plan_outputs(args.paths, inputs, args.output)
    workers = args.jobs or default_jobs()
    reports: list[FileReport] = []

    def run(mapper=None) -> None:
        for item, output in zip(inputs, outputs):
            if item.path != "-" and os.path.isdir(item.path):
                sys.stderr.write(f"cleantext: error: {item.path}: is a directory (--jsonl)\n")
                reports.append(FileReport(item.path, status="failed"))
                continue
            reports.append(
                process_jsonl(
                    item.path,
                    output,
                    args.field,
                    cleaner,
                    write=write,
                    check=check,
                    diff=diff,
                    skip_bad=args.skip_bad,
                    mapper=mapper,
                )
            )

    if workers > 1:
        with make_pool(Plan(cleaner=cleaner), workers) as pool:
            run(lambda batches: ordered_map(pool, _worker_batch, batches, in_flight=2 * workers))
    else:
        run()
    changed = sum(r.changed for r in reports)
    unchanged = sum(r.unchanged for r in reports)
    bad = sum(r.bad for r in reports)
    failed = sum(1 for r in reports if r.status == "failed")
    # Standard input alone: nothing to sum up, unless bad lines were kept.
    if not args.quiet and not (args.paths == ["-"] and (failed or not bad)):
        verb = "fixed" if write else "would be fixed"
        parts = [f"{_count(changed, 'record')} {verb}", f"{unchanged} left unchanged"]
        if bad:
            parts.append(_count(bad, "bad line"))
        if failed:
            parts.append(_count(failed, "file") + " failed")
        sys.stderr.write(", ".join(parts) + ".\n")
    if failed or (bad and not args.skip_bad):
        return 2
    if check and changed:
        return 1
    return 0
