"""Shared fixtures: the seed articles, their gold, the shared folder (read-only) and a pipeline."""

from __future__ import annotations

import json

import pytest

from .paths import GOLD, SEEDS


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def rules_pipeline():
    from nato_quotes import Pipeline

    return Pipeline("rules")


@pytest.fixture(scope="session")
def seed_results(rules_pipeline, seed_texts):
    return {name: rules_pipeline.process(text, doc_id=name) for name, text in seed_texts.items()}
