"""Seeds scorer: must give exactly the numbers of the official ``tools/score_seeds.py``."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from nato_quotes.evaluate.seeds import (
    evaluate_seeds,
    load_predictions,
    read_seed_gold,
    score_seeds,
    speaker_ok,
)
from nato_quotes.model import DocumentResult, Quote, Speaker, make_span

from .paths import GOLD, SEEDS, SHARED

TEXTS = SEEDS
OFFICIAL = SHARED / "tools" / "score_seeds.py"
needs_official = pytest.mark.skipif(not OFFICIAL.is_file(), reason="tools/score_seeds.py not available")


def _text(doc: str) -> str:
    return (TEXTS / doc).read_text(encoding="utf-8")


def official(pred: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(OFFICIAL), str(GOLD), str(pred), "--texts", str(TEXTS), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def gold_quote(rec: dict, speaker: Speaker | None) -> Quote:
    text = _text(rec["doc"])
    spans = [make_span(text, i, i + len(p)) for p in rec["parts"] for i in [text.find(p)]]
    kind = rec["kind"] if rec["kind"] != "none" else "indirect"
    return Quote(text=" … ".join(s.text for s in spans), spans=spans, kind=kind, speaker=speaker, rule="gold")


def gold_fed_back() -> list[DocumentResult]:
    by_doc: dict[str, list[Quote]] = {}
    for rec in read_seed_gold(GOLD):
        if rec.get("negative"):
            continue
        sp = Speaker(name=rec["speaker"], mention=rec["speaker"]) if rec["speaker"] else None
        by_doc.setdefault(rec["doc"], []).append(gold_quote(rec, sp))
    return [DocumentResult(doc=d, analyzer="gold", quotes=q) for d, q in by_doc.items()]


def random_predictions(seed: int) -> list[dict]:
    """Perturbed gold plus noise, in the mixed formats the official loader accepts."""
    rnd = random.Random(seed)
    gold = read_seed_gold(GOLD)
    names = sorted({g["speaker"] for g in gold if g["speaker"]}) + ["Olaf Scholz", "ein Sprecher"]
    docs: dict[str, list[dict]] = {}
    for rec in gold:
        if rnd.random() < 0.25:
            continue
        text = _text(rec["doc"])
        spans = []
        for p in rec["parts"]:
            i = text.find(p)
            spans.append([max(0, i + rnd.randint(-15, 15)), i + len(p) + rnd.randint(-25, 10)])
        if rnd.random() < 0.3:
            spans = spans[:1]
        who = rnd.choice([rec["speaker"], rec["speaker"], rnd.choice(names), None])
        sp = None
        if who is not None:
            sp = rnd.choice([{"name": who, "mention": "er"}, {"name": None, "mention": f"der {who}"}, who])
        q = {
            "spans": [{"start": s, "end": e} for s, e in spans] if rnd.random() < 0.5 else spans,
            "kind": rec["kind"],
            "text": text[spans[0][0] : spans[0][1]],
            "speaker": sp,
        }
        docs.setdefault(rec["doc"], []).append(q)
    for doc in sorted({g["doc"] for g in gold}):
        n = len(_text(doc))
        for _ in range(rnd.randint(0, 4)):
            a = rnd.randrange(n - 50)
            docs.setdefault(doc, []).append(
                {
                    "spans": [[a, a + rnd.randint(0, 120)]],
                    "kind": "direct",
                    "speaker": {"name": rnd.choice(names)},
                }
            )
    return [{"doc": d, "analyzer": "test", "quotes": q} for d, q in docs.items()]


@needs_official
@pytest.mark.parametrize("seed", range(6))
def test_same_numbers_as_official_script_on_random_predictions(tmp_path, seed):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in random_predictions(seed)), encoding="utf-8"
    )
    mine = evaluate_seeds(pred, GOLD, TEXTS)
    theirs = official(pred)
    assert mine.to_dict() == theirs
    assert 0 < mine.found < mine.gold  # the perturbations really miss some quotes


@needs_official
def test_same_numbers_as_official_script_on_document_results(tmp_path):
    results = gold_fed_back()
    # spoil a few: wrong speaker, dropped quote, a trap hit
    results[0].quotes[2].speaker = Speaker(name="Olaf Scholz", mention="Scholz")
    del results[1].quotes[1]
    trap = next(g for g in read_seed_gold(GOLD) if g.get("negative") and g["doc"] == results[2].doc)
    results[2].quotes.append(gold_quote(trap, None))
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps([r.model_dump() for r in results], ensure_ascii=False), encoding="utf-8")
    mine = evaluate_seeds(results, GOLD, TEXTS)
    assert mine.to_dict() == official(pred)
    assert mine.traps_hit == 1 and mine.false_pos == 1
    assert mine.found == mine.gold - 1 and mine.right == mine.found - 1


@needs_official
def test_same_numbers_as_official_script_with_the_pipeline(tmp_path, rules_pipeline):
    results = [
        rules_pipeline.process(p.read_text(encoding="utf-8"), doc_id=p.name)
        for p in sorted(TEXTS.glob("*.txt"))
    ]
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(r.model_dump_json() for r in results), encoding="utf-8")
    theirs = official(pred)
    assert evaluate_seeds(pred, GOLD, TEXTS).to_dict() == theirs
    assert evaluate_seeds(rules_pipeline, GOLD, TEXTS).to_dict() == theirs
    assert theirs["by_kind"]["all"]["found"] > 0


def test_gold_fed_back_scores_100():
    r = evaluate_seeds(gold_fed_back(), GOLD, TEXTS)
    assert (r.detect_p, r.detect_r, r.e2e_p, r.e2e_r, r.attribution_acc) == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert r.false_pos == 0 and r.traps_hit == 0
    assert r.by_kind["all"]["gold"] == sum(
        1 for g in read_seed_gold(GOLD) if not g.get("negative") and not g.get("optional")
    )


def test_empty_prediction_scores_zero(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("", encoding="utf-8")
    r = evaluate_seeds(empty, GOLD, TEXTS)
    assert r.to_dict()["detect_f1"] == 0.0 and r.e2e_r == 0.0 and r.false_pos == 0
    assert len(r.misses) == r.gold


def test_errors_file_lists_missed_and_spurious(tmp_path):
    results = gold_fed_back()[:1]
    text = _text(results[0].doc)
    i = text.index("Rüdiger König hatte")
    results[0].quotes.append(Quote(text="x", spans=[make_span(text, i, i + 40)], kind="indirect", rule="t"))
    errors = tmp_path / "errors.jsonl"
    r = evaluate_seeds(results, GOLD, TEXTS, errors=errors)
    recs = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    statuses = [rec["status"] for rec in recs]
    assert statuses.count("spurious") == 1 and statuses.count("missed") == r.gold - r.found
    spurious = next(rec for rec in recs if rec["status"] == "spurious")
    assert spurious["context"].startswith("[[Rüdiger König hatte")
    assert "detection" in r.table()


def test_anonymous_speaker_rule():
    gold = {"speaker": "Diplomat", "anonymous": True}
    assert speaker_ok({"name": "", "mention": "ein Diplomat"}, gold)
    assert speaker_ok({"name": "EU-Diplomaten", "mention": ""}, gold)
    assert not speaker_ok({"name": "Jens Stoltenberg", "mention": "er"}, gold)
    named = {"speaker": "Wolodymyr Selenskyj"}
    assert speaker_ok({"name": "WOLODYMYR SELENSKYJ ", "mention": ""}, named)
    assert not speaker_ok({"name": "", "mention": "Wolodymyr Selenskyj"}, named)
    assert speaker_ok(None, {"speaker": None})


def test_loader_accepts_flat_quotes_and_documents(tmp_path):
    flat = tmp_path / "flat.json"
    flat.write_text(
        json.dumps([{"doc": "seeds/a.txt", "start": 3, "end": 9, "speaker": "X"}]), encoding="utf-8"
    )
    assert load_predictions(flat) == [
        {
            "doc": "a.txt",
            "spans": [(3, 9)],
            "kind": None,
            "text": None,
            "speaker": {"name": "X", "mention": "X"},
        }
    ]
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(
        json.dumps({"documents": [{"doc": "b.txt", "quotes": [{"spans": [[1, 2]]}]}]}), encoding="utf-8"
    )
    assert [p["doc"] for p in load_predictions(wrapped)] == ["b.txt"]


def test_score_seeds_rejects_a_gold_part_not_in_the_text():
    bad = [
        {
            "doc": "000_56ca26b95f875162.txt",
            "kind": "direct",
            "parts": ["Das steht da nicht."],
            "speaker": None,
        }
    ]
    with pytest.raises(ValueError, match="gold part not in"):
        score_seeds(bad, [], TEXTS)
