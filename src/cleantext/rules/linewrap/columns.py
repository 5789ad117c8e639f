"""The column measure of :mod:`cleantext.rules.linewrap`: how wide the column is around each line.

A line as wide as the column was broken by the width; the measure is taken
in a window of neighbouring lines, only where a column could show, and the
places where it could are found first (:func:`_column_places`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from itertools import accumulate
from operator import sub

from .lines import (
    Line,
    _LATIN_OR_DIGIT,
    _MIN_COLUMN,
    _NO_LINE_START,
    _column_check,
    _column_of_sorted,
    head_width,
    tolerance,
)

# --------------------------------------------------------------------------
# The rule.

# Every decision looks only at a bounded neighbourhood of lines, so that
# cleaning a text in pieces cut at a paragraph break gives the same result
# as cleaning it whole (the streaming mode, cleantext.streaming, verifies a
# cut on a window of at least 48 lines each side: a measure reaching 24
# lines or less either way is seen whole by that check).

#: The column measure around a line: its neighbours up to this many lines
#: either way (29 lines: enough for a column to show through a headline or
#: a short last line of a paragraph, few enough for a page whose columns
#: change width).
_REACH = 14
#: Where that window shows no column (columns of slightly different widths
#: side by side in it), the wider neighbourhood stands in (the page, more or
#: less).
_WIDE_REACH = 24
#: Blank lines say nothing where more than half the lines this near a line
#: (either way) follow one: an extractor that puts a blank line after every
#: line.
_GAP_REACH = 10
#: Paragraphs are marked by an indent where a line this near has one.
_INDENT_REACH = 24
#: The widest lines of a block of adjacent lines: taken this near a line.
_LOCAL_REACH = 24
#: The smallest window in which a column is looked for.
_MIN_SPAN = 2 * 10


#: Line ends that show a wrap in mid-sentence (a colon or a dash may end a
#: label or a headline, so they do not count as evidence of a column).
_RUNS_ON = frozenset(("word", "open", "close"))


#: Marks that stay with the token before them at the end of a line.
_TRAILING_MARKS = "，。、；：？！）》」』”’…,.;:!?)]"
_RE_LONG_END = re.compile(r"[!-~]{12}")


def _ends_long(content: str) -> bool:
    """Does ``content`` end with a long unbreakable token (a URL, an e-mail
    address), and the marks after it?

    >>> _ends_long("网址为https://www.it.org/they，"), _ends_long("https://a.cn/abcdef，效果")
    (True, False)
    """
    tail = content.rstrip(_TRAILING_MARKS)
    return len(tail) >= 12 and _RE_LONG_END.fullmatch(tail, len(tail) - 12) is not None


def _measures(lines: list[Line]) -> list[float | None]:
    """The column measure around each line (a window of neighbours)."""
    # a line that ends with a URL may overflow the column (a token wider
    # than the column goes down whole and sticks out): its width says
    # nothing about it; measured without them, it takes the measure of the
    # line before (a URL with text after it on its line fitted in it)
    kept = [k for k, ln in enumerate(lines) if not (ln.overflow and _ends_long(ln.content))]
    if len(kept) == len(lines):
        return _measures_of([ln.width for ln in lines], [ln.end in _RUNS_ON and ln.joinable for ln in lines])
    sub = _measures_of(
        [lines[k].width for k in kept], [lines[k].end in _RUNS_ON and lines[k].joinable for k in kept]
    )
    out: list[float | None] = [None] * len(lines)
    for k, m in zip(kept, sub):
        out[k] = m
    for k in range(len(lines)):
        if out[k] is None and lines[k].overflow:
            out[k] = out[k - 1] if k else (sub[0] if sub else None)
    return out


def _open_cluster(ws: list[float], need: float) -> bool:
    """Do ``need`` of the sorted widths ``ws`` lie within one tolerance?"""
    k = max(2, int(need + 0.999)) - 1
    # (from the widest down: the lines of a column are the widest that run
    # on, so a column is found at the first look)
    for i in range(len(ws) - k - 1, -1, -1):
        top = ws[i + k]
        if top - ws[i] <= max(1.0, int(0.12 * top + 0.5) / 2) + 0.25:
            return True
    return False


def _window_measure(allw: list[float], open_ws: list[float], need: float, cluster: bool) -> float | None:
    """The column measure of a window of lines, from its sorted widths
    ``allw`` and the sorted widths ``open_ws`` of its lines that run on
    (``need``: how many of them a column needs; ``cluster``: they must lie
    within one tolerance).  The reference for :class:`_Window`."""
    if len(open_ws) < need:
        return None
    if cluster and not _open_cluster(open_ws, need):
        return None
    return _column_of_sorted(allw, open_ws)


class _Window:
    """A window of lines ``[lo, hi)`` of a run that slides towards its end.

    It keeps its widths and its open lines' widths sorted and, for every
    candidate measure (a width of the run, :data:`_MIN_COLUMN` or more), the
    number of lines of the window within the candidate's range ``[v -
    tolerance(v), v + 0.25]``, as a key ``count * m + rank`` (minus a big
    number while no line of the window has that width): the largest key is
    the measure :func:`_column_of_sorted` picks (most lines, the widest on a
    tie), found without a loop over the candidates.  Moving the window costs
    a few list operations per line that enters or leaves it.
    """

    __slots__ = ("widths", "flags", "cand", "rank", "covers", "keys", "present", "step", "absent",
                 "lo", "hi", "allw", "open_ws")

    def __init__(self, widths: list[float], flags: list[bool], cand: list[float], rank: list[int],
                 covers: list[list[int]]) -> None:
        self.widths, self.flags, self.cand, self.rank, self.covers = widths, flags, cand, rank, covers
        self.step = len(cand) + 1
        self.absent = self.step * (len(widths) + 2)
        self.keys = self._fresh_keys()
        self.present = [0] * len(cand)
        self.lo = self.hi = 0
        self.allw: list[float] = []
        self.open_ws: list[float] = []

    def _fresh_keys(self) -> list[int]:
        # (a last key below every other: the key of rank -1, the lines
        # narrower than any candidate, so that a max over the ranks of the
        # window's lines never picks one of them)
        return [r - self.absent for r in range(len(self.cand))] + [-2 * self.absent]

    def move(self, lo: int, hi: int) -> None:
        """Make the window ``[lo, hi)`` (neither end moves back)."""
        if lo >= self.hi:  # no line in common: start afresh
            self.keys[:] = self._fresh_keys()
            self.present[:] = [0] * len(self.cand)
            self.allw.clear()
            self.open_ws.clear()
            self.lo = self.hi = lo
        widths, flags, rank, covers, keys, present = (
            self.widths, self.flags, self.rank, self.covers, self.keys, self.present
        )
        step, absent, allw, open_ws = self.step, self.absent, self.allw, self.open_ws
        for k in range(self.hi, hi):
            w = widths[k]
            insort(allw, w)
            if flags[k]:
                insort(open_ws, w)
            r = rank[k]
            if r >= 0:
                if not present[r]:
                    keys[r] += absent
                present[r] += 1
                for i in covers[r]:
                    keys[i] += step
        for k in range(self.lo, lo):
            w = widths[k]
            del allw[bisect_left(allw, w)]
            if flags[k]:
                del open_ws[bisect_left(open_ws, w)]
            r = rank[k]
            if r >= 0:
                present[r] -= 1
                if not present[r]:
                    keys[r] -= absent
                for i in covers[r]:
                    keys[i] -= step
        self.lo, self.hi = lo, hi

    def measure(self, need: float, cluster: bool) -> float | None:
        """:func:`_window_measure` of the window."""
        allw, open_ws = self.allw, self.open_ws
        if len(open_ws) < need:
            return None
        if cluster and not _open_cluster(open_ws, need):
            return None
        start = bisect_left(allw, _MIN_COLUMN)
        if len(allw) - start < 3:
            return None
        # the largest key is that of a width the window holds (the others
        # are below zero): a max over the ranks of its lines
        best, r = divmod(max(map(self.keys.__getitem__, self.rank[self.lo : self.hi])), self.step)
        return _column_check(allw, open_ws, best, self.cand[r])


def _measures_of(widths: list[float], open_flags: list[bool]) -> list[float | None]:
    """The column measure around each line, from widths and open flags.

    Line ``k``'s measure is that of the lines within :data:`_REACH` of it,
    or failing that within :data:`_WIDE_REACH`: it depends on nothing
    further away.  Only the places where a column could show
    (:func:`_column_places`) are measured, each as a run of its own: the
    windows of its lines lie inside that run (or are cut by the same ends),
    so their measures are those of the whole run; elsewhere no window holds
    what a column needs, and the measure is None.

    >>> _measures_of([9, 9, 9, 9, 4], [True, True, False, True, False])
    [9, 9, 9, 9, 9]
    """
    n = len(widths)
    places = _column_places(widths, open_flags)
    if places is None:
        return _measures_in(widths, open_flags)
    out: list[float | None] = [None] * n
    for first, last in places:
        lo, hi = max(0, first - _WIDE_REACH), min(n, last + _WIDE_REACH + 1)
        if lo == 0 and hi == n:
            return _measures_in(widths, open_flags)
        out[first : last + 1] = _measures_in(widths[lo:hi], open_flags[lo:hi])[first - lo : last - lo + 1]
    return out


def _measures_in(widths: list[float], open_flags: list[bool]) -> list[float | None]:
    """:func:`_measures_of`, every window measured (sliding along the run)."""
    n = len(widths)
    out: list[float | None] = [None] * n
    if n < 3:
        return out
    # a column needs lines that stop mid-sentence: about a tenth of them
    # (column_width); windows with fewer are skipped without a look
    opens = [0]
    acc = 0
    for flag in open_flags:
        acc += flag
        opens.append(acc)
    if acc < 2:
        return out
    cand = sorted({w for w in widths if w >= _MIN_COLUMN})
    rank = {v: r for r, v in enumerate(cand)}
    ranks = [rank.get(w, -1) for w in widths]
    # covers[r]: the candidates whose range holds the width of rank r
    spans = [
        (bisect_left(cand, v - max(1.0, int(0.12 * v + 0.5) / 2)), bisect_right(cand, v + 0.25)) for v in cand
    ]
    windows: tuple[_Window, _Window] | None = None
    if sum(b - a for a, b in spans) <= 64 * n:  # else (hostile widths) measured directly
        covers: list[list[int]] = [[] for _ in cand]
        for i, (a, b) in enumerate(spans):
            for r in range(a, b):
                covers[r].append(i)
        windows = (_Window(widths, open_flags, cand, ranks, covers), _Window(widths, open_flags, cand, ranks, covers))

    def measure(lo: int, hi: int, cluster: bool) -> float | None:
        need = max(2, 0.1 * (hi - lo))
        if opens[hi] - opens[lo] < need:
            return None
        if windows is None:
            open_ws = sorted([widths[k] for k in range(lo, hi) if open_flags[k]])
            return _window_measure(sorted(widths[lo:hi]), open_ws, need, cluster)
        win = windows[0] if cluster else windows[1]
        win.move(lo, hi)
        return win.measure(need, cluster)

    # A window that slides by one line, losing a line and gaining one of
    # the same width and ending, holds the same lines: the same answer (in
    # a column most lines are exactly as wide as it).
    keys = list(zip(widths, open_flags))
    last_wide = -2
    m_last = m_wide = None
    for k in range(n):
        lo, hi = k - _REACH, k + _REACH + 1
        if k and lo > 0 and hi <= n and keys[lo - 1] == keys[hi - 1]:
            m = m_last
        else:
            m = measure(max(0, lo), min(n, hi), True)
        m_last = m
        if m is None:
            lo, hi = k - _WIDE_REACH, k + _WIDE_REACH + 1
            if last_wide == k - 1 and lo > 0 and hi <= n and keys[lo - 1] == keys[hi - 1]:
                m = m_wide
            else:
                lo, hi = max(0, lo), min(n, hi)
                m = measure(lo, hi, False) if hi - lo > _MIN_SPAN else None
            last_wide, m_wide = k, m
        out[k] = m
    return out


#: The most lines a window of :func:`_measures_of` spans, less one, and
#: the fewest (where the run is as long).
_SPAN = 2 * _WIDE_REACH
_MIN_WINDOW = _REACH + 1
#: Where more than this share of the lines run on, the places of a column
#: are not looked for (it shows nearly everywhere).
_DENSE_OPENS = 0.3


def _pair_reach(w: float) -> float:
    """How much wider than ``w`` a line may be and still lie in one column
    range ``[v - tolerance(v), v + 0.25]`` with a line ``w`` wide: the
    range holds ``w``, so ``v - tolerance(v) <= w``, and as ``tolerance(v)``
    is at most ``max(1, 0.06 v + 0.25)``, ``v`` is at most ``max(w + 1,
    (w + 0.25) / 0.94)``; the range is at most ``tolerance`` of that, plus
    0.25, wide (plus a hundredth for rounding).

    >>> _pair_reach(9.0), _pair_reach(42.0)
    (1.26, 2.76)
    """
    return tolerance(max(w + 1.0, (w + 0.25) / 0.94)) + 0.26


def _column_places(widths: list[float], flags: list[bool]) -> list[tuple[int, int]] | None:
    """Where could :func:`_measures_of` find a column in these lines: the
    spans ``(first, last)`` of the lines whose windows could show one (None:
    anywhere, said where most lines run on or past a budget of work).

    A column needs, in one window of at least ``min(n, 15)`` lines and at
    most :data:`_SPAN` + 1, lines in one column range: two that run on
    (``flags``), within :func:`_pair_reach` of each other, and at least
    :func:`_column_check`'s third of the window in all (three at least).
    Only a window around such a pair, with enough lines in reach around
    it, can show a column.

    >>> ends = [True, False, False, True] + [False] * 8
    >>> _column_places([9.0] * 10 + [30.0, 3.0], ends)
    [(0, 11)]
    >>> _column_places([9.0, 30.0, 31.0, 9.5] + [41.0, 3.0] * 4, ends)
    []
    >>> _column_places([9.0] * 12, [True] * 12) is None  # (lines that run on everywhere)
    True
    """
    n = len(widths)
    opens = [(k, w) for k, (w, f) in enumerate(zip(widths, flags)) if f and w >= 4.0]
    m = len(opens)
    if m > _DENSE_OPENS * n:
        return None  # (most lines run on: a column, most likely, everywhere)
    # the fewest lines in range a window can show a column with
    smallest = min(n, _MIN_WINDOW)
    need = 3
    while need < 0.34 * smallest:
        need += 1
    budget = 16 * n + 256
    places: list[tuple[int, int]] = []
    for a in range(m - 1):
        k, w = opens[a]
        for b in range(a + 1, m):
            k2, w2 = opens[b]
            if k2 - k > _SPAN:
                break
            low, high = (w, w2) if w <= w2 else (w2, w)
            reach = _pair_reach(low)
            budget -= 1
            if high - low > reach:
                continue
            # the lines a window holding both may hold, in the range
            span = widths[max(0, k2 - _SPAN) : k + _SPAN + 1]
            budget -= len(span)
            if budget < 0:
                return None
            bottom, top = high - reach, low + reach
            if sum(1 for x in span if bottom <= x <= top) >= need:
                # the lines whose windows (at most _WIDE_REACH either way)
                # hold both; the places of this line's later pairs lie
                # inside this one
                places.append((max(0, k2 - _WIDE_REACH), min(n - 1, k + _WIDE_REACH)))
                break
    merged: list[tuple[int, int]] = []
    for first, last in sorted(places):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _local_measures(run: list[Line], measures: list[float | None]) -> list[float | None]:
    """Where no column shows: the widest width of each block of adjacent
    lines (no blank line between) that has two lines or more that wide
    (in a long block, of its lines within :data:`_LOCAL_REACH`)."""
    n = len(run)
    out: list[float | None] = [None] * n
    start = 0
    while start < n:
        end = start + 1
        while end < n and run[end].blank == 0:
            end += 1
        if end - start >= 2 and any(measures[k] is None for k in range(start, end)):
            # (a line that ends with a URL may stick out of the column: as
            # in _measures(), its width says nothing; it counts as none)
            widths = [
                0.0 if run[k].overflow and _ends_long(run[k].content) else run[k].width for k in range(start, end)
            ]
            # a line before a Latin word or URL that did not fit at its end,
            # or before a character that a closing mark pulled down, was
            # full: counted as wide as it would have been
            full = widths
            for k in range(start, end - 1):
                if run[k].end == "term":
                    continue
                nxt = run[k + 1].content
                if nxt[:1] in _LATIN_OR_DIGIT or nxt[1:2] in _NO_LINE_START:
                    if full is widths:
                        full = widths[:]
                    full[k - start] += head_width(nxt) if nxt[:1] in _LATIN_OR_DIGIT else 1.0
            short = end - start <= 2 * _LOCAL_REACH + 1
            top_all = max(widths)
            for k in range(start, end):
                if measures[k] is not None:
                    continue
                if short:
                    ws = full
                    top = top_all
                else:
                    ws = full[max(0, k - start - _LOCAL_REACH) : k - start + _LOCAL_REACH + 1]
                    top = max(widths[max(0, k - start - _LOCAL_REACH) : k - start + _LOCAL_REACH + 1])
                floor = top - tolerance(top)
                if sum(1 for w in ws if w >= floor) >= 2:
                    out[k] = top
        start = end
    return out


def _near(flags: list[bool], reach: int) -> list[int]:
    """For each position, how many of ``flags`` within ``reach`` are set.

    >>> _near([1, 0, 0, 1, 1], 1)
    [1, 1, 1, 2, 2]
    """
    n = len(flags)
    acc = list(accumulate(flags, initial=0))
    # acc[min(n, k + reach + 1)] - acc[max(0, k - reach)] for each k
    ends = acc[reach + 1 :]
    ends += [acc[n]] * (n - len(ends))
    starts = [0] * min(n, reach) + acc[: max(0, n - reach)]
    return list(map(sub, ends, starts))


def _gap_evidence(gaps: list[int], runs_on: list[bool] | None = None) -> list[int]:
    """``gaps`` (blank lines before each line of a run) with those that say
    nothing set to 0: where more than half the lines within
    :data:`_GAP_REACH` follow a blank line, an extractor put one after
    every line.

    ``runs_on`` (whether each line stops in mid-sentence, ending on a
    character or a mark that needs more) weighs against that: an
    extractor's blank lines follow the lines the column broke, which stop
    in mid-sentence.  Where, within that reach, more lines that stop in
    mid-sentence are followed by a line with no blank line between than by
    a blank line, the blank lines are not the extractor's: they stand
    between paragraphs (text in the output form with one paragraph broken
    by its column), and they stay.

    >>> _gap_evidence([0, 1, 1, 1, 0]), _gap_evidence([0, 0, 0, 0, 2])
    ([0, 0, 0, 0, 0], [0, 0, 0, 0, 2])
    >>> _gap_evidence([0, 1, 1, 0, 0], [False, False, False, True, True])
    [0, 1, 1, 0, 0]
    """
    n = len(gaps)
    if not any(gaps):
        return gaps
    near = _near([bool(g) for g in gaps], _GAP_REACH)
    if runs_on is None:
        wrapped_gap = wrapped_adjacent = [0] * n
    else:
        # the breaks after a line that stops in mid-sentence: with a blank
        # line, and without one
        wrapped_gap = _near([k > 0 and runs_on[k - 1] and g > 0 for k, g in enumerate(gaps)], _GAP_REACH)
        wrapped_adjacent = _near([k > 0 and runs_on[k - 1] and g == 0 for k, g in enumerate(gaps)], _GAP_REACH)
    return [
        0
        if g
        and near[k] > 0.5 * (min(n, k + _GAP_REACH + 1) - max(0, k - _GAP_REACH))
        and wrapped_adjacent[k] <= wrapped_gap[k]
        else g
        for k, g in enumerate(gaps)
    ]
