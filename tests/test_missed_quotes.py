"""Quote forms that used to be missed: zu-infinitive complements, quoted outlet names between cue and
content, ... (self-written German sentences, one test or a few per mechanism)."""

from __future__ import annotations

import pytest

from nato_quotes import Pipeline


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline("rules")


def only(nlp: Pipeline, text: str):
    found = nlp.process(text).quotes
    assert len(found) == 1, [(q.rule, q.text) for q in found]
    return found[0]


# ---------------------------------------------------------------- zu-infinitive complements


@pytest.mark.parametrize(("text", "content"), [
    ("Der Bürgermeister hat am Montag angekündigt, von seinem Amt zurückzutreten.", "von seinem Amt zurückzutreten"),
    ("Die Ministerin kündigte an, die Ermittlungen mit Nachdruck voranzutreiben.",
     "die Ermittlungen mit Nachdruck voranzutreiben"),
    ("Der Senator forderte die Regierung auf, die Zahlungen so lange auszusetzen, bis das Gericht entschieden habe.",
     "die Zahlungen so lange auszusetzen, bis das Gericht entschieden habe"),
    ("Die Kanzlerin hat angekündigt, bald zurückzutreten als Vorsitzende der Partei.",
     "bald zurückzutreten als Vorsitzende der Partei"),
])
def test_zu_infinitive_content(nlp, text: str, content: str) -> None:
    q = only(nlp, text)
    assert q.rule == "cue-clause:leading-cue" and q.text == content


@pytest.mark.parametrize(("word", "joined"), [
    ("zurückzutreten", True), ("zuzugehen", True), ("auszusetzen", True),
    ("zurückkehren", False), ("zugehen", False), ("zuzuordnen", True),
])
def test_joined_zu_infinitive(word: str, joined: bool) -> None:
    """The "zu" of a joined zu-infinitive is the one whose removal gives the lemma, not a "zu" prefix."""
    from nato_quotes.analysis import Token
    from nato_quotes.content import _joined_zu
    from nato_quotes.rules_analyzer import word_info

    lemma, upos, _ = word_info(word)
    assert _joined_zu(Token(word, 0, len(word), lemma, upos)) is joined


# ---------------------------------------------------------------- quoted outlet names


def test_quoted_outlet_between_cue_and_content(nlp) -> None:
    q = only(nlp, "Der Staatssekretär sagte der „Rheinischen Post“, dass die Steuer im Herbst sinken solle.")
    assert q.rule == "cue-clause:leading-cue"
    assert q.text == "dass die Steuer im Herbst sinken solle" and q.speaker.mention == "Der Staatssekretär"


def test_quoted_outlet_in_reported_speech_act(nlp) -> None:
    q = only(nlp, "Der Minister bezeichnete den Plan im Gespräch mit dem „Tagesspiegel“ als verfehlt.")
    assert q.rule == "cue-clause:reported-speech" and q.spkatt_type == "Reported"
    assert q.speaker.mention == "Der Minister"
