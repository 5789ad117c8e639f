"""Stray marks left by the scan or the extractor.

Repairs
    A stray full stop between a number and a percent or permille sign
    ("96.2.%" -> "96.2%").

Must not touch
    Decimals ("96.2%"), ellipses ("..." and "……"), dashes ("--", "——").
"""

from __future__ import annotations

import re

from .rules import rule

# A '.' (or full-width '．') that follows a decimal number and stands right
# before a percent/permille sign: the number already has its point.
_DOT_BEFORE_PERCENT = re.compile(r"(?<=\d)[.．](?=[%％‰])")


@rule("stray-mark")
def remove_stray_marks(text: str) -> str:
    """Remove stray marks left by the scan: "96.2.%" -> "96.2%".

    >>> remove_stray_marks("占 96.2.%。")
    '占 96.2%。'
    >>> s = "增长96.2%。"
    >>> remove_stray_marks(s) is s
    True
    """
    if not _DOT_BEFORE_PERCENT.search(text):
        return text
    return _DOT_BEFORE_PERCENT.sub("", text)
