"""Speaker knowledge base: names, roles with dates, demonyms, user extension files."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest

from nato_quotes import lexicon
from nato_quotes.errors import DataFileError
from nato_quotes.kb import KnowledgeBase, default_kb

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def names(persons) -> list[str]:
    return [p.name for p in persons]


@pytest.mark.parametrize(
    ("mention", "date", "expected"),
    [
        ("der NATO-Chef", dt.date(2022, 3, 24), ["Jens Stoltenberg"]),
        ("der NATO-Chef", dt.date(2024, 12, 4), ["Mark Rutte"]),
        ("vom Nato-Chef", dt.date(2023, 7, 11), ["Jens Stoltenberg"]),
        ("Bündnis-Chef", dt.date(2025, 2, 13), ["Mark Rutte"]),
        ("Generalsekretär der NATO", dt.date(2020, 1, 1), ["Jens Stoltenberg"]),
        ("Deutschlands Außenministerin", dt.date(2022, 3, 24), ["Annalena Baerbock"]),
        ("die deutsche Außenministerin", dt.date(2024, 6, 1), ["Annalena Baerbock"]),
        ("der deutsche Außenminister", dt.date(2025, 6, 1), ["Johann Wadephul"]),
        ("Bundesaußenministerin", dt.date(2023, 2, 1), ["Annalena Baerbock"]),
        ("Verteidigungsministerin Christine Lambrecht", dt.date(2022, 3, 24), None),
        ("der deutsche Verteidigungsminister", dt.date(2023, 3, 1), ["Boris Pistorius"]),
        ("Bundeskanzler", dt.date(2022, 3, 24), ["Olaf Scholz"]),
        ("die Kanzlerin", dt.date(2020, 5, 1), ["Angela Merkel"]),
        ("der ukrainische Präsident", dt.date(2022, 3, 24), ["Wolodymyr Selenskyj"]),
        ("den ukrainischen Präsidenten", dt.date(2024, 12, 4), ["Wolodymyr Selenskyj"]),
        ("US-Präsident", dt.date(2022, 3, 24), ["Joe Biden"]),
        ("des amerikanischen Präsidenten", dt.date(2022, 3, 24), ["Joe Biden"]),
        ("den künftigen US-Präsidenten", dt.date(2024, 12, 4), []),
        ("US-Präsident", dt.date(2025, 3, 1), ["Donald Trump"]),
        ("des russischen Präsidenten", dt.date(2022, 3, 24), ["Wladimir Putin"]),
        ("Kremlchef", dt.date(2023, 1, 1), ["Wladimir Putin"]),
        ("Frankreichs Präsident", dt.date(2024, 12, 4), ["Emmanuel Macron"]),
        ("der britische Premierminister", dt.date(2022, 3, 24), ["Boris Johnson"]),
        ("die britische Premierministerin", dt.date(2022, 10, 1), ["Liz Truss"]),
        ("die Sprecherin des Weißen Hauses", dt.date(2022, 3, 24), ["Jen Psaki"]),
        ("die Sprecherin des Weißen Hauses", dt.date(2023, 3, 1), ["Karine Jean-Pierre"]),
        ("Die US-amerikanische Botschafterin bei der NATO", dt.date(2022, 3, 24), ["Julianne Smith"]),
        ("US-Außenminister", dt.date(2023, 4, 4), ["Antony Blinken"]),
        ("US-Außenminister", dt.date(2025, 4, 4), ["Marco Rubio"]),
        ("der russische Außenminister", dt.date(2022, 3, 24), ["Sergej Lawrow"]),
        ("Kremlsprecher", dt.date(2022, 3, 24), ["Dmitri Peskow"]),
        ("ukrainischer Verteidigungsminister", dt.date(2022, 3, 24), ["Oleksij Resnikow"]),
        ("ukrainischer Verteidigungsminister", dt.date(2024, 3, 24), ["Rustem Umjerow"]),
        ("der ukrainische Außenminister", dt.date(2024, 10, 1), ["Andrij Sybiha"]),
        ("der türkische Präsident", dt.date(2022, 6, 28), ["Recep Tayyip Erdoğan"]),
        ("Polens Präsident", dt.date(2022, 3, 24), ["Andrzej Duda"]),
        ("EU-Kommissionspräsidentin", dt.date(2022, 3, 24), ["Ursula von der Leyen"]),
        (
            "der ehemalige NATO-Generalsekretär",
            dt.date(2025, 1, 1),
            ["Jens Stoltenberg", "Anders Fogh Rasmussen"],
        ),
        ("der stellvertretende NATO-Generalsekretär", dt.date(2022, 3, 24), []),
        ("der Chef", dt.date(2022, 3, 24), []),
        ("das Wetter", dt.date(2022, 3, 24), []),
    ],
)
def test_resolve_role(kb: KnowledgeBase, mention: str, date: dt.date, expected: list[str] | None) -> None:
    found = names(kb.resolve_role(mention, date))
    if expected is None:  # a title with a name: the holders of the title include the named person
        assert "Christine Lambrecht" in found
    else:
        assert found == expected


def test_role_without_date_lists_all_holders(kb: KnowledgeBase) -> None:
    holders = names(kb.resolve_role("NATO-Generalsekretär", None))
    assert {"Jens Stoltenberg", "Mark Rutte"} <= set(holders)


def test_bare_generic_title_is_ambiguous(kb: KnowledgeBase) -> None:
    presidents = names(kb.resolve_role("der Präsident", dt.date(2022, 3, 24)))
    assert {"Joe Biden", "Emmanuel Macron", "Wolodymyr Selenskyj", "Wladimir Putin"} <= set(presidents)
    women = kb.resolve_role("Außenministerin", dt.date(2022, 3, 24))
    assert "Annalena Baerbock" in names(women) and all(p.gender == "f" for p in women)


def test_parse_role(kb: KnowledgeBase) -> None:
    parsed = kb.parse_role("der ukrainischen Präsidentin")
    assert (parsed.head, parsed.qualifiers, parsed.gender) == ("präsident", frozenset({"UA"}), "f")
    assert kb.parse_role("Ex-Kanzlerin Angela Merkel").former


def test_names_in_real_sentence(kb: KnowledgeBase) -> None:
    text = "Deutschlands Außenministerin Annalena Baerbock sagte, die NATO stehe zusammen."
    person = kb.match_name(text)
    assert person is not None and person.name == "Annalena Baerbock" and person.gender == "f"
    [(start, end, found)] = kb.find_names(text)
    assert text[start:end] == "Annalena Baerbock" and found is person


def test_genitive_and_variants(kb: KnowledgeBase) -> None:
    text = "Selenskyjs Appell an Stoltenbergs Nachfolger und an Zelensky, so Erdogan."
    found = [(text[s:e], p.name) for s, e, p in kb.find_names(text)]
    assert found == [
        ("Selenskyj", "Wolodymyr Selenskyj"),
        ("Stoltenberg", "Jens Stoltenberg"),
        ("Zelensky", "Wolodymyr Selenskyj"),
        ("Erdogan", "Recep Tayyip Erdoğan"),
    ]


def test_longest_match_and_whole_words(kb: KnowledgeBase) -> None:
    text = "NATO-Generalsekretär Jens Stoltenberg traf Wolodymyr Selenskyj; Putinismus ist kein Name."
    found = [(text[s:e], p.name) for s, e, p in kb.find_names(text)]
    assert found == [("Jens Stoltenberg", "Jens Stoltenberg"), ("Wolodymyr Selenskyj", "Wolodymyr Selenskyj")]
    assert kb.match_name("Präsident Andrej Duda").name == "Andrzej Duda"
    assert kb.match_name("Ein Sprecher des Ministeriums") is None


def test_ambiguous_surname_is_not_a_name(kb: KnowledgeBase) -> None:
    assert kb.match_name("Rasmussen sagte") is None
    assert {"Anders Fogh Rasmussen", "Lars Løkke Rasmussen"} <= set(names(kb.by_surname("Rasmussen")))
    assert names(kb.by_surname("Stoltenbergs")) == ["Jens Stoltenberg"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not present")
def test_seed_people_are_found(kb: KnowledgeBase) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    found = {p.name for _, _, p in kb.find_names(text)}
    expected = {
        "Jens Stoltenberg",
        "Mark Rutte",
        "Annalena Baerbock",
        "Wolodymyr Selenskyj",
        "Joe Biden",
        "Christine Lambrecht",
        "Jen Psaki",
        "Julianne Smith",
        "Olaf Scholz",
        "Boris Johnson",
        "Emmanuel Macron",
        "Recep Tayyip Erdoğan",
        "Andrzej Duda",
        "Wladimir Putin",
        "Donald Trump",
    }
    assert expected <= found


def test_demonyms(kb: KnowledgeBase) -> None:
    assert "Jens Stoltenberg" in names(kb.by_demonym("der Norweger"))
    assert "Mark Rutte" in names(kb.by_demonym("Niederländer"))
    women = kb.by_demonym("Norwegerin")
    assert women and all(p.gender == "f" and p.nationality == "NO" for p in women)
    assert "Annalena Baerbock" in names(kb.by_demonym("die Deutsche"))
    assert "Olaf Scholz" not in names(kb.by_demonym("die Deutsche"))
    assert "Boris Johnson" in names(kb.by_demonym("des Briten"))
    assert kb.by_demonym("Marsianer") == []


def test_data_consistency(kb: KnowledgeBase) -> None:
    assert len({p.name for p in kb.persons}) == len(kb.persons)
    qids = [p.wikidata for p in kb.persons if p.wikidata]
    assert len(set(qids)) == len(qids)
    assert all(p.gender in ("m", "f") and p.nationality for p in kb.persons)
    spells: dict[str, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    for p in kb.persons:
        for r in p.roles:
            assert r.start is not None, (p.name, r.title)
            spells[r.key or r.title].append((r.start, r.end, p.name))
    for key, items in spells.items():  # one holder at a time (handover day may overlap)
        items.sort(key=lambda x: x[0])
        for (_, end, who), (start, _, nxt) in zip(items, items[1:], strict=False):
            assert end is not None and end <= start + dt.timedelta(days=1), (key, who, nxt)


def write(folder: Path, payload: dict) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "speakers.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def test_user_file_extends_kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        {
            "roles": {
                "nato_spokesperson": {
                    "title": "NATO-Sprecherin",
                    "aliases": ["NATO-Sprecher", "Sprecher der NATO"],
                    "org": "NATO",
                }
            },
            "persons": [
                {
                    "name": "Farah Dakhlallah",
                    "gender": "f",
                    "nationality": "GB",
                    "roles": [{"role": "nato_spokesperson", "start": "2023-11-01", "end": None}],
                },
                {"name": "Jens Stoltenberg", "aliases": ["J. Stoltenberg"]},
            ],
        },
    )
    monkeypatch.setenv(lexicon.DATA_ENV, str(tmp_path))
    lexicon.clear_caches()
    kb = default_kb()
    assert kb.match_name("sagte Farah Dakhlallah am Montag").name == "Farah Dakhlallah"
    assert names(kb.resolve_role("die NATO-Sprecherin", dt.date(2024, 2, 1))) == ["Farah Dakhlallah"]
    stoltenberg = kb.match_name("J. Stoltenberg")
    assert stoltenberg.name == "Jens Stoltenberg" and stoltenberg.roles  # extended, package roles kept
    monkeypatch.delenv(lexicon.DATA_ENV)
    lexicon.clear_caches()
    assert default_kb().match_name("Farah Dakhlallah") is None


def test_invalid_user_file_names_file_and_entry(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "persons": [
                {
                    "name": "Max Mustermann",
                    "gender": "x",
                    "roles": [{"role": "nato_sg", "start": "2024-13-01"}],
                }
            ]
        },
    )
    with pytest.raises(DataFileError) as err:
        KnowledgeBase.load([path])
    message = str(err.value)
    assert str(path) in message and "Max Mustermann" in message and "gender" in message and "start" in message


def test_unknown_role_key_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "persons": [
                {
                    "name": "Erika Musterfrau",
                    "gender": "f",
                    "nationality": "DE",
                    "roles": [{"role": "weltkaiserin", "start": "2024-01-01"}],
                }
            ]
        },
    )
    with pytest.raises(DataFileError, match="weltkaiserin"):
        KnowledgeBase.load([path])


def test_broken_json_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "speakers.json"
    path.write_text('{"persons": [', encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot read JSON"):
        KnowledgeBase.load([path])


def test_clear_caches_reaches_derived_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user first-names file and cue file take effect after clear_caches(), without a new process."""
    from nato_quotes.cue import lexicon as cue_lexicon
    from nato_quotes.source import first_names

    (tmp_path / "first_names.txt").write_text("Zyxwine\tf\n", encoding="utf-8")
    (tmp_path / "cues.json").write_text('{"source_nouns": ["flurfunk"]}', encoding="utf-8")
    assert "Zyxwine" not in first_names() and "flurfunk" not in cue_lexicon().source_nouns
    monkeypatch.setenv(lexicon.DATA_ENV, str(tmp_path))
    lexicon.clear_caches()
    assert first_names()["Zyxwine"] == "f" and "flurfunk" in cue_lexicon().source_nouns
    monkeypatch.delenv(lexicon.DATA_ENV)
    lexicon.clear_caches()
    assert "Zyxwine" not in first_names()
