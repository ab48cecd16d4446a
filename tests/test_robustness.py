"""Robustness: encodings, odd whitespace, exact offsets, batch isolation and very large inputs.

Timings are measured in ``benchmarks/scaling.py``, not here: the large cases below only show that
the work completes and stays correct, including the full pipeline on a 1 MB document and on 20,000
quotation marks (seconds since attribution and speaker resolution use sorted indexes).
"""

from __future__ import annotations

import codecs
import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import nato_quotes
from nato_quotes import InputError, Pipeline
from nato_quotes.inputs import decode, iter_records, jsonl_records, read_text_file
from nato_quotes.marks import scan
from nato_quotes.rules_analyzer import RuleAnalyzer

from .paths import ROOT, SEEDS

SAY = "„Wir sind bereit, unser Bündnis zu verteidigen“, sagte NATO-Generalsekretär Jens Stoltenberg."
QUOTE = "Wir sind bereit, unser Bündnis zu verteidigen"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nato_quotes", *args], capture_output=True, cwd=ROOT)


def assert_exact(text: str, result: nato_quotes.DocumentResult) -> None:
    """Every span of every quote (parts, cue words, speaker) indexes ``text`` exactly."""
    for quote in result.quotes:
        spans = list(quote.spans) + (quote.cue.spans if quote.cue else [])
        if quote.speaker and quote.speaker.span:
            spans.append(quote.speaker.span)
        for span in spans:
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start:span.end] == span.text


def quote_texts(result: nato_quotes.DocumentResult) -> list[str]:
    return [q.text for q in result.quotes]


# ---------------------------------------------------------------- decoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_unicode_encodings(encoding: str) -> None:
    data = SAY.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # explicit byte order: add the BOM ourselves
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert decode(data) == SAY  # the BOM is not part of the text, so offsets do not shift


def test_binary_file_is_a_one_line_input_error() -> None:
    with pytest.raises(InputError) as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "bild.png")
    message = str(info.value)
    assert "bild.png" in message and "binary" in message and "\n" not in message
    assert issubclass(InputError, nato_quotes.NatoQuotesError)
    assert "undecodable" in InputError.__doc__ or "binary" in InputError.__doc__


def test_read_text_file_raises_input_error(tmp_path: Path) -> None:
    blob = tmp_path / "daten.txt"
    blob.write_bytes(bytes(range(256)))
    with pytest.raises(nato_quotes.InputError, match="daten.txt: binary file"):
        read_text_file(blob)
    with pytest.raises(nato_quotes.InputError, match="fehlt.txt: cannot read"):
        read_text_file(tmp_path / "fehlt.txt")
    (tmp_path / "gut.txt").write_bytes(codecs.BOM_UTF8 + SAY.replace("\n", "\r\n").encode())
    assert read_text_file(tmp_path / "gut.txt") == SAY


def test_latin1_file_names_offending_byte() -> None:
    with pytest.raises(InputError, match=r"art\.txt: not UTF-8 \(byte 0xfc at offset 1\)"):
        decode("Für Frieden".encode("latin-1"), "art.txt")


def test_truncated_utf16_is_an_input_error() -> None:
    with pytest.raises(InputError, match="invalid utf-16"):
        decode(codecs.BOM_UTF16_LE + "Bündnis".encode("utf-16-le")[:-1], "kaputt.txt")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(tmp_path: Path, encoding: str, rules_pipeline: Pipeline) -> None:
    """Windows tools export UTF-16 without a BOM: the seed article gives the same quotes as in UTF-8."""
    seed = SEEDS / "004_610fb5c8facdbb16.txt"
    text = seed.read_text(encoding="utf-8")
    exported = tmp_path / "export.txt"
    exported.write_bytes(text.encode(encoding))
    assert read_text_file(exported) == text
    (record,) = iter_records([exported])
    got = rules_pipeline.process(record["text"], doc_id="x").quotes
    want = rules_pipeline.process(text, doc_id="x").quotes
    assert got == want and len(got) >= 5


@pytest.mark.parametrize("data", [
    struct.pack("<3000H", *(i % 256 for i in range(3000))),  # 16-bit samples below 256: NUL high bytes
    struct.pack(">3000H", *(i % 256 for i in range(3000))),
    bytes(4096),  # all NUL
    b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8,
    b"\x00\x01\x02PK\x03\x04" * 100,
], ids=["le-samples", "be-samples", "zeros", "elf", "zip-like"])
def test_binaries_with_nul_bytes_stay_binary(data: bytes) -> None:
    with pytest.raises(InputError, match="binary file"):
        decode(data, "daten.bin")


def test_jsonl_line_separators_inside_strings_stay_one_record() -> None:
    # U+2028 and U+0085 are legal raw characters in a JSON string; they must not split the record
    text = "Erster Absatz.\u2028„Wir sind bereit“, sagte er.\x85Ende."
    line = json.dumps({"id": "a", "text": text}, ensure_ascii=False)
    (record,) = jsonl_records(line.split("\n"), "archiv.jsonl")
    assert record["text"] == text and "error" not in record


def test_jsonl_file_with_unicode_line_separator(tmp_path: Path) -> None:
    text = "Erster Absatz.\u2028„Wir sind bereit“, sagte er."
    path = tmp_path / "archiv.jsonl"
    lines = [json.dumps({"id": i, "text": text}, ensure_ascii=False) for i in ("a", "b")]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    records = list(iter_records([path]))
    assert [r["id"] for r in records] == ["a", "b"]
    assert all(r["text"] == text and "error" not in r for r in records)


def test_folder_skips_hidden_folders_and_other_suffixes(tmp_path: Path) -> None:
    (tmp_path / ".git" / "objects" / "ab").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "ab" / "cdef0123").write_bytes(b"x\x9c\xcb\xff" * 50)  # no suffix, binary
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "artikel.txt").write_text(SAY, encoding="utf-8")
    (tmp_path / "NOTIZ").write_text("Ohne Endung.", encoding="utf-8")
    records = list(iter_records([tmp_path]))
    assert sorted(Path(r["id"]).name for r in records) == ["NOTIZ", "artikel.txt"]
    assert not any("error" in r for r in records)


# ---------------------------------------------------------------- empty and odd text


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\r\n\t \u00a0\u2009\u3000\r\n", "\ufeff"])
def test_empty_and_whitespace_documents_have_no_quotes(rules_pipeline: Pipeline, text: str) -> None:
    result = rules_pipeline.process(text)
    assert result.error is None and result.quotes == [] and result.chars == len(text)


def test_windows_line_endings_keep_offsets_exact(rules_pipeline: Pipeline, seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        crlf = text.replace("\n", "\r\n")
        unix, windows = rules_pipeline.process(text), rules_pipeline.process(crlf)
        assert_exact(crlf, windows)
        assert [t.replace("\r", "") for t in quote_texts(windows)] == quote_texts(unix), name
        assert [q.speaker_name for q in windows.quotes] == [q.speaker_name for q in unix.quotes], name


def test_non_breaking_spaces_keep_offsets_exact(rules_pipeline: Pipeline, seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        nbsp = text.replace(" sagte ", "\u00a0sagte\u00a0").replace("„ ", "„\u00a0").replace(" Prozent", "\u202fProzent")
        result = rules_pipeline.process(nbsp)
        assert_exact(nbsp, result)
        assert len(result.quotes) == len(rules_pipeline.process(text).quotes), name


def test_offsets_index_the_original_unnormalised_text(rules_pipeline: Pipeline) -> None:
    # BOM as a character, an emoji outside the BMP, decomposed umlauts (no NFC normalisation), NBSP
    text = "\ufeff🇩🇪 Brüssel.\r\n\r\n„Wir sind bereit, unser Bu\u0308ndnis zu verteidigen“,\u00a0sagte Jens Stoltenberg."
    result = rules_pipeline.process(text)
    assert_exact(text, result)
    (quote,) = result.quotes
    assert quote.text == "Wir sind bereit, unser Bu\u0308ndnis zu verteidigen"
    assert quote.speaker is not None and quote.speaker.name == "Jens Stoltenberg"
    assert text.index("Wir") == quote.start


@pytest.mark.parametrize("text", [
    "„" + SAY, "„" * 50 + SAY, "„ „ " + SAY, "\"" * 33 + SAY, "„" * 50 + "\n\n" + SAY, SAY + "“" * 50,
    "»«" * 40 + SAY, "\x00\x01\x7f " + SAY, "\ud800 " + SAY,
])
def test_stray_marks_and_control_characters_do_not_hide_the_quote(rules_pipeline: Pipeline, text: str) -> None:
    result = rules_pipeline.process(text)
    assert result.error is None
    assert_exact(text, result)
    (quote,) = [q for q in result.quotes if QUOTE in q.text]
    assert quote.speaker is not None and quote.speaker.name == "Jens Stoltenberg"


@pytest.mark.parametrize("text", [
    "‚„»„‚" + SAY + "‘“«“‘", "»‚„\"«’“ " * 30 + SAY, SAY.replace("“", ""), "\"" * 7 + "'" * 7 + "‹›" * 9,
])
def test_garbled_marks_keep_offsets_exact(rules_pipeline: Pipeline, text: str) -> None:
    result = rules_pipeline.process(text)
    assert result.error is None
    assert_exact(text, result)
    assert all(0 <= s < e <= len(text) for q in scan(text) for s, e in q.spans)


# ---------------------------------------------------------------- command line and batch isolation


def test_cli_binary_file_alone_fails_with_one_line(tmp_path: Path) -> None:
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    done = cli(str(blob), "--analyzer", "rules", "-f", "json", "-q")
    assert done.returncode == 2
    errors = done.stderr.decode().strip().splitlines()
    assert len(errors) == 1 and str(blob) in errors[0] and "binary" in errors[0]


def test_cli_batch_isolates_bad_files(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    shutil.copytree(SEEDS, mixed)
    (mixed / "aaa_binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (mixed / "bbb_empty.txt").write_bytes(b"")
    (mixed / "ccc_utf16.txt").write_bytes(SAY.encode("utf-16"))  # with BOM
    done = cli(str(mixed), "--analyzer", "rules", "-f", "json", "-q")
    alone = cli(str(SEEDS), "--analyzer", "rules", "-f", "json", "-q")
    assert alone.returncode == 0
    assert done.returncode == 1
    errors = done.stderr.decode().strip().splitlines()
    assert len(errors) == 1 and "aaa_binary.txt" in errors[0] and "binary" in errors[0]
    by_name = {Path(d["doc"]).name: d for d in json.loads(done.stdout)}
    assert by_name["aaa_binary.txt"]["error"] and by_name["aaa_binary.txt"]["quotes"] == []
    assert by_name["bbb_empty.txt"]["error"] is None and by_name["bbb_empty.txt"]["quotes"] == []
    assert [q["text"] for q in by_name["ccc_utf16.txt"]["quotes"]] == [QUOTE]
    seeds_alone = json.loads(alone.stdout)
    assert len(seeds_alone) == 5 and sum(len(d["quotes"]) for d in seeds_alone) > 20
    for doc in seeds_alone:
        name = Path(doc["doc"]).name
        assert _without_doc(by_name[name]["quotes"]) == _without_doc(doc["quotes"]), name


def _without_doc(quotes: list[dict]) -> list[dict]:
    return [{k: v for k, v in q.items() if k != "doc"} for q in quotes]


def test_cli_undecodable_file_in_batch_with_workers(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SAY, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("Für Frieden sagte er „nein“.".encode("cp1252"))
    done = cli(str(tmp_path), "--analyzer", "rules", "-f", "jsonl", "-q", "--workers", "2")
    assert done.returncode == 1
    (error,) = done.stderr.decode().strip().splitlines()
    assert "b.txt" in error and "not UTF-8" in error
    docs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [Path(d["doc"]).name for d in docs] == ["a.txt", "b.txt"]
    assert [q["text"] for q in docs[0]["quotes"]] == [QUOTE]


# ---------------------------------------------------------------- unusable optional fields


BAD_DATE = {"id": "e", "text": "„Wir sind bereit“, sagte Stoltenberg.", "date": "not-a-date"}


def test_bad_jsonl_date_keeps_the_quotes_and_warns_once(tmp_path: Path) -> None:
    archive = tmp_path / "archiv.jsonl"
    archive.write_text(json.dumps(BAD_DATE, ensure_ascii=False) + "\n", encoding="utf-8")
    done = cli(str(archive), "--analyzer", "rules", "-f", "jsonl", "-q")
    assert done.returncode == 0, done.stderr
    (doc,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert doc["error"] is None and doc["date"] is None and doc["date_source"] == "invalid"
    assert [(q["text"], q["speaker"]["name"]) for q in doc["quotes"]] == [("Wir sind bereit", "Jens Stoltenberg")]
    (warning,) = done.stderr.decode().strip().splitlines()
    assert warning.startswith("nato-quotes: e: ") and "'not-a-date'" in warning


def test_bad_cli_date_keeps_every_document_and_is_reported_once(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SAY, encoding="utf-8")
    done = cli(str(tmp_path), "--date", "2022-13-45", "--analyzer", "rules", "-f", "jsonl", "-q")
    assert done.returncode == 0
    docs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(d["date_source"], [q["text"] for q in d["quotes"]]) for d in docs] == [("invalid", [QUOTE])] * 2
    (warning,) = done.stderr.decode().strip().splitlines()
    assert "a.txt" in warning and "'2022-13-45'" in warning and "month must be in 1..12" in warning


def test_bad_date_from_python_is_a_warning_not_an_error(rules_pipeline: Pipeline, caplog) -> None:
    (result,) = rules_pipeline.process_many([{**BAD_DATE, "id": "api-1", "date": "31.02.2022"}])
    assert result.ok and result.date_source == "invalid" and len(result.quotes) == 1
    assert any("api-1" in r.getMessage() and "'31.02.2022'" in r.getMessage() for r in caplog.records)


def test_german_numeric_date_is_read(rules_pipeline: Pipeline) -> None:
    text = "„Wir stehen an der Seite der Ukraine“, sagte der NATO-Generalsekretär."
    result = rules_pipeline.process(text, date="04.12.2024")
    assert (result.date, result.date_source) == ("2024-12-04", "argument")
    assert result.quotes[0].speaker.name == "Mark Rutte"


@pytest.mark.parametrize("record", [
    {"id": None, "text": SAY},  # a null id: the line names the record
    {"id": "", "text": SAY},
    {"id": "n", "text": SAY, "date": 20220324},  # a number that is no date
    {"id": "o", "text": SAY, "date": {"jahr": 2022}},
    {"id": "f", "text": SAY, "error": "Vermerk der Redaktion"},  # a field named error is data
    {"id": ["a", 1], "text": SAY, "extra": [1, {"x": None}]},
])
def test_unusable_optional_fields_never_cost_the_document(tmp_path: Path, record: dict) -> None:
    archive = tmp_path / "archiv.jsonl"
    archive.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    done = cli(str(archive), "--analyzer", "rules", "-f", "jsonl", "-q")
    assert done.returncode == 0, done.stderr
    (doc,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert doc["error"] is None and [q["text"] for q in doc["quotes"]] == [QUOTE]
    assert doc["doc"] == (f"{archive}:1" if record["id"] in (None, "") else str(record["id"]))
    assert doc["meta"] == {k: v for k, v in record.items() if k not in ("id", "text", "date")}


def test_non_string_meta_keys_from_python_are_kept(rules_pipeline: Pipeline) -> None:
    (result,) = rules_pipeline.process_many([{"id": "k", "text": SAY, 2024: "Jahrgang"}])
    assert result.ok and result.meta == {"2024": "Jahrgang"} and [q.text for q in result.quotes] == [QUOTE]


def test_input_error_records_are_still_errors(rules_pipeline: Pipeline) -> None:
    (result,) = rules_pipeline.process_many([{"id": "kaputt.txt", "text": "", "error": "kaputt.txt: binary file"}])
    assert result.error == "NatoQuotesError: kaputt.txt: binary file"


# ---------------------------------------------------------------- large inputs complete (no timing)


def _big_text(seed_texts: dict[str, str], size: int) -> str:
    joined = "\n\n".join(seed_texts.values())
    return (joined * (size // len(joined) + 1))[:size]


def test_one_megabyte_document_is_scanned_and_segmented(seed_texts: dict[str, str]) -> None:
    text = _big_text(seed_texts, 1_000_000)
    analysis = RuleAnalyzer().analyze(text)
    quotes = scan(text)
    assert len(analysis.sentences) > 5_000 and len(quotes) > 1_000
    assert all(text[t.start:t.end] == t.text for s in analysis.sentences[::97] for t in s.tokens)
    assert all(0 <= s < e <= len(text) for q in quotes for s, e in q.spans)


@pytest.mark.parametrize("unit", ["„", "„Ja“ ", "\"", "»‚„\"«’“ ", ".", "1.", "!?"])
def test_twenty_thousand_marks_are_scanned_and_segmented(unit: str) -> None:
    text = unit * (20_000 // max(1, sum(c in "„“\"»«‚‘’" for c in unit)))
    quotes = scan(text)
    analysis = RuleAnalyzer().analyze(text)
    assert all(0 <= s <= e <= len(text) for q in quotes for s, e in q.spans)
    tokens = [t for s in analysis.sentences for t in s.tokens]
    assert tokens and all(text[t.start:t.end] == t.text for t in tokens)
    assert "".join(t.text for t in tokens) == text.replace(" ", "")


def test_many_opening_marks_through_the_pipeline(rules_pipeline: Pipeline) -> None:
    text = "„" * 20_000 + " " + SAY
    result = rules_pipeline.process(text)
    (quote,) = [q for q in result.quotes if QUOTE in q.text]
    assert quote.speaker is not None and quote.speaker.name == "Jens Stoltenberg"


def test_pipeline_on_one_megabyte_and_twenty_thousand_marks(rules_pipeline: Pipeline, seed_texts: dict[str, str]) -> None:
    text = _big_text(seed_texts, 1_000_000)
    result = rules_pipeline.process(text)
    assert result.error is None and len(result.quotes) > 1_000
    assert_exact(text, result)
    marks = "Er sagte: „Das ist gut.“ " * 10_000
    result = rules_pipeline.process(marks)
    assert len(result.quotes) == 10_000
