"""Count cue lemmas and speaker head nouns in the SpkAtt-2023 news corpus (candidates for our lexicon).

Usage::

    python scripts/derive_cues.py ../shared/corpora/spkatt2023/news [--splits train dev] [--top 250]

Prints candidate cue lemmas with their gold-cue frequency and two precision estimates:

* ``p_quote``: share of all corpus occurrences of the lemma that lie in a sentence holding a quote;
* ``p_cue``: share of all occurrences that are annotated as (part of) a cue.

Separable verbs are joined: a cue span "teilten ... mit" counts as ``mitteilen`` (particle ``mit``).
It also prints the most frequent head nouns of speaker spans (for anonymous_sources.txt).
The corpus is CC BY-NC-SA: this script only prints counts, it never copies corpus text into the repo.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import simplemma

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
from nato_quotes.lexicon import lemma  # noqa: E402


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PARTICLES = _words(
    "ab an auf aus bei dar ein fest fort heraus hervor hin hinzu klar los mit nach vor weg weiter "
    "zu zurück zusammen bekannt entgegen offen nahe gegenüber"
)
AUX = _words(
    "haben sein werden würden hatte hatten hat habe ist war waren sind wird wurde wurden worden "
    "geworden gewesen"
)
FUNCTION = _words(
    "der die das den dem des ein eine einen einem einer eines sich es er sie wir ich man so wie als "
    "von vor davon darauf daran darüber dazu mit zu dass ob und oder nicht auch noch"
)
CLAUSE_END = frozenset(',.;:!?"„“”«»)–-') | _words("dass und oder aber zu ob wie")
DETERMINERS = _words(
    "der die das den dem des ein eine einen einem einer eines dieser diese dieses jener jene mehrere "
    "einige viele zwei drei alle beide andere"
)


def iter_docs(corpus: Path, splits: list[str]) -> Iterator[dict]:
    """Every document (parsed JSON) of the given splits."""
    for split in splits:
        for path in sorted((corpus / split).glob("*.json")):
            yield json.loads(path.read_text(encoding="utf-8"))


def is_word(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def particle_verb(particle: str, verb_lemma: str) -> str | None:
    """``mit`` + ``teilen`` -> ``mitteilen`` when simplemma knows the joined verb."""
    joined = particle + verb_lemma
    return joined if simplemma.is_known(joined, lang="de") else None


def cue_keys(tokens: list[dict], ids: list[int]) -> list[tuple[str, str]]:
    """(kind, lemma) candidates of one cue span: verbs (particle verbs joined), nouns, others."""
    words = [tokens[i] for i in ids]
    lower = [w for w in words if w["text"][:1].islower() and is_word(w["text"])]
    particle = None
    if len(words) > 1:
        last = words[-1]
        nxt = tokens[last["id"] + 1]["text"] if last["id"] + 1 < len(tokens) else "."
        if last["text"] in PARTICLES and (nxt in CLAUSE_END or not is_word(nxt)):
            particle = last["text"]
    keys: list[tuple[str, str]] = []
    for w in lower:
        text = w["text"]
        if text in AUX or text in FUNCTION or text == particle:
            continue
        lem = lemma(text)
        if particle and (joined := particle_verb(particle, lem)):
            keys.append(("verb", joined))
        else:
            keys.append(("verb" if lem.endswith("n") else "other", lem))
    for w in words:
        text = w["text"]
        if text[:1].isupper() and text.lower() not in FUNCTION and text.lower() not in DETERMINERS:
            keys.append(("noun", lemma(text)))
    if len(words) == 1 and words[0]["text"].lower() in {
        "nach",
        "laut",
        "zufolge",
        "gemäß",
        "so",
        "wie",
        "demnach",
        "danach",
        "wonach",
    }:
        keys = [("prep", words[0]["text"].lower())]
    return keys


def sentence_keys(tokens: list[dict]) -> set[str]:
    """Lemmas present in a sentence, including particle-verb joins with a clause-final particle."""
    keys = {lemma(t["text"]) for t in tokens if is_word(t["text"])}
    keys |= {t["text"].lower() for t in tokens}
    particles = [
        t["text"]
        for k, t in enumerate(tokens)
        if t["text"] in PARTICLES and (k + 1 == len(tokens) or tokens[k + 1]["text"] in CLAUSE_END)
    ]
    for p in particles:
        keys |= {p + lem for lem in list(keys) if lem.islower() and simplemma.is_known(p + lem, lang="de")}
    return keys


def speaker_head(tokens: list[dict], ids: list[int]) -> str | None:
    """First capitalised non-determiner token of a speaker span (a rough head noun)."""
    for i in ids:
        text = tokens[i]["text"]
        if text.lower() in DETERMINERS or not is_word(text):
            continue
        if text[:1].isupper():
            return text
    return None


def count(corpus: Path, splits: list[str]) -> tuple[Counter, Counter, Counter, Counter, Counter, Counter]:
    """Gold cue counts, occurrence counts, in-quote-sentence counts, cue-token counts, heads, nach+X."""
    cue_freq: Counter = Counter()
    occ: Counter = Counter()
    occ_quote: Counter = Counter()
    heads: Counter = Counter()
    nach_next: Counter = Counter()
    cue_sent: Counter = Counter()
    for doc in iter_docs(corpus, splits):
        tokens = doc["tokens"]
        quote_sents: set[int] = set()
        cue_by_sent: dict[int, set[str]] = defaultdict(set)
        seen_cues: set[tuple[int, ...]] = set()
        for ann in doc["annotations"]:
            quote_sents |= {tokens[i]["sentence"] for i in ann["quote"]["tokenIds"]}
            ids = ann["cue"]["tokenIds"]
            if ids and tuple(ids) not in seen_cues:  # one cue may serve several quotes
                seen_cues.add(tuple(ids))
                for kind, key in cue_keys(tokens, ids):
                    cue_freq[(kind, key)] += 1
                    cue_by_sent[tokens[ids[0]]["sentence"]].add(key)
                first = ids[0]
                if tokens[first]["text"].lower() == "nach" and first + 1 < len(tokens):
                    nach_next[lemma(tokens[first + 1]["text"])] += 1
            head = speaker_head(tokens, ann["speaker"]["tokenIds"])
            if head:
                heads[head] += 1
        for sent in doc["sentences"]:
            sid = sent["id"] + 1
            for key in sentence_keys([tokens[i] for i in sent["tokenIds"]]):
                occ[key] += 1
                if sid in quote_sents:
                    occ_quote[key] += 1
                if key in cue_by_sent.get(sid, ()):
                    cue_sent[key] += 1
    return cue_freq, occ, occ_quote, cue_sent, heads, nach_next


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="the spkatt2023/news folder (holding train/ and dev/)")
    ap.add_argument("--splits", nargs="+", default=["train", "dev"])
    ap.add_argument("--top", type=int, default=250)
    args = ap.parse_args(argv)
    cue_freq, occ, occ_quote, cue_sent, heads, nach_next = count(args.corpus, args.splits)
    print(f"{'kind':6} {'lemma':24} {'cue_n':>6} {'occ':>6} {'p_quote':>8} {'p_cue':>6}")
    for (kind, key), n in cue_freq.most_common(args.top):
        total = occ.get(key, 0)
        p_quote = occ_quote.get(key, 0) / total if total else 0.0
        p_cue = cue_sent.get(key, 0) / total if total else 0.0
        print(f"{kind:6} {key:24} {n:6d} {total:6d} {p_quote:8.2f} {p_cue:6.2f}")
    print("\n# 'nach' + next lemma in cues:", ", ".join(f"{k} {v}" for k, v in nach_next.most_common(30)))
    print("\n# speaker heads:", ", ".join(f"{k} {v}" for k, v in heads.most_common(args.top)))


if __name__ == "__main__":
    main()
