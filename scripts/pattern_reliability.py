"""Speaker precision per pattern (``rule``) on a sentence gold, for ``data/arbitration.json``.

usage: python scripts/pattern_reliability.py GOLD.jsonl PRED.json [PRED.json ...]

GOLD.jsonl: single-sentence gold ({sent_id, text, quotes}); PRED.json: the CLI's JSON for it (e.g.
``nato-quotes evaluate sentences GOLD.jsonl --conllu TREES.conllu --precedence parse --predictions P.json``).
Prints {"reliability": {rule: (right + 1) / (named + 2)}}: the share of quotes naming a speaker whose
speaker is right, smoothed so that a pattern seen a few times stays near 0.5.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from nato_quotes.evaluate.sentences import read_sentence_gold, score_sentences
from nato_quotes.model import DocumentResult


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    gold = read_sentence_gold(argv[0])
    named, right = Counter(), Counter()
    for path in argv[1:]:
        with open(path, encoding="utf-8") as fh:
            results = [DocumentResult.model_validate(d) for d in json.load(fh)]
        outcomes: list[tuple[str, bool]] = []
        score_sentences(gold, results, outcomes)
        for rule, ok in outcomes:
            named[rule] += 1
            right[rule] += ok
    table = {rule: round((right[rule] + 1) / (n + 2), 2) for rule, n in sorted(named.items())}
    print(json.dumps({"reliability": table}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
