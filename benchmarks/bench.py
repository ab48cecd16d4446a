#!/usr/bin/env python3
"""Throughput and memory benchmark of the full nato-quotes pipeline.

    python benchmarks/bench.py [--quick] [--model-dir DIR] [--seeds DIR] [--spkatt DIR] [--max-size 10M]

First the speed goal of the rule pipeline, all in this one run on one file: SpkAtt train texts joined
into one document ``--copies`` times (seeds when the corpus is absent), the pipeline's MB/s with the
start-up excluded, a bare Python pass that tokenises the same file with one regex and looks every
word up in a dict (as ``../shared/tools/speed_ratio.py``), their ratio (goal <= 8), the time per
stage (segmentation, trigger scan, word analysis, passes, mention finding, speaker resolution and
output), linearity against one copy, ``--workers 2`` against 1 on a batch, and the start-up of
``nato-quotes --version`` and of a one-sentence document. Wall-clock and CPU seconds both: on a
shared machine the CPU ratio is the steadier figure.

Then, for each available analyzer ("rules"; "stanza" only with --model-dir):
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
import subprocess
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


# --------------------------------------------------------------------------- speed goal

TOKEN_PASS_WORDS = ["sagte", "sagt", "erklärte", "betonte", "so", "laut", "zufolge", "sei", "habe", "werde", "hätte", "wäre"]
TINY = "„Wir sind bereit“, sagte Stoltenberg.\n"


@dataclass
class Clock:
    """Wall and CPU seconds of one measured call."""

    wall: float
    cpu: float

    @classmethod
    def of(cls, fn: Callable[[], Any]) -> tuple[Clock, Any]:
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        return cls(time.perf_counter() - wall, time.process_time() - cpu), out

    def ratio(self, other: Clock) -> str:
        return f"{self.wall / max(other.wall, 1e-9):.1f} wall, {self.cpu / max(other.cpu, 1e-9):.1f} CPU"


def token_pass(text: str) -> int:
    """The ceiling: one regex tokenisation of the text and a dict look-up per word."""
    import regex

    lex = {w: i for i, w in enumerate(TOKEN_PASS_WORDS)}
    word = regex.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
    hits = 0
    for m in word.finditer(text):
        if lex.get(m.group().lower()) is not None:
            hits += 1
    return hits


def best_token_pass(text: str, runs: int = 3) -> Clock:
    """The fastest of a few token passes (the machine may be shared)."""
    clocks = [Clock.of(lambda: token_pass(text))[0] for _ in range(runs)]
    return Clock(min(c.wall for c in clocks), min(c.cpu for c in clocks))


def speed_document(spkatt: Path, seeds: list[str], copies: int, limit: int | None = None) -> tuple[str, str]:
    """(description, text): SpkAtt train texts (or the seeds) joined into one document, ``copies`` times."""
    train = spkatt / "news" / "train"
    files = sorted(train.glob("*.json"))[:limit]
    if files:
        texts = [json.loads(f.read_text(encoding="utf-8"))["originalText"] for f in files]
        name = f"SpkAtt train ({len(texts)} texts)"
    else:
        texts, name = seeds, f"seeds ({len(seeds)} texts)"
    return f"{name} x{copies}", ("\n\n".join(texts) + "\n\n") * copies


def stage_clocks(pipeline: Any, text: str) -> list[tuple[str, Clock]]:
    """Time per pipeline stage on ``text`` (caches warm). Words are analysed lazily during the passes,
    so a first run finds the sentences that need them and a second run analyses those up front."""
    from nato_quotes import segment
    from nato_quotes.attribution import build_context, run_passes
    from nato_quotes.pipeline import _to_quote, collector_paused
    from nato_quotes.speakers import DocumentSpeakers
    from nato_quotes.triggers import trigger_scan

    with collector_paused():
        seg, spans = Clock.of(lambda: [(s, e) for p in segment.paragraphs(text) for s, e in segment.sentences(text, *p)])
        flags = trigger_scan().sentence
        scan, _ = Clock.of(lambda: [flags(text, s, e) for s, e in spans])
        first = pipeline.analyzer.analyze(text)
        first_candidates = run_passes(build_context(first))
        first_resolver = DocumentSpeakers(first, pipeline.kb, None, first_candidates)  # resolution reads words too
        for candidate in first_candidates:
            first_resolver.resolve(candidate)
        analysis = pipeline.analyzer.analyze(text)
        needed = [analysis.sentences[i] for i, sent in enumerate(first.sentences) if sent.analysed]
        words, _ = Clock.of(lambda: [len(sent.tokens) for sent in needed])
        passes, candidates = Clock.of(lambda: run_passes(build_context(analysis)))
        mentions, resolver = Clock.of(lambda: DocumentSpeakers(analysis, pipeline.kb, None, candidates))
        resolve, _ = Clock.of(lambda: [_to_quote(text, c, resolver, "d") for c in candidates])
    share = f"{len(needed) / max(1, len(analysis.sentences)):.0%} of {len(analysis.sentences)} sentences"
    return [("segmentation", seg), ("trigger scan", scan), (f"word analysis ({share})", words),
            ("attribution passes", passes), ("entities: mentions and phrases", mentions), ("speaker resolution + quotes", resolve)]


def batch_speedup(texts: list[str]) -> tuple[Clock, Clock]:
    """``run_batch`` over the texts with 1 and with 2 worker processes, both cold: data files and per-word
    memos are forgotten first (forked workers would otherwise inherit the memos the serial run warmed)."""
    from nato_quotes.batch import run_batch
    from nato_quotes.lexicon import clear_caches

    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]

    def run(workers: int) -> int:
        clear_caches()
        return sum(len(r.quotes) for r in run_batch(records, analyzer="rules", workers=workers, progress=False)[0])

    return Clock.of(lambda: run(1))[0], Clock.of(lambda: run(2))[0]


def startup_seconds() -> tuple[float, float]:
    """Wall seconds of ``nato-quotes --version`` and of the CLI on a one-sentence document."""
    import tempfile

    cli = [sys.executable, "-m", "nato_quotes"]
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.txt"
        tiny.write_text(TINY, encoding="utf-8")
        out = []
        for args in (["--version"], [str(tiny), "--format", "jsonl", "--analyzer", "rules", "--quiet"]):
            start = time.perf_counter()
            subprocess.run(cli + args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            out.append(time.perf_counter() - start)
    return out[0], out[1]


def speed_report(args: argparse.Namespace, seeds: list[str]) -> None:
    """Print the speed-goal figures (see the module docstring)."""
    from nato_quotes import Pipeline

    limit = 40 if args.quick else None
    name, text = speed_document(Path(args.spkatt), seeds, args.copies, limit)
    _, one = speed_document(Path(args.spkatt), seeds, 1, limit)
    mb = len(text.encode("utf-8")) / 1e6
    pipeline = Pipeline("rules")
    pipeline.process(TINY)  # start-up excluded: data files loaded, word memos still cold as in the CLI
    single, _ = Clock.of(lambda: pipeline.process(one))
    whole, result = Clock.of(lambda: pipeline.process(text))
    bare = best_token_pass(text)
    print(f"## Speed goal: {name}, one document of {mb:.3g} MB, rule analyzer\n")
    print(f"pipeline:        {whole.wall:7.2f} s wall ({mb / whole.wall:.2f} MB/s), {whole.cpu:7.2f} s CPU;"
          f" {len(result.quotes)} quotes; start-up excluded")
    print(f"bare token pass: {bare.wall:7.2f} s wall, {bare.cpu:7.2f} s CPU (best of 3)")
    print(f"ratio:           {whole.ratio(bare)} (goal <= 8)")
    if args.copies > 1:
        print(f"linearity:       x{args.copies} / x1 time ratio {whole.ratio(single)} (linear: {args.copies})")
    print("stages on one copy (caches warm), seconds CPU:")
    bare_one = best_token_pass(one)
    warm, _ = Clock.of(lambda: pipeline.process(one))
    for stage, clock in stage_clocks(pipeline, one):
        print(f"  {stage:<44} {clock.cpu:6.2f}  ({clock.cpu / bare_one.cpu:4.1f} x token pass)")
    print(f"  {'whole pipeline':<44} {warm.cpu:6.2f}  ({warm.cpu / bare_one.cpu:4.1f} x token pass)")
    train = sorted((Path(args.spkatt) / "news" / "train").glob("*.json"))[:limit]
    # distinct documents: repeated ones would hit the per-paragraph and per-sentence memos
    batch_texts = ([json.loads(f.read_text(encoding="utf-8"))["originalText"] for f in train]
                   or seeds * (2 if args.quick else 40))
    serial, parallel = batch_speedup(batch_texts)
    print(f"--workers 2:     {len(batch_texts)} documents, 1 process {serial.wall:.1f} s, 2 processes"
          f" {parallel.wall:.1f} s wall: speedup {serial.wall / parallel.wall:.2f}x ({os.cpu_count()} CPUs)")
    version, tiny = startup_seconds()
    print(f"start-up:        nato-quotes --version {version:.2f} s; a one-sentence document {tiny:.2f} s (wall)\n")


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
    ap.add_argument("--copies", type=int, default=None, help="speed goal: copies of the texts in the one document")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed-goal section")
    ap.add_argument("--speed-only", action="store_true", help="only the speed-goal section")
    args = ap.parse_args(argv)
    args.max_size = args.max_size or ("10K" if args.quick else "10M")
    args.copies = args.copies or (1 if args.quick else 8)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    seeds = seed_texts(Path(args.seeds))
    if not seeds:
        print(f"no seed texts in {args.seeds}", file=sys.stderr)
        return 2
    corpus = Path(args.spkatt)
    if not args.no_speed:
        speed_report(args, seeds)
        if args.speed_only:
            return 0
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
