#!/usr/bin/env python3
"""Round-trip test pages: Chinese news text -> reportlab PDF -> a text extractor.

Makes the pages of ``benchmarks/roundtrip/corpus`` (see the README there).
Reproducible: everything random comes from ``random.Random(SEED)``.

Source text: yuikns/icwb2-data at 873a51f, ``testing/msr_test.utf8``
(simplified) and ``testing/cityu_test.utf8`` (traditional), lines the dev
corpus does not use.  Put the two files in ``benchmarks/roundtrip/src/`` (they
are not in this repository), then, from the repository root::

    pip install reportlab pypdf pymupdf pdfminer.six   # and poppler-utils, fonts-wqy-*
    python benchmarks/roundtrip/make_roundtrip.py [--n 40]

Writes ``corpus/NNN_<simp|trad>_reportlab_<extractor>.{input,gold}.txt``,
``corpus/MANIFEST.tsv`` and ``corpus/params.json``; the PDFs go to ``pdf/``.
"""
import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.lib.pagesizes import A4, A5

PAGES = {"A4": A4, "A5": A5}
import reportlab

SEED = 20240917
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
OUT = os.path.join(HERE, "corpus")
PDF = os.path.join(HERE, "pdf")
REPO = "yuikns/icwb2-data@873a51fa6234c644126d2f2c5c603a97809d2e49:testing/"
SOURCES = {"simp": ("msr_test.utf8", 2000, 3900), "trad": ("cityu_test.utf8", 500, 1400)}

# ----------------------------------------------------------------- fonts
CJK_FONTS = {
    "WQYZenHei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WQYZenHei (embedded subset)"),
    "WQYMicroHei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WQYMicroHei (embedded subset)"),
    "STSong-Light": (None, "STSong-Light (not embedded)"),
}
for name, (path, _) in CJK_FONTS.items():
    if path:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    else:
        pdfmetrics.registerFont(UnicodeCIDFont(name))


def font_covers(font, text):
    if font == "STSong-Light":
        try:
            text.encode("gbk")
            return True
        except UnicodeEncodeError:
            return False
    c2g = pdfmetrics.getFont(font).face.charToGlyph
    return all(ord(ch) in c2g for ch in text)


# ----------------------------------------------------------------- text
def normalise_source_line(line):
    line = line.replace("\ufeff", "").rstrip("\r\n")
    out = []
    for ch in line:
        o = ord(ch)
        if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
            ch = chr(o - 0xFEE0)
        out.append(ch)
    line = "".join(out)
    line = line.replace("｀", "‘").replace("＇", "’")
    line = re.sub(r"(?<=[0-9])．(?=[0-9])", ".", line)
    # spaces: keep one only between two ASCII non-space characters
    line = line.strip(" \u3000\t")
    res = []
    for i, ch in enumerate(line):
        if ch in " \t\u3000":
            prev = res[-1] if res else ""
            nxt = line[i + 1] if i + 1 < len(line) else ""
            if prev and nxt and prev.isascii() and nxt.isascii() and prev != " " and nxt not in " \t\u3000":
                res.append(" ")
            continue
        res.append(ch)
    return "".join(res)


def is_headline(line):
    return (len(line) <= 30 and "。" not in line and not line.endswith(("：", "？", "！", "」", "”", "；", "，"))
            and len(line) >= 2)


NO_START = set("，。、；：？！）」』”’》〉％…·:;,.!?)]%﹕﹐﹑")
NO_END = set("（「『“‘《〈([")


def cls_of(ch):
    if ch == " ":
        return "space"
    if ch.isascii():
        return "lat"
    o = ord(ch)
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o:
        return "han"
    return "punct"


# ----------------------------------------------------------------- layout
class Glyph:
    __slots__ = ("ch", "font", "w", "bold", "cls", "x")

    def __init__(self, ch, font, w, bold, cls):
        self.ch, self.font, self.w, self.bold, self.cls, self.x = ch, font, w, bold, cls, 0.0


def make_glyphs(segments, p, size):
    gl = []
    for text, bold in segments:
        for ch in text:
            c = cls_of(ch)
            font = p["latin_font"] if c in ("lat", "space") else p["cjk_font"]
            gl.append(Glyph(ch, font, pdfmetrics.stringWidth(ch, font, size), bold, c))
    return gl


def needs_gap(a, b):
    return {a.cls, b.cls} == {"han", "lat"}


def natural_positions(line, size, p):
    """x offsets (from line start) of each glyph at natural spacing, and total width."""
    x = 0.0
    xs = []
    for i, g in enumerate(line):
        if i and p["gap"] and needs_gap(line[i - 1], g):
            x += 0.25 * size
        xs.append(x)
        x += g.w
    return xs, x


def break_lines(gl, width, first_indent, size, p):
    """Greedy line breaking with kinsoku; returns list of (glyphs, indent, is_last)."""
    n = len(gl)
    ok = [True] * (n + 1)
    for i in range(1, n):
        a, b = gl[i - 1], gl[i]
        if a.cls == "lat" and b.cls == "lat":
            ok[i] = False
        if b.cls == "space":
            ok[i] = False
        if b.ch in NO_START or a.ch in NO_END:
            ok[i] = False
    lines = []
    s = 0
    indent = first_indent
    while s < n:
        while s < n and gl[s].cls == "space":
            s += 1
        if s >= n:
            break
        avail = width - indent
        e = s
        while e < n:
            _, w = natural_positions(gl[s:e + 1], size, p)
            if w > avail + 1e-6:
                break
            e += 1
        if e >= n:
            lines.append((gl[s:n], indent, True))
            break
        b = e
        while b > s and not ok[b]:
            b -= 1
        if b == s:  # no legal break: force
            b = max(e, s + 1)
        line = gl[s:b]
        while line and line[-1].cls == "space":
            line = line[:-1]
        lines.append((line, indent, False))
        s = b
        indent = 0.0
    return lines


def place_line(line, indent, x0, width, justify, size, p):
    xs, w = natural_positions(line, size, p)
    extra = (width - indent) - w
    tc = 0.0
    if justify and len(line) > 1 and extra > 0:
        tc = extra / (len(line) - 1)
    for i, g in enumerate(line):
        g.x = x0 + indent + xs[i] + i * tc
    return tc


class Typesetter:
    """Collects lines, then places them in columns (pages break where columns fill;
    the last page's columns are balanced when p["balance"])."""

    def __init__(self, path, p):
        self.p = p
        self.path = path
        self.items = []  # ("space", dy) | ("line", glyphs, indent, justify, size, leading, center)
        self.pw, self.ph = PAGES[p["page"]]
        self.pages = 0

    def space(self, dy):
        self.items.append(("space", dy))

    def line(self, glyphs, indent, justify, size, leading, center=False):
        self.items.append(("line", glyphs, indent, justify, size, leading, center))

    def _place(self, items, H, max_pages=None):
        """Greedy placement -> list of (page, col, y) for each item (None for spaces)."""
        ncol = self.p["ncol"]
        top = self.ph - self.p["margin"]
        page, col, used, at_top = 0, 0, 0.0, True
        out = []
        for it in items:
            if it[0] == "space":
                if not at_top and used + it[1] <= H:
                    used += it[1]
                out.append(None)
                continue
            lead = it[5]
            if used + lead > H + 1e-6 and not at_top:
                col += 1
                used, at_top = 0.0, True
                if col >= ncol:
                    page, col = page + 1, 0
                    if max_pages is not None and page >= max_pages:
                        return None
            used += lead
            at_top = False
            out.append((page, col, top - used))
        return out

    def save(self):
        p = self.p
        H = self.ph - 2 * p["margin"]
        pos = self._place(self.items, H)
        npages = max(x[0] for x in pos if x) + 1
        if p["balance"]:
            first = next(i for i, x in enumerate(pos) if x and x[0] == npages - 1)
            # spaces directly before the first item of the last page belong to it
            while first > 0 and pos[first - 1] is None:
                first -= 1
            tail = self.items[first:]
            lo, hi = 0.0, H
            while hi - lo > 0.5:
                mid = (lo + hi) / 2
                if self._place(tail, mid, max_pages=1) is None:
                    lo = mid
                else:
                    hi = mid
            tpos = self._place(tail, hi, max_pages=1)
            pos = pos[:first] + [(npages - 1, x[1], x[2]) if x else None for x in tpos]
        self.c = canvas.Canvas(self.path, pagesize=PAGES[p["page"]], invariant=1)
        self.c.setTitle("")
        self.c.setAuthor("")
        cur = 0
        self.c.setLineWidth(p["stroke_w"])
        for it, x in zip(self.items, pos):
            if it[0] != "line":
                continue
            page, col, y = x
            while cur < page:
                self.c.showPage()
                self.c.setLineWidth(p["stroke_w"])
                cur += 1
            _, glyphs, indent, justify, size, lead, center = it
            x0 = p["margin"] + col * (p["col_w"] + p["col_gap"])
            if center:
                _, w = natural_positions(glyphs, size, p)
                indent = max(0.0, (p["col_w"] - w) / 2)
            tc = place_line(glyphs, indent, x0, p["col_w"], justify, size, p)
            self.y = y
            self.draw(glyphs, tc, size)
        self.c.showPage()
        self.c.save()
        self.pages = npages

    # -- drawing
    def draw(self, glyphs, tc, size):
        p = self.p
        t = self.c.beginText()
        runs = []  # split into runs: same font, same bold, no gap jump
        for i, g in enumerate(glyphs):
            if g.cls == "space" and p["just"] == "glyph":
                continue  # per-glyph positioning: spaces are not drawn
            new = not runs
            if runs:
                prev = runs[-1][-1]
                exp = prev.x + prev.w + tc
                if prev.font != g.font or prev.bold != g.bold or abs(g.x - exp) > 0.01:
                    new = True
            if new:
                runs.append([g])
            else:
                runs[-1].append(g)
        for run in runs:
            bold = run[0].bold and p["fakebold"] != "none"
            font = run[0].font
            t.setFont(font, size)
            if bold and p["fakebold"] == "stroke":
                t.setTextRenderMode(2)
            if p["just"] == "tc" and not (bold and p["fakebold"] == "glyph"):
                t.setCharSpace(tc)
                copies = [0.0, p["dx"]] if bold and p["fakebold"] == "run" else [0.0]
                for dx in copies:
                    t.setTextOrigin(run[0].x + dx, self.y)
                    t.textOut("".join(g.ch for g in run))
            else:
                t.setCharSpace(0)
                if bold and p["fakebold"] == "glyph":
                    for g in run:
                        if g.cls == "space":
                            continue
                        for dx in (0.0, p["dx"]):
                            t.setTextOrigin(g.x + dx, self.y)
                            t.textOut(g.ch)
                else:
                    copies = [0.0, p["dx"]] if bold and p["fakebold"] == "run" else [0.0]
                    for dx in copies:
                        for g in run:
                            if g.cls == "space":
                                continue
                            t.setTextOrigin(g.x + dx, self.y)
                            t.textOut(g.ch)
            if bold and p["fakebold"] == "stroke":
                t.setTextRenderMode(0)
        self.c.drawText(t)



def typeset(blocks, path, p):
    ts = Typesetter(path, p)
    size = p["size"]
    lead = size * p["leading"]
    for bi, blk in enumerate(blocks):
        if blk["kind"] == "head":
            hs = size * p["head_scale"]
            hl = hs * p["leading"]
            ts.space(p["head_space"] * lead)
            gl = make_glyphs([(blk["text"], True)], p, hs)
            lines = break_lines(gl, p["col_w"], 0.0, hs, p)
            for gls, ind, last in lines:
                center = p["head_center"] and len(lines) == 1
                ts.line(gls, ind, not last, hs, hl, center=center)
            ts.space(p["para_space"] * lead)
        else:
            segs = blk["segments"]
            if p["indent"] == "u3000":
                segs = [("\u3000\u3000", False)] + segs
                first_indent = 0.0
            else:
                first_indent = 2 * size
            gl = make_glyphs(segs, p, size)
            for gls, ind, last in break_lines(gl, p["col_w"], first_indent, size, p):
                ts.line(gls, ind, not last, size, lead)
            ts.space(p["para_space"] * lead)
    ts.save()
    return ts.pages


# ----------------------------------------------------------------- extract
def extract(pdf, how):
    if how == "pdftotext":
        r = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True)
        return r.stdout.decode("utf-8")
    if how == "pypdf":
        import pypdf
        return "\n".join(pg.extract_text() for pg in pypdf.PdfReader(pdf).pages)
    if how == "pymupdf":
        import pymupdf
        with pymupdf.open(pdf) as d:
            return "".join(pg.get_text() for pg in d)
    if how == "pdfminer":
        from pdfminer.high_level import extract_text
        return extract_text(pdf)
    raise ValueError(how)


def extractor_desc(how):
    if how == "pdftotext":
        v = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.splitlines()[0]
        return v
    if how == "pypdf":
        import pypdf
        return f"pypdf {pypdf.__version__} extract_text"
    if how == "pymupdf":
        import pymupdf
        return f"PyMuPDF {pymupdf.__version__} get_text"
    if how == "pdfminer":
        import pdfminer
        return f"pdfminer.six {pdfminer.__version__} extract_text"


# ----------------------------------------------------------------- documents
def load_source(script):
    fn = SOURCES[script][0]
    with open(os.path.join(SRC, fn), encoding="utf-8") as f:
        return [l for l in f.read().split("\n")]  # index i -> line i+1


def pick_runs(rng, script, count, lines):
    _, lo, hi = SOURCES[script]
    span = hi - lo
    avg = span / count
    runs = []
    pos = lo
    for k in range(count):
        L = rng.randint(8, 25)
        slack = max(0, int(avg - L))
        start = pos + rng.randint(0, slack)
        runs.append((start, start + L - 1))
        pos = max(start + L, lo + int((k + 1) * avg))
    assert runs[-1][1] <= hi, runs[-1]
    return runs


def choose_params(rng, script, text):
    p = {}
    fonts = ["WQYZenHei", "WQYMicroHei", "STSong-Light"]
    weights = [0.45, 0.3, 0.25] if script == "simp" else [0.6, 0.4, 0.0]
    while True:
        f = rng.choices(fonts, weights)[0]
        if font_covers(f, text.replace(" ", "")):
            break
    p["cjk_font"] = f
    p["latin_font"] = rng.choices(["Times-Roman", "Helvetica", f], [0.45, 0.4, 0.15])[0]
    # A5 pages make some documents break across pages
    p["page"] = "A5" if rng.random() < 0.2 else "A4"
    pw = PAGES[p["page"]][0]
    while True:
        p["ncol"] = rng.choices([1, 2, 3, 4, 5], [0.12, 0.18, 0.25, 0.25, 0.2])[0]
        p["size"] = rng.choice([9, 9.5, 10, 10.5, 11, 12])
        p["margin"] = rng.choice([36, 42, 48, 54])
        gap_em = rng.choice([1.0, 1.5, 2.0, 2.5])
        usable = pw - 2 * p["margin"]
        max_em = min(46, int((usable - (p["ncol"] - 1) * gap_em * p["size"]) / p["ncol"] / p["size"]))
        if max_em >= (20 if p["ncol"] == 1 else 8):
            break
    p["col_em"] = rng.randint(max(8, max_em - 6), max_em) if p["ncol"] > 1 else rng.randint(min(30, max_em), max_em)
    p["col_w"] = p["col_em"] * p["size"]
    p["col_gap"] = gap_em * p["size"]
    p["just"] = rng.choice(["tc", "glyph"])
    p["gap"] = rng.random() < 0.4
    p["indent"] = "u3000" if rng.random() < 0.4 else "offset"
    p["fakebold"] = rng.choices(["glyph", "run", "stroke", "none"], [0.3, 0.3, 0.2, 0.2])[0]
    p["dx"] = round(rng.uniform(0.2, 0.5), 2)
    p["stroke_w"] = round(rng.uniform(0.2, 0.45), 2)
    p["bold_phrase"] = p["fakebold"] != "none" and rng.random() < 0.5
    # leading >= 1.5 makes pdftotext/pdfminer split every line into its own block and
    # read across columns; keep most documents below that, like the dev corpus
    p["leading"] = round(rng.uniform(1.3, 1.45) if rng.random() < 0.9 else rng.uniform(1.5, 1.7), 2)
    p["balance"] = rng.random() < 0.85
    p["para_space"] = rng.choice([0.0, 0.0, 0.3, 0.6])
    p["head_scale"] = rng.choice([1.0, 1.0, 1.15, 1.3])
    p["head_space"] = rng.choice([0.0, 0.5])
    p["head_center"] = rng.random() < 0.3
    return p


def build_blocks(rng, lines, p):
    """Group source lines into headline / paragraph blocks."""
    blocks = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if is_headline(ln):
            blocks.append({"kind": "head", "text": ln})
            i += 1
            continue
        k = rng.choices([1, 2, 3], [0.5, 0.35, 0.15])[0]
        grp = [ln]
        j = i + 1
        while len(grp) < k and j < len(lines) and not is_headline(lines[j]) and not grp[-1].endswith("："):
            grp.append(lines[j])
            j += 1
        blocks.append({"kind": "para", "text": "".join(grp)})
        i = j
    # bold phrases
    paras = [b for b in blocks if b["kind"] == "para"]
    chosen = set()
    if p["bold_phrase"] and paras:
        chosen = set(id(b) for b in rng.sample(paras, min(len(paras), rng.randint(1, 2))))
    for b in paras:
        t = b["text"]
        b["segments"] = [(t, False)]
        if id(b) in chosen:
            # a whole clause (between punctuation marks) of 3-12 characters
            cands = [(m.start(), m.end()) for m in re.finditer(r"(?:^|(?<=[，。；：！？]))[^，。；：、！？“”「」（）《》]{3,12}(?=[，。；：！？])", t)
                     if cls_of(t[m.start()]) == "han"]
            if not cands:
                continue
            a, z = rng.choice(cands)
            b["segments"] = [s for s in [(t[:a], False), (t[a:z], True), (t[z:], False)] if s[0]]
            b["bold"] = t[a:z]
    return blocks


def describe(p, ext_desc):
    d = (f"reportlab {reportlab.Version} -> {ext_desc} [reportlab layout: {p['ncol']} col x {p['col_em']} em, "
         f"{p['size']:g}pt {CJK_FONTS[p['cjk_font']][1]}, latin {p['latin_font']}, fakebold={p['fakebold']}, "
         + ("runs+Tc justification" if p["just"] == "tc" else "per-glyph positioning"))
    if p["indent"] == "u3000":
        d += ", U+3000 indent"
    if p["gap"]:
        d += ", cjk-latin gap 0.25em"
    if p["page"] != "A4":
        d += f", {p['page']} page"
    return d + "]"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=40)
    args = ap.parse_args()
    rng = random.Random(SEED)
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(PDF, exist_ok=True)
    n = args.n
    n_trad = round(n * 0.3)
    scripts = ["simp"] * (n - n_trad) + ["trad"] * n_trad
    rng.shuffle(scripts)
    extractors = (["pdftotext", "pypdf", "pymupdf", "pdfminer"] * ((n + 3) // 4))[:n]
    rng.shuffle(extractors)
    src = {s: load_source(s) for s in SOURCES}
    runs = {s: pick_runs(rng, s, scripts.count(s), src[s]) for s in SOURCES}
    used = collections.Counter()
    manifest = ["name\tsource\tgenerator\tkinds"]
    params = {}
    for idx in range(n):
        script, how = scripts[idx], extractors[idx]
        a, z = runs[script][used[script]]
        used[script] += 1
        lines = [normalise_source_line(l) for l in src[script][a - 1:z]]
        lines = [l for l in lines if l]
        p = choose_params(rng, script, "".join(lines))
        blocks = build_blocks(rng, lines, p)
        name = f"{idx:03d}_{script}_reportlab_{how}"
        pdf = os.path.join(PDF, name + ".pdf")
        pages = typeset(blocks, pdf, p)
        text = extract(pdf, how)
        gold = "\n\n".join(b["text"] for b in blocks) + "\n"
        with open(os.path.join(OUT, name + ".input.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(OUT, name + ".gold.txt"), "w", encoding="utf-8") as f:
            f.write(gold)
        fn = SOURCES[script][0]
        manifest.append(f"{name}\t{REPO}{fn} lines {a}-{z}\t{describe(p, extractor_desc(how))}\t-")
        params[name] = dict(p, pages=pages, lines=[a, z],
                            headlines=[b["text"] for b in blocks if b["kind"] == "head"],
                            bold_phrases=[b["bold"] for b in blocks if b.get("bold")])
        # sanity: every gold character should be in the extraction
        gc = collections.Counter(gold.replace("\n", "").replace(" ", ""))
        ic = collections.Counter(re.sub(r"\s", "", text))
        miss = gc - ic
        print(f"{name}: {pages}p {len(gold)} chars gold, {len(text)} input; missing={dict(miss) if miss else 0}",
              file=sys.stderr)
    with open(os.path.join(OUT, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")
    with open(os.path.join(OUT, "params.json"), "w", encoding="utf-8") as f:
        json.dump(params, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
