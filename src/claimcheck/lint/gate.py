"""The publish gate: can this sentence go out as it stands?

Each finding gets a severity from the claim's grade and the sentence's wording
(``strength.analyse``):

- ``error`` (fails by default): an unproven, contradicted or misleading claim asserted,
  hedged or not (a regulator reads "may help" as a claim too); a safety assurance ("completely
  safe", "no side effects"); a supported claim stated with a booster ("clinically proven",
  "cure") or widened beyond its evidence (lasting, better than another treatment, for
  everyone, instant, a number of patients); an absolute with no library claim behind it;
- ``warning``: a supported claim stated more strongly than its certainty allows, most often
  plainly ("Dry needling reduces neck pain" where the evidence allows "may reduce");
- ``ok``: hedged within what the certainty allows; a precaution, contraindication or risk
  statement (advice, not a benefit claim).

A sentence's worst finding decides it, and each sentence gets one rewrite (``rewrite``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .strength import ALLOWED, STRENGTHS, Wording

SEVERITIES = ("error", "warning", "ok")
UNSUPPORTED = frozenset({"unproven", "contradicted", "misleading"})
# the pseudo-claim of an absolute that no library claim stands behind ("Guaranteed results!")
UNBACKED = "unbacked-absolute"
_RANK = {s: i for i, s in enumerate(STRENGTHS)}
_SAY = {"plain": "state it plainly", "probable": "say \"probably\"", "possible": "say \"may\"",
        "none": "make no benefit claim"}


@dataclass(frozen=True)
class Judgement:
    severity: str
    strength: str  # found: booster | plain | probable | possible | precaution | risk
    allowed: str  # plain | probable | possible | none
    reason: str
    scope: tuple[str, ...] = ()  # the words that widen the claim
    widened: tuple[str, ...] = ()  # how: duration, comparison, population, immediacy, numbers


RISK_INTENSIFIERS = frozenset({"always", "definitely", "undoubtedly", "completely", "totally",
                               "entirely"})


def judge(claim: str, kind: str, verdict: str, certainty: str, wording: Wording) -> Judgement:
    allowed = ALLOWED.get(certainty, "none")
    if kind in ("safety", "precaution") and wording.assurances:
        return Judgement("error", "booster", allowed,
                         f"\"{wording.assurances[0]}\" is a safety assurance: minor harms are "
                         "common after dry needling and serious ones rare, never none.",
                         wording.assurances)
    if kind == "precaution":
        return Judgement("ok", "precaution", allowed, "A precaution is advice to the reader, "
                         "not a benefit claim.")
    if wording.reported and not wording.assurances:
        return Judgement("ok", "reported", allowed, "Reports someone else's claim at a "
                         "distance; it is not the page's own promise.")
    # "There is always a small risk of bruising": an "always" or a "definitely" says how
    # sure the risk is, not how good the treatment is (a "guaranteed" or a "cure" still counts)
    if kind == "safety" and wording.risk and all(
            b.lower() in RISK_INTENSIFIERS for b in wording.boosters):
        return Judgement("ok", "risk", allowed, "A risk statement tells readers what can go "
                         "wrong; it is not a promise.")
    if verdict in UNSUPPORTED or claim == UNBACKED:
        what = "nothing in the library supports it" if claim == UNBACKED else \
            f"the claim is {verdict} ({certainty} certainty)"
        return Judgement("error", wording.strength, "none",
                         f"Asserts a claim that cannot be made, hedged or not: {what}.",
                         tuple(wording.boosters))
    if wording.boosters:
        return Judgement("error", "booster", allowed,
                         f"\"{wording.boosters[0]}\" claims more than {certainty}-certainty "
                         f"evidence allows: {_SAY[allowed]}.", wording.boosters)
    if wording.widened:
        kind_, words = next(iter(wording.widened.items()))
        why = {"duration": "the evidence is short-term", "comparison": "comparisons with other "
               "treatments show no clear advantage", "population": "trials show an average "
               "benefit, not one for everyone", "immediacy": "relief is not immediate for most "
               "people", "numbers": "no trial in the library reports that figure"}[kind_]
        return Judgement("error", wording.strength, allowed,
                         f"\"{words[0]}\" widens the claim beyond its evidence: {why}.",
                         tuple(wording.scope_words), tuple(wording.widened))
    if allowed == "none" or _RANK[wording.strength] > _RANK[allowed]:
        return Judgement("warning", wording.strength, allowed,
                         f"Stated more strongly than {certainty}-certainty evidence allows: "
                         f"{_SAY[allowed]}, and say for how long.")
    return Judgement("ok", wording.strength, allowed,
                     f"Hedged within what {certainty}-certainty evidence allows.")


def worst(severities) -> str:
    return min(severities, key=SEVERITIES.index, default="ok")
