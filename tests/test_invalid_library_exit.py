"""grade, cite, export and report on a library with an invalid record (issue 14 #8): they still
work from the valid records, but say so on stderr in one line and exit 1, as validate does."""

from __future__ import annotations

from pathlib import Path

import pytest


def break_a_claim(root: Path) -> Path:
    path = sorted(p for p in (root / "claims").glob("*.yaml") if p.name != "sources.yaml")[0]
    path.write_text(path.read_text(encoding="utf-8").replace("kind: ", "kind: nonsense-", 1),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [["grade", "{root}"], ["grade", "{root}", "--format", "json"],
                                  ["cite", "{root}", "--all"], ["export", "claimreview", "{root}"],
                                  ["report", "{root}", "--out", "{tmp}/site"]])
def test_problems_make_exit_1_with_a_one_line_warning(run_cli, lib_copy, tmp_path, args):
    broken = break_a_claim(lib_copy)
    args = [x for a in args for x in (["--root", str(lib_copy)] if a == "{root}" else
                                      [a.replace("{tmp}", str(tmp_path))])]
    code, out, err = run_cli(*args)
    assert code == 1
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1
    assert f"first claims/{broken.name}" in warnings[0]
    assert "invalid records were left out (run 'claimcheck validate')" in warnings[0]
    assert "Traceback" not in err


def test_a_valid_library_still_exits_0(run_cli, repo_root):
    code, out, err = run_cli("grade", "--root", str(repo_root))
    assert code == 0 and "warning" not in err
