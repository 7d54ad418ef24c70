"""The report's reference cache (publish.refcache): citeproc runs only for citation files that
changed since the last build, and what it gives is what formatting them all would give."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from claimcheck.library.loader import load
from claimcheck.publish import cite, refcache, report

LIBRARY = Path(__file__).parents[1] / "fixtures" / "cite" / "library"


@pytest.fixture
def lib_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAIMCHECK_NO_CACHE", raising=False)
    return Path(shutil.copytree(LIBRARY, tmp_path / "library"))


@pytest.fixture
def formatted(monkeypatch) -> list[str]:
    """The keys of the citations handed to citeproc, in order, call after call."""
    seen: list[str] = []
    real = cite.styled

    def counting(citations, style, **kw):
        citations = list(citations)
        seen.extend(c.key for c in citations)
        return real(citations, style, **kw)

    monkeypatch.setattr(cite, "styled", counting)
    return seen


def _all_at_once(lib) -> dict[str, str]:
    cits = list(lib.citations_by_key.values())
    return dict(zip((c.key for c in cits), cite.styled(cits, "vancouver", as_html=True)))


def test_an_unchanged_library_is_formatted_once(lib_dir, formatted):
    lib = load(lib_dir)
    first = refcache.formatted_references(lib)
    assert sorted(formatted) == sorted(lib.citations_by_key)
    assert first == _all_at_once(lib)
    formatted.clear()
    again = refcache.formatted_references(load(lib_dir))
    assert formatted == [] and again == first
    assert list(again) == list(lib.citations_by_key)  # the library's order


def test_a_changed_citation_file_is_formatted_again_and_only_it(lib_dir, formatted):
    refcache.formatted_references(load(lib_dir))
    path = lib_dir / "evidence" / "citations" / "chys-2023-brazjphysther.yaml"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(title, title.rstrip() + " (corrected)", 1), encoding="utf-8")
    formatted.clear()
    lib = load(lib_dir)
    refs = refcache.formatted_references(lib)
    assert formatted == ["chys-2023-brazjphysther"]
    assert "(corrected)" in refs["chys-2023-brazjphysther"]
    assert refs == _all_at_once(lib)


def test_a_touched_file_is_formatted_again(lib_dir, formatted):
    refcache.formatted_references(load(lib_dir))
    path = lib_dir / "evidence" / "citations" / "apta-nd-website.yaml"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    formatted.clear()
    refcache.formatted_references(load(lib_dir))
    assert formatted == ["apta-nd-website"]


def test_the_report_reads_the_cache(lib_dir, formatted, tmp_path):
    report.build_report(load(lib_dir), tmp_path / "site")
    n = len(formatted)
    page = (tmp_path / "site" / "claims" / "neck-pain-fixture.html").read_text(encoding="utf-8")
    report.build_report(load(lib_dir), tmp_path / "site")
    assert n and len(formatted) == n  # the second build ran no citeproc
    assert (tmp_path / "site" / "claims" / "neck-pain-fixture.html").read_text(
        encoding="utf-8") == page


def test_no_cache_formats_every_build_and_writes_nothing(lib_dir, formatted, monkeypatch,
                                                         tmp_path):
    monkeypatch.setenv("CLAIMCHECK_NO_CACHE", "1")
    lib = load(lib_dir)
    refcache.formatted_references(lib)
    refcache.formatted_references(lib)
    assert len(formatted) == 2 * len(lib.citations_by_key)
    assert not (tmp_path / "cache").exists()


def test_a_corrupt_or_foreign_cache_is_ignored(lib_dir, formatted):
    lib = load(lib_dir)
    path = refcache.cache_path(lib.root)
    path.parent.mkdir(parents=True)
    for junk in ("not json", '{"header": ["claimcheck 0.0.0"], "entries": {}}', "[]",
                 '{"header": null, "entries": {"x": 1}}'):
        path.write_text(junk, encoding="utf-8")
        formatted.clear()
        assert refcache.formatted_references(lib) == _all_at_once(lib)
        assert sorted(formatted[:len(lib.citations_by_key)]) == sorted(lib.citations_by_key)
