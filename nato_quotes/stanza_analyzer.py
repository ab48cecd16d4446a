"""An :class:`~nato_quotes.analysis.Analyzer` backed by a stanza German pipeline.

Words keep exact character offsets into the original text; the words of a multi-word token
("zum" -> "zu" "dem") share the token's offsets.

``StanzaAnalyzer(triggered_only=True)`` parses only what can hold speech: the sentences the
trigger scan (:mod:`nato_quotes.triggers`) flags or a quotation touches, each with the sentence
before it (chains, "Das bestätigte …", antecedents); the other sentences keep the rule analysis,
which the passes then skip. A parser costs far more per word than the rules, so this is many times
faster on news. It is not identical to parsing everything: a cue that only stanza's own lemma
reveals, in a sentence the lexicon-based scan leaves out, is not seen.
"""

from __future__ import annotations

import bisect
import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .analysis import Analysis, Sentence, Token
from .marks import scan as scan_quotes
from .models import (
    DOWNLOAD_COMMAND,
    OPTIONAL_PROCESSORS,
    REQUIRED_PROCESSORS,
    ModelNotFoundError,
    installed_processors,
    missing_models_message,
    resolve_model_dir,
)
from .segment import paragraphs

if TYPE_CHECKING:
    import stanza

__all__ = ["StanzaAnalyzer", "analysis_from_stanza_doc", "parse_feats"]

_SEARCH_WINDOW = 200  # characters searched around the expected position when offsets disagree


class StanzaAnalyzer:
    """Tokenize, tag, lemmatize, parse (and, when installed, NER-tag) German text with stanza."""

    name = "stanza"

    def __init__(
        self,
        pipeline: stanza.Pipeline | None = None,
        *,
        model_dir: str | Path | None = None,
        use_gpu: bool | None = None,
        batch_size: int = 32,
        threads: int | None = None,
        triggered_only: bool = False,
    ) -> None:
        """``batch_size``: documents per stanza call in :meth:`analyze_many`. ``threads``: set torch's
        CPU threads for this process (``torch.set_num_threads``); use 1 when several analyzers or
        other busy processes share the CPUs, as oversubscribed torch threads slow down many times.
        ``triggered_only``: parse only the sentences that can hold speech, plus context (see above)."""
        self.triggered_only = triggered_only
        self.threads = max(1, threads) if threads is not None else None
        if self.threads is not None:
            import torch

            torch.set_num_threads(self.threads)
        self.model_dir = resolve_model_dir(model_dir) if pipeline is None else None
        self.batch_size = max(1, batch_size)
        self.pipeline = pipeline if pipeline is not None else _build_pipeline(self.model_dir, use_gpu)

    def analyze(self, text: str) -> Analysis:
        """Analyse one document."""
        return next(self.analyze_many([text]))

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]:
        """Analyse documents lazily, running stanza in batches of ``batch_size`` documents."""
        iterator = iter(texts)
        while chunk := list(islice(iterator, self.batch_size)):
            yield from self._analyze_chunk(chunk)

    def _analyze_chunk(self, texts: list[str]) -> list[Analysis]:
        import stanza

        if self.triggered_only:
            return self._analyze_triggered(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        docs = [stanza.Document([], text=texts[i]) for i in todo]
        done = dict(zip(todo, self.pipeline.bulk_process(docs) if docs else [], strict=True))
        return [
            analysis_from_stanza_doc(done[i], text) if i in done else _empty(text)
            for i, text in enumerate(texts)
        ]


    def _analyze_triggered(self, texts: list[str]) -> list[Analysis]:
        """Rule analysis with trigger flags; the runs of sentences that can hold speech parsed by stanza."""
        import stanza

        from .rules_analyzer import RuleAnalyzer

        bases = [RuleAnalyzer().analyze(text) for text in texts]
        runs = [parse_runs(base) for base in bases]
        jobs = [(i, base.sentences[a].start, base.sentences[b].end) for i, base in enumerate(bases) for a, b in runs[i]]
        docs = self.pipeline.bulk_process([stanza.Document([], text=texts[i][a:b]) for i, a, b in jobs]) if jobs else []
        parsed: list[list[Sentence]] = [[] for _ in texts]
        for (i, start, end), doc in zip(jobs, docs, strict=True):
            parsed[i] += _shifted(analysis_from_stanza_doc(doc, texts[i][start:end]).sentences, start)
        return [_with_parsed(base, runs[i], parsed[i], self.name) for i, base in enumerate(bases)]


def parse_runs(analysis: Analysis) -> list[tuple[int, int]]:
    """Runs of sentences to parse, as (first, last) sentence indexes: flagged by the trigger scan or
    touched by a quotation, each with the sentence before it."""
    sentences = analysis.sentences
    quoted = [(q.marks[0][0], q.end) for q in scan_quotes(analysis.text) if q.depth == 0]
    wanted: set[int] = set()
    for i, sent in enumerate(sentences):
        if sent.triggers or _touches(quoted, sent.start, sent.end):
            wanted.update((i - 1, i) if i else (i,))
    runs: list[tuple[int, int]] = []
    for i in sorted(wanted):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _touches(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does a (sorted, disjoint) range overlap ``[start, end)``?"""
    at = bisect.bisect_left(ranges, (end, end)) - 1
    return at >= 0 and ranges[at][1] > start


def _shifted(sentences: list[Sentence], offset: int) -> list[Sentence]:
    """Sentences of a stretch starting at ``offset``, moved to document offsets."""
    for sent in sentences:
        sent.start += offset
        sent.end += offset
        for tok in sent.tokens:
            tok.start += offset
            tok.end += offset
    return sentences


def _with_parsed(base: Analysis, runs: list[tuple[int, int]], parsed: list[Sentence], name: str) -> Analysis:
    """The rule sentences outside the parsed runs plus the parsed sentences, in text order."""
    inside = {i for a, b in runs for i in range(a, b + 1)}
    kept = [s for i, s in enumerate(base.sentences) if i not in inside]
    para_starts = [start for start, _ in base.paragraphs]
    for sent in parsed:
        sent.paragraph = max(0, bisect.bisect_right(para_starts, sent.start) - 1)
    sentences = sorted(kept + parsed, key=lambda s: s.start)
    return Analysis(text=base.text, sentences=sentences, analyzer=name, paragraphs=base.paragraphs)


def _build_pipeline(model_dir: Path, use_gpu: bool | None) -> stanza.Pipeline:
    """A stanza German pipeline with every installed processor we use; clear error if none."""
    found = installed_processors(model_dir)
    if not all(p in found for p in REQUIRED_PROCESSORS):
        raise ModelNotFoundError(missing_models_message(model_dir))
    processors = [p for p in REQUIRED_PROCESSORS + OPTIONAL_PROCESSORS if p in found]
    import stanza

    try:
        return stanza.Pipeline(
            "de",
            processors=",".join(processors),
            dir=str(model_dir),
            download_method=None,
            use_gpu=use_gpu,
            logging_level="WARN",
        )
    except (OSError, ValueError, KeyError) as exc:  # incomplete folder: missing charlm, pretrain...
        raise ModelNotFoundError(f"{missing_models_message(model_dir)} [{type(exc).__name__}]") from exc
    except (RuntimeError, EOFError, pickle.UnpicklingError) as exc:  # corrupt or incompatible files
        reason = " ".join(str(exc).split())[:160]
        raise ModelNotFoundError(
            f"stanza German models in {model_dir} could not be loaded ({type(exc).__name__}: {reason}); "
            f"run `{DOWNLOAD_COMMAND}` to reinstall them"
        ) from exc


def _empty(text: str) -> Analysis:
    return Analysis(text=text, sentences=[], analyzer=StanzaAnalyzer.name, paragraphs=paragraphs(text))


def parse_feats(feats: str | None) -> dict[str, str]:
    """``"Case=Nom|Number=Sing"`` -> ``{"Case": "Nom", "Number": "Sing"}``."""
    if not feats or feats == "_":
        return {}
    out = {}
    for item in feats.split("|"):
        key, sep, value = item.partition("=")
        if sep:
            out[key] = value
    return out


def analysis_from_stanza_doc(doc: Any, text: str, analyzer: str = StanzaAnalyzer.name) -> Analysis:
    """Convert a stanza ``Document`` of ``text`` (from a pipeline or a CoNLL-U file) to an Analysis.

    Token offsets come from stanza when they match ``text``; otherwise (or when absent, as in
    CoNLL-U input) the token text is searched near the expected position.
    """
    paras = paragraphs(text)
    para_starts = [start for start, _ in paras]
    cursor = 0
    sentences: list[Sentence] = []
    for sent in doc.sentences:
        tokens: list[Token] = []
        for token in sent.tokens:
            start, end = _locate(text, token.text, token.start_char, token.end_char, cursor)
            cursor = max(cursor, end)
            ner = token.ner if isinstance(token.ner, str) and token.ner != "O" else ""
            tokens.extend(_word(word, start, end, ner) for word in token.words)
        if not tokens:
            continue
        start = tokens[0].start
        paragraph = max(0, bisect.bisect_right(para_starts, start) - 1)
        sentences.append(Sentence(start, tokens[-1].end, tokens, paragraph=paragraph, parsed=_parsed(sent)))
    return Analysis(text=text, sentences=sentences, analyzer=analyzer, paragraphs=paras)


def _parsed(sent: Any) -> bool:
    return any(word.deprel for word in sent.words)


def _word(word: Any, start: int, end: int, ner: str) -> Token:
    head = word.head
    return Token(
        text=word.text,
        start=start,
        end=end,
        lemma=word.lemma or "",
        upos=word.upos or "",
        feats=parse_feats(word.feats),
        head=head - 1 if isinstance(head, int) and head > 0 else None,
        deprel=word.deprel or "",
        ner=ner,
    )


def _locate(text: str, token: str, start: int | None, end: int | None, cursor: int) -> tuple[int, int]:
    """Offsets of ``token`` in ``text``: stanza's own if they match, else the nearest match."""
    if start is not None and end is not None and text[start:end] == token:
        return start, end
    expected = start if start is not None else cursor
    found = _search(text, token, expected, cursor)
    if found is not None:
        return found, found + len(token)
    if start is not None and end is not None and 0 <= start < end <= len(text):
        return start, end  # stanza normalised the token text; trust its offsets
    begin = min(cursor, len(text) - 1)  # never an empty word: spans are built from words
    return begin, max(begin + 1, min(begin + len(token), len(text)))


def _search(text: str, token: str, expected: int, cursor: int) -> int | None:
    """Position of ``token`` at or after ``cursor`` closest to ``expected`` (whitespace-insensitive)."""
    if not token:
        return None
    lo = max(0, min(cursor, expected) - _SEARCH_WINDOW)
    hi = min(len(text), max(cursor, expected) + len(token) + _SEARCH_WINDOW)
    hits = []
    pos = text.find(token, lo, hi)
    while pos != -1:
        hits.append(pos)
        pos = text.find(token, pos + 1, hi)
    if not hits:
        return None
    after = [h for h in hits if h >= cursor]
    return min(after or hits, key=lambda h: abs(h - expected))
