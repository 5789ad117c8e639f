"""Hypothesis strategies for the property suite.

Two families:

``clean_docs()``
    Contract-clean Chinese text (see the output contract): paragraphs of
    common Chinese words with full-width punctuation in valid positions,
    numbers ("2018年", "96.2%", "1,000名", "10:30"), Latin words, URLs,
    e-mail addresses, bylines ("记者 叶江"), datelines ("本报讯 近日，") and
    genuine reduplication ("常常", "实实在在"), paragraphs joined by one
    blank line, one ``\\n`` at the end.  Every paragraph ends with terminal
    punctuation, or is a short headline / byline / salutation followed by a
    body paragraph.

``inject(kind, doc)``
    Takes a clean document and injects one kind of artifact that the
    pipeline claims to repair (fake-bold doubling, column wraps, spaces,
    half-width punctuation, Kangxi radicals, invisible characters,
    mojibake, ...), so that a failure names the artifact.

``messy_text()``
    Arbitrary text biased towards what the rules look at: Han characters,
    CJK and ASCII punctuation, spaces, newlines, digits, Latin letters,
    full-width forms, radicals, invisible and control characters, lone
    surrogates, emoji and astral characters.

``HOSTILE``
    Inputs built to hurt regular expressions, shared with
    ``benchmarks/linear_time.py``.

Sources of the character data (computed at import, nothing hand-typed):

* common Chinese words and characters: the top of wordfreq's ``zh`` list
  (``wordfreq.top_n_list("zh", ...)``, simplified; traditional text is made
  from it with OpenCC ``s2t``);
* Latin words: the top of wordfreq's ``en`` list;
* Kangxi radicals: ``unicodedata.normalize("NFKC", chr(cp))`` for
  U+2F00..U+2FD5; CJK compatibility ideographs: NFC of U+F900..U+FAFF;
* full-width forms: U+FF01..U+FF5E (``chr(ord(c) + 0xFEE0)``).

The reduplicated words and the byline / dateline words are the examples the
output contract itself names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from hypothesis import assume
from hypothesis import strategies as st

from cleantext.rules.doubling import _reduplicated_words

# ---------------------------------------------------------------------------
# Character and word data
# ---------------------------------------------------------------------------

_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_ASCII_WORD = re.compile(r"^[a-z]{2,10}$")

#: Genuine reduplication named by the output contract: must stay.
REDUPLICATED = ("常常", "实实在在", "研究研究", "谢谢", "看看", "人人", "天天向上", "高高兴兴", "久久为功")

#: Byline / dateline vocabulary named by the output contract.
BYLINE_ROLES = ("记者", "通讯员", "本报记者")
DATELINE = "本报讯"

#: Full-width punctuation of the contract, by role.
CLAUSE_SEPARATORS = "，，，，，、、；："
TERMINALS = "。。。。！？"


@lru_cache(maxsize=None)
def han_words() -> tuple[str, ...]:
    """2-4 character Chinese words, most frequent first (wordfreq ``zh``)."""
    words = [w for w in _top("zh", 12000) if 2 <= len(w) <= 4 and _HAN.match(w)]
    # A word that is itself a repetition ("谢谢", "哈哈") would be an
    # unprotected doubling: keep those for REDUPLICATED only.
    return tuple(w for w in words if not _has_repeat(w))[:6000]


@lru_cache(maxsize=None)
def han_chars() -> tuple[str, ...]:
    """The 1500 most frequent single Han characters of wordfreq's ``zh`` list."""
    return tuple(w for w in _top("zh", 20000) if len(w) == 1 and _HAN.match(w))[:1500]


@lru_cache(maxsize=None)
def latin_words() -> tuple[str, ...]:
    """Common English words (wordfreq ``en``), some capitalised."""
    words = [w for w in _top("en", 3000) if _ASCII_WORD.match(w) and not _has_repeat(w, ascii_too=True)]
    return tuple(words[:1500])


@lru_cache(maxsize=None)
def _top(lang: str, n: int) -> tuple[str, ...]:
    from wordfreq import top_n_list

    return tuple(top_n_list(lang, n))


@lru_cache(maxsize=None)
def kangxi_for() -> dict[str, str]:
    """Unified ideograph -> Kangxi radical that NFKC maps to it."""
    table: dict[str, str] = {}
    for cp in range(0x2F00, 0x2FD6):
        table.setdefault(unicodedata.normalize("NFKC", chr(cp)), chr(cp))
    return table


@lru_cache(maxsize=None)
def compat_for() -> dict[str, str]:
    """Unified ideograph -> a CJK compatibility ideograph that NFC maps to it."""
    table: dict[str, str] = {}
    for cp in range(0xF900, 0xFB00):
        ch = chr(cp)
        nfc = unicodedata.normalize("NFC", ch)
        if nfc != ch and len(nfc) == 1:
            table.setdefault(nfc, ch)
    return table


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


#: Full-width punctuation the contract lists (CJK context).
FULLWIDTH_PUNCT = set("，。、；：？！（）“”‘’《》【】—…·")


def is_cjk(ch: str) -> bool:
    return is_han(ch) or ch in FULLWIDTH_PUNCT


def _has_repeat(s: str, *, ascii_too: bool = False, max_unit: int = 6) -> bool:
    """Does ``s`` contain a unit repeated back to back ("的的", "中国中国")?"""
    n = len(s)
    for unit in range(1, max_unit + 1):
        for i in range(0, n - 2 * unit + 1):
            if s[i : i + unit] == s[i + unit : i + 2 * unit]:
                if ascii_too or not s[i : i + unit].isascii():
                    return True
    return False


# ---------------------------------------------------------------------------
# Clean documents
# ---------------------------------------------------------------------------


@dataclass
class Para:
    """One paragraph of a clean document."""

    kind: str  # "body", "headline", "byline", "salutation"
    text: str
    #: (start, end) of reduplicated words: must not be treated as doubling.
    protected: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Doc:
    paras: list[Para]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paras) + "\n"

    def __repr__(self) -> str:  # Hypothesis prints this for failing examples
        return f"Doc({self.text!r})"


class _Builder:
    """Concatenates tokens, refusing any that would create a spurious
    back-to-back repetition (which a doubling rule could rightly collapse)."""

    def __init__(self) -> None:
        self.text = ""
        self.protected: list[tuple[int, int]] = []

    def fits(self, tok: str, protected: bool = False) -> bool:
        if not tok:
            return False
        tail = self.text[-24:]
        window = tail + tok
        off = len(tail)
        for end in range(off + 1, len(window) + 1):
            for unit in range(1, 13):
                start = end - 2 * unit
                if start < 0:
                    break
                if window[start : start + unit] == window[start + unit : end]:
                    if window[start : start + unit].isascii():
                        continue
                    if protected and start >= off:
                        continue  # inside the reduplicated word itself
                    return False
        return True

    def add(self, tok: str, protected: bool = False) -> bool:
        if not self.fits(tok, protected):
            return False
        if protected:
            self.protected.append((len(self.text), len(self.text) + len(tok)))
        self.text += tok
        return True


_WORD = st.integers(min_value=0, max_value=5999)


@st.composite
def han_word(draw) -> str:
    words = han_words()
    return words[draw(_WORD) % len(words)]


@st.composite
def name(draw) -> str:
    # Characters ranked 300-1500: below the function words (的, 是), which
    # make no name.
    chars = han_chars()[300:]
    k = draw(st.integers(min_value=2, max_value=3))
    out = ""
    while len(out) < k:
        ch = chars[draw(st.integers(min_value=0, max_value=len(chars) - 1))]
        if not out or out[-1] != ch:
            out += ch
    return out


@st.composite
def latin(draw) -> str:
    words = latin_words()
    pick = st.sampled_from(words)
    first = draw(pick)
    form = draw(st.sampled_from(["lower", "title", "upper", "two"]))
    if form == "title":
        return first.title()
    if form == "upper":
        return first[:4].upper()
    if form == "two":
        second = draw(pick.filter(lambda w: w != first))
        return f"{first.title()} {second.title()}"
    return first


@st.composite
def number(draw) -> str:
    """Numbers as the contract shows them, with their Chinese unit."""
    form = draw(st.sampled_from(["year", "percent", "thousands", "time", "date", "count", "decimal"]))
    i = st.integers
    if form == "year":
        return f"{draw(i(1950, 2030))}年"
    if form == "percent":
        return f"{draw(i(1, 99))}.{draw(i(1, 9))}%"
    if form == "thousands":
        return f"{draw(i(1, 999))},{draw(i(0, 999)):03d}" + draw(st.sampled_from("名元人"))
    if form == "time":
        return f"{draw(i(0, 23))}:{draw(i(0, 59)):02d}"
    if form == "date":
        return f"{draw(i(1, 12))}月{draw(i(1, 28))}日"
    if form == "decimal":
        return f"{draw(i(1, 999))}.{draw(i(1, 9))}" + draw(st.sampled_from(["万", "亿元", "公里"]))
    return f"{draw(i(2, 999))}" + draw(st.sampled_from("名个家项"))


@st.composite
def url(draw) -> str:
    words = latin_words()
    host = draw(st.sampled_from(words))
    path = "/".join(draw(st.lists(st.sampled_from(words), min_size=0, max_size=2)))
    tld = draw(st.sampled_from(["com", "cn", "org", "gov.cn"]))
    scheme = draw(st.sampled_from(["https://", "http://", "https://www."]))
    out = f"{scheme}{host}.{tld}"
    if path:
        out += "/" + path
        if draw(st.booleans()):
            out += f".html?id={draw(st.integers(1, 9999))}"
    return out


@st.composite
def email(draw) -> str:
    words = latin_words()
    return f"{draw(st.sampled_from(words))}@{draw(st.sampled_from(words))}.com"


def _add_words(draw, b: _Builder, lo: int, hi: int) -> None:
    k = draw(st.integers(min_value=lo, max_value=hi))
    added = 0
    tries = 0
    while added < k and tries < 4 * k + 4:
        tries += 1
        if b.add(draw(han_word())):
            added += 1
    if added == 0:  # a clause must have Chinese in it
        for ch in han_chars():
            if b.add(ch):
                break


@st.composite
def clause(draw, b: _Builder) -> None:
    """Append one clause to ``b``: Chinese words with, here and there, a
    number, a Latin word, a URL, a quotation, a title or a reduplication."""
    _add_words(draw, b, 1, 3)
    extras = draw(st.lists(st.sampled_from(
        ["number", "latin", "quote", "title", "paren", "redup", "url", "email", "words"]
    ), max_size=2))
    for extra in extras:
        if extra == "number":
            b.add(draw(number()))
        elif extra == "latin":
            b.add(draw(latin()))
        elif extra == "url":
            b.add("网址为" if b.fits("网址为") else "见")
            b.add(draw(url()))
            b.add("，")
        elif extra == "email":
            b.add("邮箱" if b.fits("邮箱") else "至")
            b.add(draw(email()))
            b.add("，")
        elif extra == "quote":
            inner = _Builder()
            _add_words(draw, inner, 1, 3)
            b.add("“" + inner.text + "”")
        elif extra == "title":
            inner = _Builder()
            _add_words(draw, inner, 1, 3)
            b.add("《" + inner.text + "》")
        elif extra == "paren":
            inner = _Builder()
            _add_words(draw, inner, 1, 2)
            b.add("（" + inner.text + "）")
        elif extra == "redup":
            b.add(draw(st.sampled_from(REDUPLICATED)), protected=True)
        _add_words(draw, b, 1, 2)


@st.composite
def sentence(draw, b: _Builder) -> None:
    n = draw(st.integers(min_value=1, max_value=4))
    for k in range(n):
        draw(clause(b))
        if k < n - 1:
            sep = draw(st.sampled_from(CLAUSE_SEPARATORS + "—…"))
            sep = {"—": "——", "…": "……"}.get(sep, sep)
            if b.text.endswith("，") and sep in "，、；：":
                continue  # a URL or e-mail clause already ended with "，"
            if b.text[-1:] in "，、；：" and sep in ("——", "……"):
                continue
            b.add(sep)
    end = draw(st.sampled_from(TERMINALS))
    if b.text[-1:] in "，、；：":
        b.text = b.text[:-1]
    if not b.add(end):
        # "一个。一个" + "。" would repeat a run: put a word in between
        for word in han_words():
            if b.add(word) and b.add(end):
                break
        else:
            b.text += end


@st.composite
def body(draw, dateline: bool = False) -> Para:
    b = _Builder()
    if dateline:
        b.add(DATELINE + " ")
        if draw(st.booleans()):
            b.add(f"{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日，")
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        draw(sentence(b))
        if draw(st.integers(0, 5)) == 0:
            # speech in quotes closing the sentence: 他说：“……。”
            inner = _Builder()
            draw(sentence(inner))
            # quotes inside quotes are single quotes
            b.add("他说：“" + inner.text.replace("“", "‘").replace("”", "’") + "”")
    text = _undouble(b.text)
    return Para("body", text, [p for p in b.protected if p[1] <= len(text)])


@st.composite
def headline(draw) -> Para:
    b = _Builder()
    _add_words(draw, b, 2, 5)
    if draw(st.integers(0, 3)) == 0:
        b.add(draw(number()))
        _add_words(draw, b, 1, 2)
    return Para("headline", _undouble(b.text[:20]))


@st.composite
def byline(draw) -> Para:
    parts = []
    if draw(st.booleans()):
        parts.append("□")
    first = draw(name())
    parts += [draw(st.sampled_from(BYLINE_ROLES)), first]
    if draw(st.booleans()):
        parts += ["通讯员", draw(name().filter(lambda n: n != first))]
    if draw(st.booleans()):
        parts.append("摄")
    return Para("byline", " ".join(parts))


@st.composite
def salutation(draw) -> Para:
    b = _Builder()
    b.add(draw(name()))
    if not b.add("朋友："):
        b.add("同志：")
    return Para("salutation", b.text)


@st.composite
def clean_docs(draw, max_blocks: int = 3) -> Doc:
    """A contract-clean document (see the module docstring)."""
    paras: list[Para] = []
    for _ in range(draw(st.integers(min_value=1, max_value=max_blocks))):
        if draw(st.booleans()):
            paras.append(draw(headline()))
        lead = draw(st.sampled_from(["none", "none", "byline", "salutation"]))
        if lead == "byline":
            paras.append(draw(byline()))
        elif lead == "salutation":
            paras.append(draw(salutation()))
        dateline = lead == "byline" and draw(st.booleans())
        for k in range(draw(st.integers(min_value=1, max_value=3))):
            paras.append(draw(body(dateline=dateline and k == 0)))
    # No two paragraphs alike (a repeated line is what fake-bold looks for).
    seen = set()
    unique = []
    for p in paras:
        if p.text not in seen:
            seen.add(p.text)
            unique.append(p)
    paras = unique
    if paras[-1].kind != "body":
        paras.append(draw(body()))
    doc = Doc(paras)
    if draw(st.integers(0, 4)) == 0:
        doc = _to_traditional(doc)
    return doc


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def _to_traditional(doc: Doc) -> Doc:
    conv = _opencc("s2t")
    paras = []
    for p in doc.paras:
        t = conv.convert(p.text)
        if len(t) != len(p.text) or (_has_repeat(_strip_protected(t, p.protected)) and not _has_repeat(_strip_protected(p.text, p.protected))):
            t = p.text  # keep it simplified rather than risk a new repeat
        paras.append(Para(p.kind, t, list(p.protected)))
    return Doc(paras)


def _strip_protected(text: str, spans) -> str:
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + "\x00" + text[e:]
    return text


_DOUBLED_LINE = re.compile(r"(.+?) ?\1([。！？]?”?)")


def _undouble(text: str) -> str:
    """A line that is one run printed twice ("标题标题", "甲乙。甲乙。") is
    what fake-bold repairs, not clean text: keep one copy."""
    m = _DOUBLED_LINE.fullmatch(text)
    return m.group(1) + m.group(2) if m else text


def clean_texts():
    return clean_docs().map(lambda d: d.text)


# ---------------------------------------------------------------------------
# Artifact injectors
# ---------------------------------------------------------------------------

_URLISH = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+|[\w.]+@[\w.]+")


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URLISH.finditer(text)]


def _inside(spans, i: int) -> bool:
    return any(s <= i < e for s, e in spans)


class NoCandidate(Exception):
    """The document has no place for this artifact."""


def _need(cond) -> None:
    if not cond:
        raise NoCandidate


def _pick(draw, items, label=None):
    _need(items)
    return items[draw(st.integers(min_value=0, max_value=len(items) - 1), label=label)]


def _han_runs(text: str, lo: int, also=None) -> list[tuple[int, int]]:
    runs = []
    i = 0
    ok = (lambda c: is_han(c) or (also is not None and c in also))
    while i < len(text):
        if ok(text[i]):
            j = i
            while j < len(text) and ok(text[j]):
                j += 1
            if j - i >= lo:
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _span(draw, para: Para, lo: int, hi: int, also=None):
    """A span of ``lo..hi`` Han (plus ``also``) characters that does not touch
    a reduplicated word (doubling "常一个" next to "常" reads as doubling
    "一个" next to "常常") or an identical neighbour."""
    text = para.text
    cands = []
    for s, e in _han_runs(text, lo, also):
        for a in range(s, e - lo + 1):
            cands.append((a, min(e, a + hi)))
    good = []
    for a, z in cands:
        if any(not (z < ps or a > pe) for ps, pe in para.protected):
            continue
        good.append((a, z))
    a, z = _pick(draw, good)
    length = draw(st.integers(min_value=lo, max_value=z - a))
    z = a + length
    _need(not ((a > 0 and text[a - 1] == text[a]) or (z < len(text) and text[z] == text[z - 1])))
    return a, z


def _para_index(draw, doc: Doc, kinds=("body",), pred=None) -> int:
    idx = [k for k, p in enumerate(doc.paras) if p.kind in kinds and (pred is None or pred(p))]
    return _pick(draw, idx)


def _replace(doc: Doc, k: int, new: str) -> str:
    texts = [p.text for p in doc.paras]
    texts[k] = new
    return "\n\n".join(texts) + "\n"


def _texts(doc: Doc) -> list[str]:
    return [p.text for p in doc.paras]


def _join(texts) -> str:
    return "\n\n".join(texts) + "\n"


@st.composite
def _fake_bold_chars(draw, doc: Doc) -> str:
    """Every character of a span doubled; the span has a run of at least
    three Han characters (fewer is ambiguous with AABB reduplication) and
    may take in the punctuation and characters around it."""
    k = _para_index(draw, doc, ("body", "headline"))
    p = doc.paras[k]
    a, z = _span(draw, p, 3, 8)
    text = p.text
    allowed = FULLWIDTH_PUNCT - set("—…")

    def extendable(i):
        return 0 <= i < len(text) and (is_han(text[i]) or text[i] in allowed) and not any(
            s - 1 <= i <= e for s, e in p.protected
        )

    while extendable(a - 1) and draw(st.booleans(), label="extend left"):
        a -= 1
    while extendable(z) and draw(st.booleans(), label="extend right"):
        z += 1
    _need(not ((a > 0 and text[a - 1] == text[a]) or (z < len(text) and text[z] == text[z - 1])))
    span = text[a:z]
    # Doubled, a span may read as genuine reduplication ("日前後" as 日日 +
    # 前前後後), which the contract keeps: such a span is no test of repair.
    _need(not _reduplicated_words(span))
    return _replace(doc, k, text[:a] + "".join(c + c for c in span) + text[z:])


@st.composite
def _fake_bold_run(draw, doc: Doc) -> str:
    """A headline printed run by run twice: the line cut into units of one
    to four characters, each unit doubled ("实施实施““三服务三服务””"); one
    unit is the whole line printed twice ("标题标题", or "标题 标题")."""
    k = _para_index(draw, doc, ("headline",))
    text = doc.paras[k].text
    if draw(st.booleans(), label="whole line twice"):
        return _replace(doc, k, text + draw(st.sampled_from(["", " "])) + text)
    units = []
    i = 0
    while i < len(text):
        n = draw(st.integers(min_value=1, max_value=4), label="unit length")
        units.append(text[i : i + n])
        i += n
    return _replace(doc, k, "".join(u + u for u in units))


@st.composite
def _fake_bold_line(draw, doc: Doc) -> str:
    k = _para_index(draw, doc, ("headline",))
    p = doc.paras[k]
    return _replace(doc, k, p.text + "\n" + p.text)


@st.composite
def _fake_bold_split_runs(draw, doc: Doc) -> str:
    """A headline whose runs were drawn twice, as an extractor that starts a
    new line where a copy goes back to the left reads it (PyMuPDF,
    pdftotext): the first copy of each run ends a line, the second starts
    the next ("歌神⏎歌神8月個唱⏎月個唱40⏎40").  Runs of three characters
    or more, two of them letters, cut where no other cut gives a longer
    shared run."""
    k = _para_index(draw, doc, ("headline",))
    text = doc.paras[k].text
    assume(len(text) >= 6)
    n = draw(st.integers(min_value=2, max_value=min(4, len(text) // 3)), label="runs")
    cuts = sorted(draw(st.lists(st.integers(min_value=3, max_value=len(text) - 3), min_size=n - 1, max_size=n - 1, unique=True)))
    runs = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    assume(all(len(r) >= 3 and sum(map(str.isalpha, r)) >= 2 for r in runs))
    assume(not any(r[-1] in "。！？!?" for r in runs))
    lines = [runs[0]] + [runs[i] + runs[i + 1] for i in range(n - 1)] + [runs[-1]]
    return _replace(doc, k, "\n".join(lines))


#: Line-breaking rules of Chinese typesetting (kinsoku): no line starts
#: with a closing mark and none ends with an opening one.
_NO_LINE_START = set("，。、；：？！）》”’…—")
_NO_LINE_END = set("（《“‘")


def _breakable(text: str, i: int) -> bool:
    """May a column wrap fall between text[i-1] and text[i]?

    Between two Chinese characters or marks, and between Chinese and a
    Latin word or a number (UAX #14: ideographs break from letters and
    digits on either side), within the kinsoku rules; never next to a space
    and never inside a run of ASCII (a word, a number, a URL).  (The space
    between two Latin words is a break too: see :func:`_latin_space`.)"""
    a, b = text[i - 1], text[i]
    if b in _NO_LINE_START or a in _NO_LINE_END or a.isspace() or b.isspace():
        return False
    return (is_cjk(a) or a.isascii()) and (is_cjk(b) or b.isascii()) and not (a.isascii() and b.isascii())


def _latin_space(text: str, i: int) -> bool:
    """Is text[i] a space between two Latin words ("Crazy Union")?  A line
    may break there; the space goes with the break (an extractor strips a
    line's trailing space)."""
    return text[i] == " " and 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalpha() \
        and text[i + 1].isascii() and text[i + 1].isalpha()


#: Curly quotes take half an em: on the real pages in seeds/ (two
#: newspapers) and the Typst renders of the dev corpus, a line with quotes
#: that runs on is as wide as its neighbours when each quote counts half an
#: em (36 lines of the two newspapers fit so, 14 with a full em); the glyphs
#: come from the Latin font.
_HALF_EM = frozenset("“”‘’")


def display_width(s: str) -> float:
    """Width in ems: ASCII and curly quotes are half as wide as Chinese
    characters."""
    return sum(0.5 if c.isascii() or c in _HALF_EM else 1.0 for c in s)


def _wrap(text: str, width: int, first: float = 0.0) -> list[str]:
    """Cut ``text`` into lines of ``width`` ems (the first line ``first`` ems
    narrower, for an indent), as a column would, with the line-breaking
    rules of Chinese typesetting (kinsoku): each line is cut at the last
    break before the edge, so that a closing mark that does not fit pulls
    the character before it down with it (nothing hangs past the edge: on
    the seed pages and the dev corpus, lines ending in "，" are as wide as
    the column, except in two Typst renders), and an opening mark, a Latin
    word or a number that does not fit goes down to the next line.  Only a
    token wider than the column (a long URL) overflows it, on a line that
    starts with it."""
    lines = []
    start = 0
    room = width - first
    n = len(text)
    while display_width(text[start:]) > room:
        cut = start
        used = 0.0
        while cut < n and used + display_width(text[cut]) <= room:
            used += display_width(text[cut])
            cut += 1
        skip = 0  # a space at the break is dropped
        if cut < n and _latin_space(text, cut):
            skip = 1
        else:
            back = cut
            while back > start and not _breakable(text, back) and not _latin_space(text, back):
                back -= 1
            if back > start:
                cut = back
            else:  # a token wider than the column: it overflows
                while cut < n and not _breakable(text, cut) and not _latin_space(text, cut):
                    cut += 1
            skip = int(cut < n and text[cut] == " ")
        if cut >= n:
            break
        lines.append(text[start:cut])
        start = cut + skip
        room = width
    lines.append(text[start:])
    return lines


#: A token no typesetter breaks (a URL, an e-mail address): line-wrap does
#: not read the width of a line that holds one.
_LONG_TOKEN = re.compile(r"[!-~]{12,}")

#: Sentence marks: a line with one is body text, not a headline.
_SENTENCE_MARKS = frozenset(CLAUSE_SEPARATORS + TERMINALS)


@st.composite
def _line_wrap(draw, doc: Doc, blank: bool = False) -> str:
    """Body paragraphs broken by a column ``width`` ems wide (8 to 30), as
    :func:`_wrap` cuts them; with ``blank``, an extractor's blank line after
    every line.  This is what the pipeline claims to restore exactly: the
    paragraphs that the column breaks into three lines or more (two lines
    show no column; the others are left whole), on a page whose paragraphs
    all start with an indent of two U+3000, as newspapers print them.  A
    page without indents is generated only where the text itself shows
    where each paragraph starts, that is, in none of these cases, where
    only an indent could tell (then the page is indented instead):

    * a wrapped paragraph whose last line fills the column (within an em),
      or one of whose lines ends a sentence or a colon: the next line could
      start a paragraph;
    * a first line without a sentence mark: it has the shape of a headline
      over a shorter paragraph;
    * with ``blank`` (an extractor's blank line after every line), any
      page: the blank lines hide the one break that is not a wrap, and the
      widths alone do not settle it (a paragraph of one or two lines is
      left whole and can be wider than the column; a headline or a
      salutation can be a first line whose indent the extractor dropped; a
      few short lines show no column).  Then only the indent tells where a
      paragraph starts, and the page is always indented.  Nor does an
      indent tell where a headline, byline or salutation (never indented)
      starts after a paragraph whose last line is as wide as the column
      (within an em) or wider (a paragraph left whole): with ``blank``,
      such a page is not generated.
    """
    width = draw(st.integers(min_value=8, max_value=30), label="column width")
    indent = draw(st.booleans(), label="indented paragraphs")
    bodies = [k for k, p in enumerate(doc.paras) if p.kind == "body"]

    def wrap_all(first):
        out = {k: _wrap(doc.paras[k].text, width, first) for k in bodies}
        # two lines show no column: only paragraphs of three lines or more
        return {k: lines for k, lines in out.items() if len(lines) >= 3}

    def ambiguous(lines):
        return (
            display_width(lines[-1]) >= width - 1
            or any(line.rstrip("”’")[-1:] in "。！？：" for line in lines[:-1])
            or not any(c in _SENTENCE_MARKS for c in lines[0])
            # a line with a long Latin token (a URL) says little with its
            # width: fewer than three other lines show no column either
            or sum(1 for line in lines if not _LONG_TOKEN.search(line)) < 3
        )

    wrapped = wrap_all(2.0 if indent else 0.0)
    if not indent and (blank or any(ambiguous(lines) for lines in wrapped.values())):
        indent = True
        wrapped = wrap_all(2.0)
    _need(wrapped)
    if blank:
        for k in range(1, len(doc.paras)):
            if doc.paras[k].kind != "body" and doc.paras[k - 1].kind == "body":
                lines = wrapped.get(k - 1)
                last = display_width(lines[-1]) if lines else 2.0 + display_width(doc.paras[k - 1].text)
                _need(last < width - 1)
    texts = _texts(doc)
    for k in bodies:
        lines = wrapped.get(k) or [texts[k]]
        texts[k] = ("\u3000\u3000" if indent else "") + ("\n\n" if blank else "\n").join(lines)
    return _join(texts)


@st.composite
def _line_wrap_blank(draw, doc: Doc) -> str:
    return draw(_line_wrap(doc, blank=True))


def _insert_at(text: str, positions, what: str) -> str:
    out = []
    last = 0
    for i in sorted(set(positions)):
        out.append(text[last:i])
        out.append(what)
        last = i
    out.append(text[last:])
    return "".join(out)


def _subset(draw, positions: list[int]) -> list[int]:
    _need(positions)
    keep = draw(st.lists(st.booleans(), min_size=len(positions), max_size=len(positions)))
    chosen = [p for p, k in zip(positions, keep) if k]
    return chosen or positions[:1]


@st.composite
def _space_after_punct(draw, doc: Doc) -> str:
    texts = _texts(doc)
    marks = "，。、；：？！”’》）"
    cand = [(k, i + 1) for k, t in enumerate(texts) for i, c in enumerate(t) if c in marks and i + 1 < len(t) and t[i + 1] != " "]
    chosen = _subset(draw, cand)
    for k in {k for k, _ in chosen}:
        texts[k] = _insert_at(texts[k], [i for kk, i in chosen if kk == k], " ")
    return _join(texts)


@st.composite
def _space_before_punct(draw, doc: Doc) -> str:
    texts = _texts(doc)
    marks = "，。、；：？！“‘《（"
    cand = [(k, i) for k, t in enumerate(texts) for i, c in enumerate(t) if c in marks and i > 0 and t[i - 1] != " "]
    chosen = _subset(draw, cand)
    for k in {k for k, _ in chosen}:
        texts[k] = _insert_at(texts[k], [i for kk, i in chosen if kk == k], " ")
    return _join(texts)


def _alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _space_cjk_alnum(urls: bool):
    """A space between Chinese and a digit or Latin letter ("各 100 名");
    with ``urls``, only where the Latin side is a URL or an e-mail address,
    without, never there."""

    @st.composite
    def inject(draw, doc: Doc) -> str:
        texts = _texts(doc)
        cand = []
        for k, t in enumerate(texts):
            spans = _url_spans(t)
            for i in range(1, len(t)):
                a, b = t[i - 1], t[i]
                if (is_han(a) and _alnum(b)) or (_alnum(a) and is_han(b)):
                    at_url = _inside(spans, i) or _inside(spans, i - 1)
                    if at_url == urls:
                        cand.append((k, i))
        chosen = _subset(draw, cand)
        for k in {k for k, _ in chosen}:
            texts[k] = _insert_at(texts[k], [i for kk, i in chosen if kk == k], " ")
        return _join(texts)

    return inject


_DELIBERATE_SPACE = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


@st.composite
def _letter_spacing(draw, doc: Doc) -> str:
    """Space every character of a whole paragraph, as justified PDF text
    extracts ("全 国 人 民"), including around its punctuation."""
    k = _para_index(draw, doc, ("body",), pred=lambda p: not _DELIBERATE_SPACE.search(p.text))
    t = doc.paras[k].text
    pos = [i for i in range(1, len(t)) if is_cjk(t[i - 1]) and is_cjk(t[i])]
    _need(pos)
    punct = draw(st.booleans(), label="space around punctuation too")
    if not punct:
        pos = [i for i in pos if is_han(t[i - 1]) and is_han(t[i])]
        _need(pos)
    return _replace(doc, k, _insert_at(t, pos, " "))


@st.composite
def _letter_spacing_span(draw, doc: Doc) -> str:
    """Space a run of at least six Han characters inside a paragraph."""
    k = _para_index(draw, doc, ("body",), pred=lambda p: not _DELIBERATE_SPACE.search(p.text))
    p = doc.paras[k]
    a, z = _span(draw, Para(p.kind, p.text, []), 6, 20)
    return _replace(doc, k, p.text[:a] + " ".join(p.text[a:z]) + p.text[z:])


_HALF = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"}


@st.composite
def _halfwidth_punct(draw, doc: Doc) -> str:
    texts = _texts(doc)
    cand = [
        (k, i)
        for k, t in enumerate(texts)
        for i in range(1, len(t) - 1)
        if t[i] in _HALF and is_han(t[i - 1]) and is_han(t[i + 1])
    ]
    chosen = _subset(draw, cand)
    for k, i in chosen:
        t = texts[k]
        texts[k] = t[:i] + _HALF[t[i]] + t[i + 1 :]
    return _join(texts)


_CURLY_PAIR = re.compile(r"“([^“”\n]*[\u4e00-\u9fff][^“”\n]*)”")


@st.composite
def _straight_quotes(draw, doc: Doc) -> str:
    k = _para_index(draw, doc, ("body", "headline"), pred=lambda p: _CURLY_PAIR.search(p.text))
    return _replace(doc, k, _CURLY_PAIR.sub(r'"\1"', doc.paras[k].text))


def _char_swap(table_fn):
    @st.composite
    def inject(draw, doc: Doc) -> str:
        table = table_fn()
        texts = _texts(doc)
        cand = [(k, i) for k, t in enumerate(texts) for i, c in enumerate(t) if c in table]
        chosen = _subset(draw, cand)
        for k, i in chosen:
            t = texts[k]
            texts[k] = t[:i] + table[t[i]] + t[i + 1 :]
        return _join(texts)

    return inject


#: Invisible characters the contract says are removed.
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
#: Stray C0 controls and DEL (not tab, newline, carriage return, and not
#: the ones Python's str.splitlines counts as line breaks, below).
CONTROLS = tuple(chr(c) for c in list(range(0x00, 0x09)) + list(range(0x0E, 0x1C)) + [0x1F, 0x7F])
#: Controls that str.splitlines treats as line boundaries: vertical tab,
#: file/group/record separators (form feed is a page break: not here).
SEPARATOR_CONTROLS = ("\x0b", "\x1c", "\x1d", "\x1e")


def _between_han(chars):
    @st.composite
    def inject(draw, doc: Doc) -> str:
        texts = _texts(doc)
        cand = [(k, i) for k, t in enumerate(texts) for i in range(1, len(t)) if is_han(t[i - 1]) and is_han(t[i])]
        chosen = _subset(draw, cand)
        for k in sorted({k for k, _ in chosen}):
            pos = sorted(i for kk, i in chosen if kk == k)
            t = texts[k]
            out, last = [], 0
            for i in pos:
                out.append(t[last:i])
                out.append(draw(st.sampled_from(chars)))
                last = i
            out.append(t[last:])
            texts[k] = "".join(out)
        return _join(texts)

    return inject


def _mojibake(encoding: str):
    """UTF-8 bytes of a paragraph (or, if no paragraph round-trips, of a
    sentence of at least six Han characters) decoded as ``encoding``; only
    spans whose mojibake encodes back to the very same bytes."""

    def garble(s: str):
        try:
            m = s.encode("utf-8").decode(encoding)
            if m.encode(encoding) == s.encode("utf-8") and m != s:
                return m
        except UnicodeError:
            pass
        return None

    @st.composite
    def inject(draw, doc: Doc) -> str:
        texts = _texts(doc)
        cand = [(k, 0, len(t)) for k, t in enumerate(texts) if sum(map(is_han, t)) >= 6 and garble(t)]
        if not cand:
            for k, t in enumerate(texts):
                for m in re.finditer(r"[^。！？]+[。！？]”?", t):
                    if sum(map(is_han, m.group())) >= 6 and garble(m.group()):
                        cand.append((k, m.start(), m.end()))
        k, a, z = _pick(draw, cand)
        t = texts[k]
        texts[k] = t[:a] + garble(t[a:z]) + t[z:]
        return _join(texts)

    return inject


_FW_RUN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[A-Za-z]+")


def _fw(s: str) -> str:
    return "".join("．" if c == "." else chr(ord(c) + 0xFEE0) for c in s)


@st.composite
def _fullwidth_alnum(draw, doc: Doc) -> str:
    texts = _texts(doc)
    cand = []
    for k, t in enumerate(texts):
        urls = _url_spans(t)
        for m in _FW_RUN.finditer(t):
            if not _inside(urls, m.start()):
                cand.append((k, m.start(), m.end()))
    chosen = _subset(draw, list(range(len(cand))))
    for n in sorted(chosen, reverse=True):
        k, a, z = cand[n]
        t = texts[k]
        texts[k] = t[:a] + _fw(t[a:z]) + t[z:]
    return _join(texts)


@st.composite
def _ideographic_indent(draw, doc: Doc) -> str:
    texts = _texts(doc)
    cand = [k for k, p in enumerate(doc.paras) if p.kind == "body"]
    for k in _subset(draw, cand):
        texts[k] = "\u3000\u3000" + texts[k]
    return _join(texts)


@st.composite
def _trailing_spaces(draw, doc: Doc) -> str:
    texts = _texts(doc)
    for k in _subset(draw, list(range(len(texts)))):
        texts[k] = texts[k] + draw(st.sampled_from([" ", "  ", "\t", " \u3000"]))
    return _join(texts)


@st.composite
def _crlf(draw, doc: Doc) -> str:
    return doc.text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))


@st.composite
def _stray_punct(draw, doc: Doc) -> str:
    texts = _texts(doc)
    cand = [(k, i) for k, t in enumerate(texts) for i, c in enumerate(t) if c in "，。" and t[i + 1 : i + 2] != c and t[i - 1 : i] != c]
    cand += [(k, m.end(1)) for k, t in enumerate(texts) for m in re.finditer(r"(\d\.\d+)%", t)]
    k, i = _pick(draw, cand)
    t = texts[k]
    mark = "." if t[i] == "%" else t[i]
    texts[k] = t[:i] + mark + t[i:]
    return _join(texts)


#: Artifact kind -> injector (a function from Doc to a strategy of dirty text).
ARTIFACTS = {
    "fake-bold-chars": _fake_bold_chars,
    "fake-bold-run": _fake_bold_run,
    "fake-bold-line": _fake_bold_line,
    "fake-bold-split-runs": _fake_bold_split_runs,
    "line-wrap": _line_wrap,
    "line-wrap-blank-lines": _line_wrap_blank,
    "space-after-fullwidth-punct": _space_after_punct,
    "space-before-fullwidth-punct": _space_before_punct,
    "space-cjk-alnum": _space_cjk_alnum(urls=False),
    "space-cjk-url": _space_cjk_alnum(urls=True),
    "letter-spacing-paragraph": _letter_spacing,
    "letter-spacing-span": _letter_spacing_span,
    "halfwidth-punct": _halfwidth_punct,
    "straight-quotes": _straight_quotes,
    "kangxi-radicals": _char_swap(kangxi_for),
    "compat-ideographs": _char_swap(compat_for),
    "invisible": _between_han(INVISIBLE),
    "control-chars": _between_han(CONTROLS),
    "separator-controls": _between_han(SEPARATOR_CONTROLS),
    "mojibake-gbk": _mojibake("gbk"),
    "mojibake-gb18030": _mojibake("gb18030"),
    "mojibake-cp1252": _mojibake("cp1252"),
    "mojibake-latin1": _mojibake("latin-1"),
    "fullwidth-alnum": _fullwidth_alnum,
    "ideographic-indent": _ideographic_indent,
    "trailing-spaces": _trailing_spaces,
    "crlf": _crlf,
    "stray-punct": _stray_punct,
}


@st.composite
def inject(draw, kind: str, doc: Doc):
    """``doc``'s text with one artifact of ``kind`` injected (the example is
    discarded when the document has no place for that artifact)."""
    try:
        return draw(ARTIFACTS[kind](doc))
    except NoCandidate:
        assume(False)


# Order in which artifacts are layered for combinations: what the page and
# the extractor do first, the wrong decoding of the whole file last.
COMBINABLE = [k for k in ARTIFACTS if not k.startswith(("mojibake", "crlf"))]


@st.composite
def dirty_combination(draw, doc: Doc):
    """``(kinds, dirty)``: several artifacts layered on one clean document."""
    kinds = draw(st.lists(st.sampled_from(COMBINABLE), min_size=2, max_size=4, unique=True))
    kinds.sort(key=list(ARTIFACTS).index)
    text = doc.text
    applied = []
    for kind in kinds:
        current = _reparse(text, doc)
        if current is None:
            continue
        try:
            text = draw(ARTIFACTS[kind](current))
        except NoCandidate:
            continue
        applied.append(kind)
    if draw(st.booleans()):
        enc = draw(st.sampled_from(["gb18030", "latin-1"]))
        current = _reparse(text, doc)
        if current is not None:
            try:
                text = draw(_mojibake(enc)(current))
                applied.append(f"mojibake-{enc}")
            except NoCandidate:
                pass
    assume(applied)
    return applied, text


def _reparse(text: str, doc: Doc):
    """The dirty text as paragraphs again, with the clean document's kinds
    (paragraphs are still separated by one blank line while no wrap with
    blank lines was injected)."""
    parts = text[:-1].split("\n\n") if text.endswith("\n") else None
    if parts is None or len(parts) != len(doc.paras):
        return None
    return Doc([Para(p.kind, t, list(p.protected) if t == p.text else []) for p, t in zip(doc.paras, parts)])


# ---------------------------------------------------------------------------
# Arbitrary text
# ---------------------------------------------------------------------------

_CJK_PUNCT = "，。、；：？！“”‘’《》（）【】—…·「」『』　"
_ASCII_PUNCT = ",.;:?!()'\"-/@%#&*[]<>_~"
_SPACES = [" ", " ", "  ", "\t", "\u3000", "\xa0"]
_NEWLINES = ["\n", "\n", "\n\n", "\r\n", "\r", "\u2028", "\x85", "\x0c"]


@lru_cache(maxsize=None)
def _pieces():
    chars = han_chars()[:400]
    return {
        "han": st.sampled_from(chars),
        "double": st.sampled_from(chars).map(lambda c: c + c),
        "redup": st.sampled_from(REDUPLICATED),
        "word": st.sampled_from(han_words()[:500]),
        "cjk_punct": st.sampled_from(_CJK_PUNCT),
        "ascii_punct": st.sampled_from(_ASCII_PUNCT),
        "space": st.sampled_from(_SPACES),
        "newline": st.sampled_from(_NEWLINES),
        "digit": st.sampled_from("0123456789"),
        "latin": st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        "fullwidth": st.sampled_from([chr(c) for c in range(0xFF01, 0xFF5F)]),
        "radical": st.sampled_from([chr(c) for c in range(0x2E80, 0x2FD6) if unicodedata.category(chr(c)) != "Cn"]),
        "compat": st.sampled_from(sorted(compat_for().values())),
        "invisible": st.sampled_from(INVISIBLE + CONTROLS + SEPARATOR_CONTROLS),
        "surrogate": st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        "emoji": st.sampled_from(["😀", "👍🏽", "👨‍👩‍👧", "🇨🇳", "❤️", "𠮷", "𡃁", "𝐀"]),
        "combining": st.sampled_from(["e\u0301", "\u0301", "\u3099", "か\u3099"]),
        # (lone surrogates only through their own piece, which
        # messy_text(surrogates=False) leaves out)
        "any": st.characters(exclude_categories=("Cs",)),
    }


@st.composite
def messy_text(draw, max_pieces: int = 40, surrogates: bool = True) -> str:
    """Arbitrary text, biased towards the characters the rules look at."""
    pieces = _pieces()
    names = list(pieces)
    if not surrogates:
        names.remove("surrogate")
    weights = {"han": 8, "word": 4, "double": 2, "cjk_punct": 4, "space": 3, "newline": 2, "digit": 2, "latin": 2, "ascii_punct": 2}
    choose = st.sampled_from([n for n in names for _ in range(weights.get(n, 1))])
    out = draw(st.lists(choose.flatmap(lambda n: pieces[n]), max_size=max_pieces))
    return "".join(out)


# ---------------------------------------------------------------------------
# Hostile inputs (shared with benchmarks/linear_time.py)
# ---------------------------------------------------------------------------


def _repeat_to(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def _han_text(size: int) -> str:
    words = han_words()[:2000]
    out = []
    n = 0
    k = 0
    while n < size:
        w = words[(k * 7919) % len(words)]
        out.append(w)
        n += len(w)
        k += 1
        if k % 23 == 0:
            out.append("，")
            n += 1
    return "".join(out)[:size]


#: name -> builder(size in characters) -> text.  Built to hurt regexes:
#: long runs that a backtracking pattern could try many ways.
HOSTILE = {
    "doubled-chars": lambda n: "".join(c + c for c in _han_text(n // 2 + 1))[:n],
    "same-char-run": lambda n: "的" * n,
    "doubled-runs": lambda n: _repeat_to("实施实施", n),
    "spaces": lambda n: "中" + " " * (n - 2) + "文",
    "comma-run": lambda n: _repeat_to("，", n),
    "dot-run": lambda n: _repeat_to(".", n),
    "open-quotes": lambda n: _repeat_to("“", n),
    "mixed-quotes": lambda n: _repeat_to("“中\"文”'‘", n),
    "newlines": lambda n: "中" + "\n" * (n - 2) + "文",
    "blank-lines": lambda n: _repeat_to("中文\n\n", n),
    "short-lines": lambda n: _repeat_to("中文中\n", n),
    "han-latin-alternating": lambda n: _repeat_to("中a", n),
    "han-digit-spaced": lambda n: _repeat_to("中 1 ", n),
    "digits-spaced": lambda n: _repeat_to("1 ", n),
    "letter-spaced-han": lambda n: _repeat_to("全 国 人 民 ", n),
    "han-single-line": lambda n: _han_text(n),
    "dotted-number": lambda n: _repeat_to("1.", n),
    "url-like": lambda n: "见http://" + _repeat_to("a.", n - 10) + "。",
    "ideographic-spaces": lambda n: _repeat_to("\u3000", n),
    "zero-width": lambda n: _repeat_to("中\u200b", n),
    # a listed table without end, rows broken and whole (columns.list_rows)
    "listed-rows": lambda n: _repeat_to("北京 晴 5℃\n哈尔滨 小雪转\n阴 -15℃\n", n),
    # lines of one-character cells, single-spaced: every line a candidate row
    "spaced-cells": lambda n: _repeat_to("a 1 b 2 c 3\n", n),
    # a leader without a page number, and one with
    "leaders": lambda n: _repeat_to("第一章 总则" + "." * 40 + "\n", n),
}


# ---------------------------------------------------------------------------
# Aligned tables, as layout-keeping extractors print them
# ---------------------------------------------------------------------------


def _columns_wide(s: str) -> int:
    """Display columns: an East Asian wide or full-width character is two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@st.composite
def _figure(draw) -> str:
    n = draw(st.integers(min_value=0, max_value=99999))
    form = draw(st.sampled_from(["int", "decimal", "percent", "signed", "unit"]))
    if form == "decimal":
        return f"{n / 10:.1f}"
    if form == "percent":
        return f"{n / 100:.1f}%"
    if form == "signed":
        return f"{draw(st.sampled_from(['-', '']))}{n / 100:.2f}"
    if form == "unit":
        return f"{n}{draw(st.sampled_from(['万元', '亿元', '吨', '人', '℃']))}"
    return str(n)


@st.composite
def aligned_table(draw) -> str:
    """A plain-text table as ``pdftotext -layout`` or an OCR text layer
    prints one: a header row of words, then three to seven rows of a word
    and figures (numbers, decimals, percentages, units), every cell padded
    with spaces to its column's width in display columns, and a gutter of
    two to six spaces between columns.  The contract keeps it as it is."""
    ncols = draw(st.integers(min_value=2, max_value=5), label="columns")
    nrows = draw(st.integers(min_value=3, max_value=7), label="rows")
    words = draw(st.lists(han_word(), min_size=ncols + nrows, max_size=ncols + nrows, unique=True))
    rows = [words[:ncols]]
    for k in range(nrows):
        rows.append([words[ncols + k]] + [draw(_figure()) for _ in range(ncols - 1)])
    widths = [max(_columns_wide(row[c]) for row in rows) for c in range(ncols)]
    gap = draw(st.integers(min_value=2, max_value=6), label="gutter")
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[c] - _columns_wide(cell) + gap) for c, cell in enumerate(row[:-1])]
        lines.append("".join(cells) + row[-1])
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Listed tables: one space between cells, as span-based extractors print them
# ---------------------------------------------------------------------------


@st.composite
def listed_table(draw) -> tuple[str, str]:
    """A table as a span-based extractor (pdfminer, PyMuPDF) prints one,
    ``(clean, extracted)``: an optional header row of words, then three to
    seven rows of a name, a word and one to three figures, one space between
    cells.  In the extracted text some rows are broken over two lines where
    a cell was too wide for its column: inside the word ("小雪转⏎阴 -15℃") or
    before the first figure.  The contract keeps each row one line, the rows
    on consecutive lines, the cells apart."""
    nfig = draw(st.integers(min_value=1, max_value=3), label="figures")
    nrows = draw(st.integers(min_value=3, max_value=7), label="rows")
    words = draw(st.lists(han_word(), min_size=2 * nrows + 2 + nfig, max_size=2 * nrows + 2 + nfig, unique=True))
    rows = []
    if draw(st.booleans(), label="header"):
        rows.append(words[2 * nrows : 2 * nrows + 2 + nfig])
    for k in range(nrows):
        rows.append([words[2 * k], words[2 * k + 1]] + [draw(_figure()) for _ in range(nfig)])
    clean, dirty = [], []
    for i, row in enumerate(rows):
        line = " ".join(row)
        clean.append(line)
        where = draw(st.sampled_from(["whole", "whole", "in-word", "before-figure"]), label=f"row {i}")
        if i == 0 or where == "whole":  # (a header is never broken: it has no figure to tell)
            dirty.append(line)
        elif where == "in-word":
            cut = draw(st.integers(min_value=1, max_value=len(row[1]) - 1))
            dirty.append(f"{row[0]} {row[1][:cut]}")
            dirty.append(" ".join([row[1][cut:]] + row[2:]))
        else:
            dirty.append(" ".join(row[:2]))
            dirty.append(" ".join(row[2:]))
    return "\n".join(clean), "\n".join(dirty)
