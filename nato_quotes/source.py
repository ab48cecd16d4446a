"""Source (speaker mention) finding: the noun phrase that names who speaks.

Rule chunker over the analysis tokens: a determiner, adjectives, nouns and names, genitive
attributes ("der Korrespondent der nationalen ukrainischen Nachrichtenagentur"), name appositions
("Die Sprecherin des Weißen Hauses, Jen Psaki") and coordinated names ("Sonia und Willy Bogner").
When a dependency parse is present, :mod:`nato_quotes.parse_rules` widens the subject instead.
"""

from __future__ import annotations

import re

import simplemma

from .analysis import Token
from .lexicon import data_cache, load_table, load_word_list, word_cache

PERSONAL_PRONOUNS = {"er", "sie", "es", "wir", "ich", "man"}
_NOMINAL = {"NOUN", "PROPN"}
_GENITIVE_DET = {"des", "der", "eines", "einer", "seines", "seiner", "ihres", "ihrer"}  # "Angaben seines Anwalts"
MAX_NP = 14


def is_nominal(tok: Token) -> bool:
    """A noun or name (capitalised word that is not a function word)."""
    return tok.upos in _NOMINAL or (tok.upos in ("", "X") and tok.text[:1].isupper())


def np_forward(tokens: list[Token], i: int, limit: int | None = None) -> tuple[int, int] | None:
    """The noun phrase starting at word ``i`` as a half-open word range, or None."""
    limit = len(tokens) if limit is None else limit
    if i >= limit:
        return None
    if tokens[i].text.lower() in PERSONAL_PRONOUNS and tokens[i].upos in ("PRON", "", "X"):
        return i, i + 1
    end = _np_core(tokens, i, limit)
    if end is None:
        return None
    end = _extend_attributes(tokens, end, limit)
    return i, end


def _np_core(tokens: list[Token], i: int, limit: int) -> int | None:
    """DET? ADJ* NOUN+ ("und" NOUN+)?; returns the end index or None when there is no noun."""
    j = i
    if j < limit and tokens[j].upos in ("DET", "NUM"):
        j += 1
    while j < limit and (tokens[j].upos in ("ADJ", "NUM") and tokens[j].text[:1].islower() or _name_adjective(tokens, j, limit)
                         or _age_number(tokens, j, limit)):
        j += 1
    if j >= limit or not is_nominal(tokens[j]):
        return None
    while j < limit and is_nominal(tokens[j]):
        j += 1
    if (
        j + 1 < limit
        and tokens[j].text == "und"
        and is_nominal(tokens[j + 1])
        and tokens[j + 1].upos == "PROPN"
    ):
        j += 1
        while j < limit and is_nominal(tokens[j]):
            j += 1
    return j


def _age_number(tokens: list[Token], j: int, limit: int) -> bool:
    """The number and hyphen of "der 64-Jährige", "die 33-jährige Trainerin" (written as one word)."""
    tok = tokens[j]
    if j + 1 >= limit or tokens[j + 1].start != tok.end:
        return False
    return (tok.text.isdigit() and tokens[j + 1].text == "-") or (tok.text == "-" and j > 0 and tokens[j - 1].text.isdigit())


def _name_adjective(tokens: list[Token], j: int, limit: int) -> bool:
    """A capitalised adjective inside a name ("des Roten Kreuzes", "der Vereinten Nationen")."""
    return (tokens[j].upos in ("ADJ", "ADV") and tokens[j].text[:1].isupper() and j + 1 < limit
            and is_nominal(tokens[j + 1]))


_ATTRIBUTE_PREPOSITIONS = {"von", "vom", "aus", "für", "bei", "beim"}
_PLACE_PREPOSITIONS = {"in", "im"}


def _extend_attributes(tokens: list[Token], end: int, limit: int) -> int:
    """Attributes after the core noun phrase: genitives ("des Weißen Hauses"), von/aus/für phrases
    ("vom Max-Planck-Institut"), a place ("in Heidelberg"), a parenthesis ("(CDU)") and comma
    appositions ("Jen Psaki", "der Gouverneur von Tabasco")."""
    for _ in range(4):
        nxt = tokens[end].text.lower() if end < limit else ""
        attribute = _genitive_or_pp(tokens, end, limit)
        if attribute is not None:
            end = attribute
            continue
        if nxt in _PLACE_PREPOSITIONS and _single_name(tokens, end + 1, limit):
            end += 2
            continue
        if nxt == "(":
            close = next((j for j in range(end + 1, min(limit, end + 12)) if tokens[j].text == ")"), None)
            if close is not None:
                end = close + 1
                continue
        if nxt == "," and end + 1 < limit:
            appo = _apposition_end(tokens, end + 1, limit)
            if appo is not None:
                end = appo
                continue
        break
    return end


def _single_name(tokens: list[Token], i: int, limit: int) -> bool:
    """One capitalised name not followed by another noun ("in Heidelberg", not "in der Pressekonferenz")."""
    return i < limit and tokens[i].upos in ("PROPN", "NOUN") and tokens[i].text[:1].isupper() and (
        i + 1 >= limit or not is_nominal(tokens[i + 1]))


def _apposition_end(tokens: list[Token], i: int, limit: int) -> int | None:
    """End of a comma apposition: a name sequence, or a verbless noun phrase closed by punctuation."""
    if _is_name_apposition(tokens, i, limit):
        j = i
        while j < limit and is_nominal(tokens[j]):
            j += 1
        return j
    if tokens[i].text.lower() in RELATIVE_PRONOUNS and i + 1 < limit and tokens[i + 1].upos in ("VERB", "AUX", "PRON"):
        return None
    core = _np_core(tokens, i, limit)
    if core is None:
        return None
    core = _extend_simple(tokens, core, limit)
    closes = core >= len(tokens) or tokens[core].text in (",", ".", ":", ";", "!", "?")
    return core if closes else None


def _extend_simple(tokens: list[Token], end: int, limit: int) -> int:
    """Genitive and von/für attributes only (inside an apposition)."""
    for _ in range(3):
        attribute = _genitive_or_pp(tokens, end, limit)
        if attribute is None:
            break
        end = attribute
    return end


def _genitive_or_pp(tokens: list[Token], end: int, limit: int) -> int | None:
    """End of a genitive ("des Weißen Hauses") or von/aus/für phrase right at ``end``, or None."""
    nxt = tokens[end].text.lower() if end < limit else ""
    if nxt in _GENITIVE_DET or nxt in _ATTRIBUTE_PREPOSITIONS:
        return _np_core(tokens, end + (nxt in _ATTRIBUTE_PREPOSITIONS), limit)
    if _bare_genitive_plural(tokens, end, limit):
        return _np_core(tokens, end, limit)  # "Einschätzung politischer Beobachter", "Ansicht einiger Juristen"
    return None


def _bare_genitive_plural(tokens: list[Token], j: int, limit: int) -> bool:
    """A genitive plural without article: a lower-case adjective or quantifier in -er before a noun."""
    return (j + 1 < limit and tokens[j].text[:1].islower() and tokens[j].text.endswith("er") and len(tokens[j].text) > 4
            and tokens[j].upos in ("ADJ", "DET", "PRON") and is_nominal(tokens[j + 1]))


def _is_name_apposition(tokens: list[Token], i: int, limit: int) -> bool:
    """ ", Jen Psaki," — capitalised words closed by a comma or the end of the speaker slot."""
    j = i
    while j < limit and is_nominal(tokens[j]) and j - i < 4:
        j += 1
    return j - i >= 2 and (j >= limit or tokens[j].text == ",")


def np_backward(tokens: list[Token], end: int, start: int = 0) -> tuple[int, int] | None:
    """The noun phrase ending right before word ``end`` ("Stoltenberg zufolge")."""
    j = end
    while j > start and (is_nominal(tokens[j - 1]) or tokens[j - 1].upos in ("ADJ", "DET", "NUM")):
        j -= 1
        if tokens[j].upos == "DET":
            break
    while j < end and tokens[j].upos == "ADJ" and tokens[j].text[:1].islower() and not _det_before(tokens, j):
        j += 1
    if j >= end or not any(is_nominal(t) for t in tokens[j:end]):
        return None
    return j, end


def _det_before(tokens: list[Token], j: int) -> bool:
    return j > 0 and tokens[j - 1].upos == "DET"


def first_finite(tokens: list[Token]) -> int | None:
    """The index of the sentence's first finite-looking verb (None when it has none)."""
    return next((i for i, t in enumerate(tokens) if t.looks_finite), None)


def prefield_subject(tokens: list[Token], start: int, verb: int) -> tuple[int, int] | None:
    """The V2 prefield as subject: the whole stretch before the finite verb when it is a noun phrase.

    Returns None when the prefield is an adverbial ("Zugleich", "Am Montag") so the caller looks
    for the subject after the verb instead.
    """
    while start < verb and tokens[start].upos == "PUNCT":
        start += 1
    if start + 1 < verb and tokens[start].text.lower() in _FOCUS_PARTICLES and tokens[start + 1].upos in ("DET", "PROPN", "NOUN"):
        start += 1  # "Auch die Familienministerin äußerte …", "Selbst Merkel räumte ein …"
    end = _before_relative_clause(tokens, start, verb)
    while end > start and tokens[end - 1].text in (",", "–", "—"):
        end -= 1
    if end <= start or end - start > MAX_NP:
        return None
    first = tokens[start]
    if first.upos in ("ADV", "ADP", "SCONJ", "CCONJ", "VERB", "AUX", "PUNCT", "ADJ"):
        return None
    if first.upos in ("PRON", "DET") and end == start + 1 and first.text.lower() in _DEMONSTRATIVES:
        return start, end  # "Diese bestätigte, dass …"
    if first.upos == "PRON" and first.text.lower() not in PERSONAL_PRONOUNS:
        return None
    if any(t.upos in ("VERB", "AUX") or t.text in (":", ";") for t in tokens[start:end]):
        return None
    if first.text.lower() in PERSONAL_PRONOUNS:
        return (start, start + 1) if end == start + 1 else None
    if not any(is_nominal(t) for t in tokens[start:end]) or _oblique(tokens, start, end):
        return None
    return start, end


_FOCUS_PARTICLES = {"auch", "nur", "selbst", "sogar", "gerade", "ebenfalls", "allein", "besonders", "zumindest",
                    "insbesondere"}
_OBLIQUE_ARTICLES = {"dem", "einem", "den", "einen", "ihren", "seinen", "ihrem", "seinem", "meinen", "meinem",
                     "unseren", "unserem"}  # never a subject's article: "Ihren Widersacher X forderte May auf"


def _oblique(tokens: list[Token], start: int, end: int) -> bool:
    """An article that cannot start a subject: "Dem Sender sagte er", "Der englischsprachigen Zeitung sagte X"."""
    first = tokens[start].text.lower()
    if first in _OBLIQUE_ARTICLES:
        return True
    nxt = tokens[start + 1] if start + 1 < end else None
    return first == "der" and nxt is not None and nxt.text[:1].islower() and nxt.text.endswith("en")


_DEMONSTRATIVES = {"diese", "dieser", "jene", "jener", "beide", "letzterer", "letztere", "ersterer", "erstere"}
RELATIVE_PRONOUNS = {"der", "die", "das", "dem", "den", "denen", "deren", "dessen", "welcher", "welche", "welches"}
NOMINATIVE_RELATIVES = {"der", "die", "welcher", "welche"}  # a relative pronoun that can be a subject


def _before_relative_clause(tokens: list[Token], start: int, end: int) -> int:
    """Cut a comma-enclosed relative clause off the prefield ("Frank Sichau, der … fungiert, erklärte")."""
    for k in range(start + 1, end - 1):
        if tokens[k].text == "," and tokens[k + 1].text.lower() in RELATIVE_PRONOUNS and _has_verb_before_comma(
                tokens, k + 2, end):
            return k
    return end


def _has_verb_before_comma(tokens: list[Token], start: int, end: int) -> bool:
    """A finite-looking verb before the next comma: a relative clause, not an apposition."""
    for j in range(start, end):
        if tokens[j].text == ",":
            return False
        if tokens[j].looks_finite:
            return True
    return False


def subject_after_verb(tokens: list[Token], verb: int, limit: int) -> tuple[int, int] | None:
    """Subject right after a finite verb ("sagte der Norweger", "hatte er", "so Smith")."""
    j = verb + 1
    while j < limit and (tokens[j].upos == "ADV" or tokens[j].text.lower() == "sich") and (
            tokens[j].text.lower() not in PERSONAL_PRONOUNS):
        j += 1
        if j - verb > 3:
            return None
    found = np_forward(tokens, j, limit)
    return with_apposition(tokens, found) if found is not None and found[1] == limit else found


def with_apposition(tokens: list[Token], span: tuple[int, int]) -> tuple[int, int]:
    """Extend a subject over a following comma apposition closed by punctuation
    ("sagte General Michael Hagee, Kommandant des US-Marine-Corps, am Montag")."""
    end = span[1]
    if end + 1 < len(tokens) and tokens[end].text == ",":
        appo = _apposition_end(tokens, end + 1, len(tokens))
        if appo is not None and (appo >= len(tokens) or tokens[appo].text in (",", ".", "!", "?")):
            return span[0], appo
    return span


@data_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Given names -> gender ("m", "f" or "u") from data/first_names.txt."""
    return {name: (gender or "u")[:1] for name, gender in load_table("first_names.txt").items()}


@data_cache(maxsize=1)
def _person_nouns() -> dict[str, str]:
    """Person nouns (lower-case) -> type (role, group, anon, demonym, generic); "-x" entries are suffixes."""
    table: dict[str, str] = {}
    for word, kind in load_table("person_nouns.txt").items():
        table.setdefault(word.casefold(), kind or "generic")
    return table


@word_cache(limit=200_000)
def person_noun_type(word: str) -> str | None:
    """The person-noun type of a (possibly compound) noun: "Regierungssprecher" -> "role"."""
    table = _person_nouns()
    low = word.casefold()
    if low in table:
        return table[low]
    if "-" in low.strip("-") and low.rsplit("-", 1)[1] in table:
        return table[low.rsplit("-", 1)[1]]  # "SWR-Intendant", "Grünen-Politikerin"
    for i in range(1, len(low) - 3):
        kind = table.get("-" + low[i:].lstrip("-"))
        if kind:
            return kind
    return None


@word_cache(limit=200_000)
def is_org_noun(word: str) -> bool:
    """An organisation name or noun ("Polizei", "Bundesregierung", "Verteidigungsministerium")."""
    orgs = load_word_list("org_nouns.txt")
    low = word.casefold()
    return low in orgs or any(("-" + low[i:]) in orgs for i in range(1, len(low) - 3))


def plausible_speaker(tokens: list[Token], span: tuple[int, int]) -> bool:
    """False for a noun phrase headed by a noun that never names a speaker ("so die Idee")."""
    nouns = [t for t in tokens[span[0]:span[1]] if is_nominal(t)]
    if not nouns:
        return tokens[span[0]].text.lower() in PERSONAL_PRONOUNS
    return nouns[0].text.casefold() not in load_word_list("non_speakers.txt")


def person_like(tokens: list[Token], span: tuple[int, int]) -> bool:
    """A phrase that names a person, group or organisation: a pronoun, a person or organisation
    noun, a given name, or bare capitalised names without a determiner ("Stoltenberg")."""
    words = tokens[span[0]:span[1]]
    if len(words) == 1 and words[0].text.lower() in PERSONAL_PRONOUNS:
        return True
    if any(person_noun_type(t.text) or is_org_noun(t.text) or t.text in first_names() for t in words):
        return True
    return words[0].upos != "DET" and all(t.text[:1].isupper() for t in words if is_nominal(t))


_AGE_NOUN = re.compile(r"\d+-[Jj]ährige[nr]?$")


def speaker_capable(tokens: list[Token], span: tuple[int, int]) -> bool:
    """A phrase that can name who speaks, judged by its head (the first capitalised noun): a pronoun,
    a person, organisation, document or statement noun, a given name, an age ("der 64-Jährige") or a
    name. False for a common noun that names no speaker: "Vorbehalte", "Ein Erdbeben", "Die Tat"."""
    words = tokens[span[0]:span[1]]
    if not words:
        return False
    if len(words) == 1 and (words[0].upos in ("PRON", "DET", "ADV") or words[0].text[:1].islower()):
        return True  # "er", "diese", a relative pronoun, "demnach"
    nouns = [t for t in words if is_nominal(t) and t.text[:1].isupper()]
    if not nouns:
        return words[0].text.lower() in PERSONAL_PRONOUNS
    head = nouns[0]
    if _speaker_noun(head):
        return True
    if words[0].upos != "DET":
        return not all(_reads_as_common_noun(t.text) for t in nouns)  # "Human Rights Watch", "Merkel"; not "Vorbehalte"
    at = words.index(head)
    if any(t.text[:1].isupper() and not is_nominal(t) for t in words[1:at]) or (
            at + 1 < len(words) and words[at + 1].text[:1].isupper()):
        return True  # capitalised words in a row: a name ("Das Weiße Haus", "der New York Times")
    return not (_reads_as_common_noun(head.text) or simplemma.is_known(head.text, lang="de"))


def _reads_as_common_noun(word: str) -> bool:
    """A capitalised word that reads as a common noun or a capitalised adjective/verb form, not a name."""
    from .speakers.names import known_lower_case_word, looks_common_noun

    return looks_common_noun(word) or known_lower_case_word(word)


def _speaker_noun(head: Token) -> bool:
    """A head noun that names a speaker: a person (also "-in": "Mandantin"), organisation, document or
    statement noun, a given name, an acronym or an age ("Jährige" of "der 64-Jährige")."""
    from .cue import is_info_noun, lexicon
    from .speakers.phrase import is_document_noun

    text = head.text
    if person_noun_type(text) or is_org_noun(text) or text in first_names() or text.isupper():
        return True
    if is_info_noun(head, lexicon()) or is_document_noun(text.casefold()):
        return True
    return text.startswith("Jährige") or bool(_AGE_NOUN.match(text)) or (len(text) > 5 and text.endswith(("in", "innen")))


_PERSON_KINDS = ("role", "generic", "demonym")  # person-noun types that name one individual


def person_head(tokens: list[Token], span: tuple[int, int]) -> bool:
    """A phrase that names a person: a personal pronoun, a person noun or given name as its head,
    or a name without article ("Conze", "Renate Schmidt")."""
    words = tokens[span[0]:span[1]]
    if len(words) == 1 and words[0].text.lower() in PERSONAL_PRONOUNS - {"es", "man"}:
        return True
    nouns = [t for t in words if is_nominal(t) and t.text[:1].isupper()]
    if not nouns:
        return False
    if person_noun_type(nouns[0].text) in _PERSON_KINDS or nouns[0].text in first_names():
        return True
    return words[0].upos != "DET" and not any(
        _reads_as_common_noun(t.text) or is_org_noun(t.text) for t in nouns)


def person_named(tokens: list[Token], span: tuple[int, int]) -> bool:
    """A phrase with a person noun or a given name in it ("Staatspräsident Georgi Parwanow")."""
    return any(person_noun_type(t.text) in _PERSON_KINDS or t.text in first_names()
               for t in tokens[span[0]:span[1]] if t.text[:1].isupper())


def cites_outlet(tokens: list[Token], span: tuple[int, int]) -> bool:
    """A source phrase that names a medium, an agency, a web address or a document ("CNN", "faz.net",
    "Nachrichtenagentur Reuters", "dem Bericht des Fachmagazins")."""
    from .speakers.phrase import is_document_noun, speaker_types

    words = [t for t in tokens[span[0]:span[1]] if t.text[:1].isalnum()]
    media = speaker_types()["media_names"]
    # is_document_noun covers the cue lexicon's document nouns too
    return any(t.text in media or is_document_noun(t.text.casefold()) or "." in t.text.strip(".") for t in words)
