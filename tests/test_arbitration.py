"""Arbitration between the parse's and the rules' proposals, on hand-written CoNLL-U parses."""

from __future__ import annotations

from pathlib import Path

import nato_quotes

FIXTURES = Path(__file__).parent / "fixtures" / "conllu"


def quotes(name: str, precedence: str = "arbitrate"):
    text = (FIXTURES / f"{name}.conllu").read_text(encoding="utf-8")
    return nato_quotes.Pipeline("conllu", precedence=precedence).process(text).quotes


def arbitration(quote) -> str:
    return next(p for p in quote.passes if p.startswith("arbitration:"))


def test_wrong_parse_subject_loses_to_the_right_rule_speaker():
    # the parse makes "Die Regierung" (the content's subject) the speaker and the speaker an object
    (wrong,) = quotes("arbitration_wrong_parse", precedence="parse")
    assert wrong.speaker.mention == "Die Regierung"
    (quote,) = quotes("arbitration_wrong_parse")
    assert quote.speaker.mention == "der Minister"
    assert quote.text == "Die Regierung habe die Lage im Griff"
    assert arbitration(quote) == "arbitration:rules(parse failed: content-not-set-off)"


def test_right_parse_speaker_wins_over_a_wrong_rule_speaker():
    rules = nato_quotes.Pipeline("rules").process("„Wir sind bereit“, sagte dem Sender am Montag der Minister.")
    assert rules.quotes[0].speaker.mention == "dem Sender"  # the rules take the first noun phrase
    (quote,) = quotes("arbitration_right_parse")
    assert quote.speaker.mention == "der Minister"
    assert quote.kind == "direct" and quote.text == "Wir sind bereit"
    assert arbitration(quote) == "arbitration:parse(rule speaker: not-nominative)"


def test_agreement_is_recorded():
    results = quotes("two_documents_mwt")
    assert [arbitration(q) for q in results] == ["arbitration:agree", "arbitration:agree"]


def test_reported_speech_from_the_tree():
    text = "Der Präsident äußerte am Montag zurückhaltende Kritik an der Junta."
    assert nato_quotes.Pipeline("rules").process(text).quotes == []  # "äußern" needs content for the rules
    (quote,) = quotes("reported_object")
    assert (quote.text, quote.spkatt_type, quote.rule) == (
        "zurückhaltende Kritik an der Junta", "Reported", "parse-cue:reported-object")
    assert quote.speaker.mention == "Der Präsident"
    assert arbitration(quote) == "arbitration:parse(only the parse; credible)"


def test_hearsay_sollen_from_the_tree():
    text = "Der Mann soll die Frau getötet haben, die ihn verlassen hatte."
    assert nato_quotes.Pipeline("rules").process(text).quotes == []  # the sentence does not end in "haben"
    (quote,) = quotes("hearsay_sollen_relative")
    assert (quote.spkatt_type, quote.rule) == ("FreeIndirect", "parse-cue:hearsay-sollen")
    assert quote.speaker.anonymous
