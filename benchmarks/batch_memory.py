#!/usr/bin/env python3
"""Batch memory: streaming 1,000 documents needs no more memory than 100, and the progress bar.

    python benchmarks/batch_memory.py [--sizes 100 1000] [--workers N] [--collect] [--tracemalloc]
                                      [--no-tty-demo]

1. For each size, a fresh process streams that many generated documents (the seed articles under
   varied ids, each text a new string) through ``nato_quotes.batch.run_batch`` and writes the results
   as JSONL to /dev/null, as a consumer would. After a warm-up document it reports the process peak
   RSS (``resource.getrusage().ru_maxrss``; with workers, the largest worker too) and its growth over
   the warmed-up RSS, and the largest number of live Python memory blocks seen between two documents
   (``sys.getallocatedblocks``, cheap and deterministic). ``--tracemalloc`` adds the Python heap peak
   in MB (about 8x slower). Bounded memory: the live-block peak at the largest size stays within
   1.5x of the smallest; the script exits 1 otherwise.
   ``--collect`` adds a contrast run that keeps every result in a list (what streaming avoids).
2. TTY demo: the CLI over a JSONL file of generated documents, once with standard error on a
   pseudo-terminal (the bar appears by default) and once on a pipe (no bar unless ``--progress``);
   the same as ``script -qc "nato-quotes docs.jsonl --summary"``.

Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT))


def generated_records(count: int) -> Iterator[dict[str, str]]:
    """``count`` records built lazily from the seed articles: distinct ids, each text a new string."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(count):
        yield {"id": f"gen-{i:05d}-{i % len(seeds)}", "text": f"{seeds[i % len(seeds)]}\n\n(Meldung {i})\n"}


def max_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def current_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def child(count: int, workers: int, collect: bool, trace: bool) -> dict[str, float | int | None]:
    """One measured batch in this (fresh) process."""
    import gc
    import tracemalloc

    from nato_quotes import export
    from nato_quotes.batch import run_batch

    warm, _ = run_batch(generated_records(1), analyzer="rules", progress=False)
    list(warm)  # lexicons and caches loaded before measuring
    gc.collect()
    base_rss, base_blocks = current_rss_mb(), sys.getallocatedblocks()
    if trace:
        tracemalloc.start()
    stream, _ = run_batch(generated_records(count), analyzer="rules", workers=workers, progress=False)
    kept, quotes, docs, peak_blocks = [], 0, 0, base_blocks
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for result in stream:
            export.write_jsonl([result], sink)
            docs += 1
            quotes += len(result.quotes)
            if collect:
                kept.append(result)
            peak_blocks = max(peak_blocks, sys.getallocatedblocks())
    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    tracemalloc.stop()
    return {
        "docs": docs, "quotes": quotes, "heap_peak_mb": heap_peak, "base_rss_mb": base_rss,
        "block_growth": peak_blocks - base_blocks,
        "peak_rss_mb": max_rss_mb(), "worker_peak_rss_mb": max_rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else None,
    }


def measure(count: int, workers: int, collect: bool, trace: bool) -> dict[str, float | int | None]:
    flags = (["--collect"] if collect else []) + (["--tracemalloc"] if trace else [])
    cmd = [sys.executable, __file__, "--child", str(count), "--workers", str(workers), *flags]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:8.1f}"


def memory_table(sizes: list[int], workers: int, collect: bool, trace: bool) -> bool:
    """Measure every size, print the table, return whether memory stayed bounded."""
    print(f"batch memory, analyzer rules, workers {workers} (MB; blocks = live Python memory blocks)")
    print(f"{'mode':8} {'docs':>6} {'quotes':>7} {'base RSS':>9} {'peak RSS':>9} {'RSS growth':>11} "
          f"{'worker RSS':>11} {'block growth':>13} {'heap peak':>10}")
    runs = [(n, False) for n in sizes] + ([(sizes[-1], True)] if collect else [])
    blocks = {}
    for count, keep in runs:
        row = measure(count, workers, keep, trace)
        growth = row["peak_rss_mb"] - row["base_rss_mb"] if row["base_rss_mb"] is not None else None
        print(f"{'collect' if keep else 'stream':8} {row['docs']:6d} {row['quotes']:7d} {fmt(row['base_rss_mb']):>9} "
              f"{fmt(row['peak_rss_mb']):>9} {fmt(growth):>11} {fmt(row['worker_peak_rss_mb']):>11} "
              f"{row['block_growth']:13d} {fmt(row['heap_peak_mb']):>10}", flush=True)
        if not keep:
            blocks[count] = row["block_growth"]
    small, large = blocks[min(blocks)], blocks[max(blocks)]
    bounded = large <= 1.5 * max(small, 1)
    print(f"live-block peak {min(blocks)} docs: {small}, {max(blocks)} docs: {large} -> "
          f"{'bounded' if bounded else 'NOT bounded'}")
    return bounded


def tty_demo(docs: int = 40) -> None:
    """The CLI's progress bar: on by default on a terminal, off on a pipe, forced with --progress."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "docs.jsonl"
        archive.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in generated_records(docs)),
                           encoding="utf-8")
        base = [sys.executable, "-m", "nato_quotes", str(archive), "--analyzer", "rules", "--summary", "-q"]
        for label, extra, on_tty in (("terminal", [], True), ("pipe", [], False), ("pipe --progress", ["--progress"], False)):
            err = _stderr_on_tty(base + extra) if on_tty else subprocess.run(
                base + extra, capture_output=True, text=True, cwd=ROOT).stderr
            bar = [part.strip() for part in err.replace("\n", "\r").split("\r") if "doc" in part]
            print(f"stderr on {label:16}: {'bar: ' + bar[-1] if bar else 'no progress bar'}")


def _stderr_on_tty(cmd: list[str]) -> str:
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, cwd=ROOT) as proc:
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO once the child has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        proc.wait()
    os.close(master)
    return b"".join(chunks).decode(errors="replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--collect", action="store_true", help="also keep all results in a list (contrast)")
    parser.add_argument("--tracemalloc", action="store_true", help="also the Python heap peak (slow)")
    parser.add_argument("--no-tty-demo", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.workers, args.collect, args.tracemalloc)))
        return 0
    bounded = memory_table(sorted(args.sizes), args.workers, args.collect, args.tracemalloc)
    if not args.no_tty_demo and sys.platform != "win32":
        tty_demo()
    return 0 if bounded else 1


if __name__ == "__main__":
    sys.exit(main())
