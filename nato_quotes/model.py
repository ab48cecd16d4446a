"""Typed output objects: Span, Cue, Speaker, Quote and DocumentResult.

All character offsets index the original document text: ``text[start:end] == span.text``.
Every object round-trips losslessly through JSON (``model_dump_json`` / ``model_validate_json``).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

QuoteKind = Literal["direct", "indirect", "mixed"]
SpkAttType = Literal["Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"]
Resolution = Literal[
    "name",  # full name or KB alias in the mention
    "surname",  # surname / title + name after a full mention in the document
    "role+date",  # role noun ("der NATO-Chef") resolved through the KB and the document date
    "role",  # role noun resolved to a person named in the same document
    "demonym",  # "der Norweger" -> the KB person of that nationality in the document
    "pronoun",  # er/sie -> antecedent
    "relative",  # relative pronoun ("Celebi, die angab, …") -> the noun phrase before the comma
    "demnach",  # demnach / dies / eigenen Angaben -> the previous quote's source
    "descriptor",  # "der GdP-Vorsitzende", "der 64-Jährige" -> the entity whose attributes fit
    "organisation",  # "Die SPD", "die Polizei"
    "document",  # "Medienberichten", "BBC News", "einer Presseerklärung"
    "group",  # "Beobachter", "Die Demonstranten"
    "clause-subject",  # a cue without a found subject: the person named in the cue's clause
    "continuation",  # no cue: continues the previous speaker
    "topic",  # no cue at all: the latest person named before the quote
    "fullest-mention",  # not in the KB: canonical name = fullest mention in the document
    "apposition",  # a role noun followed by a name: "der Deutschlandchef von EY, Hubert Bart"
    "anonymous",  # "ein Diplomat", "Regierungskreise"
    "unresolved",
]


SpeakerType = Literal["person", "organisation", "group", "document", "anonymous"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Model):
    """A character span of the document: ``text == document[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Cue(_Model):
    """The word(s) that introduce the quote ("sagte", "so", "laut", "kündigte … an")."""

    text: str
    lemma: str
    spans: list[Span] = Field(default_factory=list)


class Speaker(_Model):
    """Who said it: the canonical person (if resolved) and the mention in the text."""

    name: str | None = None
    mention: str | None = None
    span: Span | None = None
    anonymous: bool = False
    resolution: Resolution = "unresolved"
    wikidata: str | None = None
    explanation: str = ""
    type: SpeakerType | None = None
    entity: str | None = None  # id of the document entity (``DocumentResult.entities``)


class Entity(_Model):
    """A person, organisation, group, document or anonymous source of one document, with its mentions."""

    id: str
    name: str
    type: SpeakerType
    kb: str | None = None  # the knowledge-base person's name, when linked
    wikidata: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)  # gender, nationality, party, age, roles, organisation
    mentions: list[Span] = Field(default_factory=list)


class Quote(_Model):
    """One quotation. A split quote has several spans; ``text`` joins the parts with " … "."""

    text: str
    spans: list[Span]
    kind: QuoteKind
    spkatt_type: SpkAttType = "Direct"
    cue: Cue | None = None
    speaker: Speaker | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    rule: str
    passes: list[str] = Field(default_factory=list)
    doc: str | None = None

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    @property
    def speaker_name(self) -> str | None:
        """Canonical name, or the mention when the speaker is not resolved to a person."""
        if self.speaker is None:
            return None
        return self.speaker.name or self.speaker.mention


class DocumentResult(_Model):
    """The quotes of one document plus how they were found."""

    doc: str
    analyzer: str
    date: str | None = None
    date_source: str = "unknown"
    country: str | None = None  # home country used to resolve roles ("DE": "der Kanzler" = the German one)
    quotes: list[Quote] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    chars: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None

    @cached_property
    def text(self) -> str | None:
        """The document text when the pipeline made this result in this process (for the HTML view).

        Not part of the output format: never serialised, ignored by ``==``; None once read back from JSON.
        """
        return None

    def with_text(self, text: str | None) -> DocumentResult:
        """Attach the document text (see :attr:`text`); returns self."""
        self.text = text
        return self

    def _repr_html_(self) -> str:
        """Jupyter shows a result as its text with the quotes marked by speaker."""
        from .render import to_html

        return to_html([self], page=False)


def make_span(text: str, start: int, end: int) -> Span:
    """Build a Span from document offsets (the text is taken from the document)."""
    return Span(start=start, end=end, text=text[start:end])
