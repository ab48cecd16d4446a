"""See who said what: documents as one self-contained HTML page with every quote marked by speaker.

>>> from nato_quotes.render import to_html, write_html
>>> html = to_html(pipeline.process_many(records))          # a full page (inline CSS and script)
>>> with open("report.html", "w", encoding="utf-8") as out:
...     write_html(results, out)

Each quote part is a ``<span class="nq-quote" data-speaker=… data-kind=…>``; its cue is marked
``nq-cue`` and the speaker mention ``nq-speaker``. Hovering or focusing a quote shows its kind, rule,
confidence and how the speaker was resolved; the speaker index at the top filters by speaker.
The text comes from each result (``DocumentResult.text``, set by the pipeline) or from ``texts``
(document id -> text); without it a document shows its quotes only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from ..model import DocumentResult
from .page import OPEN_DOCUMENTS, to_html
from .speakers import speaker_label


def write_html(results: Iterable[DocumentResult], out: IO[str], **options) -> None:
    """Write the HTML page of ``results`` to ``out`` (options as :func:`to_html`)."""
    out.write(to_html(results, **options))


__all__ = ["OPEN_DOCUMENTS", "speaker_label", "to_html", "write_html"]
