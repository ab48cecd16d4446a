"""SpkAtt-2023 (GermEval 2023, task 2, news) reader and scorer.

The scorer reimplements the organisers' simplified subtask evaluation (``EvaluateSubtrack2`` in the
shared task's ``eval/classes.py``): only gold quotes with ``isNested == false`` count; per document the
predicted and gold quotes are aligned one-to-one by ``scipy.optimize.linear_sum_assignment``
maximising the token-overlap F1 of the quote spans (+0.01 when the types agree, +0.001 when the media
agree, both only when the spans overlap); every aligned pair, every unmatched prediction and every
unmatched gold quote is a *group*. Per group and role (quote, speaker) token tp/fp/fn give a precision
and a recall (skipped when the denominator is 0). Reported scores are macro averages over the groups;
"joint" pools the quote and speaker values. Token-level micro scores and recall per gold type are
reported beside them.
"""

from __future__ import annotations

import json
import re
import time
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..model import Quote, Span, Speaker
from ._common import fmt_pct, predict_quotes, prf, resolve_pipeline, safe_div, write_jsonl

TYPES = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
ROLES = ("quote", "speaker")
QUOTE_MARK_TOKENS = frozenset("„“”\"»«‚‘’'›‹") | {"``", "''", ",,"}
PRED_MEDIUM = "Speech"
_DATE_RE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")


@dataclass(slots=True)
class Group:
    """One quote (gold or predicted) reduced to what the scorer needs: sorted token ids."""

    msg: list[int]
    speaker: list[int]
    form: str | None = None
    medium: str | None = None
    nested: bool = False
    ident: int | None = None
    char_spans: list[tuple[int, int]] = field(default_factory=list)
    speaker_text: str = ""
    speaker_chars: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class SpkAttDocument:
    """One SpkAtt article: text, corpus tokens (char offsets) and gold quotes."""

    doc_id: str
    name: str
    text: str
    token_spans: list[tuple[int, int]]
    token_texts: list[str]
    gold: list[Group]
    path: str = ""

    @property
    def date(self) -> str | None:
        """Publication date taken from the document name "… (2005-08-20)"."""
        m = _DATE_RE.search(self.name)
        return m.group(1) if m else None

    @property
    def scored_gold(self) -> list[Group]:
        """The gold quotes the simplified subtask scores (not nested)."""
        return [g for g in self.gold if not g.nested]

    def tokens_for_chars(self, spans: Iterable[tuple[int, int]], *, direct: bool = False) -> list[int]:
        """Ids of the corpus tokens overlapping any char span, sorted.

        With ``direct=True`` a quotation-mark token right before or after each span is added too:
        our direct-quote spans exclude the marks, SpkAtt's Direct spans include them.
        """
        ends = [e for _, e in self.token_spans]
        out: set[int] = set()
        for start, end in spans:
            if end <= start:
                continue
            i = bisect_right(ends, start)
            j = i
            while j < len(self.token_spans) and self.token_spans[j][0] < end:
                j += 1
            if i == j:
                continue
            out.update(range(i, j))
            if direct:
                if i > 0 and self.token_texts[i - 1] in QUOTE_MARK_TOKENS:
                    out.add(i - 1)
                if j < len(self.token_texts) and self.token_texts[j] in QUOTE_MARK_TOKENS:
                    out.add(j)
        return sorted(out)

    def quote_group(self, quote: Quote, ident: int | None = None) -> Group:
        """Map one of our :class:`Quote` objects onto corpus tokens."""
        spans = [(s.start, s.end) for s in quote.spans]
        msg = self.tokens_for_chars(spans, direct=quote.kind == "direct")
        sp = quote.speaker.span if quote.speaker is not None else None
        speaker = self.tokens_for_chars([(sp.start, sp.end)]) if sp is not None else []
        return Group(
            msg=msg,
            speaker=speaker,
            form=quote.spkatt_type,
            medium=PRED_MEDIUM,
            ident=ident,
            char_spans=spans,
            speaker_text=sp.text if sp is not None else "",
        )

    def gold_as_quotes(self) -> list[Quote]:
        """The scored gold quotes as :class:`Quote` objects in our conventions (oracle predictions)."""
        return [gold_to_quote(self.text, g) for g in self.scored_gold]


# --------------------------------------------------------------------------- reading


def _role_ids(annot: Mapping[str, Any], role: str) -> list[int]:
    return sorted(set(annot.get(role, {}).get("tokenIds", []) or []))


def _char_spans(annot: Mapping[str, Any], role: str) -> list[tuple[int, int]]:
    return [(s["charBegin"], s["charEnd"]) for s in annot.get(role, {}).get("spans", []) or []]


def parse_spkatt(data: Mapping[str, Any], doc_id: str, path: str = "") -> SpkAttDocument:
    """Build a :class:`SpkAttDocument` from one parsed SpkAtt JSON object."""
    tokens = sorted(data["tokens"], key=lambda t: t["id"])
    gold = []
    for i, annot in enumerate(data.get("annotations", [])):
        gold.append(
            Group(
                msg=_role_ids(annot, "quote"),
                speaker=_role_ids(annot, "speaker"),
                form=annot.get("type"),
                medium=annot.get("medium"),
                nested=bool(annot.get("isNested", False)),
                ident=i,
                char_spans=_char_spans(annot, "quote"),
                speaker_text=annot.get("speaker", {}).get("text", "") or "",
                speaker_chars=_char_spans(annot, "speaker"),
            )
        )
    return SpkAttDocument(
        doc_id=doc_id,
        name=data.get("documentName", doc_id),
        text=data["originalText"],
        token_spans=[(t["charBegin"], t["charEnd"]) for t in tokens],
        token_texts=[t["text"] for t in tokens],
        gold=gold,
        path=path,
    )


def read_spkatt_file(path: str | Path) -> SpkAttDocument:
    """Read one SpkAtt JSON article."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    return parse_spkatt(data, path.stem, str(path))


def spkatt_files(corpus: str | Path, split: str = "dev") -> list[Path]:
    """The article files under ``corpus``: a file, a folder of ``*.json``, or the corpus root.

    For a root folder, ``news/<split>`` or ``<split>`` below it is used.
    """
    corpus = Path(corpus)
    if corpus.is_file():
        return [corpus]
    for folder in (corpus, corpus / split, corpus / "news" / split):
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
        if files:
            return sorted(files, key=_natural_key)
    raise FileNotFoundError(f"no SpkAtt *.json articles under {corpus} (split {split!r})")


def _natural_key(path: Path) -> tuple[int, str]:
    return (int(path.stem), "") if path.stem.isdigit() else (1 << 62, path.stem)


def read_spkatt(corpus: str | Path, *, split: str = "dev", limit: int | None = None) -> list[SpkAttDocument]:
    """Read the SpkAtt articles of a folder (see :func:`spkatt_files`), optionally only the first ``limit``."""
    files = spkatt_files(corpus, split)
    if limit is not None:
        files = files[:limit]
    return [read_spkatt_file(f) for f in files]


def gold_to_quote(text: str, gold: Group) -> Quote:
    """Convert a gold group into a :class:`Quote` (Direct: marks stripped from each span)."""
    direct = gold.form == "Direct"
    spans = []
    for start, end in gold.char_spans:
        if direct:
            while start < end and (text[start] in "„“”\"»«‚‘’'›‹" or text[start].isspace()):
                start += 1
            while end > start and (text[end - 1] in "„“”\"»«‚‘’'›‹" or text[end - 1].isspace()):
                end -= 1
        spans.append(Span(start=start, end=end, text=text[start:end]))
    speaker = None
    span = _speaker_span(text, gold)
    if span is not None:
        speaker = Speaker(mention=span.text, span=span)
    return Quote(
        text=" … ".join(s.text for s in spans),
        spans=spans,
        kind="direct" if direct else "indirect",
        spkatt_type=gold.form if gold.form in TYPES else "Indirect",
        speaker=speaker,
        rule="gold",
    )


def _speaker_span(text: str, gold: Group) -> Span | None:
    """The gold speaker mention as one span (first to last piece)."""
    if not gold.speaker_chars:
        return None
    start, end = min(b for b, _ in gold.speaker_chars), max(e for _, e in gold.speaker_chars)
    return Span(start=start, end=end, text=text[start:end])


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class GroupScore:
    """One scored group: an aligned pair, an unmatched prediction or an unmatched gold quote."""

    doc: str
    gold: Group | None
    pred: Group | None
    counts: dict[str, tuple[int, int, int]]
    overlap: float = 0.0

    def precision(self, role: str) -> float | None:
        tp, fp, _ = self.counts[role]
        return tp / (tp + fp) if tp + fp else None

    def recall(self, role: str) -> float | None:
        tp, _, fn = self.counts[role]
        return tp / (tp + fn) if tp + fn else None


def token_counts(gold: Sequence[int], pred: Sequence[int]) -> tuple[int, int, int]:
    """tp, fp, fn tokens of a predicted against a gold token list."""
    g, p = set(gold), set(pred)
    return len(g & p), len(p - g), len(g - p)


def overlap_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    """Token-overlap F1 of two spans (0 when either is empty)."""
    tp, fp, fn = token_counts(gold, pred)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def align(gold: Sequence[Group], pred: Sequence[Group]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, as the official scorer assigns them."""
    if not gold or not pred:
        return []
    scores = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = overlap_f1(g.msg, p.msg)
            if ov > 0.0:
                ov += (0.01 if g.form == p.form else 0.0) + (0.001 if g.medium == p.medium else 0.0)
            scores[i, j] = ov
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)]


def _score_group(doc: str, gold: Group | None, pred: Group | None) -> GroupScore:
    g = gold or Group([], [])
    p = pred or Group([], [])
    counts = {"quote": token_counts(g.msg, p.msg), "speaker": token_counts(g.speaker, p.speaker)}
    return GroupScore(doc, gold, pred, counts, overlap_f1(g.msg, p.msg))


def score_document(doc: str, gold: Sequence[Group], pred: Sequence[Group]) -> list[GroupScore]:
    """Groups of one document: aligned pairs, then unmatched predictions, then unmatched gold."""
    gold = [g for g in gold if not g.nested]
    pred = [p for p in pred if not p.nested]
    pairs = align(gold, pred)
    out = [_score_group(doc, gold[gi], pred[pi]) for gi, pi in pairs]
    used_g, used_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    out += [_score_group(doc, None, p) for j, p in enumerate(pred) if j not in used_p]
    out += [_score_group(doc, g, None) for i, g in enumerate(gold) if i not in used_g]
    return out


@dataclass
class SpkAttReport:
    """Scores of one SpkAtt run. ``macro`` are the official numbers; ``micro`` are token-level."""

    macro: dict[str, dict[str, float]]
    micro: dict[str, dict[str, float]]
    form: dict[str, float]
    by_type: dict[str, dict[str, float]]
    counts: dict[str, int]
    seconds: float = 0.0
    chars: int = 0
    groups: list[GroupScore] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON summary (no per-group details)."""
        return {
            "macro": self.macro,
            "micro": self.micro,
            "form": self.form,
            "by_type": self.by_type,
            "counts": self.counts,
            "seconds": round(self.seconds, 3),
            "chars": self.chars,
        }

    def table(self) -> str:
        """A small text table of the scores."""
        lines = [
            "SpkAtt-2023 simplified subtask (not nested quotes)",
            f"{'':22}{'P':>8}{'R':>8}{'F1':>8}",
        ]
        for kind, scores in (("macro", self.macro), ("micro (tokens)", self.micro)):
            for role in ("quote", "speaker", "joint"):
                s = scores[role]
                label = f"{role} {kind}"
                lines.append(f"{label:22}{fmt_pct(s['p']):>8}{fmt_pct(s['r']):>8}{fmt_pct(s['f1']):>8}")
        f = self.form
        lines.append(f"{'type (form)':22}{fmt_pct(f['p']):>8}{fmt_pct(f['r']):>8}{fmt_pct(f['f1']):>8}")
        lines.append("recall by gold type:   quotes  found  token-R  speaker-R")
        for t, s in self.by_type.items():
            lines.append(
                f"  {t:20}{s['gold']:>6}{s['found']:>7}{fmt_pct(s['quote_r']):>9}{fmt_pct(s['speaker_r']):>11}"
            )
        c = self.counts
        lines.append(
            f"docs={c['docs']} gold={c['gold']} predicted={c['predicted']} aligned={c['aligned']} "
            f"time={self.seconds:.1f}s"
        )
        return "\n".join(lines)

    def errors(self, docs: Mapping[str, SpkAttDocument], context: int = 120) -> list[dict[str, Any]]:
        """Missed, spurious, partial and wrong-speaker quotes with context, for error analysis."""
        out = []
        for g in self.groups:
            doc = docs.get(g.doc)
            if doc is None:
                continue
            out.extend(_group_errors(doc, g, context))
        return out


def _group_errors(doc: SpkAttDocument, g: GroupScore, context: int) -> list[dict[str, Any]]:
    q_tp, q_fp, q_fn = g.counts["quote"]
    s_tp, s_fp, s_fn = g.counts["speaker"]
    if g.pred is None or (g.gold is not None and q_tp == 0):
        out = [_error_record(doc, "missed", g.gold, None, context)] if g.gold is not None else []
        if g.pred is not None:
            out.append(_error_record(doc, "spurious", None, g.pred, context))
        return out
    if g.gold is None:
        return [_error_record(doc, "spurious", None, g.pred, context)]
    if q_fp or q_fn:
        return [_error_record(doc, "partial", g.gold, g.pred, context)]
    if s_fp or s_fn:
        return [_error_record(doc, "wrong_speaker", g.gold, g.pred, context)]
    return []


def _token_text(doc: SpkAttDocument, ids: Sequence[int]) -> str:
    if not ids:
        return ""
    return doc.text[doc.token_spans[ids[0]][0] : doc.token_spans[ids[-1]][1]]


def _error_record(
    doc: SpkAttDocument, status: str, gold: Group | None, pred: Group | None, context: int
) -> dict[str, Any]:
    ref = gold if gold is not None else pred
    assert ref is not None
    ids = ref.msg or [0]
    start, end = doc.token_spans[ids[0]][0], doc.token_spans[ids[-1]][1]
    rec: dict[str, Any] = {"status": status, "doc": doc.doc_id, "start": start, "end": end}
    if gold is not None:
        rec.update(gold_type=gold.form, gold_quote=_token_text(doc, gold.msg), gold_speaker=gold.speaker_text)
    if pred is not None:
        rec.update(
            pred_type=pred.form,
            pred_quote=" … ".join(doc.text[s:e] for s, e in pred.char_spans),
            pred_speaker=pred.speaker_text,
        )
    left = doc.text[max(0, start - context) : start]
    right = doc.text[end : end + context]
    rec["context"] = f"{left}[[{doc.text[start:end]}]]{right}"
    return rec


def _macro(groups: Sequence[GroupScore], roles: Sequence[str]) -> dict[str, float]:
    ps = [p for g in groups for r in roles if (p := g.precision(r)) is not None]
    rs = [r for g in groups for role in roles if (r := g.recall(role)) is not None]
    return prf(safe_div(sum(ps), len(ps)), safe_div(sum(rs), len(rs)))


def _micro(groups: Sequence[GroupScore], roles: Sequence[str]) -> dict[str, float]:
    tp = sum(g.counts[r][0] for g in groups for r in roles)
    fp = sum(g.counts[r][1] for g in groups for r in roles)
    fn = sum(g.counts[r][2] for g in groups for r in roles)
    return prf(safe_div(tp, tp + fp), safe_div(tp, tp + fn))


def _form_scores(groups: Sequence[GroupScore]) -> dict[str, float]:
    tp = fp = fn = 0
    for g in groups:
        gf = g.gold.form if g.gold else None
        pf = g.pred.form if g.pred else None
        if gf == pf:
            tp += 1
            continue
        fp += pf is not None
        fn += gf is not None
    return prf(safe_div(tp, tp + fp), safe_div(tp, tp + fn))


def _by_type(groups: Sequence[GroupScore]) -> dict[str, dict[str, float]]:
    out = {}
    for t in TYPES:
        sel = [g for g in groups if g.gold is not None and g.gold.form == t]
        q_tp = sum(g.counts["quote"][0] for g in sel)
        q_all = sum(g.counts["quote"][0] + g.counts["quote"][2] for g in sel)
        s_tp = sum(g.counts["speaker"][0] for g in sel)
        s_all = sum(g.counts["speaker"][0] + g.counts["speaker"][2] for g in sel)
        out[t] = {
            "gold": len(sel),
            "found": sum(1 for g in sel if g.counts["quote"][0] > 0),
            "quote_r": safe_div(q_tp, q_all),
            "speaker_r": safe_div(s_tp, s_all),
        }
    return out


def build_report(groups: list[GroupScore], docs: int, seconds: float = 0.0, chars: int = 0) -> SpkAttReport:
    """Aggregate scored groups into a :class:`SpkAttReport`."""
    roles = {"quote": ("quote",), "speaker": ("speaker",), "joint": ROLES}
    return SpkAttReport(
        macro={k: _macro(groups, r) for k, r in roles.items()},
        micro={k: _micro(groups, r) for k, r in roles.items()},
        form=_form_scores(groups),
        by_type=_by_type(groups),
        counts={
            "docs": docs,
            "gold": sum(1 for g in groups if g.gold is not None),
            "predicted": sum(1 for g in groups if g.pred is not None),
            "aligned": sum(1 for g in groups if g.gold is not None and g.pred is not None),
            "found": sum(1 for g in groups if g.gold is not None and g.counts["quote"][0] > 0),
        },
        seconds=seconds,
        chars=chars,
        groups=groups,
    )


def score_spkatt(
    documents: Sequence[SpkAttDocument],
    predictions: Mapping[str, Sequence[Quote | Group]],
    seconds: float = 0.0,
) -> SpkAttReport:
    """Score predictions (doc id -> our Quotes, or token Groups) against the documents' gold."""
    groups: list[GroupScore] = []
    for doc in sorted(documents, key=lambda d: d.doc_id):
        preds = [
            q if isinstance(q, Group) else doc.quote_group(q, i)
            for i, q in enumerate(predictions.get(doc.doc_id, []))
        ]
        groups.extend(score_document(doc.doc_id, doc.gold, preds))
    return build_report(groups, len(documents), seconds, sum(len(d.text) for d in documents))


def evaluate_spkatt(
    pipeline: Any,
    corpus_dir: str | Path,
    limit: int | None = None,
    *,
    split: str = "dev",
    errors: str | Path | None = None,
) -> SpkAttReport:
    """Run ``pipeline`` over the SpkAtt articles and score it.

    ``pipeline`` is a ``nato_quotes.Pipeline`` (anything with ``.process(text, doc_id=, date=)``), a
    callable ``text -> list[Quote]``, an analyzer name such as ``"rules"``, or ``"oracle"`` (gold fed back).
    With ``errors`` a JSONL file of missed/spurious/partial quotes is written.
    """
    docs = read_spkatt(corpus_dir, split=split, limit=limit)
    oracle = pipeline == "oracle"
    if not oracle:
        pipeline = resolve_pipeline(pipeline)
    started = time.perf_counter()
    preds: dict[str, list[Quote]] = {}
    for doc in docs:
        if oracle:
            preds[doc.doc_id] = doc.gold_as_quotes()
        else:
            preds[doc.doc_id] = predict_quotes(pipeline, doc.text, doc.doc_id, doc.date)
    seconds = time.perf_counter() - started
    report = score_spkatt(docs, preds, seconds)
    if errors is not None:
        write_jsonl(errors, report.errors({d.doc_id: d for d in docs}))
    return report
