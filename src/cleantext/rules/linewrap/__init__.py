"""Line wraps and paragraphs: undo what the page's column width did to the text.

Repairs
    * lines broken by the column width, joined back into paragraphs: two
      Chinese characters with nothing between them, two Latin words with one
      space, a hyphen that belongs to the text kept ("0578-\\n12340" →
      "0578-12340"), a Latin word hyphenated at the line end re-joined only
      where the joined word is a word ("inter-\\nnational" → "international",
      but "well-\\nknown" → "well-known");
    * blank lines and form feeds inside a sentence (a wrap across columns or
      pages, or an extractor that puts a blank line after every line);
    * a mark that a span-based extractor put on a line of its own ("：",
      ",", "。”"): it goes back to the end of the line before;
    * the layout of the result: one paragraph per line, paragraphs separated
      by exactly one blank line, no indentation (U+3000 or spaces used as a
      paragraph indent go with the indent), no trailing spaces, no blank lines
      at the start or end, form feeds removed.  A text that ended with a line
      break ends with exactly one; a text that did not gets none.

Must not touch
    Headlines, sub-headlines, bylines ("□ 记者 廖王晶", "本报记者 何贤君",
    "拍友 吴峰宇 摄"), captions, box labels ("阅读提示") and continuation
    notes ("（下转第四版）"): each stays its own paragraph; so does an item
    that ends with a credit or a dateline in brackets ("…。（本报记者 某某
    摄）", "…。（新华社北京1月5日电）"), and each row of a table-like run of
    short lines ("北京 晴 零下5度到3度", "张三 95分").  The rows of an aligned
    table (``columns.table_rows``: cells apart by runs of spaces at stable
    places) stay lines, one after another, without their shared indent; a
    line said again (a refrain) is never joined to itself.  Markdown structure
    stays as it is: headings, list items, block quotes and table rows stay
    on their own lines (consecutive items stay together), fenced code blocks
    are copied verbatim.  Text already in the output form (one paragraph a
    line) is joined only where the evidence is strong (see below): a long
    headline without sentence punctuation is never joined to its article.

How a break is judged
    The rule reads the evidence the page gives, line by line:

    * the column width, estimated around each line from the widths of its
      neighbours (Chinese characters count 1, ASCII and curly quotes 0.5,
      the spaces a justifying extractor puts between characters 0; a line
      letter-spaced by the extractor is full).  A line as wide as the column
      was broken by the width; a shorter one ended its paragraph, unless it
      is the indented first line of a paragraph (two characters short, the
      indent dropped by the extractor), or it stops in mid-sentence inside
      body text ("，" "、" an open bracket or quote, or a Chinese character
      after a line with sentence punctuation: a paragraph ends on a mark);
    * a full line ending a sentence ("。") followed by a line indented by the
      width of the indent starts a new paragraph; followed by a full line it
      is still the same paragraph (the sentence ended at the line end);
      followed by a blank line (where blank lines are not after every line)
      or by a short line that does not end a sentence, it ends one;
    * explicit indentation (U+3000, spaces) and a bullet ("■", "□", "●") at
      the start of a line start a paragraph; where paragraphs are marked by
      an indent, a line without one goes on with the paragraph before
      unless it has the shape of a headline or a salutation (a line without
      sentence marks that ends on a character, or a line whose only mark is
      the colon that ends it, with nothing after it that could finish a
      paragraph: the end, an indented line, a byline; a line without marks
      that runs on into body text is body text too); a line set wider than
      the column is a headline, joined only to a short tail that finishes
      it ("…开发利\\n用"), never to a salutation;
    * blank lines say nothing where more than half the lines around follow
      one (an extractor's blank line after every line), unless more of the
      lines there that stop in mid-sentence are followed by an adjacent
      line than by a blank line: then the blank lines stand between
      paragraphs (text in the output form with one paragraph broken by its
      column);
    * where lines show no column (one paragraph a line, as in the output
      form), a paragraph is joined to the next one across a blank line only
      when it cannot have ended: it ends with "，" or "、", or it is body text
      (with sentence punctuation inside) that stops on a Chinese character
      inside an open quotation, or next to a word of the wordfreq list that
      spans the break ("国\\n\\n际化" → "国际化"), or it is too long to be a
      headline, or the next paragraph is the short last clause of its
      sentence ("各地要加强管理，确保\\n\\n安全生产。").  Every break the column evidence keeps is checked the same
      way, so the output is a fixed point.

The decisions are small documented functions, each tested on its own, in
four modules, each depending only on those before it:

* :mod:`.lines`, the line model: character classes and line kinds
  (:func:`~.lines.is_terminal`, :func:`~.lines.looks_like_byline`,
  :func:`~.lines.looks_like_note`, :func:`~.lines.looks_like_label`), the
  width of a line and of a column (:func:`~.lines.column_width`), words that
  span a break, how two lines join (:func:`~.lines.join_pair`), the parsed
  :class:`~.lines.Line` and :class:`~.lines.Paragraph`;
* :mod:`.columns`, the column measure around each line;
* :mod:`.judgement`, whether one break is a wrap
  (:func:`~.judgement.should_join`, :func:`~.judgement.strong_join`);
* :mod:`.layout`, the layout of the result (runs, Markdown, the output form).

This package registers the rule (:func:`fix_line_wraps`).
"""

from __future__ import annotations

from .. import rule
from .lines import _STRIP
from .layout import _RE_NEEDS_WORK, _RE_TRAILING, _already_output, _layout


@rule("line-wrap")
def fix_line_wraps(text: str) -> str:
    """Join lines broken by the column width; one paragraph per line.

    Lines and blank lines that a page's columns and pages put inside a
    paragraph are joined (Chinese with nothing, Latin words with a space);
    headlines, bylines, captions, box labels, continuation notes and Markdown
    structure keep their own lines; paragraphs are separated by one blank
    line, without indentation or trailing spaces.

    >>> fix_line_wraps("本报讯 近日，市统计局通过“0578-\\n12340”社情民意调查热线，随机抽取市直及\\n九县（市、区）各100名、全市共1000名机关事\\n业单位人员，开展了调查。\\n")
    '本报讯 近日，市统计局通过“0578-12340”社情民意调查热线，随机抽取市直及九县（市、区）各100名、全市共1000名机关事业单位人员，开展了调查。\\n'
    >>> fix_line_wraps("占96.2%。")
    '占96.2%。'
    >>> fix_line_wraps("本报记者 何贤君\\n拍友 吴峰宇 摄\\n")
    '本报记者 何贤君\\n\\n拍友 吴峰宇 摄\\n'
    >>> fix_line_wraps("\\u3000\\u3000第一段。\\n\\n第二段。\\n")
    '第一段。\\n\\n第二段。\\n'
    """
    if not _RE_NEEDS_WORK.search(text):
        return text
    if "\n" not in text and "\f" not in text:
        return text.strip(_STRIP)
    if _already_output(text):
        return text
    if _RE_TRAILING.search(text):
        # trailing whitespace says nothing: text in the output form apart
        # from it is judged as the output form (not as an extractor's blank
        # line after every line)
        stripped = _RE_TRAILING.sub("", text)
        if _already_output(stripped):
            return stripped
    result = _layout(text)
    # a fixed point: joining can leave lines that show a column (and so
    # more joins) only in contrived text; a few passes settle it
    for _ in range(3):
        if _already_output(result):
            break
        again = _layout(result)
        if again == result:
            break
        result = again
    return text if result == text else result
