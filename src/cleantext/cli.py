"""The ``cleantext`` command line (black and ruff are the conventions followed).

``cleantext fix PATH...`` rewrites files in place (atomically; a file that
needs no change is not touched), ``--check`` and ``--diff`` only report,
``-o`` writes elsewhere, ``-`` is standard input/output.  Exit codes:
0 all good, 1 ``--check`` found files to fix, 2 an input failed or the
command line / configuration is wrong, 130 interrupted (128 + the
signal: 143 for SIGTERM, 129 for SIGHUP; see :mod:`cleantext.signals`).

User errors are one line on stderr (``cleantext: error: PATH: reason``),
never a traceback; one bad input does not stop the others, and a file that
could not be read or decoded is never rewritten.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import io
import os
import sys
from collections.abc import Sequence

from . import __version__, implementation
from .config import Config, ConfigError
from .files import (
    DEFAULT_INCLUDE,
    Input,
    NotTextError,
    check_encoding,
    decode,
    describe_oserror,
    iter_inputs,
)
from .jobs import (
    PROG,
    Job,
    Outcome,
    OutputFailed,
    Plan,
    Tally,
    UsageError,
    count_files,
    error_line,
    plan_outputs,
    process_large_file,
    process_stdin,
    read_stdin,
    records_json,
    summary_line,
    to_stdout,
)
from .jsonl import run_jsonl
from .parallel import (
    Progress,
    chunk_mapper,
    chunk_pool,
    default_jobs,
    make_pool,
    run_jobs,
)
from .pipeline import Cleaner, all_rules, rules_for
from .rules.convert import script_verdict
from .serve import add_serve_parser, run_serve
from .signals import exit_status, stop_message, stop_on_signals
from .settings import Settings, discover, load

RULES_HELP = "comma-separated rule names (repeatable); see `cleantext rules`"


def _common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin"
    )
    rules = parser.add_argument_group("rules")
    rules.add_argument(
        "--select", action="append", metavar="RULES", help="run only these rules; " + RULES_HELP
    )
    rules.add_argument(
        "--ignore", action="append", metavar="RULES", help="leave these rules out; " + RULES_HELP
    )
    rules.add_argument(
        "--convert",
        metavar="CONFIG",
        help="convert with this OpenCC configuration (s2t, t2s, s2tw, tw2s, s2hk, ...), "
        "or 'unify': only the stray characters of a text mostly in one script",
    )
    rules.add_argument(
        "--pangu",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="one space between Chinese and Latin letters or digits (default: none)",
    )
    rules.add_argument(
        "--dashes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="turn -- between Chinese characters into ——",
    )
    walk = parser.add_argument_group("files")
    walk.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help=f"files to take from directories (repeatable; default: {' '.join(DEFAULT_INCLUDE)})",
    )
    walk.add_argument(
        "--exclude",
        action="append",
        metavar="GLOB",
        help="files or directories to skip in directories (repeatable); a glob with / "
        "matches the path below the directory, one without / a name",
    )
    walk.add_argument(
        "--config",
        metavar="FILE",
        help="read [tool.cleantext] from FILE instead of the nearest pyproject.toml",
    )
    _encoding_argument(walk)
    parser.add_argument(
        "--output-format",
        choices=("text", "json", "github"),
        default=None,
        help="how --check and --explain report edits: text (default), json (an array, "
        "one object per edit) or github (workflow annotations)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no summary line, no progress bar"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: the number of CPUs)",
    )
    parser.add_argument(
        "--chunk-size",
        type=_positive_int,
        default=None,
        help=argparse.SUPPRESS,  # testing: stream files above this many bytes, in such chunks
    )


def _encoding_argument(group) -> None:
    group.add_argument(
        "--encoding",
        metavar="CODEC",
        help="the inputs' encoding (latin-1, euc-kr, shift_jis, ...); default: guessed only "
        "where certain (a BOM, UTF-8, or Chinese text in GB18030 or Big5), other files are "
        "refused",
    )


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Clean Chinese text from OCR and PDF extraction into UTF-8 text.",
        epilog="Exit status: 0 ok, 1 --check/explain found changes, 2 an input failed "
        "or a usage/configuration error, 130 interrupted.  Settings are read from "
        "[tool.cleantext] in the nearest pyproject.toml; command-line flags override them.",
    )
    core = "native core" if implementation() == "native" else "pure Python"
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__} ({core})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    fix = sub.add_parser(
        "fix",
        help="clean files in place (or to -o, or stdin to stdout)",
        description="Clean text files in place, atomically; a file that needs no change is "
        "not touched.  Directories are walked for *.txt and *.md.  '-' reads stdin and "
        "writes stdout.  Output is always UTF-8 with \\n line endings.",
    )
    _common_arguments(fix)
    modes = fix.add_argument_group("modes")
    modes.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list files that would change; exit 1 if any",
    )
    modes.add_argument("--diff", action="store_true", help="write nothing; print a unified diff")
    modes.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write here instead of in place: a file for one input file, a folder "
        "mirroring the tree for several inputs or a directory",
    )
    modes.add_argument(
        "--explain",
        action="store_true",
        help="print every edit as PATH:LINE:COL: RULE: 'before' → 'after' (still fixes; "
        "for stdin the edits go to stderr)",
    )
    jsonl = fix.add_argument_group("JSONL corpora")
    jsonl.add_argument(
        "--jsonl",
        action="store_true",
        help="inputs are JSON Lines (.jsonl, .jsonl.gz, .jsonl.zst): clean one field per record",
    )
    jsonl.add_argument("--field", default="text", help="the field to clean (default: text)")
    jsonl.add_argument(
        "--skip-bad",
        action="store_true",
        help="bad lines (invalid JSON, missing or non-string field) are kept unchanged "
        "and reported, but do not make the exit status 2",
    )

    exp = sub.add_parser(
        "explain",
        help="print the edits fix would make, write nothing (= fix --explain without writing)",
        description="Print every edit fix would make, one per line, like a linter: "
        "PATH:LINE:COL: RULE: 'before' → 'after'.  Writes nothing; exit 1 if there is any edit.",
    )
    _common_arguments(exp)

    sub.add_parser(
        "rules",
        help="list every rule: name, family, default or opt-in, summary",
        description="List every rule in pipeline order.",
    )

    script = sub.add_parser(
        "script",
        help="report text that mixes simplified and traditional characters",
        description="Report, per file, whether the text mixes simplified and traditional "
        "Chinese, the stray characters and the OpenCC conversion that would unify it.",
    )
    script.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or -")
    script.add_argument("--include", action="append", metavar="GLOB", help="as for fix")
    script.add_argument("--exclude", action="append", metavar="GLOB", help="as for fix")
    script.add_argument("--config", metavar="FILE", help=argparse.SUPPRESS)
    _encoding_argument(script)
    script.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    add_serve_parser(sub)
    return parser


def _split_names(values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    names: list[str] = []
    for value in values:
        names.extend(n.strip() for n in value.replace(",", " ").split() if n.strip())
    return tuple(names)


def _settings(args) -> Settings:
    if getattr(args, "config", None):
        return load(args.config)
    return discover()


def _encoding(args, settings: Settings) -> str | None:
    """``--encoding`` over ``[tool.cleantext] encoding``, checked (``None``: guess)."""
    name = getattr(args, "encoding", None)
    where = "--encoding"
    if name is None:
        name, where = settings.encoding, f"{settings.path}: encoding"
    if name is None:
        return None
    try:
        return check_encoding(name)
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _unique(inputs: list[Input]) -> list[Input]:
    """Inputs without repeats: a file named twice, or by a link, is one input."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for item in inputs:
        if item.error is None and item.path != "-":
            try:
                st = os.stat(item.path)
            except OSError:
                st = None
            if st is not None:
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    continue
                seen.add(key)
        kept.append(item)
    return kept


def build_config(args, settings: Settings) -> Config:
    """CLI flags over ``[tool.cleantext]`` over the defaults; validates names."""
    select = _split_names(args.select)
    ignore = _split_names(args.ignore)
    config = Config(
        select=select if select is not None else settings.select,
        ignore=(ignore if ignore is not None else settings.ignore) or (),
        convert=args.convert if args.convert is not None else settings.convert,
        pangu=args.pangu if args.pangu is not None else bool(settings.pangu),
        dashes=args.dashes if args.dashes is not None else bool(settings.dashes),
    )
    rules_for(config)  # unknown rule names -> ConfigError
    return config


def _check_cleaner(cleaner: Cleaner) -> None:
    try:
        cleaner.clean("近日， 市统计局 2018 年 test。")
    except Exception as exc:  # noqa: BLE001  (a bad OpenCC configuration, for instance)
        raise ConfigError(f"invalid configuration: {exc}") from None


def run_fix(args, *, explain_only: bool = False) -> int:
    settings = _settings(args)
    config = build_config(args, settings)
    cleaner = Cleaner(config)
    _check_cleaner(cleaner)
    check = getattr(args, "check", False)
    diff = getattr(args, "diff", False)
    output = getattr(args, "output", None)
    output_format = args.output_format or "text"
    if explain_only:
        write, explain_flag = False, True
    else:
        write, explain_flag = not (check or diff), args.explain
        if output is not None and not write:
            raise UsageError("-o/--output cannot be combined with --check or --diff")
        if output_format != "text":
            if not (check or explain_flag):
                raise UsageError("--output-format applies to --check and --explain")
            if diff:
                raise UsageError(f"--output-format {output_format} cannot be combined with --diff")
            explain_flag = True  # the edits are the report
    if getattr(args, "jsonl", False):
        if args.encoding is not None:
            raise UsageError("--encoding is not available with --jsonl (JSON Lines are UTF-8)")
        if output_format != "text":
            raise UsageError("--output-format is not available with --jsonl")
        return run_jsonl(args, cleaner)
    encoding = _encoding(args, settings)
    include = tuple(args.include) if args.include else (settings.include or ())
    exclude = tuple(args.exclude or ()) or (settings.exclude or ())
    inputs = list(
        iter_inputs(
            args.paths,
            include=include or DEFAULT_INCLUDE,
            exclude=exclude,
            skip=[output] if output else [],
        )
    )
    if sum(1 for item in inputs if item.path == "-") > 1:
        raise UsageError("'-' (standard input) given more than once")
    if output is None:
        inputs = _unique(inputs)
    outputs = plan_outputs(args.paths, inputs, output)
    plan = Plan(
        cleaner=cleaner,
        write=write,
        check=check,
        diff=diff,
        explain=explain_flag,
        list_changed=check,
        encoding=encoding,
        output_format=output_format,
        **_chunk_options(args),
    )
    jobs = [Job(k, item.path, outputs[k], item.error) for k, item in enumerate(inputs)]
    tally = Tally(records=[] if output_format == "json" else None)
    stdin_jobs = [job for job in jobs if job.path == "-" and job.error is None]
    file_jobs = [job for job in jobs if not (job.path == "-" and job.error is None)]
    workers = args.jobs or default_jobs()
    bar = None
    if not args.quiet and len(file_jobs) > 1 and sys.stderr.isatty():
        bar = Progress(len(file_jobs), sum(_size(job.path) for job in file_jobs))
    try:
        # Files first, in input order; standard input last (it owns stdout).
        big = _single_large_file(file_jobs, plan)
        if big is not None and workers > 1:
            with make_pool(plan, workers) as pool:
                outcome = process_large_file(
                    big,
                    plan,
                    _size(big.path),
                    mapper=chunk_mapper(pool, workers),
                    emit=to_stdout,
                )
            _report(outcome, tally)
        else:
            for outcome in run_jobs(file_jobs, plan, workers=workers, progress=bar):
                _report(outcome, tally, bar)
        for job in stdin_jobs:
            to_stderr = write and job.output is None
            pool = functools.partial(chunk_pool, plan, workers) if workers > 1 else None
            _report(process_stdin(plan, job.output, to_stderr, pool), tally)
    finally:
        if bar is not None:
            bar.close()
    if tally.records is not None:
        # Standard input written to stdout: the report goes to stderr.
        stream = sys.stderr if write and any(j.output is None for j in stdin_jobs) else sys.stdout
        stream.write(records_json(tally.records))
        stream.flush()
    stdin_only = bool(stdin_jobs) and not file_jobs
    if not args.quiet and not stdin_only:  # standard input alone: its one line says it
        sys.stderr.write(summary_line(tally, wrote=write) + "\n")
    if tally.failed:
        return 2
    if (check or explain_only) and tally.fixed:
        return 1
    return 0


def _chunk_options(args) -> dict:
    size = getattr(args, "chunk_size", None)
    if size is None:
        return {}
    return {"stream_threshold": size, "chunk_size": max(1, size // 2)}


def _report(outcome: Outcome, tally: Tally, bar: Progress | None = None) -> None:
    tally.add(outcome)
    if not (outcome.stdout or outcome.stderr):
        return
    if bar is not None:
        bar.clear()
    if outcome.stdout:
        sys.stdout.write(outcome.stdout)
        sys.stdout.flush()
    if outcome.stderr:
        sys.stderr.write(outcome.stderr)
        sys.stderr.flush()
    if bar is not None:
        bar.draw()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _single_large_file(jobs: list[Job], plan: Plan) -> Job | None:
    """The one input, if there is one and it is large enough to stream."""
    if len(jobs) != 1 or jobs[0].error is not None:
        return None
    return jobs[0] if _size(jobs[0].path) > plan.stream_threshold else None


def run_rules(args) -> int:
    rules = all_rules()
    width = max((len(r.name) for r in rules), default=4)
    fam = max((len(r.family) for r in rules), default=6)
    lines = [f"{'rule':<{width}}  {'family':<{fam}}  {'runs':<8}  summary"]
    for r in rules:
        runs = "required" if r.required else ("default" if r.default else "opt-in")
        lines.append(f"{r.name:<{width}}  {r.family:<{fam}}  {runs:<8}  {r.summary}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run_script(args) -> int:
    settings = _settings(args)
    include = tuple(args.include) if args.include else (settings.include or DEFAULT_INCLUDE)
    exclude = tuple(args.exclude or ()) or (settings.exclude or ())
    encoding = _encoding(args, settings)
    tally = Tally()
    for item in _unique(list(iter_inputs(args.paths, include=include, exclude=exclude))):
        if item.error is not None:
            _report(
                Outcome(0, item.path, "failed", stderr=error_line(item.path, item.error)), tally
            )
            continue
        try:
            if item.path == "-":
                data = read_stdin(-1)
            else:
                with open(item.path, "rb") as handle:
                    data = handle.read()
            text = decode(data, encoding).text
        except OSError as exc:
            _report(
                Outcome(
                    0, item.path, "failed", stderr=error_line(item.path, describe_oserror(exc))
                ),
                tally,
            )
            continue
        except NotTextError as exc:
            _report(Outcome(0, item.path, "failed", stderr=error_line(item.path, str(exc))), tally)
            continue
        found = script_verdict(text)
        if found is None:
            _report(Outcome(0, item.path, "unchanged"), tally)
            continue
        line = f"{item.path}: {found}\n"
        _report(Outcome(0, item.path, "fixed", stdout=line), tally)
    if not args.quiet and args.paths != ["-"]:
        parts = []
        if tally.fixed:
            parts.append(
                count_files(tally.fixed, "file mixes scripts").replace("files mixes", "files mix")
            )
        if tally.unchanged:
            parts.append(
                count_files(tally.unchanged, "file is consistent").replace("files is", "files are")
            )
        if tally.failed:
            parts.append(count_files(tally.failed, "file failed"))
        sys.stderr.write((", ".join(parts) or "No text files found") + ".\n")
    if tally.failed:
        return 2
    return 1 if tally.fixed else 0


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "fix":
            return run_fix(args)
        if args.command == "explain":
            return run_fix(args, explain_only=True)
        if args.command == "rules":
            return run_rules(args)
        if args.command == "script":
            return run_script(args)
        if args.command == "serve":
            return run_serve(args)
    except (ConfigError, UsageError) as exc:
        sys.stdout.flush()
        sys.stderr.write(f"{PROG}: error: {exc}\n")
        return 2
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover
    return 2  # pragma: no cover


class _ClosedOutput(io.TextIOBase):
    """Standard output when it is closed (``cleantext fix - >&-``): writes
    fail as writes to a closed descriptor do, and are reported as such."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    @property
    def buffer(self):  # the binary side fails the same way
        return self


def _closed_streams() -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)


def _utf8_streams() -> None:
    # Messages quote the text, so pipes get UTF-8 whatever the locale says;
    # a terminal keeps its encoding and gets escapes for what it cannot show.
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding == "utf8" or not hasattr(stream, "reconfigure"):
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="backslashreplace")
            else:
                stream.reconfigure(encoding="utf-8")
        except (OSError, ValueError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cleantext`` console script."""
    _closed_streams()
    _utf8_streams()
    try:
        with stop_on_signals():  # SIGTERM and SIGHUP end a run as Ctrl-C does
            return _main(argv)
    except KeyboardInterrupt as exc:  # signals.Stopped is one
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(stop_message(PROG, exc, sys.stderr))
        return exit_status(exc)
    except OutputFailed as exc:
        return _output_failed(exc.exc)
    except OSError as exc:
        return _output_failed(exc)


def _output_failed(exc: OSError) -> int:
    if isinstance(exc, BrokenPipeError):
        # The reader went away (``cleantext fix - | head``): stop quietly,
        # with the status of a filter that SIGPIPE ended (128 + 13).
        _drop_stdout()
        return 128 + 13
    # Writing the output failed (a full disk, an I/O error): one line.
    # Reads and writes of named files report their own errors.
    _drop_stdout()
    where = exc.filename if exc.filename is not None else "standard output"
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"{PROG}: error: {where}: cannot write: {describe_oserror(exc)}\n")
    return 2


def _drop_stdout() -> None:
    # Output still buffered would fail again when Python flushes it at exit
    # ("Exception ignored ..."): point standard output at /dev/null.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
