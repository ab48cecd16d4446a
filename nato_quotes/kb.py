"""Speaker knowledge base: persons, name variants, nationalities, parties and roles with dates.

Data: speakers files hold ``roles`` (role types: ``title``, ``aliases``, ``country`` and/or
``org``; ``home``: the titles that name the office without qualifier in news of its own country,
default all; ``concurrent``: several holders at a time), ``generic_titles`` (a title such as
"Minister" standing for every title ending in ``covers``, minus ``except``) and ``persons``
(``name``, ``wikidata``, ``aliases``, ``gender``, ``nationality``, ``party``, ``former_parties``,
``birth_year``, ``surname``, ``match_surname``, ``note``,
``roles`` = ``[{"role": key, "start": ISO, "end": ISO|null, "note"?}]``). The files are
``speakers.json`` (role types, international offices) and ``speakers_*.json`` (persons by country
group: ``speakers_de.json``, ``speakers_us.json``, ``speakers_europe.json``, ``speakers_east.json``),
all in the same format and read in that order per data folder. ``data/demonyms.json`` holds
countries (ISO codes) and organisations (``NATO``, ``EU``, ``WH``, ``KREML`` ...) with German names,
adjective stems, compound prefixes and demonym nouns, and ``parties`` (key = the short German form
used in ``party``: "CDU", "Grüne", "Republikaner"; ``forms`` = words naming it or its members).
Users add persons or role types with ``speakers.json`` or ``speakers_<anything>.json`` files in a
folder of ``NATO_QUOTES_DATA``; a person of the same canonical name is extended (aliases and roles
appended, other fields replaced).

Role aliases are a title word plus optional qualifiers ("NATO-Generalsekretär", "Kremlchef",
"Sprecher des Weißen Hauses"); other words after the title ("Chef des Kanzleramts") must then
occur in the mention. Role mentions are parsed the same way: head title, qualifiers (country
codes, organisations), gender, time ("ehemalig", "neu", "designiert", "scheidend") and deputy
flags. :meth:`KnowledgeBase.resolve_role` answers with the holders on a date, for a home country
("der Kanzler" in German news); :meth:`KnowledgeBase.persons_with` filters persons by descriptor
("die Grünen-Politikerin", "der Niederländer", "der 64-Jährige").
Dates are inclusive at both ends, so on a handover day both holders are returned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import DataFileError
from .lexicon import data_dirs, data_files

SPEAKERS_FILE = "speakers.json"
SPEAKERS_PARTS = "speakers_*.json"  # further person files in the same format: speakers_de.json ...
DEMONYMS_FILE = "demonyms.json"
DEFAULT_COUNTRY = "DE"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ARTICLES = _words(
    "der die das den dem des ein eine einen einem einer eines sein seine seinen seinem seiner seines "
    "ihr ihre ihren ihrem ihrer ihres dessen deren unser unsere unseren amtierende amtierenden "
    "amtierender bei von in am im beim vom zum zur und"
)
_FORMER = frozenset(["ehemalig", "früher", "einstig", "vormalig", "ex"])
_DEPUTY = frozenset(["stellvertretend", "vize"])
_NEXT = frozenset(["designiert", "künftig", "zukünftig", "kommend", "angehend", "neugewählt"])
_NEW = frozenset(["neu"])
_OUTGOING = frozenset(["scheidend", "bisherig", "abgewählt", "abtretend", "ausscheidend"])
_ACTING = frozenset(["kommissarisch"])
_LOCATIVE = frozenset(["in", "im", "am", "auf", "beim", "während", "vor", "nach", "zufolge", "gegenüber"])
_NOT_NATIONAL = (  # adjectives in -isch that describe, not locate: "der sozialistische Präsident"
    "politisch", "kritisch", "technisch", "militärisch", "demokratisch", "republikanisch", "istisch",
    "katholisch", "evangelisch", "islamisch", "matisch", "europäisch", "praktisch", "typisch",
)
_INDEFINITE = frozenset(["ein", "eine", "einen", "einem", "einer", "eines"])  # acting holders are not recorded: no answer
_SOON = dt.timedelta(days=120)  # "der neue Kanzler" may be the one taking office within this time
_ENDING = dt.timedelta(days=365)  # "der scheidende Kanzler": the term ends within this time
_RECENT = dt.timedelta(days=60)  # "der bisherige Minister" may have left this recently
_ADJ_ENDINGS = ("en", "er", "es", "em", "e")
_GENITIVE_ENDINGS = ("'s", "’s", "s", "'", "’")
_TOKEN_RE = re.compile(r"\w[\w'’.-]*")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleType(_Strict):
    """A kind of office ("NATO-Generalsekretär") with the titles used to refer to it.

    ``home``: the titles that, without a qualifier, name this office in news of its own country
    ("Kanzler" in German news); None = all of them, [] = none.
    """

    title: str
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    org: str | None = None
    home: list[str] | None = None
    concurrent: bool = False  # several holders at a time (deputy spokespersons)


class Role(_Strict):
    """An office held by a person from ``start`` to ``end`` (ISO dates, both inclusive, None = open)."""

    key: str | None = None
    title: str
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    org: str | None = None
    home: list[str] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Role:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"role {self.title!r} ends ({self.end}) before it starts ({self.start})")
        return self

    def valid_on(self, date: dt.date) -> bool:
        """True when the office was held on ``date`` (both ends inclusive)."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


class RoleRef(_Strict):
    """A role as written in speakers.json: a role-type key, or an inline title, plus dates."""

    role: str | None = None
    title: str | None = None
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    org: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _has_role(self) -> RoleRef:
        if not self.role and not self.title:
            raise ValueError("a role needs either 'role' (a key of 'roles') or 'title'")
        return self


class PersonEntry(_Strict):
    """A person as written in speakers.json."""

    name: str = Field(min_length=2)
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    aliases: list[str] = Field(default_factory=list)
    gender: Literal["m", "f"] | None = None
    nationality: str | None = None
    party: str | None = None  # short German form: "CDU", "Grüne", "Republikaner" (a key of 'parties')
    former_parties: list[str] = Field(default_factory=list)
    birth_year: int | None = Field(default=None, ge=1890, le=2015)
    roles: list[RoleRef] = Field(default_factory=list)
    surname: str | None = None  # when not the last word(s) of the name: "Bruins Slot", "Xi"
    match_surname: bool = True
    note: str | None = None

    @field_validator("aliases")
    @classmethod
    def _no_empty_alias(cls, value: list[str]) -> list[str]:
        if any(not a.strip() for a in value):
            raise ValueError("empty alias")
        return value


class GenericTitle(_Strict):
    """A title that stands for every office whose title ends in ``covers`` ("Minister")."""

    covers: str
    except_: list[str] = Field(default_factory=list, alias="except")


class SpeakersFile(_Strict):
    """The top level of a speakers.json file."""

    comment: str | None = Field(default=None, alias="_comment")
    roles: dict[str, RoleType] = Field(default_factory=dict)
    generic_titles: dict[str, GenericTitle] = Field(default_factory=dict)
    persons: list[PersonEntry] = Field(default_factory=list)


class Person(BaseModel):
    """A known speaker."""

    model_config = ConfigDict(frozen=True)

    name: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    gender: Literal["m", "f"] | None = None
    nationality: str | None = None
    party: str | None = None
    former_parties: tuple[str, ...] = ()
    birth_year: int | None = None
    roles: tuple[Role, ...] = ()
    surname: str = ""
    match_surname: bool = True

    @model_validator(mode="after")
    def _default_surname(self) -> Person:
        if not self.surname:
            object.__setattr__(self, "surname", _surname_of(self.name))
        return self

    def roles_on(self, date: dt.date | None) -> list[Role]:
        """The roles held on ``date`` (all roles when ``date`` is None)."""
        return [r for r in self.roles if date is None or r.valid_on(date)]


class Country(_Strict):
    """A country (ISO code) or an organisation with its German names."""

    names: list[str] = Field(default_factory=list)  # nominative names; genitive "-s" is added
    forms: list[str] = Field(default_factory=list)  # further inflected or multiword forms
    adjectives: list[str] = Field(default_factory=list)  # stems: "norwegisch"
    prefixes: list[str] = Field(default_factory=list)  # hyphenated prefixes: "US-Präsident"
    compounds: list[str] = Field(default_factory=list)  # closed compounds: "Bundeskanzler", "Kremlchef"
    m: list[str] = Field(default_factory=list)  # demonym nouns, masculine: "Norweger"
    f: list[str] = Field(default_factory=list)  # feminine: "Norwegerin"
    weak: bool = False  # weak demonyms: "Brite", "des Briten"
    adjectival: bool = False  # adjectival demonyms: "Deutscher", "der Deutsche"
    country: str | None = None  # an organisation's country: Kreml -> RU


class Party(_Strict):
    """A political party: its country and the words that name it or its members, as written."""

    country: str | None = None
    forms: list[str] = Field(default_factory=list)  # "Grüne", "Grünen", "Grünen-Politikerin" -> "Grünen"


class DemonymsFile(_Strict):
    """The top level of demonyms.json."""

    comment: str | None = Field(default=None, alias="_comment")
    countries: dict[str, Country] = Field(default_factory=dict)
    organisations: dict[str, Country] = Field(default_factory=dict)
    parties: dict[str, Party] = Field(default_factory=dict)


Time = Literal["current", "former", "new", "next", "outgoing", "acting"]


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A role noun phrase taken apart.

    ``time``: which holder the qualifiers ask for: ``current``; ``former`` ("ehemalig", "Ex-",
    "Alt-"); ``new`` ("neu"); ``next`` ("designiert", "künftig"); ``outgoing`` ("scheidend",
    "bisherig"); ``acting`` ("kommissarisch", not recorded in the data).
    """

    head: str | None
    qualifiers: frozenset[str] = frozenset()
    gender: Literal["m", "f"] | None = None
    former: bool = False
    deputy: bool = False
    words: frozenset[str] = frozenset()  # normalised words after the head ("außenministerium")
    time: Time = "current"
    foreign: bool = False  # an unknown nationality-like adjective ("der indonesische Minister")


@dataclass
class _Alias:
    head: str
    qualifiers: frozenset[str]
    extra: frozenset[str] = frozenset()  # further words the mention must contain ("kanzleramt")
    text: str = ""
    deputy: bool = False


@dataclass
class KnowledgeBase:
    """Persons, role types and country qualifiers with fast name lookup."""

    persons: list[Person]
    role_types: dict[str, RoleType]
    countries: dict[str, Country]
    organisations: dict[str, Country]
    parties: dict[str, Party] = field(default_factory=dict)
    generic_titles: dict[str, GenericTitle] = field(default_factory=dict)
    _party_forms: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _generic: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict, repr=False)
    _forms: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _surnames: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _name_re: re.Pattern[str] | None = field(default=None, repr=False)
    _quals: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)
    _prefixes: dict[str, str] = field(default_factory=dict, repr=False)
    _compounds: dict[str, str] = field(default_factory=dict, repr=False)
    _role_aliases: list[tuple[int, Role, list[_Alias]]] = field(default_factory=list, repr=False)
    _heads: set[str] = field(default_factory=set, repr=False)
    _by_head: dict[str, list[tuple[int, Role, _Alias, frozenset[str]]]] = field(
        default_factory=dict, repr=False
    )
    _demonyms: dict[str, tuple[str, Literal["m", "f"] | None]] = field(default_factory=dict, repr=False)
    _qualifier_cache: dict[str, str | None] = field(default_factory=dict, repr=False)
    role_memo: dict[tuple[str, Any, str], list[Person]] = field(default_factory=dict, repr=False, compare=False)
    surname_keys: dict[str, list[Person]] = field(default_factory=dict, repr=False, compare=False)  # speakers/
    _parsed_roles: dict[str, RoleMention] = field(default_factory=dict, repr=False)  # parse_role memo

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, extra_paths: list[Path] | None = None) -> KnowledgeBase:
        """The package data plus ``NATO_QUOTES_DATA`` files plus ``extra_paths`` (speakers files).

        Raises :class:`~nato_quotes.errors.DataFileError` naming the file and entry on invalid data.
        """
        demonyms = DemonymsFile()
        for path in data_files(DEMONYMS_FILE):
            part = _validate(path, DemonymsFile)
            demonyms = DemonymsFile(
                countries={**demonyms.countries, **part.countries},
                organisations={**demonyms.organisations, **part.organisations},
                parties={**demonyms.parties, **part.parties},
            )
        role_types: dict[str, RoleType] = {}
        generic: dict[str, GenericTitle] = {}
        entries: dict[str, tuple[Path, int, PersonEntry]] = {}
        for path in [*speaker_files(), *(Path(p) for p in extra_paths or [])]:
            part = _validate(path, SpeakersFile)
            role_types.update(part.roles)
            generic.update(part.generic_titles)
            for i, entry in enumerate(part.persons):
                if entry.name in entries:
                    entry = _extend(entries[entry.name][2], entry)
                entries[entry.name] = (path, i, entry)
        known = set(demonyms.countries) | set(demonyms.organisations)
        persons = [_build_person(p, i, e, role_types, known, set(demonyms.parties)) for p, i, e in entries.values()]
        _check_role_types(role_types, known)
        kb = cls(persons, role_types, demonyms.countries, demonyms.organisations, demonyms.parties, generic)
        kb._index()
        return kb

    def _index(self) -> None:
        self._parsed_roles.clear()
        self._index_names()
        self._index_qualifiers()
        self._index_roles()
        self._index_demonyms()
        self._index_parties()

    def _index_parties(self) -> None:
        forms: dict[str, set[str]] = {}
        for code, party in self.parties.items():
            for form in [code, *party.forms]:
                forms.setdefault(form.casefold(), set()).add(code)
        self._party_forms = {f: frozenset(codes) for f, codes in forms.items()}

    def _index_names(self) -> None:
        forms: dict[str, set[int]] = {}
        surnames: dict[str, set[int]] = {}
        for idx, person in enumerate(self.persons):
            variants = {person.name, *person.aliases}
            for v in list(variants):
                variants.add(_fold(v))
            for v in variants:
                forms.setdefault(_space(v), set()).add(idx)
                surnames.setdefault(_fold(v.split()[-1]).casefold(), set()).add(idx)
            surnames.setdefault(_fold(person.surname).casefold(), set()).add(idx)
            if person.match_surname:
                forms.setdefault(person.surname, set()).add(idx)
                forms.setdefault(_fold(person.surname), set()).add(idx)
        # a form shared by several persons cannot name one of them
        self._forms = {f: sorted(ids) for f, ids in forms.items() if len(ids) == 1 and len(f) > 1}
        self._surnames = {s: sorted(ids) for s, ids in surnames.items()}
        self._name_re = re.compile(
            r"(?<![\w-])(?P<name>" + trie_regex(self._forms) + r")(?:'s|’s|s|'|’)?(?![\w])"
        )

    def _index_qualifiers(self) -> None:
        quals: dict[tuple[str, ...], str] = {}
        prefixes: dict[str, str] = {}
        compounds: dict[str, str] = {}
        for code, c in [*self.countries.items(), *self.organisations.items()]:
            for name in c.names:
                quals[_key(name)] = code
                quals[_key(_genitive(name))] = code
            for form in [*c.forms, *c.adjectives]:
                quals[_key(form)] = code
            for pref in [*c.prefixes, *c.compounds]:
                prefixes[pref.casefold()] = code
            for pref in c.compounds:
                compounds[pref.casefold()] = code
        self._quals, self._prefixes, self._compounds = quals, prefixes, compounds

    def _index_roles(self) -> None:
        raw: list[tuple[int, Role, list[_Alias]]] = []
        for idx, person in enumerate(self.persons):
            for role in person.roles:
                raw.append((idx, role, [a for a in map(self._split_title, [role.title, *role.aliases]) if a]))
        self._heads = {a.head for _, _, aliases in raw for a in aliases}
        self._generic = {}
        for title, generic in self.generic_titles.items():
            excluded = frozenset(self._split_compound(e.casefold())[1] for e in generic.except_)
            self._generic[title.casefold()] = (generic.covers.casefold(), excluded)
        self._heads |= set(self._generic)
        self._role_aliases = raw
        self._by_head = {}
        for idx, role, aliases in raw:
            for alias in aliases:
                allowed = self._role_qualifiers(role) | alias.qualifiers
                self._by_head.setdefault(alias.head, []).append((idx, role, alias, allowed))

    def _index_demonyms(self) -> None:
        table: dict[str, tuple[str, Literal["m", "f"] | None]] = {}
        for code, c in self.countries.items():
            for word in c.m:
                w = word.casefold()
                forms = [w, w + "n"] if c.weak else [w, w + "s", w + "n"]
                if c.adjectival:  # Deutscher / der Deutsche / des Deutschen
                    stem = w[:-1] if w.endswith("r") else w
                    forms = [w, stem + "n"]
                    table[stem] = (code, None)
                for form in forms:
                    table.setdefault(form, (code, "m"))
            for word in c.f:
                w = word.casefold()
                for form in [w, w + "nen"]:
                    table.setdefault(form, (code, "f"))
        self._demonyms = table

    # ------------------------------------------------------------------ names
    def find_names(self, text: str) -> list[tuple[int, int, Person]]:
        """All KB name mentions in ``text`` as (start, end, person); longest, non-overlapping.

        ``end`` excludes a genitive ending ("Stoltenbergs" -> the span "Stoltenberg").
        """
        assert self._name_re is not None
        out = []
        for m in self._name_re.finditer(text):
            ids = self._forms.get(_space(m.group("name")))
            if ids:
                out.append((m.start("name"), m.end("name"), self.persons[ids[0]]))
        return out

    def match_name(self, text: str) -> Person | None:
        """The person whose name, alias or surname (also genitive) occurs in ``text``; longest wins."""
        found = self.find_names(text)
        if not found:
            return None
        return max(found, key=lambda f: (f[1] - f[0], -f[0]))[2]

    def by_surname(self, surname: str) -> list[Person]:
        """Persons whose name or an alias ends in ``surname`` (case-insensitive, genitive -s tolerated)."""
        key = _fold(surname.strip()).casefold()
        ids = self._surnames.get(key) or (self._surnames.get(key[:-1], []) if key.endswith("s") else [])
        return [self.persons[i] for i in ids]

    def get(self, name: str) -> Person | None:
        """The person with this canonical name."""
        return next((p for p in self.persons if p.name == name), None)

    # ------------------------------------------------------------------ demonyms
    def by_demonym(self, word: str) -> list[Person]:
        """Persons whose nationality matches a demonym noun ("Norweger", "die Niederländerin").

        Feminine forms give women only, masculine forms men only; adjectival demonyms
        ("Deutsche") are gendered by their article when one is given ("der Deutsche").
        """
        tokens = word.split()
        article = tokens[0].casefold() if len(tokens) > 1 else None
        hit = self._demonyms.get(tokens[-1].casefold() if tokens else "")
        if hit is None:
            return []
        code, gender = hit
        if gender is None and article in ("der", "ein"):
            gender = "m"
        elif gender is None and article in ("die", "eine"):
            gender = "f"
        return [p for p in self.persons if p.nationality == code and (gender is None or p.gender == gender)]

    def demonym_country(self, word: str) -> str | None:
        """The country code of a demonym noun, or None."""
        hit = self._demonyms.get(word.casefold())
        return hit[0] if hit else None

    def qualifier(self, word: str) -> str | None:
        """The country or organisation code a word names or qualifies ("Frankreichs", "französische", "NATO")."""
        if word not in self._qualifier_cache:
            tokens = [t.casefold() for t in _TOKEN_RE.findall(word)]
            self._qualifier_cache[word] = self._qual_lookup(tokens) if tokens else None
        return self._qualifier_cache[word]

    # ------------------------------------------------------------------ roles
    def parse_role(self, mention: str) -> RoleMention:
        """Take a role noun phrase apart: head title, qualifiers, gender, time and deputy flags (memoised)."""
        found = self._parsed_roles.get(mention)
        if found is None:
            if len(self._parsed_roles) > 50_000:
                self._parsed_roles.clear()
            found = self._parsed_roles[mention] = self._parse_role(mention)
        return found

    def _parse_role(self, mention: str) -> RoleMention:
        tokens = [t.casefold() for t in _TOKEN_RE.findall(mention)]
        for i, tok in enumerate(tokens):
            head = self._head(tok)
            if head is None:
                continue
            title, quals, gender, time, deputy = head
            before, after = tokens[:i], _until_locative(tokens[i + 1 :])
            stems = {_adj_stem(t) for t in before} | set(before)
            time = time if time != "current" else _time_of(stems)
            deputy = deputy or bool(stems & _DEPUTY)
            after_quals, words = self._qualifiers_and_rest(after)
            before_quals = self._qualifiers(before)
            quals = quals | before_quals | after_quals
            foreign = not before_quals and any(_nationality_like(t) for t in before)
            words |= {w[:-2] for w in words if w.endswith("in") and len(w) > 6}  # "Bürgermeisterin"
            return RoleMention(title, frozenset(quals), gender, time == "former", deputy, frozenset(words), time,
                               foreign)
        return RoleMention(None)

    def resolve_role(
        self, mention: str, date: dt.date | None = None, *, country: str | None = DEFAULT_COUNTRY
    ) -> list[Person]:
        """Persons holding the office named by ``mention`` on ``date`` (all holders when None).

        The mention is a noun phrase ("der NATO-Chef", "Deutschlands Außenministerin",
        "der ukrainische Präsident", "des Kanzlers", "die Sprecherin des Weißen Hauses"). Case,
        hyphens, articles, inflection and adjective endings do not matter. Qualifiers (country,
        organisation) must fit the role; an unknown one ("der indonesische Außenminister") gives
        ``[]``. ``country`` is the home country of the news: a title without qualifier that names an
        office of that country in its own news ("der Kanzler", "die Außenministerin", "der Minister"
        in German news, see ``RoleType.home``) means that country's holder; None turns this off.
        Other bare titles ("der Präsident") return every holder of an office with that title: the
        caller decides, e.g. by keeping persons named in the document.
        Compound titles carry their qualifier ("Bundeskanzler", "Kremlchef", "NATO-Chef"). A feminine
        title ("Außenministerin") keeps women only; a masculine one keeps men when any match.
        Time qualifiers: "ehemalige"/"Ex-"/"Alt-" give the earlier holders, latest first; "neue" the
        current holder who started last or one taking office within 120 days; "designierte"/"künftige"
        the next holder; "scheidende"/"bisherige" the holder whose term ends next. Deputies
        ("stellvertretende", "Vize-") match deputy offices only; "kommissarische" gives ``[]``.
        """
        parsed = self.parse_role(mention)
        if parsed.head is None or parsed.time == "acting" or parsed.foreign or _indefinite(mention):
            return []
        matches = list(self._matching_roles(parsed))
        if country and not parsed.qualifiers:
            home = [(i, r) for i, r, alias in matches if r.country == country and _is_home(r, alias)]
            matches = [(i, r, None) for i, r in home] or matches
        found = _pick_in_time([(i, r) for i, r, _ in matches], date, parsed.time)
        return _by_gender([self.persons[i] for i in found], parsed.gender)

    def check_country(self, code: str) -> str:
        """``code`` as a known country code (case-insensitive); ValueError naming the known codes."""
        key = code.strip().upper()
        if key not in self.countries:
            known = ", ".join(sorted(self.countries))
            raise ValueError(f"unknown country code {code!r}: use an ISO 3166 code from {DEMONYMS_FILE} ({known})")
        return key

    def _matching_roles(self, parsed: RoleMention) -> Iterable[tuple[int, Role, _Alias]]:
        for head in self._covered_heads(parsed.head or ""):
            for idx, role, alias, allowed in self._by_head.get(head, []):
                if not parsed.qualifiers <= allowed or alias.deputy != parsed.deputy:
                    continue
                if alias.qualifiers and not parsed.qualifiers:
                    continue
                if alias.extra <= parsed.words:
                    yield idx, role, alias

    def _covered_heads(self, head: str) -> list[str]:
        """The title itself, or for a generic title ("minister") every title it covers."""
        if head not in self._generic:
            return [head]
        suffix, excluded = self._generic[head]
        return [h for h in self._by_head if h.endswith(suffix) and h not in excluded]

    def _role_qualifiers(self, role: Role) -> frozenset[str]:
        quals = {q for q in (role.country, role.org) if q}
        org = self.organisations.get(role.org or "")
        if org and org.country:
            quals.add(org.country)
        return frozenset(quals)

    def _qualifiers(self, tokens: list[str]) -> set[str]:
        return self._qualifiers_and_rest(tokens)[0]

    def _qualifiers_and_rest(self, tokens: list[str]) -> tuple[set[str], set[str]]:
        """Country/organisation codes in ``tokens`` and the other content words (normalised)."""
        found: set[str] = set()
        rest: set[str] = set()
        i = 0
        while i < len(tokens):
            for n in (4, 3, 2, 1):
                code = self._qual_lookup(tokens[i : i + n]) if i + n <= len(tokens) else None
                if code:
                    found.add(code)
                    i += n
                    break
            else:
                parts = tokens[i].split("-")
                for part in parts[:-1]:  # "us-amerikanische"
                    if part in self._prefixes:
                        found.add(self._prefixes[part])
                if tokens[i] not in _ARTICLES and not (len(parts) > 1 and parts[0] in self._prefixes):
                    rest.add(_content_word(tokens[i]))
                i += 1
        return found, rest

    def _qual_lookup(self, tokens: list[str]) -> str | None:
        key = tuple(tokens)
        if key in self._quals:
            return self._quals[key]
        stemmed = (*key[:-1], _adj_stem(key[-1]))
        if stemmed in self._quals:
            return self._quals[stemmed]
        first = (_adj_stem(key[0]), *key[1:])
        return self._quals.get(first)

    def _split_title(self, title: str) -> _Alias | None:
        """Head, qualifiers and deputy flag of a role alias as written in the data (nominative)."""
        original = _TOKEN_RE.findall(title)
        tokens = [t.casefold() for t in original]
        # the head is the first capitalised token that is not a qualifier or article
        for i, tok in enumerate(tokens):
            if tok in _ARTICLES or self._qual_lookup([tok]) or original[i][:1].islower():
                continue
            quals, base = self._split_compound(tok)
            base = _strip_feminine(base, self._heads_or_none())[0]
            after_quals, extra = self._qualifiers_and_rest(_until_locative(tokens[i + 1 :]))
            quals |= self._qualifiers(tokens[:i]) | after_quals
            deputy = "vize" in tok.split("-")[:-1] or any(_adj_stem(t) in _DEPUTY for t in tokens[:i])
            return _Alias(base, frozenset(quals), frozenset(extra), title, deputy)
        return None

    def _heads_or_none(self) -> set[str] | None:
        return self._heads or None

    def _split_compound(self, token: str) -> tuple[set[str], str]:
        """Qualifier prefixes of a title word: "us-präsident" -> {US}, "präsident"."""
        quals: set[str] = set()
        parts = token.split("-")
        unknown = []
        for part in parts[:-1]:
            if part in self._prefixes:
                quals.add(self._prefixes[part])
            elif part not in ("ex", "vize", "alt"):
                unknown.append(part)  # "élysée-chef" stays one title
        base = "-".join([*unknown, parts[-1]])
        for pref in sorted(self._compounds, key=len, reverse=True):
            if base.startswith(pref) and len(base) - len(pref) >= 4:
                quals.add(self._compounds[pref])
                base = base[len(pref) :]
                break
        return quals, base

    def _head(self, token: str) -> tuple[str, set[str], Literal["m", "f"] | None, Time, bool] | None:
        """(title, qualifiers, gender, time, deputy) when ``token`` is an inflected title word."""
        parts = token.split("-")
        time: Time = "former" if "ex" in parts[:-1] or "alt" in parts[:-1] else "current"
        deputy = "vize" in parts[:-1]
        quals, base = self._split_compound(token)
        found = self._title_of(base)
        if found is None and base.startswith("vize"):  # "Vizepräsident" is not the president
            deputy, found = True, self._title_of(base[4:])
        if found is None and base.startswith("alt"):  # "Altkanzler", "Altbundespräsident"
            more, rest = self._split_compound(base[3:])
            time, quals, found = "former", quals | more, self._title_of(rest)
        if found is None:
            return None
        return found[0], quals, found[1], time, deputy

    def _title_of(self, word: str) -> tuple[str, Literal["m", "f"] | None] | None:
        for form in _inflections(word):
            title, gender = _strip_feminine(form, self._heads)
            if title in self._heads:
                return title, gender
        return None

    # ------------------------------------------------------------------ descriptors
    def party_codes(self, word: str) -> frozenset[str]:
        """The parties a party word names: "Grünen-Politikerin" -> {Grüne}, "Union" -> {CDU, CSU}."""
        key = word.strip().casefold()
        found = self._party_forms.get(key)
        if found is None and "-" in key:  # "CDU-Politiker", "Grünen-Chefin"
            found = self._party_forms.get(key.split("-")[0])
        return found or frozenset()

    def persons_with(
        self,
        *,
        nationality: str | None = None,
        party: str | None = None,
        gender: Literal["m", "f"] | None = None,
        role_words: str | None = None,
        age: int | None = None,
        date: dt.date | None = None,
        candidates: Iterable[Person] | None = None,
    ) -> list[Person]:
        """The persons (of ``candidates``, default: all) that fit a descriptor; None = any.

        ``nationality``: a country code or a demonym ("Niederländer", "die Norwegerin"; its gender
        counts too); ``party``: a party key or word ("CDU", "Grünen-Politikerin", "Union"; former
        parties count); ``role_words``: a role noun phrase the person held on ``date`` (any time when
        None; home-country defaults off); ``age`` ("der 64-Jährige"): needs ``birth_year`` and ``date``.
        """
        pool = list(self.persons if candidates is None else candidates)
        if nationality is not None:
            code, demonym_gender = self._nationality(nationality)
            gender = gender or demonym_gender
            pool = [p for p in pool if p.nationality == code]
        if party is not None:
            codes = self.party_codes(party) or frozenset([party])
            pool = [p for p in pool if codes & {p.party, *p.former_parties}]
        if gender is not None:
            pool = [p for p in pool if p.gender == gender]
        if role_words is not None:
            holders = {p.name for p in self.resolve_role(role_words, date, country=None)}
            pool = [p for p in pool if p.name in holders]
        if age is not None and date is not None:
            pool = [p for p in pool if p.birth_year and date.year - p.birth_year - 1 <= age <= date.year - p.birth_year]
        return pool

    def _nationality(self, word: str) -> tuple[str | None, Literal["m", "f"] | None]:
        if word.upper() in self.countries:
            return word.upper(), None
        tokens = word.split()
        hit = self._demonyms.get(tokens[-1].casefold() if tokens else "")
        if hit is None:
            return None, None
        gender = hit[1]
        if gender is None and len(tokens) > 1:
            gender = {"der": "m", "ein": "m", "die": "f", "eine": "f"}.get(tokens[0].casefold())
        return hit[0], gender


def speaker_files() -> list[Path]:
    """Every speakers file in the data folders: ``speakers.json`` then ``speakers_*.json``, per folder."""
    files: list[Path] = []
    for folder in data_dirs():
        main = folder / SPEAKERS_FILE
        files += [main] if main.is_file() else []
        files += sorted(p for p in folder.glob(SPEAKERS_PARTS) if p.is_file())
    return files


def _time_of(stems: set[str]) -> Time:
    for words, time in ((_FORMER, "former"), (_NEXT, "next"), (_OUTGOING, "outgoing"), (_NEW, "new"),
                        (_ACTING, "acting")):
        if stems & words:
            return time  # type: ignore[return-value]
    return "current"


def _nationality_like(token: str) -> bool:
    """An adjective that may name a country not in the data: "indonesische" (not "innenpolitische")."""
    stem = _adj_stem(token)
    return stem.endswith("isch") and not stem.endswith(_NOT_NATIONAL)


def _until_locative(tokens: list[str]) -> list[str]:
    """The words after a title up to a place or time phrase: "Außenminister in Brüssel" is not Belgian."""
    for i, tok in enumerate(tokens):
        if tok in _LOCATIVE:
            return tokens[:i]
    return tokens


def _indefinite(mention: str) -> bool:
    """"ein Minister", "einer Sprecherin": some holder, not the one holder of an office."""
    tokens = mention.split()
    return bool(tokens) and tokens[0].casefold() in _INDEFINITE


def _is_home(role: Role, alias: _Alias) -> bool:
    return not alias.qualifiers and (role.home is None or alias.text in role.home)


def _pick_in_time(matches: list[tuple[int, Role]], date: dt.date | None, time: Time) -> list[int]:
    """The person indices whose spell in the office fits ``date`` and the time qualifier, in order."""
    if date is None:
        return list(dict.fromkeys(i for i, _ in matches))
    if time == "former":
        ended = sorted((r.end, i) for i, r in matches if r.end is not None and r.end < date)
        return list(dict.fromkeys(i for _, i in reversed(ended)))
    current = [(i, r) for i, r in matches if r.valid_on(date)]
    if time == "next":
        later = sorted((r.start, i) for i, r in matches if r.start is not None and r.start > date)
        return [later[0][1]] if later else []
    if time == "new":
        soon = [(i, r) for i, r in matches if r.start is not None and date < r.start <= date + _SOON]
        pool = [(r.start or dt.date.min, i) for i, r in current + soon]
        return [max(pool)[1]] if pool else []
    if time == "outgoing":
        ending = [(r.end, i) for i, r in matches
                  if r.end is not None and date - _RECENT <= r.end <= date + _ENDING and (r.start or date) <= date]
        if ending:
            return [min(ending, key=lambda e: (abs((e[0] - date).days), e[1]))[1]]
    return list(dict.fromkeys(i for i, _ in current))


_NAME_PARTICLES = frozenset(
    ["von", "van", "de", "di", "da", "le", "la", "der", "den", "du", "del", "dos", "ter", "zu"]
)


def _surname_of(name: str) -> str:
    """Last word of a name plus preceding particles: "Ursula von der Leyen" -> "von der Leyen"."""
    words = name.split()
    i = len(words) - 1
    while i > 1 and words[i - 1].casefold() in _NAME_PARTICLES:
        i -= 1
    return " ".join(words[i:])


def _inflections(word: str) -> list[str]:
    """Candidate base forms: "kanzlers" -> "kanzler"; adjectival titles "regierenden" -> "regierender"."""
    out = [word]
    for ending in ("innen", "es", "en", "s", "n", "r"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            out.append(word[: -len(ending)] + ("in" if ending == "innen" else ""))
    return out + [form + "r" for form in out if form.endswith("e")]


def _strip_feminine(word: str, heads: set[str] | None) -> tuple[str, Literal["m", "f"] | None]:
    """Split a feminine title: "außenministerin" -> ("außenminister", "f") when the masculine is known."""
    if heads is not None and word in heads:
        return word, "m"
    if word.endswith("in") and len(word) > 5 and (heads is None or word[:-2] in heads):
        return word[:-2], "f"
    return word, "m" if heads is not None else None


def _by_gender(persons: list[Person], gender: Literal["m", "f"] | None) -> list[Person]:
    if gender == "f":
        return [p for p in persons if p.gender == "f"]
    if gender == "m":
        men = [p for p in persons if p.gender != "f"]
        return men or persons
    return persons


def _content_word(token: str) -> str:
    """A complement word without genitive ending: "außenministeriums" -> "außenministerium"."""
    for ending in ("es", "s"):
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            return token[: -len(ending)]
    return token


def _adj_stem(token: str) -> str:
    for ending in _ADJ_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            return token[: -len(ending)]
    return token


def _genitive(name: str) -> str:
    return name if name[-1:] in "sßxz" else name + "s"


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.casefold() for t in _TOKEN_RE.findall(text))


def _fold(text: str) -> str:
    """Strip diacritics ("Erdoğan" -> "Erdogan"); keeps German umlauts' base letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _space(text: str) -> str:
    return " ".join(text.split())


def trie_regex(words: Iterable[str]) -> str:
    """A compact regex matching exactly ``words`` (longest first); spaces match any whitespace."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict[str, Any]) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        atom = r"\s+" if ch == " " else re.escape(ch)
        branches.append(atom + _node_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


def _validate(path: Path, model: type[Any]) -> Any:
    """Parse and validate one data file; errors name the file and the entry."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read JSON: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(f"{path}: invalid data:\n{_describe(exc, raw)}") from exc


def _describe(exc: ValidationError, raw: Any) -> str:
    lines = []
    for err in exc.errors():
        loc = err["loc"]
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] == "persons" and isinstance(loc[1], int) and isinstance(raw, dict):
            with contextlib.suppress(IndexError, AttributeError, KeyError, TypeError):
                where += f" (person {raw['persons'][loc[1]].get('name')!r})"
        lines.append(f"  {where}: {err['msg']}")
    return "\n".join(lines)


def _extend(old: PersonEntry, new: PersonEntry) -> PersonEntry:
    """A user entry for a known person: aliases and roles appended, given fields overridden."""
    data = old.model_dump()
    update = new.model_dump(exclude_unset=True)
    data.update({k: v for k, v in update.items() if k not in ("aliases", "roles")})
    data["aliases"] = old.aliases + [a for a in new.aliases if a not in old.aliases]
    data["roles"] = [*old.model_dump()["roles"], *new.model_dump()["roles"]]
    return PersonEntry.model_validate(data)


def _build_person(
    path: Path, i: int, entry: PersonEntry, role_types: dict[str, RoleType], known: set[str], parties: set[str]
) -> Person:
    where = f"{path}: persons[{i}] ({entry.name!r})"
    if entry.nationality and entry.nationality not in known:
        raise DataFileError(f"{where}: unknown nationality {entry.nationality!r} (not in {DEMONYMS_FILE})")
    for party in filter(None, [entry.party, *entry.former_parties]):
        if party not in parties:
            raise DataFileError(f"{where}: unknown party {party!r} (not a key of 'parties' in {DEMONYMS_FILE})")
    roles = []
    for ref in entry.roles:
        if ref.role and ref.role not in role_types:
            raise DataFileError(f"{where}: unknown role {ref.role!r} (not a key of 'roles')")
        base = role_types[ref.role] if ref.role else None
        roles.append(
            Role(
                key=ref.role,
                title=ref.title or (base.title if base else ""),
                aliases=[*(base.aliases if base else []), *ref.aliases],
                country=ref.country or (base.country if base else None),
                org=ref.org or (base.org if base else None),
                home=base.home if base else None,
                start=ref.start,
                end=ref.end,
                note=ref.note,
            )
        )
    return Person(
        name=entry.name,
        wikidata=entry.wikidata,
        aliases=tuple(entry.aliases),
        gender=entry.gender,
        nationality=entry.nationality,
        party=entry.party,
        former_parties=tuple(entry.former_parties),
        birth_year=entry.birth_year,
        roles=tuple(roles),
        surname=entry.surname or "",
        match_surname=entry.match_surname,
    )


def _check_role_types(role_types: dict[str, RoleType], known: set[str]) -> None:
    for key, rt in role_types.items():
        for code in (rt.country, rt.org):
            if code and code not in known:
                raise DataFileError(f"{SPEAKERS_FILE}: roles.{key}: unknown country/organisation {code!r}")


@lru_cache(maxsize=4)
def _cached_kb(files: tuple[tuple[str, int], ...]) -> KnowledgeBase:
    return KnowledgeBase.load()


def default_kb() -> KnowledgeBase:
    """The knowledge base of the package and ``NATO_QUOTES_DATA`` files (cached; reloaded when the
    set of files or their modification times change)."""
    files = tuple((str(p), p.stat().st_mtime_ns) for p in [*speaker_files(), *data_files(DEMONYMS_FILE)])
    return _cached_kb(files)
