"""Model management functions behind `nato-quotes models download|status` (library part)."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
import requests
import stanza
from stanza.resources.common import DEFAULT_MODEL_DIR

from nato_quotes.errors import NatoQuotesError
from nato_quotes.models import (
    ModelNotFoundError,
    download_models,
    german_models_installed,
    installed_processors,
    missing_models_message,
    model_status,
    resolve_model_dir,
)

REPO = Path(__file__).resolve().parents[1]
SMOKE = Path(os.environ.get("NATO_QUOTES_STANZA_SMOKE", REPO.parent / "shared" / "models" / "stanza-de-smoke"))
needs_smoke = pytest.mark.skipif(not (SMOKE / "resources.json").is_file(), reason="smoke model not available")


def fake_resources(folder: Path, files: tuple[str, ...], *, ner: bool = False) -> Path:
    """A resources folder whose resources.json names gsd packages, with only ``files`` present."""
    defaults = {p: "gsd" for p in ("tokenize", "mwt", "pos", "lemma", "depparse")}
    if ner:
        defaults["ner"] = "germeval2014"
    (folder / "resources.json").write_text(json.dumps({"de": {"default_processors": defaults}}))
    for processor in files:
        package = defaults[processor]
        (folder / "de" / processor).mkdir(parents=True)
        (folder / "de" / processor / f"{package}.pt").write_bytes(b"x" * 10)
    return folder


def test_resolve_model_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "env"))
    assert resolve_model_dir(tmp_path / "arg") == tmp_path / "arg"
    assert resolve_model_dir() == tmp_path / "env"
    monkeypatch.delenv("STANZA_RESOURCES_DIR")
    assert resolve_model_dir() == Path(DEFAULT_MODEL_DIR)


@needs_smoke
def test_smoke_model_is_installed_and_described():
    assert german_models_installed(SMOKE)
    status = model_status(SMOKE)
    assert status["installed"] and status["exists"] and status["resources_json"]
    assert set(status["processors"]) == {"tokenize", "mwt", "pos", "lemma", "depparse"}
    assert status["processors"]["depparse"]["package"] == "gsd"
    assert all(info["size_bytes"] > 0 for info in status["processors"].values())
    assert status["missing"] == [] and status["optional_missing"] == ["ner"]
    assert status["total_size_bytes"] >= sum(info["size_bytes"] for info in status["processors"].values())
    json.dumps(status)  # the CLI prints it


def test_empty_folder_is_not_installed(tmp_path):
    assert not german_models_installed(tmp_path)
    status = model_status(tmp_path / "absent")
    assert not status["installed"] and not status["exists"] and not status["resources_json"]
    assert status["missing"] == ["tokenize", "mwt", "pos", "lemma", "depparse"]
    assert status["model_dir"] == str(tmp_path / "absent")


def test_partial_folder_reports_missing_processors(tmp_path):
    fake_resources(tmp_path, ("tokenize", "mwt", "pos", "lemma"), ner=True)
    assert not german_models_installed(tmp_path)
    status = model_status(tmp_path)
    assert status["missing"] == ["depparse"] and status["optional_missing"] == ["ner"]
    assert status["total_size_bytes"] == 40


def test_ner_is_detected_when_present(tmp_path):
    fake_resources(tmp_path, ("tokenize", "mwt", "pos", "lemma", "depparse", "ner"), ner=True)
    assert german_models_installed(tmp_path)
    assert installed_processors(tmp_path)["ner"] == tmp_path / "de" / "ner" / "germeval2014.pt"


def test_broken_resources_json_is_not_installed(tmp_path):
    (tmp_path / "resources.json").write_text("{not json")
    assert not german_models_installed(tmp_path)
    assert model_status(tmp_path)["resources_json"] is False


def test_missing_message_names_the_command(tmp_path):
    message = missing_models_message(tmp_path)
    assert "nato-quotes models download" in message and str(tmp_path) in message and "\n" not in message
    assert issubclass(ModelNotFoundError, NatoQuotesError)


def test_download_failure_is_one_clean_line(tmp_path, monkeypatch):
    calls = []

    def offline(lang, **kwargs):
        calls.append((lang, kwargs))
        raise requests.exceptions.ConnectionError(
            "HTTPSConnectionPool(host='raw.githubusercontent.com', port=443): Max retries exceeded "
            "(Caused by NameResolutionError(\"Failed to resolve 'raw.githubusercontent.com'\"))"
        )

    monkeypatch.setattr(stanza, "download", offline)
    target = tmp_path / "models"
    with pytest.raises(NatoQuotesError) as info:
        download_models(target)
    message = str(info.value)
    assert message.startswith("could not download stanza German models: no network")
    assert "raw.githubusercontent.com" in message
    assert f"check network or copy a resources folder to {target}" in message
    assert "\n" not in message
    assert isinstance(info.value.__cause__, requests.exceptions.ConnectionError)
    (lang, kwargs), = calls
    assert lang == "de" and kwargs["model_dir"] == str(target) and kwargs["package"] == "default"
    assert kwargs["processors"] == "tokenize,mwt,pos,lemma,depparse,ner"


def test_download_other_failure_keeps_a_short_reason(tmp_path, monkeypatch):
    def broken(lang, **kwargs):
        raise ValueError("Unknown package 'nonsense'\n  with details")

    monkeypatch.setattr(stanza, "download", broken)
    with pytest.raises(NatoQuotesError, match=r"ValueError: Unknown package 'nonsense' with details; check"):
        download_models(tmp_path, package="nonsense")


def _host_resolves(host: str) -> bool:
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        return False
    return True


@pytest.mark.skipif(_host_resolves("raw.githubusercontent.com"), reason="network available: would download")
def test_real_download_fails_fast_without_network(tmp_path):
    with pytest.raises(NatoQuotesError, match="could not download stanza German models: no network"):
        download_models(tmp_path)
