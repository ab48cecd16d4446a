"""Paths used by the tests. ../shared is read-only: tests never write there."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold" / "seeds.jsonl"
SHARED = Path(os.environ.get("NATO_QUOTES_SHARED", ROOT.parent / "shared"))
SPKATT = Path(os.environ.get("NATO_QUOTES_SPKATT", SHARED / "corpora" / "spkatt2023"))
SMOKE_MODEL = SHARED / "models" / "stanza-de-smoke"
