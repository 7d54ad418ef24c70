"""PubMed XML -> PubMedRecord on fixture files, text cleaning, dates, and offline DTD handling."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings, strategies as st

from claimcheck.pubmed import xmlparse as entrez_xml
from claimcheck.pubmed.records import (clean_text, parse_xml, parse_year, read_record, split_articles,
                               wrap_article)
from tests.support.eutils_server import FIXTURES, PUBMED_PROLOG, guard_network


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    return guard_network(monkeypatch)


def record(pmid: str):
    return read_record(FIXTURES / f"{pmid}.xml")


def test_real_shelf_records_parse_to_their_curated_facts():
    chou = record("23346211")
    assert chou.title == "Probable mechanisms of needling therapies for myofascial pain control."
    assert (chou.pmcid, chou.doi, chou.year) == ("PMC3549415", "10.1155/2012/705327", 2012)
    assert chou.authors == ("Chou LW",)
    assert chou.journal == "Evid Based Complement Alternat Med"
    lancet = record("6107591")
    assert (lancet.volume, lancet.issue, lancet.pages, lancet.year) == ("2", "8201", "946-9", 1980)
    assert lancet.doi == "10.1016/s0140-6736(80)92106-6"
    assert lancet.authors == () and lancet.abstract == ""


def test_inline_markup_mathml_entities_and_escaped_less_than():
    r = record("900000001")
    assert r.title == ("Synthetic record: needling of Musculus synthetica changes H2O content "
                       "(P<0.001) when n=12 & more.")
    assert r.abstract_sections == (
        ("BACKGROUND", "Synthetic background with bold and 2 superscript."),
        ("METHODS", "Synthetic methods; dose 5 mg."),
        ("RESULTS", "Difference of 1.5 points (P < 0.05; 95% CI 0.2 to 2.8)."),
        ("CONCLUSIONS", "Synthetic conclusion."),
    )
    assert r.abstract.splitlines()[2] == "RESULTS: Difference of 1.5 points (P < 0.05; 95% CI 0.2 to 2.8)."
    assert r.authors == ("Fixture A", "Example BC Jr")
    assert r.mesh_headings == ("Dry Needling", "Humans", "Musculoskeletal Pain")
    assert r.publication_types == ("Randomized Controlled Trial", "Journal Article")
    assert (r.pmcid, r.doi, r.volume, r.issue, r.pages) == (
        "PMC900000001", "10.0000/synthetic.0001", "12", "3", "101-109")
    assert not (r.retracted or r.is_retraction_notice or r.has_expression_of_concern)


def test_medline_date_collective_author_non_ascii_no_abstract():
    r = record("900000002")
    assert r.year == 2019 and r.pub_date == "2019 Jan-Feb"
    assert r.authors == ("Synthetic Needling Trial Group", "Ñúñez-Ørsted Z")
    assert "aiguille sèche" in r.title and "β-endorphine" in r.title and "—" in r.title
    assert r.abstract == "" and r.abstract_sections == () and r.doi is None


def test_retracted_paper_and_its_notice():
    paper, notice = record("900000003"), record("900000004")
    assert paper.retracted and paper.has_retraction_notice
    assert paper.retraction_notices == ("900000004",) and paper.errata == ("900000007",)
    assert paper.year == 2015 and paper.pub_date == "2015 Summer"
    assert not notice.retracted and notice.is_retraction_notice
    assert notice.retraction_of == ("900000003",)


def test_expression_of_concern_and_mathml_in_abstract():
    r = record("900000005")
    assert r.expression_of_concern == ("900000008",) and not r.retracted
    assert r.year == 2001 and r.pub_date == "Summer 2001"
    assert r.title == "Synthetic record: an expression of concern about the x2 estimate."
    assert r.abstract == "OBJECTIVE: Synthetic objective with α<0.05."


def test_book_record():
    r = record("900000006")
    assert r.book and r.title == "Synthetic record: chapter one."
    assert r.authors == ("Author T",) and r.year == 2020
    assert r.journal_title == "Synthetic record: a book about needling"


def test_split_and_wrap_keep_each_record_byte_for_byte():
    body = PUBMED_PROLOG + b"<PubmedArticleSet>\n" + b"\n".join(
        split_articles((FIXTURES / f"{p}.xml").read_bytes())[1][p]
        for p in ("900000003", "900000006")) + b"\n</PubmedArticleSet>\n"
    prolog, raw = split_articles(body)
    assert set(raw) == {"900000003", "900000006"}  # the first PMID, not the linked notice's
    assert prolog == PUBMED_PROLOG
    doc = wrap_article(prolog, raw["900000003"], "fetched -- by a test")
    assert raw["900000003"] in doc
    [rec] = parse_xml(doc)
    assert rec.pmid == "900000003" and rec.retracted


def test_as_dict_is_json_ready():
    import json

    d = record("900000001").as_dict()
    assert json.loads(json.dumps(d))["abstract_sections"][0]["label"] == "BACKGROUND"


# -- offline DTD handling ---------------------------------------------------------------------
def test_unknown_future_pubmed_dtd_falls_back_to_bundled_without_network(_offline):
    data = (FIXTURES / "900000001.xml").read_bytes().replace(b"pubmed_250101", b"pubmed_270101")
    [r] = parse_xml(data)
    assert r.pmid == "900000001" and "P<0.001" in r.title
    assert _offline == []


def test_unknown_non_pubmed_dtd_fails_closed(_offline):
    data = (b'<?xml version="1.0" ?>\n<!DOCTYPE eFetchResult PUBLIC "-//NLM//DTD efetch '
            b'20131226//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
            b"<eFetchResult><ERROR>x</ERROR></eFetchResult>")
    with pytest.raises(entrez_xml.UnknownDTD):
        entrez_xml.read(data)
    assert _offline == []


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "../../etc/passwd">]>',
    b'<!DOCTYPE PubmedArticleSet SYSTEM "https://evil.example.com/pubmed_250101x.dtd">',
])
def test_external_entities_are_never_resolved(doctype, _offline):
    data = b'<?xml version="1.0" ?>\n' + doctype + b"\n<PubmedArticleSet>&x;</PubmedArticleSet>"
    with pytest.raises(Exception):
        entrez_xml.read(data)
    assert _offline == []


def test_billion_laughs_is_refused():
    from Bio.Entrez.Parser import CorruptedXMLError

    ents = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    data = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY l0 "ha">' + ents
            + ']>\n<PubmedArticleSet>&l9;</PubmedArticleSet>').encode()
    with pytest.raises((CorruptedXMLError, entrez_xml.UnknownDTD, ValueError)):
        entrez_xml.read(data)


def test_user_dtd_cache_is_not_in_home(tmp_path):
    # A fresh process: in this one Bio.Entrez.Parser is already imported (guard_network), and
    # importing it is what creates ~/.config/biopython.
    import os
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from claimcheck.pubmed.records import read_record; "
            "print(read_record(Path(sys.argv[1])).pmid)")
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "6107591.xml")], env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout == "6107591\n"
    assert list(tmp_path.iterdir()) == []


# -- text cleaning and dates (properties) -----------------------------------------------------
_plain = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@given(st.lists(st.tuples(_plain, st.sampled_from(["", "i", "b", "sub", "sup", "u"])),
                max_size=6))
@settings(max_examples=150, deadline=None)
def test_clean_text_drops_markup_and_keeps_every_character(parts):
    # what Bio.Entrez hands us with escape=True: text escaped, inline tags kept
    marked = "".join(html.escape(t, quote=False) if not tag else
                     f"<{tag}>{html.escape(t, quote=False)}</{tag}>" for t, tag in parts)
    expected = " ".join("".join(t for t, _ in parts).split())
    import unicodedata

    assert clean_text(marked) == " ".join(unicodedata.normalize("NFC", expected).split())


@given(_plain)
@settings(max_examples=150, deadline=None)
def test_clean_text_is_idempotent_on_escaped_text(text):
    once = clean_text(html.escape(text, quote=False))
    assert clean_text(html.escape(once, quote=False)) == once
    assert "  " not in once and once == once.strip()


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_SEASONS = ["Spring", "Summer", "Autumn", "Fall", "Winter"]


@given(st.integers(1800, 2099), st.sampled_from(_MONTHS), st.sampled_from(_MONTHS),
       st.sampled_from(_SEASONS), st.integers(1, 28))
def test_parse_year_medline_date_shapes(year, m1, m2, season, day):
    for text in (f"{year} {m1}-{m2}", f"{year} {m1} {day}-{m2} {day}", f"{year}-{year + 1}",
                 f"{season} {year}", f"{year} {season}", f"{year} {m1}-{year + 1} {m2}",
                 f"{year} Dec-{year + 1} Jan"):
        assert parse_year({"MedlineDate": text}) == year
    assert parse_year({"Year": str(year), "Month": m1}) == year


@given(st.text(max_size=40))
def test_parse_year_never_raises(text):
    y = parse_year({"MedlineDate": text})
    assert y is None or 1500 <= y <= 2099


def test_parse_year_without_a_year():
    assert parse_year({}) is None and parse_year({"MedlineDate": "Summer"}) is None
