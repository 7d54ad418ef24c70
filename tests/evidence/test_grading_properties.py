"""Grading never crashes and always speaks the vocabulary, whatever is null or missing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.evidence.grading import best_citations, grade_claim
from claimcheck.evidence.wording import informative_statement
from claimcheck.library.loader import Library
from claimcheck.library.model import (CERTAINTY_VALUES, CLAIM_KIND_VALUES, COMPARATOR_KIND_VALUES,
                              DESIGN_VALUES, DIRECTNESS_VALUES, STANCE_VALUES, VERDICT_VALUES,
                              Citation, Claim)

KEYS = [f"study-{i}" for i in range(5)]
text = st.text(alphabet="abc xyz-", min_size=1, max_size=30).filter(str.strip)

effects = st.fixed_dictionaries({
    "outcome": text, "measure": st.sampled_from(["MD", "SMD", "RR", "incidence per 100", "d"]),
    "estimate": st.floats(-50, 50), "ci_low": st.none() | st.floats(-60, 0),
    "ci_high": st.none() | st.floats(0, 60), "mcid": st.none() | st.floats(0.1, 20),
    "certainty": st.none() | st.sampled_from(CERTAINTY_VALUES),
})
citations = st.fixed_dictionaries({
    "design": st.sampled_from(DESIGN_VALUES),
    "n_participants": st.none() | st.integers(0, 5000),
    "n_studies": st.none() | st.integers(0, 50),
    "comparator_kinds": st.lists(st.sampled_from(COMPARATOR_KIND_VALUES), max_size=3,
                                 unique=True),
    "follow_up_weeks": st.none() | st.floats(0, 104),
    "follow_up": st.none() | text,
    "certainty_reported": st.none() | st.sampled_from(
        ["very low", "low to moderate", "high", "unclear", "moderate (GRADE)"]),
    "risk_of_bias": st.none() | st.fixed_dictionaries({
        "score": st.none() | st.floats(0, 10), "max": st.none() | st.just(10.0),
        "rating": st.none() | st.sampled_from(["low", "some-concerns", "high", "unclear"]),
        "blinded": st.none() | st.booleans()}),
    "retracted": st.booleans(),
    "effects": st.lists(effects, max_size=3),
})
links = st.fixed_dictionaries({
    "citation": st.sampled_from(KEYS + ["missing-study"]),
    "stance": st.sampled_from(STANCE_VALUES),
    "directness": st.sampled_from(DIRECTNESS_VALUES),
    "indirectness": st.lists(st.sampled_from(["animal", "other-technique", "healthy-volunteers"]),
                             max_size=2, unique=True),
})
pico = st.fixed_dictionaries({
    "intervention": st.none() | text, "outcome": st.none() | text,
    "comparator": st.none() | text, "timeframe": st.none() | text,
    "population": st.none() | text,
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(CLAIM_KIND_VALUES), cits=st.lists(citations, max_size=5),
       evidence=st.lists(links, max_size=6, unique_by=lambda lk: lk["citation"]), pico=pico,
       condition=st.none() | text,
       override=st.none() | st.sampled_from(VERDICT_VALUES))
def test_grading_never_crashes(kind, cits, evidence, pico, condition, override):
    by_key = {}
    for key, data in zip(KEYS, cits):
        by_key[key] = Citation.model_validate({"key": key, "title": "t", "findings": "f",
                                               "verified_from": ["https://example.org"], **data})
    assessment = {"summary": "s", "suggested_wording": "w"}
    if override:
        assessment["override"] = {"verdict": override, "reason": "a reason long enough to pass"}
    claim = Claim.model_validate({
        "id": "c", "kind": kind, "statement": "Dry needling does something.",
        "condition": condition, "sources": [{"doc": "001", "quote": "a quote"}], "pico": pico,
        "evidence": evidence, "assessment": assessment})
    lib = Library(root=Path("."), claims_by_id={"c": claim}, citations_by_key=by_key)

    g = grade_claim(lib, "c")
    assert g.verdict in VERDICT_VALUES and g.certainty in CERTAINTY_VALUES
    assert g.computed_verdict in VERDICT_VALUES and g.computed_certainty in CERTAINTY_VALUES
    assert g.reasons and all(isinstance(r, str) and r for r in g.reasons)
    if override:
        assert g.verdict == override
    if not [lk for lk in evidence if lk["citation"] in by_key
            and not by_key[lk["citation"]].retracted and lk["stance"] != "background"]:
        assert (g.computed_verdict, g.computed_certainty) == ("unproven", "very-low")
    assert set(best_citations(lib, "c", n=10)) <= set(by_key)
    assert informative_statement(lib, "c").endswith(".")
