"""Golden files for `claimcheck lint`: each (input, format) pair against a reviewed output.

The library is the small fixed one in tests/fixtures/lint/library (verdicts pinned by curator
overrides), so these files change only when lint's own output changes. To update them after
a deliberate change, run `UPDATE_GOLDEN=1 python -m pytest tests/lint/test_lint_golden.py` and
review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lint"
LIBRARY = FIXTURES / "library"
GOLDEN = FIXTURES / "golden"

@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Keep the lint cache of these runs out of the user's cache directory."""
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "lint-cache"))


CASES = [
    ("post.md", "text", 1),
    ("post.md", "json", 1),
    ("post.md", "markdown", 1),
    ("post.md", "sarif", 1),
    ("page.html", "json", 1),
    ("page.html", "html", 1),
    ("plain.txt", "json", 1),
    ("plain.txt", "text", 1),
]


@pytest.mark.parametrize("name,fmt,code", CASES, ids=[f"{n}-{f}" for n, f, _ in CASES])
def test_golden(run_cli, monkeypatch, name, fmt, code):
    monkeypatch.chdir(GOLDEN)  # sources are reported as given on the command line
    rc, out, err = run_cli("lint", name, "--format", fmt, "--root", str(LIBRARY))
    assert rc == code, err
    expected = GOLDEN / f"{name}.{fmt}.out"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")
