"""The lint vocabulary: the word lists of ``data/lint-vocabulary.yaml``, loaded and compiled.

The lists are written in the `detect` phrase language (``phrases``); curators tune the
linter by editing them, and ``detection`` reads them to judge sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from ..errors import LibraryError
from .phrases import PartIndex, Spec, Token, compile_part, stem

VOCABULARY = "vocabulary.yaml"
Part = tuple[Spec, ...]
_GROUPED = frozenset({"synonyms", "kinds"})  # lists of lists of phrases


def load_vocabulary(path: Path | None = None) -> dict:
    """The lint vocabulary (default: the one shipped with claimcheck; YAML, see the file's
    comments). Raises ``LibraryError`` (file, line, list) when an edit broke it."""
    from ..library.files import parse_yaml

    path = path or Path(str(resources.files("claimcheck.lint").joinpath("data", VOCABULARY)))
    data = parse_yaml(path.read_text(encoding="utf-8"), path)
    if not isinstance(data, dict):
        raise LibraryError(path, "expected a mapping of list name: entries")
    for key, value in data.items():
        entries = value if key not in _GROUPED else [x for group in value or [] for x in
                                                    (group if isinstance(group, list) else
                                                     [None])]
        if not isinstance(value, list) or any(not isinstance(x, (str, int, float))
                                              for x in entries):
            what = "a list of lists of phrases" if key in _GROUPED else "a list of phrases"
            raise LibraryError(path, f"expected {what}", field=str(key))
        if any(isinstance(x, bool) for x in entries):
            raise LibraryError(path, "a bare yes/no/on/off is read as true/false; put the word "
                                     "in quotes ('no')", field=str(key))
    return data


@lru_cache(maxsize=1)
def default_vocabulary() -> "Vocabulary":
    """The shipped vocabulary, compiled; shared by every ``Linter`` of the process (a run
    that lints with several libraries parses the file once)."""
    return Vocabulary.from_data(load_vocabulary())


class PhraseSet:
    """A list of phrases (one part each) with a fast "where do any of them occur"."""

    def __init__(self, phrases: Iterable[str], exact: bool = False) -> None:
        self.index = PartIndex()
        for x in phrases:
            part = compile_part(x, exact)
            if part:
                self.index.add(part, x)

    def spans(self, tokens: list[Token]) -> list[tuple[int, int]]:
        return sorted({(i, last) for _, i, last in self.index.matches(tokens)})

    def occurs(self, tokens: list[Token]) -> bool:
        return next(iter(self.index.matches(tokens)), None) is not None


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of ``data/lint-vocabulary.yaml``, compiled."""

    synonyms: list[list[Part]]
    kinds: list[list[Part]]  # a general word first, then kinds of it
    cues: PhraseSet  # benefit and usage cues
    benefit: PhraseSet  # benefit cues only: what turns a booking line into a claim
    negations: PhraseSet
    not_negations: PhraseSet
    hedges: PhraseSet
    contrasts: frozenset[str]
    booking: PhraseSet
    treatment: PhraseSet
    abbreviations: frozenset[str]
    evidence_subjects: PhraseSet  # "research", "the evidence", "studies"
    evidence_limits: PhraseSet  # "limited", "mixed", "conflicting"
    linking_verbs: frozenset[str]  # "is", "remains", "appear": a limit word is a predicate
    result_nouns: PhraseSet  # "results", "findings": "conflicting results"
    offer_words: PhraseSet  # "for", "help with": a booking line naming a condition
    invitations: PhraseSet  # "try", "come and see us": an answer that offers the treatment
    exclusions: PhraseSet  # "not suitable", "don't offer": who the treatment is not for
    natural_course: PhraseSet  # "settles", "clears up": a condition getting better by itself
    origins: PhraseSet  # "results from", "stems from": where a condition comes from
    causes: PhraseSet  # "causes include", "caused by": a sentence about a condition's causes
    outcome_reports: PhraseSet  # "finally", "for good": a first-person outcome report
    setbacks: PhraseSet  # "flared up", "worse": a report of things going wrong
    section_labels: PhraseSet  # "Testimonials", "Patient stories": headings that label
    body_parts: frozenset[str]  # stems of "knee", "hip", "neck": where a complaint is
    other_visits: PhraseSet  # "assessment", "part of a": time that is not the needling's
    cause_verbs: PhraseSet  # "can leave", "lead to": something else brings on a complaint
    after_effects: PhraseSet  # "can occur", "may cause": a complaint the needling brings on
    side_effects: PhraseSet  # "side effects", "reaction": harms named as such
    after_effect_verbs: PhraseSet  # "get", "experience": a complaint someone gets after it
    flares: PhraseSet  # "worse", "flare": a complaint that flares after it
    screening: PhraseSet  # "tell us", "seek medical advice": a complaint to disclose
    harms: PhraseSet  # "soreness", "risk of infection": what a precaution warns of
    other_treatments: PhraseSet  # "heat", "ibuprofen": a subject that is not needling
    study_designs: PhraseSet  # "underwent", "were randomised": how a study was done
    study_subjects: PhraseSet  # "study", "participants": who or what a design sentence is about
    study_findings: PhraseSet  # "found", "improved": what a study found
    symptoms: PhraseSet  # "reduced range of motion": a symptom, whose "reduced" is no cue
    announcers: PhraseSet  # "this article", "we'll": who announces what the page discusses
    discourse_verbs: PhraseSet  # "explore", "look at": what an announcement does with a topic
    reading_pointers: PhraseSet  # "further reading", "read more": a title follows its colon

    @classmethod
    def from_data(cls, data: dict) -> "Vocabulary":
        def words(key: str) -> list[str]:
            return [str(x) for x in data.get(key) or []]

        groups = [[str(m) for m in group] for group in data.get("synonyms") or []]
        benefit = _with_synonyms(words("benefit_cues"), groups)
        return cls(
            synonyms=[[p for p in (compile_part(m) for m in group) if p] for group in groups],
            kinds=[[p for p in (compile_part(str(m)) for m in group) if p]
                   for group in data.get("kinds") or []],
            cues=PhraseSet(benefit + words("usage_cues")),
            benefit=PhraseSet(benefit),
            negations=PhraseSet(words("negations"), exact=True),
            not_negations=PhraseSet(words("not_negations"), exact=True),
            hedges=PhraseSet(words("hedges")),
            contrasts=frozenset(w.lower() for w in words("contrasts")),
            booking=PhraseSet(words("booking")), treatment=PhraseSet(words("treatment_words")),
            abbreviations=frozenset(w.lower().rstrip(".") for w in words("abbreviations")),
            evidence_subjects=PhraseSet(words("evidence_subjects")),
            evidence_limits=PhraseSet(words("evidence_limits")),
            linking_verbs=frozenset(w.lower() for w in words("linking_verbs")),
            result_nouns=PhraseSet(words("result_nouns")),
            offer_words=PhraseSet(words("offer_words")),
            invitations=PhraseSet(words("invitations")),
            exclusions=PhraseSet(words("exclusions")),
            natural_course=PhraseSet(words("natural_course")),
            origins=PhraseSet(words("origins")),
            causes=PhraseSet(words("causes")),
            outcome_reports=PhraseSet(words("outcome_reports")),
            setbacks=PhraseSet(words("setbacks")),
            section_labels=PhraseSet(words("section_labels")),
            body_parts=frozenset(stem(w) for w in words("body_parts")),
            other_visits=PhraseSet(words("other_visits")),
            cause_verbs=PhraseSet(words("cause_verbs")),
            after_effects=PhraseSet(words("after_effects")),
            side_effects=PhraseSet(words("side_effects")),
            after_effect_verbs=PhraseSet(words("after_effect_verbs")),
            flares=PhraseSet(words("flares")),
            screening=PhraseSet(words("screening")),
            harms=PhraseSet(words("harms")),
            other_treatments=PhraseSet(words("other_treatments")),
            study_designs=PhraseSet(words("study_designs")),
            study_subjects=PhraseSet(words("study_subjects")),
            study_findings=PhraseSet(words("study_findings")),
            symptoms=PhraseSet(words("symptoms")),
            announcers=PhraseSet(words("announcers")),
            discourse_verbs=PhraseSet(words("discourse_verbs")),
            reading_pointers=PhraseSet(words("reading_pointers")))


def _with_synonyms(cues: list[str], groups: list[list[str]]) -> list[str]:
    """Benefit cues and every synonym of one: a group that holds `reduce` also makes "cut back"
    and "lessen" cues, and one that holds `release` makes "say goodbye to" one."""
    have = {compile_part(c) for c in cues}
    out = list(cues)
    for group in groups:
        if any(compile_part(m) in have for m in group):
            out.extend(m for m in group if compile_part(m) not in have)
    return out
