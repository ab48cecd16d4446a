"""Batch runs over many documents: streaming, optional worker processes, optional progress bar.

Results come out in input order whatever the number of workers; a failing document is returned
with ``error`` set and the others still come out. Nothing is collected: records are read and
results produced as the caller iterates (at most ``workers * 2`` chunks of :data:`CHUNK` records in
flight with workers, one ``process_many`` batch without).

>>> from nato_quotes.batch import process_files
>>> for result in process_files(["seeds/"], analyzer="rules"):
...     print(result.doc, len(result.quotes))
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import IO, Any

from .inputs import count_records, iter_records
from .kb import DEFAULT_COUNTRY
from .model import DocumentResult
from .models import default_threads
from .pipeline import Pipeline

CHUNK = 16  # documents per task sent to a worker process
WARM_UP = "„Wir sind bereit“, sagte Stoltenberg."  # loads the data files before workers fork
AUTO_DELAY = 0.5  # seconds before the default (terminal) progress bar appears
log = logging.getLogger("nato_quotes")

_WORKER: Pipeline | None = None


def run_batch(
    records: Iterable[Mapping[str, Any]],
    *,
    analyzer: str = "auto",
    model_dir: str | Path | None = None,
    date: str | None = None,
    country: str = DEFAULT_COUNTRY,
    workers: int = 1,
    threads: int | None = None,
    progress: bool | None = None,
    total: int | None = None,
    progress_file: IO[str] | None = None,
    precedence: str = "arbitrate",
) -> tuple[Iterator[DocumentResult], str]:
    """Process records lazily; returns the result stream and a note naming the analyzer used.

    ``threads``: torch threads per process for stanza; None = the usable cores divided by the
    processes that run the analyzer (:func:`~nato_quotes.models.default_threads`). Worker processes
    run the rules analyzer only, so stanza runs here, alone, with all the cores by default.

    ``progress``: a tqdm bar on ``progress_file`` (default standard error); None = only when that
    is a terminal, and only once the run has lasted :func:`auto_delay` seconds. ``total`` sizes the
    bar (taken from ``len(records)`` when records have a length). ``country``: the home country for
    role resolution (a record's ``country`` field overrides it).
    """
    if total is None and hasattr(records, "__len__"):
        total = len(records)  # type: ignore[arg-type]
    pipeline = Pipeline(analyzer, model_dir=model_dir, country=country, threads=threads, precedence=precedence)
    note = f"{pipeline.analyzer_name} ({pipeline.analyzer_note}{_threads_note(pipeline, workers)})"
    if date:
        records = ({**r, "date": r.get("date") or date} for r in records)
    if workers > 1 and pipeline.analyzer_name == "rules":
        worker_args = (analyzer, model_dir, pipeline.country, threads or default_threads(workers), precedence)
        stream = _parallel(records, workers, worker_args, pipeline)
    else:
        stream = pipeline.process_many(records)
    return _with_progress(stream, progress, total, progress_file), note


def _threads_note(pipeline: Pipeline, workers: int) -> str:
    """ ", 2 torch threads" for stanza (and that it runs in one process whatever ``workers``)."""
    threads = getattr(pipeline.analyzer, "threads", None)
    if threads is None:
        return ""
    alone = "; one process, --workers is for the rules analyzer" if workers > 1 else ""
    return f", {threads} torch thread{'s' if threads > 1 else ''}{alone}"


def process_files(paths: Iterable[str | Path], **options: Any) -> Iterator[DocumentResult]:
    """Results for files, folders (recursively .txt and .jsonl), JSONL files; options as run_batch.

    With a progress bar the records are counted first, so the bar has a total and an ETA."""
    records, total = path_records(paths, options.get("progress"), options.get("progress_file"))
    options.setdefault("total", total)
    return run_batch(records, **options)[0]


def path_records(
    paths: Iterable[str | Path], progress: bool | None = None, progress_file: IO[str] | None = None, *,
    conllu: bool = False,
) -> tuple[Iterator[dict[str, Any]], int | None]:
    """The records of ``paths`` and, when a progress bar will show, how many there are (else None;
    CoNLL-U files hold several documents each, so they are not counted ahead)."""
    paths = list(paths)
    countable = not conllu and not any(str(p).endswith(".conllu") for p in paths)
    total = count_records(paths) if countable and progress_shown(progress, progress_file) else None
    return iter_records(paths, conllu=conllu), total


def process_texts(texts: Iterable[str] | Mapping[str, str], **options: Any) -> Iterator[DocumentResult]:
    """Results for plain texts (ids ``text-0``, ``text-1``, …) or a mapping id -> text."""
    if isinstance(texts, Mapping):
        records: Iterable[dict[str, Any]] = ({"id": str(k), "text": v} for k, v in texts.items())
        options.setdefault("total", len(texts))
    else:
        if hasattr(texts, "__len__"):
            options.setdefault("total", len(texts))  # type: ignore[arg-type]
        records = ({"id": f"text-{i}", "text": t} for i, t in enumerate(texts))
    return run_batch(records, **options)[0]


def _parallel(
    records: Iterable[Mapping[str, Any]], workers: int, worker_args: tuple[str, str | Path | None, str, int, str],
    fallback: Pipeline,
) -> Iterator[DocumentResult]:
    """Ordered results from a process pool, with a bounded number of chunks in flight.

    ``worker_args``: analyzer, model folder, country, threads and precedence of each worker's pipeline.

    A chunk the pool cannot handle (unpicklable record, crashed worker) is redone by ``fallback``
    in this process, so its documents still come out, each with its own result or error.
    """
    iterator = iter(records)
    if multiprocessing.get_start_method() == "fork":  # forked workers inherit the loaded lexicons
        fallback.process(WARM_UP)  # (simplemma's dictionary: seconds per worker otherwise)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=worker_args) as pool:
        pending: deque[tuple[list[dict[str, Any]], Future[list[str]]]] = deque()
        while True:
            while len(pending) < workers * 2 and (chunk := [dict(r) for r in islice(iterator, CHUNK)]):
                pending.append((chunk, _submit(pool, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                dumped = future.result()
            except Exception as exc:  # any pool failure: redo the chunk here
                log.warning("worker process failed (%s: %s); processing %d documents in the main process",
                            type(exc).__name__, exc, len(chunk))
                yield from fallback.process_many(chunk)
                continue
            yield from (DocumentResult.model_validate_json(j) for j in dumped)


def _submit(pool: ProcessPoolExecutor, chunk: list[dict[str, Any]]) -> Future[list[str]]:
    try:
        return pool.submit(_work, chunk)
    except RuntimeError as exc:  # BrokenProcessPool: fail this future, the caller redoes the chunk
        failed: Future[list[str]] = Future()
        failed.set_exception(exc)
        return failed


def _init_worker(analyzer: str, model_dir: str | Path | None, country: str, threads: int,
                 precedence: str = "arbitrate") -> None:
    global _WORKER
    _WORKER = Pipeline(analyzer, model_dir=model_dir, country=country, threads=threads, precedence=precedence)


def _work(chunk: list[dict[str, Any]]) -> list[str]:
    assert _WORKER is not None
    return [r.model_dump_json() for r in _WORKER.process_many(chunk)]


def _with_progress(
    stream: Iterator[DocumentResult], progress: bool | None, total: int | None, file: IO[str] | None = None
) -> Iterator[DocumentResult]:
    """Wrap the stream in a tqdm bar: on request, or by default when ``file`` is a terminal.

    The default bar waits :func:`auto_delay` seconds before it appears, so quick runs stay quiet.
    """
    file = file or sys.stderr
    if not progress_shown(progress, file):
        return stream
    from tqdm import tqdm

    return iter(tqdm(stream, total=total, unit="doc", file=file, desc="nato-quotes", ncols=_bar_width(file),
                     delay=auto_delay() if progress is None else 0))


def progress_shown(progress: bool | None, file: IO[str] | None = None) -> bool:
    """Whether a run with ``progress`` shows a bar on ``file`` (default standard error):
    on request, or by default when it is a terminal."""
    return _isatty(file or sys.stderr) if progress is None else progress


def auto_delay() -> float:
    """Seconds before the default progress bar appears: env NATO_QUOTES_PROGRESS_DELAY (default 0.5)."""
    try:
        return max(0.0, float(os.environ.get("NATO_QUOTES_PROGRESS_DELAY", "") or AUTO_DELAY))
    except ValueError:
        return AUTO_DELAY


def _bar_width(file: IO[str]) -> int | None:
    """None (tqdm measures the terminal) unless the terminal reports no width, as under ``script``."""
    try:
        return None if os.get_terminal_size(file.fileno()).columns else 80
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def _isatty(file: IO[str]) -> bool:
    try:
        return file.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
