"""The ``parse-cue`` pass: dependency-parse attributions turned into the rule passes' format.

Precedence (documented in README "Analyzers"): on a parsed sentence, a cue verb the parse attributes
(cue + nsubj + ccomp/parataxis) is decided by the parse — speaker phrase and content clause; cues the
parse leaves unattributed fall through to the rule patterns of :mod:`content`. A parse-only
``Mood=Sub`` never makes reported speech on its own: Konjunktiv chains still need the lexicon.
"""

from __future__ import annotations

from .analysis import Sentence, Token
from .content import Attribution
from .cue import CueMatch, lexicon
from .parse_rules import parse_attributions


def is_cue_token(token: Token) -> bool:
    """A speech verb of the cue lexicon (by lemma)."""
    return lexicon().is_cue_lemma(token.lemma.lower())


def is_speech_act_token(token: Token) -> bool:
    """A verb that makes a speech act with an object alone: a strong speech verb or a reported-speech verb."""
    lex = lexicon()
    lemma = token.lemma.lower()
    return (lemma in lex.verbs and lemma not in lex.weak) or lemma in lex.reported


def parse_cue_attributions(sentence: Sentence, s_index: int = 0) -> list[Attribution]:
    """Attributions of one parsed sentence, as :class:`content.Attribution` records."""
    out = []
    for found in parse_attributions(sentence, is_cue_token, is_speech_act_token):
        cue_tokens = sorted(found.cue)
        form = found.pattern.removeprefix("parse:")
        lemma = _cue_lemma(sentence, cue_tokens)
        cue = CueMatch(cue_tokens, lemma, _FORMS.get(form, "verb"))
        speaker = (min(found.speaker), max(found.speaker) + 1) if found.speaker else None
        out.append(Attribution(cue, speaker, word_ranges(found.content), form, found.negated))
    return out


_FORMS = {"so-X": "so", "laut-X": "according", "X-zufolge": "according-post", "nach-Angaben": "according"}


def _cue_lemma(sentence: Sentence, cue_tokens: list[int]) -> str:
    words = [sentence.tokens[i] for i in cue_tokens]
    if len(words) == 2 and words[1].deprel == "compound:prt":
        return words[1].text.lower() + words[0].lemma.lower()
    return " ".join(w.lemma.lower() for w in words)


def word_ranges(indexes: list[int]) -> list[tuple[int, int]]:
    """Contiguous half-open ranges covering ``indexes``."""
    out: list[tuple[int, int]] = []
    for i in sorted(set(indexes)):
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out
