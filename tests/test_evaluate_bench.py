"""Helpers of benchmarks/bench.py (no timing is asserted anywhere)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench"] = bench  # dataclasses look their module up
_spec.loader.exec_module(bench)


def test_repeat_to_builds_documents_of_the_requested_size_from_whole_paragraphs():
    seeds = bench.seed_texts(ROOT / "seeds")
    for size in (1_000, 10_000, 100_000):
        doc = bench.repeat_to(seeds, size)
        assert size * 0.5 < len(doc) <= size
        assert doc.startswith(seeds[0][:200])
        assert not doc.endswith("\n")


def test_table_reports_rates():
    row = bench.Row("rules", "seeds x2", docs=10, chars=2_000_000, tokens=300_000, seconds=4.0, quotes=55)
    text = bench.table([row])
    assert text.splitlines()[0].startswith("| analyzer | workload |")
    cells = text.splitlines()[2].split(" | ")
    assert cells[4:9] == ["4.00", "0.500", "2.5", "75,000", "2.00"]
    assert bench.count_tokens("Er sagte: „Ja.“") == 7
