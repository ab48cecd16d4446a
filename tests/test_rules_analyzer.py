"""The built-in rule analyzer's part-of-speech repairs, on real phrases."""

from __future__ import annotations

import pytest

from nato_quotes.rules_analyzer import RuleAnalyzer


def tags(text: str) -> dict[str, str]:
    return {t.text: t.upos for s in RuleAnalyzer().analyze(text).sentences for t in s.tokens}


@pytest.mark.parametrize(("text", "word"), [
    ("Nach eigenen Angaben konnten die Truppen 500 Zivilisten retten.", "eigenen"),
    ("Nach Meldungen der malaysischen Nachrichtenagentur Bernama zog die Einheit ab.", "malaysischen"),
])
def test_word_between_article_and_noun_is_an_adjective(text, word) -> None:
    assert tags(text)[word] == "ADJ"


def test_finite_verb_before_a_name_stays_a_verb() -> None:
    found = tags("Das bestätigte Stoltenberg am Montag.")
    assert found["bestätigte"] == "VERB"
