"""Which implementation of the rules runs: the native core or pure Python.

Every rule exists in Python (:mod:`cleantext.rules`, the readable reference)
and most also in Rust (the extension module ``cleantext._native``, built from
``native/`` when a Rust toolchain is there at install time).  The two give
byte-identical output; the tests hold them to it (``tests/test_native.py``).
The native core is used when it was built, unless the environment says
otherwise::

    CLEANTEXT_IMPLEMENTATION=python   # always the Python rules
    CLEANTEXT_IMPLEMENTATION=native   # the native core, or an ImportError
    CLEANTEXT_IMPLEMENTATION=auto     # the default: native where built

The Rust rules decide from the same data as the Python ones: word lists and
conversion tables are loaded by the Python rule modules' own loaders and
handed over once per process, the first time a native rule needs them
(:data:`TABLES`).  A table built once is kept in the user's cache directory
(``CLEANTEXT_CACHE_DIR``; empty: no cache) for the next process.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .rules import linewrap, ocr_repeat, spacing

#: The environment variable that chooses the implementation.
ENVIRONMENT_VARIABLE = "CLEANTEXT_IMPLEMENTATION"
_CHOICES = ("auto", "native", "python")


def _load_core():
    choice = os.environ.get(ENVIRONMENT_VARIABLE, "auto").strip().lower() or "auto"
    if choice not in _CHOICES:
        raise ImportError(
            f"{ENVIRONMENT_VARIABLE}={choice!r}: expected one of {', '.join(_CHOICES)}"
        )
    if choice == "python":
        return None
    try:
        # By name: lint-imports reads `from . import _native` as an import of
        # the package root (which imports the pipeline above this layer).
        _native = importlib.import_module(f"{__package__}._native")
    except ImportError as exc:
        if choice == "native":
            raise ImportError(
                f"{ENVIRONMENT_VARIABLE}=native, but the native core of cleantext is not "
                f"built ({exc}); reinstall with a Rust toolchain (cargo) on the PATH"
            ) from exc
        return None
    return _native


_core = _load_core()
#: The names of the rules the native core implements (empty without it).
NATIVE_RULES: frozenset[str] = frozenset(_core.rule_names()) if _core else frozenset()


def implementation() -> str:
    """``"native"`` when the Rust core runs the rules it has, else ``"python"``.

    >>> implementation() in ("native", "python")
    True
    """
    return "native" if _core is not None else "python"


def available() -> bool:
    """Whether the native core is in use."""
    return _core is not None


@contextlib.contextmanager
def python_only() -> Iterator[None]:
    """Run the pure-Python rules inside the ``with`` block (for the tests and
    benchmarks that compare the two implementations in one process)."""
    global _core
    saved = _core
    _core = None
    try:
        yield
    finally:
        _core = saved


def has(name: str) -> bool:
    """Whether the rule ``name`` runs natively now."""
    return _core is not None and name in NATIVE_RULES


# --------------------------------------------------------------------------
# Tables handed over to the native core


@functools.lru_cache(maxsize=1)
def _opencc_t2s_tables() -> tuple[dict[str, str], dict[str, str] | None]:
    """OpenCC's t2s conversion as two tables, for the native t2s of short
    strings: every Han character whose conversion differs, with it, and every
    key of OpenCC's TSPhrases dictionary with its conversion (listed by the
    ``opencc_dict`` tool the opencc wheel ships; ``None`` where it does not,
    and the native rules then leave what needs a conversion to Python)."""
    import subprocess  # only to list OpenCC's phrase dictionary, once
    import tempfile

    from .rules import doubling

    cc = doubling._t2s()
    chars = {}
    for block in ((0x3400, 0xA000), (0xF900, 0xFB00), (0x20000, 0x31350)):
        for cp in range(*block):
            c = chr(cp)
            v = cc.convert(c)
            if v != c:
                chars[c] = v
    import opencc  # heavy: the dictionaries ship inside its package

    base = Path(opencc.__file__).parent / "clib"
    tool, source = base / "bin" / "opencc_dict", base / "share" / "opencc" / "TSPhrases.ocd2"
    if not (tool.exists() and source.exists()):
        return chars, None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "TSPhrases.txt"
        env = dict(os.environ, LD_LIBRARY_PATH=str(base / "lib64"))
        done = subprocess.run(
            [str(tool), "-i", str(source), "-o", str(out), "-f", "ocd2", "-t", "text"],
            env=env, capture_output=True, check=False,
        )
        if done.returncode != 0 or not out.exists():
            return chars, None
        keys = [line.split("\t", 1)[0] for line in out.read_text(encoding="utf-8").splitlines() if line]
    return chars, {k: cc.convert(k) for k in keys}


def _opencc_table(part: int) -> Callable[[], tuple[str, dict] | None]:
    def load():
        table = _opencc_t2s_tables()[part]
        return None if table is None else ("map", table)

    return load


def _weights(load: Callable[[], dict]) -> Callable[[], tuple[str, dict]]:
    return lambda: ("weights", load())


def _set(load: Callable[[], Iterable[str]]) -> Callable[[], tuple[str, dict]]:
    return lambda: ("weights", dict.fromkeys(load(), 1.0))


#: The tables the native rules read, by name, and how each is made: by the
#: Python rule modules' own loaders, so that both implementations read the
#: same data.  The core asks for a table the first time a rule needs it.
TABLES: dict[str, Callable[[], tuple[str, dict] | None]] = {
    "linewrap.zh_words": _weights(lambda: linewrap.lines._zh_words()),
    "linewrap.en_words": _weights(lambda: linewrap.lines._en_words()),
    "spacing.words": _weights(lambda: spacing._words()),
    "spacing.t2s_changes": _set(lambda: spacing._t2s_changes()),
    "wordfreq_zh_large": _weights(lambda: ocr_repeat._words()),
    "ocr_repeat_reduplicating": _set(lambda: ocr_repeat._reduplicating()),
    "opencc_t2s_chars": _opencc_table(0),
    "opencc_t2s_phrases": _opencc_table(1),
}


#: Where tables are kept between processes (default: the user's cache
#: directory); set it to an empty string for no cache.
CACHE_VARIABLE = "CLEANTEXT_CACHE_DIR"


@functools.lru_cache(maxsize=1)
def _cache_dir() -> Path | None:
    """The folder of this installation's cached tables, or None.

    Building the tables from their sources (wordfreq's lists, OpenCC's
    dictionaries) takes most of a second: most of a short run, and time each
    ``-j`` run spends before its workers start.  A table is built once and
    kept as the bytes the core reads back in a fraction of that, under a key
    made of what the tables are built from: the version of the core and the
    size and time of the rule modules, their data and this module (the
    loaders' code and data) and of wordfreq's and OpenCC's modules, so that
    an upgrade or an edit of those builds them afresh.  (A wordfreq or OpenCC upgrade is seen by the time
    of its module's file.)
    """
    configured = os.environ.get(CACHE_VARIABLE)
    if configured is not None:
        if not configured.strip():
            return None
        base = Path(configured)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleantext"
    import importlib.util

    key = hashlib.sha256(f"{getattr(_core, '__version__', '')}\0".encode())
    package = Path(__file__).resolve().parent
    # What the tables are built from: the rules' loaders and data, this module
    # (an edit of the command line or the pool builds nothing again).
    sources = [package / "rules", package / "data"]
    files = [Path(__file__).resolve(), package / "chardata.py"]
    files += [p for d in sources for p in d.rglob("*") if p.suffix != ".pyc" and "__pycache__" not in p.parts]
    # The sources' own modules (not imported: finding them is enough), which
    # an upgrade rewrites.
    for dist in ("wordfreq", "opencc"):
        spec = importlib.util.find_spec(dist)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    for path in sorted(files):
        try:
            st = path.stat()
        except OSError:
            continue
        if path.is_file():
            key.update(f"{path}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    return base / f"tables-{key.hexdigest()[:16]}"


def _cached(name: str) -> bytes | None:
    folder = _cache_dir()
    if folder is None:
        return None
    try:
        return (folder / f"{name}.bin").read_bytes()
    except OSError:
        return None


def _keep(name: str, data: bytes) -> None:
    """Write ``data`` to the cache (whole or not at all; errors ignored: a
    cache that cannot be written only means building the table next time)."""
    folder = _cache_dir()
    if folder is None:
        return
    target = folder / f"{name}.bin"
    temporary = folder / f".{name}.{os.getpid()}.tmp"
    try:
        if not folder.exists():
            folder.mkdir(parents=True, exist_ok=True)
            _prune(folder)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


#: How many sets of tables (other installations, earlier versions) the cache keeps.
CACHE_KEEP = 4


def _prune(current: Path) -> None:
    """Remove all but the :data:`CACHE_KEEP` most recent sets of tables: each
    upgrade or edit of the package starts a new one (about 26 MB)."""
    import shutil

    try:
        sets = [p for p in current.parent.iterdir() if p.name.startswith("tables-") and p != current]
        sets.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in sets[CACHE_KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _load_table(name: str):
    """The table ``name`` for the core, or None once the core holds it.

    From the cache where it has a whole copy, else built by its loader and
    kept there, and handed to the core as bytes (the core decodes bytes it has
    decoded under another name only once: the rules that read the same word
    list share it).
    """
    load = TABLES.get(name)
    if load is None:
        return None
    if _core is None:
        return load()
    data = _cached(name)
    if data is not None and _core.set_table_bytes(name, data):
        return None
    table = load()
    if table is None:
        return None
    data = bytes(_core.encode_table(*table))
    _keep(name, data)
    return None if _core.set_table_bytes(name, data) else table


if _core is not None:
    _core.set_loader(_load_table)


def preload(names: Iterable[str] | None = None) -> None:
    """Hand the core the tables ``names`` (default: all of :data:`TABLES`)
    now rather than on first need: call it before forking worker processes,
    which then share the loaded tables instead of each loading its own
    (about 0.2 s of CPU from the cache, 1 s without it, for all of them)."""
    if _core is None:
        return
    loaded = set(_core.loaded_tables())
    for name in TABLES if names is None else names:
        if name in loaded:
            continue
        table = _load_table(name)
        if table is None:
            continue
        kind, data = table
        if kind == "weights":
            _core.set_weights(name, data)
        elif kind == "map":
            _core.set_map(name, data)


def run(text: str, rules, config) -> str:
    """``text`` after the native ``rules`` (a sequence of :class:`Rule`), in
    order, in as few calls into the core as possible.

    A native rule may leave an input to the Python reference (a case its port
    does not implement): that step then runs in Python and the rest
    natively (in the same call when no rule has changed the text yet).  Text with lone surrogates cannot cross into Rust; the Python
    rule runs on it until ``normalize`` has removed them.
    """
    names = [r.name for r in rules]
    done = 0
    while done < len(rules):
        base = done
        try:
            # fallback: the core runs a Python rule itself where its port
            # defers before any change, and goes on with the same UTF-8 when
            # the Python rule leaves the text alone (no second encoding).
            text, ran = _core.run(
                text, names[done:], config.pangu, config.dashes,
                lambda i, t, base=base: rules[base + i](t, config),
            )
        except UnicodeEncodeError:
            ran = 0
        done += ran
        if done < len(rules):
            text = rules[done](text, config)
            done += 1
    return text
