"""Dask integration (nato_quotes.distributed): same results as the serial run, on a real cluster.

Skipped when Dask is not installed (``pip install 'nato-quotes[dask]'``).
"""

from __future__ import annotations

import builtins
import importlib

import pytest

from nato_quotes import Pipeline

from .paths import SEEDS

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")
from nato_quotes.distributed import INSTALL_HINT, extract_bag, extract_with_dask  # noqa: E402


@pytest.fixture(scope="module")
def records() -> list[dict]:
    docs = [{"id": p.name, "text": p.read_text(encoding="utf-8"), "source": "seed"} for p in sorted(SEEDS.glob("*.txt"))]
    broken = {"id": "kaputt.txt", "text": "", "error": "kaputt.txt: binary file (NUL bytes), not a text document"}
    return docs[:2] + [broken, {"id": "leer.txt", "text": "  \n"}] + docs[2:]


@pytest.fixture(scope="module")
def serial(records: list[dict]) -> list[str]:
    return [r.model_dump_json() for r in Pipeline("rules").process_many(records)]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as dask_client:
        yield dask_client


def test_cluster_run_is_identical_to_serial(client, records: list[dict], serial: list[str]) -> None:
    results = list(extract_with_dask(records, client=client, npartitions=4))
    assert [r.model_dump_json() for r in results] == serial
    assert sum(len(r.quotes) for r in results) > 20
    assert results[2].error and "binary" in results[2].error  # a bad record stays in place
    assert results[0].meta == {"source": "seed"}


def test_default_client_is_used(client, records: list[dict], serial: list[str]) -> None:
    assert [r.model_dump_json() for r in extract_with_dask(records, npartitions=3)] == serial


def test_bag_of_result_dicts(client, records: list[dict], serial: list[str]) -> None:
    from nato_quotes import DocumentResult

    bag = extract_bag(db.from_sequence(records, npartitions=3), analyzer="rules")
    dicts = bag.compute()
    assert all(isinstance(d, dict) for d in dicts)
    assert [DocumentResult.model_validate(d).model_dump_json() for d in dicts] == serial
    counts = dict(bag.pluck("quotes").flatten().pluck("speaker").filter(None).pluck("name").frequencies().compute())
    expected = sum(q["speaker"] is not None and q["speaker"]["name"] == "Jens Stoltenberg" for d in dicts for q in d["quotes"])
    assert counts["Jens Stoltenberg"] == expected > 0


def test_date_fills_records_without_one() -> None:
    text = "„Wir stehen zusammen“, sagte der NATO-Chef."
    bag = db.from_sequence([{"id": "a", "text": text}, {"id": "b", "text": text, "date": "2022-03-24"}])
    a, b = extract_bag(bag, date="2024-12-04").compute(scheduler="sync")
    assert a["date"] == "2024-12-04" and a["quotes"][0]["speaker"]["name"] == "Mark Rutte"
    assert b["date"] == "2022-03-24" and b["quotes"][0]["speaker"]["name"] == "Jens Stoltenberg"


def test_no_records_no_work() -> None:
    assert list(extract_with_dask([])) == []


def test_missing_dask_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import nato_quotes.distributed as module

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "dask" or name.startswith("dask."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    module = importlib.reload(module)  # importing the module itself must work without dask
    with pytest.raises(ImportError, match=r"pip install 'nato-quotes\[dask\]'"):
        list(module.extract_with_dask([{"id": "a", "text": "x"}]))
    assert INSTALL_HINT in module.INSTALL_HINT
