"""Dask integration: extract quotes from a Dask bag or on a Dask cluster.

Needs the optional extra ``pip install 'nato-quotes[dask]'``.

>>> import dask.bag as db
>>> from nato_quotes.distributed import extract_bag, extract_with_dask
>>> records = [{"id": "a1", "text": "„Wir sind bereit“, sagte Stoltenberg."}]
>>> extract_bag(db.from_sequence(records), analyzer="rules").compute()[0]["quotes"][0]["text"]
'Wir sind bereit'
>>> from dask.distributed import Client, LocalCluster
>>> with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
...     results = list(extract_with_dask(records, client=client))

Every partition is processed by one Pipeline, built once per worker thread and reused for the
following partitions. Results keep the input order; a failing document comes back with ``error``
set, as in :meth:`nato_quotes.Pipeline.process_many`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .model import DocumentResult
from .pipeline import Pipeline

INSTALL_HINT = "nato_quotes.distributed needs Dask: pip install 'nato-quotes[dask]'"
_LOCAL = threading.local()


def _dask_bag() -> Any:
    """The ``dask.bag`` module, or an ImportError that says how to install it."""
    try:
        import dask.bag as db
    except ImportError as exc:
        raise ImportError(f"{INSTALL_HINT} ({exc})") from exc
    return db


def _pipeline(analyzer: str, model_dir: str | None) -> Pipeline:
    """The Pipeline of this worker thread for ``(analyzer, model_dir)``, built on first use."""
    cache: dict[tuple[str, str | None], Pipeline] = _LOCAL.__dict__.setdefault("pipelines", {})
    key = (analyzer, model_dir)
    if key not in cache:
        cache[key] = Pipeline(analyzer, model_dir=model_dir)
    return cache[key]


def process_partition(
    records: Iterable[Mapping[str, Any]], analyzer: str = "rules", model_dir: str | None = None,
    date: str | None = None,
) -> list[dict[str, Any]]:
    """DocumentResult dicts (JSON-ready) for one partition of records ``{"id", "text", "date"?, ...}``."""
    pipeline = _pipeline(analyzer, model_dir)
    if date:
        records = ({**r, "date": r.get("date") or date} for r in records)
    return [result.model_dump(mode="json") for result in pipeline.process_many(records)]


def extract_bag(
    records_bag: Any, analyzer: str = "rules", *, model_dir: str | Path | None = None, date: str | None = None
) -> Any:
    """A ``dask.bag.Bag`` of DocumentResult dicts, one per record of ``records_bag``, in order.

    ``DocumentResult.model_validate(d)`` turns a dict back into a DocumentResult.
    """
    _dask_bag()
    return records_bag.map_partitions(
        process_partition, analyzer=analyzer, model_dir=str(model_dir) if model_dir else None, date=date
    )


def extract_with_dask(
    records: Iterable[Mapping[str, Any]],
    *,
    client: Any = None,
    npartitions: int | None = None,
    analyzer: str = "rules",
    model_dir: str | Path | None = None,
    date: str | None = None,
) -> Iterator[DocumentResult]:
    """DocumentResults for ``records``, in input order, computed with Dask.

    With a ``dask.distributed.Client`` (given, or the current default client) the partitions run
    on its cluster and results stream back partition by partition; without one, Dask's default
    scheduler for bags (local processes) computes them. ``npartitions`` defaults to four per
    worker (at most one per record).
    """
    db = _dask_bag()
    items = [dict(r) for r in records]
    if not items:
        return iter(())
    client = client if client is not None else _default_client()
    parts = npartitions or 4 * _worker_count(client)
    bag = extract_bag(db.from_sequence(items, npartitions=min(parts, len(items))),
                      analyzer, model_dir=model_dir, date=date)
    if client is None:
        return (DocumentResult.model_validate(d) for d in bag.compute())
    return _stream(client, bag)


def _stream(client: Any, bag: Any) -> Iterator[DocumentResult]:
    """Results partition by partition, in order, while later partitions are still running."""
    futures = client.compute(bag.to_delayed())
    for future in futures:
        for data in future.result():
            yield DocumentResult.model_validate(data)


def _default_client() -> Any:
    try:
        from dask.distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:  # no client has been created
        return None


def _worker_count(client: Any) -> int:
    if client is None:
        import os

        return os.cpu_count() or 1
    return max(1, len(client.scheduler_info().get("workers", {})))


__all__ = ["INSTALL_HINT", "extract_bag", "extract_with_dask", "process_partition"]
