"""Who the speakers are, on SpkAtt-2023 news: the canonical-speaker layer.

A canonical layer (one JSON line per non-nested gold quote: ``doc``, ``qi``, ``source``, ``kind`` —
person | anonymous | organisation | group | document | none — ``canonical``, ``how``, ``uncertain``) says who
each SpkAtt speaker is. Predicted quotes are aligned one-to-one with the gold quotes of their document by
character overlap (at least half of the smaller of the two, largest overlaps first), as
``shared/tools/score_canonical.py`` does, and scored:

- person precision / recall / F1: a prediction names a person when ``speaker.name`` is set, the speaker is not
  anonymous and its type is person (or absent); the name is right when it equals the canonical name or the
  surnames agree and the given names agree or one is missing ("Obama" ~ "Barack Obama");
- recall by how the person is named in the article (named, surname, pronoun, role, world);
- how many anonymous sources were typed anonymous, and the speaker type on aligned quotes per gold kind.

Uncertain gold lines are left out. The pipeline runs as the CLI does (one quote per Konjunktiv sentence).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._common import make_pipeline, safe_div, write_jsonl


@dataclass(slots=True)
class _Prediction:
    chars: set[int]
    name: str
    anonymous: bool
    type: str
    text: str
    mention: str
    resolution: str


@dataclass
class CanonicalReport:
    """Scores of one run against a canonical-speaker layer."""

    correct: int = 0
    gold_persons: int = 0
    predicted_persons: int = 0
    by_how: Counter = field(default_factory=Counter)
    by_how_right: Counter = field(default_factory=Counter)
    anonymous_gold: int = 0
    anonymous_right: int = 0
    type_gold: Counter = field(default_factory=Counter)
    type_right: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    docs: int = 0

    @property
    def precision(self) -> float:
        return safe_div(self.correct, self.predicted_persons)

    @property
    def recall(self) -> float:
        return safe_div(self.correct, self.gold_persons)

    @property
    def f1(self) -> float:
        return safe_div(2 * self.precision * self.recall, self.precision + self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_p": round(self.precision, 3), "person_r": round(self.recall, 3), "person_f1": round(self.f1, 3),
            "gold_person": self.gold_persons, "pred_person": self.predicted_persons, "correct": self.correct,
            "recall_by_how": {h: f"{self.by_how_right[h]}/{n}" for h, n in sorted(self.by_how.items())},
            "anonymous_typed": f"{self.anonymous_right}/{self.anonymous_gold}",
            "type_right_on_aligned": {k: f"{self.type_right[k]}/{n}" for k, n in sorted(self.type_gold.items())},
            "docs": self.docs,
        }

    def table(self) -> str:
        lines = [f"canonical person speakers ({self.docs} documents)",
                 f"  precision {100 * self.precision:5.1f}   recall {100 * self.recall:5.1f}   F1 {100 * self.f1:5.1f}"
                 f"   (gold {self.gold_persons}, predicted {self.predicted_persons}, right {self.correct})",
                 "  recall by how the person is named:"]
        lines += [f"    {how:10} {self.by_how_right[how]:4}/{n:<4} {100 * safe_div(self.by_how_right[how], n):5.1f}"
                  for how, n in sorted(self.by_how.items())]
        lines.append(f"  anonymous sources typed anonymous: {self.anonymous_right}/{self.anonymous_gold}")
        lines.append("  speaker type right on aligned quotes:")
        lines += [f"    {kind:12} {self.type_right[kind]:4}/{n:<4} {100 * safe_div(self.type_right[kind], n):5.1f}"
                  for kind, n in sorted(self.type_gold.items())]
        return "\n".join(lines)


def _words(name: str) -> list[str]:
    return unicodedata.normalize("NFC", name or "").casefold().replace("-", " ").split()


def same_person(predicted: str, gold: str) -> bool:
    """Equal names, or the same surname with agreeing (or missing) given names."""
    p, g = _words(predicted), _words(gold)
    if not p or not g:
        return False
    return p == g or (p[-1] == g[-1] and (len(p) == 1 or len(g) == 1 or p[0] == g[0]))


def read_layer(path: str | Path) -> dict[str, dict[int, dict[str, Any]]]:
    """The canonical layer as {document id: {quote index: line}}."""
    layer: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            layer[Path(record["doc"]).stem][int(record["qi"])] = record
    return layer


def _prediction(quote: Any) -> _Prediction:
    chars = {i for span in quote.spans for i in range(span.start, span.end)}
    sp = quote.speaker
    anonymous = bool(sp and (sp.anonymous or sp.type == "anonymous"))
    is_person = bool(sp) and not sp.anonymous and (sp.type or "person") == "person"
    kind = (sp.type or ("anonymous" if sp.anonymous else "person" if sp.name else "")) if sp else ""
    return _Prediction(chars, (sp.name or "") if is_person else "", anonymous, kind, quote.text,
                       (sp.mention or "") if sp else "", sp.resolution if sp else "")


def _align(golds: list[set[int]], preds: list[_Prediction]) -> tuple[dict[int, int], dict[int, int]]:
    candidates = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            overlap = len(g & p.chars)
            if overlap and overlap >= 0.5 * min(len(g), len(p.chars)):
                candidates.append((overlap, gi, pi))
    by_gold: dict[int, int] = {}
    by_pred: dict[int, int] = {}
    for _, gi, pi in sorted(candidates, reverse=True):
        if gi not in by_gold and pi not in by_pred:
            by_gold[gi], by_pred[pi] = pi, gi
    return by_gold, by_pred


def evaluate_canonical(pipeline: Any, layer_path: str | Path, split_dir: str | Path, *,
                       errors: str | Path | None = None) -> CanonicalReport:
    """Run ``pipeline`` (or an analyzer name) over the split's articles and score it against the layer.

    As the CLI would see them: each article's ``originalText`` alone, no date from the file name.
    """
    if isinstance(pipeline, str):
        pipeline = make_pipeline(pipeline)
    layer = read_layer(layer_path)
    report = CanonicalReport()
    for doc, labels in sorted(layer.items()):
        path = Path(split_dir) / f"{doc}.json"
        if not path.is_file():
            raise ValueError(f"{path}: no such article for the canonical layer (wrong split folder?)")
        data = json.loads(path.read_text(encoding="utf-8"))
        result = pipeline.process(data["originalText"], doc_id=doc)
        if result.error:
            raise RuntimeError(f"{doc}: {result.error}")
        report.docs += 1
        _score_document(report, doc, labels, _gold_quotes(data), [_prediction(q) for q in result.quotes])
    if errors:
        write_jsonl(errors, report.errors)
    return report


def _gold_quotes(data: dict[str, Any]) -> list[set[int]]:
    """Character sets of the article's non-nested gold quotes, in file order."""
    out = []
    for annotation in data.get("annotations", []):
        if annotation.get("isNested"):
            continue
        spans = (annotation.get("quote") or {}).get("spans", [])
        out.append({i for span in spans for i in range(span["charBegin"], span["charEnd"])})
    return out


def _score_document(report: CanonicalReport, doc: str, labels: dict[int, dict[str, Any]], golds: list[set[int]],
                    preds: list[_Prediction]) -> None:
    by_gold, by_pred = _align(golds, preds)
    for pi, p in enumerate(preds):
        if not p.name:
            continue
        label = labels.get(by_pred[pi]) if pi in by_pred else None
        if label is not None and label.get("uncertain"):
            continue
        report.predicted_persons += 1
        if not (label and label["kind"] == "person" and same_person(p.name, label["canonical"])):
            report.errors.append({"error": "wrong" if label else "extra", "doc": doc, "quote": p.text[:120],
                                  "predicted": p.name, "gold": label and f"{label['kind']}:{label['canonical']}"})
    for gi, label in labels.items():
        if label.get("uncertain"):
            continue
        p = preds[by_gold[gi]] if gi in by_gold else None
        if p is not None and label["kind"] != "none":
            report.type_gold[label["kind"]] += 1
            report.type_right[label["kind"]] += p.type == label["kind"]
        if label["kind"] == "person":
            _score_person(report, doc, label, p)
        elif label["kind"] == "anonymous":
            report.anonymous_gold += 1
            report.anonymous_right += bool(p is not None and p.anonymous)


def _score_person(report: CanonicalReport, doc: str, label: dict[str, Any], p: _Prediction | None) -> None:
    report.gold_persons += 1
    report.by_how[label["how"]] += 1
    if p is not None and p.name and same_person(p.name, label["canonical"]):
        report.correct += 1
        report.by_how_right[label["how"]] += 1
        return
    report.errors.append({"error": "miss" if p is None else "missname", "doc": doc, "source": label["source"],
                          "gold": label["canonical"], "how": label["how"],
                          "predicted": p and (p.name or p.mention), "resolution": p and p.resolution})
