"""What one study is worth: design rank, starting certainty, bias, follow-up, comparator.

Grading (``grading.py``) weighs a body of studies for one claim; this module only reads
single ``Citation`` records and describes them in words a clinician recognises. Every
field may be null: unknown is reported as unknown, never guessed.
"""

from __future__ import annotations

import re

from ..library.model import Citation
from ..library.vocabulary import CERTAINTY_VALUES

# ascending, so that a level is an index and "down one level" is minus one
CERTAINTIES = tuple(reversed(CERTAINTY_VALUES))

# One row per design, so a design added to the vocabulary is graded in one place:
# rank orders citations and breaks ties between designs that start at the same certainty;
# start is GRADE's starting certainty (index into CERTAINTIES): randomised evidence and reviews
# of it start high, observational and human experimental studies low, the rest (case reports,
# opinion, animals, the lab) very low; label is how a clinician names it.
_DESIGNS = {
    # design: (rank, start, label)
    "umbrella-review": (12, 3, "umbrella review of systematic reviews"),
    "systematic-review-meta-analysis": (11, 3, "systematic review with meta-analysis"),
    "systematic-review": (10, 3, "systematic review"),
    "sham-controlled-rct": (9, 3, "sham-controlled randomised trial"),
    "rct": (8, 3, "randomised trial"),
    "guideline": (7, 1, "clinical guideline"),
    "non-randomised-trial": (6, 1, "non-randomised trial"),
    "cohort": (5, 1, "cohort study"),
    "human-mechanistic": (5, 1, "human mechanistic study"),
    "cross-sectional": (4, 1, "cross-sectional study"),
    "survey": (3, 0, "survey"),
    "case-series": (3, 0, "case series"),
    "case-report": (2, 0, "case report"),
    "narrative-review": (1, 0, "narrative review"),
    "position-statement": (1, 0, "position statement"),
    "animal": (1, 0, "animal study"),
    "in-vitro": (0, 0, "laboratory study"),
    "web-page": (0, 0, "web page"),
}
DESIGN_RANK = {d: rank for d, (rank, _, _) in _DESIGNS.items()}
START_LEVEL = {d: start for d, (_, start, _) in _DESIGNS.items()}
DESIGN_LABEL = {d: label for d, (_, _, label) in _DESIGNS.items()}
# How often harms happen is a question observational incidence data answers best (GRADE
# starts such questions higher); a survey counting adverse events is not an opinion survey.
# Trials count too: they record adverse events in every participant they follow.
INCIDENCE_DESIGNS = {"survey", "cohort", "cross-sectional", "systematic-review",
                     "systematic-review-meta-analysis", "umbrella-review", "rct",
                     "sham-controlled-rct", "non-randomised-trial"}
SAFETY_START_LEVEL = {"survey": 2, "cohort": 2, "cross-sectional": 1}
TRIAL_DESIGNS = {"umbrella-review", "systematic-review-meta-analysis", "systematic-review",
                 "sham-controlled-rct", "rct", "non-randomised-trial"}
NON_HUMAN = {"animal", "in-vitro"}
REVIEW_DESIGNS = {"umbrella-review", "systematic-review-meta-analysis", "systematic-review"}
# What can answer a precaution ("tell your clinician if you take blood thinners"): advice from
# guidelines, position statements and expert reviews, and reports of the harm it guards against
PRECAUTION_DESIGNS = {"guideline", "position-statement", "narrative-review", "case-report",
                      "case-series"}
OPINION_DESIGNS = {"position-statement", "web-page", "narrative-review", "guideline"}
INDIRECTNESS_LABEL = {
    # no commas inside a label: labels are joined into lists ("animals rather than people
    # and a different outcome")
    "animal": "animals rather than people",
    "healthy-volunteers": "healthy volunteers rather than patients",
    "other-technique": "another needling technique such as acupuncture",
    "other-condition": "a different condition", "other-outcome": "a different outcome",
    "other-comparator": "a different comparator", "lab-or-cadaver": "laboratory or cadaver tissue",
}
COMPARATOR_LABEL = {"sham": "sham needling", "no-treatment": "no treatment",
                    "usual-care": "usual care", "active": "another active therapy",
                    "none": "no comparison group"}
SHORT_TERM_WEEKS = 12  # reviews of needling usually call up to 3 months "short term"
_SHORT_TEXT = re.compile(r"\b(short[- ]term|immediate\w*|post[- ]intervention|same day|"
                         r"minutes?|hours?|days?)\b", re.I)


def level_of(name: str | None) -> int | None:
    return CERTAINTIES.index(name) if name in CERTAINTIES else None


def reported_level(text: str | None) -> int | None:
    """Highest GRADE level named in the authors' free text ("very low to moderate")."""
    if not text:
        return None
    t = " " + text.lower().replace("-", " ")
    found = [lv for lv, word in ((3, "high"), (2, "moderate")) if re.search(rf"\b{word}\b", t)]
    if re.search(r"(?<!very) low\b", t):
        found.append(1)
    if re.search(r"\bvery low\b", t):
        found.append(0)
    return max(found) if found else None


def design_label(design: str | None) -> str:
    return DESIGN_LABEL.get(design or "", design or "study of unknown design")


def with_article(label: str) -> str:
    return ("an " if label[:1] in "aeiou" else "a ") + label


def plural_label(label: str) -> str:
    if label.endswith("series"):
        return label
    if label.endswith("study"):
        return label[:-5] + "studies"
    for sep in (" of ", " with "):
        head, found, tail = label.partition(sep)
        if found:
            return head + "s" + found + tail
    return label + "s"


def start_level(cit: Citation, claim_kind: str) -> int:
    if claim_kind == "safety" and cit.design in SAFETY_START_LEVEL:
        return SAFETY_START_LEVEL[cit.design]
    return START_LEVEL.get(cit.design, 0)


def join(items) -> str:
    items = list(dict.fromkeys(items))
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def comparator_text(cit: Citation) -> str:
    kinds = [COMPARATOR_LABEL.get(k, k) for k in cit.comparator_kinds if k != "none"]
    if kinds:
        return "compared with " + join(kinds)
    if "none" in cit.comparator_kinds:
        return "with no comparison group"
    text = (cit.comparators or "").strip().rstrip(".")
    if not text:
        return "comparator not recorded"
    if re.match(r"(none|n/?a)\b", text, re.I):  # how curators write "no comparison group"
        return "with no comparison group"
    return "comparison: " + (text if len(text) <= 90 else text[:87].rstrip() + "...")


def weeks_text(weeks: float) -> str:
    if weeks == 0:
        return "immediately after treatment"
    if weeks < 1:
        days = round(weeks * 7)
        return f"{days} day{'s' * (days != 1)}"
    return f"{weeks:g} week{'s' * (weeks != 1)}"


def follow_up_text(cit: Citation) -> str | None:
    if cit.follow_up_weeks is not None:
        return weeks_text(cit.follow_up_weeks)
    return cit.follow_up or None


def short_term(cit: Citation) -> bool | None:
    """True when the study only followed people up in the short term; None when unknown."""
    if cit.follow_up_weeks is not None:
        return cit.follow_up_weeks <= SHORT_TERM_WEEKS
    if cit.follow_up and _SHORT_TEXT.search(cit.follow_up):
        return True
    return None


_LONG_TEXT = re.compile(r"\b(long[- ]term|mid[- ]term|years?|one year|[3-9] months|1\d months|"
                        r"(1[3-9]|[2-9]\d) weeks)\b", re.I)
_WEEKS_IN = re.compile(r"(\d+(?:\.\d+)?)\s*(weeks?|months?|years?)\b", re.I)


def _timepoint_weeks(text: str | None) -> float | None:
    """The last time named in a timepoint ("3 months" -> 13; "13-24 weeks" -> 24)."""
    found = _WEEKS_IN.findall(text or "")
    if not found:
        return None
    value, unit = found[-1]
    factor = {"w": 1, "m": 52 / 12, "y": 52}[unit[0].lower()]
    return float(value) * factor


def long_follow_up(cit: Citation) -> bool:
    """Whether the study followed people beyond the short term (over 12 weeks): what a claim
    that relief lasts needs. Unknown follow-up is not long."""
    if cit.follow_up_weeks is not None and cit.follow_up_weeks > SHORT_TERM_WEEKS:
        return True
    if cit.follow_up and _LONG_TEXT.search(cit.follow_up):
        return True
    return any((_timepoint_weeks(e.timepoint) or 0) > SHORT_TERM_WEEKS or
               bool(_LONG_TEXT.search(e.timepoint or "")) for e in cit.effects)


def no_effect_at_any_time(cit: Citation) -> bool:
    """True when effects are recorded and every one of them includes no effect: the study
    found nothing to last, whatever its follow-up."""
    crossed = [crosses_null(e) for e in cit.effects]
    return bool(crossed) and all(c is True for c in crossed)


def participants(cit: Citation) -> int | None:
    if cit.n_participants:
        return cit.n_participants
    sizes = [e.n_participants for e in cit.effects if e.n_participants]
    return max(sizes) if sizes else None


def describe(cit: Citation) -> str:
    """``key (design, N studies, N participants, comparator, follow-up)``."""
    bits = [design_label(cit.design)]
    if cit.n_studies:
        bits.append(f"{cit.n_studies} studies")
    n = participants(cit)
    if n:
        who = "animal" if cit.design == "animal" else "participant"
        bits.append(f"{n} {who}{'s' * (n != 1)}")
    bits.append(comparator_text(cit))
    fu = follow_up_text(cit)
    if fu:
        bits.append(f"follow-up {fu}")
    return f"{cit.key} ({', '.join(bits)})"


def serious_bias(cit: Citation) -> str | None:
    """Why the study is at serious risk of bias, or None when it is not known to be."""
    rob = cit.risk_of_bias
    if rob is not None:
        if rob.rating == "high":
            return f"{cit.key} was rated at high risk of bias"
        if rob.score is not None and rob.max == 10 and rob.score < 6:
            return f"{cit.key} scored {rob.score:g}/10 on the {rob.tool or 'PEDro'} scale"
    kinds = set(cit.comparator_kinds)
    if cit.design in TRIAL_DESIGNS and not kinds & {"sham", "active"}:
        open_arm = [k for k in ("no-treatment", "usual-care") if k in kinds]
        if open_arm and not (rob and rob.blinded) and \
                (open_arm == ["no-treatment"] or (rob and rob.blinded is False)):
            return (f"{cit.key} compared needling with {COMPARATOR_LABEL[open_arm[0]]} "
                    "without blinding, which inflates effects")
    return None


def low_bias(cit: Citation) -> bool:
    rob = cit.risk_of_bias
    return rob is not None and (rob.rating == "low" or
                                (rob.score is not None and rob.max == 10 and rob.score >= 6))


def appraised(cit: Citation) -> bool:
    """Whether anything is known about the study's quality (appraisal or reported certainty)."""
    rob = cit.risk_of_bias
    return bool((rob is not None and (rob.rating not in (None, "unclear")
                                      or rob.score is not None))
                or cit.certainty_reported or any(e.certainty for e in cit.effects))


_CONTRAST = re.compile(r"\b(s?md|wmd|mean difference|cohen|hedges|d|g|rr|or|hr|irr|rd|"
                       r"ratio|risk difference)\b", re.I)


def null_value(measure: str) -> float | None:
    """The value of "no effect" for a between-group measure; None for a rate or proportion."""
    if not _CONTRAST.search(measure):
        return None
    m = measure.lower()
    return 1.0 if re.search(r"\b(ratio|rr|or|hr|irr)\b", m) else 0.0


def crosses_null(effect) -> bool | None:
    """Whether the effect's confidence interval includes no effect (None: cannot tell)."""
    null = null_value(effect.measure)
    if effect.ci_low is None or effect.ci_high is None or null is None:
        return None
    return effect.ci_low <= null <= effect.ci_high
