"""Parse-based attribution patterns on hand-written, correct UD German parses (CoNLL-U fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from stanza.utils.conll import CoNLL

from nato_quotes.analysis import Analysis, Sentence, Token
from nato_quotes.parse_rules import (
    ParseAttribution,
    clause_head,
    clause_is_subjunctive,
    content_clause,
    parse_attributions,
    speaker_phrase,
)
from nato_quotes.stanza_analyzer import analysis_from_stanza_doc

FIXTURES = Path(__file__).parent / "fixtures" / "conllu"
CUES = {"sagen", "erklären", "betonen", "warnen", "mitteilen", "ankündigen", "teilen", "bestätigen"}


def is_cue(token: Token) -> bool:
    return token.lemma in CUES


def load(name: str) -> Analysis:
    doc = CoNLL.conll2doc(input_file=str(FIXTURES / f"{name}.conllu"))
    text = " ".join(sentence.text for sentence in doc.sentences)
    return analysis_from_stanza_doc(doc, text)


def words(sentence: Sentence, indexes: list[int]) -> str:
    return " ".join(sentence.tokens[i].text for i in indexes)


def only(sentence: Sentence, cue=is_cue) -> ParseAttribution:
    found = parse_attributions(sentence, cue)
    assert len(found) == 1, found
    return found[0]


CASES = [
    # fixture, pattern, cue, speaker, content, negated, subjunctive
    ("inverted_norweger", "parse:inverted-parataxis", "sagte", "der Norweger",
     "Wir sind das stärkste Bündnis der Welt", False, False),
    ("inverted_sagte_er", "parse:inverted-parataxis", "sagte", "er",
     "Seit Jahren trainieren die Alliierten zigtausende ukrainische Soldaten", False, False),
    ("inverted_sagte_er_ccomp", "parse:nsubj+ccomp", "sagte", "er",
     "Seit Jahren trainieren die Alliierten zigtausende ukrainische Soldaten", False, False),
    ("separable_ankuendigen", "parse:nsubj+ccomp", "kündigte an", "Stoltenberg",
     "man werde sich mit dem Einmarsch Russlands befassen", False, True),
    ("so_x", "parse:so-X", "so", "Stoltenberg", "Man werde die Truppenpräsenz überdenken", False, True),
    ("dass_psaki_chain", "parse:nsubj+ccomp", "bestätigte", "Die Sprecherin des Weißen Hauses Jen Psaki",
     "dass Biden zu dem Nato-Gipfel reisen werde", False, True),
    ("negated_nicht", "parse:nsubj+ccomp", "sagte", "Stoltenberg",
     "Wie die NATO auf einen solchen Fall reagieren würde", True, True),
    ("laut_x", "parse:laut-X", "Laut", "NATO-Generalsekretär Jens Stoltenberg", "sei das Bündnis geeint",
     False, True),
    ("x_zufolge", "parse:X-zufolge", "zufolge", "Einem Sprecher des Ministeriums",
     "habe Russland die Angriffe verstärkt", False, True),
    ("nsubj_prosieben", "parse:nsubj+ccomp", "sagte", "Ein Sprecher des Fernsehsenders ProSieben",
     "der Sender werde die Berichterstattung fortsetzen", False, True),
    ("nach_angaben", "parse:nach-Angaben", "nach Angaben", "Stoltenberg",
     "Bei dem Treffen wird es um die Unterstützung der Ukraine gehen", False, False),
    ("colon_parataxis", "parse:nsubj+parataxis", "sagte", "Stoltenberg", "Die Nato ist bereit", False, False),
    ("wie_x", "parse:wie-X", "mitteilte", "Stoltenberg", "werden die Truppen verstärkt", False, False),
    ("relcl_speaker", "parse:nsubj+ccomp", "sagte", "Der Diplomat", "die Lage sei ernst", False, True),
    ("conj_subject", "parse:nsubj+ccomp", "sagte", "Stoltenberg", "die Lage sei ernst", False, True),
]


@pytest.mark.parametrize(("name", "pattern", "cue", "speaker", "content", "negated", "subjunctive"), CASES)
def test_pattern(name, pattern, cue, speaker, content, negated, subjunctive):
    sentence = load(name).sentences[0]
    found = only(sentence)
    assert found.pattern == pattern
    assert words(sentence, found.cue) == cue
    assert words(sentence, found.speaker) == speaker
    assert words(sentence, found.content) == content
    assert found.negated is negated
    assert found.subjunctive is subjunctive


def test_inverted_variants_agree_on_words():
    """Quotation-as-root (parataxis) and verb-as-root (ccomp) annotations give the same result."""
    a = only(load("inverted_sagte_er").sentences[0])
    b = only(load("inverted_sagte_er_ccomp").sentences[0])
    assert (a.cue, a.speaker, a.content) == (b.cue, b.speaker, b.content)


def test_separable_verb_needs_particle_lemma():
    sentence = load("separable_ankuendigen").sentences[0]
    assert parse_attributions(sentence, lambda t: t.lemma == "ankündigen")
    assert not parse_attributions(sentence, lambda t: t.lemma == "sagen")


def test_konjunktiv_chain_second_sentence():
    """The follow-up sentence has no cue of its own but is marked Konjunktiv for chain continuation."""
    analysis = load("dass_psaki_chain")
    first, second = analysis.sentences
    assert only(first).subjunctive
    assert parse_attributions(second, is_cue) == []
    root = next(i for i, t in enumerate(second.tokens) if t.head is None)
    assert second.tokens[root].text == "gehen"
    assert clause_is_subjunctive(second, root)
    assert not clause_is_subjunctive(load("inverted_norweger").sentences[0], 5)


def test_no_attribution():
    for sentence in load("no_attribution").sentences:
        assert parse_attributions(sentence, is_cue) == [], sentence


def test_source_adverbial_of_a_speech_verb_is_not_a_separate_attribution():
    sentence = load("governed_nach_angaben").sentences[0]
    with_verb = parse_attributions(sentence, lambda t: t.lemma in CUES | {"appellieren"})
    assert [a.pattern for a in with_verb] == ["parse:inverted-parataxis"]
    assert words(sentence, with_verb[0].speaker) == "Selenskyj"
    assert words(sentence, with_verb[0].content) == "Ich bitte darum , an die Sicherheit in Europa zu denken"
    without_verb = parse_attributions(sentence, is_cue)
    assert [a.pattern for a in without_verb] == ["parse:nach-Angaben"]
    assert words(sentence, without_verb[0].speaker) == "Kiew"


def test_speaker_phrase_and_content_clause_helpers():
    sentence = load("dass_psaki_chain").sentences[0]
    sprecherin = next(i for i, t in enumerate(sentence.tokens) if t.text == "Sprecherin")
    assert words(sentence, speaker_phrase(sentence, sprecherin)) == "Die Sprecherin des Weißen Hauses Jen Psaki"
    reisen = next(i for i, t in enumerate(sentence.tokens) if t.text == "reisen")
    assert words(sentence, content_clause(sentence, reisen)) == "dass Biden zu dem Nato-Gipfel reisen werde"
    gipfel = next(i for i, t in enumerate(sentence.tokens) if t.text == "Nato-Gipfel")
    assert clause_head(sentence, gipfel) == reisen


def test_comma_apposition_that_is_not_a_name_is_dropped():
    sentence = load("dass_psaki_chain").sentences[0]
    jen = next(i for i, t in enumerate(sentence.tokens) if t.text == "Jen")
    sentence.tokens[jen].upos = "NOUN"  # pretend "Jen Psaki" were a description set off by commas
    sprecherin = sentence.tokens[jen].head
    assert words(sentence, speaker_phrase(sentence, sprecherin)) == "Die Sprecherin des Weißen Hauses"


def test_niemand_as_subject_is_negated():
    sentence = load("relcl_speaker").sentences[0]
    diplomat = next(i for i, t in enumerate(sentence.tokens) if t.text == "Diplomat")
    sentence.tokens[diplomat].lemma = "niemand"
    assert only(sentence).negated


def test_unparsed_sentence_gives_nothing():
    sentence = load("inverted_norweger").sentences[0]
    sentence.parsed = False
    assert parse_attributions(sentence, is_cue) == []
