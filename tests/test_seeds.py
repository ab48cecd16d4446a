"""Whole-document checks on the five seed articles against the hand-made gold (tests/gold)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nato_quotes.evaluate.seeds import gold_chars, match, predictions_from, score_seeds, speaker_ok

from .paths import GOLD, ROOT, SEEDS, SHARED

CORE_SPEAKERS = {"Jens Stoltenberg", "Mark Rutte", "Annalena Baerbock", "Wolodymyr Selenskyj"}


def _direct_figures(seed_gold, seed_results, seed_texts) -> tuple[float, float, int, int]:
    gold = [g for g in seed_gold if g["kind"] == "direct" and not g.get("negative")]
    preds = [p for p in predictions_from(seed_results.values()) if p["kind"] == "direct"]
    G = [(g, gold_chars(g, seed_texts[g["doc"]])) for g in gold]
    P = [(p["doc"], {c for s, e in p["spans"] for c in range(s, e)}) for p in preds]
    matched = match(G, P)
    required = [i for i, (g, _) in enumerate(G) if not g.get("optional")]
    recall = sum(i in matched for i in required) / len(required)
    precision = len(matched) / max(1, len(preds))
    return recall, precision, len(required), len(preds)


def test_direct_quotes_recall_and_precision(seed_gold, seed_results, seed_texts) -> None:
    recall, precision, n_gold, n_pred = _direct_figures(seed_gold, seed_results, seed_texts)
    print(f"\nseeds direct quotes: recall {recall:.3f} over {n_gold} gold, precision {precision:.3f} over {n_pred}")
    assert recall >= 0.95
    assert precision >= 0.90


def test_no_quote_at_trap_lines(seed_gold, seed_results) -> None:
    report = score_seeds(seed_gold, predictions_from(seed_results.values()), SEEDS)
    assert report.traps_hit == 0, [e for e in report.extras if e["status"] == "trap"]


def test_end_to_end_attribution(seed_gold, seed_results, seed_texts) -> None:
    predictions = predictions_from(seed_results.values())
    report = score_seeds(seed_gold, predictions, SEEDS)
    print("\n" + report.table())
    assert report.e2e_f1 >= 0.95
    assert report.traps_hit == 0
    wrong_core = [m for m in report.misses if m["gold"].get("speaker") in CORE_SPEAKERS
                  and not _inside_a_passage(m["gold"], predictions, seed_texts)]
    assert wrong_core == [], wrong_core


def _inside_a_passage(gold: dict, predictions: list[dict], seed_texts: dict[str, str]) -> bool:
    """A gold sentence the default passage chains merged into a longer quote of the same speaker."""
    chars = gold_chars(gold, seed_texts[gold["doc"]])
    return any(p["doc"] == gold["doc"] and len(p["spans"]) > 1 and speaker_ok(p.get("speaker"), gold)
               and chars <= {c for s, e in p["spans"] for c in range(s, e)} for p in predictions)


@pytest.mark.parametrize("fmt", ["json"])
def test_cli_json_on_seeds_has_exact_spans(tmp_path, seed_texts, fmt) -> None:
    out = tmp_path / "pred.json"
    cmd = [sys.executable, "-m", "nato_quotes", str(SEEDS), "--analyzer", "rules", "--format", fmt, "-o", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    import json

    docs = json.loads(out.read_text(encoding="utf-8"))
    assert len(docs) == len(seed_texts)
    n = 0
    for doc in docs:
        text = seed_texts[doc["doc"].split("/")[-1]]
        for quote in doc["quotes"]:
            for span in quote["spans"]:
                assert text[span["start"]:span["end"]] == span["text"]
                n += 1
    assert n > 40


def test_official_scorer_agrees(tmp_path) -> None:
    """The shared yardstick (../shared/tools/score_seeds.py) gives the numbers our scorer gives."""
    script = SHARED / "tools" / "score_seeds.py"
    if not script.exists():
        pytest.skip("../shared/tools/score_seeds.py not present")
    out = tmp_path / "pred.json"
    subprocess.run([sys.executable, "-m", "nato_quotes", str(SEEDS), "--analyzer", "rules", "-f", "json",
                    "-o", str(out), "-q"], check=True, cwd=ROOT)
    official = subprocess.run([sys.executable, str(script), str(GOLD), str(out), "--texts", str(SEEDS), "--json"],
                              capture_output=True, text=True, check=True)
    import json

    from nato_quotes.evaluate.seeds import load_predictions, read_seed_gold

    ours = score_seeds(read_seed_gold(GOLD), load_predictions(out), SEEDS).to_dict()
    assert json.loads(official.stdout) == ours
