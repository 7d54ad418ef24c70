"""What lint knows about one claim: its detect phrases and what a finding says about it.

Plain data (JSON-able), so that the lint cache can keep it between runs without importing
the linter, and so that a run on a warm cache never loads the library's records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library


@dataclass(frozen=True)
class ClaimInfo:
    """What lint needs to know about one claim: its detect phrases and what a finding says.

    Plain data (JSON-able), so that it can be cached between runs (``claimcheck.lint.cache``)."""

    claim: str
    kind: str
    statement: str
    detect: tuple[str, ...]
    verdict: str
    certainty: str
    citations: tuple[str, ...]
    suggestion: str
    # citation keys PubMed says are retracted though the citation file does not (lint fails),
    # and what waits in the claim's triage queue (a warning): evidence.staleness
    retracted: tuple[str, ...] = ()
    stale: str | None = None
    # what the publish gate needs: is the evidence short-term only (the rewrite says so), and
    # the identifiers of ``citations`` for links: (key, pmid, doi)
    short_term: bool = False
    references: tuple[tuple[str, str | None, str | None], ...] = ()

    @classmethod
    def from_library(cls, lib: "Library", claim_id: str) -> "ClaimInfo":
        from ..evidence.grading import best_citations, grade_claim
        from ..evidence.staleness import retracted_citations
        from ..evidence.wording import informative_statement

        claim = lib.claim(claim_id)
        grade = grade_claim(lib, claim_id)
        suggestion = (claim.assessment.suggested_wording or "").strip() or \
            informative_statement(lib, claim_id)
        best = tuple(best_citations(lib, claim_id))
        refs = tuple((k, lib.citations_by_key[k].pmid, lib.citations_by_key[k].doi)
                     for k in best)
        return cls(claim_id, claim.kind, claim.statement, tuple(claim.detect), grade.verdict,
                   grade.certainty, best, " ".join(suggestion.split()),
                   tuple(retracted_citations(lib, claim_id)),
                   grade.stale.summary() if grade.stale is not None else None,
                   grade.short_term_only, refs)

    def as_dict(self) -> dict:
        return {"claim": self.claim, "kind": self.kind, "statement": self.statement,
                "detect": list(self.detect), "verdict": self.verdict,
                "certainty": self.certainty, "citations": list(self.citations),
                "suggestion": self.suggestion, "retracted": list(self.retracted),
                "stale": self.stale, "short_term": self.short_term,
                "references": [list(r) for r in self.references]}

    @classmethod
    def from_dict(cls, data: dict) -> "ClaimInfo":
        return cls(data["claim"], data["kind"], data["statement"], tuple(data["detect"]),
                   data["verdict"], data["certainty"], tuple(data["citations"]),
                   data["suggestion"], tuple(data.get("retracted", ())), data.get("stale"),
                   bool(data.get("short_term", False)),
                   tuple(tuple(r) for r in data.get("references", ())))
