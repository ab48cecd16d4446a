"""Batch runs: input order, per-document failures, lazy streaming, the progress bar.

Memory over 1,000 documents is measured in benchmarks/batch_memory.py (not a test: no timing here).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from itertools import islice

import pytest

from nato_quotes.batch import CHUNK, process_files, process_texts, run_batch
from nato_quotes.inputs import count_records, iter_records
from nato_quotes.models import default_threads
from nato_quotes.rules_analyzer import RuleAnalyzer

from .paths import ROOT, SEEDS

STOLTENBERG = "„Wir sind das stärkste Bündnis der Welt“, sagte NATO-Generalsekretär Jens Stoltenberg."


def seed_records(seed_texts: dict[str, str], copies: int) -> list[dict[str, str]]:
    """``copies`` rounds of the seeds under distinct ids, in a scrambled but known order."""
    names = sorted(seed_texts)
    records = [{"id": f"{n:03d}-{name}", "text": seed_texts[name]}
               for n in range(copies) for name in names]
    return records[::-1][::2] + records[::-1][1::2]


class FailingAnalyzer(RuleAnalyzer):
    """The rule analyzer, except that it crashes on texts containing KAPUTT."""

    name = "rules-failing"

    def analyze(self, text: str):
        if "KAPUTT" in text:
            raise RuntimeError("analyzer crashed on purpose")
        return super().analyze(text)


@pytest.mark.parametrize("workers", [1, 2])
def test_order_preserved_and_same_results(seed_texts, seed_results, workers) -> None:
    records = seed_records(seed_texts, 8)  # 40 documents: several worker chunks
    stream, note = run_batch(records, analyzer="rules", workers=workers, progress=False)
    results = list(stream)
    assert note.startswith("rules")
    assert [r.doc for r in results] == [r["id"] for r in records]
    for result in results:
        expected = seed_results[result.doc.split("-", 1)[1]]
        assert [q.model_dump(exclude={"doc"}) for q in result.quotes] == [
            q.model_dump(exclude={"doc"}) for q in expected.quotes]
        assert all(q.doc == result.doc for q in result.quotes)


@pytest.mark.parametrize("workers", [1, 2])
def test_failing_files_are_reported_and_the_others_come_out(tmp_path, workers) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 kein Text")
    (tmp_path / "latin1.txt").write_bytes("»Wir sind bereit«, sagte der Außenminister.".encode("latin-1"))
    seeds = sorted(SEEDS.glob("*.txt"))
    paths = [seeds[0], tmp_path / "binary.txt", tmp_path / "missing.txt", tmp_path / "latin1.txt", seeds[-1]]
    results = list(process_files(paths, analyzer="rules", workers=workers, progress=False))
    assert [r.doc for r in results] == [str(p) for p in paths]
    errors = {r.doc: r.error for r in results}
    assert "binary file" in errors[str(tmp_path / "binary.txt")]
    assert "no such file" in errors[str(tmp_path / "missing.txt")]
    assert "not UTF-8" in errors[str(tmp_path / "latin1.txt")]
    good = [r for r in results if r.error is None]
    assert [r.doc for r in good] == [str(seeds[0]), str(seeds[-1])]
    assert all(r.quotes for r in good)


def test_analyzer_crash_fails_only_that_document() -> None:
    texts = {"a": STOLTENBERG, "b": "KAPUTT. " + STOLTENBERG, "c": STOLTENBERG}
    results = list(process_texts(texts, analyzer=FailingAnalyzer(), progress=False))
    assert [r.doc for r in results] == ["a", "b", "c"]
    assert results[1].error == "RuntimeError: analyzer crashed on purpose" and not results[1].quotes
    for result in (results[0], results[2]):
        assert result.error is None
        assert [q.speaker.name for q in result.quotes] == ["Jens Stoltenberg"]


def test_chunk_the_workers_cannot_take_is_redone_here(caplog) -> None:
    records = [{"id": f"d{i}", "text": STOLTENBERG} for i in range(3 * CHUNK)]
    records[CHUNK + 1]["callback"] = lambda: None  # cannot be pickled for a worker process
    results = list(run_batch(records, analyzer="rules", workers=2, progress=False)[0])
    assert [r.doc for r in results] == [r["id"] for r in records]
    assert all(r.error is None and r.quotes[0].speaker.name == "Jens Stoltenberg" for r in results)
    assert "processing 16 documents in the main process" in caplog.text


@pytest.mark.parametrize("workers", [1, 2])
def test_records_are_read_lazily(workers) -> None:
    consumed = 0

    def records():
        nonlocal consumed
        for i in range(100_000):
            consumed += 1
            yield {"id": f"d{i}", "text": STOLTENBERG}

    stream, _ = run_batch(records(), analyzer="rules", workers=workers, progress=False)
    first = list(islice(stream, 3))
    assert [r.doc for r in first] == ["d0", "d1", "d2"]
    assert consumed <= max(32, CHUNK * (2 * workers + 1))  # a batch or the chunks in flight, not all
    stream.close()


def test_forced_progress_writes_a_tqdm_bar(seed_texts) -> None:
    bar = io.StringIO()
    records = seed_records(seed_texts, 1)
    results = list(run_batch(records, analyzer="rules", progress=True, progress_file=bar)[0])
    assert len(results) == 5
    out = bar.getvalue()
    assert "nato-quotes" in out and "5/5" in out and "doc/s" in out


def test_progress_off_by_default_off_a_terminal_and_when_disabled(seed_texts) -> None:
    for progress in (None, False):
        bar = io.StringIO()
        assert len(list(run_batch(seed_records(seed_texts, 1), analyzer="rules", progress=progress,
                                  progress_file=bar)[0])) == 5
        assert bar.getvalue() == ""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("columns", [100, 0])  # 0: a terminal without a size, as under `script -qc`
def test_progress_on_by_default_on_a_terminal(seed_texts, columns, monkeypatch) -> None:
    monkeypatch.setenv("NATO_QUOTES_PROGRESS_DELAY", "0")
    master, slave = _terminal(columns)
    try:
        with os.fdopen(os.dup(slave), "w") as terminal:
            list(run_batch(seed_records(seed_texts, 1), analyzer="rules", progress_file=terminal)[0])
        out = _drain(master)
    finally:
        os.close(master)
        os.close(slave)
    assert "nato-quotes" in out and "5/5" in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_default_bar_waits_before_appearing(seed_texts, monkeypatch) -> None:
    monkeypatch.setenv("NATO_QUOTES_PROGRESS_DELAY", "3600")  # far longer than this run
    master, slave = _terminal()
    try:
        with os.fdopen(os.dup(slave), "w") as terminal:
            assert len(list(run_batch(seed_records(seed_texts, 1), analyzer="rules", progress_file=terminal)[0])) == 5
        out = _drain(master)
    finally:
        os.close(master)
        os.close(slave)
    assert "nato-quotes" not in out


def _terminal(columns: int = 100) -> tuple[int, int]:
    """A pseudo-terminal (master, slave) with a window size, as a real terminal has."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    return master, slave


def _drain(master: int) -> str:
    """Everything written so far to the terminal (a pty hands it out in pieces)."""
    import select

    chunks = []
    while select.select([master], [], [], 0.5)[0]:
        data = os.read(master, 65536)
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode()


def _cli_stderr(extra: list[str], tty: bool) -> str:
    """Standard error of ``nato-quotes seeds/ --summary`` with stderr on a pseudo-terminal or a pipe."""
    cmd = [sys.executable, "-m", "nato_quotes", str(SEEDS), "--analyzer", "rules", "--summary", "-q", *extra]
    if not tty:
        return subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True).stderr.decode()
    master, slave = _terminal()
    env = {**os.environ, "NATO_QUOTES_PROGRESS_DELAY": "0"}
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, cwd=ROOT, env=env) as proc:
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        assert proc.wait() == 0
    os.close(master)
    return b"".join(chunks).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_progress_follows_the_terminal_and_the_switch() -> None:
    assert "doc/s" in _cli_stderr([], tty=True)
    assert "doc/s" not in _cli_stderr(["--no-progress"], tty=True)
    assert "doc/s" in _cli_stderr(["--progress"], tty=False)


def _mixed_folder(tmp_path, seed_texts) -> list[str]:
    """A folder of two seed articles, a JSONL archive of three (one blank line), an empty folder and
    a missing file: seven records."""
    folder = tmp_path / "archiv"
    (folder / "sub").mkdir(parents=True)
    names = sorted(seed_texts)
    for name in names[:2]:
        (folder / name).write_text(seed_texts[name], encoding="utf-8")
    lines = [json.dumps({"id": name, "text": seed_texts[name]}, ensure_ascii=False) for name in names[2:]]
    (folder / "sub" / "archiv.jsonl").write_text("\n".join(lines[:1] + [""] + lines[1:]) + "\n", encoding="utf-8")
    (tmp_path / "leer").mkdir()
    return [str(folder), str(tmp_path / "leer"), str(tmp_path / "fehlt.txt")]


def test_count_records_matches_what_is_read(tmp_path, seed_texts) -> None:
    paths = _mixed_folder(tmp_path, seed_texts)
    assert count_records(paths) == len(list(iter_records(paths))) == 7
    assert count_records([*paths, "-"]) is None  # standard input cannot be counted beforehand


def test_folder_progress_bar_has_a_total_from_the_start(tmp_path, seed_texts) -> None:
    bar = io.StringIO()
    paths = _mixed_folder(tmp_path, seed_texts)
    results = list(process_files(paths, analyzer="rules", progress=True, progress_file=bar))
    assert len(results) == 7
    out = bar.getvalue()
    assert "0/7" in out and "7/7" in out and "<" in out  # a total, hence an ETA ("elapsed<remaining")


def test_cli_progress_on_a_folder_shows_the_total() -> None:
    err = subprocess.run([sys.executable, "-m", "nato_quotes", str(SEEDS), "--analyzer", "rules", "--summary",
                          "-q", "--progress"], capture_output=True, cwd=ROOT, check=True).stderr.decode()
    assert "0/5" in err and "5/5" in err


def test_no_counting_without_a_bar(tmp_path, seed_texts, monkeypatch) -> None:
    def fail(paths):
        raise AssertionError("records counted although no bar is shown")

    monkeypatch.setattr("nato_quotes.batch.count_records", fail)
    assert len(list(process_files(_mixed_folder(tmp_path, seed_texts), analyzer="rules", progress=False))) == 7


def test_default_threads_share_the_cores_among_workers(monkeypatch) -> None:
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_threads() == cores
    assert default_threads(2) == max(1, cores // 2)
    assert default_threads(cores * 4) == 1  # never 0
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert default_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "viele")  # unreadable: ignored
    assert default_threads() == cores
