"""Tests for the ``fake-bold`` rule (cleantext.rules.doubling).

Fixture sources:

* Chinese shapes: the dev corpus (tests/data/corpus/dev, docs 009, 017, 019,
  020, 024, 029, tagged doubled-glyphs / doubled-runs) and the seed pages,
  as the issue describes them (per character, per run, next line).
* Latin shapes: the reports in pdfplumber's issue tracker,
  https://github.com/jsvine/pdfplumber/issues/71 ("SSttaatteemmeenntt  ooff
  AAccccoouunnttss", "ttooddaayy", a line printed twice on the next line) and
  https://github.com/jsvine/pdfplumber/issues/1267 (every glyph drawn four
  times: "DDDDoooowwwwnnnnllllooooaaaadddd ...").
* Must-not-touch prose: the SIGHAN 2005 bakeoff test texts (yuikns/icwb2-data,
  testing/as_test.utf8: a sentence repeated on the next line for emphasis,
  "進進出出熙熙攘攘﹒﹒﹒﹒﹒"), on which the rule makes no edit.
"""

from __future__ import annotations

import pytest
from helpers import CLEAN_FILES, settles, through_the_pipeline, unchanged_through_the_pipeline

import cleantext
from cleantext.rules.doubling import collapse_fake_bold


RULE = ["fake-bold"]


test_collapses = through_the_pipeline(
    RULE,
    [
        # per character
        ("（（资资料料图图片片））", "（资料图片）"),
        ("（（资资料料图图片片）） 记记者者 雷雷宁宁 摄摄", "（资料图片） 记者 雷宁 摄"),
        ("第第八八章章", "第八章"),
        ("本本报报记记者者张张友友新新", "本报记者张友新"),
        ("李李鹏鹏", "李鹏"),
        ("千千载载难难逢逢天天外外客客", "千载难逢天外客"),
        ("国国务务院院要要求求切切实实做做好好工工作作", "国务院要求切实做好工作"),
        ("张张钧钧同同志志逝逝世世（（附附图图片片11张张））", "张钧同志逝世（附图片1张）"),
        ("（（附附图图片片 11 张张））", "（附图片 1 张）"),
        ("GGPP 電電池池廠廠鎘鎘毒毒", "GP 電池廠鎘毒"),
        ("審審計計長長強強調調獨獨立立", "審計長強調獨立"),
        ("李李國國章章「「拍拍膊膊頭頭」」游游說說", "李國章「拍膊頭」游說"),
        # a span inside a line, and one wrapped across lines
        ("他说，本本报报记记者者张张友友新新报道", "他说，本报记者张友新报道"),
        ("资资料料图图\n片片说说明明", "资料图\n片说明"),
        ("正式一個個編\n編寫寫1.1%", "正式一個編\n寫1.1%"),
        ("记记者者\n\n雷雷宁宁 摄摄", "记者\n\n雷宁 摄"),
        ("本报讯 记记者者 叶江", "本报讯 记者 叶江"),
        # fake bold of text that holds a reduplication: the reduplication stays
        ("天天天天向向上上", "天天向上"),
        # a doubled ellipsis inside a doubled span
        ("资资料料…………", "资料……"),
        # per run, mixed with per character
        ("■■实施实施““三服务三服务””提升获得感提升获得感", "■实施“三服务”提升获得感"),
        ("提升获得感提升获得感", "提升获得感"),
        ("三峡工程应该建成一流 工程 三峡工程应该建成一流 工程", "三峡工程应该建成一流 工程"),
        # a line repeated on the next line
        (
            "四川机电提灌抗旱减灾显威力\n四川机电提灌抗旱减灾显威力\n　　本报讯",
            "四川机电提灌抗旱减灾显威力\n　　本报讯",
        ),
        ("●衛⽣署顧問醫⽣謝麗賢\n●衛⽣署顧問醫⽣謝麗賢\n", "●衛⽣署顧問醫⽣謝麗賢\n"),
        # the run printed twice shares its brackets (dev doc 019)
        ("（张学俭潘颖\n张学俭潘颖）\n正文。", "（张学俭潘颖）\n正文。"),
        # indentation and line ends are kept
        ("　　本本报报记记者者\n正文。", "　　本报记者\n正文。"),
        # pdfplumber issue #71
        ("SSttaatteemmeenntt  ooff  AAccccoouunnttss", "Statement of Accounts"),
        ("ttooddaayy", "today"),
        (
            "Year-to-date totals do not reflect any fee or interest refunds\n"
            "Year-to-date totals do not reflect any fee or interest refunds\n"
            "you may have received.\nyou may have received.",
            "Year-to-date totals do not reflect any fee or interest refunds\n"
            "you may have received.",
        ),
        # pdfplumber issue #1267: drawn four times
        (
            "DDDDoooowwwwnnnnllllooooaaaadddd oooouuuurrrr CCCChhhhaaaarrrrtttteeeerrrr BBBBaaaannnnkkkk",
            "Download our Charter Bank",
        ),
        ("记记记记者者者者", "记者"),
        # the doubled form of a fake-bold span may look like rare
        # reduplications (安安全全 is in wordfreq, but rare)
        ("安安全全一一個。", "安全一個。"),
        ("一一個個大大家。", "一個大家。"),
        ("我我們們一一個1950年一個1950年一個。", "我們一個1950年一個1950年一個。"),
        ("一一個個我我們們1950年一個1950年一個，一個我們。", "一個我們1950年一個1950年一個，一個我們。"),
        # set apart by a Latin letter as by a blank (pangu spacing changes nothing)
        ("é的的关关", "é的关"),
        ("é 的的关关", "é 的关"),
        # letter-spaced (OCR, pdfminer): a blank between the copies too
        ("一 一 個 個 我 我 們。一 個。", "一 個 我 們。一 個。"),
        ("正 正 式 式 一 一 箇 中 國", "正 式 一 箇 中 國"),
        ("一個1950年\n\n年一一個個。", "一個1950年\n\n一個。"),
        # a short headline printed twice on the next line
        ("一個我們\n一個我們\n\n一個。", "一個我們\n\n一個。"),
        # a span after indentation and after a line of markup
        ("## 要闻\n\n　　本本报报记记者者 张三", "## 要闻\n\n　　本报记者 张三"),
        # doubled blanks before a span, a copy split by a line break inside it
        ("他说：  资资料料图图\n片片", "他说：  资料图\n片"),
        # a line of runs printed twice after ordinary lines
        ("正文第一行。\n实施实施三服务三服务\n正文第二行。", "正文第一行。\n实施三服务\n正文第二行。"),
        # copies that differ only by a blank between Chinese and a digit or
        # Latin letter (cjk-space takes it out, or with pangu puts it in)
        ("提升获得感2020提升获得感 2020", "提升获得感2020"),
        ("完全2012年团队完全 2012年团队", "完全2012年团队"),
        ("资料 2020资料2020\n正文。", "资料2020\n正文。"),
        ("A 标题很长\nA标题很长\n正文。", "A标题很长\n正文。"),
    ],
)


test_leaves_alone = unchanged_through_the_pipeline(
    RULE,
    [
        # genuine reduplication, alone and in running text
        "实实在在", "久久为功", "常常", "天天向上", "高高兴兴", "研究研究", "谢谢", "看看",
        "人人", "星星", "长长", "闪闪发光", "一步步", "层层", "个个", "家家户户",
        "明明白白", "讨论讨论", "热热闹闹", "一项一项", "的的确确", "哈哈", "嘻嘻",
        "哈哈哈哈", "常常常常", "切切实实", "摄摄", "嘛嘛",
        "我们要扎扎实实、高高兴兴地学习，天天向上。",
        "要通过实实在在的措施帮助解决，久久为功。",
        "他们天天高高兴兴地上学。",
        "庄稼长好了，崖崖畔畔的草旺了。",
        "丁绍雄强调，要一项一项抓好进度落实。",
        # numbers
        "1100亿元人民币", "2000年", "11", "3000", "00", "1995年", "100%", "一种主张，从1616年后金",
        "举报电话：66020001", "11000000",
        # punctuation and symbols printed doubled on purpose
        "……", "——", "他说……——好。", "々", "*****", "（（1））",
        # Latin
        "book", "coffee", "www", "bookkeeper", "bookkeepers coffee", "II", "XXII", "bye bye",
        # a short line repeated is not a doubled headline (tables, lists)
        "合计\n合计", "100\n100", "（张学俭\n张学俭）",
        # letter-spaced genuine text
        "嘛 嘛", "天 天 向 上", "人 人 实 实 在 在", "全 国 人 民 代 表 大 会",
        # a sentence repeated on purpose (icwb2-data as_test.utf8)
        "但佛教在中國沒有統治地位，\n性是什麼？\n性是什麼？\n對中國人而言，",
        "反而清晰地鐫刻在曉然心中。\n反而清晰地鐫刻在曉然心中。",
        "場景就在身周進進出出熙熙攘攘﹒﹒﹒﹒﹒許久之後重新翻閱，",
        # a headline followed by a paragraph that begins with its words
        "江泽民会见外宾\n江泽民会见外宾时说，双方要加强合作。",
        # blanks between Chinese and Latin are no doubling by themselves
        "记者 Tom 报道", "第 1 版 第 2 版", "2020 年 2021 年",
        # Markdown headings start with a doubled mark; indentation is doubled blanks
        "## 以标准化推进政务服务转型升级\n### 阅读提示\n　　正文。",
        "服务企业服务群众服务基层",
        "",
        "\n\n",
    ],
)


# Fake bold prints a line twice: two copies of a line, one after the other,
# are merged.  Three or more are content (a refrain, a chant, a table's
# repeated row, a line of one character repeated): no line is dropped
# (issue 16).
test_two_copies_of_a_line_merge = through_the_pipeline(
    RULE,
    [
        ("我爱你中国\n我爱你中国\n", "我爱你中国\n"),
        ("正文。\n我爱你中国\n我爱你中国\n正文。", "正文。\n我爱你中国\n正文。"),
        # two headlines, each emitted twice
        ("甲标题文字\n甲标题文字\n乙标题文字\n乙标题文字\n", "甲标题文字\n乙标题文字\n"),
        # a pair before and after three copies: the pairs merge, the three stay
        (
            "标题文字\n标题文字\n我爱你中国\n我爱你中国\n我爱你中国\n标题二号字\n标题二号字\n",
            "标题文字\n我爱你中国\n我爱你中国\n我爱你中国\n标题二号字\n",
        ),
        # copies that share their brackets
        ("（张学俭潘颖\n张学俭潘颖）", "（张学俭潘颖）"),
        # a line printed twice, set apart from a run of three by another line
        ("我爱你中国\n我爱你中国\n正文。\n我爱你中国\n我爱你中国\n我爱你中国", "我爱你中国\n正文。\n我爱你中国\n我爱你中国\n我爱你中国"),
    ],
)


test_three_copies_of_a_line_stay = unchanged_through_the_pipeline(
    RULE,
    [
        "我爱你中国\n" * 3,
        "我爱你中国\n" * 4,
        "我爱你中国\n" * 7,
        "正文。\n我爱你中国\n我爱你中国\n我爱你中国\n正文。",
        # a headline three times, the middle one indented
        "标题甲乙丙\n　标题甲乙丙\n标题甲乙丙\n正文。",
        # three copies once the spurious blanks or the shared brackets are
        # read through: merging two of them would leave two copies
        "标题 2020\n标题2020\n标题2020",
        "（标题文字）\n（标题文字\n标题文字）\n",
        "（标题文字\n标题文字）\n（标题文字）\n",
        # a refrain separated by blank lines
        "我爱你中国\n\n" * 3,
    ],
)


# A block of lines printed twice in a row (a two-line headline, a caption
# with its byline) is collapsed like a line printed twice; only two copies
# side by side (issue 14, 5; issue 16, 7).
test_two_copies_of_a_block_merge = through_the_pipeline(
    RULE,
    [
        ("振奋精神有所作为\n干出一流业绩\n振奋精神有所作为\n干出一流业绩\n正文。", "振奋精神有所作为\n干出一流业绩\n正文。"),
        ("正文。\n振奋精神有所作为\n干出一流业绩\n振奋精神有所作为\n干出一流业绩", "正文。\n振奋精神有所作为\n干出一流业绩"),
        ("甲标题文字\n乙标题文字\n丙标题文字\n甲标题文字\n乙标题文字\n丙标题文字\n", "甲标题文字\n乙标题文字\n丙标题文字\n"),
        # the copies may differ by blanks (cjk-space takes them out); the first is kept
        ("图为新建的大桥\n记者 张三 摄\n图为新建的大桥\n记者张三 摄\n", "图为新建的大桥\n记者 张三 摄\n"),
        (
            "Year-to-date totals\nyou may have received\nYear-to-date totals\nyou may have received",
            "Year-to-date totals\nyou may have received",
        ),
    ],
)


test_blocks_that_are_content_stay = unchanged_through_the_pipeline(
    RULE,
    [
        # three copies of a block: a refrain
        "振奋精神有所作为\n干出一流业绩\n" * 3,
        "振奋精神有所作为\n干出一流业绩\n\n" * 2 + "振奋精神有所作为\n干出一流业绩",
        # lines that alternate: the line after the second copy starts a third
        "干出一流业绩\n振奋精神有所作为\n干出一流业绩\n振奋精神有所作为\n干出一流业绩",
        # a block of one line repeated (four copies of one line)
        "我爱你中国\n我爱你中国\n我爱你中国\n我爱你中国",
        # sentences said twice, a table's rows, short lines
        "他说，好。\n她说，行。\n他说，好。\n她说，行。",
        "合计\n100\n合计\n100",
        "A标题\nB标题文字\nA标题\nB标题文字",
        "a\nb\na\nb",
        # blank lines between the copies: paragraphs, not a doubled block
        "振奋精神有所作为\n干出一流业绩\n\n振奋精神有所作为\n干出一流业绩",
    ],
)


# The closing marks of a line printed doubled, doubled too and wrapped onto
# the next line alone, are collapsed with it (issue 14, 5); the line break
# stays (line-wrap judges it).
test_closing_marks_wrapped_after_a_doubled_line = through_the_pipeline(
    RULE,
    [
        ("（（记记者者 张张三三 摄摄\n））\n正文。", "（记者 张三 摄\n）\n正文。"),
        ("（（资资料料图图片片\n））", "（资料图片\n）"),
        ("（（资资料料图图片片\n  ））  \n", "（资料图片\n  ）  \n"),
        ("““实实施施三三服服务务\n””））", "“实施三服务\n”）"),
        # a copy split by the line break
        ("（（资资料料图图片片）\n）", "（资料图片）\n"),
    ],
)


test_closing_marks_that_stay = unchanged_through_the_pipeline(
    RULE,
    [
        # not after a doubled line
        "（资料图片）\n））", "资料图片\n））",
    ],
)


def test_closing_marks_collapse_only_when_doubled():
    """Three copies, or a blank between the pairs: not doubled marks."""
    fixed = cleantext.fix("（（资资料料图图片片\n）））\n", select=RULE)
    assert fixed == "（资料图片\n）））\n"
    fixed = cleantext.fix("（（资资料料图图片片\n）） ））\n", select=RULE)
    assert fixed == "（资料图片\n）） ））\n"
    # a single closing mark is the line's own
    assert cleantext.fix("（（资资料料图图片片\n）\n", select=RULE) == "（资料图片\n）\n"


# A blank inside the copies of a doubled character of a span, anywhere in
# the span (issue 16, 7): found like the copies side by side.
test_blank_inside_the_copies = through_the_pipeline(
    RULE,
    [
        ("图图片 片", "图片"),
        ("中中国\u3000国", "中国"),
        ("实\u3000实施施", "实施"),
        ("图图片\t片", "图片"),
        ("他说：实\u3000实施施三三服服务务", "他说：实施三服务"),
        # a blank inside one copy of a run printed twice: cjk-space would
        # take it out, and the next run collapse the line (issue 16)
        ("的的说的说 的", "的说的"),
        ("实施实 施三服务三服务", "实施三服务"),
        # a page break's form feed at the edge of a doubled line
        ("的的是是\x0c", "的是\x0c"),
        ("\x0c资资料料图图片片\n正文。", "\x0c资料图片\n正文。"),
    ],
)


test_blank_inside_the_copies_of_reduplication_stays = unchanged_through_the_pipeline(
    RULE,
    ["常常 常", "谢谢 谢谢", "天 天向上", "人 人 实 实 在 在", "他说图 图片片很好"],
)


# A converter's Markdown output of a fake-bold page: the converter writes
# emphasis delimiters, list markers, headings and rules once, so they are
# never doubling, even with doubled text right next to them (issue 14, 5).
test_markdown_next_to_doubling = through_the_pipeline(
    RULE,
    [
        ("**资资料料**", "**资料**"),
        ("***资资料料***", "***资料***"),
        ("__下划线__资资料料", "__下划线__资料"),
        ("**加粗**资资料料图图片片", "**加粗**资料图片"),
        ("资资料料图图片片 **重要通知** 正文", "资料图片 **重要通知** 正文"),
        ("资资料料**重重要要**图图片片", "资料**重要**图片"),
        ("资资料料 **", "资料 **"),
        ("## 资资料料", "## 资料"),
        ("-- 资资料料", "-- 资料"),
        ("  -- 资资料料", "  -- 资料"),
        ("++ 资资料料图图片片", "++ 资料图片"),
        (">> 资资料料", ">> 资料"),
        ("资资料料 ------", "资料 ------"),
        ("资资料料\n  --\n图图片片", "资料\n  --\n图片"),
        ("资资料料\n\n---\n\n图图片片", "资料\n\n---\n\n图片"),
        ("资资料料\n***\n图图片片", "资料\n***\n图片"),
        ("资资料料\n___\n===\n图图片片", "资料\n___\n===\n图片"),
        ("- 资资料料\n- 图图片片", "- 资料\n- 图片"),
        # a dash between doubled characters on a line is printed text
        ("资资料料--图图片片", "资料-图片"),
    ],
)


test_markdown_alone_stays = unchanged_through_the_pipeline(
    RULE,
    [
        "**重点**", "****资料****", "**", "****", "______", "------", "======",
        "## 标题\n\n---\n\n正文", "- - 嵌套列表", "* * *", "资料__图片",
        "**重点**\n\n***\n\n__强调__",
    ],
)


def test_a_line_repeated_ten_thousand_times_stays():
    text = ("资" * 100 + "\n") * 10000
    assert collapse_fake_bold(text) == text
    assert cleantext.fix(text, select=RULE) == text


# A line printed twice whose copies differ only by blanks that cjk-space
# takes out (next to full-width punctuation, letter-spacing): judged only as
# it stood, it came out of ``fix`` printed twice without those blanks, and
# the next run collapsed it ("the fixed-point interaction of fake-bold
# behind a space", issue 16).  The first copy is kept as it is.
test_copies_that_differ_by_blanks = through_the_pipeline(
    RULE,
    [
        ("近日， 市统计局近日，市统计局", "近日， 市统计局"),
        ("近日，市统计局 近日， 市统计局", "近日，市统计局"),
        ("实施 “三服务”实施“三服务”", "实施 “三服务”"),
        ("全 国 人 民全国人民", "全 国 人 民"),
        ("资料 ，图片资料，图片", "资料 ，图片"),
        ("标题，文字\n标题， 文字\n正文。", "标题，文字\n正文。"),
        # cjk-space would leave the copies alike, the blanks between them kept
        ("作用。通过组  作用 。通过组", "作用。通过组"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "近日， 市统计局近日，市统计局\n",
        "近日，市统计局 近日， 市统计局\n",
        "实施“ 三服务 ”实施“三服务”\n",
        "全 国 人 民全国人民\n",
        "资料 ，图片资料，图片\n",
        "标题，文字\n标题， 文字\n",
        "作用。通过组  作用 。通过组\n",
        "正文第一段。\n\n结果显示：丽水市以\n结果显示：丽水市  以\n\n正文第二段。\n",
        "正文第一段。\n\n晓 此 实 施 意 见 的 被 访 者 在 被 问晓此实施意见的被访者在被问\n\n正文第二段。\n",
    ],
)
def test_fix_is_a_fixed_point_on_copies_that_differ_by_blanks(text):
    once = cleantext.fix(text)
    assert cleantext.fix(once) == once


test_copies_alike_but_for_blanks_stay_when_the_line_does = unchanged_through_the_pipeline(
    RULE,
    [
        # reduplication judged as it stands: the copies are alike
        "高高兴兴 高高兴兴",
        # two characters are ABAB, not a run printed twice
        "研究 研究",
        # a sentence said twice is prose
        "他来了。他来了 。",
    ],
)


# The scans and cheap tests that pick the lines and places worth a closer
# look (``_evenly_doubled``, ``_gate_positions``, the line-break scans) must
# let through everything the full analysis collapses.
test_collapses_past_the_gates = through_the_pipeline(
    RULE,
    [
        # a line of runs printed twice keeps its indentation and trailing blank
        ("　　实施实施 三服务三服务　", "　　实施 三服务　"),
        # one run printed twice, a tab or an ideographic space between the copies
        ("三峡工程\t三峡工程", "三峡工程"),
        ("三峡工程　三峡工程", "三峡工程"),
        # reduplicated words printed twice
        ("研究研究研究研究", "研究研究"),
        ("天天向上天天向上", "天天向上"),
        # a headline in brackets or quotes repeated on the next line
        ("“三服务”\n“三服务”", "“三服务”"),
        ("（三服务）\n（三服务）", "（三服务）"),
        ("标题 2020\n标题2020", "标题2020"),
        # a repeated headline after a line longer than the line analysis reads
        ("正" * 420 + "\n标题甲乙丙\n标题甲乙丙", "正" * 420 + "\n标题甲乙丙"),
        # doubled tokens split by blank lines, or set apart by doubled blanks
        ("正文。\n\n资资\n\n料料", "正文。\n\n资\n\n料"),
        ("　　资资料料　　图图片片", "　　资料　　图片"),
        ("正文\n资\n资料料图图", "正文\n资\n料图"),
    ],
)


test_leaves_alone_past_the_gates = unchanged_through_the_pipeline(
    RULE,
    [
        # evenly doubled, yet reduplication: the gates let it through, the
        # word evidence keeps it
        "常常谢谢", "　常常谢谢　", "他常常说研究研究", "人人 人人", "高高兴兴 高高兴兴",
        # three copies in a row are not a doubled span
        "资资资料料料图图", "他说资资资料料",
        # prose whose first words come back later in the line
        "服务企业服务群众服务基层", "企业、群众和基层反映的痛点、堵点，企业、群众和基层",
    ],
)


def _doubled_lines(count: int) -> list[str]:
    """Lines of runs printed twice, one run printed twice, and near misses."""
    import random

    rng = random.Random(6)
    runs = ["资料", "图片", "实施", "三服务", "常常", "研究", "“", "”", "（", "）", "2020", "ab", "…", "—"]
    lines = []
    for _ in range(count):
        units = [rng.choice(runs) for _ in range(rng.randrange(1, 6))]
        shape = rng.randrange(4)
        if shape == 0:
            line = "".join(u + u for u in units)
        elif shape == 1:
            line = rng.choice(["", " ", "　"]).join("".join(c + c for c in u) for u in units)
        elif shape == 2:
            run = rng.choice(["", " "]).join(units)
            line = run + rng.choice(["", " ", "\t", "　"]) + run
        else:
            line = "".join(u + u for u in units) + rng.choice(runs)
        lines.append(line)
    return lines


def test_evenly_doubled_lets_through_every_collapsed_line():
    from cleantext.rules.doubling import _collapse_line, _evenly_doubled, _without_spurious_blanks

    collapsed = 0
    for line in _doubled_lines(3000):
        for s in {line, _without_spurious_blanks(line)}:
            if _collapse_line(s) is not None:
                collapsed += 1
                assert _evenly_doubled(line), line
    assert collapsed > 1000


def test_same_object_when_nothing_changes():
    text = "我们常常说，1100亿元。\n高高兴兴。"
    assert collapse_fake_bold(text) is text


test_idempotent = settles(
    collapse_fake_bold,
    [
        "（（资资料料图图片片）） 记记者者 雷雷宁宁 摄摄",
        "■■实施实施““三服务三服务””提升获得感提升获得感",
        "DDDDoooowwwwnnnn",
        "记记记记者者者者",
        "标题甲乙丙\n标题甲乙丙\n标题甲乙丙",
        "一一一一丁丁丁丁",
    ],
)


@pytest.mark.parametrize(
    "text",
    [" " * 20000 + "\n资资料料", "资" * 20000, "，" * 20000, "\n" * 20000, "## 标题\n" * 3000, " 资 资" * 5000],
)
def test_degenerate_inputs(text):
    out = collapse_fake_bold(text)
    assert isinstance(out, str)
    assert collapse_fake_bold(out) == out


@pytest.mark.parametrize("pangu", [False, True])
@pytest.mark.parametrize(
    "text",
    [
        "周期一个多少完全2012年团队周期一个多少完全 2012年团队",
        "提升获得感2020提升获得感 2020",
        "标题2020年\n标题 2020年\n正文。",
        # a blank (U+3000, a tab, a space) inside the copies of one doubled
        # character of a span: cjk-space takes it out (issue 16, 7)
        "图图片 片", "中中国\u3000国", "实\u3000实施施", "图图片\t片", "资料：实\u3000实施施 张张三三\n",
        "国国务 务院 院（（““\u3000）））标题",
    ],
)
def test_pipeline_idempotent_across_cjk_space(text, pangu):
    """A run printed twice whose copies differ only by a blank cjk-space
    settles is collapsed in the first pass, not in the second."""
    once = cleantext.fix(text, pangu=pangu)
    assert cleantext.fix(once, pangu=pangu) == once


def test_explain_names_the_rule():
    edits = cleantext.explain("第第八八章章", select=["fake-bold"])
    assert edits and {e.rule for e in edits} == {"fake-bold"}


@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
def test_clean_corpus_unchanged(path):
    text = path.read_text(encoding="utf-8")
    assert collapse_fake_bold(text) == text


# A line's runs drawn twice, read by an extractor that starts a new line
# where the second copy goes back to the left (PyMuPDF, pdftotext): the
# first copy ends a line, the second starts the next.  Shapes from
# round-trip pages of the SIGHAN 2005 texts (reportlab, fake bold by run).
test_runs_split_between_lines_merge = through_the_pipeline(
    RULE,
    [
        # a headline run by run: a whole line, a run shared by two lines,
        # a short line said again
        (
            "歌神\n歌神8月個唱準時完騷觀眾「勁蝕」\n月個唱準時完騷觀眾「勁蝕」40\n分鐘\n分鐘\n正文。",
            "歌神8月個唱準時完騷觀眾「勁蝕」40\n分鐘\n正文。",
        ),
        # a bold phrase inside a paragraph: its copies end one line and are
        # the next, then are one line and start the next
        (
            "「他絕對是電影界的教父」，自稱\n自稱\n是新演員的史提夫表示\n是新演員的史提夫表示，他是受到白蘭",
            "「他絕對是電影界的教父」，自稱\n是新演員的史提夫表示，他是受到白蘭",
        ),
        ("（附图片\n（附图片1\n1张）\n乖乖宝和小金刚\n步入城市电器商行\n步入城市电器商行，你会被", "（附图片1\n1张）\n乖乖宝和小金刚\n步入城市电器商行，你会被"),
    ],
)


test_lines_that_only_look_split_stay = unchanged_through_the_pipeline(
    RULE,
    [
        # one pair alone: a title over a paragraph that starts with it
        "改革开放\n改革开放以来，我国经济快速发展。",
        "通知\n\n通知全文如下。",
        # reduplication across a line break ("一條一條研究")
        "代表團毫不氣餒，志\n在必得。每晚開會，一條\n一條研究，白天再與船東\n洽談。",
        # a run that ends a sentence is said again on purpose
        "好好学习。\n好好学习。\n天天向上\n天天向上。",
        # equal short lines of figures: table cells
        "甲\n40\n40\n乙\n12\n12",
        # three equal lines are content
        "分鐘\n分鐘\n分鐘\n歌神\n歌神8月",
        # two pairs, but a blank line between them: each is alone in its block
        "改革\n改革开放以来\n\n正文\n正文第二段",
    ],
)
