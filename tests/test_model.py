"""The typed output model: lossless JSON round trip and exact spans."""

from __future__ import annotations

from nato_quotes import DocumentResult, Quote


def test_json_round_trip_is_lossless(seed_results) -> None:
    for result in seed_results.values():
        again = DocumentResult.model_validate_json(result.model_dump_json())
        assert again == result
        assert again.model_dump() == result.model_dump()


def test_every_span_indexes_the_text(seed_results, seed_texts) -> None:
    for name, result in seed_results.items():
        text = seed_texts[name]
        for quote in result.quotes:
            for span in quote.spans:
                assert text[span.start:span.end] == span.text
            assert quote.text == " … ".join(s.text for s in quote.spans)
            if quote.speaker and quote.speaker.span:
                sp = quote.speaker.span
                assert text[sp.start:sp.end] == sp.text == quote.speaker.mention
            if quote.cue:
                assert all(text[s.start:s.end] == s.text for s in quote.cue.spans)


def test_every_quote_explains_itself(seed_results) -> None:
    for result in seed_results.values():
        assert result.analyzer == "rules"
        for quote in result.quotes:
            assert quote.rule and quote.passes
            if quote.speaker is not None:
                assert quote.speaker.resolution
                assert any(p.startswith("speaker:") for p in quote.passes)


def test_quote_properties() -> None:
    quote = Quote(text="a … b", spans=[{"start": 0, "end": 1, "text": "a"}, {"start": 5, "end": 6, "text": "b"}],
                  kind="direct", rule="test")
    assert (quote.start, quote.end) == (0, 6)
    assert quote.speaker_name is None
