"""Quote forms that used to be missed: zu-infinitive complements, quoted outlet names between cue and
content, ... (self-written German sentences, one test or a few per mechanism)."""

from __future__ import annotations

import pytest

from nato_quotes import Pipeline


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline("rules")


def only(nlp: Pipeline, text: str):
    found = nlp.process(text).quotes
    assert len(found) == 1, [(q.rule, q.text) for q in found]
    return found[0]


# ---------------------------------------------------------------- zu-infinitive complements


@pytest.mark.parametrize(("text", "content"), [
    ("Der Bürgermeister hat am Montag angekündigt, von seinem Amt zurückzutreten.", "von seinem Amt zurückzutreten"),
    ("Die Ministerin kündigte an, die Ermittlungen mit Nachdruck voranzutreiben.",
     "die Ermittlungen mit Nachdruck voranzutreiben"),
    ("Der Senator forderte die Regierung auf, die Zahlungen so lange auszusetzen, bis das Gericht entschieden habe.",
     "die Zahlungen so lange auszusetzen, bis das Gericht entschieden habe"),
    ("Die Kanzlerin hat angekündigt, bald zurückzutreten als Vorsitzende der Partei.",
     "bald zurückzutreten als Vorsitzende der Partei"),
])
def test_zu_infinitive_content(nlp, text: str, content: str) -> None:
    q = only(nlp, text)
    assert q.rule == "cue-clause:leading-cue" and q.text == content


@pytest.mark.parametrize(("word", "joined"), [
    ("zurückzutreten", True), ("zuzugehen", True), ("auszusetzen", True),
    ("zurückkehren", False), ("zugehen", False), ("zuzuordnen", True),
])
def test_joined_zu_infinitive(word: str, joined: bool) -> None:
    """The "zu" of a joined zu-infinitive is the one whose removal gives the lemma, not a "zu" prefix."""
    from nato_quotes.analysis import Token
    from nato_quotes.content import _joined_zu
    from nato_quotes.rules_analyzer import word_info

    lemma, upos, _ = word_info(word)
    assert _joined_zu(Token(word, 0, len(word), lemma, upos)) is joined


# ---------------------------------------------------------------- quoted outlet names


def test_quoted_outlet_between_cue_and_content(nlp) -> None:
    q = only(nlp, "Der Staatssekretär sagte der „Rheinischen Post“, dass die Steuer im Herbst sinken solle.")
    assert q.rule == "cue-clause:leading-cue"
    assert q.text == "dass die Steuer im Herbst sinken solle" and q.speaker.mention == "Der Staatssekretär"


def test_quoted_outlet_in_reported_speech_act(nlp) -> None:
    q = only(nlp, "Der Minister bezeichnete den Plan im Gespräch mit dem „Tagesspiegel“ als verfehlt.")
    assert q.rule == "cue-clause:reported-speech" and q.spkatt_type == "Reported"
    assert q.speaker.mention == "Der Minister"


# ---------------------------------------------------------------- content ends before another speech act


def test_content_ends_before_a_contrasting_speech_act(nlp) -> None:
    found = nlp.process("Der Präsident sagte vor der Presse, der Minister sei zurückgetreten, doch der Sprecher der "
                        "Regierung erklärte, den Rücktritt bislang nicht bestätigen zu können.").quotes
    assert [(q.text, q.speaker.mention) for q in found] == [
        ("der Minister sei zurückgetreten", "Der Präsident"),
        ("den Rücktritt bislang nicht bestätigen zu können", "der Sprecher der Regierung")]


def test_content_ends_before_an_inverted_speech_act(nlp) -> None:
    found = nlp.process("Während die Sängerin erklärte, sehr aufgeregt zu sein, räumte ihre Kollegin ein, "
                        "lange davon geträumt zu haben.").quotes
    assert [(q.text, q.speaker.mention) for q in found] == [
        ("sehr aufgeregt zu sein", "die Sängerin"), ("lange davon geträumt zu haben", "ihre Kollegin")]


def test_content_ends_before_a_coordinated_speech_verb(nlp) -> None:
    found = nlp.process("Die Abgeordnete erklärte, die Senatorin sei eine Gefahr für den Staat und kündigte an, "
                        "im Herbst gegen sie kandidieren zu wollen.").quotes
    assert [q.text for q in found] == ["die Senatorin sei eine Gefahr für den Staat",
                                       "im Herbst gegen sie kandidieren zu wollen"]
    assert all(q.speaker.mention == "Die Abgeordnete" for q in found)


def test_content_ends_before_a_colon_and_its_quotation(nlp) -> None:
    found = nlp.process("Der Trainer glaubt, dass die Mannschaft gestärkt aus der Saison hervorgegangen sei: "
                        "„Wir haben viel gelernt.“").quotes
    assert [(q.text, q.kind) for q in found] == [
        ("dass die Mannschaft gestärkt aus der Saison hervorgegangen sei", "indirect"),
        ("Wir haben viel gelernt.", "direct")]
    assert all(q.speaker.mention in ("Der Trainer", "Er") for q in found)


# ---------------------------------------------------------------- quoted fragments inside a speech-verb clause


def test_particle_after_a_quoted_fragment(nlp) -> None:
    """ "wies … als „…“ zurück": the particle after the quotation still completes the cue."""
    q = only(nlp, "Bei einem Treffen mit dem Minister wies der Geschäftsführer alle Vorwürfe als „haltlos“ zurück.")
    assert q.rule == "cue-fragment" and q.text == "haltlos"
    assert q.cue.lemma == "zurückweisen" and q.speaker.mention == "der Geschäftsführer"


@pytest.mark.parametrize(("text", "fragment", "speaker"), [
    ("Der Bundeskanzler würdigte den Komponisten als „großen Europäer der Musik“.", "großen Europäer der Musik",
     "Der Bundeskanzler"),
    ("Der Forscher riet allgemein zu „Ruhe und Aufmerksamkeit“.", "Ruhe und Aufmerksamkeit", "Der Forscher"),
    ("Als „unerwartetes Geschenk“ bezeichnete die Archäologin den Fund.", "unerwartetes Geschenk", "die Archäologin"),
    ("Von einer „gezielten Kampagne“ sprach der Abgeordnete.", "gezielten Kampagne", "der Abgeordnete"),
])
def test_quoted_fragment_of_an_evaluation(nlp, text: str, fragment: str, speaker: str) -> None:
    q = only(nlp, text)
    assert q.rule == "cue-fragment" and q.text == fragment and q.speaker.mention == speaker


def test_opinion_verbs_take_no_fragment(nlp) -> None:
    """ "sieht … einen „…“" is an opinion, not the subject's words (left to the other passes)."""
    assert [q.rule for q in nlp.process("Der Trainer sieht in dem Spiel eine „Chance“.").quotes] != ["cue-fragment"]


# ---------------------------------------------------------------- subjects after a focus particle


@pytest.mark.parametrize("text", [
    "Auch der Minister sagte, dass die Lage ernst sei.",
    "Selbst der Minister glaubt, dass die Lage ernst sei.",
    "Auch der Minister, ein erfahrener Diplomat, sagte, dass die Lage ernst sei.",
])
def test_focus_particle_before_the_subject(nlp, text: str) -> None:
    q = only(nlp, text)
    assert q.text == "dass die Lage ernst sei" and q.speaker.mention.startswith("der Minister")


# ---------------------------------------------------------------- cue forms


@pytest.mark.parametrize(("text", "lemma"), [
    ("Der Konzern hat am Montag bekannt gegeben, dass er das Werk schließen werde.", "bekannt geben"),
    ("Die Ministerin will im Parlament deutlich machen, dass sie keine Kompromisse eingehen werde.", "deutlich machen"),
])
def test_light_verb_word_before_the_verb(nlp, text: str, lemma: str) -> None:
    q = only(nlp, text)
    assert q.cue.lemma == lemma and q.text.startswith("dass ")


def test_particle_after_a_parenthesis(nlp) -> None:
    q = only(nlp, "Sie warf dem Innenminister Paul Berger (SPD) vor, die Daten aller Bürger zu missbrauchen.")
    assert q.cue.lemma == "vorwerfen" and q.text == "die Daten aller Bürger zu missbrauchen"
    assert q.speaker.mention == "Sie"


def test_content_after_a_verbless_insert(nlp) -> None:
    q = only(nlp, "So sagte der Leiter des Krisenstabs, Hans Roth, gegenüber der Presse, dass nur zehn Boote im "
                  "Einsatz seien.")
    assert q.text == "dass nur zehn Boote im Einsatz seien"
    assert q.speaker.mention.startswith("der Leiter des Krisenstabs")


# ---------------------------------------------------------------- speech nouns with a genitive owner


@pytest.mark.parametrize(("text", "content", "owner"), [
    ("Die Partei reagierte mit Befremden auf die Forderung des Vorsitzenden Karl Huber, auf die Opposition "
     "zuzugehen.", "auf die Opposition zuzugehen", "des Vorsitzenden Karl Huber"),
    ("Trotz der Ankündigung ihres Trainers, Jan Berg, die Zusammenarbeit zu beenden, gewann die Mannschaft.",
     "die Zusammenarbeit zu beenden", "ihres Trainers"),
])
def test_speech_noun_with_genitive_owner(nlp, text: str, content: str, owner: str) -> None:
    q = only(nlp, text)
    assert q.rule == "cue-clause:speech-noun-of" and q.text == content
    assert q.speaker.mention == owner


def test_according_to_noun_is_no_owner_cue(nlp) -> None:
    """ "Nach Angaben der Polizei, die …": an according-to cue, not a speech noun with its owner."""
    assert all(q.rule != "cue-clause:speech-noun-of" for q in nlp.process(
        "Nach Angaben der Polizei, die am Abend eintraf, wurden drei Menschen verletzt.").quotes)


# ---------------------------------------------------------------- coordinated speech acts


def test_reported_speech_act_ends_before_a_coordinated_one(nlp) -> None:
    found = nlp.process("Er warf dem Bürgermeister Untätigkeit vor und beanstandete die Förderung der "
                        "„Sammelstelle“, die falsche Bilder wecke.").quotes
    reported = [q for q in found if q.rule == "cue-clause:reported-speech"]
    assert [q.text for q in reported] == ["Er warf dem Bürgermeister Untätigkeit vor"]
    assert reported[0].spkatt_type == "Reported"


def test_coordinated_cue_verb_shares_the_subject(nlp) -> None:
    q = only(nlp, "Er nannte die Proteste rechtmäßig und forderte die Anhänger dazu auf, Ruhe zu bewahren.")
    assert q.text == "Ruhe zu bewahren" and q.speaker.mention == "Er"


def test_zu_infinitive_without_the_optional_comma(nlp) -> None:
    q = only(nlp, "Der Präsident hatte am Donnerstag angekündigt bei der Wahl im September erneut anzutreten.")
    assert q.rule == "cue-clause:leading-cue" and q.text == "bei der Wahl im September erneut anzutreten"
    assert q.speaker.mention == "Der Präsident"


# ---------------------------------------------------------------- indicative content after a say-verb


def test_indicative_main_clause_after_a_say_verb(nlp) -> None:
    q = only(nlp, "Bei dem Treffen sagte die Ministerin, die Bundesländer hielten sich an die Vereinbarung.")
    assert q.text == "die Bundesländer hielten sich an die Vereinbarung" and q.speaker.mention == "die Ministerin"


def test_relative_clause_after_a_say_verb_is_no_content(nlp) -> None:
    assert nlp.process("Er sagte den Bürgern, die Kollegen erwartet hatten, nichts.").quotes == []


def test_outlet_names_are_no_fragments(nlp) -> None:
    found = nlp.process("In der „Welt am Sonntag“ schreibt der Richter, dass das Verfahren möglich sei.").quotes
    assert [q.text for q in found] == ["dass das Verfahren möglich sei"]
    assert not [q for q in nlp.process("Zudem hob der Präsident dem „Figaro“ zufolge die Bedeutung der "
                                       "Beziehungen hervor.").quotes if q.text == "Figaro"]


@pytest.mark.parametrize(("text", "act"), [
    ("Sie räumte zwar ein, es könnten Stellen verloren gehen, sprach aber von einem offenen Prozess.",
     "sprach aber von einem offenen Prozess"),
    ("Der Minister kam am Montag nach Berlin und forderte mehr Geld für die Schulen.",
     "forderte mehr Geld für die Schulen"),
])
def test_coordinated_reported_speech_act(nlp, text: str, act: str) -> None:
    reported = [q for q in nlp.process(text).quotes if q.rule == "cue-clause:reported-speech"]
    assert [q.text for q in reported] == [act]
    assert reported[0].speaker.mention in ("Sie", "Der Minister")


# ---------------------------------------------------------------- "mit den Worten"


@pytest.mark.parametrize(("text", "content"), [
    ("Mit den Worten „Jetzt beginnt eine neue Zeit für die Stadt“ eröffnete die Bürgermeisterin das Fest.",
     "Jetzt beginnt eine neue Zeit für die Stadt"),
    ("„Guten Tag, ich bin wieder da“, mit diesen Worten meldete sich der Trainer zurück.",
     "Guten Tag, ich bin wieder da"),
])
def test_quotation_with_the_words(nlp, text: str, content: str) -> None:
    q = only(nlp, text)
    assert q.rule == "with-words" and q.text == content and q.kind == "direct"
    assert q.speaker.mention in ("die Bürgermeisterin", "der Trainer")


# ---------------------------------------------------------------- speakers with an age ("der 64-Jährige")


@pytest.mark.parametrize(("text", "speaker"), [
    ("„Wir sind gut vorbereitet“, sagte der 64-Jährige am Montag.", "der 64-Jährige"),
    ("„Wir sind gut vorbereitet“, sagte die 33-jährige Trainerin.", "die 33-jährige Trainerin"),
])
def test_age_descriptor_after_an_inverted_cue(nlp, text: str, speaker: str) -> None:
    q = only(nlp, text)
    assert q.rule == "cue-clause:inverted-cue" and q.speaker.mention == speaker


def test_age_descriptor_after_an_anaphoric_cue(nlp) -> None:
    q = only(nlp, "Dem Torwart steht eine Operation bevor. Dies bestätigte der 33-jährige Spieler gegenüber der Presse.")
    assert q.rule == "cue-clause:anaphoric-das" and q.text == "Dem Torwart steht eine Operation bevor."
    assert q.speaker.mention == "der 33-jährige Spieler"


# ---------------------------------------------------------------- a failed inverted reading falls back to a leading cue


def test_long_subject_with_apposition_before_a_comma_and_auxiliary(nlp) -> None:
    q = only(nlp, "Der Vertreter der Arbeitgeber im Aufsichtsrat der Bundesagentur (BA), Peter Klever, hat in einem "
                  "Interview gefordert, dass die Regeln gelockert werden sollten.")
    assert q.rule == "cue-clause:leading-cue" and q.text == "dass die Regeln gelockert werden sollten"
    assert "Peter Klever" in q.speaker.mention


def test_speech_verb_after_a_first_predicate_shares_its_subject(nlp) -> None:
    q = only(nlp, "Der Senator wollte sich nach dem Treffen noch nicht festlegen, sagte aber, die Partei müsse "
                  "sich erneuern.")
    assert q.text == "die Partei müsse sich erneuern" and q.speaker.mention == "Der Senator"


def test_nach_eigenem_bekunden_is_an_according_cue(nlp) -> None:
    q = only(nlp, "Der Bruder des Trainers war nach eigenem Bekunden seit langem in die Pläne eingeweiht.")
    assert q.rule == "cue-clause:according-to-X" and q.cue.lemma == "nach"


@pytest.mark.parametrize(("text", "content"), [
    ("Der Nationaltrainer ist hingegen zuversichtlich, die Schweden mit dem Kader schlagen zu können.",
     "die Schweden mit dem Kader schlagen zu können"),
    ("Die Ministerin zeigte sich optimistisch, dass die Reform gelingen werde.", "dass die Reform gelingen werde"),
])
def test_adjective_of_conviction_as_cue(nlp, text: str, content: str) -> None:
    q = only(nlp, text)
    assert q.rule == "cue-clause:leading-cue" and q.text == content


def test_attributive_adjective_of_conviction_is_no_cue(nlp) -> None:
    assert nlp.process("Der optimistische Trainer sagte nichts.").quotes == []


def test_zu_infinitive_after_a_weak_verb_of_intent(nlp) -> None:
    q = only(nlp, "Angesichts des Urteils erwägt der Anwalt, mit seinem Mandanten in Berufung zu gehen.")
    assert q.text == "mit seinem Mandanten in Berufung zu gehen" and q.speaker.mention == "der Anwalt"
    assert q.cue.lemma == "erwägen"


def test_zu_infinitive_after_other_weak_verbs_is_no_content(nlp) -> None:
    assert nlp.process("Der Trainer versuchte, die Mannschaft zu beruhigen.").quotes == []


def test_embedded_speech_noun_is_not_continued(nlp) -> None:
    """The owner of "den Vorschlag des Ministers, …" is not the speaker of the Konjunktiv sentence after it."""
    found = nlp.process("Die Kanzlerin lehnte den Vorschlag des Umweltministers Paul Berger ab, die Aufsicht dem "
                        "Bund zu übertragen. Das bisherige System habe sich bewährt.").quotes
    owner = [q for q in found if q.rule == "cue-clause:speech-noun-of"]
    assert [q.text for q in owner] == ["die Aufsicht dem Bund zu übertragen"]
    chained = [q for q in found if q.text == "Das bisherige System habe sich bewährt."]
    assert [q.speaker.mention for q in chained] == ["Die Kanzlerin"]
