#!/usr/bin/env python3
"""Parallel throughput: serial vs ``run_batch(workers=N)`` vs Dask, with identical outputs.

    python benchmarks/parallel.py [--docs 2000] [--workers 2] [--no-dask]

The batch is built from the seed articles: document ``i`` is seed ``i % 5`` with its paragraphs
rotated by ``i // 5``, so the documents differ. Prints seconds, docs/s and the speedup over the
serial run for each mode, and checks that every mode gives byte-identical JSON in the same
order (exit code 1 if not). The Dask cluster's start-up time is reported separately.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nato_quotes.batch import run_batch  # noqa: E402
from nato_quotes.model import DocumentResult  # noqa: E402


def make_records(n: int, seeds: Path) -> list[dict[str, Any]]:
    """``n`` distinct documents from the seed articles (paragraphs rotated)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    records = []
    for i in range(n):
        paras = texts[i % len(texts)].split("\n\n")
        k = (i // len(texts)) % len(paras)
        records.append({"id": f"doc{i:05d}", "text": "\n\n".join(paras[k:] + paras[:k])})
    return records


def timed(run: Callable[[], Iterable[DocumentResult]]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    out = [r.model_dump_json() for r in run()]
    return time.perf_counter() - start, out


def warm_up() -> float:
    """Load the lexicons and data of this process (the first document pays ~seconds); returns seconds."""
    from nato_quotes import Pipeline

    start = time.perf_counter()
    Pipeline("rules").process("„Wir sind bereit“, sagte Stoltenberg. Russland müsse den Krieg beenden.")
    return time.perf_counter() - start


def batch(records: list[dict[str, Any]], workers: int) -> Callable[[], Iterable[DocumentResult]]:
    return lambda: run_batch(records, analyzer="rules", workers=workers, progress=False)[0]


def run_dask(records: list[dict[str, Any]], workers: int) -> tuple[float, float, list[str]] | None:
    """(start-up seconds, run seconds, outputs) on a local Dask cluster, None without Dask."""
    try:
        from dask.distributed import Client, LocalCluster

        from nato_quotes.distributed import extract_with_dask
    except ImportError as exc:
        print(f"dask: skipped ({exc})")
        return None
    start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(warm_up)  # lexicons loaded, as in a long-lived cluster
        startup = time.perf_counter() - start
        seconds, out = timed(lambda: extract_with_dask(records, client=client, npartitions=8 * workers))
    return startup, seconds, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args(argv)
    records = make_records(args.docs, args.seeds)
    mb = sum(len(r["text"].encode()) for r in records) / 1e6
    print(f"{len(records)} documents, {mb:.1f} MB, analyzer rules, workers {args.workers}")
    print(f"warm-up of one process (lexicons, first document): {warm_up():.1f} s; the serial run starts warm,"
          f" run_batch's worker processes start cold (counted)")
    serial_s, reference = timed(batch(records, 1))
    rows = [("serial", serial_s, True)]
    par_s, par_out = timed(batch(records, args.workers))
    rows.append((f"run_batch(workers={args.workers})", par_s, par_out == reference))
    if not args.no_dask:
        dask = run_dask(records, args.workers)
        if dask is not None:
            startup, dask_s, dask_out = dask
            rows.append((f"dask LocalCluster({args.workers} procs)", dask_s, dask_out == reference))
            print(f"dask cluster start-up and worker warm-up: {startup:.1f} s (not counted)")
    print(f"{'mode':<30} {'seconds':>8} {'docs/s':>8} {'speedup':>8}  identical")
    for name, seconds, same in rows:
        print(f"{name:<30} {seconds:8.1f} {len(records) / seconds:8.1f} {serial_s / seconds:7.2f}x  {same}")
    quotes = sum(r.count('"kind"') for r in reference)
    print(f"{quotes} quotes in total")
    return 0 if all(same for _, _, same in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
