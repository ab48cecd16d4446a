"""The name lists: first_names.txt, person_nouns.txt, org_nouns.txt (and the script that derives evidence)."""

from __future__ import annotations

import importlib.util
import os
from collections import Counter
from pathlib import Path

import pytest

from nato_quotes.lexicon import data_files

ROOT = Path(__file__).resolve().parents[1]
PERSON_TYPES = {"role", "group", "anon", "demonym", "generic"}


def rows(name: str) -> list[list[str]]:
    """Non-comment lines of the package copy of a data file, split on TAB."""
    path = data_files(name)[0]
    assert path.parent.name == "data" and path.parent.parent.name == "nato_quotes"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def first_names() -> dict[str, str]:
    return {row[0]: row[1] for row in rows("first_names.txt")}


def person_nouns() -> dict[str, str]:
    return {row[0]: row[1] for row in rows("person_nouns.txt")}


def person_type(word: str) -> str | None:
    """Type of a (compound) noun: exact entry first, else the longest matching '-suffix' entry."""
    nouns = person_nouns()
    low = word.casefold()
    if low in nouns:
        return nouns[low]
    suffixes = [s for s in nouns if s.startswith("-") and low.endswith(s[1:]) and len(low) > len(s) - 1]
    return nouns[max(suffixes, key=len)] if suffixes else None


@pytest.mark.parametrize("name", ["first_names.txt", "person_nouns.txt", "org_nouns.txt"])
def test_file_has_header_and_no_duplicates(name: str) -> None:
    text = data_files(name)[0].read_text(encoding="utf-8")
    assert text.startswith("#")
    entries = [row[0] for row in rows(name)]
    dupes = [e for e, n in Counter(entries).items() if n > 1]
    assert dupes == []
    assert all(e == e.strip() and e for e in entries)


def test_first_names_format_and_size() -> None:
    table = rows("first_names.txt")
    assert 3000 <= len(table) <= 6000
    for row in table:
        assert len(row) == 2, row
        name, gender = row
        assert gender in {"m", "f", "u"}, row
        assert name[0].isupper() and " " not in name, row
    genders = Counter(row[1] for row in table)
    assert genders["m"] > 1000 and genders["f"] > 1000


def test_first_names_known_entries() -> None:
    names = first_names()
    expected = {
        "Jens": "m",
        "Annalena": "f",
        "Wolodymyr": "m",
        "Julianne": "f",
        "Olena": "f",
        "Recep": "m",
        "Wladimir": "m",
        "Jewgeni": "m",
        "Magdalena": "f",
        "Geert": "m",
        "Emmanuel": "m",
        "Giorgia": "f",
    }
    assert {n: names.get(n) for n in expected} == expected
    assert names["Andrea"] == "u"  # female in German, male in Italian
    assert {
        "Sergej",
        "Dmitri",
        "Alexej",
        "Andrej",
        "Witali",
        "Mohammed",
        "Ahmet",
        "Ulf",
        "Mark",
        "Xi",
    } <= set(names)


def test_first_names_leave_out_common_german_words() -> None:
    names = {n.casefold() for n in first_names()}
    for word in ["wolf", "winter", "tor", "mai", "nur", "allen", "paris", "jordan", "will", "art"]:
        assert word not in names, word


def test_person_nouns_format_and_types() -> None:
    table = rows("person_nouns.txt")
    assert len(table) > 1000
    for row in table:
        assert len(row) == 2 and row[1] in PERSON_TYPES, row
        assert row[0] == row[0].lower(), row
    assert set(Counter(row[1] for row in table)) == PERSON_TYPES


def test_person_nouns_known_entries() -> None:
    nouns = person_nouns()
    assert nouns["sprecherin"] == "role"
    assert nouns["-minister"] == "role"
    assert nouns["diplomat"] == "anon"
    assert nouns["diplomaten"] == "anon"
    assert nouns["regierungskreise"] == "anon"
    assert nouns["norweger"] == "demonym"
    assert nouns["franzosen"] == "demonym"
    assert nouns["polizei"] == "group"
    assert nouns["menschen"] == "generic"
    assert nouns["vorsitzende"] == "role"


def test_compound_heads_match_by_suffix() -> None:
    assert person_type("Regierungssprecherin") == "role"
    assert person_type("Polizeisprecher") == "role"
    assert person_type("NATO-Generalsekretär") == "role"
    assert person_type("Verteidigungsministerin") == "role"
    assert person_type("Sicherheitsexperten") == "anon"
    assert person_type("Grünen-Politiker") == "generic"
    # source nouns that are not persons must not match
    for word in ["Angaben", "Bericht", "Erklärung", "Pressemitteilung", "Meinung"]:
        assert person_type(word) is None, word


def test_no_first_name_is_a_person_noun() -> None:
    nouns = {n for n in person_nouns() if not n.startswith("-")}
    assert {n.casefold() for n in first_names()} & nouns == set()


def test_org_nouns_entries() -> None:
    entries = [row[0] for row in rows("org_nouns.txt")]
    assert all(len(row) == 1 for row in rows("org_nouns.txt"))
    names = set(entries)
    assert {
        "NATO",
        "Nato",
        "EU",
        "UN",
        "UNO",
        "Kreml",
        "Weißes Haus",
        "Pentagon",
        "dpa",
        "AFP",
        "Reuters",
        "Gazprom",
        "WHO",
        "IAEA",
        "Bundesregierung",
        "Polizei",
        "Feuerwehr",
    } <= names
    suffixes = [e for e in entries if e.startswith("-")]
    assert {
        "-ministerium",
        "-regierung",
        "-behörde",
        "-amt",
        "-verband",
        "-partei",
        "-gericht",
        "-agentur",
    } <= set(suffixes)
    assert all(s == s.lower() for s in suffixes)
    assert "Welt" not in names and "Zeit" not in names  # common nouns, not names


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "derive_name_lists", ROOT / "scripts" / "derive_name_lists.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_heuristics() -> None:
    script = _load_script()
    assert list(script.first_name_candidates(["der", "Außenminister", "Jens", "Stoltenberg"])) == [
        "Außenminister"
    ]
    assert list(
        script.first_name_candidates(["Präsident", "George", "W.", "Bush", "und", "Angela", "Merkel"])
    ) == [
        "Präsident",
        "Angela",
    ]
    assert script.head_noun(["Ein", "Sprecher", "des", "Senders"]) == "sprecher"
    assert script.head_noun(["er"]) is None


def test_script_on_spkatt(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = (
        Path(os.environ.get("NATO_QUOTES_SPKATT", ROOT.parent / "shared" / "corpora" / "spkatt2023")) / "news"
    )
    if not (corpus / "train").is_dir():
        pytest.skip(f"SpkAtt corpus not found at {corpus}")
    script = _load_script()
    names, heads, suffixes, mentions = script.count(corpus, ["train", "dev"])
    assert mentions > 2000
    top_heads = {w for w, _ in heads.most_common(30)}
    assert {"sprecher", "polizei", "präsident"} <= top_heads
    assert suffixes["-minister"] > 10
    known = first_names()
    given = [w for w, _ in names.most_common(400) if w in known]
    assert {"Peter", "Wolfgang", "Michael"} <= set(given)
    script.main([str(corpus), "--top", "5"])
    assert "## head nouns" in capsys.readouterr().out
