"""Speaker resolution sieves: names, roles with dates, demonyms, pronouns, unknown persons."""

from __future__ import annotations

import pytest

from nato_quotes import Pipeline
from nato_quotes.docdate import find_date, parse_date


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline("rules")


def speaker(nlp: Pipeline, text: str, date: str | None = None, index: int = 0):
    return nlp.process(text, date=date).quotes[index].speaker


@pytest.mark.parametrize(("date", "name"), [("2022-03-24", "Jens Stoltenberg"), ("2024-12-04", "Mark Rutte")])
def test_role_plus_date(nlp, date, name) -> None:
    sp = speaker(nlp, "„Russlands Krieg bedroht uns alle“, sagte der NATO-Chef zum Abschluss.", date)
    assert sp.name == name and sp.resolution == "role+date"
    assert date in sp.explanation


def test_role_without_date_uses_the_holder_named_in_the_document(nlp) -> None:
    text = ("Bündnis-Chef Rutte leitete das Treffen. „Russlands Krieg bedroht uns alle“, sagte der NATO-Chef.")
    sp = speaker(nlp, text)
    assert sp.name == "Mark Rutte" and sp.resolution == "role"
    assert "date unknown" in sp.explanation


def test_demonym(nlp) -> None:
    text = ("Russland stellt nach Ansicht von NATO-Generalsekretär Jens Stoltenberg keine Gefahr dar. "
            "„Wir sind das stärkste Bündnis der Welt“, sagte der Norweger.")
    found = nlp.process(text).quotes
    sp = found[-1].speaker
    assert sp.name == "Jens Stoltenberg" and sp.resolution == "demonym" and sp.mention == "der Norweger"


def test_pronoun_with_genitive_antecedent(nlp) -> None:
    text = ("Die Antwort von NATO-Generalsekretär Jens Stoltenberg auf die Frage fiel deutlich aus. "
            "„Seit Jahren trainieren die Alliierten ukrainische Soldaten“, sagte er.")
    sp = speaker(nlp, text)
    assert sp.name == "Jens Stoltenberg" and sp.resolution == "pronoun"


def test_pronoun_skips_a_woman_for_er(nlp) -> None:
    text = ("Außenministerin Annalena Baerbock nannte die Bausteine. Dafür gab es vom NATO-Chef einen Rüffel. "
            "Er wolle keine eigenen Gedanken hinzufügen, sagte er.")
    sp = nlp.process(text, date="2024-12-04").quotes[-1].speaker
    assert sp.name == "Mark Rutte"


def test_surname_after_full_name(nlp) -> None:
    text = ("Die US-Botschafterin Julianne Smith kam nach Brüssel. "
            "„Wir werden den Druck erhöhen“, sagte Smith.")
    sp = nlp.process(text).quotes[-1].speaker
    assert sp.name == "Julianne Smith"


def test_unknown_person_gets_fullest_mention(nlp) -> None:
    text = ("Rüdiger König vertrat Deutschland. Später sagte König: „Ich stand in der zweiten Reihe.“")
    sp = nlp.process(text).quotes[-1].speaker
    assert sp.name == "Rüdiger König" and sp.resolution in ("surname", "fullest-mention")


def test_kb_aliases_and_inflection(nlp) -> None:
    sp = speaker(nlp, "„Wir brauchen Flugzeuge“, sagte der ukrainische Präsident Selensky.")
    assert sp.name == "Wolodymyr Selenskyj"


def test_document_dates() -> None:
    assert find_date(" date 2022-03 NATO-Verteidigungsminister").iso() == "2022-03"
    assert find_date("Stand: 16.03.2022 03:36 Uhr").source == "dateline"
    assert find_date("Am 24. Februar 2022 begann der Krieg.").iso() == "2022-02-24"
    assert find_date("Kein Datum hier.").source == "unknown"
    assert parse_date("2024").precision == "year"
    with pytest.raises(ValueError):
        parse_date("March 2022")


def test_result_says_when_the_date_is_unknown(nlp) -> None:
    result = nlp.process("„Wir sind bereit“, sagte der NATO-Chef.")
    assert result.date is None and result.date_source == "unknown"
