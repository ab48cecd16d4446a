#!/usr/bin/env python3
"""Byte-for-byte output check for speed work: dump the CLI's JSON and compare it with a saved baseline.

    python scripts/compare_outputs.py --save BASELINE_DIR     # before the change (unchanged code)
    python scripts/compare_outputs.py --against BASELINE_DIR  # after: exit 1 on any difference

Workloads: the seed articles, SpkAtt-2023 train and dev texts (written as .txt by
``../shared/tools/spkatt_texts.py`` into ``--work``), and all train texts joined into one document
(long-document paths: chains and antecedents across the whole text). Each runs through
``nato-quotes PATH --format jsonl --analyzer rules``; the train texts also run through the Python API
with ``passage_chains=True`` (the evaluation's setting). On a difference the script names the
documents and prints the first differing quotes. SpkAtt is CC BY-NC-SA: its texts and outputs stay
in the scratch folders given here, never in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NATO_QUOTES_SHARED", ROOT.parent / "shared"))  # set it for a worktree elsewhere
CLI = [sys.executable, "-m", "nato_quotes"]


def spkatt_texts(split: str, corpus: Path, work: Path) -> Path:
    """The split's texts as .txt files in ``work/<split>`` (written once with the shared tool)."""
    out = work / split
    if not out.is_dir() or not any(out.glob("*.txt")):
        subprocess.run([sys.executable, str(SHARED / "tools" / "spkatt_texts.py"), str(corpus / split), str(out)],
                       check=True)
    return out


def joined_document(folder: Path, work: Path) -> Path:
    """All texts of ``folder`` joined into one document (as the speed benchmark does)."""
    path = work / "joined" / f"{folder.name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    path.write_text("\n\n".join(texts) + "\n\n", encoding="utf-8")
    return path


def cli_output(path: Path) -> bytes:
    done = subprocess.run(CLI + [str(path), "--format", "jsonl", "--analyzer", "rules", "--quiet"],
                          capture_output=True, check=False, cwd=ROOT)
    if done.returncode not in (0, 1):
        sys.exit(f"nato-quotes failed on {path}: {done.stderr.decode(errors='replace')}")
    return done.stdout


def passage_output(folder: Path) -> bytes:
    """The Python API with ``passage_chains=True`` over every text of ``folder``, as JSONL."""
    sys.path.insert(0, str(ROOT))
    from nato_quotes import Pipeline

    pipeline = Pipeline("rules", passage_chains=True)
    lines = [pipeline.process(p.read_text(encoding="utf-8"), doc_id=p.stem).model_dump_json()
             for p in sorted(folder.glob("*.txt"))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def workloads(args: argparse.Namespace) -> dict[str, object]:
    """Name -> a zero-argument function producing that workload's output bytes."""
    jobs: dict[str, object] = {"seeds": lambda: cli_output(ROOT / "seeds")}
    corpus = Path(args.spkatt)
    if not corpus.is_dir():
        print(f"SpkAtt not found at {corpus}: seeds only", file=sys.stderr)
        return jobs
    work = Path(args.work)
    for split in ("train", "dev"):
        folder = spkatt_texts(split, corpus, work)
        jobs[split] = lambda folder=folder: cli_output(folder)
    train = work / "train"
    jobs["train-joined"] = lambda: cli_output(joined_document(train, work))
    jobs["train-passage-chains"] = lambda: passage_output(train)
    return jobs


def first_difference(old: bytes, new: bytes) -> str:
    """The documents whose JSON differs, and the first differing quote of the first one."""
    old_docs = [json.loads(line) for line in old.decode().splitlines() if line.strip()]
    new_docs = [json.loads(line) for line in new.decode().splitlines() if line.strip()]
    if len(old_docs) != len(new_docs):
        return f"{len(old_docs)} documents before, {len(new_docs)} after"
    differing = [(a, b) for a, b in zip(old_docs, new_docs, strict=True) if a != b]
    lines = [f"{len(differing)} of {len(old_docs)} documents differ: " + ", ".join(a["doc"] for a, _ in differing[:10])]
    a, b = differing[0]
    qa, qb = a.get("quotes", []), b.get("quotes", [])
    lines.append(f"{a['doc']}: {len(qa)} quotes before, {len(qb)} after")
    for x, y in zip(qa + [None] * len(qb), qb + [None] * len(qa), strict=False):
        if x != y:
            lines.append(f"  before: {json.dumps(x, ensure_ascii=False)[:600]}")
            lines.append(f"  after:  {json.dumps(y, ensure_ascii=False)[:600]}")
            break
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", metavar="DIR", help="write the outputs as the baseline")
    mode.add_argument("--against", metavar="DIR", help="compare the outputs with this baseline")
    ap.add_argument("--spkatt", default=os.environ.get("NATO_QUOTES_SPKATT_NEWS", str(SHARED / "corpora" / "spkatt2023" / "news")),
                    help="SpkAtt news folder with train/ and dev/")
    ap.add_argument("--work", default="/tmp/nato-quotes-compare", help="scratch folder for the SpkAtt texts")
    ap.add_argument("--only", nargs="*", help="run only these workloads")
    args = ap.parse_args(argv)
    target = Path(args.save or args.against)
    target.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, produce in workloads(args).items():
        if args.only and name not in args.only:
            continue
        out = produce()  # type: ignore[operator]
        path = target / f"{name}.jsonl"
        if args.save:
            path.write_bytes(out)
            print(f"{name}: saved {len(out):,} bytes to {path}")
            continue
        old = path.read_bytes()
        if old == out:
            print(f"{name}: identical ({len(out):,} bytes)")
        else:
            failed += 1
            print(f"{name}: DIFFERENT\n{first_difference(old, out)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
