"""``nato-quotes evaluate``: score the pipeline on SpkAtt-2023 or on the seeds gold.

    nato-quotes evaluate spkatt DIR [--analyzer rules] [--model-dir D] [--split dev] [--limit N]
                                    [--json] [--errors FILE]
    nato-quotes evaluate seeds GOLD TEXTS [--analyzer rules] [--model-dir D] [--predictions FILE]
                                    [--json] [--errors FILE]
    nato-quotes evaluate canonical LAYER.jsonl SPLIT_DIR [--analyzer rules] [--json] [--errors FILE]
    nato-quotes evaluate sentences GOLD.jsonl [--conllu FILE] [--predictions OUT.json]
                                    [--analyzer rules] [--precedence arbitrate|parse] [--json]

DIR is a folder of SpkAtt ``*.json`` articles (e.g. ``spkatt2023/news/dev``) or the corpus root.
``--analyzer oracle`` (spkatt only) feeds the gold back as predictions: a scorer self-check.
Exit status: 0 on success, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import NatoQuotesError
from ._common import make_pipeline


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="nato-quotes evaluate", description="Score nato-quotes against gold data."
    )
    sub = ap.add_subparsers(dest="task", required=True)
    sp = sub.add_parser("spkatt", help="SpkAtt-2023 news, simplified subtask (official scoring)")
    sp.add_argument("corpus", help="folder of SpkAtt *.json articles, or the corpus root")
    sp.add_argument("--split", default="dev", help="split used when CORPUS is the corpus root (default dev)")
    sp.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    sp.add_argument("--sentence-chains", action="store_true",
                    help="one quote per Konjunktiv sentence (default here: SpkAtt's convention, one quote per passage)")
    cn = sub.add_parser("canonical", help="who the speakers are: a canonical-speaker layer over a SpkAtt split")
    cn.add_argument("layer", help="canonical layer JSONL (e.g. shared/gold/spkatt_canonical_dev.jsonl)")
    cn.add_argument("split_dir", help="the split's SpkAtt *.json articles (e.g. spkatt2023/news/dev)")
    sd = sub.add_parser("seeds", help="the seeds gold JSONL (same numbers as tools/score_seeds.py)")
    sd.add_argument("gold", help="seeds gold JSONL")
    sd.add_argument("texts", help="folder with the seed texts")
    sd.add_argument("--predictions", default=None, help="score this JSON/JSONL prediction file instead")
    se = sub.add_parser("sentences", help="single-sentence gold JSONL (same numbers as tools/score_sentences.py)")
    se.add_argument("gold", help="gold JSONL {sent_id, text, quotes}")
    se.add_argument("--conllu", default=None, metavar="FILE",
                    help="CoNLL-U parses: each gold sentence is analysed from the sentence of its sent_id")
    se.add_argument("--predictions", default=None, metavar="OUT.json", help="write the results (CLI JSON)")
    for p in (sp, sd, se, cn):
        p.add_argument("--analyzer", default="rules", help="rules | stanza | auto (spkatt also: oracle)")
        p.add_argument("--model-dir", default=None, help="stanza model folder")
        p.add_argument("--precedence", default="arbitrate", choices=("arbitrate", "parse"),
                       help="parsed documents: arbitrate between parse and rules (default) or let the parse win")
        p.add_argument("--json", action="store_true", help="print the scores as JSON")
    for p in (sp, sd, cn):
        p.add_argument("--errors", default=None, metavar="FILE", help="write missed/spurious quotes (JSONL)")
    return ap


def _pipeline(args: argparse.Namespace) -> Any:
    if args.analyzer == "oracle":
        return "oracle"
    passage = not getattr(args, "sentence_chains", False)  # the library default, as the CLI runs it
    return make_pipeline(args.analyzer, args.model_dir, passage_chains=passage, precedence=args.precedence)


def _run(args: argparse.Namespace) -> Any:
    from .canonical import evaluate_canonical
    from .seeds import evaluate_seeds
    from .spkatt import evaluate_spkatt

    if args.task == "canonical":
        return evaluate_canonical(_pipeline(args), args.layer, args.split_dir, errors=args.errors)
    if args.task == "sentences":
        from .sentences import evaluate_sentences

        return evaluate_sentences(_pipeline(args), args.gold, conllu=args.conllu, predictions=args.predictions)
    if args.task == "spkatt":
        return evaluate_spkatt(_pipeline(args), args.corpus, args.limit, split=args.split, errors=args.errors)
    source = args.predictions if args.predictions else _pipeline(args)
    if source == "oracle":
        raise ValueError("--analyzer oracle is only available for spkatt")
    return evaluate_seeds(source, args.gold, args.texts, errors=args.errors)


def main(argv: list[str] | None = None) -> int:
    """Entry point; ``argv`` are the arguments after ``evaluate``."""
    args = _parser().parse_args(argv)
    try:
        report = _run(args)
    except (OSError, ValueError, ImportError, NatoQuotesError) as exc:
        print(f"nato-quotes evaluate: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.table())
    if getattr(args, "errors", None):
        print(f"errors written to {args.errors}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
