"""Evidence that changed under a finding: a retracted citation fails, new evidence warns.

A finding whose claim cites a record PubMed has retracted, while the citation file does not
yet say ``retracted: true`` (so the grade still counts it), gets a ``retracted-citation``
diagnostic: the run fails whatever ``--fail-on`` says, because the verdict shown rests on a
retracted paper. A claim with new evidence waiting in its triage queue (``claimcheck watch``)
gets a ``stale-grade`` warning, which never changes the exit code. Findings suppressed in the
draft get neither; baselined ones do (a retraction is news the baseline never accepted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .diagnostic import Diagnostic

if TYPE_CHECKING:  # pragma: no cover
    from .claiminfo import ClaimInfo
    from .linter import LintReport

CODES = {
    "retracted-citation": "the claim cites a study PubMed has retracted; the grade still "
                          "counts it",
    "stale-grade": "new evidence for the claim waits in its triage queue (a warning)",
}


def evidence_diagnostics(report: "LintReport", claims: "dict[str, ClaimInfo]") -> None:
    """Add the diagnostics and warnings of ``report``'s findings (once per claim and place)."""
    done: set[tuple] = set()
    for f in report.findings:
        info = claims.get(f.claim)
        if info is None or f.suppressed is not None or (f.claim, f.start) in done:
            continue
        done.add((f.claim, f.start))
        if info.retracted:
            report.diagnostics.append(Diagnostic(
                f.source, f.line, f.column, f.start, f.end, "retracted-citation",
                f"claim {f.claim!r} cites {', '.join(info.retracted)}, retracted in PubMed: "
                "its verdict may be wrong. Curators: set `retracted: true` in the citation "
                "file and review the grade (claimcheck verify, claimcheck grade)"))
        if info.stale:
            report.warnings.append(Diagnostic(
                f.source, f.line, f.column, f.start, f.end, "stale-grade",
                f"the grade of {f.claim!r} may be out of date: {info.stale} "
                f"(evidence/triage/{f.claim}.yaml)"))
