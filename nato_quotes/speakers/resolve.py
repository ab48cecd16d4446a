"""Speaker resolution: every speaker mention of a quote to an entity of the document.

Passes, in order, each recorded in ``Speaker.resolution``:

``name`` / ``fullest-mention`` / ``surname``   a name in the mention -> the person entity of that name
``apposition``   a role noun followed by a name the mention left out -> that person
``pronoun``      er/sie/possessives -> the most salient entity of matching gender and number
                 (nearest sentence first; within a sentence the subject beats a later mention)
``relative``     "Celebi, die angab" -> the noun phrase before the comma
``demnach``      demnach/dies/eigenen Angaben -> the previous quote's speaker
``descriptor``   "der GdP-Vorsitzende", "die Grünen-Politikerin", "der 64-Jährige" -> the entity whose
                 merged attributes (role words, organisation, party, age, nationality) fit
``demonym``      "der Norweger" -> the person of that nationality
``role+date`` / ``role``   a role noun through the knowledge base, with the home country and the date
``organisation`` / ``document`` / ``group`` / ``anonymous``   typed sources that are no person
``continuation`` / ``topic``   quotes without a speaker mention
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Iterable

import regex
import simplemma

from ..analysis import Analysis
from ..attribution import Candidate
from ..kb import KnowledgeBase, Person, trie_regex
from ..lexicon import data_cache, lemma
from ..model import Entity as EntityModel
from ..model import Span, Speaker
from ..source import _person_nouns, first_finite, np_backward, prefield_subject
from .entities import Entity, EntityTable, MentionRef
from .mentions import (
    NameMention,
    PhraseReader,
    find_name_mentions,
    find_role_mentions,
    find_unnamed_persons,
)
from .names import compatible, genitive_base, known_lower_case_word, looks_common_noun, word_key
from .phrase import Phrase, find_collective_mentions, parse_phrase, speaker_types, time_nouns, untyped_kind

SALIENCE_WINDOW = 3  # sentences to look back for the antecedent of a pronoun
DESCRIPTOR_WINDOW = 30  # sentences to look back for the person a descriptor ("der GdP-Vorsitzende") names
_SUBJECT_PREFIX = regex.compile(r"^[\s„“\"»«(–-]*(?:(?:Der|Die)\s+(?:[\p{L}\-]+\s+){0,6}[\p{L}\-]+,\s+)?"  # an apposition
                                r"(?:(?:[Dd]e[rnms]|[Dd]ie|[Dd]as|\p{Lu}[\p{L}\-]*|[\p{Ll}]+(?:e|en|er))\s+){0,4}$")
_AFTER_ARTICLE = regex.compile(r"\b(?:[Dd](?:e[rnms]|ie|as)|[Ee]ine?[rnms]?|[Ii][mn]|[Zz]u[mr]|[Vv]om|[Bb]eim|[Aa]us|"
                               r"[Nn]ach)\s+(\p{Lu}[\p{L}\p{M}'’-]*)")
_PERSON_TYPES = ("person",)
_INDIVIDUAL_TYPES = ("person", "anonymous")  # what er/sie can stand for
_ARTICLE_WORDS = frozenset(["der", "die", "ein", "eine", "einer", "einem", "einen", "dem", "den"])
_COLLECTIVE_TYPES = ("organisation", "group")
_GENDER_PRONOUNS = {"m": regex.compile(r"\b(?:[Ee]r|ihm|ihn|[Ss]ein(?:e[mnrs]?)?)\b"),
                    "f": regex.compile(r"\b(?:[Ss]ie|[Ii]hr(?:e[mnrs]?)?)\b")}
_OBLIQUE_BEFORE = regex.compile(
    r"\b(?:mit|von|vom|bei|beim|gegen|für|an|am|zu|zum|zur|nach|über|vor|unter|dem|einem|seinem|seinen|ihrem|ihren)"
    r"(?:\s+[\p{L}\-]+){0,4}\s+$")
_WORD_PAIR = regex.compile(r"(?<![\p{L}\p{N}\-.])((?:\p{Lu}\.){1,3}|\p{Lu}[\p{Ll}\p{M}'’\-]+)[ \u00a0]+"
                           r"(?=(\p{Lu}[\p{L}\p{M}'’\-]+)(?![\p{L}\p{N}\-]))")
_DEFINITE_ARTICLES = frozenset(["der", "die"])


class DocumentSpeakers:
    """The entities of one document and the speaker of each candidate quote."""

    def __init__(self, analysis: Analysis, kb: KnowledgeBase, date: dt.date | None,
                 candidates: Iterable[Candidate] = (), *, country: str = "DE") -> None:
        self.text = analysis.text
        self.analysis = analysis
        self.kb = kb
        self.date = date
        self.country = country
        self.table = EntityTable(kb)
        self.phrases: dict[int, Phrase] = {}
        self.resolved: dict[int, tuple[Speaker, Entity | None]] = {}
        self._last_at: list[int] = []  # positions of the resolved speakers' quotes, sorted
        self._last: list[Entity] = []  # their entities, same order
        self._article_words: frozenset[str] | None = None
        self._pairs: dict[str, list[tuple[int, int, str]]] | None = None
        candidates = list(candidates)
        read: dict[tuple[int, int, bool], Phrase] = {}
        reader = self._reader = PhraseReader(self.text, kb)  # a wording said again elsewhere is read once
        for cand in candidates:
            if cand.speaker_span is not None:
                key = (*cand.speaker_span, self._plural_verb(cand))
                if key not in read:  # quotes of one cue share their speaker phrase
                    read[key] = self._agreeing(reader.phrase(*key), cand)
                self.phrases[id(cand)] = read[key]
        self._build_entities(candidates)

    # ------------------------------------------------------------------ entities
    def _build_entities(self, candidates: list[Candidate]) -> None:
        spoken = [self._phrase_mention(p) for p in self.phrases.values()
                  if p.kind == "name" and p.name and p.evidence]
        mentions = _merge_mentions(find_name_mentions(self.text, self.kb), spoken)
        for m in mentions:
            self.table.add_person(m.start, m.end, m.name, person=m.person, phrase=m.phrase,
                                  subject=self._is_subject(m.start))
        self.table.link_knowledge_base()
        self._add_surname_mentions()
        self._add_role_mentions(mentions)
        for start, end, gender in find_unnamed_persons(self.text):
            if not self.table.mentions_overlapping(start, end):
                entity = self.table.add_other("anonymous", self.text[start:end], start, end)
                entity.gender = gender
        for phrase in find_collective_mentions(self.text, self.kb, self._reader.phrase):  # antecedents of "sie"/"es"
            if not self.table.mentions_overlapping(phrase.start, phrase.end):
                self.table.add_other(phrase.kind, phrase.label or phrase.text, phrase.start, phrase.end, phrase,
                                     subject=self._is_subject(phrase.start))

    def _add_surname_mentions(self) -> None:
        """Every later "Gall", "Merkels" of a person named in full becomes a mention of that person (one
        compiled pattern over the text), so pronouns, clause subjects and topics can find them."""
        surnames = {n.split()[-1] for e in self.table.items if e.type == "person" for n in e.names
                    if len(n.split()) > 1 and len(n.split()[-1]) > 2 and n.split()[-1][:1].isupper()}
        if not surnames:
            return
        pattern = regex.compile(r"(?<![\p{L}\p{N}\-])(" + trie_regex(surnames) + r")(?:s|'s|’s)?(?![\p{L}\p{N}\-])")
        for m in pattern.finditer(self.text):
            start, end = m.span(1)
            if self.table.mentions_overlapping(start, end):
                continue
            entity = self.table.matching_person(m.group(1), start)
            if entity is not None and entity.mentions and entity.mentions[0].start < start:
                self.table.add_mention(entity, start, end, subject=self._is_subject(start))

    def _add_role_mentions(self, names: list[NameMention]) -> None:
        """Role nouns that name one office holder on the document date become mentions of that person."""
        roles: dict[str, list[Person]] = {}

        def holder(phrase: str, pos: int) -> Person | None:
            if phrase not in roles:
                roles[phrase] = _resolve_role(self.kb, phrase, self.date, self.country)
            found = roles[phrase]
            if len(found) == 1 and self.date is not None:
                return found[0]
            entity = self._latest_named(found, pos)  # without a date: the holder the document named last
            return entity.person if entity is not None else None

        starts = [m.start for m in names]
        for start, end, person in find_role_mentions(self.text, holder):
            at = bisect.bisect_left(starts, start)
            near = names[max(0, at - 2):at + 2]
            if any(m.start < end + 3 and start < m.end for m in near):
                continue  # inside a name mention, or the title of the name right after it
            entity = self.table.by_person(person) or self.table.add_person(start, end, person.name, person=person)
            self.table.add_mention(entity, start, end, subject=self._is_subject(start))

    def _phrase_mention(self, phrase: Phrase) -> NameMention:
        at = self.text.find(phrase.name or "", phrase.start, phrase.end + 1)
        start = at if at >= 0 else phrase.start
        end = start + len(phrase.name or "") if at >= 0 else phrase.end
        person = self.kb.match_name(phrase.name or "")
        if person is not None and not compatible(person.name, phrase.name or ""):
            person = None
        return NameMention(start, end, self.text[start:end], phrase, person)

    def _is_subject(self, pos: int) -> bool:
        """A mention at the start of its sentence (after articles, adjectives and titles) is its subject."""
        index = self.analysis.sentence_at(pos)
        start = self.analysis.sentences[index].start if index is not None else max(0, pos - 80)
        return bool(_SUBJECT_PREFIX.match(self.text[start:pos]))

    def entities(self) -> list[EntityModel]:
        """The document's entities with their mentions, for ``DocumentResult.entities``."""
        out = []
        for e in self.table.items:
            if not e.mentions:
                continue
            attributes = {k: v for k, v in (("gender", e.gender), ("nationality", e.nationality), ("party", e.party),
                                            ("age", e.age), ("organisation", e.org)) if v}
            if e.words:
                attributes["roles"] = sorted(e.words)
            out.append(EntityModel.model_construct(
                id=e.id, name=e.name, type=e.type, kb=e.person.name if e.person else None,
                wikidata=e.person.wikidata if e.person else None, attributes=attributes,
                mentions=[Span.model_construct(start=m.start, end=m.end, text=self.text[m.start:m.end])
                          for m in e.mentions]))
        return out

    # ------------------------------------------------------------------ one candidate
    def resolve(self, cand: Candidate) -> Speaker | None:
        """The speaker of a candidate quote (None when there is none)."""
        entity: Entity | None = None
        if cand.speaker_from is not None:
            prev = self.resolved.get(id(cand.speaker_from))
            if cand.speaker_from.subject_span is not None:  # "Laut CNN hat Panetta verkündet, …" then Panetta's
                prev = self._resolve_phrase(parse_phrase(self.text, *cand.speaker_from.subject_span, self.kb), cand.start)
            speaker, entity = (_continued(prev[0]), prev[1]) if prev else (None, None)
            if speaker is not None and cand.speaker_span is not None:
                speaker = _referring(self.text, speaker, *cand.speaker_span)
            elif cand.speaker_span is None:
                speaker, entity = self._sentence_subject(cand, entity) or (speaker, entity)
        elif cand.speaker_span is not None:
            speaker, entity = self._resolve_phrase(self.phrases[id(cand)], cand.start)
        elif cand.impersonal:
            why = "hearsay 'soll': no source named" if cand.rule == "hearsay-sollen" else "impersonal cue (hieß es, passive)"
            speaker = Speaker(anonymous=True, type="anonymous", resolution="anonymous", explanation=why)
        elif cand.cue_spans:
            speaker, entity = self._clause_subject(cand)
        else:
            speaker, entity = self._topic(cand.start)
        if speaker is not None:
            self.resolved[id(cand)] = (speaker, entity)
            if entity is not None:
                at = bisect.bisect_right(self._last_at, cand.start)
                self._last_at.insert(at, cand.start)
                self._last.insert(at, entity)
                if speaker.span is not None:
                    self.table.add_mention(entity, speaker.span.start, speaker.span.end, subject=True)
        return speaker

    def _resolve_phrase(self, phrase: Phrase, pos: int) -> tuple[Speaker, Entity | None]:
        passes = {
            "name": self._by_name, "pronoun": self._by_pronoun, "possessive": self._by_pronoun,
            "relative": self._by_relative, "refer": self._by_reference, "descriptor": self._by_descriptor,
        }
        sieve = passes.get(phrase.kind)
        surname = self._bare_surname(phrase, pos) or self._name_after(phrase)
        found = surname or (sieve(phrase, pos) if sieve else self._typed(phrase)) or self._unknown_name(phrase)
        if found is None:
            return _speaker(phrase, None, "unresolved", f"no entity found for {phrase.text!r}"), None
        entity, resolution, why = found
        return _speaker(phrase, entity, resolution, why), entity

    # ------------------------------------------------------------------ passes
    def _name_after(self, phrase: Phrase) -> tuple[Entity, str, str] | None:
        """A role noun followed by a name is that name, also across attributes and a comma the speaker
        mention left out: "der Deutschlandchef von EY, Hubert Bart", "Angaben des Gouverneurs Nasser Baoum"."""
        if phrase.kind not in ("descriptor", "anonymous") or phrase.plural:
            return None
        for mention, entity in self.table.mentions_between(phrase.end, phrase.end + 90):
            if entity.type == "person" and self._attribute_gap(phrase.end, mention.start):
                return entity, "apposition", f"{phrase.text!r} is followed by the name {entity.name!r}"
            break
        return None

    def _attribute_gap(self, start: int, end: int) -> bool:
        """Between a role noun and a name only attributes ending in a comma, or nothing: no verb, no other
        person noun, no sentence boundary."""
        gap = self.text[start:end]
        if not gap.strip():
            return True
        if not gap.rstrip().endswith(",") or any(c in gap for c in ".;:!?„“\"") or gap.count(",") > 1:
            return False
        index = self.analysis.sentence_at(start)
        if index is None or self.analysis.sentence_at(end) != index:
            return False
        inside = [t for t in self.analysis.sentences[index].tokens if start <= t.start and t.end <= end]
        return len(inside) <= 10 and not any(t.upos in ("VERB", "AUX") or _person_nouns().get(t.text.casefold())
                                             for t in inside)

    def _by_name(self, phrase: Phrase, pos: int) -> tuple[Entity, str, str] | None:
        written = phrase.name or ""
        entity = self._entity_at(phrase.start, phrase.end, written) or self._by_surname(written, pos)
        if entity is None and " " not in written:
            entity = self._named_in_full(written)
        if entity is None and not (phrase.evidence or self._unknown_surname(written)):
            return None  # one capitalised word that names no one in the document: no person
        if entity is None:
            entity = self.table.add_person(phrase.start, phrase.end, written, phrase=phrase)
        if len(written.split()) == 1 and entity.name != written:
            return entity, "surname", f"surname of {entity.name!r} named in the document"
        if entity.person is not None:
            return entity, "name", f"knowledge-base name in {phrase.text!r}"
        if entity.name != written:
            return entity, "fullest-mention", f"not in the knowledge base; fullest name in the document: {entity.name!r}"
        return entity, "name", f"name in {phrase.text!r} (not in the knowledge base)"

    def _named_in_full(self, word: str) -> Entity | None:
        """A lone surname written elsewhere in the document after a given name or initials the name
        lists do not know ("Adrien Zeller", "C.Y. Leung", "NPR-Journalisten Juan Williams"): that person."""
        if len(word) < 3 or word.isupper() or looks_common_noun(word):
            return None
        for start, end, given in self._word_pairs().get(word, ()):
            if given.endswith(".") or not (looks_common_noun(given) or known_lower_case_word(given)
                                           or given.casefold() in _ARTICLE_WORDS or _person_nouns().get(given.casefold())
                                           or given.endswith("s") or simplemma.is_known(given.casefold(), lang="de")):
                return self.table.add_person(start, end, self.text[start:end])
        return None

    def _word_pairs(self) -> dict[str, list[tuple[int, int, str]]]:
        """Every capitalised word after a capitalised word or initials, by the second word (one pass, once)."""
        if self._pairs is None:
            self._pairs = {}
            for m in _WORD_PAIR.finditer(self.text):
                self._pairs.setdefault(m.group(2), []).append((m.start(1), m.end(2), m.group(1)))
        return self._pairs

    def _unknown_surname(self, word: str) -> bool:
        """A lone capitalised word as the subject of speech, never used with an article in the document and
        no acronym: a person's surname ("Podolski sagte")."""
        if len(word) < 3 or word.isupper() or " " in word or looks_common_noun(word) or known_lower_case_word(word):
            return False
        if simplemma.is_known(word, lang="de"):
            return False  # a word of the German lexicon ("Industrie", "Euro"): only a name we meet in full
        if word.casefold() in time_nouns():
            return False
        return word not in self._words_after_articles()  # "in Queensland", "die Telekom": a place or a thing

    def _words_after_articles(self) -> frozenset[str]:
        """Capitalised words the document uses after an article or a place preposition (found once)."""
        if self._article_words is None:
            self._article_words = frozenset(_AFTER_ARTICLE.findall(self.text))  # group 1 of each match
        return self._article_words

    def _bare_surname(self, phrase: Phrase, pos: int) -> tuple[Entity, str, str] | None:
        """One capitalised word without article that is the surname of a person in the document ("König")."""
        if phrase.kind == "name" or " " in phrase.text or not phrase.text[:1].isupper():
            return None
        entity = self._by_surname(phrase.text, pos)
        if entity is None or entity.type != "person" or not entity.mentions or entity.mentions[0].start >= pos:
            return None
        return entity, "surname", f"surname of {entity.name!r} named in the document"

    def _by_surname(self, word: str, pos: int) -> Entity | None:
        """A single word that is the surname of a person named in the document or the knowledge base."""
        if len(word.split()) != 1:
            return None
        for candidate in (word, genitive_base(word)):
            if not candidate:
                continue
            entity = self.table.matching_person(candidate, pos)
            if entity is not None:
                return entity
        person = self.kb.match_name(word)
        if person is None and not looks_common_noun(word):
            holders = self.kb.by_surname(word)  # "Bush", "Glos": the one knowledge-base person of that surname
            person = holders[0] if len(holders) == 1 else None
        return self._kb_entity(person, None, pos) if person is not None else None

    def _entity_at(self, start: int, end: int, name: str | None = None) -> Entity | None:
        """The person entity mentioned inside ``[start, end)``; with ``name``, the one whose mention is that name."""
        at = self.text.find(name, start, end + 1) if name else -1
        if at >= 0:
            start, end = at, at + len(name or "")
        return next((e for _, e in self.table.mentions_overlapping(start, end) if e.type == "person"), None)

    def _by_pronoun(self, phrase: Phrase, pos: int) -> tuple[Entity, str, str] | None:
        word = phrase.head
        if word in ("man",):
            entity = self.table.add_other("anonymous", phrase.text, phrase.start, phrase.end, phrase)
            return entity, "anonymous", "'man': an unnamed source"
        collective = phrase.plural or word in ("wir",)
        types = _COLLECTIVE_TYPES if collective else _PERSON_TYPES
        gender = None if collective or word in ("ich",) else phrase.gender
        if not collective and gender in ("m", "f"):
            found = self._descriptor_subject(phrase, gender)
            if found is not None:
                return found
        entity = self._salient(pos, types, gender)
        if entity is None and not collective and gender in _GENDER_PRONOUNS:
            entity = self._pronoun_chain(pos, gender)
            if entity is not None:
                return entity, "pronoun", f"{phrase.text!r} -> {entity.name!r}, referred to by pronouns since"
        if entity is None and not collective:  # "Ein Landwirt … Er sagte": an unnamed individual
            types = _INDIVIDUAL_TYPES
            entity = self._salient(pos, ("anonymous",), gender)
        if entity is None and gender in ("f", "n") and word != "ich":
            # "ihren Angaben", "sie teilte mit", "es hieß": an organisation's, a group's or a document's
            entity = self._salient(pos, (*_COLLECTIVE_TYPES, "document") if gender == "n" else _COLLECTIVE_TYPES, gender)
        if entity is None:
            return None
        return entity, "pronoun", f"{phrase.text!r} -> {entity.name!r}, the most salient {'/'.join(types)} before it"

    def _salient(self, pos: int, types: tuple[str, ...], gender: str | None) -> Entity | None:
        """The entity of ``types`` (and gender) mentioned last in the nearest sentence; subjects first."""
        here = self.analysis.sentence_at(pos)
        here = here if here is not None else len(self.analysis.sentences)
        last_speaker = self._last_speaker(pos)
        best, best_key = None, None
        latest: dict[int, tuple[MentionRef, Entity]] = {}
        for mention, entity in self.table.mentions_between(self._sentences_back(pos, 2 * SALIENCE_WINDOW), pos):
            if mention.end <= pos:
                latest[id(entity)] = (mention, entity)
        for mention, entity in latest.values():
            if entity.type not in types or (gender and entity.gender and entity.gender != gender):
                continue
            if gender == "n" and entity.type == "person":
                continue
            index = self.analysis.sentence_at(mention.start)
            distance = here - (index if index is not None else here)
            subject = mention.subject
            if entity is last_speaker and distance <= 2 * SALIENCE_WINDOW:
                distance, subject = min(distance, 1), True  # the one who spoke last stays in focus
            if distance > SALIENCE_WINDOW:
                continue
            key = (distance, not subject, -mention.start)
            if best_key is None or key < best_key:
                best, best_key = entity, key
        return best

    def _pronoun_chain(self, pos: int, gender: str) -> Entity | None:
        """The one person of that gender named in the last ten sentences, when every sentence since refers to
        someone by a pronoun of that gender ("Vincio Luna … Er wurde verhaftet. … Er soll … er gab an")."""
        here = self.analysis.sentence_at(pos)
        if here is None:
            return None
        only = _one_entity([(m, e) for m, e in self._persons_between(self._sentences_back(pos, 10), pos)
                            if e.gender in (gender, None)])
        if only is None:
            return None
        mention, entity = only
        there = self.analysis.sentence_at(mention.start)
        if there is None:
            return None
        pronoun = _GENDER_PRONOUNS[gender]
        between = self.analysis.sentences[there + 1:here]
        if all(pronoun.search(self.text, s.start, s.end) for s in between):
            return entity
        return None

    def _sentences_back(self, pos: int, n: int) -> int:
        """The offset where the sentence ``n`` sentences before the one at ``pos`` starts."""
        here = self.analysis.sentence_at(pos)
        if here is None or not self.analysis.sentences:
            return max(0, pos - 400 * (n + 1))
        return self.analysis.sentences[max(0, here - n)].start

    def _last_speaker(self, pos: int) -> Entity | None:
        """The entity of the last resolved quote at or before ``pos``."""
        at = bisect.bisect_right(self._last_at, pos)
        return self._last[at - 1] if at else None

    def _by_relative(self, phrase: Phrase, pos: int) -> tuple[Entity, str, str] | None:
        """ "Celebi, die auch angab, …": the relative pronoun stands for the noun phrase before the comma."""
        span = self._phrase_before_comma(phrase.start)
        if span is None:
            return None
        antecedent = parse_phrase(self.text, *span, self.kb)
        if antecedent.kind == "relative":
            return None
        speaker, entity = self._resolve_phrase(antecedent, pos)
        if entity is None:
            return None
        return entity, "relative", f"relative pronoun {phrase.text!r} -> {antecedent.text!r} ({speaker.explanation})"

    def _phrase_before_comma(self, start: int) -> tuple[int, int] | None:
        index = self.analysis.sentence_at(start)
        if index is None:
            return None
        tokens = self.analysis.sentences[index].tokens
        k = next((i for i, t in enumerate(tokens) if t.start == start), None)
        if k is None or k < 2 or tokens[k - 1].text != ",":
            return None
        span = np_backward(tokens, k - 1)
        for _ in range(3):  # "die Anwältin der Frau": the head, not the genitive attribute
            if span is None or span[0] == 0 or tokens[span[0]].text.lower() not in ("des", "der"):
                break
            head = np_backward(tokens, span[0])
            if head is None:
                break
            span = (head[0], span[1])
        return (tokens[span[0]].start, tokens[span[1] - 1].end) if span else None

    def _by_reference(self, phrase: Phrase, pos: int) -> tuple[Entity, str, str] | None:
        """ "demnach", "dies", "eigenen Angaben", "dieser": the previous speaker (or the gendered antecedent)."""
        if phrase.gender in ("m", "f"):  # "dieser", "letztere": the nearest fitting person, subject or not
            entity = self._most_recent(pos, _INDIVIDUAL_TYPES, phrase.gender)
            return (entity, "pronoun", f"{phrase.text!r} -> {entity.name!r}, mentioned last before it") if entity else None
        if "eigen" in phrase.text.casefold():  # "X war nach eigenem Bekunden …": the clause's own subject
            own = self._sentence_person(phrase.start)
            if own is not None:
                return own, "demnach", f"{phrase.text!r}: the statement of {own.name!r}, the person of its clause"
        sources = ("person", "organisation", "group") + (("document",) if phrase.head in ("demnach", "dies") else ())
        entity = self._last_speaker(pos) or self._salient(pos, sources, None)  # "eigenen Angaben": no document's
        if entity is None:
            return None
        return entity, "demnach", f"{phrase.text!r} refers to the previous source ({entity.name})"

    def _sentence_person(self, pos: int) -> Entity | None:
        """The person standing as subject in the sentence of ``pos``, else the one person named in it."""
        index = self.analysis.sentence_at(pos)
        if index is None:
            return None
        sent = self.analysis.sentences[index]
        persons = self._persons_between(sent.start, sent.end)
        subjects = [e for m, e in persons if m.subject]
        if subjects:
            return subjects[0]
        only = _one_entity(persons)
        return only[1] if only else None

    def _most_recent(self, pos: int, types: tuple[str, ...], gender: str) -> Entity | None:
        """The entity of ``types`` mentioned last before ``pos`` (this and the two sentences before), gender
        fitting or unknown."""
        for mention, entity in reversed(self.table.mentions_between(self._sentences_back(pos, 2), pos)):
            if mention.end <= pos and entity.type in types and entity.gender in (gender, None):
                return entity
        return None

    def _descriptor_subject(self, phrase: Phrase, gender: str) -> tuple[Entity, str, str] | None:
        """ "Der iranische Vize-Außenminister betrachtet … Er sagte, …": a sentence-initial pronoun stands for
        the subject of the sentence before when that subject is a person noun without a name; it resolves as
        that descriptor would (attributes, role, or an unnamed individual)."""
        here = self.analysis.sentence_at(phrase.start)
        if not here or self.text[self.analysis.sentences[here].start:phrase.start].strip(" „“\"»«-–\n"):
            return None
        tokens = self.analysis.sentences[here - 1].tokens
        verb = first_finite(tokens)
        span = prefield_subject(tokens, 0, verb) if verb else None
        if span is None or tokens[span[0]].text.casefold() not in _DEFINITE_ARTICLES:
            return None
        start, end = tokens[span[0]].start, tokens[span[1] - 1].end
        subject = parse_phrase(self.text, start, end, self.kb)
        if subject.kind != "descriptor" or subject.plural or subject.gender not in (gender, None):
            return None
        named = [e for _, e in self.table.mentions_overlapping(start, end) if e.type == "person"]
        if named:  # "Der Bundeskanzler nahm … Stellung. Er …": the role's holder the document names
            if named[0].gender not in (gender, None):
                return None
            return named[0], "pronoun", f"{phrase.text!r} -> the subject before it, {subject.text!r} ({named[0].name})"
        entity, resolution, why = self._by_descriptor(subject, start)
        return entity, "pronoun", f"{phrase.text!r} -> the subject before it, {subject.text!r} ({resolution}: {why})"

    def _by_descriptor(self, phrase: Phrase, pos: int) -> tuple[Entity, str, str] | None:
        for sieve in (self._by_attributes, self._by_kb_role):
            found = sieve(phrase, pos)
            if found is not None:
                return found
        entity = self.table.add_other("anonymous", phrase.label or phrase.text, phrase.start, phrase.end, phrase)
        return entity, "anonymous", f"{phrase.text!r} names no one the document or knowledge base identifies"

    def _by_attributes(self, phrase: Phrase, pos: int) -> tuple[Entity, str, str] | None:
        """An entity of the document whose role words, party, age or nationality fit the descriptor."""
        scored = []
        seen: set[int] = set()
        for _, entity in self.table.mentions_between(self._sentences_back(pos, DESCRIPTOR_WINDOW), pos):
            if entity.type not in _INDIVIDUAL_TYPES or id(entity) in seen or entity.last_before(pos) is None:
                continue  # "ein Sprecher der Downing Street … Der Sprecher": the unnamed one, if named last
            seen.add(id(entity))
            if phrase.gender in ("m", "f") and entity.gender and entity.gender != phrase.gender:
                continue
            score, why = _attribute_fit(phrase, entity, self.date)
            if score:
                scored.append((score, entity.last_before(pos).start, entity, why))
        if not scored:
            return None
        score, _, entity, why = max(scored, key=lambda s: (s[0], s[1]))
        if entity.type == "anonymous":
            return entity, "anonymous", f"{phrase.text!r}: {why} fit the unnamed {entity.name!r} mentioned before"
        resolution = "demonym" if why == "nationality" else "descriptor"
        return entity, resolution, f"{phrase.text!r}: {why} fits {entity.name!r} named before"

    def _by_kb_role(self, phrase: Phrase, pos: int) -> tuple[Entity, str, str] | None:
        holders = _resolve_role(self.kb, phrase.text, self.date, self.country)
        if not holders:
            return None
        if len(holders) == 1 and self.date is not None:
            person = holders[0]
            why = f"role {phrase.text!r} held by {person.name} on {self.date.isoformat()}"
            return self._kb_entity(person, phrase, pos), "role+date", why
        entity = self._latest_named(holders, pos) or self._only_named(holders)
        if entity is None:
            return None
        how = "date unknown" if self.date is None else "several holders"
        return entity, "role", f"role {phrase.text!r} ({how}): holder named in the document"

    def _latest_named(self, persons: list[Person], pos: int) -> Entity | None:
        """Of ``persons``, the entity the document named most recently before ``pos``."""
        named = [self.table.by_person(p) for p in persons]
        named = [e for e in named if e is not None and e.last_before(pos) is not None]
        return max(named, key=lambda e: e.last_before(pos).start) if named else None

    def _only_named(self, persons: list[Person]) -> Entity | None:
        """The one of ``persons`` the document names at all, also after the role ("Der Bundespräsident hat …
        gesagt" in the lead, "Horst Köhler" further down)."""
        named = [e for e in (self.table.by_person(p) for p in persons) if e is not None and e.mentions]
        return named[0] if len(named) == 1 else None

    def _kb_entity(self, person: Person, phrase: Phrase | None, pos: int) -> Entity:
        entity = self.table.by_person(person)
        if entity is None:
            start, end = (phrase.start, phrase.end) if phrase else (pos, pos + 1)
            entity = self.table.add_person(start, end, person.name, person=person)
        return entity

    def _typed(self, phrase: Phrase) -> tuple[Entity, str, str] | None:
        """Organisations, documents, groups and anonymous sources: typed entities with their label."""
        if phrase.kind not in ("organisation", "document", "group", "anonymous"):
            return None
        label = phrase.label or phrase.text
        entity = self.table.add_other(phrase.kind, label, phrase.start, phrase.end, phrase)
        return entity, phrase.kind, f"{phrase.kind} {label!r}"

    def _unknown_name(self, phrase: Phrase) -> tuple[Entity, str, str] | None:
        """A capitalised name that is no person we can tell ("Amnesty International", "TEPCO", "das
        Sondertribunal"): an organisation speaks."""
        if phrase.kind not in ("name", "other") or not any(w[:1].isupper() for w in (phrase.label, phrase.name or "", phrase.head)):
            return None
        label = phrase.label or phrase.name or phrase.text
        kind = untyped_kind(phrase, self.text)
        entity = self.table.add_other(kind, label, phrase.start, phrase.end, phrase)
        if kind == "anonymous":
            return entity, "anonymous", f"{phrase.text!r}: an unnamed person we have no noun for"
        return entity, kind, f"{label!r} names no person: typed {kind}"

    def _topic(self, pos: int) -> tuple[Speaker | None, Entity | None]:
        """No cue at all: a person named in the quote's sentence before it ("In seiner Pressemitteilung
        resümiert X: „…“"), the previous speaker, or a person standing as subject in the sentence before."""
        named = self._named_before_in_sentence(pos)
        if named is not None:
            entity, mention = named
            why = f"no cue found: {entity.name!r} is named in the quote's sentence before it"
            return self._mention_speaker(entity, mention, "topic", why), entity
        entity = self._salient(pos, _PERSON_TYPES, None)
        if entity is None:
            return None, None
        if self._last_speaker(pos) is not entity and not self._subject_here(entity, pos):
            return None, None
        why = f"no cue: the previous speaker, the most salient person before the quote ({entity.name!r})"
        return self._mention_speaker(entity, entity.last_before(pos), "topic", why), entity

    def _oblique_mention(self, lo: int, start: int) -> bool:
        """A mention inside a prepositional or dative/genitive phrase ("mit seinem Amtskollegen Schimon Peres",
        "nach einem Treffen mit Romney"): not the one who speaks."""
        return bool(_OBLIQUE_BEFORE.search(self.text, max(lo, start - 60), start))

    def _named_before_in_sentence(self, pos: int) -> tuple[Entity, MentionRef] | None:
        """The one person mentioned in the sentence of ``pos`` before it (None for none or several)."""
        index = self.analysis.sentence_at(pos)
        if index is None:
            return None
        only = _one_entity(self._persons_between(self.analysis.sentences[index].start, pos))
        return (only[1], only[0]) if only else None

    def _persons_between(self, lo: int, hi: int) -> list[tuple[MentionRef, Entity]]:
        """The person mentions inside ``[lo, hi)``, in text order."""
        return [(m, e) for m, e in self.table.mentions_between(lo, hi) if e.type == "person" and m.end <= hi]

    def _clause_subject(self, cand: Candidate) -> tuple[Speaker | None, Entity | None]:
        """A cue whose subject the attribution did not find ("hat Staatssekretär Berninger gefordert, …"):
        the person mention nearest before the cue's content in the same sentence."""
        index = self.analysis.sentence_at(cand.cue_spans[0][0])
        if index is None or index != self.analysis.sentence_at(cand.start):
            return None, None
        lo, hi = self.analysis.sentences[index].start, min(cand.start, cand.cue_spans[-1][1] + 80)
        best = None
        for m, entity in self.table.mentions_between(lo, hi):
            inside = any(s <= m.start < e for s, e in cand.parts)
            if entity.type == "person" and m.end <= hi and not inside and not self._oblique_mention(lo, m.start):
                best = (entity, m)
        if best is None:
            return None, None
        entity, m = best
        why = f"cue without a found subject: {entity.name!r} is named in the cue's clause"
        return self._mention_speaker(entity, m, "clause-subject", why), entity

    def _sentence_subject(self, cand: Candidate, previous: Entity | None) -> tuple[Speaker, Entity] | None:
        """A continuation whose own sentence opens with another person ("Henk Jaap Meijer, Laborleiter …, sagte
        „…“"): that person speaks, not the previous speaker."""
        index = self.analysis.sentence_at(cand.start)
        if index is None:
            return None
        sent = self.analysis.sentences[index]
        for m, entity in self.table.mentions_between(sent.start, sent.end):
            if (entity.type == "person" and entity is not previous and m.subject
                    and not any(s <= m.start < e for s, e in cand.parts)):
                why = f"{entity.name!r} opens the quote's sentence: a new speaker"
                return self._mention_speaker(entity, m, "clause-subject", why), entity
        return None

    def _mention_speaker(self, entity: Entity, mention: MentionRef, resolution: str, why: str) -> Speaker:
        """The person ``entity`` as the speaker, through one of its mentions in the text."""
        span = Span(start=mention.start, end=mention.end, text=self.text[mention.start:mention.end])
        return Speaker(name=entity.name, mention=span.text, span=span, type="person", entity=entity.id,
                       wikidata=entity.person.wikidata if entity.person else None, resolution=resolution,
                       explanation=why)

    def _subject_here(self, entity: Entity, pos: int) -> bool:
        """The entity stands as subject in the quote's sentence or the one before it."""
        mention = entity.last_before(pos)
        if mention is None or not mention.subject:
            return False
        here, there = self.analysis.sentence_at(pos), self.analysis.sentence_at(mention.start)
        return here is not None and there is not None and 0 <= here - there <= 1

    def _agreeing(self, phrase: Phrase, cand: Candidate) -> Phrase:
        """A bare person noun read as plural ("Polizeisprecher") whose cue verb is singular ("sagte
        Polizeisprecher"): one unnamed individual."""
        if phrase.kind != "group" or " " in phrase.text or not phrase.words or not cand.cue_spans:
            return phrase
        verb = self.text[cand.cue_spans[0][0]:cand.cue_spans[0][1]]
        if not verb[:1].islower() or not verb.endswith(("t", "te")) or lemma(phrase.text) != phrase.text:
            return phrase  # a plural form ("Augenzeugen", "Jugendliche") or no finite singular verb
        return dataclasses.replace(phrase, kind="anonymous", plural=False)

    def _plural_verb(self, cand: Candidate) -> bool:
        """The cue verb is plural ("sagten", "erklärten", "teilten … mit")."""
        if not cand.cue_spans:
            return False
        word = self.text[cand.cue_spans[0][0]:cand.cue_spans[0][1]]
        return word[:1].islower() and word.endswith("en") and word != cand.cue_lemma.split()[0]


# ------------------------------------------------------------------ helpers
def _one_entity(mentions: list[tuple[MentionRef, Entity]]) -> tuple[MentionRef, Entity] | None:
    """The last mention of the one entity ``mentions`` name (None for none or several entities)."""
    last = {id(e): (m, e) for m, e in mentions}
    return next(iter(last.values())) if len(last) == 1 else None


def _merge_mentions(found: list[NameMention], spoken: list[NameMention]) -> list[NameMention]:
    """Add the names of speaker phrases to the names found in the text; a longer written name replaces a
    shorter mention inside it (a knowledge-base surname keeps its person when the names fit)."""
    found = sorted(found, key=lambda m: m.start)
    starts = [m.start for m in found]
    dropped: set[int] = set()
    added: dict[tuple[int, int], NameMention] = {}
    for new in spoken:
        if (new.start, new.end) in added:
            continue
        lo = bisect.bisect_left(starts, new.start - 300)
        overlapping = [i for i in range(lo, bisect.bisect_left(starts, new.end)) if found[i].end > new.start]
        longer = [i for i in overlapping if found[i].end - found[i].start >= new.end - new.start]
        if longer:
            found[longer[0]].phrase = found[longer[0]].phrase or new.phrase
            continue
        for i in overlapping:
            m = found[i]
            if m.person is not None and new.person is None and compatible(m.person.name, new.name):
                new.person = m.person
            dropped.add(i)
        added[(new.start, new.end)] = new
    kept = [m for i, m in enumerate(found) if i not in dropped]
    return sorted(kept + list(added.values()), key=lambda m: m.start)


@data_cache(maxsize=1)
def _role_heads() -> list[frozenset[str]]:
    return speaker_types()["role_synonyms"]


def _split_role(word: str) -> tuple[str, str]:
    """ "gewerkschaftschef" -> ("gewerkschaft", "chef"); "gdp-vorsitzende" -> ("gdp", "vorsitzende")."""
    table = _person_nouns()
    for k in range(len(word)):
        tail = word[k:].lstrip("-")
        if tail in table or ("-" + tail) in table:
            return word[:k].strip("-").rstrip("s") if k else "", tail
    return "", word


def _same_head(a: str, b: str) -> bool:
    """ "minister" ~ "ministerin" ~ "bildungsministerin"; synonyms from data/speaker_types.json."""
    a, b = _masculine(a), _masculine(b)
    if a == b or (len(a) > 3 and b.endswith(a)) or (len(b) > 3 and a.endswith(b)):
        return True
    return any(a in group and b in group for group in _role_heads())


def _masculine(word: str) -> str:
    """ "ministerin" -> "minister", "sprecherinnen" -> "sprecher"; inflection endings off."""
    for ending in ("innen", "in", "en", "n", "s"):
        if word.endswith(ending) and len(word) - len(ending) > 3:
            return word[: -len(ending)]
    return word


def _ages(entity: Entity, date: dt.date | None) -> set[int]:
    """The ages the document gives the entity, or its age on the date from the knowledge base's birth year."""
    ages = {entity.age} if entity.age else set()
    birth = getattr(entity.person, "birth_year", None) if entity.person else None
    if birth and date:
        ages |= {date.year - birth, date.year - birth - 1}
    return ages


def _attribute_fit(phrase: Phrase, entity: Entity, date: dt.date | None = None) -> tuple[int, str]:
    """How well a descriptor fits an entity's merged attributes (0 = not at all), and why."""
    if phrase.nationality and phrase.nationality != entity.nationality:
        return 0, "nationality"  # "der brasilianische Präsident" is not the Venezuelan (or unknown) one
    if phrase.age and phrase.age in _ages(entity, date):
        return 3, "age"
    if phrase.nationality and phrase.nationality == entity.nationality and not phrase.words[1:]:
        nouns = {w for w in phrase.words if _person_nouns().get(w) == "demonym"}
        if nouns or not phrase.words:
            return 2, "nationality"
        relational = speaker_types()["relational_roles"]  # "sein brasilianischer Amtskollege X": no role of X's own
        if not (entity.words - relational) and all(
                _same_head(w, "staatschef") or _same_head(w, "regierungschef") for w in phrase.words):
            return 1, "nationality"  # "der brasilianische Präsident": the Brazilian the text named, no role given
    best = 0
    for word in phrase.words:
        prefix, head = _split_role(word)
        if prefix and entity.party and word_key(prefix).startswith(word_key(entity.party)[:4]):
            return 3, "party"
        for known in entity.words:
            kprefix, khead = _split_role(known)
            if _same_head(head, khead):
                fit = 1 + bool(prefix and (prefix == kprefix or prefix in (entity.org or "").casefold()))
                best = max(best, fit)
    return best, "role words"


def _resolve_role(kb: KnowledgeBase, mention: str, date: dt.date | None, country: str) -> list[Person]:
    """The office holders a role phrase names (memoised on the knowledge base: the answer depends on the
    phrase, the date and the country only)."""
    memo = kb.role_memo
    key = (mention, date, country)
    found = memo.get(key)
    if found is None:
        if len(memo) > 100_000:
            memo.clear()
        found = memo[key] = kb.resolve_role(mention, date, country=country)
    return found


def _speaker(phrase: Phrase, entity: Entity | None, resolution: str, why: str) -> Speaker:
    span = Span(start=phrase.start, end=phrase.end, text=phrase.text)
    if entity is None:
        return Speaker(mention=phrase.text, span=span, resolution=resolution, explanation=why)
    anonymous = entity.type == "anonymous"
    return Speaker(name=None if anonymous else entity.name, mention=phrase.text, span=span, anonymous=anonymous,
                   type=entity.type, entity=entity.id, resolution=resolution,
                   wikidata=entity.person.wikidata if entity.person else None, explanation=why)


def _continued(prev: Speaker) -> Speaker:
    return prev.model_copy(update={
        "resolution": "continuation",
        "explanation": f"no cue: continues the previous speaker ({prev.name or prev.mention})"})


def _referring(text: str, speaker: Speaker, start: int, end: int) -> Speaker:
    """ "demnach": the word in the text refers back to the previous source."""
    word = text[start:end]
    return speaker.model_copy(update={
        "mention": word, "span": Span(start=start, end=end, text=word),
        "explanation": f"{word!r} refers to the previous source ({speaker.name or speaker.mention})"})
