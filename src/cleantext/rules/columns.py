"""Side-by-side columns: read a page that kept its layout column by column.

What it repairs
---------------
Extractors that keep the page layout (poppler's ``pdftotext -layout``, "keep
layout" text exports, OCR text layers) print two to five columns of a page on
the same lines, separated by runs of spaces at stable positions::

    我国农业生产继续保持       全年粮食产量再创新
    稳定增长的良好势头，       高，达到一万三千亿

Every other repair would then work on interleaved text.  This rule finds such
blocks and rewrites each one as its first column top to bottom, then the next
column, and so on; each column's lines stay lines (``line-wrap`` joins them
later), and a paragraph indent inside a column is kept as the line's indent::

    我国农业生产继续保持
    稳定增长的良好势头，
    全年粮食产量再创新
    高，达到一万三千亿

How a block is found
--------------------
* A *segment* is a stretch of a line without a run of two spaces; a *gutter*
  is a run of two or more spaces between two segments.
* Positions are counted in two ways, and for each run of lines the one in
  which more lines are read down wins (then the one in which fewer cells stray
  from their column's usual start): in characters (``pdftotext -layout`` gives
  every character one cell of its grid, so a line with digits or Latin keeps
  its columns in place) and in display columns (an East Asian wide or
  full-width character counts two; text padded for a terminal).
* A column start is a place where segments of at least :data:`MIN_STRADDLE`
  lines start (starts within :data:`CHAIN` of each other are one place; of two
  places closer than :data:`MIN_PITCH`, the one more lines start at wins, the
  other is an indent).  It holds over a stretch of consecutive lines that no
  segment crosses, with text on both sides of it on at least
  :data:`MIN_STRADDLE` of them.  Lines with one set of column starts form a
  block.
* An extractor pushes a column right when the line to its left runs long, and
  the gutter can shrink to one space: a segment that crosses a column start
  is cut at a single space between two non-ASCII characters just there
  (:data:`MAX_SHIFT`).
* A form feed, a tab, ``|`` or box-drawing characters (Markdown and drawn
  tables), fenced code and more than :data:`MAX_BLANK_GAP` blank lines in a
  row end a run of lines a block can lie in; a blank line inside a block (a
  gap across all its columns) stays a blank line in each column.

What it must not touch
----------------------
Tables whose rows are read across stay as they are, and the later rules keep
them so: :func:`table_rows` names their rows, which ``line-wrap`` keeps as
consecutive lines and ``cjk-space`` leaves with their gutters.  A block is
read column by column only when its columns hold running prose; a block that
fails any of these tests is left alone (:func:`is_prose`):

* every column is mostly CJK text (:data:`MIN_WIDE_SHARE`): code, aligned
  comments and Latin never qualify;
* every column has the measure (its most common cell width) of a printed text
  column, at least :data:`MIN_MEASURE` display columns: short cells, numbers
  and units are table cells;
* all columns share one measure (:data:`MEASURE_RATIO`), as the columns of a
  page do and the columns of a table seldom do;
* most lines fill their column's measure (:data:`MIN_FULL_SHARE`; a paragraph's
  indented first line and a line ending a sentence are not counted): prose
  runs on from line to line, table cells vary in width;
* few cells hold a gutter of their own (:data:`MAX_GAPPED_SHARE`), and not
  nearly every cell ends with a punctuation mark (:data:`MAX_PUNCT_END_SHARE`),
  as verse and lists of clauses do;
* the block does not start with a header row (in every column a cell at most
  half its column's measure, without a mark at its end), as a table of text
  cells does.

Text with an occasional double space, a single line with a gap, code blocks
and Markdown tables are never changed.  Text without a run of two spaces
between two non-space characters is returned at once (the same object).

The arithmetic is integer only and the character widths come from
:func:`unicodedata.east_asian_width` (``W`` and ``F`` are two columns, all else
one), so that a port gives the same bytes.
"""

from __future__ import annotations

import re
import unicodedata

from ..chardata import HAN_WITH_ZERO
from . import rule

#: Starts of segments this close to each other (in the position count used)
#: belong to one column start.
CHAIN = 2

#: Column starts closer than this (in the position count used) are one column
#: and an indent inside it; the start of more lines wins.
MIN_PITCH = 8

#: Passes over the text: a block read down can leave a smaller block beside
#: it with a grid of its own, which the next pass finds.
MAX_PASSES = 3

#: Candidate column starts in one run beyond which the run is left alone.
MAX_STARTS = 16

#: Blank lines in a row that a block may span (a gap across all its columns).
MAX_BLANK_GAP = 2

#: How far right of a column start a pushed column may begin (positions).
MAX_SHIFT = 4

#: An indent inside a column (positions right of its usual start) kept as the
#: line's indent; a smaller one is the extractor's rounding.
MIN_INDENT = 2

#: Lines with text on both sides that a column start needs, within one block.
MIN_STRADDLE = 3

#: Share of a column's visible characters that must be wide (CJK), in percent.
MIN_WIDE_SHARE = 60

#: The narrowest text column read as prose, in display columns (8 Han characters).
MIN_MEASURE = 16

#: The columns of a page share one measure: the widest column's measure may
#: exceed the narrowest's by this ratio (5/4) at most.  Table columns differ.
MEASURE_RATIO = (5, 4)

#: Share of a column's cells that may hold a run of two spaces, in percent: a
#: table cell with a gutter inside is several cells.
MAX_GAPPED_SHARE = 25

#: A cell at least FULL_NUM / FULL_DEN as wide as its column's measure is "full".
FULL_NUM, FULL_DEN = 7, 8

#: Share of a block's cells that must be full, in percent (paragraph first
#: lines, indented, and last lines, ending a sentence, are not counted).
MIN_FULL_SHARE = 60

#: Share of cells that may end with a punctuation mark, in percent.
MAX_PUNCT_END_SHARE = 80

#: Marks that end a clause or sentence: a cell ending with one does not run on.
CLAUSE_END = frozenset("，。、；：？！,.;:?!")

#: Marks that end a sentence, and so may end a paragraph's last line.
SENTENCE_END = frozenset("。？！”」』）….?!")

#: Characters that end a block: tabs, Markdown table pipes, box drawing.
TABLE_MARKS = re.compile(r"[\t|\u2500-\u257f]")

#: A fence line of a Markdown code block.
FENCE = re.compile(r"^ {0,3}(?:```|~~~)")

#: A gutter: a run of two or more spaces between two non-space characters.
GUTTER = re.compile(r"[^ \n] {2,}[^ \n]")

#: A segment: non-space text, single spaces allowed inside.
SEGMENT = re.compile(r"[^ ]+(?: [^ ]+)*")

#: The two ways of counting positions (see the module docstring).
CHARS, DISPLAY = 0, 1


class _Widths(dict):
    """Display columns by character, looked up once per distinct character."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()


def char_width(ch: str) -> int:
    """Display columns of one character: 2 for East Asian wide/full-width.

    >>> char_width("中"), char_width("，"), char_width("A"), char_width("Ａ"), char_width("“")
    (2, 2, 1, 2, 1)
    """
    return _WIDTHS[ch]


def text_width(s: str) -> int:
    """Display columns of ``s``.

    >>> text_width("1907 年")
    7
    """
    if s.isascii():
        return len(s)
    return sum(map(_WIDTHS.__getitem__, s))


def segments(line: str) -> list[tuple[int, int, int, int]]:
    """The segments of ``line`` as ``(start, end, display start, display end)``.

    ``start``/``end`` index the line; the display positions count a wide
    character as two columns.

    >>> segments("中文  ab")
    [(0, 2, 0, 4), (4, 6, 6, 8)]
    >>> segments("  a b   中")
    [(2, 5, 2, 5), (8, 9, 8, 10)]
    """
    out = []
    disp = 0
    prev = 0
    for m in SEGMENT.finditer(line):
        s, e = m.span()
        disp += s - prev
        d0 = disp
        disp += text_width(m.group())
        out.append((s, e, d0, disp))
        prev = e
    return out


def column_starts(lines_segs, metric: int) -> list[int]:
    """Candidate column starts: places where segments of enough lines start.

    ``lines_segs`` holds the segments of each line; the first segment of a line
    counts too (a line whose first column is empty starts in the second).

    >>> lines = ["一二三四五六七八九十  甲乙", "一二三四五六七八  丙丁", "一二三四五六七八九  戊己"]
    >>> column_starts([segments(s) for s in lines], CHARS)  # 12, 10, 11 characters in
    [0, 10]
    >>> column_starts([segments(s) for s in lines], DISPLAY)  # 22, 18, 20 columns in
    [0, 18]
    >>> lines[1] = "一二三四五六  丙丁"
    >>> column_starts([segments(s) for s in lines], CHARS)  # 12, 8, 11: not one place
    [0]
    """
    i = 2 * metric
    by_place: dict[int, list[int]] = {}
    for n, segs in enumerate(lines_segs):
        for seg in segs:
            by_place.setdefault(seg[i], []).append(n)
    places = sorted(by_place)
    out: list[tuple[int, int]] = []
    k = 0
    n = len(places)
    while k < n:
        lo = hi = places[k]
        seen: set[int] = set()
        while k < n and places[k] <= hi + CHAIN:
            hi = places[k]
            seen.update(by_place[hi])
            k += 1
        if len(seen) < MIN_STRADDLE:
            continue
        if out and lo - out[-1][0] < MIN_PITCH:
            if len(seen) <= out[-1][1]:
                continue
            out.pop()
        out.append((lo, len(seen)))
    return [lo for lo, _ in out]


def _split_at(line: str, segs, b: int, metric: int):
    """``segs`` with a segment that crosses ``b`` cut at a single space.

    Layout-keeping extractors push a column's text right when the line to its
    left runs long, and the gutter can shrink to one space.  A segment that
    crosses ``b`` is cut at a single space between two non-ASCII characters that is
    followed by a position within :data:`MAX_SHIFT` right of ``b``; the
    segments are returned unchanged when there is none.

    >>> segs = segments("甲乙丙丁戊 己庚")
    >>> _split_at("甲乙丙丁戊 己庚", segs, 5, CHARS)
    [(0, 5, 0, 10), (6, 8, 11, 15)]
    >>> _split_at("甲乙丙丁戊 己庚", segs, 1, CHARS) == segs
    True
    """
    i = 2 * metric
    for n, seg in enumerate(segs):
        if not (seg[i] < b - CHAIN and seg[i + 1] > b):
            continue
        disp = seg[2]
        for k in range(seg[0], seg[1]):
            ch = line[k]
            if ch == " ":
                pos = k + 1 if metric == CHARS else disp + 1
                if (
                    b - CHAIN <= pos <= b + MAX_SHIFT
                    and not line[k - 1].isascii()
                    and not line[k + 1].isascii()
                ):
                    cut = [(seg[0], k, seg[2], disp), (k + 1, seg[1], disp + 1, seg[3])]
                    return segs[:n] + cut + segs[n + 1 :]
            disp += char_width(ch)
        return segs
    return segs


def _crossed(segs, b: int, metric: int) -> bool:
    """Does a segment of the line run across position ``b``?"""
    i = 2 * metric
    return any(seg[i] < b - CHAIN and seg[i + 1] > b for seg in segs)


def _straddles(segs, b: int, metric: int) -> bool:
    """Has the line text on both sides of position ``b``?"""
    i = 2 * metric
    return bool(segs) and segs[0][i] < b - CHAIN <= segs[-1][i]


def _valid_ranges(lines_segs, b: int, metric: int) -> list[tuple[int, int]]:
    """Stretches of lines ``[lo, hi)`` over which ``b`` is a column start.

    No segment crosses ``b`` in the stretch, and at least
    :data:`MIN_STRADDLE` of its lines have text on both sides of it.

    >>> segs = [segments(s) for s in ("甲乙  丙丁", "戊己  庚辛", "一二  三四", "一二三四五六七")]
    >>> _valid_ranges(segs, 4, CHARS)
    [(0, 3)]
    """
    out = []
    lo = 0
    count = 0
    for i, segs in enumerate(lines_segs):
        if _crossed(segs, b, metric):
            if count >= MIN_STRADDLE:
                out.append((lo, i))
            lo = i + 1
            count = 0
        elif _straddles(segs, b, metric):
            count += 1
    if count >= MIN_STRADDLE:
        out.append((lo, len(lines_segs)))
    return out


def _blocks(
    lines: list[str], lines_segs, metric: int
) -> list[tuple[int, int, tuple[int, ...]]]:
    """Blocks ``(lo, hi, column starts)``: consecutive lines with one set of column starts."""
    n = len(lines_segs)
    valid: list[tuple[int, ...]] = [()] * n
    bounds = column_starts(lines_segs, metric)
    if len(bounds) > MAX_STARTS:
        return []  # no page of columns; keeps the work linear
    for b in bounds:
        for k in range(n):
            if _crossed(lines_segs[k], b, metric):
                lines_segs[k] = _split_at(lines[k], lines_segs[k], b, metric)
    for b in bounds:
        for lo, hi in _valid_ranges(lines_segs, b, metric):
            for i in range(lo, hi):
                valid[i] = valid[i] + (b,)
    out = []
    i = 0
    while i < n:
        j = i + 1
        while j < n and valid[j] == valid[i]:
            j += 1
        if valid[i]:
            lo, hi = _trim(lines_segs, i, j)
            if lo < hi:
                out.append((lo, hi, valid[i]))
        i = j
    return out


def _trim(lines_segs, lo: int, hi: int) -> tuple[int, int]:
    """Lines ``[lo, hi)`` without the blank lines at either end.

    Lines under a short last column, after a blank line, that lie in the first
    column stay in the block: they are the first column's last lines.

    >>> _trim([[], [(0, 2, 0, 4)], [], [(0, 2, 0, 4)], []], 0, 5)
    (1, 4)
    """
    while lo < hi and not lines_segs[lo]:
        lo += 1
    while hi > lo and not lines_segs[hi - 1]:
        hi -= 1
    return lo, hi


def _cells(line: str, segs, bounds: tuple[int, ...], metric: int) -> list:
    """The line cut at the column starts: ``(text, start)`` or ``None`` per column."""
    i = 2 * metric
    cells: list = [None] * (len(bounds) + 1)
    col = 0
    first = last = None
    for seg in segs:
        c = col
        while c < len(bounds) and seg[i] >= bounds[c] - CHAIN:
            c += 1
        if c != col and first is not None:
            cells[col] = (line[first[0] : last[1]], first[i])
            first = None
        col = c
        if first is None:
            first = seg
        last = seg
    if first is not None:
        cells[col] = (line[first[0] : last[1]], first[i])
    return cells


def _wide_count(s: str) -> int:
    """Wide characters in ``s``.

    >>> _wide_count("1907 年6月")
    2
    """
    return text_width(s) - len(s)


def _usual_start(starts: list[int]) -> int:
    """The most common start (the smallest of the most common ones).

    >>> _usual_start([21, 23, 21, 22])
    21
    """
    counts: dict[int, int] = {}
    for s in starts:
        counts[s] = counts.get(s, 0) + 1
    return min(counts, key=lambda s: (-counts[s], s))


def _usual_width(widths: list[int]) -> int:
    """A column's measure: the most common cell width (the largest of the
    most common ones); justified and ragged prose fill most lines to it.

    >>> _usual_width([18, 18, 20, 22, 18, 6])
    18
    """
    counts: dict[int, int] = {}
    for w in widths:
        counts[w] = counts.get(w, 0) + 1
    return max(counts, key=lambda w: (counts[w], w))


def _is_heading(cell, measure: int) -> bool:
    """Is the cell a heading: at most half the measure, and no mark at its end
    (a paragraph's last line ends with one)?

    >>> _is_heading(("修改前", 0), 32), _is_heading(("工程。", 0), 32), _is_heading(None, 32)
    (True, False, False)
    """
    if cell is None:
        return False
    text = cell[0]
    return (
        2 * text_width(text) <= measure
        and text[-1] not in CLAUSE_END
        and text[-1] not in SENTENCE_END
    )


def is_prose(grid) -> bool:
    """Do the cells (rows of ``(text, start)`` or ``None``) hold running prose?

    >>> is_prose([[("我国农业生产继续保持", 0), ("全年粮食产量再创新", 24)],
    ...           [("稳定增长的良好势头，", 0), ("高，达到一万三千亿", 24)],
    ...           [("各地农民收入稳步提高", 0), ("斤，比上年增长两个百", 24)]])
    True
    >>> is_prose([[("地区", 0), ("人口（万人）", 12), ("增长率", 28)],
    ...           [("东城区", 0), ("70.8", 12), ("-1.2%", 28)],
    ...           [("西城区", 0), ("110.4", 12), ("-0.8%", 28)]])
    False
    """
    total = full = measured = punct = 0
    measures = []
    for j in range(len(grid[0])):
        cells = [row[j] for row in grid if row[j] is not None]
        if len(cells) < MIN_STRADDLE:
            return False
        text = "".join(t for t, _ in cells)
        if _wide_count(text) * 100 < MIN_WIDE_SHARE * (len(text) - text.count(" ")):
            return False
        widths = [text_width(t) for t, _ in cells]
        measure = _usual_width(widths)
        if measure < MIN_MEASURE:
            return False
        measures.append(measure)
        gapped = sum(1 for t, _ in cells if "  " in t)
        if gapped * 100 > MAX_GAPPED_SHARE * len(cells):
            return False
        usual = _usual_start([s for _, s in cells])
        column_measured = 0
        for (t, s), w in zip(cells, widths):
            if t[-1] in CLAUSE_END:
                punct += 1
            if s > usual or t[-1] in SENTENCE_END:
                continue  # a paragraph's first or last line
            column_measured += 1
            if w * FULL_DEN >= measure * FULL_NUM:
                full += 1
        if not column_measured:
            return False
        measured += column_measured
        total += len(cells)
    if max(measures) * MEASURE_RATIO[1] > min(measures) * MEASURE_RATIO[0]:
        return False
    if all(_is_heading(cell, m) for cell, m in zip(grid[0], measures)):
        return False  # a header row: every column starts with a heading
    if measured < MIN_STRADDLE:
        return False
    return (
        full * 100 >= MIN_FULL_SHARE * measured
        and punct * 100 <= MAX_PUNCT_END_SHARE * total
    )


def _misaligned(grid) -> int:
    """Cells that do not start at their column's usual start (fewer is a
    better fit of the position count).

    >>> _misaligned([[("甲乙", 0), ("丙丁", 6)], [("甲乙", 1), ("丙丁", 6)], [("甲", 0), None]])
    1
    """
    count = 0
    for j in range(len(grid[0])):
        starts = [row[j][1] for row in grid if row[j] is not None]
        usual = _usual_start(starts)
        count += sum(1 for s in starts if s != usual)
    return count


def _read_down(grid) -> list[str]:
    """The block's lines, column by column; a line indented in its column keeps
    the indent (in the counted positions, relative to the column's usual start).

    >>> _read_down([[("甲乙", 0), ("丙丁", 6)], [None, ("戊己", 8)], [("庚", 0), None]])
    ['甲乙', '庚', '丙丁', '  戊己']
    """
    out = []
    for j in range(len(grid[0])):
        starts = [row[j][1] for row in grid if row[j] is not None]
        usual = _usual_start(starts)
        for row in grid:
            if row[j] is not None:
                text, start = row[j]
                indent = start - usual
                out.append(" " * indent + text if indent >= MIN_INDENT else text)
            elif not any(row):
                out.append("")  # a gap across all columns
    return out


def _rewrite_run(lines: list[str]) -> list[str] | None:
    """The run of lines read column by column where it holds columns of prose;
    ``None`` when nothing changes."""
    parsed = [segments(line) for line in lines]
    best = None
    best_score = (0, 0)
    for metric in (CHARS, DISPLAY):
        done = []
        count = misaligned = 0
        lines_segs = list(parsed)
        for lo, hi, bounds in _blocks(lines, lines_segs, metric):
            grid = [
                _cells(lines[i], lines_segs[i], bounds, metric) for i in range(lo, hi)
            ]
            if is_prose(grid):
                done.append((lo, hi, _read_down(grid)))
                count += hi - lo
                misaligned += _misaligned(grid)
        # more lines read down wins; then the count that aligns them better
        if count and (count, -misaligned) > best_score:
            best, best_score = done, (count, -misaligned)
    if not best:
        return None
    out = list(lines)
    for lo, hi, new in reversed(best):
        out[lo:hi] = new
    return out


def _runs(lines: list[str]):
    """Runs ``(lo, hi)`` of lines a block can lie in: no form feed, tab, table
    mark or code fence inside, and no more than :data:`MAX_BLANK_GAP` blank
    lines in a row (a gap across all columns at once); a run neither starts
    nor ends with a blank line.

    >>> list(_runs(["a", "b", "", "c", "", "", "", "d", "```", "e", "```", "f"]))
    [(0, 4), (7, 8), (11, 12)]
    """
    lo = None
    last = None  # the last non-blank line of the open run
    fenced = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
            breaks = True
        else:
            breaks = fenced or TABLE_MARKS.search(line) is not None
        blank = not breaks and not line.strip(" ")
        if blank:
            if lo is not None and i - last > MAX_BLANK_GAP:
                yield lo, last + 1
                lo = None
            continue
        if breaks or line.startswith("\f"):
            if lo is not None:
                yield lo, last + 1
            lo = None
            if breaks or not line.strip(" \f"):
                continue
        if lo is None:
            lo = i
        elif i - last > MAX_BLANK_GAP + 1:
            yield lo, last + 1
            lo = i
        last = i
    if lo is not None:
        yield lo, last + 1


def table_rows(lines: list[str]) -> list[tuple[int, int, int]]:
    """The aligned tables among ``lines``, as ``(lo, hi, indent)``: rows
    ``lines[lo:hi]`` (blank lines between them allowed) and the indent all of
    them share.

    A table is what this rule finds as a block and does not read down (its
    cells are not columns of prose): the rows of such a block that hold text
    in two of its columns or more, a gutter between them.  ``line-wrap`` keeps each row a line and
    the rows together, ``cjk-space`` keeps the gutters between cells.  A row
    is never a line that starts with a form feed (a page break ends a run).

    >>> table_rows(["地区    人口（万人）    增长率", "东城区  70.8            -1.2%",
    ...             "西城区  110.4           -0.8%", "", "正文。"])
    [(0, 3, 0)]
    >>> table_rows(["一段话，里面  有个双空格。", "另一段。"])
    []
    """
    gutter = [GUTTER.search(line) is not None for line in lines]  # (asked once, here)
    if sum(gutter) < MIN_STRADDLE:
        return []
    out = []
    for lo, hi in _gutter_runs(lines, gutter):
        run = lines[lo:hi]
        parsed = [segments(line) for line in run]
        rows = [False] * len(run)
        for metric in (CHARS, DISPLAY):
            lines_segs = list(parsed)
            for blo, bhi, bounds in _blocks(run, lines_segs, metric):
                for i in range(blo, bhi):
                    if run[i].startswith("\f") or not gutter[lo + i]:
                        continue  # (a line cut only at a single space is prose pushed on)
                    cells = _cells(run[i], lines_segs[i], bounds, metric)
                    if sum(cell is not None for cell in cells) >= 2:
                        rows[i] = True
        _aligned_rows(run, parsed, rows)
        for k, segs in enumerate(parsed):
            if _spaced_out(segs):
                rows[k] = False  # letter-spacing ("全  国  人  民"): cjk-space's
        _take_neighbour_rows(run, parsed, rows)
        i = 0
        while i < len(run):
            if not rows[i]:
                i += 1
                continue
            j = last = i
            while j < len(run) and (rows[j] or not run[j].strip(" ")):
                if rows[j]:
                    last = j
                j += 1
            hi_row = last + 1
            if sum(rows[i:hi_row]) >= 2:
                indent = min(len(run[k]) - len(run[k].lstrip(" ")) for k in range(i, hi_row) if rows[k])
                out.append((lo + i, lo + hi_row, indent))
            i = hi_row
    return out


#: Vertical lines of box drawing: a drawn table has one in every row.
TABLE_RULES = ("\u2502", "\u2503", "\u2551")
_BOX = re.compile("[\u2500-\u257f]")
_TABS = re.compile("\t+")


def _marked_row(line: str) -> tuple[str, int] | None:
    """What kind of table row ``line`` is by its own marks: ("box", 0) for a
    line of a drawn table, ("tab", n) for n cells between tabs; else None."""
    if _BOX.search(line):
        return ("box", 0)
    if "\t" in line:
        cells = _TABS.split(line.strip(" \t"))
        if len(cells) >= 2:
            return ("tab", len(cells))
    return None


def marked_table_rows(lines: list[str]) -> list[tuple[int, int, int]]:
    """The tables among ``lines`` that their own marks set apart, as
    ``table_rows`` gives them: two or more lines in a row of a drawn table
    (box-drawing characters), or with as many cells between tabs (two or
    more).  Only where the text holds a tab or a vertical box line
    (:data:`TABLE_RULES`) can there be one.

    >>> marked_table_rows(["表：", "地区\\t人口", "东城\\t70.8", "正文。"])
    [(1, 3, 0)]
    >>> marked_table_rows(["┌──┬──┐", "│甲│乙│", "└──┴──┘"])
    [(0, 3, 0)]
    """
    out = []
    i, n = 0, len(lines)
    while i < n:
        kind = _marked_row(lines[i])
        if kind is None:
            i += 1
            continue
        j = i + 1
        while j < n and _marked_row(lines[j]) == kind:
            j += 1
        if j - i >= 2:
            indent = min(len(line) - len(line.lstrip(" ")) for line in lines[i:j])
            out.append((i, j, indent))
        i = j
    return out


_DIGIT = re.compile("[0-9]")


def _aligned_rows(run: list[str], parsed, rows: list[bool]) -> None:
    """Also count as rows the lines of a stretch of :data:`MIN_STRADDLE` or
    more (blank lines between them allowed) with as many cells each, two or
    more, whose columns line up (every cell after the first starts, or ends,
    within :data:`CHAIN` of one place on every line, in characters or in
    display columns) or are three or more short ones (:func:`_short_cells`),
    most of them with a figure after the first line.  The
    blocks this rule finds need columns :data:`MIN_PITCH` apart: to them a
    narrow first column ("北京  晴") is an indent.  (The figures keep out
    letter-spaced lines, "全  国  人  民", which line up as well.)

    >>> run = ["城市  天气  气温", "北京  晴    5℃", "上海  多云  12℃", "广州  小雨  18℃"]
    >>> rows = [False] * 4
    >>> _aligned_rows(run, [segments(line) for line in run], rows)
    >>> rows
    [True, True, True, True]
    """
    n = len(run)
    i = 0
    while i < n:
        k = len(parsed[i])
        if k < 2 or run[i].startswith("\f"):
            i += 1
            continue
        members = [i]
        j = i + 1
        while j < n:
            if not run[j].strip(" "):
                j += 1
                continue
            if len(parsed[j]) != k or run[j].startswith("\f"):
                break
            members.append(j)
            j += 1
        if (
            len(members) >= MIN_STRADDLE
            and 2 * sum(1 for m in members[1:] if _DIGIT.search(run[m])) >= len(members) - 1
            and (_lined_up([parsed[m] for m in members]) or _short_cells(k, [parsed[m] for m in members]))
        ):
            for m in members:
                rows[m] = True
        i = members[-1] + 1


#: The most characters a cell of a table OCR printed out of line may hold.
MAX_LOOSE_CELL = 12


def _short_cells(k: int, grid) -> bool:
    """Three cells or more a line, none longer than :data:`MAX_LOOSE_CELL`:
    a table an OCR engine printed with its gutters but not lined up (two
    gutters on every line of a stretch are no accident of prose)."""
    return k >= 3 and all(seg[1] - seg[0] <= MAX_LOOSE_CELL for segs in grid for seg in segs)


def _lined_up(grid) -> bool:
    """Does every column after the first start, or end, within :data:`CHAIN`
    of one place on every line (in characters or display columns)?"""
    for c in range(1, len(grid[0])):
        if not any(
            max(segs[c][p] for segs in grid) - min(segs[c][p] for segs in grid) <= CHAIN for p in range(4)
        ):
            return False
    return True


def _spaced_out(segs) -> bool:
    """Is every segment one character (a letter-spaced line)?"""
    return all(seg[1] - seg[0] == 1 for seg in segs)


def _gutter_runs(lines: list[str], gutter: list[bool] | None = None):
    """Runs ``(lo, hi)`` of lines with a gutter (``gutter[i]``: has
    ``lines[i]`` one), blank lines between them
    allowed, within the runs a block can lie in (:func:`_runs`), with
    :data:`MIN_STRADDLE` such lines or more.  A table is judged on its own
    lines only, so that the prose around it (however much) changes nothing:
    a text cleaned in chunks finds the same tables as the whole.

    >>> list(_gutter_runs(["正文。", "甲  乙", "", "丙  丁", "戊  己", "正文。"]))
    [(1, 5)]
    """
    if gutter is None:
        gutter = [GUTTER.search(line) is not None for line in lines]
    for lo, hi in _runs(lines):
        i = lo
        while i < hi:
            if not gutter[i]:
                i += 1
                continue
            last = i
            count = 0
            j = i
            while j < hi:
                if gutter[j]:
                    last = j
                    count += 1
                elif lines[j].strip(" "):
                    break
                j += 1
            if count >= MIN_STRADDLE:
                yield i, last + 1
            i = last + 1


def _take_neighbour_rows(run: list[str], parsed, rows: list[bool]) -> None:
    """Also count as rows the lines right above and below the rows (no
    blank line between) that have as many cells, gutters between them: a
    header row over right-aligned numbers starts its cells elsewhere.

    >>> run = ["项目        金额（万元）", "工资            1200", "办公费           350", "差旅费            85"]
    >>> rows = [False, True, True, True]
    >>> _take_neighbour_rows(run, [segments(line) for line in run], rows)
    >>> rows
    [True, True, True, True]
    """
    n = len(run)

    def like(k: int, row: int) -> bool:
        return (
            not rows[k]
            and not run[k].startswith("\f")
            and not _spaced_out(parsed[k])
            and GUTTER.search(run[k]) is not None
            and len(parsed[k]) == len(parsed[row])
        )

    for i in range(1, n):  # downwards: the line after a row
        if rows[i - 1] and like(i, i - 1):
            rows[i] = True
    for i in range(n - 2, -1, -1):  # upwards: the line before a row
        if rows[i + 1] and like(i, i + 1):
            rows[i] = True


# ---------------------------------------------------------------------------
# Listed rows: a table that a span-based extractor printed with one space
# between cells ("北京 晴 5℃"), line after line, sometimes a row broken over
# two lines where a cell was too wide for its column.

#: A listed row has at most this many cells, of at most this many characters.
MAX_LIST_CELLS = 6
MAX_LIST_CELL = MAX_LOOSE_CELL
#: Marks that end a clause (and a table's rule ``|``): a line with one is
#: prose, not a listed row.  "," and "." count only outside a number.
_LIST_STOPS = frozenset("，。；！？、;!?|")
#: A first cell that makes the line a Markdown list item or quote.
_MD_ITEMS = frozenset(("-", "*", "+", ">"))
_ASCII_DIGITS = frozenset("0123456789")
_LIST_LINE = rf" *\S{{1,{MAX_LIST_CELL}}}(?: \S{{1,{MAX_LIST_CELL}}}){{0,{MAX_LIST_CELLS - 1}}} *"
#: Three lines in a row that may be listed rows: only then is it worth
#: looking at the lines one by one.
_LIST_GATE = re.compile(rf"(?m)^{_LIST_LINE}\n{_LIST_LINE}\n{_LIST_LINE}$")
_RE_HAN = re.compile(f"[{HAN_WITH_ZERO}]")
_BARE_NUMBER = re.compile("[0-9][0-9.,]*")
_HAN_THEN_DIGITS = re.compile(f"[{HAN_WITH_ZERO}][0-9.,]*[0-9]\\Z")
_DIGITS_THEN_HAN = re.compile(f"[0-9][0-9.,]*[{HAN_WITH_ZERO}]{{3}}")


def _list_cells(line: str) -> list[str] | None:
    """The cells of ``line`` if it can be a listed row (or half of one),
    else None: :data:`MAX_LIST_CELLS` cells or fewer, one space apart, none
    longer than :data:`MAX_LIST_CELL`, no clause mark, tab or box drawing,
    not a Markdown heading, list item or quote.

    >>> _list_cells("长春 晴 -12℃")
    ['长春', '晴', '-12℃']
    >>> _list_cells("近日，市统计局 发布") is None
    True
    """
    s = line.strip(" ")
    if not s or s[0] == "#":
        return None
    cells = s.split(" ")
    if len(cells) > MAX_LIST_CELLS or cells[0] in _MD_ITEMS:
        return None
    for cell in cells:
        if not cell or len(cell) > MAX_LIST_CELL:  # (an empty cell: a gutter)
            return None
    last = len(s) - 1
    for i, ch in enumerate(s):
        if ch in _LIST_STOPS or "\u2500" <= ch <= "\u257f" or (ch != " " and ch.isspace()):
            return None
        if (ch == "," or ch == ".") and not (
            0 < i < last and s[i - 1] in _ASCII_DIGITS and s[i + 1] in _ASCII_DIGITS
        ):
            return None  # (punct-width may widen it: the line would change kind)
    return cells


def _figures(cells: list[str]) -> tuple[bool, ...]:
    """Which cells hold a figure: a listed table's shape."""
    return tuple(_DIGIT.search(cell) is not None for cell in cells)


def _joined_row(upper: str, lower: str) -> str:
    """Two halves of a broken row as one: a word broken between two Han
    characters joins up, anything else is a new cell."""
    a, b = upper.strip(" "), lower.strip(" ")
    if _RE_HAN.match(a[-1]) and _RE_HAN.match(b[0]):
        return a + b
    return a + " " + b


def _a_row(cells: list[str], shape: tuple[bool, ...]) -> bool:
    """Do ``cells`` make a row of that shape: as many cells, figures only
    where the shape has them and at least one (a cell of a row may lack its
    figure: "微风" among "东北风4级", a header's "1997年" over "546.3"), a Han
    character, not every cell one character (letter-spacing), and no bare
    number between two Han cells (prose spaced around its numbers, "在今年
    1 月")?"""
    if len(cells) != len(shape):
        return False
    figures = _figures(cells)
    if not any(figures) or any(f and not s for f, s in zip(figures, shape)):
        return False
    return (
        any(_RE_HAN.search(cell) for cell in cells)
        and any(len(cell) > 1 for cell in cells)
        and not _spaced_number(cells)
    )


def _spaced_number(cells: list[str]) -> bool:
    """Is a number spaced off the running text it belongs to, as extractors
    and OCR engines space prose: a cell of bare digits between a cell that
    ends with a Han character and one that starts with one ("今年 1 月"), or
    a cell that ends with digits right after a Han character before a cell
    that starts with one ("北京3 月28"), or a cell that ends with a Han
    character before one of digits and three Han characters or more ("美軍
    4名士兵涉"; a unit is seldom that long: "12万元")?

    >>> _spaced_number(["嫌在今年", "1", "月強"]), _spaced_number(["据新华社北京3", "月28"])
    (True, True)
    >>> _spaced_number(["美軍", "4名士兵涉"]), _spaced_number(["投资", "12万元"])
    (True, False)
    >>> _spaced_number(["张三", "95"]), _spaced_number(["9:30", "现场会"]), _spaced_number(["北风3级", "晴"])
    (False, False, False)
    """
    for i in range(len(cells) - 1):
        left, right = cells[i], cells[i + 1]
        if not _RE_HAN.match(right[0]):
            if _RE_HAN.match(left[-1]) and _DIGITS_THEN_HAN.match(right):
                return True
            continue
        if _BARE_NUMBER.fullmatch(left):
            if i > 0 and _RE_HAN.match(cells[i - 1][-1]):
                return True
        elif _HAN_THEN_DIGITS.search(left):
            return True
    return False


def list_rows(lines: list[str]) -> tuple[list[tuple[int, int, int]], dict[int, str]]:
    """The listed tables among ``lines``: ranges ``(lo, hi, indent)`` as
    :func:`table_rows` gives them, and the rows broken over two lines, as
    ``{index of the upper half: the row joined}``.

    A listed table is :data:`MIN_STRADDLE` rows or more on consecutive lines
    (blank lines end it), each of :func:`_list_cells`, with one shape: as many
    cells, a figure in the same ones (at least one), and a Han character.
    Its shape is the one that explains most rows (lines of it, and pairs of
    lines that joined are of it); of two, the one with more cells, then the
    first seen.  A line without a figure, with as many cells, may head it.
    Two lines of fewer cells that joined make a row of that shape are one row
    broken over two lines.  Prose does not qualify: a clause mark, a long
    word or a line of another shape ends a table.

    >>> list_rows(["天气预报", "城市 天气 气温", "哈尔滨 小雪转", "阴 -15℃",
    ...            "长春 晴 -12℃", "沈阳 多云 -8℃", "", "正文。"])
    ([(1, 6, 0)], {2: '哈尔滨 小雪转阴 -15℃'})
    >>> list_rows(["全市共有 95", "名学生参加 3", "项比赛 获奖 12", "人次。"])
    ([], {})
    """
    out: list[tuple[int, int, int]] = []
    joins: dict[int, str] = {}
    n = len(lines)
    i = 0
    while i < n:
        first = _list_cells(lines[i])
        if first is None:
            i += 1
            continue
        run = [first]
        j = i + 1
        while j < n:
            cells = _list_cells(lines[j])
            if cells is None:
                break
            run.append(cells)
            j += 1
        if len(run) >= MIN_STRADDLE:
            _listed_table(lines, i, run, out, joins)
        i = j
    return out, joins


def _listed_table(lines, base: int, run: list[list[str]], out, joins) -> None:
    """:func:`list_rows` on one run of candidate lines ``lines[base:base+len(run)]``."""
    n = len(run)
    shapes = [_figures(cells) for cells in run]
    # How many rows each shape explains: the lines of that shape, and the
    # pairs of lines with fewer cells that joined are of it.
    rows_of: dict[tuple[bool, ...], int] = {}
    for m, (cells, shape) in enumerate(zip(run, shapes)):
        if len(cells) >= 2 and any(shape) and _a_row(cells, shape):
            rows_of[shape] = rows_of.get(shape, 0) + 1
        if m + 1 < n:
            joined = _joined_row(lines[base + m], lines[base + m + 1]).split(" ")
            whole = _figures(joined)
            if len(cells) < len(whole) and len(run[m + 1]) < len(whole) and any(whole) and _a_row(joined, whole):
                rows_of[whole] = rows_of.get(whole, 0) + 1
    if not rows_of:
        return
    # the shape that explains most rows; of two, the one with more cells (a
    # broken row's halves have fewer), then the first seen
    shape = ()
    for candidate, count in rows_of.items():
        if (count, len(candidate)) > (rows_of.get(shape, 0), len(shape)):
            shape = candidate
    k = len(shape)
    lo = -1  # where the table being read starts, -1 for none
    rows = 0
    pending: dict[int, str] = {}

    def close(hi: int) -> None:
        if lo >= 0 and rows >= MIN_STRADDLE:
            indent = min(len(lines[base + m]) - len(lines[base + m].lstrip(" ")) for m in range(lo, hi))
            out.append((base + lo, base + hi, indent))
            joins.update(pending)

    m = 0
    while m < n:
        if _a_row(run[m], shape):
            step = 1
        elif m + 1 < n and len(run[m]) < k and len(run[m + 1]) < k:
            joined = _joined_row(lines[base + m], lines[base + m + 1])
            if not _a_row(joined.split(" "), shape):
                step = 0
            else:
                step = 2
                pending_join = joined
        else:
            step = 0
        if step == 0:
            if lo >= 0:
                close(m)
                lo, rows, pending = -1, 0, {}
                continue  # (the line may head the next table)
            if len(run[m]) == k and not any(shapes[m]) and any(len(cell) > 1 for cell in run[m]):
                lo = m  # a header row: the table starts here if rows follow
            m += 1
            continue
        if lo < 0:
            lo, rows, pending = m, 0, {}
        if step == 2:
            pending[base + m] = pending_join
        rows += 1
        m += step
    close(n)


def has_list(text: str) -> bool:
    """Can ``text`` hold a listed table (three short lines in a row)?"""
    return "\n" in text and _LIST_GATE.search(text) is not None


@rule("columns")
def columns(text: str) -> str:
    """Read side-by-side columns of prose column by column; tables stay as they are.

    A layout-keeping extractor printed the columns on the same lines; each
    block of them becomes its first column's lines, then the next column's.

    >>> print(columns(
    ...     "我国农业生产继续保持    全年粮食产量再创新\\n"
    ...     "稳定增长的良好势头，    高，达到一万三千亿\\n"
    ...     "各地农民收入稳步提高    斤，比上年增长两个百"))
    我国农业生产继续保持
    稳定增长的良好势头，
    各地农民收入稳步提高
    全年粮食产量再创新
    高，达到一万三千亿
    斤，比上年增长两个百

    Tables whose rows are read across stay as they are:

    >>> table = "地区    人口（万人）    增长率\\n东城区  70.8            -1.2%\\n西城区  110.4           -0.8%\\n"
    >>> columns(table) == table
    True
    """
    out = text
    for _ in range(MAX_PASSES):
        if GUTTER.search(out) is None:
            break
        new = _one_pass(out)
        if new is None:
            break
        out = new
    return out


def _one_pass(text: str) -> str | None:
    """Every run of ``text`` read column by column once; ``None`` if no change."""
    lines = text.split("\n")
    changed = False
    for lo, hi in reversed(list(_runs(lines))):
        if hi - lo < MIN_STRADDLE:
            continue
        run = lines[lo:hi]
        if sum(1 for line in run if GUTTER.search(line)) < MIN_STRADDLE:
            continue
        ff = ""
        if run[0].startswith("\f"):
            body = run[0].lstrip("\f")
            ff = run[0][: len(run[0]) - len(body)]
            run[0] = body
        new = _rewrite_run(run)
        if new is None:
            continue
        new[0] = ff + new[0]
        lines[lo:hi] = new
        changed = True
    return "\n".join(lines) if changed else None
