"""Access to the data files (word lists, cue lexicon, speaker knowledge base) and lemmas.

Data files live in ``nato_quotes/data``. Users extend them without touching the package: every
folder listed in the environment variable ``NATO_QUOTES_DATA`` (``os.pathsep``-separated) may hold
files of the same names; word lists are merged, JSON lists are appended.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import simplemma

F = TypeVar("F", bound=Callable[..., Any])

DATA_ENV = "NATO_QUOTES_DATA"


def data_dirs() -> list[Path]:
    """The package data folder followed by the user folders from ``NATO_QUOTES_DATA``."""
    dirs = [Path(str(resources.files("nato_quotes") / "data"))]
    for part in os.environ.get(DATA_ENV, "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()))
    return dirs


def data_files(name: str) -> list[Path]:
    """Every existing file called ``name`` in the data folders, package first."""
    return [d / name for d in data_dirs() if (d / name).is_file()]


@cache
def load_word_list(name: str) -> frozenset[str]:
    """A lower-cased word list: one entry per line, ``#`` starts a comment."""
    words: set[str] = set()
    for path in data_files(name):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = line.split("#", 1)[0].strip()
            if entry:
                words.add(entry.casefold())
    return frozenset(words)


@cache
def load_table(name: str) -> dict[str, str]:
    """A two-column word list "word<TAB>value" (``#`` comments); the first entry of a word wins."""
    table: dict[str, str] = {}
    for path in data_files(name):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                word, _, value = line.partition("\t")
                table.setdefault(word.strip(), value.strip())
    return table


@cache
def load_json(name: str) -> Any:
    """A JSON data file; user files extend the package file (lists appended, dicts merged)."""
    merged: Any = None
    for path in data_files(name):
        data = json.loads(path.read_text(encoding="utf-8"))
        merged = data if merged is None else _merge(merged, data)
    if merged is None:
        raise FileNotFoundError(f"data file {name!r} not found in {data_dirs()}")
    return merged


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    return extra


_DATA_CACHES: list = []  # caches of values derived from data files, cleared by clear_caches()
_WORD_CACHES: list[tuple[Any, int]] = []  # (cache, limit): per-word memos, trimmed by trim_caches()


def word_cache(limit: int = 200_000) -> Callable[[F], F]:
    """Memo of a function of one word form, for hot loops: an unbounded ``functools.cache`` (a plain
    dict in C, no per-entry objects for the garbage collector to walk) that :func:`trim_caches`
    empties once it holds more than ``limit`` forms; :func:`clear_caches` forgets it too."""
    def wrap(func: F) -> F:
        cached = cache(func)
        _WORD_CACHES.append((cached, limit))
        return cached  # type: ignore[return-value]
    return wrap


class TextMemo(dict):
    """A dict memo keyed by text that :func:`trim_caches` empties past ``limit`` entries and
    :func:`clear_caches` forgets (for values computed elsewhere than in one function call)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        _WORD_CACHES.append((self, limit))

    def cache_info(self) -> Any:
        return _Size(len(self))

    def cache_clear(self) -> None:
        self.clear()


class _Size(NamedTuple):
    currsize: int


def trim_caches() -> None:
    """Empty the per-word memos that outgrew their limit (called between documents: bounded memory)."""
    for cached, limit in _WORD_CACHES:
        if cached.cache_info().currsize > limit:
            cached.cache_clear()


@word_cache(limit=200_000)
def lemma(word: str) -> str:
    """Dictionary lemma of a German word form (the form itself when unknown)."""
    return simplemma.lemmatize(word, lang="de")


def data_cache(maxsize: int | None = 1) -> Callable[[F], F]:
    """``lru_cache`` for a value derived from data files; :func:`clear_caches` forgets it."""
    def wrap(func: F) -> F:
        cached = lru_cache(maxsize=maxsize)(func)
        _DATA_CACHES.append(cached)
        return cached  # type: ignore[return-value]
    return wrap


def clear_caches() -> None:
    """Forget loaded data files and everything derived from them (after changing ``NATO_QUOTES_DATA``)."""
    load_word_list.cache_clear()
    load_table.cache_clear()
    load_json.cache_clear()
    for cached in _DATA_CACHES + [c for c, _ in _WORD_CACHES]:
        cached.cache_clear()
