"""Where stanza's German models live, whether they are installed, and how to download them.

The model folder is a stanza resources folder (``resources.json`` plus ``de/<processor>/*.pt``).
It is taken from the ``model_dir`` argument, else the ``STANZA_RESOURCES_DIR`` environment
variable, else stanza's default (``~/stanza_resources`` or the per-version cache).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

from .errors import ModelNotFoundError, NatoQuotesError

__all__ = [
    "LANG",
    "OPTIONAL_PROCESSORS",
    "REQUIRED_PROCESSORS",
    "DOWNLOAD_COMMAND",
    "ModelNotFoundError",
    "NatoQuotesError",
    "default_threads",
    "download_models",
    "german_models_installed",
    "installed_processors",
    "model_status",
    "missing_models_message",
    "resolve_model_dir",
]

LANG = "de"
REQUIRED_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
OPTIONAL_PROCESSORS = ("ner",)
DOWNLOAD_COMMAND = "nato-quotes models download"


def default_threads(workers: int = 1) -> int:
    """Torch CPU threads per process that do not oversubscribe the machine when ``workers`` processes
    run: the usable cores (or ``OMP_NUM_THREADS`` when set) divided by ``workers``, at least 1."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    omp = os.environ.get("OMP_NUM_THREADS", "").strip()
    if omp.isdigit() and int(omp) > 0:
        cores = min(cores, int(omp))
    return max(1, cores // max(1, workers))


def resolve_model_dir(model_dir: str | Path | None = None) -> Path:
    """The stanza resources folder to use: argument, else $STANZA_RESOURCES_DIR, else stanza's default."""
    if model_dir is not None:
        return Path(model_dir).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    return _stanza_default_dir()


def _stanza_default_dir() -> Path:
    """stanza's default resources folder, worked out as stanza does but without importing stanza
    (its import loads torch: seconds of start-up for a run that may not parse at all)."""
    spec = importlib.util.find_spec("stanza")
    version = None
    if spec is not None and spec.submodule_search_locations:
        try:
            source = (Path(next(iter(spec.submodule_search_locations))) / "_version.py").read_text(encoding="utf-8")
            found = re.search(r"__resources_version__\s*=\s*['\"]([^'\"]+)['\"]", source)
            version = found.group(1) if found else None
        except OSError:
            version = None
    if version is not None:
        try:
            from platformdirs import user_cache_dir
        except ImportError:
            pass
        else:
            return Path(user_cache_dir("stanza", "StanfordNLP", version)) / "resources"
    from stanza.resources.common import DEFAULT_MODEL_DIR  # the reference, if the above cannot tell

    return Path(DEFAULT_MODEL_DIR).expanduser()


def _resources(model_dir: Path) -> dict[str, Any] | None:
    """The German entry of ``resources.json`` ({} if the file has none), None if unreadable."""
    try:
        data = json.loads((model_dir / "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = data.get(LANG, {}) if isinstance(data, dict) else {}
    return entry if isinstance(entry, dict) else {}


def _default_package(entry: dict[str, Any], processor: str) -> str | None:
    """The package stanza loads by default for ``processor`` according to resources.json."""
    defaults = entry.get("default_processors")
    if isinstance(defaults, dict) and isinstance(defaults.get(processor), str):
        return defaults[processor]
    return None


def installed_processors(model_dir: str | Path | None = None) -> dict[str, Path]:
    """German processors whose default model file is present: processor -> model file."""
    folder = resolve_model_dir(model_dir)
    entry = _resources(folder)
    if entry is None:
        return {}
    found: dict[str, Path] = {}
    for processor in REQUIRED_PROCESSORS + OPTIONAL_PROCESSORS:
        package = _default_package(entry, processor)
        if package is None:
            continue
        path = folder / LANG / processor / f"{package}.pt"
        if path.is_file():
            found[processor] = path
    return found


def german_models_installed(model_dir: str | Path | None = None) -> bool:
    """True when every processor the stanza analyzer needs is installed in the model folder."""
    found = installed_processors(model_dir)
    return all(p in found for p in REQUIRED_PROCESSORS)


def missing_models_message(model_dir: str | Path | None = None) -> str:
    """One-line explanation that the German models are missing, naming the download command."""
    folder = resolve_model_dir(model_dir)
    return (
        f"stanza German models not found in {folder}; run `{DOWNLOAD_COMMAND}` "
        "(or set STANZA_RESOURCES_DIR / pass model_dir to a stanza resources folder)"
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def model_status(model_dir: str | Path | None = None) -> dict[str, Any]:
    """Where models are looked for and what is there (processors, packages, sizes in bytes)."""
    folder = resolve_model_dir(model_dir)
    entry = _resources(folder)
    found = installed_processors(folder)
    processors = {
        name: {
            "package": path.stem,
            "path": str(path),
            "size_bytes": _size(path),
        }
        for name, path in found.items()
    }
    lang_dir = folder / LANG
    total = sum(_size(p) for p in lang_dir.rglob("*") if p.is_file()) if lang_dir.is_dir() else 0
    return {
        "model_dir": str(folder),
        "exists": folder.is_dir(),
        "resources_json": entry is not None,
        "installed": all(p in found for p in REQUIRED_PROCESSORS),
        "processors": processors,
        "missing": [p for p in REQUIRED_PROCESSORS if p not in found],
        "optional_missing": [p for p in OPTIONAL_PROCESSORS if p not in found],
        "total_size_bytes": total,
        "download_command": DOWNLOAD_COMMAND,
    }


def _short_reason(exc: BaseException) -> str:
    """A one-line, human-sized reason for a failed download."""
    text = str(exc) or type(exc).__name__
    host = re.search(r"host='([^']+)'", text)
    if "NameResolution" in text or "Name or service not known" in text or "getaddrinfo" in text:
        return f"no network (cannot resolve {host.group(1) if host else 'the download host'})"
    if "timed out" in text.lower() or "Timeout" in type(exc).__name__:
        return "connection timed out"
    if "Connection refused" in text:
        return "connection refused"
    line = " ".join(text.split())
    return f"{type(exc).__name__}: {line[:200]}"


def download_models(
    model_dir: str | Path | None = None,
    package: str = "default",
    processors: str | tuple[str, ...] = REQUIRED_PROCESSORS + OPTIONAL_PROCESSORS,
) -> None:
    """Download stanza's German models into the model folder.

    Raises :class:`NatoQuotesError` with a one-line message when the download fails.
    """
    import stanza

    folder = resolve_model_dir(model_dir)
    wanted = processors if isinstance(processors, str) else ",".join(processors)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stanza.download(LANG, model_dir=str(folder), package=package, processors=wanted, logging_level="WARN")
    except Exception as exc:  # network, HTTP, disk and stanza resource errors alike
        raise NatoQuotesError(
            f"could not download stanza German models: {_short_reason(exc)}; "
            f"check network or copy a resources folder to {folder}"
        ) from exc
