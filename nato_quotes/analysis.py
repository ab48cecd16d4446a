"""The analysis interface every pass consumes, whatever analyzer produced it.

An :class:`Analysis` is the document text split into paragraphs and sentences of tokens, each
with exact character offsets into the original text, plus lemma, part of speech, morphological
features and (where a parser ran) head and dependency relation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


@dataclass(slots=True)
class Sentence:
    """A sentence: offsets into the document and its words."""

    start: int
    end: int
    tokens: list[Token]
    paragraph: int = 0
    parsed: bool = False  # True when head/deprel come from a dependency parser

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

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset``."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            sent = self.sentences[mid]
            if offset < sent.start:
                hi = mid - 1
            elif offset >= sent.end:
                lo = mid + 1
            else:
                return mid
        return None


class Analyzer(Protocol):
    """Anything that turns text into an :class:`Analysis`."""

    name: str

    def analyze(self, text: str) -> Analysis: ...

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]: ...
