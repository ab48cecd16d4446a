"""Reading a speaker phrase: what kind of speaker it names and what it says about them.

A speaker mention ("Der französische Staatspräsident Nicolas Sarkozy", "John Sifton von Human
Rights Watch", "die Anwältin der Frau", "Die SPD", "nach Merkels Worten", "er") is taken apart
into a :class:`Phrase`: its kind (a person's name, a pronoun, a descriptor, an organisation, a
document, a group, an anonymous source), the name as written without titles, and the attributes
the phrase gives (role words, gender, nationality, party, age, organisation). A dateline before
the phrase ("Berlin – Der Minister") and words after its noun phrase ("der Norweger am Rande des
Treffens") are cut off, so the phrase's span is the noun phrase itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import regex
import simplemma

from ..cue import lexicon as cue_lexicon
from ..kb import KnowledgeBase
from ..lexicon import data_cache, lemma, load_json, load_word_list, word_cache
from ..source import _person_nouns as _person_nouns_table
from ..source import first_names, is_org_noun, person_noun_type
from .names import ARABIC_ARTICLES, PARTICLES, genitive_base, known_lower_case_word, looks_common_noun

_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’`.\-\u2010\u2011]*-(?=\s+(?:und|oder|sowie|bis)\s)"  # "Such- und"
                       r"|[\p{L}\p{N}][\p{L}\p{N}\p{M}'’`.\-\u2010\u2011]*[\p{L}\p{N}\p{M}.]|[\p{L}\p{N}]|[(),;:–—]")
_ARTICLES = {"der": "m", "die": "f", "das": "n", "des": None, "dem": None, "den": None,
             "ein": "m", "eine": "f", "einer": None, "eines": None, "einem": None, "einen": "m"}
_INDEFINITE = frozenset(["ein", "eine", "einer", "eines", "einem", "einen"])
_POSSESSIVE = {f"{stem}{e}": g for stem, g in (("sein", "m"), ("ihr", "f")) for e in ("", "e", "er", "en", "em", "es")}
_POSSESSIVE |= {"dessen": "m", "deren": None}
PRONOUNS = {"er": "m", "sie": "f", "es": "n", "ich": None, "wir": None, "man": None}
_REFERRING = {"dieser": "m", "diese": "f", "letzterer": "m", "letztere": "f", "ersterer": "m", "erstere": "f",
              "demnach": None, "dies": None, "dieses": None, "diesem": None, "diesen": None}
_KEEP_AFTER_HEAD = frozenset(["des", "der", "den", "eines", "einer", "von", "vom", "aus", "für", "und", "in", "im",
                              "seines", "seiner", "ihres", "ihrer"])
_NAME_LINKS = frozenset(["of", "for", "the", "and", "de", "da", "do", "du", "del", "la", "le", "y", "e", "on"])
_AGE = regex.compile(r"^(\d{1,3})-[Jj]ährige[nr]?$")
_ACRONYM = regex.compile(r"^(?=(?:.*\p{Lu}){2})[\p{Lu}\p{Ll}&.\-]{2,8}$")
_PLACE_WORDS = frozenset(["in", "im", "aus", "bei", "beim", "für", "zur", "zum", "am", "an"])
_TITLES = frozenset(["Dr.", "Dr", "Prof.", "Prof", "Professor", "Professorin", "Dipl.-Ing.", "Sir", "Dame", "Lord",
                     "Lady", "Mr.", "Mrs.", "Ms.", "Herr", "Frau", "Pater", "Imam", "Rabbi", "Scheich", "Mullah",
                     "Commander", "Colonel", "Captain", "Sergeant", "Lieutenant", "Major", "Admiral"])
_PERSON_NOUN_TYPES = frozenset(["role", "generic", "anon", "demonym"])
_OWNER_STARTS = frozenset(["des", "der", "von", "vom", "eines", "einer", "seines", "seiner", "ihres", "ihrer",
                           "dessen", "deren", "unseres", "unserer"])
_LEADING = frozenset(["nach", "laut", "von", "vom", "gemäß", "zufolge", "so", "wie", "aus"])
_VERB_PARTICLES = frozenset(["ab", "an", "auf", "aus", "bei", "ein", "her", "hin", "mit", "nach", "um", "vor", "zu", "zur",
                             "über", "unter", "durch", "wider", "zurück", "voraus", "vorher"])
_AND = regex.compile(r"(?<!-)\s+und\s+")  # not "Such- und Rettungsagentur"
_LEADING_ANY_CASE = frozenset(["laut", "nach", "gemäß", "so", "wie"])  # also at a sentence start ("Laut …")
_WORD_RE = regex.compile(r"[\p{L}][\p{L}\p{M}'’-]*")
_DASHES = frozenset(["–", "—", "-"])


@dataclass(slots=True)
class Phrase:
    """What a speaker phrase says: kind, the person's name as written, and attributes."""

    kind: str  # name | pronoun | possessive | relative | refer | descriptor | organisation | document | group
    #            | anonymous | other
    start: int
    end: int
    text: str
    name: str | None = None
    head: str = ""  # the head noun (role, group, organisation, document noun)
    words: list[str] = field(default_factory=list)  # role and descriptor words, lower case
    gender: str | None = None
    plural: bool = False
    definite: bool = False
    nationality: str | None = None
    party: str | None = None
    age: int | None = None
    org: str | None = None
    label: str = ""  # the phrase without article: the canonical text of a non-person speaker
    owner: Phrase | None = None  # statement nouns ("Angaben der Polizei"): whose statement
    evidence: bool = False  # the name has a given name or a title, or two words: a person even if unknown


@dataclass(slots=True)
class _Word:
    text: str
    start: int
    end: int
    low: str = ""
    cap: bool = False  # capitalised, as nouns and names are ("US-amerikanische" is an adjective)

    def __post_init__(self) -> None:
        self.low = self.text.casefold()
        self.cap = self.text[:1].isupper() and self.text.rsplit("-", 1)[-1][:1].isupper()


def _word(token: str, start: int) -> _Word:
    """A word without a sentence-final full stop ("Foullong." -> "Foullong"; "W." stays an initial)."""
    if token.endswith(".") and len(token) > 2 and not token[-2:-1].isupper():
        return _Word(token[:-1], start, start + len(token) - 1)
    return _Word(token, start, start + len(token))


@data_cache(maxsize=1)
def speaker_types() -> dict:
    """The typing lists of data/speaker_types.json, as sets."""
    data = load_json("speaker_types.json")
    return {
        "media_heads": frozenset(w.casefold() for w in data.get("media_heads", [])),
        "exact_media_heads": frozenset(w.casefold() for w in data.get("exact_media_heads", [])),
        "document_heads": frozenset(w.casefold() for w in data.get("document_heads", [])),
        "media_names": frozenset(data.get("media_names", [])),
        "media_names_folded": frozenset(w.replace("-", " ").casefold() for w in data.get("media_names", [])),
        "anonymous_suffixes": tuple(w.casefold() for w in data.get("anonymous_suffixes", [])),
        "plural_quantifiers": frozenset(w.casefold() for w in data.get("plural_quantifiers", [])),
        "outlet_heads": tuple(w.casefold() for w in data.get("outlet_heads", [])),
        "collective_plurals": tuple(w.casefold() for w in data.get("collective_plurals", [])),
        "role_synonyms": [frozenset(group) for group in data.get("role_synonyms", [])],
        "relational_roles": frozenset(w.casefold() for w in data.get("relational_roles", [])),
    }


def parse_phrase(text: str, start: int, end: int, kb: KnowledgeBase, *, plural_verb: bool = False) -> Phrase:
    """Take the speaker phrase ``text[start:end]`` apart."""
    words = [_word(m.group(), start + m.start()) for m in _TOKEN.finditer(text[start:end])]
    words = _after_dateline(words)
    while len(words) > 1 and (words[0].text in _LEADING or words[0].low in _LEADING_ANY_CASE):
        words = words[1:]
    if not words:
        return Phrase("other", start, end, text[start:end])
    single = _single_word(words, text)
    if single is not None:
        return single
    words = _noun_phrase(words)
    statement = _statement(text, words, kb, plural_verb)
    if statement is not None:
        return statement
    return _read_noun_phrase(text, words, kb, plural_verb)


def _span_phrase(kind: str, text: str, words: list[_Word], **fields) -> Phrase:
    start, end = words[0].start, words[-1].end
    return Phrase(kind, start, end, text[start:end], **fields)


def _after_dateline(words: list[_Word]) -> list[_Word]:
    """ "Berlin – Der Minister": the place before a dash is a dateline, not part of the speaker."""
    for i, w in enumerate(words[:4]):
        if w.text in _DASHES and i and all(x.cap for x in words[:i]) and i + 1 < len(words):
            return words[i + 1:]
    return words


def _single_word(words: list[_Word], text: str) -> Phrase | None:
    if len(words) != 1:
        return None
    w = words[0]
    if w.low in PRONOUNS:
        return _span_phrase("pronoun", text, words, gender=PRONOUNS[w.low], head=w.low)
    if w.low in _REFERRING:
        return _span_phrase("refer", text, words, gender=_REFERRING[w.low], head=w.low)
    if w.low in ("der", "die", "welcher", "welche", "wonach", "worin", "worauf"):  # "ein Bericht, wonach …"
        return _span_phrase("relative", text, words, gender=_ARTICLES.get(w.low), head=w.low)
    return None


def _noun_phrase(words: list[_Word]) -> list[_Word]:
    """Cut the words after the noun phrase ("der Norweger am Rande des Treffens" -> "der Norweger")."""
    seen_noun = False
    depth = 0
    for i, w in enumerate(words):
        depth += (w.text == "(") - (w.text == ")")
        if depth or w.text in "(),":
            continue
        if w.cap and w.low not in _ARTICLES:
            seen_noun = True
            continue
        if not seen_noun or w.low in _KEEP_AFTER_HEAD or w.low in PARTICLES or w.low in _ARTICLES:
            continue
        if _name_like(w) or (w.low in _NAME_LINKS and i + 1 < len(words) and words[i + 1].cap):
            continue  # "n-tv", "Channel 10", "Institute of Science"
        if _adjective_before_noun(words, i):
            continue
        return _strip_punct(words[:i]) or words
    return _strip_punct(words) or words


def _name_like(w: _Word) -> bool:
    """A lower-case or numeric word that is part of a name ("n-tv", "n24", "10", "1635/10")."""
    return any(c.isdigit() for c in w.text) or "-" in w.text or bool(_WEB_ADDRESS.match(w.text))


def _adjective_before_noun(words: list[_Word], i: int) -> bool:
    """A lower-case adjective inside an attribute ("des benachbarten Bundesstaates", "die afghanischen und
    ausländischen Soldaten")."""
    if words[i].low in ("und", "oder") and i > 0 and i + 1 < len(words):
        return _adjective_before_noun(words, i + 1)
    return (words[i].low.endswith(("e", "en", "er", "es", "em")) and i + 1 < len(words)
            and (words[i + 1].cap or _adjective_before_noun(words, i + 1)))


def _strip_punct(words: list[_Word]) -> list[_Word]:
    while words and words[-1].text in ",;:–—(":
        words = words[:-1]
    while words and words[0].text in ",;:–—)":
        words = words[1:]
    return words


# ------------------------------------------------------------------ statements with an owner
def _statement(text: str, words: list[_Word], kb: KnowledgeBase, plural_verb: bool) -> Phrase | None:
    """ "Angaben der Polizei", "nach Merkels Worten", "seiner Meinung", "Polizeiangaben": the owner speaks."""
    lex = cue_lexicon()
    i = next((k for k, w in enumerate(words[:3]) if w.cap and _statement_noun(w)), None)
    if i is None:
        return None
    noun = words[i].low
    if _document_noun(noun, compounds=not _exact_statement_noun(words[i])):
        return None  # a concrete document speaks itself ("einer Presseerklärung der Gewerkschaft")
    before = words[:i]
    owner = _owner_before(text, before, kb) or _owner_after(text, words[i + 1:], kb, plural_verb)
    if owner is None and _institution(words[i]):
        return None  # "Die US-Botschaft in Riad": the embassy, not a message
    if owner is None:
        prefix = None if _exact_statement_noun(words[i]) else _compound_prefix(noun, lex.info_nouns)
        if prefix:  # "Polizeiangaben": the owner is the first part of the compound; "Expertenmeinung": a group
            label = words[i].text[:len(prefix)]
            return _span_phrase(_prefix_kind(prefix), text, words, head=prefix, label=label[:1].upper() + label[1:])
        if before and before[-1].low in ("eigene", "eigenen", "eigener", "eigenem"):  # "nach eigenem Bekunden"
            return _span_phrase("refer", text, words, head=noun)
        return _span_phrase("document", text, words, head=noun, label=_label(text, words))
    phrase = _span_phrase(owner.kind, text, words, head=owner.head, owner=owner)
    _copy_owner(phrase, owner)
    return phrase


def _statement_noun(w: _Word) -> bool:
    """A noun for what someone said or knows ("Angaben", "Worten", "Ansicht", "Polizeiangaben")."""
    lex = cue_lexicon()
    word = lemma(w.text).casefold()
    return w.low in lex.info_nouns or word in lex.info_nouns or bool(_compound_prefix(w.low, lex.info_nouns))


def _exact_statement_noun(w: _Word) -> bool:
    """ "Einschätzung", "Angaben" themselves (not a compound that ends in a document noun)."""
    nouns = cue_lexicon().info_nouns
    return w.low in nouns or lemma(w.text).casefold() in nouns


def _document_noun(low: str, *, compounds: bool = True) -> bool:
    """A concrete document or outlet ("Presseerklärung", "Medienberichten"): it stays the speaker.
    ``compounds=False``: the word itself, not a compound ending in one ("Einschätzung" is no "Schätzung")."""
    types = speaker_types()
    nouns = cue_lexicon().document_nouns | types["media_heads"] | types["document_heads"]
    if low in nouns or lemma(low).casefold() in nouns:
        return True
    return compounds and bool(_compound_prefix(low, nouns - types["exact_media_heads"]))


def _compound_prefix(noun: str, heads: frozenset[str]) -> str | None:
    """ "polizeiangaben" -> "polizei", "zeugenaussagen" -> "zeugen" when the compound ends in one of ``heads``
    (also in a plural form); not when the first part is a verb particle ("Ein-schätzung", "Aus-sage")."""
    for k in range(3, len(noun) - 3):
        tail = noun[k:]
        if tail in heads or _singular(tail) in heads:
            prefix = noun[:k]
            if prefix not in _VERB_PARTICLES:
                return prefix.rstrip("-")
    return None


def _singular(noun: str) -> str:
    """ "aussagen" -> "aussage", "meinungen" -> "meinung": a plural ending off (for compound heads)."""
    for ending, keep in (("ungen", "ung"), ("en", "e"), ("n", ""), ("e", "")):
        if noun.endswith(ending) and len(noun) > len(ending) + 3:
            return noun[: -len(ending)] + keep
    return noun


def _prefix_kind(prefix: str) -> str:
    """Who speaks through a compound statement noun: "Zeugen-" a group, "Medien-" a document, "Polizei-" an
    organisation."""
    if person_noun_type(prefix) in _PERSON_NOUN_TYPES or agent_noun(prefix):
        return "group"
    if _document_noun(prefix):
        return "document"
    return "organisation"


_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


@word_cache(limit=100_000)
def agent_noun(word: str) -> bool:
    """ "Vermögensverwalter", "Brauern", "Anwohner": a noun for someone who does what a verb says (verwalten,
    brauen, wohnen): its last part is a verb stem with "-er"."""
    low = word.casefold()
    ending = next((e for e in ("ern", "ers", "er") if low.endswith(e)), None)
    if ending is None or "-" in low[-6:]:
        return False
    stem = low[: -len(ending)]
    for k in range(0, len(stem) - 3):
        part = stem[k:]
        for verb in {part + "en", part.translate(_UMLAUTS) + "en"}:
            if simplemma.is_known(verb, lang="de") and lemma(verb) == verb:
                return True
    return False


def _owner_before(text: str, before: list[_Word], kb: KnowledgeBase) -> Phrase | None:
    if not before:
        return None
    last = before[-1]
    if last.low in _POSSESSIVE:
        return Phrase("possessive", last.start, last.end, last.text, gender=_POSSESSIVE[last.low], head=last.low)
    if not last.cap and _country_adjective(last, kb):  # "israelischen Angaben": the country speaks
        return Phrase("organisation", last.start, last.end, last.text, head=last.text, label=last.text)
    base = genitive_base(last.text) if last.cap else None
    if base and last.low not in _ARTICLES:  # "Merkels Worten"
        return Phrase("name", last.start, last.start + len(base), base, name=base)
    return None


def _owner_after(text: str, rest: list[_Word], kb: KnowledgeBase, plural_verb: bool) -> Phrase | None:
    """The genitive or von-phrase after a statement noun: "der Polizei", "seines Anwalts", "politischer Beobachter"."""
    if not rest:
        return None
    first = rest[0].low
    genitive_adjective = (not rest[0].cap and first.endswith("er") and first not in _OWNER_STARTS and len(rest) > 1
                          and rest[1].cap)
    if first == "aus" and len(rest) > 1 and rest[1].cap:  # "Angaben aus Khartum", "Angaben aus Regierungskreisen"
        return _place_owner(text, rest[1:], kb, plural_verb)
    if rest[0].cap and first not in _ARTICLES:
        return _genitive_name_owner(text, rest[0], kb)
    if first not in _OWNER_STARTS and not genitive_adjective:
        return None
    rest = rest[1:] if first in ("von", "vom") else rest
    if not rest:
        return None
    if first in ("von", "vom") and _time_phrase(rest):
        return None  # "Angaben vom Montag", "Informationen vom späten Abend": when, not whose
    owner = _read_noun_phrase(text, rest, kb, plural_verb)
    if owner.kind == "descriptor" and (first == "der" and not owner.head.endswith("in") and owner.gender != "f"
                                        or genitive_adjective):
        owner.kind, owner.plural = "group", True  # "Angaben der Veranstalter": a genitive plural
    return owner


@data_cache(maxsize=1)
def time_nouns() -> frozenset[str]:
    """Weekdays, months and other time words, lower case (data/function_words.json, TIME_NOUNS)."""
    return frozenset(w.casefold() for w in load_json("function_words.json").get("TIME_NOUNS", []))


def _time_phrase(words: list[_Word]) -> bool:
    """ "Montag", "späten Abend", "7. April", "gestrigen Mittwoch": a time, not an owner."""
    nouns = [w for w in words if w.cap and w.low not in _ARTICLES]
    head = nouns[0].low if nouns else ""
    return bool(head) and (head in time_nouns() or head.endswith(tuple(time_nouns())) or words[0].text[:1].isdigit())


def _place_owner(text: str, rest: list[_Word], kb: KnowledgeBase, plural_verb: bool) -> Phrase:
    """ "aus Khartum": a place speaks through its government (an organisation); "aus Regierungskreisen" is
    read as it stands."""
    owner = _read_noun_phrase(text, rest, kb, plural_verb)
    if owner.kind in ("name", "other", "descriptor"):
        owner.kind, owner.name, owner.label = "organisation", None, owner.label or owner.text
    return owner


def _genitive_name_owner(text: str, w: _Word, kb: KnowledgeBase) -> Phrase | None:
    """ "Meinung Russlands", "Angaben Reuters", "Angaben Ibrahims": a name in the genitive after the noun."""
    if _media_name(w.text):
        return Phrase("document", w.start, w.end, w.text, head=w.text, label=w.text)
    base = genitive_base(w.text)
    if base is None:
        return None
    if kb.qualifier(w.text) or kb.qualifier(base):  # a country or an organisation
        return Phrase("organisation", w.start, w.end, w.text, head=base, label=base)
    if looks_common_noun(w.text) or known_lower_case_word(w.text) or person_noun_type(w.text) or is_org_noun(w.text):
        return None
    return Phrase("name", w.start, w.start + len(base), base, name=base)


def _country_adjective(w: _Word, kb: KnowledgeBase) -> bool:
    """ "israelischen", "russischer": an adjective of a country."""
    code = kb.qualifier(w.text)
    return bool(code) and len(code) == 2 and code.isalpha() and code.isupper()


def _copy_owner(phrase: Phrase, owner: Phrase) -> None:
    for attr in ("name", "evidence", "words", "gender", "plural", "definite", "nationality", "party", "age", "org", "label"):
        setattr(phrase, attr, getattr(owner, attr))


# ------------------------------------------------------------------ noun phrases
def _read_noun_phrase(text: str, words: list[_Word], kb: KnowledgeBase, plural_verb: bool) -> Phrase:
    head_words, parens, appositions = _segments(words)
    phrase = _span_phrase("other", text, words)
    _read_parens(phrase, parens)
    head_words, org = _split_attribute(head_words)
    if org:
        phrase.org = " ".join(w.text for w in org)
    if _coordinated(head_words, text) and not _roles_of_one_person(head_words, appositions, kb):
        # "Sonia und Willy Bogner": two people speak together; "AFP und Reuters": media
        media = all(_media_name(w.text) or _document_noun(w.low) for w in head_words if w.cap)
        phrase.kind, phrase.label, phrase.plural = "document" if media else "group", _label(text, head_words), True
        phrase.head = head_words[-1].text
        return phrase
    name = _name_run(head_words, kb) or _trailing_given_name(head_words)
    if name and any(_institution_part(w, kb) for w in name):
        name = None  # "Robert Koch-Institut", "Friedrich-Schiller-Universität Jena", "Al-Jazeera": no person
    if name and len(name) == 1 and phrase_has_title(head_words) and _genitive_owner(name[0], text):
        name = None  # "Die Verteidiger Strauss-Kahns": whose defenders, not a name
    for appo in appositions:
        appo_name = _name_run(appo, kb, apposition=True)
        if appo_name and (not name or _weak_name(name)):
            name = appo_name
        else:
            _read_descriptor(phrase, appo, kb)
    _read_descriptor(phrase, head_words, kb)
    if name:
        phrase.kind = "name"
        phrase.name = " ".join(w.text for w in name)
        phrase.evidence = len(name) > 1 or bool(phrase.words) or _first_name_gender(name) is not None
        phrase.gender = phrase.gender or _first_name_gender(name)
        return phrase
    _type_without_name(phrase, text, head_words, plural_verb)
    return phrase


def _segments(words: list[_Word]) -> tuple[list[_Word], list[list[_Word]], list[list[_Word]]]:
    """The head segment, parenthesised segments and comma appositions."""
    head: list[_Word] = []
    parens: list[list[_Word]] = []
    appositions: list[list[_Word]] = []
    current = head
    for w in words:
        if w.text == "(":
            parens.append([])
            current = parens[-1]
        elif w.text == ")":
            current = appositions[-1] if appositions else head
        elif w.text == ",":
            appositions.append([])
            current = appositions[-1]
        else:
            current.append(w)
    return head, parens, [a for a in appositions if a]


def _read_parens(phrase: Phrase, parens: list[list[_Word]]) -> None:
    """ "(CDU)" -> party, "(64)" -> age."""
    for inner in parens:
        if len(inner) == 1 and inner[0].text.isdigit():
            phrase.age = int(inner[0].text)
        elif inner and len(inner) <= 3 and inner[0].cap:
            phrase.party = " ".join(w.text for w in inner if not w.text.isdigit()) or None
            ages = [w.text for w in inner if w.text.isdigit()]
            phrase.age = int(ages[0]) if ages else phrase.age


def _split_attribute(words: list[_Word]) -> tuple[list[_Word], list[_Word]]:
    """ "John Sifton von Human Rights Watch" -> the name part and the organisation after von/vom."""
    for i, w in enumerate(words):
        if w.low in ("von", "vom") and i and _is_attribute(words, i):
            org = [x for x in words[i + 1:] if x.low not in _ARTICLES]
            return words[:i], org
    return words, []


def _is_attribute(words: list[_Word], i: int) -> bool:
    """ "von" opens an attribute unless it is a name particle ("Ursula von der Leyen")."""
    rest = [w for w in words[i + 1:] if w.low not in _ARTICLES]
    if not rest:
        return False
    if words[i].low == "vom" or len(rest) > 1 or sum(w.cap and not _role_word(w) for w in words[:i]) >= 2:
        return True
    only = rest[0]
    return bool(_ACRONYM.match(only.text) or is_org_noun(only.text) or person_noun_type(only.text))


def _person_noun(word: str) -> str | None:
    """The person-noun type of a word, also in the genitive ("des SPD-Politikers", "des Priesters")."""
    kind = person_noun_type(word)
    if kind is None and word.endswith("s") and len(word) > 5 and not word.endswith("ss"):
        kind = person_noun_type(word[:-1])
    return kind


def _institution_part(w: _Word, kb: KnowledgeBase) -> bool:
    """A word of a name that makes it an organisation's or outlet's: a media name, or a hyphen compound
    ending in an institution noun or a country ("Koch-Institut", "EBay-Deutschland")."""
    if "-" not in w.text.strip("-"):
        return False
    if _media_name(w.text):
        return True
    last = w.text.rsplit("-", 1)[-1]
    code = kb.qualifier(last)
    return (bool(last[:1].isupper()) and (is_org_noun(last) or person_noun_type(last) == "group"
            or _document_noun(last.casefold(), compounds=False) or bool(code and len(code) == 2)))


def _institution(w: _Word) -> bool:
    """A noun for an organisation ("Getränkehersteller", "Verlag", "Ministerium", "Verfassungsschutzes")."""
    forms = [w.text] + [w.text[: -len(e)] for e in ("es", "s") if w.text.endswith(e) and len(w.text) > len(e) + 3]
    return any(is_org_noun(f) or person_noun_type(f) == "group" for f in forms)


def _role_word(w: _Word) -> bool:
    return w.cap and (w.text in _TITLES or bool(_person_noun(w.text)))


def _person_title(w: _Word) -> bool:
    """A noun for a person ("Sprecher", "Ministerin", "Norweger"), not for an institution ("Agentur")."""
    return w.cap and (w.text in _TITLES or _person_noun(w.text) in _PERSON_NOUN_TYPES)


def _name_run(words: list[_Word], kb: KnowledgeBase, *, apposition: bool = False) -> list[_Word] | None:
    """The person's name in a segment: the capitalised words after the last title, or the words of a bare
    name ("Filep Karma"), or those after a head noun ("Der Linksintellektuelle Noam Chomsky")."""
    words = _before_place(words)
    titles = [i for i, w in enumerate(words) if _person_title(w) and not _after_given_name(words, i)
              and not _is_given_name(w)]
    blocks = [i for i, w in enumerate(words) if w.cap and w.low not in _ARTICLES and not _person_title(w)
              and (_non_name(w, kb) or _role_word(w)) and not _after_given_name(words, i)]
    last_title, last_block = max(titles, default=-1), max(blocks, default=-1)
    if last_block > last_title and (not apposition or _institution(words[last_block])):
        return None  # "die Nachrichtenagentur RIA Novosti", ", dem Getränkehersteller Pepsi": a name after an
        #              organisation names it
    rest = words[max(last_title, last_block) + 1:]
    skipped = 0
    while skipped < len(rest) and (not rest[skipped].cap or rest[skipped].low in _ARTICLES):
        skipped += 1
    run = _until_lower_case(rest[skipped:])
    if last_title >= 0 and skipped:
        # "der Chef des Verwaltungsrats Ulrich Müller": a genitive attribute, then the name
        if not (rest[0].low in ("des", "eines") and len(run) >= 3 and run[0].text.endswith("s")
                and _is_given_name(run[1])):
            return None  # "die Sprecherin des Weißen Hauses": a genitive attribute, not a name
        run = run[1:]
    if not run:
        return None
    if last_title < 0 and not (apposition and len(run) > 1 and not rest[:skipped]):
        run = _bare_name(run, rest[:skipped])
        if not run:
            return None
    run = _from_given_name(run)
    checked = run[:1] if _is_given_name(run[0]) else run  # "Hans-Jürgen Papier": a surname may be a noun
    if sum(w.low not in PARTICLES for w in run) > 4 or any(_non_name(w, kb) or len(w.text) < 2 for w in checked) or _common_word(run[0]):
        return None
    if any((w.low in _ARTICLES and not (k and run[k - 1].low in PARTICLES)) or w.low in PRONOUNS
           for k, w in enumerate(run)):
        return None
    if len(run) == 1 and last_title >= 0 and not _single_name_after_title(run[0], words[last_title], kb):
        return None  # "der Innenminister Frankreichs", "Präsident Maßnahmen", "Deutsche Mark"
    return run


def _single_name_after_title(w: _Word, title: _Word, kb: KnowledgeBase) -> bool:
    """One word after a title is a surname ("Präsident Kennedy") unless it reads as a common noun or a
    genitive place, or the "title" is an adjectival demonym ("Deutsche Mark", "Hamburger Abendblatt")."""
    if _is_given_name(w):
        return True
    if person_noun_type(title.text) == "demonym" or _genitive_qualifier(w, kb) or looks_common_noun(w.text):
        return False
    base = lemma(w.text)
    return base == w.text or not base[:1].isupper()


def _before_place(words: list[_Word]) -> list[_Word]:
    """ "Manfred Stolpe in Berlin", "Korrespondent in Mexiko-Stadt": a place after the name is no part of it."""
    for k, w in enumerate(words):
        if k and w.low in _PLACE_WORDS and any(x.cap for x in words[:k]):
            return words[:k]
    return words


def _bare_name(run: list[_Word], before: list[_Word]) -> list[_Word] | None:
    """A name without a title: after an article the first noun is the head ("Der Linksintellektuelle Noam
    Chomsky"), unless the name starts with a given name or follows an age ("der 84-jährige Küng")."""
    if _is_given_name(run[0]) or any(_AGE.match(w.text) for w in before):
        return run
    if before:  # an article: the first capitalised word is a noun, a given name may follow it
        return run[1:] if len(run) >= 3 and _is_given_name(run[1]) else None
    if len(run) > 1 and known_lower_case_word(run[0].text):
        return None  # "Zwölf Todesopfer", "Weiße Farmer"
    if len(run) >= 3 and _known_noun(run[0]) and _is_given_name(run[1]):
        run = run[1:]  # "Dekan Manfred Berg": a title we do not list
    return None if any(looks_common_noun(w.text) for w in run) else run


def _is_given_name(w: _Word) -> bool:
    return w.text.split("-")[0] in first_names()


def _known_noun(w: _Word) -> bool:
    return w.low not in PARTICLES and simplemma.is_known(w.text, lang="de") and lemma(w.text)[:1].isupper() and not _is_given_name(w)


def _until_lower_case(run: list[_Word]) -> list[_Word]:
    """The name words of a run: up to the first lower-case word that is no particle, no particle last."""
    return _without_trailing_particles(_name_words(run))


def _name_words(run: list[_Word]) -> list[_Word]:
    """The name ends before a lower-case word that is no particle ("Manfred Stolpe in Berlin")."""
    for k, w in enumerate(run):
        if w.cap or (k and _ARABIC_ARTICLE.match(w.text)):
            continue
        if w.low in ("der", "den"):
            if not (k and run[k - 1].low in ("von", "van", "de")):  # "von der Leyen", not "Rand der Straße", "zu den …"
                return run[:k]
        elif w.low not in PARTICLES:
            return run[:k]
    return run


def _without_trailing_particles(run: list[_Word]) -> list[_Word]:
    """ "Corny Littmann zu den Beweggründen" -> "Corny Littmann": a name does not end in a particle."""
    while run and run[-1].low in PARTICLES:
        run = run[:-1]
    return run


_ARABIC_ARTICLE = regex.compile("^" + ARABIC_ARTICLES + r"\p{Lu}")  # "Abd al-Fattah Junis"


def _after_given_name(words: list[_Word], i: int) -> bool:
    """ "Rüdiger König", "Richard Kaiser": a role noun right after a given name is a surname."""
    return i > 0 and words[i - 1].text.split("-")[0] in first_names() and words[i - 1].cap


def _trailing_given_name(words: list[_Word]) -> list[_Word] | None:
    """A name that closes a long title phrase ("Der EU-Kommissar für Energie Günther Oettinger", "dem Direktor
    der peruanischen Zivilluftfahrtbehörde Roberto Rodriguez"): a given name and the capitalised words after it."""
    k = len(words)
    while k and (words[k - 1].cap or words[k - 1].low in PARTICLES) and len(words) - k < 4:
        k -= 1
    run = _before_time(words[k:])
    for j, w in enumerate(run[:-1]):
        if _is_given_name(w) and j + 1 < len(run) and run[-1].cap:
            return run[j:]
    return None


_TIME_MARKERS = frozenset(["anfang", "ende", "mitte"])


def _before_time(run: list[_Word]) -> list[_Word]:
    """The words before a time phrase ("Kevin Lynch Anfang April" -> "Kevin Lynch")."""
    times = time_nouns()
    for k, w in enumerate(run[:-1]):
        if w.low in _TIME_MARKERS and run[k + 1].low in times:
            return run[:k]
    return run


def _from_given_name(run: list[_Word]) -> list[_Word]:
    """ "Verwaltungsrats Ulrich Müller", "Kosovos Hashim Thaçi": the name starts at the given name."""
    names = first_names()
    for k, w in enumerate(run[1:], 1):
        if w.text.split("-")[0] in names and run[k - 1].text.endswith("s") and run[0].text.split("-")[0] not in names:
            return run[k:]
    return run


def _common_word(w: _Word) -> bool:
    """A capitalised adjective or number at the start ("Weiße Farmer", "Zwölf Todesopfer")."""
    base = lemma(w.text)
    return base[:1].islower() and w.text not in first_names()


def _coordinated(words: list[_Word], text: str) -> bool:
    """ "Sonia und Willy Bogner", "AFP und Reuters" (not "Such- und Rettungsagentur")."""
    return any(w.low == "und" and 0 < k < len(words) - 1 and words[k - 1].cap and words[k + 1].cap
               and text[words[k - 1].end:words[k - 1].end + 1] != "-" for k, w in enumerate(words))


def _roles_of_one_person(words: list[_Word], appositions: list[list[_Word]], kb: KnowledgeBase) -> bool:
    """ "Der deutsche Vizekanzler und Arbeitsminister Franz Müntefering", "Der frühere Bürgermeister und
    Justizsenator, Henning Scherf": two roles of one named person, not two speakers."""
    k = max(i for i, w in enumerate(words) if w.low == "und")
    before, after = words[:k], words[k + 1:]
    if not all(_person_title(w) for w in before if w.cap and w.low not in _ARTICLES | _POSSESSIVE.keys()):
        return False  # "Sonia und Willy Bogner", "Angela Merkel und Edmund Stoiber"
    if not after or not _person_title(after[0]) or sum(_person_title(w) for w in before) != 1:
        return False
    return bool(_name_run(after, kb) or any(_name_run(a, kb, apposition=True) for a in appositions))


def phrase_has_title(words: list[_Word]) -> bool:
    return any(_person_title(w) for w in words)


def _genitive_owner(w: _Word, text: str) -> bool:
    """ "Strauss-Kahns" after a title, where "Strauss-Kahn" stands in the text: a genitive owner."""
    base = genitive_base(w.text)
    return bool(base) and base in _document_words(text)


_LETTER = regex.compile(r"\p{L}")
_WORD_CHAR = regex.compile(r"[\p{L}\p{M}'’-]")
_LAST_WORDS: tuple[str | None, dict[str, bool]] = (None, {})  # the last document text and its words looked up


def _document_words(text: str) -> _DocumentWords:
    """The words of the document, looked up once per word and document text (one tuple, so threads never
    mix two documents)."""
    global _LAST_WORDS
    last = _LAST_WORDS
    if last[0] is not text:
        last = _LAST_WORDS = (text, {})
    return _DocumentWords(text, last[1])


class _DocumentWords:
    """``word in`` the set of ``_WORD_RE.findall(text)``, found without reading the whole document: such a
    word is a run of word characters from its first letter to its end."""

    def __init__(self, text: str, known: dict[str, bool]) -> None:
        self.text, self.known = text, known

    def __contains__(self, word: str) -> bool:
        if word not in self.known:
            self.known[word] = self._find(word)
        return self.known[word]

    def _find(self, word: str) -> bool:
        text = self.text
        if not _WORD_RE.fullmatch(word):
            return False
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if (end == len(text) or not _WORD_CHAR.match(text, end)) and self._run_starts(at):
                return True
            at = text.find(word, at + 1)
        return False

    def _run_starts(self, at: int) -> bool:
        """No letter before ``at`` in its run of word characters (where ``findall`` starts a word)."""
        text = self.text
        at -= 1
        while at >= 0 and _WORD_CHAR.match(text, at):
            if _LETTER.match(text, at):
                return False
            at -= 1
        return True


def _weak_name(name: list[_Word]) -> bool:
    """A one-word 'name' ending in -s right after a title is more likely a place ("Innenminister Sachsens")."""
    return len(name) == 1 and name[0].text.endswith("s")


def _genitive_qualifier(w: _Word, kb: KnowledgeBase) -> bool:
    base = genitive_base(w.text)
    return bool(kb.qualifier(w.text) or (base and kb.qualifier(base)))


def _non_name(w: _Word, kb: KnowledgeBase) -> bool:
    """A capitalised word that cannot be part of a person's name."""
    if not w.cap:
        return False
    types = speaker_types()
    low = w.low
    if low in _ARTICLES or low in PRONOUNS or low in _POSSESSIVE:
        return True
    if is_org_noun(w.text) or w.text in types["media_names"] or low in types["media_heads"] | types["document_heads"]:
        return True
    if low.endswith(types["anonymous_suffixes"]) or low in load_word_list("non_speakers.txt"):
        return True
    if "-" in low.strip("-") and _person_nouns_table().get(low.rsplit("-", 1)[1]):
        return True  # "Thaksin-Anhänger", "Grünen-Politiker": a person noun, not a name
    lex = cue_lexicon()
    if low in lex.source_nouns or low in lex.document_nouns or (len(low) > 8 and _document_noun(low)):
        return True
    return bool(kb.qualifier(w.text)) and w.text not in first_names()


def _first_name_gender(name: list[_Word]) -> str | None:
    names = first_names()
    for w in name:
        for part in w.text.split("-"):
            gender = names.get(part)
            if gender in ("m", "f"):
                return gender
    return None


def _read_descriptor(phrase: Phrase, words: list[_Word], kb: KnowledgeBase) -> None:
    """Role words, gender, nationality and age a segment gives ("der 64-jährige französische Präsident")."""
    for i, w in enumerate(words):
        low = w.low
        if i == 0 and low in _ARTICLES:
            phrase.definite = phrase.definite or low not in _INDEFINITE
            continue
        age = _AGE.match(w.text)
        if age:
            phrase.age = int(age.group(1))
        kind = _person_noun(w.text) if w.cap else "generic" if age else None
        if kind:
            phrase.words.append(low)
            phrase.head = phrase.head or w.text
            phrase.gender = phrase.gender or _noun_gender(words, i)
        code = kb.qualifier(w.text)
        if code and code.isalpha() and len(code) == 2 and code.isupper():
            phrase.nationality = phrase.nationality or code
        elif kind == "demonym":
            phrase.nationality = phrase.nationality or kb.demonym_country(w.text)


def _noun_gender(words: list[_Word], i: int) -> str | None:
    """ "Ministerin", "die Vorsitzende" -> f; "der Sprecher" -> m; plural forms -> None."""
    low = words[i].low
    if low.endswith("innen"):
        return None
    if low.endswith("in") and len(low) > 5:
        return "f"
    article = words[0].low if words[0].low in _ARTICLES else None
    return {"der": "m", "ein": "m", "die": "f", "eine": "f"}.get(article or "")


def _type_without_name(phrase: Phrase, text: str, words: list[_Word], plural_verb: bool) -> None:
    """No person name: organisation, document, group, anonymous source or a descriptor to resolve."""
    caps = [w for w in words if (w.cap or _AGE.match(w.text)) and w.low not in _ARTICLES]
    phrase.label = _label(text, words)
    if any(_WEB_ADDRESS.match(w.text) for w in words):  # "tagesschau.de", "einem Bericht von cnn.com"
        phrase.kind, phrase.head = "document", words[-1].text
        return
    if not caps:
        phrase.kind = "other"
        return
    if _partitive(words):  # "Einige der einflussreichsten Muslime": part of a plural set
        phrase.kind, phrase.plural, phrase.head = "group", True, caps[-1].text
        return
    core = _core(words)
    head = next((w for w in reversed(core) if w.cap or _AGE.match(w.text)), caps[-1])
    if phrase.head and head.text != phrase.head and head.text.endswith("s") and not _institution(head):
        # "Die Verteidiger Strauss-Kahns" (not "des Berliner Verfassungsschutzes")
        head = next((w for w in core if w.text == phrase.head), head)
    phrase.head = head.text
    types = speaker_types()
    low = head.low
    coordinated = bool(_AND.search(phrase.text)) and len(caps) >= 2
    if coordinated and phrase.kind == "other" and not is_org_noun(head.text) and not _document_noun(caps[-1].low):
        phrase.kind = "group"
    elif (any(_document_noun(w.low) for w in core if w.cap) or any(_media_name(w.text) for w in caps)
          or _media_name(phrase.label) or (coordinated and _document_noun(caps[-1].low))):
        phrase.kind = "document"
    elif low.endswith(types["anonymous_suffixes"]):
        phrase.kind = "anonymous"
    elif _named_institution(words, core, head):  # "die Hilfsorganisation Ärzte ohne Grenzen", "des Unternehmens X"
        phrase.kind = "organisation"
    elif _person_noun(head.text) in _PERSON_NOUN_TYPES or _AGE.match(head.text):
        _type_person_noun(phrase, words, head, plural_verb)
    elif _institution(head) or _ACRONYM.match(head.text):
        phrase.plural = _plural_institution(words, head)
        phrase.kind = "group" if phrase.plural else "organisation"  # "Die Oppositionsparteien": a group
        if phrase.kind == "organisation" and media_named(text, phrase.label):
            phrase.kind = "document"  # "ISNA" after "der Nachrichtenagentur ISNA"
    elif agent_noun(head.text):  # "der Vermögensverwalter", "Die deutschen Brauer"
        _type_person_noun(phrase, words, head, plural_verb)
    else:
        phrase.kind = "other"


def _named_institution(words: list[_Word], core: list[_Word], head: _Word) -> bool:
    """An institution noun in the singular followed by the institution's name: "der Luftfahrtbehörde Enac"."""
    for i, w in enumerate(core):
        if w is head:
            return False
        if _institution(w) and i + 1 < len(core) and core[i + 1].cap:
            return not _plural_institution(words, w)
    return False


def _partitive(words: list[_Word]) -> bool:
    """ "Einige der Teilnehmer", "Zwei der Verletzten", "80 Prozent der Befragten": part of a plural set."""
    if len(words) > 1 and words[0].text[:1].isdigit() and words[1].low in ("prozent", "%"):
        return True  # "80 Prozent der Abgeordneten"
    return (len(words) > 2 and words[0].low in speaker_types()["plural_quantifiers"]
            and words[1].low in ("der", "von", "aus") and not words[0].low.startswith(("ihr", "unser")))


def _type_person_noun(phrase: Phrase, words: list[_Word], head: _Word, plural_verb: bool) -> None:
    """A person noun without a name: a group in the plural, an anonymous source after "ein", else a descriptor."""
    phrase.plural = _plural(words, head, plural_verb)
    indefinite = bool(words) and words[0].low in _INDEFINITE
    phrase.kind = "group" if phrase.plural else "anonymous" if indefinite else "descriptor"


_PERSON_FORMS = ("ige", "iche", "ische", "ene", "te", "ende", "iger", "icher", "ischer", "ener", "ter", "ender")
_SINGULAR_ARTICLES = frozenset(["der", "ein", "eine", "einer", "einem", "einen", "dem", "des", "eines"])


def untyped_kind(phrase: Phrase, text: str) -> str:
    """The type of a speaker phrase we have no noun for: an anonymous person when its head reads as a person
    ("der Tatverdächtige", "Ein Übertrittswilliger", "einer Rednerin"), a document when the document presents
    it as an outlet ("der Nachrichtenagentur ISNA"), else an organisation ("TEPCO", "die Hoover Institution")."""
    spoken = phrase.owner or phrase
    label = spoken.label or spoken.name or spoken.text
    if media_named(text, label):
        return "document"
    words = spoken.text.split()
    article = words[0].casefold() if len(words) > 1 else ""
    head = (spoken.head or label).split()[-1] if (spoken.head or label) else ""
    if article in _SINGULAR_ARTICLES and _person_form(head):
        return "anonymous"
    return "organisation"


def _person_form(head: str) -> bool:
    """A nominalised adjective or participle ("Tatverdächtige", "Verletzter") or a feminine "-in" noun: a person."""
    low = head.casefold()
    if not head[:1].isupper() or is_org_noun(head) or person_noun_type(head) == "group" or _document_noun(low):
        return False
    return low.endswith(_PERSON_FORMS) or (low.endswith("in") and len(low) > 5)


_MEDIA_BEFORE = regex.compile(r"(\p{L}+)[“\"«]?[-\s(]+[„\"»]?$")


def media_named(text: str, label: str) -> bool:
    """The document calls ``label`` an outlet: "der Nachrichtenagentur ISNA", "die Zeitung „Hoy Bolivia“",
    "ARD-Tagesthemen" (a media noun or a media name right before it)."""
    if not label[:1].isupper() or len(label) < 2:
        return False
    for pos in _outlet_words(text).get(label.split()[0], ()):
        if text.startswith(label, pos) and not text[pos + len(label):pos + len(label) + 1].isalnum():
            return True
    return False


@lru_cache(maxsize=1)
def _after_media_word() -> regex.Pattern:
    """A capitalised word (or a lower-case media name: "dpa", "taz") and the capitalised word after it."""
    lower = sorted((n for n in speaker_types()["media_names"] if n[:1].islower()), key=len, reverse=True)
    first = "|".join([r"\p{Lu}\p{L}*", *map(regex.escape, lower)])
    return regex.compile(r"(?<![\p{L}\p{N}])(" + first + r")[“\"«]?[-\s(]+[„\"»]?(?=(\p{Lu}[\p{L}\p{N}\-]*))")


@lru_cache(maxsize=4)
def _outlet_words(text: str) -> dict[str, list[int]]:
    """Where a capitalised word follows a media noun or media name, by that word (one pass per document)."""
    types = speaker_types()
    found: dict[str, list[int]] = {}
    for m in _after_media_word().finditer(text):
        word = m.group(1)
        if word in types["media_names"] or (word[:1].isupper() and _media_noun(word.casefold())):
            found.setdefault(m.group(2), []).append(m.start(2))
    return found


def _media_noun(low: str) -> bool:
    """A noun for an outlet ("Nachrichtenagentur", "Zeitung", "Fernsehsender"), not for a report."""
    heads = speaker_types()["outlet_heads"]
    return low in heads or any(low.endswith(h) for h in heads)


_WEB_ADDRESS = regex.compile(r"^(?:www\.)?[\p{L}\p{N}\-]+\.(?:de|com|net|org|at|ch|fr|it|es|uk|co\.uk|eu|info|tv|ru|ua)$",
                            regex.IGNORECASE)


def _media_name(label: str) -> bool:
    """ "Deutsche Welle", "RIA Novosti", "Al-Jazeera", "SPIEGEL", "Sport-Bild": a media name of
    data/speaker_types.json, also spelt with hyphens or in capitals, or as the last part of a hyphen compound;
    or a web address ("tagesschau.de")."""
    names = speaker_types()["media_names_folded"]
    label = label.strip("„“\"")
    if _WEB_ADDRESS.match(label):
        return True  # "ndr.de", "cnn.com": a website
    folded = label.replace("-", " ").casefold()
    return folded in names or ("-" in label and label.rsplit("-", 1)[-1].casefold() in names)


def _plural_institution(words: list[_Word], head: _Word) -> bool:
    """ "Die Oppositionsparteien", "Hilfsorganisationen", "die Gefängnisse": institutions in the plural."""
    base = lemma(head.text)
    if base == head.text or head.low.endswith(("s", "ei", "ung")) or _ACRONYM.match(head.text):
        return False
    if head.low in load_word_list("org_nouns.txt"):
        return False  # a name of its own ("die Grünen", "die Linken"), not a plural of institutions
    collective = speaker_types()["collective_plurals"]
    if head.low.endswith(collective) or " ".join(w.low for w in words[-2:]).endswith(collective):
        return False  # "die Behörden", "die Vereinigten Staaten": one organisation
    first = words[0].low if words else ""
    return first not in ("des", "dem", "das", "ein", "eines", "einem", "einer") and len(base) < len(head.text)


def _core(words: list[_Word]) -> list[_Word]:
    """The words before the first attribute ("Presseerklärung" in "einer Presseerklärung der Gewerkschaft")."""
    for i, w in enumerate(words):
        if (i and not w.cap and w.low in _KEEP_AFTER_HEAD and any(x.cap and x.low not in _ARTICLES for x in words[:i])
                and not words[i - 1].text.endswith("-")):  # "Kongress- und Verteidigungskreise" is one noun
            return words[:i]
    return words


def _plural(words: list[_Word], head: _Word, plural_verb: bool) -> bool:
    """A plural person noun ("Die Demonstranten", "Beobachter", "zwei Experten", "sagten die Ärzte")."""
    if plural_verb:
        return True
    low = head.low
    if low.endswith("in"):
        return False
    first = words[0].low
    if first in speaker_types()["plural_quantifiers"]:
        return True
    if first in _POSSESSIVE or (words[0].cap and words[0] is not head and words[0].text.endswith("s")):
        # "dessen Stellvertreter", "seine Berater", "Demjanjuks Sohn"
        return lemma(head.text) != head.text and not low.endswith("s")
    if first not in _ARTICLES:
        return True  # a singular person noun needs an article; a bare one is plural
    if first == "die":  # "die Demonstranten", "die Mönche"; not "die Sprecherin", "die Angestellte"
        base = lemma(head.text)
        return low.endswith(("en", "er", "innen")) or (len(base) < len(head.text) and not low.endswith("in"))
    if first == "der":  # genitive plural: "Ansicht der Ärzte"; not "Der Vize-Außenminister" (lemma "Vizeaußenminister")
        return lemma(head.text).replace("-", "").casefold() != low.replace("-", "") and not low.endswith(("s", "in"))
    return first == "den" and low.endswith("n")


def _label(text: str, words: list[_Word]) -> str:
    """The phrase without its leading article: "Die SPD" -> "SPD"."""
    if words and words[0].low in _ARTICLES | _POSSESSIVE.keys() and len(words) > 1:
        words = words[1:]
    return text[words[0].start:words[-1].end] if words else ""


def is_document_noun(low: str) -> bool:
    """A document, outlet or report noun, also as the head of a compound ("medienberichten")."""
    return _document_noun(low)


_COLLECTIVE_NP = regex.compile(
    r"(?<![\p{L}\p{N}])(?:[Dd]ie|[Dd]er|[Dd]as|[Ee]ine?[mnrs]?)\s+(?:[\p{Ll}][\p{L}\-]*(?:e|en|er|es)\s+){0,2}"
    r"\p{Lu}[\p{L}\p{N}\-]+"
    r"(?:\s+\p{Lu}[\p{L}\p{N}\-]+){0,2}"
    r"|(?:(?<=^)|(?<=[.!?][„“\"»«]?\s))\p{Lu}[\p{L}\-]+(?=\s)")  # or a bare plural opening a sentence ("Aktivisten …")
_NOUN_BEFORE = regex.compile(r"\p{Lu}[\p{L}\-]*\)?\s+$|\b(?:mit|von|vom|bei|nach|zu|zur|zum|für|gegen|über|aus|an|auf|in|unter|durch)\s+$")
_NP_GENDER = {"der": "m", "die": "f", "das": "n", "eine": "f"}  # the gender an article shows ("ein": m or n)
_COLLECTIVE_KINDS = frozenset(["organisation", "document", "group"])


def find_collective_mentions(text: str, kb: KnowledgeBase,
                             read: Callable[[int, int], Phrase] | None = None) -> Iterator[Phrase]:
    """Noun phrases that name an organisation, an outlet or document, or a group ("Die Gewerkschaft", "hat das
    Blatt", "Die Demonstranten"): antecedents a later "sie" or "es" may stand for. Not a genitive or dative
    attribute after a noun ("die Gewerkschaft der Polizei"). ``read`` reads a phrase (default :func:`parse_phrase`;
    a per-document reader reads a wording met again only once)."""
    read = read or (lambda start, end: parse_phrase(text, start, end, kb))
    for m in _COLLECTIVE_NP.finditer(text):
        if m.group()[:1].islower() and _NOUN_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue
        head = m.group().split()[-1]
        if not (is_org_noun(head) or person_noun_type(head) or _document_noun(head.casefold()) or _media_name(head)
                or _ACRONYM.match(head)):
            continue  # read only noun phrases whose last word is a known institution, person or media word
        phrase = read(m.start(), m.end())
        if phrase.kind in _COLLECTIVE_KINDS:
            phrase.gender = phrase.gender or _NP_GENDER.get(m.group().split()[0].casefold())  # "das Gericht": es
            yield phrase
