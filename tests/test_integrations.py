"""The integrations we ship as files: the pre-commit hook runs `claimcheck lint` as declared,
and the example CI workflow is valid YAML that uploads the SARIF file its lint step writes."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from conftest import REPO

LIBRARY = REPO / "tests" / "fixtures" / "lint" / "library"
WORKFLOW = REPO / "docs" / "ci" / "github-code-scanning.yml"


def hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == "claimcheck-lint")


def test_hook_declaration():
    h = hook()
    assert h["language"] == "python"
    assert h["entry"] == "claimcheck lint"
    assert set(h["types_or"]) == {"markdown", "html", "plain-text"}
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert shlex.split(h["entry"])[0] in scripts["project"]["scripts"]


def run_entry(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """The hook's entry as pre-commit runs it (entry, args, then the file names), with the
    console script replaced by `python -m claimcheck` of the sources under test."""
    h = hook()
    command, *rest = shlex.split(h["entry"])
    assert command == "claimcheck"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), CLAIMCHECK_ROOT=str(LIBRARY),
               CLAIMCHECK_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, "-m", "claimcheck", *rest, *h.get("args", []),
                           *args], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120)


def test_hook_entry_runs_on_a_markdown_file(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("# Opening hours\n\nWe are open Monday to Friday.\n", encoding="utf-8")
    done = run_entry([good.name], tmp_path)
    assert done.returncode == 0, done.stderr
    bad = tmp_path / "bad.md"
    bad.write_text("Dry needling releases endorphins.\n", encoding="utf-8")
    done = run_entry([good.name, bad.name], tmp_path)
    assert done.returncode == 1
    assert "bad.md:1:1: unproven (very-low) endorphin-release" in done.stdout


def test_ci_example_uploads_the_sarif_its_lint_step_writes():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["name"] and workflow["jobs"]
    assert workflow["permissions"]["security-events"] == "write"
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    lint = [s for s in steps if "claimcheck lint" in s.get("run", "")]
    assert len(lint) == 1
    run = lint[0]["run"].replace("\\\n", " ")
    assert "--format sarif" in run
    written = re.search(r"claimcheck lint [^\n]*>\s*(\S+)", run).group(1)
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(upload) == 1
    assert upload[0]["with"]["sarif_file"] == written
    assert upload[0]["if"] == "always()"  # uploaded even when lint fails the job


def test_readme_points_to_the_integrations():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for text in ("docs/ci/github-code-scanning.yml", ".pre-commit-hooks.yaml", "claimcheck-lint",
                 "--write-baseline", "--baseline", "--show-suppressed", "claimcheck: ignore",
                 "ignore-file", "suppression-without-reason"):
        assert text in readme, text
