"""Evidence strength per claim: a GRADE-like certainty and a verdict, with the reasons.

The claim is graded, not the papers: one body of evidence per claim (intervention x
outcome as worded), never a count of studies for and against. The steps follow GRADE:

1. start from the best design among the direct evidence that bears on the claim;
2. step down for risk of bias, inconsistency, indirectness and imprecision;
3. never go above the certainty the authors of the key studies reported;
4. note what limits the scope (short-term only, below the minimal clinically important
   difference, shown against sham but not against the therapy the claim names).

Each kind of claim has its own evidence rules (DESIGN.md, "What the field expects"):
mechanism claims need human mechanistic data, comparative claims need head-to-head trials,
safety claims need incidence data, framing claims are judged on what the source really is.

Every step becomes one sentence in ``Grade.reasons``, naming studies by citation key and
their comparator, so a clinician can check the grade by hand. A curator override replaces
the verdict (and the certainty if given); the computed values are kept beside it.

pandas is imported only inside ``grade_columns``: ``claimcheck lint`` must start fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Citation, Claim, EvidenceLink

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .library import Library

CERTAINTIES = ("very-low", "low", "moderate", "high")  # ascending, index = level

# Design hierarchy used both for the GRADE starting point and for ranking citations.
# Higher rank = stronger design for a question about effects in people.
DESIGN_RANK = {
    "umbrella-review": 12, "systematic-review-meta-analysis": 11, "systematic-review": 10,
    "sham-controlled-rct": 9, "rct": 8, "guideline": 7, "non-randomised-trial": 6,
    "cohort": 5, "human-mechanistic": 5, "cross-sectional": 4, "survey": 3,
    "case-series": 3, "case-report": 2, "narrative-review": 1, "position-statement": 1,
    "animal": 1, "in-vitro": 0, "web-page": 0,
}
DESIGN_LABEL = {
    "umbrella-review": "umbrella review of systematic reviews",
    "systematic-review-meta-analysis": "systematic review with meta-analysis",
    "systematic-review": "systematic review",
    "sham-controlled-rct": "sham-controlled randomised trial",
    "rct": "randomised trial",
    "non-randomised-trial": "non-randomised trial",
    "cohort": "cohort study", "cross-sectional": "cross-sectional study", "survey": "survey",
    "case-series": "case series", "case-report": "case report",
    "human-mechanistic": "human mechanistic study", "animal": "animal study",
    "in-vitro": "laboratory study", "narrative-review": "narrative review",
    "guideline": "clinical guideline", "position-statement": "position statement",
    "web-page": "web page",
}
_START = {  # GRADE starting certainty by design (index into CERTAINTIES)
    "umbrella-review": 3, "systematic-review-meta-analysis": 3, "systematic-review": 3,
    "sham-controlled-rct": 3, "rct": 3, "guideline": 1, "non-randomised-trial": 1,
    "cohort": 1, "cross-sectional": 1, "human-mechanistic": 1, "survey": 0,
    "case-series": 0, "case-report": 0, "narrative-review": 0, "position-statement": 0,
    "animal": 0, "in-vitro": 0, "web-page": 0,
}
# For how often harms happen, observational incidence data is the right design
# (GRADE starts such questions higher); a survey of adverse events is not an opinion survey.
INCIDENCE_DESIGNS = {"survey", "cohort", "cross-sectional", "systematic-review",
                     "systematic-review-meta-analysis", "umbrella-review"}
_SAFETY_START = {"survey": 2, "cohort": 2, "cross-sectional": 1}
TRIAL_DESIGNS = {"umbrella-review", "systematic-review-meta-analysis", "systematic-review",
                 "sham-controlled-rct", "rct", "non-randomised-trial"}
NON_HUMAN = {"animal", "in-vitro"}
OPINION_DESIGNS = {"position-statement", "web-page", "narrative-review", "guideline"}
INDIRECTNESS_LABEL = {
    "animal": "animals, not people", "healthy-volunteers": "healthy volunteers, not patients",
    "other-technique": "a different needling technique (such as acupuncture)",
    "other-condition": "a different condition", "other-outcome": "a different outcome",
    "other-comparator": "a different comparator", "lab-or-cadaver": "laboratory or cadaver tissue",
}
COMPARATOR_LABEL = {"sham": "sham needling", "no-treatment": "no treatment",
                    "usual-care": "usual care", "active": "another active therapy",
                    "none": "no comparison group"}
SHORT_TERM_WEEKS = 12      # GRADE reviews usually call up to 3 months "short term"
MIN_PARTICIPANTS = 400     # GRADE's optimal-information-size rule of thumb (continuous outcomes)
_LASTING_RE = re.compile(r"\b(lasting|long[- ]term|permanent|for good|cure[sd]?)\b", re.I)
_SHORT_CLAIM_RE = re.compile(r"\b(immediate|short[- ]term|hours?|24|48|days?|session)\b", re.I)
_OTHER_THERAPY_RE = re.compile(r"\b(usual care|other|manual|exercise|physio|massage|"
                               r"injection|medication|stretching|therapy|treatment)\b", re.I)


@dataclass(frozen=True)
class Grade:
    """The grade of one claim; ``reasons`` are the steps in the order they were taken."""

    claim: str
    verdict: str
    certainty: str
    computed_verdict: str
    computed_certainty: str
    reasons: tuple[str, ...]
    override: dict | None = None
    # scope found while grading, used for the informative statement
    short_term_only: bool = False
    comparators: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        """The DESIGN.md grade object; an override also shows the computed verdict."""
        override = None
        if self.override:
            override = {**self.override, "computed_verdict": self.computed_verdict,
                        "computed_certainty": self.computed_certainty}
        return {"claim": self.claim, "verdict": self.verdict, "certainty": self.certainty,
                "reasons": list(self.reasons), "override": override}


# -- helpers ------------------------------------------------------------------------------
def _level(name: str | None) -> int | None:
    return CERTAINTIES.index(name) if name in CERTAINTIES else None


def _reported_level(text: str | None) -> int | None:
    """Highest GRADE level named in an author's free-text certainty ("very low to moderate")."""
    if not text:
        return None
    t = text.lower().replace("-", " ")
    found = [i for i, w in ((3, "high"), (2, "moderate"), (1, "low")) if re.search(rf"\b{w}\b", t)]
    if re.search(r"\bvery low\b", t) and not re.search(r"(?<!very )\blow\b", t):
        found = [i for i in found if i != 1] + [0]
    return max(found) if found else None


def design_label(design: str | None) -> str:
    return DESIGN_LABEL.get(design or "", design or "study of unknown design")


def comparator_text(cit: Citation) -> str:
    kinds = [COMPARATOR_LABEL.get(k, k) for k in cit.comparator_kinds]
    if kinds:
        return "compared with " + _join(kinds) if kinds != ["no comparison group"] \
            else "with no comparison group"
    text = (cit.comparators or "").strip().rstrip(".")
    if not text:
        return "comparator not recorded"
    if re.match(r"none\b", text, re.I):
        return "with no comparison group"
    return "comparison: " + (text if len(text) <= 90 else text[:87].rstrip() + "...")


def _join(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _keys(items) -> str:
    return _join([u.key for u in items])


def _plural(items, one: str, many: str) -> str:
    return one if len(items) == 1 else many


def _designs(items) -> str:
    labels = list(dict.fromkeys(design_label(u.cit.design) for u in items))
    return _join([("a " if len(items) == 1 else "") + (
        lb if len(items) == 1 or lb.endswith("series") else
        lb[:-5] + "studies" if lb.endswith("study") else lb + "s") for lb in labels])


def _describe(cit: Citation) -> str:
    bits = [design_label(cit.design)]
    if cit.n_studies:
        bits.append(f"{cit.n_studies} studies")
    if cit.n_participants:
        bits.append(f"{cit.n_participants} participants")
    bits.append(comparator_text(cit))
    if cit.follow_up_weeks is not None:
        bits.append(f"follow-up {cit.follow_up_weeks:g} weeks")
    elif cit.follow_up:
        bits.append(f"follow-up {cit.follow_up}")
    return f"{cit.key} ({', '.join(bits)})"


@dataclass
class _Use:
    """One usable link: the link, its citation and how it counts after the kind rules."""

    link: EvidenceLink
    cit: Citation
    direct: bool
    why_indirect: list[str]

    @property
    def key(self) -> str:
        return self.cit.key

    @property
    def rank(self) -> int:
        return DESIGN_RANK.get(self.cit.design, 0)


def _serious_bias(cit: Citation) -> str | None:
    """Why the study is at serious risk of bias, or None when not known to be."""
    rob = cit.risk_of_bias
    if rob is not None:
        if rob.rating == "high":
            return f"{cit.key} was rated at high risk of bias"
        if rob.score is not None and rob.max == 10 and rob.score < 6:
            return f"{cit.key} scored {rob.score:g}/10 on the {rob.tool or 'PEDro'} scale"
    kinds = set(cit.comparator_kinds)
    if "no-treatment" in kinds and "sham" not in kinds and cit.design in TRIAL_DESIGNS \
            and not (rob and rob.blinded):
        return (f"{cit.key} compared needling with no treatment without blinding, "
                "which inflates effects")
    return None


def _low_bias(cit: Citation) -> bool:
    rob = cit.risk_of_bias
    return rob is not None and (rob.rating == "low" or
                                (rob.score is not None and rob.max == 10 and rob.score >= 6))


def _null_value(measure: str) -> float:
    m = measure.lower()
    return 1.0 if ("ratio" in m or m in {"rr", "or", "hr", "irr"}) else 0.0


# -- grading --------------------------------------------------------------------------------
def _usable(lib: "Library", claim: Claim, reasons: list[str]) -> list[_Use]:
    uses: list[_Use] = []
    for link in claim.evidence:
        cit = lib.citations_by_key.get(link.citation)
        if cit is None:
            reasons.append(f"{link.citation} is linked but its citation record is missing or "
                           "invalid, so it was not used.")
            continue
        if cit.retracted:
            reasons.append(f"{cit.key} has been retracted and was not used.")
            continue
        if link.stance == "background":
            continue
        uses.append(_Use(link, cit, link.directness == "direct", list(link.indirectness)))
    _apply_kind_rules(claim, uses, reasons)
    return uses


def _apply_kind_rules(claim: Claim, uses: list[_Use], reasons: list[str]) -> None:
    """Re-read direct links through the evidence rules of the claim's kind."""
    if claim.kind == "mechanism":
        for u in uses:
            if u.cit.design in TRIAL_DESIGNS and not u.direct:
                reasons.append(f"{u.key} is an efficacy study: it shows whether patients "
                               "improved, not how, so it cannot establish the mechanism.")
    elif claim.kind == "comparative":
        named = claim.pico.comparator or "the therapy the claim names"
        accepted = {"active"} | ({"usual-care"} if re.search(r"usual care", named, re.I) else set())
        for u in uses:
            kinds = set(u.cit.comparator_kinds)
            if u.direct and kinds and not kinds & accepted:
                u.direct = False
                u.why_indirect.append("other-comparator")
                reasons.append(f"{u.key} {comparator_text(u.cit)}, not with {named}; a "
                               "comparative claim needs a head-to-head trial.")
        if not any(u.direct for u in uses):
            reasons.append(f"No head-to-head trial against {named} is linked.")
    elif claim.kind == "safety":
        for u in uses:
            if u.direct and u.link.stance != "contradicts" and u.cit.design not in INCIDENCE_DESIGNS:
                u.direct = False
                u.why_indirect.append("other-outcome")
                reasons.append(f"{u.key} is a {design_label(u.cit.design)}; it can show that a "
                               "harm occurs but not how often, so it gives no incidence data.")
        if not any(u.direct and u.cit.design in INCIDENCE_DESIGNS for u in uses):
            reasons.append("No incidence data (a survey or cohort of treated patients counting "
                           "adverse events) is linked, so how safe or how rare cannot be judged.")


def _start(claim: Claim, cit: Citation) -> int:
    if claim.kind == "safety" and cit.design in _SAFETY_START:
        return _SAFETY_START[cit.design]
    return _START.get(cit.design, 0)


def _best(uses: list[_Use]) -> list[_Use]:
    top = max((u.rank for u in uses), default=None)
    return [u for u in uses if u.rank == top] if top is not None else []


def _grade(lib: "Library", claim: Claim) -> tuple[str, int, list[str], bool, tuple[str, ...]]:
    """(verdict, certainty level, reasons, short_term_only, comparators)."""
    reasons: list[str] = []
    uses = _usable(lib, claim, reasons)
    background = [lk.citation for lk in claim.evidence if lk.stance == "background"]
    if background:
        reasons.append(f"{_join(background)} {'is' if len(background) == 1 else 'are'} "
                       "background only and not graded.")
    if not uses:
        reasons.insert(0, "No study addressing this claim is linked, so it is unproven and "
                          "certainty is very low.")
        return "unproven", 0, reasons, False, ()

    for u in uses:
        how = "directly" if u.direct else "indirectly"
        stance = {"supports": "supports", "contradicts": "contradicts",
                  "mixed": "gives mixed results on"}[u.link.stance]
        reasons.append(f"{_describe(u.cit)} {stance} the claim {how}.")

    direct = [u for u in uses if u.direct]
    pool = direct or uses
    indirect_only = not direct
    sup = [u for u in pool if u.link.stance == "supports"]
    con = [u for u in pool if u.link.stance == "contradicts"]
    mix = [u for u in pool if u.link.stance == "mixed"]
    rank = lambda group: max((u.rank for u in group), default=-1)  # noqa: E731
    rs, rc, rm = rank(sup), rank(con), rank(mix)
    if rs > rc and rs >= rm:
        lead, body = "supports", sup
    elif rc > rs and rc >= rm:
        lead, body = "contradicts", con
    elif rm > max(rs, rc):
        lead, body = "mixed", mix
    else:
        lead, body = "tie", sup + con
    best = _best(body)

    level = max(_start(claim, u.cit) for u in best)
    reasons.append(f"Starting certainty {CERTAINTIES[level]}: the best "
                   f"{'direct ' if direct else ''}evidence is {_keys(best)}, "
                   f"{_designs(best)}.")

    def down(n: int, why: str) -> None:
        nonlocal level
        new = max(0, level - n)
        reasons.append(f"{why}: down {'one level' if n == 1 else f'{n} levels'} to "
                       f"{CERTAINTIES[new]}." if new < level else
                       f"{why} (certainty is already {CERTAINTIES[level]}).")
        level = new

    # risk of bias: a step only when none of the best studies is free of serious concerns
    biased = [b for b in (_serious_bias(u.cit) for u in best) if b]
    if biased and not any(_low_bias(u.cit) and not _serious_bias(u.cit) for u in best):
        down(1, "Risk of bias: " + "; ".join(biased))
    elif all(u.cit.risk_of_bias is None for u in best) and best[0].cit.design in TRIAL_DESIGNS:
        reasons.append(f"Risk of bias of {_keys(best)} was not appraised in the library.")

    # inconsistency: only opposing studies that could carry weight against the best ones
    # count; a case report against a meta-analysis is noted, not a step
    if lead == "tie":
        pro = [u for u in best if u.link.stance == "supports"]
        anti = [u for u in best if u.link.stance == "contradicts"]
        down(1, f"Inconsistency: {_keys(pro)} {_plural(pro, 'supports', 'support')} the claim "
                f"but {_keys(anti)}, of the same design, {_plural(anti, 'contradicts', 'contradict')}"
                " it")
    else:
        opposing = {"supports": con + mix, "contradicts": sup + mix, "mixed": sup + con}[lead]
        if lead == "mixed":
            opposing = mix
        floor = min(_start(claim, u.cit) for u in best)
        weighty = [u for u in opposing if _start(claim, u.cit) >= min(floor, 1)
                   or u.rank >= best[0].rank]
        weak = [u for u in opposing if u not in weighty]
        if weighty:
            what = ("reports mixed results", "report mixed results") if lead == "mixed" else \
                ("points the other way", "point the other way")
            down(1, f"Inconsistency: {_keys(weighty)} {_plural(weighty, *what)}")
        if weak:
            reasons.append(f"{_keys(weak)} {_plural(weak, 'points', 'point')} the other way "
                           f"but {_plural(weak, 'is', 'are')} much weaker evidence "
                           f"({_designs(weak)}).")

    # indirectness
    if indirect_only:
        whys = sorted({w for u in pool for w in u.why_indirect})
        what = _join([INDIRECTNESS_LABEL.get(w, w) for w in whys]) if whys else \
            "a question other than the claim as worded"
        down(2, f"Indirectness: every linked study is about {what}; none tested the claim "
                "as worded")
    if any(u.cit.design in NON_HUMAN or "animal" in u.why_indirect or
           "lab-or-cadaver" in u.why_indirect for u in best) and level > 0:
        level = 0
        reasons.append("Animal and laboratory studies cannot give more than very low "
                       "certainty for a claim about people.")

    # imprecision
    sizes = [u.cit.n_participants for u in body if u.cit.n_participants]
    if lead != "contradicts":
        crossing = []
        for u in body:
            for e in u.cit.effects:
                if e.ci_low is not None and e.ci_high is not None:
                    null = _null_value(e.measure)
                    if e.ci_low < null < e.ci_high:
                        crossing.append(f"{u.key} ({e.outcome}"
                                        f"{', ' + e.timepoint if e.timepoint else ''})")
        if sizes and sum(sizes) < MIN_PARTICIPANTS:
            down(1, f"Imprecision: only {sum(sizes)} participants in total"
                    + (f", and the confidence interval of {_join(crossing)} includes no effect"
                       if crossing else ""))
        elif crossing:
            down(1, f"Imprecision: the confidence interval of {_join(crossing)} includes "
                    "no effect")
        elif not sizes and body and body[0].cit.design not in OPINION_DESIGNS:
            reasons.append("The number of participants is not recorded, so imprecision "
                           "could not be judged.")

    # the authors' own certainty is a ceiling
    reported = [(u.key, _reported_level(u.cit.certainty_reported)) for u in best]
    reported += [(u.key, _level(e.certainty)) for u in best for e in u.cit.effects]
    reported = [(k, lv) for k, lv in reported if lv is not None]
    if reported:
        cap = max(lv for _, lv in reported)
        if level > cap:
            level = cap
            reasons.append(f"The authors of {_join([k for k, _ in reported])} rated their "
                           f"evidence at most {CERTAINTIES[cap]}; the grade does not go above "
                           "their own rating.")

    # scope notes
    limits: list[str] = []
    text = f"{claim.statement} {claim.pico.timeframe or ''}"
    weeks = [u.cit.follow_up_weeks for u in body if u.cit.follow_up_weeks is not None]
    short_only = bool(weeks) and max(weeks) <= SHORT_TERM_WEEKS and lead != "contradicts"
    if short_only and not _SHORT_CLAIM_RE.search(claim.pico.timeframe or ""):
        limits.append(f"the evidence covers only the short term (at most {max(weeks):g} "
                      "weeks of follow-up)")
    below = []
    for u in body:
        for e in u.cit.effects:
            if e.mcid is not None and abs(e.estimate) < e.mcid:
                below.append(f"{u.key} ({e.outcome}: {e.estimate:g} vs MCID {e.mcid:g}"
                             f"{' ' + e.unit if e.unit else ''})")
    if below and lead != "contradicts":
        limits.append(f"the effect of {_join(below)} is smaller than the minimal clinically "
                      "important difference")
    comps = tuple(sorted({k for u in body for k in u.cit.comparator_kinds}))
    if (lead == "supports" and claim.kind in ("efficacy", "condition") and comps
            and set(comps) <= {"sham", "no-treatment", "none"}
            and _OTHER_THERAPY_RE.search(claim.pico.comparator or "")):
        limits.append("it was shown against sham or no treatment only, not against the other "
                      f"treatments the claim's comparison includes ({claim.pico.comparator})")
    for lim in limits:
        reasons.append(f"Scope: {lim}.")

    verdict = _verdict(claim, lead, level, limits, indirect_only, body, sup, con, text,
                       reasons)
    return verdict, level, reasons, short_only, comps


def _verdict(claim: Claim, lead: str, level: int, limits: list[str], indirect_only: bool,
             body: list[_Use], sup: list[_Use], con: list[_Use], text: str,
             reasons: list[str]) -> str:
    cert = CERTAINTIES[level]
    if indirect_only:
        reasons.append(f"Verdict unproven: only indirect evidence (certainty {cert}).")
        return "unproven"
    if claim.kind == "framing":
        if lead == "supports" and all(u.cit.design in OPINION_DESIGNS for u in body):
            reasons.append(f"Verdict misleading: the cited support ({_keys(body)}) is "
                           f"{_designs(body)}, a statement of position or opinion, not research findings; "
                           "presented as evidence it implies more than it shows.")
            return "misleading"
        if lead == "mixed":
            reasons.append("Verdict misleading: the cited source shows something narrower "
                           "than the claim implies.")
            return "misleading"
        if lead == "contradicts":
            reasons.append(f"Verdict contradicted: the better sources ({_keys(_best(con))}) "
                           "show the opposite.")
            return "contradicted"
    if lead in ("contradicts", "tie") and sup and con and _LASTING_RE.search(text):
        reasons.append("Verdict misleading: there is some support, but the key qualifier "
                       f"(a lasting effect) is contradicted by {_keys(_best(con))}.")
        return "misleading"
    if lead == "contradicts":
        if level >= 1:
            reasons.append(f"Verdict contradicted: the better evidence ({_keys(_best(con))}, "
                           f"certainty {cert}) goes against the claim.")
            return "contradicted"
        reasons.append(f"Verdict unproven: the evidence against the claim is of very low "
                       "certainty and there is no better evidence for it.")
        return "unproven"
    if lead == "tie":
        reasons.append("Verdict unproven: studies of the same design disagree.")
        return "unproven"
    if level == 0:
        reasons.append("Verdict unproven: the supporting evidence is of very low certainty.")
        return "unproven"
    if lead == "mixed":
        reasons.append(f"Verdict partly supported: the best evidence gives mixed results "
                       f"(certainty {cert}).")
        return "partly-supported"
    if level >= 2 and not limits:
        reasons.append(f"Verdict supported: consistent direct evidence of {cert} certainty.")
        return "supported"
    why = f"certainty is only {cert}" if level < 2 else "the support is limited in scope"
    reasons.append(f"Verdict partly supported: {why}.")
    return "partly-supported"


# -- public API -----------------------------------------------------------------------------
def grade_claim(lib: "Library", claim_id: str) -> Grade:
    """Grade one claim of ``lib`` (raises ``UnknownClaim`` for an unknown id)."""
    cached = vars(lib).get("_claimcheck_grades")
    if cached and claim_id in cached:
        return cached[claim_id]
    claim = lib.claim(claim_id)
    verdict, level, reasons, short_only, comps = _grade(lib, claim)
    certainty = CERTAINTIES[level]
    override = None
    final_verdict, final_certainty = verdict, certainty
    ov = claim.assessment.override
    if ov is not None:
        override = {"verdict": ov.verdict, "certainty": ov.certainty, "reason": ov.reason}
        final_verdict = ov.verdict
        final_certainty = ov.certainty or certainty
        reasons.append(f"Curator override: verdict {ov.verdict}"
                       f"{f', certainty {ov.certainty}' if ov.certainty else ''} instead of "
                       f"the computed {verdict} ({certainty}), because: {ov.reason.rstrip('.')}.")
    return Grade(claim=claim.id, verdict=final_verdict, certainty=final_certainty,
                 computed_verdict=verdict, computed_certainty=certainty,
                 reasons=tuple(reasons), override=override, short_term_only=short_only,
                 comparators=comps)


def grade_library(lib: "Library") -> dict[str, Grade]:
    """Grades of every claim, by id; computed once per Library object."""
    cache = vars(lib).get("_claimcheck_grades")
    if cache is None or len(cache) != len(lib.claims_by_id):
        cache = {cid: grade_claim(lib, cid) for cid in lib.claims_by_id}
        vars(lib)["_claimcheck_grades"] = cache
    return cache


def grade_columns(lib: "Library", frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` (one row per claim, column ``id``) with the grade columns added."""
    grades = grade_library(lib)
    out = frame.copy()
    get = lambda attr: [getattr(grades[i], attr) if i in grades else None  # noqa: E731
                        for i in out["id"]]
    for col in ("verdict", "certainty", "computed_verdict", "computed_certainty"):
        out[col] = get(col)
    out["reasons"] = [list(r) if r is not None else [] for r in get("reasons")]
    return out


def citation_rank_key(lib: "Library", link: EvidenceLink) -> tuple:
    cit = lib.citations_by_key.get(link.citation)
    return (link.stance == "background", -DESIGN_RANK.get(cit.design, 0) if cit else 1,
            link.directness != "direct", -((cit.n_participants or 0) if cit else 0))


def best_citations(lib: "Library", claim_id: str, n: int = 3) -> list[str]:
    """Citation keys of the claim, strongest and most direct first; retracted ones left out."""
    links = [lk for lk in lib.claim(claim_id).evidence
             if lk.citation in lib.citations_by_key
             and not lib.citations_by_key[lk.citation].retracted]
    ranked = sorted(links, key=lambda lk: citation_rank_key(lib, lk))
    return list(dict.fromkeys(lk.citation for lk in ranked))[:n]


def informative_statement(lib: "Library", claim_id: str) -> str:
    """GRADE-style wording of what the evidence allows one to say (see ``wording``)."""
    from .wording import informative_statement as statement

    return statement(lib, claim_id)
