"""Shared fixtures: the bundled library, copies of it to break, and the seed documents."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
INVENTORY = REPO.parent / "shared" / "claims-inventory.yaml"


# Lint's rules alone unless a test is marked ``model``: tests of formats and rules must not
# change when the learned stage is retrained; the quality tests run the whole linter. Set for
# the session (module- and session-scoped fixtures lint too, and child processes inherit it).
os.environ["CLAIMCHECK_NO_MODEL"] = "1"


@pytest.fixture(autouse=True)
def _model_when_marked(request, monkeypatch):
    if request.node.get_closest_marker("model") is not None:
        monkeypatch.delenv("CLAIMCHECK_NO_MODEL", raising=False)


# browser tests drive Debian's chromium, never a browser Playwright would download; without the
# background-networking flags chromium keeps trying hosts this machine cannot reach
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """A headless chromium for the module's tests (skipped where chromium is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM} (Debian package 'chromium'; "
                    ".ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def library():
    """The committed library, loaded once per test session."""
    import claimcheck

    return claimcheck.load(REPO)


@pytest.fixture
def lib_copy(tmp_path: Path) -> Path:
    """A writable copy of the committed library (claims/ and evidence/citations/ only)."""
    dst = tmp_path / "lib"
    shutil.copytree(REPO / "claims", dst / "claims")
    shutil.copytree(REPO / "evidence" / "citations", dst / "evidence" / "citations")
    return dst


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run the claimcheck command in-process; returns (exit code, stdout, stderr)."""
    from claimcheck.cli import main

    def run(*args: str, env: dict | None = None):
        monkeypatch.delenv("CLAIMCHECK_ROOT", raising=False)
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def seeds_dir() -> Path | None:
    return SEEDS if SEEDS.is_dir() else None


# Hypothesis fails an example that takes over 200 ms by default: a wall-clock threshold that a
# busy shared machine can cross. No property test here is about speed.
settings.register_profile("claimcheck", deadline=None)
settings.load_profile("claimcheck")
