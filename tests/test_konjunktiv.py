"""Konjunktiv detection from word forms."""

from __future__ import annotations

import pytest

from nato_quotes.konjunktiv import is_subjunctive, mood


@pytest.mark.parametrize("word", ["sei", "seien", "habe", "werde", "könne", "müsse", "gebe", "plane", "liefere", "erfolge"])
def test_konjunktiv_one(word) -> None:
    assert mood(word) == "sub1" and is_subjunctive(word, strong_only=True)


@pytest.mark.parametrize("word", ["wäre", "hätten", "würde", "könnte", "müsste", "gäbe", "käme", "stünde"])
def test_konjunktiv_two(word) -> None:
    assert mood(word) == "sub2" and not is_subjunctive(word, strong_only=True)


@pytest.mark.parametrize("word", ["ist", "hat", "sagte", "die", "große", "Sache", "gerne", "Bündnis", "2022"])
def test_not_konjunktiv(word) -> None:
    assert mood(word) == "ind"


def test_preterite_lookalikes_are_weak() -> None:
    assert mood("sollte") == "sub2-weak" and not is_subjunctive("wollte")
