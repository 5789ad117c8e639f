"""Splicing edits into a text: one helper for the rules that collect
``(start, end, replacement)`` edits in a scan and apply them at once."""

from __future__ import annotations


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``text[start:end]`` replaced, for sorted, disjoint edits.

    >>> apply_edits("占 96.2.%", [(1, 2, ""), (6, 7, "")])
    '占96.2%'
    """
    if not edits:
        return text
    pieces = []
    last = 0
    for start, end, replacement in edits:
        pieces.append(text[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
