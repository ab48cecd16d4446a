"""Batch runs over many documents: streaming, optional worker processes, optional progress bar.

Results come out in input order whatever the number of workers; a failing document is returned
with ``error`` set and the others still come out.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

from .model import DocumentResult
from .pipeline import Pipeline

CHUNK = 16  # documents per task sent to a worker process

_WORKER: Pipeline | None = None


def run_batch(
    records: Iterable[Mapping[str, Any]],
    *,
    analyzer: str = "auto",
    model_dir: str | Path | None = None,
    date: str | None = None,
    workers: int = 1,
    progress: bool | None = None,
    total: int | None = None,
) -> tuple[Iterator[DocumentResult], str]:
    """Process records lazily; returns the result stream and a note naming the analyzer used."""
    pipeline = Pipeline(analyzer, model_dir=model_dir)
    note = f"{pipeline.analyzer_name} ({pipeline.analyzer_note})"
    if date:
        records = ({**r, "date": r.get("date") or date} for r in records)
    if workers > 1 and pipeline.analyzer_name == "rules":
        stream = _parallel(records, workers, analyzer, model_dir)
    else:
        stream = pipeline.process_many(records)
    return _with_progress(stream, progress, total), note


def _parallel(
    records: Iterable[Mapping[str, Any]], workers: int, analyzer: str, model_dir: str | Path | None
) -> Iterator[DocumentResult]:
    """Ordered results from a process pool, with a bounded number of chunks in flight."""
    iterator = iter(records)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(analyzer, model_dir)) as pool:
        pending = []
        while True:
            while len(pending) < workers * 2:
                chunk = [dict(r) for r in islice(iterator, CHUNK)]
                if not chunk:
                    break
                pending.append(pool.submit(_work, chunk))
            if not pending:
                return
            yield from (DocumentResult.model_validate_json(j) for j in pending.pop(0).result())


def _init_worker(analyzer: str, model_dir: str | Path | None) -> None:
    global _WORKER
    _WORKER = Pipeline(analyzer, model_dir=model_dir)


def _work(chunk: list[dict[str, Any]]) -> list[str]:
    assert _WORKER is not None
    return [r.model_dump_json() for r in _WORKER.process_many(chunk)]


def _with_progress(stream: Iterator[DocumentResult], progress: bool | None, total: int | None) -> Iterator[DocumentResult]:
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return stream
    from tqdm import tqdm

    return iter(tqdm(stream, total=total, unit="doc", file=sys.stderr, desc="nato-quotes"))
