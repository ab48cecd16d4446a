"""The trigger scan and lazy word analysis: they only skip work, they never change a result."""

from __future__ import annotations

import json

import pytest

from nato_quotes import Pipeline
from nato_quotes.analysis import (
    TRIGGER_CUE,
    TRIGGER_HEARSAY,
    TRIGGER_KONJ1,
    TRIGGER_KONJ2,
    TRIGGER_ROLE,
)
from nato_quotes.cue import find_cues
from nato_quotes.konjunktiv import mood
from nato_quotes.rules_analyzer import RuleAnalyzer
from nato_quotes.source import person_noun_type

from .paths import SEEDS, SPKATT


def flags_of(sentence: str) -> int:
    analysis = RuleAnalyzer().analyze(sentence)
    assert len(analysis.sentences) == 1
    return analysis.sentences[0].triggers


@pytest.mark.parametrize("sentence, expected", [
    ("„Wir sind bereit“, sagte Stoltenberg.", TRIGGER_CUE),
    ("Die Regierung kündigte am Montag neue Sanktionen an.", TRIGGER_CUE),  # separable verb + particle
    ("Nach Angaben der Polizei starben drei Menschen.", TRIGGER_CUE),
    ("Das Abkommen sei gescheitert, hieß es in Brüssel.", TRIGGER_CUE | TRIGGER_KONJ1),
    ("Der Vorwurf, es gebe geheime Absprachen, wiegt schwer.", TRIGGER_CUE | TRIGGER_KONJ1),
    ("Das Beben soll große Schäden verursacht haben.", TRIGGER_HEARSAY),
    ("Der Präsident wäre gern gekommen.", TRIGGER_KONJ2 | TRIGGER_ROLE),
])
def test_flags_name_what_a_sentence_can_hold(sentence, expected):
    assert flags_of(sentence) & expected == expected


@pytest.mark.parametrize("sentence", [
    "Nach dem Spiel gingen alle nach Hause.",  # "nach" without an information noun
    "Es regnete den ganzen Tag in Hamburg.",  # "es" without "hieß"/"heißt"
    "Die Kritik an der Reform wächst.",  # a speech noun without ", …"
    "Das Spiel soll am Sonntag stattfinden.",  # "soll" without a perfect infinitive
])
def test_flags_leave_out_sentences_that_cannot_hold_speech(sentence):
    assert flags_of(sentence) & (TRIGGER_CUE | TRIGGER_HEARSAY) == 0


def test_words_are_analysed_on_first_use_and_equal_the_eager_analysis():
    text = (SEEDS / "000_56ca26b95f875162.txt").read_text(encoding="utf-8")
    lazy = RuleAnalyzer().analyze(text)
    eager = RuleAnalyzer(scan=False).analyze(text)
    assert not any(s.analysed for s in lazy.sentences)
    assert [(s.start, s.end, s.paragraph) for s in lazy.sentences] == [(s.start, s.end, s.paragraph)
                                                                       for s in eager.sentences]
    assert lazy.sentences == eager.sentences  # comparing analyses every sentence
    assert all(s.analysed for s in lazy.sentences)


def _texts(limit: int | None = None) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    dev = SPKATT / "news" / "dev"
    if dev.is_dir():  # optional: the seeds alone still test the scan
        texts += [json.loads(p.read_text(encoding="utf-8"))["originalText"] for p in sorted(dev.glob("*.json"))[:limit]]
    return texts


def test_flags_cover_every_cue_konjunktiv_hearsay_and_role_word():
    """Each flag is set wherever its pass could find something (checked word by word)."""
    checked = 0
    for text in _texts(60):
        for sent in RuleAnalyzer().analyze(text).sentences:
            words = [t.text for t in sent.tokens]
            if find_cues(sent, [False] * len(words)):
                assert sent.triggers & TRIGGER_CUE, text[sent.start:sent.end]
                checked += 1
            moods = {mood(w) for w in words}
            assert "sub1" not in moods or sent.triggers & TRIGGER_KONJ1
            assert "sub2" not in moods or sent.triggers & TRIGGER_KONJ2
            if any(w[:1].isupper() and person_noun_type(w) == "role" for w in words):
                assert sent.triggers & TRIGGER_ROLE
    assert checked > 100


def test_scan_gives_byte_identical_results():
    """The scan and lazy analysis against the full analysis of every word, on seeds and SpkAtt dev."""
    fast, full = Pipeline(RuleAnalyzer()), Pipeline(RuleAnalyzer(scan=False))
    for i, text in enumerate(_texts()):
        assert fast.process(text, doc_id=str(i)).model_dump_json() == full.process(text, doc_id=str(i)).model_dump_json()
    joined = "\n\n".join(_texts(40))  # one long document: chains and antecedents across articles
    assert fast.process(joined).model_dump_json() == full.process(joined).model_dump_json()


def test_flags_stay_right_when_the_chunk_memo_starts_afresh(monkeypatch):
    from nato_quotes import triggers

    text = (SEEDS / "001_04a17075d03f92f2.txt").read_text(encoding="utf-8")
    expected = [s.triggers for s in RuleAnalyzer().analyze(text).sentences]
    scan = triggers.TriggerScan(triggers.lexicon())
    monkeypatch.setattr(triggers, "MEMO_LIMIT", 5)
    monkeypatch.setattr(triggers, "trigger_scan", lambda: scan)
    got = [scan.sentence(text, s.start, s.end) for s in RuleAnalyzer().analyze(text).sentences]
    assert got == expected and len(scan._seen) < 200
