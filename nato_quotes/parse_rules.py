"""Speaker attribution from a dependency parse (Universal Dependencies, German conventions).

Patterns over one parsed :class:`~nato_quotes.analysis.Sentence`:

* ``parse:nsubj+ccomp``      "Stoltenberg sagte, dass ..." / "Wie ... würde, sagte er nicht."
* ``parse:nsubj+parataxis``  "Stoltenberg sagte: „...“"
* ``parse:inverted-parataxis`` "„...“, sagte der Norweger." (speech verb is a parataxis dependent
  of the quotation's predicate, as in UD German-HDT; the variant with the verb as root and the
  quotation as its ``ccomp`` is ``parse:nsubj+ccomp``)
* ``parse:wie-X``            "Wie Stoltenberg mitteilte, ..." (``advcl`` with ``mark`` "wie")
* ``parse:so-X``             "..., so Stoltenberg."
* ``parse:laut-X``, ``parse:X-zufolge``, ``parse:nach-Angaben`` (source adverbials)
* ``parse:reported-object``  "Mandela äußerte zurückhaltende Kritik." (a speech act without a content
  clause, SpkAtt's Reported: the content is the verb's object or complements)

A relative pronoun subject ("die Bevölkerung, die … fordert") stands for the noun it refers to.

All indexes are word indexes within the sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .analysis import Sentence, Token

__all__ = [
    "ParseAttribution",
    "clause_head",
    "clause_is_subjunctive",
    "content_clause",
    "parse_attributions",
    "speaker_phrase",
]

CONTENT_RELS = ("ccomp", "parataxis")
SUBJECT_REL = "nsubj"  # nsubj:pass has no speaker role
NEGATORS = frozenset({"nicht", "nie", "niemals", "keineswegs", "keinesfalls"})
NEGATIVE_SUBJECTS = frozenset({"niemand", "keiner"})
SOURCE_NOUNS = frozenset({"angabe", "aussage", "wort", "auskunft"})  # nach Angaben von X
_SPEAKER_SKIP = ("punct", "acl:relcl", "acl", "parataxis", "dep")
_CLAUSE_RELS = frozenset({"root", "ccomp", "xcomp", "advcl", "csubj", "parataxis", "acl"})
_MOOD_CARRIERS = ("aux", "aux:pass", "cop")


@dataclass
class ParseAttribution:
    """One speech event found in the parse: who (speaker), the cue words and what (content)."""

    cue: list[int]
    speaker: list[int]
    content: list[int]
    pattern: str
    negated: bool = False
    subjunctive: bool = False


def parse_attributions(
    sentence: Sentence, is_cue: Callable[[Token], bool], is_act: Callable[[Token], bool] | None = None,
) -> list[ParseAttribution]:
    """All attributions in ``sentence``; ``is_cue`` decides from a token's lemma whether it is a speech
    verb, ``is_act`` (default: none) whether it is one that makes a speech act with a mere object."""
    if not sentence.parsed:
        return []
    found: list[ParseAttribution] = []
    cue_verbs = {i for i in range(len(sentence.tokens)) if _is_cue_verb(sentence, i, is_cue)}
    for i in sorted(cue_verbs):
        attribution = _verb_attribution(sentence, i)
        if attribution is None and is_act is not None and _is_cue_verb(sentence, i, is_act):
            attribution = _reported_speech(sentence, i)
        if attribution is not None:
            found.append(attribution)
    for finder in (_so_x, _laut_or_zufolge, _nach_angaben):
        for attribution in finder(sentence):
            if not _governed_by(sentence, attribution, cue_verbs):
                found.append(attribution)
    return sorted(found, key=lambda a: a.cue[0])


# --- reusable helpers -------------------------------------------------------------------------


def speaker_phrase(sentence: Sentence, head_index: int, exclude: Iterable[int] = ()) -> list[int]:
    """The noun phrase headed by ``head_index``: its subtree without punctuation, relative clauses,
    comma-separated non-name appositions, the head's own preposition (``case``) and ``exclude``."""
    skip = set(exclude)
    out: list[int] = []
    todo = [head_index]
    while todo:
        index = todo.pop()
        if index in skip or index in out:
            continue
        out.append(index)
        for child in sentence.children(index):
            if not _drop_from_phrase(sentence, child, top=index == head_index):
                todo.append(child)
    return sorted(out)


def content_clause(sentence: Sentence, head_index: int, exclude: Iterable[int] = ()) -> list[int]:
    """The clause headed by ``head_index`` (its subtree, "dass" included) without the subtrees of
    ``exclude`` and without punctuation at either edge."""
    removed: set[int] = set()
    for index in exclude:
        removed.update(sentence.subtree(index))
    words = [i for i in sentence.subtree(head_index) if i not in removed]
    while words and sentence.tokens[words[0]].upos == "PUNCT":
        words.pop(0)
    while words and sentence.tokens[words[-1]].upos == "PUNCT":
        words.pop()
    return words


def clause_is_subjunctive(sentence: Sentence, head_index: int) -> bool:
    """True when the clause predicate or its auxiliary/copula is in Konjunktiv (Mood=Sub)."""
    if sentence.tokens[head_index].is_subjunctive:
        return True
    return any(
        sentence.tokens[c].deprel in _MOOD_CARRIERS and sentence.tokens[c].is_subjunctive
        for c in sentence.children(head_index)
    )


def clause_head(sentence: Sentence, index: int) -> int:
    """The predicate of the clause containing word ``index`` (climbing from nouns to their verb)."""
    seen: set[int] = set()
    current: int | None = index
    while current is not None and current not in seen:
        seen.add(current)
        if _is_predicate(sentence, current):
            return current
        current = sentence.tokens[current].head
    return index


# --- speech-verb patterns ---------------------------------------------------------------------


def _is_cue_verb(sentence: Sentence, index: int, is_cue: Callable[[Token], bool]) -> bool:
    token = sentence.tokens[index]
    if token.upos != "VERB" and not (token.upos == "AUX" and token.deprel not in _MOOD_CARRIERS):
        return False  # (UD German-HDT tags some full verbs with particles as AUX)
    if is_cue(token):
        return True
    return any(
        is_cue(replace(token, lemma=sentence.tokens[p].lemma.lower() + token.lemma))
        for p in _particles(sentence, index)
    )


def _particles(sentence: Sentence, index: int) -> list[int]:
    return [c for c in sentence.children(index) if sentence.tokens[c].deprel == "compound:prt"]


def _verb_attribution(sentence: Sentence, verb: int) -> ParseAttribution | None:
    subject = _subject(sentence, verb)
    if subject is None:
        return None
    found = _verb_content(sentence, verb)
    if found is None:
        return None
    content_head, content, pattern = found
    if not content:
        return None
    speaker = speaker_phrase(sentence, _antecedent(sentence, verb, subject))
    return ParseAttribution(
        cue=sorted([verb, *_particles(sentence, verb)]),
        speaker=speaker,
        content=content,
        pattern=pattern,
        negated=_negated(sentence, verb, subject),
        subjunctive=clause_is_subjunctive(sentence, content_head),
    )


_COMPLEMENTS = ("obj", "iobj", "xcomp")
_MODALS = frozenset({"können", "müssen", "sollen", "wollen", "dürfen", "mögen", "möchten"})


def _reported_speech(sentence: Sentence, verb: int) -> ParseAttribution | None:
    """A speech verb with a subject and an object (or prepositional / predicative complements) but
    no content clause, in a clause of its own without a modal."""
    token = sentence.tokens[verb]
    if token.deprel.split(":")[0] not in ("root", "conj", "acl") or _has_modal(sentence, verb):
        return None
    subject = _subject(sentence, verb)
    if subject is None or sentence.tokens[subject].feats.get("Person") in ("1", "2"):
        return None  # the writer's own statement ("Damit meine ich …") is not reported speech
    children = [c for c in sentence.children(verb) if not _reflexive(sentence.tokens[c])]
    objects = [c for c in children if sentence.tokens[c].deprel.split(":")[0] in _COMPLEMENTS
               or (sentence.tokens[c].deprel == "advmod" and sentence.tokens[c].upos == "ADJ")]
    obliques = [c for c in children if sentence.tokens[c].deprel.split(":")[0] == "obl" and _has_case(sentence, c)]
    if any(sentence.tokens[c].deprel.split(":")[0] == "obj" for c in objects):  # "bezeichnete X als Y"
        obliques = [c for c in obliques if _has_case(sentence, c, "als")]
    chosen = objects + obliques
    if not chosen:
        return None
    content = sorted({i for c in chosen for i in content_clause(sentence, c)})
    return ParseAttribution(
        cue=sorted([verb, *_particles(sentence, verb)]),
        speaker=speaker_phrase(sentence, _antecedent(sentence, verb, subject)),
        content=content,
        pattern="parse:reported-object",
        negated=_negated(sentence, verb, subject),
    )


def _reflexive(token: Token) -> bool:
    return token.feats.get("Reflex") == "Yes" or token.deprel == "expl:pv"


def _has_case(sentence: Sentence, index: int, lemma: str | None = None) -> bool:
    return any(sentence.tokens[c].deprel == "case" and lemma in (None, sentence.tokens[c].lemma.lower())
               for c in sentence.children(index))


def _has_modal(sentence: Sentence, verb: int) -> bool:
    return any(sentence.tokens[c].deprel == "aux" and sentence.tokens[c].lemma.lower() in _MODALS
               for c in sentence.children(verb))


def _antecedent(sentence: Sentence, verb: int, subject: int) -> int:
    """The noun a relative-pronoun subject stands for ("die Bevölkerung, die … fordert"), else the subject."""
    token = sentence.tokens[verb]
    if sentence.tokens[subject].feats.get("PronType") == "Rel" and token.deprel == "acl:relcl" and token.head is not None:
        return token.head
    return subject


def _verb_content(sentence: Sentence, verb: int) -> tuple[int, list[int], str] | None:
    """(content head, content words, pattern) for a speech verb, or None."""
    token = sentence.tokens[verb]
    for rel in CONTENT_RELS:
        for child in sentence.children(verb):
            if sentence.tokens[child].deprel.split(":")[0] == rel:
                return child, content_clause(sentence, child), f"parse:nsubj+{rel}"
    if token.head is None:
        return None
    base = token.deprel.split(":")[0]
    if base == "parataxis":
        return token.head, content_clause(sentence, token.head, exclude=[verb]), "parse:inverted-parataxis"
    if base == "advcl" and _has_mark(sentence, verb, "wie"):
        return token.head, content_clause(sentence, token.head, exclude=[verb]), "parse:wie-X"
    return None


def _subject(sentence: Sentence, verb: int) -> int | None:
    """The nominal subject of ``verb``; a coordinated verb shares its first conjunct's subject."""
    for child in sentence.children(verb):
        if sentence.tokens[child].deprel == SUBJECT_REL:
            return child
    token = sentence.tokens[verb]
    if token.deprel == "conj" and token.head is not None and token.head != verb:
        return _subject(sentence, token.head)
    return None


def _negated(sentence: Sentence, verb: int, subject: int) -> bool:
    if sentence.tokens[subject].lemma.lower() in NEGATIVE_SUBJECTS:
        return True
    return any(
        sentence.tokens[c].deprel == "advmod" and sentence.tokens[c].lemma.lower() in NEGATORS
        for c in sentence.children(verb)
    )


def _has_mark(sentence: Sentence, index: int, lemma: str) -> bool:
    return any(
        sentence.tokens[c].deprel == "mark" and sentence.tokens[c].lemma.lower() == lemma
        for c in sentence.children(index)
    )


# --- source adverbials ("so X", "laut X", "X zufolge", "nach Angaben von X") ---------------------


def _so_x(sentence: Sentence) -> list[ParseAttribution]:
    out = []
    for i, token in enumerate(sentence.tokens):
        if token.lemma.lower() != "so" and token.text.lower() != "so":
            continue
        head = token.head
        if head is None or head <= i or sentence.tokens[head].upos not in ("NOUN", "PROPN", "PRON"):
            continue
        if i == 0 or sentence.tokens[i - 1].upos != "PUNCT":
            continue  # "so" opens an inserted or trailing phrase: ", so Stoltenberg"
        attribution = _source_attribution(sentence, [i], head, "parse:so-X", exclude=[i])
        if attribution is not None:
            out.append(attribution)
    return out


def _laut_or_zufolge(sentence: Sentence) -> list[ParseAttribution]:
    out = []
    for i, token in enumerate(sentence.tokens):
        lemma = token.lemma.lower() or token.text.lower()
        if lemma not in ("laut", "zufolge") or token.deprel != "case" or token.head is None:
            continue
        pattern = "parse:laut-X" if lemma == "laut" else "parse:X-zufolge"
        source = token.head
        cue = [i]
        if sentence.tokens[source].lemma.lower() in SOURCE_NOUNS:  # "Angaben des Ministeriums zufolge"
            owner = _nmod(sentence, source)
            if owner is None:
                continue
            cue, source = sorted([i, token.head]), owner
        attribution = _source_attribution(sentence, cue, source, pattern, phrase=token.head)
        if attribution is not None:
            out.append(attribution)
    return out


def _nach_angaben(sentence: Sentence) -> list[ParseAttribution]:
    out = []
    for i, token in enumerate(sentence.tokens):
        if token.lemma.lower() not in SOURCE_NOUNS:
            continue
        nach = [c for c in sentence.children(i) if sentence.tokens[c].deprel == "case"
                and sentence.tokens[c].lemma.lower() == "nach"]
        owner = _nmod(sentence, i)
        if not nach or owner is None:
            continue
        attribution = _source_attribution(sentence, sorted([nach[0], i]), owner, "parse:nach-Angaben", phrase=i)
        if attribution is not None:
            out.append(attribution)
    return out


def _nmod(sentence: Sentence, index: int) -> int | None:
    for child in sentence.children(index):
        if sentence.tokens[child].deprel.split(":")[0] == "nmod":
            return child
    return None


def _source_attribution(
    sentence: Sentence,
    cue: list[int],
    source: int,
    pattern: str,
    *,
    phrase: int | None = None,
    exclude: Iterable[int] = (),
) -> ParseAttribution | None:
    """Attribution whose speaker is the phrase at ``source`` and whose content is the rest of its clause.

    ``phrase`` is the head of the whole attribution phrase removed from the content (default ``source``).
    """
    phrase = source if phrase is None else phrase
    speaker = speaker_phrase(sentence, source, exclude=[*cue, *exclude])
    if sentence.tokens[phrase].head is None:  # "so X" parsed as root: the clause hangs below it
        content_head = next(
            (c for c in sentence.children(phrase) if sentence.tokens[c].deprel.split(":")[0] in CONTENT_RELS),
            None,
        )
        if content_head is None:
            return None
        content = content_clause(sentence, content_head)
    else:
        content_head = clause_head(sentence, sentence.tokens[phrase].head)
        content = content_clause(sentence, content_head, exclude=[phrase])
    if not speaker or not content:
        return None
    return ParseAttribution(
        cue=sorted(cue),
        speaker=speaker,
        content=content,
        pattern=pattern,
        subjunctive=clause_is_subjunctive(sentence, content_head),
    )


def _governed_by(sentence: Sentence, attribution: ParseAttribution, verbs: set[int]) -> bool:
    """True when a source adverbial modifies a speech verb ("appellierte X nach Angaben aus Kiew"):
    then it sources the speech act, not a separate statement."""
    return any(clause_head(sentence, index) in verbs for index in attribution.cue)


# --- small predicates ---------------------------------------------------------------------------


def _drop_from_phrase(sentence: Sentence, child: int, *, top: bool) -> bool:
    token = sentence.tokens[child]
    if token.deprel in _SPEAKER_SKIP or (top and token.deprel == "case"):
        return True
    if token.deprel.split(":")[0] == "appos":
        return _comma_before(sentence, child) and not _is_name(token)
    return False


def _comma_before(sentence: Sentence, index: int) -> bool:
    """True when the phrase at ``index`` is set off by punctuation on its left (", Jen Psaki,")."""
    first = next((i for i in sentence.subtree(index) if sentence.tokens[i].upos != "PUNCT"), index)
    return first > 0 and sentence.tokens[first - 1].upos == "PUNCT"


def _is_name(token: Token) -> bool:
    return token.upos == "PROPN" or token.ner.endswith("PER")


def _is_predicate(sentence: Sentence, index: int) -> bool:
    token = sentence.tokens[index]
    if token.head is None or token.deprel.split(":")[0] in _CLAUSE_RELS:
        return True
    if token.upos == "VERB":
        return True
    return any(sentence.tokens[c].deprel in ("cop", "nsubj", "nsubj:pass") for c in sentence.children(index))
