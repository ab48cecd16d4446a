"""An :class:`~nato_quotes.analysis.Analyzer` backed by a stanza German pipeline.

Words keep exact character offsets into the original text; the words of a multi-word token
("zum" -> "zu" "dem") share the token's offsets.
"""

from __future__ import annotations

import bisect
import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .analysis import Analysis, Sentence, Token
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
    ) -> None:
        """``batch_size``: documents per stanza call in :meth:`analyze_many`. ``threads``: set torch's
        CPU threads for this process (``torch.set_num_threads``); use 1 when several analyzers or
        other busy processes share the CPUs, as oversubscribed torch threads slow down many times."""
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

        todo = [i for i, text in enumerate(texts) if text.strip()]
        docs = [stanza.Document([], text=texts[i]) for i in todo]
        done = dict(zip(todo, self.pipeline.bulk_process(docs) if docs else [], strict=True))
        return [
            analysis_from_stanza_doc(done[i], text) if i in done else _empty(text)
            for i, text in enumerate(texts)
        ]


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
