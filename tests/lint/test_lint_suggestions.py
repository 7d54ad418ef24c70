"""Publishing the wording we suggest must pass lint for that claim."""

from __future__ import annotations

from claimcheck.lint.linter import lint_text


def test_suggested_wording_is_not_reported_as_its_own_claim(library):
    flagged = []
    for claim in library.iter_claims():
        report = lint_text(library, claim.assessment.suggested_wording, "suggestion.txt")
        if any(f.claim == claim.id for f in report.findings):
            flagged.append(claim.id)
    assert flagged == []


def test_suggested_wording_passes_the_gate(library):
    """The curated wording is the fix offered when no edit of a sentence is honest: pasted
    as it stands, it must neither fail nor warn, whatever claim lint reads in it."""
    flagged = {}
    for claim in library.iter_claims():
        report = lint_text(library, claim.assessment.suggested_wording, "suggestion.txt")
        bad = [f"{f.claim}: {f.severity}" for f in report.findings if f.severity != "ok"]
        if bad:
            flagged[claim.id] = bad
    assert flagged == {}


def test_the_claim_itself_is_still_reported(library):
    report = lint_text(library, "Dry needling releases endorphins, your body's natural "
                                "painkillers, so you leave feeling great.", "draft.md")
    assert "endorphin-release" in {f.claim for f in report.findings}
