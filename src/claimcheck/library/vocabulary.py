"""The controlled vocabularies of the library: the words a curator may use for kinds,
stances, designs, verdicts and so on.

Kept apart from the pydantic models (``model.py``) so that code which only needs the words,
such as ``claimcheck lint`` on its fast path, does not pay for building the models.
"""

from __future__ import annotations

from typing import Literal, get_args

# precaution: advice to take care ("tell your clinician if you take blood thinners"), judged on
# guidelines, position statements and reports of harm, not on incidence data
ClaimKind = Literal["mechanism", "efficacy", "condition", "comparative", "safety", "precaution",
                    "dosing", "framing"]
Stance = Literal["supports", "contradicts", "mixed", "background"]
Directness = Literal["direct", "indirect"]
# Why a link is indirect; grading steps down once per link set that only has indirect evidence
# and names the reason in its explanation.
Indirectness = Literal["animal", "healthy-volunteers", "other-technique", "other-condition",
                       "other-outcome", "other-comparator", "lab-or-cadaver"]
Design = Literal[
    "umbrella-review", "systematic-review-meta-analysis", "systematic-review",
    "sham-controlled-rct", "rct", "non-randomised-trial", "cohort", "cross-sectional",
    "case-series", "case-report", "survey", "human-mechanistic", "animal", "in-vitro",
    "narrative-review", "guideline", "position-statement", "web-page",
]
ComparatorKind = Literal["sham", "no-treatment", "usual-care", "active", "none"]
Certainty = Literal["high", "moderate", "low", "very-low"]
Verdict = Literal["supported", "partly-supported", "unproven", "contradicted", "misleading"]
CitationType = Literal["article-journal", "review", "book", "chapter", "report", "webpage",
                       "thesis"]
RiskOfBiasRating = Literal["low", "some-concerns", "high", "unclear"]
SourceKind = Literal["clinic-page", "blog-post", "faq-page", "news-article", "other"]

CLAIM_KIND_VALUES = get_args(ClaimKind)
STANCE_VALUES = get_args(Stance)
DIRECTNESS_VALUES = get_args(Directness)
DESIGN_VALUES = get_args(Design)
CERTAINTY_VALUES = get_args(Certainty)
VERDICT_VALUES = get_args(Verdict)
COMPARATOR_KIND_VALUES = get_args(ComparatorKind)
