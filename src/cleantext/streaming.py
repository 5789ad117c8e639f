"""Clean large files as a stream, in bounded memory, byte-identical to ``fix``.

The pipeline's rules look at neighbouring characters, lines and paragraphs
(``line-wrap`` joins across blank lines, ``fake-bold`` compares a line with
the next one), so a file cannot be cut anywhere.  A cut is made only where
cleaning the two sides separately gives the same text as cleaning them
together:

1. candidates are the starts and ends of blank-line runs (a paragraph
   break), preferably after terminal punctuation (。！？ ...), where no rule
   joins; only if a long stretch has none are other blank lines, and then
   any line break, considered;
2. each candidate is *verified*: a window of a few thousand characters on
   each side is cleaned whole and in two parts, and the cut is taken only if
   ``clean(left + right) == clean(left) + clean(right)``.

So the output is ``clean(chunk_1) + clean(chunk_2) + ...``, equal to
``clean(whole)`` as long as no rule looks further than the window.  This
holds for rules that reason about a line, a paragraph or their neighbours;
a rule that used whole-document statistics would break it (the property
tests in ``tests/test_streaming.py`` compare streamed and whole-text output
on the corpus, repeated and shuffled, at many chunk sizes).

Text without any usable line break (one enormous line) cannot be cut and is
buffered whole: correctness before memory.

Decoding a stream: the encoding is decided from the first
:data:`cleantext.files.DETECT_SAMPLE` bytes (a BOM, UTF-8, or a detected
legacy encoding) and the rest is decoded incrementally and strictly; bytes
that do not decode, or NUL bytes, fail the file, which is then not written.

This module is the engine (cuts, chunks, incremental decoding); running a
large file or standard input as a job, with its report lines and its atomic
output, is :mod:`cleantext.jobs`'s.
"""

from __future__ import annotations

import codecs
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from .files import (
    DETECT_SAMPLE,
    AtomicWriter,
    NotTextError,
    decode,
    detect_encoding,
    unknown_encoding,
)
from .pipeline import Cleaner

#: Target chunk size, in characters.
CHUNK_CHARS = 1 << 20
#: Characters of context on each side of a candidate cut that are cleaned
#: both ways to verify it.
WINDOW_CHARS = 8192
#: ... and at least this many lines on each side (line-wrap and fake-bold
#: look at neighbouring lines, not characters).
WINDOW_LINES = 48
#: Bytes read at a time.
READ_BYTES = 1 << 20

_LINE_BREAK = re.compile(r"\n")
# Marks that end a paragraph: nothing in the pipeline joins after these.
_TERMINAL = frozenset("。！？!?…”’」』）)》】.；;")
_BLANK = " \t\u3000\r"


def _ends_sentence(buf: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and buf[k] in " \t\u3000\r\n":
        k -= 1
    return k >= 0 and buf[k] in _TERMINAL


def join_edges(fixed: str, sep: str | None, first: bool) -> str:
    """Fit one cleaned chunk into the whole: see :class:`SafeSplitter`."""
    if not first:
        fixed = fixed.lstrip("\n")
    if sep is not None:
        fixed = fixed.rstrip("\n") + sep
    return fixed


class SafeSplitter:
    """Cut a stream of text into chunks that can be cleaned independently.

    Feed decoded text with :meth:`feed` and finish with :meth:`close`; both
    yield ``(chunk, sep)`` pairs whose chunks concatenate to the input.

    A chunk ends at the start of a non-blank line: preferably after a
    paragraph that ends a sentence; past twice the target size after any
    paragraph; past four times after any line.  The pipeline treats the
    edges of a text specially (no blank lines at the start or end, one final
    line break), so a chunk's cleaned text is fitted into the whole by
    :func:`join_edges`: the line breaks at its cleaned edges are dropped and
    ``sep``, the line breaks that cleaning a window across the cut put
    there, goes between it and the next chunk.  A cut is taken only if, on a
    window of at least ``window`` characters and ``lines`` lines each side,
    ``clean(a + b) == join(clean(a), sep, clean(b))`` with ``sep`` made of
    line breaks only, so that nothing was joined or moved across the cut.
    """

    def __init__(
        self,
        clean: Callable[[str], str],
        target: int = CHUNK_CHARS,
        window: int = WINDOW_CHARS,
        lines: int = WINDOW_LINES,
    ):
        self.clean = clean
        self.target = max(1, target)
        self.window = max(16, window)
        self.lines = lines
        self.buf = ""
        self.scan = 0  # where the search for candidates resumes
        self.failures = 0
        #: Number of verified cuts and of candidates rejected by verification.
        self.cuts = 0
        self.rejected = 0

    def feed(self, piece: str) -> Iterator[tuple[str, str | None]]:
        if piece:
            self.buf += piece
            yield from self._drain(eof=False)

    def close(self) -> Iterator[tuple[str, str | None]]:
        yield from self._drain(eof=True)
        rest, self.buf = self.buf, ""
        if rest or not self.cuts:
            yield rest, None

    def _drain(self, eof: bool) -> Iterator[tuple[str, str | None]]:
        while True:
            buf = self.buf
            if len(buf) < (self.target if eof else self.target + self.window):
                return
            found = self._find(buf, eof)
            if found is None:
                return
            cut, sep = found
            self.cuts += 1
            self.buf = buf[cut:]
            self.scan = 0
            self.failures = 0
            yield buf[:cut], sep

    def _tier(self, buf: str, pos: int) -> int:
        """0: after a paragraph ending a sentence; 1: any paragraph; 2: any line."""
        k = pos - 2  # the character before the line break at pos - 1
        while k >= 0 and buf[k] in _BLANK:
            k -= 1
        if k < 0 or buf[k] != "\n":
            return 2
        return 0 if _ends_sentence(buf, k) else 1

    def _find(self, buf: str, eof: bool) -> tuple[int, str] | None:
        # A candidate needs a full window after it unless the text ends.
        limit = len(buf) if eof else len(buf) - self.window
        start = max(self.scan, self.target - 1)
        thresholds = (self.target, 2 * self.target, 4 * self.target)
        last_try = -self.target
        resume = max(start, limit)
        for m in _LINE_BREAK.finditer(buf, start):
            pos = m.end()
            if pos > limit or pos >= len(buf):
                resume = m.start()
                break
            end = buf.find("\n", pos)
            if not buf[pos : end if end != -1 else len(buf)].strip(_BLANK):
                continue  # the next line is blank: cut after the whole run
            if pos < thresholds[self._tier(buf, pos)]:
                continue
            # After a few failures, space the attempts out: verification
            # costs a few windows of cleaning each time.
            if self.failures >= 8 and pos - last_try < self.target // 8:
                continue
            last_try = pos
            sep = self._verify(buf, pos, eof)
            if sep is not None:
                return pos, sep
            self.rejected += 1
            self.failures += 1
        self.scan = resume
        return None

    def _verify(self, buf: str, pos: int, eof: bool) -> str | None:
        w = self.window
        # Whole lines on each side: at least self.lines lines and w
        # characters, at most 4w characters.
        floor = max(0, pos - 4 * w)
        left, count = pos, 0
        while left > floor and (count < self.lines or pos - left < w):
            nl = buf.rfind("\n", floor, left - 1)
            if nl == -1:
                left = floor if floor == 0 else buf.find("\n", floor, pos) + 1
                break
            left, count = nl + 1, count + 1
        ceiling = min(len(buf), pos + 4 * w)
        right, count = pos, 0
        while right < ceiling and (count < self.lines or right - pos < w):
            nl = buf.find("\n", right, ceiling)
            if nl == -1:
                if eof and ceiling == len(buf):
                    right = len(buf)
                break
            right, count = nl + 1, count + 1
        if left >= pos or right <= pos:
            return None  # very long lines: no cheap evidence, no cut
        a, b = buf[left:pos], buf[pos:right]
        whole = self.clean(a + b)
        head = self.clean(a).rstrip("\n")
        tail = self.clean(b).lstrip("\n")
        if len(head) + len(tail) > len(whole):
            return None
        if not (whole.startswith(head) and whole.endswith(tail)):
            return None
        sep = whole[len(head) : len(whole) - len(tail)]
        if not sep or sep.strip("\n"):
            return None  # something was joined or moved across the cut
        return sep


def split_text(
    text: str, clean: Callable[[str], str], target: int = CHUNK_CHARS, window: int | None = None
) -> list[tuple[str, str | None]]:
    """Cut ``text`` into independently cleanable ``(chunk, sep)`` pairs.

    >>> from cleantext import Cleaner
    >>> text = "第一段。\\n\\n第二段。\\n\\n第三段。\\n"
    >>> parts = split_text(text, Cleaner().clean, target=4)
    >>> "".join(chunk for chunk, _ in parts) == text, len(parts) > 1
    (True, True)
    """
    splitter = SafeSplitter(clean, target=target, window=window or max(16, target))
    parts = list(splitter.feed(text))
    parts.extend(splitter.close())
    return parts


def clean_stream(
    pieces: Iterable[str],
    cleaner: Cleaner,
    *,
    target: int = CHUNK_CHARS,
    window: int = WINDOW_CHARS,
    mapper: Callable[[Iterable[str]], Iterator[tuple[str, str]]] | None = None,
) -> Iterator[tuple[str, str]]:
    """Yield ``(chunk, cleaned piece)`` for a stream of text pieces.

    The cleaned pieces concatenate to ``cleaner.clean("".join(pieces))``.
    ``mapper`` cleans the chunks elsewhere (worker processes), in order,
    yielding ``(chunk, cleaner.clean(chunk))``.
    """
    splitter = SafeSplitter(cleaner.clean, target=target, window=window)
    seps: deque[str | None] = deque()

    def chunks() -> Iterator[str]:
        for piece in pieces:
            for chunk, sep in splitter.feed(piece):
                seps.append(sep)
                yield chunk
        for chunk, sep in splitter.close():
            seps.append(sep)
            yield chunk

    if mapper is None:
        results: Iterable[tuple[str, str]] = ((c, cleaner.clean(c)) for c in chunks())
    else:
        results = mapper(chunks())
    first = True
    for chunk, fixed in results:
        yield chunk, join_edges(fixed, seps.popleft(), first)
        first = False


def clean_text(
    text: str, cleaner: Cleaner, *, target: int = CHUNK_CHARS, window: int = WINDOW_CHARS
) -> str:
    """``cleaner.clean(text)``, computed chunk by chunk (for tests and tools)."""
    return "".join(
        piece for _, piece in clean_stream([text], cleaner, target=target, window=window)
    )


# --------------------------------------------------------------------------
# Decoding a byte stream


def sniff(head: bytes, encoding: str | None = None) -> tuple[str, int, bool]:
    """``(codec, bytes to skip, is_plain_utf8)`` for a stream starting with ``head``.

    ``encoding`` (``--encoding``) names the codec; otherwise it is guessed
    as :func:`cleantext.files.decode` guesses it.  Raises
    :class:`NotTextError` if ``head`` is not text.
    """
    if encoding is not None:
        if encoding in ("utf-8", "utf_8"):
            bom = head.startswith(codecs.BOM_UTF8)
            return "utf-8", 3 if bom else 0, not bom
        return encoding, 0, False
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3, False
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", 0, False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0, False
    if b"\x00" in head:
        even = head[: len(head) - len(head) % 2]
        return decode(even).encoding, 0, False  # UTF-16 without BOM, or NotTextError
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8", 0, True
    codec = detect_encoding(head, complete=False)
    if codec is None:
        raise unknown_encoding(head)
    return codec, 0, False


def iter_decoded(
    handle: IO[bytes], head: bytes, codec: str, skip: int, on_bytes=None
) -> Iterator[str]:
    """Decode ``head`` then the rest of ``handle`` incrementally and strictly."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    nul_is_binary = not codec.startswith(("utf-16", "utf-32", "utf_16", "utf_32"))
    decoded_nul = not nul_is_binary
    block = head[skip:]
    offset = skip
    while True:
        final = not block
        if nul_is_binary and b"\x00" in block:
            raise NotTextError("not a text file (NUL bytes)")
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as exc:
            raise NotTextError(
                f"not a text file (cannot decode as {codec} near byte {offset + exc.start})"
            ) from None
        if on_bytes is not None and block:
            on_bytes(len(block))
        offset += len(block)
        if decoded_nul and "\x00" in text:
            raise NotTextError("not a text file (NUL characters)")
        if text:
            yield text
        if final:
            return
        block = handle.read(READ_BYTES)


# --------------------------------------------------------------------------
# The command line's large-file path


def clean_file(
    src: str | os.PathLike,
    dst: str | os.PathLike,
    cleaner: Cleaner | None = None,
    *,
    chunk_size: int = CHUNK_CHARS,
) -> None:
    """Clean the text file ``src`` into ``dst`` (UTF-8) in bounded memory."""
    cleaner = cleaner or Cleaner()
    with open(src, "rb") as handle:
        head = handle.read(DETECT_SAMPLE)
        codec, skip, _ = sniff(head)
        with AtomicWriter(dst) as writer:
            for _, fixed in clean_stream(
                iter_decoded(handle, head, codec, skip), cleaner, target=chunk_size
            ):
                writer.write(fixed.encode("utf-8"))
            writer.commit()
