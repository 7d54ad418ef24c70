"""Coverage figures for the claims library: how much of it rests on confirmed evidence.

"Confirmed PMID" means the PMID was seen on a primary bibliographic page (PubMed, PMC or
Europe PMC) listed in the citation's ``verified_from``; a PMID seen only on a mirror or an
aggregator counts as present but unconfirmed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..library.loader import Library

PRIMARY_HOSTS = ("pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov/pubmed", "pmc.ncbi.nlm.nih.gov",
                 "ncbi.nlm.nih.gov/pmc", "europepmc.org")


def pmid_confirmed(citation) -> bool:
    return citation.pmid is not None and any(
        host in url for url in citation.verified_from for host in PRIMARY_HOSTS)


@dataclass(frozen=True)
class Coverage:
    claims: int
    claims_by_kind: dict[str, int]
    citations: int
    links: int
    links_per_claim_mean: float
    links_per_claim_min: int
    links_per_claim_max: int
    claims_without_evidence: list[str]
    claims_with_one_study: list[str]
    citations_with_pmid: int
    citations_with_confirmed_pmid: int
    share_confirmed_pmid: float
    citations_with_doi: int
    citations_with_caution: int
    citations_without_identifier: list[str]

    def as_dict(self) -> dict:
        return asdict(self)


def coverage(lib: Library) -> Coverage:
    claims = list(lib.iter_claims())
    counts = [len(c.evidence) for c in claims] or [0]
    by_kind: dict[str, int] = {}
    for c in claims:
        by_kind[c.kind] = by_kind.get(c.kind, 0) + 1
    cits = list(lib.citations_by_key.values())
    confirmed = sum(pmid_confirmed(t) for t in cits)
    return Coverage(
        claims=len(claims), claims_by_kind=dict(sorted(by_kind.items())), citations=len(cits),
        links=sum(counts) if claims else 0,
        links_per_claim_mean=round(sum(counts) / len(counts), 2),
        links_per_claim_min=min(counts), links_per_claim_max=max(counts),
        claims_without_evidence=sorted(c.id for c in claims if not c.evidence),
        claims_with_one_study=sorted(c.id for c in claims if len(c.evidence) == 1),
        citations_with_pmid=sum(t.pmid is not None for t in cits),
        citations_with_confirmed_pmid=confirmed,
        share_confirmed_pmid=round(confirmed / len(cits), 3) if cits else 0.0,
        citations_with_doi=sum(t.doi is not None for t in cits),
        citations_with_caution=sum(t.caution is not None for t in cits),
        citations_without_identifier=sorted(t.key for t in cits
                                            if not (t.pmid or t.pmcid or t.doi)),
    )


def render(cov: Coverage) -> str:
    kinds = ", ".join(f"{k} {n}" for k, n in cov.claims_by_kind.items())
    lines = [
        f"claims                         {cov.claims} ({kinds})",
        f"citations                      {cov.citations}",
        f"evidence links                 {cov.links} (per claim: mean {cov.links_per_claim_mean}, "
        f"min {cov.links_per_claim_min}, max {cov.links_per_claim_max})",
        f"citations with a PMID          {cov.citations_with_pmid}",
        f"  confirmed on PubMed/PMC/EPMC {cov.citations_with_confirmed_pmid} "
        f"({cov.share_confirmed_pmid:.1%} of citations)",
        f"citations with a DOI           {cov.citations_with_doi}",
        f"citations with a caution       {cov.citations_with_caution}",
        f"claims with no evidence        {len(cov.claims_without_evidence)}: "
        f"{', '.join(cov.claims_without_evidence) or '-'}",
        f"claims with one study          {len(cov.claims_with_one_study)}: "
        f"{', '.join(cov.claims_with_one_study) or '-'}",
        f"citations with no identifier   {len(cov.citations_without_identifier)}: "
        f"{', '.join(cov.citations_without_identifier) or '-'}",
    ]
    return "\n".join(lines)
