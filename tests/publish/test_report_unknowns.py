"""The report says 'unknown' where the library holds null, rather than leaving a blank."""

from __future__ import annotations

from claimcheck.publish.report import render_site


def test_null_facts_are_shown_as_unknown(library):
    pages = render_site(library)
    # a journal article without a PMID (a web page or report never has one to be unknown)
    claim = next(c for c in library.iter_claims()
                 if any(library.citations_by_key[link.citation].pmid is None
                        and library.citations_by_key[link.citation].follow_up is None
                        and library.citations_by_key[link.citation].type
                        in ("article-journal", "review")
                        for link in c.evidence if link.citation in library.citations_by_key))
    page = pages[f"claims/{claim.id}.html"]
    assert "PMID unknown" in page
    assert '<span class="muted">unknown</span>' in page
