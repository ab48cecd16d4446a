"""Helpers shared by the SpkAtt and seeds evaluations: pipelines, arithmetic, output."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import DocumentResult, Quote


def make_pipeline(
    analyzer: str = "rules", model_dir: str | Path | None = None, *, passage_chains: bool = True,
    precedence: str = "arbitrate",
) -> Any:
    """A ``nato_quotes.Pipeline`` with the given analyzer (``passage_chains``: SpkAtt's chain convention;
    ``precedence``: how parse and rules are combined on parsed documents)."""
    from .. import Pipeline  # imported late: the pipeline module is optional for the scorers

    return Pipeline(analyzer=analyzer, model_dir=str(model_dir) if model_dir else None,
                    passage_chains=passage_chains, precedence=precedence)


def resolve_pipeline(pipeline: Any, model_dir: str | Path | None = None) -> Any:
    """Turn an analyzer name into a pipeline; leave pipelines and callables alone."""
    if isinstance(pipeline, str):
        return make_pipeline(pipeline, model_dir)
    return pipeline


def predict_quotes(pipeline: Any, text: str, doc_id: str, date: str | None = None) -> list[Quote]:
    """Quotes of one text from a pipeline (``.process``) or a callable (text -> quotes or result)."""
    if hasattr(pipeline, "process"):
        result = pipeline.process(text, doc_id=doc_id, date=date)
    else:
        result = pipeline(text)
    if isinstance(result, DocumentResult):
        if result.error:
            raise RuntimeError(f"{doc_id}: {result.error}")
        return list(result.quotes)
    return list(result)


def safe_div(num: float, den: float) -> float:
    """num / den, 0.0 when den is 0."""
    return num / den if den else 0.0


def prf(p: float, r: float) -> dict[str, float]:
    """Precision, recall and their harmonic mean (0 when both are 0)."""
    return {"p": p, "r": r, "f1": safe_div(2 * p * r, p + r)}


def fmt_pct(x: float) -> str:
    """0.4567 -> '45.7'."""
    return f"{100 * x:.1f}"


def write_jsonl(path: str | Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON lines; return how many."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n
