"""`claimcheck scan` on the command line: a summary on stdout, exit codes, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("pyarrow")

from conftest import REPO  # noqa: E402
from tests.support.scan_pages import pages, write_jsonl  # noqa: E402


def test_scan_prints_a_summary_and_writes_the_outputs(tmp_path, run_cli):
    source = write_jsonl(tmp_path / "p.jsonl", pages(6, words=200), extra_lines=["{bad"])
    out = tmp_path / "out"
    code, stdout, _ = run_cli("scan", str(source), "--out", str(out), "--root", str(REPO),
                              "--workers", "1", "--shard-size", "2")
    assert code == 0
    assert stdout.startswith("scanned 6 pages from 3 sites: ")
    assert "by verdict: " in stdout and "skipped 1 unreadable" in stdout
    for name in ("findings.parquet", "scorecard.parquet", "problems.parquet", "summary.json"):
        assert (out / name).is_file()
    assert json.loads((out / "summary.json").read_text())["pages"] == 6


def test_a_missing_input_is_a_usage_error(tmp_path, run_cli):
    code, _, err = run_cli("scan", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o"),
                           "--root", str(REPO))
    assert code == 2
    assert err.strip() == f"Error: {tmp_path / 'nope.jsonl'}: no such file or folder"


def test_an_unknown_input_kind_is_a_usage_error(tmp_path, run_cli):
    (tmp_path / "pages.xlsx").write_bytes(b"PK")
    code, _, err = run_cli("scan", str(tmp_path / "pages.xlsx"), "--out", str(tmp_path / "o"),
                           "--root", str(REPO))
    assert code == 2 and "not a scan input" in err


def test_out_is_required(run_cli):
    code, _, err = run_cli("scan", "x.jsonl")
    assert code == 2 and "--out" in err


def test_lint_does_not_import_the_scan_dependencies():
    code = ("import sys, claimcheck.cli, claimcheck.scan; "
            "print(sorted(m for m in ('pyarrow', 'dask', 'distributed', 'warcio') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, env={"PYTHONPATH": str(REPO / "src"), "PATH": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
