"""columns: side-by-side columns read column by column, and what it must leave alone.

The pages under ``tests/data/columns`` were typeset from the clean corpus and
read back with ``pdftotext -layout`` (see the README there): the column pages
must come out as their ``.expected.txt`` (the columns read down), the table
pages byte-identical.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from helpers import assert_clean_corpus_unchanged, corpus, keeps, settles

import cleantext
from cleantext.rules.columns import GUTTER, columns, segments, text_width

DATA = Path(__file__).resolve().parent / "data" / "columns"
PAGES = sorted((DATA / "pages").glob("*.input.txt"))
TABLES = sorted((DATA / "tables").glob("*.txt"))
LISTS = sorted((DATA / "lists").glob("*.txt"))

#: The pipeline tests need the rule in the default pipeline.
in_pipeline = pytest.mark.skipif(
    "columns" not in cleantext.pipeline.ORDER,
    reason="columns is not in the pipeline yet",
)


def side_by_side(*cols: list[str], gap: int = 4, by_display: bool = True) -> str:
    """Lay columns of lines out on the same lines, each padded to its widest
    line (in display columns, or in characters as pdftotext -layout does)."""
    size = text_width if by_display else len
    rows = max(map(len, cols))
    widths = [max(map(size, col)) for col in cols]
    lines = []
    for i in range(rows):
        cells = [col[i] if i < len(col) else "" for col in cols]
        line = "".join(
            c + " " * (w - size(c) + gap) for c, w in zip(cells[:-1], widths)
        )
        lines.append((line + cells[-1]).rstrip())
    return "\n".join(lines) + "\n"


LEFT = [
    "我国农业生产继续保持",
    "稳定增长的良好势头，",
    "各地农民收入稳步提高，",
    "农村面貌明显改善。",
]
RIGHT = [
    "全年粮食产量再创新",
    "高，达到一万三千亿",
    "斤，比上年增长两个百",
    "分点，创历史最高。",
]
THIRD = [
    "  各级政府把农业放在",
    "经济工作的首位，认真",
    "落实各项支农惠农政策",
    "农民得到更多实惠。",
]

# Lines with digits and Latin: aligned in display columns only (an OCR text
# layer), or in characters only (pdftotext -layout's grid).
MIXED_LEFT = [
    "全年粮食产量达到1万亿斤",
    "以上，比上年增长2.3%，",
    "创造了历史最高纪录。各",
    "地加大投入，落实政策。",
]
MIXED_RIGHT = [
    "各地农民收入稳步提高，",
    "农村面貌明显改善，农业",
    "生产继续保持稳定增长的",
    "良好势头，形势很好。",
]


def read_down(*cols: list[str]) -> str:
    return "\n".join(line for col in cols for line in col) + "\n"


CHANGED = [
    # two columns: the left one top to bottom, then the right one
    (side_by_side(LEFT, RIGHT), read_down(LEFT, RIGHT)),
    # three columns; the indent of a paragraph's first line stays
    (side_by_side(LEFT, RIGHT, THIRD), read_down(LEFT, RIGHT, THIRD)),
    # the last column ends early
    (side_by_side(LEFT, RIGHT, THIRD[:3]), read_down(LEFT, RIGHT, THIRD[:3])),
    # a wider gutter
    (side_by_side(LEFT, RIGHT, gap=12), read_down(LEFT, RIGHT)),
    # aligned in display columns, or in characters
    (side_by_side(MIXED_LEFT, MIXED_RIGHT), read_down(MIXED_LEFT, MIXED_RIGHT)),
    (
        side_by_side(MIXED_LEFT, MIXED_RIGHT, by_display=False),
        read_down(MIXED_LEFT, MIXED_RIGHT),
    ),
    # a headline across the columns stays above them, a line across them below
    (
        "农业生产喜获丰收全年粮食产量创历史新高\n"
        + side_by_side(LEFT, RIGHT)
        + "（本报记者某某某，通讯员某某某、某某某报道）\n",
        "农业生产喜获丰收全年粮食产量创历史新高\n"
        + read_down(LEFT, RIGHT)
        + "（本报记者某某某，通讯员某某某、某某某报道）\n",
    ),
    # lines under a short last column, after a blank line, are the first
    # column's last lines
    (
        side_by_side(LEFT[:3], RIGHT[:3]) + "\n" + LEFT[3] + "\n",
        read_down(LEFT[:3] + ["", LEFT[3]], RIGHT[:3] + [""]),
    ),
    # a form feed before the page stays before it
    ("\f" + side_by_side(LEFT, RIGHT), "\f" + read_down(LEFT, RIGHT)),
    # a blank line across all columns stays a blank line in each
    (
        side_by_side(LEFT[:2] + [""] + LEFT[2:], RIGHT[:2] + [""] + RIGHT[2:]),
        read_down(LEFT[:2] + [""] + LEFT[2:], RIGHT[:2] + [""] + RIGHT[2:]),
    ),
    # a line whose left column ran long pushed the right one over: one space
    (
        (
            "我国农业生产继续保持稳定增长的    良好势头，全年粮食产量再创新高\n"
            "各地农民收入稳步提高，农村面貌明显 改善。今年以来各地加大投入\n"
            "各级政府把农业放在经济工作的首    位，认真落实各项支农惠农政策\n"
            "农民得到了更多的实惠，生产积极    性进一步提高，种粮面积继续扩大\n"
        ),
        (
            "我国农业生产继续保持稳定增长的\n"
            "各地农民收入稳步提高，农村面貌明显\n"
            "各级政府把农业放在经济工作的首\n"
            "农民得到了更多的实惠，生产积极\n"
            "良好势头，全年粮食产量再创新高\n"
            "改善。今年以来各地加大投入\n"
            "位，认真落实各项支农惠农政策\n"
            "性进一步提高，种粮面积继续扩大\n"
        ),
    ),
]


@pytest.mark.parametrize("before, after", CHANGED)
def test_reads_columns_down(before, after):
    assert columns(before) == after


test_settles = settles(columns, [before for before, _ in CHANGED])


UNTOUCHED = [
    # plain-text tables: rows are read across
    (
        "地区        人口（万人）    增长率\n"
        "东城区      70.8            -1.2%\n"
        "西城区      110.4           -0.8%\n"
        "朝阳区      308.3           2.1%\n"
    ),
    (
        "城市      天气        气温          风力\n"
        "北京      晴转多云    -3～8℃       北风3级\n"
        "上海      小雨        6～11℃       东风2-3级\n"
        "广州      多云        15～22℃      微风\n"
        "哈尔滨    小雪        -18～-9℃     西北风4-5级\n"
    ),
    (
        "项目名称                主要内容                                责任单位\n"
        "城市供水管网改造工程    完成主干管网更新二十公里                市水务局\n"
        "老旧小区综合整治        改造住宅楼一百二十幢，新建停车位八百个  区人民政府\n"
        "农村公路建设            新建和改建道路三十五公里                市交通局\n"
        "中小学校舍安全工程      加固校舍四十六所                        市教育局\n"
    ),
    (
        "问题                                答复\n"
        "城市供水价格是否上调？              今年上半年不作调整，下半年视情况而定。\n"
        "老旧小区改造何时开工？              预计明年三月开工，年底前全部完成。\n"
        "农村公路建设资金从哪里来？          由市、县两级财政共同承担。\n"
        "中小学校舍加固工程进展如何？        已完成四十六所，其余正在施工。\n"
    ),
    (
        "出席会议的有：\n张伟      王芳      李娜      刘洋\n陈静      杨帆      赵磊      黄敏\n"
        "周杰      吴霞      徐明      孙丽\n"
    ),
    (
        "姓名：张伟                  性别：男\n出生日期：1975年3月         民族：汉族\n"
        "工作单位：市统计局          职务：副局长\n联系电话：0578-12340        邮编：323000\n"
    ),
    (
        "第一章  总则 ......................................... 1\n"
        "第二章  城市供水水源 ................................. 5\n"
        "第三章  城市供水工程建设 ............................. 9\n"
        "第四章  城市供水经营 ................................. 14\n"
    ),
    # a table of text cells under a header row, each cell wrapped in its column
    (
        "修改前                              修改后\n"
        "第一条 为了加强城市供水管理，发展    第一条 为了加强城市供水管理，发展\n"
        "城市供水事业，保障城市生活、生产    城市供水事业，保障城市生活、生产\n"
        "用水，制定本条例。                  用水和其他各项建设用水，制定本条\n"
        "第二条 本条例适用于城市供水的规划    例。\n"
        "建设、经营管理和用水管理。          第二条 本条例适用于城市供水的规划\n"
    ),
    # a Markdown table
    (
        "| 地区   | 人口（万人） | 增长率 |\n| ------ | ------------ | ------ |\n"
        "| 东城区 | 70.8         | -1.2%  |\n| 西城区 | 110.4        | -0.8%  |\n"
        "| 朝阳区 | 308.3        | 2.1%   |\n"
    ),
    # verse: every line ends with a mark, the couplets are read across
    (
        "两个黄鹂鸣翠柳，    一行白鹭上青天。\n窗含西岭千秋雪，    门泊东吴万里船。\n"
        "朝辞白帝彩云间，    千里江陵一日还。\n两岸猿声啼不住，    轻舟已过万重山。\n"
    ),
    # code, fenced or indented, with aligned comments in Chinese
    (
        "```python\ntotal = 0              # 总人口，单位为万人\n"
        "for row in rows:       # 逐行读取统计表中的数据\n"
        "    total += row.pop   # 累加每个地区的常住人口\n"
        "print(total)           # 输出全市常住人口的合计\n```\n"
    ),
    (
        "    count = 0          # 缩进的代码块，计数器清零\n"
        "    count += 1         # 每处理一行数据就加一\n"
        "    print(count)       # 打印已经处理的数据行数\n"
    ),
    # an occasional double space
    (
        "本报讯  近日，市统计局通过社情民意调查热线，随机抽取市直及九县（市、区）\n"
        "各100名、全市共1000名机关事业单位人员，开展了知晓率调查。  根据此次调查\n"
        "结果显示，知晓率达到百分之九十以上，比上年提高了五个百分点。这说明  各级\n"
        "机关在宣传工作上下了功夫，取得了明显的成效。\n记者  叶江\n"
    ),
    # Chinese beside English (parallel text): the English column is not CJK
    (
        "我国农业生产继续保持稳定增长的良好势头，    China's agricultural production kept growing,\n"
        "全年粮食产量再创新高，达到一万亿斤以上。    and the grain output reached a new record.\n"
        "各地农民收入稳步提高，农村面貌明显改善。    Farmers' incomes rose and villages improved.\n"
    ),
    # one or two lines with a gap are not a block
    side_by_side(LEFT[:2], RIGHT[:2]),
    "世人对彗星的兴趣和热         情，表明科学技术日益深入          人心。\n",
    # columns of short cells
    side_by_side(["一月", "二月", "三月", "四月"], ["五月", "六月", "七月", "八月"]),
    "",
    "没有空格的一行。\n",
]


test_leaves_alone = keeps(columns, UNTOUCHED)


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_table_pages_untouched(path):
    text = path.read_text(encoding="utf-8")
    assert columns(text) is text


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_column_pages(path):
    text = path.read_text(encoding="utf-8")
    expected = path.with_name(path.name.replace(".input.", ".expected.")).read_text(
        encoding="utf-8"
    )
    out = columns(text)
    assert out == expected
    assert columns(out) == out
    # nothing of content lost or invented: only lines and spaces move
    visible = lambda s: collections.Counter(c for c in s if not c.isspace())
    assert visible(out) == visible(text)


def test_clean_corpus_unchanged():
    assert_clean_corpus_unchanged(columns)


def test_corpus_documents_without_columns_unchanged():
    for doc in corpus.seed_docs() + corpus.dev_docs():
        if "column-interleave" in doc.kinds:
            continue
        assert columns(doc.input) is doc.input, doc.name
        assert columns(doc.gold) is doc.gold, doc.name


def test_segments_count_wide_characters_twice():
    assert segments("温济泽    博古在莫斯科") == [(0, 3, 0, 6), (7, 13, 10, 22)]


@in_pipeline
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pipeline_restores_the_page(path):
    text = path.read_text(encoding="utf-8")
    gold = path.with_name(path.name.replace(".input.", ".gold.")).read_text(
        encoding="utf-8"
    )
    before = corpus.distance(text, gold)
    after = corpus.distance(cleantext.fix(text), gold)
    assert after * 100 <= before  # at least 99% of the errors repaired


@in_pipeline
def test_pipeline_dev_document_with_columns():
    (doc,) = [d for d in corpus.dev_docs() if "column-interleave" in d.kinds]
    assert corpus.distance(cleantext.fix(doc.input), doc.gold) <= 5


@in_pipeline
@pytest.mark.parametrize("text", UNTOUCHED[:4])
def test_pipeline_keeps_table_rows(text):
    # each row stays one line, in order, with its cells apart (the contract's
    # section on tables): the columns rule does not read a table down
    out = cleantext.fix(text, select=["columns"])
    assert out == text


def _cells(line: str) -> list[str]:
    return re.split(" {2,}", line.strip())


@in_pipeline
@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_pipeline_keeps_tables(path):
    # The contract's section on tables: each row stays one line, the rows
    # stay on consecutive lines, the cells stay apart and in their order.
    text = path.read_text(encoding="utf-8")
    out = cleantext.fix(text)
    assert cleantext.fix(out) == out
    rows = [_cells(line) for line in text.split("\n") if GUTTER.search(line)]
    lines = out.split("\n")
    starts = [i for i, line in enumerate(lines) if _cells(line) == rows[0]]
    assert starts, out
    i = starts[0]
    assert [_cells(line) for line in lines[i : i + len(rows)]] == rows


_TABLE = "地区        人口（万人）    增长率\n东城区      70.8            -1.2%\n西城区      110.4           -0.8%\n"


@in_pipeline
@pytest.mark.parametrize(
    "before, after",
    [
        # the example: it came out as one line
        (_TABLE, _TABLE),
        # blank lines between the rows go, and the indent the rows share
        (
            "    城市      天气    气温\n\n    北京      晴      5℃\n\n    上海      多云    12℃\n",
            "城市      天气    气温\n北京      晴      5℃\n上海      多云    12℃\n",
        ),
        # a header row over right-aligned numbers starts its cells elsewhere:
        # right above the rows, with as many cells, it is a row too
        (
            "项目              金额（万元）\n工资                  1200\n办公费                 350\n差旅费                  85\n",
            "项目              金额（万元）\n工资                  1200\n办公费                 350\n差旅费                  85\n",
        ),
        # a narrow first column: the rule's blocks read it as an indent, the
        # cells still line up, with figures in them
        (
            "城市  天气  气温\n北京  晴    5℃\n上海  多云  12℃\n广州  小雨  18℃\n",
            "城市  天气  气温\n北京  晴    5℃\n上海  多云  12℃\n广州  小雨  18℃\n",
        ),
        # an OCR engine's table: gutters, not lined up, three short cells a row
        (
            "地区  人口（万人）  增长率\n东城区  70.8  -1.2%\n西城区  110.4  -0.8%\n朝阳区  345.1  2.3%\n",
            "地区  人口（万人）  增长率\n东城区  70.8  -1.2%\n西城区  110.4  -0.8%\n朝阳区  345.1  2.3%\n",
        ),
        # the paragraphs around a table are still joined and spaced as usual
        (
            "据统计， 各地区的人口，\n变化情况如下：\n\n" + _TABLE + "\n全年人口总体保持稳定，\n增长率 为 0.3%。\n",
            "据统计，各地区的人口，变化情况如下：\n\n" + _TABLE + "\n全年人口总体保持稳定，增长率为0.3%。\n",
        ),
    ],
)
def test_pipeline_keeps_table_rows_together(before, after):
    assert cleantext.fix(before) == after
    assert cleantext.fix(after) == after


@in_pipeline
def test_an_occasional_double_space_is_no_table():
    # a wrapped paragraph with a double space here and there is prose, not rows
    text = (
        "本报讯 近日，市统计局通过“0578-\n12340”社情民意调查热线，  随机抽取市直及\n"
        "九县（市、区）各100名、  全市共1000名机关事\n业单位人员，开展了调查。\n"
    )
    assert cleantext.fix(text) == (
        "本报讯 近日，市统计局通过“0578-12340”社情民意调查热线，随机抽取市直及"
        "九县（市、区）各100名、全市共1000名机关事业单位人员，开展了调查。\n"
    )


@in_pipeline
@pytest.mark.parametrize(
    "before, after",
    [
        # cells between tabs, as many on each line: rows stay rows
        (
            "地区\t人口（万人）\t增长率\n东城区\t70.8\t-1.2%\n西城区\t110.4\t-0.8%\n",
            "地区\t人口（万人）\t增长率\n东城区\t70.8\t-1.2%\n西城区\t110.4\t-0.8%\n",
        ),
        # a drawn table
        (
            "┌────┬────┐\n│地区│人口│\n├────┼────┤\n│东城│70.8│\n└────┴────┘\n",
            "┌────┬────┐\n│地区│人口│\n├────┼────┤\n│东城│70.8│\n└────┴────┘\n",
        ),
        # the prose around a table of tabs is joined as usual
        (
            "各地区的人口变化，\n情况如下：\n地区\t人口\n东城\t70.8\n西城\t110.4\n全年人口总体保持稳定，\n增长率为0.3%。\n",
            "各地区的人口变化，情况如下：\n\n地区\t人口\n东城\t70.8\n西城\t110.4\n\n全年人口总体保持稳定，增长率为0.3%。\n",
        ),
        # one line with a tab is no table (lines this short show no column:
        # the heading stays apart)
        ("第一章\t总则\n本法所称的，\n有关规定。\n", "第一章\t总则\n\n本法所称的，有关规定。\n"),
    ],
)
def test_pipeline_keeps_tables_of_tabs_and_box_lines(before, after):
    assert cleantext.fix(before) == after
    assert cleantext.fix(after) == after


@in_pipeline
def test_letter_spaced_lines_are_no_table():
    # lines spaced out character by character line up too, but hold no
    # figures: cjk-space takes the spacing out
    text = "全  国  人  民\n代  表  大  会\n常  务  委  员\n"
    assert cleantext.fix(text) == "全国人民\n\n代表大会\n\n常务委员\n"


# ---------------------------------------------------------------------------
# Listed tables: one space between cells (span-based extractors)

from cleantext.rules.columns import has_list, list_rows  # noqa: E402

_WEATHER = "城市 天气 气温\n哈尔滨 小雪转\n阴 -15℃\n长春 晴 -12℃\n沈阳 多云 -8℃\n大连 晴转多云\n-3℃\n"


def test_list_rows_finds_a_listed_table_and_its_broken_rows():
    lines = _WEATHER.split("\n")
    assert list_rows(lines) == ([(0, 7, 0)], {1: "哈尔滨 小雪转阴 -15℃", 5: "大连 晴转多云 -3℃"})


def test_list_rows_picks_the_shape_most_rows_have_even_when_most_are_broken():
    # the halves of broken rows have shapes of their own; the whole rows'
    # shape explains the most lines, halves joined included
    lines = ["一个 我们", "0 0 0", "中国 他", "们 0 0 0", "没有 可", "以 0 0 -0.00", "什么 这个 0 0 0"]
    found, joins = list_rows(lines)
    assert found == [(0, 7, 0)]
    assert joins == {0: "一个 我们 0 0 0", 2: "中国 他们 0 0 0", 4: "没有 可以 0 0 -0.00"}


@pytest.mark.parametrize(
    "lines",
    [
        # two rows are no evidence
        ["北京 晴 5℃", "上海 多云 12℃"],
        # prose with spaces around figures: the shapes differ from line to line
        ["全市共有 95", "名学生参加 3", "项比赛 获奖 12", "人次。"],
        # clause marks: prose
        ["北京，晴 5℃", "上海，多云 12℃", "广州，小雨 18℃"],
        # no figures: headlines, bylines, verse
        ["立足生态优势 打造休闲小镇", "记者 叶江", "通讯员 王明 李华"],
        # letter-spaced lines: every cell one character
        ["北 京 5", "上 海 6", "广 州 7"],
        # Markdown list items and headings
        ["- 北京 5℃", "- 上海 12℃", "- 广州 18℃"],
        ["# 北京 5", "# 上海 12", "# 广州 18"],
        # Latin only
        ["Beijing 5", "Shanghai 12", "Guangzhou 18"],
        # a gutter (two spaces) is table_rows' business
        ["北京  晴 5℃", "上海  多云 12℃", "广州  小雨 18℃"],
        # blank lines between: paragraphs
        ["北京 晴 5℃", "", "上海 多云 12℃", "", "广州 小雨 18℃"],
    ],
)
def test_list_rows_leaves_what_is_no_listed_table(lines):
    assert list_rows(lines) == ([], {})


def test_has_list_needs_three_short_lines_in_a_row():
    assert has_list("北京 晴 5℃\n上海 多云 12℃\n广州 小雨 18℃")
    assert not has_list("北京 晴 5℃\n上海 多云 12℃\n\n广州 小雨 18℃")
    assert not has_list("今天北京的天气是晴天，最高气温五摄氏度\n上海 多云 12℃\n广州 小雨 18℃")


@in_pipeline
@pytest.mark.parametrize(
    "before, after",
    [
        # a row broken over two lines is joined to itself, not to the next row
        (
            "天气预报\n\n" + _WEATHER,
            "天气预报\n\n城市 天气 气温\n哈尔滨 小雪转阴 -15℃\n长春 晴 -12℃\n沈阳 多云 -8℃\n大连 晴转多云 -3℃\n",
        ),
        # a name and a figure: the cells stay apart, the rows stay rows
        ("张三 95\n李四 88\n王五 76\n赵六 90\n", "张三 95\n李四 88\n王五 76\n赵六 90\n"),
        # the prose around a listed table is joined and spaced as usual
        (
            "各地气温变化，\n情况如下：\n\n北京 晴 5℃\n上海 多云 12℃\n广州 小雨 18℃\n\n全年气温总体偏高， 增幅\n为 0.3℃。\n",
            "各地气温变化，情况如下：\n\n北京 晴 5℃\n上海 多云 12℃\n广州 小雨 18℃\n\n全年气温总体偏高，增幅为0.3℃。\n",
        ),
        # not a listed table: wrapped prose with figures keeps its joins
        (
            "本报讯 全市共有 95\n名中学生参加了 3 项\n市级比赛 共获奖 12\n人次，成绩喜人。\n",
            "本报讯 全市共有95名中学生参加了3项市级比赛 共获奖12人次，成绩喜人。\n",
        ),
    ],
)
def test_pipeline_keeps_listed_tables(before, after):
    assert cleantext.fix(before) == after
    assert cleantext.fix(after) == after


@in_pipeline
@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_pipeline_keeps_the_listed_tables_a_span_extractor_printed(path):
    # pypdf's text of typeset tables (tests/data/columns/README.md): the rows
    # list_rows finds come out verbatim, one a line, on consecutive lines
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    found, joins = list_rows(lines)
    assert found and not joins
    assert sum(hi - lo for lo, hi, _ in found) >= 5
    out = cleantext.fix(text)
    assert cleantext.fix(out) == out
    for lo, hi, _ in found:
        assert "\n".join(line.strip(" ") for line in lines[lo:hi]) in out
