"""The built-in rule analyzer: segmentation, lemmas and a coarse part of speech, no models needed.

Part of speech comes from closed word classes (data/function_words.json), capitalisation and the
lemma; ``Mood=Sub`` from the Konjunktiv lexicon. No dependency parse (``Sentence.parsed`` is False).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from . import segment
from .analysis import Analysis, Sentence, Token
from .konjunktiv import mood
from .lexicon import TextMemo, data_cache, lemma, load_json, word_cache


class RuleAnalyzer:
    """Fast analyzer from rules and lexicons only.

    With ``scan`` (the default) each sentence gets its trigger flags (:mod:`nato_quotes.triggers`)
    and its words are analysed only when a pass needs them; ``scan=False`` analyses every word up
    front and leaves the flags unknown (same results, slower: a reference for tests).
    """

    name = "rules"

    def __init__(self, *, scan: bool = True) -> None:
        self.scan = scan

    def analyze(self, text: str) -> Analysis:
        paras = segment.paragraphs(text)
        spans = [(p_index, p_start + start, p_start + end) for p_index, (p_start, p_end) in enumerate(paras)
                 for start, end in paragraph_sentences(text[p_start:p_end])]
        if self.scan:
            from .triggers import trigger_scan

            flags = trigger_scan().sentence
            sentences = [Sentence(start, end, paragraph=p, build=partial(analyse_words, text, start, end),
                                  triggers=flags(text, start, end)) for p, start, end in spans]
        else:
            sentences = [Sentence(start, end, analyse_words(text, start, end), p) for p, start, end in spans]
        return Analysis(text=text, sentences=sentences, analyzer=self.name, paragraphs=paras)

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]:
        for text in texts:
            yield self.analyze(text)


_ADJ_ENDINGS = ("e", "en", "er", "es", "em")
Feats = tuple[tuple[str, str], ...]


@word_cache(limit=20_000)
def paragraph_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of a paragraph, relative to it (memoised per paragraph text: agency copies, repeated
    boilerplate). The same as :func:`segment.sentences` in the document, which looks no further than the
    paragraph and the white space around it."""
    return tuple(segment.sentences(paragraph, 0, len(paragraph)))


_SENTENCE_WORDS = TextMemo(limit=5_000)  # sentence text -> its words (text, offsets in the sentence, analysis)


def analyse_words(text: str, start: int, end: int) -> list[Token]:
    """The analysed words of the sentence ``text[start:end]`` (look-ups memoised per word form, the words
    of a sentence per sentence text: a sentence met again gets new tokens at its own offsets)."""
    sentence = text[start:end]
    known = _SENTENCE_WORDS.get(sentence)
    if known is not None:
        return [Token(word, start + s, start + e, word_lemma, upos, dict(feats) if feats else {})
                for word, s, e, word_lemma, upos, feats in known]
    tokens = _analyse(text, start, end)
    _SENTENCE_WORDS[sentence] = tuple((t.text, t.start - start, t.end - start, t.lemma, t.upos,
                                       tuple(t.feats.items())) for t in tokens)
    return tokens


def _analyse(text: str, start: int, end: int) -> list[Token]:
    tokens = []
    for s, e in segment.words(text, start, end):
        word = text[s:e]
        word_lemma, upos, feats = word_info(word)
        tokens.append(Token(word, s, e, word_lemma, upos, dict(feats) if feats else {}))
    return _attributive(tokens)


def _attributive(tokens: list[Token]) -> list[Token]:
    """Between an article or preposition and a noun a word is an adjective ("nach eigenen Angaben",
    "der malaysischen Nachrichtenagentur"), even where its form looks like a verb."""
    for i in range(1, len(tokens) - 1):
        tok = tokens[i]
        if (tok.upos == "VERB" and tok.text[:1].islower() and tok.text.endswith(_ADJ_ENDINGS)
                and (tokens[i - 1].upos == "ADP" or tokens[i - 1].upos == "DET" and i > 1)
                and tokens[i + 1].upos in ("NOUN", "PROPN")):  # not "Das bestätigte Stoltenberg."
            tok.upos, tok.feats = "ADJ", {}
    return tokens


@data_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """Closed word classes from data/function_words.json, lower-cased."""
    data = load_json("function_words.json")
    return {key: frozenset(w.lower() for w in words) for key, words in data.items() if not key.startswith("_")}


@word_cache(limit=200_000)
def word_info(word: str) -> tuple[str, str, Feats]:
    """Lemma, part of speech and features of a word form, out of context (memoised per form)."""
    upos = guess_upos(word)
    word_lemma = word if upos in ("PUNCT", "NUM") else lemma(word)
    if upos not in ("VERB", "AUX"):
        return word_lemma, upos, ()
    m = mood(word)
    konj = (("Konj", "I"),) if m == "sub1" else (("Konj", "II"),) if m == "sub2" else ()
    return word_lemma, upos, (("Mood", "Sub" if m in ("sub1", "sub2") else "Ind"),) + konj


@word_cache(limit=200_000)
def guess_upos(word: str) -> str:
    """A coarse universal part of speech from word classes, case and lemma."""
    if not any(c.isalnum() for c in word):
        return "PUNCT"
    if word[0].isdigit():
        return "NUM"
    low = word.lower()
    classes = word_classes()
    for tag in ("DET", "ADP", "CCONJ", "SCONJ", "PRON", "ADV"):
        if low in classes[tag] and (word[0].islower() or tag != "PRON" or low in ("er", "sie", "es", "man", "wir", "ich")):
            return tag
    if word[0].isupper():
        word_lemma = lemma(word)
        if word_lemma[:1].islower():  # sentence-initial "Insgesamt", "Besonders", "Ähnlich"
            lower = guess_upos(low)
            return "ADV" if lower in ("X", "ADJ") else lower
        return "NOUN" if word_lemma != word or low in classes["TIME_NOUNS"] else "PROPN"
    if low in ("sein", "haben", "werden") or lemma(low) in ("sein", "haben", "werden"):
        return "AUX"
    lem = lemma(low)
    if lem.endswith("n") and (lem != low or mood(low) != "ind" or low.endswith("en")):
        return "VERB"
    if mood(low) != "ind":
        return "VERB"
    return "ADJ" if lem != low or low.endswith(("e", "en", "er", "es", "em")) else "X"
