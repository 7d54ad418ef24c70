"""Publishing the wording we suggest must pass lint for that claim."""

from __future__ import annotations

import pytest

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


def test_a_part_of_the_suggested_wording_is_still_the_claim(library):
    # "We are very uncertain whether dry needling improves athletic performance ..." holds
    # the bare claim; a sentence that is only that part has lost the hedge, and is reported
    for text, claim in [
        ("Dry needling improves athletic performance.", "improves-athletic-performance"),
        ("Dry needling reduces the need for pain medication.", "reduces-medication-use"),
    ]:
        assert claim in {f.claim for f in lint_text(library, text, "draft.md").findings}


@pytest.mark.model
def test_each_sentence_of_the_suggested_wording_passes_alone(library):
    # a writer may paste one sentence of the wording we suggest: that sentence is not
    # reported as the claim it words (today none would be even without the own-wording
    # exemption; this guards the promise as phrases and the model change)
    import re

    flagged = []
    for claim in library.iter_claims():
        for sentence in re.split(r"(?<=[.!?])\s+", claim.assessment.suggested_wording.strip()):
            if len(sentence.split()) >= 5 and claim.id in {
                    f.claim for f in lint_text(library, sentence, "part.txt").findings}:
                flagged.append((claim.id, sentence))
    assert flagged == []


def test_a_part_of_a_sentence_of_the_wording_is_not_its_own_wording():
    from claimcheck.lint.linter import _is_own_wording

    wording = ("Dry needling may ease neck pain for a few weeks. We are very uncertain "
               "whether dry needling improves athletic performance; the studies disagree.")
    assert _is_own_wording(wording, wording)
    assert _is_own_wording("Dry needling may ease neck pain for a few weeks.", wording)
    assert _is_own_wording("We are very uncertain whether dry needling improves athletic "
                           "performance; the studies disagree.", wording)
    assert not _is_own_wording("Dry needling improves athletic performance.", wording)
