"""The entity layer (nato_quotes.speakers): who the speaker is, one mechanism per test, on news sentences."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nato_quotes import Pipeline
from nato_quotes.kb import default_kb
from nato_quotes.speakers.names import compatible, name_key
from nato_quotes.speakers.phrase import parse_phrase

from .paths import SHARED, SPKATT

CANON_DEV = SHARED / "gold" / "spkatt_canonical_dev.jsonl"
CANON_TRAIN = SHARED / "gold" / "spkatt_canonical_train.jsonl"
needs_layer = pytest.mark.skipif(
    not (CANON_DEV.is_file() and (SPKATT / "news" / "dev").is_dir()),
    reason="needs ../shared/gold/spkatt_canonical_*.jsonl and the SpkAtt news corpus (NATO_QUOTES_SHARED)",
)


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline("rules")


def speakers(nlp: Pipeline, text: str, date: str | None = None) -> list:
    return [q.speaker for q in nlp.process(text, date=date).quotes]


def phrase(text: str):
    return parse_phrase(text, 0, len(text), default_kb())


# ------------------------------------------------------------------ reading a speaker phrase
@pytest.mark.parametrize(("mention", "name"), [
    ("Vizeregierungssprecher Thomas Steg", "Thomas Steg"),
    ("Der französische Staatspräsident Nicolas Sarkozy", "Nicolas Sarkozy"),
    ("John Sifton von Human Rights Watch", "John Sifton"),
    ("Der niederländische Ministerpräsident Jan Peter Balkenende", "Jan Peter Balkenende"),
    ("Innenminister Alfredo Pérez Rubalcaba", "Alfredo Pérez Rubalcaba"),
    ("Şükrü Can, der Leiter der Flugzeugwartung der Turkish Airlines", "Şükrü Can"),
    ("Der Innenminister Frankreichs, Nicolas Sarkozy", "Nicolas Sarkozy"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
    ("Konzernchef Michael O’Leary", "Michael O’Leary"),
    ("der Chef des Verwaltungsrats Ulrich Müller", "Ulrich Müller"),
    ("Bundesverkehrsminister Manfred Stolpe in Berlin", "Manfred Stolpe"),
    ("Der deutsche Vizekanzler und Arbeitsminister Franz Müntefering (SPD)", "Franz Müntefering"),
    ("Der frühere Bürgermeister und Justizsenator, Henning Scherf (SPD)", "Henning Scherf"),
    ("Der damalige Verteidigungsminister der Rebellen, Abd al-Fattah Junis", "Abd al-Fattah Junis"),
    ("Bundesministerin Ursula von der Leyen (CDU)", "Ursula von der Leyen"),
    ("SWR-Intendant Peter Boudgoust", "Peter Boudgoust"),
    ("der Chefarchitekt des Softwareunternehmens Kevin Lynch Anfang April", "Kevin Lynch"),
    ("dessen brasilianischen Amtskollegen Luiz Inácio Lula da Silva", "Luiz Inácio Lula da Silva"),
])
def test_the_name_is_taken_out_of_titles_roles_and_appositions(mention, name) -> None:
    read = phrase(mention)
    assert read.kind == "name" and read.name == name


def test_a_phrase_brings_its_attributes() -> None:
    read = phrase("der Vorsitzende des Bundestags-Innenausschusses, Sebastian Edathy (SPD)")
    assert read.name == "Sebastian Edathy" and read.party == "SPD" and read.gender == "m"
    assert phrase("Der französische Staatspräsident Nicolas Sarkozy").nationality == "FR"
    assert phrase("John Sifton von Human Rights Watch").org == "Human Rights Watch"
    assert phrase("der 64-Jährige").age == 64


def test_datelines_and_words_after_the_noun_phrase_are_no_part_of_the_mention() -> None:
    assert phrase("Berlin – Der Minister").text == "Der Minister"
    assert phrase("der Norweger am Rande des Treffens").text == "der Norweger"
    assert phrase("Ein Reporter des Fernsehsenders n-tv").text == "Ein Reporter des Fernsehsenders n-tv"


@pytest.mark.parametrize(("mention", "kind"), [
    ("Die SPD", "organisation"), ("die Polizei", "organisation"), ("Medienberichten", "document"),
    ("BBC News", "document"), ("Die Frankfurter Rundschau", "document"), ("Beobachter", "group"),
    ("Die Demonstranten", "group"), ("Die Thaksin-Anhänger", "group"), ("ein Diplomat", "anonymous"), ("Regierungskreise", "anonymous"),
    ("Sonia und Willy Bogner", "group"), ("einer Presseerklärung der Gewerkschaft", "document"),
    ("Die Oppositionsparteien", "group"), ("Angaben der Veranstalter", "group"),
])
def test_speakers_that_are_no_person_are_typed(mention, kind) -> None:
    assert phrase(mention).kind == kind


@pytest.mark.parametrize(("mention", "kind"), [
    # statements with an owner go to the owner; concrete documents stay documents
    ("Meinung Frankreichs", "organisation"), ("Angaben aus Kairo", "organisation"),
    ("nach französischen Angaben", "organisation"), ("Schätzungen des Bauernverbandes", "organisation"),
    ("einer Schätzung", "document"), ("Zeugenaussagen", "group"), ("Medieninformationen", "document"),
    ("Einschätzung vieler Beobachter", "group"), ("Der Jahresbericht", "document"),
    # head nouns by morphology and compound heads
    ("Die deutschen Bäcker", "group"), ("ein Anwohner", "anonymous"), ("Der Wetterdienst", "organisation"),
    ("Der Verlag", "organisation"), ("das Klinikum", "organisation"), ("Die Ratingagentur", "organisation"),
    ("die Nachrichtenagentur", "document"), ("Die deutsche Botschaft in Kairo", "organisation"),
    ("Angaben des Landesamtes für Statistik", "organisation"),
    # plurals: one organisation, a set of people, a part of a set
    ("Die örtlichen Behörden", "organisation"), ("die Grünen", "organisation"), ("Die Gewerkschaften", "group"),
    ("Einige der Demonstranten", "group"), ("Die deutschen und französischen Soldaten", "group"),
    ("80 Prozent der Befragten", "group"),
    # names that are no persons: institutions and media
    ("Max-Planck-Institut", "organisation"), ("Al-Jazeera", "document"), ("Angaben von AFP und Reuters", "document"),
    ("SPIEGEL ONLINE", "document"), ("Angaben der Klinikverwaltung Nordwest", "organisation"),
    ("Laut tagesschau.de", "document"), ("einem Bericht von zeit.de", "document"),
    ("Angaben vom Montag", "document"), ("Informationen vom späten Abend", "document"),
    ("Meinung des CDU-Politikers", "descriptor"), ("Kongress- und Senatskreise", "anonymous"),
])
def test_speaker_types_by_head_noun_owner_and_number(mention, kind) -> None:
    assert phrase(mention).kind == kind


@pytest.mark.parametrize(("text", "kind"), [
    ("Die Nachrichtenagentur Nowosti Press meldete Unruhen. Nach Angaben von Nowosti Press gab es zehn Verletzte.",
     "document"),  # the article presents the name as an outlet
    ("Die Gewerkschaft kritisierte die Pläne. Sie forderte, die Regierung müsse die Reform stoppen.", "organisation"),
    ("Das Landgericht wies die Klage ab. Es erklärte, der Vertrag sei wirksam.", "organisation"),
    ("Der Tatverdächtige wurde festgenommen. Der Tatverdächtige sagte, er habe nichts gesehen.", "anonymous"),
    ("Ein 34-jähriger Busfahrer half den Verletzten. Er sagte, er habe so etwas noch nie erlebt.", "anonymous"),
    ("Am Abend erschien eine Studie, wonach die Hälfte der Schüler nicht schwimmen könne.", "document"),
    ("Die Regierungskoalition hat sich am Sonntag geeinigt. Demnach sollen die Steuern sinken.", "organisation"),
])
def test_speaker_types_in_a_document(nlp, text, kind) -> None:
    sp = speakers(nlp, text)[-1]
    assert sp.type == kind and (sp.name is None) == (kind == "anonymous")


@pytest.mark.parametrize(("mention", "name"), [
    ("Der frühere Bürgermeister und Landesminister, Hans Oberdorfer (SPD)", "Hans Oberdorfer"),
    ("Der Vizekanzler und Außenminister Peter Hollweg", "Peter Hollweg"),
    ("Angaben des Pfarrers Michael Steinbach", "Michael Steinbach"),
    ("Die Sprecherin der Such- und Rettungsbehörde, Anna Berger", "Anna Berger"),
])
def test_two_roles_or_a_genitive_title_still_name_one_person(mention, name) -> None:
    assert phrase(mention).kind == "name" and phrase(mention).name == name


def test_an_organisation_noun_in_a_name_makes_it_no_person(nlp) -> None:
    text = "Das Robert Koch-Institut warnte am Montag, die Zahl der Fälle steige weiter."
    sp = speakers(nlp, text)[-1]
    assert sp.type == "organisation" and sp.name == "Robert Koch-Institut"


def test_a_statement_noun_gives_the_word_to_its_owner() -> None:
    assert phrase("nach Merkels Worten").name == "Merkel"
    assert phrase("Angaben der Polizei").kind == "organisation"
    assert phrase("seiner Meinung").kind == "possessive"
    assert phrase("Angaben von Kristján Loftsson, einem Manager der Firma").name == "Kristján Loftsson"


def test_name_spellings_meet_without_alias_lists() -> None:
    assert name_key("Selenskyj") == name_key("Selenskij") == name_key("Zelensky")
    assert name_key("Lawrow") == name_key("Lavrov")
    assert compatible("Barack Obama", "Obama") and compatible("George Bush", "George W. Bush")
    assert not compatible("Daniil Medvedev", "Dmitri Medwedew")


# ------------------------------------------------------------------ resolution in a document
def test_a_role_noun_after_a_named_person_is_that_person(nlp) -> None:
    text = ("Gewerkschaftschef Konrad Freiberg kritisierte die Pläne. "
            "Die Polizei sei überlastet, sagte der GdP-Vorsitzende.")
    sp = speakers(nlp, text)[-1]
    assert sp.name == "Konrad Freiberg" and sp.resolution == "descriptor" and sp.mention == "der GdP-Vorsitzende"


def test_descriptors_by_age_and_party(nlp) -> None:
    text = "Rainer Brüderle (64) reiste ab. Der 64-Jährige sagte, er sei zufrieden."
    assert speakers(nlp, text)[-1].name == "Rainer Brüderle"
    text = ("Renate Künast (Grüne) kritisierte den Plan. Die Grünen-Politikerin sagte, der Plan sei falsch.")
    assert speakers(nlp, text)[-1].name == "Renate Künast"


def test_the_subject_of_the_previous_sentence_beats_a_later_mention(nlp) -> None:
    text = "Stoltenberg traf Selenskyj am Montag in Kiew. Er sagte, die Allianz stehe an der Seite der Ukraine."
    sp = speakers(nlp, text)[-1]
    assert sp.name == "Jens Stoltenberg" and sp.resolution == "pronoun"


def test_a_pronoun_may_stand_for_an_unnamed_individual(nlp) -> None:
    text = "Ein Familienvater stand vor dem Haus. Er sagte, das Feuer sei sehr schnell gekommen."
    sp = speakers(nlp, text)[-1]
    assert sp.type == "anonymous" and sp.anonymous and sp.name is None


def test_a_person_outside_the_knowledge_base_keeps_the_fullest_name(nlp) -> None:
    text = ("Der tschechische Künstler Martin Zet stellte aus. Zet sagte, das Buch sei ein Symbol. "
            "Er fügte hinzu, es gehe um Erinnerung.")
    found = speakers(nlp, text)
    assert [sp.name for sp in found] == ["Martin Zet", "Martin Zet"]
    assert len({sp.entity for sp in found}) == 1


def test_a_given_name_that_does_not_fit_the_knowledge_base_is_someone_else(nlp) -> None:
    text = "Daniil Medvedev gewann das Finale. Medvedev sagte, er sei glücklich."
    assert speakers(nlp, text)[-1].name == "Daniil Medvedev"


def test_a_transliterated_name_finds_the_knowledge_base_person(nlp) -> None:
    assert speakers(nlp, "„Wir brauchen Flugzeuge“, sagte der ukrainische Präsident Selenskij.")[0].name == (
        "Wolodymyr Selenskyj")


def test_a_role_noun_followed_by_a_name_is_that_name(nlp) -> None:
    text = ("Die Prüfgesellschaft legte am Montag ihre Studie vor. Wie der Deutschlandchef der Gesellschaft, "
            "Hubertus Kranich, sagte, sei Europa stärker als sein Ruf.")
    assert speakers(nlp, text)[-1].name == "Hubertus Kranich"


def test_a_lone_surname_finds_the_full_name_written_elsewhere(nlp) -> None:
    text = ("Als Hongkongs Regierungschef C.Y. Leung am Sonntag vor die Presse trat, blieb es ruhig. "
            "Leung sagte, die Proteste seien von außen gesteuert.")
    assert speakers(nlp, text)[-1].name == "C.Y. Leung"


def test_the_documents_spelling_of_a_knowledge_base_name_is_kept(nlp) -> None:
    text = "Der russische Außenminister Sergei Lawrow sagte, Moskau sei zu Gesprächen bereit."
    speaker = speakers(nlp, text)[0]
    assert speaker.name == "Sergei Lawrow" and speaker.resolution == "name"


def test_a_konjunktiv_sentence_after_a_new_person_is_theirs(nlp) -> None:
    text = ("Der Bürgermeister Karl Hainer sagte, die Stadt werde die Brücke sanieren. "
            "Die Kosten seien hoch. Staatspräsident Georgi Wlachow ist besorgt. "
            "Der Konflikt um die Brücke sei politisch motiviert.")
    assert speakers(nlp, text)[-1].name == "Georgi Wlachow"


def test_a_head_of_state_descriptor_finds_the_person_of_that_nationality(nlp) -> None:
    text = ("Gastgeber war der venezolanische Präsident Pedro Rivas, Gast sein brasilianischer Amtskollege "
            "Carlos Mendes. Der brasilianische Präsident sagte, sein Land werde mehr Ethanol herstellen.")
    assert speakers(nlp, text)[-1].name == "Carlos Mendes"


def test_a_person_in_a_prepositional_phrase_is_not_the_clause_subject(nlp) -> None:
    text = ("Bundespräsident Karl Wendt (CDU) hat in einem Gespräch mit seinem israelischen Amtskollegen Schimon "
            "Ben-Ari (Awoda) bekräftigt, die Bundesrepublik bekenne sich zu ihrer besonderen Verantwortung.")
    speaker = speakers(nlp, text)[0]
    assert speaker.name == "Karl Wendt" and speaker.resolution == "clause-subject"


def test_a_first_surname_finds_the_person_of_a_double_surname(nlp) -> None:
    text = ("Der Friedensnobelpreisträger Adolfo Pérez Esquivel war zu Gast. Pérez sagte, die Kirche habe "
            "geschwiegen.")
    assert speakers(nlp, text)[-1].name == "Adolfo Pérez Esquivel"


def test_a_bare_person_noun_agrees_with_its_verb(nlp) -> None:
    one = speakers(nlp, "Die Lage sei ruhig, sagte Polizeisprecher am Abend.")[0]
    many = speakers(nlp, "Die Lage sei ruhig, sagten Augenzeugen.")[0]
    assert (one.type, one.mention) == ("anonymous", "Polizeisprecher") and many.type == "group"


def test_a_genitive_plural_without_article_is_the_owner_of_a_statement(nlp) -> None:
    found = speakers(nlp, "Nach Einschätzung politischer Beobachter war der Zusammenstoß mit der Polizei geplant.")
    assert found[0].mention == "Einschätzung politischer Beobachter" and found[0].type == "group"


def test_an_own_statement_belongs_to_the_person_of_its_clause(nlp) -> None:
    text = ("Der Papst trat am Montag zurück. Sein älterer Bruder, Georg Ratzinger, war nach eigenem Bekunden "
            "seit langem in die Absicht eingeweiht.")
    speaker = speakers(nlp, text)[-1]
    assert speaker.name == "Georg Ratzinger" and speaker.mention == "eigenem Bekunden"


def test_a_definite_descriptor_takes_the_unnamed_individual_mentioned_last(nlp) -> None:
    text = ("Regierungssprecher Tom Baker war in Brüssel. Die Regierung werde den Brief prüfen, sagte ein Sprecher "
            "der Opposition. Der Sprecher sagte, man nehme die Sorgen ernst.")
    last = speakers(nlp, text)[-1]
    assert last.type == "anonymous" and last.name is None


def test_a_pronoun_after_a_role_subject_is_the_role_holder(nlp) -> None:
    text = ("Bundeskanzler Gerhard Schröder und Bundespräsident Horst Köhler trafen sich. Der Bundespräsident löste "
            "den Bundestag auf. Der Bundeskanzler nahm am Abend zu der Entscheidung des Bundespräsidenten Stellung. "
            "Er bezeichnete diese als eine souveräne Entscheidung.")
    assert speakers(nlp, text, date="2005-07-21")[-1].name == "Gerhard Schröder"


def test_a_name_in_commas_after_a_function_is_a_person_the_lists_do_not_know(nlp) -> None:
    text = ("Der Manager der Nationalmannschaft aus Ecuador, Vincio Lunares, hat Probleme mit der Justiz. Er wurde "
            "am Mittwoch verhaftet. Die Behörden werfen Lunares Menschenhandel vor. Er soll zwei Menschen "
            "eingeschleust haben. Als Begründung gab er an, sie seien Spieler der Mannschaft.")
    assert speakers(nlp, text)[-1].name == "Vincio Lunares"


def test_a_bare_plural_opening_a_sentence_is_an_antecedent_of_sie(nlp) -> None:
    text = ("Aktivisten der Umweltorganisation hatten das Tor blockiert. Sie forderten, die Anlage müsse sofort "
            "abgeschaltet werden.")
    speaker = speakers(nlp, text)[0]
    assert (speaker.type, speaker.name) == ("group", "Aktivisten")


def test_a_quoted_outlet_is_no_quote(nlp) -> None:
    result = nlp.process("„Das ist falsch“, sagte sie der „Süddeutschen Zeitung“.")
    assert [q.text for q in result.quotes] == ["Das ist falsch"]


def test_a_genitive_owner_of_a_statement_speaks(nlp) -> None:
    text = "Bundeskanzlerin Angela Merkel war in Paris. Nach Merkels Worten ist die Lage ernst."
    assert speakers(nlp, text)[-1].name == "Angela Merkel"


def test_every_quote_of_an_entity_carries_its_canonical_name_and_the_entities_are_listed(nlp) -> None:
    text = ("„Wir sind bereit“, sagte NATO-Generalsekretär Jens Stoltenberg. "
            "Russland müsse den Krieg beenden, sagte der Norweger am Rande des Treffens. "
            "Die SPD teilte mit, sie unterstütze den Kurs.")
    result = nlp.process(text, date="2022-03-24")
    first, second, third = (q.speaker for q in result.quotes)
    assert first.entity == second.entity and first.name == second.name == "Jens Stoltenberg"
    assert second.mention == "der Norweger" and third.type == "organisation" and third.name == "SPD"
    by_id = {e.id: e for e in result.entities}
    assert by_id[first.entity].type == "person" and by_id[first.entity].kb == "Jens Stoltenberg"
    for entity in result.entities:
        assert entity.mentions and all(text[m.start:m.end] == m.text and m.text for m in entity.mentions)


# ------------------------------------------------------------------ the canonical layer on real news
@needs_layer
def test_evaluate_canonical_agrees_with_the_shared_scorer(tmp_path) -> None:
    """`nato-quotes evaluate canonical` and ../shared/tools/score_canonical.py over the CLI's JSON agree."""
    from nato_quotes.evaluate.canonical import evaluate_canonical

    split = SPKATT / "news" / "dev"
    texts = tmp_path / "texts"
    subprocess.run([sys.executable, str(SHARED / "tools" / "spkatt_texts.py"), str(split), str(texts)], check=True)
    out = tmp_path / "pred.json"
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, "-m", "nato_quotes", str(texts), "--format", "json", "--analyzer", "rules"],
                       stdout=fh, check=True)
    shared = subprocess.run([sys.executable, str(SHARED / "tools" / "score_canonical.py"), str(CANON_DEV), str(split),
                             str(out), "--json"], capture_output=True, text=True, check=True)
    theirs = json.loads(shared.stdout.strip().splitlines()[-1])
    ours = evaluate_canonical("rules", CANON_DEV, split).to_dict()
    assert abs(ours["person_f1"] - theirs["person_f1"]) <= 0.005
    assert ours["anonymous_typed"] == theirs["anonymous_typed"]


@needs_layer
@pytest.mark.parametrize("layer", ["dev", "train"])
def test_canonical_speakers_on_real_news(layer, capsys) -> None:
    """Where the entity layer stands on the SpkAtt canonical layers (dev meets issue 12's person target: F1 >= 0.80
    with P >= 0.85; train, anonymous and group/document types do not yet: see the README)."""
    from nato_quotes.evaluate.canonical import evaluate_canonical

    path = CANON_DEV if layer == "dev" else CANON_TRAIN
    report = evaluate_canonical("rules", path, SPKATT / "news" / layer)
    with capsys.disabled():
        print(f"\ncanonical {layer}: {report.to_dict()}")
    floor = {"dev": (0.85, 0.80), "train": (0.76, 0.72)}[layer]
    assert report.precision >= floor[0] and report.f1 >= floor[1]
    assert report.anonymous_right / report.anonymous_gold >= 0.6
    for kind, share in (("organisation", 0.75), ("document", 0.62), ("group", 0.5)):
        assert report.type_right[kind] / report.type_gold[kind] >= share, kind
