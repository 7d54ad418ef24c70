"""Every reference of the bundled library in every format, tried as a writer would (issue 13).

Vancouver against Citing Medicine, APA against the APA manual (7th edition), BibTeX read
back by pybtex, RIS by rispy and CSL-JSON by citeproc-py: the goal is no defect on any
reference, so each test walks the whole library.
"""

from __future__ import annotations

import json
import re

import pytest

from claimcheck.library.loader import load
from claimcheck.publish import cite


@pytest.fixture(scope="module")
def cits(library):
    return cite.library_citations(library)


@pytest.fixture(scope="module")
def journals(library):
    return {abbr: j.title for abbr, j in library.journals.items()}


def test_vancouver_as_citing_medicine_writes_it(library):
    text = cite.cite(library, None, "vancouver")
    lines = text.splitlines()
    assert len(lines) == len(library.citations_by_key)
    for line in lines:
        assert "\u2013" not in line or not re.search(r"\d\u2013\d", line), line  # hyphens
        assert not re.search(r"[^.] PubMed PMID", line), line  # a full stop before the PMID
        assert not re.search(r"[?!]\.", line), line
        assert not re.search(r"\[cited \d{4}[A-Z]", line), line


def test_apa_as_the_apa_manual_writes_it(library, cits, journals):
    entries = cite.styled(cits, "apa", journals=journals)
    assert len(entries) == len(cits)
    keys = [cite._apa_sort_key(e) for e in entries]
    assert keys == sorted(keys)  # alphabetical by first word
    for cit in cits:
        entry, = cite.styled([cit], "apa", journals=journals)
        assert "Retrieved http" not in entry
        assert not re.search(r"[?!]\.", entry), entry
        assert entry.count(cit.title.rstrip(".")) == 1, entry  # never the title twice
        full = journals.get(cit.journal or "")
        if full:
            assert full in entry, entry
        if re.search(r"\d[-\u2013]\d", cit.pages or ""):
            first, last = cite.page_range(cit.pages)
            assert f"{first}\u2013{last}" in entry, entry  # full page numbers, en dash
        if cit.publisher and cit.authors == [cit.publisher]:
            assert entry.count(cit.publisher) == 1, entry  # author = publisher: once


def test_apa_without_authors_puts_the_title_first_once(tmp_path):
    lib = load(pytest.importorskip("pathlib").Path(__file__).parents[1] / "fixtures" / "cite"
               / "library")
    entry, = cite.styled([lib.citation("cervicalepiduralhematoma-2011-spine")], "apa",
                         journals={a: j.title for a, j in lib.journals.items()})
    assert entry == ("An Acute Cervical Epidural Hematoma as a Complication of Dry Needling. "
                     "(2011). Spine, 36(13), E891\u2013E893. "
                     "https://doi.org/10.1097/BRS.0b013e3181fc1e38")


def _plain(latex: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text().latex_to_text(latex)


def _top_level_words(latex: str) -> list[str]:
    """Words split at spaces outside braces."""
    words, depth, current = [], 0, ""
    for ch in latex:
        depth += (ch == "{") - (ch == "}")
        if ch == " " and depth == 0:
            words.append(current)
            current = ""
        else:
            current += ch
    return words + [current]


def test_bibtex_round_trip_through_pybtex(library, cits):
    from pybtex.database import parse_string

    data = parse_string(cite.cite(library, None, "bibtex"), "bibtex")
    assert set(data.entries) == {c.key for c in cits}
    for cit in cits:
        entry = data.entries[cit.key]
        title = entry.fields["title"]
        assert _plain(title) == cit.title, cit.key
        # every word with a capital after the first word is protected by braces
        words = _top_level_words(title)
        for i, word in enumerate(words):
            text = _plain(word)
            if any(ch.isupper() for ch in text) and not (i == 0 and
                                                        sum(ch.isupper() for ch in text) == 1):
                assert word.startswith("{") and word.endswith("}"), (cit.key, word)
        assert len(entry.persons.get("author", [])) == len(cit.authors), cit.key


def test_ris_round_trip_through_rispy(library, cits):
    import rispy

    records = {r["id"]: r for r in rispy.loads(cite.cite(library, None, "ris"))}
    assert set(records) == {c.key for c in cits}
    for cit in cits:
        r = records[cit.key]
        assert r["title"] == cit.title
        assert len(r.get("authors", [])) == len(cit.authors)
        assert r.get("doi") == cit.doi
        assert r.get("accession_number") == cit.pmid
        if cit.pages:
            assert r["start_page"] == cite.page_range(cit.pages)[0]


def test_csl_json_round_trip_through_citeproc(library, cits):
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON(json.loads(cite.cite(library, None, "csl-json")))
    for cit in cits:
        ref = source[cit.key.lower()]
        assert str(ref.title) == cit.title
        if cit.doi:
            assert str(ref.DOI) == cit.doi


def test_journals_yaml_is_validated(tmp_path):
    import shutil
    from pathlib import Path

    root = tmp_path / "lib"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "cite" / "library", root)
    (root / "evidence" / "journals.yaml").write_text(
        "Pain Res Treat:\n  title: Pain Research and Treatment\n"
        "Spine (Phila Pa 1976):\n  title: Spine\n  verified_from: [https://example.org/s]\n"
        "  issn: 0362-2436\n", encoding="utf-8")
    lib = load(root)
    found = {(p.field, p.code) for p in lib.problems}
    assert ("Pain Res Treat.verified_from", "missing-field") in found
    assert ("Spine (Phila Pa 1976).issn", "unknown-field") in found
    assert lib.journal_title("Pain Res Treat") is None  # an invalid entry is not used
    (root / "evidence" / "journals.yaml").unlink()
    assert load(root).journals == {}


def test_bundled_journals_are_valid_and_used(library):
    assert library.journals and not [p for p in library.problems if "journals" in p.path]
