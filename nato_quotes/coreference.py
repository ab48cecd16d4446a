"""Speaker resolution: from the mention in the text to a person, and how we got there.

Sieves, tried in order on each speaker mention (the first that answers wins; its name is
recorded in ``Speaker.resolution``):

``name``             a knowledge-base name or alias inside the mention ("NATO-Generalsekretär Jens Stoltenberg")
``fullest-mention``  a person not in the KB, named in the document ("Rüdiger König") — canonical = fullest form
``surname``          a surname of a person named earlier in the document ("Smith" after "Julianne Smith")
``pronoun``          er/sie -> the latest person mention of matching gender before it
``role+date``        a role noun ("der NATO-Chef") -> the holder on the document date (KB)
``role``             a role noun without a date -> the holder named in the document
``demonym``          "der Norweger" -> the person of that nationality named in the document
``anonymous``        "ein Diplomat", "Regierungskreise": typed anonymous with the description
``continuation``     no cue: the speaker of the quote this one continues
``topic``            no cue at all: the latest person named before the quote
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from .analysis import TRIGGER_ROLE, Analysis
from .attribution import Candidate
from .kb import KnowledgeBase, Person
from .lexicon import load_word_list
from .model import Span, Speaker
from .source import NOMINATIVE_RELATIVES, PERSONAL_PRONOUNS, first_names, np_backward, person_noun_type

PRONOUN_WINDOW = 3  # sentences to look back for a pronoun's antecedent
_MASC = {"er"}
_FEM = {"sie"}
_POSSESSIVES = {f"sein{e}": "er" for e in ("", "e", "er", "en", "em", "es")} | {
    f"ihr{e}": "sie" for e in ("", "e", "er", "en", "em", "es")}


@dataclass(slots=True)
class Mention:
    """A person mention in the document."""

    start: int
    end: int
    name: str
    gender: str | None
    person: Person | None = None


_NAME_RE = regex.compile(r"\b(\p{Lu}[\p{Ll}'’-]++)((?:\s++(?:(?:von|van|de|der|den|al|bin|zu)\s++){0,2}\p{Lu}[\p{L}'’-]++){1,2})")


class MentionIndex:
    """Person mentions sorted by position, with look-ups by surname and by name (all logarithmic)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.items: list[Mention] = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.items]
        self.by_surname: dict[str, list[Mention]] = {}
        self.by_name: dict[str, list[Mention]] = {}
        self.fullest: dict[str, str] = {}  # surname -> longest name of a person not in the KB
        for m in self.items:
            self._index(m)

    def _index(self, m: Mention) -> None:
        surname = m.name.split()[-1] if m.name else ""
        _insort(self.by_surname.setdefault(surname, []), m)
        _insort(self.by_name.setdefault(m.name, []), m)
        if m.person is None and len(m.name) > len(self.fullest.get(surname, "")):
            self.fullest[surname] = m.name

    def add(self, m: Mention) -> None:
        at = bisect.bisect_left(self.starts, m.start)
        if at < len(self.starts) and self.starts[at] == m.start:
            return
        self.starts.insert(at, m.start)
        self.items.insert(at, m)
        self._index(m)

    def before(self, pos: int) -> Iterator[Mention]:
        """Mentions starting before ``pos``, nearest first."""
        for i in range(bisect.bisect_left(self.starts, pos) - 1, -1, -1):
            yield self.items[i]

    def within(self, start: int, end: int) -> list[Mention]:
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [m for m in self.items[lo:hi] if m.end <= end]


def _insort(items: list[Mention], m: Mention) -> None:
    bisect.insort(items, m, key=_start)


def _start(m: Mention) -> int:
    return m.start


def _latest(items: list[Mention], before: int) -> Mention | None:
    at = bisect.bisect_left(items, before, key=_start)
    return items[at - 1] if at else None


class Resolver:
    """Resolves the speaker mentions of one document."""

    def __init__(self, analysis: Analysis, kb: KnowledgeBase, date: dt.date | None) -> None:
        self.text = analysis.text
        self.analysis = analysis
        self.kb = kb
        self.date = date
        self.mentions = MentionIndex([])
        self.mentions = self._collect_mentions()
        self.resolved: dict[int, Speaker] = {}  # id(candidate) -> speaker

    # ------------------------------------------------------------ mentions in the document
    def _collect_mentions(self) -> MentionIndex:
        names = MentionIndex([Mention(s, e, p.name, p.gender, p) for s, e, p in self.kb.find_names(self.text)])
        for m in self._doc_names():
            if not _inside_any(names, m.start, m.end):
                names.add(m)
        self.mentions = names
        for m in self._role_mentions(names):
            names.add(m)
        return names

    def _doc_names(self) -> list[Mention]:
        """Unknown persons: a given name followed by capitalised words ("Rüdiger König")."""
        names = first_names()
        out = []
        for match in _NAME_RE.finditer(self.text):
            first = match[1]
            if first not in names:
                continue
            rest = match[2].split()
            words = [first] + [w for w in rest if w[:1].isupper() and not person_noun_type(w)]
            if len(words) < 2:
                continue
            end = match.start(1) + len(first)
            for w in rest[: len(words) - 1]:
                end = self.text.index(w, end) + len(w)
            gender = names[first] if names[first] in ("m", "f") else None
            out.append(Mention(match.start(1), end, self.text[match.start(1):end], gender))
        return out

    def _role_mentions(self, taken: MentionIndex) -> list[Mention]:
        """Role nouns resolvable through the KB ("vom NATO-Chef"), for pronoun antecedents."""
        out = []
        for sent in self.analysis.sentences:
            if not sent.triggers & TRIGGER_ROLE:
                continue  # no role noun (trigger scan)
            for i, tok in enumerate(sent.tokens):
                if not tok.text[:1].isupper() or person_noun_type(tok.text) != "role":
                    continue
                if _inside_any(taken, tok.start, tok.end):
                    continue
                phrase = " ".join(t.text for t in sent.tokens[max(0, i - 2):i + 1])
                person = self._role_holder(phrase)
                if person is not None:
                    out.append(Mention(tok.start, tok.end, person.name, person.gender, person))
        return out

    # ------------------------------------------------------------ resolution of one candidate
    def resolve(self, cand: Candidate) -> Speaker | None:
        """The speaker of a candidate quote (None when there is none)."""
        if cand.speaker_from is not None:
            prev = self.resolved.get(id(cand.speaker_from))
            speaker = _continued(prev) if prev else None
            if speaker is not None and cand.speaker_span is not None:
                speaker = self._referring(speaker, *cand.speaker_span)
        elif cand.speaker_span is not None:
            speaker = self.resolve_mention(*cand.speaker_span)
        elif cand.impersonal:
            why = "hearsay 'soll': no source named" if cand.rule == "hearsay-sollen" else "impersonal cue (hieß es, passive)"
            speaker = Speaker(anonymous=True, resolution="anonymous", explanation=why)
        else:
            speaker = self._topic(cand.start)
        if speaker is not None:
            self.resolved[id(cand)] = speaker
            if speaker.span is not None and speaker.name:
                self._remember(speaker)
        return speaker

    def _referring(self, speaker: Speaker, start: int, end: int) -> Speaker:
        """ "demnach": the word in the text refers back to the previous source."""
        word = self.text[start:end]
        return speaker.model_copy(update={
            "mention": word, "span": Span(start=start, end=end, text=word),
            "explanation": f"{word!r} refers to the previous source ({speaker.name or speaker.mention})"})

    def resolve_mention(self, start: int, end: int) -> Speaker:
        """Resolve the speaker mention ``text[start:end]``."""
        mention = self.text[start:end]
        base = {"mention": mention, "span": {"start": start, "end": end, "text": mention}}
        for sieve in (self._by_name, self._by_doc_name, self._by_relative, self._by_surname, self._by_pronoun,
                      self._by_role, self._by_demonym, self._by_anonymous):
            found = sieve(mention, start)
            if found is not None:
                return Speaker(**base, **found)
        return Speaker(**base, resolution="unresolved", explanation="no person found for the mention")

    def _by_name(self, mention: str, start: int) -> dict | None:
        person = self.kb.match_name(mention)
        if person is None:
            return None
        return _person_fields(person, "name", f"knowledge-base name in {mention!r}")

    def _by_doc_name(self, mention: str, start: int) -> dict | None:
        inside = [m for m in self.mentions.within(start, start + len(mention)) if m.person is None]
        if not inside:
            return None
        return {"name": self._fullest(inside[-1].name), "resolution": "fullest-mention",
                "explanation": "person not in the knowledge base; fullest mention in the document"}

    def _fullest(self, name: str) -> str:
        fullest = self.mentions.fullest.get(name.split()[-1], name)
        return fullest if len(fullest) >= len(name) else name

    def _by_surname(self, mention: str, start: int) -> dict | None:
        words = mention.split()
        if not words or not words[-1][:1].isupper():
            return None
        surname = words[-1] if words[-1] in self.mentions.by_surname else words[-1].rstrip("s")
        m = _latest(self.mentions.by_surname.get(surname, []), start)
        if m is None:
            return None
        if m.person is not None:
            return _person_fields(m.person, "surname", f"surname of {m.name!r} named before")
        return {"name": self._fullest(m.name), "resolution": "surname", "explanation": f"surname of {m.name!r} named before"}

    def _by_relative(self, mention: str, start: int) -> dict | None:
        """ "Celebi, die auch angab, …": the relative pronoun stands for the noun phrase before the comma."""
        if mention.lower() not in NOMINATIVE_RELATIVES or not self.text[:start].rstrip().endswith(","):
            return None
        antecedent = self._phrase_before_comma(start)
        if antecedent is None:
            return None
        found = self.resolve_mention(*antecedent)
        return {"name": found.name, "wikidata": found.wikidata, "anonymous": found.anonymous, "resolution": "relative",
                "explanation": f"relative pronoun {mention!r} -> {found.mention!r} ({found.explanation})"}

    def _phrase_before_comma(self, start: int) -> tuple[int, int] | None:
        """Character span of the noun phrase (with genitive attributes) ending at the comma before ``start``."""
        s_index = self.analysis.sentence_at(start)
        if s_index is None:
            return None
        tokens = self.analysis.sentences[s_index].tokens
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

    def _by_pronoun(self, mention: str, start: int) -> dict | None:
        low = mention.strip().lower()
        first = low.split()[0] if low else ""
        if first in _POSSESSIVES and len(low.split()) <= 3:
            low = _POSSESSIVES[first]  # "seiner Meinung nach", "nach ihren Worten": the owner speaks
        if low not in PERSONAL_PRONOUNS:
            return None
        if low not in _MASC | _FEM:
            return {"resolution": "unresolved", "explanation": f"pronoun {mention!r} has no person antecedent"}
        antecedent = self._antecedent(start, "m" if low in _MASC else "f")
        if antecedent is None:
            return {"resolution": "unresolved", "explanation": f"no antecedent for {mention!r}"}
        fields = (_person_fields(antecedent.person, "pronoun", "") if antecedent.person
                  else {"name": self._fullest(antecedent.name), "resolution": "pronoun"})
        fields["explanation"] = f"pronoun {mention!r} -> {antecedent.name!r} at {antecedent.start}"
        return fields

    def _antecedent(self, pos: int, gender: str) -> Mention | None:
        s_index = self.analysis.sentence_at(pos) or 0
        window_start = self.analysis.sentences[max(0, s_index - PRONOUN_WINDOW)].start if self.analysis.sentences else 0
        for m in self.mentions.before(pos):
            if m.start < window_start:
                return None
            if m.end <= pos and m.gender in (gender, None):
                return m
        return None

    def _by_role(self, mention: str, start: int) -> dict | None:
        holders = self.kb.resolve_role(mention, self.date)
        if not holders:
            return None
        if len(holders) == 1 and self.date is not None:
            return _person_fields(holders[0], "role+date",
                                  f"role {mention!r} held by {holders[0].name} on {self.date.isoformat()}")
        named = self._latest_named(holders, start)
        if named is not None:
            how = "date unknown" if self.date is None else "several holders"
            return _person_fields(named, "role", f"role {mention!r} ({how}): holder named in the document")
        return None

    def _role_holder(self, phrase: str) -> Person | None:
        holders = self.kb.resolve_role(phrase, self.date)
        if len(holders) == 1 and self.date is not None:
            return holders[0]
        return self._latest_named(holders, len(self.text)) if holders else None

    def _latest_named(self, persons: list[Person], before: int) -> Person | None:
        """Of ``persons``, the one named in the document most recently before ``before`` (or anywhere)."""
        earlier = [_latest(self.mentions.by_name.get(p.name, []), before) for p in persons]
        found = [m for m in earlier if m is not None and m.person is not None]
        if found:
            return max(found, key=lambda m: m.start).person
        anywhere = [self.mentions.by_name[p.name][-1] for p in persons if self.mentions.by_name.get(p.name)]
        found = [m for m in anywhere if m.person is not None]
        return max(found, key=lambda m: m.start).person if found else None

    def _by_demonym(self, mention: str, start: int) -> dict | None:
        words = mention.split()
        if not words:
            return None
        persons = self.kb.by_demonym(" ".join(words[-2:]) if len(words) > 1 else words[-1])
        if not persons:
            return None
        named = self._latest_named(persons, start)
        if named is None:
            return None
        return _person_fields(named, "demonym", f"{mention!r}: the {named.nationality} person named in the document")

    def _by_anonymous(self, mention: str, start: int) -> dict | None:
        for word in reversed(mention.split()):
            kind = person_noun_type(word.strip(",.")) or (
                "anon" if word.strip(",.").casefold() in load_word_list("anonymous_sources.txt") else None)
            if kind in ("anon", "group", "generic", "role"):
                return {"anonymous": kind == "anon", "resolution": "anonymous" if kind == "anon" else "unresolved",
                        "explanation": f"{kind} noun {word!r} without a name"}
        return None

    def _topic(self, pos: int) -> Speaker | None:
        s_index = self.analysis.sentence_at(pos) or 0
        window_start = self.analysis.sentences[max(0, s_index - PRONOUN_WINDOW)].start if self.analysis.sentences else 0
        for m in self.mentions.before(pos):
            if m.start < window_start:
                return None
            if m.end <= pos:
                fields = _person_fields(m.person, "topic", "") if m.person else {
                    "name": self._fullest(m.name), "resolution": "topic"}
                fields["explanation"] = f"no cue: latest person named before the quote ({m.name!r})"
                return Speaker(mention=self.text[m.start:m.end],
                               span={"start": m.start, "end": m.end, "text": self.text[m.start:m.end]}, **fields)
        return None

    def _remember(self, speaker: Speaker) -> None:
        """A resolved speaker mention ("der Norweger") becomes an antecedent for later pronouns."""
        span = speaker.span
        if span is None:
            return
        person = self.kb.get(speaker.name) if speaker.name else None
        gender = person.gender if person else None
        self.mentions.add(Mention(span.start, span.end, speaker.name or "", gender, person))


def _inside_any(index: MentionIndex, start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap a mention already in the index?"""
    for m in index.before(end):
        return m.end > start
    return False


def _person_fields(person: Person, resolution: str, explanation: str) -> dict:
    return {"name": person.name, "wikidata": person.wikidata, "resolution": resolution, "explanation": explanation}


def _continued(prev: Speaker) -> Speaker:
    data = prev.model_dump()
    data["resolution"] = "continuation"
    data["explanation"] = f"no cue: continues the previous speaker ({prev.name or prev.mention})"
    return Speaker(**data)
