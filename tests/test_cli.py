"""The nato-quotes command: formats, filters, inputs and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from nato_quotes.cli import main

from .paths import ROOT, SEEDS

STOLTENBERG = "„Wir sind das stärkste Bündnis der Welt“, sagte NATO-Generalsekretär Jens Stoltenberg."


def run(args: list[str], stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "nato_quotes", *args], input=data, capture_output=True, cwd=ROOT)


def test_table_groups_quotes_per_speaker() -> None:
    done = run([str(SEEDS), "--analyzer", "rules"])
    assert done.returncode == 0
    out = done.stdout.decode()
    assert "Jens Stoltenberg" in out and "Mark Rutte" in out
    first_group = out.splitlines()[0]
    assert first_group.startswith("Jens Stoltenberg")  # most quoted first
    assert "analyzer rules" in done.stderr.decode()


def test_speaker_filter_and_csv(tmp_path) -> None:
    out = tmp_path / "rutte.csv"
    assert main([str(SEEDS), "--analyzer", "rules", "--speaker", "rutte", "-f", "csv", "-o", str(out), "-q"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["speaker"] for r in rows} == {"Mark Rutte"}


def test_jsonl_records_keep_extra_fields_and_date(tmp_path) -> None:
    archive = tmp_path / "archive.jsonl"
    records = [
        {"id": "a", "text": "Der NATO-Chef sagte: „Wir stehen zusammen.“", "date": "2022-03-24", "url": "http://x/a"},
        {"id": "b", "text": "Der NATO-Chef sagte: „Wir stehen zusammen.“", "date": "2024-12-04", "source": "dpa"},
    ]
    archive.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(archive), "--analyzer", "rules", "-f", "jsonl", "-o", str(out), "-q"]) == 0
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["meta"] for d in docs] == [{"url": "http://x/a"}, {"source": "dpa"}]
    assert [d["quotes"][0]["speaker"]["name"] for d in docs] == ["Jens Stoltenberg", "Mark Rutte"]
    assert docs[0]["date_source"] == "argument"


def test_stdin_text() -> None:
    done = run(["-", "--analyzer", "rules", "-f", "json"], stdin=STOLTENBERG)
    assert done.returncode == 0
    (doc,) = json.loads(done.stdout)
    assert doc["quotes"][0]["speaker"]["name"] == "Jens Stoltenberg"


def test_unreadable_input_exits_nonzero_with_one_line() -> None:
    done = run(["does-not-exist.txt", "--analyzer", "rules"])
    assert done.returncode == 2
    err = [line for line in done.stderr.decode().splitlines() if "error" in line]
    assert len(err) == 1 and "does-not-exist.txt" in err[0]
    assert "Traceback" not in done.stderr.decode()


def test_summary_counts() -> None:
    buf = io.StringIO()
    sys_stdout, sys.stdout = sys.stdout, buf
    try:
        assert main([str(SEEDS), "--analyzer", "rules", "--summary", "-q"]) == 0
    finally:
        sys.stdout = sys_stdout
    text = buf.getvalue()
    assert "quotes per speaker" in text and "quotes per document" in text
    assert "5 documents" in text


def test_threads_option() -> None:
    """--threads takes a whole number of at least 1 (the rules analyzer does not use it)."""
    done = run(["-", "--analyzer", "rules", "--threads", "1", "-f", "jsonl", "-q"], stdin=STOLTENBERG)
    assert done.returncode == 0 and json.loads(done.stdout)["quotes"][0]["speaker"]["name"] == "Jens Stoltenberg"
    for bad in ("0", "zwei"):
        done = run(["-", "--analyzer", "rules", "--threads", bad], stdin=STOLTENBERG)
        assert done.returncode == 2 and "--threads" in done.stderr.decode() and "Traceback" not in done.stderr.decode()
