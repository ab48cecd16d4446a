"""Entities: the people, organisations and other sources of one document, each a cluster of mentions.

As in CoreNLP's multi-pass sieve, resolution works on entities, not single mentions: every
mention that joins an entity adds what it says (written names, gender, role words, nationality,
party, age, organisation), and later mentions are matched against the merged attributes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..kb import KnowledgeBase, Person
from ..source import first_names
from .names import PARTICLES, compatible, name_key, surname_key
from .phrase import Phrase


@dataclass(slots=True)
class MentionRef:
    """One mention of an entity: its character span and whether it stands as a subject."""

    start: int
    end: int
    subject: bool = False


@dataclass(slots=True)
class Entity:
    """A person, organisation, group, document or anonymous source of the document."""

    id: str
    type: str
    names: list[str] = field(default_factory=list)  # written names (persons) or labels (others)
    person: Person | None = None
    gender: str | None = None
    nationality: str | None = None
    party: str | None = None
    age: int | None = None
    org: str | None = None
    words: set[str] = field(default_factory=set)  # role and descriptor words, lower case
    mentions: list[MentionRef] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # the mentions' starts, sorted

    @property
    def name(self) -> str:
        """The canonical name: the fullest name written in the document when it is as full as the
        knowledge-base name (the document's spelling: "Sergei Lawrow"), else the knowledge-base name."""
        written = max(self.names, key=lambda n: (len(n.split()), len(n)), default="")
        if self.person is None:
            return written
        full = len(written.split()) >= max(2, len(self.person.name.split()))
        return written if full and compatible(written, self.person.name) else self.person.name  # "Sergei Lawrow"

    @property
    def surname(self) -> str:
        return surname_key(self.name)

    def last_before(self, pos: int) -> MentionRef | None:
        at = bisect.bisect_left(self.starts, pos)
        return self.mentions[at - 1] if at else None

    def absorb(self, phrase: Phrase | None) -> None:
        """Merge what a phrase says about this entity."""
        if phrase is None:
            return
        self.gender = self.gender or phrase.gender
        self.nationality = self.nationality or phrase.nationality
        self.party = self.party or phrase.party
        self.age = self.age or phrase.age
        self.org = self.org or phrase.org
        self.words.update(phrase.words)


class EntityTable:
    """The entities of one document, with look-ups by name, by knowledge-base person and by position."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.items: list[Entity] = []
        self._by_label: dict[tuple[str, str], Entity] = {}
        self._by_surname: dict[str, list[Entity]] = {}  # surname key of any written name -> persons
        self._by_given: dict[str, list[Entity]] = {}  # given-name key of full names -> persons
        self._by_first_surname: dict[str, list[Entity]] = {}  # first of two surnames ("Pérez Esquivel") -> persons
        self._by_person: dict[int, Entity] = {}
        self._starts: list[int] = []  # every mention of every entity, sorted by start
        self._mentions: list[tuple[MentionRef, Entity]] = []

    def new(self, type_: str) -> Entity:
        entity = Entity(id=f"e{len(self.items) + 1}", type=type_)
        self.items.append(entity)
        return entity

    # ------------------------------------------------------------------ mentions by position
    def add_mention(self, entity: Entity, start: int, end: int, *, subject: bool = False) -> None:
        at = bisect.bisect_left(entity.starts, start)
        if at < len(entity.mentions) and entity.mentions[at].start == start:
            entity.mentions[at].subject = entity.mentions[at].subject or subject
            return
        mention = MentionRef(start, end, subject)
        entity.mentions.insert(at, mention)
        entity.starts.insert(at, start)
        at = bisect.bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._mentions.insert(at, (mention, entity))

    def mentions_between(self, lo: int, hi: int) -> list[tuple[MentionRef, Entity]]:
        """The mentions starting in ``[lo, hi)``, in text order."""
        return self._mentions[bisect.bisect_left(self._starts, lo):bisect.bisect_left(self._starts, hi)]

    def mentions_overlapping(self, start: int, end: int) -> list[tuple[MentionRef, Entity]]:
        """The mentions overlapping ``[start, end)`` (a mention is never longer than a phrase)."""
        return [(m, e) for m, e in self.mentions_between(max(0, start - 300), end) if m.end > start]

    # ------------------------------------------------------------------ persons
    def add_person(self, start: int, end: int, name: str, *, person: Person | None = None,
                   phrase: Phrase | None = None, subject: bool = False) -> Entity:
        """Add a person mention, joining the entity whose names fit (the most recent one first)."""
        entity = self.matching_person(name, start, person)
        if entity is None:
            entity = self.new("person")
        self._add_name(entity, name)
        if person is not None and entity.person is None and compatible(person.name, entity.name):
            self._link(entity, person)
        entity.absorb(phrase)
        self.add_mention(entity, start, end, subject=subject)
        return entity

    def _add_name(self, entity: Entity, name: str) -> None:
        if name in entity.names:
            return
        entity.names.append(name)
        keys = name_key(name)
        if keys:
            _append(self._by_surname.setdefault(keys[-1], []), entity)
        if len(keys) > 1:
            _append(self._by_given.setdefault(keys[0], []), entity)
        words = name.split()
        if len(words) > 2 and words[-2] not in first_names() and words[-2].casefold() not in PARTICLES:
            for key in name_key(words[-2])[-1:]:  # "Pérez" of "Adolfo Pérez Esquivel"
                _append(self._by_first_surname.setdefault(key, []), entity)

    def _link(self, entity: Entity, person: Person) -> None:
        entity.person = person
        entity.gender = entity.gender or person.gender
        entity.nationality = entity.nationality or person.nationality
        self._by_person.setdefault(id(person), entity)

    def matching_person(self, name: str, pos: int, person: Person | None = None) -> Entity | None:
        """The person entity a written name belongs to: same surname (and fitting given names), else a full
        name whose given name it is ("Thaksin", "Abhisit"); the one mentioned last before ``pos`` first."""
        keys = name_key(name)
        if not keys:
            return None
        fitting = list(self._by_surname.get(keys[-1], []))
        if len(keys) > 1:
            fitting = [e for e in fitting if any(compatible(name, n) for n in e.names)]
        if person is not None:
            same = [e for e in fitting if e.person is person]
            if same:
                return same[0]
            if len(keys) > 1:
                fitting = [e for e in fitting if e.person is None or e.person is person]
        if not fitting and len(keys) == 1:
            fitting = list(self._by_given.get(keys[0], [])) or list(self._by_first_surname.get(keys[0], []))
        if not fitting:
            return None
        return max(fitting, key=lambda e: _recency(e, pos))

    def link_knowledge_base(self) -> None:
        """Persons not yet linked: the KB person of that name, also spelt otherwise ("Selenskij"), when the
        names fit and the surname's spelling key names one KB person only."""
        for entity in self.items:
            if entity.type != "person" or entity.person is not None:
                continue
            for written in sorted(entity.names, key=lambda n: -len(n.split())):
                person = self.kb.match_name(written) if len(written.split()) > 1 else None
                if person is None:
                    keyed = _kb_surname_keys(self.kb).get(surname_key(written), [])
                    person = keyed[0] if len(keyed) == 1 else None
                if person is not None and compatible(person.name, written) and compatible(person.name, entity.name):
                    self._link(entity, person)
                    break

    def by_person(self, person: Person) -> Entity | None:
        return self._by_person.get(id(person))

    # ------------------------------------------------------------------ other speakers
    def add_other(self, type_: str, label: str, start: int, end: int, phrase: Phrase | None = None, *,
                  subject: bool = True) -> Entity:
        """An organisation, document, group or anonymous source, one entity per label."""
        key = (type_, " ".join(name_key(label)) if type_ != "anonymous" else f"@{start}")  # each unnamed one apart
        entity = self._by_label.get(key)
        if entity is None:
            entity = self.new(type_)
            self._by_label[key] = entity
        if label and label not in entity.names:
            entity.names.append(label)
        entity.absorb(phrase)
        self.add_mention(entity, start, end, subject=subject)
        return entity


def _append(items: list[Entity], entity: Entity) -> None:
    if entity not in items:
        items.append(entity)


def _kb_surname_keys(kb: KnowledgeBase) -> dict[str, list[Person]]:
    """The knowledge base's persons by the spelling key of their surname (built once per knowledge base)."""
    keys = kb.surname_keys
    if not keys:
        for person in kb.persons:
            for key in {surname_key(person.name), surname_key(person.surname)}:
                keys.setdefault(key, []).append(person)
    return keys


def _recency(entity: Entity, pos: int) -> tuple[int, int]:
    before = entity.last_before(pos + 1)
    return (1, before.start) if before is not None else (0, -entity.mentions[0].start if entity.mentions else 0)
