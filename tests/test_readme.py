"""The README's Python example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io

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
