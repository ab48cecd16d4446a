"""Overlapping character spans -> validly nested, escaped HTML.

Quotes, cues and speaker mentions may overlap in any way (a cue inside a quote, a speaker mention
inside another speaker's quote, a quote nested in a quote, two spans crossing). The markup is built
from the sorted list of boundaries: at each boundary the elements that end there are closed, any
element opened after them is closed too and reopened right away, so tags always nest. An element
cut this way comes out as several fragments with the same attributes; their texts, concatenated,
are exactly ``text[start:end]``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: a paragraph ends at a line break (as in ``segment.paragraphs``); the break and any blank lines stay with it
_PARAGRAPH_END = re.compile(r"\n\s*")


@dataclass(frozen=True)
class Mark:
    """An element to wrap around ``text[start:end]``; ``rank`` orders equal spans (lower = outer)."""

    start: int
    end: int
    classes: str
    attrs: tuple[tuple[str, str], ...] = ()
    rank: int = 0

    def open_tag(self) -> str:
        attrs = "".join(f' {name}="{escape(value)}"' for name, value in self.attrs)
        return f'<span class="{escape(self.classes)}"{attrs}>'


def escape(text: str) -> str:
    """HTML-escape text or an attribute value; a carriage return stays one (``&#13;``)."""
    return html.escape(text, quote=True).replace("\r", "&#13;")


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each paragraph, covering the whole text (separators stay in the paragraph before)."""
    ranges, start = [], 0
    for match in _PARAGRAPH_END.finditer(text):
        if match.end() < len(text):
            ranges.append((start, match.end()))
            start = match.end()
    if start < len(text) or not ranges:
        ranges.append((start, len(text)))
    return ranges


def nest(text: str, start: int, end: int, marks: Iterable[Mark]) -> str:
    """Escaped ``text[start:end]`` with every mark (clipped to that range) wrapped around its characters."""
    clipped = sorted(_clip(marks, start, end), key=lambda m: (m.start, -m.end, m.rank))
    boundaries = sorted({start, end, *(m.start for m in clipped), *(m.end for m in clipped)})
    pending = iter(clipped)
    upcoming = next(pending, None)
    stack: list[Mark] = []
    out: list[str] = []
    for here, following in zip(boundaries, [*boundaries[1:], None], strict=True):
        out.extend(_close_ending(stack, here))
        while upcoming is not None and upcoming.start == here:
            stack.append(upcoming)
            out.append(upcoming.open_tag())
            upcoming = next(pending, None)
        if following is not None:
            out.append(escape(text[here:following]))
    return "".join(out)


def _clip(marks: Iterable[Mark], start: int, end: int) -> Iterator[Mark]:
    for mark in marks:
        lo, hi = max(mark.start, start), min(mark.end, end)
        if lo < hi:
            yield mark if (lo, hi) == (mark.start, mark.end) else Mark(lo, hi, mark.classes, mark.attrs, mark.rank)


def _close_ending(stack: list[Mark], here: int) -> list[str]:
    """Close the marks that end at ``here``; marks opened inside them are closed and reopened."""
    first = next((i for i, mark in enumerate(stack) if mark.end <= here), None)
    if first is None:
        return []
    popped = stack[first:]
    del stack[first:]
    out = ["</span>"] * len(popped)
    for mark in popped:
        if mark.end > here:
            stack.append(mark)
            out.append(mark.open_tag())
    return out

