"""Person mentions across the whole document, found with compiled patterns over the text.

Three kinds: knowledge-base names (and their variants), a given name followed by capitalised
words ("Rüdiger König", "Jan Peter Balkenende", "Ursula von der Leyen"), and a title or role
noun followed by capitalised words ("Vizeregierungssprecher Thomas Steg", "Sprecher
Malinowski"). Each mention is read as a speaker phrase together with the article, adjectives
and parenthesis around it, so it brings its attributes ("der französische Staatspräsident
Nicolas Sarkozy (UMP)" -> nationality FR, role word "staatspräsident", party "UMP").
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

from ..kb import KnowledgeBase, Person
from ..lexicon import data_cache, load_json
from ..source import first_names, is_org_noun, person_noun_type
from .names import compatible, looks_common_noun
from .phrase import Phrase, agent_noun, parse_phrase

_CAP_WORD = r"(?:\p{Lu}\p{L}{0,2}\.|\p{Lu}[\p{L}\p{M}’'\-]*)"  # a period only after an abbreviation ("Dr.", "St.")
_CAP_RUN = regex.compile(
    r"(?<![\p{L}\p{N}\-’'])" + _CAP_WORD +
    r"(?:[ \u00a0]+(?:(?:von|van|de|der|den|da|di|du|le|la|al|bin|zu|dos|del|ter)[ \u00a0]+)*"
    r"(?:" + _CAP_WORD + r"|(?:al|el|as|ad|ar|at|an|ash|ed|es|az)-\p{Lu}[\p{L}\p{M}’'\-]*))+"  # "Ali al-Omair"
)
_BEFORE = regex.compile(r"(?:(?:[Dd]e[rnms]|[Dd]ie|[Dd]as|[Ee]ine?[rnms]?|[\p{Ll}][\p{Ll}\-]*(?:e|en|er|es|em))\s+){1,3}$")
_PAREN_AFTER = regex.compile(r"\s*\([^()\n]{1,30}\)")
_APPOSITION_AFTER = regex.compile(r",\s+(?:der|die|ein|eine)\s+[^,.;:!?()„“\"\n]{2,100}?(?=[,.;:!?])")
_APPOSITION_BEFORE = regex.compile(r"(?<![\p{L}])(?:[Dd]er|[Dd]ie)\s+[^,.;:!?()„“\"\n]{2,60},\s+$")


@dataclass(slots=True)
class NameMention:
    """A person named in the text: span of the name, the name as written, the phrase around it."""

    start: int
    end: int
    name: str
    phrase: Phrase | None
    person: Person | None = None


@data_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    data = load_json("function_words.json")
    return frozenset(w for key, words in data.items() if not key.startswith("_") for w in words)


@data_cache(maxsize=1)
def time_nouns() -> frozenset[str]:
    """Weekdays, months and other time words (data/function_words.json, TIME_NOUNS)."""
    return frozenset(load_json("function_words.json").get("TIME_NOUNS", []))


def find_name_mentions(text: str, kb: KnowledgeBase) -> list[NameMention]:
    """Every person name of the document, knowledge-base names first where they overlap."""
    read: dict[str, Phrase] = {}  # phrases already read in this document, by their words
    found = [_other_given_name(text, NameMention(s, e, text[s:e], _around(text, s, e, kb, read), p))
             for s, e, p in kb.find_names(text)]
    found.sort(key=lambda m: m.start)
    starts = [m.start for m in found]
    ends = [m.end for m in found]
    extra = []
    for mention in _capitalised_names(text, kb, read):
        at = bisect.bisect_left(starts, mention.end)
        if not (at and ends[at - 1] > mention.start) and not any(
                starts[i] < mention.end and mention.start < ends[i] for i in range(max(0, at - 3), at)):
            extra.append(mention)
    return sorted(found + extra, key=lambda m: m.start)


_WORD_BEFORE = regex.compile(r"(\p{Lu}[\p{L}\p{M}\-]+)[ \u00a0]+$")


def _around(text: str, start: int, end: int, kb: KnowledgeBase, read: dict[str, Phrase]) -> Phrase:
    """The phrase around a knowledge-base name: its titles, parenthesis and apposition bring attributes."""
    return _read(text, _phrase_start(text, start), _phrase_end(text, end), kb, read)


def _read(text: str, start: int, end: int, kb: KnowledgeBase, read: dict[str, Phrase]) -> Phrase:
    """A phrase read once per document and wording (a name's attributes do not depend on where it stands)."""
    words = text[start:end]
    if words not in read:
        read[words] = parse_phrase(text, start, end, kb)
    return read[words]


def _other_given_name(text: str, mention: NameMention) -> NameMention:
    """ "Daniil Medvedev" is not the knowledge base's "Dmitri Medwedew": a given name before a surname-only
    match that does not fit the person makes it someone else, named in full."""
    before = _WORD_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    if before is None or mention.person is None or " " in mention.name:
        return mention
    given = before.group(1)
    full = f"{given} {mention.name}"
    if (given.casefold() in _function_words() or person_noun_type(given) or compatible(mention.person.name, full)
            or given.endswith("s") or looks_common_noun(given)):  # "dem Christdemokraten Balkenende"
        return mention
    return NameMention(before.start(1), mention.end, text[before.start(1):mention.end], None, None)


def _capitalised_names(text: str, kb: KnowledgeBase, read: dict[str, Phrase]) -> Iterator[NameMention]:
    names = first_names()
    skip = _function_words()
    for run in _CAP_RUN.finditer(text):
        words = run.group().split()
        run_start = run.start()
        while words and words[0].casefold() in skip:  # "Auch Winfried Hassemer": a capitalised function word
            run_start = text.index(words[1], run_start + len(words[0])) if len(words) > 1 else run.end()
            words = words[1:]
        if len(words) < 2:  # a person's name after a title or given name has two words at least
            continue
        if not any(w.split("-")[0] in names or _is_title(w) for w in words):
            continue  # neither a given name nor a title: ordinary nouns ("Deutschen Bank"), not read further
        start = _phrase_start(text, run_start)
        end = _phrase_end(text, run.end())
        phrase = _read(text, start, end, kb, read)
        if phrase.kind != "name" or not phrase.name:
            continue
        name_words = phrase.name.split()
        if not (name_words[0].split("-")[0] in names or phrase.words or len(words) > len(name_words)):
            continue
        at = text.find(phrase.name, run_start)
        if at < 0:
            continue
        yield NameMention(at, at + len(phrase.name), phrase.name, phrase)


def _is_title(word: str) -> bool:
    return bool(person_noun_type(word.rstrip("."))) or word in ("Dr.", "Prof.", "Sir", "Commander", "General")


def _phrase_start(text: str, start: int) -> int:
    """Include the article and adjectives before a name ("der französische Präsident …") and a role
    apposition before it ("der Ministerpräsident des Landes Niedersachsen, Christian Wulff")."""
    window = text[max(0, start - 80):start]
    m = _APPOSITION_BEFORE.search(window) or _BEFORE.search(window)
    return start - (len(window) - m.start()) if m else start


def _phrase_end(text: str, end: int) -> int:
    """Include a parenthesis ("(CDU)", "(64)") and a role apposition after the name (", der Justizminister …")."""
    m = _PAREN_AFTER.match(text, end)
    end = m.end() if m else end
    m = _APPOSITION_AFTER.match(text, end)
    return m.end() if m else end


_CAPITALISED = regex.compile(r"(?<![\p{L}\p{N}\-])\p{Lu}[\p{L}\-]{2,}")
_CONTEXT = regex.compile(r"(?:[\p{L}\-]+\s+){0,2}$")


def find_role_mentions(text: str, resolve_role: Callable[[str, int], Person | None]
                       ) -> Iterator[tuple[int, int, Person]]:
    """Role nouns that ``resolve_role(phrase, position)`` resolves to a person ("vom NATO-Chef")."""
    for m in _CAPITALISED.finditer(text):
        if person_noun_type(m.group()) != "role":  # memoised per word
            continue
        context = _CONTEXT.search(text, max(0, m.start() - 40), m.start())
        start = context.start() if context else m.start()
        person = resolve_role(text[start:m.end()], m.start())
        if person is not None:
            yield m.start(), m.end(), person


_INDEFINITE_PERSON = regex.compile(
    r"(?<![\p{L}])(?P<article>[Ee]in|[Ee]ine|[Ee]iner|[Ee]inem|[Ee]inen)\s+(?:[\p{Ll}\p{N}][\p{L}\p{N}\-]*\s+){0,2}"
    r"(?P<noun>\p{Lu}[\p{L}\-]{2,})")


def find_unnamed_persons(text: str) -> Iterator[tuple[int, int, str | None]]:
    """Indefinite person phrases ("ein Familienvater", "eine Armeesprecherin"): unnamed individuals a later
    pronoun may stand for, with their gender from the article or the -in ending."""
    for m in _INDEFINITE_PERSON.finditer(text):
        noun = m.group("noun")
        if person_noun_type(noun) not in ("role", "generic", "anon") and not (agent_noun(noun) and not is_org_noun(noun)):
            continue  # "ein Familienvater", "eine Armeesprecherin", "ein 34-jähriger Busfahrer"
        article = m.group("article").casefold()
        gender = "f" if noun.endswith("in") or article == "eine" else "m" if article in ("ein", "einen") else None
        yield m.start(), m.end(), gender
