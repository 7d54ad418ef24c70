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
What one study is worth on its own is ``claimcheck.evidence.appraisal``; the informative statement
is ``claimcheck.evidence.wording``. Nothing here imports pandas: ``claimcheck lint`` uses this module
and must start fast.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from . import appraisal as ap
from .appraisal import CERTAINTIES, design_label, join
from ..library.model import Citation, Claim, EvidenceLink

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library

MIN_PARTICIPANTS = 400  # GRADE's optimal-information-size rule of thumb (continuous outcomes)
VERY_FEW_PARTICIPANTS = 100  # below this GRADE users commonly rate imprecision very serious
_LASTING_RE = re.compile(r"\b(lasting|long[- ]term|permanent|for good|cures?|cured)\b", re.I)
_SHORT_CLAIM_RE = re.compile(r"\b(immediate\w*|short[- ]term|hours?|24|48|days?|sessions?)\b",
                             re.I)
_OTHER_THERAPY_RE = re.compile(r"\b(usual care|other|manual|exercise|physio\w*|massage|"
                               r"injection|medication|stretching)\b", re.I)


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
    # scope found while grading, used by the informative statement
    short_term_only: bool = False
    comparators: tuple[str, ...] = field(default=())
    # what waits in the claim's triage queue (evidence.staleness.Stale), None when current
    stale: object = None

    def as_dict(self) -> dict:
        """The DESIGN.md grade object; an override also carries the computed verdict."""
        override = None
        if self.override:
            override = {**self.override, "computed_verdict": self.computed_verdict,
                        "computed_certainty": self.computed_certainty}
        return {"claim": self.claim, "verdict": self.verdict, "certainty": self.certainty,
                "reasons": list(self.reasons), "override": override,
                "stale": self.stale.as_dict() if self.stale is not None else None}


@dataclass
class _Use:
    """One usable link: the study and how it counts for this claim after the kind rules."""

    link: EvidenceLink
    cit: Citation
    direct: bool
    why_indirect: list[str]
    tier: int = 0  # the certainty its design starts from, for this kind of claim
    early: bool = False  # set aside for a durability claim: shows an effect, too briefly

    @property
    def key(self) -> str:
        return self.cit.key

    @property
    def rank(self) -> int:
        return ap.DESIGN_RANK.get(self.cit.design, 0)


def _keys(uses) -> str:
    return join([u.key for u in uses])


def _verb(uses, one: str, many: str) -> str:
    return one if len(uses) == 1 else many


def _designs(uses) -> str:
    labels = list(dict.fromkeys(design_label(u.cit.design) for u in uses))
    if len(uses) == 1:
        return ap.with_article(labels[0])
    return join([ap.plural_label(lb) for lb in labels])


# -- the body of evidence -------------------------------------------------------------------
def _usable(lib: "Library", claim: Claim, reasons: list[str]) -> list[_Use]:
    uses: list[_Use] = []
    for link in claim.evidence:
        cit = lib.citations_by_key.get(link.citation)
        if cit is None:
            reasons.append(f"{link.citation} is linked but its citation record is missing or "
                           "invalid, so it was not used.")
        elif cit.retracted:
            reasons.append(f"{cit.key} has been retracted and was not used.")
        elif link.stance != "background":
            uses.append(_Use(link, cit, link.directness == "direct", list(link.indirectness),
                             ap.start_level(cit, claim.kind)))
    _apply_kind_rules(claim, uses, reasons)
    _apply_durability_rules(claim, uses, reasons)
    return uses


def _apply_kind_rules(claim: Claim, uses: list[_Use], reasons: list[str]) -> None:
    """Re-read the links through the evidence rules of the claim's kind (DESIGN.md)."""
    if claim.kind == "mechanism":
        for u in uses:
            if u.cit.design in ap.TRIAL_DESIGNS and not u.direct:
                reasons.append(f"{u.key} is an efficacy study: it shows whether patients "
                               "improved, not how, so it cannot establish the mechanism.")
    elif claim.kind == "comparative":
        named = claim.pico.comparator or "the therapy the claim names"
        accepted = {"active"} | ({"usual-care"} if re.search(r"usual care", named, re.I)
                                 else set())
        for u in uses:
            kinds = set(u.cit.comparator_kinds)
            if u.direct and kinds and not kinds & accepted:
                u.direct = False
                u.why_indirect.append("other-comparator")
                reasons.append(f"{u.key} ({ap.comparator_text(u.cit)}) is not a head-to-head "
                               f"comparison with {named}; a comparative claim needs one.")
        if not any(u.direct for u in uses):
            reasons.append(f"No head-to-head trial against {named} is linked.")
    elif claim.kind == "precaution":
        for u in uses:
            answering = u.cit.design in ap.PRECAUTION_DESIGNS | ap.INCIDENCE_DESIGNS
            if not u.direct and answering and u.why_indirect and \
                    set(u.why_indirect) <= {"other-outcome", "other-technique"}:
                u.direct, u.why_indirect = True, []
                reasons.append(f"{u.key} is {ap.with_article(design_label(u.cit.design))}: "
                               "advice, and harms seen with needles, are the evidence a "
                               "precaution rests on, so it counts as direct.")
        if not any(u.cit.design in ap.PRECAUTION_DESIGNS | ap.INCIDENCE_DESIGNS for u in uses):
            reasons.append("No guideline, position statement, expert review or report of harm "
                           "is linked; a precaution is judged on those, not on trials.")
    elif claim.kind == "safety":
        for u in uses:
            if u.direct and u.link.stance != "contradicts" and \
                    u.cit.design not in ap.INCIDENCE_DESIGNS:
                u.direct = False
                u.why_indirect.append("other-outcome")
                reasons.append(f"{u.key} is {ap.with_article(design_label(u.cit.design))}; it "
                               "can show that a harm occurs but not how often, so it gives no "
                               "incidence data.")
        if not any(u.direct and u.cit.design in ap.INCIDENCE_DESIGNS for u in uses):
            reasons.append("No incidence data (a survey, cohort or trial counting adverse "
                           "events among treated patients) is linked, so how safe or how rare "
                           "cannot be judged.")


def _is_durability(claim: Claim) -> bool:
    return claim.kind in ("efficacy", "condition") and bool(
        _LASTING_RE.search(f"{claim.statement} {claim.pico.timeframe or ''}"))


def _apply_durability_rules(claim: Claim, uses: list[_Use], reasons: list[str]) -> None:
    """How long an effect lasts is answered by long follow-up of an effect that was there."""
    if not _is_durability(claim):
        return
    for u in uses:
        if not u.direct:
            continue
        if not ap.long_follow_up(u.cit):
            u.early = u.link.stance != "contradicts"
            why = ("followed people only in the short term" if ap.short_term(u.cit)
                   else "has no follow-up beyond the short term recorded")
            reasons.append(f"{u.key} {why}, so it cannot show how long an effect lasts.")
        elif u.link.stance == "contradicts" and u.cit.design not in ap.REVIEW_DESIGNS and \
                ap.no_effect_at_any_time(u.cit):
            reasons.append(f"{u.key} found no effect at any recorded time: that is evidence "
                           "about whether needling works, not about how long an effect lasts.")
        else:
            continue
        u.direct = False
        u.why_indirect.append("other-outcome")


def _lead(sup: list[_Use], con: list[_Use], mix: list[_Use]) -> str:
    """Which way the best evidence points: supports, contradicts, mixed or tie.

    The best evidence is the studies of the highest starting certainty and, among those,
    systematic reviews before single studies (a review holds the trials); all systematic
    reviews weigh the same, so a review of one region does not outweigh a review of several. It points one way only
    when it agrees: reviews (or trials) for and against the claim are a tie, supporting and
    mixed ones support it (inconsistently), opposing and mixed ones are mixed. Numbers of
    papers never decide.
    """
    every = sup + con + mix
    top = max(u.tier for u in every)
    level = max(_weight(u) for u in every if u.tier == top)
    best = {u.link.stance for u in every if u.tier == top and _weight(u) == level}
    if {"supports", "contradicts"} <= best:
        return "tie"
    if "supports" in best:
        return "supports"
    if best == {"contradicts"}:
        return "contradicts"
    return "mixed"


def _weight(u: _Use) -> int:
    """Systematic reviews of any kind (all equal) before single studies of the same starting
    certainty; between single studies the stronger design (a sham-controlled trial over an
    open one, a case series over a case report)."""
    return 100 if u.cit.design in ap.REVIEW_DESIGNS else u.rank


def _best(uses: list[_Use]) -> list[_Use]:
    top = max(u.tier for u in uses)
    level = max(_weight(u) for u in uses if u.tier == top)
    return [u for u in uses if u.tier == top and _weight(u) == level]


def _said(level: int) -> str:
    """A certainty level as prose ("very low"); the data value keeps its hyphen."""
    return CERTAINTIES[level].replace("-", " ")


def _grade(lib: "Library", claim: Claim) -> tuple[str, int, list[str], bool, tuple[str, ...]]:
    """(verdict, certainty level, reasons, short_term_only, comparator kinds)."""
    reasons: list[str] = []
    uses = _usable(lib, claim, reasons)
    background = [lk.citation for lk in claim.evidence if lk.stance == "background"
                  and lk.citation in lib.citations_by_key]
    if background:
        reasons.append(f"{join(background)} {'is' if len(background) == 1 else 'are'} "
                       "background only and not graded.")
    if not uses:
        reasons.insert(0, "No study addressing this claim is linked, so it is unproven and "
                          "certainty is very low.")
        return "unproven", 0, reasons, False, ()

    for u in uses:
        stance = {"supports": "supports", "contradicts": "contradicts",
                  "mixed": "gives mixed results on"}[u.link.stance]
        why = join([ap.INDIRECTNESS_LABEL.get(w, w) for w in u.why_indirect])
        how = "directly" if u.direct else f"indirectly ({why})" if why else "indirectly"
        reasons.append(f"{ap.describe(u.cit)} {stance} the claim {how}.")

    direct = [u for u in uses if u.direct]
    pool = direct or uses
    indirect_only = not direct
    set_aside = [u for u in uses if not u.direct] if direct else []
    if set_aside:
        reasons.append(f"The indirect evidence ({_keys(set_aside)}) is set aside because "
                       "direct evidence exists.")
    sup = [u for u in pool if u.link.stance == "supports"]
    con = [u for u in pool if u.link.stance == "contradicts"]
    mix = [u for u in pool if u.link.stance == "mixed"]
    lead = _lead(sup, con, mix)
    body = {"supports": sup, "contradicts": con, "mixed": mix + con, "tie": sup + con}[lead]
    top = max(u.tier for u in body)
    best = _best(body)

    level = top
    reasons.append(f"Starting certainty {_said(level)}: the best "
                   f"{'direct ' if direct else ''}evidence is {_keys(best)}, {_designs(best)}.")

    def down(n: int, why: str) -> None:
        nonlocal level
        new = max(0, level - n)
        reasons.append(f"{why}: down {'one level' if n == 1 else f'{n} levels'} to "
                       f"{_said(new)}." if new < level else
                       f"{why} (certainty is already {_said(level)}).")
        level = new

    # a disagreement is judged on both sides: adding a study against the claim never hides
    # the concerns about the studies for it
    sides = [[u for u in best if u.link.stance == st] for st in ("supports", "contradicts")] \
        if lead == "tie" else [best]
    _risk_of_bias(sides, down)
    inconsistent = _inconsistency(lead, best, sup, con, mix, top, down, reasons)

    if indirect_only:
        whys = sorted({w for u in pool for w in u.why_indirect})
        what = join([ap.INDIRECTNESS_LABEL.get(w, w) for w in whys]) if whys else \
            "a question other than the claim as worded"
        down(1, f"Indirectness: the linked studies are about {what}; none tested the claim "
                "as worded")
        if level > 1:
            level = 1
            reasons.append("With no direct evidence, certainty about the claim as worded "
                           "cannot be higher than low.")
    if level > 0 and any(u.cit.design in ap.NON_HUMAN or {"animal", "lab-or-cadaver"} &
                         set(u.why_indirect) for u in best):
        level = 0
        reasons.append("Animal and laboratory studies cannot give more than very low "
                       "certainty for a claim about people.")

    if claim.kind in ("framing", "precaution"):
        pass  # whether a source says what the page says, or what guidance advises, is not a
        # question of sample size
    elif claim.kind == "safety" and any(u.cit.design in {"survey", "cohort", "cross-sectional"}
                                        for u in body):
        reasons.append("Surveys and cohorts of adverse events count treatments rather than "
                       "people, so their number of participants is not used to judge "
                       "imprecision.")
    else:
        _imprecision(lead, body, best, down, reasons)

    # the authors' own certainty is a ceiling
    # wherever it is reported among the best evidence, whichever way each study points: an
    # unrated umbrella review does not lift the grade above what rated reviews of the same
    # question found
    rated = _best(pool)
    reported = [(u.key, ap.reported_level(u.cit.certainty_reported)) for u in rated]
    reported += [(u.key, ap.level_of(e.certainty)) for u in rated for e in u.cit.effects]
    reported = [(k, lv) for k, lv in reported if lv is not None]
    if reported:
        cap = max(lv for _, lv in reported)
        if level > cap:
            level = cap
            reasons.append(f"The authors of {join([k for k, _ in reported])} rated the "
                           f"certainty of their evidence at most {_said(cap)}; the grade "
                           "does not go above their own rating.")

    limits, short_only = _scope(claim, lead, body)
    for lim in limits:
        reasons.append(f"Scope: {lim}.")
    comps = tuple(sorted({k for u in body for k in u.cit.comparator_kinds if k != "none"}))
    verdict = _verdict(claim, lead, level, limits, indirect_only, body, sup, con, mix,
                       reasons, inconsistent, [u for u in uses if u.early])
    return verdict, level, reasons, short_only, comps


Step = Callable[[int, str], None]


def _risk_of_bias(sides: list[list[_Use]], down: Step) -> None:
    # GRADE rates the body: a step when most of the best studies (on either side of a
    # disagreement) are at serious risk of bias or were never appraised (a reported GRADE
    # certainty counts as an appraisal, and is a ceiling applied later)
    biased: list[tuple[_Use, str]] = []
    unknown: list[_Use] = []
    for best in sides:
        b = [(u, why) for u in best if (why := ap.serious_bias(u.cit))]
        k = [u for u in best if not ap.serious_bias(u.cit) and not ap.appraised(u.cit)
             and u.tier == 3]  # observational starts already allow for unappraised bias
        clean = len(best) - len(b) - len(k)
        if best and best[0].tier > 0 and clean * 2 <= len(best) and (b or k):
            biased += b
            unknown += k
    if not (biased or unknown):
        return
    # studies with the same concern share one clause ("a and b compared needling with ...")
    same: dict[str, list[_Use]] = {}
    for u, why in biased:
        same.setdefault(why.removeprefix(u.key + " "), []).append(u)
    parts = [f"{_keys(us)} {re.sub(r'^was ', 'were ', why) if len(us) > 1 else why}"
             for why, us in same.items()]
    if unknown:
        parts.append(f"{_keys(unknown)} {_verb(unknown, 'has', 'have')} no risk-of-bias "
                     "appraisal or reported certainty in the library, so serious concerns "
                     "cannot be ruled out")
    down(1, "Risk of bias: " + "; ".join(parts))


def _inconsistency(lead: str, best, sup, con, mix, top: int, down: Step,
                   reasons: list[str]) -> bool:
    """Step down for opposing evidence that carries weight; True when a step was taken."""
    # only opposing studies that could carry weight against the best ones count; a case
    # report against a meta-analysis is mentioned, not a step
    if lead == "tie":
        pro = [u for u in best if u.link.stance == "supports"]
        anti = [u for u in best if u.link.stance == "contradicts"]
        down(1, f"Inconsistency: {_keys(pro)} {_verb(pro, 'supports', 'support')} the claim "
                f"but {_keys(anti)}, of equally strong design, "
                f"{_verb(anti, 'contradicts', 'contradict')} it")
        return True
    opposing = {"supports": con + mix, "contradicts": sup + mix, "mixed": mix}[lead]
    weighty = [u for u in opposing if u.tier >= min(top, 1)]
    weak = [u for u in opposing if u not in weighty]
    if weighty:
        down(1, "Inconsistency: " + _disagreement(weighty))
    if weak:
        reasons.append(f"{_disagreement(weak)}, but {_verb(weak, 'it is', 'they are')} much "
                       f"weaker evidence ({_designs(weak)}).")
    return bool(weighty)


def _disagreement(uses: list[_Use]) -> str:
    """"a points the other way and b gives mixed results"."""
    against = [u for u in uses if u.link.stance != "mixed"]
    mixed = [u for u in uses if u.link.stance == "mixed"]
    parts = ([f"{_keys(against)} {_verb(against, 'points', 'point')} the other way"]
             if against else [])
    parts += ([f"{_keys(mixed)} {_verb(mixed, 'gives', 'give')} mixed results"]
              if mixed else [])
    return " and ".join(parts)


def _imprecision(lead: str, body: list[_Use], best: list[_Use], down: Step,
                 reasons: list[str]) -> None:
    # animals are not participants: they add nothing to the evidence about people
    human = [u for u in body if u.cit.design not in ap.NON_HUMAN]
    sizes = [n for n in (ap.participants(u.cit) for u in human) if n]
    total = sum(sizes)
    crossing, precise = [], 0
    if lead != "contradicts":  # a null result is expected to include no effect
        for u in body:
            for e in u.cit.effects:
                crosses = ap.crosses_null(e)
                if crosses:
                    crossing.append(f"{u.key} ({e.outcome}"
                                    f"{', ' + e.timepoint if e.timepoint else ''})")
                elif crosses is False:
                    precise += 1
    all_cross = bool(crossing) and not precise
    ci = f", and the confidence interval of {join(crossing)} includes no effect" \
        if all_cross else ""
    # the size of the best evidence must be shown to be enough: unknown is never "large"
    unsized = [u for u in best if ap.participants(u.cit) is None
               and u.cit.design not in ap.NON_HUMAN]
    if total >= MIN_PARTICIPANTS:
        if all_cross:
            down(1, f"Imprecision: the confidence interval of {join(crossing)} includes "
                    "no effect")
    elif unsized and max(u.tier for u in body) > 0:
        known = (f"; the recorded sizes add up to only {total}" if sizes else "")
        down(1, f"Imprecision: the number of participants in {_keys(unsized)} is not "
                f"recorded{known}, so the evidence cannot be shown to be large enough{ci}")
    elif sizes:
        down(2 if total < VERY_FEW_PARTICIPANTS else 1,
             f"Imprecision: only {total} participant{'s' * (total != 1)} in total{ci}")
    elif all_cross:
        down(1, f"Imprecision: the confidence interval of {join(crossing)} includes "
                "no effect")
    if crossing and not all_cross:
        reasons.append(f"Some estimates are imprecise: the confidence interval of "
                       f"{join(crossing)} includes no effect.")


def _scope(claim: Claim, lead: str, body: list[_Use]) -> tuple[list[str], bool]:
    """What limits the scope of the support, and whether it is short-term only."""
    if lead == "contradicts":
        return [], False
    limits: list[str] = []
    terms = [t for t in (ap.short_term(u.cit) for u in body) if t is not None]
    short_only = bool(terms) and all(terms)
    claimed_short = _SHORT_CLAIM_RE.search(f"{claim.pico.timeframe or ''} {claim.statement}")
    if short_only and not claimed_short:
        weeks = [u.cit.follow_up_weeks for u in body if u.cit.follow_up_weeks is not None]
        longest = f" (longest follow-up: {ap.weeks_text(max(weeks))})" if weeks else ""
        limits.append(f"the evidence covers only the short term{longest}")
    below = []
    for u in body:
        for e in u.cit.effects:
            if e.mcid is not None and abs(e.estimate) < e.mcid:
                below.append(f"{u.key} ({e.outcome}: {e.estimate:g} against an MCID of "
                             f"{e.mcid:g}{' ' + e.unit if e.unit else ''})")
    if below:
        limits.append(f"the effect in {join(below)} is smaller than the minimal clinically "
                      "important difference")
    kinds = {k for u in body for k in u.cit.comparator_kinds}
    if (lead == "supports" and claim.kind in ("efficacy", "condition") and kinds
            and kinds <= {"sham", "no-treatment", "none"}
            and _OTHER_THERAPY_RE.search(claim.pico.comparator or "")):
        limits.append("it was shown against sham or no treatment only, not against the other "
                      f"treatments the claim's comparison includes ({claim.pico.comparator})")
    return limits, short_only


def _verdict(claim: Claim, lead: str, level: int, limits: list[str], indirect_only: bool,
             body: list[_Use], sup: list[_Use], con: list[_Use], mix: list[_Use],
             reasons: list[str], inconsistent: bool = False,
             early: list[_Use] | None = None) -> str:
    cert = _said(level)
    best_con = _keys([u for u in con if u.tier == max(v.tier for v in con)]) if con else ""

    def say(verdict: str, why: str) -> str:
        reasons.append(f"Verdict {verdict.replace('-', ' ')}: {why}.")
        return verdict

    if indirect_only:
        return say("unproven", f"there is only indirect evidence (certainty {cert})")
    if claim.kind == "precaution":
        # advice is judged on advice and on reports of the harm; certainty says how firm
        advice = [u for u in body if u.cit.design in ap.PRECAUTION_DESIGNS]
        if lead == "supports":
            return say("supported", f"{_keys(body)} ({_designs(body)}) support the precaution "
                       "(certainty of the underlying evidence " + cert + ")")
        if lead in ("mixed", "tie") and advice:
            return say("partly-supported", f"{_keys(advice)} ({_designs(advice)}) agree that "
                       "care is needed but qualify or extend the precaution as worded")
        if lead == "contradicts":
            return say("contradicted", f"the guidance linked ({best_con}) advises against "
                       "the precaution as worded")
        return say("unproven", "no guidance or report of harm bears on the precaution")
    if claim.kind == "framing":
        if lead == "supports" and all(u.cit.design in ap.OPINION_DESIGNS for u in body):
            return say("misleading", f"the cited support ({_keys(body)}) is {_designs(body)}, "
                       "a statement of position or opinion, not research findings; presented "
                       "as evidence it implies more than it shows")
        if lead == "mixed":
            return say("misleading", "the cited sources show something narrower than the "
                                     "claim implies")
        if lead == "contradicts":
            return say("contradicted", f"the better sources ({best_con}) show the opposite")
    if con and (sup or mix or early) and lead != "supports" and \
            _LASTING_RE.search(f"{claim.statement} {claim.pico.timeframe or ''}"):
        return say("misleading", "there is some short-term support, but the key qualifier "
                                 f"(a lasting effect) is contradicted by {best_con}")
    if lead == "contradicts":
        controlled = [u for u in con if u.tier == max(v.tier for v in con)
                      and (u.cit.design in ap.REVIEW_DESIGNS or
                           set(u.cit.comparator_kinds) - {"none"})]
        if level >= 1 and not controlled:
            return say("unproven", f"the evidence against the claim ({best_con}) has no "
                                   "control group, so it cannot show there is no effect")
        if level >= 1:
            return say("contradicted", f"the better evidence ({best_con}, certainty {cert}) "
                                       "goes against the claim")
        return say("unproven", "the evidence against the claim is of very low certainty and "
                               "there is no better evidence for it")
    if lead == "tie":
        return say("unproven", "studies of equally strong design disagree")
    if level == 0:
        what = "supporting evidence" if lead == "supports" else "evidence, which is mixed,"
        return say("unproven", f"the {what} is of very low certainty")
    if lead == "mixed" and claim.kind == "safety":
        return say("partly-supported", f"the incidence data give mixed results: the harms "
                                       f"are as described in part (certainty {cert})")
    if lead == "mixed":
        # mixed best evidence is not partial support: it found an effect on some outcomes or
        # at some times and not others, and which part holds is not established
        return say("unproven", f"the best evidence ({_keys(_best(body))}) finds an effect on "
                               "some outcomes or at some times and not on others (certainty "
                               f"{cert})")
    if level >= 2 and not limits and not inconsistent:
        return say("supported", f"consistent direct evidence of {cert} certainty")
    # "supported" promises consistency: studies of weight that disagree make it partial
    return say("partly-supported", f"certainty is only {cert}" if level < 2 else
               "studies of weight disagree, so the support is not consistent"
               if inconsistent else "the support is limited in scope")


# -- public API -----------------------------------------------------------------------------
class Grader:
    """Grades the claims of one library, each computed once and kept for the grader's life.

    ``Grader.of(lib)`` is the grader every caller of ``grade_claim`` shares for ``lib``; it is
    dropped with the library (a weak reference), so a reloaded library is graded afresh."""

    _by_library: "weakref.WeakKeyDictionary[Library, Grader]" = weakref.WeakKeyDictionary()

    def __init__(self, lib: "Library") -> None:
        self.lib = lib
        self._grades: dict[str, Grade] = {}

    @classmethod
    def of(cls, lib: "Library") -> "Grader":
        grader = cls._by_library.get(lib)
        if grader is None:
            grader = cls._by_library[lib] = cls(lib)
        return grader

    def grade(self, claim_id: str) -> Grade:
        """The grade of one claim (raises ``UnknownClaim`` for an unknown id)."""
        grade = self._grades.get(claim_id)
        if grade is None:
            grade = self._grades[claim_id] = _compute(self.lib, claim_id)
        return grade

    def grades(self) -> dict[str, Grade]:
        """Grades of every claim, by id, in file-name order."""
        return {cid: self.grade(cid) for cid in self.lib.claims_by_id}


def _compute(lib: "Library", claim_id: str) -> Grade:
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
                       f"the computed {verdict} ({certainty}), because: "
                       f"{ov.reason.rstrip('.')}.")
    from .staleness import staleness

    return Grade(claim=claim.id, verdict=final_verdict, certainty=final_certainty,
                 computed_verdict=verdict, computed_certainty=certainty,
                 reasons=tuple(reasons), override=override, short_term_only=short_only,
                 comparators=comps, stale=staleness(lib, claim.id))


def grade_claim(lib: "Library", claim_id: str) -> Grade:
    """Grade one claim of ``lib`` (raises ``UnknownClaim`` for an unknown id)."""
    return Grader.of(lib).grade(claim_id)


def grade_library(lib: "Library") -> dict[str, Grade]:
    """Grades of every claim, by id; each computed once per Library object."""
    return Grader.of(lib).grades()


def _rank_key(lib: "Library", link: EvidenceLink) -> tuple:
    cit = lib.citations_by_key[link.citation]
    return (link.stance == "background", -ap.DESIGN_RANK.get(cit.design, 0),
            link.directness != "direct", -(ap.participants(cit) or 0))


def best_citations(lib: "Library", claim_id: str, n: int = 3) -> list[str]:
    """Citation keys of the claim, strongest and most direct first (design rank, directness,
    size; background last); missing and retracted citations are left out."""
    links = [lk for lk in lib.claim(claim_id).evidence
             if lk.citation in lib.citations_by_key
             and not lib.citations_by_key[lk.citation].retracted]
    ranked = sorted(links, key=lambda lk: _rank_key(lib, lk))
    return list(dict.fromkeys(lk.citation for lk in ranked))[:n]
