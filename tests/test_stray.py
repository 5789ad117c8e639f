"""stray-mark: the marks it removes and the look-alikes it must leave."""

from __future__ import annotations

import pytest
from helpers import assert_clean_corpus_unchanged, keeps, table_tests

from cleantext.rules.stray import remove_stray_marks

RULE = ["stray-mark"]

CHANGED = [
    # a stray point before the percent sign
    ("选“是”的占 96.2.%。", "选“是”的占 96.2%。"),
    ("增长 3.5.％", "增长 3.5％"),
    ("下降 2.1.‰", "下降 2.1‰"),
    ("比例为96.%", "比例为96%"),
    # marks doubled by the scan (exactly two)
    ("据统计，，全市共有", "据统计，全市共有"),
    ("企业、、群众", "企业、群众"),
    ("工作取得实效。。下一步", "工作取得实效。下一步"),
    ("据统计， ，全市共有", "据统计，全市共有"),
    # an OCR bar between two Chinese characters
    ("省及地市报刊|刊登达标排放倒计时", "省及地市报刊刊登达标排放倒计时"),
    ("报刊｜刊登", "报刊刊登"),
    # form feeds
    ("第一页。\n\f第二页。\n", "第一页。\n第二页。\n"),
    ("正文结束。\n\n\f", "正文结束。\n"),
    ("上一页的字\f下一页的字", "上一页的字\n下一页的字"),
    # page numbers printed as page furniture
    ("第一页的文字。\n\n- 3 -\n\n第二页的文字。", "第一页的文字。\n\n第二页的文字。"),
    ("第一页的文字。\n—3—\n第二页的文字。", "第一页的文字。\n第二页的文字。"),
    ("第一页的文字。\n第 3 页 共 10 页\n第二页的文字。", "第一页的文字。\n第二页的文字。"),
    ("第一页的文字。\n\n12\n\f第二页的文字。", "第一页的文字。\n\n第二页的文字。"),
    # several repairs in one text: each line judged on its own
    (
        "- 1 -\n\n据统计，，全市共有、、四个。\n报刊|刊登 96.2.%\n|表|格|\n第 2 页\n末行。。",
        "据统计，全市共有、四个。\n报刊刊登 96.2%\n|表|格|\n末行。",
    ),
    # fenced code keeps its marks, the text around it does not
    ("据统计，，全市\n```\n报刊|刊登，，\n```\n报刊|刊登", "据统计，全市\n```\n报刊|刊登，，\n```\n报刊刊登"),
    # a run of marks is judged whole: two equal marks at its end are not a doubling
    ("三个，，， 又是两个、 、", "三个，，， 又是两个、"),
]


test_removes_stray_marks, test_idempotent, test_through_the_pipeline = table_tests(
    remove_stray_marks, RULE, CHANGED
)


UNTOUCHED = [
    # numbers and percentages
    "增长96.2%，占比3.5％",
    "见第1.5.3节",
    "版本号 1.2.3",
    # ellipses, dashes and three full stops are other rules' business
    "他说……好吧",
    "记者——张三",
    "等等。。。",
    "等等...",
    "前--后",
    "三个逗号，，，",
    "三个句号。 。 。",
    "逗号，句号。",
    # bars in tables and Markdown, or next to spaces
    "|姓名|年龄|",
    "| 姓名 | 年龄 |",
    "甲 | 乙",
    "a|b",
    # a bar that is a seam in doubled text: without it the line reads as
    # fake bold, which fake-bold (run first) judged with the bar in it
    "是是｜的的",
    "资资料|料",
    # numbers and headings on their own line
    "第三版",
    "第3版",
    "3\n\n正文",
    "2018",
    "- 第一项",
    "- 3",
    "1. 第一条",
    # short lines that are words, tables with wide gaps, OCR noise from a
    # picture (it holds letters and Han characters: not provably stray)
    "s%         世人              S%    %",
    "A股",
    "Q:",
    "性别        男        年龄",
    "A      B      C",
    "Name        Value",
    "2018        2019",
    # code blocks
    "```\n报刊|刊登，，\n```",
    "",
]


test_leaves_alone = keeps(remove_stray_marks, UNTOUCHED)


def test_clean_corpus_unchanged():
    assert_clean_corpus_unchanged(remove_stray_marks)


@pytest.mark.parametrize(
    "text",
    ["\f" * 1000, "，" * 5000, "。。" * 3000, "|" * 2000, "- 1 -\n" * 2000, "1\n\f\n" * 1000, " " * 10000 + "%"],
)
def test_degenerate_inputs(text):
    out = remove_stray_marks(text)
    assert isinstance(out, str)
    assert remove_stray_marks(out) == out
