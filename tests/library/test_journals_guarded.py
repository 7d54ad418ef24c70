"""evidence/journals.yaml is read with the library's guards, like every other library file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimcheck.library.loader import load

LIBRARY = Path(__file__).parents[1] / "fixtures" / "lint" / "library"


@pytest.fixture
def root(tmp_path):
    dst = tmp_path / "lib"
    shutil.copytree(LIBRARY, dst)
    (dst / "evidence").mkdir(exist_ok=True)
    return dst


def codes(root):
    return [(p.path, p.code) for p in load(root).problems if "journals" in p.path]


def test_an_oversized_journals_file_is_refused_unread(root):
    # valid YAML (one long comment), but past the size limit of a library file
    (root / "evidence" / "journals.yaml").write_text("# " + "x" * 1_100_000 + "\n",
                                                     encoding="utf-8")
    assert [path for path, _ in codes(root)] == ["evidence/journals.yaml"]


def test_a_journals_symlink_out_of_the_library_is_refused(root, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("J Test: {title: Journal of Tests}\n", encoding="utf-8")
    (root / "evidence" / "journals.yaml").symlink_to(outside)
    lib = load(root)
    assert "J Test" not in lib.journals
    assert [p.path for p in lib.problems if "journals" in p.path] == ["evidence/journals.yaml"]
