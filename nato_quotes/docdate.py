"""The document date, used to pick the holder of a role ("der NATO-Chef" in 2022 vs. 2024).

Sources, in order: the caller's ``date=`` (API, CLI ``--date``, JSONL ``date`` field), a header
line ("date 2022-03"), a "Stand:" dateline, then the first full date in the text. When none is
found the date is unknown and the result says so (``source == "unknown"``). A given date that
cannot be read is reported by the caller and gives ``source == "invalid"`` (:data:`INVALID`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
_ISO = regex.compile(r"(?<!\d)(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?!\d)")
_HEADER = regex.compile(r"\A\s*date[:=]?\s+(\d{4}-\d{1,2}(?:-\d{1,2})?)", regex.IGNORECASE)
_STAND = regex.compile(r"Stand:\s*(\d{1,2})\.(\d{1,2})\.(\d{4})")
_NUMERIC = regex.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_WRITTEN = regex.compile(
    r"(?<!\d)(\d{1,2})\.\s*(" + "|".join(_MONTHS) + r")\s+(\d{4})(?!\d)", regex.IGNORECASE
)
_SCAN_LIMIT = 5000  # dates are looked for near the top of the document only


@dataclass(frozen=True, slots=True)
class DocDate:
    """A document date with its precision and where it came from."""

    value: dt.date | None
    precision: str = "unknown"  # "day", "month", "year" or "unknown"
    source: str = "unknown"

    def iso(self) -> str | None:
        if self.value is None:
            return None
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        if self.precision == "year":
            return f"{self.value.year:04d}"
        return self.value.isoformat()


UNKNOWN = DocDate(None)
INVALID = DocDate(None, source="invalid")  # a date was given but could not be read


def parse_date(value: str | dt.date | dt.datetime | None, source: str = "argument") -> DocDate:
    """Parse "2022", "2022-03", "2022-03-24" (a time after it is ignored), "24.03.2022" or a date
    object; ValueError, with a message for the user, when it is no calendar date."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, dt.datetime):
        return DocDate(value.date(), "day", source)
    if isinstance(value, dt.date):
        return DocDate(value, "day", source)
    text = str(value).strip()
    german = _NUMERIC.fullmatch(text)
    iso = _ISO.match(text)
    try:
        if regex.fullmatch(r"\d{4}", text):
            return DocDate(dt.date(int(text), 7, 1), "year", source)
        if german:
            return DocDate(dt.date(int(german[3]), int(german[2]), int(german[1])), "day", source)
        if iso and iso[3] is None:
            return DocDate(dt.date(int(iso[1]), int(iso[2]), 15), "month", source)
        if iso:
            return DocDate(dt.date(int(iso[1]), int(iso[2]), int(iso[3])), "day", source)
    except ValueError as exc:
        raise ValueError(f"{value!r} is no calendar date ({exc})") from None
    raise ValueError(f"unrecognised date {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY")


def find_date(text: str, given: str | dt.date | None = None, given_source: str = "argument") -> DocDate:
    """The document date from ``given`` or, failing that, from the text itself."""
    if given:
        return parse_date(given, given_source)
    head = text[:_SCAN_LIMIT]
    header = _HEADER.match(head)
    if header:
        return parse_date(header[1], "header line")
    for pattern, source in ((_STAND, "dateline"), (_NUMERIC, "date in text"), (_WRITTEN, "date in text")):
        found = _first_valid(pattern, head, source)
        if found is not None:
            return found
    return UNKNOWN


def _first_valid(pattern: regex.Pattern[str], text: str, source: str) -> DocDate | None:
    for match in pattern.finditer(text):
        day, month_text, year = match[1], match[2], match[3]
        month = _MONTHS.get(month_text.lower()) if not month_text.isdigit() else int(month_text)
        try:
            return DocDate(dt.date(int(year), int(month or 0), int(day)), "day", source)
        except ValueError:
            continue
    return None
