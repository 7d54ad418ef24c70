"""schema.org ClaimReview JSON-LD: one review per claim, for publishers and fact-checkers.

A ClaimReview says what was claimed (``claimReviewed``), where (``itemReviewed``, a
``Claim`` whose ``appearance`` lists the marketing pages with the quoted words), how
it rates (``reviewRating``) and on what evidence (``citation``). Our five verdicts are
ordinal, so they map onto a 1-5 rating (5 = best supported); ``alternateName`` says the
verdict and its certainty in words, which is what fact-check readers are shown.

Only known facts go in: a source page without a URL has no ``url``, a citation without a
PMID has no PubMed link. No ``datePublished`` is written because the library records no
review date; a publisher adds its own when it posts the review. ``dateModified`` is the date
the claim's evidence was last known complete (``claimcheck.evidence.staleness.evidence_date``:
the last ``watch`` that left nothing waiting), when known.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .cite import doi_url, http_url, pmc_url, pubmed_url, split_name
from ..errors import OutputError
from ..library.files import atomic_write_text
from ..library.model import Citation

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library

WORST, BEST = 1, 5
RATING = {"contradicted": 1, "misleading": 2, "unproven": 3, "partly-supported": 4,
          "supported": 5}
VERDICT_WORDS = {
    "supported": "Supported: the evidence backs the claim as worded",
    "partly-supported": "Partly supported: the evidence backs only part of the claim, or a "
                        "narrower version of it",
    "unproven": "Unproven: the evidence is too weak, too indirect or too scarce to back the "
                "claim",
    "contradicted": "Contradicted: the better evidence points the other way",
    "misleading": "Misleading: the claim misrepresents what the evidence or its source shows",
}
AUTHOR = {"@type": "Organization", "name": "claimcheck"}


def _person_or_org(name: str) -> dict:
    parts = split_name(name)
    if "literal" in parts:
        return {"@type": "Organization", "name": parts["literal"]}
    return {"@type": "Person", "name": name, "familyName": parts["family"]}


def citation_node(cit: Citation) -> dict:
    """A cited work as schema.org: ScholarlyArticle, Report or WebPage with identifiers."""
    kind = {"webpage": "WebPage", "report": "Report", "book": "Book",
            "chapter": "Chapter", "thesis": "Thesis"}.get(cit.type, "ScholarlyArticle")
    node: dict = {"@type": kind, "name": cit.title}
    if cit.authors:
        node["author"] = [_person_or_org(a) for a in cit.authors]
    if cit.year is not None:
        node["datePublished"] = str(cit.year)
    if cit.journal:
        node["isPartOf"] = {"@type": "Periodical", "name": cit.journal}
    if cit.publisher:
        node["publisher"] = {"@type": "Organization", "name": cit.publisher}
    ids = [{"@type": "PropertyValue", "propertyID": name, "value": value}
           for name, value in (("DOI", cit.doi), ("PMID", cit.pmid), ("PMCID", cit.pmcid))
           if value]
    if ids:
        node["identifier"] = ids
    links = [u for u in (cit.doi and doi_url(cit.doi), cit.pmid and pubmed_url(cit.pmid),
                         cit.pmcid and pmc_url(cit.pmcid)) if u]
    own = http_url(cit.url)
    url = links[0] if links else own
    if url:
        node["url"] = url
    same = [u for u in links + ([own] if own else []) if u != url]
    if same:
        node["sameAs"] = list(dict.fromkeys(same))
    return node


def _appearances(lib: "Library", claim) -> list[dict]:
    """One CreativeWork per source document, with every quote of the claim from it."""
    quotes: dict[str, list[str]] = {}
    for s in claim.sources:
        quotes.setdefault(s.doc, []).append(s.quote)
    works = []
    for doc_id, texts in quotes.items():
        doc = lib.sources_by_id.get(doc_id)
        work: dict = {"@type": "CreativeWork", "identifier": doc_id}
        if doc is not None:
            work["headline"] = doc.title
            if doc.publisher:
                work["publisher"] = {"@type": "Organization", "name": doc.publisher}
            if http_url(doc.url):
                work["url"] = http_url(doc.url)
        work["text"] = texts
        works.append(work)
    return works


def claim_review(lib: "Library", claim_id: str) -> dict:
    """The ClaimReview of one claim (without ``@context``)."""
    from ..evidence.grading import best_citations, grade_claim
    from ..evidence.staleness import evidence_date

    claim = lib.claim(claim_id)
    grade = grade_claim(lib, claim_id)
    rating = {"@type": "Rating", "ratingValue": RATING[grade.verdict], "bestRating": BEST,
              "worstRating": WORST,
              "alternateName": f"{VERDICT_WORDS[grade.verdict]} ({grade.certainty} "
                               "certainty of evidence)."}
    if claim.assessment.summary:
        rating["ratingExplanation"] = claim.assessment.summary
    keys = best_citations(lib, claim_id, n=len(claim.evidence))
    review = {
        "@type": "ClaimReview",
        "identifier": claim.id,
        "claimReviewed": claim.statement,
        "author": AUTHOR,
        "reviewRating": rating,
        "itemReviewed": {"@type": "Claim", "appearance": _appearances(lib, claim)},
        "citation": [citation_node(lib.citations_by_key[k]) for k in keys],
    }
    modified = _iso_date(evidence_date(lib, claim_id))
    if modified:
        review["dateModified"] = modified
    return review


def _iso_date(text: str | None) -> str | None:
    """``YYYY-MM-DD`` from a stamp or date the library holds; None when it is not one."""
    import re

    m = re.match(r"^(\d{4})[-/](\d{2})[-/](\d{2})", (text or "").strip())
    return "-".join(m.groups()) if m else None


def claim_reviews(lib: "Library") -> dict:
    """Every claim's review as one JSON-LD document (``@graph``)."""
    return {"@context": "https://schema.org",
            "@graph": [claim_review(lib, cid) for cid in lib.claims_by_id]}


def claimreview_json(lib: "Library") -> str:
    return json.dumps(claim_reviews(lib), indent=2, ensure_ascii=False) + "\n"


def write_claimreview(lib: "Library", out: str | os.PathLike) -> int:
    """Write the JSON-LD to ``out`` atomically; returns the number of reviews."""
    text = claimreview_json(lib)
    try:
        atomic_write_text(Path(out), text)
    except OSError as exc:
        raise OutputError(out, f"cannot write: {exc.strerror or exc}") from None
    return len(lib.claims_by_id)
