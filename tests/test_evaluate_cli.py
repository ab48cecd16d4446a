"""``nato-quotes evaluate`` command line (called as ``main(argv)`` and as ``python -m``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from nato_quotes.evaluate.cli import main

from .test_evaluate_seeds import GOLD, TEXTS, gold_fed_back
from .test_evaluate_spkatt import GOLD as SPKATT_GOLD
from .test_evaluate_spkatt import TEXT, spkatt_json

ROOT = Path(__file__).resolve().parents[1]


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news" / "dev"
    folder.mkdir(parents=True)
    (folder / "3.json").write_text(json.dumps(spkatt_json(TEXT, SPKATT_GOLD)), encoding="utf-8")
    return tmp_path


def test_spkatt_oracle_json(tmp_path, capsys):
    assert main(["spkatt", str(_corpus(tmp_path)), "--analyzer", "oracle", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["macro"]["joint"]["f1"] == 1.0
    assert out["counts"]["gold"] == 3


def test_seeds_predictions_table_and_errors(tmp_path, capsys):
    results = gold_fed_back()
    del results[0].quotes[0]
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(r.model_dump_json() for r in results), encoding="utf-8")
    errors = tmp_path / "err.jsonl"
    assert main(["seeds", str(GOLD), str(TEXTS), "--predictions", str(pred), "--errors", str(errors)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Seeds gold")
    assert "end-to-end" in out
    assert errors.is_file()


def test_missing_corpus_is_an_error_not_a_crash(tmp_path, capsys):
    assert main(["spkatt", str(tmp_path / "nowhere"), "--analyzer", "oracle"]) == 2
    assert "no SpkAtt" in capsys.readouterr().err


def test_python_dash_m(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "nato_quotes.evaluate",
            "spkatt",
            str(_corpus(tmp_path)),
            "--analyzer",
            "oracle",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(out.stdout)["micro"]["quote"]["f1"] == 1.0
