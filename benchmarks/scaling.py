#!/usr/bin/env python3
"""Cost versus input size: is every stage linear on huge documents and on masses of quotation marks?

    python benchmarks/scaling.py [--stages scan,analyze,pipeline] [--sizes 1,2,5,10] [--marks 10000,50000,100000]
                                 [--timeout 600]

Workloads:
  * ``text N MB``: one document of N MB made by repeating the seed articles;
  * ``marks K``: one document with K quotation marks, in three shapes: quoted sentences
    (``Er sagte: „Das ist gut.“``), unbalanced openers (``„Ja ``) and straight quotes (``"Ja" ``).
Stages: ``scan`` (marks.scan), ``analyze`` (rule analyzer: paragraphs, sentences, words, lemmas),
``pipeline`` (Pipeline("rules").process, everything). Each run happens in a child process that is
stopped after ``--timeout`` seconds; once a stage times out, its larger sizes are skipped.
Linear cost shows as a flat "s/MB" (or "s/10k marks") column; "growth" is that figure divided by
the one of the smallest size. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARK_SHAPES = {
    "quoted sentences": ("Er sagte: „Das ist gut.“ ", 2),
    "unbalanced openers": ("„Ja ", 1),
    "straight quotes": ('"Ja" ', 2),
}


def seed_text(chars: int) -> str:
    joined = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    return (joined * (chars // len(joined) + 1))[:chars]


def marks_text(shape: str, marks: int) -> str:
    unit, per_unit = MARK_SHAPES[shape]
    return unit * (marks // per_unit)


def _measure(stage: str, text: str, queue: mp.Queue) -> None:
    from nato_quotes import Pipeline
    from nato_quotes.marks import scan
    from nato_quotes.rules_analyzer import RuleAnalyzer

    pipeline = Pipeline("rules")
    pipeline.process("„Wir sind bereit“, sagte Stoltenberg.")  # load the lexicons before timing
    run = {"scan": lambda: scan(text), "analyze": lambda: RuleAnalyzer().analyze(text),
           "pipeline": lambda: pipeline.process(text)}[stage]
    start = time.perf_counter()
    run()
    queue.put(time.perf_counter() - start)


def measure(stage: str, text: str, timeout: float) -> float | None:
    """Seconds for ``stage`` on ``text`` in a child process; None after ``timeout``."""
    queue: mp.Queue = mp.Queue()
    child = mp.Process(target=_measure, args=(stage, text, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get() if not queue.empty() else float("nan")


def ladder(stage: str, unit: str, items: list[tuple[float, str, str]], timeout: float) -> None:
    """Measure growing inputs ``(amount, name, text)``; ``amount`` counts ``unit`` (MB or 10k marks)."""
    first = None
    for amount, label, text in items:
        name = f"{stage:<9} {label}"
        if first == "stopped":
            print(f"{name:<48} skipped (smaller size timed out)", flush=True)
            continue
        seconds = measure(stage, text, timeout)
        if seconds is None:
            print(f"{name:<48} > {timeout:.0f} s (stopped)", flush=True)
            first = "stopped"
            continue
        per = seconds / amount
        first = first or per
        print(f"{name:<48} {seconds:9.2f} s {per:9.2f} s/{unit} growth {per / first:5.1f}x", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--stages", default="scan,analyze,pipeline")
    parser.add_argument("--sizes", default="1,2,5,10", help="document sizes in MB")
    parser.add_argument("--marks", default="10000,50000,100000", help="numbers of quotation marks")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run before it is stopped")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    marks = [int(m) for m in args.marks.split(",")]
    print(f"{'stage / workload':<48} {'seconds':>11} {'per unit':>13}   growth (1.0x = linear)")
    for stage in args.stages.split(","):
        ladder(stage, "MB", [(mb, f"text {mb:g} MB", seed_text(int(mb * 1_000_000))) for mb in sizes], args.timeout)
        for shape in MARK_SHAPES:
            items = [(k / 10_000, f"{k} marks, {shape}", marks_text(shape, k)) for k in marks]
            ladder(stage, "10k marks", items, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
