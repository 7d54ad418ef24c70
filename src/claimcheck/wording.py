"""What a claim may honestly say: GRADE informative statements (Santesso et al. 2020).

Certainty sets the verb: high "reduces", moderate "probably reduces", low "may reduce",
very low "we are very uncertain whether ... reduces". A contradicted claim gets the
negative form ("probably does not reduce"). The scope comes from the claim's PICO and
condition and from what grading found (short-term evidence only): population, comparator
and time frame, e.g. "Dry needling may reduce neck pain in the short term compared with
sham needling."
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .grading import grade_claim

if TYPE_CHECKING:  # pragma: no cover
    from .library import Library
    from .model import Claim

_DECREASE = re.compile(r"\b(pain|soreness|disabilit|symptom|stiffness|tension|spasm|"
                       r"headache|frequency of|medication|use of|fatigue)", re.I)
_PREPOSITION = re.compile(r"^(in|during|at|after|within|over|for|up|by|from|on)\b", re.I)
# verb forms: (base, third person, negative)
_VERBS = {"reduce": ("reduce", "reduces"), "improve": ("improve", "improves"),
          "change": ("change", "changes")}


def _verb(claim: "Claim") -> str:
    outcome = claim.pico.outcome or ""
    if claim.kind == "mechanism":
        return "change"
    return "reduce" if _DECREASE.search(outcome) else "improve"


def _timeframe(claim: "Claim", short_only: bool) -> str:
    tf = (claim.pico.timeframe or "").strip().rstrip(".")
    if tf:
        if re.search(r"\bshort[- ]term\b", tf, re.I):
            return "in the short term"
        if re.search(r"\blong[- ]term\b", tf, re.I):
            return "in the long term"
        return tf if _PREPOSITION.match(tf) else f"over {tf}"
    return "in the short term" if short_only else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def informative_statement(lib: "Library", claim_id: str) -> str:
    """One sentence a clinic could publish, worded to the certainty and scope of the evidence."""
    claim = lib.claim(claim_id)
    grade = grade_claim(lib, claim_id)
    intervention = (claim.pico.intervention or "dry needling").strip()
    subject = intervention[:1].upper() + intervention[1:]
    outcome = (claim.pico.outcome or "").strip().rstrip(".")
    usable = [lk for lk in claim.evidence if lk.citation in lib.citations_by_key
              and lk.stance != "background"]

    if not outcome or claim.kind == "framing":
        statement = claim.statement.strip().rstrip(".")
        if not usable:
            return f"We found no studies that show whether {_lower_first(statement)}."
        if grade.verdict == "misleading":
            return (f"As worded, the statement that {_lower_first(statement)} implies more "
                    "than its source shows.")
        if grade.verdict == "contradicted":
            return f"The sources contradict the statement that {_lower_first(statement)}."
        prefix = {"high": "The evidence shows that", "moderate": "The evidence suggests that",
                  "low": "Limited evidence suggests that",
                  "very-low": "We are very uncertain whether"}[grade.certainty]
        return f"{prefix} {_lower_first(statement)}."

    base, third = _VERBS[_verb(claim)]
    scope = []
    if claim.condition and claim.condition.lower() not in outcome.lower():
        scope.append(f"in people with {claim.condition}")
    elif claim.pico.population and claim.kind != "condition" and \
            claim.pico.population.lower() not in outcome.lower():
        scope.append(f"in {claim.pico.population}")
    tf = _timeframe(claim, grade.short_term_only)
    if tf:
        scope.append(tf)
    if claim.pico.comparator:
        scope.append(f"compared with {claim.pico.comparator}")
    tail = (" " + " ".join(scope)) if scope else ""
    what = f"{outcome}{tail}"

    if not usable:
        return (f"We found no studies that show whether {intervention} {third} {what}.")
    negative = grade.verdict == "contradicted"
    if grade.certainty == "very-low":
        return f"We are very uncertain whether {intervention} {third} {what}."
    if negative:
        verb = {"high": f"does not {base}", "moderate": f"probably does not {base}",
                "low": f"may not {base}"}[grade.certainty]
    else:
        verb = {"high": third, "moderate": f"probably {third}",
                "low": f"may {base}"}[grade.certainty]
    return f"{subject} {verb} {what}."
