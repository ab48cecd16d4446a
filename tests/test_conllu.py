"""CoNLL-U input (bring your own parse): exact offsets, multi-word tokens, SpaceAfter, documents,
clear errors for malformed files, and the sentence evaluation on the UD German-GSD speech layer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import nato_quotes
from nato_quotes.cli import main as cli_main
from nato_quotes.conllu import ConlluError, conllu_records, read_conllu
from nato_quotes.evaluate.cli import main as evaluate_main

from .paths import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "conllu"
GSD = SHARED / "corpora" / "ud-german-gsd"
GSD_DEV = GSD / "de_gsd-ud-dev.conllu"
SPEECH = GSD / "speech_dev.jsonl"
needs_gsd = pytest.mark.skipif(not GSD_DEV.exists() or not SPEECH.exists(), reason="UD German-GSD not in ../shared")


def _offsets_exact(analysis) -> None:
    """Every word indexes its text; the words of a multi-word token share the token's span."""
    for sent in analysis.sentences:
        for tok in sent.tokens:
            surface = analysis.text[tok.start:tok.end]
            shared = [t for t in sent.tokens if (t.start, t.end) == (tok.start, tok.end)]
            assert surface == tok.text or len(shared) > 1, (surface, tok.text)
            assert tok.end > tok.start


def test_documents_paragraphs_mwt_and_space_after():
    docs = read_conllu((FIXTURES / "two_documents_mwt.conllu").read_text(encoding="utf-8"))
    assert [d.id for d in docs] == ["nato-1", "nato-2"]
    first = docs[0].analysis
    assert first.text == "Stoltenberg reiste zum Gipfel.\n\nEr sagte: „Wir helfen.“"  # 2nd sentence has no '# text'
    assert [s.paragraph for s in first.sentences] == [0, 1]
    zu, dem = first.sentences[0].tokens[2:4]
    assert (zu.text, dem.text) == ("zu", "dem")
    assert first.text[zu.start:zu.end] == first.text[dem.start:dem.end] == "zum"
    assert dem.head == 4 and dem.deprel == "det"
    _offsets_exact(first)
    _offsets_exact(docs[1].analysis)


def test_pipeline_on_conllu_documents():
    records = list(conllu_records([FIXTURES / "two_documents_mwt.conllu"]))
    results = list(nato_quotes.Pipeline("rules").process_many(records))
    assert [r.doc for r in results] == ["nato-1", "nato-2"]
    assert all(r.analyzer == "conllu" for r in results)
    direct = results[0].quotes[0]
    assert direct.text == "Wir helfen." and direct.speaker.name == "Jens Stoltenberg"
    assert direct.rule == "parse-cue:nsubj+parataxis"
    assert results[1].quotes[0].text == "Die Lage sei ernst"


BAD = [
    ("1\tEr\ter\tPRON\t_\t_\t2\tnsubj\t_\n", "1: expected 10 tab-separated columns, found 9"),
    ("1\tEr\ter\tPRON\t_\t_\t2\tnsubj\t_\t_\n3\tsagte\tsagen\tVERB\t_\t_\t0\troot\t_\t_\n", "2: word id 3 out of order"),
    ("1\tEr\ter\tPRON\t_\t_\t5\tnsubj\t_\t_\n2\tsagte\tsagen\tVERB\t_\t_\t0\troot\t_\t_\n", "1: head 5 is beyond"),
    ("x\tEr\ter\tPRON\t_\t_\t0\troot\t_\t_\n", "1: bad word id 'x'"),
    ("# text = Sie sagte.\n1\tEr\ter\tPRON\t_\t_\t0\troot\t_\t_\n", "2: token 'Er' is not in the sentence's '# text'"),
    ("1-2\tzum\t_\t_\t_\t_\t_\t_\t_\t_\n1\tzu\tzu\tADP\t_\t_\t0\troot\t_\t_\n", "1: multi-word token 1-2 lacks its words"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_malformed_conllu_names_the_line(text, message):
    with pytest.raises(ConlluError) as info:
        read_conllu(text, "bad.conllu")
    assert str(info.value).startswith("bad.conllu:" + message) and "\n" not in str(info.value)


def test_cli_reports_a_malformed_file_and_goes_on(tmp_path, capsys):
    bad = tmp_path / "bad.conllu"
    bad.write_text("1\tEr\ter\tPRON\t_\t_\t2\tnsubj\t_\n", encoding="utf-8")
    out = tmp_path / "out.json"
    code = cli_main(["--conllu", str(bad), str(FIXTURES / "two_documents_mwt.conllu"), "-f", "json", "-o", str(out), "-q"])
    assert code == 1
    assert f"{bad}:1: expected 10 tab-separated columns, found 9" in capsys.readouterr().err
    docs = json.loads(out.read_text(encoding="utf-8"))
    assert [d["doc"] for d in docs] == [str(bad), "nato-1", "nato-2"]
    assert docs[1]["quotes"][0]["text"] == "Wir helfen."


@needs_gsd
def test_gsd_dev_round_trip():
    text = GSD_DEV.read_text(encoding="utf-8")
    (doc,) = read_conllu(text, str(GSD_DEV))
    sentences = [line[len("# text = "):] for line in text.splitlines() if line.startswith("# text = ")]
    assert len(doc.analysis.sentences) == len(sentences) == 799
    for sent, expected in zip(doc.analysis.sentences, sentences, strict=True):
        assert doc.analysis.text[sent.start:sent.end] == expected.strip()
        assert sent.parsed
    _offsets_exact(doc.analysis)


def _evaluate(tmp_path, *args) -> dict:
    pred = tmp_path / f"pred{len(list(tmp_path.iterdir()))}.json"
    out = subprocess.run([sys.executable, "-m", "nato_quotes", "evaluate", "sentences", str(SPEECH), *args,
                          "--predictions", str(pred), "--json"], capture_output=True, text=True, check=True)
    ours = json.loads(out.stdout)
    tool = subprocess.run([sys.executable, str(SHARED / "tools" / "score_sentences.py"), str(SPEECH), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    theirs = json.loads(tool.stdout)
    for key in ("quote_p", "quote_r", "quote_f1", "speaker_p", "speaker_r", "speaker_f1", "gold", "pred"):
        assert ours[key] == theirs[key], key
    return ours


@needs_gsd
def test_gold_trees_beat_rules_and_parse_alone(tmp_path):
    rules = _evaluate(tmp_path)
    parse = _evaluate(tmp_path, "--conllu", str(GSD_DEV), "--precedence", "parse")
    arbitrated = _evaluate(tmp_path, "--conllu", str(GSD_DEV))
    assert arbitrated["quote_f1"] >= 0.80 and arbitrated["speaker_f1"] >= 0.78
    for key in ("quote_f1", "speaker_f1"):
        assert arbitrated[key] >= max(rules[key], parse[key])


def test_evaluate_sentences_rejects_a_missing_sent_id(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"sent_id": "nowhere", "text": "Er sagte es.", "quotes": []}) + "\n", encoding="utf-8")
    code = evaluate_main(["sentences", str(gold), "--conllu", str(FIXTURES / "two_documents_mwt.conllu")])
    assert code == 2
    assert "no sentence with sent_id nowhere" in capsys.readouterr().err
