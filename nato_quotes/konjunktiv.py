"""Konjunktiv (subjunctive) detection from word forms and lemmas.

Konjunktiv I (``sei``, ``habe``, ``werde``, ``könne``, ``gebe``) is the grammatical mark of reported
speech in German news. Konjunktiv II (``wäre``, ``hätte``, ``würde``, ``könnte``, ``gäbe``) also
reports speech but equally marks the author's own hypotheses, so callers treat it as weaker
evidence. Forms are recognised through the lemma (simplemma): a 3rd-person form ``stem + e`` of a
verb lemma ``stem + en`` is Konjunktiv I; an umlauted preterite form is Konjunktiv II.
"""

from __future__ import annotations

from typing import Literal

from .lexicon import lemma, word_cache

Mood = Literal["sub1", "sub2", "sub2-weak", "ind"]

_KONJ1_SPECIAL = {"sei": "sein", "seien": "sein", "seiest": "sein", "seiet": "sein", "möge": "mögen"}
_KONJ2_COMMON = {
    "wäre", "wären", "hätte", "hätten", "würde", "würden", "könnte", "könnten", "müsste", "müssten",
    "müßte", "müßten", "dürfte", "dürften", "möchte", "möchten", "gäbe", "gäben", "käme", "kämen",
    "ginge", "gingen", "stünde", "stünden", "stände", "bliebe", "blieben", "ließe", "ließen",
    "wüsste", "wüssten", "bräuchte", "bräuchten", "täte", "täten", "läge", "lägen", "hielte", "fände",
}
# Preterite forms identical to Konjunktiv II: only weak evidence.
_KONJ2_WEAK = {"sollte", "sollten", "wollte", "wollten"}
# Words ending in -e that look like Konjunktiv I but are not verbs in practice.
_NOT_VERBS = {"gerne", "lange", "heute", "ohne", "alle", "ende", "bitte", "gerade", "feste", "liebe"}
_UMLAUT = {"ä": "a", "ö": "o", "ü": "u"}


@word_cache(limit=200_000)
def mood(word: str) -> Mood:
    """The mood a finite verb form signals: Konjunktiv I, II, weak II, or indicative/unknown."""
    form = word.lower()
    if not form.isalpha() or word[:1].isupper() and form not in _KONJ1_SPECIAL and form not in _KONJ2_COMMON:
        return "ind"
    if form in _KONJ1_SPECIAL:
        return "sub1"
    if form in _KONJ2_COMMON:
        return "sub2"
    if form in _KONJ2_WEAK:
        return "sub2-weak"
    lem = lemma(form).lower()
    if lem == form or form in _NOT_VERBS:
        return "ind"
    if _is_konj1(form, lem):
        return "sub1"
    if _is_konj2(form, lem):
        return "sub2"
    return "ind"


def _is_konj1(form: str, lem: str) -> bool:
    """3rd person singular Konjunktiv I: stem + "e" (habe, gebe, könne, ändere)."""
    if lem.endswith("en") and form == lem[:-2] + "e":
        return True
    return (lem.endswith("ern") or lem.endswith("eln")) and form == lem[:-1] + "e"


def _is_konj2(form: str, lem: str) -> bool:
    """Umlauted preterite of a strong verb: gäbe (geben), läge (liegen), führe (fahren)."""
    if not (form.endswith("e") or form.endswith("en")) or not any(c in _UMLAUT for c in form):
        return False
    if not lem.endswith("en"):
        return False
    return not any(c in _UMLAUT for c in lem)


def is_subjunctive(word: str, *, strong_only: bool = False) -> bool:
    """True for Konjunktiv I or II forms (``strong_only``: Konjunktiv I only)."""
    m = mood(word)
    if strong_only:
        return m == "sub1"
    return m in ("sub1", "sub2")
