"""The quotation-mark scanner on every mark style, with real news sentences."""

from __future__ import annotations

import pytest

from nato_quotes.marks import scan


def texts(doc: str, *, top_only: bool = True) -> list[str]:
    return [q.text(doc) for q in scan(doc) if not (top_only and q.nested)]


@pytest.mark.parametrize(
    "doc",
    [
        "„Wir sind das stärkste Bündnis der Welt“, sagte Stoltenberg.",
        "»Wir sind das stärkste Bündnis der Welt«, sagte Stoltenberg.",
        "«Wir sind das stärkste Bündnis der Welt», sagte Stoltenberg.",
        '"Wir sind das stärkste Bündnis der Welt", sagte Stoltenberg.',
        "“Wir sind das stärkste Bündnis der Welt”, sagte Stoltenberg.",
        "‚Wir sind das stärkste Bündnis der Welt‘, sagte Stoltenberg.",
        "›Wir sind das stärkste Bündnis der Welt‹, sagte Stoltenberg.",
        "'Wir sind das stärkste Bündnis der Welt', sagte Stoltenberg.",
    ],
)
def test_each_mark_style(doc: str) -> None:
    assert texts(doc) == ["Wir sind das stärkste Bündnis der Welt"]


def test_spans_exclude_marks_and_index_the_text() -> None:
    doc = "Rutte sagte: „Russlands illegaler Krieg bedroht uns alle.“ Dann ging er."
    (quote,) = scan(doc)
    start, end = quote.spans[0]
    assert doc[start:end] == "Russlands illegaler Krieg bedroht uns alle."
    assert doc[quote.marks[0][0]] == "„" and doc[quote.marks[0][1]] == "“"


def test_nested_single_marks_inside_double() -> None:
    doc = "„Er nannte das ‚eine rote Linie‘, und das gilt“, sagte Smith."
    quotes = scan(doc)
    assert [q.text(doc) for q in quotes] == ["Er nannte das ‚eine rote Linie‘, und das gilt", "eine rote Linie"]
    assert [q.depth for q in quotes] == [0, 1]


def test_mismatched_closing_straight_quote() -> None:
    doc = '„Die Arsenale sind leer", hatte Lambrecht erklärt.'
    assert texts(doc) == ["Die Arsenale sind leer"]


def test_german_opening_closed_by_english_right_quote() -> None:
    doc = "„Das ist eine echte Bedrohung”, sagte Biden vor dem Abflug."
    assert texts(doc) == ["Das ist eine echte Bedrohung"]


def test_apostrophes_are_not_quotes() -> None:
    doc = "Wie geht's weiter? Das ist Stoltenberg's Plan und Ku'damm-Gerede."
    assert scan(doc) == []


def test_paragraph_spanning_quote_reopens() -> None:
    doc = (
        "Selenskyj sagte: „Wir brauchen Flugzeuge. Wir brauchen Panzer.\n\n"
        "„Und wir brauchen sie jetzt.“ Danach endete die Sitzung."
    )
    (quote,) = scan(doc)
    assert len(quote.spans) == 2
    assert [doc[s:e] for s, e in quote.spans] == [
        "Wir brauchen Flugzeuge. Wir brauchen Panzer.",
        "Und wir brauchen sie jetzt.",
    ]


def test_quote_running_over_three_paragraphs() -> None:
    doc = "Er sagte: „Erstens.\n„Zweitens.\n„Drittens.“\nEnde."
    (quote,) = scan(doc)
    assert [doc[s:e] for s, e in quote.spans] == ["Erstens.", "Zweitens.", "Drittens."]


def test_unbalanced_quote_stays_in_its_paragraph() -> None:
    doc = (
        "Der Kanzler sagte: „Wir liefern keine Kampfjets.\n\n"
        "Die Debatte geht weiter. Die Opposition kritisiert das.\n\n"
        "Am Abend reiste er ab."
    )
    quotes = scan(doc)
    assert len(quotes) == 1 and not quotes[0].closed
    assert quotes[0].text(doc) == "Wir liefern keine Kampfjets."
    assert quotes[0].end < doc.index("Die Debatte")


def test_stray_closing_mark_is_ignored() -> None:
    doc = "Das Bündnis steht“ zusammen, sagte Stoltenberg. „Wir sind bereit“, fügte er hinzu."
    assert texts(doc) == ["Wir sind bereit"]


def test_many_marks_do_not_explode() -> None:
    doc = "„a“ " * 5000 + "„" * 5000
    quotes = scan(doc)
    assert len([q for q in quotes if q.closed]) == 5000


def test_scare_quotes_are_found_by_the_scanner() -> None:
    # The scanner reports them; the attribution passes decide they are not speech.
    doc = "Die sogenannte „Nato-Ostflanke“ wird verstärkt, berichtet die „Welt“."
    assert texts(doc) == ["Nato-Ostflanke", "Welt"]


@pytest.mark.parametrize("doc, parts", [
    # a paragraph that is only the reopening mark adds no (empty) part
    ("Der General sagte: »Wir brauchen mehr Soldaten, und zwar schnell.\n»\nNeben der Abwehr feindlicher Angriffe "
     "geht es auch um Ausbildung.", ["Wir brauchen mehr Soldaten, und zwar schnell."]),
    ("„Wir brauchen mehr Soldaten, und zwar schnell.\n„Die Bundeswehr muss wachsen.\n„\nDas sagte Pistorius.",
     ["Wir brauchen mehr Soldaten, und zwar schnell.", "Die Bundeswehr muss wachsen."]),
    # „“ with nothing inside is no quotation, so it cannot continue one either
    ("Pistorius sagte: „Wir brauchen mehr Soldaten, und zwar schnell.\n„“ Die Bundeswehr muss wachsen.",
     ["Wir brauchen mehr Soldaten, und zwar schnell."]),
])
def test_no_empty_part_from_a_bare_reopening_mark(doc: str, parts: list[str]) -> None:
    (quote,) = scan(doc)
    assert [doc[s:e] for s, e in quote.spans] == parts


def test_empty_quotation_is_no_quote() -> None:
    doc = "Er nannte das „“ Zeichen und „Unsinn“."
    assert [q.text(doc) for q in scan(doc)] == ["Unsinn"]
