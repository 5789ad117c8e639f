"""Unicode hygiene: ``invisible``, ``radicals`` and ``width``.

Before/after pairs per rule, the must-not-touch cases, the generated
radical table checked against Unicode data, the dev documents with radicals
and compatibility ideographs (distance to gold must fall), and the clean
corpus (must not change).
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import CLEAN_FILES, corpus, keeps, repairs

import cleantext
from cleantext.rules.hygiene import halfwidth_alnum, map_radicals, remove_invisible

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "cleantext" / "data"
OWN_RULES = ["radicals", "invisible", "width"]


# ---------------------------------------------------------------- invisible

INVISIBLE_FIXES = [
    ("人民\u200b日报", "人民日报"),  # zero-width space
    ("\ufeff第一版", "第一版"),  # BOM at the start
    ("第一\ufeff版", "第一版"),  # BOM inside the text
    ("中\u200d国", "中国"),  # ZWJ between Han characters
    ("中\u200c国", "中国"),  # ZWNJ between Han characters
    ("国\u200d，", "国，"),  # ZWJ at a Han boundary
    ("\u200c,的", ",的"),  # next to a mark punct-width widens before Han
    ("的\u200d(注)", "的(注)"),
    ("新\u2060华\u2061社", "新华社"),  # word joiner, invisible operator
    ("记\u00ad者", "记者"),  # soft hyphen
    ("Inter\u00ad\nnational", "International"),  # hyphenation point at a line end
    ("中\u180e文", "中文"),  # Mongolian vowel separator outside Mongolian
    ("统计\x00局\x07发布\x1b", "统计局发布"),  # C0 controls
    ("统计\x81局\x9d", "统计局"),  # C1 controls (undefined in Windows-1252)
    ("Line one\x0bLine two", "Line one\nLine two"),  # vertical tab: a line break
    ("一\x0b個\x1e字", "一個字"),  # ... but not between Han characters
    ("\u200e中文\u202c", "中文"),  # bidi controls, no right-to-left text
    ("人\u200b\u200d民", "人民"),  # several in a row
]

INVISIBLE_KEEPS = [
    "家庭：👨\u200d👩\u200d👧",  # emoji ZWJ sequence
    "👩🏽\u200d💻 程序员",
    "🏳️\u200d🌈",
    "葛\U000e0100城",  # ideographic variation selector after Han
    "邉\ufe00",  # standardized variation selector
    "第一页\f第二页",  # form feed: page-break evidence for line-wrap
    "甲\t乙\r\n丙\n",  # tab, CR, LF
    "第一行\x85第二行",  # NEL: normalize turns it into a line break
    "क्\u200dष",  # ZWJ in Devanagari
    "می\u200cخواهم",  # ZWNJ in Persian
    "a\u200c,b", "\u200c,a",  # a mark, but no CJK beyond it
    "ภาษา\u200bไทย",  # ZWSP between Thai words
    "\u05e9\u05dc\u05d5\u05dd \u200fABC",  # RLM in Hebrew text
    "\u3000\u3000段首缩进",  # ideographic spaces: line-wrap / cjk-space
    "价格\u00a0100元",  # no-break space: not invisible
    "ᠮᠣᠩᠭᠣ\u180eᠯ",  # Mongolian vowel separator in Mongolian
]


test_invisible_fixes = repairs(remove_invisible, INVISIBLE_FIXES)
test_invisible_keeps = keeps(remove_invisible, INVISIBLE_KEEPS)


# ----------------------------------------------------------------- radicals

RADICAL_FIXES = [
    ("⼈⺠⽇报", "人民日报"),
    ("⻓江", "长江"),
    ("⼤庆油⽥", "大庆油田"),
    ("10⽉26⽇，⻩河⼩浪底", "10月26日，黄河小浪底"),  # neighbours need not be Han
    ("⼯\n程进展", "工\n程进展"),
    ("⽐上年增⻑25.4％", "比上年增長25.4％"),  # traditional supplement form
    ("\uf967\uf9ba\ufa08", "不了行"),  # compatibility ideographs (typst)
    ("\U0002f800", "\u4e3d"),  # CJK compatibility ideographs supplement
    ("走访了农⼾", "走访了农户"),  # simplified text: the simplified glyph
    ("走訪了農⼾", "走訪了農戶"),  # traditional text: the radical's own
]

RADICAL_KEEPS = [
    "人民日报",
    "\ufa0e\ufa0f\ufa11",  # unified ideographs inside the compatibility block
    "㇀㇁笔画",  # CJK strokes stand for strokes
    "部首⺀",  # U+2E80 CJK RADICAL REPEAT has no equivalent
]


test_radicals_fixes = repairs(map_radicals, RADICAL_FIXES)
test_radicals_keeps = keeps(map_radicals, RADICAL_KEEPS)


def _table():
    rows = {}
    for line in (DATA / "radicals.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cp, char, unified, variant, source = line.split("\t")
            rows[int(cp, 16)] = (char, unified, variant, source)
    return rows


def test_radical_table_matches_unicode_data():
    """Kangxi radicals = their NFKC; compatibility ideographs = their
    canonical decomposition; every radical maps to a unified ideograph."""
    rows = _table()
    assert sum(1 for cp in rows if 0x2F00 <= cp <= 0x2FDF) == 214
    # 115 supplement characters, all but U+2E80 CJK RADICAL REPEAT mapped
    assert sum(1 for cp in rows if 0x2E80 <= cp <= 0x2EFF) == 114
    for cp, (char, unified, _variant, _source) in rows.items():
        assert char == chr(cp)
        if 0x2F00 <= cp <= 0x2FDF:
            assert unicodedata.normalize("NFKC", char) == unified
        elif 0x2E80 <= cp <= 0x2EFF:
            assert "CJK UNIFIED IDEOGRAPH" in unicodedata.name(unified, "CJK UNIFIED IDEOGRAPH")
        else:
            assert unicodedata.normalize("NFC", char) == unified
    # every compatibility ideograph with a decomposition is in the table
    for lo, hi in ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F)):
        for cp in range(lo, hi + 1):
            if unicodedata.decomposition(chr(cp)):
                assert cp in rows
    assert rows[0x2EA0][1] == "民" and rows[0x2ED3][1] == "长"


def test_radical_table_is_regenerable():
    """The shipped table is what ``build_tables.py radicals`` writes."""
    spec = importlib.util.spec_from_file_location("cleantext_build_tables", DATA / "build_tables.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    rendered = module.render(module.build_rows())
    shipped = (DATA / "radicals.tsv").read_text(encoding="utf-8")
    # the header names the Python unicodedata version that built it
    def strip(text):
        return [line for line in text.splitlines() if "unicodedata" not in line]

    assert strip(rendered) == strip(shipped)


def test_ucd_source_file_is_the_published_one():
    data = (DATA / "EquivalentUnifiedIdeograph.txt").read_bytes()
    assert data.startswith(b"# EquivalentUnifiedIdeograph-17.0.0.txt")
    assert (
        hashlib.sha256(data).hexdigest()
        == "38619c05a17e771554000fe604afee92e10eb49e0616ecf0c87af3c1eb0f4320"
    )


# -------------------------------------------------------------------- width

WIDTH_FIXES = [
    ("２０１８年ＧＤＰ", "2018年GDP"),
    ("６．７", "6.7"),
    ("增长6．7％", "增长6.7％"),  # ASCII digits, full-width point
    ("１，０００", "1,000"),
    ("共１２，３４５，６７８元", "共12,345,678元"),
    ("ｗｗｗ．ｘｉｎｈｕａ．ｃｏｍ", "www．xinhua．com"),  # letters only; the point stays
    ("第１，２，３名", "第1，2，3名"),  # a list, not thousands
    ("１２３４，５６７", "1234，567"),
    ("Ｗｉｎｄｏｗｓ　９８", "Windows　98"),  # U+3000 is not this rule's
]

WIDTH_KEEPS = [
    "增长16.4％",  # full-width percent sign stays
    "气温－3℃",  # full-width minus, degree Celsius
    "二○○○年",  # ○ as zero
    "千分之三‰",
    "约1～2天",
    "他说：“好！”（完）；对吗？",  # full-width punctuation: punct-width's business
    "（王＋佩右）",
    "明天－－热",
    "2018年GDP增长6.7%",
    "第1．总则",  # a point after a number before Han: not a decimal point
    "全角空格\u3000在此",
]


test_width_fixes = repairs(halfwidth_alnum, WIDTH_FIXES)
test_width_keeps = keeps(halfwidth_alnum, WIDTH_KEEPS)


@pytest.mark.parametrize(
    "text, expected",
    [("二○○○年，气温－５℃～＋３℃，增幅１６．４％", "二○○○年，气温－5℃～＋3℃，增幅16.4％")],
)
def test_width_keeps_symbols_around_digits(text, expected):
    assert halfwidth_alnum(text) == expected


# ------------------------------------------------------ through the pipeline

ISSUE_EXAMPLES = [
    ("⼈⺠⽇报", "人民日报"),
    ("⻓江", "长江"),
    ("２０１８年ＧＤＰ", "2018年GDP"),
    ("６．７", "6.7"),
]


@pytest.mark.parametrize("text, expected", ISSUE_EXAMPLES)
def test_issue_examples_through_fix(text, expected):
    assert cleantext.fix(text) == expected


def test_radicals_reported_by_name():
    edits = cleantext.explain("\uf967是⼤庆")
    assert {e.rule for e in edits} == {"radicals"}


def test_idempotent_on_examples():
    for text, _ in RADICAL_FIXES + WIDTH_FIXES + INVISIBLE_FIXES:
        once = cleantext.fix(text, select=OWN_RULES)
        assert cleantext.fix(once, select=OWN_RULES) == once


# ------------------------------------------------------------------ corpora


LOOKALIKE_DOCS = [
    d for d in corpus.dev_docs() if {"kangxi-radicals", "compat-ideographs"} & set(d.kinds)
]


def test_dev_corpus_has_lookalike_docs():
    assert len(LOOKALIKE_DOCS) == 8


@pytest.mark.parametrize("doc", LOOKALIKE_DOCS, ids=lambda d: d.name)
def test_radicals_bring_lookalike_docs_closer_to_gold(doc):
    after = cleantext.fix(doc.input, select=["radicals"])
    assert corpus.distance(after, doc.gold) < corpus.distance(doc.input, doc.gold)
    assert not any(
        0x2E80 <= ord(c) <= 0x2FDF or (0xF900 <= ord(c) <= 0xFAFF and unicodedata.decomposition(c))
        for c in after
    )


def test_clean_corpus_present():
    assert len(CLEAN_FILES) >= 7


@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
def test_clean_corpus_unchanged(path):
    text = corpus.read_text(path)
    assert cleantext.fix(text, select=OWN_RULES) == text
    for name in OWN_RULES:
        assert cleantext.explain(text, select=[name]) == []
