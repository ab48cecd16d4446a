#!/usr/bin/env python3
"""Batch memory: streaming 1,000 documents needs no more memory than 100, and the progress bar.

    python benchmarks/batch_memory.py [--sizes 100 1000] [--workers N] [--collect] [--no-tty-demo]

1. For each size, a fresh process streams that many generated documents (the seed articles under
   varied ids, each text a new string) through ``nato_quotes.batch.run_batch`` and writes the results
   as JSONL to /dev/null, as a consumer would. It reports the Python heap peak during the batch
   (tracemalloc, started after a warm-up document) and the process peak RSS (``ru_maxrss``; with
   workers, the largest worker too). Bounded memory: the heap peak at the largest size stays within
   2x (+2 MB) of the smallest; the script exits 1 otherwise.
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


def child(count: int, workers: int, collect: bool) -> dict[str, float | int | None]:
    """One measured batch in this (fresh) process."""
    import gc
    import tracemalloc

    from nato_quotes import export
    from nato_quotes.batch import run_batch

    warm, _ = run_batch(generated_records(1), analyzer="rules", progress=False)
    list(warm)  # lexicons and caches loaded before measuring
    gc.collect()
    base_rss = current_rss_mb()
    tracemalloc.start()
    stream, _ = run_batch(generated_records(count), analyzer="rules", workers=workers, progress=False)
    kept, quotes, docs = [], 0, 0
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for result in stream:
            export.write_jsonl([result], sink)
            docs += 1
            quotes += len(result.quotes)
            if collect:
                kept.append(result)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "docs": docs, "quotes": quotes, "heap_peak_mb": heap_peak / 2**20, "base_rss_mb": base_rss,
        "peak_rss_mb": max_rss_mb(), "worker_peak_rss_mb": max_rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else None,
    }


def measure(count: int, workers: int, collect: bool) -> dict[str, float | int | None]:
    cmd = [sys.executable, __file__, "--child", str(count), "--workers", str(workers)] + (["--collect"] if collect else [])
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:8.1f}"


def memory_table(sizes: list[int], workers: int, collect: bool) -> bool:
    """Measure every size, print the table, return whether the heap stayed bounded."""
    print(f"batch memory, analyzer rules, workers {workers}")
    print(f"{'mode':8} {'docs':>6} {'quotes':>7} {'heap peak MB':>13} {'base RSS MB':>12} {'peak RSS MB':>12} "
          f"{'RSS growth':>11} {'worker RSS':>11}")
    runs = [(n, False) for n in sizes] + ([(sizes[-1], True)] if collect else [])
    stream_peaks = {}
    for count, keep in runs:
        row = measure(count, workers, keep)
        growth = row["peak_rss_mb"] - row["base_rss_mb"] if row["base_rss_mb"] is not None else None
        print(f"{'collect' if keep else 'stream':8} {row['docs']:6d} {row['quotes']:7d} {fmt(row['heap_peak_mb']):>13} "
              f"{fmt(row['base_rss_mb']):>12} {fmt(row['peak_rss_mb']):>12} {fmt(growth):>11} "
              f"{fmt(row['worker_peak_rss_mb']):>11}", flush=True)
        if not keep:
            stream_peaks[count] = row["heap_peak_mb"]
    small, large = stream_peaks[min(stream_peaks)], stream_peaks[max(stream_peaks)]
    bounded = large <= 2 * small + 2
    print(f"heap peak {min(stream_peaks)} docs: {small:.1f} MB, {max(stream_peaks)} docs: {large:.1f} MB -> "
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
    parser.add_argument("--no-tty-demo", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.workers, args.collect)))
        return 0
    bounded = memory_table(sorted(args.sizes), args.workers, args.collect)
    if not args.no_tty_demo and sys.platform != "win32":
        tty_demo()
    return 0 if bounded else 1


if __name__ == "__main__":
    sys.exit(main())
