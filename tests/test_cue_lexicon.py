"""The cue lexicon (data/cues.json) and the anonymous-source head nouns."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from nato_quotes.lexicon import data_files, lemma, load_word_list

ROOT = Path(__file__).resolve().parents[1]
SPKATT = Path(os.environ.get("NATO_QUOTES_SPKATT", ROOT.parent / "shared" / "corpora" / "spkatt2023"))


@pytest.fixture(scope="module")
def cues() -> dict:
    [path] = [p for p in data_files("cues.json") if "nato_quotes" in p.parts]
    return json.loads(path.read_text(encoding="utf-8"))


def test_file_shape(cues: dict) -> None:
    assert {"verbs", "verbs_weak", "nouns", "according_to", "impersonal", "negations"} <= set(cues)
    for entry in cues["verbs"]:
        assert set(entry) <= {"lemma", "particle", "stem", "example", "past"}, entry
        assert entry["lemma"].islower() and entry["example"], entry
    assert all(isinstance(w, str) and w.islower() for w in cues["verbs_weak"])
    assert all(n[:1].isupper() for n in cues["nouns"])
    assert 100 <= len(cues["verbs"]) <= 250


def test_core_verbs_present(cues: dict) -> None:
    verbs = {e["lemma"] for e in cues["verbs"]}
    assert {
        "sagen",
        "erklären",
        "betonen",
        "warnen",
        "fordern",
        "ankündigen",
        "mitteilen",
        "bekräftigen",
        "versichern",
        "einräumen",
        "berichten",
        "meinen",
        "behaupten",
        "bestätigen",
        "kritisieren",
        "sprechen",
        "hinzufügen",
        "ergänzen",
        "unterstreichen",
        "appellieren",
        "bitten",
    } <= verbs
    assert {"glauben", "hoffen", "vermuten"} <= set(cues["verbs_weak"])


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("sagte", "sagen"),
        ("angekündigt", "ankündigen"),
        ("kündigte", "kündigen"),
        ("mitteilte", "mitteilen"),
        ("betonte", "betonen"),
        ("eingeräumt", "einräumen"),
        ("hinzugefügt", "hinzufügen"),
    ],
)
def test_simplemma_forms(form: str, expected: str) -> None:
    assert lemma(form) == expected


def test_every_verb_lemma_matches_simplemma(cues: dict) -> None:
    wrong = [
        (e["lemma"], e["example"], lemma(e["example"]))
        for e in cues["verbs"]
        if lemma(e["example"]) != e["lemma"]
    ]
    assert wrong == []


def test_separable_stems(cues: dict) -> None:
    for entry in cues["verbs"]:
        particle, stem = entry["particle"], entry["stem"]
        if particle is None:
            assert stem == entry["lemma"] and "past" not in entry, entry
            continue
        assert entry["lemma"] == particle + stem, entry
        assert lemma(entry["past"]) == stem, (entry, lemma(entry["past"]))
    by_lemma = {e["lemma"]: e for e in cues["verbs"]}
    assert (by_lemma["ankündigen"]["particle"], by_lemma["ankündigen"]["stem"]) == ("an", "kündigen")
    assert (by_lemma["mitteilen"]["particle"], by_lemma["mitteilen"]["stem"]) == ("mit", "teilen")


def test_no_duplicates(cues: dict) -> None:
    verbs = [e["lemma"] for e in cues["verbs"]]
    for name, items in [
        ("verbs", verbs),
        ("verbs_weak", cues["verbs_weak"]),
        ("nouns", cues["nouns"]),
        ("according_to", cues["according_to"]),
        ("impersonal", cues["impersonal"]),
    ]:
        assert len(items) == len(set(items)), name
    assert not set(verbs) & set(cues["verbs_weak"])


def test_according_to_phrases(cues: dict) -> None:
    phrases = cues["according_to"]
    assert {"laut", "zufolge", "gemäß", "nach Angaben", "nach Ansicht", "demnach"} <= set(phrases)
    assert all(
        p.split()[0] in {"laut", "zufolge", "gemäß", "demnach", "wonach", "nach", "aus"} for p in phrases
    )
    assert {"hieß es", "heißt es"} <= set(cues["impersonal"])


def test_anonymous_sources() -> None:
    heads = load_word_list("anonymous_sources.txt")
    assert {
        "diplomat",
        "diplomaten",
        "sprecher",
        "regierungskreise",
        "beobachter",
        "experten",
        "insider",
        "quellen",
        "polizei",
        "augenzeugen",
    } <= heads
    assert not any(" " in h for h in heads)
    assert "stoltenberg" not in heads and "nato" not in heads


def _derive_module():
    spec = importlib.util.spec_from_file_location("derive_cues", ROOT / "scripts" / "derive_cues.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (SPKATT / "news" / "train").is_dir(), reason="SpkAtt-2023 corpus not available")
def test_lexicon_covers_frequent_corpus_cues(cues: dict) -> None:
    derive = _derive_module()
    cue_freq, *_ = derive.count(SPKATT / "news", ["train"])
    ours = {e["lemma"] for e in cues["verbs"]} | set(cues["verbs_weak"]) | {"heißen"}
    frequent = {key for (kind, key), n in cue_freq.items() if kind == "verb" and n >= 5}
    frequent -= {
        "geben",
        "halten",
        "kommen",
        "wollen",
        "stehen",
        "lassen",
        "sein",
        "machen",
        "entschieden",
        "in",
        "an",
    }
    assert frequent, "no verb cues counted"
    missing = frequent - ours
    assert not missing, missing
