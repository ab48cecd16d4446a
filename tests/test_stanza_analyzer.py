"""StanzaAnalyzer: loading from a model folder, exact offsets, batching, clear errors.

Uses the tiny smoke model (../shared/models/stanza-de-smoke, or $NATO_QUOTES_STANZA_SMOKE) and never
asserts linguistic accuracy with it. The CoNLL-U conversion tests need no model.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from stanza.utils.conll import CoNLL

from nato_quotes.analysis import Analysis
from nato_quotes.errors import NatoQuotesError
from nato_quotes.models import ModelNotFoundError
from nato_quotes.segment import paragraphs
from nato_quotes.stanza_analyzer import StanzaAnalyzer, analysis_from_stanza_doc, parse_feats

REPO = Path(__file__).resolve().parents[1]
SMOKE = Path(os.environ.get("NATO_QUOTES_STANZA_SMOKE", REPO.parent / "shared" / "models" / "stanza-de-smoke"))
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
FIXTURES = Path(__file__).parent / "fixtures" / "conllu"

needs_smoke = pytest.mark.skipif(not (SMOKE / "resources.json").is_file(), reason="smoke model not available")


@pytest.fixture(scope="module")
def analyzer() -> StanzaAnalyzer:
    if not (SMOKE / "resources.json").is_file():
        pytest.skip("smoke model not available")
    return StanzaAnalyzer(model_dir=SMOKE, use_gpu=False, batch_size=2, threads=1)


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    if not SEEDS:
        pytest.skip("no seed texts")
    return [path.read_text(encoding="utf-8") for path in SEEDS]


EXTRA = ["", "Er sagte: „Wir kommen.“"]


@pytest.fixture(scope="module")
def batched(analyzer, seed_texts) -> list[Analysis]:
    """All seeds plus an empty and a short document through analyze_many (2 documents per stanza call)."""
    return list(analyzer.analyze_many(iter([*seed_texts, *EXTRA])))


def assert_offsets_exact(analysis: Analysis) -> None:
    """Every word maps onto its text; words of a multi-word token share the token's span."""
    text = analysis.text
    for sentence in analysis.sentences:
        spans = [(t.start, t.end) for t in sentence.tokens]
        assert sentence.start == spans[0][0] and sentence.end == spans[-1][1]
        for i, token in enumerate(sentence.tokens):
            assert 0 <= token.start < token.end <= len(text)
            if text[token.start:token.end] != token.text:
                shared = [j for j in (i - 1, i + 1) if 0 <= j < len(spans) and spans[j] == spans[i]]
                assert shared, (token.text, text[token.start:token.end])
                assert not text[token.start:token.end].isspace()
        assert spans == sorted(spans)
    starts = [s.start for s in analysis.sentences]
    assert starts == sorted(starts)


def paragraph_of(analysis: Analysis, offset: int) -> int:
    return max(i for i, (start, _) in enumerate(analysis.paragraphs) if start <= offset)


# --- conversion (no model needed) ---------------------------------------------------------------


def test_parse_feats():
    assert parse_feats("Case=Nom|Mood=Sub") == {"Case": "Nom", "Mood": "Sub"}
    assert parse_feats(None) == {} and parse_feats("_") == {}


def test_conllu_conversion_offsets_heads_and_mwt():
    doc = CoNLL.conll2doc(input_file=str(FIXTURES / "dass_psaki_chain.conllu"))
    text = "\n\n".join(sentence.text for sentence in doc.sentences)
    analysis = analysis_from_stanza_doc(doc, text)
    assert analysis.analyzer == "stanza"
    assert_offsets_exact(analysis)
    first, second = analysis.sentences
    assert (first.paragraph, second.paragraph) == (0, 1)
    assert first.parsed and second.parsed
    zu, dem = (t for t in first.tokens if t.text in ("zu", "dem"))
    assert (zu.start, zu.end) == (dem.start, dem.end)
    assert text[zu.start:zu.end] == "zum"
    assert (zu.lemma, dem.lemma, dem.upos) == ("zu", "der", "DET")
    root = [i for i, t in enumerate(first.tokens) if t.head is None]
    assert [first.tokens[i].text for i in root] == ["bestätigte"]
    werde = next(t for t in first.tokens if t.text == "werde")
    assert first.tokens[werde.head].text == "reisen" and werde.deprel == "aux" and werde.is_subjunctive
    assert all(t.ner == "" for t in first.tokens)


def test_conversion_searches_when_offsets_are_missing_and_text_has_extra_space():
    doc = CoNLL.conll2doc(input_file=str(FIXTURES / "so_x.conllu"))
    text = "  Man werde  die Truppenpräsenz\nüberdenken ,  so Stoltenberg."
    analysis = analysis_from_stanza_doc(doc, text)
    assert_offsets_exact(analysis)
    assert [text[t.start:t.end] for t in analysis.sentences[0].tokens][-3:] == ["so", "Stoltenberg", "."]


def test_a_word_missing_from_the_text_still_gets_a_non_empty_span():
    """The parse's text lost its final word (an edited document): the word is placed at the text's
    end, one character wide, never as an empty span."""
    doc = CoNLL.conll2doc(input_file=str(FIXTURES / "so_x.conllu"))
    text = "Man werde die Truppenpräsenz überdenken, so Stoltenberg"  # the final "." is gone
    analysis = analysis_from_stanza_doc(doc, text)
    tokens = analysis.sentences[0].tokens
    assert all(0 <= t.start < t.end <= len(text) for t in tokens)
    assert [text[t.start:t.end] for t in tokens][-2:] == ["Stoltenberg", "g"]


# --- with the smoke model ---------------------------------------------------------------------


def test_loads_from_model_folder(analyzer):
    assert analyzer.name == "stanza"
    assert "ner" not in analyzer.pipeline.processors  # the smoke model has no NER: dropped, not fatal
    analysis = analyzer.analyze("Stoltenberg sagte am Donnerstag, die Nato sei bereit.")
    assert analysis.analyzer == "stanza"
    assert analysis.sentences and all(s.parsed for s in analysis.sentences)
    for sentence in analysis.sentences:
        assert sum(t.head is None for t in sentence.tokens) == 1
        assert all(t.head is None or 0 <= t.head < len(sentence.tokens) for t in sentence.tokens)
        assert all(t.upos and t.deprel for t in sentence.tokens)


def test_seed_offsets_are_exact(seed_texts, batched):
    for text, analysis in zip(seed_texts, batched, strict=False):
        assert analysis.text == text
        assert analysis.paragraphs == paragraphs(text)
        assert_offsets_exact(analysis)
        for sentence in analysis.sentences:
            assert sentence.paragraph == paragraph_of(analysis, sentence.start)
        covered = "".join(text[t.start:t.end] for s in analysis.sentences for t in s.tokens)
        assert len(covered) >= 0.9 * len("".join(text.split()))


def test_analyze_many_matches_analyze(analyzer, seed_texts, batched):
    """Batched results equal one call per document, whatever the position in the batch."""
    texts = [*seed_texts, *EXTRA]
    assert [a.text for a in batched] == texts
    empty = batched[len(seed_texts)]
    assert empty.sentences == [] and empty.paragraphs == []
    for i in (len(texts) - 1, len(seed_texts) - 1, len(seed_texts) - 2):
        assert batched[i] == analyzer.analyze(texts[i])


def test_user_supplied_pipeline(analyzer):
    own = StanzaAnalyzer(analyzer.pipeline)
    assert own.pipeline is analyzer.pipeline and own.model_dir is None
    assert own.analyze("Die Nato ist bereit.") == analyzer.analyze("Die Nato ist bereit.")


def test_threads_on_the_pipeline_and_their_default(analyzer, monkeypatch):
    """``Pipeline(threads=N)`` sets torch's threads where stanza runs; by default stanza, which runs in
    one process whatever ``workers`` says, gets the usable cores, and the note says so."""
    import torch

    from nato_quotes import Pipeline
    from nato_quotes.batch import run_batch
    from nato_quotes.models import default_threads

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    before = torch.get_num_threads()
    try:
        pipeline = Pipeline(analyzer.pipeline, threads=1)
        assert torch.get_num_threads() == 1
        (quote,) = pipeline.process("„Wir sind bereit“, sagte Stoltenberg.").quotes
        assert quote.text == "Wir sind bereit"
        torch.set_num_threads(default_threads() + 1)  # so that run_batch visibly sets it
        results, note = run_batch([{"id": "a", "text": "Die Nato ist bereit."}], analyzer=analyzer.pipeline, workers=2)
        assert torch.get_num_threads() == default_threads()
        assert f"stanza (user stanza.Pipeline, {default_threads()} torch thread" in note
        assert "--workers is for the rules analyzer" in note
        assert [r.doc for r in results] == ["a"]
    finally:
        torch.set_num_threads(before)


def test_missing_model_dir_raises_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError) as info:
        StanzaAnalyzer(model_dir=tmp_path / "nothing-here")
    message = str(info.value)
    assert "nato-quotes models download" in message
    assert str(tmp_path / "nothing-here") in message
    assert "\n" not in message
    assert isinstance(info.value, NatoQuotesError)


def test_model_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(ModelNotFoundError, match="nato-quotes models download") as info:
        StanzaAnalyzer()
    assert str(tmp_path) in str(info.value)


@needs_smoke
def test_incomplete_folder_raises_model_not_found(tmp_path):
    """resources.json lists a model file that is missing: ModelNotFoundError, not a stanza traceback."""
    (tmp_path / "de").mkdir()
    (tmp_path / "resources.json").write_text((SMOKE / "resources.json").read_text(encoding="utf-8"))
    for processor in ("tokenize", "mwt", "pos", "lemma", "depparse"):
        (tmp_path / "de" / processor).mkdir()
        (tmp_path / "de" / processor / "gsd.pt").symlink_to(SMOKE / "de" / processor / "gsd.pt")
    with pytest.raises(ModelNotFoundError, match="nato-quotes models download"):
        StanzaAnalyzer(model_dir=tmp_path)  # the pretrain file the tagger needs is absent


@needs_smoke
def test_corrupt_model_file_raises_model_not_found(tmp_path):
    (tmp_path / "resources.json").write_text((SMOKE / "resources.json").read_text(encoding="utf-8"))
    for path in (SMOKE / "de").rglob("*.pt"):
        target = tmp_path / path.relative_to(SMOKE)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.parent.name == "pos":
            target.write_bytes(b"not a torch file")
        else:
            target.symlink_to(path)
    with pytest.raises(ModelNotFoundError, match="nato-quotes models download") as info:
        StanzaAnalyzer(model_dir=tmp_path)
    assert "\n" not in str(info.value)


def test_parse_rules_run_on_noisy_parses(seed_texts, batched):
    """Whatever the (weak) parser outputs, attributions are well-formed: valid, disjoint word sets."""
    from nato_quotes.parse_rules import parse_attributions

    cues = {"sagen", "erklären", "betonen", "warnen", "mitteilen", "ankündigen"}
    for analysis in batched[: len(seed_texts)]:
        for sentence in analysis.sentences:
            for found in parse_attributions(sentence, lambda t: t.lemma in cues):
                parts = (set(found.cue), set(found.speaker), set(found.content))
                assert all(parts) and all(0 <= i < len(sentence.tokens) for part in parts for i in part)
                assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
                assert found.pattern.startswith("parse:")


@needs_smoke
def test_triggered_only_parses_the_sentences_that_can_hold_speech_and_keeps_offsets(seed_texts):
    """Only flagged or quoted sentences (and the one before each) go to stanza; the rest keep the rules."""
    from nato_quotes import Pipeline
    from nato_quotes.rules_analyzer import RuleAnalyzer
    from nato_quotes.stanza_analyzer import parse_runs

    analyzer = StanzaAnalyzer(model_dir=SMOKE, use_gpu=False, threads=1, triggered_only=True)
    text = seed_texts[0] + "\n\nEs regnete den ganzen Tag in Hamburg. Die Sonne kam erst am Abend."
    analysis = analyzer.analyze(text)
    rules = RuleAnalyzer().analyze(text)
    runs = parse_runs(rules)
    wanted = sum(b - a + 1 for a, b in runs)
    assert 0 < wanted < len(rules.sentences)  # the weather sentences are left out
    parsed = [s for s in analysis.sentences if s.parsed]
    assert parsed and len(analysis.sentences) > len(parsed)
    assert not any(s.parsed for s in analysis.sentences if "regnete" in text[s.start:s.end])
    starts = [s.start for s in analysis.sentences]
    assert starts == sorted(starts)
    assert_offsets_exact(analysis)
    result = Pipeline(analyzer).process(text)
    assert result.analyzer == "stanza" and all(text[s.start:s.end] == s.text for q in result.quotes for s in q.spans)
