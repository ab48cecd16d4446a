"""Cue detection: speech verbs (incl. separable ones), "so X", "laut X", "X zufolge", "nach Angaben
von X", "wie X mitteilte", "hieß es" and negated cues.

The lexicon lives in ``data/cues.json`` (our own lists; extend it via ``NATO_QUOTES_DATA``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .analysis import Sentence, Token
from .lexicon import data_cache, load_json

CLAUSE_PUNCT = {",", ":", ";", "–", "—", "(", ")"}
_NEGATIONS_AFTER = {"nicht", "nie", "niemals", "keineswegs"}
LIGHT_VERB_CUES = {("machen", "deutlich"), ("machen", "klar"), ("geben", "bekannt"), ("stellen", "klar"),
                    ("geben", "an"), ("weisen", "hin"), ("machen", "aufmerksam")}


@dataclass(slots=True)
class CueMatch:
    """A cue in a sentence: its word indexes, lemma and form."""

    tokens: list[int]
    lemma: str
    form: str  # "verb", "so", "according", "according-post", "wie", "impersonal", "noun"
    strong: bool = True  # weak verbs (glauben, hoffen) need a content clause to count

    @property
    def head(self) -> int:
        return self.tokens[0]


@dataclass(frozen=True, eq=False)
class CueLexicon:
    """Speech-cue words, by lemma."""

    verbs: dict[str, str | None]  # lemma -> particle
    stems: dict[str, list[tuple[str, str]]]  # stem lemma -> [(particle, full lemma)]
    weak: frozenset[str]
    fragment_weak: frozenset[str]  # weak verbs whose quoted object fragments are speech ("würdigte als „…“")
    say: frozenset[str]  # verbs of saying: an indicative main clause after them is content
    zu_weak: frozenset[str]  # weak verbs whose zu-infinitive complement is content ("erwägt, … zu gehen")
    nouns: frozenset[str]
    source_nouns: frozenset[str]
    info_nouns: frozenset[str]  # nouns | source_nouns, built once: is_info_noun runs for every "nach"
    document_nouns: frozenset[str]
    reported: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    impersonal: tuple[tuple[str, ...], ...]
    info_suffixes: tuple[str, ...] = ()  # info_nouns as a tuple for str.endswith (compound heads)
    according_index: dict[str, list[tuple[str, ...]]] = field(default_factory=dict, repr=False)
    impersonal_index: dict[str, list[tuple[str, ...]]] = field(default_factory=dict, repr=False)

    def is_cue_lemma(self, lemma: str) -> bool:
        return lemma in self.verbs or lemma in self.weak

    def phrases_from(self, phrases: tuple[tuple[str, ...], ...], first: str) -> list[tuple[str, ...]]:
        """The phrases starting with the word ``first`` (indexes built once for the lexicon's lists)."""
        if phrases is self.according:
            return self.according_index.get(first, [])
        if phrases is self.impersonal:
            return self.impersonal_index.get(first, [])
        return _phrase_index(phrases).get(first, [])


def _phrase_index(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return index


@data_cache(maxsize=1)
def lexicon() -> CueLexicon:
    """The cue lexicon from data/cues.json."""
    data = load_json("cues.json")
    verbs: dict[str, str | None] = {}
    stems: dict[str, list[tuple[str, str]]] = {}
    for entry in data["verbs"]:
        verbs[entry["lemma"]] = entry.get("particle")
        if entry.get("particle"):
            stems.setdefault(entry.get("stem") or entry["lemma"], []).append((entry["particle"], entry["lemma"]))
    for adjective in data.get("adjectives", []):  # "ist zuversichtlich, … zu können": a cue like a verb
        verbs.setdefault(adjective, None)
    weak = frozenset(e if isinstance(e, str) else e["lemma"] for e in data.get("verbs_weak", []))
    nouns = frozenset(n.lower() for n in data.get("nouns", []) if n)
    source_nouns = frozenset(n.lower() for n in data.get("source_nouns", []) if n)
    according = tuple(tuple(p.lower().split()) for p in data.get("according_to", []))
    impersonal = tuple(tuple(p.lower().split()) for p in data.get("impersonal", []))
    return CueLexicon(
        verbs=verbs,
        stems=stems,
        weak=weak - set(verbs),
        fragment_weak=frozenset(data.get("fragment_verbs", [])) & weak,
        say=frozenset(data.get("say_verbs", [])) & set(verbs),
        zu_weak=frozenset(data.get("zu_verbs", [])) & weak,
        nouns=nouns,
        source_nouns=source_nouns,
        info_nouns=nouns | source_nouns,
        document_nouns=frozenset(n.lower() for n in data.get("document_nouns", [])),
        reported=frozenset(data.get("reported_verbs", [])),
        according=according,
        impersonal=impersonal,
        info_suffixes=tuple(sorted(nouns | source_nouns)),
        according_index=_phrase_index(according),
        impersonal_index=_phrase_index(impersonal),
    )


def find_cues(sentence: Sentence, quoted: list[bool]) -> list[CueMatch]:
    """Cues of a sentence, outside quoted material, in text order."""
    lex = lexicon()
    tokens = sentence.tokens
    starts = _cue_starts(lex)
    out: list[CueMatch] = []
    for i, tok in enumerate(tokens):
        if quoted[i] or not (starts[tok.lemma] or starts[tok.text]):
            continue
        match = (
            _verb_cue(tokens, i, quoted, lex)
            or _noun_cue(tokens, i, quoted, lex)
            or _so_cue(tokens, i, quoted)
            or _according_cue(tokens, i, lex)
            or _impersonal_cue(tokens, i, lex)
        )
        if match is not None:
            out.append(match)
    return out


class _StartsCue(dict):
    """word -> does it, lower-cased, start a cue? Filled on first sight (a dict look-up per word
    instead of lower-casing and a set look-up); emptied when it outgrows ``LIMIT`` words."""

    LIMIT = 200_000

    def __init__(self, words: frozenset[str]) -> None:
        super().__init__()
        self.words = words

    def __missing__(self, word: str) -> bool:
        if len(self) > self.LIMIT:
            self.clear()
        found = self[word] = word.lower() in self.words
        return found


@data_cache(maxsize=1)
def _cue_starts(lex: CueLexicon) -> _StartsCue:
    return _StartsCue(_triggers(lex))


@data_cache(maxsize=1)
def _triggers(lex: CueLexicon) -> frozenset[str]:
    """Every word or lemma that can start a cue: a cheap filter before the detailed checks."""
    words = set(lex.verbs) | set(lex.stems) | lex.weak | lex.nouns | {verb for verb, _ in LIGHT_VERB_CUES}
    words |= {"so", "zufolge", "nach"} | SOURCE_PREPOSITIONS | REFERRING
    words |= {phrase[0] for phrase in lex.according + lex.impersonal}
    return frozenset(words)


def verb_cue_at(tokens: list[Token], i: int, quoted: list[bool]) -> CueMatch | None:
    """The speech-verb cue whose verb is word ``i``, if any."""
    return _verb_cue(tokens, i, quoted, lexicon())


def _verb_cue(tokens: list[Token], i: int, quoted: list[bool], lex: CueLexicon) -> CueMatch | None:
    tok = tokens[i]
    if tok.upos not in ("VERB", "AUX", "") and not tok.text[:1].islower():
        return None
    if not tok.text[:1].islower():
        return None
    lemma = participle_lemma(tok, lex)
    particle = _particle(tokens, i, quoted, lemma, lex)
    if particle is not None:
        p_index, full = particle
        return CueMatch([i, p_index], full, "verb")
    if (lemma in lex.verbs or lemma in lex.weak) and _foreign_particle(tokens, i, quoted):
        return None  # "meldete das Patent an": anmelden, not melden
    if lemma in lex.verbs and lex.verbs[lemma] is None:
        return CueMatch([i], lemma, "verb")
    if lemma in lex.verbs and _joined_particle_form(tok.text, lex.verbs[lemma]):
        return CueMatch([i], lemma, "verb")
    if lemma in lex.weak:
        return CueMatch([i], lemma, "verb", strong=False)
    light = _light_verb(tokens, i, quoted, lemma)
    if light is not None:
        return CueMatch([i, light], f"{tokens[light].text.lower()} {lemma}", "verb")
    return None


_PARTICLES = {"an", "auf", "aus", "ab", "vor", "zu", "mit", "ein", "fest", "hin", "zurück", "dar", "bei",
              "weg", "nach", "um", "her", "los", "fort", "frei", "bekannt", "heraus", "hervor", "nieder"}


def _foreign_particle(tokens: list[Token], i: int, quoted: list[bool]) -> bool:
    """A separable particle closes the clause of a finite verb, so the verb is another lemma."""
    j = i + 1
    while j < len(tokens) and not quoted[j] and tokens[j].text not in CLAUSE_PUNCT and tokens[j].text not in ".!?":
        j += 1
    if j < len(tokens) and quoted[j]:
        return False
    last = tokens[j - 1]
    return j - 1 > i and last.text.lower() in _PARTICLES and last.upos != "DET"


def participle_lemma(tok: Token, lex: CueLexicon) -> str:
    """The lemma, repaired for weak participles the lemmatizer leaves alone ("erwidert", "angedeutet")."""
    lemma = tok.lemma.lower()
    word = tok.text.lower()
    if lemma != word or not word.endswith("t") or lemma in lex.verbs:
        return lemma
    stem = word[:-2] if word.endswith("et") else word[:-1]
    for base in (stem, stem.replace("ge", "", 1)):
        for candidate in (base + "en", base + "n"):
            if candidate in lex.verbs or candidate in lex.weak:
                return candidate
    return lemma


def _noun_cue(tokens: list[Token], i: int, quoted: list[bool], lex: CueLexicon) -> CueMatch | None:
    """ "der Vorwurf, es gebe …", "die Forderung, dass …": a speech noun before a comma and a clause;
    "die Forderung des Ministers, …": with its speaker as a genitive in between (form "noun-of")."""
    tok = tokens[i]
    if not tok.text[:1].isupper() or i + 2 >= len(tokens):
        return None
    word = (tok.lemma or tok.text).casefold()
    if word not in lex.nouns:
        return None
    if tokens[i + 1].text == ",":
        return None if quoted[i + 2] else CueMatch([i], word, "noun")
    comma = genitive_owner_end(tokens, i + 1, quoted)
    if comma is None or any(t.text.lower() in _SOURCE_WORDS for t in tokens[max(0, i - 2):i]):
        return None  # "nach Angaben der Polizei" is an according-to cue
    return CueMatch([i], word, "noun-of")


GENITIVE_STARTS = {"des", "der", "eines", "einer", "seines", "seiner", "ihres", "ihrer", "von"}
_SOURCE_WORDS = {"nach", "laut", "gemäß"}


def genitive_owner_end(tokens: list[Token], j: int, quoted: list[bool]) -> int | None:
    """The comma that closes a genitive owner starting at ``j`` ("des Ministers Paul Berger (SPD),"), or None."""
    if j >= len(tokens) or tokens[j].text.lower() not in GENITIVE_STARTS:
        return None
    for k in range(j + 1, min(len(tokens), j + 10)):
        tok = tokens[k]
        if tok.text == ",":
            return k if any(t.text[:1].isupper() for t in tokens[j + 1:k]) and k + 1 < len(tokens) else None
        if quoted[k] or tok.text in ".!?;:" or (tok.upos in ("VERB", "AUX", "SCONJ") and tok.text[:1].islower()):
            return None
    return None


def _joined_particle_form(form: str, particle: str | None) -> bool:
    """True when a separable verb's particle is attached ("mitteilte", "angekündigt")."""
    return particle is not None and form.lower().startswith(particle)


def _particle(
    tokens: list[Token], i: int, quoted: list[bool], lemma: str, lex: CueLexicon
) -> tuple[int, str] | None:
    """The separated particle of a separable cue verb ("kündigte ... an") in the same clause."""
    options = lex.stems.get(lemma)
    if not options:
        return None
    found = None
    for j in _clause_words(tokens, i + 1, quoted):
        for particle, full in options:
            if tokens[j].text.lower() == particle:
                found = j, full  # the last one: "geht aus dem Bericht hervor" is hervorgehen
    return found


def _clause_words(tokens: list[Token], start: int, quoted: list[bool]) -> Iterator[int]:
    """Word indexes from ``start`` to the end of the clause, stepping over a comma apposition
    ("gab der Leiter der Kriminaldienststelle, Andreas Huber, bekannt") and over quoted words
    inside the clause ("wies die Vorwürfe als „haltlos“ zurück")."""
    j = start
    while j < len(tokens) and tokens[j].text not in ".!?":
        if quoted[j]:
            j += 1
            continue
        if tokens[j].text == "(":
            close = next((k for k in range(j + 1, min(len(tokens), j + 8)) if tokens[k].text == ")"), None)
            if close is not None:  # "warf dem Minister Wolfgang Schäuble (CDU) vor"
                j = close + 1
                continue
        if tokens[j].text in CLAUSE_PUNCT:
            after = _after_apposition(tokens, j, quoted)
            if after is None:
                return
            j = after
            continue
        yield j
        j += 1


def _after_apposition(tokens: list[Token], comma: int, quoted: list[bool]) -> int | None:
    """Index after ", <verbless noun phrase>," starting at ``comma``, or None."""
    if tokens[comma].text != ",":
        return None
    for k in range(comma + 1, min(len(tokens), comma + 10)):
        tok = tokens[k]
        if quoted[k] or tok.text in ".!?;:" or (tok.upos in ("VERB", "AUX", "SCONJ") and tok.text[:1].islower()):
            return None
        if tok.text == ",":
            has_name = any(t.text[:1].isupper() for t in tokens[comma + 1:k])
            return k + 1 if has_name and k > comma + 1 else None
    return None


def _light_verb(tokens: list[Token], i: int, quoted: list[bool], lemma: str) -> int | None:
    """Light-verb cues such as "machte deutlich", "gab bekannt", and with the word before the verb
    ("hat … bekannt gegeben", "will … deutlich machen")."""
    if i > 0 and not quoted[i - 1] and (lemma, tokens[i - 1].text.lower()) in LIGHT_VERB_CUES:
        return i - 1
    for seen, j in enumerate(_clause_words(tokens, i + 1, quoted)):
        if seen >= 8:
            break
        if (lemma, tokens[j].text.lower()) in LIGHT_VERB_CUES:
            return j
    return None


def _so_cue(tokens: list[Token], i: int, quoted: list[bool]) -> CueMatch | None:
    """ "…, so Stoltenberg." — "so" after a comma and before a noun phrase."""
    if tokens[i].text.lower() != "so" or i == 0 or tokens[i - 1].text not in (",", "“", '"', "«", "»"):
        return None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or quoted[i + 1]:
        return None
    if nxt.upos in ("DET", "NOUN", "PROPN") or nxt.text[:1].isupper():
        return CueMatch([i], "so", "so")
    return None


SOURCE_PREPOSITIONS = {"laut", "gemäß"}
REFERRING = {"demnach", "wonach"}


def _according_cue(tokens: list[Token], i: int, lex: CueLexicon) -> CueMatch | None:
    """ "laut X", "X zufolge", "nach Angaben von X", "nach einer Studie der UNO", "demnach"."""
    low = tokens[i].text.lower()
    if low == "zufolge":
        return CueMatch([i], "zufolge", "according-post")
    if low in REFERRING and (low, ) in lex.according:
        return CueMatch([i], low, "referring")
    if low in SOURCE_PREPOSITIONS and i + 1 < len(tokens) and _starts_noun_phrase(tokens[i + 1]):
        return CueMatch([i], low, "according")
    if low == "nach" and _info_noun_follows(tokens, i + 1, lex):
        return CueMatch([i], "nach", "according")
    if low == "nach" and i > 0 and is_info_noun(tokens[i - 1], lex) and tokens[i - 1].text[:1].isupper() and (
            i + 1 >= len(tokens) or not _starts_noun_phrase(tokens[i + 1])):
        return CueMatch([i], "nach", "according-post")  # "seiner Meinung nach", "dem Vernehmen nach"
    for phrase in lex.phrases_from(lex.according, low):
        n = len(phrase)
        if n > 1 and tuple(t.text.lower() for t in tokens[i:i + n]) == phrase:
            return CueMatch([i], " ".join(phrase), "according")
    return None


def _starts_noun_phrase(tok: Token) -> bool:
    return tok.upos in ("DET", "NOUN", "PROPN", "ADJ", "NUM") or tok.text[:1].isupper()


def _info_noun_follows(tokens: list[Token], j: int, lex: CueLexicon) -> bool:
    """ "nach (den|ersten|eigenen) Angaben/Informationen/Polizeiangaben/einer Studie …", "nach Merkels Worten"."""
    for k in range(j, min(j + 4, len(tokens))):
        tok = tokens[k]
        if tok.text[:1].isupper() and tok.upos not in ("DET", "ADJ"):
            if k + 1 < len(tokens) and _genitive_owner(tok) and is_info_noun(tokens[k + 1], lex):
                return True  # "nach Merkels Worten": a genitive name owns the statement
            return is_info_noun(tok, lex)
        if tok.upos not in ("DET", "ADJ", "NUM") and not tok.text[:1].islower():
            return False
    return False


def _genitive_owner(tok: Token) -> bool:
    """A capitalised genitive before a noun ("Merkels", "Stoltenbergs", "Obamas")."""
    return tok.text.endswith(("s", "’", "'")) and len(tok.text) > 3 and tok.text[:1].isupper()


def is_info_noun(tok: Token, lex: CueLexicon) -> bool:
    """A noun for a source of information, also as the head of a compound ("Polizeiangaben")."""
    word = (tok.lemma or tok.text).casefold()
    return word in lex.info_nouns or word[3:].endswith(lex.info_suffixes)  # a head after >= 3 letters


def _impersonal_cue(tokens: list[Token], i: int, lex: CueLexicon) -> CueMatch | None:
    """ "hieß es", "heißt es", "es hieß"."""
    for phrase in lex.phrases_from(lex.impersonal, tokens[i].text.lower()):
        n = len(phrase)
        if tuple(t.text.lower() for t in tokens[i:i + n]) == phrase:
            return CueMatch(list(range(i, i + n)), " ".join(phrase), "impersonal")
    return None


def is_negated(tokens: list[Token], cue: CueMatch, clause_end: int) -> bool:
    """ "sagte Stoltenberg nicht": a negation in the cue's clause right after the cue and speaker."""
    for j in range(cue.head + 1, clause_end):
        low = tokens[j].text.lower()
        if low in _NEGATIONS_AFTER:
            nxt = tokens[j + 1].text.lower() if j + 1 < len(tokens) else ""
            return nxt not in ("nur", "zuletzt", "erst", "umsonst", "ohne")
    return False
