"""Content finding: which stretch of text a cue introduces.

Given a cue in a sentence, decide where the speaker is (prefield, after the verb, after "so"/"laut")
and which clause is the reported content (before an inverted cue, after a cue with a comma or a
colon, around "laut X"). Returns :class:`Attribution` records; :mod:`nato_quotes.attribution`
turns them into quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import Sentence, Token
from .cue import CueMatch, genitive_owner_end, is_info_noun, is_negated, lexicon, verb_cue_at
from .konjunktiv import mood
from .rules_analyzer import word_classes
from .source import (
    NOMINATIVE_RELATIVES,
    PERSONAL_PRONOUNS,
    RELATIVE_PRONOUNS,
    is_nominal,
    np_backward,
    np_forward,
    person_like,
    plausible_speaker,
    prefield_subject,
    speaker_capable,
    subject_after_verb,
)

BOUNDARY = {",", ":", ";", "–", "—", "(", ")", "-"}
QUOTE_MARKS = set("„“”\"»«‚‘’'›‹")
FINAL_PUNCT = {".", "!", "?", "…"}
_MODALS_AUX = {"haben", "sein", "werden", "wollen", "können", "müssen", "sollen", "dürfen", "mögen", "möchten"}
_COMPARISON = {"als", "wie"}


@dataclass(slots=True)
class Attribution:
    """A cue with its speaker words and content word ranges inside one sentence."""

    cue: CueMatch
    speaker: tuple[int, int] | None
    parts: list[tuple[int, int]] = field(default_factory=list)  # word ranges, half-open
    pattern: str = ""
    negated: bool = False


def finite_verb(tokens: list[Token], cue: int, clause_start: int) -> int:
    """The finite verb of the cue's clause: the cue itself, or a preceding auxiliary/modal."""
    for j in range(cue - 1, clause_start - 1, -1):
        tok = tokens[j]
        if tok.lemma.lower() in _MODALS_AUX and tok.upos in ("AUX", "VERB") and tok.text[:1].islower():
            return j if _is_nonfinite(tokens[cue]) or _clause_final(tokens, cue) else cue
    return cue


def _clause_final(tokens: list[Token], i: int) -> bool:
    """The word ends its clause ("hatte er … erklärt.")."""
    return i + 1 >= len(tokens) or tokens[i + 1].upos == "PUNCT"


def _is_nonfinite(tok: Token) -> bool:
    if tok.feats.get("VerbForm") in ("Part", "Inf"):
        return True
    low = tok.text.lower()
    return low == tok.lemma.lower() or (low.startswith("ge") and low.endswith("t")) or "ge" in low[2:5] and low.endswith("t")


def clause_bounds(tokens: list[Token], i: int, quoted: list[bool]) -> tuple[int, int]:
    """Half-open word range of the clause around word ``i`` (between boundary punctuation)."""
    start = i
    while start > 0 and not _is_boundary(tokens, start - 1, quoted):
        start -= 1
    end = i + 1
    while end < len(tokens) and not _is_boundary(tokens, end, quoted) and tokens[end].text not in FINAL_PUNCT:
        end += 1
    return start, end


def _is_boundary(tokens: list[Token], j: int, quoted: list[bool]) -> bool:
    if tokens[j].text == "-" and 0 < j < len(tokens) - 1 and tokens[j - 1].end == tokens[j].start:
        return False  # the hyphen of "33-jährige", not a dash
    return tokens[j].text in BOUNDARY or tokens[j].text in QUOTE_MARKS or quoted[j]


def attribute_cue(sentence: Sentence, cue: CueMatch, quoted: list[bool]) -> Attribution | None:
    """Speaker and content of one cue, or None when the cue introduces nothing."""
    tokens = sentence.tokens
    start, end = clause_bounds(tokens, cue.head, quoted)
    if cue.form == "so":
        return _inverted(tokens, cue, cue.head, start, end, quoted, "so-X")
    if cue.form in ("according", "according-post"):
        return _according(tokens, cue, quoted)
    if cue.form == "noun":
        right = _right_content(tokens, cue.head + 1, quoted, require_marker=True)
        return Attribution(cue, None, [_first_clause(tokens, right)], "speech-noun") if right else None
    if cue.form == "noun-of":
        return _noun_of(tokens, cue, quoted)
    if cue.form == "referring":
        parts = _around(tokens, (cue.head, cue.head + 1))
        return Attribution(cue, (cue.head, cue.head + 1), parts, "referring-demnach") if parts else None
    if cue.form == "impersonal":
        return _impersonal(tokens, cue, start, end, quoted)
    if not cue.strong and tokens[start].upos == "SCONJ" and tokens[start].text.lower() != "wie":
        return None  # "weil sie fürchtet, dass …": an attitude in a subordinate clause
    verb = finite_verb(tokens, cue.head, start)
    if _passive(tokens, verb, cue.head):
        right = _right_content(tokens, cue.tokens[-1] + 1, quoted, require_marker=True)
        return Attribution(cue, _passive_source(tokens, cue, start, end), [right], "passive-cue") if right else None
    negated = is_negated(tokens, cue, end)
    wie = _wie_start(tokens, cue.head)
    if wie is not None:
        att = _wie_clause(tokens, cue, wie, verb, end, quoted)
    elif verb == start and start > 0 and tokens[start - 1].text == "," and not _apposition_prefield(tokens, verb):
        att = _inverted(tokens, cue, verb, start, end, quoted, "inverted-cue")
        if att is None:  # "X, der …, hat in einem Interview gefordert, dass …", "…, sagte aber, …"
            att = _leading(tokens, cue, verb, start, end, quoted)
    else:
        att = _leading(tokens, cue, verb, start, end, quoted)
    if att is not None:
        att.negated = negated
    return att


def _noun_of(tokens: list[Token], cue: CueMatch, quoted: list[bool]) -> Attribution | None:
    """ "die Forderung des CSU-Chefs, auf die SPD zuzugehen": the genitive owner is the speaker."""
    comma = genitive_owner_end(tokens, cue.head + 1, quoted)
    if comma is None:
        return None
    right = _right_content(tokens, comma, quoted, require_marker=True)
    if right is None:
        return None
    return Attribution(cue, (cue.head + 1, comma), [_first_clause(tokens, right)], "speech-noun-of")


def _inverted(
    tokens: list[Token], cue: CueMatch, verb: int, start: int, end: int, quoted: list[bool], pattern: str
) -> Attribution | None:
    """ "<content>, sagte Stoltenberg (, <more content>)." and "<content>, so Smith"."""
    speaker = subject_after_verb(tokens, verb, end)
    if speaker is None or (pattern == "so-X" and not plausible_speaker(tokens, speaker)):
        return None
    left = _left_content(tokens, start)
    if left is None:
        return None
    parts = [left]
    after = speaker[1] if speaker else cue.tokens[-1] + 1
    right = _right_content(tokens, max(after, end), quoted, require_marker=True)
    if right is not None:
        parts.append(right)
    return Attribution(cue, speaker, parts, pattern)


def _left_content(tokens: list[Token], clause_start: int) -> tuple[int, int] | None:
    """Everything before the comma that precedes an inverted cue clause."""
    end = clause_start
    while end > 0 and (tokens[end - 1].text in BOUNDARY):
        end -= 1
    if end <= 0:
        return None
    return 0, end


def _right_content(
    tokens: list[Token], pos: int, quoted: list[bool], *, require_marker: bool, v2: bool = False
) -> tuple[int, int] | None:
    """Content after the cue clause: from after a comma/colon to the sentence end."""
    while pos < len(tokens) and tokens[pos].text not in (",", ":"):
        if tokens[pos].text in FINAL_PUNCT or quoted[pos]:
            return None  # content starts after a comma or a colon, never straight after the verb
        pos += 1
    colon = pos < len(tokens) and tokens[pos].text == ":"
    while pos < len(tokens) and tokens[pos].text in (",", ":", "–"):
        pos += 1
    if pos + 1 < len(tokens) and tokens[pos].text.lower() in RELATIVE_PRONOUNS and tokens[pos + 1].upos in ("VERB", "AUX"):
        return None  # ", die sagte, …" is a relative clause about the object, not content
    end = _coordinated_predicate(tokens, pos, quoted)
    while end > pos and tokens[end - 1].text in FINAL_PUNCT | {",", ";"}:
        end -= 1
    if end - pos < 2 and not (end > pos and quoted[pos]):
        return None
    if require_marker and not (colon or _introduces_report(tokens, pos, end, quoted) or (v2 and _v2_clause(tokens, pos, end))):
        later = _after_verbless_insert(tokens, pos, quoted)
        return _right_content(tokens, later, quoted, require_marker=True, v2=v2) if later is not None else None
    return pos, end


def _v2_clause(tokens: list[Token], start: int, end: int) -> bool:
    """A main clause in the indicative, its finite verb after a first noun phrase and before more words
    ("die USA hielten sich an die Konvention"): reported content after a strong speech verb."""
    j = start
    while j < end and j - start < 6 and (tokens[j].upos in ("DET", "ADJ", "NUM", "NOUN", "PROPN")
                                          or tokens[j].text[:1].isupper()):
        j += 1
    if j == start or j >= end or not any(t.upos in ("NOUN", "PROPN") for t in tokens[start:j]):
        return False
    verb = tokens[j]
    if not (verb.looks_finite and verb.text[:1].islower()) or verb.upos not in ("VERB", "AUX"):
        return False
    rest = next((k for k in range(j + 1, end) if tokens[k].text == ","), end)
    # words after the verb: not a relative clause ending in its verb(s) ("die Kollegen erwartet hatten")
    return rest - j >= 2 and tokens[j + 1].upos not in ("VERB", "AUX", "PUNCT")


def _after_verbless_insert(tokens: list[Token], pos: int, quoted: list[bool]) -> int | None:
    """The comma after a short verbless insert before the content ("sagte der Leiter, Hans Roth,
    gegenüber der BBC, dass …"), or None."""
    for j in range(pos, min(len(tokens), pos + 10)):
        tok = tokens[j]
        if quoted[j] or tok.text in FINAL_PUNCT | {":", ";"} or (tok.upos in ("VERB", "AUX") and tok.text[:1].islower()):
            return None
        if tok.text == ",":
            return j if j > pos else None
    return None


def _coordinated_predicate(tokens: list[Token], pos: int, quoted: list[bool]) -> int:
    """End of the content before ", und gab an …": a coordinated new main-clause predicate; before
    another speech act of the sentence (", doch der Sprecher erklärte, …", ", räumte X ein, …",
    "und kündigte an, …"); before a colon that opens a quotation ("…, man werde siegen: „Wir …“")."""
    for j in range(pos + 2, len(tokens) - 2):
        if quoted[j]:
            continue
        if (tokens[j].text == "," and tokens[j + 1].text in ("und", "aber", "doch")
                and tokens[j + 2].upos in ("VERB", "AUX") and tokens[j + 2].text[:1].islower()):
            return j
        if tokens[j].text == ":" and quoted[j + 1]:
            return j
        if tokens[j].text in (",", "und") and _speech_act_follows(tokens, j + 1, quoted):
            return j
    return len(tokens)


_CONTRAST = {"doch", "aber", "jedoch", "und", "während"}
_ADVERBIAL_OPENERS = {"während", "nachdem", "als", "weil", "da", "obwohl", "bevor", "seit", "seitdem", "wenn"}


def _speech_act_follows(tokens: list[Token], j: int, quoted: list[bool]) -> bool:
    """A new main clause with a finite strong speech verb starts at ``j``: the verb first ("räumte X ein"),
    or after a contrast word and a short noun phrase ("doch der Sprecher erklärte")."""
    if j < len(tokens) and tokens[j].text.lower() in _CONTRAST:
        j += 1
        for k in range(j, min(j + 6, len(tokens))):
            tok = tokens[k]
            if quoted[k] or tok.upos == "PUNCT":
                return False
            if tok.text[:1].islower() and tok.upos not in ("DET", "ADJ"):
                return k > j and _finite_cue(tokens, k, quoted)
        return False
    return _finite_cue(tokens, j, quoted)


def _finite_cue(tokens: list[Token], k: int, quoted: list[bool]) -> bool:
    """A finite form of a strong speech verb ("erklärte", "räumte … ein"), not its infinitive."""
    if k >= len(tokens) or quoted[k] or not tokens[k].text[:1].islower():
        return False
    tok = tokens[k]
    if tok.upos not in ("VERB", "AUX") or tok.text.lower() == tok.lemma.lower() or _is_nonfinite(tok):
        return False
    cue = verb_cue_at(tokens, k, quoted)
    return cue is not None and cue.strong


def _introduces_report(tokens: list[Token], start: int, end: int, quoted: list[bool]) -> bool:
    """A dass/ob/w-clause, a quotation, a zu-infinitive or a clause with a Konjunktiv verb."""
    first = tokens[start].text.lower()
    if first in ("dass", "daß", "ob") or quoted[start]:
        return True
    if _zu_infinitive(tokens, start, end):
        return True
    if first in _INTERROGATIVE and any(t.upos in ("VERB", "AUX") for t in tokens[start:end]):
        return True
    return has_main_subjunctive(tokens, start, end)


def introduces_zu_infinitive(tokens: list[Token], start: int, end: int) -> bool:
    """``tokens[start:end]`` is a zu-infinitive clause (see :func:`_zu_infinitive`)."""
    return _zu_infinitive(tokens, start, end)


def _zu_infinitive(tokens: list[Token], start: int, end: int) -> bool:
    """A clause whose first part ends in a zu-infinitive ("…, den Notstand auszurufen", "…, nichts zu
    wissen", "…, zurückzutreten, bis …"), or holds a joined one before an afterthought ("…, bald
    zurückzutreten als Chefin der Partei")."""
    first = next((j for j in range(start + 1, end) if tokens[j].text in (",", ";", ":", "–")), end)
    last = first - 1
    while last > start and tokens[last].upos == "PUNCT":
        last -= 1
    if last > start and tokens[last - 1].text.lower() == "zu" and (
            tokens[last].upos in ("VERB", "AUX") or tokens[last].text == "sein"):  # "zu sein": not the possessive
        return True
    if last > start and _joined_zu(tokens[last]):
        return True
    return first == end and any(_joined_zu(tokens[j]) for j in range(start + 1, last))


def _joined_zu(tok: Token) -> bool:
    """A zu-infinitive written as one word: "auszurufen", "zurückzutreten" (lemma: the word without that "zu")."""
    word, lemma = tok.text.lower(), tok.lemma.lower()
    if tok.upos not in ("VERB", "AUX") or not word.endswith("en") or lemma == word:
        return False
    return any(word[k:k + 2] == "zu" and word[:k] + word[k + 2:] == lemma for k in range(2, len(word) - 4))


def has_main_subjunctive(tokens: list[Token], start: int, end: int, *, strong_only: bool = False) -> bool:
    """A Konjunktiv verb of a main clause in ``tokens[start:end]``.

    Verbs in the final position of a subordinate clause (", dass … sei", ", der … habe") and
    verbs of comparisons ("als fühle er sich") do not count.
    """
    subordinate = False
    for j in range(start, end):
        tok = tokens[j]
        if tok.text in (",", ";", ":", "–"):
            nxt = tokens[j + 1].text.lower() if j + 1 < end else ""
            subordinate = nxt in word_classes()["SCONJ"] or nxt in RELATIVE_PRONOUNS
            continue
        if j > start and tok.text[:1].isupper():
            continue
        m = mood(tok.text)
        if not (m == "sub1" or (m == "sub2" and not strong_only)):
            continue
        if j > start and tokens[j - 1].text.lower() in _COMPARISON:
            return False
        if (j > start and tokens[j - 1].text.lower() == "ich") or (j + 1 < end and tokens[j + 1].text.lower() == "ich"):
            continue  # "ich folge", "habe ich": indicative first person
        if subordinate and (j + 1 >= end or tokens[j + 1].upos == "PUNCT"):
            continue
        return True
    return False


_INTERROGATIVE = {"ob", "wie", "wo", "wohin", "woher", "warum", "weshalb", "wieso", "wann", "wer", "wem", "wen",
                  "wessen", "inwiefern", "inwieweit", "womit", "wofür", "worüber", "wodurch", "wozu"}
_IMPERSONAL_SUBJECTS = {"man", "es"}


def _leading(
    tokens: list[Token], cue: CueMatch, verb: int, start: int, end: int, quoted: list[bool]
) -> Attribution | None:
    """ "Stoltenberg sagte, dass …", "Zugleich machte er deutlich, dass …", "X sagte: „…“"."""
    speaker = _relative_subject(tokens, start, verb) or _inverted_pronoun_subject(tokens, verb, end) or \
        prefield_subject(tokens, 0, verb)
    if speaker is None and start > 0 and tokens[start - 1].text in (":", "–", "—"):
        speaker = prefield_subject(tokens, start, verb)
    if speaker is None and start > 0 and tokens[start].text.lower() in _CONTRAST - {"während"}:
        speaker = prefield_subject(tokens, start + 1, verb)  # "…, doch der Sprecher erklärte, …"
    if speaker is None and tokens[start].text.lower() in _ADVERBIAL_OPENERS:
        speaker = prefield_subject(tokens, start + 1, verb)  # "Während die Sängerin erklärte, …"
    if speaker is None and tokens[start].upos == "SCONJ" and tokens[start].text.lower() != "wie":
        return None  # "dass das Team daraus hervorgegangen sei: …": a verb of a subordinate clause
    if speaker is None and verb > 0 and tokens[verb - 1].text in ("und", "aber", "sowie"):
        speaker = _shared_subject(tokens, verb)  # "Er lobte X und forderte die Anhänger auf, …": not the object
    if speaker is None:
        speaker = subject_after_verb(tokens, verb, end)
    if speaker is None and verb == start and start > 0 and tokens[start - 1].text == ",":
        speaker = _shared_subject(tokens, verb)  # "X wollte sich nicht festlegen, sagte aber, …"
    if speaker is not None and not cue.strong and _impersonal_subject(tokens, speaker):
        return None  # "werde man sehen, wer …"
    after_speaker = speaker[1] if speaker is not None and speaker[0] > verb else 0
    right = _right_content(tokens, max(cue.tokens[-1] + 1, verb + 1, after_speaker), quoted, require_marker=True,
                           v2=cue.strong and cue.lemma in lexicon().say)
    if right is None and cue.strong and verb < cue.head:
        right = _bare_zu_infinitive(tokens, max(cue.tokens) + 1, quoted)
    if right is None:
        return None
    return Attribution(cue, speaker, [right], "leading-cue")


def _bare_zu_infinitive(tokens: list[Token], pos: int, quoted: list[bool]) -> tuple[int, int] | None:
    """A zu-infinitive right after a clause-final cue, without the optional comma ("hat angekündigt
    bei der Wahl erneut anzutreten")."""
    end = pos
    while end < len(tokens) and tokens[end].text not in FINAL_PUNCT | {",", ";", ":"} and not quoted[end]:
        end += 1
    if end - pos < 2 or (end < len(tokens) and tokens[end].text not in FINAL_PUNCT):
        return None
    return (pos, end) if _zu_infinitive(tokens, pos, end) else None


def _first_clause(tokens: list[Token], part: tuple[int, int]) -> tuple[int, int]:
    """The clause a speech noun introduces: up to the next comma that opens a main clause."""
    start, end = part
    for j in range(start + 2, end - 1):
        if tokens[j].text == "," and tokens[j + 1].upos in ("VERB", "AUX"):
            return start, j
    return part


def _passive(tokens: list[Token], verb: int, cue: int) -> bool:
    """ "Es wird angenommen, dass …", "wurde bekannt gegeben": werden + participle, no speaker."""
    word = tokens[cue].text.lower()
    return verb != cue and tokens[verb].lemma.lower() == "werden" and word != tokens[cue].lemma.lower()


def reported_speech(sentence: Sentence, cue: CueMatch, quoted: list[bool]) -> Attribution | None:
    """A speech act without reported content ("Kritiker fürchten Interessenskonflikte."): the whole
    sentence, SpkAtt's "Reported" type. Main clauses with a subject and final punctuation only."""
    tokens = sentence.tokens
    if not tokens or tokens[-1].text not in (".", "!") or cue.lemma not in lexicon().reported:
        return None
    # "Er warf ihm Betriebsblindheit vor und beanstandete …": the act ends before a coordinated speech act
    last = _coordinated_predicate(tokens, max(cue.tokens) - 1, quoted)
    if last <= cue.tokens[-1] or any(quoted[:last]):
        return None
    start, end = clause_bounds(tokens, cue.head, quoted)
    verb = finite_verb(tokens, cue.head, start)
    first: int | None = 0
    if (start != 0 and not (verb == start and _apposition_prefield(tokens, verb))) or (
            verb > 1 and tokens[verb - 1].text in ("und", "aber", "sowie")):
        first = _coordinated_act_start(tokens, verb, start)
        if first is None:
            return None
    if _passive(tokens, verb, cue.head) or is_negated(tokens, cue, end) or not _main_speech_act(tokens[:last], verb, cue):
        return None
    speaker = _shared_subject(tokens, verb) if first else (prefield_subject(tokens, 0, verb)
                                                           or subject_after_verb(tokens, verb, end))
    if speaker is None or _impersonal_subject(tokens, speaker) or not plausible_speaker(tokens, speaker):
        return None
    return Attribution(cue, speaker, [(first, min(last, len(tokens) - 1))], "reported-speech")


def _coordinated_act_start(tokens: list[Token], verb: int, start: int) -> int | None:
    """ "Sie räumte ein, …, sprach aber von einem offenen Prozess": a speech act coordinated after the
    sentence's first predicate (", <verb>" or "und <verb>") is reported from its verb on."""
    if verb == start and start > 0 and tokens[start - 1].text == ",":
        return verb
    if verb > 0 and tokens[verb - 1].text in ("und", "aber", "sowie") and verb - 1 > 0:
        return verb
    return None


_MODALS = {"können", "müssen", "sollen", "wollen", "dürfen", "mögen", "möchten"}
_ANAPHORIC_OBJECTS = {"das", "dies", "dieses", "es"}
_CONNECTIVES = {"dabei", "damit", "dazu", "dagegen", "darum", "daher", "danach", "davor"}


def _main_speech_act(tokens: list[Token], verb: int, cue: CueMatch) -> bool:
    """The cue is the main predicate: no modal ("konnte … zusagen"), no coordinated second predicate
    ("hatte sich … gewandt und … gefordert"), no anaphoric object ("darauf wies er hin", "Das bestätigte")."""
    if tokens[verb].lemma.lower() in _MODALS:
        return False
    if verb < cue.head and any(t.text == "und" for t in tokens[verb:cue.head]):
        return False
    if tokens[0].text.lower() in _ANAPHORIC_OBJECTS:
        return False
    connective = tokens[0].text.lower() in _CONNECTIVES  # "Dabei bezeichnete er …" is not an object
    return not any(_pronominal_adverb(t.text.lower()) for t in tokens[1 if connective else 0:])


def _pronominal_adverb(word: str) -> bool:
    return (word.startswith("dar") or word.startswith("da")) and word in {
        "darauf", "dazu", "damit", "darüber", "davon", "dafür", "dagegen", "daran", "darum", "dabei"}


def anaphoric_report(sentence: Sentence, cue: CueMatch, quoted: list[bool]) -> Attribution | None:
    """ "Das bestätigte ein ranghoher EU-Beamter.": the previous sentence is the content.

    Returns an attribution with no content parts; the caller fills in the previous sentence.
    """
    tokens = sentence.tokens
    if len(tokens) > 24 or not tokens or tokens[0].text.lower() not in ("das", "dies") or cue.head != 1:
        return None
    if cue.lemma == "hervorgehen":  # "Dies geht aus einer Pressemitteilung des Konzerns hervor."
        speaker = _source_after_aus(tokens, cue.head + 1)
        return Attribution(cue, speaker, [], "anaphoric-das") if speaker else None
    speaker = subject_after_verb(tokens, cue.head, len(tokens))
    if speaker is None or not person_like(tokens, speaker):
        return None
    return Attribution(cue, speaker, [], "anaphoric-das")


def _source_after_aus(tokens: list[Token], start: int) -> tuple[int, int] | None:
    """The noun phrase after the first "aus" from ``start`` on ("aus einem Bericht der UN")."""
    j = next((j for j in range(start, len(tokens) - 1) if tokens[j].text.lower() == "aus"), None)
    return np_forward(tokens, j + 1) if j is not None else None


def _shared_subject(tokens: list[Token], verb: int) -> tuple[int, int] | None:
    """ "Diese bestätigte …, und gab an, …": a coordinated verb shares the sentence's subject."""
    first = next((i for i, t in enumerate(tokens[:verb]) if t.looks_finite), None)
    return prefield_subject(tokens, 0, first) if first else None


def _impersonal_subject(tokens: list[Token], span: tuple[int, int]) -> bool:
    return span[1] - span[0] == 1 and tokens[span[0]].text.lower() in _IMPERSONAL_SUBJECTS


_NOMINATIVE_PRONOUNS = {"er", "ich", "wir"}


def _relative_subject(tokens: list[Token], start: int, verb: int) -> tuple[int, int] | None:
    """ "so Celebi, die auch angab, dass …": in a relative clause the relative pronoun is the subject."""
    if start == 0 or tokens[start - 1].text != "," or start >= verb:
        return None
    if tokens[start].text.lower() not in NOMINATIVE_RELATIVES:
        return None
    nxt = tokens[start + 1]
    if is_nominal(nxt) or nxt.upos in ("ADJ", "DET") or nxt.text.lower() in PERSONAL_PRONOUNS:
        return None  # "die Polizei sagte", "die er forderte"
    return start, start + 1


def _inverted_pronoun_subject(tokens: list[Token], verb: int, end: int) -> tuple[int, int] | None:
    """ "Der Zeitung sagte er: …": a nominative pronoun after the verb is the subject."""
    after = subject_after_verb(tokens, verb, end)
    if after and after[1] - after[0] == 1 and tokens[after[0]].text.lower() in _NOMINATIVE_PRONOUNS:
        return after
    return None


def _apposition_prefield(tokens: list[Token], verb: int) -> bool:
    """ "Die Sprecherin des Weißen Hauses, Jen Psaki, bestätigte", "X, der … hatte, sagte": the part
    before the comma is the subject (with an apposition or relative clause), not reported content."""
    return prefield_subject(tokens, 0, verb) is not None


def _wie_start(tokens: list[Token], cue: int) -> int | None:
    """The "wie" opening the cue's clause ("Wie der Direktor …, Smith Dharmmasaroj, mitteilte")."""
    for j in range(cue - 1, -1, -1):
        tok = tokens[j]
        if tok.text.lower() == "wie" and (j == 0 or tokens[j - 1].text in (",", "(", "–")):
            return j
        if tok.looks_finite or tok.text in (":", ";") or tok.upos == "SCONJ":
            return None
    return None


def _wie_clause(
    tokens: list[Token], cue: CueMatch, wie: int, verb: int, end: int, quoted: list[bool]
) -> Attribution | None:
    """ "<content>, wie Stoltenberg mitteilte." and "Wie X sagte, <content>."."""
    speaker = np_forward(tokens, wie + 1, verb)
    if speaker is None and tokens[wie + 1].text.lower() == "es":
        speaker = np_forward(tokens, wie + 2, verb)
    if wie > 0:
        left = _left_content(tokens, wie)
        return Attribution(cue, speaker, [left], "wie-X-cue") if left else None
    right = _right_content(tokens, end, quoted, require_marker=False)
    return Attribution(cue, speaker, [right], "wie-X-cue") if right else None


def _according(tokens: list[Token], cue: CueMatch, quoted: list[bool]) -> Attribution | None:
    """ "laut X, …", "X zufolge …", "nach Angaben von X …": the rest of the sentence is the content.

    The speaker phrase is the source as written ("Angaben der Polizei", "Medienberichten"), so a
    person named in it ("nach Angaben von Stoltenberg") is still found by the resolver.
    """
    if cue.form == "according-post":
        speaker = np_backward(tokens, cue.head)
        hole = (speaker[0], cue.head + 1) if speaker else (cue.head, cue.head + 1)
    else:
        speaker = _source_phrase(tokens, cue.head + 1)
        hole = (cue.head, speaker[1] if speaker else cue.head + 1)
    if speaker is None or any(quoted[hole[0]:hole[1]]):
        return None
    parts = _around(tokens, hole)
    return Attribution(cue, speaker, parts, "according-to-X") if parts else None


def _source_phrase(tokens: list[Token], start: int) -> tuple[int, int] | None:
    """The noun phrase after "nach"/"laut", with a "von X"/"aus X" attribute ("Angaben von Stoltenberg")."""
    while start < len(tokens) and tokens[start].upos == "ADV":
        start += 1  # "nach bisher unbestätigten Berichten"
    found = np_forward(tokens, start)
    if found is None:
        return None
    end = found[1]
    if end + 1 < len(tokens) and tokens[end].text.lower() in ("von", "vom", "aus"):
        more = np_forward(tokens, end + 1)
        if more is not None:
            end = more[1]
    return found[0], end


def _around(tokens: list[Token], hole: tuple[int, int]) -> list[tuple[int, int]]:
    """The clause around the cue phrase minus the phrase, as up to two word ranges."""
    begin, end, hole = _according_scope(tokens, hole)
    while end > begin and tokens[end - 1].text in FINAL_PUNCT:
        end -= 1
    left_end = hole[0]
    while left_end > 0 and tokens[left_end - 1].text in BOUNDARY:
        left_end -= 1
    right_start = hole[1]
    while right_start < end and tokens[right_start].text in BOUNDARY:
        right_start += 1
    parts = [(begin, left_end), (right_start, end)]
    parts = [p for p in parts if p[1] - p[0] >= 1]
    verbs = any(t.upos in ("VERB", "AUX") for s, e in parts for t in tokens[s:e])
    return parts if verbs else []


_CONJUNCTIONS = {"dass", "daß", "weil", "da", "wenn", "ob", "obwohl", "nachdem", "während", "wo", "wie"}
_SUBORDINATORS = RELATIVE_PRONOUNS | _CONJUNCTIONS


def _according_scope(tokens: list[Token], hole: tuple[int, int]) -> tuple[int, int, tuple[int, int]]:
    """Where the content of "laut X"/"nach Angaben X" lies: the (sub)clause holding the phrase.

    "…, der nach bisherigen Erkenntnissen 30 Hotels betrifft, …" -> the relative clause;
    "…, im Jahr 2004 war die Gruppe laut X am Ziel" -> the main clause after the comma;
    "nach Angaben der Times, die sich auf … stützen, kommt …" -> the source's relative clause is skipped.
    """
    begin, end = 0, len(tokens)
    for j in range(hole[0] - 1, -1, -1):
        if tokens[j].text == ";":
            begin = j + 1
            break
    end = next((j for j in range(hole[1], len(tokens)) if tokens[j].text == ";"), end)
    hole = _skip_source_relative(tokens, hole, end)
    comma = next((j for j in range(hole[0] - 1, begin - 1, -1) if tokens[j].text == ","), None)
    if comma is None:
        return begin, end, hole
    if tokens[comma + 1].text.lower() in _SUBORDINATORS:
        close = next((j for j in range(hole[1], end) if tokens[j].text == ","), end)
        if close > hole[1] and tokens[close - 1].upos in ("VERB", "AUX"):
            return comma + 1, close, hole  # verb-final subordinate clause
        return begin, end, hole
    if _has_finite(tokens, begin, comma) and _has_finite(tokens, comma + 2, hole[0]) and (
            tokens[begin].text.lower() not in _CONJUNCTIONS and tokens[comma + 1].upos not in ("VERB", "AUX")):
        return comma + 1, end, hole  # two main clauses: the phrase belongs to the second
    return begin, end, hole


def _skip_source_relative(tokens: list[Token], hole: tuple[int, int], end: int) -> tuple[int, int]:
    """Extend the cue phrase over a relative clause attached to the source (", die sich auf … stützen,")."""
    h = hole[1]
    if h + 1 < end and tokens[h].text == "," and tokens[h + 1].text.lower() in RELATIVE_PRONOUNS:
        close = next((j for j in range(h + 2, end) if tokens[j].text == ","), None)
        if close is not None and tokens[close - 1].upos in ("VERB", "AUX"):
            return hole[0], close + 1
    return hole


def _has_finite(tokens: list[Token], start: int, end: int) -> bool:
    return any(t.looks_finite for t in tokens[start:end])


def _impersonal(
    tokens: list[Token], cue: CueMatch, start: int, end: int, quoted: list[bool]
) -> Attribution | None:
    """ "…, hieß es." and "es hieß, …"; "In einem Papier des Ministeriums heißt es, …" names the source."""
    source = _document_source(tokens, start, end) or _agent_after(tokens, cue.tokens[-1] + 1, end)
    if start > 0 and cue.head == start:
        left = _left_content(tokens, start)
        return Attribution(cue, source, [left], "impersonal-cue") if left else None
    right = _right_content(tokens, cue.tokens[-1] + 1, quoted, require_marker=True)
    return Attribution(cue, source, [right], "impersonal-cue") if right else None


_IN = {"in", "im"}
_AGENT = {"von", "vom"}
_SOURCE_PREPOSITIONS = {"von", "vom", "aus", "seitens"}


def _agent_after(tokens: list[Token], j: int, end: int) -> tuple[int, int] | None:
    """Who "hieß es" cites right after it: "hieß es vom Sprecher Mark Toner", "hieß es aus Regierungskreisen"."""
    while j < end and tokens[j].upos == "ADV" and tokens[j].text.lower() not in _SOURCE_PREPOSITIONS:
        j += 1
    if j + 1 >= end or tokens[j].text.lower() not in _SOURCE_PREPOSITIONS:
        return None
    found = np_forward(tokens, j + 1, end)
    return found if found is not None and speaker_capable(tokens, found) and person_like(tokens, found) else None


def _document_source(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """The document a cue cites: "in einer Erklärung des Präsidenten", "im Bericht", "in diesem"."""
    for j in range(start, end - 1):
        if tokens[j].text.lower() in _IN:
            nxt = tokens[j + 1]
            if nxt.text.lower() in ("diesem", "dieser") and (j + 2 >= end or not is_nominal(tokens[j + 2])):
                return j + 1, j + 2
            found = np_forward(tokens, j + 1, end)
            if found is not None and _source_noun(tokens, found):
                return found
    return None


def _source_noun(tokens: list[Token], span: tuple[int, int]) -> bool:
    """A phrase headed by a document, speech or source noun ("Erklärung", "Schreiben", "Bericht")."""
    head = next((t for t in tokens[span[0]:span[1]] if is_nominal(t)), None)
    lex = lexicon()
    return head is not None and (is_info_noun(head, lex) or head.text.lower() in lex.document_nouns)


def _passive_source(tokens: list[Token], cue: CueMatch, start: int, end: int) -> tuple[int, int] | None:
    """Who speaks in a passive cue clause: a "von" agent ("Von den Parlamentariern wird … gesehen"),
    a cited document ("In einer Stellungnahme … wird … begründet"), or the quoted subject of "zitiert"."""
    for j in range(start, end - 1):
        if tokens[j].text.lower() in _AGENT and j + 1 < end:
            found = np_forward(tokens, j + 1, end)
            if found is not None and person_like(tokens, found):
                return found
    found = _document_source(tokens, start, end)
    if found is None and cue.lemma == "zitieren":
        verb = next((i for i in range(start, end) if tokens[i].lemma.lower() == "werden"), None)
        found = prefield_subject(tokens, start, verb) if verb is not None else None
    return found
