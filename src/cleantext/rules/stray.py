"""Stray marks that the scan, the OCR engine or the page break left in the text.

Repairs
    * a stray point between a number and its percent sign: "96.2.%" → "96.2%"
      (also "％", "‰", "‱");
    * a comma, enumeration comma or full stop doubled by the scan: "，，" → "，",
      "、、" → "、", "。。" → "。" (exactly two);
    * a vertical bar an OCR engine read from a speck between two Chinese
      characters: "报刊|刊登" → "报刊刊登";
    * form feeds (page breaks) and page-break debris: a line that is only a
      page number printed as "- 3 -", "—3—" or "第3页"/"第3页 共10页", or a bare
      page number next to a form feed.

Must not touch
    Decimals and percentages ("96.2%", "1.5.3 节"), "……", "——", three or more
    full stops ("。。。" is ``punct-width``'s business, it makes "……"), "..."
    and "--"; "|" in tables and Markdown (a line with more than one bar) or
    next to a space; numbers and headings on their own line ("3", "第三版",
    "2018"); fenced code blocks.  Lines of OCR noise from a picture
    ("s%      世人        S%    %") are left too: they hold letters and Han
    characters, and no rule drops content it cannot prove to be stray.
"""

from __future__ import annotations

import re

from .._edits import apply_edits
from ..chardata import HAN, lazy_compile
from . import rule
from .doubling import collapse_fake_bold

_HAN = HAN

# A point after a number that already stands complete before its percent sign.
_DOT_BEFORE_PERCENT = lazy_compile(r"(?<=[0-9])[.．](?=[%％‰‱])")
# A run of commas, enumeration commas and full stops, spaces between them
# allowed (``cjk-space`` removes those later); only a run of exactly two
# identical marks is a doubling ("。。。" is not).
_MARK_RUN = lazy_compile("[，、。](?:[ \u3000]*[，、。])+")


def _undouble(m: re.Match) -> str:
    run = m.group()
    marks = run.replace(" ", "").replace("\u3000", "")
    if len(marks) == 2 and marks[0] == marks[1]:
        return marks[0]
    return run
# A bar (ASCII, full-width or broken) glued between two Chinese characters.
_BAR = lazy_compile(f"(?<=[{_HAN}])[|｜¦](?=[{_HAN}])")
_BARS = lazy_compile("[|｜¦]")

# Page numbers printed between dashes ("- 3 -", "—3—", "－ 3 －") or as
# "第3页", "第 3 页 共 10 页", "第3页/共10页": never a line of text.
_SP = "[ \t\u3000]*"
_PAGE_NUMBER = (
    rf"{_SP}(?:[-—–－─]{{1,2}}{_SP}[0-9]{{1,4}}{_SP}[-—–－─]{{1,2}}"
    rf"|第{_SP}[0-9]{{1,4}}{_SP}页(?:{_SP}[，,/／]?{_SP}共{_SP}[0-9]{{1,4}}{_SP}页)?){_SP}"
)
_PAGE_NUMBER_LINE = lazy_compile(_PAGE_NUMBER)
_BARE_NUMBER_LINE = lazy_compile(rf"{_SP}[0-9]{{1,4}}{_SP}")

_FENCE = lazy_compile(r"^ {0,3}(```|~~~)")



# Candidates, each found by a scan the regex engine runs fast (a literal
# first): two equal marks with blanks between, a point before a percent
# sign, a page-number line (at the line break before it), a bare number line.
_MARK_PAIRS = tuple(lazy_compile(f"{m}[ \u3000]*{m}") for m in "，、。")
_MARKS = "，、。"
_POINTS = tuple(lazy_compile(f"{re.escape(p)}(?=[%％‰‱])") for p in ".．")
_PAGE_LINE_FIRST = lazy_compile(rf"{_PAGE_NUMBER}(?:\n|\Z)")
_PAGE_LINE = lazy_compile(rf"\n(?={_PAGE_NUMBER}(?:\n|\Z))")
_BARE_LINE_FIRST = lazy_compile(r"[ \t\u3000]*[0-9]{1,4}[ \t\u3000]*(?:\n|\Z)")
_BARE_LINE = lazy_compile(r"\n(?=[ \t\u3000]*[0-9]{1,4}[ \t\u3000]*(?:\n|\Z))")
_FENCE_ANYWHERE = lazy_compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)

# Substrings one of which every repair needs: checked once a candidate is
# found (a page-number line at the very top counts only when its dash and
# digit are within the first 200 characters, as this gate has always had it).
_QUICK = ("%", "％", "‰", "‱", "，，", "、、", "。。", "， ", "、 ", "。 ", "，\u3000", "、\u3000", "。\u3000", "|", "｜", "¦", "\f", "页")
# A line starting with a dash and a digit (a page number "- 3 -"); the
# literal "\n" first lets the regex engine skip ahead fast.
_QUICK_PAGE = lazy_compile(r"\n[ \t\u3000]*[-—–－─]{1,2}[ \t\u3000]*[0-9]")


def _fix_lines(text: str) -> str:
    """Line-level repairs: page-number lines, bars, doubled marks, stray points."""
    lines = text.split("\n")
    out: list[str] = []
    fence = None
    changed = False
    dropped = False  # a line was just dropped: do not leave two blank lines
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is not None or m:
            if fence is None:
                fence = m.group(1)
            elif m and m.group(1) == fence:
                fence = None
            out.append(line)
            dropped = False
            continue
        if dropped and _blank(line) and (not out or _blank(out[-1])):
            continue
        dropped = False
        if (
            _PAGE_NUMBER_LINE.fullmatch(line)
            or (_BARE_NUMBER_LINE.fullmatch(line) and _next_to_form_feed(lines, i))
        ):
            changed = dropped = True
            continue
        new = line
        if ("|" in line or "｜" in line or "¦" in line) and len(_BARS.findall(line)) == 1:
            bar = _BAR.search(line)
            if bar is not None and _bar_may_go(line, bar.start(), bar.end()):
                new = line[: bar.start()] + line[bar.end() :]
        if "，" in new or "、" in new or "。" in new:
            new = _MARK_RUN.sub(_undouble, new)
        if "." in new or "．" in new:
            new = _DOT_BEFORE_PERCENT.sub("", new)
        if new != line:
            changed = True
        out.append(new)
    if not changed:
        return text
    return "\n".join(out)


def _bar_may_go(line: str, start: int, end: int) -> bool:
    """May the bar at ``line[start:end]`` go?  Not where the line without it
    reads as fake bold ("是是｜的的"): fake-bold, which runs first, judged the
    line with the bar in it, and its next run would collapse the line.  The
    bar is then no speck between two words but a seam in doubled text.

    >>> _bar_may_go("报刊|刊登", 2, 3), _bar_may_go("是是｜的的", 2, 3)
    (True, False)
    """
    joined = line[:start] + line[end:]
    return collapse_fake_bold(joined) == joined


def _page_lines(text: str) -> list[int]:
    """Indices of the lines that may be page-number debris (``_fix_lines``
    decides), in order."""
    starts = [m.start() + 1 for m in _PAGE_LINE.finditer(text)]
    if _PAGE_LINE_FIRST.match(text):
        starts.insert(0, 0)
    if "\f" in text:
        starts.extend(m.start() + 1 for m in _BARE_LINE.finditer(text))
        if _BARE_LINE_FIRST.match(text):
            starts.append(0)
        starts = sorted(set(starts))
    index, at, lines = 0, 0, []
    for start in starts:
        index += text.count("\n", at, start)
        at = start
        lines.append(index)
    return lines


def _drop_page_lines(text: str, candidates: list[int]) -> str:
    """``_fix_lines``' page-number repair alone (no fenced code in ``text``):
    drop the candidate lines that are page debris and the blank lines a drop
    leaves after a blank line or at the top."""
    lines = text.split("\n")
    # removed line -> the last line kept before it (-1: none)
    removed: dict[int, int] = {}
    after = 0  # lines before this were judged
    for i in candidates:
        if i < after:
            continue
        line = lines[i]
        if not (
            _PAGE_NUMBER_LINE.fullmatch(line)
            or (_BARE_NUMBER_LINE.fullmatch(line) and _next_to_form_feed(lines, i))
        ):
            continue
        kept = removed.get(i - 1, i - 1)
        removed[i] = kept
        after = i + 1
        if kept < 0 or _blank(lines[kept]):
            while after < len(lines) and _blank(lines[after]):
                removed[after] = kept
                after += 1
    if not removed:
        return text
    return "\n".join(line for i, line in enumerate(lines) if i not in removed)


def _line_edits(text: str) -> list[tuple[int, int, str]]:
    """``_fix_lines``' in-line repairs as (start, end, replacement), in order:
    a bar alone in its line between Han characters, two equal marks, a point
    between a number and its percent sign.  (They never touch each other.)"""
    edits = []
    if "|" in text or "｜" in text or "¦" in text:
        line_end = -1
        for m in _BARS.finditer(text):
            if m.start() < line_end:
                continue  # a line with a bar already judged
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.start())
            line_end = len(text) if line_end < 0 else line_end
            if (
                len(_BARS.findall(text, line_start, line_end)) == 1
                and _BAR.match(text, m.start())
                and _bar_may_go(text[line_start:line_end], m.start() - line_start, m.end() - line_start)
            ):
                edits.append((m.start(), m.end(), ""))
    hits = sorted(m.start() for pair in _MARK_PAIRS for m in pair.finditer(text))
    judged = 0  # the chains of marks before this are judged
    for hit in hits:
        if hit < judged:
            continue
        # Back to the first mark of the chain ("，，，" is one run).
        start = before = hit
        while before > judged:
            before -= 1
            if text[before] in _MARKS:
                start = before
            elif text[before] not in " \u3000":
                break
        run = _MARK_RUN.match(text, start)
        judged = run.end()
        replacement = _undouble(run)
        if replacement != run.group():
            edits.append((start, run.end(), replacement))
    for point in _POINTS:
        for m in point.finditer(text):
            if m.start() and "0" <= text[m.start() - 1] <= "9":
                edits.append((m.start(), m.end(), ""))
    edits.sort()
    return edits



def _blank(line: str) -> bool:
    return line.strip(" \t\u3000") == ""


def _next_to_form_feed(lines: list[str], i: int) -> bool:
    """Is line ``i`` next to a page break (a form feed, blank lines between)?"""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and _blank(lines[j]) and "\f" not in lines[j]:
            j += step
        if 0 <= j < len(lines) and "\f" in lines[j]:
            return True
    return False


_FF_LINE = lazy_compile(r"\n?[ \t\u3000]*\f[ \t\u3000\f]*(?=\n|$)")
_FF = lazy_compile(r"[ \t\u3000]*\f+[ \t\u3000]*")


def _remove_form_feeds(text: str) -> str:
    # A line that is only a page break goes; a page break inside a line
    # separates two pages' text, which become separate lines.
    text = _FF_LINE.sub("", text)
    if "\f" in text:
        text = _FF.sub(_ff_repl, text)
    if text.endswith("\n\n"):
        text = text.rstrip("\n") + "\n"
    return text


def _ff_repl(m: re.Match) -> str:
    s = m.string
    a, b = m.span()
    at_line_start = a == 0 or s[a - 1] == "\n"
    at_line_end = b == len(s) or s[b] == "\n"
    return "" if at_line_start or at_line_end else "\n"


@rule("stray-mark")
def remove_stray_marks(text: str) -> str:
    """Remove stray marks from the scan and the page break: "96.2.%" → "96.2%", "，，" → "，".

    >>> remove_stray_marks("占 96.2.%。")
    '占 96.2%。'
    >>> remove_stray_marks("据统计，，全市共有、、四个。。")
    '据统计，全市共有、四个。'
    >>> remove_stray_marks("省及地市报刊|刊登达标排放")
    '省及地市报刊刊登达标排放'
    >>> remove_stray_marks("第一页的文字。\\n\\n- 3 -\\n\\f第二页的文字。\\n")
    '第一页的文字。\\n\\n第二页的文字。\\n'

    Left alone:

    >>> s = "增长96.2%，他说……好——对。。。|姓名|年龄|"
    >>> remove_stray_marks(s) is s
    True
    >>> s = "第三版\\n\\n3\\n\\n2018"
    >>> remove_stray_marks(s) is s
    True
    """
    # Whole-text scans find the few places to look at; only those lines are
    # judged (line by line only when the text has fenced code).
    pages = _page_lines(text)
    edits = _line_edits(text)
    if not (pages or edits or "\f" in text):
        return text
    if not (any(mark in text for mark in _QUICK) or _QUICK_PAGE.search("\n" + text[:200]) or _QUICK_PAGE.search(text)):
        return text
    if ("`" in text or "~" in text) and _FENCE_ANYWHERE.search(text):
        new = _fix_lines(text)  # line by line, leaving fenced code alone
    else:
        new = _drop_page_lines(text, pages) if pages else text
        if new is not text:
            edits = _line_edits(new)
        new = apply_edits(new, edits)
    if "\f" in new:
        new = _remove_form_feeds(new)
    return text if new == text else new
