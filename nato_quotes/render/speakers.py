"""Who a quote is attributed to, for the HTML view: labels, the speaker index and one colour each."""

from __future__ import annotations

import colorsys
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import DocumentResult, Quote

NO_SPEAKER = "(no speaker)"
IMPERSONAL = "(impersonal cue)"
UNRESOLVED = "(unresolved)"
#: background colours, most quoted speaker first (dark text stays readable on all of them)
PALETTE = (
    "#7cc4f0", "#f7b267", "#9be08b", "#f49ac1", "#c3a6f0", "#f6e05e",
    "#6fd6c6", "#f28b82", "#a9bfe0", "#d8b98a", "#b8e986", "#e6a4e0",
    "#9aa7ff", "#ff9f80", "#b5c99a", "#d4d17a",
)
NO_SPEAKER_COLOR = "#cbd5e0"


def speaker_label(quote: Quote) -> str:
    """The canonical name, else the mention (an anonymous description such as "ein Diplomat")."""
    speaker = quote.speaker
    if speaker is None:
        return NO_SPEAKER
    return speaker.name or speaker.mention or (IMPERSONAL if speaker.anonymous else UNRESOLVED)


def speaker_tag(quote: Quote) -> str:
    """A short kind label: the speaker's ``type`` (person, organisation, …) if set, else anonymous / unresolved."""
    speaker = quote.speaker
    if speaker is None:
        return ""
    kind = getattr(speaker, "type", None)
    if kind:
        return str(kind)
    if speaker.anonymous:
        return "anonymous"
    return "" if speaker.name else "unresolved"


def index_tag(quote: Quote) -> str:
    """The tag of the speaker index: as :func:`speaker_tag`, but persons (the usual case) go untagged."""
    tag = speaker_tag(quote)
    return "" if tag == "person" and quote.speaker and quote.speaker.name else tag


@dataclass(frozen=True)
class Colour:
    """A speaker's colours: ``fill`` for direct quotes, ``light`` for reported ones, ``dark`` for lines."""

    fill: str
    light: str
    dark: str

    @property
    def style(self) -> str:
        return f"--nq-c:{self.fill};--nq-l:{self.light};--nq-d:{self.dark}"


@dataclass
class SpeakerEntry:
    """One line of the speaker index."""

    label: str
    count: int = 0
    documents: int = 0
    tag: str = ""
    colour: Colour | None = None


def speaker_index(results: Iterable[DocumentResult]) -> list[SpeakerEntry]:
    """Speakers with their quote and document counts, most quoted first, each with its colour."""
    entries: dict[str, SpeakerEntry] = {}
    for result in results:
        seen: set[str] = set()
        for quote in result.quotes:
            label = speaker_label(quote)
            entry = entries.setdefault(label, SpeakerEntry(label, tag=index_tag(quote)))
            entry.count += 1
            if label not in seen:
                entry.documents += 1
                seen.add(label)
    ordered = sorted(entries.values(), key=lambda e: (e.label.startswith("("), -e.count, e.label.casefold()))
    for number, entry in enumerate(ordered):
        entry.colour = colour(NO_SPEAKER_COLOR if entry.label == NO_SPEAKER else fill_colour(number))
    return ordered


def fill_colour(number: int) -> str:
    """The palette first, then hues spaced by the golden angle (distinct for any number of speakers)."""
    if number < len(PALETTE):
        return PALETTE[number]
    step = number - len(PALETTE)
    hue = (step * 137.508 + 20) % 360 / 360
    red, green, blue = colorsys.hls_to_rgb(hue, 0.68 if step % 2 else 0.8, 0.65)
    return _hex(red, green, blue)


def colour(fill: str) -> Colour:
    red, green, blue = (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))
    light = _hex(*(c + (1 - c) * 0.55 for c in (red, green, blue)))
    dark = _hex(*(c * 0.5 for c in (red, green, blue)))
    return Colour(fill, light, dark)


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue))
