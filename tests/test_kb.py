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
        ("den künftigen US-Präsidenten", dt.date(2024, 12, 4), ["Donald Trump"]),
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
        ("der stellvertretende NATO-Generalsekretär", dt.date(2022, 3, 24), ["Mircea Geoană"]),
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
        if key in kb.role_types and kb.role_types[key].concurrent:
            continue
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


# ---------------------------------------------------------------- roles in German news, by date
@pytest.mark.parametrize(
    ("mention", "date", "expected"),
    [
        ("der Bundeskanzler", "2007-05-01", "Angela Merkel"),
        ("der Bundeskanzler", "2023-01-01", "Olaf Scholz"),
        ("der Bundeskanzler", "2025-06-01", "Friedrich Merz"),
        ("der Kanzler", "2003-02-10", "Gerhard Schröder"),
        ("des Kanzlers", "2004-06-01", "Gerhard Schröder"),
        ("der Kanzlerin", "2010-09-01", "Angela Merkel"),
        ("der französische Präsident", "2008-07-01", "Nicolas Sarkozy"),
        ("Frankreichs Staatschef", "2004-03-01", "Jacques Chirac"),
        ("US-Außenministerin", "2006-04-01", "Condoleezza Rice"),
        ("US-Außenministerin", "2011-04-01", "Hillary Clinton"),
        ("der Innenminister", "2007-05-01", "Wolfgang Schäuble"),
        ("dem Innenminister zufolge", "2003-05-01", "Otto Schily"),
        ("der Außenminister", "2003-02-14", "Joschka Fischer"),
        ("Bundesaußenminister", "2011-05-01", "Guido Westerwelle"),
        ("der Verteidigungsminister", "2008-05-01", "Franz Josef Jung"),
        ("der Verteidigungsminister", "2010-06-01", "Karl-Theodor zu Guttenberg"),
        ("die Verteidigungsministerin", "2016-01-01", "Ursula von der Leyen"),
        ("der Finanzminister", "2012-06-01", "Wolfgang Schäuble"),
        ("Finanzminister", "2008-10-01", "Peer Steinbrück"),
        ("der Regierungssprecher", "2012-06-01", "Steffen Seibert"),
        ("Vizeregierungssprecher", "2007-03-01", "Thomas Steg"),
        ("der stellvertretende Regierungssprecher", "2007-03-01", "Thomas Steg"),
        ("der Vizekanzler", "2012-06-01", "Philipp Rösler"),
        ("der Bundespräsident", "2011-01-01", "Christian Wulff"),
        ("der US-Verteidigungsminister", "2004-05-01", "Donald Rumsfeld"),
        ("Pentagon-Chef", "2009-05-01", "Robert Gates"),
        ("der amerikanische Präsident", "2003-03-20", "George W. Bush"),
        ("US-Vizepräsident", "2006-01-01", "Dick Cheney"),
        ("US-Finanzminister", "2008-10-01", "Henry Paulson"),
        ("US-Heimatschutzminister", "2006-01-01", "Michael Chertoff"),
        ("Sprecher des Weißen Hauses", "2002-01-01", "Ari Fleischer"),
        ("der britische Premier", "2008-01-01", "Gordon Brown"),
        ("der britische Premierminister", "2003-03-01", "Tony Blair"),
        ("der britische Außenminister", "2003-03-01", "Jack Straw"),
        ("der britische Schatzkanzler", "2009-01-01", "Alistair Darling"),
        ("die britische Innenministerin", "2012-01-01", "Theresa May"),
        ("der russische Außenminister", "2002-01-01", "Igor Iwanow"),
        ("der russische Präsident", "2010-01-01", "Dmitri Medwedew"),
        ("der ukrainische Präsident", "2006-01-01", "Wiktor Juschtschenko"),
        ("die ukrainische Regierungschefin", "2009-01-01", "Julija Timoschenko"),
        ("der niederländische Ministerpräsident", "2007-01-01", "Jan Peter Balkenende"),
        ("der italienische Ministerpräsident", "2009-01-01", "Silvio Berlusconi"),
        ("der spanische Innenminister", "2008-01-01", "Alfredo Pérez Rubalcaba"),
        ("der spanische Regierungschef", "2005-01-01", "José Luis Rodríguez Zapatero"),
        ("der polnische Präsident", "2008-01-01", "Lech Kaczyński"),
        ("der polnische Außenminister", "2009-01-01", "Radosław Sikorski"),
        ("der französische Innenminister", "2006-01-01", "Nicolas Sarkozy"),
        ("der Außenminister am Rande des Treffens", "2003-02-14", "Joschka Fischer"),
        ("der Sprecher des Außenministeriums in Moskau", "2020-01-01", "Maria Sacharowa"),
        ("NATO-Generalsekretär", "2006-01-01", "Jaap de Hoop Scheffer"),
        ("NATO-Oberbefehlshaber", "2010-01-01", "James Stavridis"),
        ("UN-Generalsekretär", "2005-01-01", "Kofi Annan"),
        ("UN-Generalsekretär", "2010-01-01", "Ban Ki-moon"),
        ("EU-Kommissionspräsident", "2008-01-01", "José Manuel Barroso"),
        ("der EU-Außenbeauftragte", "2005-01-01", "Javier Solana"),
        ("EZB-Chef", "2008-01-01", "Jean-Claude Trichet"),
        ("der Präsident des Europäischen Parlaments", "2008-01-01", "Hans-Gert Pöttering"),
        ("Bundestagspräsident", "2010-01-01", "Norbert Lammert"),
        ("der bayerische Ministerpräsident", "2005-01-01", "Edmund Stoiber"),
        ("NRW-Ministerpräsidentin", "2012-01-01", "Hannelore Kraft"),
        ("des hessischen Regierungschefs", "2005-01-01", "Roland Koch"),
        ("dem Regierenden Bürgermeister", "2005-01-01", "Klaus Wowereit"),
        ("die Regierende Bürgermeisterin", "2022-06-01", "Franziska Giffey"),
        ("die Gesundheitsministerin", "2005-01-01", "Ulla Schmidt"),
        ("der Bundesumweltminister", "2007-01-01", "Sigmar Gabriel"),
        ("die Justizministerin", "2004-01-01", "Brigitte Zypries"),
        ("Entwicklungsministerin", "2008-01-01", "Heidemarie Wieczorek-Zeul"),
    ],
)
def test_role_holder_on_date(kb: KnowledgeBase, mention: str, date: str, expected: str) -> None:
    assert names(kb.resolve_role(mention, dt.date.fromisoformat(date))) == [expected]


@pytest.mark.parametrize(
    ("mention", "date", "expected"),
    [
        ("Ex-Kanzler", "2010-01-01", ["Gerhard Schröder", "Helmut Kohl"]),
        ("Altkanzler", "2008-01-01", ["Gerhard Schröder", "Helmut Kohl"]),
        ("die frühere Kanzlerin", "2023-01-01", ["Angela Merkel"]),
        ("der ehemalige NATO-Generalsekretär", "2025-01-01", ["Jens Stoltenberg", "Anders Fogh Rasmussen"]),
        ("der neue Kanzler", "2025-04-20", ["Friedrich Merz"]),  # elected, sworn in on 6 May
        ("der neue Kanzler", "2022-01-10", ["Olaf Scholz"]),
        ("die scheidende Kanzlerin", "2021-10-01", ["Angela Merkel"]),
        ("der scheidende NATO-Generalsekretär", "2024-09-01", ["Jens Stoltenberg"]),
        ("der designierte NATO-Generalsekretär", "2024-06-20", ["Mark Rutte"]),
        ("der künftige Bundespräsident", "2017-02-12", ["Frank-Walter Steinmeier"]),
        ("der kommissarische Außenminister", "2022-03-24", []),
        ("ein Minister", "2007-05-01", []),
        ("einer Sprecherin des Weißen Hauses", "2022-03-24", []),
    ],
)
def test_time_qualifiers(kb: KnowledgeBase, mention: str, date: str, expected: list[str]) -> None:
    found = names(kb.resolve_role(mention, dt.date.fromisoformat(date)))
    assert found[: len(expected)] == expected and bool(found) == bool(expected)


def test_home_country(kb: KnowledgeBase) -> None:
    day = dt.date(2022, 3, 24)
    anywhere = names(kb.resolve_role("der Außenminister", day, country=None))
    assert {"Sergej Lawrow", "Antony Blinken", "Dmytro Kuleba"} <= set(anywhere)
    assert names(kb.resolve_role("die Außenministerin", day)) == ["Annalena Baerbock"]  # country="DE"
    assert names(kb.resolve_role("der Außenminister", day, country="FR")) == ["Jean-Yves Le Drian"]
    assert names(kb.resolve_role("der Präsident", dt.date(2008, 7, 1), country="FR")) == ["Nicolas Sarkozy"]
    # "der Präsident" in German news is not the Bundespräsident: every president stays a candidate
    assert {"George W. Bush", "Horst Köhler", "Nicolas Sarkozy"} <= set(
        names(kb.resolve_role("der Präsident", dt.date(2008, 7, 1)))
    )
    # an unknown nationality is not the home country
    assert kb.resolve_role("die indonesische Außenministerin", day) == []
    assert names(kb.resolve_role("der innenpolitische Sprecher", day)) == []
    assert names(kb.resolve_role("der sozialistische Präsident", dt.date(2013, 1, 1), country="FR")) == [
        "François Hollande"
    ]
    assert names(kb.resolve_role("der europäische Ratspräsident", dt.date(2013, 1, 1))) == ["Herman Van Rompuy"]
    # the rotating presidency of the Council of the EU is no office of the knowledge base
    assert kb.resolve_role("Präsident des Rats der Europäischen Union", dt.date(2006, 10, 1)) == []
    assert names(kb.resolve_role("Präsident der EU-Kommission", dt.date(2006, 10, 1))) == ["José Manuel Barroso"]
    # a qualifier wins over the home country; offices without a country are unaffected
    assert names(kb.resolve_role("der russische Außenminister", day)) == ["Sergej Lawrow"]
    for country in (None, "DE", "FR"):
        assert names(kb.resolve_role("der NATO-Generalsekretär", day, country=country)) == ["Jens Stoltenberg"]


def test_generic_minister_means_the_home_ministers(kb: KnowledgeBase) -> None:
    ministers = kb.resolve_role("dem Minister zufolge", dt.date(2007, 5, 1))
    assert {"Wolfgang Schäuble", "Frank-Walter Steinmeier", "Franz Josef Jung", "Peer Steinbrück"} <= set(
        names(ministers)
    )
    assert all(p.nationality == "DE" for p in ministers)
    women = kb.resolve_role("der Ministerin", dt.date(2022, 3, 24))
    assert {"Annalena Baerbock", "Christine Lambrecht", "Nancy Faeser", "Steffi Lemke"} <= set(names(women))
    assert all(p.gender == "f" and p.nationality == "DE" for p in women)
    assert "Tony Blair" not in names(kb.resolve_role("der Minister", dt.date(2003, 1, 1), country="GB"))


def test_check_country(kb: KnowledgeBase) -> None:
    assert kb.check_country("fr") == "FR"
    with pytest.raises(ValueError, match="unknown country code 'XX'"):
        kb.check_country("XX")


# ---------------------------------------------------------------- descriptors
def test_persons_with_party_nationality_gender(kb: KnowledgeBase) -> None:
    doc = [kb.get(n) for n in ("Annalena Baerbock", "Olaf Scholz", "Friedrich Merz", "Markus Söder", "Mark Rutte")]
    assert names(kb.persons_with(party="CDU-Politiker", candidates=doc)) == ["Friedrich Merz"]
    assert names(kb.persons_with(party="Unionspolitiker", candidates=doc)) == ["Friedrich Merz", "Markus Söder"]
    assert names(kb.persons_with(party="Grünen-Politikerin", gender="f", candidates=doc)) == ["Annalena Baerbock"]
    assert names(kb.persons_with(party="Sozialdemokrat", candidates=doc)) == ["Olaf Scholz"]
    assert names(kb.persons_with(nationality="der Niederländer", candidates=doc)) == ["Mark Rutte"]
    assert kb.persons_with(nationality="die Niederländerin", candidates=doc) == []
    greens = kb.persons_with(party="Grüne")
    assert len(greens) > 5 and all(p.party == "Grüne" or "Grüne" in p.former_parties for p in greens)
    assert "Sahra Wagenknecht" in names(kb.persons_with(party="Linken-Politikerin"))  # a former party counts
    assert kb.party_codes("Union") == frozenset({"CDU", "CSU"})
    assert kb.party_codes("Tories") == frozenset({"Konservative"})


def test_persons_with_role_and_age(kb: KnowledgeBase) -> None:
    doc = [kb.get(n) for n in ("Frank-Walter Steinmeier", "Wolfgang Schäuble", "Jens Stoltenberg")]
    day = dt.date(2007, 5, 1)
    assert names(kb.persons_with(role_words="Außenminister", date=day, candidates=doc)) == ["Frank-Walter Steinmeier"]
    assert names(kb.persons_with(role_words="Innenminister", date=day, candidates=doc)) == ["Wolfgang Schäuble"]
    assert names(kb.persons_with(age=64, date=dt.date(2023, 6, 1), candidates=doc)) == ["Jens Stoltenberg"]


# ---------------------------------------------------------------- data
def test_german_offices_have_a_holder_every_month(kb: KnowledgeBase) -> None:
    """Bundeskanzler ... Regierungssprecher: complete from 2000 to 2026 (known vacancies excepted)."""
    vacancies = {("de_president", "2010-06"), ("de_president", "2010-07"), ("de_president", "2012-03")}  # acting
    holders: dict[str, list] = defaultdict(list)
    for p in kb.persons:
        for r in p.roles:
            holders[r.key or ""].append(r)
    for key in ("de_chancellor", "de_president", "de_fm", "de_dm", "de_interior", "de_finance",
                "de_vicechancellor", "de_spokesperson", "us_president", "us_vp",
                "fr_president", "gb_pm", "ru_president", "ru_fm", "nato_sg", "un_sg"):
        for year in range(2000, 2027):
            for month in range(1, 13):
                day = dt.date(year, month, 1)
                if day > dt.date(2026, 6, 1) or (key, day.isoformat()[:7]) in vacancies:
                    continue
                assert any(r.valid_on(day) for r in holders[key]), (key, day)


def test_person_facts_are_plausible(kb: KnowledgeBase) -> None:
    assert len(kb.persons) > 500
    for p in kb.persons:
        if p.birth_year is None:
            continue
        for r in p.roles:
            assert r.start is not None and r.start.year - p.birth_year >= 25, (p.name, r.title)
    assert kb.get("Wolfgang Schäuble").party == "CDU" and kb.get("Wolfgang Schäuble").birth_year == 1942


def test_split_person_files_are_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nato_quotes.kb import speaker_files

    package = [p.name for p in speaker_files()]
    assert package[0] == "speakers.json" and "speakers_de.json" in package
    (tmp_path / "speakers_local.json").write_text(json.dumps({"persons": [
        {"name": "Erika Musterfrau", "gender": "f", "nationality": "DE", "party": "SPD", "birth_year": 1970,
         "roles": [{"role": "de_interior", "start": "2030-01-01"}]},
    ]}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(lexicon.DATA_ENV, str(tmp_path))
    lexicon.clear_caches()
    kb = default_kb()
    assert names(kb.resolve_role("die Innenministerin", dt.date(2030, 6, 1))) == ["Erika Musterfrau"]
    assert names(kb.persons_with(party="SPD-Politikerin", candidates=[kb.get("Erika Musterfrau")])) == [
        "Erika Musterfrau"
    ]
    monkeypatch.delenv(lexicon.DATA_ENV)
    lexicon.clear_caches()


def test_unknown_party_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, {"persons": [{"name": "Max Mustermann", "gender": "m", "nationality": "DE",
                                          "party": "Spaßpartei"}]})
    with pytest.raises(DataFileError, match="Spaßpartei"):
        KnowledgeBase.load([path])


# ---------------------------------------------------------------- the country through the pipeline
@pytest.fixture(scope="module")
def pipeline():
    from nato_quotes import Pipeline

    return Pipeline("rules")


def speaker_of(result) -> str | None:
    [quote] = result.quotes
    return quote.speaker.name


def test_pipeline_resolves_roles_for_its_country(pipeline) -> None:
    from nato_quotes import Pipeline

    text = "„Wir werden die Bündnispartner nicht im Stich lassen“, sagte der Außenminister in Brüssel."
    german = pipeline.process(text, date="2003-02-14")
    assert speaker_of(german) == "Joschka Fischer" and german.country == "DE"
    assert speaker_of(pipeline.process(text, date="2003-02-14", country="FR")) == "Dominique de Villepin"
    assert speaker_of(Pipeline("rules", country="GB").process(text, date="2003-02-14")) == "Jack Straw"
    text = "„Die Lage ist ernst“, sagte die Kanzlerin am Montag in Berlin."
    assert speaker_of(pipeline.process(text, date="2008-10-06")) == "Angela Merkel"


def test_bad_country_argument_is_a_clear_error() -> None:
    from nato_quotes import Pipeline
    from nato_quotes.errors import NatoQuotesError

    with pytest.raises(NatoQuotesError, match="unknown country code 'Absurdistan'"):
        Pipeline("rules", country="Absurdistan")


def test_record_country_overrides_and_bad_value_keeps_document(pipeline, caplog) -> None:
    text = "„Wir bleiben an der Seite der Ukraine“, sagte der Präsident."
    records = [
        {"id": "fr", "text": text, "date": "2008-07-01", "country": "fr"},
        {"id": "bad", "text": text, "date": "2008-07-01", "country": "ZZ", "source": "x"},
    ]
    with caplog.at_level("WARNING", logger="nato_quotes"):
        fr, bad = pipeline.process_many(records)
    assert speaker_of(fr) == "Nicolas Sarkozy" and fr.country == "FR"
    assert bad.error is None and bad.country == "DE" and bad.meta == {"source": "x"} and len(bad.quotes) == 1
    assert "bad: unknown country code 'ZZ'" in caplog.text


def test_cli_country_option(tmp_path: Path, capsys) -> None:
    from nato_quotes.cli import main

    doc = tmp_path / "a.txt"
    doc.write_text("„Wir sind bereit“, sagte der Präsident.", encoding="utf-8")
    assert main([str(doc), "--analyzer", "rules", "--date", "2008-07-01", "--country", "FR", "-f", "jsonl", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["quotes"][0]["speaker"]["name"] == "Nicolas Sarkozy"
    assert main([str(doc), "--analyzer", "rules", "--country", "XX", "-q"]) == 2
    assert "unknown country code 'XX'" in capsys.readouterr().err
