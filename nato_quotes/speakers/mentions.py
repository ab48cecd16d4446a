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
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields

import regex

from ..kb import KnowledgeBase, Person
from ..lexicon import data_cache, load_json, word_cache
from ..source import first_names, is_org_noun, person_noun_type
from .names import ARABIC_ARTICLES, compatible, looks_common_noun
from .phrase import Phrase, agent_noun, parse_phrase

_CAP_WORD = r"(?:\p{Lu}\p{L}{0,2}\.|\p{Lu}[\p{L}\p{M}’'\-]*)"  # a period only after an abbreviation ("Dr.", "St.")
_CAP_RUN = regex.compile(
    r"(?<![\p{L}\p{N}\-’'])" + _CAP_WORD +
    r"(?:[ \u00a0]+(?:(?:von|van|de|der|den|da|di|du|le|la|al|bin|zu|dos|del|ter)[ \u00a0]+)*"
    r"(?:" + _CAP_WORD + r"|" + ARABIC_ARTICLES + r"\p{Lu}[\p{L}\p{M}’'\-]*))+"  # "Ali al-Omair"
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


def find_name_mentions(text: str, kb: KnowledgeBase) -> list[NameMention]:
    """Every person name of the document, knowledge-base names first where they overlap."""
    read: dict[str, Phrase] = {}  # phrases already read in this document, by their words
    found = [_other_given_name(text, NameMention(s, e, text[s:e], _around(text, s, e, kb, read), p))
             for s, e, p in kb.find_names(text)]
    found.sort(key=lambda m: m.start)
    starts = [m.start for m in found]
    ends = [m.end for m in found]
    extra = []
    for mention in [*_capitalised_names(text, kb, read), *_role_appositions(text)]:
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


class PhraseReader:
    """Speaker phrases of one document, each wording read once: a wording met again at another place is the
    phrase read before, moved there (:func:`parse_phrase` reads only the phrase's own words and the words of
    the document, so the result is the same)."""

    def __init__(self, text: str, kb: KnowledgeBase) -> None:
        self.text = text
        self.kb = kb
        self.read: dict[tuple[str, bool], tuple[int, Phrase]] = {}  # (words, plural verb) -> (start, phrase)

    def phrase(self, start: int, end: int, plural_verb: bool = False) -> Phrase:
        """A new :class:`Phrase` for ``text[start:end]``, as ``parse_phrase`` gives it."""
        key = (self.text[start:end], plural_verb)
        known = self.read.get(key)
        if known is None:
            phrase = parse_phrase(self.text, start, end, self.kb, plural_verb=plural_verb)
            self.read[key] = (start, moved(phrase, 0))
            return phrase
        return moved(known[1], start - known[0])


def moved(phrase: Phrase, delta: int) -> Phrase:
    """A copy of ``phrase`` (lists and owner copied too) with its offsets moved by ``delta``."""
    values = [getattr(phrase, name) for name in _PHRASE_FIELDS]
    out = Phrase(*[list(v) if isinstance(v, list) else v for v in values])
    for name in _PHRASE_STATE:
        setattr(out, name, copy.copy(getattr(phrase, name)))
    out.start += delta
    out.end += delta
    if out.owner is not None:
        out.owner = moved(out.owner, delta)
    return out


_PHRASE_FIELDS = tuple(f.name for f in fields(Phrase) if f.init)
_PHRASE_STATE = tuple(f.name for f in fields(Phrase) if not f.init)


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
    found = _Occurrences(text)
    runs: dict[str, tuple[int, list[str]] | None] = {}  # run text -> (offset of its first word, words) or None
    for run in _CAP_RUN.finditer(text):
        run_text = run.group()
        if run_text not in runs:
            runs[run_text] = _run_words(run_text, skip)
        known = runs[run_text]
        if known is None:
            continue
        run_start, words = run.start() + known[0], known[1]
        start = _phrase_start(text, run_start)
        end = _phrase_end(text, run.end())
        phrase = _read(text, start, end, kb, read)
        if phrase.kind != "name" or not phrase.name:
            continue
        name_words = phrase.name.split()
        if not (name_words[0].split("-")[0] in names or phrase.words or len(words) > len(name_words)):
            continue
        at = found.next(phrase.name, run_start)
        if at < 0:
            continue
        yield NameMention(at, at + len(phrase.name), phrase.name, phrase)


def _run_words(run: str, skip: frozenset[str]) -> tuple[int, list[str]] | None:
    """The words of a capitalised run that can name a person, and where the first of them starts in the run;
    None when they cannot."""
    words = run.split()
    at = 0
    while words and words[0].casefold() in skip:  # "Auch Winfried Hassemer": a capitalised function word
        at = run.index(words[1], at + len(words[0])) if len(words) > 1 else len(run)
        words = words[1:]
    if len(words) < 2:  # a person's name after a title or given name has two words at least
        return None
    if not any(map(_name_or_title, words)):
        return None  # neither a given name nor a title: ordinary nouns ("Deutschen Bank"), not read further
    return at, words


class _Occurrences:
    """``text.find(word, pos)`` for positions that only grow: a name found far ahead, or nowhere, is not
    searched for again over the rest of a long document (which made the mention finding quadratic)."""

    FAR = 10_000  # a name found farther ahead than this gets all its occurrences listed once

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, tuple[int, int]] = {}  # word -> (searched from, found at or -1)
        self.listed: dict[str, list[int]] = {}  # word -> every position of it in the text

    def next(self, word: str, pos: int) -> int:
        listed = self.listed.get(word)
        if listed is not None:
            i = bisect.bisect_left(listed, pos)
            return listed[i] if i < len(listed) else -1
        known = self.known.get(word)
        if known is not None and known[0] <= pos and (known[1] < 0 or known[1] >= pos):
            return known[1]  # nothing between the earlier search's start and its result
        at = self.text.find(word, pos)
        self.known[word] = (pos, at)
        if at - pos > self.FAR:
            self.listed[word] = self._every(word)
        return at

    def _every(self, word: str) -> list[int]:
        out, at = [], self.text.find(word)
        while at >= 0:
            out.append(at)
            at = self.text.find(word, at + 1)
        return out


@word_cache(limit=200_000)
def _name_or_title(word: str) -> bool:
    """A given name ("Hans", "Hans-Peter") or a title or person noun ("Dr.", "Außenminister")."""
    return word.split("-")[0] in first_names() or _is_title(word)


_ROLE_APPOSITION = regex.compile(
    r"(?<![\p{L}\p{N}])(\p{Lu}[\p{L}\-]+),[ \u00a0]+(\p{Lu}[\p{Ll}\p{M}'’\-]+(?:[ \u00a0]+\p{Lu}[\p{Ll}\p{M}'’\-]+){1,2}),")


_WORDS_BEFORE = regex.compile(r"(?:[Dd]e[rnms]|[Dd]ie|[Ee]ine?[mnrs]?)(?:[ \u00a0]+[\p{L}\-]+){1,7}$")


def _role_appositions(text: str) -> Iterator[NameMention]:
    """A name in commas right after a person noun ("Der Manager der Nationalmannschaft, Vincio Luna, …"), also
    when the name lists know neither of its words."""
    for m in _ROLE_APPOSITION.finditer(text):
        before = _WORDS_BEFORE.search(text, max(0, m.start() - 90), m.end(1))
        if before is None or not any(person_noun_type(w) in ("role", "generic") for w in before.group().split()):
            continue  # the noun phrase before the comma names no function
        words = m.group(2).split()
        if any(looks_common_noun(w) or person_noun_type(w) or w.casefold() in _function_words() for w in words):
            continue
        yield NameMention(m.start(2), m.end(2), m.group(2), None)


def _is_title(word: str) -> bool:
    return bool(person_noun_type(word.rstrip("."))) or word in ("Dr.", "Prof.", "Sir", "Commander", "General")


def _phrase_start(text: str, start: int) -> int:
    """Include the article and adjectives before a name ("der französische Präsident …") and a role
    apposition before it ("der Ministerpräsident des Landes Niedersachsen, Christian Wulff")."""
    window = text[max(0, start - 80):start]
    if not window[-1:].isspace():  # both patterns end in white space
        return start
    last = window.rstrip()[-1:]
    m = (_APPOSITION_BEFORE.search(window) if last == "," else None) or (
        _BEFORE.search(window, _last_chunks(window, 3)) if last in _BEFORE_LAST else None)
    return start - (len(window) - m.start()) if m else start


_BEFORE_LAST = frozenset("rnmse")  # the last letters of _BEFORE's words (der, die, eines, großen, …)
_ODD_SPACE = ("\x1c", "\x1d", "\x1e", "\x1f")  # white space to str.split, not to the regex \s


def _last_chunks(window: str, n: int) -> int:
    """Where the last ``n`` white-space separated chunks of ``window`` begin: a match of ``_BEFORE`` (at
    most three words, each followed by white space, up to the end) cannot start before them."""
    parts = window.rsplit(None, n)
    if len(parts) <= n or any(c in window for c in _ODD_SPACE):
        return 0
    return window.index(parts[1], len(parts[0]))


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
