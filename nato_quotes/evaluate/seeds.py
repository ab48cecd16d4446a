"""Seeds gold (JSONL) reader and scorer, agreeing number for number with ``tools/score_seeds.py``.

Gold record: ``{doc, kind: direct|indirect|mixed|none, parts: [exact substrings], speaker, anonymous?,
optional?, negative?}``. A prediction matches a gold quote when their character sets overlap by at
least 50 % of each; matching is greedy one-to-one by overlap. Optional gold quotes are neither counted
as gold nor punish a prediction they absorb; negative gold quotes (traps) turn the prediction they
absorb into a false positive. End to end, the speaker is right when the canonical name equals the gold
name (casefold, NFC), or, for anonymous gold, when the gold word occurs in the name or the mention.
"""

from __future__ import annotations

import json
import os
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import DocumentResult, Quote
from ._common import fmt_pct, predict_quotes, resolve_pipeline, safe_div, write_jsonl

KINDS = ("direct", "indirect", "mixed", "all")


def norm(s: str | None) -> str:
    """NFC, casefolded, stripped."""
    return unicodedata.normalize("NFC", s or "").casefold().strip()


def read_seed_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold records of a seeds JSONL file."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_chars(rec: Mapping[str, Any], text: str) -> set[int]:
    """Character positions of a gold record: first occurrence of each part."""
    out: set[int] = set()
    for part in rec["parts"]:
        i = text.find(part)
        if i < 0:
            raise ValueError(f"gold part not in {rec['doc']}: {part[:50]}")
        out.update(range(i, i + len(part)))
    return out


# --------------------------------------------------------------------------- predictions


def _first(d: Any, *keys: str) -> Any:
    for k in keys:
        if isinstance(d, dict) and d.get(k) not in (None, ""):
            return d[k]
    return None


def _pred_spans(q: Mapping[str, Any]) -> list[tuple[int, int]]:
    raw = _first(q, "spans", "char_spans", "offsets")
    if raw is None and _first(q, "start") is not None:
        raw = [[q["start"], q["end"]]]
    if raw is None and isinstance(q.get("span"), (list, dict)):
        raw = [q["span"]]
    out = []
    for s in raw or []:
        if isinstance(s, dict):
            b, e = _first(s, "start", "begin", "char_start"), _first(s, "end", "char_end")
            if b is not None and e is not None:
                out.append((int(b), int(e)))
        elif isinstance(s, (list, tuple)) and len(s) == 2:
            out.append((int(s[0]), int(s[1])))
    return out


def _pred_speaker(q: Mapping[str, Any]) -> dict[str, str] | None:
    sp = _first(q, "speaker", "source", "attributed_to")
    if sp is None:
        return None
    if isinstance(sp, str):
        return {"name": sp, "mention": sp}
    name = _first(sp, "name", "canonical_name", "canonical", "entity", "id")
    mention = sp.get("mention")
    if isinstance(mention, dict):
        mention = _first(mention, "text", "surface")
    mention = mention or _first(sp, "mention_text", "text", "surface") or ""
    return {"name": name or "", "mention": mention}


def normalize_prediction(q: Mapping[str, Any], doc: str | None = None) -> dict[str, Any]:
    """A predicted quote as ``{doc, spans, kind, text, speaker:{name, mention}|None}``."""
    doc = doc or _first(q, "doc", "doc_id", "document", "source_file", "file", "path") or ""
    return {
        "doc": os.path.basename(str(doc)),
        "spans": _pred_spans(q),
        "kind": _first(q, "kind", "type"),
        "text": _first(q, "text"),
        "speaker": _pred_speaker(q),
    }


def _records(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        data = _first(data, "documents", "docs", "results") or data.get("quotes") or [data]
    out = []
    for rec in data:
        if isinstance(rec, dict) and isinstance(rec.get("quotes"), list):
            doc = _first(rec, "doc", "doc_id", "document", "id", "source", "path", "file", "name")
            out.extend(normalize_prediction(q, doc) for q in rec["quotes"])
        elif isinstance(rec, dict):
            out.append(normalize_prediction(rec))
    return out


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Predictions from a JSON array or JSONL file, of quotes or of documents with a "quotes" list."""
    raw = Path(path).read_text(encoding="utf-8").strip()
    if not raw:
        return []
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = [json.loads(line) for line in raw.splitlines() if line.strip()]
    return _records(data)


def predictions_from(objs: Iterable[DocumentResult | Quote | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Normalise DocumentResults, Quotes (with ``.doc``) or plain dicts into prediction records."""
    out: list[dict[str, Any]] = []
    for obj in objs:
        if isinstance(obj, DocumentResult):
            out.extend(normalize_prediction(q.model_dump(), obj.doc) for q in obj.quotes)
        elif isinstance(obj, Quote):
            out.append(normalize_prediction(obj.model_dump()))
        else:
            out.extend(_records([obj]))
    return out


# --------------------------------------------------------------------------- scoring


def speaker_ok(pred: Mapping[str, str] | None, gold: Mapping[str, Any]) -> bool:
    """The end-to-end speaker rule of the official scorer."""
    if gold.get("speaker") is None:
        return True
    if not pred:
        return False
    name, mention, gs = norm(pred.get("name")), norm(pred.get("mention")), norm(gold["speaker"])
    if gold.get("anonymous"):
        return gs in name or gs in mention
    return name == gs


def match(gold: Sequence[tuple[dict, set[int]]], preds: Sequence[tuple[str, set[int]]]) -> dict[int, int]:
    """Greedy one-to-one gold -> prediction matching by character overlap (>= 50 % of each)."""
    cand = []
    for gi, (g, gs) in enumerate(gold):
        for pi, (doc, ps) in enumerate(preds):
            if doc != g["doc"] or not ps:
                continue
            ov = len(gs & ps)
            if ov >= 0.5 * len(gs) and ov >= 0.5 * len(ps):
                cand.append((ov, gi, pi))
    cand.sort(reverse=True)
    gm: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in cand:
        if gi in gm or pi in used:
            continue
        gm[gi] = pi
        used.add(pi)
    return gm


@dataclass
class SeedsReport:
    """Seeds scores; :meth:`to_dict` has the keys and rounding of ``score_seeds.py --json``."""

    found: int
    right: int
    gold: int
    false_pos: int
    traps_hit: int
    by_kind: dict[str, dict[str, int]]
    misses: list[dict[str, Any]] = field(default_factory=list, repr=False)
    extras: list[dict[str, Any]] = field(default_factory=list, repr=False)
    seconds: float = 0.0

    @property
    def detect_p(self) -> float:
        return self.found / max(1, self.found + self.false_pos)

    @property
    def detect_r(self) -> float:
        return self.found / max(1, self.gold)

    @property
    def detect_f1(self) -> float:
        return 2 * self.detect_p * self.detect_r / max(1e-9, self.detect_p + self.detect_r)

    @property
    def e2e_p(self) -> float:
        return self.right / max(1, self.found + self.false_pos)

    @property
    def e2e_r(self) -> float:
        return self.right / max(1, self.gold)

    @property
    def e2e_f1(self) -> float:
        return 2 * self.e2e_p * self.e2e_r / max(1e-9, self.e2e_p + self.e2e_r)

    @property
    def attribution_acc(self) -> float:
        return self.right / max(1, self.found)

    def to_dict(self) -> dict[str, Any]:
        """Same keys and values as the official script's JSON output."""
        return {
            "detect_p": round(self.detect_p, 3),
            "detect_r": round(self.detect_r, 3),
            "detect_f1": round(self.detect_f1, 3),
            "e2e_p": round(self.e2e_p, 3),
            "e2e_r": round(self.e2e_r, 3),
            "e2e_f1": round(self.e2e_f1, 3),
            "attribution_acc": round(self.attribution_acc, 3),
            "false_pos": self.false_pos,
            "traps_hit": self.traps_hit,
            "by_kind": {k: dict(v) for k, v in self.by_kind.items()},
        }

    def table(self) -> str:
        """A small text table of the scores."""
        lines = [
            "Seeds gold",
            f"{'':14}{'P':>8}{'R':>8}{'F1':>8}",
            f"{'detection':14}{fmt_pct(self.detect_p):>8}{fmt_pct(self.detect_r):>8}{fmt_pct(self.detect_f1):>8}",
            f"{'end-to-end':14}{fmt_pct(self.e2e_p):>8}{fmt_pct(self.e2e_r):>8}{fmt_pct(self.e2e_f1):>8}",
            f"attribution accuracy {fmt_pct(self.attribution_acc)} | false positives {self.false_pos}"
            f" | traps hit {self.traps_hit}",
            f"{'kind':10}{'gold':>6}{'found':>7}{'right':>7}{'R':>8}{'e2e R':>8}",
        ]
        for k, s in self.by_kind.items():
            lines.append(
                f"{k:10}{s['gold']:>6}{s['found']:>7}{s['right']:>7}"
                f"{fmt_pct(safe_div(s['found'], s['gold'])):>8}{fmt_pct(safe_div(s['right'], s['gold'])):>8}"
            )
        return "\n".join(lines)


class _Texts(dict):
    def __init__(self, folder: str | Path):
        super().__init__()
        self.folder = Path(folder)

    def __missing__(self, doc: str) -> str:
        self[doc] = (self.folder / doc).read_text(encoding="utf-8")
        return self[doc]


def score_seeds(
    gold: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]], texts_dir: str | Path
) -> SeedsReport:
    """Score normalised prediction records (see :func:`normalize_prediction`) against seeds gold."""
    texts = _Texts(texts_dir)
    G = [(dict(g), gold_chars(g, texts[g["doc"]])) for g in gold]
    P = []
    for p in predictions:
        chars: set[int] = set()
        for s, e in p.get("spans") or []:
            chars.update(range(s, e))
        P.append((os.path.basename(p.get("doc") or ""), chars))
    gm = match(G, P)
    pm = {pi: gi for gi, pi in gm.items()}
    st = {k: {"gold": 0, "found": 0, "right": 0} for k in KINDS}
    misses = []
    for gi, (g, _) in enumerate(G):
        if g.get("negative") or g.get("optional"):
            continue
        for k in (g["kind"], "all"):
            st[k]["gold"] += 1
        if gi not in gm:
            misses.append({"status": "missed", "gold": g})
            continue
        pred = predictions[gm[gi]]
        ok = speaker_ok(pred.get("speaker"), g)
        for k in (g["kind"], "all"):
            st[k]["found"] += 1
            st[k]["right"] += ok
        if not ok:
            misses.append({"status": "wrong_speaker", "gold": g, "pred": pred})
    fp = traps = 0
    extras = []
    for pi, p in enumerate(predictions):
        gi = pm.get(pi)
        if gi is None:
            fp += 1
            extras.append({"status": "spurious", "pred": p})
        elif G[gi][0].get("negative"):
            fp += 1
            traps += 1
            extras.append({"status": "trap", "pred": p, "gold": G[gi][0]})
    a = st["all"]
    return SeedsReport(a["found"], a["right"], a["gold"], fp, traps, st, misses, extras)


def seeds_errors(report: SeedsReport, texts_dir: str | Path, context: int = 120) -> list[dict[str, Any]]:
    """Missed, wrong-speaker, spurious and trap quotes with context, for error analysis."""
    texts = _Texts(texts_dir)
    out = []
    for item in report.misses + report.extras:
        gold, pred = item.get("gold"), item.get("pred")
        doc = gold["doc"] if gold else os.path.basename(pred.get("doc") or "")
        text = texts[doc] if (Path(texts_dir) / doc).is_file() else ""
        if pred and pred.get("spans"):
            start, end = min(s for s, _ in pred["spans"]), max(e for _, e in pred["spans"])
        else:
            start = max(0, text.find(gold["parts"][0]))
            end = start + len(gold["parts"][0])
        rec: dict[str, Any] = {"status": item["status"], "doc": doc, "start": start, "end": end}
        if gold:
            rec.update(
                gold_kind=gold["kind"], gold_quote=" … ".join(gold["parts"]), gold_speaker=gold.get("speaker")
            )
        if pred:
            rec.update(
                pred_kind=pred.get("kind"), pred_quote=pred.get("text"), pred_speaker=pred.get("speaker")
            )
        rec["context"] = (
            f"{text[max(0, start - context) : start]}[[{text[start:end]}]]{text[end : end + context]}"
        )
        out.append(rec)
    return out


def evaluate_seeds(
    pipeline_or_predictions: Any,
    gold_path: str | Path,
    texts_dir: str | Path,
    *,
    errors: str | Path | None = None,
) -> SeedsReport:
    """Score a pipeline, a prediction file, or prediction objects against the seeds gold.

    ``pipeline_or_predictions``: a ``nato_quotes.Pipeline`` / callable / analyzer name (run on every
    ``*.txt`` in ``texts_dir``), a path to a JSON/JSONL prediction file, or a list of
    DocumentResult / Quote / dict objects.
    """
    gold = read_seed_gold(gold_path)
    seconds = 0.0
    obj = pipeline_or_predictions
    if isinstance(obj, (str, Path)) and Path(obj).is_file():
        preds = load_predictions(obj)
    elif isinstance(obj, (list, tuple)):
        preds = predictions_from(obj)
    else:
        started = time.perf_counter()
        preds = predictions_from(run_pipeline(obj, texts_dir))
        seconds = time.perf_counter() - started
    report = score_seeds(gold, preds, texts_dir)
    report.seconds = seconds
    if errors is not None:
        write_jsonl(errors, seeds_errors(report, texts_dir))
    return report


def run_pipeline(pipeline: Any, texts_dir: str | Path) -> list[DocumentResult]:
    """Run a pipeline over every ``*.txt`` of a folder."""
    pipeline = resolve_pipeline(pipeline)
    out = []
    for path in sorted(Path(texts_dir).glob("*.txt")):
        quotes = predict_quotes(pipeline, path.read_text(encoding="utf-8"), path.name)
        out.append(
            DocumentResult(doc=path.name, analyzer=str(getattr(pipeline, "analyzer", "?")), quotes=quotes)
        )
    return out
