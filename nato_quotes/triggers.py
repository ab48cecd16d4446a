"""Trigger scan: which sentences can hold speech, decided before any word analysis.

Most sentences of a news article hold no speech. The scan looks at each sentence's
whitespace-separated chunks ("sagte,", "„Wir") once and sets flags that the passes test
before they touch the sentence's words (:attr:`Sentence.tokens` is built lazily):

``TRIGGER_CUE``      a cue of :func:`cue.find_cues` is possible: a cue verb form, a separable verb
                     stem with one of its particles, a light verb with its word, a speech noun,
                     "laut"/"zufolge"/"demnach", "nach" with an information noun, "…, so X",
                     the first word of an "according to" or "hieß es" phrase with its other words
``TRIGGER_KONJ1``    a Konjunktiv I form (sei, habe, könne); ``TRIGGER_KONJ2``: Konjunktiv II
``TRIGGER_HEARSAY``  reportative "soll"/"sollen"
``TRIGGER_ROLE``     a role noun ("Präsident", "NATO-Chef"), an antecedent for speaker resolution

Everything is built from the data files (cue lexicon, word classes, person nouns) and the same
word analysis the rule analyzer uses, so a flag is never missing where the pass would have found
something: the scan only decides what can be skipped, never what is found. Each distinct chunk is
classified once per process (a memo), so a document costs one split and a few set operations per
sentence. Quotation marks are found by the mark scanner, not here.
"""

from __future__ import annotations

import regex

from . import segment
from .analysis import (
    TRIGGER_CUE,
    TRIGGER_HEARSAY,
    TRIGGER_KONJ1,
    TRIGGER_KONJ2,
    TRIGGER_ROLE,
    Token,
)
from .cue import (
    GENITIVE_STARTS,
    LIGHT_VERB_CUES,
    REFERRING,
    SOURCE_PREPOSITIONS,
    CueLexicon,
    is_info_noun,
    lexicon,
    participle_lemma,
)
from .konjunktiv import mood
from .lexicon import data_cache
from .rules_analyzer import word_info
from .source import person_noun_type

_SO = 1 << 6  # a "so" word: a cue only after a comma or a quotation mark (checked on the sentence text)
_NOUN_LAST = 1 << 7  # a speech noun ends the chunk: a cue only if a comma follows (", dass …")
_CATEGORY_BITS = 8
_SO_CUE = regex.compile(r"""[,“"«»]\s*+(?i:so)(?![\p{L}\p{M}\d-])""")
_SPACED_COMMA = regex.compile(r"\s,")
# "die Forderung des Ministers, …": a speech noun's genitive owner before the comma (cue.genitive_owner_end)
_GENITIVE_COMMA = regex.compile(r"\s(?i:" + "|".join(sorted(GENITIVE_STARTS)) + r")\s[^,]{1,200},")
# "… soll … verursacht haben.": the last word is "haben"/"sein", then only punctuation, a final mark last
_HEARSAY_END = regex.compile(r"(?i:haben|sein)[^\p{L}\p{N}]*[.!?…]\Z")
MEMO_LIMIT = 200_000  # distinct chunks remembered before the memo starts afresh (bounded memory)
SENTENCE_LIMIT = 20_000  # the same for sentence texts
Needs = tuple[int, ...]  # requirement masks: a cue is possible when all bits of one mask are present


class TriggerScan:
    """Sentence flags from the cue lexicon and word analysis (build once: :func:`trigger_scan`).

    A chunk's memo entry is (flags, needs): category bits, "has" bits (words that complete a cue:
    particles, light-verb words, the other words of a phrase, an information noun) and the masks of
    "has" bits its cue words need (all bits of one mask: "hieß" needs "es"; "nach" needs "Angaben" or
    another information noun; "kündigte" needs "an").
    """

    def __init__(self, lex: CueLexicon) -> None:
        self.lex = lex
        self._light: dict[str, list[str]] = {}
        for verb, word in LIGHT_VERB_CUES:
            self._light.setdefault(verb, []).append(word)
        self._required = self._requirement_words()
        self._info_bit = 1 << (_CATEGORY_BITS + len(self._required))
        self._memo: dict[str, tuple[int, Needs]] = {}  # chunk -> (flags, needs), chunks with any flag
        self._positive: set[str] = set()  # the keys of _memo, as a set for fast intersections
        self._seen: set[str] = set()  # every chunk classified so far
        self._sentences: dict[str, int] = {}  # sentence text -> flags

    def _requirement_words(self) -> dict[str, int]:
        """Words a cue needs beside its first word (particles, light-verb words, phrase words) -> bit."""
        words: set[str] = {p for options in self.lex.stems.values() for p, _ in options}
        words |= {w for ws in self._light.values() for w in ws}
        words |= {w for phrase in self.lex.according + self.lex.impersonal for w in phrase[1:]}
        return {w: 1 << (_CATEGORY_BITS + i) for i, w in enumerate(sorted(words))}

    def sentence(self, text: str, start: int, end: int) -> int:
        """The trigger flags of the sentence ``text[start:end]`` (memoised per sentence text)."""
        piece = text[start:end]
        flags = self._sentences.get(piece)
        if flags is None:
            if len(self._sentences) > SENTENCE_LIMIT:
                self._sentences = {}
            flags = self._sentences[piece] = self._flags(piece)
        return flags

    def _flags(self, piece: str) -> int:
        chunks = set(piece.split())
        if not chunks <= self._seen:
            self._learn(chunks)
        flags, needs = 0, ()
        for chunk in chunks & self._positive:  # set operations in C; few chunks are positive
            chunk_flags, chunk_needs = self._memo[chunk]
            flags |= chunk_flags
            if chunk_needs:
                needs += chunk_needs
        if not flags:
            return 0
        out = flags & (TRIGGER_CUE | TRIGGER_KONJ1 | TRIGGER_KONJ2 | TRIGGER_ROLE)
        if (any(flags & mask == mask for mask in needs) or (flags & _SO and _SO_CUE.search(piece))
                or (flags & _NOUN_LAST and (_SPACED_COMMA.search(piece) or _GENITIVE_COMMA.search(piece)))):
            out |= TRIGGER_CUE
        if flags & TRIGGER_HEARSAY and _HEARSAY_END.search(piece):
            out |= TRIGGER_HEARSAY
        return out

    def _learn(self, chunks: set[str]) -> None:
        """Classify the chunks not seen before (the memo starts afresh past :data:`MEMO_LIMIT`)."""
        if len(self._seen) > MEMO_LIMIT:
            self._seen, self._positive, self._memo = set(), set(), {}
        for chunk in chunks - self._seen:
            found = self._chunk_flags(chunk)
            if found[0] or found[1]:
                self._memo[chunk] = found
                self._positive.add(chunk)
        self._seen |= chunks

    def _chunk_flags(self, chunk: str) -> tuple[int, Needs]:
        """(flags, needs) of one whitespace-free chunk: the union over the words the analyzer makes
        of it (as in the sentence: a word never spans a space)."""
        words = [chunk[s:e] for s, e in segment.words(chunk, 0, len(chunk))]
        flags, needs = 0, ()
        for i, word in enumerate(words):
            word_flags, word_needs = self.word_flags(word)
            if word_flags & _NOUN_LAST:  # a speech noun: a cue only before a comma
                word_flags &= ~_NOUN_LAST
                if i + 1 == len(words):
                    word_flags |= _NOUN_LAST
                elif words[i + 1] == ",":
                    word_flags |= TRIGGER_CUE
            flags |= word_flags
            needs += word_needs
        return flags, needs

    def word_flags(self, word: str) -> tuple[int, Needs]:
        """(flags, needs) of one word as the rule analyzer would analyse it (see the class)."""
        lex = self.lex
        lemma, upos, _ = word_info(word)
        tok = Token(word, 0, len(word), lemma, upos)
        low = word.lower()
        flags = self._required.get(low, 0)
        if word[:1].isupper() and is_info_noun(tok, lex):
            flags |= self._info_bit
        needs: list[int] = []
        if word[:1].islower():
            verb = participle_lemma(tok, lex)
            if verb in lex.verbs or verb in lex.weak:
                flags |= TRIGGER_CUE
            needs += [self._required[particle] for particle, _ in lex.stems.get(verb, ())]
            needs += [self._required[light] for light in self._light.get(verb, ())]
        if word[:1].isupper() and (lemma or word).casefold() in lex.nouns:
            flags |= _NOUN_LAST  # resolved by the chunk: followed by a comma?
        if low == "zufolge" or low in SOURCE_PREPOSITIONS or (low in REFERRING and (low,) in lex.according):
            flags |= TRIGGER_CUE
        if low == "so":
            flags |= _SO
        if low == "nach":
            needs.append(self._info_bit)
        for phrase in lex.phrases_from(lex.according, low) + lex.phrases_from(lex.impersonal, low):
            if len(phrase) == 1:
                flags |= TRIGGER_CUE
            else:
                needs.append(sum({self._required[other] for other in phrase[1:]}))
        flags |= _mood_flag(word) | (TRIGGER_HEARSAY if low in ("soll", "sollen") else 0)
        if word[:1].isupper() and person_noun_type(word) == "role":
            flags |= TRIGGER_ROLE
        return flags, tuple(needs)


def _mood_flag(word: str) -> int:
    m = mood(word)
    return TRIGGER_KONJ1 if m == "sub1" else TRIGGER_KONJ2 if m == "sub2" else 0


@data_cache(maxsize=1)
def trigger_scan() -> TriggerScan:
    """The trigger scan for the current data files."""
    return TriggerScan(lexicon())
