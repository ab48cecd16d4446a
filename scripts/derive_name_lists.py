"""Frequency evidence for the name lists (first_names.txt, person_nouns.txt, org_nouns.txt).

Usage::

    python scripts/derive_name_lists.py ../shared/corpora/spkatt2023/news [--splits train dev] [--top 150]

Reads the gold speaker mentions of the SpkAtt-2023 news corpus (each mention counted once, even when
several quotes share it) and prints three tables:

* ``first-name candidates``: the first word of every run of two or more capitalised words inside a
  speaker mention (``Präsident George W. Bush`` gives ``Präsident`` and nothing else: the run is
  ``Präsident George W. Bush``; so role words appear too and are removed by hand);
  ``--known`` also marks which candidates are already in ``first_names.txt``;
* ``head nouns``: the first capitalised non-determiner word of each mention (``Ein Sprecher des
  Fernsehsenders`` gives ``sprecher``), lower-cased;
* ``compound heads``: common endings (``-sprecher``, ``-minister`` ...) of those head nouns.

The lists themselves were curated by hand from these tables plus general knowledge. The corpus is
CC BY-NC-SA: the script prints counts only and never copies corpus text into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from nato_quotes.lexicon import data_files  # noqa: E402

DETERMINERS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "dieser",
        "diese",
        "dieses",
        "diesem",
        "diesen",
        "jener",
        "jene",
        "mehrere",
        "einige",
        "viele",
        "zwei",
        "drei",
        "vier",
        "alle",
        "beide",
        "andere",
        "sein",
        "seine",
        "ihr",
        "ihre",
        "laut",
        "nach",
        "zufolge",
        "auch",
        "so",
        "aber",
        "und",
    ]
)
SUFFIXES = (
    "sprecher",
    "sprecherin",
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "chef",
    "chefin",
    "sekretär",
    "botschafter",
    "kommissar",
    "vorsitzender",
    "vorsitzende",
    "leiter",
    "direktor",
    "experte",
    "experten",
    "kreise",
    "behörde",
    "behörden",
    "ministerium",
    "regierung",
    "gericht",
    "polizei",
    "partei",
    "verband",
    "amt",
    "agentur",
    "führer",
    "kanzler",
    "trainer",
    "anwalt",
)


def iter_docs(corpus: Path, splits: list[str]) -> Iterator[dict]:
    """Every document (parsed JSON) of the given splits."""
    for split in splits:
        for path in sorted((corpus / split).glob("*.json")):
            yield json.loads(path.read_text(encoding="utf-8"))


def speaker_mentions(doc: dict) -> Iterator[list[str]]:
    """The token texts of each distinct, non-empty speaker mention of a document."""
    seen: set[tuple[int, ...]] = set()
    texts = {tok["id"]: tok["text"] for tok in doc["tokens"]}
    for ann in doc["annotations"]:
        ids = tuple(ann["speaker"]["tokenIds"])
        if ids and ids not in seen:
            seen.add(ids)
            yield [texts[i] for i in ids]


def is_cap(word: str) -> bool:
    """Capitalised word (a possible name or noun), not an abbreviation like ``W.``."""
    return len(word) > 1 and word[0].isupper() and word[1:].replace("-", "").isalpha()


def first_name_candidates(words: list[str]) -> Iterator[str]:
    """First word of each run of >= 2 capitalised words (determiners excluded)."""
    run: list[str] = []
    for word in [*words, ""]:
        if (is_cap(word) or (run and len(word) == 2 and word.endswith("."))) and (
            word.casefold() not in DETERMINERS
        ):
            run.append(word)
            continue
        if len(run) >= 2:
            yield run[0]
        run = []


def head_noun(words: list[str]) -> str | None:
    """First capitalised word that is not a determiner, lower-cased."""
    for word in words:
        if is_cap(word) and word.casefold() not in DETERMINERS:
            return word.casefold()
    return None


def known_first_names() -> set[str]:
    """Names already in first_names.txt (for the ``--known`` column)."""
    names: set[str] = set()
    for path in data_files("first_names.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                names.add(line.split("\t")[0].strip())
    return names


def count(corpus: Path, splits: list[str]) -> tuple[Counter[str], Counter[str], Counter[str], int]:
    """First-name candidates, head nouns, compound heads and the number of mentions."""
    names: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    suffixes: Counter[str] = Counter()
    mentions = 0
    for doc in iter_docs(corpus, splits):
        for words in speaker_mentions(doc):
            mentions += 1
            names.update(first_name_candidates(words))
            head = head_noun(words)
            if head:
                heads[head] += 1
                suffixes.update(f"-{s}" for s in SUFFIXES if head.endswith(s) and head != s)
    return names, heads, suffixes, mentions


def print_table(title: str, counter: Counter[str], top: int, known: set[str] | None = None) -> None:
    """Print one frequency table."""
    print(f"\n## {title} ({len(counter)} distinct, top {top})")
    for word, freq in counter.most_common(top):
        mark = "" if known is None else ("\tknown" if word in known else "\t-")
        print(f"{freq}\t{word}{mark}")


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="spkatt2023/news folder")
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    parser.add_argument("--top", type=int, default=150)
    parser.add_argument("--known", action="store_true", help="mark names already in first_names.txt")
    args = parser.parse_args(argv)
    names, heads, suffixes, mentions = count(args.corpus, args.splits)
    print(f"# speaker mentions (distinct, non-empty): {mentions} in splits {' '.join(args.splits)}")
    print_table("first-name candidates", names, args.top, known_first_names() if args.known else None)
    print_table("head nouns", heads, args.top)
    print_table("compound heads", suffixes, len(suffixes))


if __name__ == "__main__":
    main()
