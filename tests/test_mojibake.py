"""The ``mojibake`` rule: examples, must-not-touch cases, ftfy conformance.

Conformance fixtures: ftfy's ``tests/test-cases/*.json``, copied unchanged
into ``tests/data/fixtures/ftfy/`` (repository, path and commit in
``SOURCE.md`` there).  Every ``negative.json`` text must pass unchanged.  For
the other cases the rule's output must equal ftfy's ``fixed-encoding`` (or
``fixed``), also with one more layer of UTF-8/Latin-1 mojibake on top, except
the cases listed in :data:`EXCLUDED` with the reason; those are asserted to
still differ (``xfail(strict=True)``), so the list stays true.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CLEAN_FILES, keeps, repairs

import cleantext
from cleantext.rules.hygiene import halfwidth_alnum, map_radicals, remove_invisible
from cleantext.rules.mojibake import Unrecoverable, detect_unrecoverable, fix_mojibake

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "fixtures" / "ftfy"
DEV = ROOT / "tests" / "data" / "corpus" / "dev"


# ----------------------------------------------------------------- examples

FIXES = [
    # the issue's examples
    ("浣犲ソ涓栫晫", "你好世界"),  # UTF-8 read as GBK
    ("ä»Šå¤©å¤©æ°”å¾ˆå¥½", "今天天气很好"),  # UTF-8 read as Windows-1252
    ("ÈËÃñÈÕ±¨", "人民日报"),  # GBK read as Latin-1
    # UTF-8 read as Latin-1 (C1 controls in place of Windows-1252 punctuation)
    ("å\x85¨å\x9b½å\x85¬å\x85±å\x85³ç³»", "全国公共关系"),
    # full-width punctuation survives the repair
    ("ä½\xa0å¥½ï¼Œä¸–ç•Œã€‚", "你好，世界。"),
    # ftfy restores a no-break space that became a space
    ("ä½ å¥½ï¼Œä¸–ç•Œã€‚", "你好，世界。"),
    # one garbled run inside clean text
    ("新闻：ä»Šå¤©å¤©æ°”å¾ˆå¥½，我们去公园。", "新闻：今天天气很好，我们去公园。"),
    ("记者报道：浣犲ソ涓栫晫。", "记者报道：你好世界。"),
    # GBK read as Latin-1, with ASCII in between
    ("2018ÄêGDPÔö³¤6.7%", "2018年GDP增长6.7%"),
    # Big5 read as Latin-1: trail bytes can be ASCII letters
    ("¤H¥Á¤é³ø", "人民日報"),
    ("¤¤¤å·s»D", "中文新聞"),
    # Latin text, by ftfy
    ("cafÃ©", "café"),
    ("HÃ´tel de Police", "Hôtel de Police"),
    # lone C1 controls: Windows-1252 punctuation read as Latin-1
    ("他说\x93你好\x94", "他说“你好”"),
    # the clean Han character next to a run read as GBK stays, although its
    # GBK bytes are valid UTF-8 (职 D6 B0 would read as U+05B0, 说 CB B5 as U+02F5)
    ("鎴戜滑锛屼腑鍥芥病鏈夛紒职位，一个。", "我们，中国没有！职位，一个。"),
    ("鎴戜滑锛屼腑鍥芥病鏈夛紒职工", "我们，中国没有！职工"),
    ("职鎴戜滑锛屼腑鍥芥病鏈夛紒，一个。", "职我们，中国没有！，一个。"),
    ("他说鎴戜滑锛屼腑鍥芥病鏈夛紒职位", "他说我们，中国没有！职位"),
    # three clean characters in a row whose GBK bytes read as 2-byte UTF-8
    # (水 CB AE, 平 C6 BD, 一 D2 BB), after GB18030's private-use reading
    # of the user-defined rows (AC E4 -> U+E0FF)
    ("鎴戜滑锛屾垜浠\ue0ff竴涓\ue04e紒水平一个。", "我们，我们一个！水平一个。"),
    # the clean closing quote before a run read as Windows-1252 stays out of it
    ("他說：“一個。”ç•¶ç„¶1950å¹´ä¸€å€‹ï¼Œä¸€å€‹ã€‚", "他說：“一個。”當然1950年一個，一個。"),
    # a misread run that runs into a clean symbol: the degree sign and the C
    # after it are not a GBK character (癈), the middle dot is no byte of it
    # (issue 16)
    ("ÈËÃñÈÕ±¨°C", "人民日报°C"),
    ("¤H¥Á¤é³ø°C", "人民日報°C"),
    ("ÈËÃñÈÕ±¨·", "人民日报·"),
    ("·ÈËÃñÈÕ±¨", "·人民日报"),
    ("25°ÈËÃñÈÕ±¨", "25°人民日报"),
]

KEEPS = [
    "今天天气很好，“我们”去公园……",
    "人民日报社论：坚持改革开放。",
    "國家發展改革委員會表示，經濟穩定增長。",
    "café naïve",
    "Größe, Straße, Äpfel und Öl",
    "À bientôt, l'été à Genève",
    "informações e operações",
    "José·穆里尼奥说",
    "气温25°C，面积100m²，误差±0.5",
    "×××同志",
    "标题锟斤拷锟斤拷烫烫烫",  # unrecoverable: reported, not changed
    "第一行\x85第二行",  # NEL: normalize's line break
    "MÄ£ÄM ÌÑÌ Q £ÄGÌ GÄLÄW",  # leetspeak (ftfy negative)
    "ÅSTADKOMMIT SÄNDAS",  # Swedish capitals
    "羁绊，頂峰",  # GBK bytes of these look like UTF-8 lead/continuation pairs
    # leader dots and other runs of symbols decode as GBK but are no language
    # (issue 14): "贩贩贩贩贩", "北北", "繁贩"
    "目录··········12",
    "第一章　总则··········3",
    "第一章 总则 ·········· 3",
    "······························",
    "±±±±",
    "°°°°°°",
    "说··°·······说心底的苦",
    "住时机，集····°·····中人力、物",
    "每一次軍演·±·· 都有新亮",
    "嫁汉嫁汉，····©·····穿衣吃饭。",
    # two symbols that are valid UTF-8 of one Hebrew letter (ת, ׺)
    "全中国人民×ª的能力。",
    "被国家列为×º科技攻关的",
    "基本杜絕×“大º噸小標",
    # (a Big5 "中文" is "¤¤¤å": half its bytes one symbol is no leader)
]


test_fixes = repairs(fix_mojibake, FIXES)
test_keeps = keeps(fix_mojibake, KEEPS)


@pytest.mark.parametrize("text, expected", FIXES[:3])
def test_issue_examples_through_fix(text, expected):
    assert cleantext.fix(text) == expected
    assert [e.rule for e in cleantext.explain(text)] == ["mojibake"]


# ------------------------------------------------- round trips on real text


def _paragraphs():
    for path in CLEAN_FILES:
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n") if p]
        for p in paragraphs[::6]:
            yield path.name, p


MISREADINGS = {
    # name: (how to make the mojibake from clean text, which corpus)
    "utf8-as-cp1252": (lambda p: p.encode("utf-8").decode("sloppy-windows-1252"), ""),
    "utf8-as-latin1": (lambda p: p.encode("utf-8").decode("latin-1"), ""),
    # web copies turn the no-break spaces (0xA0 bytes) into spaces
    "utf8-as-cp1252-nbsp-lost": (
        lambda p: p.encode("utf-8").decode("sloppy-windows-1252").replace("\xa0", " "),
        "",
    ),
    "utf8-as-cp1252-twice": (
        lambda p: p.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8").decode("sloppy-windows-1252"),
        "",
    ),
    "utf8-as-gb18030": (lambda p: p.encode("utf-8").decode("gb18030"), ""),
    "gbk-as-latin1": (lambda p: p.encode("gbk").decode("latin-1"), "simp"),
    "big5-as-latin1": (lambda p: p.encode("big5").decode("latin-1"), "trad"),
}


@pytest.mark.parametrize("how", sorted(MISREADINGS))
def test_round_trips_on_clean_corpus(how):
    """Misread the clean corpus' paragraphs; the rule must restore each one
    that the misreading could produce without loss."""
    make, corpus = MISREADINGS[how]
    tried = 0
    for name, paragraph in _paragraphs():
        if corpus not in name:
            continue
        try:
            garbled = make(paragraph)
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue  # lossy: a real misreading would have dropped bytes
        tried += 1
        assert fix_mojibake(garbled) == paragraph, (name, garbled[:40])
    assert tried >= 2


# ------------------------------------------------------------ unrecoverable


def test_detect_unrecoverable():
    text = "标题锟斤拷锟斤拷，内容烫烫烫烫，还有屯屯屯和\ufffd\ufffd。ÌÌÌÌ"
    found = detect_unrecoverable(text)
    assert [(u.kind, u.text) for u in found] == [
        ("kunjinkao", "锟斤拷锟斤拷"),
        ("tangtang", "烫烫烫烫"),
        ("tuntun", "屯屯屯"),
        ("replacement", "\ufffd\ufffd"),
        ("debug-fill-latin", "ÌÌÌÌ"),
    ]
    for u in found:
        assert isinstance(u, Unrecoverable)
        assert text[u.start : u.end] == u.text
        assert "cannot be recovered" in str(u)


@pytest.mark.parametrize("text", ["斤斤计较", "烫烫的水", "屯兵", "人民日报", ""])
def test_detect_unrecoverable_none(text):
    assert detect_unrecoverable(text) == ()


# ---------------------------------------------------------- ftfy conformance

_OTHER_CODEC = (
    "UTF-8 read as {} (not Latin-1/Windows-1252): its characters end the "
    "suspicious run, so ftfy sees only part of it; Chinese text does not go "
    "through that codec"
)
_LOSSY = (
    "lossy: bytes were lost ('?' or U+FFFD in the input); ftfy's expectation "
    "needs replace_lossy_sequences, which is not an exact round trip"
)
_NEL = (
    "U+0085 is NEL, a line break that `normalize` turns into '\\n'; ftfy reads "
    "it as Windows-1252 '…'"
)
_KNOWN = "ftfy's own known failure (known-failures.json, expect: fail); same here"

#: Cases the rule does not reproduce, with the reason.  (file, label) -> reason.
EXCLUDED = {
    ("in-the-wild", "UTF-8 / MacRoman mix-up about smurfs"): _OTHER_CODEC.format("MacRoman"),
    ("in-the-wild", "UTF-8 / Windows-1251 Russian mixup about futbol"): _OTHER_CODEC.format("Windows-1251"),
    ("in-the-wild", "UTF-8 / Windows-1251 mixed up twice in Russian"): _OTHER_CODEC.format("Windows-1251"),
    ("in-the-wild", "UTF-8 / Codepage 437 mixup in Russian"): _OTHER_CODEC.format("cp437"),
    ("in-the-wild", "UTF-8 / Windows-1250 mixup in French"): _OTHER_CODEC.format("Windows-1250"),
    ("in-the-wild", "For goodness' sake. We can come close to fixing this, but fail in the last step"): _LOSSY,
    ("in-the-wild", "lossy UTF-8 / Windows-1250 mixup in Spanish"): _LOSSY,
    ("in-the-wild", "UTF-8 / sloppy Windows-1250 mixup in English"): _OTHER_CODEC.format("Windows-1250"),
    ("in-the-wild", "UTF-8 / ISO-8859-2 mixup in Czech"): _OTHER_CODEC.format("ISO-8859-2"),
    ("in-the-wild", "UTF-8 / sloppy Windows-1250 mixup in Romanian"): _OTHER_CODEC.format("Windows-1250"),
    ("in-the-wild", "UTF-8 / Windows-1250 mixup in Slovak"): _OTHER_CODEC.format("Windows-1250"),
    ("in-the-wild", "UTF-8 / Windows-1252 followed by UTF-8 / Windows-1251"): _OTHER_CODEC.format("Windows-1251"),
    ("in-the-wild", "We can mostly decode the face above when we lose the character U+009D"): _LOSSY,
    ("in-the-wild", "Lossy decoding can have plain ASCII question marks, as well"): _LOSSY,
    ("in-the-wild", "Inconsistent UTF-8 / Latin-1 mojibake"): _NEL,
    ("in-the-wild", "sharp S, in isolation, via MacRoman encoding"): _OTHER_CODEC.format("MacRoman"),
    ("in-the-wild", "English example in UTF-8 / Windows-1251 with a ligature"): _OTHER_CODEC.format("Windows-1251"),
    ("in-the-wild", "We can fix 'à' in windows-1251 sometimes as well"): _OTHER_CODEC.format("Windows-1251"),
    ("in-the-wild", "A complex, lossy pile-up of mojibake in Portuguese"): _LOSSY,
    ("in-the-wild", "UTF-8 / Windows-1251 mixup in tweet spam"): _OTHER_CODEC.format("Windows-1251"),
    ("in-the-wild", "UTF-8 / Windows-1251 mixup"): _OTHER_CODEC.format("Windows-1251"),
    ("in-the-wild", "Three layers of UTF-8 / MacRoman mixup in French"): _OTHER_CODEC.format("MacRoman"),
    ("in-the-wild", "Italian UTF-8 / MacRoman example with ò"): _OTHER_CODEC.format("MacRoman"),
    ("in-the-wild", "Latvian UTF-8 / MacRoman mojibake"): _OTHER_CODEC.format("MacRoman"),
    ("in-the-wild", "Lithuanian UTF-8 / Windows-1250 mojibake"): _OTHER_CODEC.format("Windows-1250"),
    ("synthetic", "Synthetic: Hebrew UTF-8 / Windows-1250 mojibake"): _OTHER_CODEC.format("Windows-1250"),
    ("synthetic", "Synthetic: Hebrew UTF-8 / MacRoman mojibake"): _OTHER_CODEC.format("MacRoman"),
    ("synthetic", "Synthetic: Arabic UTF-8 / Windows-1250 mojibake"): _OTHER_CODEC.format("Windows-1250"),
    ("synthetic", "Synthetic: Arabic UTF-8 / MacRoman mojibake"): _OTHER_CODEC.format("MacRoman"),
    ("synthetic", "Synthetic: curly quotes with mismatched encoding glitches in Latin-1"): _NEL,
    ("synthetic", "Synthetic: lossy decoding in sloppy-windows-1252"): _LOSSY,
    ("language-names", "Messy language names: Slovak"): _LOSSY,
    ("language-names", "Messy language names: Bulgarian"): _LOSSY,
    ("language-names", "Messy language names: Russian"): _LOSSY,
    ("language-names", "Messy language names: Serbian [Cyrillic]"): _LOSSY,
    ("language-names", "Messy language names: Hindi"): _LOSSY,
    ("language-names", "Messy language names: Tamil"): _LOSSY,
    ("language-names", "Messy language name in cp437: Czech"): _OTHER_CODEC.format("cp437"),
    ("language-names", "Messy language name in cp437: Vietnamese"): _OTHER_CODEC.format("cp437"),
    ("known-failures", "Misleading mix-up in Spanish"): _KNOWN,
    ("known-failures", "Two levels of inconsistent mojibake"): _KNOWN,
    ("known-failures", "A-with-grave in Vietnamese"): _KNOWN,
    ("known-failures", "Latin-1 / MacRoman mixup in Spanish"): _KNOWN,
    ("known-failures", "subtle UTF-8 / codepage 437 mixup in Spanish"): _KNOWN,
    ("known-failures", "Latin-1 / MacRoman mixup in Spanish, 2 characters"): _KNOWN,
    (
        "known-failures",
        "An example with 'à' in windows-1251 where we need our heuristic to be bolder",
    ): _KNOWN,
    ("known-failures", "Italian UTF-8 / MacRoman mojibake that looks like math"): _KNOWN,
    ("known-failures", "Synthetic: Incomplete UTF-8 / Windows-1252 mixup in Arabic"): (
        "ftfy's own known failure; the rule repairs the case as given, but not "
        "with one more layer of mojibake on top"
    ),
    (
        "known-failures",
        (
            "Synthetic, false positive: the title of a manga, in weird capitalized romaji, "
            "with a non-breaking space"
        ),
    ): _KNOWN + " (\"Â\\xa0\" is read as a no-break space)",
}


def _cases(name: str) -> list[dict]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


NEGATIVE = _cases("negative")
POSITIVE = [
    (name, case)
    for name in ("in-the-wild", "synthetic", "language-names", "known-failures")
    for case in _cases(name)
]


def test_fixtures_complete():
    assert len(NEGATIVE) == 31
    labels = {(name, case["label"]) for name, case in POSITIVE}
    assert set(EXCLUDED) <= labels  # no stale exclusion


@pytest.mark.parametrize("case", NEGATIVE, ids=lambda c: c["label"][:60])
def test_ftfy_negative_unchanged(case):
    text = case["original"]
    assert fix_mojibake(text) is text
    # the character rules of this family, in pipeline order
    out = halfwidth_alnum(remove_invisible(map_radicals(fix_mojibake(text))))
    assert out == text


def _params():
    for name, case in POSITIVE:
        reason = EXCLUDED.get((name, case["label"]))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(case, marks=marks, id=f"{name}: {case['label'][:60]}")


@pytest.mark.parametrize("case", list(_params()))
def test_ftfy_case(case):
    expected = case.get("fixed-encoding", case["fixed"])
    assert fix_mojibake(case["original"]) == expected
    # one more layer of UTF-8 read as Latin-1 on top
    extra = case["original"].encode("utf-8").decode("latin-1")
    assert fix_mojibake(extra) == expected


# ------------------------------------------------------------------ corpora

DEV_INPUTS = sorted(DEV.glob("*.txt"))


def test_corpora_present():
    assert len(CLEAN_FILES) >= 7 and len(DEV_INPUTS) >= 60


@pytest.mark.parametrize("path", CLEAN_FILES + DEV_INPUTS, ids=lambda p: p.name)
def test_no_mojibake_edits_on_corpora(path):
    """The clean and dev corpora have no mojibake: any edit is a false positive."""
    text = path.read_text(encoding="utf-8")
    assert fix_mojibake(text) is text
    assert detect_unrecoverable(text) == ()


@pytest.mark.parametrize("sep", ["\x00", "\x0b", "\x1e"])
def test_a_control_character_inside_a_run_does_not_split_it(sep):
    # The invisible rule removes the NULs later; split by them, the run was
    # repaired only by the next fix (issue 16, --hypothesis-seed=1078).
    text = f"ä¸\x80å\x80\x8bæ¼¢{sep}å\xa0¡{sep}æ\x88\x91å\x80\x91深度"
    assert fix_mojibake(text) == f"一個漢{sep}堡{sep}我們深度"
    once = cleantext.fix(text)
    assert once == "一個漢堡我們深度"
    assert cleantext.fix(once) == once
