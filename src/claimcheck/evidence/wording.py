"""What a claim may honestly say: GRADE informative statements (Santesso et al. 2020).

Certainty sets the verb: high "reduces", moderate "probably reduces", low "may reduce",
very low "we are very uncertain whether ... reduces"; a contradicted claim gets the
negative form ("probably does not reduce"). The scope comes from the claim's PICO and
condition and from what grading found (short-term evidence only): population, comparator
and time frame, e.g. "Dry needling may reduce neck pain in the short term compared with
sham needling." Curators write PICO fields as notes, so each is trimmed to its head
(asides in brackets dropped, cut at a semicolon, a long list cut after whole items) and
its list given a conjunction. An outcome list can take two verbs: "may reduce pain and
improve function".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .grading import grade_claim

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library
    from ..library.model import Claim

# Which way an outcome should move. Words of the "more is better" list win inside one
# item ("pressure pain threshold"), and "time to ..." is always better shorter.
_LESS_IS_BETTER = re.compile(r"\b(pain|soreness|disabilit\w*|symptoms?|stiffness|spasms?|"
                             r"headaches?|migraines?|medication|tension|tenderness|tightness|"
                             r"fatigue|anxiety|depression|numbness|incidence|injur\w*|"
                             r"re-injur\w*|costs?|absence|use of|time to)\b", re.I)
_MORE_IS_BETTER = re.compile(r"\b(quality|function\w*|range|strength|grip|sleep|mood|"
                             r"performance|threshold|mobility|recovery|return|flexibility|"
                             r"activity|opening|movement|qalys?)\b", re.I)
_TIME_TO = re.compile(r"\btime to\b", re.I)
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


def _items(text: str | None, max_words: int = _MAX_WORDS) -> tuple[list[str], str | None]:
    """The leading list of a curator's note and the conjunction it used ("and"/"or", None
    when it had none or was cut short). Asides in brackets are dropped, the note ends at a
    semicolon or colon, and a long list is cut after whole items once past ``max_words``."""
    if not text:
        return [], None
    text = re.sub(r"\s*\([^()]*\)", "", text.strip())
    head = re.split(r"\s*[;:\[(]", text, maxsplit=1)[0].strip().rstrip(".,")
    parts = [p.strip() for p in head.split(",") if p.strip()]
    kept: list[str] = []
    for part in parts:
        if kept and len(" ".join(kept + [part]).split()) > max_words:
            break
        kept.append(part)
    conj = None
    if len(kept) == len(parts) and len(kept) > 1:
        found = re.match(r"(and|or)\s+", kept[-1])
        if found:
            conj = found.group(1)
            kept[-1] = kept[-1][found.end():]
    return kept, conj


def _join(items: list[str], conj: str | None, default: str) -> str:
    """Items as one list phrase; ``conj`` is the list's own conjunction if it had one."""
    if len(items) == 1:
        return items[0]
    if conj is None and f" {default} " in items[-1]:
        return ", ".join(items)  # "sham needling, usual care or other treatment"
    conj = conj or default
    # a serial comma keeps items that have their own "and"/"or" apart
    serial = "," if any(re.search(r" (and|or) ", i) for i in items) else ""
    return ", ".join(items[:-1]) + f"{serial} {conj} " + items[-1]


def _head(text: str | None, default_conj: str = "and") -> str:
    """A curator's note as a short phrase that reads as part of a sentence."""
    items, conj = _items(text)
    return _join(items, conj, default_conj) if items else ""


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():  # an acronym such as NIH or APTA
        return text
    return text[:1].lower() + text[1:]


def _direction(item: str) -> str | None:
    if _TIME_TO.search(item):
        return "reduce"
    if _MORE_IS_BETTER.search(item):
        return "improve"
    return "reduce" if _LESS_IS_BETTER.search(item) else None


def _outcome_groups(outcome: str | None) -> list[tuple[str, str]]:
    """The outcome list grouped by the verb it takes, in order of first mention:
    [("reduce", "pain and disability"), ("improve", "grip strength")]."""
    items, conj = _items(outcome)
    parts: list[tuple[str, str | None]] = []
    for item in items:
        halves = item.split(" and ")
        ways = [_direction(h) for h in halves]
        if len(halves) > 1 and None not in ways and len(set(ways)) > 1:
            parts += zip(halves, ways)  # "pain and function": one verb each
        else:
            parts.append((item, _direction(item)))
    groups: dict[str, list[str]] = {}
    last = "improve"  # an item with no telling word goes with the one before it
    for item, way in parts:
        last = way or last
        groups.setdefault(last, []).append(item)
    if len(groups) == 1:  # one verb: the curator's list as written
        return [(last, _join(items, conj, "and"))]
    return [(way, _join(objs, None, "and")) for way, objs in groups.items()]


_THIRD = {"reduce": "reduces", "improve": "improves"}


def _predicate(groups: list[tuple[str, str]], certainty: str, negative: bool) -> str:
    """The verb phrase GRADE allows at ``certainty``: "probably reduces pain and improves
    function", "may not reduce pain or improve function"."""
    if negative:
        lead = {"high": "does not", "moderate": "probably does not", "low": "may not"}
        return lead[certainty] + " " + " or ".join(f"{v} {o}" for v, o in groups)
    if certainty == "low":
        return "may " + " and ".join(f"{v} {o}" for v, o in groups)
    said = " and ".join(f"{_THIRD[v]} {o}" for v, o in groups)
    return ("probably " if certainty == "moderate" else "") + said


def _timeframe(claim: "Claim", short_only: bool) -> str:
    tf = _head(claim.pico.timeframe)
    short, long = bool(tf and _SHORT.search(tf)), bool(tf and _LONG.search(tf))
    if short_only or (short and not long):
        return "in the short term"
    if not tf or _PREPOSITION.match(tf):
        return tf
    if long and not short:
        return "in the long term"
    if re.match(r"(short|medium|long)\b", tf) and tf.endswith("term"):
        return f"in the {tf}"  # "short to medium term"
    if re.match(r"(end|short|\d)", tf) and " to " in tf:
        # "12 weeks to 12 months", "end of treatment to 1 year"
        return "from " + ("" if tf[0].isdigit() else "the ") + tf
    return f"over {tf}"  # "weeks to months", "a season or longer"


def _comparator(claim: "Claim") -> str:
    comparator = _head(claim.pico.comparator, "or")
    if re.match(r"control\b", comparator, re.I):
        comparator = "a " + comparator  # "a control group"
    return comparator


def _subject(claim: "Claim") -> str:
    items, _ = _items(claim.pico.intervention)
    return items[0] if items else "dry needling"


def _that(statement: str, conj: str) -> str:
    """A claim statement as a clause after "that"/"whether": a second sentence joined by a
    semicolon becomes a second clause ("..., and whether ...")."""
    return _lower_first(statement.strip().rstrip(".")).replace("; ", f", and {conj} ")


def informative_statement(lib: "Library", claim_id: str) -> str:
    """One sentence a clinic could publish, worded to the certainty and scope of the evidence."""
    claim = lib.claim(claim_id)
    grade = grade_claim(lib, claim_id)
    usable = [lk for lk in claim.evidence if lk.citation in lib.citations_by_key
              and lk.stance != "background"]
    groups = _outcome_groups(claim.pico.outcome)
    # the verdict the sentence has to carry: unproven always reads "very uncertain"
    certainty = "very-low" if grade.verdict == "unproven" else grade.certainty

    if not groups or claim.kind not in _EFFECT_KINDS:
        if not usable:
            return f"We found no studies that show whether {_that(claim.statement, 'whether')}."
        statement = _that(claim.statement, "that")
        if grade.verdict == "misleading":
            shows = "its source shows" if claim.kind == "framing" else "the evidence shows"
            return f"As worded, the statement that {statement} implies more than {shows}."
        if grade.verdict == "contradicted":
            return f"The evidence contradicts the statement that {statement}."
        if certainty == "very-low":
            return f"We are very uncertain whether {_that(claim.statement, 'whether')}."
        prefix = {"high": "The evidence shows that", "moderate": "The evidence suggests that",
                  "low": "Limited evidence suggests that"}[certainty]
        return f"{prefix} {statement}."

    outcome = " ".join(o for _, o in groups)  # only to see whether it names the condition
    scope = []
    condition = _head(claim.condition)
    if condition and condition.lower() not in outcome.lower():
        scope.append(f"in people with {condition}")
    elif claim.kind != "condition" and claim.pico.population:
        population = _head(claim.pico.population, "or")
        if population.lower() not in outcome.lower():
            scope.append(population if _PREPOSITION.match(population) else f"in {population}")
    lasting = grade.verdict == "misleading" and _LASTING.search(
        f"{claim.statement} {claim.pico.timeframe or ''}")
    tf = "in the short term" if lasting else _timeframe(claim, grade.short_term_only)
    if tf:
        scope.append(tf)
    comparator = _comparator(claim)
    if comparator:
        scope.append(f"compared with {comparator}")
    where = "".join(f" {s}" for s in scope)
    intervention = _subject(claim)

    if not usable or certainty == "very-low":
        lead = "We found no studies that show" if not usable else "We are very uncertain"
        return (f"{lead} whether {_lower_first(intervention)} "
                f"{_predicate(groups, 'high', False)}{where}.")
    if grade.verdict == "misleading" and not lasting:
        return (f"As worded, the statement that {_that(claim.statement, 'that')} implies more "
                "than the evidence shows.")
    verb = _predicate(groups, certainty, grade.verdict == "contradicted")
    tail = "; a lasting effect has not been shown" if lasting else ""
    return f"{intervention[:1].upper()}{intervention[1:]} {verb}{where}{tail}."
