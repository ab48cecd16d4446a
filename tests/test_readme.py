"""The README's Python example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess

import pytest
import regex

from .paths import ROOT


def test_readme_python_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = regex.search(r"```python\n(.*?)```", readme, flags=regex.S)[1]
    expected = [line[2:] for line in code.splitlines() if line.startswith("# ") and "|" in line]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own documentation
    printed = out.getvalue().splitlines()
    assert printed[: len(expected)] == expected
    assert any(line.startswith("a1 ") for line in printed)


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = regex.search(r"Run the tests[^\n]*\n\n```\n(.*?)\n```", readme, flags=regex.S)[1]
    assert "\n" not in block, "the test command is one line"
    return block


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_test_command() == ". .venv/bin/activate && python -m pytest -q"
    assert ci_lines[-1] == readme_test_command()


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "activate").is_file(), reason="no .venv in the repository root")
def test_readme_test_command_works_in_a_fresh_shell() -> None:
    """Pasted alone in a new shell (no virtualenv active, no `python` on PATH): it still finds pytest.
    Only this file is collected here, not the whole suite again."""
    fresh = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    command = f"{readme_test_command()} --collect-only tests/test_readme.py"
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=fresh, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "test_readme_python_example" in done.stdout
