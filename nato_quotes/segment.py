"""Paragraph, sentence and word segmentation with exact character offsets.

Abbreviations ("z. B.", "Dr.", "u. a."), ordinals and dates ("24. Februar") and initials do not
end a sentence. A closing quotation mark after the final punctuation belongs to the sentence.
"""

from __future__ import annotations

from bisect import bisect_left

import regex

from .lexicon import load_word_list

_PARAGRAPH_BREAK = regex.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*|\n")
# A candidate sentence end: terminal punctuation, optional closing marks/brackets, then space.
# Possessive quantifiers and the lookbehind keep it linear on long runs of punctuation ("!!!!…").
_SENT_END = regex.compile(r"""(?<![.!?…])[.!?…]++[\"'“”«»‹›‘’)\]]*+(?=\s)""")
# Alternatives start with different characters (letter, digit, "(", "."), so the letter branch,
# by far the most frequent, goes first: the same tokens, found faster.
_WORD = regex.compile(
    r"""\p{L}[\p{L}\p{M}\d]*(?:[-'’][\p{L}\p{M}\d]+)*-?|"""  # words, compounds, "Staats-"
    r"""\d++(?:[.,:]\d++)*+\.?(?=\s+\p{Ll})|"""  # ordinal before a lower-case word ("3. und"); possessive: linear
    r"""\d+(?:[.,:]\d+)*|"""  # numbers, times, dates
    r"""\(\.\.\.\)|\.\.\.|\S""",  # \S: any other character ("_", a stray combining mark) is a token too
    flags=regex.V1,
)
_MONTHS = {
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember", "jänner",
}


_HEADER = regex.compile(r"\A\s*date[:=]?\s+\d{4}-\d{1,2}(?:-\d{1,2})?(?=\s)", regex.IGNORECASE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty lines/paragraphs of ``text`` (stripped of surrounding space).

    A leading "date 2022-03" header (as some archives prepend) is a paragraph of its own.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    header = _HEADER.match(text)
    if header:
        _add_stripped(text, 0, header.end(), out)
        pos = header.end()
    for match in _PARAGRAPH_BREAK.finditer(text, pos):  # after the header: no overlapping paragraphs
        _add_stripped(text, pos, match.start(), out)
        pos = match.end()
    _add_stripped(text, pos, len(text), out)
    return out


def _add_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside the paragraph ``text[start:end]``."""
    out: list[tuple[int, int]] = []
    sent_start = start
    for match in _SENT_END.finditer(text, start, end):
        if _is_false_end(text, match.start(), match.end(), end):
            continue
        out.append((sent_start, match.end()))
        sent_start = match.end()
        while sent_start < end and text[sent_start].isspace():
            sent_start += 1
    if sent_start < end:
        out.append((sent_start, end))
    return out


def _is_false_end(text: str, punct: int, after: int, limit: int) -> bool:
    """True when the punctuation at ``punct`` does not end a sentence."""
    if text[punct] != ".":
        return _next_is_lower(text, after, limit)
    word_start = punct
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(„\"«»":
        word_start -= 1
    word = text[word_start:punct]
    following = _next_word(text, after, limit)
    if word.isdigit():
        return len(word) <= 2 and (following.lower() in _MONTHS or not following[:1].isupper())
    if len(word) == 1 and word.isalpha():  # initials and "z. B."
        return True
    if word.lower() in _abbreviations() or (word.lower() + ".") in _abbreviations():
        return True
    return _next_is_lower(text, after, limit)


def _next_word(text: str, pos: int, limit: int) -> str:
    while pos < limit and text[pos].isspace():
        pos += 1
    end = pos
    while end < limit and (text[end].isalnum() or text[end] in "-"):
        end += 1
    return text[pos:end]


def _next_is_lower(text: str, pos: int, limit: int) -> bool:
    following = _next_word(text, pos, limit)
    return bool(following) and following[0].islower()


def _abbreviations() -> frozenset[str]:
    return load_word_list("abbreviations.txt")


def words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word and punctuation spans inside ``text[start:end]``."""
    return _attach_abbreviation_dots(text, [match.span() for match in _WORD.finditer(text, start, end)])


def _attach_abbreviation_dots(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge "Dr" + "." into one token when "Dr." is a known abbreviation, and an initial ("z. B.").

    Only the dots of the stretch are visited: a "." token right after a word that starts with a letter
    joins it (a joined word may take one more dot, as "Dr." + "." would).
    """
    if not spans:
        return spans
    end = spans[-1][1]
    dot = text.find(".", spans[0][0], end)
    if dot < 0:
        return spans
    abbreviations = _abbreviations()
    ends = [e for _, e in spans]
    joined: dict[int, int] = {}  # index of a "." token -> start of the word it joins
    while dot >= 0:
        i = bisect_left(ends, dot)  # the token ending right at the dot, if any
        if i + 1 < len(spans) and ends[i] == dot and spans[i + 1] == (dot, dot + 1):
            first = joined.get(i, spans[i][0])
            if (text[first:dot + 1].lower() in abbreviations or dot - first == 1) and text[first].isalpha():
                joined[i + 1] = first
        dot = text.find(".", dot + 1, end)
    if not joined:
        return spans
    merged: list[tuple[int, int]] = []
    for i, span in enumerate(spans):
        if i in joined:
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged
