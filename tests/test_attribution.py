"""One test (or a few) per attribution pass, on real news sentences, including every trap."""

from __future__ import annotations

import pytest

from nato_quotes import Pipeline


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline("rules")


def quotes(nlp: Pipeline, text: str, date: str | None = None):
    return nlp.process(text, date=date).quotes


def only(nlp: Pipeline, text: str, date: str | None = None):
    found = quotes(nlp, text, date)
    assert len(found) == 1, [(q.rule, q.text) for q in found]
    return found[0]


# ---------------------------------------------------------------- cue clauses (direct)


def test_inverted_cue_after_direct_quote(nlp) -> None:
    q = only(nlp, "„Wir sind das stärkste Bündnis der Welt“, sagte NATO-Generalsekretär Jens Stoltenberg am Donnerstag.")
    assert q.kind == "direct" and q.rule == "cue-clause:inverted-cue"
    assert q.text == "Wir sind das stärkste Bündnis der Welt"
    assert q.speaker.name == "Jens Stoltenberg" and q.speaker.resolution == "name"
    assert q.cue.lemma == "sagen"


def test_colon_introduction_with_cue(nlp) -> None:
    q = only(nlp, "Sonia und Willy Bogner teilten daraufhin mit: „Das erschüttert uns als Eltern sehr.“")
    assert q.kind == "direct" and q.speaker.mention == "Sonia und Willy Bogner"
    assert q.cue.lemma == "mitteilen"


def test_pluperfect_cue_with_pronoun(nlp) -> None:
    text = "Biden stakste an den Reportern vorbei. „Ich denke, es ist eine echte Bedrohung“, hatte er vor seinem Abflug gesagt."
    q = only(nlp, text)
    assert q.speaker.mention == "er" and q.speaker.name == "Joe Biden" and q.speaker.resolution == "pronoun"


def test_split_quote_is_one_quote_with_two_spans(nlp) -> None:
    text = ("Die US-Botschafterin bei der NATO, Julianne Smith, kündigte Maßnahmen an. „Die Alliierten werden sich "
            "zusammensetzen“, so Smith, „um darüber zu sprechen, wie der Druck erhöht werden kann“.")
    q = [q for q in quotes(nlp, text) if q.kind == "direct"][0]
    assert len(q.spans) == 2 and q.rule == "cue-clause:so-X"
    assert q.speaker.name == "Julianne Smith"


def test_split_quote_around_an_inverted_cue(nlp) -> None:
    text = "„Das ist gut“, sagte Smith, „und es ist richtig.“ Danach ging sie."
    q = only(nlp, text)
    assert [s.text for s in q.spans] == ["Das ist gut", "und es ist richtig."]
    assert q.kind == "direct" and q.speaker.mention == "Smith"


# ---------------------------------------------------------------- cue clauses (reported)


def test_indirect_speech_before_inverted_cue(nlp) -> None:
    q = only(nlp, "Die chemischen Kampfstoffe könnten sich auch auf NATO-Territorium ausbreiten, sagte Stoltenberg.")
    assert q.kind == "indirect" and q.text == "Die chemischen Kampfstoffe könnten sich auch auf NATO-Territorium ausbreiten"


def test_dass_clause_after_leading_cue_with_apposition(nlp) -> None:
    q = only(nlp, "Die Sprecherin des Weißen Hauses, Jen Psaki, bestätigte, dass Biden zum Nato-Gipfel reisen werde.",
             date="2022-03-17")
    assert q.text == "dass Biden zum Nato-Gipfel reisen werde"
    assert q.speaker.name == "Jen Psaki"


def test_separable_verb_cue(nlp) -> None:
    q = only(nlp, "Stoltenberg kündigte an, man werde sich mit dem Einmarsch Russlands befassen.")
    assert q.cue.lemma == "ankündigen" and len(q.cue.spans) == 2
    assert q.text == "man werde sich mit dem Einmarsch Russlands befassen"


def test_so_x_with_content_on_both_sides(nlp) -> None:
    text = "Das könne ein Vorwand sein, so Generalsekretär Stoltenberg, dass Russland selbst einen Angriff plane."
    q = only(nlp, text)
    assert q.rule == "cue-clause:so-X" and len(q.spans) == 2
    assert q.speaker.name == "Jens Stoltenberg"


def test_wie_x_mitteilte(nlp) -> None:
    q = only(nlp, "Das Treffen soll am 24. März in Brüssel stattfinden, wie Nato-Generalsekretär Jens Stoltenberg mitteilte.")
    assert q.rule == "cue-clause:wie-X-cue" and q.speaker.name == "Jens Stoltenberg"
    assert q.text == "Das Treffen soll am 24. März in Brüssel stattfinden"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Laut Innenminister Alfredo Pérez Rubalcaba werden die Fluglotsen dem Militärrecht unterstellt.",
         "Innenminister Alfredo Pérez Rubalcaba"),
        ("Medienberichten zufolge war es vor dem Ausbruch zu einer Revolte gekommen.", "Medienberichten"),
        ("Bei dem Treffen wird es nach Angaben von Stoltenberg um Waffenlieferungen gehen.", "Angaben von Stoltenberg"),
    ],
)
def test_according_to_sources(nlp, text, mention) -> None:
    q = only(nlp, text)
    assert q.rule == "cue-clause:according-to-X" and q.speaker.mention == mention


@pytest.mark.parametrize(("text", "name"), [
    ("Stoltenberg traf die Minister in Brüssel. Seiner Meinung nach sei die Lage ernst.", "Jens Stoltenberg"),
    ("Baerbock reiste nach Kiew. Nach ihren Worten müsse Europa mehr tun.", "Annalena Baerbock"),
])
def test_possessive_source_resolves_to_its_owner(nlp, text, name) -> None:
    q = only(nlp, text, date="2022-03-01")
    assert q.rule == "cue-clause:according-to-X" and q.speaker.name == name
    assert q.speaker.resolution == "pronoun"


def test_postposed_nach_after_a_source_noun(nlp) -> None:
    q = only(nlp, "Dem Vernehmen nach soll Gerhardt sein Amt noch bis zum Frühjahr ausüben.")
    assert q.speaker.mention == "Dem Vernehmen" and q.text == "soll Gerhardt sein Amt noch bis zum Frühjahr ausüben"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("In vielen Städten wurde eine Umweltzone eingeführt, die laut Umweltbundesamt die Luftqualität "
         "verbessern kann, und die Fahrverbote wurden verschärft.",
         "die … die Luftqualität verbessern kann"),
        ("Die ersten Funde machten sie im Jahre 2000, im Jahr 2004 war die Gruppe laut der Zeitung dann am Ziel.",
         "im Jahr 2004 war die Gruppe … dann am Ziel"),
        ("Nach einer Hochrechnung, die auf 65 Prozent der Wahlbezirke beruht, entfallen 61 Prozent der Stimmen "
         "auf Huckabee.", "entfallen 61 Prozent der Stimmen auf Huckabee"),
        ("Ansonsten geht ihn die Innenpolitik laut Verfassung nichts an; seine Stellung ergibt sich indirekt.",
         "Ansonsten geht ihn die Innenpolitik … nichts an"),
    ],
)
def test_according_content_is_the_clause_holding_the_source(nlp, text, content) -> None:
    q = only(nlp, text)
    assert q.rule == "cue-clause:according-to-X" and q.text == content


def test_mixed_quote(nlp) -> None:
    q = only(nlp, "Die Arsenale seien „leer“, hatte Verteidigungsministerin Christine Lambrecht am Montag erklärt.")
    assert q.kind == "mixed" and q.text == "Die Arsenale seien „leer“"
    assert q.speaker.name == "Christine Lambrecht"


def test_anonymous_source(nlp) -> None:
    q = only(nlp, "In Polen sei halt Wahlkampf, sagte ein Diplomat, deshalb gebe Warschau keine Ruhe.")
    assert q.speaker.anonymous and q.speaker.resolution == "anonymous" and q.speaker.mention == "ein Diplomat"
    assert len(q.spans) == 2


def test_impersonal_hiess_es(nlp) -> None:
    q = only(nlp, "Über die Einzelheiten war man sich nicht einig, hieß es.")
    assert q.speaker.anonymous and q.speaker.span is None


def test_impersonal_cue_names_the_document(nlp) -> None:
    text = ("In einem Positionspapier des Bundesministeriums des Innern heißt es, die Evaluierung habe ergeben, "
            "dass sich die Regelungen bewährt hätten. Deshalb sei es folgerichtig, sie beizubehalten.")
    first, chain = quotes(nlp, text)
    assert first.rule == "cue-clause:impersonal-cue" and not first.speaker.anonymous
    assert first.speaker.mention == "einem Positionspapier des Bundesministeriums des Innern"
    assert chain.rule == "konjunktiv-chain" and chain.speaker.mention == first.speaker.mention


@pytest.mark.parametrize(("text", "mention"), [
    ("Von der Regierung in Kiew wurde am Abend mitgeteilt, dass die Grenze geschlossen bleibe.",
     "der Regierung in Kiew"),
    ("In einer Stellungnahme des Ministeriums wird die Entscheidung damit begründet, dass das Land von der "
     "Fischerei abhängig sei.", "einer Stellungnahme des Ministeriums"),
    ("Sie wird mit den Worten zitiert: „Ich will diesem Generationswechsel nicht im Wege stehen.“", "Sie"),
])
def test_passive_cue_with_agent_or_document(nlp, text, mention) -> None:
    q = quotes(nlp, text)[0]
    assert q.rule == "cue-clause:passive-cue" and q.speaker.mention == mention


def test_passive_cue_without_agent_has_no_speaker(nlp) -> None:
    q = only(nlp, "Es wird angenommen, dass die Verhandlungen noch Wochen dauern werden.")
    assert q.rule == "cue-clause:passive-cue" and q.speaker.span is None


def test_demnach_refers_to_the_previous_source(nlp) -> None:
    text = ("Die Staatsanwaltschaft sagte, die Obduktion sei abgeschlossen. "
            "Demnach hat der Sohn, Bernhard Bogner, Selbstmord begangen.")
    first, second = quotes(nlp, text)
    assert second.rule == "cue-clause:referring-demnach"
    assert second.speaker.mention == "Demnach" and second.speaker.span.text == "Demnach"
    assert second.speaker.resolution == "continuation" and "Staatsanwaltschaft" in second.speaker.explanation


def test_hearsay_continues_the_source_of_the_sentence_before(nlp) -> None:
    text = ("800.000 Menschen wurden nach Angaben des Roten Kreuzes obdachlos. "
            "Mindestens eine Person soll in den Fluten ums Leben gekommen sein.")
    first, hearsay = quotes(nlp, text)
    assert hearsay.rule == "hearsay-sollen" and hearsay.speaker.mention == first.speaker.mention
    assert first.speaker.mention.startswith("Angaben des Roten Kreuzes")


def test_hearsay_without_a_source_is_anonymous(nlp) -> None:
    q = only(nlp, "Die Flut kam in der Nacht. Mindestens eine Person soll in den Fluten ums Leben gekommen sein.")
    assert q.rule == "hearsay-sollen" and q.speaker.anonymous and q.speaker.span is None


def test_relative_pronoun_speaker_resolves_to_its_antecedent(nlp) -> None:
    text = "Die Frau wartete, so Gülsen Celebi, die auch angab, dass ihre Mandantin oft die Polizei gerufen habe."
    q = [q for q in quotes(nlp, text) if q.text.startswith("dass")][0]
    assert q.speaker.mention == "die" and q.speaker.resolution == "relative"
    assert q.speaker.name == "Gülsen Celebi"


def test_relative_pronoun_after_a_preposition_phrase_terminates(nlp) -> None:
    q = only(nlp, "Sie sprach mit der Polizei, die sagte, es sei in der Nacht ruhig geblieben.")
    assert q.speaker.mention == "die" and q.speaker.resolution == "relative"
    assert "'der Polizei'" in q.speaker.explanation
    assert q.speaker.type == "organisation" and q.speaker.name == "Polizei"


def test_separable_particle_after_an_apposition(nlp) -> None:
    text = ("Jetzt gab der Leiter der Kriminaldienststelle, Andreas Huber, bekannt, dass sich das Handy "
            "ins italienische Netz eingewählt habe.")
    q = only(nlp, text)
    assert q.cue.lemma == "bekanntgeben" and q.cue.text == "gab … bekannt"
    assert q.speaker.mention == "der Leiter der Kriminaldienststelle, Andreas Huber"
    assert q.text.startswith("dass sich das Handy")


def test_inverted_subject_keeps_its_apposition(nlp) -> None:
    text = ("Vor dem Absturz wurde kein Notsignal gesendet, teilte später der Direktor der Behörde, "
            "Bagus Puruhito, mit.")
    q = only(nlp, text)
    assert q.cue.lemma == "mitteilen" and q.speaker.mention == "der Direktor der Behörde, Bagus Puruhito"
    assert q.text == "Vor dem Absturz wurde kein Notsignal gesendet"


@pytest.mark.parametrize(("second", "mention", "lemma"), [
    ("Dies geht aus einer Pressemitteilung der Organisation Human Rights Watch hervor.",
     "einer Pressemitteilung der Organisation Human Rights Watch", "hervorgehen"),
    ("Dies teilte der parlamentarische Geschäftsführer der Fraktion, Jens Nacke, am Montag in Hannover mit.",
     "der parlamentarische Geschäftsführer der Fraktion, Jens Nacke", "mitteilen"),
])
def test_anaphoric_report_takes_the_sentence_before(nlp, second, mention, lemma) -> None:
    q = only(nlp, "Bei einem Luftangriff sind über 80 Menschen gestorben. " + second)
    assert q.rule == "cue-clause:anaphoric-das" and q.text == "Bei einem Luftangriff sind über 80 Menschen gestorben."
    assert q.speaker.mention == mention and q.cue.lemma == lemma


def test_dative_prefield_is_not_the_speaker(nlp) -> None:
    q = only(nlp, "Der englischsprachigen Zeitung sagte Filep Karma: „Ich werde im Gefängnis gehalten.“")
    assert q.speaker.mention == "Filep Karma"


# ---------------------------------------------------------------- continuation passes


def test_konjunktiv_chain_continues_the_speaker(nlp) -> None:
    text = ("„Seit Jahren trainieren die Alliierten ukrainische Soldaten“, sagte Stoltenberg. "
            "Viele von ihnen seien jetzt an der Front im Einsatz. Die Lage ist ernst.")
    found = quotes(nlp, text)
    assert [q.rule for q in found] == ["cue-clause:inverted-cue", "konjunktiv-chain"]
    assert found[1].spkatt_type == "IndirectFreeIndirect" and found[1].speaker.name == "Jens Stoltenberg"
    assert found[1].speaker.resolution == "continuation"


def test_direct_continuation(nlp) -> None:
    text = ("„Wir sind das stärkste Bündnis der Welt“, sagte der Norweger Jens Stoltenberg. "
            "„Solange wir zusammenstehen, sind wir sicher.“")
    second = quotes(nlp, text)[1]
    assert second.rule == "direct-continuation" and second.speaker.name == "Jens Stoltenberg"


def test_passage_chains_option_merges_konjunktiv_sentences() -> None:
    text = ("Der Staatsanwalt sagte, der Sohn habe sich selbst getötet. Dies sei eindeutig nachzuweisen gewesen. "
            "Ein Fremdverschulden gebe es nicht.")
    by_sentence = Pipeline("rules", passage_chains=False).process(text).quotes
    by_passage = Pipeline("rules").process(text).quotes  # the default: SpkAtt's convention
    assert len(by_sentence) == 3 and len(by_passage) == 2
    assert len(by_passage[1].spans) == 2


# ---------------------------------------------------------------- traps: nothing comes out


@pytest.mark.parametrize(
    "text",
    [
        # negated cue
        "Stoltenberg kam nach Brüssel. Wie die NATO auf einen solchen Fall reagieren würde, sagte Stoltenberg nicht.",
        # comparison clauses in Konjunktiv
        "Er sah nicht so aus, als fühle er sich sonderlich wohl in seiner Haut.",
        "Rutte überbrachte schlechte Nachrichten so, als überreiche er einen Strauß Tulpen.",
        # the author's own speculation and Konjunktiv II
        "Damit dürften auch europäische Friedenstruppen nur Gedankenspiele bleiben.",
        "Eine Flugverbotszone ist ausgeschlossen. Sie müsste überwacht und garantiert werden.",
        # quoted titles and names
        "Die Zeitung „Die Welt“ berichtet über die sogenannte „Nato-Ostflanke“.",
        "Der Film „Haribo - Mit dem Goldbären zur Kultmarke“ läuft am Sonntag.",
        # a headline with a speech verb but no speech
        "Baerbock schlägt internationale Präsenz in der Ukraine vor",
        # "so" followed by a non-speaker
        "Sie sollten Transporte schützen, so die Idee, die schon vorher abgeräumt worden war.",
    ],
)
def test_traps_yield_nothing(nlp, text) -> None:
    assert quotes(nlp, text) == []


def test_author_interpretation_after_a_quote_is_not_continued(nlp) -> None:
    text = ("„Russlands Krieg bedroht uns alle“, sagte der NATO-Chef. Eine Botschaft in Richtung Washington, "
            "dass der Krieg nicht alleine eine europäische Angelegenheit sei.")
    assert len(quotes(nlp, text, date="2024-12-04")) == 1


@pytest.mark.parametrize("text, parts, rule", [
    # the stray closing mark after the source was the whole right-hand part: no empty part is made
    ("Am Montag sprach Xie Zhenhua in Berlin. Er erläuterte die Klimapolitik aus Sicht Chinas”.\n\nAm Rande traf er "
     "Al Gore.", ["Er erläuterte die Klimapolitik"], "cue-clause:according-to-X"),
    # a quotation that ran over a paragraph holding only its reopening mark: one part, not an empty second one
    ("Der General sagte: »Wir brauchen mehr Soldaten, und zwar schnell.\n»\nNeben der Abwehr feindlicher Angriffe "
     "geht es auch um Ausbildung.", ["Wir brauchen mehr Soldaten, und zwar schnell."], "cue-clause:leading-cue"),
])
def test_no_empty_part_where_trimming_leaves_nothing(nlp, text, parts, rule) -> None:
    found = [q for q in quotes(nlp, text) if q.rule == rule]
    assert len(found) == 1 and [s.text for s in found[0].spans] == parts


def test_a_sentence_of_marks_is_no_content(nlp) -> None:
    """ "Das sagte X." takes the sentence before as content, but not a line that is only a mark."""
    text = "„Wir brauchen mehr Soldaten, und zwar schnell.\n„Die Bundeswehr muss wachsen.\n„\nDas sagte Pistorius."
    assert [q.rule for q in quotes(nlp, text)] == ["topic-speaker"]


# ---------------------------------------------------------------- who can be a speaker


def test_fronted_object_is_not_the_speaker(nlp) -> None:
    text = ("Der Minister Karl Brenner besuchte am Montag die Hauptstadt. "
            "Eine Verschiebung der Wahl bezeichnete Brenner als fatal, weil die Bürger seit Jahren warteten.")
    found = [q for q in quotes(nlp, text) if "fatal" in q.text or "Verschiebung" in q.text]
    assert found and all(q.speaker.name == "Karl Brenner" for q in found), [(q.text, q.speaker) for q in found]


def test_focus_particle_before_the_subject(nlp) -> None:
    text = "Auch die Familienministerin Renate Schröder äußerte Vorbehalte, sie halte den Plan für riskant."
    found = quotes(nlp, text)
    assert found and found[0].speaker.name == "Renate Schröder", [(q.text, q.speaker) for q in found]


def test_speech_act_of_a_thing_is_no_quote(nlp) -> None:
    text = "Ein Erdbeben in der Nähe der Küste hat mindestens 65 Menschenleben gefordert."
    assert not quotes(nlp, text)


def test_speaker_capable_heads() -> None:
    from nato_quotes.rules_analyzer import RuleAnalyzer
    from nato_quotes.source import speaker_capable

    analyzer = RuleAnalyzer()

    def capable(phrase: str) -> bool:
        tokens = analyzer.analyze(phrase + " sagte.").sentences[0].tokens
        return speaker_capable(tokens, (0, len(tokens) - 2))

    for phrase in ("Die Polizei", "Merkel", "Human Rights Watch", "der 64-Jährige", "Das Weiße Haus",
                   "Ihre Mandantin", "einem Bericht", "Kritiker", "Er"):
        assert capable(phrase), phrase
    for phrase in ("Vorbehalte", "Ein Erdbeben", "Die Tat", "Eine Verschiebung des Wahltermins"):
        assert not capable(phrase), phrase


def test_hiess_es_names_its_source_after_it(nlp) -> None:
    text = "Oberste Priorität sei der Schutz der Zivilbevölkerung, hieß es vom Sprecher Mark Tonner."
    q = only(nlp, text)
    assert q.speaker.name == "Mark Tonner" and not q.speaker.anonymous


def test_a_quote_without_cue_goes_to_the_person_named_before_it(nlp) -> None:
    text = ("Der Prozess endete am Freitag. In seiner Pressemitteilung resümiert Hartmut Lierau: "
            "„Die Jahre der Haft haben seine Gesundheit zerrüttet.“")
    q = only(nlp, text)
    assert q.speaker.name == "Hartmut Lierau"


def test_an_outlet_cited_in_the_clause_is_the_source_and_the_person_goes_on(nlp) -> None:
    text = ("Laut CNN hat der US-Verteidigungsminister Leon Panetta verkündet, der Übergangsrat wolle die Mission "
            "verlängern. Die Allianz werde das in der kommenden Woche prüfen.")
    first, second = quotes(nlp, text)
    assert first.speaker.type == "document" and first.speaker.mention == "CNN" and "cited-outlet" in first.passes
    assert second.rule == "konjunktiv-chain" and second.speaker.name == "Leon Panetta"
