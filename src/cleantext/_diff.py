"""Character alignment between a rule's input and output, for ``explain``.

Rules are plain ``str -> str`` functions, so ``explain`` learns what a rule
did by aligning its input with its output.  The alignment is computed line
by line first (cheap, and rules rarely touch most lines) and then character
by character inside the lines that differ, which keeps it fast on long
documents.  It is only used by ``explain``; ``fix`` never pays for it.
"""

from __future__ import annotations

from bisect import bisect_right
from difflib import SequenceMatcher

#: Changes separated by at most this many unchanged characters on the same
#: line are reported as one edit ("资资料料" -> "资料", not two deletions).
MERGE_GAP = 1


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def changed_spans(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Return ``(i1, i2, j1, j2)``: ``a[i1:i2]`` became ``b[j1:j2]``.

    Spans are sorted, do not overlap, and everything between them is equal.

    >>> changed_spans("近日， 市统计局", "近日，市统计局")
    [(3, 4, 3, 3)]
    >>> changed_spans("abc", "abc")
    []
    """
    if a == b:
        return []
    # Trim the common prefix and suffix: most rules change little.
    lo = 0
    limit = min(len(a), len(b))
    while lo < limit and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = len(a), len(b)
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a -= 1
        hi_b -= 1
    mid_a, mid_b = a[lo:hi_a], b[lo:hi_b]
    if not mid_a or not mid_b:
        return [(lo, hi_a, lo, hi_b)]
    la = mid_a.splitlines(keepends=True)
    lb = mid_b.splitlines(keepends=True)
    sa, sb = _line_starts(la), _line_starts(lb)
    spans: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        ca, cb = "".join(la[i1:i2]), "".join(lb[j1:j2])
        oa, ob = lo + sa[i1], lo + sb[j1]
        if not ca or not cb:
            spans.append((oa, oa + len(ca), ob, ob + len(cb)))
            continue
        matcher = SequenceMatcher(None, ca, cb, autojunk=False)
        for ctag, ci1, ci2, cj1, cj2 in matcher.get_opcodes():
            if ctag != "equal":
                spans.append((oa + ci1, oa + ci2, ob + cj1, ob + cj2))
    return _merge(spans, a)


def _merge(spans, a: str):
    merged: list[tuple[int, int, int, int]] = []
    for span in spans:
        if merged:
            pi1, pi2, pj1, pj2 = merged[-1]
            i1, i2, j1, j2 = span
            gap = a[pi2:i1]
            if len(gap) <= MERGE_GAP and "\n" not in gap and i1 - pi2 == j1 - pj2:
                merged[-1] = (pi1, i2, pj1, j2)
                continue
        merged.append(span)
    return merged


class PositionMap:
    """Maps offsets in a rule's output back to offsets in its input."""

    def __init__(self, spans: list[tuple[int, int, int, int]]):
        self._out_starts = [j1 for _, _, j1, _ in spans]
        self._spans = spans

    def back(self, pos: int) -> int:
        """Offset in the input that output offset ``pos`` came from.

        Inside a changed span, the start of the input span is returned.
        """
        k = bisect_right(self._out_starts, pos) - 1
        if k < 0:
            return pos
        i1, i2, j1, j2 = self._spans[k]
        if pos < j2:
            return i1
        return i2 + (pos - j2)


def line_and_column(line_starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` given the offsets of line starts."""
    k = bisect_right(line_starts, offset) - 1
    return k + 1, offset - line_starts[k] + 1
