"""Bring your own parse: CoNLL-U documents turned into an :class:`~nato_quotes.analysis.Analysis`.

Any parser's output in CoNLL-U (UD treebanks, stanza, spaCy, UDPipe, Trankit) runs through the parse
path without stanza. The document text is rebuilt from the sentences: ``# text`` when given (else the
word forms joined by their ``SpaceAfter=No`` / ``SpacesAfter`` spacing), sentences joined by a space,
paragraphs (``# newpar``) by a blank line; every word's offsets index that text exactly. Words of a
multi-word token ("zum" = "zu" + "dem") share the token's offsets. Documents start at ``# newdoc``
(``# newdoc id = X`` names them). Malformed input raises :class:`ConlluError` naming the line.

>>> doc = read_conllu("# text = Er sagte es.\\n1\\tEr\\ter\\tPRON\\t_\\t_\\t2\\tnsubj\\t_\\t_\\n"
...                   "2\\tsagte\\tsagen\\tVERB\\t_\\t_\\t0\\troot\\t_\\t_\\n3\\tes\\tes\\tPRON\\t_\\t_\\t2\\tobj\\t_\\tSpaceAfter=No\\n"
...                   "4\\t.\\t.\\tPUNCT\\t_\\t_\\t2\\tpunct\\t_\\t_\\n")[0]
>>> doc.analysis.text, [t.text for t in doc.analysis.sentences[0].tokens]
('Er sagte es.', ['Er', 'sagte', 'es', '.'])
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis import Analysis, Sentence, Token
from .errors import InputError
from .inputs import read_text_file
from .segment import paragraphs

__all__ = ["ConlluAnalyzer", "ConlluDocument", "ConlluError", "conllu_records", "read_conllu"]

_COLUMNS = 10
_ID = re.compile(r"^(\d+)(?:-(\d+))?$")
_EMPTY_NODE = re.compile(r"^\d+\.\d+$")
_NEWDOC = re.compile(r"^#\s*newdoc\b(?:\s+id\s*=\s*(.*))?")
_NEWPAR = re.compile(r"^#\s*newpar\b")
_COMMENT_VALUE = re.compile(r"^#\s*([\w.-]+)\s*=\s?(.*)$")


class ConlluError(InputError):
    """Malformed CoNLL-U: the message names the file, the line and what is wrong."""


@dataclass(slots=True)
class _Word:
    form: str
    lemma: str
    upos: str
    feats: str
    head: int | None
    deprel: str
    misc: dict[str, str]
    line: int


@dataclass(slots=True)
class _Surface:
    """A surface token: one word, or a multi-word token with its words."""

    form: str
    words: list[_Word]
    space_after: str
    line: int


@dataclass(slots=True)
class _RawSentence:
    line: int
    comments: dict[str, str] = field(default_factory=dict)
    surfaces: list[_Surface] = field(default_factory=list)
    new_paragraph: bool = False
    pending_mwt: tuple[int, int, str, dict[str, str], int] | None = None  # (first, last, form, misc, line)
    words: int = 0


@dataclass(slots=True)
class ConlluDocument:
    """One document of a CoNLL-U file: its id, the line it starts on, its analysis."""

    id: str
    line: int
    analysis: Analysis
    sent_ids: list[str] = field(default_factory=list)


def read_conllu(text: str, source: str = "<conllu>", *, name: str = "conllu") -> list[ConlluDocument]:
    """Every document of a CoNLL-U string (a new one at each ``# newdoc``); ConlluError if malformed."""
    return [_document(doc_id, line, sents, source, name) for doc_id, line, sents in _documents(text, source)]


class ConlluAnalyzer:
    """An analyzer whose input *is* CoNLL-U: ``Pipeline(analyzer="conllu").process(conllu_text)``.

    The whole string is one document (its ``# newdoc`` ids are ignored); use :func:`conllu_records`
    to split files into documents.
    """

    name = "conllu"

    def analyze(self, text: str) -> Analysis:
        docs = read_conllu(text)
        if len(docs) == 1:
            return docs[0].analysis
        return merge_documents([d.analysis for d in docs], self.name)

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]:
        for text in texts:
            yield self.analyze(text)


def conllu_records(paths: Iterable[str | Path]) -> Iterator[dict[str, Any]]:
    """Records ``{"id", "text", "analysis"}`` for every document of CoNLL-U files; a file that cannot
    be read or is malformed becomes one record with ``error`` set (the other files still come out)."""
    for raw in paths:
        path = Path(raw)
        try:
            docs = read_conllu(read_text_file(path), str(path))
        except InputError as exc:
            yield {"id": str(path), "text": "", "error": str(exc)}
            continue
        for number, doc in enumerate(docs):
            doc_id = doc.id or (str(path) if len(docs) == 1 else f"{path}#{number + 1}")
            yield {"id": doc_id, "text": doc.analysis.text, "analysis": doc.analysis}


def single_sentences(doc: ConlluDocument) -> dict[str, Analysis]:
    """Each sentence of ``doc`` that has a ``sent_id`` as a one-sentence analysis of its own text."""
    out = {}
    for sent_id, sent in zip(doc.sent_ids, doc.analysis.sentences, strict=True):
        if sent_id:
            tokens = [_shifted(tok, -sent.start) for tok in sent.tokens]
            text = doc.analysis.text[sent.start:sent.end]
            out[sent_id] = _analysis(text, [Sentence(0, len(text), tokens, parsed=sent.parsed)], doc.analysis.analyzer)
    return out


def merge_documents(analyses: list[Analysis], name: str) -> Analysis:
    """Several analyses as one document (texts joined by a blank line, offsets shifted)."""
    text, sentences = "", []
    for analysis in analyses:
        shift = len(text) + (2 if text else 0)
        text = f"{text}\n\n{analysis.text}" if text else analysis.text
        for sent in analysis.sentences:
            tokens = [_shifted(tok, shift) for tok in sent.tokens]
            sentences.append(Sentence(sent.start + shift, sent.end + shift, tokens, parsed=sent.parsed))
    return _analysis(text, sentences, name)


# ---------------------------------------------------------------------------------------- reading


def _documents(text: str, source: str) -> Iterator[tuple[str, int, list[_RawSentence]]]:
    """(doc id, first line, sentences) per document."""
    doc_id, doc_line, sents = "", 1, []
    current: _RawSentence | None = None
    new_paragraph = False
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            if current is not None:
                sents.append(_close(current, source))
                current = None
            continue
        if line.startswith("#"):
            newdoc = _NEWDOC.match(line)
            if newdoc and (current is None or not current.surfaces):
                if sents:
                    yield doc_id, doc_line, sents
                doc_id, doc_line, sents = (newdoc.group(1) or "").strip(), number, []
                continue
            if current is None:
                current = _RawSentence(number, new_paragraph=new_paragraph or bool(_NEWPAR.match(line)))
                new_paragraph = False
            elif _NEWPAR.match(line):
                current.new_paragraph = True
            found = _COMMENT_VALUE.match(line)
            if found:
                current.comments[found.group(1)] = found.group(2)
            continue
        if current is None:
            current = _RawSentence(number, new_paragraph=new_paragraph)
            new_paragraph = False
        _add_line(current, line, number, source)
    if current is not None:
        sents.append(_close(current, source))
    if sents:
        yield doc_id, doc_line, sents


def _fail(source: str, line: int, what: str) -> ConlluError:
    return ConlluError(f"{source}:{line}: {what}")


def _add_line(sent: _RawSentence, line: str, number: int, source: str) -> None:
    cols = line.split("\t")
    if len(cols) != _COLUMNS:
        raise _fail(source, number, f"expected {_COLUMNS} tab-separated columns, found {len(cols)}")
    if _EMPTY_NODE.match(cols[0]):
        return  # empty nodes belong to enhanced dependencies only
    found = _ID.match(cols[0])
    if not found:
        raise _fail(source, number, f"bad word id {cols[0]!r} (expected 1, 2, … or a range like 3-4)")
    first = int(found.group(1))
    if found.group(2) is not None:
        _open_mwt(sent, first, int(found.group(2)), cols, number, source)
        return
    if first != sent.words + 1:
        raise _fail(source, number, f"word id {first} out of order (expected {sent.words + 1})")
    sent.words = first
    word = _Word(cols[1], _blank(cols[2]), _blank(cols[3]), cols[5], _head(cols[6], number, source),
                 _blank(cols[7]), _misc(cols[9]), number)
    if not word.form:
        raise _fail(source, number, "empty word form")
    mwt = sent.pending_mwt
    if mwt is not None and mwt[0] <= first <= mwt[1]:
        if first == mwt[0]:
            sent.surfaces.append(_Surface(mwt[2], [], _space_after(mwt[3]), mwt[4]))
        sent.surfaces[-1].words.append(word)
        if first == mwt[1]:
            sent.pending_mwt = None
        return
    sent.surfaces.append(_Surface(word.form, [word], _space_after(word.misc), number))


def _open_mwt(sent: _RawSentence, first: int, last: int, cols: list[str], number: int, source: str) -> None:
    if last <= first or first != sent.words + 1 or sent.pending_mwt is not None:
        raise _fail(source, number, f"bad multi-word token range {cols[0]!r} (expected {sent.words + 1}-N, N > {sent.words + 1})")
    if not cols[1]:
        raise _fail(source, number, "empty multi-word token form")
    sent.pending_mwt = (first, last, cols[1], _misc(cols[9]), number)


def _close(sent: _RawSentence, source: str) -> _RawSentence:
    if sent.pending_mwt is not None:
        raise _fail(source, sent.pending_mwt[4], f"multi-word token {sent.pending_mwt[0]}-{sent.pending_mwt[1]} lacks its words")
    if not sent.surfaces:
        raise _fail(source, sent.line, "sentence without words")
    for surface in sent.surfaces:
        for word in surface.words:
            if word.head is not None and word.head > sent.words:
                raise _fail(source, word.line, f"head {word.head} is beyond the sentence's {sent.words} words")
    return sent


def _blank(value: str) -> str:
    return "" if value == "_" else value


def _head(value: str, number: int, source: str) -> int | None:
    if value == "_":
        return None
    if not value.isdigit():
        raise _fail(source, number, f"bad head {value!r} (expected a word id or 0)")
    return int(value)


def _misc(value: str) -> dict[str, str]:
    if not value or value == "_":
        return {}
    out = {}
    for item in value.split("|"):
        key, _, val = item.partition("=")
        out[key] = val
    return out


def _space_after(misc: dict[str, str]) -> str:
    if "SpacesAfter" in misc:
        return misc["SpacesAfter"].replace("\\s", " ").replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r")
    return "" if misc.get("SpaceAfter") == "No" else " "


# ---------------------------------------------------------------------------------------- building


def _document(doc_id: str, line: int, raw: list[_RawSentence], source: str, name: str) -> ConlluDocument:
    text_parts: list[str] = []
    sentences: list[Sentence] = []
    length = 0
    for number, sent in enumerate(raw):
        if number:
            gap = "\n\n" if sent.new_paragraph else " "
            text_parts.append(gap)
            length += len(gap)
        sent_text = _sentence_text(sent)
        sentences.append(_sentence(sent, sent_text, length, source))
        text_parts.append(sent_text)
        length += len(sent_text)
    analysis = _analysis("".join(text_parts), sentences, name)
    return ConlluDocument(doc_id, line, analysis, [s.comments.get("sent_id", "") for s in raw])


def _sentence_text(sent: _RawSentence) -> str:
    if "text" in sent.comments:
        return sent.comments["text"].strip()
    out = "".join(s.form + s.space_after for s in sent.surfaces[:-1]) + sent.surfaces[-1].form
    return out.strip()


def _sentence(sent: _RawSentence, text: str, offset: int, source: str) -> Sentence:
    """Words with offsets: each surface form is found in the sentence text, in order."""
    tokens: list[Token] = []
    cursor = 0
    for surface in sent.surfaces:
        start = _find(text, surface.form, cursor)
        if start < 0:
            raise _fail(source, surface.line, f"token {surface.form!r} is not in the sentence's '# text' "
                                              f"after offset {cursor} (the text and the tokens disagree)")
        cursor = start + len(surface.form)
        tokens.extend(_token(word, offset + start, offset + cursor) for word in surface.words)
    parsed = any(t.deprel for t in tokens)
    return Sentence(tokens[0].start, tokens[-1].end, tokens, parsed=parsed)


def _find(text: str, form: str, cursor: int) -> int:
    """Position of ``form`` at ``cursor`` after optional whitespace (a gap is allowed only of spaces)."""
    pos = cursor
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos if text.startswith(form, pos) else -1


def _token(word: _Word, start: int, end: int) -> Token:
    from .stanza_analyzer import parse_feats

    ner = word.misc.get("NER") or word.misc.get("ner") or ""
    return Token(
        text=word.form, start=start, end=end, lemma=word.lemma, upos=word.upos, feats=parse_feats(word.feats),
        head=word.head - 1 if word.head else None, deprel=word.deprel, ner="" if ner == "O" else ner,
    )


def _shifted(tok: Token, shift: int) -> Token:
    return Token(tok.text, tok.start + shift, tok.end + shift, tok.lemma, tok.upos, dict(tok.feats), tok.head,
                 tok.deprel, tok.ner)


def _analysis(text: str, sentences: list[Sentence], name: str) -> Analysis:
    paras = paragraphs(text)
    starts = [start for start, _ in paras]
    for sent in sentences:
        sent.paragraph = max(0, bisect.bisect_right(starts, sent.start) - 1)
    return Analysis(text=text, sentences=sentences, analyzer=name, paragraphs=paras)
