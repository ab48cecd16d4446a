"""examples/quickstart.ipynb runs top to bottom and shows its plot and the HTML view of one article.

The notebook is executed with nbclient in a temporary copy (next to a copy of the seeds, as in the
repository), with a kernel spec installed into a temporary folder that points at this interpreter, so
the test needs nothing but ``pip install -e ".[dev]"``. The repository's notebook is never modified
here; to refresh its stored outputs run ``python tests/test_notebook.py --update``.
"""

from __future__ import annotations

import copy
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"
SEEDS = ROOT / "seeds"
TIMEOUT = 600  # seconds per cell: generous, never asserted


@contextmanager
def kernel_for_this_python() -> Iterator[str]:
    """A throw-away ipykernel spec for ``sys.executable``, found through JUPYTER_PATH."""
    from ipykernel.kernelspec import install

    name = f"nato-quotes-{uuid.uuid4().hex[:8]}"
    saved = {key: os.environ.get(key) for key in ("JUPYTER_PATH", "MPLBACKEND")}
    with tempfile.TemporaryDirectory() as prefix:
        install(kernel_name=name, prefix=prefix, display_name=name)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            filter(None, [str(Path(prefix) / "share" / "jupyter"), saved["JUPYTER_PATH"]])
        )
        os.environ["MPLBACKEND"] = "Agg"  # no display needed; the notebook selects the inline backend
        try:
            yield name
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def execute(notebook: Path, workdir: Path) -> object:
    """Run ``notebook`` in ``workdir/examples`` (with ``workdir/seeds``) and return the executed copy."""
    import nbformat
    from nbclient import NotebookClient

    (workdir / "examples").mkdir(parents=True, exist_ok=True)
    if not (workdir / "seeds").exists():
        shutil.copytree(SEEDS, workdir / "seeds")
    nb = nbformat.read(notebook, as_version=4)
    with kernel_for_this_python() as kernel:
        client = NotebookClient(
            nb, kernel_name=kernel, timeout=TIMEOUT,
            resources={"metadata": {"path": str(workdir / "examples")}},
        )
        client.execute()
    return nb


def outputs(nb, output_type: str | None = None) -> list[dict]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
            if output_type is None or o.output_type == output_type]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    before = NOTEBOOK.read_bytes()
    nb = execute(NOTEBOOK, tmp_path_factory.mktemp("notebook"))
    assert NOTEBOOK.read_bytes() == before  # the repository's notebook is untouched
    return nb


def test_notebook_runs_without_errors(executed) -> None:
    # nbclient raises CellExecutionError on a failing cell; also make sure none slipped through
    assert not outputs(executed, "error")
    code_cells = [c for c in executed.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code_cells)


def test_notebook_shows_a_plot(executed) -> None:
    images = [o for o in outputs(executed) if "image/png" in o.get("data", {})]
    assert images, "the bar chart of quotes per speaker is missing"


def test_notebook_shows_real_results(executed) -> None:
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs(executed))
    assert "Jens Stoltenberg" in text
    assert "explanation :" in text and "resolution  :" in text
    assert "CSV round trip identical:   True" in text
    assert "JSONL round trip identical: True" in text


def html_outputs(nb) -> list[str]:
    return ["".join(o["data"]["text/html"]) for o in outputs(nb) if "text/html" in o.get("data", {})]


def test_notebook_shows_an_article_with_its_quotes_marked(executed) -> None:
    views = [h for h in html_outputs(executed) if 'class="nq-report"' in h]
    assert len(views) == 1, "the HTML view of one seed article is missing"
    assert 'class="nq-quote nq-direct"' in views[0] and 'data-speaker="Jens Stoltenberg"' in views[0]
    assert "report.html:" in "".join(o.get("text", "") for o in outputs(executed, "stream"))


def test_stored_notebook_has_outputs_and_plot() -> None:
    """The committed notebook reads well on a code host: outputs are stored, the plot included."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert not outputs(nb, "error")
    assert any("image/png" in o.get("data", {}) for o in outputs(nb))
    assert any('class="nq-report"' in h for h in html_outputs(nb))
    assert all(c.get("outputs") or c.execution_count for c in nb.cells if c.cell_type == "code")


def update() -> None:
    """Re-execute the repository's notebook and store its outputs (run by hand, never by tests)."""
    import nbformat

    with tempfile.TemporaryDirectory() as tmp:
        nb = execute(NOTEBOOK, Path(tmp))
    stored = nbformat.read(NOTEBOOK, as_version=4)
    nb.metadata = copy.deepcopy(stored.metadata)  # keep the generic "python3" kernel spec
    nb.metadata["language_info"] = {"name": "python", "version": ".".join(map(str, sys.version_info[:3]))}
    nbformat.validate(nb)
    nbformat.write(nb, NOTEBOOK)
    print(f"updated {NOTEBOOK}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_notebook.py --update")
    update()
