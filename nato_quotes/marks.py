"""Quotation-mark scanner: finds quoted stretches of text, whatever marks the typesetter used.

Handles German „…“ and ‚…‘, »…« and «…», ›…‹, straight "…" and '…', English “…” and ‘…’;
nesting (‚…‘ inside „…“), mismatched pairs („…" closed by a straight quote), quotes that run over
a paragraph end and reopen with a new opening mark, and unbalanced marks: an unclosed quote never
runs past its paragraph, so it cannot swallow the rest of the article.

The scanner is linear in the length of the text: every mark is pushed and popped at most once and
the stack depth is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .segment import paragraphs

QUOTE_CHARS = "„“”\"»«‚‘’'›‹"
_MARK = regex.compile("[" + regex.escape(QUOTE_CHARS) + "]")
MAX_DEPTH = 6
# mark -> marks that may close it (mismatches seen in real text included)
_CLOSERS = {
    "„": "“”\"",
    "“": "”“\"",
    '"': '"“”',
    "»": "«",
    "«": "»",
    "‚": "‘’'",
    "‘": "’'",
    "'": "'’",
    "›": "‹",
    "‹": "›",
}
_PLAIN_DOUBLE = "„“\""  # one typographic style: doubled, they are a typo, not nesting
_FAMILY = {m: ("single" if m in "‚‘’'›‹" else "double") for m in QUOTE_CHARS}


@dataclass(slots=True)
class QuotedText:
    """A quoted stretch: content spans exclude the marks; several spans when it runs over paragraphs."""

    spans: list[tuple[int, int]]
    open_mark: str
    close_mark: str | None
    depth: int = 0
    closed: bool = True
    marks: list[tuple[int, int]] = field(default_factory=list)  # positions of the mark characters

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def nested(self) -> bool:
        return self.depth > 0

    def text(self, doc: str) -> str:
        return " … ".join(doc[s:e] for s, e in self.spans)

    def word_count(self, doc: str) -> int:
        return sum(len(doc[s:e].split()) for s, e in self.spans)


@dataclass(slots=True)
class _Open:
    pos: int
    mark: str


def scan(text: str) -> list[QuotedText]:
    """All quoted stretches of ``text`` in document order (outer quotes before inner ones)."""
    found: list[QuotedText] = []
    carry: QuotedText | None = None
    for p_start, p_end in paragraphs(text):
        quotes, unclosed = _scan_paragraph(text, p_start, p_end)
        if carry is not None and unclosed is not None and unclosed.pos == p_start:
            span = _strip(text, p_start + 1, p_end)  # still running: third paragraph
            if span[1] > span[0]:  # a paragraph that is only the reopening mark adds nothing
                carry.spans.append(span)
                carry.marks.append((p_start, -1))
            found.extend(quotes)
            continue
        if carry is not None:
            quotes = _join_continuation(carry, quotes, p_start, found)
            carry = None
        found.extend(quotes)
        if unclosed is not None:
            carry = _unclosed_quote(text, unclosed, p_end)
            if not any(c.isalnum() for c in text[carry.start:carry.end]):
                carry = None  # only marks and spaces after a stray opener: not a quote
    if carry is not None:
        found.append(carry)
    found.sort(key=lambda q: (q.start, q.depth))
    return found


def _scan_paragraph(text: str, start: int, end: int) -> tuple[list[QuotedText], _Open | None]:
    """Quotes closed inside the paragraph, plus the outermost opener left unclosed."""
    stack: list[_Open] = []
    quotes: list[QuotedText] = []
    for found in _MARK.finditer(text, start, end):
        pos = found.start()
        mark = text[pos]
        role = _role(text, pos, start, end)
        if role == "apostrophe":
            continue
        closed = role != "open" and _try_close(text, stack, pos, quotes)
        if not closed and role != "close" and stack and _doubled(text, stack[-1], pos):
            stack.pop()  # „„Wir …: the earlier of two doubled openers is a typo
        if not closed and role != "close" and len(stack) < MAX_DEPTH:
            stack.append(_Open(pos, mark))
    return quotes, (stack[0] if stack else None)


def _doubled(text: str, opener: _Open, pos: int) -> bool:
    """True when ``text[pos]`` repeats the open mark ``opener`` right after it („„, "„, „ „)."""
    same_style = opener.mark == text[pos] or (opener.mark in _PLAIN_DOUBLE and text[pos] in _PLAIN_DOUBLE)
    return same_style and pos - opener.pos <= 3 and not text[opener.pos + 1:pos].strip()


def _try_close(text: str, stack: list[_Open], pos: int, quotes: list[QuotedText]) -> bool:
    """Close the innermost open quote that ``text[pos]`` can close; drop openers inside it."""
    mark = text[pos]
    for level in range(len(stack) - 1, -1, -1):
        opener = stack[level]
        if mark in _CLOSERS[opener.mark]:
            del stack[level:]
            span = _strip(text, opener.pos + 1, pos)
            if span[1] > span[0]:  # „“ with nothing inside is no quotation
                quotes.append(QuotedText([span], opener.mark, mark, depth=level, marks=[(opener.pos, pos)]))
            return True
        if _FAMILY[opener.mark] == _FAMILY[mark] and _FAMILY[mark] == "double":
            break  # a double mark never closes across another open double quote
    return False


def _role(text: str, pos: int, start: int, end: int) -> str:
    """'open', 'close' or 'either' for the mark at ``pos`` from the characters around it."""
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    mark = text[pos]
    space_before = before.isspace() or before in "([{–—-/"
    space_after = after.isspace() or after in ".,;:!?)]}–—"
    if mark in "'’":
        if before.isalnum() and after.isalnum():
            return "apostrophe"
        if mark == "’" or not space_before:
            return "close" if not after.isalnum() else "apostrophe"
    if mark in "„‚":
        return "open"
    if mark in "”’":
        return "close"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _unclosed_quote(text: str, opener: _Open, p_end: int) -> QuotedText:
    """An opener left open at the paragraph end: bounded to the paragraph."""
    span = _strip(text, opener.pos + 1, p_end)
    return QuotedText([span], opener.mark, None, closed=False, marks=[(opener.pos, -1)])


def _join_continuation(
    carry: QuotedText, quotes: list[QuotedText], p_start: int, found: list[QuotedText]
) -> list[QuotedText]:
    """Join a quote left open at the previous paragraph end with this paragraph's reopened quote."""
    first = quotes[0] if quotes else None
    reopens = first is not None and first.depth == 0 and first.marks[0][0] == p_start
    if reopens and _FAMILY[first.open_mark] == _FAMILY[carry.open_mark]:
        joined = QuotedText(carry.spans + first.spans, carry.open_mark, first.close_mark,
                            marks=carry.marks + first.marks)
        return [joined] + quotes[1:]
    found.append(carry)
    return quotes
