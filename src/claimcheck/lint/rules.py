"""The named rules that judge a found phrase, and the trace that records which one dropped it.

A `detect` phrase (or a claim the learned stage proposes) is only a candidate: the rules of
``detection`` decide whether the unit of text makes the claim. Each rule that can drop a
candidate has a stable kebab-case code and a one-line title here; the README's table of lint
rules is generated from ``RULES`` and tests/test_docs.py checks it. ``claimcheck lint
--explain`` (``lint.explain``) shows, per unit, which rule dropped which match.

The judgement itself stays in ``detection``: a ``Trace`` passed to ``Detector.claims_in``
records each drop; lint passes none, and then nothing is recorded and nothing costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .matching import Match

# code -> title, in the order a unit is judged
RULES: dict[str, str] = {
    "heading-topic": "a heading that asks or names a topic (\"How we treat heel pain\", \"Dry "
                     "needling for sciatica: what to know\") labels what follows and claims "
                     "nothing",
    "section-label": "a heading that is only the name of a section (\"Testimonials\")",
    "question": "a question claims nothing by itself (its answer is judged with it)",
    "model-veto": "the learned model scores a phrase match of a non-condition claim as almost "
                  "surely not made",
    "model-veto-condition": "the only condition a unit names, not offered the treatment, is "
                            "scored by the learned model as almost surely not claimed (\"A "
                            "study of 36 patients with jaw pain\")",
    "definition": "a definition of the condition (\"Sciatica is pain that travels ...\") "
                  "without a word of treatment",
    "study-design": "how a study was done, who took part and what they received (\"Each "
                    "patient underwent three sessions\"), with no word of what it found",
    "about-condition": "about the condition itself, its natural course, causes or how common "
                       "it is (\"Most heel pain settles with simple measures\", \"Millions of "
                       "Americans suffer from sciatica\")",
    "hindered": "a good process that something works against (\"Alcohol can interfere with "
                "the body's natural healing processes\"): a warning, not a promise of healing",
    "traditional-acupuncture": "a benefit named in the terms of traditional acupuncture (qi, "
                               "meridians, the flow of energy) in a unit that never names "
                               "needling (\"Acupuncture restores balance and promotes healing "
                               "by influencing the body's energy flow\")",
    "announced-topic": "what the page announces it will go on to discuss (\"In this article, "
                       "we'll explore dry needling for sciatica\"), when the announcement does "
                       "not say what the treatment does (\"how it can help\" is claimed)",
    "other-treatment": "another treatment is the sentence's subject and needling is never "
                       "named (\"Heat may also help relax tight muscles\")",
    "caused-by-other": "something else brings the complaint on (\"Sitting for hours can leave "
                       "your neck sore\")",
    "after-effect": "a complaint the needling may bring on, or one the reader is asked to "
                    "disclose, with no word of benefit (\"Mild headache can occur after "
                    "needling\", \"If you have sciatica, tell us first\"), one named by "
                    "the session it follows (\"Headaches after needling are uncommon\"), or "
                    "healing named as slow beside a harm (\"may heal slowly and risk "
                    "infection\"): a risk or a precaution, not a condition it treats",
    "reader-instruction": "the reader is told to relax (\"we may ask you to relax or change "
                          "position\"): an instruction, not what the needling does to a muscle",
    "other-visit-time": "a time that belongs to another visit (\"Initial assessments take 45 "
                        "minutes\"), not to the needling",
    "booking-line": "a booking line that promises nothing (\"Book your dry needling session\")",
    "no-benefit-word": "an efficacy or condition claim with no word of benefit or treatment in "
                       "the unit or its lead-in (\"My neck pain started last year\"; the "
                       "\"reduced\" of a symptom such as \"reduced range of motion\" is none)",
    "answer-lends-nothing": "a question that really asks lends its full answer no claim (the "
                            "answer alone is judged already)",
    "answer-only-mentions": "an answer that only mentions the condition, with no benefit word, "
                            "neither promises nor offers anything",
    "sentence-negated": "a negation that opens the sentence reaches past its commas (\"No "
                        "treatment, including dry needling, works for everyone\")",
    "negated": "a negation before the phrase in its clause (\"is not a cure for fibromyalgia\")",
    "evidence-scope": "the phrase names what a statement about the evidence is about "
                      "(\"Research on dry needling for migraine is limited\")",
    "hedged": "a hedge in the phrase's part of the sentence (\"there is no evidence that it "
              "releases endorphins\")",
    "elsewhere": "a condition word the sentence puts in another body part (\"hip "
                 "osteoarthritis\" is not knee pain)",
    "consumed-by-condition-name": "the phrase's words belong to the name of a condition (the "
                                  "\"tension\" of \"tension headaches\")",
    "describes-condition": "a word of a safety claim that describes the condition named just "
                           "before it (\"left my back pain-free\")",
    "describes-needling": "\"pain free\" said of the needling itself (\"the sessions are "
                          "pain-free\"): how the needling feels, not relief from pain",
    "contained-in-longer-name": "a shorter name inside a longer claim's name (\"headache\" in "
                                "\"tension headaches\"): the longer claim is kept",
    "made-alone": "a question read with its answer, or a quotation read whole, makes a claim "
                  "that one of its parts makes alone (reported there)",
    "own-wording": "the sentence is the claim's own suggested wording, or whole sentences of "
                   "it (a part of one, such as the claim with its hedge cut off, is still the "
                   "claim)",
}


@dataclass
class Drop:
    """A candidate match that the rule ``code`` dropped."""

    code: str
    match: "Match"

    def __post_init__(self) -> None:
        if self.code not in RULES:  # fails in the tests of --explain, never in a lint run
            raise KeyError(f"lint rule {self.code!r} is not registered in RULES")


@dataclass
class Trace:
    """What judging one unit did: every candidate (``matches``: phrases found and claims the
    model proposed), which rule dropped which (``drops``), what was kept, and the anchor of
    each model proposal (``anchors``: claim -> feature)."""

    matches: list["Match"] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    kept: list["Match"] = field(default_factory=list)
    anchors: dict[str, str | None] = field(default_factory=dict)

    def drop(self, code: str, *matches: "Match") -> None:
        self.drops.extend(Drop(code, m) for m in matches)

    def dropped_between(self, code: str, before: list["Match"], after: list["Match"]) -> None:
        """Record as dropped by ``code`` the matches of ``before`` not in ``after``."""
        kept = {id(m) for m in after}
        self.drop(code, *(m for m in before if id(m) not in kept))
