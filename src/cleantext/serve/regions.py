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

Offsets here count code points, as Python strings do; :func:`utf16_offsets`
converts them for JavaScript, whose strings count UTF-16 code units.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


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
    >>> [(r.start, r.end, r.out_start, r.out_end) for r in regions(text, clean, cleantext.explain(text))]
    [(1, 3, 1, 1), (5, 7, 3, 3), (8, 9, 4, 4)]
    >>> text[1:3], clean[1:1]
    ('（资', '')
    """
    if not edits:
        return []
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
    for region, delta in zip(found, deltas):
        gap = region.start - in_pos
        region.out_start = out_pos + gap
        region.out_end = region.out_start + (region.end - region.start) + delta
        if (
            region.out_end < region.out_start
            or text[in_pos : region.start] != clean[out_pos : region.out_start]
        ):
            return _one_region(text, clean, len(edits))
        in_pos, out_pos = region.end, region.out_end
    if text[in_pos:] != clean[out_pos:]:
        return _one_region(text, clean, len(edits))
    for region in found:
        region.edits.sort()
    return found


def _one_region(text: str, clean: str, count: int) -> list[Region]:
    """The coarse fallback: everything between the common prefix and suffix."""
    lo, limit = 0, min(len(text), len(clean))
    while lo < limit and text[lo] == clean[lo]:
        lo += 1
    hi_a, hi_b = len(text), len(clean)
    while hi_a > lo and hi_b > lo and text[hi_a - 1] == clean[hi_b - 1]:
        hi_a -= 1
        hi_b -= 1
    return [Region(lo, hi_a, lo, hi_b, list(range(count)))]


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
