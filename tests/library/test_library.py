"""`claimcheck.load`: typed records and pandas frames with stable columns."""

from __future__ import annotations

import pytest

from claimcheck import UnknownClaim
from claimcheck.library.loader import _CITATION_COLUMNS, _CLAIM_COLUMNS, _LINK_COLUMNS


def test_frames_have_one_row_per_record(library):
    assert len(library.claims) == len(library.claims_by_id)
    assert len(library.citations) == len(library.citations_by_key)
    assert len(library.links) == sum(len(c.evidence) for c in library.iter_claims())
    assert len(library.appearances) == sum(len(c.sources) for c in library.iter_claims())
    assert list(library.sources["id"]) == ["000", "001", "002", "003", "004"]


def test_frame_columns_are_stable(library):
    assert list(library.claims.columns[:len(_CLAIM_COLUMNS)]) == _CLAIM_COLUMNS
    assert list(library.citations.columns) == _CITATION_COLUMNS
    assert list(library.links.columns) == _LINK_COLUMNS


def test_typed_access(library):
    claim = next(library.iter_claims())
    assert library.claim(claim.id) is claim
    with pytest.raises(UnknownClaim):
        library.claim("no-such-claim")
    for cit in library.citations_for(claim.id):
        assert library.citation(cit.key) is cit


def test_links_point_at_loaded_citations(library):
    assert set(library.links["citation"]) <= set(library.citations["key"])


def test_lint_path_does_not_need_pandas():
    """Loading the library must not import pandas: lint's start-up time depends on it."""
    import subprocess
    import sys

    code = ("import sys, claimcheck; claimcheck.load(); "
            "sys.exit(1 if 'pandas' in sys.modules else 0)")
    from conftest import REPO

    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_warm_lint_path_does_not_build_the_models(tmp_path):
    """With lint's cache warm, `claimcheck lint` must not import pydantic or pandas."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    env = {**os.environ, "CLAIMCHECK_CACHE_DIR": str(tmp_path)}
    draft = tmp_path / "draft.md"
    draft.write_text("Dry needling releases endorphins.\n", encoding="utf-8")
    run = [sys.executable, "-c",
           "import sys; from claimcheck.cli import main; rc = main(['lint', sys.argv[1], "
           "'--format', 'json']); bad = [m for m in ('pydantic', 'pandas') if m in "
           "sys.modules]; print(bad, file=sys.stderr); sys.exit(3 if bad else 0)", str(draft)]
    subprocess.run(run, cwd=REPO, env=env, capture_output=True)  # first run fills the cache
    warm = subprocess.run(run, cwd=REPO, env=env, capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
