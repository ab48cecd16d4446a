"""Writers shared by the CLI and the API: flat rows, CSV, JSON, JSONL, readable tables, DataFrames.

Flat row columns (stable; documented in OUTPUT_FORMAT.md): see :data:`COLUMNS`.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any

from .model import DocumentResult, Quote

COLUMNS = [
    "doc", "quote_index", "kind", "spkatt_type", "text", "start", "end", "spans",
    "speaker", "speaker_mention", "speaker_start", "speaker_end", "speaker_anonymous",
    "speaker_resolution", "speaker_wikidata", "speaker_explanation",
    "cue", "cue_lemma", "cue_spans", "rule", "passes", "confidence",
]


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


def rows(results: Iterable[DocumentResult | Quote]) -> Iterable[dict[str, Any]]:
    """Flat rows for documents (all their quotes) or bare quotes."""
    for item in results:
        if isinstance(item, DocumentResult):
            for i, quote in enumerate(item.quotes):
                yield quote_row(quote, i, item.doc)
        else:
            yield quote_row(item)


def to_dataframe(results: Iterable[DocumentResult | Quote]) -> Any:
    """A pandas DataFrame with one row per quote and the columns of :data:`COLUMNS`."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install 'nato-quotes[pandas]'") from None
    return pd.DataFrame(list(rows(results)), columns=COLUMNS)


def write_csv(results: Iterable[DocumentResult], out: IO[str]) -> None:
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
