"""Tests for the ``line-wrap`` rule (:mod:`cleantext.rules.linewrap`).

Before/after pairs for every decision the rule makes, the cases it must not
touch, and round trips: clean paragraphs typeset into a narrow column the
way the PDF extractors return them (a line every N characters, the first
line of a paragraph two characters short because the extractor dropped the
indent, or an explicit U+3000 indent, or a blank line after every line) must
come back as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import keeps

import cleantext
from cleantext.rules.linewrap import columns, fix_line_wraps
from cleantext.rules.linewrap import lines as line_model
from cleantext.rules.linewrap.judgement import should_join, strong_join
from cleantext.rules.linewrap.lines import (
    column_width,
    is_terminal,
    join_pair,
    looks_like_byline,
    looks_like_label,
    looks_like_note,
)

DATA = Path(__file__).resolve().parent / "data" / "corpus"
CLEAN_FILES = sorted((DATA / "clean").glob("*.txt"))


def lw(text: str) -> str:
    return fix_line_wraps(text)


def typeset(paragraphs: list[str], width: int, indent: str = "drop", blank_after: bool = False) -> str:
    """Set ``paragraphs`` in a column ``width`` characters wide, as an
    extractor returns it: ``indent`` "drop" (the first line is two characters
    short, the indent lost), "ideographic" (two U+3000 before the first line)
    or "none"; ``blank_after``: a blank line after every line (seed 004)."""
    lines = []
    for p in paragraphs:
        first = width - (2 if indent in ("drop", "ideographic") else 0)
        chunks = []
        rest = p
        size = first
        while rest:
            chunk, rest = rest[:size], rest[size:]
            # no line may start with a closing mark: a character moves down
            while rest and rest[0] in NO_LINE_START and len(chunk) > 1:
                chunk, rest = chunk[:-1], chunk[-1] + rest
            chunks.append(chunk)
            size = width
        chunks[0] = ("\u3000\u3000" if indent == "ideographic" else "") + chunks[0]
        lines.extend(chunks)
    sep = "\n\n" if blank_after else "\n"
    return sep.join(lines) + "\n"


#: Marks that may not start a line (Chinese line-breaking rules, JIS X 4051
#: / W3C clreq "kinsoku"): typesetters move a character down instead.
NO_LINE_START = "，。、；：？！）”』」》…"


def contract(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


# Newswire paragraphs of the kind the rule sees (our own text).
ARTICLE = [
    "本报讯 近日，市统计局通过社情民意调查热线，随机抽取市直及九县（市、区）各100名机关事业单位人员，开展了知晓率调查。",
    "调查结果显示，机关事业单位干部对这项工作的知晓率、参与率较高，对下一步工作都非常支持并且非常有信心。",
    "记者了解到，本次调查是为了解行政机关、事业单位人员对实施意见的知晓程度、认同程度、支持程度和信心程度。",
    "近年来，社情民意调查在全国各地广泛兴起，调查数据在引导民众参与政府决策、推动公共管理工作方面发挥着重要作用。",
]


# --------------------------------------------------------------------------
# Round trips through a narrow column.


@pytest.mark.parametrize("width", [9, 12, 16, 20])
@pytest.mark.parametrize("indent", ["drop", "ideographic"])
@pytest.mark.parametrize("blank_after", [False, True])
def test_column_round_trip(width, indent, blank_after):
    wrapped = typeset(ARTICLE, width, indent, blank_after)
    assert lw(wrapped) == contract(ARTICLE)


def test_column_round_trip_of_clean_corpus_paragraphs():
    paragraphs = [
        p
        for p in (DATA / "clean" / "clean_simp_msr_001.txt").read_text("utf-8").split("\n\n")
        if p.strip() and is_terminal(p) and len(p) > 30
    ][:12]
    assert len(paragraphs) == 12
    wrapped = typeset(paragraphs, 11, "drop")
    out = lw(wrapped)
    assert out == contract(paragraphs)


def test_sentence_ending_at_the_line_end_stays_in_its_paragraph():
    # "。" at the end of a full line, and the next line full too: same paragraph
    wrapped = "它是一项造福今\n人、泽被子孙的千秋\n功业。它体现了中华\n民族艰苦创业、自强\n不息的伟大精神，展\n示了中国人民在改革\n开放中改天换地、创\n造未来的宏伟气魄。\n大江截流成功，标志\n着三峡水利枢纽一期\n工程顺利完成，并转\n入二期施工。\n参加建设的各个\n单位，要切实加强管\n理，保证工程质量。\n"
    assert lw(wrapped) == (
        "它是一项造福今人、泽被子孙的千秋功业。它体现了中华民族艰苦创业、自强不息的伟大精神，"
        "展示了中国人民在改革开放中改天换地、创造未来的宏伟气魄。大江截流成功，标志着三峡水利枢纽"
        "一期工程顺利完成，并转入二期施工。\n\n参加建设的各个单位，要切实加强管理，保证工程质量。\n"
    )


def test_full_line_ending_a_sentence_then_an_indented_line_ends_the_paragraph():
    wrapped = "发射升空的。这是我国\n自行研制的新一代卫星\n的第一次成功发射。\n在卫星进入轨道后\n的八天时间里，地面测\n控网进行了持续跟踪。\n"
    assert lw(wrapped) == (
        "发射升空的。这是我国自行研制的新一代卫星的第一次成功发射。\n\n"
        "在卫星进入轨道后的八天时间里，地面测控网进行了持续跟踪。\n"
    )


# --------------------------------------------------------------------------
# How pieces are joined.


@pytest.mark.parametrize(
    "left, right, joined",
    [
        ("创建国", "际化双创人才特区", "创建国际化双创人才特区"),  # CJK: nothing between
        ("a line of", "English text", "a line of English text"),  # Latin: one space
        ("通过“0578-", "12340”社情民意调查热线", "通过“0578-12340”社情民意调查热线"),  # hyphen kept
        ("the inter-", "national market", "the international market"),  # hyphenated word
        ("a well-", "known fact", "a well-known fact"),  # both parts words, joined not
        ("a self-", "aware robot", "a self-aware robot"),  # joined is no word
        # a word broken without a hyphen: joined where the word list leaves
        # no doubt (the tail a fragment, the whole a common word)
        ("sustainable develop", "ment goals", "sustainable development goals"),
        ("the tech", "nology", "the technology"),
        ("every", "thing", "every thing"),  # both words: apart
        ("in", "the", "in the"),
        ("New", "York", "New York"),
        ("共有 1100", "亿元", "共有 1100亿元"),
        ("年产 12 万吨，达 1", "000 万吨", "年产 12 万吨，达 1000 万吨"),  # a number split: no space
        ("采用", "GPS定位", "采用GPS定位"),  # Chinese then Latin: nothing (cjk-space decides)
        ("GPS", "定位", "GPS定位"),
        ("末尾空格  ", "  开头", "末尾空格开头"),
    ],
)
def test_join_pair(left, right, joined):
    assert join_pair(left, right) == joined


def test_hyphen_of_a_phone_number_kept_in_a_column():
    wrapped = "本报讯 近日，市统计局通过“0578-\n12340”社情民意调查热线，随机抽\n取市直及九县（市、区）各100名\n、全市共1000名机关事业单位人\n员，开展了丽水市知晓率调查。\n"
    out = lw(wrapped)
    assert "“0578-12340”" in out
    assert out.count("\n") == 1


def test_latin_words_join_with_a_space():
    wrapped = (
        "The committee met on Monday to discuss\n"
        "the budget for the coming year and agreed\n"
        "on a number of measures to cut the inter-\n"
        "national travel costs of its members by a\n"
        "third before the end of the year.\n"
    )
    assert lw(wrapped) == (
        "The committee met on Monday to discuss the budget for the coming year and agreed "
        "on a number of measures to cut the international travel costs of its members by a "
        "third before the end of the year.\n"
    )


# --------------------------------------------------------------------------
# Blank lines, form feeds, indentation.


def test_blank_line_inside_a_sentence_joined():
    text = (
        "重点建设好浙西南科创产业园、科创小镇、科创走廊等重大创新载体，高标准、大手笔创建国\n\n"
        "际化双创人才特区，以超常规力度打造区域科创硬核。\n"
    )
    assert lw(text) == (
        "重点建设好浙西南科创产业园、科创小镇、科创走廊等重大创新载体，高标准、大手笔创建国"
        "际化双创人才特区，以超常规力度打造区域科创硬核。\n"
    )


def test_enumeration_comma_at_a_paragraph_end_continues():
    text = "全省各级党员干部纷纷到基层去，到问题多的地方去，做到解决真问题、\n\n真解决问题——\n\n在企业厂房，了解生产经营情况。\n"
    assert lw(text) == (
        "全省各级党员干部纷纷到基层去，到问题多的地方去，做到解决真问题、真解决问题——\n\n"
        "在企业厂房，了解生产经营情况。\n"
    )


def test_form_feed_between_pages_joined_and_removed():
    wrapped = typeset(ARTICLE[:2], 12).replace("机关事业单位人员，开展了知", "机关事业单位人员，开展了知\n\f", 1)
    out = lw(wrapped)
    assert "\f" not in out
    assert out == contract(ARTICLE[:2])


def test_ideographic_indent_removed():
    text = "\u3000\u3000第一段的文字。\n\n\u3000\u3000第二段的文字。\n"
    assert lw(text) == "第一段的文字。\n\n第二段的文字。\n"


def test_trailing_spaces_removed():
    assert lw("第一段。  \n\n第二段。\u3000\n") == "第一段。\n\n第二段。\n"


def test_markdown_hard_break_inside_a_subheadline_joined():
    text = "以习近平同志为核心的党中央领航中国  \n为实现第一个百年奋斗目标而奋勇拼搏纪实\n"
    assert lw(text) == "以习近平同志为核心的党中央领航中国为实现第一个百年奋斗目标而奋勇拼搏纪实\n"


# --------------------------------------------------------------------------
# What keeps its own line.

HEADLINE_CASES = [
    # a long headline without sentence punctuation, then its article
    "长江三峡工程年底截流合龙设计流量为世界之最截流技术有十分把握\n\n三峡工程将以长江截流成功作为一期工程结束的标志。\n",
    # a headline with commas, then its article
    "他们座谈表示，要以此为契机，大大推进水土治理和生态农业建设\n\n今天上午，来自农业、林业、水利科技界的数十位专家聚集在一起。\n",
    # bylines, one after the other
    "本报记者 何贤君\n\n拍友 吴峰宇 摄\n",
    "本报评论员\n\n把握战略重点，才能牵一发而动全身。\n",
    "丽水市委常委、景宁畲族自治县委书记 陈重\n\n市委四届九次全会向全市发出了动员令。\n",
    # box label, continuation notes
    "阅读提示\n\n知晓此实施意见的被访者均表示支持。\n",
    "让美丽大花园更好地服务于人民美好生活。\n\n（下转第四版）\n",
    "（上接第一版）\n\n做得更实 以上率下 求新效\n",
    # lines ending with a dash or a colon end a paragraph in clean text
    "告别弄堂－－\n\n上海医药企业东迁浦东纪实。\n",
    "辛志强朋友：\n\n年轻人谋求自我发展，期望实现自我价值是一件好事情。\n",
    # a paragraph that ends in a quote left open (a quotation over paragraphs)
    "他说：“我们要坚持改革开放，加快发展步伐。\n\n“我们要坚定信心，迎接新的挑战。”\n",
]


test_output_form_left_alone = keeps(fix_line_wraps, HEADLINE_CASES)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("本报记者 何贤君\n拍友 吴峰宇 摄\n", "本报记者 何贤君\n\n拍友 吴峰宇 摄\n"),
        ("服务企业服务群众服务基层\n□ 记者 廖王晶\n", "服务企业服务群众服务基层\n\n□ 记者 廖王晶\n"),
        (
            "我们满怀信心奋斗在“丽水之干”的舞台\n阅读提示\n\n知晓此实施意见的被访\n者在被问及时，所有人均\n表示支持，支持率高达百\n分之百。\n",
            "我们满怀信心奋斗在“丽水之干”的舞台\n\n阅读提示\n\n知晓此实施意见的被访者在被问及时，所有人均表示支持，支持率高达百分之百。\n",
        ),
        (
            "让美丽大花园更好地服务于人民美好生活。\n(下转第四版)\n",
            "让美丽大花园更好地服务于人民美好生活。\n\n(下转第四版)\n",
        ),
        (" 晒席草\n1日，舟山镇前村村一名种植户正在铺晒席草。\n", "晒席草\n\n1日，舟山镇前村村一名种植户正在铺晒席草。\n"),
    ],
)
def test_special_lines_keep_their_own_paragraph(text, expected):
    assert lw(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # paragraphs marked by an indent: a line without one goes on
        ("\u3000\u3000一個。一個我\n們。他說：“一個。”\n一個。\n", "一個。一個我們。他說：“一個。”一個。\n"),
        (
            "\u3000\u3000一個。\n\n\u3000\u3000一個。他說：“一個。”\n\n\u3000\u3000一個。他說：\n\n“一個。”一個。\n\n他說：“我們。”\n",
            "一個。\n\n一個。他說：“一個。”\n\n一個。他說：“一個。”一個。他說：“我們。”\n",
        ),
    ],
)
def test_indent_marks_paragraphs(text, expected):
    assert lw(text) == expected


def test_a_bullet_starts_a_paragraph():
    text = "省直单位厅局长工作交流会召开，各地\n■实施“三服务”提升获得感\n"
    assert lw(text) == "省直单位厅局长工作交流会召开，各地\n\n■实施“三服务”提升获得感\n"


def test_one_paragraph_a_line_without_blank_lines_stays():
    text = "第一段文字很长的一行。\n第二段文字也很长的一行。\n第三段。\n"
    assert lw(text) == "第一段文字很长的一行。\n\n第二段文字也很长的一行。\n\n第三段。\n"


def test_ragged_english_lines_joined():
    text = (
        "The committee met on Monday to\ndiscuss the budget for the year.\nIt agreed on several measures to\n"
        "cut costs.\n\nA second paragraph starts here and\nruns on to a second line.\n"
    )
    assert lw(text) == (
        "The committee met on Monday to discuss the budget for the year. It agreed on several measures to "
        "cut costs.\n\nA second paragraph starts here and runs on to a second line.\n"
    )


def test_headline_salutation_and_body_stay_apart():
    text = "一個我們一個\n\n管錯朋友：\n\n一個我們。\n"
    assert lw(text) is text


def test_wrapped_headline_tail_joined_and_dateline_kept_apart():
    wrapped = (
        "乔石视察中国气象局时强调要重视气候资源的开发利\n用\n"
        "本报北京1月25日讯新华\n社记者王言彬、本报记者何加\n正报道：中共中央政治局常\n"
        "委、全国人大常委会委员长乔\n石今天视察中国气象局时强\n调，要使我国气象事业有一个\n"
        "更大的发展。\n"
    )
    assert lw(wrapped) == (
        "乔石视察中国气象局时强调要重视气候资源的开发利用\n\n"
        "本报北京1月25日讯新华社记者王言彬、本报记者何加正报道：中共中央政治局常委、全国人大"
        "常委会委员长乔石今天视察中国气象局时强调，要使我国气象事业有一个更大的发展。\n"
    )


# --------------------------------------------------------------------------
# Markdown.


def test_markdown_structure_kept():
    text = (
        "## 以创造性思维、超常规力度 全力推进\n\n"
        "### 吴晓东作专题辅导\n"
        "本报讯（记者 叶江）日前，轮训班结业。\n\n"
        "- 第一项\n- 第二项\n\n"
        "1. 甲\n2. 乙\n\n"
        "| 列 | 值 |\n|---|---|\n| 甲 | 1 |\n\n"
        "> 引文第一行\n> 引文第二行\n"
    )
    assert lw(text) == (
        "## 以创造性思维、超常规力度 全力推进\n\n"
        "### 吴晓东作专题辅导\n\n"
        "本报讯（记者 叶江）日前，轮训班结业。\n\n"
        "- 第一项\n- 第二项\n\n"
        "1. 甲\n2. 乙\n\n"
        "| 列 | 值 |\n|---|---|\n| 甲 | 1 |\n\n"
        "> 引文第一行\n> 引文第二行\n"
    )


def test_fenced_code_copied_verbatim():
    code = "```python\ndef f(x):\n\n    return x  \n```"
    text = "说明如下，\n\n" + code + "\n\n后文。\n"
    out = lw(text)
    assert code in out
    assert out == "说明如下，\n\n" + code + "\n\n后文。\n"


def test_heading_never_joined_to_a_wrapped_line():
    text = "第一行文字没有结束，还在继续写\n## 标题\n正文。\n"
    assert lw(text) == "第一行文字没有结束，还在继续写\n\n## 标题\n\n正文。\n"


# --------------------------------------------------------------------------
# Line endings of the whole text.


@pytest.mark.parametrize(
    "text, expected",
    [
        ("占96.2%。", "占96.2%。"),  # no newline: nothing added
        ("第一段。\n", "第一段。\n"),
        ("第一段。\n\n\n", "第一段。\n"),
        ("\n\n第一段。\n\n\n\n第二段。", "第一段。\n\n第二段。"),
        ("第一段。\n\n第二段。\n\n\n\n", "第一段。\n\n第二段。\n"),
        ("\u3000\u3000第一段。", "第一段。"),
        ("", ""),
        ("\n", ""),
    ],
)
def test_text_ends(text, expected):
    assert lw(text) == expected


def test_unchanged_text_is_the_same_object():
    text = "第一段。\n\n第二段。\n"
    assert lw(text) is text
    one_line = "没有换行的一行文字。"
    assert lw(one_line) is one_line


def test_string_api_without_newline():
    assert cleantext.fix("占 96.2.%。") == "占96.2%。"


# --------------------------------------------------------------------------
# Fixed points.


@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
def test_clean_corpus_unchanged(path):
    text = path.read_text("utf-8")
    assert lw(text) is text


@pytest.mark.parametrize(
    "text",
    [
        typeset(ARTICLE, 9),
        typeset(ARTICLE, 14, "ideographic"),
        typeset(ARTICLE, 16, "drop", True),
        "本报记者 何贤君\n拍友 吴峰宇 摄\n",
        "乔石视察中国气象局时强调要重视气候资源的开发利\n用\n本报北京1月25日讯新华\n社记者王言彬、本报记者何加\n正报道。\n",
        "- 第一项\n- 第二项\n\n```\ncode\n```\n",
    ],
)
def test_idempotent(text):
    once = lw(text)
    assert lw(once) == once
    assert cleantext.fix(cleantext.fix(text)) == cleantext.fix(text)


def test_never_loses_content():
    wrapped = typeset(ARTICLE, 10, "drop", True) + "\f\n" + typeset(ARTICLE[:1], 13, "ideographic")
    out = lw(wrapped)
    squeeze = lambda s: "".join(s.split())  # noqa: E731
    assert squeeze(out) == squeeze(wrapped.replace("\f", ""))


# --------------------------------------------------------------------------
# The decision functions.


@pytest.mark.parametrize(
    "line, expected",
    [
        ("非常有信心。", True),
        ("都非常支持。”", True),
        ("你遇到的问题？", True),
        ("选“是”的占96.2%.", False),  # a decimal point, not a full stop
        ("对开展“三", False),
        ("（附图片1张）", False),
        ("真解决问题——", False),
        ("全文如下：", False),
    ],
)
def test_is_terminal(line, expected):
    assert is_terminal(line) is expected


@pytest.mark.parametrize(
    "line",
    [
        "□ 记者 廖王晶",
        "□ 记者 廖王晶 通讯员 程俊杰",
        "□首席记者 陈晓苏",
        "本报记者 何贤君",
        "本报记者杜若原",
        "拍友 吴峰宇 摄",
        "记者 雷宁 摄",
        "（资料图片）记者 雷宁 摄",
        "（本报记者李舸摄）",
        "本报评论员",
        "本报驻委内瑞拉记者管彦忠",
        "通讯员孙美燕 记者陈宁",
        "□ 邓小玉",
        "丽水市委常委、景宁畲族自治县委书记 陈重",
    ],
)
def test_bylines(line):
    assert looks_like_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "记者了解到，本次调查是为了解行政机",
        "记者了解到这次会议",
        "学工作者要更加积极、全",
        "社记者王言彬、本报记者何加",
        "作者要更加积极",
        "本报讯 近日，记者从市经信委了解到，",
        "长江三峡工程年底截流合龙设计流量为世界之最",
    ],
)
def test_not_bylines(line):
    assert not looks_like_byline(line)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("(下转第四版)", True),
        ("（上接第一版）", True),
        ("（下转第2版）", True),
        ("■ 详见今日三版", True),
        ("（附图片1张）", True),
        ("上接第一版的文章说", False),
        ("转第四版", True),
        ("下转弯处", False),
    ],
)
def test_continuation_notes(line, expected):
    assert looks_like_note(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [("阅读提示", True), ("### 阅读提示", True), ("编者按：", True), ("图片：", True), ("提示我们", False)],
)
def test_box_labels(line, expected):
    assert looks_like_label(line) is expected


def test_column_width():
    assert column_width([9, 9, 8, 9, 9, 6, 7, 9, 9, 9, 4, 9]) == 9
    # one paragraph a line: no column
    assert column_width([120, 11, 64, 35, 90, 7, 27, 48, 150]) is None
    # lines that all end sentences (a list of short paragraphs) are no column
    flags = [False] * 8
    assert column_width([12, 12, 11, 12, 12, 12, 11, 12], flags) is None


def test_should_join_decisions():
    L = line_model._parse_line
    # a full line in a 12-wide column: wrapped
    assert should_join(L("九县各一百名、全市共一千名机关事"), L("业单位人员，开展了调查"), None, 17)
    # a short line ending a sentence, then an indented line: a new paragraph
    assert not should_join(L("入二期施工。"), L("参加建设的各个"), L("单位，要切实加强管"), 9, "并转入二期施工。")
    # the indented first line of a paragraph continues
    assert should_join(L("参加建设的各个"), L("单位，要切实加强管"), L("理，保证工程质量，"), 9)
    # explicit indentation starts a paragraph
    assert not should_join(L("的关键。"), L("\u3000\u3000它涉及百万移"), L("民，是一项艰巨"), 9)
    # an open bracket or quote carries on
    assert should_join(L("其它一切文明成果（附图"), L("片1张）"), None, 11, "江泽民指出，其它一切文明成果（附图")


def test_strong_join():
    L = line_model._parse_line
    assert strong_join("做到解决真问题、", L("真解决问题——", 1))
    assert strong_join("迈开步子、扑下身子，全省各级党员干部围绕经济运行、科技创新、共同", L("富裕、民生改善等重点领域", 1))
    assert not strong_join("长江三峡工程年底截流合龙设计流量为世界之最截流技术有十分把握", L("新华社宜昌电", 1))
    assert not strong_join("本报记者 何贤君", L("拍友 吴峰宇 摄", 1))


def test_explain_names_the_rule():
    edits = cleantext.explain("它是一项造福今\n人、泽被子孙的千秋\n功业。它体现了中华\n民族艰苦创业的精神。\n")
    assert edits and {e.rule for e in edits} == {"line-wrap"}


# --------------------------------------------------------------------------
# The fast paths give what the documented functions give.

_FAST_LINES = [
    "本报讯 近日，市统计局通过“0578-",
    "\u3000\u3000发 展 到 1 亿 吨 ， 跨 入 世",
    "  河流140 处，铁路16 处，大型公路86  ",
    "□ 记者 廖王晶 通讯员 程俊杰",
    "（下转第四版）",
    "编者按：",
    "阅读提示",
    "详见 http://www.example.com/path?a=1 的说明",
    "http://www.example.com/path?a=1",
    "选“是”的占 99.8%。",
    "其它一切文明成果（附图",
    "共有1,000名代表出席会议,会议(开幕)",
    "\tA line of English text, hyphen-",
    "丽水市委常委、景宁畲族自治县委书记 陈重",
    "问题——",
    "etc.",
    "中文.",
]


def test_parse_lines_matches_parse_line():
    gaps = list(range(len(_FAST_LINES)))
    assert line_model._parse_lines(_FAST_LINES, gaps) == [
        line_model._parse_line(raw, gap) for raw, gap in zip(_FAST_LINES, gaps)
    ]


def _measures_reference(widths, flags):
    """_measures_of the direct way: each window sorted and measured."""
    n = len(widths)
    out = [None] * n
    if n < 3 or sum(flags) < 2:
        return out

    def measure(lo, hi, cluster):
        need = max(2, 0.1 * (hi - lo))
        open_ws = sorted(w for w, f in zip(widths[lo:hi], flags[lo:hi]) if f)
        return columns._window_measure(sorted(widths[lo:hi]), open_ws, need, cluster)

    for k in range(n):
        m = measure(max(0, k - columns._REACH), min(n, k + columns._REACH + 1), True)
        if m is None:
            lo, hi = max(0, k - columns._WIDE_REACH), min(n, k + columns._WIDE_REACH + 1)
            m = measure(lo, hi, False) if hi - lo > columns._MIN_SPAN else None
        out[k] = m
    return out


@pytest.mark.parametrize("seed", range(40))
def test_sliding_measures_match_direct_ones(seed):
    import random

    rng = random.Random(seed)
    n = rng.randrange(3, 160)
    base = rng.choice([8, 12, 16.5, 21, 40])
    widths = [
        base + rng.choice([0, 0, 0, -0.5, 0.05, 0.25, -1, -2.5, 3]) if rng.random() < 0.7 else round(rng.uniform(0, 60), 2)
        for _ in range(n)
    ]
    flags = [rng.random() < rng.choice([0.2, 0.5, 0.8]) for _ in range(n)]
    assert columns._measures_of(widths, flags) == _measures_reference(widths, flags)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a short headline, a blank line, then a full line: two paragraphs
        # (found by the property suite: the headline was taken for the
        # indented first line of the paragraph)
        (
            "之间资源\n\n元年（巩固）红旗\n饮食。主流，其次\n如果《作为找到故\n事》就是土地，以\n往；中国破坏各地\n开车反抗。水平生\n",
            "之间资源\n\n元年（巩固）红旗饮食。主流，其次如果《作为找到故事》就是土地，以往；中国破坏各地开车反抗。水平生\n",
        ),
        ("代表公主小学\n\n拒绝味道两个。\n\n路上合作一家（家\n庭计算机）报告大\n片里面的东西，\n第一，台湾禁止限\n于。\n", "代表公主小学\n\n拒绝味道两个。\n\n路上合作一家（家庭计算机）报告大片里面的东西，第一，台湾禁止限于。\n"),
    ],
)
def test_headline_then_blank_line_is_not_a_first_line(text, expected):
    assert lw(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a headline as wide as the column, then a blank line that says
        # something: still a headline (found by the property suite)
        (
            "几乎眼前别人能否\n\n精力来自，很少我\n们十分，华人，中\n国。他说：“中国，\n图片，他们。”来\n自。他说：“可\n以。”这个land拥\n有包括。\n",
            "几乎眼前别人能否\n\n精力来自，很少我们十分，华人，中国。他说：“中国，图片，他们。”来自。他说：“可以。”这个land拥有包括。\n",
        ),
        # a first line that stops mid-sentence after a "。"
        ("设定。合作能力全\n力。他说：“警\n察！”警察。\n", "设定。合作能力全力。他说：“警察！”警察。\n"),
        # ... but a caption and its photo credit end a paragraph
        ("图为会场。记者 张三 摄\n正文第一段。\n", "图为会场。记者 张三 摄\n\n正文第一段。\n"),
        # a URL too long for the end of the first line went down whole
        (
            "建议，多少离开成功网址为\nhttps://www.ship.com/owned.html?id=2177，希望政府，一个、\n电视“主动资金时期”放松先进where而且。\n",
            "建议，多少离开成功网址为https://www.ship.com/owned.html?id=2177，希望政府，一个、电视“主动资金时期”放松先进where而且。\n",
        ),
        # a Latin word that did not fit went down: the line before is full;
        # where the page keeps its indents, a line without one is no first line
        (
            "\u3000\u3000议员这是“一\n贯要求”的话角色\n（大桥铁路）产生\n目标，多少\nCrazy Union然后\n支付11月16日指出。\n",
            "议员这是“一贯要求”的话角色（大桥铁路）产生目标，多少Crazy Union然后支付11月16日指出。\n",
        ),
    ],
)
def test_wrap_evidence_found_by_the_property_suite(text, expected):
    assert lw(text) == expected


@pytest.mark.parametrize(
    "clean",
    [
        # found by the property suite (trailing-spaces): the trailing space
        # sent the text through the layout, which took the blank line after
        # every paragraph for an extractor's and joined paragraphs 4-6
        "一個我們一箇中國\n\n本報記者 管錯 攝\n\n一個。\n\n一個。他說：“一個。”一個。\n\n一個我們中國一個\n\n"
        "一個。他說：“一個。”一個。他說：“一個網址爲https://the.com，一個。”\n",
        "第一段。\n\n第二段。\n",
    ],
)
@pytest.mark.parametrize("space", [" ", "  ", "\t", " \u3000"])
def test_output_form_with_trailing_spaces_is_the_output_form(clean, space):
    dirty = clean.replace("\n", space + "\n", 1)
    assert lw(dirty) == clean
    assert lw(clean[:-1] + space + "\n") == clean


@pytest.mark.parametrize(
    "text, expected",
    [
        # a column shown by lines with a URL inside them (the URL fitted);
        # only a line that ends with one may stick out of the column
        (
            "北京一年四川教育；詳細小姐聯盟足球網址爲\nhttps://www.ahead.com/heart.html?id=127，處理期間cause參\n"
            "考知道強調兩個7:50談話。\n\n居民農村只要富有Towards超過其中，維基律師BE分析享受506.9\n"
            "億元聊天。貿易以上民國、抑制網址爲http://far.org，全國窗\n戶網址爲https://state.com，一張姐妹，看着215.4億元可能性\n"
            "視頻郵箱quite@could.com，當然？\n\n桌子503.4萬大事《遇到一些上演》招募，貧窮，天下3月16日規\n"
            "定一次20:04一輛母親，技術Together Yours名稱來源網址爲\nhttp://cause.cn/white.html?id=3546，任命背景！\n",
            "北京一年四川教育；詳細小姐聯盟足球網址爲https://www.ahead.com/heart.html?id=127，處理期間cause參"
            "考知道強調兩個7:50談話。\n\n居民農村只要富有Towards超過其中，維基律師BE分析享受506.9"
            "億元聊天。貿易以上民國、抑制網址爲http://far.org，全國窗戶網址爲https://state.com，一張姐妹，看着215.4億元可能性"
            "視頻郵箱quite@could.com，當然？\n\n桌子503.4萬大事《遇到一些上演》招募，貧窮，天下3月16日規"
            "定一次20:04一輛母親，技術Together Yours名稱來源網址爲http://cause.cn/white.html?id=3546，任命背景！\n",
        ),
        # a mark that may not start a line pulled the character before it
        # down: the line before is one short ("评论语" + "言；")
        (
            "\u3000\u3000而且？几天环境\n接管；比较实际干部\n《担任》效果隔壁he\n依照，无线电封面、\n授权！科技部门。\n"
            "\u3000\u3000特别伤心“科研\n朋友最大”评论语\n言；猴子市场浪漫\n《分开》一直、空间\n大陆真的很好。\n",
            "而且？几天环境接管；比较实际干部《担任》效果隔壁he依照，无线电封面、授权！科技部门。\n\n"
            "特别伤心“科研朋友最大”评论语言；猴子市场浪漫《分开》一直、空间大陆真的很好。\n",
        ),
        # a URL that did not fit went down with the comma after it
        (
            "□ 通讯员 罗迟求\n\u3000\u3000本报讯 同时网址为\nhttps://www.it.org/yourself/they，效果到来完成产品、普\n"
            "通谢谢一下HARD本身它们？\n\u3000\u3000各省社会举行9月6日战斗看看时期第一位、在于居民记录\n"
            "《分别最后材料》当然不过邮箱sound@yourself.com，监督；\n也好证明一个Section主场入狱（发布一点）怀疑保护！\n"
            "\u3000\u3000严重我们；以外变得海外“视频研制公布”进一步战略制约\n付款，专业一群甚至would强大“研究员”男子！首都责任信仰\n"
            "最后周刊。我们耶稣，解释天天向上不是还是反映分手，声音\n（上床）有人邮箱further@names.com，电影对面：认为超过\n高高兴兴小孩子。\n",
            "□ 通讯员 罗迟求\n\n本报讯 同时网址为https://www.it.org/yourself/they，效果到来完成产品、普通谢谢一下HARD本身它们？\n\n"
            "各省社会举行9月6日战斗看看时期第一位、在于居民记录《分别最后材料》当然不过邮箱sound@yourself.com，监督；"
            "也好证明一个Section主场入狱（发布一点）怀疑保护！\n\n严重我们；以外变得海外“视频研制公布”进一步战略制约"
            "付款，专业一群甚至would强大“研究员”男子！首都责任信仰最后周刊。我们耶稣，解释天天向上不是还是反映分手，声音"
            "（上床）有人邮箱further@names.com，电影对面：认为超过高高兴兴小孩子。\n",
        ),
        # a byline-shaped fragment between a line that stops mid-sentence
        # and an e-mail address that did not fit after it
        (
            "\u3000\u3000原来高高兴兴\n昨天维基，有限公\n司维基工业：进行\n记者邮箱\narticle@dr.com，\n推荐！\n"
            "\u3000\u3000所以、小姐，\n希望一个（有点）\n报导出版、采用邮\n箱\n",
            "原来高高兴兴昨天维基，有限公司维基工业：进行记者邮箱article@dr.com，推荐！\n\n所以、小姐，希望一个（有点）报导出版、采用邮箱\n",
        ),
        # where the page keeps its indents, a first line as wide as its
        # block that ends a sentence goes on on an unindented line
        (
            "記者 需牌管\n\n\u3000\u3000中國，我們。\n他說：“中國。”一\n個。他說：“一\n個。”\n\n記者 倒需\n",
            "記者 需牌管\n\n中國，我們。他說：“中國。”一個。他說：“一個。”\n\n記者 倒需\n",
        ),
    ],
)
def test_column_evidence_around_urls_and_kinsoku(text, expected):
    assert lw(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a byline, then an e-mail address: no sentence runs through them
        ("本报讯 记者走访了社区。\n记者 张三\nzhangsan@example.com\n", "本报讯 记者走访了社区。\n\n记者 张三\n\nzhangsan@example.com\n"),
        ("会议结束。\n\n本报记者 李四\nlisi@example.com\n", "会议结束。\n\n本报记者 李四\n\nlisi@example.com\n"),
        ("社区的情况，\n记者 张三\nzhangsan@example.com\n", "社区的情况，\n\n记者 张三\n\nzhangsan@example.com\n"),
    ],
)
def test_byline_before_an_address_stays(text, expected):
    assert lw(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # with a blank line after every line: an indented first line as
        # wide as the lines after it ends a sentence at the edge
        (
            "\u3000\u3000中國，我們。\n\n他說：“中國。”一\n\n個。他說：“一\n\n個。”\n\n\u3000\u3000一個。\n",
            "中國，我們。他說：“中國。”一個。他說：“一個。”\n\n一個。\n",
        ),
    ],
)
def test_indented_first_line_ending_a_sentence_with_blank_lines(text, expected):
    assert lw(text) == expected


def test_short_indented_sentence_with_blank_lines_stands_alone():
    # a short indented sentence before wider unindented lines: a paragraph
    text = "\u3000\u3000短句。\n\n他說：“中國。”一\n\n個。他說：“一\n\n個。”\n\n\u3000\u3000一個。\n"
    assert lw(text).startswith("短句。\n\n他說")


@pytest.mark.parametrize(
    "text, expected",
    [
        # a block of lines whose second is short only because the URL after
        # it did not fit: the block shows its width (found by the property
        # suite)
        (
            "工作教育\n\n面前意外方式，以後聯繫“相關只要一些”國家22.7%進而一種、明\n確賽事指南“多少故事維基”職業網址爲\n"
            "http://doing.gov.cn/local，理解工作！\n",
            "工作教育\n\n面前意外方式，以後聯繫“相關只要一些”國家22.7%進而一種、明確賽事指南“多少故事維基”職業網址爲"
            "http://doing.gov.cn/local，理解工作！\n",
        ),
        # with a blank line after every line: an indented first line that
        # ends a sentence short of the column (its indent counted) ends its
        # paragraph; a headline and a salutation follow
        (
            "内容最佳面向能力挑战\n\n配辖朋友：\n\n\u3000\u3000武装环境公司。\n\n找到及时372,427人看着\n\n乡结朋友：\n\n"
            "\u3000\u3000运动协会教育方案主\n\n要儿童，专业故事；放心\n\n（也许以为）美元自由\n\nwere资源未来！\n",
            "内容最佳面向能力挑战\n\n配辖朋友：\n\n武装环境公司。\n\n找到及时372,427人看着\n\n乡结朋友：\n\n"
            "运动协会教育方案主要儿童，专业故事；放心（也许以为）美元自由were资源未来！\n",
        ),
        # one paragraph a line: two long paragraphs are not a first line
        # and its continuation
        (
            "地质渴望向上我们以为，禁止、留给邮箱entire@my.com，右手，许多19.1%由于有限公司“好看成本”之前。\n\n"
            "\u3000\u3000于是实实在在编号，作家，红旗境内可怕！有权网址为https://www.leader.cn/games，编写“特别奉献”应该分别；"
            "南部小学、当前市中心《加快放弃》关注电影网址为http://personal.cn/wanted/brown.html?id=4096，语言！\n\n"
            "引用帮助降低邮箱standing@top.com，干预obviously西北，进入，一个“一个闻名个人”反对。编写继续。\n\n独立和解产品环境\n",
            "地质渴望向上我们以为，禁止、留给邮箱entire@my.com，右手，许多19.1%由于有限公司“好看成本”之前。\n\n"
            "于是实实在在编号，作家，红旗境内可怕！有权网址为https://www.leader.cn/games，编写“特别奉献”应该分别；"
            "南部小学、当前市中心《加快放弃》关注电影网址为http://personal.cn/wanted/brown.html?id=4096，语言！\n\n"
            "引用帮助降低邮箱standing@top.com，干预obviously西北，进入，一个“一个闻名个人”反对。编写继续。\n\n独立和解产品环境\n",
        ),
    ],
)
def test_more_wrap_evidence_found_by_the_property_suite(text, expected):
    assert lw(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # three lines and no column: the second is short only because "。"
        # pulled "個" down with it, so the block shows its width (found by
        # the property suite)
        ("一個我們，一個我\n們。他說：“一\n個。”\n", "一個我們，一個我們。他說：“一個。”\n"),
        # ... a line that ends a sentence explains nothing
        ("第一段结束了。\n们。他说：“一\n个。”\n", "第一段结束了。\n\n们。他说：“一个。”\n"),
    ],
)
def test_pulled_down_character_in_a_block(text, expected):
    assert lw(text) == expected


# --------------------------------------------------------------------------
# Columns are measured only where one could show; the measures are those
# of every window.

from hypothesis import given, settings, strategies as st  # noqa: E402

# (few lines run on, as in text in paragraphs: where most do, every window
# is measured)
_widths = st.lists(
    st.tuples(st.integers(0, 1200).map(lambda w: w / 20), st.integers(0, 5).map(lambda x: x == 0)),
    min_size=0,
    max_size=120,
)


@settings(max_examples=400, deadline=None)
@given(_widths)
def test_measures_of_places_agree_with_every_window(lines):
    widths = [w for w, _ in lines]
    flags = [f for _, f in lines]
    assert columns._measures_of(widths, flags) == columns._measures_in(widths, flags)


@settings(max_examples=300, deadline=None)
@given(st.integers(5, 60).map(float), st.integers(3, 110), st.data())
def test_measures_of_places_agree_near_a_column(measure, n, data):
    """Runs with a column here and there (most lines as wide as it, many
    running on) among wider and narrower lines."""
    lines = [
        (
            measure - data.draw(st.sampled_from([0.0, 0.0, 0.5, 1.5, 3.0, -9.0, 12.0])),
            data.draw(st.integers(0, 4)) == 0,
        )
        for _ in range(n)
    ]
    widths = [w for w, _ in lines]
    flags = [f for _, f in lines]
    assert columns._measures_of(widths, flags) == columns._measures_in(widths, flags)


def test_measures_of_places_found_out_of_order(monkeypatch):
    """A later pair of lines can open a place that starts before an earlier
    pair's: the places are merged in order (a column at the top was missed
    before they were).  (Found with columns five wide, narrower than any a
    page has, _MIN_COLUMN: the merging is what is tested.)"""
    monkeypatch.setattr(columns, "_MIN_COLUMN", 5.0)
    widths = [0.5, 0.5, 0.5, 0.5, 8.6, 0.5, 5.0, 22.2, 5.0, 5.0, 0.5, 5.0, 5.0, 5.0, 0.5, 44.6,
              8.7, 9.0, 9.0, 9.0, 0.5, 6.0, 6.0, 6.0, 0.5, 90.75, 5.0, 6.0, 44.3, 0.5, 12.65, 9.0]
    open_at = {4, 6, 11, 31}
    flags = [k in open_at for k in range(len(widths))]
    assert columns._measures_in(widths, flags)[:3] == [5.0, 5.0, 5.0]
    assert columns._measures_of(widths, flags) == columns._measures_in(widths, flags)


#: Breaks that random Hypothesis seeds of the property suite found judged
#: wrong (issue 16): ``(dirty, clean)``; each is also a recorded case of the
#: differential suite (native/tests/cases/linewrap.jsonl).
SEED_FOUND = [
    # one paragraph a line, the first indented: a line that ends a sentence
    # as wide as the indented line shows no column (it could end a
    # paragraph at any width), so the blank lines keep their breaks
    (
        "\u3000\u3000一个，一个我们。\n\n一个。他说：“一个。”\n\n一个。\n",
        "一个，一个我们。\n\n一个。他说：“一个。”\n\n一个。\n",
    ),
    # a headline wider than the column, then a blank line that says
    # something and a sentence: not the headline's short tail
    (
        "一個我們一個1950年一個\n\n一個。\n\n一個。他說：“一\n個。”一個。他\n說：“我們。”一\n個。\n",
        "一個我們一個1950年一個\n\n一個。\n\n一個。他說：“一個。”一個。他說：“我們。”一個。\n",
    ),
    # a line that a straight quote opens (a space before it): joined as the
    # curly quote that quote-pair makes of it would be on a second run
    (
        '注入如何網址爲https://everyone.com/at，陽光，還要體現活動《鬥爭衝突公里》功能"國務院"開闢中國，一個\n "維基電視臺"理解郵箱。\n',
        '注入如何網址爲https://everyone.com/at，陽光，還要體現活動《鬥爭衝突公里》功能"國務院"開闢中國，一個"維基電視臺"理解郵箱。\n',
    ),
    # with a blank line after every line, on a page that indents its
    # paragraphs: a line that ends a sentence inside the quotation its
    # paragraph opened, then an unindented line that closes it (the
    # KNOWN_DEFECTS entry of the property suite)
    (
        "\u3000\u3000他说：“我们一\n\n起努力工作，明天\n\n我们都会同意。\n\n明天再来。”大家\n\n都同意了。\n\n\u3000\u3000第二段。\n",
        "他说：“我们一起努力工作，明天我们都会同意。明天再来。”大家都同意了。\n\n第二段。\n",
    ),
    # paragraphs one a line, three of them about 65 half-widths long: no
    # printed column is that wide (_MAX_COLUMN), so a line that ends a
    # sentence is no line the column broke
    (
        "一個，一個完成，一個我們一個開發一個常常一個。一個民族醫生一個常常非常一個，一個1950年一個網址爲https://the.com/the.html?id=1，一個。\n\n"
        "一個。一個1950年一個我們1950年專家。一個，才能片段？他說：“我們局勢（一箇中國）調節網址爲https://www.wind.gov.cn/models/hours，他們。 ”\n\n"
        "一個我們轉型。一個1950年一個郵箱the@the.com，一個。他說：“一個，一個全球安全：我們，建議1950年一個網址爲https://the.com，一個。 ”\n",
        "一個，一個完成，一個我們一個開發一個常常一個。一個民族醫生一個常常非常一個，一個1950年一個網址爲https://the.com/the.html?id=1，一個。\n\n"
        "一個。一個1950年一個我們1950年專家。一個，才能片段？他說：“我們局勢（一箇中國）調節網址爲https://www.wind.gov.cn/models/hours，他們。 ”\n\n"
        "一個我們轉型。一個1950年一個郵箱the@the.com，一個。他說：“一個，一個全球安全：我們，建議1950年一個網址爲https://the.com，一個。 ”\n",
    ),
]


@pytest.mark.parametrize("text, expected", SEED_FOUND)
def test_breaks_found_by_random_seeds(text, expected):
    assert lw(text) == expected
    once = cleantext.fix(text)
    assert cleantext.fix(once) == once
    assert once.count("\n") == expected.count("\n")


def test_breaks_found_by_random_seeds_are_recorded_cases():
    recorded = (Path(__file__).resolve().parent.parent / "native" / "tests" / "cases" / "linewrap.jsonl").read_text(encoding="utf-8")
    for text, _ in SEED_FOUND:
        assert json.dumps(text, ensure_ascii=False) in recorded.splitlines()


# --------------------------------------------------------------------------
# Issue 16: breaks that random seeds of the property suite judged wrong
# (line-wrap, line-wrap-blank-lines), and what must stay as it is.

#: ``(dirty, clean)``: each is also a recorded case of the differential
#: suite (native/tests/cases/linewrap.jsonl).
ISSUE16 = [
    # one paragraph broken by its column among paragraphs in the output
    # form: the blank lines between paragraphs are no extractor's blank line
    # after every line (the lines that stop in mid-sentence are followed by
    # adjacent lines, not by blank lines)
    (
        "一個。\n\n我們。\n\n一個，一個。\n\n一個。他說：“一個。”\n\n一個，一個。他\n說：“一個，一\n個。”\n",
        "一個。\n\n我們。\n\n一個，一個。\n\n一個。他說：“一個。”\n\n一個，一個。他說：“一個，一個。”\n",
    ),
    # ... nor are they when a headline and a byline end on a character
    (
        "社會主義同行上網\n\n記者 貴艾 通訊員 管剛吊\n\n價格創造。中國。他說：“我們。”\n\n一個。他說：“享\n受方案一個，中\n國，我們。”\n\n我們。\n",
        "社會主義同行上網\n\n記者 貴艾 通訊員 管剛吊\n\n價格創造。中國。他說：“我們。”\n\n一個。他說：“享受方案一個，中國，我們。”\n\n我們。\n",
    ),
    # blank line after every line, indented page: a quotation left open on a
    # line that a closing mark made short ("們。”" pulled "們" down)
    ("\u3000\u3000中國，整個。\n\n他說：“一個我\n\n們。”\n", "中國，整個。他說：“一個我們。”\n"),
    # ... a line short because the e-mail address after it did not fit
    (
        "□ 通訊員 備觀座\n\n\u3000\u3000本報訊 部分餐廳《否定控制》這種（地方許多）人員！\n\n這次維基，民兵模式，成功標籤地板，政府郵箱\n\n"
        "others@time.com，告訴Cent選手。\n\n\u3000\u3000這麼運動427項離開法律《知道》不會。\n",
        "□ 通訊員 備觀座\n\n本報訊 部分餐廳《否定控制》這種（地方許多）人員！這次維基，民兵模式，成功標籤地板，政府郵箱"
        "others@time.com，告訴Cent選手。\n\n這麼運動427項離開法律《知道》不會。\n",
    ),
    # ... a line without marks that runs on into body text through a URL
    (
        "盡排朋友：\n\n\u3000\u3000獨立，難道？\n\n學費提出小時網址\n\n爲\n\nhttps://having.org/six，\n\n最終1983年爲了，\n\n體育態度。\n\n"
        "剛錯朋友：\n\n\u3000\u3000什麼。他說：“一個。”\n",
        "盡排朋友：\n\n獨立，難道？學費提出小時網址爲https://having.org/six，最終1983年爲了，體育態度。\n\n剛錯朋友：\n\n什麼。他說：“一個。”\n",
    ),
    # ... after a colon, an unindented line goes on with the paragraph
    (
        "\u3000\u3000我们！\n\n\u3000\u3000什么2,000元\n\n中国1950年红旗：\n\n可以不仅标签\n\nHaving Mean维基\n\n重伤我们。\n\n\u3000\u3000可以。\n",
        "我们！\n\n什么2,000元中国1950年红旗：可以不仅标签Having Mean维基重伤我们。\n\n可以。\n",
    ),
    # a headline after a sentence that ends short of the column, then a
    # salutation: the headline stands alone (seed 13)
    (
        "\u3000\u3000明白“那裏着手輻射”歐盟Work\n\nEvery一個，總結傢伙多大抱怨呈現\n\n998,000名連接。娛樂正在全國。\n\n"
        "一個解決一個居民一個1950年一個他們\n\n哎管朋友：\n\n\u3000\u3000一個。他說：“一個。”\n",
        "明白“那裏着手輻射”歐盟Work Every一個，總結傢伙多大抱怨呈現998,000名連接。娛樂正在全國。\n\n"
        "一個解決一個居民一個1950年一個他們\n\n哎管朋友：\n\n一個。他說：“一個。”\n",
    ),
    # a headline, then a salutation: no short tail of the headline, nor a
    # line under it
    ("一个又称泰国\n\n需错朋友：\n\n\u3000\u3000我们。\n\n\u3000\u3000什么邮箱\n\nplay@the.com，一\n\n个。\n",
     "一个又称泰国\n\n需错朋友：\n\n我们。\n\n什么邮箱play@the.com，一个。\n"),
    ("自由汽油\n\n待博跨朋友：\n\n\u3000\u3000医药企业活\n\n动？担任DUE随\n\n着、维基微信。\n",
     "自由汽油\n\n待博跨朋友：\n\n医药企业活动？担任DUE随着、维基微信。\n"),
    # a salutation after a sentence, before an indented paragraph
    (
        "\u3000\u3000權力郵箱\n\nmouth@aid.com，\n\n是不是幾個。\n\n著北朋友：\n\n\u3000\u3000一個。他說：\n\n“間諜重要，中\n\n國。”\n",
        "權力郵箱mouth@aid.com，是不是幾個。\n\n著北朋友：\n\n一個。他說：“間諜重要，中國。”\n",
    ),
    # a salutation, a blank line, then a paragraph broken by a column as
    # wide as the salutation
    ("季數賬朋友：\n\n接受，親人集中\nJohn的確爲何，母\n親。他說：“接\n受。”\n",
     "季數賬朋友：\n\n接受，親人集中John的確爲何，母親。他說：“接受。”\n"),
    # a line as wide as its block that ends with "；" ends no paragraph
    ("色樣朋友：\n\n一切貫徹街頭；系\n列。一切貫徹街頭；\n系列一個。\n", "色樣朋友：\n\n一切貫徹街頭；系列。一切貫徹街頭；系列一個。\n"),
    # lines shaped like a byline (a role word and a name) inside a paragraph
    ("\u3000\u3000攝影師戰爭\n（文件）社會巴黎\n民間分離完成。\n", "攝影師戰爭（文件）社會巴黎民間分離完成。\n"),
    ("\u3000\u3000合作，危害見證\n功能一個中國\n記者母親、適當酒\n吧。\n", "合作，危害見證功能一個中國記者母親、適當酒吧。\n"),
    # a line that ends with a URL says nothing of the width of its block
    (
        "情侣叫做生活，博物馆\nWait Eyes他人803.5万\n他们，紧张网址为\nhttps://www.moment.gov.cn，\n重要。\n",
        "情侣叫做生活，博物馆Wait Eyes他人803.5万他们，紧张网址为https://www.moment.gov.cn，重要。\n",
    ),
    # an indented first line that ends with a closing bracket, then body text
    # without an indent: the paragraph goes on
    (
        "而后他们确定\n\n□ 本报记者 院块 通讯员 腰随\n\n\u3000\u3000本报讯 学会土地，采取送给，不行实实在在历史（广东）\n\n执行一个；自由反应beach一边。一切两年任务邮箱\n\nwinter@present.com，管制提供“主要开展编写”发表决心，此后\n\n一个领导办公室实实在在中国尚未。\n\n\u3000\u3000学校：时代感觉世纪《新闻一个》全国《地区水平》时候必\n\n要学生五个，能源未必匿名“无所谓学生”一个邮箱\n\ncould@some.com，六年。\n\n感到旅游运动\n\n\u3000\u3000事实活动总是开始网址为https://lost.org，光明号码坚持。\n\n\u3000\u3000指挥，办理：出来生产这种，东西。\n\n\u3000\u3000文章意愿REAS精力，一个毕业机会！以便解除一些；维基处\n\n理镜头需要“方面”情报要说，日本加上导致就要大会。事实《正\n\n面郑州》为什么任何人、时代（建设）运动网址为\n\nhttps://www.let.org/love/guys，细胞心意、巴黎老师自己。\n",
        "而后他们确定\n\n□ 本报记者 院块 通讯员 腰随\n\n本报讯 学会土地，采取送给，不行实实在在历史（广东）执行一个；自由反应beach一边。一切两年任务邮箱winter@present.com，管制提供“主要开展编写”发表决心，此后一个领导办公室实实在在中国尚未。\n\n学校：时代感觉世纪《新闻一个》全国《地区水平》时候必要学生五个，能源未必匿名“无所谓学生”一个邮箱could@some.com，六年。\n\n感到旅游运动\n\n事实活动总是开始网址为https://lost.org，光明号码坚持。\n\n指挥，办理：出来生产这种，东西。\n\n文章意愿REAS精力，一个毕业机会！以便解除一些；维基处理镜头需要“方面”情报要说，日本加上导致就要大会。事实《正面郑州》为什么任何人、时代（建设）运动网址为https://www.let.org/love/guys，细胞心意、巴黎老师自己。\n",
    ),
    # a first line short by the number that did not fit at its end
    (
        "更好實在東西項目1951年一片\n\n□ 記者 接流\n\n簽訂貿易，關注“成員國中央”接收提供，公民不好意思\n636,995人手術房屋《因爲惡魔》多少制裁？制度，好不好特\n色忍不住“立即演出關係”暫時“上傳能源”東方物質，不斷了解\n實實在在只有。\n\n一個THOU賦予觀看！\n",
        "更好實在東西項目1951年一片\n\n□ 記者 接流\n\n簽訂貿易，關注“成員國中央”接收提供，公民不好意思636,995人手術房屋《因爲惡魔》多少制裁？制度，好不好特色忍不住“立即演出關係”暫時“上傳能源”東方物質，不斷了解實實在在只有。\n\n一個THOU賦予觀看！\n",
    ),
    # on an indented page, a line without marks before a line that ends with
    # a colon and goes on: no headline over a salutation
    (
        "\u3000\u3000只有只是一個\n不要，聯盟維基，\n不僅分鐘網址爲\nhttp://use.org，\n形式網址爲\nhttp://important.com，\n左右一個。\n\n\u3000\u3000新年用戶整體\nYES提起外國；頒\n佈如果故事久久爲\n功這是1986年下面\n當時，司機生涯？\n山脈維基Near農業\n上臺1992年環境：\n期間如果。他說：\n“山脈維基Near農\n業上臺1992年環\n境：期間如果。”\n法規朋友。\n",
        "只有只是一個不要，聯盟維基，不僅分鐘網址爲http://use.org，形式網址爲http://important.com，左右一個。\n\n新年用戶整體YES提起外國；頒佈如果故事久久爲功這是1986年下面當時，司機生涯？山脈維基Near農業上臺1992年環境：期間如果。他說：“山脈維基Near農業上臺1992年環境：期間如果。”法規朋友。\n",
    ),
    # a first line short by the opening bracket that may not end a line
    (
        "□ 記者 承師曰 通訊員 配曲 攝\n\n本報訊 影響力公佈銷售、變爲，大學體系敵人\n（殭屍）老人通知；不再擔任擔心《調教五年》什\n麼官方居住教學。他說：“反抗最高OWNE審查兄弟\n共產黨工資、熱情妻子347個指數郵箱\ntake@can.com，無論。”\n",
        "□ 記者 承師曰 通訊員 配曲 攝\n\n本報訊 影響力公佈銷售、變爲，大學體系敵人（殭屍）老人通知；不再擔任擔心《調教五年》什麼官方居住教學。他說：“反抗最高OWNE審查兄弟共產黨工資、熱情妻子347個指數郵箱take@can.com，無論。”\n",
    ),
    # a headline after an indented paragraph of one line as wide as it, then
    # a paragraph of one line (ideographic indents on the output form): no
    # block of wrapped lines
    ("\u3000\u3000一個。\n\n一個如何一個\n\n一個。他說：“一個。”\n", "一個。\n\n一個如何一個\n\n一個。他說：“一個。”\n"),
    (
        "周管朋友：\n\n一個。他說：“一個。”一個。\n\n一個。他說：“我們。”我們。他說：“我們。”一個。他說：“一個。”\n\n一個。他說：“一個。”一個。一個我們。他說：“一個。”\n\n\u3000\u3000一個。\n\n一個如何一個\n\n一個。他說：“一個。”\n",
        "周管朋友：\n\n一個。他說：“一個。”一個。\n\n一個。他說：“我們。”我們。他說：“我們。”一個。他說：“一個。”\n\n一個。他說：“一個。”一個。一個我們。他說：“一個。”\n\n一個。\n\n一個如何一個\n\n一個。他說：“一個。”\n",
    ),
    # on an indented page, an unindented line that ends with a colon after a
    # sentence is body text, not a salutation
    ("\u3000\u3000一个。他说：\n“没有他们部门。”\n一个没有。他说：\n“一点了解。”\n", "一个。他说：“没有他们部门。”一个没有。他说：“一点了解。”\n"),
]


@pytest.mark.parametrize("text, expected", ISSUE16)
def test_issue16_breaks(text, expected):
    assert lw(text) == expected
    assert lw(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a real byline without a space, then the article (dev corpus 010)
        "打响攻坚战\n\n本报记者罗盘\n\n尽管秋雨刚停，三峡工地的滚滚车流依然川流不息。\n",
        # a byline with a space inside a paragraph's text stays a byline
        "社区的情况，\n\n记者 张三\n\nzhangsan@example.com\n",
        # a headline over a salutation (dev corpus 000)
        "慧与之进行积极斗争。\n\n振奋精神有所作为\n\n陈耀朋友：\n\n看了你的信，我被你信中流露出的凄苦打动了。\n",
        # one paragraph a line, the first indented: a line that ends a
        # sentence shows no column
        "一个，一个我们。\n\n一个。他说：“一个。”\n\n一个。\n",
        # a list item that ends with "；" on a line of its own
        "一是加强领导；\n二是完善制度。\n",
    ],
)
def test_issue16_keeps(text):
    assert lw(text) == text or lw(text).replace("\n\n", "\n") == text.replace("\n\n", "\n")


def test_blank_lines_between_paragraphs_of_the_output_form_say_something():
    # the lines that stop in mid-sentence are followed by adjacent lines
    assert columns._gap_evidence([0, 1, 1, 0, 0], [False, False, False, True, True]) == [0, 1, 1, 0, 0]
    # an extractor's blank line after every line: they say nothing
    assert columns._gap_evidence([0, 1, 1, 1, 1], [True, True, True, True, False]) == [0, 0, 0, 0, 0]


# --------------------------------------------------------------------------
# Issue 14, section 2: joins that were wrong.


@pytest.mark.parametrize(
    "text, expected",
    [
        # a credit or a dateline in brackets at the end of a full line, then
        # a new item: the break stays
        (
            "市统计局近日通过社情民意调查\n热线，随机抽取机关干部开展调\n查。（新华社北京1月5日电）\n全省经济运行稳中有进，主要指\n"
            "标好于预期，各地区各部门认真\n落实中央决策部署，效果良好。\n",
            "市统计局近日通过社情民意调查热线，随机抽取机关干部开展调查。（新华社北京1月5日电）\n\n"
            "全省经济运行稳中有进，主要指标好于预期，各地区各部门认真落实中央决策部署，效果良好。\n",
        ),
        (
            "市统计局近日通过社情民意调查\n热线，随机抽取机关干部开展调\n查。（本报记者 张三 摄）\n全省经济运行稳中有进，主要指\n"
            "标好于预期，各地区各部门认真\n落实中央决策部署，效果良好。\n",
            "市统计局近日通过社情民意调查热线，随机抽取机关干部开展调查。（本报记者 张三 摄）\n\n"
            "全省经济运行稳中有进，主要指标好于预期，各地区各部门认真落实中央决策部署，效果良好。\n",
        ),
        # a mark alone on a line of its own belongs to the line before
        ("他们来了\n。\n第二段。\n", "他们来了。\n\n第二段。\n"),
        ("会议指出\n：\n各地要加强管理。\n", "会议指出：\n\n各地要加强管理。\n"),
        ("他说：“好\n。”\n第二段。\n", "他说：“好。”\n\n第二段。\n"),
        ("他说\n\n：\n\n“我们来了。”\n", "他说：\n\n“我们来了。”\n"),
        ("第一段。\n\n：\n", "第一段。：\n"),
        # a byline in brackets after a dateline leads the dispatch: its text
        # goes on
        (
            "新华社北京5月20日电（记者徐\n殿龙）我国新一代通信卫星今天\n在西昌卫星发射中心发射成功。\n",
            "新华社北京5月20日电（记者徐殿龙）我国新一代通信卫星今天在西昌卫星发射中心发射成功。\n",
        ),
        # body text that stops on a character, a blank line, then the short
        # last clause of its sentence
        ("各地要加强管理，确保\n\n安全生产。\n", "各地要加强管理，确保安全生产。\n"),
        # a number broken after its hyphen, where no column shows (the
        # contract's own example): joined with nothing between
        (
            "联系电话：0578-\n12340，欢迎广大市民来电咨询有关问题和意见。\n",
            "联系电话：0578-12340，欢迎广大市民来电咨询有关问题和意见。\n",
        ),
    ],
)
def test_issue14_joins(text, expected):
    assert lw(text) == expected
    assert lw(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        # sub-headlines with commas that end on a character, then a new
        # paragraph (clean corpus): no tail of a sentence
        "他们座谈表示，要以此为契机，大大推进水土治理和生态农业建设\n\n今天上午，来自农业、林业、水利科技、教育的专家聚集一堂。\n",
        "奧運奪冠，達到運動生涯頂峰\n\n從1973年開始練習舉重到1978年拿到全國冠軍，他走過了漫長的道路。\n",
        # a caption and its photo credit, then a short paragraph
        "图为会场。记者 张三 摄\n\n正文第一段。\n",
        # an ellipsis alone is a separator, not a stray mark
        "正文结束。\n\n……\n\n下一段。\n",
        # headline and sub-headline, one paragraph a line (adjacent or not)
        "国务院召开常务会议部署稳增长工作\n研究进一步扩大内需的政策措施\n本报北京1月5日讯 国务院总理主持召开国务院常务会议，部署稳增长工作。\n",
        "三峡工程建设进展顺利\n\n大江截流取得决定性胜利\n",
        # a hyphen after a space, or before a line of Chinese, breaks nothing
        "第一部分 -\n总则\n",
        "型号为A-\n\n说明书见附件。\n",
        # cells of a table an extractor printed one a line (a column of
        # them): lines this short show no column of text to wrap in
        "城市\n天气\n大兴区 雨夹雪\n台州市 阴\n怀柔区 阵雨\n衢州市 多云\n",
        "地区\n\n人口\n\n东城区\n\n西城区\n\n朝阳区\n\n海淀区\n",
    ],
)
def test_issue14_keeps(text):
    out = lw(text)
    assert out.replace("\n\n", "\n") == text.replace("\n\n", "\n"), out


@pytest.mark.parametrize(
    "text, expected",
    [
        # table-like runs of short lines (a place, a weather word,
        # temperatures with units; a name and a figure): rows stay rows, on
        # consecutive lines (columns.list_rows: a listed table)
        (
            "北京 晴 零下5度到3度\n上海 多云 6度到12度\n广州 小雨 15度到20度\n",
            "北京 晴 零下5度到3度\n上海 多云 6度到12度\n广州 小雨 15度到20度\n",
        ),
        ("北京 晴 -5～3℃\n上海 多云 6～12℃\n广州 小雨 15～20℃\n", "北京 晴 -5～3℃\n上海 多云 6～12℃\n广州 小雨 15～20℃\n"),
        ("张三 95分\n李四 88分\n王五 92分\n", "张三 95分\n李四 88分\n王五 92分\n"),
        # two such rows are no listed table: each stays a paragraph
        ("北京 晴 -5～3℃\n上海 多云 6～12℃\n", "北京 晴 -5～3℃\n\n上海 多云 6～12℃\n"),
        # a row broken over two lines is joined to itself, not to the next row
        (
            "哈尔滨 小雪转\n阴 -15℃\n长春 晴 -12℃\n沈阳 多云 -8℃\n",
            "哈尔滨 小雪转阴 -15℃\n长春 晴 -12℃\n沈阳 多云 -8℃\n",
        ),
        # entries of a table of contents end with their page numbers
        ("第一章 总则..........1\n第二章 分则..........5\n", "第一章 总则..........1\n\n第二章 分则..........5\n"),
        ("第一章 总则……1\n第二章 分则……5\n", "第一章 总则……1\n\n第二章 分则……5\n"),
    ],
)
def test_issue14_table_rows(text, expected):
    assert lw(text) == expected
    assert lw(expected) == expected


def test_issue14_sentence_with_spaced_digits_is_no_row():
    # an extractor's spaces around the digits of a sentence (dev corpus
    # 016): no table row, whatever the number of its pieces
    from cleantext.rules.linewrap.judgement import _row_cells
    from cleantext.rules.linewrap.lines import _parse_line

    for content in ("据新华社北京3 月28", "日电1997 年全国哲学社会", "据新华社北京 3 月 28"):
        assert _row_cells(_parse_line(content)) == 0


@pytest.mark.parametrize("count", [2, 3, 4])
def test_a_line_said_again_is_no_wrap(count):
    # A refrain or a repeated row: joined, the lines would read as one run
    # printed twice to fake-bold's next run (issue 16).
    out = fix_line_wraps("我爱你中国\n" * count)
    assert out.split() == ["我爱你中国"] * count


def test_ascii_stop_after_han_is_a_sentence_mark():
    # "的." becomes "的。" (punct-width, later): the blank-line join must see
    # the same evidence before and after (issue 16).
    text = "的.的“的\n\n的"
    assert fix_line_wraps(text) == fix_line_wraps(text.replace(".", "。")).replace("。", ".")


@pytest.mark.parametrize(
    "text, expected",
    [
        # body text that stops on a particle that binds to what follows is
        # cut in mid-sentence, even without column evidence (issue 14, 2)
        (
            "今年以来，全市上下认真贯彻落实各项决策部署，在被\n问及下一步打算时，他表示将继续努力。\n",
            "今年以来，全市上下认真贯彻落实各项决策部署，在被问及下一步打算时，他表示将继续努力。\n",
        ),
        # a headline (no sentence mark) that ends so stays a line
        ("全市经济运行稳中向好的\n前三季度地区生产总值同比增长\n", "全市经济运行稳中向好的\n\n前三季度地区生产总值同比增长\n"),
    ],
)
def test_line_ending_on_a_binding_particle(text, expected):
    assert fix_line_wraps(text) == expected
