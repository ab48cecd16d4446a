"""Flat rows, DataFrames, CSV and JSONL: every Quote field survives, spans included."""

from __future__ import annotations

import builtins
import csv
import io
import json

import pytest

from nato_quotes import export
from nato_quotes.model import Cue, DocumentResult, Quote, Span, Speaker

pd = pytest.importorskip("pandas")

#: Quote fields -> the columns that carry them (nested objects are flattened).
FIELD_COLUMNS = {
    "text": ["text"], "spans": ["spans", "start", "end"], "kind": ["kind"], "spkatt_type": ["spkatt_type"],
    "cue": ["cue", "cue_lemma", "cue_spans"], "confidence": ["confidence"], "rule": ["rule"],
    "passes": ["passes"], "doc": ["doc"],
    "speaker": ["speaker", "speaker_mention", "speaker_start", "speaker_end", "speaker_anonymous",
                "speaker_resolution", "speaker_wikidata", "speaker_explanation", "speaker_type", "speaker_entity"],
}

SPEAKER_COLUMNS = {
    "name": ["speaker"], "mention": ["speaker_mention"], "span": ["speaker_start", "speaker_end"],
    "anonymous": ["speaker_anonymous"], "resolution": ["speaker_resolution"], "wikidata": ["speaker_wikidata"],
    "explanation": ["speaker_explanation"], "type": ["speaker_type"], "entity": ["speaker_entity"],
}
CUE_COLUMNS = {"text": "cue", "lemma": "cue_lemma", "spans": "cue_spans"}


@pytest.fixture(scope="module")
def results(seed_results) -> list[DocumentResult]:
    return list(seed_results.values())


@pytest.fixture(scope="module")
def quotes(results) -> list[Quote]:
    return [q for r in results for q in r.quotes]


def test_every_quote_field_is_a_column(results, quotes) -> None:
    assert set(FIELD_COLUMNS) == set(Quote.model_fields)
    assert set(SPEAKER_COLUMNS) == set(Speaker.model_fields) and set(CUE_COLUMNS) == set(Cue.model_fields)
    assert {c for cols in SPEAKER_COLUMNS.values() for c in cols} == set(FIELD_COLUMNS["speaker"])
    assert set(CUE_COLUMNS.values()) == set(FIELD_COLUMNS["cue"])
    df = export.to_dataframe(results)
    assert list(df.columns) == export.COLUMNS
    assert {c for cols in FIELD_COLUMNS.values() for c in cols} | {"quote_index"} == set(export.COLUMNS)
    assert len(df) == len(quotes) > 40
    assert df["quote_index"].tolist() == [i for r in results for i in range(len(r.quotes))]


def test_dataframe_offsets_index_the_documents(results, seed_texts) -> None:
    df = export.to_dataframe(results)
    assert str(df["start"].dtype) == "int64" and str(df["speaker_start"].dtype) == "Int64"
    for row in df.itertuples():
        text = seed_texts[row.doc]
        first_start, first_end = json.loads(row.spans)[0]
        assert (row.start, text[first_start:first_end]) == (first_start, row.text.split(" … ")[0])
        if row.speaker_mention is not None and not pd.isna(row.speaker_start):
            assert text[row.speaker_start:row.speaker_end] == row.speaker_mention


def test_dataframe_round_trip_rebuilds_the_quotes(results, quotes, seed_texts) -> None:
    df = export.to_dataframe(results)
    assert export.from_dataframe(df) == quotes
    assert export.from_dataframe(df, texts=seed_texts) == quotes
    split = [q for q in quotes if len(q.spans) > 1 or (q.cue and len(q.cue.spans) > 1)]
    assert split, "the seeds hold split quotes and split cues (kündigte … an)"


def test_dataframe_of_quotes_and_of_one_result(results) -> None:
    one = results[-1]
    from_result = export.to_dataframe(one)
    from_quotes = export.to_dataframe(one.quotes)
    assert len(from_result) == len(one.quotes)
    pd.testing.assert_frame_equal(from_result.drop(columns="quote_index"), from_quotes.drop(columns="quote_index"))
    assert export.to_dataframe([]).columns.tolist() == export.COLUMNS


def test_csv_write_read_round_trip(results, quotes, tmp_path) -> None:
    path = tmp_path / "quotes.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        export.write_csv(results, handle)
    with path.open(encoding="utf-8", newline="") as handle:
        plain = list(csv.DictReader(handle))
    assert list(plain[0]) == export.COLUMNS and len(plain) == len(quotes)
    df = export.read_csv(path)
    pd.testing.assert_frame_equal(df, export.to_dataframe(results), check_dtype=False)
    assert export.from_dataframe(df) == quotes


def test_csv_keeps_missing_values_apart_from_text() -> None:
    text = "NA, sagte ein Diplomat."
    quote = Quote(text="NA", spans=[Span(start=0, end=2, text="NA")], kind="direct", rule="test",
                  speaker=Speaker(mention="ein Diplomat", anonymous=True, resolution="anonymous",
                                  span=Span(start=10, end=22, text=text[10:22])),
                  cue=Cue(text="sagte", lemma="sagen", spans=[Span(start=4, end=9, text="sagte")]), doc="d")
    bare = quote.model_copy(update={"speaker": None, "cue": None, "passes": []})
    buffer = io.StringIO()
    export.write_csv([quote, bare], buffer)
    buffer.seek(0)
    assert export.from_dataframe(export.read_csv(buffer)) == [quote, bare]


def test_rows_without_document_text_need_unambiguous_parts() -> None:
    document = "x … y, so er, z"
    one = Quote(text="x … y", spans=[Span(start=0, end=5, text="x … y")], kind="direct", rule="t", doc="d")
    assert list(export.quotes_from_rows(export.rows(one))) == [one]  # a single span is never split
    two = one.model_copy(update={"text": "x … y … z", "spans": [one.spans[0], Span(start=14, end=15, text="z")]})
    with pytest.raises(ValueError, match="texts="):  # three parts for two spans: ambiguous
        list(export.quotes_from_rows(export.rows(two)))
    assert list(export.quotes_from_rows(export.rows(two), texts={"d": document})) == [two]


def test_jsonl_round_trip(results, tmp_path) -> None:
    path = tmp_path / "quotes.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        export.write_jsonl(results, handle)
    assert list(export.read_jsonl(path)) == results
    buffer = io.StringIO()
    export.write_json(results, buffer)
    assert [DocumentResult.model_validate(d) for d in json.loads(buffer.getvalue())] == results


def test_missing_pandas_names_the_extra(monkeypatch, results) -> None:
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"pip install 'nato-quotes\[pandas\]'"):
        export.to_dataframe(results)
    assert next(iter(export.rows(results)))["doc"] == results[0].doc  # rows need no pandas
