"""Evaluation harness: SpkAtt-2023 (official simplified-subtask scoring) and the seeds gold.

>>> from nato_quotes.evaluate import evaluate_spkatt, evaluate_seeds
>>> report = evaluate_spkatt("rules", "../shared/corpora/spkatt2023/news/dev")   # doctest: +SKIP
>>> print(report.table())                                                        # doctest: +SKIP

Command line: ``nato-quotes evaluate spkatt DIR`` / ``nato-quotes evaluate seeds GOLD TEXTS``
(or ``python -m nato_quotes.evaluate ...``).
"""

from .seeds import (
    SeedsReport,
    evaluate_seeds,
    load_predictions,
    predictions_from,
    read_seed_gold,
    score_seeds,
)
from .spkatt import (
    Group,
    SpkAttDocument,
    SpkAttReport,
    evaluate_spkatt,
    read_spkatt,
    read_spkatt_file,
    score_spkatt,
)

__all__ = [
    "Group",
    "SeedsReport",
    "SpkAttDocument",
    "SpkAttReport",
    "evaluate_seeds",
    "evaluate_spkatt",
    "load_predictions",
    "predictions_from",
    "read_seed_gold",
    "read_spkatt",
    "read_spkatt_file",
    "score_seeds",
    "score_spkatt",
]
