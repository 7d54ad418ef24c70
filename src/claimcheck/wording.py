"""What a claim may honestly say: GRADE informative statements (Santesso et al. 2020).

Certainty sets the verb: high "reduces", moderate "probably reduces", low "may reduce",
very low "we are very uncertain whether ... reduces"; a contradicted claim gets the
negative form ("probably does not reduce"). The scope comes from the claim's PICO and
condition and from what grading found (short-term evidence only): population, comparator
and time frame, e.g. "Dry needling may reduce neck pain in the short term compared with
sham needling." Curators write PICO fields as notes, so each is trimmed to its head
(before a semicolon or bracket) to keep the sentence readable.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .grading import grade_claim

if TYPE_CHECKING:  # pragma: no cover
    from .library import Library
    from .model import Claim

# outcomes where less is better ("reduces pain"); anything else is "improved"
_LESS_IS_BETTER = re.compile(r"\b(pain|soreness|disabilit\w*|symptoms?|stiffness|spasms?|"
                             r"headaches?|migraines?|medication|tension|tenderness)\b", re.I)
_MORE_IS_BETTER = re.compile(r"\b(quality|function\w*|range|strength|sleep|mood|performance|"
                             r"threshold|mobility|recovery|return|flexibility|activity)\b", re.I)
_PREPOSITION = re.compile(r"^(in|during|at|after|within|over|for|up to|by|from|on|until)\b",
                          re.I)
_SHORT = re.compile(r"\b(short[- ]term|immediate\w*|end of treatment|post[- ]?treatment|"
                    r"hours?|days?|[1-9]|1[0-2]) ?(weeks?)?\b", re.I)
_LONG = re.compile(r"\b(long[- ]term|years?|(1[3-9]|[2-9]\d) weeks|([6-9]|1\d) months)\b", re.I)
_MAX_WORDS = 10
# kinds whose claims are about an effect on an outcome; the others are worded from the
# statement itself (a mechanism, a safety figure, a dose, a framing)
_EFFECT_KINDS = {"efficacy", "condition", "comparative"}
_LASTING = re.compile(r"\b(lasting|long[- ]term|permanent)\b", re.I)


def _head(text: str | None, max_words: int = _MAX_WORDS) -> str:
    """The leading phrase of a curator's note: before any bracket, semicolon or colon, and
    cut at a comma once it grows past ``max_words``."""
    if not text:
        return ""
    head = re.split(r"\s*[(;:\[]", text.strip(), maxsplit=1)[0].strip().rstrip(".,")
    kept: list[str] = []
    for part in head.split(", "):
        if kept and len(" ".join(kept + [part]).split()) > max_words:
            break
        kept.append(part)
    return re.sub(r"\s+(or|and)$", "", ", ".join(kept))


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():  # an acronym such as NIH or APTA
        return text
    return text[:1].lower() + text[1:]


def _verb(claim: "Claim", outcome: str) -> tuple[str, str]:
    if claim.kind == "mechanism":
        return "change", "changes"
    if _LESS_IS_BETTER.search(outcome) and not _MORE_IS_BETTER.search(outcome):
        return "reduce", "reduces"
    return "improve", "improves"


def _timeframe(claim: "Claim", short_only: bool) -> str:
    tf = _head(claim.pico.timeframe)
    short, long = bool(tf and _SHORT.search(tf)), bool(tf and _LONG.search(tf))
    if short_only or (short and not long):
        return "in the short term"
    if long and not short:
        return "in the long term"
    if short and long:
        return ""  # the claim spans both; the scope is in the grading reasons
    if tf and _PREPOSITION.match(tf):
        return tf
    return ""


def _subject(claim: "Claim") -> str:
    intervention = re.split(r",", _head(claim.pico.intervention), maxsplit=1)[0].strip()
    return intervention or "dry needling"


def informative_statement(lib: "Library", claim_id: str) -> str:
    """One sentence a clinic could publish, worded to the certainty and scope of the evidence."""
    claim = lib.claim(claim_id)
    grade = grade_claim(lib, claim_id)
    intervention = _subject(claim)
    subject = intervention[:1].upper() + intervention[1:]
    intervention = _lower_first(intervention)
    outcome = _head(claim.pico.outcome)
    usable = [lk for lk in claim.evidence if lk.citation in lib.citations_by_key
              and lk.stance != "background"]

    if not outcome or claim.kind not in _EFFECT_KINDS:
        statement = _lower_first(claim.statement.strip().rstrip("."))
        if not usable:
            return f"We found no studies that show whether {statement}."
        if grade.verdict == "misleading":
            shows = "its source shows" if claim.kind == "framing" else "the evidence shows"
            return f"As worded, the statement that {statement} implies more than {shows}."
        if grade.verdict == "contradicted":
            return f"The evidence contradicts the statement that {statement}."
        prefix = {"high": "The evidence shows that", "moderate": "The evidence suggests that",
                  "low": "Limited evidence suggests that",
                  "very-low": "We are very uncertain whether"}[
            "very-low" if grade.verdict == "unproven" else grade.certainty]
        return f"{prefix} {statement}."

    base, third = _verb(claim, outcome)
    scope = []
    condition = _head(claim.condition) if claim.condition else ""
    if condition and condition.lower() not in outcome.lower():
        scope.append(f"in people with {condition}")
    elif claim.kind != "condition" and claim.pico.population:
        population = _head(claim.pico.population)
        if population.lower() not in outcome.lower():
            scope.append(population if _PREPOSITION.match(population) else f"in {population}")
    lasting = grade.verdict == "misleading" and _LASTING.search(
        f"{claim.statement} {claim.pico.timeframe or ''}")
    tf = "in the short term" if lasting else _timeframe(claim, grade.short_term_only)
    if tf:
        scope.append(tf)
    comparator = _head(claim.pico.comparator)
    if comparator:
        scope.append(f"compared with {comparator}")
    what = " ".join([outcome, *scope])

    if not usable:
        return f"We found no studies that show whether {intervention} {third} {what}."
    if grade.certainty == "very-low" or grade.verdict == "unproven":
        return f"We are very uncertain whether {intervention} {third} {what}."
    if grade.verdict == "misleading" and not lasting:
        statement = _lower_first(claim.statement.strip().rstrip("."))
        return f"As worded, the statement that {statement} implies more than the evidence shows."
    if grade.verdict == "contradicted":
        verb = {"high": f"does not {base}", "moderate": f"probably does not {base}",
                "low": f"may not {base}"}[grade.certainty]
    else:
        verb = {"high": third, "moderate": f"probably {third}",
                "low": f"may {base}"}[grade.certainty]
    tail = "; a lasting effect has not been shown" if lasting else ""
    return f"{subject} {verb} {what}{tail}."
