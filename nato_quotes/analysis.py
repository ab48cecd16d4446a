"""The analysis interface every pass consumes, whatever analyzer produced it.

An :class:`Analysis` is the document text split into paragraphs and sentences of tokens, each
with exact character offsets into the original text, plus lemma, part of speech, morphological
features and (where a parser ran) head and dependency relation.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(slots=True)
class Token:
    """One word. Words of a multi-word token ("zum" -> "zu" "dem") share its offsets."""

    text: str
    start: int
    end: int
    lemma: str = ""
    upos: str = ""
    feats: dict[str, str] = field(default_factory=dict)
    head: int | None = None  # index of the head word in the sentence; None for the root
    deprel: str = ""
    ner: str = ""  # BIOES tag such as "S-PER", "" when unknown

    @property
    def is_subjunctive(self) -> bool:
        return self.feats.get("Mood") == "Sub"

    @property
    def looks_finite(self) -> bool:
        """A verb or auxiliary written lower-case (a nominalised "das Sagen" is not)."""
        return self.upos in ("VERB", "AUX") and self.text[:1].islower()


# Trigger flags (:mod:`nato_quotes.triggers`): what a sentence can hold, known before its words are
# analysed. ``TRIGGERS_UNKNOWN`` (every bit set) means "anything": analyzers without a scan.
TRIGGER_CUE = 1  # a speech cue is possible
TRIGGER_KONJ1 = 2  # a Konjunktiv I form
TRIGGER_KONJ2 = 4  # a Konjunktiv II form
TRIGGER_HEARSAY = 8  # reportative "soll"/"sollen"
TRIGGER_ROLE = 16  # a role noun (a speaker antecedent)
TRIGGERS_UNKNOWN = -1


class Sentence:
    """A sentence: offsets into the document and its words.

    The words may be analysed lazily: an analyzer passes ``build`` instead of ``tokens`` and the
    words are made on first access. ``triggers`` says what the sentence can hold (see above).
    """

    __slots__ = ("start", "end", "_tokens", "_build", "paragraph", "parsed", "triggers")

    def __init__(
        self, start: int, end: int, tokens: list[Token] | None = None, paragraph: int = 0, parsed: bool = False,
        *, build: Callable[[], list[Token]] | None = None, triggers: int = TRIGGERS_UNKNOWN,
    ) -> None:
        self.start = start
        self.end = end
        self._tokens = [] if tokens is None and build is None else tokens
        self._build = build
        self.paragraph = paragraph
        self.parsed = parsed  # True when head/deprel come from a dependency parser
        self.triggers = triggers

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = self._build()  # type: ignore[misc]
            self._build = None
        return self._tokens

    @tokens.setter
    def tokens(self, value: list[Token]) -> None:
        self._tokens, self._build = value, None

    @property
    def analysed(self) -> bool:
        """Have the words been made (always, unless built lazily and not yet needed)?"""
        return self._tokens is not None

    def __repr__(self) -> str:
        words = len(self._tokens) if self._tokens is not None else "lazy"
        return f"Sentence({self.start}, {self.end}, tokens={words}, paragraph={self.paragraph}, parsed={self.parsed})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sentence):
            return NotImplemented
        return (self.start, self.end, self.paragraph, self.parsed, self.tokens) == (
            other.start, other.end, other.paragraph, other.parsed, other.tokens)

    __hash__ = None  # type: ignore[assignment]

    def children(self, index: int) -> list[int]:
        """Indexes of the words whose head is word ``index``."""
        return [i for i, tok in enumerate(self.tokens) if tok.head == index]

    def subtree(self, index: int) -> list[int]:
        """Sorted indexes of word ``index`` and all its descendants."""
        out, todo = {index}, [index]
        while todo:
            for child in self.children(todo.pop()):
                if child not in out:
                    out.add(child)
                    todo.append(child)
        return sorted(out)


@dataclass(slots=True)
class Analysis:
    """A whole analysed document."""

    text: str
    sentences: list[Sentence]
    analyzer: str
    paragraphs: list[tuple[int, int]] = field(default_factory=list)

    _starts: tuple[list[Sentence], int, list[int]] | None = field(default=None, init=False, repr=False, compare=False)

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset`` (sentences in text order, not overlapping)."""
        sentences = self.sentences
        known = self._starts
        if known is None or known[0] is not sentences or known[1] != len(sentences):
            known = self._starts = (sentences, len(sentences), [sent.start for sent in sentences])
        i = bisect_right(known[2], offset) - 1
        return i if i >= 0 and offset < sentences[i].end else None


class Analyzer(Protocol):
    """Anything that turns text into an :class:`Analysis`."""

    name: str

    def analyze(self, text: str) -> Analysis: ...

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]: ...
