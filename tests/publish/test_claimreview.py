"""`claimcheck export claimreview`: the JSON-LD has the shape we promise (README), the
verdict scale maps onto the rating, and only known, linkable facts go in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.publish import claimreview
from claimcheck.evidence.grading import grade_claim
from claimcheck.library.loader import load

LIBRARY = Path(__file__).parents[1] / "fixtures" / "cite" / "library"

_ORG = {"type": "object", "required": ["@type", "name"],
        "properties": {"@type": {"const": "Organization"}, "name": {"type": "string",
                                                                     "minLength": 1}}}
_HTTP = {"type": "string", "pattern": "^https?://"}
# The fields we promise, as a JSON Schema; extra schema.org properties are allowed.
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "@graph"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@graph": {"type": "array", "items": {"$ref": "#/$defs/review"}},
    },
    "$defs": {
        "review": {
            "type": "object",
            "required": ["@type", "claimReviewed", "reviewRating", "itemReviewed", "author",
                         "citation"],
            "properties": {
                "@type": {"const": "ClaimReview"},
                "identifier": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                "claimReviewed": {"type": "string", "minLength": 1},
                "author": {**_ORG, "properties": {**_ORG["properties"],
                                                  "name": {"const": "claimcheck"}}},
                "reviewRating": {
                    "type": "object",
                    "required": ["@type", "ratingValue", "bestRating", "worstRating",
                                 "alternateName"],
                    "properties": {
                        "@type": {"const": "Rating"},
                        "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                        "bestRating": {"const": 5}, "worstRating": {"const": 1},
                        "alternateName": {"type": "string", "pattern": "certainty"},
                        "ratingExplanation": {"type": "string"},
                    },
                },
                "itemReviewed": {
                    "type": "object", "required": ["@type", "appearance"],
                    "properties": {
                        "@type": {"const": "Claim"},
                        "appearance": {"type": "array", "minItems": 1,
                                       "items": {"$ref": "#/$defs/appearance"}},
                    },
                },
                "citation": {"type": "array", "items": {"$ref": "#/$defs/work"}},
            },
        },
        "appearance": {
            "type": "object", "required": ["@type", "identifier", "text"],
            "properties": {
                "@type": {"const": "CreativeWork"},
                "identifier": {"type": "string", "pattern": "^[0-9]{3}$"},
                "headline": {"type": "string"},
                "publisher": _ORG,
                "url": _HTTP,
                "text": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            },
            "additionalProperties": False,
        },
        "work": {
            "type": "object", "required": ["@type", "name"],
            "properties": {
                "@type": {"enum": ["ScholarlyArticle", "WebPage", "Report", "Book", "Chapter",
                                   "Thesis"]},
                "name": {"type": "string", "minLength": 1},
                "author": {"type": "array", "items": {
                    "type": "object", "required": ["@type", "name"],
                    "properties": {"@type": {"enum": ["Person", "Organization"]}}}},
                "datePublished": {"type": "string", "pattern": "^[0-9]{4}$"},
                "identifier": {"type": "array", "items": {
                    "type": "object", "required": ["@type", "propertyID", "value"],
                    "properties": {"@type": {"const": "PropertyValue"},
                                   "propertyID": {"enum": ["DOI", "PMID", "PMCID"]},
                                   "value": {"type": "string", "minLength": 1}}}},
                "url": _HTTP,
                "sameAs": {"type": "array", "items": _HTTP},
            },
        },
    },
}


@pytest.fixture(scope="module")
def lib():
    return load(LIBRARY)


def _check(doc) -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_fixture_export_has_the_promised_shape(lib):
    doc = json.loads(claimreview.claimreview_json(lib))
    _check(doc)
    assert [r["identifier"] for r in doc["@graph"]] == list(lib.claims_by_id)


def test_bundled_library_export_has_the_promised_shape(library):
    doc = claimreview.claim_reviews(library)
    _check(doc)
    assert len(doc["@graph"]) == len(library.claims_by_id)


def test_schema_catches_a_wrong_rating():
    bad = {"@context": "https://schema.org", "@graph": [{
        "@type": "ClaimReview", "claimReviewed": "x", "author": claimreview.AUTHOR,
        "reviewRating": {"@type": "Rating", "ratingValue": 7, "bestRating": 5,
                         "worstRating": 1, "alternateName": "x certainty"},
        "itemReviewed": {"@type": "Claim", "appearance": []}, "citation": []}]}
    import jsonschema

    assert len(list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(bad))) == 2


def test_rating_scale_is_ordinal_and_complete():
    from claimcheck.library.model import VERDICT_VALUES

    assert set(claimreview.RATING) == set(VERDICT_VALUES) == set(claimreview.VERDICT_WORDS)
    assert sorted(claimreview.RATING.values()) == [1, 2, 3, 4, 5]
    assert claimreview.RATING["supported"] == 5 and claimreview.RATING["contradicted"] == 1


def test_review_uses_the_final_verdict_and_explains_it(lib):
    review = claimreview.claim_review(lib, "apta-fixture")
    grade = grade_claim(lib, "apta-fixture")
    rating = review["reviewRating"]
    assert grade.verdict == "misleading"  # the curator's override
    assert rating["ratingValue"] == 2
    assert rating["alternateName"].startswith("Misleading: ")
    assert f"({grade.certainty} certainty" in rating["alternateName"]
    assert rating["ratingExplanation"] == "Test fixture summary for the APTA claim."


def test_appearance_and_citations_carry_only_known_linkable_facts(lib):
    review = claimreview.claim_review(lib, "neck-pain-fixture")
    (page,) = review["itemReviewed"]["appearance"]
    assert page == {"@type": "CreativeWork", "identifier": "000",
                    "headline": "Dry Needling 101: What It Is, How It Works, and Who It Helps",
                    "publisher": {"@type": "Organization", "name": "Nordic Performance"},
                    "url": "https://example.com/dry-needling-101",
                    "text": ["Shoulder and neck tightness"]}
    works = {w["name"][:20]: w for w in review["citation"]}
    campa = works["Comparison of Dry Ne"]
    assert campa["@type"] == "ScholarlyArticle"
    assert campa["url"] == "https://doi.org/10.1155/2015/327307"
    assert campa["sameAs"] == ["https://pubmed.ncbi.nlm.nih.gov/26640708/",
                               "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4657116/"]
    assert {i["propertyID"]: i["value"] for i in campa["identifier"]} == {
        "DOI": "10.1155/2015/327307", "PMID": "26640708", "PMCID": "PMC4657116"}
    assert campa["author"][0] == {"@type": "Person", "name": "Campa-Moran I",
                                  "familyName": "Campa-Moran"}
    apta = claimreview.claim_review(lib, "apta-fixture")["citation"]
    web = next(w for w in apta if w["@type"] == "WebPage")
    assert "identifier" not in web and "datePublished" not in web
    assert web["author"] == [{"@type": "Organization",
                              "name": "American Physical Therapy Association"}]


def test_javascript_urls_are_never_passed_on(lib):
    review = claimreview.claim_review(lib, "markup-claim")
    (page,) = review["itemReviewed"]["appearance"]
    assert "url" not in page
    (work,) = review["citation"]
    assert "url" not in work and "sameAs" not in work


def test_cli_export_to_stdout_and_file(run_cli, tmp_path):
    code, out, _ = run_cli("export", "claimreview", "--root", str(LIBRARY))
    assert code == 0
    _check(json.loads(out))
    target = tmp_path / "out" / "reviews.jsonld"
    code, out, err = run_cli("export", "claimreview", "--root", str(LIBRARY),
                             "--out", str(target))
    assert code == 0 and out == "" and "wrote 3 claim reviews" in err
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        claimreview.claimreview_json(load(LIBRARY)))
    assert [p.name for p in target.parent.iterdir()] == ["reviews.jsonld"]  # no temp left


def test_cli_export_unwritable_target(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run_cli("export", "claimreview", "--root", str(LIBRARY),
                             "--out", str(blocker / "reviews.jsonld"))
    assert code == 2 and out == ""
    assert err.startswith(f"Error: {blocker / 'reviews.jsonld'}: cannot write")
