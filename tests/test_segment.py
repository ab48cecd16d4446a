"""Paragraph, sentence and word segmentation keep exact offsets and respect abbreviations."""

from __future__ import annotations

from nato_quotes.segment import paragraphs, sentences, words


def sentence_texts(text: str) -> list[str]:
    return [text[s:e] for p in paragraphs(text) for s, e in sentences(text, *p)]


def test_dates_and_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Der Einmarsch begann am 24. Februar in der Ukraine. Dr. Müller sprach z. B. über "
        "die Lage, u. a. in Kiew. Der Gipfel findet am 24. und 25. März statt."
    )
    assert sentence_texts(text) == [
        "Der Einmarsch begann am 24. Februar in der Ukraine.",
        "Dr. Müller sprach z. B. über die Lage, u. a. in Kiew.",
        "Der Gipfel findet am 24. und 25. März statt.",
    ]


def test_closing_quote_belongs_to_its_sentence() -> None:
    text = "„Solange wir zusammenstehen, sind wir sicher.“ Gleichzeitig warnte er."
    assert sentence_texts(text) == ["„Solange wir zusammenstehen, sind wir sicher.“", "Gleichzeitig warnte er."]


def test_paragraphs_from_blank_lines_and_single_newlines() -> None:
    text = "Titel der Meldung\nErster Absatz. Noch ein Satz.\n\n  Zweiter Absatz.  \r\n"
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "Titel der Meldung", "Erster Absatz. Noch ein Satz.", "Zweiter Absatz.",
    ]


def test_words_have_exact_offsets() -> None:
    text = "NATO-Chef Rutte sagte am 4.12.2024: „Staats- und Regierungschefs (...) kommen.“"
    spans = words(text, 0, len(text))
    tokens = [text[s:e] for s, e in spans]
    assert "NATO-Chef" in tokens and "Staats-" in tokens and "(...)" in tokens and "„" in tokens
    assert all(text[s:e].strip() == text[s:e] and e > s for s, e in spans)


def test_question_and_exclamation_end_sentences() -> None:
    text = "Wo ist die rote Linie? Ob es Sanktionen gebe? Niemand weiß es!"
    assert len(sentence_texts(text)) == 3


def test_archive_date_header_is_its_own_paragraph() -> None:
    text = " date 2022-03 Russland stellt keine Gefahr dar. Das sagte er."
    assert [text[s:e] for s, e in paragraphs(text)] == ["date 2022-03", "Russland stellt keine Gefahr dar. Das sagte er."]
