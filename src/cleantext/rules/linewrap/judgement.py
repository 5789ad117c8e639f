"""The join judgement of :mod:`cleantext.rules.linewrap`: is a line break a wrap?

:func:`should_join` weighs the evidence around one break (the column
measure, line ends, indents, bylines, headlines, words spanning the break);
:func:`strong_join` is the evidence strong enough to join text already in
the output form.
"""

from __future__ import annotations

import re

from .columns import _ends_long
from .lines import (
    Line,
    Paragraph,
    _BULLETS,
    _LATIN_OR_DIGIT,
    _NO_LINE_START,
    _OPENING,
    _RE_HAN_CHAR,
    ends_with_credit,
    head_width,
    looks_like_byline,
    tolerance,
    word_spans,
)

# --------------------------------------------------------------------------
# The decision.


def strong_join(paragraph: Paragraph | str, nxt: Line) -> bool:
    """Is the break after ``paragraph`` inside a sentence beyond doubt?

    Used where lines show no column (text already one paragraph a line) and
    wherever the column evidence says "new paragraph", so that the output is
    a fixed point: a second run must not find anything more to join.  It
    looks only at what survives in the output (not at indentation).

    >>> from cleantext.rules.linewrap.lines import _parse_line
    >>> strong_join("做到解决真问题、", _parse_line("真解决问题——", 1))
    True
    >>> strong_join("重点建设好浙西南科创产业园、科创小镇、科创走廊等重大创新载体，高标准、大手笔创建国",
    ...             _parse_line("际化双创人才特区，以超常规力度打造", 1))
    True
    >>> strong_join("长江三峡工程年底截流合龙设计流量为世界之最截流技术有十分把握",
    ...             _parse_line("新华社宜昌十一月八日电", 1))
    False
    >>> strong_join("他们座谈表示，要以此为契机，大大推进水土治理和生态农业建设",
    ...             _parse_line("今天上午，来自农业、林业的专家聚集在一起。", 1))
    False
    >>> strong_join("各地要加强管理，确保", _parse_line("安全生产。", 1))
    True
    >>> strong_join("联系电话：0578-", _parse_line("12340，欢迎来电。", 0))
    True
    """
    if isinstance(paragraph, str):
        paragraph = Paragraph.of(paragraph)
    if not nxt.joinable:
        return False
    last = paragraph.last.content
    if not last or nxt.content.startswith(last):
        return False  # (a line said again: see should_join)
    if last[-1] == "-" and last[-2:-1] in _LATIN_OR_DIGIT and nxt.content[:1] in _LATIN_OR_DIGIT:
        return True  # a number or a word broken after its hyphen ("0578-" + "12340")
    head = nxt.content[:1]
    # (a straight quote opens a quotation too: quote-pair curls it later)
    if not (_RE_HAN_CHAR.match(head) or head in "“‘「『《（(0123456789\""):
        return False
    end = last[-1]
    if end in "，、,":
        return not paragraph.special()
    if not _RE_HAN_CHAR.match(end) or paragraph.special():
        return False
    if paragraph.unclosed() and paragraph.marks:
        return True  # a quotation or bracket stops in mid-word
    if paragraph.marks == 0:
        return False
    if _sentence_tail(nxt) and not looks_like_byline(_RE_LAST_CLAUSE.search(last).group()):
        # body text that stops on a character, then the short last clause
        # of its sentence ("各地要加强管理，确保" "安全生产。"): a paragraph of
        # body text ends on a mark, and a paragraph of one short clause
        # starts no new topic after a (sub-)headline
        return True
    if end in _BINDS_NEXT and paragraph.chars >= 16:
        return True  # a particle that never ends a clause: 在被 + 问及时
    if paragraph.chars < 16:
        return False
    if paragraph.chars >= 40 and paragraph.marks >= 2:
        return True
    return word_spans(last, nxt.content)


#: Characters that bind to what follows and end no word of their own in
#: body text (the structural particle 的, the passive 被, classical 之): a
#: line of body text that stops on one stops in mid-sentence.  (Not 地, 得,
#: 在, 和, 与, 把, 对: they end words too, 土地, 获得, 现在, 参与, 一把.)
_BINDS_NEXT = frozenset("的被之")


#: The last clause of a line: what follows its last sentence mark.
_RE_LAST_CLAUSE = re.compile(r"[^，。、；：？！,;:?!]*$")
#: The longest clause taken for the tail of a sentence cut by a blank line.
_TAIL_CHARS = 12


def _sentence_tail(line: Line) -> bool:
    """Is ``line`` the short last clause of a sentence: it starts with a
    Chinese character, has no sentence mark but the one that ends it, and
    is at most :data:`_TAIL_CHARS` characters long ("安全生产。")?

    >>> from cleantext.rules.linewrap.lines import _parse_line as L
    >>> _sentence_tail(L("安全生产。")), _sentence_tail(L("今天上午，来自农业的专家聚集在一起。"))
    (True, False)
    """
    return (
        line.end == "term"
        and line.marks == 1
        and line.chars <= _TAIL_CHARS
        and bool(_RE_HAN_CHAR.match(line.content[:1]))
    )


_RE_CLOSES_FIRST = re.compile(r"[^“‘「『《（(”’」』》）)]*[”’」』》）)]")

#: A full stop inside a line, then what follows it on the line.
_RE_STOP_TAIL = re.compile(r"。[”’」』）)]*([^。]+)$")


def _ends_after_stop(content: str) -> bool:
    """Does ``content`` go on after a "。" inside it, with words that are
    not a photo credit or byline ("图为会场。记者 张三 摄")?

    >>> _ends_after_stop("设定。合作能力全"), _ends_after_stop("图为会场。记者 张三 摄")
    (True, False)
    """
    m = _RE_STOP_TAIL.search(content)
    return m is not None and not looks_like_byline(m.group(1))


#: The most characters a cell of a table-like row holds.
_ROW_CELL = 8


def _toc_entry(content: str) -> bool:
    """Does ``content`` end as an entry of a table of contents: a leader
    (three points or more, or two ellipses: punct-width makes "……" of three
    to six points) and a page number of one to four digits, or a leader
    longer than any ellipsis (:data:`_LEADER`, no page number)?

    >>> _toc_entry("第一章 总则..........1"), _toc_entry("第二章 分则…… 15"), _toc_entry("增长了3.5")
    (True, True, False)
    >>> _toc_entry("第三章 附则" + "." * 7), _toc_entry("他说……")
    (True, False)
    """
    body = content.rstrip("0123456789")
    if len(body) == len(content):
        return body.endswith(_LEADER)
    if len(content) - len(body) > 4:
        return False
    body = body.rstrip(" ")
    return body.endswith(("...", "···", "……"))


#: Seven points: more than punct-width takes for an ellipsis.
_LEADER = "......."


def _row_cells(line: Line) -> int:
    """How many cells ``line`` has if it is a row of a table-like run of
    short lines: cells of at most :data:`_ROW_CELL` characters apart by
    spaces, a figure among them, no sentence mark ("北京 晴 零下5度到3度",
    "张三 95分"); 0 if it is no such row.

    >>> from cleantext.rules.linewrap.lines import _parse_line as L
    >>> _row_cells(L("北京 晴 零下5度到3度")), _row_cells(L("张三 95分")), _row_cells(L("年产 12 万吨，达 1"))
    (3, 2, 0)
    >>> _row_cells(L("据新华社北京 3 月 28")), _row_cells(L("日电1997 年全国哲学"))
    (0, 0)
    """
    if line.marks or not _RE_FIGURE.search(line.content):
        return 0
    cells = line.content.split()
    if not 2 <= len(cells) <= 8 or any(len(cell) > _ROW_CELL for cell in cells):
        return 0
    # (a bare number between two words, or a space between a figure and
    # the word after it, is an extractor's spaces around the digits of a
    # sentence: "据新华社北京 3 月 28", "日电1997 年全国")
    if any(_RE_BARE_NUMBER.fullmatch(cell) for cell in cells[1:-1]):
        return 0
    if any(a[-1:] in _DIGITS and _RE_HAN_CHAR.match(b[:1]) for a, b in zip(cells, cells[1:])):
        return 0
    return len(cells)


_DIGITS = frozenset("0123456789０１２３４５６７８９")
_RE_FIGURE = re.compile("[0-9０-９]")
_RE_BARE_NUMBER = re.compile("[0-9０-９][0-9０-９.,，．]*")


def _went_down(line: Line) -> float:
    """How much narrower than the column the line before ``line`` may be
    because of what ``line`` starts with: a Latin word, a number or a URL
    that did not fit at its end went down whole (its width); an opening
    mark, which may not end a line, or a character that a mark which may
    not start a line pulled down with it (one em).

    >>> from cleantext.rules.linewrap.lines import _parse_line as L
    >>> _went_down(L("们。”")), _went_down(L("Crazy Union然后")), _went_down(L("目标"))
    (1.0, 2.5, 0.0)
    """
    content = line.content
    if content[:1] in _LATIN_OR_DIGIT:
        return head_width(content)
    if content[:1] in _OPENING or content[1:2] in _NO_LINE_START:
        return 1.0
    return 0.0


def _sticks_out(line: Line) -> bool:
    """Does ``line`` end with a URL or an e-mail address too long to
    break, that may stick out of the column (its width says nothing)?"""
    return line.overflow and _ends_long(line.content)


def _salutation_shaped(line: Line) -> bool:
    """Is the only sentence mark of ``line`` the colon that ends it, as in
    a salutation ("各位朋友：")?"""
    return line.end == "colon" and line.marks == 1


def _stands_alone(line: Line, after: Line | None, after_last: bool = True) -> bool:
    """Is ``line`` a paragraph of its own after a sentence that ends: a
    headline (without sentence marks, ending on a character) or a
    salutation, and nothing that could finish a paragraph follows it (the
    end of the text, a line with an indent, a byline, or, after a
    headline, a salutation that a paragraph follows: ``after_last``, the
    next line after it starts one)?  Body text ends on a mark; a paragraph
    that ends with a colon is left alone where it may be a salutation.

    >>> from cleantext.rules.linewrap.lines import _parse_line as L
    >>> _stands_alone(L("振奋精神有所作为"), L("陈耀朋友："))
    True
    >>> _stands_alone(L("振奋精神有所作为"), L("\u3000\u3000看了你的信，我"))
    True
    >>> _stands_alone(L("陈耀朋友："), L("\u3000\u3000看了你的信，我"))
    True
    >>> _stands_alone(L("全市各级各部门要按照"), L("要求，认真做好以下工作："))
    False
    """
    if line.marks == 0 and line.end == "word":
        return (
            after is None
            or after.indented
            or not after.joinable
            or (_salutation_shaped(after) and after_last)
        )
    if _salutation_shaped(line):
        return after is None or after.indented or not after.joinable
    return False


def _body_next(line: Line, after: Line | None, after_body: bool = False) -> bool:
    """Is ``line`` body text: it ends a sentence, or has a sentence mark
    other than the one colon that ends a salutation ("各位朋友："), or runs
    on into body text (:func:`_runs_into_body`)?"""
    return (
        line.end == "term"
        or line.marks > (1 if line.end == "colon" else 0)
        or _runs_into_body(line, after, after_body)
    )


def _runs_into_body(line: Line, after: Line | None, after_body: bool = False) -> bool:
    """Does ``line`` (without sentence marks) run on into ``after``, a line
    of body text without an indent and with no blank line that says
    something between them?  Then ``line`` is no headline: it is body text
    too.  (A salutation, whose only mark is the colon that ends it, is no
    body text: a headline may stand over one.)  ``after_body``: ``after``
    runs on in its turn into such a line (a line short because a URL after
    it did not fit: "网址" "为" "https://...，").

    >>> from cleantext.rules.linewrap.lines import _parse_line as L
    >>> _runs_into_body(L("空调（紧急严肃）环保五月（二十年采"), L("用）优秀相当。他说：“律师"))
    True
    >>> _runs_into_body(L("一个解决一个居民一个他们"), L("哎管朋友："))
    False
    """
    return (
        line.end in ("word", "open")
        and after is not None
        and after.joinable
        and not after.indented
        and (after.blank == 0 or after.gap == 0)
        and (after.marks > (1 if after.end == "colon" else 0) or after_body)
    )


def _runs_on_into_body(lines: list[Line]) -> list[bool]:
    """For each line, :func:`_runs_into_body` of it and the next line
    (the ``after_body`` of the line before it)."""
    return [_runs_into_body(line, nxt) for line, nxt in zip(lines, lines[1:])] + [False] * min(1, len(lines))


def should_join(prev: Line, nxt: Line, after: Line | None, measure: float | None,
                paragraph: Paragraph | str | None = None, local: float | None = None,
                indented: bool = False, after_body: bool = False, after_last: bool = True) -> bool:
    """Should the break between ``prev`` and ``nxt`` be joined?

    ``after`` is the line after ``nxt`` (or None), ``measure`` the column
    width around ``prev`` (None: no column), ``paragraph`` the paragraph so
    far, ending with ``prev`` (default: ``prev`` alone, as a first line),
    ``local`` the width of the widest lines of the block of adjacent lines
    ``prev`` is in, where too few lines show a column (None: no such block),
    ``indented`` whether the page marks its paragraphs with an indent and
    the paragraph so far began with one (then a line without one goes on
    with it, unless it has the shape of a headline or a salutation),
    ``after_body`` whether ``after`` runs on into body text
    (:func:`_runs_on_into_body`), ``after_last`` whether the line after
    ``after`` starts a paragraph (or there is none).

    >>> from cleantext.rules.linewrap.lines import _parse_line
    >>> L = lambda s, gap=0: _parse_line(s, gap)
    >>> should_join(L("九县(市、区)各 100 名、全市共 1000 名机关事"), L("业单位人员，开展了丽水市"), None, 20)
    True
    >>> should_join(L("入二期施工。"), L("参加建设的各个"), L("单位，要切实加强管"), 9, "大江截流成功，标志着工程顺利完成，并转入二期施工。")
    False
    >>> should_join(L("参加建设的各个"), L("单位，要切实加强管"), L("理，保证工程质量，"), 9)
    True
    >>> should_join(L("造未来的宏伟气魄。"), L("大江截流成功，标志"), L("着三峡水利枢纽一期"), 9, "展示了中国人民在改革开放中改天换地、创造未来的宏伟气魄。")
    True
    """
    if paragraph is None:
        paragraph = Paragraph(prev)
    elif isinstance(paragraph, str):
        paragraph = Paragraph.of(paragraph)
    if not prev.joinable or not nxt.joinable or nxt.indented or nxt.content[:1] in _BULLETS:
        return False
    if nxt.content.startswith(prev.content):
        # A line said again (a refrain, a repeated row), alone or with more
        # after it, is no wrap: joined, it would read as a run printed twice
        # to fake-bold's next run.
        return False
    end = prev.end
    starts = paragraph.starts
    body = paragraph.marks > 0
    if end == "close" and prev.content[-1:] in "）)" and ends_with_credit(paragraph.text()):
        return False  # a credit or a dateline in brackets ends its item
    if _toc_entry(prev.content):
        return False  # an entry of a table of contents ends with its page number
    cells = _row_cells(prev) if prev.content.count(" ") else 0
    if cells and cells == _row_cells(nxt):
        return False  # rows of a table-like run of short lines stay rows
    if indented and end == "term" and paragraph.unclosed() and _RE_CLOSES_FIRST.match(nxt.content):
        return True  # the quotation this paragraph opened goes on: the next line closes it
    if measure is None:
        if indented and not nxt.indented and (nxt.blank == 0 or nxt.gap == 0):
            if end in ("word", "open", "close"):
                return True
            # (after a colon: a quotation, body text, or any line where the
            # paragraph already took more than its first line; a
            # salutation alone is followed by its letter)
            if end == "colon" and (nxt.content[:1] in _OPENING or nxt.marks or not starts):
                return True
            # a sentence ends: the paragraph goes on if it already took a
            # line without an indent (the page wraps so) and this one is
            # body text too (with sentence marks, or running on into a line
            # without an indent that has them: a headline stands alone)
            # (or if this, its first line, is as wide as the lines of its
            # block, or where blank lines say nothing as the lines after
            # it: the sentence ended at the edge of the column)
            # (a first line takes a next line without marks only where that
            # one was broken by the width: the line after it runs on too, or
            # starts with what went down from its end; not a headline over a
            # paragraph of one line)
            if end == "term" and _body_next(nxt, after, after_body) and (
                not starts
                or _body_next(nxt, None)
                or (after is not None and (after.end in ("word", "open", "close") or _went_down(after) > 0))
            ):
                if not starts:
                    return True
                top = local if local is not None else None
                if top is not None and abs(top - prev.width) <= tolerance(top):
                    return True
                if top is None and nxt.blank and after is not None and not after.indented:
                    # only a line that runs on shows the column's width: a
                    # line that ends a sentence can end a paragraph at any
                    # width ("\u3000\u3000一个，一个我们。" then "一个。他说：“一个。”"
                    # as wide, then "一个。": three paragraphs); the next
                    # line may be short by what went down to the line after
                    # it (a character a closing mark pulled down, a Latin
                    # word or a URL that did not fit)
                    lo = hi = None
                    if nxt.end != "term":
                        lo, hi = nxt.width, nxt.width + _went_down(after)
                    # (a line that ends with a URL may stick out of the
                    # column: its width says nothing)
                    if after.end != "term" and not _sticks_out(after) and (lo is None or after.width > lo):
                        lo = after.width
                        hi = max(hi, lo) if hi is not None else lo
                    if lo is not None and lo - tolerance(lo) <= prev.width <= hi + tolerance(hi):
                        return True
        if nxt.blank == 0 and end == "term" and not starts and local is not None and prev.content[-1:] in "；;":
            # a semicolon separates clauses of one sentence (GB/T
            # 15834-2011): a line of a wrapped paragraph as wide as its
            # block that ends with one ends no paragraph
            if local - prev.width <= tolerance(local) + prev.slack and _RE_HAN_CHAR.match(nxt.content[:1]):
                return True
        if nxt.blank == 0 and end != "term":
            # adjacent lines (the output form has none) in mid-sentence
            if prev.hard_break or paragraph.unclosed():
                return True
            if end in ("word", "open") and body and not starts:
                return True
            if end == "word" and starts and body and (nxt.long_head or _ends_after_stop(prev.content)):
                # a first line that stops mid-sentence after a sentence it
                # ended ("设定。合作能力全": a headline has no "。"), or
                # that a URL too long for its end follows
                return True
            if local is not None and end != "dash" and (body or end == "open"):
                # a block of a few lines as wide as each other: wrapped
                # (short by what went down to the next line: a Latin word or
                # a number that did not fit, an opening mark, a character
                # that a closing mark pulled down)
                if local - prev.width <= tolerance(local) + prev.slack + _went_down(nxt) or prev.stretched:
                    return True
        return strong_join(paragraph, nxt)
    tol = max(1.0, int(0.12 * measure + 0.5) / 2)  # tolerance(measure)
    wide = max(2.0, 2 * tol)
    if prev.width > measure + wide and nxt.width > measure + wide:
        # both wider than the column around: a wider column begins here
        measure = min(prev.width, nxt.width)
        tol = max(1.0, int(0.12 * measure + 0.5) / 2)
        wide = max(2.0, 2 * tol)
    short_a = measure - prev.width
    short_b = measure - nxt.width
    # digits and Latin letters vary in width from font to font; a line
    # with a URL in it overflows the column
    full_a = (
        short_a <= tol + prev.slack
        or prev.stretched
        or prev.overflow
        # the next line's first word did not fit at the end of this one
        # (where this one ends a sentence that explains nothing)
        or (end != "term" and nxt.content[:1] in _LATIN_OR_DIGIT and short_a <= tol + prev.slack + head_width(nxt.content))
    )
    indent_max = 2.0 + tol
    if nxt.width > measure + wide and not (nxt.stretched or nxt.overflow) and nxt.marks <= 1 and nxt.end != "open":
        # the next line is set wider than the column: a headline, unless
        # this line stops in the middle of running text
        return end in ("word", "open") and body and not starts
    if prev.width > measure + wide and not (prev.stretched or prev.overflow) and prev.marks <= 1 and (starts or not body):
        # a headline set wider than the column: joined only to a short tail
        # (not to a sentence after a blank line that says something, nor
        # to a salutation: a headline does not end with a colon)
        if (
            end in ("word", "open")
            and nxt.width <= max(4.0, 0.4 * measure)
            and not (nxt.gap and nxt.end == "term")
            and nxt.end != "colon"
        ):
            return True
        return paragraph.unclosed() and nxt.width <= 0.6 * measure
    if end != "term" and paragraph.unclosed():
        return True
    if indented and end in ("word", "open", "close") and nxt.marks:
        # where the page marks its paragraphs with an indent, a line that
        # stops in mid-sentence, then body text without an indent: the
        # paragraph goes on (whatever the widths say)
        return True
    if indented and end == "term" and not starts and _body_next(nxt, after, after_body):
        # ... and so does a paragraph that already took a line without an
        # indent, where a sentence ends at the end of a line
        return True
    # an opening mark may not end a line: the line before it is one short
    # (or a Latin word, a number or a URL that did not fit at its end; or,
    # where the page keeps its indents, a character that a mark which may
    # not start a line pulled down)
    kinsoku_b = 0.0
    if after is not None:
        a0 = after.content[:1]
        if a0 in _OPENING or (indented and after.content[1:2] in _NO_LINE_START):
            kinsoku_b = 1.0
        elif a0 in _LATIN_OR_DIGIT:
            kinsoku_b = head_width(after.content)
    if nxt.content[:1] in _OPENING or nxt.content[1:2] in _NO_LINE_START:
        # (or a mark that may not start a line pulled the character before
        # it down with it)
        full_a = full_a or short_a <= tol + prev.slack + 1.0
    # (not where the page keeps its paragraph indents: this paragraph
    # began with one, and the next line has none)
    nxt_is_first = (
        not indented
        and short_b > tol + nxt.slack + kinsoku_b
        and after is not None
        and not after.long_head
        and after.width - nxt.width >= 1.5
        and not nxt.stretched
        and nxt.end not in ("term", "colon")
        and not after.indented
        and after.gap == 0
        and (measure - after.width <= tol or after.stretched)
    )
    if nxt_is_first and (end in ("term", "colon", "close") or (full_a and not body)
                         or (end == "open" and nxt.gap)):
        return False  # the next line is the indented first line of a paragraph
    if end == "term" and nxt.gap:
        return False  # a sentence ends, then a blank line (that says something)
    if end == "term" and _stands_alone(nxt, after, after_last):
        return False  # a sentence ends, then a headline
    if end == "colon" and starts and paragraph.marks == 1 and nxt.gap:
        # a line whose only mark is the colon that ends it, then a blank
        # line that says something: a salutation or a label ("各位朋友：")
        return False
    if end in ("open", "word") and body and not starts:
        return True  # body text cannot end a paragraph in mid-sentence
    if end == "colon" and body and not starts and nxt.content[:1] in "“「『‘":
        return True  # a quotation follows its colon
    if starts and not body and short_b > tol + nxt.slack and (nxt.gap or nxt.end == "colon"):
        return False  # a headline-shaped line, then a short line or a salutation
    if starts and not body and not prev.indented and _salutation_shaped(nxt):
        # a headline-shaped line, then a line whose only mark is the colon
        # that ends it: a salutation under a headline ("各位朋友：")
        return False
    if starts and not body and nxt.gap and end in ("word", "dash", "close"):
        # a line without sentence marks, then a blank line that says
        # something: a headline, even one as wide as the column
        return strong_join(paragraph, nxt)
    if full_a:
        if end == "term" and nxt.content[:1] in "（(":
            return False
        if end == "term" and short_b > tol + nxt.slack + kinsoku_b and nxt.end in ("word", "close", "colon"):
            # a short line that does not end a sentence cannot be the last
            # line of this paragraph: it stands alone (a headline, a label),
            # unless the page marks its paragraphs with an indent and it is
            # body text without one that stops in mid-sentence
            if indented and nxt.marks and nxt.end == "word":
                return True
            if (
                after is None
                or after.gap
                or after.indented
                or not after.joinable
                or measure - after.width > tol + after.slack
            ):
                return False
        return True
    # a short line
    if end == "close" and body and not starts:
        return True
    # (a short line without sentence marks, then a blank line that says
    # something: a headline, not a paragraph's indented first line)
    if starts and end in ("word", "dash") and (body or not nxt.gap):
        # the indented first line of a paragraph
        if short_a <= indent_max + prev.slack or (body and end == "word"):
            return True
        if short_a <= 2.0 + 2 * tol and short_b <= tol + nxt.slack:
            return True  # a first line indented more
    if starts and end == "term" and not prev.indented and short_a <= indent_max and short_b <= tol:
        # an indented first line (its indent dropped: a width with the
        # indent in it is the line's own) that happens to end a sentence
        return True
    return strong_join(paragraph, nxt)


def _between_words(prev: Line, line: Line, nxt: Line) -> bool:
    """Is ``line``, shaped like a byline ("记者邮箱"), a fragment of a
    sentence: the line before stops in mid-sentence (after a comma or an
    open bracket, that says it all), and the next line starts with a URL or an e-mail address too long for the end of
    ``line`` (where the line before is body text), or with the tail of a
    sentence that a mark which may not start a line pulled down ("吧。"),
    all three adjacent?  (A byline follows a sentence that ends, or a
    headline; one with a space in it, "记者 张三", is taken for one
    wherever it stands.)

    >>> from cleantext.rules.linewrap.lines import _parse_line as L
    >>> _between_words(L("有限公司工业，进行"), L("记者邮箱"), L("article@dr.com，推荐！"))
    True
    >>> _between_words(L("中国发表危害见证"), L("记者母亲、适当酒"), L("吧。"))
    True
    >>> _between_words(L("有限公司工业。"), L("记者 张三"), L("zhangsan@dr.com"))
    False
    >>> _between_words(L("致全市人民"), L("本报记者李四"), L("一、加强领导。"))
    False
    """
    return (
        prev.joinable
        and prev.end in ("word", "open")
        and line.gap == 0
        and nxt.gap == 0
        and " " not in line.content
        and (prev.end == "open" or (nxt.long_head and prev.marks > 0) or _pulled_down_tail(nxt.content))
        and looks_like_byline(line.content)
    )


def _pulled_down_tail(content: str) -> bool:
    """Does ``content`` start with a character and a mark that may not
    start a line (it pulled the character down with it): the tail of the
    sentence on the line before?  ("、" is left out: "一、" starts a list
    item.)

    >>> _pulled_down_tail("吧。"), _pulled_down_tail("们，中国"), _pulled_down_tail("一、加强")
    (True, True, False)
    """
    return bool(_RE_HAN_CHAR.match(content[:1])) and content[1:2] in _NO_LINE_START and content[1:2] != "、"


def _inside_indented_paragraph(prev: Line, line: Line, nxt: Line, nxt_body: bool = False) -> bool:
    """Is ``line``, shaped like a byline but with no space in it and no
    indent ("记者体重坚决"), inside a paragraph on a page that marks its
    paragraphs with an indent: adjacent to the line before and to the next
    one, body text without an indent (which goes on with the paragraph; a
    byline would be followed by one that starts a paragraph)?
    ``nxt_body``: the next line runs on into body text
    (:func:`_runs_on_into_body`).

    >>> from cleantext.rules.linewrap.lines import _parse_line as L
    >>> _inside_indented_paragraph(L("放在那样，单位。"), L("记者体重坚决"), L("751.1公里职责军事美丽，人"))
    True
    >>> _inside_indented_paragraph(L("放在那样，单位。"), L("本报记者 李四"), L("新华社北京电，近日"))
    False
    >>> _inside_indented_paragraph(L("放在那样，单位。"), L("本报记者李四"), L("\u3000\u3000本报讯，近日"))
    False
    """
    return (
        prev.joinable
        and not line.indented
        and line.gap == 0
        and nxt.gap == 0
        and not nxt.indented
        and nxt.joinable
        and (nxt.marks > (1 if nxt.end == "colon" else 0) or nxt_body)
        and " " not in line.content
        and looks_like_byline(line.content)
    )


def _indented_first_line(line: Line, nxt: Line) -> bool:
    """Is ``line``, shaped like a byline but with no space in it
    ("记者审查僵尸"), the first line of a paragraph: it has a paragraph
    indent (a byline stands flush) and the next line, adjacent and without
    one, goes on with it?

    >>> from cleantext.rules.linewrap.lines import _parse_line as L
    >>> _indented_first_line(L("\u3000\u3000记者审查僵尸"), L("美国网址为"))
    True
    >>> _indented_first_line(L("本报记者罗盘"), L("尽管秋雨刚停，三峡工地"))
    False
    >>> _indented_first_line(L("\u3000\u3000本报记者 何贤君"), L("本报讯 近日"))
    False
    """
    return (
        line.para_indent
        and nxt.gap == 0
        and not nxt.indented
        and nxt.joinable
        and " " not in line.content
        and looks_like_byline(line.content)
    )
