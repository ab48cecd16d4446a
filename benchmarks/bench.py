#!/usr/bin/env python3
"""Throughput and memory benchmark of the full nato-quotes pipeline.

    python benchmarks/bench.py [--quick] [--model-dir DIR] [--seeds DIR] [--spkatt DIR] [--max-size 10M]

Measures, for each available analyzer ("rules"; "stanza" only with --model-dir):
  1. throughput (MB/s, docs/s, tokens/s) over the seed articles repeated, and over SpkAtt articles
     (if the corpus is present; env NATO_QUOTES_SPKATT or ../shared/corpora/spkatt2023);
  2. cost versus document length: one document of 1 KB … 10 MB built by repeating seed text,
     reporting seconds per MB (flat = linear) and the Python heap peak (tracemalloc, separate run,
     up to --memory-max-size); once one size took longer than --size-budget seconds, larger sizes
     are skipped;
  3. batch throughput with 1 and 2 worker processes (Pipeline.process_many(workers=N) when it
     exists, else a multiprocessing Pool).
``--quick`` keeps everything to a few seconds (for CI). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import multiprocessing as mp
import os
import re
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = {"1K": 1_000, "10K": 10_000, "100K": 100_000, "1M": 1_000_000, "10M": 10_000_000}
_WORD = re.compile(r"\w+|[^\w\s]")


@dataclass
class Row:
    """One measured line of the result table."""

    analyzer: str
    workload: str
    docs: int
    chars: int
    tokens: int
    seconds: float
    quotes: int
    peak_mb: float | None = None

    @property
    def mb(self) -> float:
        return self.chars / 1e6

    def cells(self) -> list[str]:
        s = max(self.seconds, 1e-9)
        peak = f"{self.peak_mb:.1f}" if self.peak_mb is not None else "-"
        return [
            self.analyzer,
            self.workload,
            str(self.docs),
            f"{self.mb:.3f}",
            f"{self.seconds:.2f}",
            f"{self.mb / s:.3f}",
            f"{self.docs / s:.1f}",
            f"{self.tokens / s:,.0f}",
            f"{s / self.mb:.2f}" if self.mb else "-",
            str(self.quotes),
            peak,
        ]


HEADER = [
    "analyzer",
    "workload",
    "docs",
    "MB",
    "sec",
    "MB/s",
    "docs/s",
    "tokens/s",
    "s/MB",
    "quotes",
    "peak MB",
]


def table(rows: Sequence[Row]) -> str:
    """Markdown table of the rows."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def count_tokens(text: str) -> int:
    return len(_WORD.findall(text))


# --------------------------------------------------------------------------- pipeline


def make_pipeline(analyzer: str, model_dir: str | None) -> Any:
    from nato_quotes import Pipeline

    return Pipeline(analyzer=analyzer, model_dir=model_dir) if model_dir else Pipeline(analyzer=analyzer)


def run_docs(pipeline: Any, texts: Sequence[str]) -> int:
    """Process every text; return the number of quotes found."""
    n = 0
    for i, text in enumerate(texts):
        n += len(pipeline.process(text, doc_id=f"d{i}").quotes)
    return n


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    gc.collect()
    t = time.perf_counter()
    out = fn()
    secs = time.perf_counter() - t
    print(f"  … {secs:.2f}s", file=sys.stderr, flush=True)
    return secs, out


def heap_peak_mb(fn: Callable[[], Any]) -> float:
    """Python heap peak (MB) of a call, measured with tracemalloc in a separate, untimed run."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


# --------------------------------------------------------------------------- workloads


def seed_texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def spkatt_texts(corpus: Path, limit: int | None) -> list[str]:
    folder = corpus / "news" / "dev" if (corpus / "news" / "dev").is_dir() else corpus
    files = sorted(folder.glob("*.json"))[:limit]
    return [json.loads(f.read_text(encoding="utf-8"))["originalText"] for f in files]


def repeat_to(texts: Sequence[str], size: int) -> str:
    """One document of ``size`` characters made of whole seed paragraphs, cut at a paragraph end."""
    block = "\n\n".join(texts)
    out = (block + "\n\n") * (size // (len(block) + 2) + 1)
    cut = out.rfind("\n\n", 0, size)
    return out[: cut if cut > 0 else size]


def throughput(analyzer: str, pipeline: Any, name: str, texts: Sequence[str]) -> Row:
    run_docs(pipeline, texts[:1])  # warm-up (lazy loading, caches)
    secs, quotes = timed(lambda: run_docs(pipeline, texts))
    chars = sum(len(t) for t in texts)
    return Row(analyzer, name, len(texts), chars, sum(map(count_tokens, texts)), secs, quotes)


def scaling(
    analyzer: str,
    pipeline: Any,
    seeds: Sequence[str],
    sizes: Sequence[str],
    memory_max: int,
    budget: float = float("inf"),
) -> list[Row]:
    """One document per size; the heap peak is measured (separately) up to ``memory_max`` chars.

    Larger sizes are skipped once one size took more than ``budget`` seconds.
    """
    rows: list[Row] = []
    for label in sizes:
        if rows and rows[-1].seconds > budget:
            print(f"  skipping {label}: the previous size took {rows[-1].seconds:.0f}s", file=sys.stderr)
            break
        doc = repeat_to(seeds, SIZES[label])
        secs, quotes = timed(lambda doc=doc: run_docs(pipeline, [doc]))
        peak = None
        if SIZES[label] <= memory_max:
            peak = heap_peak_mb(lambda doc=doc: run_docs(pipeline, [doc]))
        rows.append(Row(analyzer, f"1 doc of {label}", 1, len(doc), count_tokens(doc), secs, quotes, peak))
    return rows


_WORKER: Any = None


def _init_worker(analyzer: str, model_dir: str | None, threads: int) -> None:
    global _WORKER
    if analyzer != "rules":  # one torch thread pool per CPU share, not per process
        import torch

        torch.set_num_threads(threads)
    _WORKER = make_pipeline(analyzer, model_dir)


def _work(text: str) -> int:
    return len(_WORKER.process(text).quotes)


def batch(analyzer: str, model_dir: str | None, pipeline: Any, texts: Sequence[str], workers: int) -> Row:
    """Batch throughput with ``workers`` processes (process_many if it takes ``workers``)."""
    process_many = getattr(pipeline, "process_many", None)
    how = "pool"
    if process_many is not None and "workers" in inspect.signature(process_many).parameters:
        how = "process_many"

        def run() -> int:
            return sum(len(r.quotes) for r in process_many(list(texts), workers=workers))
    else:
        # fork is fast, but unsafe once torch threads exist (stanza): spawn then
        ctx = mp.get_context("fork" if analyzer == "rules" and sys.platform == "linux" else "spawn")
        threads = max(1, (os.cpu_count() or 1) // workers)
        pool = ctx.Pool(workers, _init_worker, (analyzer, model_dir, threads))
        pool.map(_work, [t[:2000] for t in texts[:workers]], chunksize=1)  # start-up not timed

        def run() -> int:
            return sum(pool.imap(_work, texts, chunksize=max(1, len(texts) // (4 * workers))))

    try:
        secs, quotes = timed(run)
    finally:
        if how == "pool":
            pool.close()
            pool.join()
    chars = sum(len(t) for t in texts)
    name = f"batch, {workers} proc ({how})"
    return Row(analyzer, name, len(texts), chars, sum(map(count_tokens, texts)), secs, quotes)


# --------------------------------------------------------------------------- main


def bench_analyzer(analyzer: str, args: argparse.Namespace, seeds: list[str], spk: list[str]) -> list[Row]:
    t = time.perf_counter()
    pipeline = make_pipeline(analyzer, args.model_dir)
    print(f"[{analyzer}] pipeline built in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    reps = 1 if args.quick else 10
    rows = [throughput(analyzer, pipeline, f"seeds x{reps}", seeds * reps)]
    if spk:
        rows.append(throughput(analyzer, pipeline, f"SpkAtt dev ({len(spk)} docs)", spk))
    sizes = [s for s in SIZES if SIZES[s] <= SIZES[args.max_size]]
    memory_max = 0 if args.no_memory else SIZES[args.memory_max_size]
    rows += scaling(analyzer, pipeline, seeds, sizes, memory_max, args.size_budget)
    batch_texts = (spk or seeds * 10) if not args.quick else seeds
    for workers in (1, 2):
        rows.append(batch(analyzer, args.model_dir, pipeline, batch_texts, workers))
    return rows


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    default_spkatt = os.environ.get(
        "NATO_QUOTES_SPKATT", str(ROOT.parent / "shared" / "corpora" / "spkatt2023")
    )
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, a few seconds (CI)")
    ap.add_argument(
        "--model-dir", default=None, help="stanza model folder: also benchmark the stanza analyzer"
    )
    ap.add_argument("--seeds", default=str(ROOT / "seeds"), help="folder of seed *.txt")
    ap.add_argument("--spkatt", default=default_spkatt, help="SpkAtt corpus (skipped if absent)")
    ap.add_argument("--max-size", default=None, choices=list(SIZES), help="largest single document")
    ap.add_argument(
        "--memory-max-size", default="100K", choices=list(SIZES), help="largest doc for tracemalloc"
    )
    ap.add_argument(
        "--size-budget", type=float, default=120.0, help="skip larger documents once one took this long (s)"
    )
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    ap.add_argument("--json", default=None, metavar="FILE", help="also write the rows as JSON")
    args = ap.parse_args(argv)
    args.max_size = args.max_size or ("10K" if args.quick else "10M")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    seeds = seed_texts(Path(args.seeds))
    if not seeds:
        print(f"no seed texts in {args.seeds}", file=sys.stderr)
        return 2
    corpus = Path(args.spkatt)
    spk = spkatt_texts(corpus, 5 if args.quick else None) if corpus.exists() else []
    analyzers = ["rules"] + (["stanza"] if args.model_dir else [])
    rows: list[Row] = []
    for analyzer in analyzers:
        rows += bench_analyzer(analyzer, args, seeds, spk)
    print(table(rows))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"\npeak RSS of the benchmark process: {rss:.0f} MB (peak MB column: Python heap, tracemalloc)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {'quick' if args.quick else 'full'} mode")
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in rows], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
