"""Where each edit sits in the input *and* in the clean text, for the page.

``cleantext.explain`` locates every edit in the input only.  The page
highlights both sides, so the edits are grouped into *regions*: maximal
stretches of the input that some edit touches (overlapping or touching edits
share one region, so that "（（资资料料））" is one highlight however many rules
worked on it).  Text between regions is the same on both sides, and each
edit's length change belongs to its region, so the output offset of every
region follows from the input offsets and the edits alone.  The result is
checked against the clean text; should the check ever fail, one region
covering everything between the common prefix and suffix is given instead,
so the page is never wrong, only coarser.

Long texts
    ``explain`` aligns each rule's input with its output, and the alignment
    grows with the square of what a rule changed in one stretch: line-wrap
    rewrites nearly every line of a wrapped page, so a 70 KB text takes
    seconds and a book minutes.  :func:`page_edits` therefore explains a long
    text paragraph group by paragraph group (cut after a blank line that
    follows the end of a sentence) and keeps the result only if the edits
    of the pieces, put together, give exactly the clean text of the whole
    (:func:`regions` checks it).  Otherwise the whole text is explained at
    once when it is short enough, and when it is not, the page shows the
    clean text with one coarse region and says so.  Past
    :data:`EXPLAIN_LIMIT` characters nothing is explained (the clean text
    is still whole).

Offsets here count code points, as Python strings do; :func:`utf16_offsets`
converts them for JavaScript, whose strings count UTF-16 code units.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import cleantext
from cleantext import Config, Edit

#: Texts up to this many characters are explained in one call.
WHOLE_LIMIT = 12_000
#: Size of the pieces a longer text is explained in (characters, about).
PIECE_SIZE = 6_000
#: A longer text whose pieces do not add up is explained whole up to this size.
FALLBACK_LIMIT = 60_000
#: Longer texts are not explained at all (400,000 characters take about ten
#: seconds in pieces, and the page shows no more than that many): the page
#: gets the clean text and one region.
EXPLAIN_LIMIT = 400_000

# A cut: after a sentence end and exactly one blank line, before the next
# paragraph (any further blank lines start the next piece, where the
# pipeline drops them as it does between paragraphs of the whole text).
_CUT = re.compile(r"[。！？!?…”’」』）)]\n\n(?=[^\n])")


class _Edit(Protocol):
    start: int
    end: int
    before: str
    after: str


@dataclass
class Region:
    """``text[start:end]`` became ``clean[out_start:out_end]`` by ``edits``.

    ``edits`` are indices into the list of edits given to :func:`regions`.
    """

    start: int
    end: int
    out_start: int = 0
    out_end: int = 0
    edits: list[int] = field(default_factory=list)


def regions(text: str, clean: str, edits: Sequence[_Edit]) -> list[Region]:
    """Group ``edits`` (from ``explain(text)``) into regions located on both sides.

    >>> import cleantext
    >>> text = "（（资资料料）） 记者"
    >>> clean = cleantext.fix(text)
    >>> found = regions(text, clean, cleantext.explain(text))
    >>> [(r.start, r.end, r.out_start, r.out_end) for r in found]
    [(1, 3, 1, 1), (5, 7, 3, 3), (8, 9, 4, 4)]
    >>> text[1:3], clean[1:1]
    ('（资', '')
    """
    found = _placed(text, clean, edits)
    return _one_region(text, clean, len(edits)) if found is None else found


def _placed(text: str, clean: str, edits: Sequence[_Edit]) -> list[Region] | None:
    """:func:`regions`, or None when the edits do not add up to ``clean``."""
    if not edits:
        return [] if text == clean else None
    order = sorted(range(len(edits)), key=lambda k: (edits[k].start, edits[k].end))
    found: list[Region] = []
    deltas: list[int] = []
    for k in order:
        edit = edits[k]
        start, end = edit.start, max(edit.start, edit.end)
        delta = len(edit.after) - len(edit.before)
        if found and start <= found[-1].end:
            last = found[-1]
            last.end = max(last.end, end)
            last.edits.append(k)
            deltas[-1] += delta
        else:
            found.append(Region(start, end, edits=[k]))
            deltas.append(delta)
    in_pos = out_pos = 0
    for region, delta in zip(found, deltas, strict=True):
        gap = region.start - in_pos
        region.out_start = out_pos + gap
        region.out_end = region.out_start + (region.end - region.start) + delta
        if (
            region.out_end < region.out_start
            or text[in_pos : region.start] != clean[out_pos : region.out_start]
        ):
            return None
        in_pos, out_pos = region.end, region.out_end
    if text[in_pos:] != clean[out_pos:]:
        return None
    for region in found:
        region.edits.sort()
    return found


def _pieces(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` of pieces of about ``size`` characters, cut at paragraph ends."""
    bounds = []
    start = 0
    while len(text) - start > size + size // 2:
        match = _CUT.search(text, start + size)
        if match is None:
            break
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _located(text: str, edits: list) -> list[Edit]:
    """The edits with line and column counted in ``text`` (their offsets are)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    located = []
    for e in edits:
        line = bisect_right(starts, e.start)
        located.append(
            Edit(e.rule, line, e.start - starts[line - 1] + 1, e.before, e.after, e.start, e.end)
        )
    return located


def page_edits(
    text: str, clean: str, config: Config | None = None
) -> tuple[list[Edit], list[Region], bool]:
    """``(edits, regions, placed)`` for the page; see "Long texts" above.

    ``placed`` is False when the edits could not be placed in a long text
    within the time the page can wait: then ``edits`` is empty and the one
    region covers everything that changed.

    >>> edits, found, placed = page_edits("近日， 市统计局", "近日，市统计局")
    >>> [(e.rule, e.start) for e in edits], placed
    ([('cjk-space', 3)], True)
    """
    if clean == text:
        return [], [], True
    if len(text) > EXPLAIN_LIMIT:
        return [], _one_region(text, clean, 0), False
    if len(text) > WHOLE_LIMIT:
        bounds = _pieces(text, PIECE_SIZE)
        if len(bounds) > 1:
            edits: list = []
            for k, (a, b) in enumerate(bounds):
                piece = text[a:b]
                body = len(piece.rstrip("\n")) if k < len(bounds) - 1 else len(piece)
                for e in cleantext.explain(piece, config):
                    if e.start >= body and e.start > 0:
                        continue  # the piece's own trailing blank line: the whole keeps it
                    edits.append(Edit(e.rule, 0, 0, e.before, e.after, e.start + a, e.end + a))
            edits = _located(text, edits)
            found = _placed(text, clean, edits)
            if found is not None:
                return edits, found, True
        if len(text) > FALLBACK_LIMIT:
            return [], _one_region(text, clean, 0), False
    edits = cleantext.explain(text, config)
    return edits, regions(text, clean, edits), True


def _one_region(text: str, clean: str, count: int) -> list[Region]:
    """The coarse fallback: everything between the common prefix and suffix.

    >>> r = _one_region("abXYcd", "abZcd", 0)[0]
    >>> (r.start, r.end, r.out_start, r.out_end)
    (2, 4, 2, 3)
    """
    lo = _common(lambda k: text[:k] == clean[:k], min(len(text), len(clean)))
    tail = _common(
        lambda k: text[len(text) - k :] == clean[len(clean) - k :],
        min(len(text), len(clean)) - lo,
    )
    return [Region(lo, len(text) - tail, lo, len(clean) - tail, list(range(count)))]


def _common(same, limit: int) -> int:
    """The largest ``k <= limit`` with ``same(k)`` (``same`` holds up to some k, then fails)."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if same(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class utf16_offsets:
    """Turn code-point offsets into UTF-16 offsets (JavaScript string indices).

    >>> to16 = utf16_offsets("𠀀a")
    >>> to16(0), to16(1), to16(2)
    (0, 2, 3)
    """

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)
