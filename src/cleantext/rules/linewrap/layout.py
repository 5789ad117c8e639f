"""The layout of the result, for :mod:`cleantext.rules.linewrap`.

Splits a text into runs of lines (Markdown structure and fenced code kept),
asks the judgement about each break, and writes one paragraph a line with one
blank line between paragraphs; :func:`_already_output` recognises text that is
already in that form (a fixed point).
"""

from __future__ import annotations

import re

from .lines import (
    Line,
    Paragraph,
    _RE_FENCE,
    _RE_HAN_CHAR,
    _RE_HEADING,
    _RE_LIST,
    _RE_MARK,
    _RE_QUOTE,
    _RE_RULE,
    _RE_TABLE,
    _STRIP,
    _end_class_of,
    _parse_line,
    is_lone_mark,
    _parse_lines,
    _special,
    line_width,
)
from ..columns import GUTTER, TABLE_RULES, has_list, list_rows, marked_table_rows, table_rows
from .columns import (
    _INDENT_REACH,
    _RUNS_ON,
    _ends_long,
    _gap_evidence,
    _local_measures,
    _measures,
    _measures_of,
    _near,
)
from .judgement import (
    _between_words,
    _indented_first_line,
    _inside_indented_paragraph,
    _runs_on_into_body,
    should_join,
    strong_join,
)

def _paragraphs(run: list[Line]) -> list[str]:
    """Join a run of prose lines into paragraphs (their ``gap`` already
    judged by :func:`_gap_evidence`)."""
    measures = _measures(run)
    locals_ = _local_measures(run, measures)
    # paragraphs marked by an indent (U+3000, spaces) at their first line
    indents = _near([line.para_indent for line in run], _INDENT_REACH)
    # a byline-shaped line that is a fragment of a sentence, or the first
    # line of an indented paragraph
    for k in range(len(run) - 1):
        line = run[k]
        if not line.joinable and (
            (k and _between_words(run[k - 1], line, run[k + 1])) or _indented_first_line(line, run[k + 1])
        ):
            run[k] = line._replace(joinable=True)
    into_body = _runs_on_into_body(run)
    # each line: is it the last of its block (what follows starts a paragraph)?
    n = len(run)
    last_of_block = [
        k + 1 >= n or run[k + 1].indented or run[k + 1].gap > 0 or not run[k + 1].joinable for k in range(n)
    ]
    paras: list[str] = []
    current = Paragraph(run[0])
    for k in range(1, len(run)):
        line = run[k]
        prev = run[k - 1]
        after = run[k + 1] if k + 1 < len(run) else None
        indented = bool(indents[k]) and current.first_indented
        after_body = k + 1 < len(run) and into_body[k + 1]
        if (
            not line.joinable
            and indented
            and after is not None
            and _inside_indented_paragraph(prev, line, after, after_body)
        ):
            line = run[k] = line._replace(joinable=True)
        # strong_join on top: what a second run would join is joined now
        if should_join(
            prev,
            line,
            after,
            measures[k - 1],
            current,
            locals_[k - 1],
            indented,
            after_body,
            k + 1 >= n or last_of_block[k + 1],
        ) or strong_join(current, line):
            current.add(line)
        else:
            paras.append(current.text())
            current = Paragraph(line)
    paras.append(current.text())
    return paras


def _md_kind(raw: str) -> str:
    """The kind of Markdown structure ``raw`` is, or "" for prose."""
    c = raw[:1]
    if c == "#" or c == " ":
        if _RE_HEADING.match(raw):
            return "heading"
    if c in "-*_ " and _RE_RULE.match(raw):
        return "rule"
    if (c in "-*+ " or c.isdigit()) and _RE_LIST.match(raw):
        return "list"
    if (c == ">" or c == " ") and _RE_QUOTE.match(raw):
        return "quote"
    if (c == "|" or c == " ") and _RE_TABLE.match(raw):
        return "table"
    return ""


#: Text that may need work: a line break, or whitespace at either end.
_RE_NEEDS_WORK = re.compile(r"[\n\f]|^[ \t\u3000]|[ \t\u3000]$")
#: Whitespace at the end of a line (before a line break or at the end).
_RE_TRAILING = re.compile(r"[ \t\u3000]+(?=\n|\Z)")
#: Markdown kinds whose consecutive lines belong together.
_TIGHT = frozenset(("list", "quote", "table"))


#: A paragraph that may be Markdown structure (checked the slow way).
_RE_MD_START = re.compile(r"(?:\n\n|\A)(?:[#>|`~*+-]|\d+[.)] )")


def _already_output(text: str) -> bool:
    """Is ``text`` in the output form with nothing to join (a quick check)?

    One paragraph a line, one blank line between, no Markdown, no column
    anywhere, and no paragraph that a strong join would take: then the rule
    has nothing to do.  This costs a few microseconds a paragraph.
    """
    if text[:1].isspace() or text[-1:] in " \t\u3000" or text.endswith("\n\n"):
        return False
    if "\n\n\n" in text or "\f" in text or "\t" in text:
        return False
    # every line break but a final one is half of a blank line
    single = text.count("\n") - 2 * text.count("\n\n")
    if single != (1 if text.endswith("\n") else 0):
        return False
    if " \n" in text or "\n " in text or "\u3000\n" in text or "\n\u3000" in text or "\r" in text:
        return False
    paras = text.rstrip("\n").split("\n\n")
    if len(paras) < 2:
        return True
    if any(len(p) <= 3 and is_lone_mark(p) for p in paras[1:]):
        return False  # a mark alone, which belongs to the paragraph before
    # runs of prose between Markdown structure, as fix_line_wraps makes them
    runs: list[list[str]] = [[]]
    if _RE_MD_START.search(text):
        for p in paras:
            if p[:1] in "#>|`~*+-_ 0123456789" and (_md_kind(p) or _RE_FENCE.match(p)):
                if _RE_FENCE.match(p):
                    return False
                runs.append([])
            else:
                runs[-1].append(p)
    else:
        runs[0] = paras
    for run in runs:
        n = len(run)
        if n < 2:
            continue
        open_flags = [
            _end_class_of(p) in _RUNS_ON
            and not _special(p)
            for p in run
        ]
        # (no column needs fewer than two lines that run on: widths unneeded)
        if n >= 3 and sum(open_flags) >= 2:
            # measured as _measures() does: without the paragraphs that
            # end with a URL
            kept = [k for k, p in enumerate(run) if not _ends_long(p)]
            flags = [open_flags[k] for k in kept]
            widths = [line_width(run[k]) for k in kept]
            if any(m is not None for m in _measures_of(widths, flags)):
                return False
        for k in range(n - 1):
            if _may_join(run[k]):
                if strong_join(Paragraph.of(run[k]), _parse_line(run[k + 1], 1)):
                    return False
    return True


def _may_join(paragraph: str) -> bool:
    """A quick test: could :func:`strong_join` join after ``paragraph``?"""
    end = paragraph[-1:]
    if end in "，、,":
        return True
    # (any paragraph of body text that stops on a character: the next one
    # may be the tail of its sentence)
    return bool(_RE_HAN_CHAR.match(end)) and bool(_RE_MARK.search(paragraph))


def _lines(text: str):
    """The lines of ``text``; a form feed (a page break) also breaks a line,
    and the line after it starts with it ("\\f" + line), except inside a
    fenced code block."""
    in_fence = ""
    for raw in text.split("\n"):
        if in_fence:
            closing = raw.strip()
            if closing.startswith(in_fence) and not closing.strip(in_fence[0]):
                in_fence = ""
            yield raw
            continue
        m = _RE_FENCE.match(raw) if raw[:1] in "`~ " else None
        if m:
            in_fence = m.group(1)
            yield raw
            continue
        if "\f" not in raw:
            yield raw
            continue
        pieces = raw.split("\f")
        yield pieces[0]
        for piece in pieces[1:]:
            yield "\f" + piece


def _layout(text: str) -> str:
    """One pass of :func:`fix_line_wraps` (the text needs work)."""
    ends_nl = text.endswith("\n")
    out: list[str] = []  # separators and blocks, alternating
    raws: list[str] = []  # the run of prose lines, parsed at its end
    gaps: list[int] = []
    gap = 0
    fence: list[str] | None = None
    fence_mark = ""
    prev_md = ""

    def flush() -> None:
        if raws:
            lines = _parse_lines(raws, gaps)
            # (a headline, a byline or a note ends on a character too: only
            # prose that runs on counts)
            evidence = _gap_evidence(gaps, [line.end in _RUNS_ON and line.joinable for line in lines])
            for k, g in enumerate(evidence):
                if g != gaps[k]:
                    lines[k] = lines[k]._replace(gap=g)
            for p in _paragraphs(lines):
                out.append("\n\n")
                out.append(p)
            raws.clear()
            gaps.clear()

    raw_lines = _lines(text)
    # Aligned tables (found as the columns rule finds blocks): each row stays
    # a line, the rows stay together, without their shared indent.  (Only
    # text with a double space can hold one: the lines are listed only then.)
    rows: dict[int, tuple[int, int]] = {}
    # Listed tables (one space between cells): a row broken over two lines
    # is written joined, at its upper half; the lower half is left out.
    joins: dict[int, str] = {}
    marked = "\t" in text or any(rule in text for rule in TABLE_RULES)
    gutters = "  " in text and GUTTER.search(text) is not None
    listed = has_list(text)
    if gutters or marked or listed:
        raw_lines = list(raw_lines)
        tables = table_rows(raw_lines) if gutters else []
        if marked:
            # (a table its tabs or box lines set apart; the columns rule
            # leaves such lines to it)
            tables += marked_table_rows(raw_lines)
        if listed:
            found, joins = list_rows(raw_lines)
            tables += found
        for k, (lo, hi, indent) in enumerate(tables):
            for i in range(lo, hi):
                if raw_lines[i].strip(" "):
                    rows[i] = (k, indent)
        for i in joins:
            rows[i + 1] = (rows[i][0], -1)
    table = -1  # the table whose rows are being written

    for index, raw in enumerate(raw_lines):
        if fence is not None:
            fence.append(raw)
            closing = raw.strip()
            if closing.startswith(fence_mark) and not closing.strip(fence_mark[0]):
                out.append("\n\n")
                out.append("\n".join(fence))
                fence = None
                prev_md = ""
            continue
        if raw[:1] == "\f":
            raw = raw[1:]
            gap += 1  # a page break: a blank line's worth of evidence
        if not raw.strip(_STRIP):
            gap += 1
            continue
        if rows and index in rows:
            flush()
            k, indent = rows[index]
            if indent < 0:
                continue  # the lower half of a broken row, written already
            out.append("\n" if k == table else "\n\n")
            out.append(joins[index] if index in joins else raw[indent:].rstrip(_STRIP))
            table = k
            prev_md = ""
            gap = 0
            continue
        table = -1
        if raw[:1] in "`~ " and _RE_FENCE.match(raw):
            flush()
            fence = [raw]
            fence_mark = _RE_FENCE.match(raw).group(1)
            gap = 0
            continue
        kind = _md_kind(raw) if raw[:1] in "#-*_+>| 0123456789" else ""
        if kind:
            flush()
            line = raw.rstrip(_STRIP)
            tight = gap == 0 and kind == prev_md and kind in _TIGHT
            if not tight:  # the indentation of a nested item stays
                line = line.lstrip(" ")
            out.append("\n" if tight else "\n\n")
            out.append(line)
            prev_md = kind
            gap = 0
            continue
        if raws and is_lone_mark(raw.strip(_STRIP)):
            # a mark on a line of its own belongs to the line before (the
            # blank lines between them say nothing)
            raws[-1] = raws[-1].rstrip(_STRIP) + raw.strip(_STRIP)
            gap = 0
            prev_md = ""
            continue
        raws.append(raw)
        gaps.append(gap)
        gap = 0
        prev_md = ""
    if fence is not None:  # an unclosed fence: copied as it is
        while fence and not fence[-1].strip(_STRIP):
            fence.pop()
        fence[-1] = fence[-1].rstrip(_STRIP)
        fence[0] = fence[0].lstrip(" ")
        out.append("\n\n")
        out.append("\n".join(fence))
    flush()
    result = "".join(out[1:])
    if ends_nl and result:
        result += "\n"
    return result
