"""Fake-bold doubling: text that a PDF printed twice to make it look bold.

Repairs
    Some PDF producers fake a bold face by drawing every glyph, or every run
    of text, twice at a small offset; text extraction then returns it twice.
    Three shapes are collapsed:

    * per character, every character of a span doubled:
      "（（资资料料图图片片））" -> "（资料图片）", also across blanks
      ("记记者者 雷雷宁宁 摄摄" -> "记者 雷宁 摄") and line wraps, and with the
      digits and symbols inside the span ("（（附附图图片片 11 张张））");
    * per run, a line made entirely of doubled units, mixing single
      characters and longer runs ("■■实施实施““三服务三服务””" -> "■实施“三服务”"),
      or a line that is one run printed twice ("提升获得感提升获得感", with or
      without a blank between the copies);
    * a line repeated on the next line ("标题\n标题" -> "标题"), as some
      extractors emit a headline twice, also when the copies share their
      brackets ("（张学俭潘颖\n张学俭潘颖）" -> "（张学俭潘颖）"); only two
      copies: three or more identical lines in a row are content;
    * a block of two to six lines printed twice in a row (a two-line
      headline, a caption with its byline: "A\nB\nA\nB" -> "A\nB"), on the
      same terms;
    * the closing marks of a line printed doubled, doubled too and wrapped
      alone onto the next line ("（（记记者者 摄摄\n））" -> "（记者 摄\n）");
    * a line's runs printed twice, each copy split from the other by a line
      break, as extractors that start a line where the text goes back to
      the left read them ("歌神\n歌神8月個唱\n月個唱40" -> "歌神8月個唱40",
      "…，自稱\n自稱" -> "…，自稱"), where two such pairs lie near each
      other in one block of lines (one alone can be a title over a paragraph
      that starts with it).

    The copies of one character may stand side by side, a blank apart
    ("图图片\u3000片": cjk-space would take the blank out) or a line break
    apart.

    Text drawn four times ("DDDDoooowwwwnnnn", pdfplumber issue #1267) is
    collapsed by another round over what the first one changed.

Must not touch
    Genuine reduplication: an isolated AA or AABB inside undoubled text
    (常常, 天天向上, 高高兴兴, 实实在在, 扎扎实实, 明明白白, 谢谢, 崖崖畔畔),
    runs of reduplicated words (天天高高兴兴, 進進出出熙熙攘攘), verb
    reduplication ABAB (研究研究, 一项一项), one doubled character alone on a
    line (谢谢, 摄摄), numbers (1100, 2000, 11, 1616年), "……" and "——",
    Latin words (book, coffee, bookkeeper), laughter (哈哈哈哈), a sentence
    or a line ending like one said twice on purpose; Markdown a converter
    wrote around doubled text: emphasis ("**资资料料**" -> "**资料**", never
    "*资料*"), list markers, headings and rules ("---", "***", "___",
    "===").

How it decides
    By the density of doubling, not by a list of phrases.  A fake-bold span
    doubles *every* character, so three or more doubled letters in a row
    (Han or Latin, or full-width brackets and quotes, which are never
    doubled in print) are fake bold, unless the doubled text reads as
    reduplicated words of ``wordfreq``'s list; Latin needs four, because
    English has "bookkeeper"; digits and symbols are no evidence.  Two
    doubled characters AABB are ambiguous, and word evidence decides: AABB
    stays when it is itself a word (高高兴兴, 实实在在) or when AA and BB are
    both words, and collapses when the doubling fills the whole line
    (李李鹏鹏), or when AB is a word and AABB stands apart from other Han
    characters (a field: "记记者者 张三").  A run printed twice must be three characters or more:
    two (研究研究) read as ABAB.

Cost
    Every text pays three whole-text regular-expression scans: doubled
    characters, lines that start with a run that comes back, lines whose next
    line starts like them.  Python looks only at what they find, and first
    with the cheapest necessary tests (a line of runs printed twice has every
    character an even number of times; a doubled token starts a span only
    with another near it); the word list (``wordfreq``, loaded once per
    process) only when doubling is found.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from itertools import chain, islice, repeat

from ..chardata import HAN_WITH_YIJING, lazy_compile
from . import rule

# A doubled token.  "……" and "——" are printed as pairs of U+2026 / U+2014,
# so they count as one token: only "…………" is a doubled ellipsis.
# The two copies may be split by a line break, or a blank line, when the
# text was wrapped after extraction ("編\n編"): line-wrap would join them.
# In letter-spaced text (OCR, pdfminer's justified lines) a blank may
# stand between the copies ("一 一 個 個"): cjk-space would remove it.
_PAIR = lazy_compile(r"(……|——|[^\s…—])(?:[ \t\u3000]|\n\s{0,4})?\1")
# What may sit between two doubled tokens of one span: nothing, blanks (an
# extractor's word gap, itself doubled in Latin text) or line breaks (a
# wrapped span: line-wrap joins it later, so it must be judged whole now).
_CONNECTOR = lazy_compile(r"\s{0,12}")
# Where a span can start: two doubled characters in a row.  "[^\n]" rather
# than "\S" for the first one: the engine scans it three times faster, and
# the pairs are checked one by one afterwards anyway.  The copies of a
# character may stand side by side, a blank apart (as _PAIR reads them:
# cjk-space takes the blank out, so a span judged only without it would be
# collapsed by the next run, issue 16) or a line break apart.
_SPAN_GATE = lazy_compile(
    r"([^\n])(?:\1|[ \t\u3000]\1|\n\s{0,4}\1)\s{0,12}(\S)(?:\2|[ \t\u3000]\2|\n\s{0,4}\2)"
)
# A run of doubled characters side by side ("资资料料"), read in one step.
_RUN = lazy_compile(r"(?:([^\s…—])\1)+")
# Letters (Han, Latin, ...): \w without digits and underscore.
_LETTER = lazy_compile(r"[^\W\d_]")
# Han and the Yijing hexagrams between Extension A and the URO (see cleantext.chardata).
_HAN_CLASS = HAN_WITH_YIJING
_LETTER_HAN = lazy_compile(f"[{_HAN_CLASS}]")
_NOT_HAN = lazy_compile(f"[^{_HAN_CLASS}]+")
# Letter-spaced doubled characters: " 個 個".  The literal space in front
# lets the engine skip ahead fast; the span start is found by walking back.
_SPACED_GATE = lazy_compile(r" (\S) \1")
_BLANK = " \t\u3000"
_BLANK_SET = frozenset(_BLANK)
# What a line is stripped of before it is judged whole: blanks, and the form
# feed of a page break at its start or end, which stray-mark removes later
# (judged with it, "的的是是\f" would collapse only in the next run, issue 16).
_EDGE = _BLANK + "\f"

# Where a doubled token of non-blank characters starts ("XX", or "X", a line
# break, "X"): a span's second token is one, 2 to _GATE_REACH characters
# after its first, which is another or doubled blanks right before it; so
# the span gate is tried only there.  They are found by the cheapest scans:
# stdlib re's back-reference scan for adjacent copies (of any character: a
# class in front makes it twice as slow), and a scan anchored on the line
# break for the copies a line break splits.  Whitespace pairs are turned
# away by a look back that only pairs pay; a third copy ("XXX", where the
# second X starts a pair too) is noted by an optional group in a look ahead.
_ADJACENT = lazy_compile(r"(.)\1(?<!\s)(?=(\1)?)")
# (The blanks are taken whole: the copy after them is not a blank.)
_SPLIT = lazy_compile(r"\n(?<=(\S)\n)(?=\s{0,4}+\1)")
# The copies a blank splits ("图 图"), anchored on the blank.
_BLANK_SPLIT = lazy_compile(r"[ \t\u3000](?<=(\S)[ \t\u3000])(?=\1)")
#: The second doubled token of a span starts at most this far after the
#: first: a first token of up to 7 characters ("X\n    X"), then up to 12
#: blanks (see _SPAN_GATE).
_GATE_REACH = 19
# Past the last start (no start follows).
_FAR = float("inf")
# Match.start as a function, for map().
_match_start = re.Match.start

#: Markdown emphasis delimiters ("**bold**", "__bold__"): a converter writes
#: them around text it saw as bold, once, so a pair of them is never a
#: character printed twice; a span of doubled characters stops before one.
_MARKDOWN_EMPHASIS = frozenset("*_")
#: Markdown markers that stand at a line start (headings "## ", quotes
#: "> ", list items "- ", "+ ", horizontal rules "---", setext underlines
#: "==="): doubled at the edge of a span or at a line start, they are
#: Markdown, not fake bold.  (Between doubled characters on a line,
#: "资资料料--图图片片", a dash is printed text and collapses with them.)
_MARKDOWN_MARKERS = frozenset("#>+-=")

#: Full-width brackets and quotes: a doubled one is never printed, so it counts
#: as evidence of fake bold like a doubled letter (Unicode categories Ps, Pe,
#: Pi, Pf outside ASCII).
_OPEN_CLOSE = ("Ps", "Pe", "Pi", "Pf")

#: Closing brackets and quotes (Unicode categories Pe, Pf outside ASCII):
#: doubled alone on the line after a line printed doubled ("（（记记者者 摄摄"
#: then "））"), they are that line's closing marks, wrapped.
_CLOSE = ("Pe", "Pf")

#: Doubled tokens judged together at most (a longer run of pairs is judged
#: in pieces), so that a hostile run of "，，，，" costs linear time.
_MAX_SPAN = 256
#: Longest run printed twice that the whole-line analysis tries (a whole
#: line printed twice is checked apart, at any length).
_MAX_UNIT = 48
#: Longest line the whole-line analysis looks at; fake-bold lines are
#: headlines, bylines and column lines, and the analysis is quadratic.
_MAX_LINE = 400
#: A line repeated on the next line is a duplicate only if it has at least
#: this many non-space characters (two equal short lines can be a table).
_MIN_REPEATED_LINE = 4
#: Most lines of a block printed twice (``_merge_repeated_blocks``): a
#: headline, a sub-headline and a byline, a caption.
_MAX_BLOCK = 6
#: A repeated line ending like a sentence or clause is repeated on purpose
#: (emphasis in prose); a headline printed twice ends without them.
_SENTENCE_END = frozenset("。！？，；、…!?;,")
_SENTENCE_END_SET = frozenset("。！？!?")
#: Brackets and quotes a repeated run may share with its copy.
_MARKS = "（）()【】[]〔〕「」『』《》〈〉“”‘’\"'"
#: wordfreq frequency above which AA and BB count as words on their own.
_COMMON_WORD = 1e-6
#: wordfreq frequency above which AB counts as a word (below it the list
#: holds segmentation noise).
_WORD = 1e-7

# A blank that cjk-space takes out (or, with its pangu option, puts in)
# between a Han character and a Latin letter or digit.  Two copies of a run
# that differ only there are the same run once cjk-space has run, so lines
# are also judged without them (else a second pass would collapse them:
# "提升获得感2020提升获得感 2020").
_SPURIOUS_BLANK = lazy_compile(f" (?:(?<=[{_HAN_CLASS}] )(?=[A-Za-z0-9])|(?<=[A-Za-z0-9] )(?=[{_HAN_CLASS}]))")
# Lines that ``_collapse_line`` may collapse, as they stand or without
# spurious blanks: after the blanks, either one character printed twice and
# then, after blanks, a unit that comes back within _MAX_UNIT characters
# (every unit of such a line is printed twice), or two characters (a
# spurious blank between them aside) that come back within the half line a
# run and its copy can fill.  (The bounds are doubled for the blanks; greedy:
# the engine runs to the line end and steps back, faster than a lazy scan.
# Blanks are taken whole: what follows them is not a blank.)
_TANDEM_START = r"[ \t\u3000\f]*+([^ \t\u3000\n])(?:\1[ \t\u3000]*+([^ \t\u3000\n])[^\n]{0,%d}\2| ?([^\n])[^\n]{0,%d}\1 ?\3)" % (
    2 * _MAX_UNIT,
    _MAX_LINE,
)
_TANDEM_FIRST_LINE = lazy_compile(_TANDEM_START)
_TANDEM_LINE = lazy_compile("\n" + _TANDEM_START)
# Lines whose next line may repeat them (``_repeated_line``): the next line
# starts with the two characters that follow this line's blanks and opening
# marks (a spurious blank between them aside).  Matched at the line break before the line (zero width after it, so
# that every line is looked at).  (No group around the line break: the engine
# then runs to the line end in one step.)
# (The blanks are taken whole, so that a long run of them is not walked
# again from every position in it; so is the rest of the line, which can
# only end at the line break: when the next line does not start alike, the
# engine gives up at once instead of stepping back through the line.)
_REPEAT_PAIR = r"[ \t\u3000]*+[%s]{0,4}([^\n]) ?([^\n])[^\n]*+\n[ \t\u3000]*\1 ?\2" % re.escape(_MARKS)
_REPEAT_FIRST_LINE = lazy_compile(_REPEAT_PAIR)
_REPEAT_LINE = lazy_compile(r"\n(?=%s)" % _REPEAT_PAIR)


def _is_han(ch: str) -> bool:
    # HAN_WITH_YIJING as comparisons (cheaper than a regex for one character)
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # heavy: loaded only when a word needs t2s

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _freq(word: str) -> float:
    """wordfreq frequency of ``word`` (traditional mapped to simplified first)."""
    from wordfreq import get_frequency_dict  # heavy: its tables load on first need

    words = get_frequency_dict("zh", wordlist="large")
    f = words.get(word, 0.0)
    if not f:
        simplified = _t2s().convert(word)
        if simplified != word:
            f = words.get(simplified, 0.0)
    return f


def _aabb_is_genuine(a: str, b: str, isolated: bool, whole_line: bool) -> bool:
    """Is AABB a reduplication to keep rather than fake-bold "AB"?

    ``isolated``: blanks or line ends on both sides; ``whole_line``: AABB is
    all the line has.
    """
    if _freq(a + a + b + b):
        return True  # 高高兴兴, 实实在在, 家家户户
    if _freq(a + a) >= _COMMON_WORD and _freq(b + b) >= _COMMON_WORD:
        return True  # two reduplicated words side by side
    if whole_line:
        return False  # a line of nothing but AABB: 李李鹏鹏
    # Inside running text an unknown AABB may be a rare reduplication
    # (崖崖畔畔); a fake-bold field stands apart: "记记者者 张三".
    return not (isolated and _freq(a + b) >= _WORD)


def _reduplicated_words(tokens: str) -> bool:
    """Can the doubled ``tokens`` be read as reduplicated words (天天 + 高高兴兴)?

    Digits and punctuation between them are left out of the reading
    ("熙熙攘攘﹒﹒﹒﹒"); a doubled letter or bracket is not a reduplication.
    """
    for run in _NOT_HAN.split(tokens):
        if run and not _reduplicated_run(run):
            return False
    return True


def _reduplicated_run(chars: str) -> bool:
    """Do ``chars``, doubled, read as AABB words with at most one AA word?

    天天 + 高高兴兴 and 進進出出 + 熙熙攘攘 are prose; three AA words in a row
    (一一 + 个个 + 大大) are not.
    """
    n = len(chars)
    # fewest AA words needed to read chars[:i], for the positions reached
    reached = {0: 0}
    for i in range(n):
        used = reached.get(i)
        if used is None:
            if max(reached) < i:
                return False  # nothing reads past here: fake bold, stop early
            continue
        a = chars[i]
        if used == 0 and _freq(a + a) >= _COMMON_WORD:
            reached[i + 1] = min(reached.get(i + 1, 1), 1)
        if i + 1 < n and _freq(a + a + chars[i + 1] * 2) >= _WORD:
            reached[i + 2] = min(reached.get(i + 2, used), used)
    return n in reached


def _pair_starts(text: str) -> list[int]:
    """Every index where a doubled token of non-blank characters starts, in order.

    >>> _pair_starts("资资料料  XXX 一\\n一 图\u3000图")
    [0, 2, 6, 7, 10, 14]
    """
    matches = list(_ADJACENT.finditer(text))
    starts = list(map(_match_start, matches))
    # The scan does not overlap: in a run "XXX" the second X starts a pair
    # too (the third X is group 2, whose start is -1 when there is none).
    more = [p - 1 for p in map(_match_start, matches, repeat(2)) if p > 0]
    more.extend(m.start() - 1 for m in _SPLIT.finditer(text))
    more.extend(m.start() - 1 for m in _BLANK_SPLIT.finditer(text))
    if more:
        starts = sorted(starts + more)  # sorted runs: merged in linear time
    return starts


def _gate_positions(text: str, starts: list[int]) -> list[int]:
    """Where ``_SPAN_GATE`` is worth trying, in order: at the doubled tokens
    ``starts`` that have another near enough, and at the blanks right before
    one (a span may start with doubled blanks).

    >>> _gate_positions("常常说 资资料料  图图", [0, 4, 6, 10])
    [0, 4, 6, 8]
    """
    positions: list[int] = []
    # The next start and the one after it, for each start.
    after = chain(islice(starts, 1, None), (_FAR, _FAR))
    after_next = chain(islice(starts, 2, None), (_FAR, _FAR))
    for q, r, s in zip(starts, after, after_next):
        if q and text[q - 1].isspace():
            p = q - 1
            while p > 0 and p > q - _GATE_REACH and text[p - 1].isspace():
                p -= 1
            positions.extend(range(p, q - 1))
        # The second token: the next start but one after q ("XXX"), near enough.
        if (s if r == q + 1 else r) <= q + _GATE_REACH:
            positions.append(q)
    return positions


def _span_gate(text: str, positions: list[int], at: int) -> re.Match | None:
    """``_SPAN_GATE.search(text, at)``, tried only at ``positions``
    (``_gate_positions``)."""
    for k in range(bisect_left(positions, at), len(positions)):
        m = _SPAN_GATE.match(text, positions[k])
        if m is not None:
            return m
    return None


def _collapse_spans(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Collapse per-character fake-bold spans anywhere in ``text``.

    Also returns, for each collapsed span, where it lies in ``text`` and in
    the result, as (start, end, new start, new end); the start is where the
    span was found, before digits at its edge were left out (a collapse
    keeps every line break, so the lines from start to end are the lines
    the collapse changed).
    """
    spaced = _SPACED_GATE.search(text)
    positions = _gate_positions(text, _pair_starts(text))
    adjacent = _span_gate(text, positions, 0) if positions else None
    if adjacent is None and spaced is None:
        return text, []
    pieces: list[str] = []
    last = 0
    size = 0  # length of the pieces
    regions: list[tuple[int, int, int, int]] = []
    at = 0
    while True:
        # The next place a span may start, from either gate.
        if adjacent is not None and adjacent.start() < at:
            adjacent = _span_gate(text, positions, at)
        if spaced is not None and spaced.start() < at:
            spaced = _SPACED_GATE.search(text, at)
        if adjacent is None and spaced is None:
            break
        if spaced is None or (adjacent is not None and adjacent.start() <= spaced.start()):
            first = _PAIR.search(text, adjacent.start(), adjacent.end())
            if first is None:
                at = adjacent.start() + 1
                continue
        else:
            first = _PAIR.match(text, _spaced_span_start(text, spaced.start() + 1, at))
            if first is None:
                at = spaced.start() + 1
                continue
        # The span as runs: (start, end, tokens, line breaks inside a pair).
        span: list[tuple[int, int, str, int]] = []
        at = first.start()
        while len(span) < _MAX_SPAN:
            run = _RUN.match(text, at)
            if run is not None:
                tokens = text[run.start() : run.end() : 2]
                cut = _markdown_cut(text, run.start(), tokens)
                if cut < len(tokens):
                    if cut:
                        span.append((run.start(), run.start() + 2 * cut, tokens[:cut], 0))
                    break
                span.append((run.start(), run.end(), tokens, 0))
            else:
                pair = _PAIR.match(text, at)
                if pair is None:
                    break
                token = pair.group(1)
                if not _markdown_cut(text, pair.start(), token):
                    break
                breaks = text.count("\n", pair.start() + len(token), pair.end() - len(token))
                span.append((pair.start(), pair.end(), token, breaks))
            at = _CONNECTOR.match(text, span[-1][1]).end()
        if not span:
            # The span would start with Markdown ("**资资料料"): look on after it.
            at = first.start() + 1
            continue
        span_start, span_end = span[0][0], span[-1][1]
        flushed = len(pieces)
        new_last = _flush(text, span, pieces, last)
        if new_last != last:
            new_start = size + span_start - last
            size += sum(map(len, pieces[flushed:]))
            regions.append((span_start, new_last, new_start, size))
            last = new_last
        at = span_end
    if not pieces:
        return text, regions
    pieces.append(text[last:])
    return "".join(pieces), regions


def _spaced_span_start(text: str, start: int, floor: int) -> int:
    """Walk back from the letter-spaced pair at ``start`` over the pairs before it.

    "一 一 個 個": the gate finds " 個 個" (it needs the space in front); the
    span starts at the first "一".  Never before ``floor``, where the last
    span ended.
    """
    while start - 4 >= floor and text[start - 1] == " ":
        if text[start - 3] == " " and text[start - 4] == text[start - 2] not in _BLANK:
            start -= 4  # "Y Y " before
        elif text[start - 3] == text[start - 2] not in _BLANK:
            start -= 3  # "YY " before
        else:
            break
    return start


def _markdown_cut(text: str, start: int, tokens: str) -> int:
    """How many of the doubled ``tokens`` (their copies from ``start`` on)
    come before Markdown: an emphasis delimiter anywhere, or a line-start
    marker (``_MARKDOWN_MARKERS``) as the first thing on its line."""
    for i, ch in enumerate(tokens):
        if ch in _MARKDOWN_EMPHASIS:
            return i
        if i == 0 and ch in _MARKDOWN_MARKERS:
            p = start
            while p > 0 and text[p - 1] in _BLANK_SET:
                p -= 1
            if p == 0 or text[p - 1] == "\n":
                return 0
    return len(tokens)


def _trimmed_edge(ch: str) -> bool:
    return ch.isdigit() or ch in _MARKDOWN_MARKERS


def _trim_digits(span: list[tuple[int, int, str, int]]) -> None:
    """Drop digits doubled at the edges of ``span``: more likely a number
    ("2000", "1100") than part of the span; and Markdown markers ("## ",
    "-- ", "------"), which a converter wrote once."""
    while span and _trimmed_edge(span[0][2][0]):
        start, end, tokens, breaks = span[0]
        if len(tokens) > 1 and not breaks:
            span[0] = (start + 2, end, tokens[1:], 0)
        else:
            span.pop(0)
    while span and _trimmed_edge(span[-1][2][-1]):
        start, end, tokens, breaks = span[-1]
        if len(tokens) > 1 and not breaks:
            span[-1] = (start, end - 2, tokens[:-1], 0)
        else:
            span.pop()


def _flush(text: str, span: list[tuple[int, int, str, int]], pieces: list[str], last: int) -> int:
    """Append the text up to ``span`` and the span, collapsed if fake bold."""
    _trim_digits(span)
    if not span or not _span_is_fake_bold(text, span):
        return last
    pieces.append(text[last : span[0][0]])
    for k, (start, end, tokens, breaks) in enumerate(span):
        # A copy split by a wrap keeps the line breaks (line-wrap judges them).
        pieces.append(tokens + "\n" * breaks if breaks else tokens)
        if k + 1 < len(span):
            gap = text[end : span[k + 1][0]]
            pieces.append(" " if gap == "  " else gap)
    return span[-1][1]


def _span_is_fake_bold(text: str, span: list[tuple[int, int, str, int]]) -> bool:
    tokens = "".join(run[2] for run in span)
    if len(tokens) < 2:
        return False
    evidence = _LETTER.findall(tokens)
    for ch in set(tokens).difference(evidence):
        if ord(ch) > 0x7F and unicodedata.category(ch) in _OPEN_CLOSE:
            evidence.extend(ch * tokens.count(ch))
    if len(set(evidence)) < 2:
        return False  # 哈哈哈哈, 常常, a lone "（（"
    if len(evidence) >= 3:
        if "".join(evidence).isascii():
            return len(evidence) >= 4  # bookkeeper
        if len(set(evidence) - set(_LETTER_HAN.findall(tokens))):
            return True  # a doubled Latin letter or bracket among them
        return not _reduplicated_words(tokens)  # 天天高高兴兴
    a, b = evidence
    if not (_is_han(a) and _is_han(b)):
        return False
    first, after = span[0][0], span[-1][1]
    # Only blanks between the line start and the span, and between the span
    # and the line end (walked over, not sliced: a long line would be
    # sliced once per span).
    p = first
    while p > 0 and text[p - 1] in _BLANK_SET:
        p -= 1
    q = after
    while q < len(text) and text[q] in _BLANK_SET:
        q += 1
    whole_line = (p == 0 or text[p - 1] == "\n") and (q == len(text) or text[q] == "\n")
    before = text[first - 1] if first > 0 and text[first - 1] != "\n" else ""
    behind = text[after] if after < len(text) and text[after] != "\n" else ""
    # Set apart from the words around it: no Han character right next to it.
    # (A blank, a mark, a Latin letter: spaces the later rules add or take
    # away around them do not change the verdict, so the pipeline stays
    # idempotent.)
    isolated = not (before and _is_han(before[-1])) and not (behind and _is_han(behind[0]))
    return not _aabb_is_genuine(a, b, isolated, whole_line)


def _tandem_units(s: str) -> tuple[list[str], int]:
    """Split the start of ``s`` into runs each printed twice, with blanks between.

    Returns the units and blank separators (the collapsed text is their
    concatenation) of the longest such prefix, and where that prefix ends
    (``len(s)`` when the whole of ``s`` is made of them).
    """
    n = len(s)
    # Forward search over reachable positions; normal lines die at once.
    parent: dict[int, tuple[int, str]] = {0: (-1, "")}
    frontier = [0]
    best = 0
    while frontier and best < n:
        nxt = []
        for i in frontier:
            if s[i] in _BLANK:
                j = i
                while j < n and s[j] in _BLANK:
                    j += 1
                if j not in parent and j < n:  # blanks only between units
                    parent[j] = (i, s[i:j])
                    nxt.append(j)
                continue
            first = s[i]
            stop = min(n, i + _MAX_UNIT + 1)
            k = s.find(first, i + 1, stop)
            while k != -1 and 2 * k - i <= n:
                length = k - i
                unit = s[i:k]
                if (
                    s.startswith(unit, k)
                    and _BLANK_SET.isdisjoint(unit)
                    and unit not in ("…", "—")
                    and _MARKDOWN_EMPHASIS.isdisjoint(unit)
                    and not _MARKDOWN_MARKERS.issuperset(unit)
                ):
                    j = k + length
                    if j not in parent:
                        parent[j] = (i, unit)
                        nxt.append(j)
                        best = max(best, j)
                k = s.find(first, k + 1, stop)
        frontier = nxt
    units = []
    j = best
    while j > 0:
        j, unit = parent[j]
        units.append(unit)
    units.reverse()
    return units, best


def _printed_twice(s: str) -> str | None:
    """The run, if ``s`` is one run printed twice with blanks in it or between the copies."""
    n = len(s)
    for gap in (0, 1, 2, 3):
        half = (n - gap) // 2
        if half * 2 + gap == n and not s[half : half + gap].strip(_BLANK) and s[:half] == s[half + gap :]:
            run = s[:half]
            if len(run.replace(" ", "")) >= 3 and len(set(run)) > 1 and any(map(_is_han, run)):
                return run
    return None


def _ends_doubled(s: str) -> bool:
    """Does the stripped line ``s`` end with a run of at most ``_MAX_UNIT``
    printed twice, or is it one run printed twice?  Every line
    ``_collapse_line`` collapses does; most others fail at once."""
    n = len(s)
    last = s[-1]
    lo = max(0, n - 1 - _MAX_UNIT)
    k = s.rfind(last, lo, n - 1)
    while k >= 0:
        unit = n - 1 - k  # the last copy is s[k + 1:], the one before ends at k
        if 2 * unit <= n and s.endswith(s[k + 1 - unit : k + 1]):
            return True
        k = s.rfind(last, lo, k)
    return _printed_twice(s) is not None


def _collapse_line(s: str) -> str | None:
    """The collapsed form of a stripped line printed in doubled units, or None."""
    if len(set(s) - _BLANK_SET) < 2:
        return None  # 哈哈哈哈; and one doubled character alone is no evidence
    if not _ends_doubled(s):
        return None
    units, end = _tandem_units(s)
    if end == 0:
        # One run printed twice with blanks in it or between the copies.
        if _BLANK_SET.isdisjoint(s):
            return None
        return _printed_twice(s)
    if not any(map(_is_han, s)):
        return None
    words = [u for u in units if u[0] not in _BLANK]
    if any(len(u) > 1 and not _SENTENCE_END_SET.isdisjoint(u) for u in words):
        return None  # a sentence said twice is prose, not a bold run
    if end < len(s):
        return None
    if len(words) == 1:
        (u,) = words
        if len(u) <= 2:
            return None  # ABAB: 研究研究, 一项一项
        return u
    if all(len(u) == 1 for u in words):
        if len(words) == 2:
            a, b = words
            if not (_is_han(a) and _is_han(b)) or _aabb_is_genuine(a, b, True, True):
                return None
        elif _reduplicated_words("".join(words)):
            return None  # 天天高高兴兴
    return "".join(units)


def _line_starts_tandem(line: str) -> bool:
    """Does ``line`` start with a run printed twice ("资资", "实施实施", "标题 标题")?"""
    n = len(line)
    if n < 2 or n > _MAX_LINE:
        return False
    if line[0] in _EDGE or line[-1] in _EDGE:
        line = line.strip(_EDGE)
        n = len(line)
        if n < 2:
            return False
    first = line[0]
    k = line.find(first, 1, n // 2 + 3)
    while k > 0:
        if line.startswith(line[:k].rstrip(_BLANK), k):
            return True
        k = line.find(first, k + 1, n // 2 + 3)
    return False


def _without_spurious_blanks(line: str) -> str:
    return _SPURIOUS_BLANK.sub("", line) if " " in line else line


def _repeated_line(first: str, second: str) -> str | None:
    """``first`` once, if ``second`` repeats it, spurious blanks aside; else None.

    Lines equal but for their blanks repeat each other too (cjk-space would
    take out the blanks they differ by: "标题，文字" and "标题， 文字"); the
    first is kept as it is.
    """
    merged = _repeated_line_as_is(first, second)
    if merged is None and (" " in first or " " in second):
        without = _without_spurious_blanks(first), _without_spurious_blanks(second)
        if without != (first, second):
            merged = _repeated_line_as_is(*without)
    if merged is None and not (_BLANK_SET.isdisjoint(first) and _BLANK_SET.isdisjoint(second)):
        bare = _without_blanks(first)
        if bare == _without_blanks(second) and _repeated_line_as_is(bare, bare) is not None:
            merged = first
    return merged


def _without_blanks(line: str) -> str:
    return line.replace(" ", "").replace("\t", "").replace("\u3000", "")


def _repeated_line_as_is(first: str, second: str) -> str | None:
    """``first`` once, if ``second`` repeats it; else None.

    The repeat may share the brackets around it: "（张学俭潘颖" followed by
    "张学俭潘颖）" is "（张学俭潘颖）" printed as a run twice.
    """
    a, b = first.strip(_BLANK), second.strip(_BLANK)
    if not a or not b:
        return None
    if a == b:
        run = a
        merged = first
    else:
        head = len(a) - len(a.lstrip(_MARKS))
        tail = len(b.rstrip(_MARKS))
        if not head and tail == len(b):
            return None
        run = a[head:]
        if run != b[:tail] or head + len(b) - tail > 4:
            return None
        merged = first.rstrip(_BLANK) + b[tail:]
    if (
        len(run.replace(" ", "")) >= _MIN_REPEATED_LINE
        and sum(map(str.isalpha, run)) >= 2
        and run[-1] not in _SENTENCE_END
    ):
        return merged
    return None


@rule("fake-bold")
def collapse_fake_bold(text: str) -> str:
    """Collapse characters and runs printed twice by fake-bold rendering.

    Per character, per run and per line; genuine reduplication stays.

    >>> collapse_fake_bold("（（资资料料图图片片）） 记记者者 雷雷宁宁 摄摄")
    '（资料图片） 记者 雷宁 摄'
    >>> collapse_fake_bold("第第八八章章")
    '第八章'
    >>> collapse_fake_bold("■■实施实施““三服务三服务””提升获得感提升获得感")
    '■实施“三服务”提升获得感'
    >>> collapse_fake_bold("振奋精神有所作为\\n振奋精神有所作为\\n正文。")
    '振奋精神有所作为\\n正文。'
    >>> collapse_fake_bold("他说，本本报报记记者者张张友友新新报道")
    '他说，本报记者张友新报道'

    Genuine reduplication, numbers and ellipses stay:

    >>> collapse_fake_bold("我们要扎扎实实、高高兴兴地研究研究，天天向上。")
    '我们要扎扎实实、高高兴兴地研究研究，天天向上。'
    >>> collapse_fake_bold("1100亿元，2000年，哈哈哈哈……——bookkeeper")
    '1100亿元，2000年，哈哈哈哈……——bookkeeper'
    >>> collapse_fake_bold("谢谢")
    '谢谢'
    """
    result, again = _one_pass(text)
    while again:
        # Text drawn four times is doubled after one pass.
        result, again = _one_pass(result)
    return result


def _could_collapse(line: str) -> bool:
    return _line_starts_tandem(line) or _SPAN_GATE.search(line) is not None


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _evenly_doubled(s: str) -> bool:
    """Can the stripped line ``s`` be made of runs printed twice?

    A cheap necessary test for ``_collapse_line`` (on ``s`` or on ``s``
    without spurious blanks): in runs printed twice, with blanks between
    them or in the run, every character but the blanks occurs an even
    number of times, so the line has an even number of them.  Counting a
    few (the ends, the middle) turns away almost every line of prose.

    >>> _evenly_doubled("实施实施 三服务三服务"), _evenly_doubled("记记者者 雷雷宁宁")
    (True, True)
    >>> _evenly_doubled("服务企业服务群众服务基层"), _evenly_doubled("研究研究了")
    (False, False)
    """
    if len(s) < 2 or s.count(s[-1]) % 2:  # the most telling test first
        return False
    if (len(s) - s.count(" ") - s.count("\t") - s.count("\u3000")) % 2:
        return False
    for ch in (s[0], s[1], s[-2], s[len(s) // 2]):
        if ch not in _BLANK_SET and s.count(ch) % 2:
            return False
    return True


def _collapse_doubled_line(line: str, stripped: str) -> str | None:
    # The cheapest test first: most candidates do not end doubled.
    if not _ends_doubled(stripped) or not _line_starts_tandem(line):
        return None
    return _collapse_line(stripped)


def _printed_twice_blanks_aside(stripped: str) -> str | None:
    """The first copy, if the stripped line is one run printed twice once
    its blanks are left out, and collapses read that way; else None.

    cjk-space takes out the blanks next to full-width punctuation and those
    of letter-spaced text, so the two copies of a line printed twice may
    differ there ("近日， 市统计局近日，市统计局", "全 国 人 民全国人民").  Judged
    only as it stands, such a line would come out of ``fix`` printed twice
    with the blanks gone, and the next run would collapse it.  The first
    copy is kept as it is (cjk-space then judges its blanks).

    >>> _printed_twice_blanks_aside("实施 “三服务”实施“三服务”")
    '实施 “三服务”'
    >>> _printed_twice_blanks_aside("研究 研究研究") is None
    True
    """
    solid = [i for i, ch in enumerate(stripped) if ch not in _BLANK_SET]
    half = len(solid) // 2
    if len(solid) % 2 or half < 3:
        return None
    for i in range(half):
        if stripped[solid[i]] != stripped[solid[half + i]]:
            return None
    first = stripped[: solid[half - 1] + 1]
    if first == stripped[solid[half] :]:
        return None  # the copies are alike: the line was judged as it stands
    # As cjk-space may leave it: without its blanks, or with both copies
    # alike (the blanks between them kept).
    bare = "".join(stripped[i] for i in solid)
    if _collapse_doubled_line(bare, bare) is None:
        alike = stripped[: solid[half]] + first
        if _collapse_doubled_line(alike, alike) is None:
            return None
    return first


def _blank_inside_a_copy(stripped: str, units: list[str]) -> bool:
    """Does a blank of ``stripped`` stand inside a copy of one of ``units``,
    the runs printed twice that make up the line without its blanks?  Blanks
    between units or between the two copies of one are read as they stand.

    >>> _blank_inside_a_copy("的的说的说 的", ["的", "说的"])
    True
    >>> _blank_inside_a_copy("高高兴兴 高高兴兴", ["高高兴兴"])
    False
    """
    i = 0
    for unit in units:
        for _ in (0, 1):
            while stripped[i] in _BLANK_SET:
                i += 1
            i += 1
            for _ in range(len(unit) - 1):
                if stripped[i] in _BLANK_SET:
                    return True
                i += 1
    return False


def _doubled_closers(s: str) -> str | None:
    """The marks once, if the stripped line ``s`` is closing brackets and
    quotes each printed twice, side by side; else None.

    >>> _doubled_closers("））"), _doubled_closers("””））"), _doubled_closers("”” ））")
    ('）', '”）', None)
    """
    if not s or len(s) % 2:
        return None
    for i in range(0, len(s), 2):
        ch = s[i]
        if s[i + 1] != ch or ord(ch) <= 0x7F or unicodedata.category(ch) not in _CLOSE:
            return None
    return s[::2]


def _collapse_doubled_lines(text: str) -> tuple[str, list[int]]:
    """Collapse the lines made of runs printed twice (``_collapse_line``).

    Returns the text and where the changed lines start in it.
    """
    first = _TANDEM_FIRST_LINE.match(text)
    candidates = [0] if first is not None else []
    candidates.extend(m.start() + 1 for m in _TANDEM_LINE.finditer(text))
    pieces: list[str] = []
    changed: list[int] = []
    last = size = 0
    for start in candidates:
        if start < last:
            continue  # the closing marks of the line before, collapsed with it
        end = _line_end(text, start)
        line = text[start:end]
        stripped = line.strip(_EDGE)
        if not _evenly_doubled(stripped):
            continue
        collapsed = _collapse_doubled_line(line, stripped)
        if collapsed is None and " " in stripped:
            without = _without_spurious_blanks(stripped)
            if without != stripped:
                collapsed = _collapse_doubled_line(without, without)
        if collapsed is None and not _BLANK_SET.isdisjoint(stripped):
            collapsed = _printed_twice_blanks_aside(stripped)
            if collapsed is None:
                # Blanks inside a unit ("的的说的说 的"): cjk-space may take
                # them out, and the next run would collapse the line.
                bare = _without_blanks(stripped)
                if _evenly_doubled(bare):
                    collapsed = _collapse_doubled_line(bare, bare)
                    if collapsed is not None and not _blank_inside_a_copy(stripped, _tandem_units(bare)[0]):
                        collapsed = None  # judged as it stands ("高高兴兴 高高兴兴")
        if collapsed is None:
            continue
        head = len(line) - len(line.lstrip(_EDGE))
        pieces.append(text[last:start])
        size += start - last
        changed.append(size)
        line = line[:head] + collapsed + line[len(line.rstrip(_EDGE)) :]
        pieces.append(line)
        size += len(line)
        last = end
        if end < len(text):
            # Its closing marks, doubled and wrapped onto the next line.
            next_end = _line_end(text, end + 1)
            next_line = text[end + 1 : next_end]
            closers = _doubled_closers(next_line.strip(_BLANK))
            if closers is not None:
                head = len(next_line) - len(next_line.lstrip(_BLANK))
                next_line = next_line[:head] + closers + next_line[len(next_line.rstrip(_BLANK)) :]
                pieces.append("\n")
                size += 1
                changed.append(size)
                pieces.append(next_line)
                size += len(next_line)
                last = next_end
    if not pieces:
        return text, changed
    pieces.append(text[last:])
    return "".join(pieces), changed


def _changed_lines(text: str, line_starts: list[int], regions: list[tuple[int, int, int, int]]):
    """The lines of ``text`` (the result of ``_collapse_spans``) that a round
    changed: the lines starting at ``line_starts`` before the span collapse,
    and the lines of each collapsed span."""
    asked = -1  # where the lines yielded for the regions end
    for _, _, new_start, new_end in regions:
        if new_end <= asked:
            continue  # its lines were yielded for a region before it
        start = asked + 1 if new_start <= asked else text.rfind("\n", 0, new_start) + 1
        asked = _line_end(text, new_end)
        yield from text[start:asked].split("\n")
    shift = k = 0
    for start in line_starts:
        while k < len(regions) and regions[k][1] <= start:
            old_start, old_end, new_start, new_end = regions[k]
            shift += (new_end - new_start) - (old_end - old_start)
            k += 1
        if k < len(regions) and regions[k][0] < start:
            continue  # inside a collapsed span: one of its lines
        yield text[start + shift : _line_end(text, start + shift)]


def _merge_repeated_lines(text: str) -> tuple[str, list[str]]:
    """Merge each headline an extractor emitted twice (``_repeated_line``).

    Returns the text and the merged lines.  Fake bold prints a line twice,
    never three times: lines that repeat one another three times or more
    (a refrain, a table's repeated row) are content and stay, all of them.
    So the lines are read in groups, each line repeating the group before it
    merged (a merged line is compared with the line after it); a group is
    merged only when it holds exactly two lines.  A group of two whose merged
    line repeats the line (or group) right before it counts as a longer one:
    merging it would leave two lines that repeat each other.
    """
    candidates = [_line_end(text, m.end()) + 1 for m in _REPEAT_LINE.finditer(text)]
    if _REPEAT_FIRST_LINE.match(text) is not None:
        candidates.insert(0, _line_end(text, 0) + 1)
    if not candidates:
        return text, []
    pieces: list[str] = []
    merged_lines: list[str] = []
    last = 0
    # The group in progress: text[group_start:group_end], ``count`` lines
    # that read as ``merged``.
    group_start = group_end = -1
    merged = ""
    count = 0
    k = 0
    start = candidates[0]
    while True:
        end = _line_end(text, start)
        line = text[start:end]
        follows = group_end == start - 1
        if follows:
            previous, previous_start = merged, group_start
        else:
            previous_start = text.rfind("\n", 0, start - 1) + 1
            previous = text[previous_start : start - 1]
        repeat = None
        if line and abs(len(line) - len(previous)) <= 6:
            repeat = _repeated_line(previous, line)
        if repeat is not None:
            if follows:
                count += 1
            else:
                # The line or group right before the new group.
                adjacent = group_end >= 0 and group_end == previous_start - 1
                if adjacent:
                    before, before_start, before_count = merged, group_start, count
                elif previous_start:
                    before_start = text.rfind("\n", 0, previous_start - 1) + 1
                    before, before_count = text[before_start : previous_start - 1], 1
                else:
                    before, before_start, before_count = "", -1, 0
                joined = None
                if before and abs(len(before) - len(repeat)) <= 6:
                    joined = _repeated_line(before, repeat)
                if count == 2 and not (adjacent and joined is not None):
                    pieces.append(text[last:group_start])
                    pieces.append(merged)
                    merged_lines.append(merged)
                    last = group_end
                if joined is not None:
                    previous_start, repeat, count = before_start, joined, before_count + 2
                else:
                    count = 2
            group_start, group_end, merged = previous_start, end, repeat
        while k < len(candidates) and candidates[k] <= start:
            k += 1
        if repeat is not None and end < len(text):
            start = end + 1
        elif k < len(candidates):
            start = candidates[k]
        else:
            break
    if count == 2:
        pieces.append(text[last:group_start])
        pieces.append(merged)
        merged_lines.append(merged)
        last = group_end
    if not pieces:
        return text, []
    pieces.append(text[last:])
    return "".join(pieces), merged_lines


def _block_line(line: str) -> bool:
    """Can ``line`` be a line of a block printed twice?  The tests of a
    repeated line (``_repeated_line_as_is``): a headline or caption line,
    not a sentence, a number or a rule."""
    s = line.strip(_BLANK)
    return (
        len(_without_blanks(s)) >= _MIN_REPEATED_LINE
        and sum(map(str.isalpha, s)) >= 2
        and s[-1] not in _SENTENCE_END
    )


def _merge_repeated_blocks(text: str) -> tuple[str, bool]:
    """Keep one copy of each block of 2 to ``_MAX_BLOCK`` lines printed twice
    in a row ("标题上行\n标题下行\n标题上行\n标题下行"), and say whether any was.

    Lines are compared without their blanks (cjk-space may take out the
    ones they differ by); the first copy is kept as it is.  As for a line
    (``_merge_repeated_lines``), only two copies side by side are fake
    bold: a block whose lines repeat one another, or with the line before
    it equal to its last line or the line after it equal to its first (a
    third copy, a refrain, lines that alternate), stays.
    """
    if text.count("\n") < 3:
        return text, False
    lines = text.split("\n")
    keys = [_without_blanks(line) for line in lines]
    n = len(lines)
    kept: list[str] = []
    i = 0
    merged = False
    while i < n:
        for k in range(2, min(_MAX_BLOCK, (n - i) // 2) + 1):
            if keys[i] != keys[i + k] or keys[i : i + k] != keys[i + k : i + 2 * k]:
                continue
            if len(set(keys[i : i + k])) < k:
                continue
            if (i > 0 and keys[i - 1] == keys[i + k - 1]) or (i + 2 * k < n and keys[i + 2 * k] == keys[i]):
                continue
            if not all(map(_block_line, lines[i : i + k])):
                continue
            kept.extend(lines[i : i + k])
            i += 2 * k
            merged = True
            break
        else:
            kept.append(lines[i])
            i += 1
    if not merged:
        return text, False
    return "\n".join(kept), True


# ---------------------------------------------------------------------------
# A line's runs printed twice, the copies split between two lines

#: How many lines apart (in one block of lines, no blank line between)
#: another pair of lines split the same way must be for a split pair to
#: count: a bold headline or phrase drawn run by run splits into several.
_OVERLAP_REACH = 6


def _overlap(a: str, b: str) -> int:
    """The length of the longest run (at most :data:`_MAX_UNIT`
    characters) that ends ``a`` and starts ``b``; 0 if none.

    >>> _overlap("，自稱", "自稱"), _overlap("歌神", "歌神8月"), _overlap("一條", "一條研究"), _overlap("甲", "乙")
    (2, 2, 2, 0)
    """
    first = b[0]
    i = a.find(first, max(0, len(a) - _MAX_UNIT))
    while i >= 0:
        if b.startswith(a[i:]):
            return len(a) - i
        i = a.find(first, i + 1)
    return 0


def _split_pair(a: str, b: str) -> tuple[int, bool]:
    """How the adjacent lines ``a`` and ``b`` (blanks at their edges
    stripped) share a run printed twice: ``(k, merge)``, where ``k`` is the
    length of the run (0: they share none that counts) and ``merge`` says
    whether this phase merges them (else the pair only counts as evidence).

    An extractor that reads a line whose runs were drawn twice ends a line
    where the copy goes back to the left: the first copy ends a line, the
    second starts the next ("歌神" then "歌神8月個唱…", "…，自稱" then
    "自稱").  A pair counts when the run is one whole line, or three
    characters or more with two letters; never when it ends a sentence.
    Equal lines count too: short ones (fewer than :data:`_MIN_REPEATED_LINE`
    characters, with a letter) are merged here; longer ones are
    :func:`_merge_repeated_lines`' and only count.

    >>> _split_pair("歌神", "歌神8月個唱"), _split_pair("眾「勁蝕」", "眾「勁蝕」40"), _split_pair("每晚開會，一條", "一條研究")
    ((2, True), (5, True), (0, False))
    """
    k = _overlap(a, b)
    if not k:
        return 0, False
    run = b[:k]
    if run[-1] in _SENTENCE_END_SET:
        return 0, False
    if a == b:
        if len(_without_blanks(a)) >= _MIN_REPEATED_LINE:
            return k, False
        return (k, True) if any(ch.isalpha() for ch in run) else (0, False)
    if k == len(a) or k == len(b):
        if k >= 2 and any(ch.isalpha() or ch in _ASCII_DIGITS for ch in run):
            return k, True
        return 0, False
    if k >= 3 and sum(map(str.isalpha, run)) >= 2:
        return k, True
    return 0, False


_ASCII_DIGITS = frozenset("0123456789")


def _merge_split_runs(text: str) -> str:
    """Merge each pair of adjacent lines that share a run printed twice
    (:func:`_split_pair`), where another such pair lies within
    :data:`_OVERLAP_REACH` lines in the same block: one pair alone can be a
    title followed by a paragraph that starts with it.  Three equal lines in
    a row are content.

    >>> print(_merge_split_runs("歌神\\n歌神8月個唱觀眾「勁蝕」\\n月個唱觀眾「勁蝕」40\\n分鐘\\n分鐘\\n正文。"))
    歌神8月個唱觀眾「勁蝕」40
    分鐘
    正文。
    >>> s = "改革开放\\n改革开放以来，经济快速发展。"
    >>> _merge_split_runs(s) is s
    True
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    stripped = [line.strip(_BLANK) for line in lines]
    pairs: list[tuple[int, int, bool]] = []  # (index of the upper line, k, merge)
    block = 0
    blocks = []
    for j, a in enumerate(stripped):
        if not a:
            block += 1
        blocks.append(block)
    for j in range(len(lines) - 1):
        a, b = stripped[j], stripped[j + 1]
        if not a or not b:
            continue
        k, merge = _split_pair(a, b)
        if not k:
            continue
        if a == b and ((j > 0 and stripped[j - 1] == a) or (j + 2 < len(lines) and stripped[j + 2] == b)):
            continue  # three equal lines or more: content
        pairs.append((j, k, merge))
    merges: dict[int, int] = {}
    for p, (j, k, merge) in enumerate(pairs):
        if not merge:
            continue
        near = any(
            0 < abs(j - other) <= _OVERLAP_REACH and blocks[other] == blocks[j]
            for other, _, _ in chain(pairs[max(0, p - _OVERLAP_REACH) : p], pairs[p + 1 : p + 1 + _OVERLAP_REACH])
        )
        if near:
            merges[j] = k
    if not merges:
        return text
    out = []
    for j, line in enumerate(lines):
        if j - 1 in merges:
            out[-1] = out[-1].rstrip(_BLANK) + line.lstrip(_BLANK)[merges[j - 1] :]
        else:
            out.append(line)
    return "\n".join(out)


def _one_pass(text: str) -> tuple[str, bool]:
    """One round of repairs, and whether what it produced may need another."""
    split = _merge_split_runs(text)
    if split is not text:
        # (the merged lines meet their neighbours: another round)
        return split, True
    joined, changed = _collapse_doubled_lines(text)
    spans, regions = _collapse_spans(joined)
    # Only what changed can hold doubling the round just uncovered.  Lines
    # are always judged whole here, so a line the round left alone stays so.
    again = any(map(_could_collapse, _changed_lines(spans, changed, regions)))
    # A headline an extractor emitted twice.
    result, merged = _merge_repeated_lines(spans)
    # A block of lines (a two-line headline, a caption) printed twice.
    result, blocks = _merge_repeated_blocks(result)
    if not (changed or regions or merged or blocks):
        return text, False
    # Taking a block out makes its neighbours meet: another round judges them.
    return result, again or blocks or any(map(_could_collapse, merged))
