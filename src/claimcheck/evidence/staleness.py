"""Is a claim's grade still current? What is waiting in its triage queue.

A grade is only as good as the day it was made. ``claimcheck watch`` puts new PubMed records and
changes to cited records in ``evidence/triage/<claim-id>.yaml`` (``library.triage``); a claim is
*stale* while any of these waits:

``included``
    a record a curator included (``decision: include``) that no citation linked to the claim
    carries yet: the grade does not count it;
``untriaged``
    a high-priority record (a systematic review or a randomised trial) nobody has decided on;
``retracted`` / ``erratum`` / ``expression-of-concern``
    a change to a cited record that nobody has reviewed; a retraction waits until the citation
    file says ``retracted: true`` (then grading leaves the study out) or the alert is reviewed.

A cited record whose cached PubMed record is retracted while the citation file does not say so
is an unacknowledged retraction (``retracted_citations``): lint fails on it, whatever the
verdict. New evidence is only ever a warning.

``evidence_date`` is the last time PubMed was asked with nothing left waiting afterwards (the
triage file's ``current_as_of``, or its ``snapshot`` once nothing waits); None before any watch
(``assessment.searched`` is the curator's words about the search, not a date).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library


@dataclass(frozen=True)
class Stale:
    """Why a claim's grade may be out of date: what waits for a curator."""

    claim: str
    waiting: tuple[dict, ...]
    snapshot: str | None = None
    evidence_date: str | None = None

    def as_dict(self) -> dict:
        return {"waiting": [dict(w) for w in self.waiting], "snapshot": self.snapshot,
                "evidence_date": self.evidence_date}

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for w in self.waiting:
            counts[w["kind"]] = counts.get(w["kind"], 0) + 1
        words = {"included": "included but not graded", "untriaged": "high-priority untriaged",
                 "retracted": "cited record retracted", "erratum": "erratum to a cited record",
                 "expression-of-concern": "expression of concern about a cited record"}
        return "; ".join(f"{n} {words.get(k, k)}" for k, n in counts.items())


def _waiting(kind: str, pmid: str, *, title: str | None = None, priority: str | None = None,
             citation: str | None = None, notices: list[str] | None = None) -> dict:
    """One waiting entry; every entry has the same keys."""
    return {"kind": kind, "pmid": pmid, "title": title, "priority": priority,
            "citation": citation, "notices": list(notices or [])}


def _cited_pmids(lib: "Library", claim_id: str) -> dict[str, str]:
    """PMID -> citation key of the claim's linked citations."""
    return {c.pmid: c.key for c in lib.citations_for(claim_id) if c.pmid}


def retracted_citations(lib: "Library", claim_id: str) -> list[str]:
    """Keys of the claim's citations PubMed says are retracted (the cached record, or a watch
    alert) while the citation file does not say ``retracted: true``: the grade still counts
    them. Background links count too (a claim should not lean on a retracted paper at all)."""
    from ..library.recordflags import cached_retracted

    tri = lib.triage.get(claim_id)
    alerted = {a.pmid for a in tri.alerts if a.change == "retracted"} if tri else set()
    out = []
    for cit in lib.citations_for(claim_id):
        if cit.retracted or not cit.pmid:
            continue
        if cit.pmid in alerted or cached_retracted(lib.root, cit.pmid):
            out.append(cit.key)
    return list(dict.fromkeys(out))


def staleness(lib: "Library", claim_id: str) -> Stale | None:
    """What waits for the claim (None when nothing does, or it was never watched)."""
    lib.claim(claim_id)   # UnknownClaim for an unknown id
    tri = lib.triage.get(claim_id)
    cited = _cited_pmids(lib, claim_id)
    waiting: list[dict] = []
    if tri is not None:
        for it in tri.items:
            if it.pmid in cited:
                continue  # already graded
            if it.decision == "include":
                waiting.append(_waiting("included", it.pmid, title=it.title,
                                        priority=it.priority))
            elif it.decision is None and it.priority == "high":
                waiting.append(_waiting("untriaged", it.pmid, title=it.title,
                                        priority=it.priority))
        by_key = {c.key: c for c in lib.citations_for(claim_id)}
        for a in tri.alerts:
            if a.reviewed:
                continue
            key = a.citation or cited.get(a.pmid)
            cit = by_key.get(key) if key else None
            if a.change == "retracted" and cit is not None and cit.retracted:
                continue  # acknowledged in the citation file: grading leaves it out
            if key is not None and key not in by_key:
                continue  # no longer linked
            waiting.append(_waiting(a.change, a.pmid, citation=key, notices=a.notices))
    alerted = {(w["kind"], w["pmid"]) for w in waiting}
    for key in retracted_citations(lib, claim_id):
        pmid = lib.citations_by_key[key].pmid
        if ("retracted", pmid) not in alerted:
            waiting.append(_waiting("retracted", pmid, citation=key))
    evidence_date = tri.current_as_of if tri is not None else None
    if not waiting:
        return None
    return Stale(claim_id, tuple(waiting), tri.snapshot if tri else None, evidence_date)


def evidence_date(lib: "Library", claim_id: str) -> str | None:
    """When the claim's evidence was last known complete (see the module docstring)."""
    tri = lib.triage.get(claim_id)
    if tri is not None:
        if tri.snapshot and staleness(lib, claim_id) is None:
            return tri.snapshot  # everything found by the last watch has been dealt with
        return tri.current_as_of
    return None
