"""Whether an effect estimate is plausible for its measure (issue 13).

A standardised mean difference of 14.9 is almost certainly a raw difference on a 0-100 scale
printed as an SMD; a ratio cannot be zero or negative; a proportion cannot pass 100 %. Such
values are kept as the source printed them (curators note why), but ``claimcheck validate``
warns about them and the notebooks leave them out of plots with a note.
"""

from __future__ import annotations

import re

# Beyond |3| the two groups barely overlap: standardised effects of needling trials that large
# are printing or unit errors (0.8 already counts as "large")
MAX_STANDARDISED = 3.0
_STANDARDISED = re.compile(r"\b(smd|cohen|hedges|standardi[sz]ed|d|g|dppc\w*)\b", re.I)
_RATIO = re.compile(r"\b(rr|or|hr|irr|ratio)\b", re.I)
_PER = re.compile(r"\bper\s+(100|1000|1,000)\b|%|\bpercent\w*|\bproportion\b", re.I)


def _scale(measure: str) -> float | None:
    m = _PER.search(measure)
    if not m:
        return None
    return 1000.0 if m.group(1) in ("1000", "1,000") else 100.0


def implausible(effect) -> str | None:
    """Why ``effect`` (a ``library.model.Effect``) is implausible for its measure, or None."""
    est, low, high, measure = effect.estimate, effect.ci_low, effect.ci_high, effect.measure
    if low is not None and high is not None and not low <= est <= high:
        return (f"the estimate {est:g} lies outside its own confidence interval "
                f"({low:g} to {high:g})")
    if _RATIO.search(measure):
        if est <= 0 or (low is not None and low < 0):
            return f"a {measure} cannot be zero or negative ({est:g})"
        return None
    scale = _scale(measure)
    if scale is not None:
        if not 0 <= est <= scale:
            return f"a {measure} must lie between 0 and {scale:g} ({est:g})"
        return None
    if _STANDARDISED.search(measure) and abs(est) > MAX_STANDARDISED:
        return (f"{est:g} is implausible for a standardised effect ({measure}): beyond "
                f"{MAX_STANDARDISED:g} the groups barely overlap, so it is probably a raw "
                "difference or a printing error")
    return None
