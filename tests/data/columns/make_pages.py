"""Make the test pages of tests/data/columns: clean text typeset in columns, and tables.

Needs reportlab (pip install reportlab), poppler-utils (pdftotext) and the
WenQuanYi fonts (Debian: fonts-wqy-zenhei, fonts-wqy-microhei).  Run from the
repository root:

    python tests/data/columns/make_pages.py columns OUTDIR SEED [NCOLS,...]
    python tests/data/columns/make_pages.py tables OUTDIR SEED
    python tests/data/columns/make_pages.py row-tables OUTDIR SEED

``columns`` writes NNN_*.input.txt (``pdftotext -layout``) and NNN_*.gold.txt
(the clean paragraphs typeset); ``tables`` writes table_NNN.input.txt;
``row-tables`` draws each row as one text object and writes
table_NNN.pypdf.txt (pypdf's text; pip install pypdf).  The
PDFs are written next to them.  Nothing is imported at module level beyond the
standard library, so collecting this file (doctest modules) needs none of it.
"""

import os
import random
import subprocess
import sys

CLEAN = os.path.join("tests", "data", "corpus", "clean")
FONTS = ("ZenHei", "STSong-Light", "MicroHei")


def _setup():
    global A4, pdfmetrics, canvas
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(
        TTFont("ZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0)
    )
    pdfmetrics.registerFont(
        TTFont(
            "MicroHei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0
        )
    )
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


NOSTART = set("，。、；：？！）》”’」』】…·%％")


def break_lines(text, font, size, width, indent):
    """Greedy CJK line breaking; returns [(line, is_last, first)]."""
    out = []
    i = 0
    first = True
    n = len(text)
    while i < n:
        avail = width - (indent if first else 0)
        w = 0.0
        j = i
        while j < n:
            cw = pdfmetrics.stringWidth(text[j], font, size)
            if w + cw > avail + 0.01:
                break
            w += cw
            j += 1
        if j == i:
            j = i + 1
        # keep Latin words/numbers whole
        if (
            j < n
            and text[j].isascii()
            and text[j].isalnum()
            and text[j - 1].isascii()
            and text[j - 1].isalnum()
        ):
            k = j
            while k > i and text[k - 1].isascii() and text[k - 1].isalnum():
                k -= 1
            if k > i:
                j = k
        # hanging punctuation
        while j < n and text[j] in NOSTART:
            j += 1
        out.append((text[i:j], j >= n, first))
        first = False
        i = j
    return out


def typeset(
    paras,
    path,
    ncols,
    size,
    font,
    rng,
    justify=True,
    title_span=True,
    para_gap=False,
    col_gap_em=2.0,
    margin=40,
):
    pw, ph = A4
    c = canvas.Canvas(path, pagesize=A4)
    lead = size * 1.5
    top = ph - margin
    y = top
    paras = list(paras)
    if title_span and paras:
        t = paras.pop(0)
        tsize = min(size * 1.6, (pw - 2 * margin) / max(1, len(t)))
        c.setFont(font, tsize)
        c.drawString(margin, y - tsize, t)
        y -= tsize * 2.2
    colw = (pw - 2 * margin - (ncols - 1) * col_gap_em * size) / ncols
    col = 0
    col_top = y

    def newcol():
        nonlocal col, y, col_top
        col += 1
        if col >= ncols:
            c.showPage()
            col = 0
            col_top = top
        y = col_top

    c.setFont(font, size)
    for p in paras:
        for line, last, first in break_lines(p, font, size, colw, 2 * size):
            if y - size < margin:
                newcol()
            x = margin + col * (colw + col_gap_em * size) + (2 * size if first else 0)
            avail = colw - (2 * size if first else 0)
            cs = 0.0
            w = pdfmetrics.stringWidth(line, font, size)
            if justify and not last and len(line) > 1 and w < avail:
                cs = (avail - w) / (len(line) - 1)
            c.setFont(font, size)
            c.drawString(x, y - size, line, charSpace=cs)
            y -= lead
        if para_gap:
            y -= lead * 0.5
    c.showPage()
    c.save()


def paragraphs(path):
    return [
        p.strip()
        for p in open(path, encoding="utf-8").read().split("\n\n")
        if p.strip()
    ]


def columns_main(outdir, seed=14, cols=(2, 3, 4)):
    _setup()
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    srcs = sorted(
        os.path.join(CLEAN, f) for f in os.listdir(CLEAN) if f.endswith(".txt")
    )
    fonts = FONTS
    k = 0
    for src in srcs:
        paras = paragraphs(src)
        for ncols in cols:
            font = fonts[k % len(fonts)]
            size0 = 10
            need = int(
                ncols
                * (762 / (size0 * 1.5))
                * (515 / ncols / size0 - 2)
                * rng.choice([0.6, 1.0, 1.4])
            )
            start = rng.randrange(0, max(1, len(paras) - 12))
            chunk = []
            for p in paras[start:] + paras[:start]:
                chunk.append(p)
                if sum(map(len, chunk)) >= need:
                    break

            size = rng.choice([9, 9.5, 10, 10.5, 11])
            justify = rng.random() < 0.75
            span = rng.random() < 0.6
            name = f"{k:03d}_{ncols}col_{font}_{size}_{'just' if justify else 'rag'}_{os.path.basename(src)[6:-4]}"
            pdf = os.path.join(outdir, name + ".pdf")
            typeset(
                chunk,
                pdf,
                ncols,
                size,
                font,
                rng,
                justify=justify,
                title_span=span,
                para_gap=rng.random() < 0.3,
                col_gap_em=rng.choice([1.5, 2.0, 2.5]),
            )
            subprocess.run(
                [
                    "pdftotext",
                    "-layout",
                    "-enc",
                    "UTF-8",
                    pdf,
                    os.path.join(outdir, name + ".input.txt"),
                ],
                check=True,
            )
            with open(
                os.path.join(outdir, name + ".gold.txt"), "w", encoding="utf-8"
            ) as f:
                f.write("\n\n".join(chunk) + "\n")
            k += 1


PLACES = [
    "东城区",
    "西城区",
    "朝阳区",
    "海淀区",
    "丰台区",
    "石景山区",
    "门头沟区",
    "房山区",
    "通州区",
    "顺义区",
    "昌平区",
    "大兴区",
    "怀柔区",
    "平谷区",
    "密云县",
    "延庆县",
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
]
WEATHER = [
    "晴",
    "多云",
    "阴",
    "小雨",
    "中雨",
    "阵雨",
    "雷阵雨",
    "小雪",
    "雨夹雪",
    "晴转多云",
    "多云转阴",
    "阴转小雨",
]
WIND = ["微风", "北风3级", "南风2-3级", "东北风4级", "西北风5-6级", "东风3-4级"]
NAMES = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周杰",
    "吴霞",
    "徐明",
    "孙丽",
    "马超",
    "朱琳",
    "胡军",
    "郭涛",
    "林峰",
    "何平",
]
UNITS_ORG = [
    "市教育局",
    "市卫生局",
    "市水务局",
    "市交通局",
    "市财政局",
    "区人民政府",
    "市统计局",
    "市环保局",
    "市农业局",
]
ITEMS = [
    "城市供水管网改造工程",
    "老旧小区综合整治",
    "农村公路建设",
    "中小学校舍安全工程",
    "污水处理厂扩建",
    "社区卫生服务中心建设",
    "公共自行车系统",
    "垃圾分类试点",
    "河道综合治理",
    "保障性住房建设",
    "文化礼堂建设",
    "农田水利设施维修",
]
DESCR = [
    "完成主干管网更新二十公里",
    "改造住宅楼一百二十幢",
    "新建和改建道路三十五公里",
    "加固校舍四十六所",
    "日处理能力提高到十万吨",
    "新建中心八个",
    "投放车辆五千辆",
    "覆盖居民小区二百个",
    "整治河道十二条",
    "开工建设三千套",
    "建成五十个",
    "维修渠道一百公里",
]
TOPICS = [
    "粮食产量",
    "工业增加值",
    "社会消费品零售总额",
    "固定资产投资",
    "进出口总额",
    "城镇居民人均可支配收入",
    "农村居民人均纯收入",
    "财政收入",
]


def num(rng, lo, hi, dec=1):
    return f"{rng.uniform(lo, hi):.{dec}f}"


def tables(rng):
    out = []
    rows = [PLACES[i] for i in rng.sample(range(len(PLACES)), rng.randint(5, 14))]
    out.append(
        [["地区", "人口（万人）", "增长率", "GDP（亿元）"]]
        + [
            [r, num(rng, 20, 200), num(rng, -3, 5) + "%", num(rng, 100, 3000, 0)]
            for r in rows
        ]
    )
    rows = [PLACES[i] for i in rng.sample(range(len(PLACES)), rng.randint(5, 12))]
    out.append(
        [["城市", "天气", "气温", "风力"]]
        + [
            [
                r,
                rng.choice(WEATHER),
                f"{rng.randint(-5, 10)}～{rng.randint(11, 25)}℃",
                rng.choice(WIND),
            ]
            for r in rows
        ]
    )
    n = rng.randint(5, 10)
    out.append(
        [["项目名称", "主要内容", "责任单位", "完成时间"]]
        + [
            [
                ITEMS[i],
                DESCR[i],
                rng.choice(UNITS_ORG),
                f"{rng.randint(1998, 2002)}年{rng.randint(1, 12)}月",
            ]
            for i in rng.sample(range(len(ITEMS)), n)
        ]
    )
    n = rng.randint(5, 8)
    out.append(
        [["指标", "1997年", "1998年", "增长（%）"]]
        + [
            [TOPICS[i], num(rng, 100, 900), num(rng, 100, 900), num(rng, -5, 15)]
            for i in rng.sample(range(len(TOPICS)), n)
        ]
    )
    n = rng.randint(6, 12)
    out.append(
        [["名次", "姓名", "单位", "成绩"]]
        + [
            [
                str(i + 1),
                NAMES[i],
                rng.choice(UNITS_ORG),
                f"{rng.randint(50, 99)}.{rng.randint(0, 9)}分",
            ]
            for i in range(n)
        ]
    )
    n = rng.randint(5, 10)
    out.append(
        [["时间", "内容", "地点"]]
        + [
            [
                f"{rng.randint(8, 17)}:{rng.choice(['00', '30'])}",
                ITEMS[i] + "现场会",
                PLACES[rng.randrange(len(PLACES))] + "会议中心",
            ]
            for i in rng.sample(range(len(ITEMS)), n)
        ]
    )
    n = rng.randint(5, 10)
    out.append(
        [["项目", "说明"]]
        + [
            [ITEMS[i], DESCR[i] + "，" + DESCR[(i + 3) % len(DESCR)]]
            for i in rng.sample(range(len(ITEMS)), n)
        ]
    )
    return out


def draw(c, font, size, x0, y, table, rng, right_numbers, row_objects=False):
    """Draw ``table``: each cell a string of its own, or (``row_objects``)
    each row one text object whose cells the cursor moves between, as many
    PDF producers write a row; span-based extractors (pypdf) then print a
    row as one line, one space between cells."""
    ncols = len(table[0])
    widths = [
        max(pdfmetrics.stringWidth(r[j], font, size) for r in table)
        + size * rng.choice([1.5, 2, 3])
        for j in range(ncols)
    ]
    for r in table:
        x = x0
        t = c.beginText(x0, y) if row_objects else None
        if t is not None:
            t.setFont(font, size)
        px = x0
        for j, cell in enumerate(r):
            w = pdfmetrics.stringWidth(cell, font, size)
            if (
                right_numbers
                and j > 0
                and cell[:1].isdigit()
                or (right_numbers and cell[:1] == "-")
            ):
                cx = x + widths[j] - size * 1.5 - w
            else:
                cx = x
            if t is None:
                c.drawString(cx, y, cell)
            else:
                t.moveCursor(cx - px, 0)
                px = cx
                t.textOut(cell)
            x += widths[j]
        if t is not None:
            c.drawText(t)
        y -= size * 1.6
    return y


def tables_main(outdir, seed=1414, row_objects=False):
    _setup()
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    prose = paragraphs(os.path.join(CLEAN, "clean_simp_msr_001.txt"))
    k = 0
    for rep in range(3):
        for t in tables(rng):
            font = rng.choice(["ZenHei", "STSong-Light", "MicroHei"])
            size = rng.choice([9, 10, 10.5, 12])
            pdf = os.path.join(outdir, f"table_{k:03d}.pdf")
            c = canvas.Canvas(pdf, pagesize=A4)
            c.setFont(font, size)
            y = 800
            if rng.random() < 0.5:  # a paragraph of prose above the table
                for line, last, first in break_lines(
                    prose[k % len(prose)], font, size, 500, 2 * size
                ):
                    c.drawString(40 + (2 * size if first else 0), y, line)
                    y -= size * 1.5
                y -= size
            if rng.random() < 0.5:
                c.drawString(200, y, "表" + str(k + 1) + "　主要指标")
                y -= size * 2
            y = draw(
                c,
                font,
                size,
                40 + rng.choice([0, 20, 60]),
                y,
                t,
                rng,
                rng.random() < 0.5,
                row_objects,
            )
            c.showPage()
            c.save()
            if row_objects:  # read back with pypdf, a span-based extractor
                import pypdf

                with open(os.path.join(outdir, f"table_{k:03d}.pypdf.txt"), "w", encoding="utf-8") as f:
                    f.write("".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))
                k += 1
                continue
            subprocess.run(
                [
                    "pdftotext",
                    "-layout",
                    "-enc",
                    "UTF-8",
                    pdf,
                    os.path.join(outdir, f"table_{k:03d}.input.txt"),
                ],
                check=True,
            )
            k += 1


if __name__ == "__main__":
    if sys.argv[1] == "columns":
        columns_main(
            sys.argv[2],
            int(sys.argv[3]),
            tuple(int(c) for c in sys.argv[4].split(","))
            if len(sys.argv) > 4
            else (2, 3, 4),
        )
    elif sys.argv[1] == "row-tables":
        tables_main(sys.argv[2], int(sys.argv[3]), row_objects=True)
    else:
        tables_main(sys.argv[2], int(sys.argv[3]))
