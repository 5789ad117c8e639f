"""Spaces that the page layout put into Chinese text.

Repairs
    Spaces next to full-width punctuation ("近日， 市统计局" -> "近日，市统计局");
    spaces between Chinese and digits or Latin letters ("各 100 名" -> "各100名").

Must not touch
    Spaces between Latin words, spaces inside Latin-only text.
"""

from __future__ import annotations

import re

from .rules import rule

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_FWPUNCT = "，。、；：？！（）“”‘’《》【】〈〉「」『』…—·"
_SPACE_BY_PUNCT = re.compile(rf"[ \u3000]+(?=[{_FWPUNCT}])|(?<=[{_FWPUNCT}])[ \u3000]+")
_SPACE_HAN_ALNUM = re.compile(rf"(?<=[{_HAN}]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) +(?=[{_HAN}])")


@rule("cjk-space", options=("pangu",))
def fix_cjk_spaces(text: str, *, pangu: bool = False) -> str:
    """Remove spaces next to full-width punctuation and between Chinese and Latin/digits.

    >>> fix_cjk_spaces("近日， 市统计局通过热线。")
    '近日，市统计局通过热线。'
    >>> fix_cjk_spaces("占 96.2%。")
    '占96.2%。'
    >>> s = "New York"
    >>> fix_cjk_spaces(s) is s
    True
    """
    new = _SPACE_BY_PUNCT.sub("", text)
    if not pangu:
        new = _SPACE_HAN_ALNUM.sub("", new)
    return text if new == text else new
