"""Writers shared by the CLI and the API: flat rows, CSV, JSON, JSONL, readable tables, DataFrames.

Flat row columns (stable; documented in OUTPUT_FORMAT.md): see :data:`COLUMNS`. Rows turn back into
:class:`Quote` objects with :func:`quotes_from_rows` / :func:`from_dataframe`; :func:`read_csv` and
:func:`read_jsonl` read what :func:`write_csv` and :func:`write_jsonl` wrote.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from .model import Cue, DocumentResult, Quote, Span, Speaker

COLUMNS = [
    "doc", "quote_index", "kind", "spkatt_type", "text", "start", "end", "spans",
    "speaker", "speaker_type", "speaker_entity", "speaker_mention", "speaker_start", "speaker_end",
    "speaker_anonymous", "speaker_resolution", "speaker_wikidata", "speaker_explanation",
    "cue", "cue_lemma", "cue_spans", "rule", "passes", "confidence",
]
#: pandas dtypes of the DataFrame columns (nullable integers/booleans where a value may be missing).
DTYPES = {
    "quote_index": "int64", "start": "int64", "end": "int64", "speaker_start": "Int64",
    "speaker_end": "Int64", "speaker_anonymous": "boolean", "confidence": "float64",
}
PANDAS_HINT = "pip install 'nato-quotes[pandas]'"
PART_SEP = " … "  # joins the parts of a split quote or cue in ``text``


def quote_row(quote: Quote, index: int = 0, doc: str | None = None) -> dict[str, Any]:
    """One flat row per quote: scalars plus JSON-encoded span lists."""
    sp = quote.speaker
    return {
        "doc": doc or quote.doc,
        "quote_index": index,
        "kind": quote.kind,
        "spkatt_type": quote.spkatt_type,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "spans": json.dumps([[s.start, s.end] for s in quote.spans]),
        "speaker": sp.name if sp else None,
        "speaker_type": sp.type if sp else None,
        "speaker_entity": sp.entity if sp else None,
        "speaker_mention": sp.mention if sp else None,
        "speaker_start": sp.span.start if sp and sp.span else None,
        "speaker_end": sp.span.end if sp and sp.span else None,
        "speaker_anonymous": sp.anonymous if sp else None,
        "speaker_resolution": sp.resolution if sp else None,
        "speaker_wikidata": sp.wikidata if sp else None,
        "speaker_explanation": sp.explanation if sp else None,
        "cue": quote.cue.text if quote.cue else None,
        "cue_lemma": quote.cue.lemma if quote.cue else None,
        "cue_spans": json.dumps([[s.start, s.end] for s in quote.cue.spans]) if quote.cue else "[]",
        "rule": quote.rule,
        "passes": "|".join(quote.passes),
        "confidence": quote.confidence,
    }


def rows(results: Iterable[DocumentResult | Quote] | DocumentResult | Quote) -> Iterator[dict[str, Any]]:
    """Flat rows (lazily) for documents (all their quotes) or bare quotes."""
    if isinstance(results, (DocumentResult, Quote)):
        results = [results]
    for item in results:
        if isinstance(item, DocumentResult):
            for i, quote in enumerate(item.quotes):
                yield quote_row(quote, i, item.doc)
        else:
            yield quote_row(item)


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(f"nato_quotes.export needs pandas for DataFrames: {PANDAS_HINT}") from None
    return pd


def to_dataframe(results: Iterable[DocumentResult | Quote] | DocumentResult | Quote) -> Any:
    """A pandas DataFrame with one row per quote and the columns of :data:`COLUMNS`.

    Accepts DocumentResults (e.g. ``pipeline.process_many(...)``), Quotes, or a single one of either.
    Offsets are integers (``speaker_start``/``speaker_end`` nullable ``Int64``).
    """
    pd = _pandas()
    frame = pd.DataFrame(list(rows(results)), columns=COLUMNS)
    return frame.astype(DTYPES)


def read_csv(source: str | Path | IO[str]) -> Any:
    """Read a CSV written by :func:`write_csv` (or ``nato-quotes -f csv``) into a DataFrame."""
    pd = _pandas()
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    frame = pd.read_csv(source, dtype={c: str for c in COLUMNS if c not in DTYPES},
                        keep_default_na=False, na_values=[""], **exact)
    return frame.astype(DTYPES)


def from_dataframe(frame: Any, texts: Mapping[str, str] | None = None) -> list[Quote]:
    """Quote objects from a DataFrame made by :func:`to_dataframe` or :func:`read_csv`.

    See :func:`quotes_from_rows` for ``texts``.
    """
    return list(quotes_from_rows(frame.to_dict("records"), texts))


def quotes_from_rows(
    rows_: Iterable[Mapping[str, Any]], texts: Mapping[str, str] | None = None
) -> Iterator[Quote]:
    """Rebuild Quotes from flat rows.

    Span texts are cut from ``texts`` (document id -> document text) when given; otherwise they are
    recovered from the ``text``/``cue``/``speaker_mention`` columns, which hold them joined by " … ".
    """
    for row in rows_:
        doc = _value(row.get("doc"))
        document = texts.get(doc) if texts is not None and doc is not None else None
        yield Quote(
            text=row["text"],
            spans=_spans(row["spans"], row["text"], document),
            kind=row["kind"],
            spkatt_type=row["spkatt_type"],
            cue=_cue(row, document),
            speaker=_speaker(row, document),
            confidence=float(row["confidence"]),
            rule=row["rule"],
            passes=[p for p in (_value(row.get("passes")) or "").split("|") if p],
            doc=doc,
        )


def _value(value: Any) -> Any:
    """None for the missing-value markers of pandas (NaN, NA) and of CSV (empty)."""
    if value is None or value == "":
        return None
    try:
        if value != value or (isinstance(value, float) and math.isnan(value)):  # NaN
            return None
    except TypeError:  # pd.NA refuses comparison
        return None
    return value


def _spans(encoded: str, joined: str | None, document: str | None) -> list[Span]:
    offsets = json.loads(_value(encoded) or "[]")
    if document is not None:
        return [Span(start=s, end=e, text=document[s:e]) for s, e in offsets]
    parts = [joined or ""] if len(offsets) == 1 else (joined or "").split(PART_SEP) if offsets else []
    if len(parts) != len(offsets) or any(len(p) != e - s for p, (s, e) in zip(parts, offsets, strict=False)):
        raise ValueError(f"cannot split {joined!r} into spans {offsets}: pass texts={{doc: text}}")
    return [Span(start=s, end=e, text=p) for p, (s, e) in zip(parts, offsets, strict=True)]


def _cue(row: Mapping[str, Any], document: str | None) -> Cue | None:
    lemma = _value(row.get("cue_lemma"))
    if lemma is None:
        return None
    text = _value(row.get("cue")) or ""
    return Cue(text=text, lemma=lemma, spans=_spans(row.get("cue_spans") or "[]", text, document))


def _speaker(row: Mapping[str, Any], document: str | None) -> Speaker | None:
    resolution = _value(row.get("speaker_resolution"))
    if resolution is None:
        return None
    mention = _value(row.get("speaker_mention"))
    start, end = _value(row.get("speaker_start")), _value(row.get("speaker_end"))
    span = None
    if start is not None and end is not None:
        span = _spans(json.dumps([[int(start), int(end)]]), mention, document)[0]
    return Speaker(
        name=_value(row.get("speaker")), mention=mention, span=span,
        anonymous=bool(_value(row.get("speaker_anonymous")) or False), resolution=resolution,
        wikidata=_value(row.get("speaker_wikidata")), explanation=_value(row.get("speaker_explanation")) or "",
        type=_value(row.get("speaker_type")), entity=_value(row.get("speaker_entity")),
    )


def read_jsonl(source: str | Path | IO[str] | Iterable[str]) -> Iterator[DocumentResult]:
    """DocumentResults (lazily) from JSONL written by :func:`write_jsonl` or ``nato-quotes -f jsonl``."""
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8") as handle:
            yield from read_jsonl(handle)
        return
    for line in source:
        if line.strip():
            yield DocumentResult.model_validate_json(line)


def write_csv(results: Iterable[DocumentResult | Quote], out: IO[str]) -> None:
    """One row per quote with the columns of :data:`COLUMNS`, streamed."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows(results):
        writer.writerow(row)


def write_jsonl(results: Iterable[DocumentResult], out: IO[str]) -> None:
    """One document per line, streamed."""
    for result in results:
        out.write(result.model_dump_json() + "\n")


def write_json(results: Iterable[DocumentResult], out: IO[str]) -> None:
    """A JSON array of documents (each with its quotes), streamed element by element."""
    out.write("[")
    for i, result in enumerate(results):
        out.write(",\n" if i else "\n")
        out.write(result.model_dump_json(indent=2))
    out.write("\n]\n")


def speaker_key(quote: Quote) -> str:
    sp = quote.speaker
    if sp is None:
        return "(no speaker)"
    if sp.name:
        return sp.name
    if sp.anonymous:
        return f"(anonymous) {sp.mention or ''}".strip()
    return f"({sp.mention or 'unresolved'})"


def write_table(results: Iterable[DocumentResult], out: IO[str], width: int = 100) -> None:
    """Quotes grouped per speaker, most quoted first."""
    groups: dict[str, list[tuple[str, Quote]]] = defaultdict(list)
    for result in results:
        for quote in result.quotes:
            groups[speaker_key(quote)].append((result.doc, quote))
    for name, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out.write(f"{name}  ({len(items)} quote{'s' if len(items) != 1 else ''})\n")
        for doc, quote in items:
            text = quote.text if len(quote.text) <= width else quote.text[: width - 1] + "…"
            how = quote.speaker.resolution if quote.speaker else "-"
            cue = f" [{quote.cue.text}]" if quote.cue else ""
            out.write(f"  {quote.kind:8} {doc}:{quote.start}  «{text}»{cue} ({how})\n")
        out.write("\n")


def write_summary(results: Iterable[DocumentResult], out: IO[str]) -> None:
    """Counts per speaker and per document."""
    per_speaker: dict[str, int] = defaultdict(int)
    per_doc: dict[str, int] = {}
    for result in results:
        per_doc[result.doc] = len(result.quotes)
        for quote in result.quotes:
            per_speaker[speaker_key(quote)] += 1
    out.write("quotes per speaker\n")
    for name, count in sorted(per_speaker.items(), key=lambda kv: (-kv[1], kv[0])):
        out.write(f"  {count:5d}  {name}\n")
    out.write("quotes per document\n")
    for doc, count in per_doc.items():
        out.write(f"  {count:5d}  {doc}\n")
    out.write(f"total: {sum(per_doc.values())} quotes in {len(per_doc)} documents\n")
