"""`claimcheck cite`: CSL-JSON items, the formats built from them, and the command.

The fixture library (tests/fixtures/cite/library) holds real citation records copied from
the bundled library (MEDLINE-style initials, accents, collective authors, a web page, a
report, PMID/PMCID/DOI present and absent) plus one synthetic record full of markup.
Golden files pin the Vancouver and APA output; set CLAIMCHECK_UPDATE_GOLDEN=1 to rewrite
them, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimcheck.publish import cite
from claimcheck.library.loader import load

FIXTURES = Path(__file__).parents[1] / "fixtures"
LIBRARY = FIXTURES / "cite" / "library"
GOLDEN = FIXTURES / "cite" / "golden"


@pytest.fixture(scope="module")
def lib():
    return load(LIBRARY)


@pytest.fixture(scope="module")
def csl_schema():
    return json.loads((FIXTURES / "csl-data.json").read_text(encoding="utf-8"))


def _validate_csl(items, schema) -> None:
    import jsonschema

    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(items), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("name, expected", [
    ("Chys M", {"family": "Chys", "given": "M."}),
    ("De Meulemeester K", {"family": "De Meulemeester", "given": "K."}),
    ("Sendarrubias GMG", {"family": "Sendarrubias", "given": "G. M. G."}),
    ("De Toro García Á", {"family": "De Toro García", "given": "Á."}),
    ("Fernández-de-Las-Peñas C", {"family": "Fernández-de-Las-Peñas", "given": "C."}),
    ("American Physical Therapy Association",
     {"literal": "American Physical Therapy Association"}),
    ("Irish Society of Chartered Physiotherapists",
     {"literal": "Irish Society of Chartered Physiotherapists"}),
    ("WHO", {"literal": "WHO"}),
])
def test_split_name(name, expected):
    assert cite.split_name(name) == expected


def test_csl_item_invents_nothing(lib):
    web = cite.csl_item(lib.citation("apta-nd-website"))
    assert web["type"] == "webpage"
    assert web["author"] == [{"literal": "American Physical Therapy Association"}]
    assert web["URL"] == "https://apta.org/patient-care/interventions/dry-needling"
    for absent in ("PMID", "PMCID", "DOI", "issued", "container-title", "volume", "page"):
        assert absent not in web
    assert cite.csl_item(lib.citation("apta-2012-resourcepaper"))["type"] == "report"
    chys = cite.csl_item(lib.citation("chys-2023-brazjphysther"))
    assert (chys["PMID"], chys["DOI"], chys["issued"]) == (
        "36709694", "10.1016/j.bjpt.2023.100481", {"date-parts": [[2023]]})
    assert "PMCID" not in chys
    assert cite.csl_item(lib.citation("campamoran-2015-painrestreat"))["PMCID"] == "PMC4657116"


def test_csl_json_validates_against_official_schema(lib, csl_schema):
    items = json.loads(cite.cite(lib, None, "csl-json"))
    assert [i["id"] for i in items] == [c.key for c in cite.library_citations(lib)]
    _validate_csl(items, csl_schema)


def test_bundled_library_csl_json_validates(library, csl_schema):
    _validate_csl(json.loads(cite.cite(library, None, "csl-json")), csl_schema)


def test_schema_rejects_a_bad_item(csl_schema):
    import jsonschema

    bad = [{"id": "x", "type": "journal-article", "author": [{"surname": "X"}]}]
    assert list(jsonschema.Draft7Validator(csl_schema).iter_errors(bad))


def _parse_bibtex(text: str):
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    # names are split before any LaTeX decoding: decoding first would drop the braces that
    # keep a collective author in one piece, as BibTeX itself would not
    parsed = bibtexparser.parse_string(
        text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    assert not parsed.failed_blocks, [b.error for b in parsed.failed_blocks]
    return {e.key: e for e in parsed.entries}


def _text(latex) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    if isinstance(latex, list):
        latex = " ".join(latex)
    return LatexNodes2Text().latex_to_text(latex)


def test_bibtex_parses_and_keeps_names_and_identifiers(lib):
    entries = _parse_bibtex(cite.cite(lib, None, "bibtex"))
    assert list(entries) == [c.key for c in cite.library_citations(lib)]
    chys = entries["chys-2023-brazjphysther"]
    assert chys.entry_type == "article"
    assert chys["doi"] == "10.1016/j.bjpt.2023.100481" and chys["pmid"] == "36709694"
    assert "pmcid" not in chys.fields_dict
    names = chys["author"]
    assert (names[0].last, names[0].first) == (["Chys"], ["M."])
    assert (names[3].last, names[3].first) == (["Sendarrubias"], ["G.", "M.", "G."])
    assert names[6].last == ["De", "Meulemeester"] or names[6].von + names[6].last == [
        "De", "Meulemeester"]
    menendez = entries["menendeztorre-2023-chiroprmantherap"]["author"][0]
    assert (_text(menendez.last), _text(menendez.first)) == ("Menéndez-Torre", "Á.")
    assert entries["campamoran-2015-painrestreat"]["pmcid"] == "PMC4657116"
    report = entries["apta-2012-resourcepaper"]
    assert report.entry_type == "techreport"
    # a collective author stays one name, braced, never "Affairs, American Physical ..."
    assert [_text(n.last) for n in report["author"]] == [
        "American Physical Therapy Association, Department of Practice and State "
        "Government Affairs"]
    assert [n.first for n in report["author"]] == [[]]
    assert entries["apta-nd-website"].entry_type == "misc"
    markup = entries["markup-test-citation"]
    assert "Toxins & {braces} 50% of_the" in _text(markup["title"])


def test_bundled_library_bibtex_parses(library):
    entries = _parse_bibtex(cite.cite(library, None, "bibtex"))
    assert len(entries) == len(library.citations_by_key)


def test_ris_parses_with_rispy(lib):
    import rispy

    records = {r["id"]: r for r in rispy.loads(cite.cite(lib, None, "ris"))}
    assert list(records) == [c.key for c in cite.library_citations(lib)]
    campa = records["campamoran-2015-painrestreat"]
    assert campa["type_of_reference"] == "JOUR"
    assert campa["authors"][:2] == ["Campa-Moran, I.", "Rey-Gudin, E."]
    assert campa["doi"] == "10.1155/2015/327307"
    assert campa["accession_number"] == "26640708" and campa["custom2"] == "PMC4657116"
    chys = records["chys-2023-brazjphysther"]
    assert "Sendarrubias, G.M.G." in chys["authors"] and "custom2" not in chys
    assert records["apta-nd-website"]["type_of_reference"] == "ELEC"
    assert records["apta-nd-website"]["authors"] == ["American Physical Therapy Association"]
    report = records["apta-2012-resourcepaper"]
    assert report["type_of_reference"] == "RPRT"
    assert report["authors"] == ["American Physical Therapy Association. Department of "
                                 "Practice and State Government Affairs"]
    assert "accession_number" not in report and "doi" not in report


def test_bundled_library_ris_parses(library):
    import rispy

    assert len(rispy.loads(cite.cite(library, None, "ris"))) == len(library.citations_by_key)


@pytest.mark.parametrize("pages, expected", [
    ("944-55", ("944", "955")), ("100481", ("100481", None)), ("e123-e130", ("e123", "e130")),
    ("1-9", ("1", "9")), ("E891-3", ("E891", "E893")), ("144-152.e2", ("144", "152.e2")),
])
def test_page_range_expands_medline_abbreviations(pages, expected):
    assert cite.page_range(pages) == expected


GOLDEN_NAMES = {"vancouver": "all.vancouver.txt", "apa": "all.apa.txt",
                "bibtex": "all.bib", "ris": "all.ris", "csl-json": "all.csl.json"}


@pytest.mark.parametrize("fmt", list(GOLDEN_NAMES))
def test_styles_golden(lib, fmt):
    text = cite.cite(lib, None, fmt)
    golden = GOLDEN / GOLDEN_NAMES[fmt]
    if os.environ.get("CLAIMCHECK_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_vancouver_has_identifiers_only_where_known(lib):
    lines = cite.cite(lib, "neck-pain-fixture", "vancouver").splitlines()
    campa, chys = lines[0], lines[1]
    assert campa.startswith("1. Campa-Moran I, Rey-Gudin E,")
    assert "doi:10.1155/2015/327307" in campa and "PMID: 26640708" in campa
    assert "PMCID: PMC4657116" in campa
    assert "PMID: 36709694" in chys and "PMCID" not in chys
    web = cite.cite(lib, "apta-fixture", "vancouver")
    assert "PMID" not in web and "doi" not in web


def test_a_non_http_url_is_left_out_of_every_format(lib):
    markup = [lib.citation("markup-test-citation")]
    assert lib.citation("markup-test-citation").url.startswith("javascript:")
    for fmt in cite.FORMATS:
        assert "javascript" not in cite.format_citations(markup, fmt), fmt


def test_html_bibliography_escapes_library_text(lib):
    entries = cite.styled([lib.citation("markup-test-citation")], "vancouver", as_html=True)
    assert len(entries) == 1
    assert "<script" not in entries[0] and "<img" not in entries[0]
    assert "&lt;script&gt;" in entries[0]


def test_cli_cite_formats(run_cli):
    code, out, err = run_cli("cite", "neck-pain-fixture", "--root", str(LIBRARY))
    assert code == 0 and out.startswith("1. Campa-Moran I") and not err
    code, out, _ = run_cli("cite", "--all", "--format", "csl-json", "--root", str(LIBRARY))
    assert code == 0 and len(json.loads(out)) == 8


def test_cli_unknown_claim_is_a_usage_error(run_cli):
    code, out, err = run_cli("cite", "no-such-claim", "--root", str(LIBRARY))
    assert (code, out) == (2, "")
    assert err == "Error: unknown claim 'no-such-claim' (see the files in claims/)\n"


def test_cli_needs_claim_or_all(run_cli):
    code, _, err = run_cli("cite", "--root", str(LIBRARY))
    assert code == 2 and "give one CLAIM id, or --all" in err
    code, _, err = run_cli("cite", "neck-pain-fixture", "--all", "--root", str(LIBRARY))
    assert code == 2


@pytest.mark.parametrize("ctype", ["article-journal", "review", "book", "chapter", "report",
                                   "webpage", "thesis"])
def test_minimal_citation_of_every_type_formats(ctype, csl_schema):
    """A citation with nothing but the required fields goes through every format."""
    import bibtexparser
    import rispy

    from claimcheck.library.model import Citation

    cit = Citation(key="minimal-2000-x", type=ctype, title="A title", design="web-page",
                   verified_from=["https://example.org/x"], findings="None.")
    _validate_csl([cite.csl_item(cit)], csl_schema)
    for style in ("vancouver", "apa"):
        (entry,) = cite.styled([cit], style)
        assert "A title" in entry
    assert not bibtexparser.parse_string(cite.bibtex([cit])).failed_blocks
    assert rispy.loads(cite.ris([cit]))[0]["title"] == "A title"
