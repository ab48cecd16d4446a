"""The HTML report: a speaker index, then one section per document with its quotes marked."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources

from .. import __version__
from ..model import DocumentResult, Quote, Span
from .markup import Mark, escape, nest, paragraph_ranges
from .speakers import Colour, SpeakerEntry, speaker_index, speaker_label, speaker_tag

OPEN_DOCUMENTS = 5  # documents shown unfolded; the others are one click away (<details>)
RANK_QUOTE, RANK_SPEAKER, RANK_CUE = 0, 1, 2


def to_html(
    results: Iterable[DocumentResult], *, texts: Mapping[str, str] | None = None, page: bool = True,
    open_documents: int = OPEN_DOCUMENTS, title: str = "nato-quotes: who said what",
) -> str:
    """The HTML view of ``results``: a whole page, or (``page=False``) one self-contained ``<div>`` for a notebook.

    ``texts`` (document id -> text) supplies texts the results do not carry; ``open_documents``: how
    many documents are unfolded at first (the others are one click away).
    """
    results = list(results)
    index = speaker_index(results)
    colours = {entry.label: entry.colour for entry in index}
    root = f"nq-{secrets.token_hex(4)}"
    sections = [
        _document(result, _text_of(result, texts), f"{root}-d{number}", colours, number < open_documents)
        for number, result in enumerate(results)
    ]
    body = "".join([
        f'<div class="nq-report" id="{root}">',
        _style() if not page else "",
        _header(title, results, index),
        '<div class="nq-documents">', *sections, "</div>",
        '<div class="nq-tip" role="tooltip" hidden></div>',
        _script(root), "</div>",
    ])
    if not page:
        return body
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>{_style()}</head><body>{body}</body></html>\n")


def _text_of(result: DocumentResult, texts: Mapping[str, str] | None) -> str | None:
    if texts is not None and result.doc in texts:
        return texts[result.doc]
    return result.text


def _style() -> str:
    return f"<style>{resources.files(__package__).joinpath('report.css').read_text(encoding='utf-8')}</style>"


def _script(root: str) -> str:
    code = resources.files(__package__).joinpath("report.js").read_text(encoding="utf-8")
    return (f'<script>(function (root) {{\n{code}\n}})(document.getElementById("{root}") '
            f"|| (document.currentScript && document.currentScript.parentElement));</script>")


def _header(title: str, results: list[DocumentResult], index: list[SpeakerEntry]) -> str:
    quotes = sum(len(r.quotes) for r in results)
    errors = sum(1 for r in results if r.error)
    analyzers = ", ".join(sorted({r.analyzer for r in results})) or "-"
    facts = [_count(len(results), "document"), _count(quotes, "quote"), _count(len(index), "speaker")]
    if errors:
        facts.append(_count(errors, "error"))
    items = "".join(_index_item(entry) for entry in index)
    return (
        f'<header class="nq-header"><h1>{escape(title)}</h1>'
        f'<p class="nq-facts">{escape(" · ".join(facts))} · analyzer {escape(analyzers)} · nato-quotes {__version__}</p>'
        f'<nav class="nq-index" aria-label="Speakers">'
        f'<button type="button" class="nq-all" aria-pressed="true">all speakers <span class="nq-n">{quotes}</span></button>'
        f"{items}</nav>{_key()}"
        '<p class="nq-status" aria-live="polite"></p></header>'
    )


def _index_item(entry: SpeakerEntry) -> str:
    tag = f'<span class="nq-tag">{escape(entry.tag)}</span>' if entry.tag else ""
    hint = f"{_count(entry.count, 'quote')} in {_count(entry.documents, 'document')}; click to show only these"
    return (
        f'<button type="button" class="nq-legend-item" data-speaker="{escape(entry.label)}" '
        f'style="{_style_of(entry.colour)}" aria-pressed="false" title="{escape(hint)}">'
        f'<span class="nq-swatch"></span><span class="nq-name">{escape(entry.label)}</span>{tag}'
        f'<span class="nq-n">{entry.count}</span></button>'
    )


def _key() -> str:
    return (
        '<p class="nq-key">'
        '<span class="nq-sample nq-sample-direct">direct quote</span> '
        '<span class="nq-sample nq-sample-indirect">reported speech</span> '
        '<span class="nq-sample nq-sample-cue">cue</span> '
        '<span class="nq-sample nq-sample-speaker">speaker mention</span> '
        "· hover or focus a quote for how it was found; click a speaker to show only their quotes "
        "(click again for the next one, Esc for all)</p>"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _style_of(colour: Colour | None) -> str:
    return colour.style if colour else ""


def _document(result: DocumentResult, text: str | None, doc_id: str, colours: Mapping[str, Colour | None],
              unfolded: bool) -> str:
    if result.error:
        body = f'<p class="nq-error-msg" role="alert">error: {escape(result.error)}</p>'
        return _section(result, doc_id, body, colours, unfolded, "nq-doc nq-error")
    if text is not None and _fits(result, text):
        marks = _marks(result.quotes, doc_id, colours)
        body = "".join(f'<p class="nq-para">{nest(text, start, end, marks)}</p>'
                       for start, end in paragraph_ranges(text)) if text else '<p class="nq-note">empty document</p>'
        return _section(result, doc_id, f'<div class="nq-text" lang="de">{body}</div>', colours, unfolded)
    note = ("the document text is not available (results read from a file): its quotes only"
            if text is None else "the text does not match these results: their quotes only")
    body = f'<p class="nq-note">{note}</p>{_quote_list(result, doc_id, colours)}'
    return _section(result, doc_id, body, colours, unfolded)


def _fits(result: DocumentResult, text: str) -> bool:
    spans = [s for q in result.quotes for s in _spans_of(q)]
    return all(s.end <= len(text) and text[s.start:s.end] == s.text for s in spans)


def _spans_of(quote: Quote) -> list[Span]:
    cue = quote.cue.spans if quote.cue else []
    mention = [quote.speaker.span] if quote.speaker and quote.speaker.span else []
    return [*quote.spans, *cue, *mention]


def _section(result: DocumentResult, doc_id: str, body: str, colours: Mapping[str, Colour | None], unfolded: bool,
             classes: str = "nq-doc") -> str:
    date = f"date {result.date} ({result.date_source})" if result.date else f"no date ({result.date_source})"
    facts = " · ".join([date, _count(len(result.quotes), "quote"), f"analyzer {result.analyzer}"])
    return (
        f'<details class="{classes}" id="{doc_id}"{" open" if unfolded else ""}>'
        f'<summary><span class="nq-doc-id">{escape(result.doc)}</span> '
        f'<span class="nq-doc-facts">{escape(facts)}</span></summary>'
        f"{_doc_meta(result)}{_doc_speakers(result, colours)}{body}</details>"
    )


def _doc_meta(result: DocumentResult) -> str:
    """The extra fields of the input record (title, url, source …), as plain text."""
    fields = [f"{key}: {value}" for key, value in result.meta.items()
              if isinstance(value, (str, int, float)) and key != "error"]  # the error is shown below
    return f'<p class="nq-doc-meta">{escape(" · ".join(fields))}</p>' if fields else ""


def _doc_speakers(result: DocumentResult, colours: Mapping[str, Colour | None]) -> str:
    counts = Counter(speaker_label(q) for q in result.quotes)
    if not counts:
        return ""
    chips = "".join(f'<span class="nq-chip" style="{_style_of(colours.get(label))}">{escape(label)} '
                    f'<span class="nq-n">{n}</span></span>' for label, n in counts.most_common())
    return f'<p class="nq-doc-speakers">{chips}</p>'


def _marks(quotes: list[Quote], doc_id: str, colours: Mapping[str, Colour | None]) -> list[Mark]:
    """Quote parts, cues and speaker mentions; a cue or mention shared by several quotes is marked once."""
    marks: list[Mark] = []
    shared: dict[tuple[int, int, str], tuple[str, str, list[str]]] = {}  # span -> first label, style, quote ids
    for number, quote in enumerate(quotes):
        quote_id = f"{doc_id}-q{number}"
        label = speaker_label(quote)
        style = _style_of(colours.get(label))
        marks.extend(_quote_marks(quote, quote_id, label, style))
        for kind, span in _attribution_spans(quote):
            shared.setdefault((span.start, span.end, kind), (label, style, []))[2].append(quote_id)
    for (start, end, kind), (label, style, ids) in shared.items():
        if kind == "nq-speaker":
            marks.append(Mark(start, end, kind, (("data-quote", " ".join(ids)), ("data-speaker", label),
                                                 ("style", style)), RANK_SPEAKER))
        else:
            marks.append(Mark(start, end, kind, (("data-quote", " ".join(ids)),), RANK_CUE))
    return marks


def _attribution_spans(quote: Quote) -> list[tuple[str, Span]]:
    cue = [("nq-cue", s) for s in quote.cue.spans] if quote.cue else []
    mention = [("nq-speaker", quote.speaker.span)] if quote.speaker and quote.speaker.span else []
    return cue + mention


def _quote_marks(quote: Quote, quote_id: str, label: str, style: str) -> list[Mark]:
    attrs = _quote_attrs(quote, quote_id, label, style)
    classes = f"nq-quote nq-{quote.kind}" + (" nq-anon" if quote.speaker and quote.speaker.anonymous else "")
    parts = len(quote.spans)
    return [
        Mark(span.start, span.end, classes,
             (("data-part", f"{quote_id}-p{k}"),) + ((("data-parts", f"{k + 1}/{parts}"),) if parts > 1 else ())
             + attrs, RANK_QUOTE)
        for k, span in enumerate(quote.spans)
    ]


def _quote_attrs(quote: Quote, quote_id: str, label: str, style: str) -> tuple[tuple[str, str], ...]:
    """Everything the tooltip shows, as data attributes (and a plain ``title`` for pages without script)."""
    speaker = quote.speaker
    fields = {
        "data-quote": quote_id, "data-speaker": label, "data-kind": quote.kind,
        "data-spkatt": quote.spkatt_type, "data-rule": quote.rule, "data-confidence": f"{quote.confidence:.2f}",
        "data-type": speaker_tag(quote), "data-cue": quote.cue.text if quote.cue else "",
        "data-mention": speaker.mention or "" if speaker else "",
        "data-resolution": speaker.resolution if speaker else "",
        "data-explanation": speaker.explanation if speaker else "",
        "data-wikidata": speaker.wikidata or "" if speaker else "",
        "data-entity": getattr(speaker, "entity", None) or "",
    }
    title = "\n".join(filter(None, [
        f"{label} · {quote.kind} ({quote.spkatt_type}) · confidence {quote.confidence:.2f}",
        f"rule {quote.rule}", fields["data-explanation"],
    ]))
    pairs = [(name, value) for name, value in fields.items() if value]
    return (*pairs, ("tabindex", "0"), ("style", style), ("title", title))


def _quote_list(result: DocumentResult, doc_id: str, colours: Mapping[str, Colour | None]) -> str:
    """Without the document text: each quote on its own line, its parts joined by " … "."""
    items = []
    for number, quote in enumerate(result.quotes):
        quote_id = f"{doc_id}-q{number}"
        label = speaker_label(quote)
        marks = _quote_marks(quote, quote_id, label, _style_of(colours.get(label)))
        parts = " … ".join(
            f"{mark.open_tag()}{escape(span.text)}</span>" for mark, span in zip(marks, quote.spans, strict=True))
        items.append(f'<p class="nq-para">{parts} <span class="nq-who">— {escape(label)}</span></p>')
    return f'<div class="nq-list" lang="de">{"".join(items)}</div>'
