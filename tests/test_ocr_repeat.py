"""Tests for the ``ocr-repeat`` rule (cleantext.rules.ocr_repeat).

Fixture sources: the seed pages with gold (丽水水特色, 座谈会会在; the
gold keeps 破硬硬破解, which is printed so), the must-not-touch list of the
issue, genuine doubled characters of the clean and gold texts of the
corpus (中国国际, 组织部部长, 学生会会长, 交通通达, 1997年年初, 项目中中标,
一批批, 崖崖畔畔), and the SIGHAN 2005 bakeoff test texts
(yuikns/icwb2-data, testing/*.utf8: 船闸闸室, 图书馆馆史展, 道釘釘在),
on which an earlier version made those edits.
"""

from __future__ import annotations

import pytest
from helpers import CLEAN_FILES, through_the_pipeline, unchanged_through_the_pipeline

import cleantext
from cleantext.rules.ocr_repeat import collapse_ocr_repeats


RULE = ["ocr-repeat"]


test_collapses = through_the_pipeline(
    RULE,
    [
        ("一场特别的座谈会会在苍南县召开。", "一场特别的座谈会在苍南县召开。"),
        ("出台具有丽水水特色的现场管理标准", "出台具有丽水特色的现场管理标准"),
        # traditional text, judged through OpenCC t2s
        ("一場特別的座談會會在蒼南縣召開。", "一場特別的座談會在蒼南縣召開。"),
        ("出臺具有麗水水特色的現場管理標準", "出臺具有麗水特色的現場管理標準"),
        # two repeats in one sentence
        ("座谈会会在丽水水特色小镇召开", "座谈会在丽水特色小镇召开"),
        # a PDF viewer's copy through a broken character map: both copies
        # in words, and the word that spans them once one goes is common and
        # far commoner than the second (图书馆; issue 14, 3)
        ("他在图书书馆里看书", "他在图书馆里看书"),
    ],
)


MUST_NOT_TOUCH = [
    # reduplication
    "常常", "人人", "天天向上", "看看", "谢谢", "研究研究", "实实在在", "久久为功", "星星",
    "仅仅", "渐渐", "刚刚", "往往", "纷纷", "匆匆", "默默", "慢慢", "好好", "多多", "轻轻",
    "一一", "层层", "处处", "时时", "事事", "个个", "了了", "的的确确",
    "我们常常去看看他们，人人都说谢谢。",
    "他们纷纷表示，要实实在在地做事，久久为功。",
    "大家渐渐明白了，事事都要好好做。",
    "为了了解情况，他刚刚到达。",
    "在上海又有一批批同志被捕。",
    "一年年过去了，一步步走来。",
    "庄稼长好了，崖崖畔畔的草旺了。",
    # names
    "通讯员张甜甜报道", "丽丽和婷婷、冰冰是同学。",
    # printed so (seed 003 gold)
    "实打实了解需求，破硬硬破解难题。",
    # a character shared by two words
    "中国国际航空公司", "组织部部长方健忠出席", "中国红十字会会长钱正英", "担任学生会会长",
    "推动交通通达", "今年年底", "大学学生参加了活动", "上海海关查获", "公司司机开车", "这几年年均净增人口", "国家开发银行行长", "省交通廳廳長安惠元說",
    # the first copy alone before a word that starts with it
    "在激烈的竞争中中标表示祝贺", "化创建工作推进会会议精神",
    # at the edge of the Han text
    "1997年年初特别是元旦", "2020年年底",
    # what follows the lone copy may make a compound with it (icwb2-data)
    "三峡工程临时船闸闸室墙体竣工", "国家图书馆馆史展也在元旦正式开展", "道釘釘在腐木上",
    # traditional reduplication
    "紛紛登台亮相", "不僅僅是單個企業", "靠實實在在的利益", "身體輕飄飄的",
    # runs of three and more, non-Han
    "哈哈哈", "好好好好", "1100", "bookkeeper", "……", "",
]


test_leaves_alone = unchanged_through_the_pipeline(RULE, MUST_NOT_TOUCH)


# The first copy ends a word and the second starts a four-character idiom
# that wordfreq's list lacks (the idioms: THUOCL's chengyu list, the data
# file of the rule; the words before them: frequent words of wordfreq's
# list).  Built, not taken from a document: an earlier version collapsed
# every one of them (issue 14, 3).
IDIOM_AFTER_A_WORD = [
    "我们人民民为邦本的人", "我们发言言为心声的人", "我们可以以人为镜的人",
    "我们吸引引而不发的人", "我们共同同气相求的人", "我们提出出以公心的人",
    "我们自身身单力薄的人", "我们青春春和景明的人", "我们悬挂挂免战牌的人",
    "人民民为邦本", "當時人民民為邦本",
]


test_leaves_an_idiom_after_a_word = unchanged_through_the_pipeline(RULE, IDIOM_AFTER_A_WORD)


test_collapses_next_to_an_idiom = through_the_pipeline(
    RULE,
    [("座谈会会在人民民为邦本的地方", "座谈会在人民民为邦本的地方")],
)


def test_idiom_list_is_four_character_han():
    from cleantext.rules.ocr_repeat import _idioms

    idioms = _idioms()
    assert len(idioms) > 7000
    assert all(len(w) == 4 and all("\u4e00" <= c <= "\u9fff" for c in w) for w in idioms)


# Only "XX" with a Han character on each side is a candidate; a repair near
# a doubled character that is not one (a digit, a Latin letter or the line
# end beside it) must change nothing about it, and repairs close together
# are all made.
test_collapses_only_between_han = through_the_pipeline(
    RULE,
    [
        ("座谈会会在A水水特色", "座谈会在A水水特色"),
        ("座谈会会在1水水特色", "座谈会在1水水特色"),
        ("座谈会会在苍南，丽水水特色", "座谈会在苍南，丽水特色"),
        ("(座谈会会在)", "(座谈会在)"),
        ("召开座谈会会在丽水水特色的现场会会在", "召开座谈会在丽水特色的现场会在"),
        ("座谈会会在丽丽水水特色", "座谈会在丽丽水水特色"),
    ],
)


test_leaves_alone_at_the_edge_of_han_text = unchanged_through_the_pipeline(
    RULE,
    ["一场特别的座谈会会。", "会会在苍南县召开", "座谈会会\n在苍南县召开", "座谈会会 在苍南县召开", "A水水特色", "丽水水1"],
)


def test_same_object_when_nothing_changes():
    text = "我们常常说，人人天天向上。"
    assert collapse_ocr_repeats(text) is text


def test_idempotent():
    text = "座谈会会在丽水水特色小镇召开，常常如此。"
    once = collapse_ocr_repeats(text)
    assert collapse_ocr_repeats(once) == once


def test_explain_names_the_rule():
    edits = cleantext.explain("出台具有丽水水特色的标准", select=["ocr-repeat"])
    assert [(e.rule, e.before, e.after) for e in edits] == [("ocr-repeat", "水", "")]


@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
def test_clean_corpus_unchanged(path):
    text = path.read_text(encoding="utf-8")
    assert collapse_ocr_repeats(text) == text
