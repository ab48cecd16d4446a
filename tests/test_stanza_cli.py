"""The stanza code path end to end through the CLI: the smoke model on all seeds, and no models."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .paths import ROOT, SEEDS, SMOKE_MODEL

ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nato_quotes", *args], capture_output=True, text=True,
                          cwd=ROOT, env=ENV)


@pytest.mark.skipif(not SMOKE_MODEL.exists(), reason="../shared/models/stanza-de-smoke not present")
def test_smoke_model_on_all_seeds_with_exact_spans(tmp_path) -> None:
    out = tmp_path / "stanza.json"
    done = run(str(SEEDS), "--analyzer", "stanza", "--model-dir", str(SMOKE_MODEL), "--threads", "1",
               "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "analyzer stanza" in done.stderr
    docs = json.loads(out.read_text(encoding="utf-8"))
    assert len(docs) == 5 and all(d["analyzer"] == "stanza" for d in docs)
    checked = 0
    for doc in docs:
        text = (SEEDS / doc["doc"].split("/")[-1]).read_text(encoding="utf-8")
        for quote in doc["quotes"]:
            spans = quote["spans"] + (quote["cue"]["spans"] if quote["cue"] else [])
            spans += [quote["speaker"]["span"]] if quote["speaker"] and quote["speaker"]["span"] else []
            for span in spans:
                assert span["start"] < span["end"] and text[span["start"]:span["end"]] == span["text"]
                checked += 1
    assert checked > 20  # the weak model still finds quotes: the spans were really checked


def test_stanza_without_models_names_the_download_command(tmp_path) -> None:
    done = run(str(SEEDS), "--analyzer", "stanza", "--model-dir", str(tmp_path / "none"))
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "nato-quotes models download" in lines[0]
    assert "Traceback" not in done.stderr


def test_auto_falls_back_to_rules_and_says_so(tmp_path) -> None:
    env = {**ENV, "STANZA_RESOURCES_DIR": str(tmp_path / "empty")}
    done = subprocess.run([sys.executable, "-m", "nato_quotes", str(SEEDS / "004_610fb5c8facdbb16.txt")],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0
    assert "analyzer rules" in done.stderr and "models download" in done.stderr
