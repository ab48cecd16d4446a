"""The HTML view (nato_quotes.render): every quote marked with its speaker, valid nesting, safe escaping."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nato_quotes import DocumentResult, Quote, Span, Speaker
from nato_quotes.cli import main
from nato_quotes.export import read_jsonl
from nato_quotes.model import Cue, make_span
from nato_quotes.render import speaker_label, to_html
from nato_quotes.render.markup import Mark, nest, paragraph_ranges

from .html_report import Report
from .paths import SEEDS


@pytest.fixture(scope="module")
def seeds_cli(tmp_path_factory) -> tuple[list[dict], Report]:
    """The seeds through the command line, once as JSON and once as the HTML report."""
    out = tmp_path_factory.mktemp("report")
    for fmt in ("json", "html"):
        assert main([str(SEEDS), "--analyzer", "rules", "-q", "-f", fmt, "-o", str(out / f"seeds.{fmt}")]) == 0
    docs = json.loads((out / "seeds.json").read_text(encoding="utf-8"))
    return docs, Report((out / "seeds.html").read_text(encoding="utf-8"))


def section_ids(report: Report) -> list[str]:
    return [e.attrs["id"] for e in report.with_class("nq-doc")]


def test_every_seed_quote_span_is_marked_with_its_speaker(seeds_cli) -> None:
    docs, report = seeds_cli
    parts = report.parts()
    sections = section_ids(report)
    assert len(sections) == len(docs) == 5
    expected = {}
    for section, doc in zip(sections, docs, strict=True):
        for j, quote in enumerate(doc["quotes"]):
            speaker = quote["speaker"] or {}
            label = speaker.get("name") or speaker.get("mention")
            for k, span in enumerate(quote["spans"]):
                expected[f"{section}-q{j}-p{k}"] = (span["text"], label, quote["kind"])
    assert sum(len(d["quotes"]) for d in docs) > 40
    assert set(parts) == set(expected)
    for part, (text, label, kind) in expected.items():
        attrs, shown = parts[part]
        assert shown == text
        assert attrs["data-kind"] == kind
        if label:
            assert attrs["data-speaker"] == label
        else:
            assert attrs["data-speaker"].startswith("(")


def test_seed_texts_are_shown_whole_with_their_paragraphs(seeds_cli, seed_texts) -> None:
    docs, report = seeds_cli
    shown = report.document_texts()
    for section, doc in zip(section_ids(report), docs, strict=True):
        text = seed_texts[doc["doc"].rsplit("/", 1)[-1]]
        assert shown[section] == text
    paragraphs = [e for e in report.with_class("nq-para")]
    assert len(paragraphs) == sum(len(paragraph_ranges(t)) for t in seed_texts.values())
    assert all("\n\n" not in "".join(p.text).rstrip() for p in paragraphs)


def test_cues_and_speaker_mentions_are_marked(seeds_cli) -> None:
    docs, report = seeds_cli
    cues = [(e.attrs["data-quote"], "".join(e.text)) for e in report.with_class("nq-cue")]
    mentions = report.with_class("nq-speaker")
    for section, doc in zip(section_ids(report), docs, strict=True):
        for j, quote in enumerate(doc["quotes"]):
            quote_id = f"{section}-q{j}"
            if quote["cue"]:
                shown = [text for ids, text in cues if quote_id in ids.split()]
                assert sorted(shown) == sorted(s["text"] for s in quote["cue"]["spans"])
            span = (quote["speaker"] or {}).get("span")
            if span:
                (mention,) = [m for m in mentions if quote_id in m.attrs["data-quote"].split()]
                assert "".join(mention.text) == span["text"]


def test_index_counts_quotes_per_speaker_and_documents_show_their_date(seeds_cli) -> None:
    docs, report = seeds_cli
    counts: dict[str, int] = {}
    for quote in (q for d in docs for q in d["quotes"]):
        label = speaker_label(Quote.model_validate(quote))
        counts[label] = counts.get(label, 0) + 1
    items = report.with_class("nq-legend-item")
    shown = {e.attrs["data-speaker"]: int("".join(report.child(e, "nq-n").text)) for e in items}
    assert shown == counts
    assert items[0].attrs["data-speaker"] == "Jens Stoltenberg"  # most quoted first
    colours = {e.attrs["style"] for e in items}
    assert len(colours) == len(items)  # one colour per speaker
    summaries = ["".join(e.text) for e in report.elements if e.tag == "summary"]
    for summary, doc in zip(summaries, docs, strict=True):
        assert doc["date_source"] in summary
        assert (doc["date"] or "no date") in summary


def test_split_quotes_share_one_id(seed_results) -> None:
    result = next(r for r in seed_results.values() if any(len(q.spans) > 1 for q in r.quotes))
    report = Report(to_html([result]))
    (number, quote), *_ = [(j, q) for j, q in enumerate(result.quotes) if len(q.spans) > 1]
    parts = [e for e in report.with_class("nq-quote") if e.attrs["data-quote"].endswith(f"-q{number}")]
    assert [p.attrs["data-parts"] for p in parts] == [f"{k + 1}/{len(quote.spans)}" for k in range(len(quote.spans))]
    assert ["".join(p.text) for p in parts] == [s.text for s in quote.spans]


def test_html_special_characters_come_out_escaped(rules_pipeline) -> None:
    text = ("„<script>alert('x')</script> & \"Bündnis\" <b>fett</b>“, sagte NATO-Generalsekretär Jens Stoltenberg.\r\n\r\n"
            "Russland müsse den Krieg beenden, sagte der Norweger am\u00a0\"Montag\" & <i>Dienstag</i>.")
    result = rules_pipeline.process(text, doc_id='<img src=x onerror="alert(1)">.txt')
    assert result.quotes and result.quotes[0].spans[0].text.startswith("<script>")
    html = to_html([result])
    assert "<script>alert" not in html and "<b>fett" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Bündnis&quot;" in html
    report = Report(html)
    assert report.script_count == 1  # only the report's own script
    assert not [e for e in report.elements if e.tag in ("b", "i", "img")]
    assert list(report.document_texts().values()) == [text]  # CRLF and the non-breaking space kept
    assert len(report.with_class("nq-para")) == 2
    assert sorted(t for _, t in report.parts().values()) == sorted(s.text for q in result.quotes for s in q.spans)


def test_attribute_values_with_quotes_are_escaped() -> None:
    text = "„Wir bleiben“, sagte er."
    speaker = Speaker(name='Dr. "Evil" <b>&amp;\'', mention="er", span=make_span(text, 21, 23),
                      resolution="pronoun", explanation='pronoun "er" -> <Dr. Evil> & co')
    quote = Quote(text="Wir bleiben", spans=[make_span(text, 1, 12)], kind="direct", rule="t", speaker=speaker)
    html = to_html([DocumentResult(doc="d", analyzer="rules", quotes=[quote]).with_text(text)])
    assert "<b>" not in html.split("<script>")[0] and "<Dr. Evil>" not in html
    report = Report(html)
    (attrs, shown), = report.parts().values()
    assert attrs["data-speaker"] == 'Dr. "Evil" <b>&amp;\''
    assert attrs["data-explanation"] == 'pronoun "er" -> <Dr. Evil> & co'
    assert shown == "Wir bleiben"


def overlapping_result() -> tuple[str, DocumentResult]:
    """A nested quote with its own cue inside a quote, a speaker mention inside another quote, crossing spans."""
    text = ("„Merz hat gesagt: ‚Wir liefern‘, und ich glaube ihm“, sagte Pistorius.\n\n"
            "Die Ministerin sagte, Scholz habe zugestimmt, und Scholz selbst schwieg.")
    def span(part: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = text.index(part, start + 1)
        return make_span(text, start, start + len(part))
    outer = Quote(text="", spans=[span("Merz hat gesagt: ‚Wir liefern‘, und ich glaube ihm")], kind="direct",
                  rule="t", cue=Cue(text="sagte", lemma="sagen", spans=[span("sagte")]),
                  speaker=Speaker(name="Boris Pistorius", mention="Pistorius", span=span("Pistorius"), resolution="name"))
    inner = Quote(text="", spans=[span("Wir liefern")], kind="direct", rule="t",
                  cue=Cue(text="gesagt", lemma="sagen", spans=[span("gesagt")]),
                  speaker=Speaker(name="Friedrich Merz", mention="Merz", span=span("Merz"), resolution="name"))
    crossing = Quote(text="", spans=[span("Scholz habe zugestimmt, und Scholz")], kind="indirect", rule="t",
                     cue=Cue(text="sagte", lemma="sagen", spans=[span("sagte", 1)]),
                     speaker=Speaker(mention="Die Ministerin", span=span("Die Ministerin sagte, Scholz"),
                                     resolution="unresolved"))
    result = DocumentResult(doc="overlap", analyzer="rules", quotes=[outer, inner, crossing])
    return text, result.with_text(text)


def test_overlapping_spans_nest_validly_and_keep_their_text() -> None:
    text, result = overlapping_result()
    report = Report(to_html([result]))  # raises on any end tag that does not close the last open element
    assert list(report.document_texts().values()) == [text]
    shown = {attrs["data-speaker"]: t for attrs, t in report.parts().values()}
    assert shown == {"Boris Pistorius": result.quotes[0].spans[0].text, "Friedrich Merz": "Wir liefern",
                     "Die Ministerin": "Scholz habe zugestimmt, und Scholz"}
    inner = next(e for e in report.with_class("nq-quote") if e.attrs["data-speaker"] == "Friedrich Merz")
    assert report.elements.index(inner) > report.elements.index(report.with_class("nq-quote")[0])
    mentions = report.grouped("nq-speaker", "data-quote")
    assert sorted(t for _, t in mentions.values()) == ["Die Ministerin sagte, Scholz", "Merz", "Pistorius"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab <&\"'\n", min_size=1, max_size=40), st.data())
def test_nest_any_overlap(text: str, data) -> None:
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))
                               .map(sorted).filter(lambda p: p[0] < p[1]), max_size=8))
    marks = [Mark(s, e, "nq-cue", (("data-part", str(i)),), rank=i % 3) for i, (s, e) in enumerate(spans)]
    report = Report(f'<div class="nq-text">{nest(text, 0, len(text), marks)}</div>')
    assert "".join(report.with_class("nq-text")[0].text) == text
    assert {k: t for k, (_, t) in report.grouped("nq-cue", "data-part").items()} == {
        str(i): text[s:e] for i, (s, e) in enumerate(spans)}


def test_paragraph_ranges_cover_the_text() -> None:
    text = "Erster Absatz.\nNoch eine Zeile.\n\n  Zweiter Absatz.\r\n\r\nDritter.\n"
    ranges = paragraph_ranges(text)
    assert "".join(text[s:e] for s, e in ranges) == text
    assert [text[s:e].strip() for s, e in ranges] == ["Erster Absatz.", "Noch eine Zeile.", "Zweiter Absatz.", "Dritter."]
    assert [text[s:e] for s, e in ranges][1] == "Noch eine Zeile.\n\n  "
    assert paragraph_ranges("") == [(0, 0)]


def test_record_fields_are_shown_as_text(tmp_path) -> None:
    archive = tmp_path / "archive.jsonl"
    record = {"id": "a1", "text": "„Wir sind bereit“, sagte Stoltenberg.", "url": "javascript:alert(1)",
              "title": "<b>NATO</b> & Russland"}
    archive.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main([str(archive), "--analyzer", "rules", "-f", "html", "-o", str(out), "-q"]) == 0
    report = Report(out.read_text(encoding="utf-8"))
    (meta,) = report.with_class("nq-doc-meta")
    assert "".join(meta.text) == "url: javascript:alert(1) · title: <b>NATO</b> & Russland"
    assert not [e for e in report.elements if e.tag in ("a", "b")]


def test_error_documents_show_their_error(tmp_path) -> None:
    bad = tmp_path / "kaputt<b>.txt"
    bad.write_bytes(b"PK\x03\x04\x00\x00 <b>binary</b>")
    out = tmp_path / "report.html"
    assert main([str(SEEDS / "001_04a17075d03f92f2.txt"), str(bad), "-f", "html", "-o", str(out), "-q"]) == 1
    report = Report(out.read_text(encoding="utf-8"))
    (error,) = report.with_class("nq-error")
    assert error.attrs["id"] == section_ids(report)[1]
    (message,) = report.with_class("nq-error-msg")
    assert "kaputt<b>.txt" in "".join(message.text) and not [e for e in report.elements if e.tag == "b"]
    assert "kaputt" not in "".join("".join(e.text) for e in report.with_class("nq-doc-meta"))  # shown once
    assert report.parts() and all(e.doc == section_ids(report)[0] for e in report.with_class("nq-quote"))


def test_speaker_filter_keeps_the_documents_quoting_them(tmp_path) -> None:
    out = tmp_path / "rutte.html"
    assert main([str(SEEDS), "--analyzer", "rules", "--speaker", "Rutte", "--workers", "2",
                 "-f", "html", "-o", str(out), "-q"]) == 0
    report = Report(out.read_text(encoding="utf-8"))
    assert len(section_ids(report)) == 1
    assert {attrs["data-speaker"] for attrs, _ in report.parts().values()} == {"Mark Rutte"}
    assert report.document_texts()  # the texts came through the worker processes


def test_results_without_text_show_their_quotes(seed_results, tmp_path) -> None:
    path = tmp_path / "seeds.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in seed_results.values()), encoding="utf-8")
    results = list(read_jsonl(path))
    report = Report(to_html(results))
    assert not report.document_texts()
    assert "not available" in "".join("".join(e.text) for e in report.with_class("nq-note"))
    expected = sorted(s.text for r in results for q in r.quotes for s in q.spans)
    assert sorted(t for _, t in report.parts().values()) == expected
    given = Report(to_html(results, texts={r.doc: r.text for r in seed_results.values()}))
    assert len(given.document_texts()) == len(results)


def test_the_text_is_not_part_of_the_output_format(seed_results) -> None:
    result = seed_results["004_610fb5c8facdbb16.txt"]
    assert result.text and "text" not in result.model_dump()
    again = DocumentResult.model_validate_json(result.model_dump_json())
    assert again.text is None and again == result
    assert result.model_copy(update={"doc": "x"}).text == result.text


def test_many_documents_fold_beyond_the_first(seed_results) -> None:
    base = list(seed_results.values())
    many = [base[i % len(base)].model_copy(update={"doc": f"doc-{i}"}) for i in range(300)]
    report = Report(to_html(many))
    sections = report.with_class("nq-doc")
    assert len(sections) == 300
    assert [("open" in e.attrs) for e in sections] == [True] * 5 + [False] * 295
    assert len(report.document_texts()) == 300


def test_notebook_repr_is_a_fragment(seed_results) -> None:
    result = seed_results["004_610fb5c8facdbb16.txt"]
    html = result._repr_html_()
    assert html.startswith('<div class="nq-report"') and "<html" not in html and "<style>" in html
    report = Report(html)
    assert len(report.parts()) == sum(len(q.spans) for q in result.quotes)
    assert result._repr_html_().split('"')[3] != html.split('"')[3]  # each output has its own root id


def test_speaker_type_is_shown() -> None:
    text = "Das Bündnis werde reagieren, teilte die NATO mit."
    speaker = Speaker(name="NATO", mention="die NATO", span=make_span(text, 36, 44), resolution="name",
                      type="organisation")
    quote = Quote(text="", spans=[make_span(text, 0, 27)], kind="indirect", rule="t", speaker=speaker)
    report = Report(to_html([DocumentResult(doc="d", analyzer="rules", quotes=[quote]).with_text(text)]))
    (attrs, _), = report.parts().values()
    assert attrs["data-type"] == "organisation"
    assert "organisation" in "".join(report.with_class("nq-legend-item")[0].text)
