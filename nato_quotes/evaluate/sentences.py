"""Single-sentence gold (the UD German-GSD speech layer), scored as ``tools/score_sentences.py`` does.

Gold: one JSON line per sentence ``{sent_id, text, quotes: [{type, quote: [parts], speaker, cue}]}``,
every string a verbatim substring of ``text``. Each sentence is one document (``doc`` = ``sent_id``);
with a CoNLL-U file, the sentence of the same ``sent_id`` gives the analysis (bring your own parse).

Quotes are aligned one-to-one inside a sentence when their characters overlap by at least half of the
smaller one (largest overlaps first). A speaker is right when the predicted mention span overlaps the
gold speaker (its occurrence nearest the quote, whole-word occurrences first).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import DocumentResult
from ._common import fmt_pct, prf, safe_div


def _f1(p: float, r: float) -> float:
    return prf(p, r)["f1"]


@dataclass(slots=True)
class SentenceReport:
    """Counts and scores of one run over the sentence gold."""

    n_gold: int = 0
    n_pred: int = 0
    n_aligned: int = 0
    speaker_gold: int = 0
    speaker_pred: int = 0
    speaker_ok: int = 0
    overlaps: list[float] = field(default_factory=list)
    by_type: Counter = field(default_factory=Counter)
    by_type_found: Counter = field(default_factory=Counter)
    analyzer: str = ""

    def scores(self) -> dict[str, float]:
        qp, qr = safe_div(self.n_aligned, self.n_pred), safe_div(self.n_aligned, self.n_gold)
        sp, sr = safe_div(self.speaker_ok, self.speaker_pred), safe_div(self.speaker_ok, self.speaker_gold)
        return {"quote_p": qp, "quote_r": qr, "quote_f1": _f1(qp, qr), "speaker_p": sp, "speaker_r": sr,
                "speaker_f1": _f1(sp, sr), "overlap": safe_div(sum(self.overlaps), len(self.overlaps))}

    def to_dict(self) -> dict[str, Any]:
        return {**{k: round(v, 3) for k, v in self.scores().items()}, "gold": self.n_gold, "pred": self.n_pred,
                "analyzer": self.analyzer,
                "recall_by_type": {t: f"{self.by_type_found[t]}/{n}" for t, n in sorted(self.by_type.items())}}

    def table(self) -> str:
        s = self.scores()
        return "\n".join([
            f"sentences ({self.analyzer}): gold {self.n_gold} quotes, predicted {self.n_pred}",
            f"  quotes   P {fmt_pct(s['quote_p'])}  R {fmt_pct(s['quote_r'])}  F1 {fmt_pct(s['quote_f1'])}"
            f"  (character overlap of aligned quotes {fmt_pct(s['overlap'])})",
            f"  speakers P {fmt_pct(s['speaker_p'])}  R {fmt_pct(s['speaker_r'])}  F1 {fmt_pct(s['speaker_f1'])}",
            "  recall by type: " + ", ".join(f"{t} {v}" for t, v in self.to_dict()["recall_by_type"].items()),
        ])


def read_sentence_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold lines; InputError naming the line when one is not a sentence record."""
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or "sent_id" not in rec:
                raise InputError(f"{path}:{number}: a gold line needs 'sent_id' and 'text'")
            out.append(rec)
    return out


def sentence_records(gold: Sequence[Mapping[str, Any]], conllu: str | Path | None = None) -> list[dict[str, Any]]:
    """One pipeline record per gold sentence; with ``conllu``, carrying the analysis of its ``sent_id``."""
    records = [{"id": str(g["sent_id"]), "text": g["text"]} for g in gold]
    if conllu is None:
        return records
    analyses = _conllu_sentences(conllu)
    for rec in records:
        analysis = analyses.get(rec["id"])
        if analysis is None:
            raise InputError(f"{conllu}: no sentence with sent_id {rec['id']}")
        if analysis.text != rec["text"]:
            raise InputError(f"{conllu}: sentence {rec['id']} has another text than the gold: {analysis.text[:60]!r}")
        rec["analysis"] = analysis
    return records


def _conllu_sentences(path: str | Path) -> dict[str, Any]:
    """Each sentence of a CoNLL-U file as a one-sentence analysis, by ``sent_id``."""
    from ..conllu import read_conllu, single_sentences
    from ..inputs import read_text_file

    out = {}
    for doc in read_conllu(read_text_file(path), str(path)):
        out.update(single_sentences(doc))
    return out


def score_sentences(
    gold: Sequence[Mapping[str, Any]], results: Sequence[DocumentResult],
    outcomes: list[tuple[str, bool]] | None = None,
) -> SentenceReport:
    """Score pipeline results (``doc`` = ``sent_id``) against the gold sentences. ``outcomes`` collects
    (rule, speaker right) for every predicted quote that names a speaker."""
    preds = {r.doc: [q.model_dump() for q in r.quotes] for r in results}
    report = SentenceReport(analyzer=results[0].analyzer if results else "")
    for g in gold:
        _score_one(report, g, preds.get(str(g["sent_id"]), []), outcomes)
    return report


def _score_one(
    report: SentenceReport, g: Mapping[str, Any], predicted: list[dict[str, Any]],
    outcomes: list[tuple[str, bool]] | None = None,
) -> None:
    text = g["text"]
    gold = [(q, _chars_of(text, q["quote"])) for q in g["quotes"]]
    pred = [(q, {i for s in q.get("spans") or [] for i in range(s["start"], s["end"])}) for q in predicted]
    report.n_gold += len(gold)
    report.n_pred += len(pred)
    pairs = _align([c for _, c in gold], [c for _, c in pred])
    right: set[int] = set()
    for gi, (q, g_chars) in enumerate(gold):
        report.by_type[q["type"]] += 1
        report.speaker_gold += bool(q.get("speaker"))
        if gi not in pairs:
            continue
        report.by_type_found[q["type"]] += 1
        p, p_chars = pred[pairs[gi]]
        report.n_aligned += 1
        ov = len(g_chars & p_chars)
        report.overlaps.append(_f1(ov / len(p_chars), ov / len(g_chars)) if p_chars and g_chars else 0.0)
        span = (p.get("speaker") or {}).get("span") or {}
        p_speaker = set(range(span["start"], span["end"])) if span else set()
        g_speaker = _locate(text, q.get("speaker") or "", min(g_chars) if g_chars else 0)
        if q.get("speaker") and p_speaker & g_speaker:
            report.speaker_ok += 1
            right.add(pairs[gi])
    named = [pi for pi, (p, _) in enumerate(pred) if (p.get("speaker") or {}).get("span")]
    report.speaker_pred += len(named)
    if outcomes is not None:
        outcomes.extend((pred[pi][0]["rule"], pi in right) for pi in named)


def _align(gold: list[set[int]], pred: list[set[int]]) -> dict[int, int]:
    cand = []
    for gi, g_chars in enumerate(gold):
        for pi, p_chars in enumerate(pred):
            ov = len(g_chars & p_chars)
            if ov and ov >= 0.5 * min(len(g_chars), len(p_chars)):
                cand.append((ov, gi, pi))
    g_match: dict[int, int] = {}
    p_used: set[int] = set()
    for _, gi, pi in sorted(cand, reverse=True):
        if gi not in g_match and pi not in p_used:
            g_match[gi] = pi
            p_used.add(pi)
    return g_match


def _chars_of(text: str, parts: Sequence[str]) -> set[int]:
    out: set[int] = set()
    for part in parts:
        i = text.find(part)
        if i >= 0:
            out.update(range(i, i + len(part)))
    return out


def _locate(text: str, needle: str, near: int) -> set[int]:
    """Characters of the occurrence of ``needle`` nearest ``near``; whole-word occurrences first."""
    if not needle:
        return set()
    starts = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    starts = starts or [m.start() for m in re.finditer(re.escape(needle), text)]
    if not starts:
        return set()
    best = min(starts, key=lambda pos: abs(pos - near))
    return set(range(best, best + len(needle)))


def evaluate_sentences(
    pipeline: Any, gold_path: str | Path, *, conllu: str | Path | None = None,
    predictions: str | Path | None = None,
) -> SentenceReport:
    """Run ``pipeline`` over each gold sentence (as its own document) and score it; ``predictions``
    writes the results as the CLI's JSON (``nato-quotes --format json``)."""
    from ..export import write_json

    gold = read_sentence_gold(gold_path)
    results = list(pipeline.process_many(sentence_records(gold, conllu)))
    failed = [r for r in results if r.error]
    if failed:
        raise InputError(f"{failed[0].doc}: {failed[0].error}")
    if predictions is not None:
        with Path(predictions).open("w", encoding="utf-8") as out:
            write_json(results, out)
    return score_sentences(gold, results)
