"""cjk-space: which spaces go, which stay, and the pangu option."""

from __future__ import annotations

import re

import pytest
from helpers import assert_clean_corpus_unchanged, keeps, repairs, table_tests

import cleantext
from cleantext.rules.spacing import fix_cjk_spaces

RULE = ["cjk-space"]

# --------------------------------------------------------------------------
# Spaces that go

NEXT_TO_PUNCTUATION = [
    ("近日， 市统计局通过热线。", "近日，市统计局通过热线。"),
    ("具体内容是否了解？” 时，96%的人", "具体内容是否了解？”时，96%的人"),
    ("（资料图片） 记者 雷宁 摄", "（资料图片）记者 雷宁 摄"),
    ("丽水发布全省首个 《政务服务礼仪规范》", "丽水发布全省首个《政务服务礼仪规范》"),
    ("调查结果显示 ：丽水市", "调查结果显示：丽水市"),
    ("小分队 ，深入沿淮", "小分队，深入沿淮"),
    ("（ 1925 ），在苏州", "（1925），在苏州"),
    ("过关”。 --- 加大科技投入", "过关”。---加大科技投入"),
    ("--- 摸清工业污染源", "---摸清工业污染源"),
    ("他说： “我来了。”", "他说：“我来了。”"),
    # a curly quote counts when Chinese is on either side of it
    ("了解?” 时", "了解?”时"),
    # an e-mail address keeps its characters, the space before "。" goes
    ("他的邮箱是 a@b.com 。", "他的邮箱是a@b.com。"),
    ("网址为 https://www.example.gov.cn/a.html?id=4 ，欢迎访问", "网址为https://www.example.gov.cn/a.html?id=4，欢迎访问"),
]

CHINESE_AND_LATIN_OR_DIGITS = [
    ("九县（市、区）各 100 名、全市共 1000 名", "九县（市、区）各100名、全市共1000名"),
    ("2018 年", "2018年"),
    ("丽水智慧城市案例入选 2018 年在线政府十大优秀解决方案", "丽水智慧城市案例入选2018年在线政府十大优秀解决方案"),
    ("增长 19.1 ％。", "增长19.1％。"),
    ("选“有”的占 97.3%。", "选“有”的占97.3%。"),
    ("96% 的人选择了解。", "96%的人选择了解。"),
    ("刚刚买了一部 iPhone ，好开心", "刚刚买了一部iPhone，好开心"),
    ("排污申报登记和 cod 总量指标分配。", "排污申报登记和cod总量指标分配。"),
    ("应急调度 Ⅰ 级响应", "应急调度Ⅰ级响应"),
    ("表达记者 30,294人拍摄", "表达记者30,294人拍摄"),
    ("海尔 -波普彗星", "海尔-波普彗星"),
]

SPLIT_NUMBERS = [
    ("8 4 1 年", "841年"),
    ("增长 1 5 ％。", "增长15％。"),
    ("何怀宏，哲学博 士 ， 1 9 5 4 年生。", "何怀宏，哲学博士，1954年生。"),
    ("本 报 北 京 1 0 月 2 4 日讯", "本报北京10月24日讯"),
    ("本 報 訊 1月1日，一 個。", "本報訊 1月1日，一個。"),
    ("本 报 北 京 1 0 月 2 4 日 电 记 者 何 加 正 报 道：", "本报北京10月24日电 记者何加正报道："),
    ("总人口 5 8 亿。", "总人口58亿。"),
    # decimals and fractions spaced out (issue 14)
    ("增长 3 . 5 亿元。", "增长3.5亿元。"),
    ("增长3 .5亿元。", "增长3.5亿元。"),
    ("约 2 ／ 3 的人同意。", "约2／3的人同意。"),
    ("约 2 / 3 的人同意。", "约2/3的人同意。"),
    ("占 1 /3", "占1/3"),
    ("于 2020 / 3 / 15 日", "于2020/3/15日"),
    ("第 1 . 2 . 3 条", "第1.2.3条"),
    ("增长 3 . 5 ％", "增长3.5％"),
    # a lone space in running text at a function word, nothing else on the
    # line spaced: a text run split by the extractor (issue 14)
    ("今年推进的 重点项目共有十个。", "今年推进的重点项目共有十个。"),
    ("今年推进的 重点 项目共有十个。", "今年推进的重点项目共有十个。"),
    ("这个城市 的发展很快。", "这个城市的发展很快。"),
    ("我们完成 了任务，很好。", "我们完成了任务，很好。"),
    ("近日， 今年推进的 重点项目共有十个。", "近日，今年推进的重点项目共有十个。"),
    # letter-spaced acronyms that the word list knows (issue 14)
    ("今年 G D P 增长很快。", "今年GDP增长很快。"),
    ("A P E C 会议", "APEC会议"),
    ("近日， （G D P）增长", "近日，（GDP）增长"),
]

LETTER_SPACING = [
    ("全 国 人 民 代 表 大 会", "全国人民代表大会"),
    ("管 三 峡 工 程 投 资 规 模", "管三峡工程投资规模"),
    ("期 内 可 筹集资 金 约", "期内可筹集资金约"),
    ("家开 发银 行 已承诺在", "家开发银行已承诺在"),
    ("向三 峡 工 程 提供 贷 款", "向三峡工程提供贷款"),
    ("扫帚 ”的意 思， 在西 文中叫彗星。", "扫帚”的意思，在西文中叫彗星。"),
    # inside running text (a paragraph joined by line-wrap)
    ("国家开发银行贷款，国家开 发银 行 已承诺在1994年至2003年每年向三 峡 工 程 提供 贷 款30亿元。",
     "国家开发银行贷款，国家开发银行已承诺在1994年至2003年每年向三峡工程提供贷款30亿元。"),
    ("从清朝的 全部 历 史行程来看，当 属 清 史的“ 源头”。", "从清朝的全部历史行程来看，当属清史的“源头”。"),
    ("如何 协 调人口与 经济、社会、资源的关系，是一个问题。", "如何协调人口与经济、社会、资源的关系，是一个问题。"),
    # a word cut in two by the space, in running text
    ("目前，这位千年难 逢的天外客人正在远去。", "目前，这位千年难逢的天外客人正在远去。"),
    # U+3000 counts as a space
    ("不久前每\u3000天黎明，他都起床。", "不久前每天黎明，他都起床。"),
    ("李 國 章 將 會 「 拍 膊 頭 」 ， 親自游說。", "李國章將會「拍膊頭」，親自游說。"),
]

LINE_EDGES = [
    ("三峡工程应该建成一流 工程", "三峡工程应该建成一流工程"),
    ("\u3000\u3000段落开始。", "段落开始。"),
    ("\u3000 \u3000 本 报 北 京 1 0 月 2 4", "本报北京10月24"),
    ("段落结尾。  ", "段落结尾。"),
    ("第一段。  \n\u3000\u3000第二段。", "第一段。\n第二段。"),
    ("\u3000\u3000", ""),
]

CHANGED = NEXT_TO_PUNCTUATION + CHINESE_AND_LATIN_OR_DIGITS + SPLIT_NUMBERS + LETTER_SPACING + LINE_EDGES


test_removes_layout_spaces, test_idempotent, test_through_the_pipeline = table_tests(
    fix_cjk_spaces, RULE, CHANGED
)


# --------------------------------------------------------------------------
# Spaces that stay

UNTOUCHED = [
    # a gap inside a run of full stops: closed, the run would read as an
    # ellipsis to punct-width's next run (issue 16)
    "他说。。  。好",
    "他说。。\u3000。好",
    # a point with a space only after it may end a sentence; no Chinese
    # around the number; Latin after it
    # a lone space with no function word at its side, with a quotation mark
    # on the line (it may stand for a lost one), or with other spaces
    "今年 推进重点项目共有十个。",
    "他说 重点项目“共有”十个。",
    '他说的 重点项目"共有十个。',
    "张三 李四 王五 的作品，很好。",
    "完成3. 5月份开始施工",
    "version 3 . 5",
    "3 .5",
    "a,3 . 5 b",
    "见3 . 5a节",
    # single capitals that are a list, a run of the alphabet, five or more,
    # or part of a longer token; no Chinese next to them
    "选项A B C中选一",
    "X Y Z公司",
    "A B C D E五个",
    "中G D P 2018",
    "G D Pa中",
    "G D P growth",
    # bylines and credits
    "记者 叶江",
    "记者 雷宁 摄",
    "□ 记者 廖王晶",
    "□ 记者 廖王晶 通讯员 程俊杰",
    "本报记者 刘健 通讯员 张慧卿",
    "拍友 吴峰宇 摄",
    "记者 John Smith",
    "丽水市委常委、景宁畲族自治县委书记 陈重",
    "本报讯（记者 钟根清 通讯员 吴旭薇）日前，由市行政服务中心主导建设。",
    # datelines
    "本报讯 近日，市统计局通过热线开展调查。",
    "本报讯 7月29日晚，省委召开省直单位厅局长工作交流会。",
    "本报北京10月24日电 记者何加正报道：国家主席今天下午会见代表。",
    # headline halves, slogans
    "立足生态优势 打造休闲小镇",
    "做得更实 以上率下 求新效",
    "以创造性思维、超常规力度 全力推进丽水“十四五”跨越式发展",
    "志不求易事不避难 以高质量绿色发展推动畲乡景宁跨越赶超",
    "紧扣“诗画畲乡 和美景宁”县域定位，紧跟时代步伐。",
    "春眠不觉晓 处处闻啼鸟",
    "获奖者有：张三 李四 王五 赵六。",
    "他吟道：“床前明月光 疑是地上霜”，满座动容。",
    "记者 张三 李四",
    "特写 金秋时节话丰收",
    # symbols that are not punctuation
    "■ 详见今日三版",
    "★ 重要提示",
    "整体智治+ 全员自治",
    # Latin, digits, Latin-only lines
    "New York",
    "COVID 19",
    "1 2 3",
    "3 5",
    "said “hello world” to me",
    "wait — what … now",
    "  indented Latin line  ",
    # tabs (tables)
    "姓名\t年龄\t籍贯",
    # Markdown
    "## 标题 副标题",
    "- 第一项",
    "  - 嵌套 项目",
    "1. 第一条",
    "> 引文",
    "| 姓名 | 年龄 |",
    # code, URLs
    "代码 `a  b` 中",
    "visit http://example.com/a b now",
    "```\n代码  块 ，  不动\n```",
    # already clean
    "近日，市统计局通过热线。",
    "",
]


test_keeps_deliberate_spaces = keeps(fix_cjk_spaces, UNTOUCHED)


# Lines where no Chinese character touches a Latin letter or digit: the
# pangu option has nothing to add there either.
_TOUCHING = re.compile(r"[\u4e00-\u9fff][ ]?[A-Za-z0-9]|[A-Za-z0-9%][ ]?[\u4e00-\u9fff]")
UNTOUCHED_PANGU = [t for t in UNTOUCHED if not _TOUCHING.search(t)]


@pytest.mark.parametrize("text", UNTOUCHED_PANGU)
def test_keeps_deliberate_spaces_with_pangu(text):
    assert fix_cjk_spaces(text, pangu=True) == text


def test_fenced_code_block_untouched_among_changed_lines():
    text = "近日， 市统计局\n```\n近日， 市统计局\n```\n各 100 名"
    assert fix_cjk_spaces(text) == "近日，市统计局\n```\n近日， 市统计局\n```\n各100名"


def test_nested_list_indentation_kept():
    assert fix_cjk_spaces("- 第一项\n  - 各 100 名") == "- 第一项\n  - 各100名"


# --------------------------------------------------------------------------
# pangu option

PANGU = [
    ("各100名", "各 100 名"),
    ("各 100 名", "各 100 名"),
    ("各\u3000100\u3000名", "各 100 名"),
    ("2018年", "2018 年"),
    ("入选2018年在线", "入选 2018 年在线"),
    ("1 9 5 4 年", "1954 年"),
    ("96%的人", "96% 的人"),
    ("增长19.1％。", "增长 19.1％。"),
    ("买了一部iPhone，好开心", "买了一部 iPhone，好开心"),
    ("本报讯 7月29日晚，省委开会。", "本报讯 7 月 29 日晚，省委开会。"),
    ("近日， 市统计局", "近日，市统计局"),
    ("全 国 人 民", "全国人民"),
    ("保持在Ⅱ类以上", "保持在 Ⅱ 类以上"),
    ("见http://example.com/a网站", "见 http://example.com/a 网站"),
]


test_pangu = repairs(fix_cjk_spaces, PANGU, and_idempotent=True, select=RULE, pangu=True)


PANGU_UNTOUCHED = [
    "见 http://example.com/a 网站",
    "代码 `a1` 中",
    "代码`a1`中",
    "New York 2018",
    "记者 叶江",
]


@pytest.mark.parametrize("text", PANGU_UNTOUCHED)
def test_pangu_leaves_alone(text):
    assert fix_cjk_spaces(text, pangu=True) == text


# --------------------------------------------------------------------------
# Whole-text behaviour


def test_same_object_when_nothing_changes():
    text = "近日，市统计局通过热线。\n\n各100名。\n"
    assert fix_cjk_spaces(text) is text


def test_clean_corpus_unchanged():
    assert_clean_corpus_unchanged(fix_cjk_spaces)


@pytest.mark.parametrize(
    "text",
    [
        " " * 10000 + "中",
        "中 " * 5000,
        "1 " * 5000 + "年",
        "“ " * 3000,
        "\u3000" * 5000,
        "a@b.c " * 2000 + "中",
        "http://x.y 中 " * 2000,
    ],
)
def test_degenerate_inputs(text):
    out = fix_cjk_spaces(text)
    assert isinstance(out, str)
    assert fix_cjk_spaces(out) == out


# --------------------------------------------------------------------------
# Hashtags, lone unit symbols, HTML tags (issue 5)

#: (before, after): the space that ends a hashtag, the spaces around a lone
#: "%" and the inside of an HTML tag stay; what is around them still changes.
KEPT_IN_CONTEXT = [
    ("前面 #銀河便車指南 後面", "前面 #銀河便車指南 後面"),
    ("前面 #H2G2 後面", "前面 #H2G2 後面"),
    ("话题 #丽水之干 引发讨论， 网友点赞", "话题 #丽水之干 引发讨论，网友点赞"),
    ("前面 % 後面", "前面 % 後面"),
    ("增长 ％ 以上", "增长 ％ 以上"),
    ("<img alt=\"图 片\">见 下 图", "<img alt=\"图 片\">见下图"),
    # what they must not stop
    ("选“是”的占 96.2% 的人", "选“是”的占96.2%的人"),
    ("增长 1 5 ％ 的人", "增长15％的人"),
    ("， % 的", "，%的"),
    ("学习 C# 语言", "学习C# 语言"),
    ("## 标题 副标题", "## 标题 副标题"),
    ("全 国 人 民 #", "全国人民 #"),
    ("话题 #丽水 ，好", "话题 #丽水，好"),
    ("计算机正#在处理数据 ，8 时", "计算机正#在处理数据，8时"),
    ("正#在处理 数据", "正#在处理数据"),
]


test_hashtag_unit_and_tag_spaces = repairs(fix_cjk_spaces, KEPT_IN_CONTEXT, and_idempotent=True)


PANGU_KEPT_IN_CONTEXT = [
    ("前面 #銀河便車指南 後面", "前面 #銀河便車指南 後面"),
    ("前面 % 後面", "前面 % 後面"),
    (
        '<a href="http://vinta.ws/中文網址with英文.html">oh一個超連結with英文，網址包含中文</a>',
        '<a href="http://vinta.ws/中文網址with英文.html">oh 一個超連結 with 英文，網址包含中文</a>',
    ),
    ('<a href="https://zh.wikipedia.org/wiki/中文#歷史">中文</a>', '<a href="https://zh.wikipedia.org/wiki/中文#歷史">中文</a>'),
    ("96%的人", "96% 的人"),
]


test_hashtag_unit_and_tag_spaces_with_pangu = repairs(
    fix_cjk_spaces, PANGU_KEPT_IN_CONTEXT, and_idempotent=True, pangu=True
)


# --------------------------------------------------------------------------
# The whole-text pass gives what the line-by-line pass gives (issue 6)


def _line_pass(text: str) -> str:
    from cleantext.rules import spacing

    if not (" " in text or "\u3000" in text) or not spacing._TRIGGER.search(text):
        return text
    return spacing._fix_lines(text, False)


#: The edges of the whole-text patterns: each space next to what it must not
#: be confused with (a dateline, a hyphen, a role word, a name, a unit, a
#: split number, a single character, a line edge, code, a tag, a hashtag).
FAST_PATH_EDGES = [
    "本报讯 近日， 市统计局", "本报讯 7月29日", "## 本报讯 7月29日", "本 报 讯 近日", "□ 本报讯 近日",
    "电 视台 播出", "讯 号 很好", "新华社北京1月8日电 记者", "中 -文", "中- 文", "--- 摸清", "中 --- 文",
    "记者 雷宁 摄", "雷宁 摄", "雷宁 摄，", "雷宁 摄 ，", "张三 摄影报道", "张三 文", "叶江 通讯员 张慧卿",
    "五个字名字 通讯员", "记者 张 三", "全 国 人 民", "全 国人 民", "中 国人", "中国 人", "中国 人民",
    "各 100 名", "1 9 5 4 年", "中 1 2", "5 %", "5 % 的", "前面 % 後面", "， % 的", "％ 的", "中 ％",
    "中 a", "a 中", "“ 中", "中 “", "“ a", "a ”", "“ ”", "… 中", "中 …", "· 中",
    " 中", "中 ", "\u3000中", "中\u3000文", "  - 中 文", "> 中 文", "1. 中 文", "# 中 文",
    "中 `a b` 文", "<b>中 文</b>", "#话题 后面", "C#程序 设计", "中\n 文", "中 \n文",
    "中的 文，", "中 了文，", "中的 文“", "中的 文 中，", "中的  文，", "中\u3000的 文，", "的 文", "中的 文",
    "中 G D P 中", "（G D P）", "，（G D P）增长", "中 A B C", "中 N B A x", "x N B A 中", "中 A P E C", "中 A P E C D",
    "中 3 . 5 中", "中3 .5", "3. 5中", "中 2 ／ 3", "中2 /3", "中 1 . 2 . 3a", "`3 . 5` 中", "中 1 9 . 5",
    "近日， 市统计局\n```\n近日， 市统计局\n```\n各 100 名",
]


@pytest.mark.parametrize("text", FAST_PATH_EDGES)
def test_fast_path_edges(text):
    assert fix_cjk_spaces(text) == _line_pass(text)
    joined = "\n".join(FAST_PATH_EDGES)
    assert fix_cjk_spaces(joined) == _line_pass(joined)


# --------------------------------------------------------------------------
# The plain-line path: hard lines without Markdown structure, code, URLs,
# hashtags, datelines or split numbers, judged without the line-by-line
# pass (issue 6); it must give what that pass gives.

PLAIN_LINES_CHANGED = [
    # a word across the space, in running text (simplified and traditional)
    ("我们参观了图书 馆藏书，很高兴。", "我们参观了图书馆藏书，很高兴。"),
    ("我們參觀了圖書 館藏書，很高興。", "我們參觀了圖書館藏書，很高興。"),
    ("昨天買了電腦 軟件，很好用。", "昨天買了電腦軟件，很好用。"),
    ("中国 人民站起来了，这是历史。", "中国人民站起来了，这是历史。"),
    # spaces without evidence go with the letter-spacing next to them
    ("提高产品 质的提升 和 量的增长，这是目标。", "提高产品质的提升和量的增长，这是目标。"),
    # a Latin word inside running text
    ("报告指出 GDP 增长较快，令人鼓舞。", "报告指出GDP增长较快，令人鼓舞。"),
    # a quote that is too long to be a slogan
    ("这是一个“长长长长长长长长长长长长长长长长长长长长长长长 短句”的例子，好。",
     "这是一个“长长长长长长长长长长长长长长长长长长长长长长长短句”的例子，好。"),
    # a headline: the space before punctuation goes, its halves stay
    ("## 推进乡村振兴 建设美丽家园 《实施意见》", "## 推进乡村振兴 建设美丽家园《实施意见》"),
    ("建设美丽乡村 共创幸福生活 ，", "建设美丽乡村 共创幸福生活，"),
    # a headline wrapped by the page
    ("新能源汽车产业快速 发展", "新能源汽车产业快速发展"),
]

PLAIN_LINES_KEPT = [
    "大家都说要敢想 敢干 的精神，值得学习。",  # no word across, no letter-spacing near
    "我们在会上讨论了经济 发展问题，大家都同意。",
    "他們的經濟 發展很快，大家都高興。",
    "提出“青山绿水 美丽家园”的口号，群众纷纷响应。",  # a quoted slogan
    "请把材料交给编辑 李华，谢谢。",  # a credit
    "今天下午两点 在礼堂召开大会，请准时参加。",
    "建设美丽乡村 共创幸福生活",  # headline halves
    "## 建设美丽乡村 共创幸福生活",
    "某某市委书记 王明",  # a title and a name
]


@pytest.mark.parametrize("before, after", PLAIN_LINES_CHANGED)
def test_plain_lines(before, after):
    from cleantext.rules import spacing

    assert fix_cjk_spaces(before) == after
    assert spacing._fix_hard_line(before) == spacing._fix_line(before, False) == after


@pytest.mark.parametrize("text", PLAIN_LINES_KEPT)
def test_plain_lines_kept(text):
    from cleantext.rules import spacing

    assert fix_cjk_spaces(text) is text
    assert spacing._fix_hard_line(text) == spacing._fix_line(text, False) == text


#: Lines at the edges of the plain path: next to what takes a line out of
#: it, edits near and far from a space that stays, quotes near an edit.
PLAIN_PATH_EDGES = [
    "本报讯 近日，会议召开。", "本报 讯 近日，会议召开。", "本 报 讯 近日，会议召开。",
    "记者 张三 摄，会议召开。", "（记者 叶江 通讯员 张慧卿）日前，会议召开。", "五个字名字 通讯员，到了。",
    "中国  人民，站起来。", "中国 人民", "中 国，人 民。", "全 国 人 民，代 表 大 会。",
    "推动工业 量的提升 和 质的跨越，实施 大搬快聚 工程。",
    "推动工业 量的提升 和 质的跨越，“实施 大搬快聚 工程”。",
    "“青山绿水 美丽家园 和 幸福生活”，好。", "“青 山”，绿水 美丽家园。",
    "报告指出 GDP 增长，好。", "报告 - 指出，好。", "增长 5 %，好。", "增长 1 9 5 4 年，好。",
    "代码 `a b` 中，好。", "<b>中 文</b>，好。", "#话题 后面，好。", "邮箱 a@b.com 中，好。",
    "## 标题 文字", "## 标题 文字，正文 内容。", "- 列表 项目，好。", "1. 列表 项目，好。", "> 引文 内容，好。",
    "标题 文 字", "标题很长很长 的 文字", "标题 很长很长的文字 ，", "書記 陳重", "一 坏 打坏 乾坤，好。",
    "國家開 發銀行，好。", "國家開 發 銀行，好。", "\U000323b5中 国\U000323b5，好。",
    "中" * 59 + " 文字", "中" * 60 + " 文字", "中" * 61 + " 文字",
]


@pytest.mark.parametrize("text", PLAIN_PATH_EDGES)
def test_plain_path_edges(text):
    from cleantext.rules import spacing

    assert spacing._fix_hard_line(text) == spacing._fix_line(text, False)
    assert fix_cjk_spaces(text) == _line_pass(text)


def test_word_lookup_sees_simplified_forms():
    """A word is looked up in simplified characters too, unless no character around the space can change."""
    from cleantext.rules import spacing

    changes = spacing._t2s_changes()
    assert "發" in changes and "覆" in changes and "发" not in changes
    to_simplified = spacing._t2s()
    for word in ("打坏", "一坏", "乾坤", "發展", "覆盖", "瞭解", "著名", "中国人民"):
        # a word without a character that may change is its own simplified form
        assert not changes.isdisjoint(word) or to_simplified(word) == word
    assert spacing._word_across("圖書", "館藏")
    assert not spacing._word_across("經濟", "發展很")
