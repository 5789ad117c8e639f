"""Files for the command line: decoding, binary detection, atomic writes, walking.

Decoding
    UTF-8 (with or without a BOM) first, then UTF-16/UTF-32 with a BOM, then
    UTF-16 without a BOM when the NUL pattern says so, then a detected
    Chinese legacy encoding (GB18030, which covers GBK and GB2312, or Big5),
    then any encoding charset-normalizer finds.  A detected result is
    accepted only if it reads as text: mostly CJK, ASCII and ordinary
    punctuation, with almost no control or replacement characters.  Strict
    UTF-8 comes first on purpose: GBK bytes decode as valid UTF-8 only by rare
    accident, while the reverse (UTF-8 read as GBK) happens all the time.

Not text
    NUL bytes (outside UTF-16/32), or no encoding that yields plausible text,
    raise :class:`NotTextError`; the caller reports it and never rewrites
    such a file.

Writing
    :func:`atomic_write` writes a temporary file in the target's directory
    and renames it over the target, so an interrupted run leaves either the
    old or the new file, never half of one.  Symlinks are written through to
    their target (the link stays a link) and the target's permission bits are
    kept.

Walking
    :func:`iter_inputs` expands directories into the text files under them
    (``*.txt`` and ``*.md`` unless told otherwise), in a stable, sorted order.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Default ``--include`` globs.
DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt", "*.md")

#: Directories never walked into (version control, caches, environments);
#: the same list linters such as ruff skip by default.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "node_modules",
    "venv",
)

#: Candidate legacy encodings, tried before open detection.  GB18030 is a
#: superset of GBK and GB2312; Big5-HKSCS of Big5.
CHINESE_ENCODINGS: tuple[str, ...] = ("gb18030", "big5", "big5hkscs")

#: How much of a large input the detector looks at.
DETECT_SAMPLE = 1 << 20


class NotTextError(ValueError):
    """The bytes are not text in any encoding we can trust."""


@dataclass(frozen=True)
class Decoded:
    """Decoded input: the text and the codec name that decoded it."""

    text: str
    encoding: str


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible_char(ch: str) -> bool:
    o = ord(ch)
    if o < 0x80:
        return ch.isprintable() or ch in "\t\n\r\f\v"
    if 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF:
        return True  # CJK radicals, punctuation, kana, bopomofo, Han, compat Han
    if 0xFF00 <= o <= 0xFFEF or 0xFE30 <= o <= 0xFE4F:
        return True  # full-width forms, CJK compatibility forms
    if 0x2000 <= o <= 0x27BF:
        return True  # general punctuation, symbols, arrows, box drawing, shapes
    if 0xA0 <= o <= 0x24F:
        return unicodedata.category(ch)[0] in "LNPSZ"  # Latin-1 and Latin Extended
    return False


def plausible_text(text: str, *, min_ratio: float = 0.95) -> bool:
    """Does ``text`` read as (mostly Chinese or ASCII) text?

    Few control characters, no U+FFFD, and at least ``min_ratio`` of the
    characters in CJK, ASCII, Latin or common punctuation blocks.

    >>> plausible_text("近日，市统计局通过热线。")
    True
    >>> plausible_text("酗蔬\\x05\\x06狤\\x07")
    False
    """
    if not text:
        return True
    sample = text[:DETECT_SAMPLE]
    if "\ufffd" in sample or "\x00" in sample:
        return False
    good = sum(1 for ch in sample if _plausible_char(ch))
    controls = sum(1 for ch in sample if ord(ch) < 0x20 and ch not in "\t\n\r\f\v\x1a")
    return good >= min_ratio * len(sample) and controls <= len(sample) // 1000


def _utf16_without_bom(data: bytes) -> Decoded | None:
    # ASCII in UTF-16 puts a NUL in every other byte; the side tells the order.
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        # Han code points ending in 00 (U+4E00) put a few NULs on the other side.
        if zeros >= half // 4 and zeros > 2 * other:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if plausible_text(text):
                return Decoded(text, codec)
    return None


def detect_encoding(data: bytes) -> str | None:
    """Name the legacy encoding of ``data`` if one decodes it plausibly.

    Looks at a sample of at most :data:`DETECT_SAMPLE` bytes.
    """
    try:
        import charset_normalizer  # heavy (its models load on import): only for a legacy encoding
    except ImportError:  # pragma: no cover - a runtime dependency
        charset_normalizer = None
    sample = data[:DETECT_SAMPLE]
    if charset_normalizer is not None:
        for isolation in (list(CHINESE_ENCODINGS), None):
            match = charset_normalizer.from_bytes(sample, cp_isolation=isolation).best()
            if match is not None and plausible_text(str(match)):
                return match.encoding
    # No detector verdict: try the Chinese encodings ourselves, strictly.
    for codec in CHINESE_ENCODINGS:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible_text(text):
            return codec
    return None


def decode(data: bytes) -> Decoded:
    """Decode file contents; raise :class:`NotTextError` if they are not text.

    >>> decode("近日".encode("utf-8")).text
    '近日'
    >>> decode(b"\\xef\\xbb\\xbf\\xe8\\xbf\\x91").encoding
    'utf-8-sig'
    >>> decode("市统计局通过热线调查".encode("gbk")).encoding
    'gb18030'
    >>> decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    cleantext.files.NotTextError: not a text file (NUL bytes)
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            pass
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            if "\x00" not in text:
                return Decoded(text, codec)
            break
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is not None:
            return guess
        raise NotTextError("not a text file (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    codec = detect_encoding(data)
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = None
        if text is not None and plausible_text(text):
            return Decoded(text, codec)
    raise NotTextError("not a text file (no plausible text encoding)")


def encode(text: str) -> bytes:
    """Output bytes: always UTF-8, no BOM."""
    return text.encode("utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def resolve_target(path: str | os.PathLike) -> str:
    """The file a write to ``path`` should replace: symlinks are followed."""
    return os.path.realpath(path)


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Replace the contents of ``path`` with ``data``, atomically.

    A temporary file is written next to the (symlink-resolved) target and
    renamed over it.  The target's permission bits (and, where allowed, its
    owner) are kept; a new file gets the usual ``0o666 & ~umask``.  A
    read-only existing file is refused with :class:`PermissionError`, as an
    ordinary write would be.  On any failure the target is left as it was
    and the temporary file is removed.
    """
    target = resolve_target(path)
    directory = os.path.dirname(target) or "."
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(21, "not a regular file", target)
        if not os.access(target, os.W_OK):
            raise PermissionError(13, "Permission denied", target)
    fd, tmp = tempfile.mkstemp(
        dir=directory, prefix="." + os.path.basename(target) + ".", suffix=".cleantext-tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(tmp):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _owner(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


class AtomicWriter:
    """Write a file in pieces, then commit it atomically (or abort).

    Used for streamed output: nothing is visible at ``path`` until
    :meth:`commit`; :meth:`abort` (or leaving the ``with`` block on an
    exception) removes the temporary file and leaves the target as it was.
    """

    def __init__(self, path: str | os.PathLike):
        self.target = resolve_target(path)
        try:
            self._stat: os.stat_result | None = os.stat(self.target)
        except FileNotFoundError:
            self._stat = None
        if self._stat is not None:
            if not stat.S_ISREG(self._stat.st_mode):
                raise IsADirectoryError(21, "not a regular file", self.target)
            if not os.access(self.target, os.W_OK):
                raise PermissionError(13, "Permission denied", self.target)
        fd, self.tmp = tempfile.mkstemp(
            dir=os.path.dirname(self.target) or ".",
            prefix="." + os.path.basename(self.target) + ".",
            suffix=".cleantext-tmp",
        )
        self.handle = os.fdopen(fd, "wb")
        self._done = False

    def write(self, data: bytes) -> int:
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()

    def commit(self) -> None:
        self.handle.close()
        st = self._stat
        try:
            if st is not None:
                os.chmod(self.tmp, stat.S_IMODE(st.st_mode))
                if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(self.tmp):
                    try:
                        os.chown(self.tmp, st.st_uid, st.st_gid)
                    except OSError:
                        pass
            else:
                os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, self.target)
        except BaseException:
            self.abort()
            raise
        self._done = True

    def abort(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            self.handle.close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or not self._done:
            self.abort()


# --------------------------------------------------------------------------
# Walking


@dataclass(frozen=True)
class Input:
    """One input file (or an error found while walking).

    ``path`` is the path to show and open; ``rel`` is its path relative to
    the walked directory (for ``-o`` mirroring), ``root`` the argument it
    came from; ``error`` is set for a path that could not be read or listed.
    """

    path: str
    rel: str
    root: str
    error: str | None = None


def _matches(patterns: Iterable[str], name: str, rel: str) -> bool:
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if "/" in pattern:
            if fnmatch.fnmatchcase(rel, pattern.lstrip("./")):
                return True
        elif fnmatch.fnmatchcase(name, pattern):
            return True
    return False


def describe_oserror(exc: OSError) -> str:
    """A short lower-case reason for an OSError ("permission denied")."""
    reason = exc.strerror or exc.__class__.__name__
    return reason[:1].lower() + reason[1:]


def iter_inputs(
    paths: Iterable[str],
    *,
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> Iterator[Input]:
    """Expand ``paths`` into input files, sorted within each directory.

    A file named on the command line is always an input (like black and
    ruff, the globs only filter what a directory walk finds).  ``exclude``
    globs prune directories and files; a glob without ``/`` matches a
    name, one with ``/`` the path relative to the walked directory.
    ``skip`` lists real paths never to walk into (the ``-o`` folder).
    ``-`` (standard input) is passed through.
    """
    include = tuple(include)
    exclude = tuple(DEFAULT_EXCLUDE) + tuple(exclude)
    skip_real = {os.path.realpath(s) for s in skip}
    for path in paths:
        if path == "-":
            yield Input("-", "-", "-")
            continue
        try:
            st = os.stat(path)
        except OSError as exc:
            reason = (
                "no such file or directory"
                if isinstance(exc, FileNotFoundError)
                else describe_oserror(exc)
            )
            yield Input(path, os.path.basename(path), path, reason)
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield Input(path, os.path.basename(path), path)
            continue
        yield from _walk(path, include, exclude, skip_real)


def _walk(root: str, include, exclude, skip_real) -> Iterator[Input]:
    def visit(directory: str, rel_dir: str) -> Iterator[Input]:
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Input(directory, rel_dir, root, describe_oserror(exc))
            return
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError:
                is_dir = is_file = False
            if is_dir:
                if _matches(exclude, entry.name, rel):
                    continue
                if os.path.realpath(entry.path) in skip_real:
                    continue
                yield from visit(entry.path, rel)
            elif is_file:
                if _matches(exclude, entry.name, rel) or not _matches(include, entry.name, rel):
                    continue
                yield Input(entry.path, rel, root)

    yield from visit(root, "")
