"""Arbitration between the parse's and the rules' proposal for each quote.

On a parsed document the passes run twice: on the parse (``parse-cue`` first, then the rule
patterns on the parser's words) and on the built-in rule analysis of the same text (exactly what
``analyzer="rules"`` gives). Proposals of the two sides that cover the same words are paired, and
one is chosen from evidence both can be checked against — what a correct parse looks like:

* a parse attribution is **credible** when its subject is a nominal, person-like phrase in the
  nominative that agrees with the cue verb and lies outside the content, the content is a clause
  (a verb, set off by punctuation or a ``dass``/``ob``/w-word) without the cue, and the cue verb has
  one subject;
* a rule speaker is **refuted** by the parse when it lies inside the content or a quotation, holds no
  noun or pronoun, is marked as a non-nominative case or disagrees in number with the cue verb.

Agreement keeps the parse's proposal when it is credible (its clause boundaries come from the tree),
else the rules'. On disagreement a credible parse attribution wins over a missing or refuted rule
speaker, and the rules win otherwise; where both survive every check, the side whose pattern proved
more reliable (``arbitration.json``) wins. Proposals only the parse makes are kept when they are
credible parse attributions; proposals only the rules make are kept. Every quote records the outcome
in ``passes``: ``arbitration:agree`` (the parse's words), ``arbitration:agree(the rules' words; <reason>)``,
``arbitration:parse(<reason>)`` or ``arbitration:rules(<reason>)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import Sentence, Token
from .attribution import Candidate, Context
from .lexicon import load_json
from .parse_pass import word_ranges
from .source import person_like

_EXPLETIVE = {"es", "das", "dies", "was"}
_CLAUSE_MARKERS = {"dass", "daß", "ob"}
_NOMINAL = ("NOUN", "PROPN", "PRON")
_NOT_OBJECTS = frozenset({"PROPN", "ADV", "ADP", "PART", "PUNCT", "CCONJ", "SCONJ", "AUX", "DET", "INTJ"})


@dataclass(slots=True)
class _Words:
    """A candidate seen in the parse: its sentence and the word indexes of cue, speaker, content."""

    sentence: Sentence
    quoted: list[bool]
    cue: list[int]
    speaker: list[int]
    content: set[int]


def arbitrate(rules: list[Candidate], parse: list[Candidate], ctx: Context) -> list[Candidate]:
    """The chosen candidates, in text order (``ctx`` is the parse side's context)."""
    chosen: dict[int, Candidate] = {}  # id(discarded or kept) -> winner
    out: list[Candidate] = []
    paired_rules: set[int] = set()
    for r_cand, p_cand in _pairs(rules, parse):
        paired_rules.add(id(r_cand))
        winner, note = _decide(r_cand, p_cand, ctx)
        _record(winner, note)
        chosen[id(r_cand)] = chosen[id(p_cand)] = winner
        out.append(winner)
    for cand in rules:
        if id(cand) not in paired_rules:
            _record(cand, "rules(only the rules)")
            out.append(cand)
    out = [c for c in out if not _mood_refuted(ctx, c)]
    for cand in parse:
        if id(cand) in chosen:
            continue
        if _parse_failures(ctx, cand) == []:
            _record(cand, "parse(only the parse; credible)")
            out.append(cand)
    for cand in out:
        while cand.speaker_from is not None and id(cand.speaker_from) in chosen \
                and chosen[id(cand.speaker_from)] is not cand.speaker_from:
            cand.speaker_from = chosen[id(cand.speaker_from)]
    out.sort(key=lambda c: c.start)
    return out


def _record(cand: Candidate, note: str) -> None:
    cand.passes.append(f"arbitration:{note}")


# ---------------------------------------------------------------------------------- pairing


def _chars(cand: Candidate) -> set[int]:
    return {i for start, end in cand.parts for i in range(start, end)}


def _pairs(rules: list[Candidate], parse: list[Candidate]) -> list[tuple[Candidate, Candidate]]:
    """Rule and parse candidates covering the same words (half of the smaller), largest overlap first."""
    found = []
    parse_chars = [(p, _chars(p)) for p in parse]
    for r_cand in rules:
        r_chars = _chars(r_cand)
        for p_cand, p_chars in parse_chars:
            if p_cand.end <= r_cand.start or p_cand.start >= r_cand.end:
                continue
            overlap = len(r_chars & p_chars)
            if overlap and overlap >= 0.5 * min(len(r_chars), len(p_chars)):
                found.append((overlap, r_cand, p_cand))
    found.sort(key=lambda item: -item[0])
    used: set[int] = set()
    pairs = []
    for _, r_cand, p_cand in found:
        if id(r_cand) not in used and id(p_cand) not in used:
            used.update((id(r_cand), id(p_cand)))
            pairs.append((r_cand, p_cand))
    return pairs


# ---------------------------------------------------------------------------------- deciding


def _decide(r_cand: Candidate, p_cand: Candidate, ctx: Context) -> tuple[Candidate, str]:
    failed = _parse_failures(ctx, p_cand)
    credible = failed == []
    if _same_speaker(r_cand, p_cand):
        if credible:
            return p_cand, "agree"
        why = f"parse failed: {','.join(failed)}" if failed else "the parse side used a rule pattern"
        return r_cand, f"agree(the rules' words; {why})"
    if failed is None:
        return r_cand, "rules(the parse side used a rule pattern on the parser's words)"
    if not credible:
        return r_cand, f"rules(parse failed: {','.join(failed)})"
    if r_cand.speaker_span is None and r_cand.speaker_from is None and not r_cand.impersonal:
        return p_cand, "parse(the rules name no speaker)"
    refuted = _rule_speaker_failures(ctx, r_cand, p_cand)
    if refuted:
        return p_cand, f"parse(rule speaker: {','.join(refuted)})"
    words = _words(ctx, p_cand)
    parse_person = words is not None and bool(words.speaker) and person_like_subject(words)
    rule_person = _rule_person_like(ctx, r_cand)
    if parse_person != rule_person:
        return (p_cand, "parse(person-like subject)") if parse_person else (r_cand, "rules(person-like speaker)")
    if _reliability(p_cand.rule) > _reliability(r_cand.rule):
        return p_cand, "parse(more reliable pattern)"
    return r_cand, "rules(more reliable pattern)"


def _same_speaker(a: Candidate, b: Candidate) -> bool:
    if a.speaker_span is not None and b.speaker_span is not None:
        return a.speaker_span[0] < b.speaker_span[1] and b.speaker_span[0] < a.speaker_span[1]
    if a.speaker_span is None and b.speaker_span is None:
        return (a.speaker_from is None) == (b.speaker_from is None) and a.impersonal == b.impersonal
    return False


def _reliability(rule: str) -> float:
    table = load_json("arbitration.json").get("reliability", {})
    for key in (rule, rule.split(":")[0]):
        if key in table:
            return float(table[key])
    return float(table.get("default", 0.5))


# ---------------------------------------------------------------------------------- evidence


def _mood_refuted(ctx: Context, cand: Candidate) -> bool:
    """A quote found by its Konjunktiv alone ("konjunktiv-chain", "konjunktiv-topic") whose finite
    verbs the parse tags as indicative first or second person ("Kenne den Shop … und habe …"): the
    forms the rules read as Konjunktiv I ("habe", "werde") are the indicative of the first person
    singular. Needs a parse that marks mood and person on the finite verbs."""
    if not cand.rule.startswith("konjunktiv"):
        return False
    first, last = ctx.analysis.sentence_at(cand.start), ctx.analysis.sentence_at(max(cand.start, cand.end - 1))
    if first is None or last is None:
        return False
    for sent in ctx.analysis.sentences[first:last + 1]:
        finite = [t for t in sent.tokens if t.feats.get("VerbForm") == "Fin"]
        if not sent.parsed or not finite or any(t.feats.get("Mood") != "Ind" for t in finite):
            return False
        if any(t.feats.get("Person") not in ("1", "2") for t in finite):
            return False
    return True


def _words(ctx: Context, cand: Candidate) -> _Words | None:
    """The candidate in the parse's words: from its parse attribution when it has one."""
    sentences = ctx.analysis.sentences
    if not 0 <= cand.sentence < len(sentences) or not sentences[cand.sentence].parsed:
        return None
    sent = sentences[cand.sentence]
    quoted = ctx.quoted[cand.sentence]
    if cand.tree is not None:
        att = cand.tree
        speaker = list(range(*att.speaker)) if att.speaker else []
        content = {i for a, b in att.parts for i in range(a, b)}
        return _Words(sent, quoted, list(att.cue.tokens), speaker, content)
    speaker = _indexes(sent, [cand.speaker_span] if cand.speaker_span else [])
    return _Words(sent, quoted, _indexes(sent, cand.cue_spans), speaker, set(_indexes(sent, cand.parts)))


def _indexes(sent: Sentence, spans: Iterable[tuple[int, int]]) -> list[int]:
    spans = list(spans)
    return [i for i, tok in enumerate(sent.tokens) if any(a <= tok.start and tok.end <= b for a, b in spans)]


def _parse_failures(ctx: Context, cand: Candidate) -> list[str] | None:
    """Failed credibility checks of a parse attribution ([] = credible); None when not one."""
    if cand.tree is None:
        return None
    words = _words(ctx, cand)
    if words is None or not words.cue:
        return None
    if cand.tree.pattern == "hearsay-sollen":
        return []  # read off the tree: "sollen" is the auxiliary of a perfect infinitive in a main clause
    failed = _object_failures(words) if cand.tree.pattern == "reported-object" else _content_failures(words)
    verb = words.cue[0]
    subject = _subject_head(words)
    if subject is not None:
        failed += _subject_failures(words, subject, verb)
    if sum(words.sentence.tokens[c].deprel == "nsubj" for c in words.sentence.children(verb)) > 1:
        failed.append("two-subjects")
    return failed


def _subject_head(words: _Words) -> int | None:
    """The head word of the speaker phrase (the word whose head lies outside it)."""
    inside = set(words.speaker)
    for i in words.speaker:
        if words.sentence.tokens[i].head not in inside:
            return i
    return None


def _subject_failures(words: _Words, subject: int, verb: int) -> list[str]:
    tokens = words.sentence.tokens
    head = tokens[subject]
    failed = []
    if not _nominal(words.sentence, subject) or head.text.lower() in _EXPLETIVE:
        failed.append("subject-not-nominal")
    if head.feats.get("Case", "Nom") != "Nom":
        failed.append("subject-not-nominative")
    if not _agrees(words.sentence, subject, verb):
        failed.append("subject-disagrees-with-verb")
    if words.content.intersection(words.speaker):
        failed.append("subject-inside-content")
    return failed


def _nominal(sent: Sentence, index: int) -> bool:
    """A noun, name or pronoun, or a nominalised adjective with its determiner ("der 32jährige")."""
    token = sent.tokens[index]
    if token.upos in _NOMINAL or token.upos in ("DET", "NUM"):
        return True  # a determiner or numeral heading its phrase stands for a noun ("ein anderer", "beide")
    return token.upos == "ADJ" and any(sent.tokens[c].deprel == "det" for c in sent.children(index))


def person_like_subject(words: _Words) -> bool:
    """The speaker phrase names a person, group or organisation (lexicons, NER), or is a pronoun or
    nominalised adjective ("er", "ein anderer")."""
    tokens = words.sentence.tokens
    head = _subject_head(words)
    if head is not None and tokens[head].upos in ("PRON", "ADJ", "DET", "NUM"):
        return True
    return person_like(tokens, (words.speaker[0], words.speaker[-1] + 1)) or _named_entity(tokens, words.speaker)


def _named_entity(tokens: list[Token], indexes: list[int]) -> bool:
    return any(tokens[i].ner.endswith(("PER", "ORG")) for i in indexes)


def _agrees(sent: Sentence, subject: int, verb: int) -> bool:
    """Number (and third person for nouns) of the subject and the finite verb of the cue agree."""
    finite = _finite_of(sent, verb)
    if finite is None:
        return True
    subj, fin = sent.tokens[subject], sent.tokens[finite]
    if any(sent.tokens[c].deprel == "conj" for c in sent.children(subject)):
        return fin.feats.get("Number", "Plur") == "Plur"
    s_num, v_num = subj.feats.get("Number"), fin.feats.get("Number")
    if s_num and v_num and s_num != v_num:
        return False
    return not (subj.upos in ("NOUN", "PROPN") and fin.feats.get("Person", "3") != "3")


def _finite_of(sent: Sentence, verb: int) -> int | None:
    """The finite word of the cue verb's clause: the verb itself or its auxiliary."""
    candidates = [verb] + [c for c in sent.children(verb) if sent.tokens[c].deprel in ("aux", "aux:pass")]
    return next((i for i in candidates if sent.tokens[i].feats.get("VerbForm") == "Fin"), None)


def _content_failures(words: _Words) -> list[str]:
    tokens = words.sentence.tokens
    failed = []
    if words.content.intersection(words.cue):
        failed.append("content-holds-cue")
    content = sorted(words.content)
    if not content:
        return failed + ["no-content"]
    quoted = all(words.quoted[i] or tokens[i].upos == "PUNCT" for i in content)
    if not quoted and not any(tokens[i].upos in ("VERB", "AUX") for i in content):
        failed.append("content-without-verb")
    if not quoted and not _set_off(words, content):
        failed.append("content-not-set-off")
    return failed


def _object_failures(words: _Words) -> list[str]:
    """A speech act's object ("äußerte Kritik", "forderte den Rücktritt", "versprach, … zu liefern"):
    headed by a common noun, pronoun, number, predicative adjective or (an infinitive clause) a verb,
    not in the nominative. A name as the object is whom the act is about or addressed to, not what
    was said; an adverb or particle is no object at all."""
    tokens = words.sentence.tokens
    failed = []
    heads = [i for i in words.content if tokens[i].head not in words.content]
    if any(tokens[h].upos in _NOT_OBJECTS or (tokens[h].upos == "VERB" and tokens[h].deprel != "xcomp")
           for h in heads):
        failed.append("object-not-noun")
    if any(tokens[h].feats.get("Case") == "Nom" for h in heads):
        failed.append("object-nominative")
    return failed


def _set_off(words: _Words, content: list[int]) -> bool:
    """Each stretch of the content begins at the sentence start, after punctuation, or with a
    dass/ob/w-word, and ends at the sentence end or before punctuation."""
    tokens = words.sentence.tokens
    for start, end in word_ranges(content):
        while start < end and tokens[start].upos == "PUNCT":
            start += 1
        while end > start and tokens[end - 1].upos == "PUNCT":
            end -= 1
        if start == end:
            continue
        first = tokens[start]
        opened = start == 0 or tokens[start - 1].upos == "PUNCT" or first.text.lower() in _CLAUSE_MARKERS \
            or first.feats.get("PronType") == "Int"
        closed = end == len(tokens) or tokens[end].upos == "PUNCT"
        if not (opened and closed):
            return False
    return True


def _rule_person_like(ctx: Context, cand: Candidate) -> bool:
    if cand.speaker_span is None:
        return cand.speaker_from is not None
    sent = ctx.analysis.sentences[cand.sentence]
    span = _indexes(sent, [cand.speaker_span])
    if not span:
        return False
    return person_like_subject(_Words(sent, ctx.quoted[cand.sentence], [], span, set()))


def _rule_speaker_failures(ctx: Context, r_cand: Candidate, p_cand: Candidate) -> list[str]:
    """Checks of the rule speaker that the parse refutes (on the parse's words)."""
    if r_cand.speaker_span is None:
        return []
    words = _words(ctx, p_cand)
    if words is None:
        return []
    sent = words.sentence
    span = _indexes(sent, [r_cand.speaker_span])
    if not span:
        return []
    failed = []
    if words.content.intersection(span) or any(words.quoted[i] for i in span):
        failed.append("inside-content")
    heads = [i for i in span if sent.tokens[i].head not in span]
    head = heads[0] if heads else span[0]
    if not any(sent.tokens[i].upos in _NOMINAL for i in span):
        failed.append("not-nominal")
    elif sent.tokens[head].feats.get("Case", "Nom") != "Nom":
        failed.append("not-nominative")
    elif words.cue and not _agrees(sent, head, words.cue[0]):
        failed.append("disagrees-with-verb")
    return failed
