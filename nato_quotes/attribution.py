"""Quote attribution as ordered, named passes (in the manner of CoreNLP's quote sieves).

Each pass adds or completes :class:`Candidate` quotes and records its name on them:

1. ``quote-marks``        every quoted stretch from the mark scanner
2. ``parse-cue``          (stanza only) cue verb + nsubj + ccomp/parataxis from the dependency parse
3. ``cue-clause``         rule cues: inverted "…, sagte X", leading "X sagte, dass …", "so X",
                          "laut X", "X zufolge", "wie X mitteilte", "hieß es"
   (a split quote „…“, so X, „…“ becomes one quote with two spans here: content on both sides)
4. ``cue-fragment``       quoted words in the clause of a speech verb ("nannte es „leer“")
5. ``colon-intro``        "X: „…“", "X nannte die Bausteine: „…“"
6. ``continuation``       in text order: ``direct-continuation`` (a cue-less quote right after an
                          attributed sentence) and ``konjunktiv-chain`` (cue-less Konjunktiv sentences
                          after reported speech, SpkAtt's IndirectFreeIndirect) continue the last speaker
7. ``hearsay-sollen``     "X soll … gesagt haben": reportative sollen, an unnamed source (FreeIndirect)
8. ``topic-speaker``      a remaining full-sentence quote goes to the most recently named person
9. ``scare-quote-filter`` short cue-less quotes ("Nato-Ostflanke") are dropped

Speaker resolution (entities, names, roles + date, descriptors, pronouns) follows in :mod:`speakers`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import regex

from .analysis import TRIGGER_CUE, TRIGGER_HEARSAY, TRIGGER_KONJ1, TRIGGER_KONJ2, Analysis, Sentence
from .content import (
    FINAL_PUNCT,
    Attribution,
    anaphoric_report,
    attribute_cue,
    has_main_subjunctive,
    reported_speech,
)
from .cue import CueMatch, find_cues, lexicon
from .marks import QUOTE_CHARS, QuotedText, scan
from .source import (
    cites_outlet,
    first_finite,
    np_backward,
    np_forward,
    person_head,
    person_like,
    person_named,
    plausible_speaker,
    prefield_subject,
    speaker_capable,
    subject_after_verb,
)

MIN_DIRECT_WORDS = 4  # shorter cue-less quotes are scare quotes or titles
CHAIN_GAP = 1  # a Konjunktiv chain may skip this many unattributed sentences
EMBEDDED_RULE = "cue-clause:speech-noun-of"  # quotes of an embedded speech noun: nothing continues them


@dataclass(slots=True)
class Candidate:
    """A quote under construction: character parts, cue, speaker mention and provenance."""

    parts: list[tuple[int, int]]
    kind: str
    spkatt_type: str
    rule: str
    sentence: int
    cue_spans: list[tuple[int, int]] = field(default_factory=list)
    cue_lemma: str = ""
    speaker_span: tuple[int, int] | None = None
    speaker_from: Candidate | None = None  # continuation: same speaker as this quote
    subject_span: tuple[int, int] | None = None  # the cue's subject when a cited outlet is the speaker
    impersonal: bool = False
    passes: list[str] = field(default_factory=list)
    confidence: float = 0.8
    tree: Attribution | None = None  # the parse attribution (word indexes) a parse-cue quote came from

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(slots=True)
class Context:
    """What the passes share for one document."""

    analysis: Analysis
    quotes: list[QuotedText]
    top_quotes: list[QuotedText]
    quoted: QuotedMasks  # per sentence, per word: inside a top-level quote
    candidates: list[Candidate] = field(default_factory=list)
    used_quotes: set[int] = field(default_factory=set)  # indexes into top_quotes
    negated: set[int] = field(default_factory=set)  # sentences with a negated cue: never speech
    parse_attributions: Callable[[Sentence, int], list[Attribution]] | None = None
    passage_chains: bool = False  # consecutive Konjunktiv sentences form one quote (SpkAtt's convention)
    _part_starts: list[int] = field(default_factory=list)  # sorted starts of all candidate parts
    _parts: list[tuple[int, int, Candidate]] = field(default_factory=list)  # same order
    _quote_opens: list[int] = field(default_factory=list)  # opening-mark positions of top_quotes

    @property
    def text(self) -> str:
        return self.analysis.text

    def any_quoted(self, s_index: int) -> bool:
        """Does sentence ``s_index`` have a quoted word? (Without analysing it when no quote is near.)"""
        sent = self.analysis.sentences[s_index]
        if not sent.analysed and not self.quotes_overlapping(sent.start, sent.end):
            return False
        return any(self.quoted[s_index])

    def add(self, cand: Candidate) -> None:
        """Register a candidate (and index its parts for the overlap and neighbour look-ups)."""
        self.candidates.append(cand)
        self.index_parts(cand, cand.parts)

    def index_parts(self, cand: Candidate, parts: list[tuple[int, int]]) -> None:
        for start, end in parts:
            at = bisect.bisect_left(self._part_starts, start)
            self._part_starts.insert(at, start)
            self._parts.insert(at, (start, end, cand))

    def parts_before(self, pos: int) -> Iterator[tuple[int, int, Candidate]]:
        """Indexed parts starting before ``pos``, nearest first."""
        for i in range(bisect.bisect_left(self._part_starts, pos) - 1, -1, -1):
            yield self._parts[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Does any candidate part overlap ``[start, end)``? (Parts barely overlap, so look a few back.)"""
        for seen, (_, p_end, _) in enumerate(self.parts_before(end)):
            if p_end > start:
                return True
            if seen >= 8:
                return False
        return False

    def quotes_overlapping(self, start: int, end: int) -> list[tuple[int, QuotedText]]:
        """Top-level quotes (index, quote) whose marks-inclusive span overlaps ``[start, end)``."""
        return _overlapping(self.top_quotes, self._quote_opens, start, end)


def _overlapping(top: list[QuotedText], opens: list[int], start: int, end: int) -> list[tuple[int, QuotedText]]:
    """Top-level quotes are disjoint and sorted (``opens``: their opening marks), so their closing
    positions increase too: walk back from the last one opening before ``end``."""
    out = []
    for qi in range(bisect.bisect_left(opens, end) - 1, -1, -1):
        q = top[qi]
        if _quote_close(q) <= start:
            break
        out.append((qi, q))
    return out[::-1]


class QuotedMasks:
    """``masks[s]``: per word of sentence ``s``, inside a top-level quotation; made on first use.

    It holds the sentences and quotations, not the context: no reference cycle, so a document's
    words are freed as soon as it is done (the garbage collector is paused meanwhile).
    """

    def __init__(self, sentences: list[Sentence], top: list[QuotedText], opens: list[int], text: str = "") -> None:
        self._sentences, self._top, self._opens, self._text = sentences, top, opens, text
        self._masks: dict[int, list[bool]] = {}

    def __len__(self) -> int:
        return len(self._sentences)

    def __getitem__(self, s_index: int) -> list[bool]:
        if s_index < 0:
            s_index += len(self)
        mask = self._masks.get(s_index)
        if mask is None:
            mask = self._masks[s_index] = self._mask(self._sentences[s_index])
        return mask

    def _mask(self, sentence: Sentence) -> list[bool]:
        """One sweep: the quotation ranges and the words are both sorted."""
        ranges = [(q.marks[0][0], _quote_close(q)) for _, q in _overlapping(self._top, self._opens, sentence.start, sentence.end)
                  if not (self._text and quoted_name(self._text, q))]  # "sagte sie der „Zeit“, dass …": no speech
        if not ranges:
            return [False] * len(sentence.tokens)
        mask, r = [], 0
        for tok in sentence.tokens:
            while r < len(ranges) and ranges[r][1] <= tok.start:
                r += 1
            mask.append(r < len(ranges) and ranges[r][0] <= tok.start)
        return mask


def build_context(analysis: Analysis) -> Context:
    """Scan the quotation marks; the quoted words of a sentence are marked when a pass asks."""
    quotes = scan(analysis.text)
    top = [q for q in quotes if q.depth == 0]
    opens = [q.marks[0][0] for q in top]
    return Context(analysis, quotes, top, QuotedMasks(analysis.sentences, top, opens, analysis.text), _quote_opens=opens)


def _quote_close(q: QuotedText) -> int:
    close = q.marks[-1][1]
    return close + 1 if close >= 0 else q.end


def run_passes(ctx: Context) -> list[Candidate]:
    """Run every attribution pass in order; returns the candidates sorted by position."""
    for attribution_pass in PASSES:
        attribution_pass(ctx)
    ctx.candidates.sort(key=lambda c: c.start)
    return ctx.candidates


# ---------------------------------------------------------------- pass: cue clauses


def pass_cue_clause(ctx: Context) -> None:
    """Cue words with their speaker and content, from the parse first, then the rules."""
    for s_index, sent in enumerate(ctx.analysis.sentences):
        if not sent.triggers & TRIGGER_CUE and not sent.parsed:
            continue  # no cue word (trigger scan): nothing to find
        taken: set[int] = set()
        if ctx.parse_attributions is not None and sent.parsed:
            for att in ctx.parse_attributions(sent, s_index):
                taken.update(att.cue.tokens)
                _add_attribution(ctx, s_index, att, "parse-cue")
        cues = sorted(find_cues(sent, ctx.quoted[s_index]), key=lambda c: c.form != "verb")
        before = len(ctx.candidates)
        unattributed = []
        for cue in cues:
            if taken.intersection(cue.tokens):
                continue
            if cue.form == "according" and len(ctx.candidates) > before:
                _cite_outlet(ctx, s_index, cue, ctx.candidates[before:])
                continue  # "appellierte X nach Angaben aus Kiew": the verb cue decided
            att = attribute_cue(sent, cue, ctx.quoted[s_index])
            if att is not None:
                _add_attribution(ctx, s_index, att, "cue-clause")
            elif cue.form == "verb" and cue.strong:
                unattributed.append(cue)
        for cue in unattributed:  # only then a speech act without content of its own
            _speech_act(ctx, s_index, cue)


def _cite_outlet(ctx: Context, s_index: int, cue: CueMatch, cands: list[Candidate]) -> None:
    """ "Laut CNN hat Panetta verkündet, …", "laut faz.net appellierte Steinmeier …": when the clause of a
    verb cue also cites an outlet or a document, that outlet is the source the article gives."""
    sent = ctx.analysis.sentences[s_index]
    att = attribute_cue(sent, cue, ctx.quoted[s_index])
    if att is None or att.speaker is None or not cites_outlet(sent.tokens, att.speaker):
        return
    span = _char_span(sent, *att.speaker)
    for cand in cands:
        if cand.speaker_span is not None and cand.sentence == s_index and cand.kind != "direct":
            cand.subject_span, cand.speaker_span = cand.speaker_span, span  # continuations go on with the subject
            cand.passes.append("cited-outlet")


def _speech_act(ctx: Context, s_index: int, cue: CueMatch) -> None:
    """ "Das bestätigte ein EU-Beamter." (the sentence before is the content) or a reported speech act."""
    sent = ctx.analysis.sentences[s_index]
    att = anaphoric_report(sent, cue, ctx.quoted[s_index])
    if att is not None and s_index > 0:
        _add_anaphoric(ctx, s_index, att)
        return
    att = reported_speech(sent, cue, ctx.quoted[s_index])
    if att is not None:
        _add_attribution(ctx, s_index, att, "cue-clause")


_NEEDS_SPEAKER = ("reported-speech", "reported-object")
_SUBJECT_PATTERNS = ("leading-cue", "reported-speech", "reported-object")  # the speaker is the clause subject


def _add_attribution(ctx: Context, s_index: int, att: Attribution, pass_name: str) -> None:
    sent = ctx.analysis.sentences[s_index]
    if att.negated:
        ctx.negated.add(s_index)
        return
    if att.speaker is not None and att.pattern in _SUBJECT_PATTERNS and not speaker_capable(sent.tokens, att.speaker):
        better = _capable_subject(sent, att.speaker)
        if better is None and att.pattern in _NEEDS_SPEAKER:
            return  # "Ein Erdbeben hat … Menschenleben gefordert": no one speaks
        att.speaker = better or att.speaker
    parts = _expand_to_quotes(ctx, [_char_span(sent, a, b) for a, b in att.parts if b > a])
    if len(parts) > 1:  # "Während X erklärte, …, räumte Y ein, …": a part another speech act holds is its own
        parts = [p for p in parts if not ctx.overlaps(*p)]
    if not parts or any(ctx.overlaps(*p) for p in parts):
        return
    cue_spans = [(sent.tokens[i].start, sent.tokens[i].end) for i in att.cue.tokens]
    reported = att.pattern in ("reported-speech", "reported-object")  # SpkAtt "Reported": cue included
    kind = _kind(ctx, parts)
    if (not reported or kind == "direct") and any(_overlaps(c, parts) for c in cue_spans):
        return  # the content swallowed its own cue (a quotation taken whole around a weak parse)
    if not _is_content(ctx, sent, att, parts):
        return
    cand = Candidate(
        parts=parts,
        kind=kind,
        spkatt_type="Direct" if kind == "direct" else "Reported" if reported else "Indirect",
        rule=f"{pass_name}:{att.pattern}",
        sentence=s_index,
        cue_spans=cue_spans,
        cue_lemma=att.cue.lemma,
        speaker_span=_char_span(sent, *att.speaker) if att.speaker else None,
        impersonal=(att.cue.form == "impersonal" or att.pattern == "passive-cue") and att.speaker is None,
        passes=["quote-marks", pass_name] if kind != "indirect" else [pass_name],
        confidence=0.9 if kind == "direct" else 0.5 if reported else 0.75,
    )
    if pass_name == "parse-cue":
        cand.tree = att
    if att.pattern == "referring-demnach":
        cand.speaker_from = _attributed_before(ctx, s_index, CHAIN_GAP)
    ctx.add(cand)
    _mark_used(ctx, parts)


def _capable_subject(sent: Sentence, wrong: tuple[int, int]) -> tuple[int, int] | None:
    """The clause's other subject candidate when the chosen one names no speaker: the object fronted
    ("Eine Verschiebung des Wahltermins bezeichnete Conze als fatal") or after the verb
    ("Auch die Ministerin äußerte Vorbehalte")."""
    tokens = sent.tokens
    verb = first_finite(tokens)
    if verb is None:
        return None
    before = prefield_subject(tokens, 0, verb)
    if before is not None and before != wrong and speaker_capable(tokens, before) and person_like(tokens, before):
        return before
    after = subject_after_verb(tokens, verb, len(tokens))  # after the verb often an object: a person only
    return after if after is not None and after != wrong and person_head(tokens, after) else None


def _add_anaphoric(ctx: Context, s_index: int, att: Attribution) -> None:
    """ "… Das bestätigte ein EU-Beamter.": the previous sentence, if unattributed, is the content."""
    prev = ctx.analysis.sentences[s_index - 1]
    parts = _sentence_parts(ctx, prev)
    if not parts or _covered(ctx, prev) or ctx.any_quoted(s_index - 1):
        return
    sent = ctx.analysis.sentences[s_index]
    ctx.add(Candidate(
        parts=parts, kind="indirect", spkatt_type="Indirect", rule="cue-clause:anaphoric-das", sentence=s_index,
        cue_spans=[(sent.tokens[i].start, sent.tokens[i].end) for i in att.cue.tokens], cue_lemma=att.cue.lemma,
        speaker_span=_char_span(sent, *att.speaker) if att.speaker else None, passes=["cue-clause"], confidence=0.6,
    ))


def _is_content(ctx: Context, sent: Sentence, att: Attribution, parts: list[tuple[int, int]]) -> bool:
    """Reject content that is too short or verbless (unless it is quoted)."""
    if all(_is_quote_part(ctx, p) for p in parts):
        return True
    words = [t for t in sent.tokens if any(a <= t.start < b for a, b in parts) and t.upos != "PUNCT"]
    if att.pattern == "reported-object":
        return bool(words)  # a speech act's object ("äußerte Optimismus")
    if len(words) < 3:
        return False
    if not att.cue.strong and not any(t.is_subjunctive for t in words):
        return any(t.text.lower() in ("dass", "daß", "ob") for t in words[:1]) or (
            att.cue.lemma in lexicon().zu_weak and _zu_content(sent, parts))
    return any(t.upos in ("VERB", "AUX") for t in words) or any(ctx.quotes_overlapping(*p) for p in parts)


def _zu_content(sent: Sentence, parts: list[tuple[int, int]]) -> bool:
    """The content is a zu-infinitive clause ("…, mit seinem Mandanten in Berufung zu gehen")."""
    from .content import introduces_zu_infinitive

    idx = [i for i, t in enumerate(sent.tokens) if parts[0][0] <= t.start < parts[0][1]]
    return bool(idx) and introduces_zu_infinitive(sent.tokens, idx[0], idx[-1] + 1)


def _char_span(sent: Sentence, a: int, b: int) -> tuple[int, int]:
    start, end = sent.tokens[a].start, sent.tokens[b - 1].end
    return start, end


def _expand_to_quotes(ctx: Context, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts that cut into a quotation take it whole; a part that is one quotation becomes its spans."""
    out: list[tuple[int, int]] = []
    for start, end in parts:
        start, end = _strip(ctx.text, start, end)
        for _, q in ctx.quotes_overlapping(start, end):
            q_open, q_close = q.marks[0][0], _quote_close(q)
            if q_open < start < q_close:
                start = q_open
            if q_open < end < q_close:
                end = q_close
        near = [q for _, q in ctx.quotes_overlapping(start, end)]
        start, end = _drop_stray_marks(ctx.text, start, end, near)
        if start >= end:
            continue  # only punctuation or stray marks: no part
        exact = next((q for q in near if (q.marks[0][0], _quote_close(q)) == (start, end)), None)
        if exact is None:
            exact = next((q for q in near if len(q.spans) == 1 and q.spans[0] == (start, end)), None)
        out.extend(exact.spans if exact is not None else [(start, end)])
    return _disjoint(out)


def _disjoint(parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts in order, overlapping ones joined: two ranges that cut into one quotation both take it."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(parts):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _drop_stray_marks(text: str, start: int, end: int, quotes: list[QuotedText]) -> tuple[int, int]:
    """Trim quotation marks at the edges that open or close no quotation („„Wir …“: a doubled mark)."""
    opens = {q.marks[0][0] for q in quotes}
    closes = {_quote_close(q) for q in quotes}
    while start < end and text[start] in QUOTE_CHARS and start not in opens:
        start += 1
    while end > start and text[end - 1] in QUOTE_CHARS and end not in closes:
        end -= 1
    return start, end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and trailing clause punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _sentence_parts(ctx: Context, sent: Sentence) -> list[tuple[int, int]]:
    """The whole sentence as the one part of a quote; none when it has no word (only marks or punctuation)."""
    start, end = _strip(ctx.text, sent.start, sent.end)
    return [(start, end)] if any(c.isalnum() for c in ctx.text[start:end]) else []


def _is_quote_part(ctx: Context, part: tuple[int, int]) -> bool:
    return any(span == part for _, q in ctx.quotes_overlapping(*part) for span in q.spans)


def _kind(ctx: Context, parts: list[tuple[int, int]]) -> str:
    if all(_is_quote_part(ctx, p) for p in parts):
        return "direct"
    inside = [q for p in parts for _, q in ctx.quotes_overlapping(*p) if p[0] <= q.start and q.end <= p[1]]
    return "mixed" if inside else "indirect"


def _overlaps(part: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(part[0] < b and a < part[1] for a, b in others)


def _mark_used(ctx: Context, parts: list[tuple[int, int]]) -> None:
    for part in parts:
        for qi, q in ctx.quotes_overlapping(*part):
            if any(_overlaps(span, parts) for span in q.spans):
                ctx.used_quotes.add(qi)


# ---------------------------------------------------------------- remaining direct quotes


def _unused_quotes(ctx: Context) -> list[tuple[int, QuotedText]]:
    return [(qi, q) for qi, q in enumerate(ctx.top_quotes) if qi not in ctx.used_quotes]


def pass_cue_fragment(ctx: Context) -> None:
    """ "bezeichnete das als „Beispiel taktlosen Verhaltens“", "sprach von einem „Dammbruch“": quoted
    words inside the clause of a speech verb are the subject's; all such fragments of one sentence
    form one quote."""
    by_sentence: dict[int, list[tuple[int, QuotedText]]] = {}
    for qi, q in _unused_quotes(ctx):
        s_index = ctx.analysis.sentence_at(q.marks[0][0])
        if s_index is not None and ctx.analysis.sentences[s_index].start < q.marks[0][0]:
            by_sentence.setdefault(s_index, []).append((qi, q))
    for s_index, quotes in by_sentence.items():
        if s_index in ctx.negated:
            continue
        sent = ctx.analysis.sentences[s_index]
        found = _fragment_speaker(ctx, s_index)
        if found is None:
            continue
        cue, speaker = found
        verb_end = sent.tokens[max(cue.tokens[0], speaker[1] - 1)].end
        verb_start = sent.tokens[cue.tokens[0]].start
        quotes = [(qi, q) for qi, q in quotes
                  if (q.marks[0][0] > verb_end or _prefield_fragment(ctx.text, q, verb_start, speaker_start=sent.tokens[speaker[0]].start))
                  and not _so_called(ctx.text, q) and not quoted_name(ctx.text, q)]
        if not quotes:
            continue
        parts = [span for _, q in quotes for span in q.spans]
        ctx.add(Candidate(
            parts=parts, kind="direct", spkatt_type="Direct", rule="cue-fragment", sentence=s_index,
            cue_spans=[(sent.tokens[i].start, sent.tokens[i].end) for i in cue.tokens], cue_lemma=cue.lemma,
            speaker_span=_char_span(sent, *speaker), passes=["quote-marks", "cue-fragment"], confidence=0.6,
        ))
        ctx.used_quotes.update(qi for qi, _ in quotes)


_WITH_WORDS_BEFORE = regex.compile(r"(?i:mit\s+(?:den|diesen|folgenden|seinen|ihren)\s+Worten)\s*[:,]?\s*$")
_WITH_WORDS_AFTER = regex.compile(r"\s*,?\s*(?i:mit\s+(?:diesen|den|seinen|ihren)\s+Worten)\b")


def pass_with_words(ctx: Context) -> None:
    """ "with-words": a quotation introduced or followed by "mit den Worten" ("Mit den Worten „…“
    beendete er die Sitzung", "„…“, mit diesen Worten meldete er sich zurück") is the subject's."""
    for qi, q in _unused_quotes(ctx):
        open_at, close = q.marks[0][0], _quote_close(q)
        before = _WITH_WORDS_BEFORE.search(ctx.text, max(0, open_at - 40), open_at)
        after = _WITH_WORDS_AFTER.match(ctx.text, close, min(len(ctx.text), close + 40))
        if before is None and after is None:
            continue
        phrase_end = after.end() if after is not None else close
        s_index = ctx.analysis.sentence_at(phrase_end - 1)
        if s_index is None or s_index in ctx.negated:
            continue
        sent = ctx.analysis.sentences[s_index]
        speaker = _main_clause_subject(ctx, s_index, phrase_end, before.start() if before is not None else open_at)
        if speaker is None:
            continue
        _add_direct(ctx, qi, q, s_index, "with-words", _char_span(sent, *speaker), 0.7)


def _main_clause_subject(ctx: Context, s_index: int, after: int, phrase_start: int) -> tuple[int, int] | None:
    """The subject of the first finite verb outside quotations after ``after`` (or before the phrase)."""
    sent = ctx.analysis.sentences[s_index]
    tokens, quoted = sent.tokens, ctx.quoted[s_index]
    order = [i for i, t in enumerate(tokens) if t.start >= after] + [i for i, t in enumerate(tokens) if t.end <= phrase_start]
    for i in order:
        if quoted[i] or not tokens[i].looks_finite:
            continue
        start = next((j + 1 for j in range(i - 1, -1, -1) if quoted[j] or tokens[j].text in (",", ":")), 0)
        speaker = prefield_subject(tokens, start, i) or subject_after_verb(tokens, i, len(tokens))
        if speaker is not None and person_like(tokens, speaker):
            return speaker
        return None
    return None


def _prefield_fragment(text: str, q: QuotedText, verb_start: int, *, speaker_start: int) -> bool:
    """ "Als „unerwartetes Geschenk“ bezeichnete die Archäologin den Fund": a quotation in the clause
    before its verb, with the subject after the verb (no clause punctuation between quotation and verb)."""
    close = _quote_close(q)
    if not (close <= verb_start < speaker_start) or regex.search(r"[,;:–—.!?]", text[close:verb_start]):
        return False
    before = regex.findall(r"[\p{L}]+", text[max(0, q.marks[0][0] - 30):q.marks[0][0]])
    return bool(before) and any(w.lower() in _FRAGMENT_PREPOSITIONS for w in before[-3:])


_FRAGMENT_PREPOSITIONS = frozenset(["als", "von", "vor", "zu", "über"])  # bezeichnen als, sprechen von, warnen vor


def _so_called(text: str, q: QuotedText) -> bool:
    """ "die sogenannte „Nato-Ostflanke“": a name, not words of the speaker."""
    return "genannt" in text[max(0, q.marks[0][0] - 14):q.marks[0][0]]


_NAME_LINKERS = frozenset(["da", "de", "del", "der", "di", "do", "of", "the", "and", "und", "&", "…", "-", "–",
                           "am", "im", "für"])  # "Welt am Sonntag"
_OBJECT_ARTICLES = frozenset(["dem", "der", "den", "zum", "zur", "im", "beim", "vom"])
_OBJECT_PREPOSITIONS = frozenset(["gegenüber", "mit", "in", "zum", "zur", "im", "beim", "vom", "von", "laut", "bei"])


def quoted_name(text: str, q: QuotedText) -> bool:
    """A quoted outlet, work or name, not speech: "sagte sie der „Süddeutschen Zeitung“", "im Interview mit
    dem „Deutschlandfunk“", "die Nachrichtenagentur „Xinhua“", "in seinem Buch „Die Welt von gestern“"."""
    words = q.text(text).split()
    if not words or len(words) > 6 or not all(w[:1].isupper() or w in _NAME_LINKERS for w in words):
        return False
    if text[_quote_close(q):_quote_close(q) + 10].split()[:1] == ["zufolge"]:
        return True  # "dem „Figaro“ zufolge": a source
    before = regex.findall(r"[\p{L}\p{N}-]+", text[max(0, q.marks[0][0] - 40):q.marks[0][0]])
    if not before:
        return False
    prev = before[-1]
    if prev[:1].isupper() and len(before) > 1 and before[-2][:1].islower():
        return True  # a noun that names what the quotation marks hold: "die Partei „Neue Rechte“"
    if prev.lower() not in _OBJECT_ARTICLES:
        return False
    return (prev.lower() in _OBJECT_PREPOSITIONS or (len(before) > 1 and before[-2].lower() in _OBJECT_PREPOSITIONS)
            or _names_an_outlet(words))


def _names_an_outlet(words: list[str]) -> bool:
    from .speakers.phrase import speaker_types

    heads = speaker_types()["media_heads"]
    last = words[-1].casefold()
    return last in heads or any(last.endswith(h) for h in heads if len(h) > 4)


def _fragment_speaker(ctx: Context, s_index: int) -> tuple[CueMatch, tuple[int, int]] | None:
    """The first strong speech verb of sentence ``s_index`` and its subject."""
    from .content import clause_bounds, finite_verb

    sent = ctx.analysis.sentences[s_index]
    if not sent.triggers & TRIGGER_CUE:
        return None
    quoted = ctx.quoted[s_index]
    for cue in find_cues(sent, quoted):
        if cue.form != "verb" or not (cue.strong or cue.lemma in lexicon().fragment_weak):
            continue
        start, end = clause_bounds(sent.tokens, cue.head, quoted)
        verb = finite_verb(sent.tokens, cue.head, start)
        speaker = prefield_subject(sent.tokens, 0, verb) or subject_after_verb(sent.tokens, verb, len(sent.tokens))
        if speaker is not None and person_like(sent.tokens, speaker) and speaker_capable(sent.tokens, speaker):
            return cue, speaker
    return None


def pass_colon_intro(ctx: Context) -> None:
    """ "X: „…“", "X nannte die Bausteine: „…“", "wie es X darstellte: „…“": the subject speaks."""
    for qi, q in _unused_quotes(ctx):
        s_index = ctx.analysis.sentence_at(q.marks[0][0])
        if s_index is None:
            continue
        sent = ctx.analysis.sentences[s_index]
        colon = _colon_before(ctx.text, q.marks[0][0], sent.start)
        if colon is None:
            continue
        speaker = _colon_speaker(sent.tokens, next((i for i, t in enumerate(sent.tokens) if t.start >= colon), 0))
        if speaker is None:
            continue
        _add_direct(ctx, qi, q, s_index, "colon-intro", _char_span(sent, *speaker), 0.8)


def _colon_speaker(tokens: list, colon: int) -> tuple[int, int] | None:
    """The subject of the clause before a colon: prefield, after the verb, or before a final verb."""
    verbs = [i for i, t in enumerate(tokens[:colon]) if t.looks_finite]
    if not verbs:
        found = np_forward(tokens, 0, colon)
        return found if found and found[1] == colon and plausible_speaker(tokens, found) else None
    options = [prefield_subject(tokens, 0, verbs[0]), subject_after_verb(tokens, verbs[0], colon)]
    if verbs[-1] == colon - 1:
        options.append(np_backward(tokens, verbs[-1]))
    return next((o for o in options if o is not None and person_like(tokens, o) and speaker_capable(tokens, o)), None)


def _colon_before(text: str, pos: int, limit: int) -> int | None:
    j = pos - 1
    while j >= limit and text[j].isspace():
        j -= 1
    return j if j >= limit and text[j] == ":" else None


def _add_direct(
    ctx: Context, qi: int, q: QuotedText, s_index: int, pass_name: str,
    speaker_span: tuple[int, int] | None, confidence: float, speaker_from: Candidate | None = None,
) -> Candidate:
    cand = Candidate(
        parts=list(q.spans), kind="direct", spkatt_type="Direct", rule=pass_name, sentence=s_index,
        speaker_span=speaker_span, speaker_from=speaker_from,
        passes=["quote-marks", pass_name], confidence=confidence,
    )
    ctx.add(cand)
    ctx.used_quotes.add(qi)
    return cand


def _attributed_before(ctx: Context, s_index: int, gap: int = 0) -> Candidate | None:
    """The latest candidate ending in sentence ``s_index - 1`` (or up to ``gap`` sentences earlier)."""
    if not ctx.analysis.sentences or s_index >= len(ctx.analysis.sentences):
        return None
    best = None
    lowest = ctx.analysis.sentences[max(0, s_index - 1 - gap)].start
    for seen, (_, p_end, cand) in enumerate(ctx.parts_before(ctx.analysis.sentences[s_index].start)):
        if p_end <= lowest and seen > 8:
            break
        if cand.end <= lowest or (best is not None and cand.end <= best.end) or cand.rule == EMBEDDED_RULE:
            continue  # "den Vorschlag des X, …": an embedded speech noun is not the current speaker
        c_sent = ctx.analysis.sentence_at(max(cand.start, cand.end - 1))
        if c_sent is not None and s_index - 1 - gap <= c_sent < s_index:
            best = cand
    return best


def pass_continuation(ctx: Context) -> None:
    """In text order: cue-less quotations and Konjunktiv sentences continue the last speaker."""
    by_sentence: dict[int, list[tuple[int, QuotedText]]] = {}
    for qi, q in _unused_quotes(ctx):
        s_index = ctx.analysis.sentence_at(q.marks[0][0])
        if s_index is not None:
            by_sentence.setdefault(s_index, []).append((qi, q))
    for s_index, sent in enumerate(ctx.analysis.sentences):
        for qi, q in by_sentence.get(s_index, []):
            if qi not in ctx.used_quotes:
                _direct_continuation(ctx, qi, q, s_index)
        _konjunktiv_chain(ctx, s_index, sent)


def _direct_continuation(ctx: Context, qi: int, q: QuotedText, s_index: int) -> None:
    """ "direct-continuation": a quotation right after an attributed sentence.

    A short quoted fragment in a verbless sentence ("Nicht nur wegen …, sondern auch „im Lichte …“")
    continues too, as a mixed quote of the whole sentence.
    """
    prev = _attributed_before(ctx, s_index)
    if prev is None or prev.end > q.start or prev.impersonal:
        return
    if _sentence_like(ctx, q):
        _add_direct(ctx, qi, q, s_index, "direct-continuation", None, 0.7, speaker_from=prev)
        return
    sent = ctx.analysis.sentences[s_index]
    outside = [t for t, inq in zip(sent.tokens, ctx.quoted[s_index], strict=True) if not inq]
    parts = _sentence_parts(ctx, sent)
    if parts and len(outside) >= 3 and not any(t.upos in ("VERB", "AUX") for t in outside) and not _covered(ctx, sent):
        ctx.add(Candidate(
            parts=parts, kind="mixed", spkatt_type="Indirect", rule="direct-continuation:elliptical",
            sentence=s_index, speaker_from=prev, passes=["quote-marks", "direct-continuation"], confidence=0.6,
        ))
        _mark_used(ctx, parts)


def _sentence_like(ctx: Context, q: QuotedText) -> bool:
    """A quotation that is a sentence of its own (not a scare quote or title)."""
    if q.word_count(ctx.text) < MIN_DIRECT_WORDS:
        return False
    text = q.text(ctx.text)
    return text[:1].isupper() or text.rstrip()[-1:] in FINAL_PUNCT


def _speech_like(ctx: Context, q: QuotedText) -> bool:
    """Stricter, for quotations with no cue at all: a clause with a verb that starts a sentence or
    follows a colon, and is long or ends like a sentence (titles and names are not)."""
    if not _sentence_like(ctx, q):
        return False
    before = ctx.text[max(0, q.marks[0][0] - 3):q.marks[0][0]].strip()
    s_index = ctx.analysis.sentence_at(q.marks[0][0])
    starts = s_index is not None and ctx.analysis.sentences[s_index].start == q.marks[0][0]
    if not (starts or before.endswith(":")):
        return False
    words = [t for s in _sentence_tokens(ctx, q) for t in s if t.looks_finite]
    return bool(words) and (q.word_count(ctx.text) >= 6 or q.text(ctx.text).rstrip()[-1:] in FINAL_PUNCT)


def _sentence_tokens(ctx: Context, q: QuotedText) -> list[list]:
    """The words of the quotation, per sentence."""
    first = ctx.analysis.sentence_at(q.start)
    last = ctx.analysis.sentence_at(max(q.start, q.end - 1))
    if first is None or last is None:
        return []
    return [[t for t in sent.tokens if q.start <= t.start < q.end] for sent in ctx.analysis.sentences[first:last + 1]]


def _konjunktiv_chain(ctx: Context, s_index: int, sent: Sentence) -> None:
    """ "konjunktiv-chain": a cue-less Konjunktiv sentence right after reported speech, or right after
    a speech act with no content of its own ("X äußerte Zweifel. … sei rechtens.")."""
    if not sent.triggers & (TRIGGER_KONJ1 | TRIGGER_KONJ2) or s_index in ctx.negated or _covered(ctx, sent):
        return  # no Konjunktiv form (trigger scan): not a chain sentence, whatever comes before
    prev = _attributed_before(ctx, s_index, CHAIN_GAP)
    speech_act = _speech_act_before(ctx, s_index)
    if speech_act is None and prev is not None and prev.sentence < s_index - 1:
        speech_act = _person_before(ctx, s_index)  # "Staatspräsident X ist besorgt. Der Konflikt sei …"
    strong_only = _attributed_before(ctx, s_index) is None and speech_act is None
    if strong_only and not sent.triggers & TRIGGER_KONJ1:
        return  # only Konjunktiv I would count here, and the scan found none: the words stay unanalysed
    if not sent.tokens or all(ctx.quoted[s_index]) or not _chain_sentence(sent, strong_only=strong_only):
        return
    parts = _sentence_parts(ctx, sent)
    if not parts or (prev is None and speech_act is None and sent.tokens[-1].text not in FINAL_PUNCT):
        return  # headlines and datelines are not reported speech
    if speech_act is not None:
        prev = None
    merge = prev is not None and (prev.rule == "konjunktiv-topic" or (ctx.passage_chains and prev.rule.startswith("konjunktiv")))
    if merge and prev.sentence == s_index - 1:
        prev.parts.extend(parts)  # a passage of reported speech with no cue stays one quote
        ctx.index_parts(prev, parts)
        prev.sentence = s_index
        _mark_used(ctx, parts)
        return
    rule = "konjunktiv-chain" if prev is not None or speech_act is not None else "konjunktiv-topic"
    cand = Candidate(
        parts=parts, kind=_kind(ctx, parts), spkatt_type="IndirectFreeIndirect", rule=rule,
        sentence=s_index, speaker_from=prev, impersonal=prev is not None and prev.impersonal,
        passes=["konjunktiv-chain"], confidence=0.65 if rule == "konjunktiv-chain" else 0.45,
        speaker_span=None if prev is not None else speech_act or _previous_subject(ctx, s_index),
    )
    ctx.add(cand)
    _mark_used(ctx, parts)


def _speech_act_before(ctx: Context, s_index: int) -> tuple[int, int] | None:
    """The subject of a speech verb in the (unattributed) sentence right before."""
    if s_index == 0:
        return None
    sent = ctx.analysis.sentences[s_index - 1]
    if _covered(ctx, sent) or s_index - 1 in ctx.negated:
        return None
    found = _fragment_speaker(ctx, s_index - 1)
    return _char_span(sent, *found[1]) if found else None


def _person_before(ctx: Context, s_index: int) -> tuple[int, int] | None:
    """A person who is the subject of the (unattributed, unquoted) sentence right before: the one a
    following Konjunktiv sentence reports, rather than a speaker further back."""
    if s_index == 0:
        return None
    sent = ctx.analysis.sentences[s_index - 1]
    tokens = sent.tokens
    if _covered(ctx, sent) or s_index - 1 in ctx.negated or ctx.any_quoted(s_index - 1):
        return None
    verb = first_finite(tokens)
    if verb is None:
        return None
    for span in (prefield_subject(tokens, 0, verb), subject_after_verb(tokens, verb, len(tokens))):
        if span is not None and person_named(tokens, span):
            return _char_span(sent, *span)
    return None


def _previous_subject(ctx: Context, s_index: int) -> tuple[int, int] | None:
    """The person-like subject of the sentence before: "Pflugbeil war in Japan. … sei ungewiss." """
    if s_index == 0:
        return None
    sent = ctx.analysis.sentences[s_index - 1]
    tokens = sent.tokens
    verb = first_finite(tokens)
    if verb is None:
        return None
    span = prefield_subject(tokens, 0, verb)
    if span is None or not person_like(tokens, span) or any(ctx.quoted[s_index - 1][span[0]:span[1]]):
        return None
    return _char_span(sent, *span)


def _covered(ctx: Context, sent: Sentence) -> bool:
    return ctx.overlaps(sent.start, sent.end)


_SPECULATIVE = {"dürfte", "dürften"}


def _chain_sentence(sent: Sentence, *, strong_only: bool) -> bool:
    """A sentence whose main clause is in Konjunktiv (speculative "dürfte" excluded)."""
    tokens = sent.tokens
    if any(t.text.lower() in _SPECULATIVE for t in tokens):
        return False
    if sent.tokens and sent.tokens[-1].text == "?":
        return False
    return has_main_subjunctive(tokens, 0, len(tokens), strong_only=strong_only)


_HEARSAY = {"soll", "sollen"}


def pass_hearsay(ctx: Context) -> None:
    """ "Das Beben soll Schäden verursacht haben.": reportative "sollen" with a perfect infinitive
    reports an unnamed source (SpkAtt's FreeIndirect)."""
    for s_index, sent in enumerate(ctx.analysis.sentences):
        if not sent.triggers & TRIGGER_HEARSAY:
            continue  # no "soll"/"sollen" (trigger scan)
        words = [t for t in sent.tokens if t.upos != "PUNCT"]
        if len(words) < 4 or ctx.any_quoted(s_index) or _covered(ctx, sent) or s_index in ctx.negated:
            continue
        if sent.tokens[-1].text not in FINAL_PUNCT or not any(t.text.lower() in _HEARSAY for t in words):
            continue
        tree = _tree_hearsay(sent) if ctx.parse_attributions is not None and sent.parsed else None
        if tree is None and not _perfect_infinitive_last(words):
            continue
        parts = _sentence_parts(ctx, sent)
        if not parts:
            continue
        source = _attributed_before(ctx, s_index, CHAIN_GAP)
        ctx.add(Candidate(
            parts=parts, kind="indirect", spkatt_type="FreeIndirect",
            rule="hearsay-sollen" if tree is None else "parse-cue:hearsay-sollen", sentence=s_index,
            speaker_from=source, impersonal=source is None or source.impersonal,
            passes=["hearsay-sollen"] if tree is None else ["parse-cue", "hearsay-sollen"], confidence=0.4, tree=tree,
        ))


def _perfect_infinitive_last(words: list) -> bool:
    """The sentence ends in a perfect infinitive ("… verursacht haben.")."""
    last, before = words[-1], words[-2]
    return last.text.lower() in ("haben", "sein") and before.upos in ("VERB", "AUX") and before.text != before.lemma


def _tree_hearsay(sent: Sentence) -> Attribution | None:
    """Reportative "soll"/"sollen" in the parse: the auxiliary of a main-clause participle that has a
    perfect-infinitive auxiliary ("soll … verursacht haben, …", "sollen … festgenommen worden sein")."""
    for i, tok in enumerate(sent.tokens):
        if tok.text.lower() not in _HEARSAY or tok.deprel != "aux" or tok.head is None or tok.is_subjunctive:
            continue
        verb = sent.tokens[tok.head]
        if verb.feats.get("VerbForm") != "Part" or verb.deprel not in ("root", "conj"):
            continue
        perfect = [c for c in sent.children(tok.head) if sent.tokens[c].deprel == "aux"
                   and sent.tokens[c].lemma.lower() in ("haben", "sein") and sent.tokens[c].feats.get("VerbForm") == "Inf"]
        if perfect:
            return Attribution(CueMatch([i], "sollen", "hearsay"), None, [(0, len(sent.tokens))], "hearsay-sollen")
    return None


def pass_topic_speaker(ctx: Context) -> None:
    """A remaining full-sentence quotation: attributed later to the most recently named person."""
    for qi, q in _unused_quotes(ctx):
        s_index = ctx.analysis.sentence_at(q.marks[0][0])
        if s_index is None or not _speech_like(ctx, q):
            continue
        _add_direct(ctx, qi, q, s_index, "topic-speaker", None, 0.4)


def pass_scare_quote_filter(ctx: Context) -> None:
    """Short cue-less quotations are not speech: they stay unreported (nothing to do but record)."""
    ctx.used_quotes.update(qi for qi, _ in _unused_quotes(ctx))


PASSES: list[Callable[[Context], None]] = [
    pass_cue_clause,
    pass_cue_fragment,
    pass_with_words,
    pass_colon_intro,
    pass_continuation,
    pass_hearsay,
    pass_topic_speaker,
    pass_scare_quote_filter,
]
