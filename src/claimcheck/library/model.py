"""Typed records of the library: what a curator may write in the YAML files.

The models are the single statement of the data contract (DESIGN.md, "Data
model"). They forbid unknown fields so that a misspelt key is reported instead
of silently ignored. The controlled vocabularies (``Literal`` types and their
``*_VALUES`` tuples) live in ``vocabulary.py`` and are re-exported here.
"""

from __future__ import annotations

from datetime import date

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .vocabulary import (  # noqa: F401  (re-exported: model is where users look for them)
    ClaimKind, Stance, Directness, Indirectness,
    Design, ComparatorKind, Certainty, Verdict,
    CitationType, RiskOfBiasRating, SourceKind, CLAIM_KIND_VALUES,
    STANCE_VALUES, DIRECTNESS_VALUES, DESIGN_VALUES, CERTAINTY_VALUES,
    VERDICT_VALUES, COMPARATOR_KIND_VALUES,
)

CLAIM_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PMID_RE = re.compile(r"^[1-9][0-9]{0,8}$")
PMCID_RE = re.compile(r"^PMC[0-9]{1,9}$")
# Crossref's recommended pattern for modern DOIs, anchored; DOIs are case-insensitive.
DOI_RE = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9<>\[\]]+$")
SOURCE_ID_RE = re.compile(r"^[0-9]{3}$")
MAX_QUOTE_WORDS = 25


class Record(BaseModel):
    """Base of every record: unknown keys are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class SourceDoc(Record):
    """One marketing page the claims were found in (claims/sources.yaml)."""

    id: str = Field(pattern=SOURCE_ID_RE.pattern)
    title: str
    publisher: str | None = None
    kind: SourceKind
    url: str | None = None
    seed_file: str | None = None
    note: str | None = None


class SourceQuote(Record):
    """Where a claim is made: a source document and a short verbatim quote from it."""

    doc: str = Field(pattern=SOURCE_ID_RE.pattern)
    quote: str = Field(min_length=3)

    @field_validator("quote")
    @classmethod
    def _short_quote(cls, v: str) -> str:
        words = len(v.split())
        if words > MAX_QUOTE_WORDS:
            raise ValueError(f"quote has {words} words; at most {MAX_QUOTE_WORDS} may be quoted")
        return v


class Pico(Record):
    """Population, intervention, comparator, outcome and time frame of a claim."""

    population: str | None = None
    intervention: str | None = "dry needling"
    comparator: str | None = None
    outcome: str | None = None
    timeframe: str | None = None


class EvidenceLink(Record):
    """A claim's use of one study: how the study bears on the claim as worded."""

    citation: str
    stance: Stance
    directness: Directness
    indirectness: list[Indirectness] = Field(default_factory=list)
    note: str | None = None


class Override(Record):
    """A curator's verdict that replaces the computed one; the reason is mandatory."""

    verdict: Verdict
    certainty: Certainty | None = None
    reason: str = Field(min_length=20)


class Assessment(Record):
    """Curated words about a claim. The grade itself is computed (grading.py)."""

    summary: str
    suggested_wording: str
    searched: str | None = None
    override: Override | None = None


class Claim(Record):
    """One marketing claim, its sources, its evidence links and its curated assessment."""

    id: str = Field(pattern=CLAIM_ID_RE.pattern)
    kind: ClaimKind
    statement: str
    condition: str | None = None
    sources: list[SourceQuote] = Field(min_length=1)
    pico: Pico = Field(default_factory=Pico)
    search: str | None = None
    detect: list[str] = Field(default_factory=list)
    evidence: list[EvidenceLink] = Field(default_factory=list)
    assessment: Assessment

    @field_validator("detect")
    @classmethod
    def _detect_phrases(cls, phrases: list[str]) -> list[str]:
        for phrase in phrases:
            # an unquoted '#' starts a YAML comment and leaves 'last* &': the linter would
            # then drop the empty part and match far more than the curator meant
            if any(not part.strip() for part in phrase.split("&")):
                raise ValueError(f"detect phrase {phrase!r} has an empty part around '&' "
                                 "(quote phrases that contain '#')")
        return phrases


class RiskOfBias(Record):
    """Appraisal of one study. PEDro scores for trials, AMSTAR-2 for reviews, where seen."""

    tool: str | None = None
    score: float | None = None
    max: float | None = None
    rating: RiskOfBiasRating | None = None
    blinded: bool | None = None
    note: str | None = None


class Effect(Record):
    """One effect estimate as the authors reported it, with its confidence interval."""

    outcome: str
    comparator: str | None = None
    timepoint: str | None = None
    measure: str
    estimate: float
    ci_low: float | None = None
    ci_high: float | None = None
    unit: str | None = None
    mcid: float | None = None
    favours_needling_when: Literal["lower", "higher"] = "lower"
    certainty: Certainty | None = None
    n_studies: int | None = Field(default=None, ge=0)
    n_participants: int | None = Field(default=None, ge=0)
    note: str | None = None


class Citation(Record):
    """One study or document: bibliographic facts, provenance and our appraisal of it."""

    key: str = Field(pattern=CLAIM_ID_RE.pattern)
    type: CitationType = "article-journal"
    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None
    url: str | None = None
    title: str
    authors: list[str] = Field(default_factory=list)
    journal: str | None = None
    year: int | None = Field(default=None, ge=1800, le=2100)
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    # when a web page was read (ISO date): Vancouver's "[cited ...]", APA's "Retrieved ..."
    accessed: date | None = None
    verified_from: list[str] = Field(min_length=1)
    caution: str | None = None
    design: Design
    n_studies: int | None = Field(default=None, ge=0)
    n_participants: int | None = Field(default=None, ge=0)
    population: str | None = None
    comparators: str | None = None
    comparator_kinds: list[ComparatorKind] = Field(default_factory=list)
    follow_up: str | None = None
    follow_up_weeks: float | None = Field(default=None, ge=0)
    risk_of_bias: RiskOfBias | None = None
    certainty_reported: str | None = None
    effects: list[Effect] = Field(default_factory=list)
    findings: str
    retracted: bool = False

    @field_validator("pmid", "year", "volume", "issue", "pages", mode="before")
    @classmethod
    def _numbers_as_text(cls, v, info):
        # YAML reads 12345678 as int; identifiers and page numbers are text, year is int.
        if v is None or info.field_name == "year":
            return v
        return str(v)

    @field_validator("pmid")
    @classmethod
    def _pmid(cls, v: str | None) -> str | None:
        if v is not None and not PMID_RE.match(v):
            raise ValueError(f"malformed PMID {v!r}: expected 1 to 9 digits")
        return v

    @field_validator("pmcid")
    @classmethod
    def _pmcid(cls, v: str | None) -> str | None:
        if v is not None and not PMCID_RE.match(v):
            raise ValueError(f"malformed PMCID {v!r}: expected 'PMC' followed by digits")
        return v

    @field_validator("doi")
    @classmethod
    def _doi(cls, v: str | None) -> str | None:
        if v is not None and not DOI_RE.match(v):
            raise ValueError(f"malformed DOI {v!r}: expected '10.<registrant>/<suffix>' "
                             "without a resolver prefix")
        return v


class Journal(Record):
    """A journal's full title (for APA), keyed in evidence/journals.yaml by the abbreviation
    citations use (NLM style); where the full title was seen is required."""

    title: str = Field(min_length=1)
    verified_from: list[str] = Field(min_length=1)
