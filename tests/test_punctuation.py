"""punct-width and quote-pair: before/after examples and what they must not touch."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from helpers import CLEAN_FILES, keeps, repairs

import cleantext
from cleantext.rules import punctuation as P
from cleantext.rules.punctuation import punct_width, quote_pair

DATA = Path(__file__).parent / "data"
RULES = ["punct-width", "quote-pair"]

# --------------------------------------------------------------------------
# punct-width

PUNCT_WIDTH = [
    # the and the contract's examples
    ("他说:今天天气很好,我们去公园吧!", "他说：今天天气很好，我们去公园吧！"),
    ("(记者 叶江)", "（记者 叶江）"),
    ("本报讯(记者 叶江)日前,", "本报讯（记者 叶江）日前，"),
    # after a Chinese character: Chinese context even before a digit or Latin
    ("增长20.46%,完成零售额", "增长20.46%，完成零售额"),
    ("日前,全市", "日前，全市"),
    ("1月3日,省委", "1月3日，省委"),
    ("刚刚买了一部 iPhone,好开心!", "刚刚买了一部 iPhone，好开心！"),
    ("截至去年底,2019年", "截至去年底，2019年"),
    # spaces are looked past (cjk-space removes them later)
    ("显示 :丽水", "显示 ：丽水"),
    ("了解?” 时", "了解？” 时"),
    ("小分队 ,深入", "小分队 ，深入"),
    ("企业 , 已有", "企业 ， 已有"),
    ("报道 : 日前", "报道 ： 日前"),
    ("你好 .", "你好 。"),
    # quotes are transparent
    ("的“大动作”:", "的“大动作”："),
    ("他说\"你好.\"", "他说\"你好。\""),
    ("多个 ,“? 三同时”上马", "多个 ，“？ 三同时”上马"),
    # full stops that end a Chinese sentence
    ("这是一个句子.", "这是一个句子。"),
    ("第一句.第二句.", "第一句。第二句。"),
    ("全长约10.34公里.", "全长约10.34公里。"),
    ("增长3.5%.", "增长3.5%。"),
    ("增长3.5%.下降", "增长3.5%。下降"),
    ("共计3.", "共计3。"),
    ("主要有:1.加强管理;2.完善制度", "主要有：1.加强管理；2.完善制度"),
    ("顺利完成;切实抓好", "顺利完成；切实抓好"),
    ("为什么?因为", "为什么？因为"),
    ("太好了!!", "太好了！！"),
    # parentheses: Chinese inside, or Chinese around
    ("九县(市、区)各", "九县（市、区）各"),
    ("(市、区)", "（市、区）"),
    ("(下转第四版)", "（下转第四版）"),
    ("他选了(a)和(1)两项", "他选了（a）和（1）两项"),
    ("(1)加强管理", "（1）加强管理"),
    ("阿里巴巴 (BABA.N) 旗下", "阿里巴巴 （BABA.N） 旗下"),
    ("Beijing (北京) is", "Beijing （北京） is"),
    # one half already full-width
    ("讲话（一九九七年十一月八日)", "讲话（一九九七年十一月八日）"),
    ("讲话(一九九七年十一月八日）", "讲话（一九九七年十一月八日）"),
    # converted marks are context for the next ones
    ("(1),中文", "（1），中文"),
    # ellipsis
    ("他说...好吧", "他说……好吧"),
    ("等等......", "等等……"),
    ("然后。。。", "然后……"),
    ("然后。。。。。。他走了", "然后……他走了"),
    # traditional text
    ("中策組在回覆本報查詢時 , 一再強調", "中策組在回覆本報查詢時 ， 一再強調"),
    ("「一國兩制」的情況 , 中策組", "「一國兩制」的情況 ， 中策組"),
    # a Chinese line that quotes or names a Japanese or Korean word is Chinese
    ("日语“かわいい”一词,意思是可爱.", "日语“かわいい”一词，意思是可爱。"),
    ("电影《千と千尋の神隠し》在中国上映,票房很高.", "电影《千と千尋の神隠し》在中国上映，票房很高。"),
    ('韩语"사랑"的意思是爱,对吧?', '韩语"사랑"的意思是爱，对吧？'),
    ("可爱(かわいい)一词,很常见.", "可爱（かわいい）一词，很常见。"),
    # one katakana letter is an OCR look-alike of a Han character (口 -> ロ)
    ("人ロ增长,经济发展.", "人ロ增长，经济发展。"),
    # Chinese marks that Japanese shares are not letters (ー, ・)
    ("约翰・史密斯说,好.", "约翰・史密斯说，好。"),
    # a quotation left open by the OCR encloses nothing: but Chinese stays Chinese
    ("他说“你好,今天", "他说“你好，今天"),
    # only the Chinese lines of a text change
    ("中文,\nこれは日本語です,\n中文,", "中文，\nこれは日本語です,\n中文，"),
    # only the Chinese line of a text changes
    ("Hello, world.\n你好,世界.\nBye, now.", "Hello, world.\n你好，世界。\nBye, now."),
]


test_punct_width = repairs(punct_width, PUNCT_WIDTH, select=["punct-width"])


PUNCT_WIDTH_KEEPS = [
    # numbers, times, ratios, thousands, decimals
    "会议于10:30开始",
    "比分3:1",
    "共1,000人",
    "占96.2%",
    "3.5%的增长",
    "全长约10.34公里",
    "占96.2.%",  # stray-mark's business
    "第1.2节",
    # numbered list items
    "1.加强管理",
    "一.加强管理",
    # URLs, e-mail, file names, paths, tickers, HTML
    "见 https://example.com/a?b=1,c 和 http://x.cn/a:b",
    "网址 www.example.com/index.html",
    "联系 foo.bar@example.com",
    "请打开 config.yaml",
    "请打开 说明.txt 文件",
    "路径 C:\\Users\\a.txt",
    "Dollar 的演示 $阿里巴巴.US$ 股票标签",
    "确保&quot;&gt;HTML Entity&lt;&quot;的字符&#34;不会被处理&#34; Ruby&amp;Go",
    '<a href="x.html">中文</a>',
    # code and Markdown
    "运行 `a, b = f(x)` 即可",
    "见[链接](http://a.com/b,c)和![图](a.png)",
    "见[说明](说明.md)",
    "```\n中文(注释),代码;\n```",
    "~~~python\nprint('中文,好')\n~~~",
    # Latin-only text, and Latin sentences in a Chinese line
    "Hello, world. (a) and (1). Really? Yes!",
    "Hello, world. 你好",
    "他是U.S.A.的公民",
    "Wait... 中文",
    "函数f(x)的值",
    "Note:中文",
    "근면, 검소, 협동은 우리 겨레의 미덕이다.",
    # Japanese and Korean text (kana or hangul outside quotations) is not
    # Chinese, even with kanji or hanja in it
    "多くのことができるようになります.そんな新機能の数々を体験してみましょう.",
    "東京都の知事は,記者会見で述べた.",
    "彼は「こんにちは」と言った!本当に?",
    "大韓民國의 首都는 서울이다, 그렇다.",
    "日本語(にほんご)を勉強します.",
    "東京で会議が開かれ,「首相が出席した.",
    # a mark at the start of a line, an unmatched parenthesis
    "!开头不处理",
    "二是加强管理)",
    # dashes stay unless the option is on; "。。" is stray-mark's
    "告别弄堂--上海医药企业",
    "三峡工程业主---中国长江三峡",
    "好。。",
    "……已经是省略号",
    # more than six points are a table of contents' leaders, no ellipsis
    "第一章 总则........................1",
    "目录：第二章.......分则",
    # already clean
    "近日，市统计局通过热线（12340）开展调查。",
    "",
]


test_punct_width_keeps = keeps(punct_width, PUNCT_WIDTH_KEEPS)


def test_dashes_option():
    assert punct_width("告别弄堂--上海", dashes=True) == "告别弄堂——上海"
    assert cleantext.fix("告别弄堂--上海", select=["punct-width"], dashes=True) == "告别弄堂——上海"
    assert cleantext.fix("告别弄堂--上海", select=["punct-width"]) == "告别弄堂--上海"
    # exactly two hyphens, between Chinese
    for text in ("业主---中国", "a--b 中文", "2020--2021年", "中文--"):
        assert punct_width(text, dashes=True) == text


# --------------------------------------------------------------------------
# quote-pair

QUOTE_PAIR = [
    # a lone quote at a line's edge, blanks beside it (cjk-space strips them)
    ('他说：我很好" ', "他说：我很好” "),
    ('　"你好，他说。', "　“你好，他说。"),
    ('他说"你好"', "他说“你好”"),
    ("他说'你好'", "他说‘你好’"),
    ('"中文"', "“中文”"),
    ('沿淮建联防联治斩"黑龙"安徽治理', "沿淮建联防联治斩“黑龙”安徽治理"),
    # OCR mixed straight and curly quotes: pair with the curly neighbour
    ("“15 类\"企业", "“15 类”企业"),
    ('谁就"死”', "谁就“死”"),
    ('等 5 家"国家级限产停产治理”的企业', "等 5 家“国家级限产停产治理”的企业"),
    # the characters around a quote tell open from close
    ('"你好，"他说，"我是张三。"', "“你好，”他说，“我是张三。”"),
    ('他说："我来了。"然后走了', "他说：“我来了。”然后走了"),
    ('我国被誉为"竹子王国", 现有', "我国被誉为“竹子王国”, 现有"),
    ('他说你好"。然后"我们"走', "他说你好”。然后“我们”走"),
    # a space or an ellipsis before a quote does not open a second quotation
    ('“我……"他说', "“我……”他说"),
    ('他说 “你好 "他走了', "他说 “你好 ”他走了"),
    # Latin or digits quoted in Chinese text
    ('用"Python"编写', "用“Python”编写"),
    ('他说"2018"年', "他说“2018”年"),
    # nested single quotes inside double quotes
    ("他说\"我读过'红楼梦'\"", "他说“我读过‘红楼梦’”"),
    # a quote whose partner the OCR lost, where its side is certain
    ('他说："长委人。', "他说：“长委人。"),
    ('周总理经常这样叮嘱"长委人。', "周总理经常这样叮嘱“长委人。"),
    ('他回答"我们会来', "他回答“我们会来"),
    ('"长委人来了', "“长委人来了"),
    ('甲、"长委人', "甲、“长委人"),
    ('全国五一劳动奖章"，获得者', "全国五一劳动奖章”，获得者"),
    ('他是长委人"', "他是长委人”"),
    # a straight pair nested in a curly one (issue 5)
    ('他说：“综合"到位"拯救。”', "他说：“综合“到位”拯救。”"),
    ("他说：“我们'到位'了。”", "他说：“我们‘到位’了。”"),
    ('“综合"到位"拯救”，他说', "“综合“到位”拯救”，他说"),
    # ... also at the end of the quotation, a clause too: there the straight
    # quotes cannot pair with the curly ones (issue 16)
    ('“他说"好"”', "“他说“好””"),
    ('“他说"好的，走"”', "“他说“好的，走””"),
    # ... but not when the text between them is a clause: OCR mixed the kinds
    ('取缔沿淮“15 类"企业，谁就"死”', "取缔沿淮“15 类”企业，谁就“死”"),
    # Chinese around a quoted Latin word or Chinese text is still Chinese
    ('CEO说"我们会努力"', "CEO说“我们会努力”"),
    ('a"中"b', "a“中”b"),
    # not a command-line option: a dash, a negative number, no space before it
    ('他说 - "好"', "他说 - “好”"),
    ('第 -1 "好"', "第 -1 “好”"),
    ('他-m "好"', "他-m “好”"),
    # the quotes after an option stay, the others are converted
    ('a -m "好"，b "中"', 'a -m "好"，b “中”'),
]


test_quote_pair = repairs(quote_pair, QUOTE_PAIR, select=["quote-pair"])


QUOTE_PAIR_KEEPS = [
    'He said "hello", don\'t worry.',
    'He said "hello" and don\'t 中文',
    "It's \"conditions\" among the suppliers’ “customers”",
    "身高5'11\"的人",
    '长度30"的屏幕',
    "「一國兩制」和『中文』",
    "“他说‘你好’”",
    "选“是”的占96.2%",
    '代码 `print("中文")` 不变',
    '```\nprint("中文")\n```',
    '<a href="x.html">中文</a>',
    "‘腾讯’ - 发布 - ‘新版’本微信",
    "他's 中文",
    # a straight pair that is the whole of a curly quotation: doubled marks
    '“"好"”',
    # a lone quote between two Han characters, or next to a space or a mark
    # that may come before either quote: which side lost its partner is not
    # certain (issue 14)
    '全国劳动"长委人。',
    '这部小说"中的人物',
    '我不知道"他是谁',
    '全国五一劳动奖章"获得者郑守仁',
    '他说你好，"然后走了',
    '他走了。"然后',
    '记者 "长委人',
    '长委人" 说',
    # Japanese and Korean lines
    '彼は"こんにちは"と言った。',
    "東京の'新宿'で会った",
    '그는 "大韓"이라고 말했다',
    # Latin text (a command line, an English sentence) quoting Chinese (issue 5)
    '! git commit -a -m "蛤"',
    '\'! git commit -a -m "蛤"\'',
    '"! git commit -a -m \'蛤\'"',
    "Remove '铁蕾' from 1 Folder?",
    'The word "中国" means China.',
    # a Latin command inside a Chinese line: its quotes are syntax (issue 16)
    '运行 git commit -m "修复问题" 即可',
    '运行 prog --title "中文" 即可',
    '设置 name="张三" 即可',
    '用 --message="修复" 提交',
    "",
]


test_quote_pair_keeps = keeps(quote_pair, QUOTE_PAIR_KEEPS)


# --------------------------------------------------------------------------
# Both rules: pipeline, explain, invariants


def test_rules_are_registered_with_their_options():
    assert cleantext.REGISTRY["punct-width"].options == ("dashes",)
    assert cleantext.REGISTRY["punct-width"].family == "punctuation"
    assert cleantext.REGISTRY["quote-pair"].family == "punctuation"


def test_explain_names_the_rules():
    edits = cleantext.explain('他说:"你好"', select=RULES)
    assert [(e.rule, e.before, e.after) for e in edits] == [
        ("punct-width", ":", "："),
        ("quote-pair", '"', "“"),
        ("quote-pair", '"', "”"),
    ]


def test_quote_pair_sees_punct_width_output():
    assert cleantext.fix('"你好",他说.', select=RULES) == "“你好”，他说。"


def test_whole_pipeline_runs_the_rules():
    out = cleantext.fix("本报讯(记者 叶江)日前,全市县处级领导干部轮训班结业.\n")
    assert "（记者 叶江）" in out and "日前，全市" in out and out.rstrip().endswith("结业。")


def _texts():
    corpus = DATA / "corpus"
    return sorted(corpus.glob("dev/*.input.txt")) + CLEAN_FILES


def test_clean_corpus_unchanged():
    assert CLEAN_FILES, "tests/data/corpus/clean is missing"
    for path in CLEAN_FILES:
        text = path.read_text(encoding="utf-8")
        assert cleantext.fix(text, select=RULES) == text, path.name


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_idempotent_and_content_kept(path):
    text = path.read_text(encoding="utf-8")
    once = cleantext.fix(text, select=RULES)
    assert cleantext.fix(once, select=RULES) == once
    text = cleantext.fix(text, select=[])  # the required normalize (NFC) runs anyway
    # only punctuation changes: the letters, digits and Han characters stay in order
    def content(s):
        return [ch for ch in s if ch.isalnum()]

    assert content(once) == content(text)
    assert once.count("\n") == text.count("\n")


def _load_corpus_module():
    """benchmarks/_corpus.py: the project's metric (no rapidfuzz needed)."""
    import importlib.util
    import sys

    name = "cleantext_bench_corpus"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "_corpus.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


def test_pages_get_closer_to_gold():
    """The rules alone bring the seed pages and the OCR pages closer to gold."""
    corpus = _load_corpus_module()
    docs = [d for d in corpus.seed_docs() + corpus.dev_docs() if d.group != "dev-out-of-order"]
    assert docs
    gained = {}
    for doc in docs:
        base = cleantext.fix(doc.input, select=[])
        before = corpus.distance(base, doc.gold)
        after = corpus.distance(cleantext.fix(doc.input, select=RULES), doc.gold)
        assert after <= before, doc.name
        gained[doc.name] = before - after
    # half-width punctuation is most of the seed pages' errors (issue 3)
    seeds = [d for d in docs if d.group == "seeds"]
    assert sum(gained[d.name] for d in seeds) > 0.5 * sum(
        corpus.distance(cleantext.fix(d.input, select=[]), d.gold) for d in seeds
    )
    assert all(gained[d.name] > 0 for d in docs if "ocr-tesseract" in d.name)


# --------------------------------------------------------------------------
# Fast paths: the same output as the line-by-line definition
#
# punct-width converts the marks their neighbours settle with whole-text
# regex passes and runs the line pass only on the lines left in doubt;
# quote-pair looks only at lines with a straight quote.  The references below
# are the rules as first written: every line through the line pass (a round
# more until nothing changes) and every line through the quote pairing.

def _fix_line_reference(line, dashes):
    for _ in range(P._MAX_ROUNDS):
        new = P._fix_ellipses(line)
        free = P._mask(new)
        chars = list(new)
        marks = [m.start() for m in P._MARK.finditer(new) if free[m.start()]]
        parens = [m.start() for m in P._PAREN.finditer(new) if free[m.start()]]
        step = False
        for _ in range(P._MAX_ROUNDS):
            if not (P._fix_parens(chars, parens, new) | P._fix_marks(chars, marks, free, dashes)):
                break
            step = True
        if step:
            new = "".join(chars)
        if new == line:
            break
        line = new
    return line


def punct_width_reference(text, dashes=False):
    lines = text.split("\n")
    for k, line, in_code in P._lines(text):
        if P._foreign(line):
            continue
        if not in_code and P._PUNCT_TRIGGER.search(line) and P._HAN_LINE.search(line):
            lines[k] = _fix_line_reference(line, dashes)
    return "\n".join(lines)


def quote_pair_reference(text):
    lines = text.split("\n")
    for k, line, in_code in P._lines(text):
        if in_code or not ('"' in line or "'" in line) or not P._HAN_LINE.search(line) or P._foreign(line):
            continue
        free = P._mask(line)
        if P._quoting_in_latin(line, free):
            continue
        chars = list(line)
        P._fix_quotes(line, chars, free, '"', "\u201c", "\u201d")
        P._fix_quotes(line, chars, free, "'", "\u2018", "\u2019")
        lines[k] = "".join(chars)
    return "\n".join(lines)


def assert_same_as_reference(text):
    for dashes in (False, True):
        out = punct_width(text, dashes=dashes)
        assert out == punct_width_reference(text, dashes), (text, dashes)
        assert (out is text) == (out == text)
    out = quote_pair(text)
    assert out == quote_pair_reference(text), text
    assert (out is text) == (out == text)
    assert quote_pair(punct_width(text)) == quote_pair_reference(punct_width_reference(text))


# The edges of each pattern of the fast path (each next to what it must not
# be confused with).
FAST_PATH_EDGES = [
    "中,文", "中 ,文", "中  ,文", "中   ,文", "中” ,文", "a,中", "a ,中", " ,中", ",中", "”,中", "中,",
    "a,b 中", "a, b 中", "a,  中", "1,000中", "中1,000", "中,1", "中;文", "中?文", "中!文", "a!中", "中![x](y)",
    "中:文", "中 :文", "中:/文", "中:\\文", "10:30中", "a:中", "中:",
    "中.", "中.文", "中.1", "中.a", "中. 文", "中.”文", "中.）x", "中.)x", "中.))", "中.”）", "中 .", "中”.", "中” .",
    "一.加强", "第一.加强", "十.", "中.,", "中.,文", "中.。。", "中..", "中...", "中...文", "a...中", "中。。。",
    "增长3.5%.", "增长3.5%.下降", "共计3.", "共计3.)", "共计3.x", "a.txt中", "说明.txt", "U.S.A.中", "中.$",
    "(中)", "(a)中", "中(a)", "(a)", "（中)", "(中）", "（a)", "()中", "(（中）)", "((中))", "(中(a))", "中)(文",
    "中--文", "中---文", "a--中", "中--", "中—-文",
    "中,\n,中\n中,", "中,\r\n文,", "```\n中,文\n```\n中,文", "~~~\n中,文", "中,文\n```",
    "见 http://a.cn/中,文", "中,a@b.com", "中,&amp;", "中,<b>文</b>", "中,`a,b`", "C:\\中,文", "www.中,文",
    "あ,い", "カ.", "あい,中", "中,あい", "“あい”,中", "(あい,中", "中\"あい\",文", "가나,中", "中.ロ", "ーー,中", "（1）,（2）", "\u3400,\u3400", "\U00020000.", "\ufa6e,\ufa6e", "\u2e9a,中", "\U00033479,",
    '他说"你好",然后', "中'文'", '“中"', '"中”', 'a"中"b', '中"a"中', "don't 中", "5'11\" 中", '中"', '"中',
]


@pytest.mark.parametrize("text", FAST_PATH_EDGES)
def test_fast_path_edges(text):
    assert_same_as_reference(text)


def test_han_ranges_are_han():
    """Every character of the stdlib-re Han class is Script=Han (a subset is all correctness needs)."""
    chars = "".join(chr(c) for a, b in P._HAN_RANGES for c in range(a, b + 1))
    assert regex.fullmatch(r"\p{Han}+", chars)
    # the class is in use: U+4E00..U+9FFF, the bulk of Chinese text
    assert P._HAN_IN.fullmatch("\u4e00") and P._HAN_IN.fullmatch("\u9fff")


_TOKENS = (
    list("中文说好一十") + ["\u3400", "\U00020000", "あ", "\ufa6e", "カ", "가", "ー", "「", "《", "》"]
    + list(",,..;:?!()-") + list("（）“”‘’\"'") + list("，。：、」》】…—")
    + list("09aZ%$/") + [" ", "  ", "\t", "\u3000", "\n", "\r"]
    + ["...", "。。", "--", "1,000", "3.5", "10:30", "![", "](", "://", "www.", "@", "&", "<", "`", "```"]
)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join))
def test_same_as_reference_generated(text):
    assert_same_as_reference(text)


def test_same_as_reference_on_real_lines():
    """Lines of the corpus, with full-width marks made half-width and marks inserted at random."""
    rng = random.Random(6)
    texts = [p.read_text(encoding="utf-8") for p in _texts()]
    lines = [line for text in texts for line in text.split("\n") if line.strip()]
    assert lines
    half = str.maketrans("，。；：？！（）“”‘’", ",.;:?!()\"\"''")
    inserts = list(",.;:?!()-\" ") + ["...", "。。。", "--", "1,000", "U.S.", "(1)", "http://a.cn/x,y", "![", "一.", "%."]
    for _ in range(1000):
        chars = list("\n".join(rng.choice(lines) for _ in range(rng.randint(1, 3))))
        p = rng.random() ** 2
        chars = [ch.translate(half) if rng.random() < p else ch for ch in chars]
        for _ in range(rng.choice([0, 1, 3])):
            chars.insert(rng.randint(0, len(chars)), rng.choice(inserts))
        assert_same_as_reference("".join(chars))


def test_fast_path_decides_most_lines(monkeypatch):
    """On the corpus, the line pass runs on few lines: the fast path settles the rest."""
    calls = []
    line_pass = P._fix_line
    monkeypatch.setattr(P, "_fix_line", lambda line, dashes: calls.append(line) or line_pass(line, dashes))
    before_punct = cleantext.pipeline.ORDER[: cleantext.pipeline.ORDER.index("punct-width")]
    candidates = 0
    for path in _texts():
        text = cleantext.fix(path.read_text(encoding="utf-8"), select=list(before_punct))
        candidates += sum(1 for line in text.split("\n") if P._PUNCT_TRIGGER.search(line) and P._HAN_LINE.search(line))
        assert punct_width(text) == punct_width_reference(text)
    assert candidates > 20
    assert len(calls) <= candidates // 5
