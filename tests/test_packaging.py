"""The wheel as a user gets it: the bundled library inside, no test code, usable anywhere.

The wheel is built once per session and installed into a fresh virtual environment that sees
this environment's packages (``--system-site-packages``, ``--no-deps``), so the test checks
the wheel's own contents without downloading its dependencies again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLED = "claimcheck/library/bundled/"

DRAFT = """# Dry needling at our clinic

Dry needling releases endorphins, your body's natural painkillers.

It can ease neck pain and tennis elbow.
"""


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(REPO)], check=True)
    (path,) = out.glob("dryneedling_claimcheck-*.whl")
    return path


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its bin directory."""
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env)
    bin_dir = env / "bin"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install",
                    "--no-deps", "-q", str(wheel)], check=True)
    return bin_dir


def run(bin_dir: Path, program: str, *args: str, cwd: Path,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``program`` (``python`` or ``claimcheck``) of the venv in ``cwd``, as a user would:
    no library named by the environment, no lint cache shared with the test run."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("CLAIMCHECK_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    clean.update(CLAIMCHECK_NO_CACHE="1", **(env or {}))
    return subprocess.run([str(bin_dir / program), *args], cwd=cwd, env=clean,
                          capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_the_bundled_library_and_no_test_code(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    claims = {n.rsplit("/", 1)[1] for n in names if n.startswith(BUNDLED + "claims/")}
    citations = {n.rsplit("/", 1)[1] for n in names
                 if n.startswith(BUNDLED + "evidence/citations/")}
    assert claims == {p.name for p in (REPO / "claims").glob("*.yaml")}
    assert citations == {p.name for p in (REPO / "evidence" / "citations").glob("*.yaml")}
    assert "claimcheck/lint/data/vocabulary.yaml" in names
    assert "claimcheck/publish/templates/report.css" in names
    assert {"claimcheck/serve/static/app.js", "claimcheck/serve/templates/result.html"} <= \
        set(names)
    assert "claimcheck/py.typed" in names
    assert not [n for n in names if "lint_eval" in n or "eutils_server" in n
                or "refresh_bench" in n or n.startswith("tests/")]


def test_the_installed_wheel_works_in_an_empty_folder(installed, tmp_path):
    folder = tmp_path / "anywhere"
    folder.mkdir()
    (folder / "draft.md").write_text(DRAFT, encoding="utf-8")
    where = run(installed, "python", "-c", "import claimcheck; print(claimcheck.__file__)",
                cwd=folder)
    assert where.stdout.startswith(str(installed.parent)), where.stdout  # not the checkout

    lint = run(installed, "claimcheck", "lint", "draft.md", "--format", "json",
               cwd=folder)
    assert lint.returncode == 1, lint.stderr  # the endorphin claim is unproven
    assert '"endorphin-release"' in lint.stdout and '"treats-neck-pain"' in lint.stdout

    cite = run(installed, "claimcheck", "cite", "relieves-pain", cwd=folder)
    assert cite.returncode == 0, cite.stderr
    assert "doi:" in cite.stdout.lower() or "PMID" in cite.stdout

    load = run(installed, "python", "-c", "import claimcheck; lib = claimcheck.load(); "
               "print(len(lib.claims_by_id), lib.claims['verdict'].notna().all())", cwd=folder)
    assert load.returncode == 0, load.stderr
    assert load.stdout.split() == [str(len(list((REPO / "claims").glob("*.yaml"))) - 1), "True"]


def test_init_copies_the_bundled_library_for_curators(installed, tmp_path):
    out = run(installed, "claimcheck", "init", "mylib", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    copy = tmp_path / "mylib"
    assert {p.name for p in (copy / "claims").glob("*.yaml")} == \
        {p.name for p in (REPO / "claims").glob("*.yaml")}
    valid = run(installed, "claimcheck", "validate", cwd=copy)
    assert valid.returncode == 0, valid.stdout + valid.stderr

    again = run(installed, "claimcheck", "init", "mylib", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.strip().endswith("already exists and is not an empty directory")


def test_refresh_will_not_write_into_the_bundled_library(installed, tmp_path):
    # nothing listens on the discard port: the command must stop before any request
    out = run(installed, "claimcheck", "refresh", cwd=tmp_path,
              env={"NCBI_EMAIL": "curator@example.org", "NCBI_EUTILS_URL": "http://127.0.0.1:9/"})
    assert out.returncode == 2
    assert "bundled with claimcheck" in out.stderr and "claimcheck init" in out.stderr
