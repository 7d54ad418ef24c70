"""``claimcheck verify``: the curated citation facts against the cached PubMed records.

Offline: reads ``evidence/citations/`` and ``evidence/pubmed/`` only. Each finding has a stable
code; ``error`` findings make the report fail (exit 1), ``warning`` ones are shown only.

codes: ``cache-empty`` (no cited PMID has a cache file: the cache was never filled; one
finding instead of one ``not-cached`` per PMID), ``not-cached`` (a cited PMID has no cache
file: run refresh), ``unreadable-record``,
``title-mismatch``, ``doi-mismatch``, ``year-mismatch``, ``first-author-mismatch``,
``retracted``, ``retraction-notice`` (the PMID is a retraction notice, never evidence),
``expression-of-concern``, ``pmcid-mismatch``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

from .records import PubMedRecord, read_record
from .refresh import Cache


@dataclass(frozen=True)
class Finding:
    code: str
    level: str          # "error" | "warning"
    citation: str
    pmid: str
    message: str
    curated: object = None
    pubmed: object = None

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        if not self.citation:  # a finding about the whole library
            return f"{self.level}: {self.code}: {self.message}"
        return f"{self.citation} (PMID {self.pmid}): {self.level}: {self.code}: {self.message}"


CACHE_EMPTY_HELP = ("fill it with 'NCBI_EMAIL=you@example.org claimcheck refresh' (needs "
                    "access to NCBI E-utilities), or copy evidence/pubmed/ from a library "
                    "that has it")


@dataclass
class VerifyReport:
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)
    # "checked", or "cache-empty" when not one cited PMID has a cached record
    state: str = "checked"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"ok": self.ok, "state": self.state, "checked": self.checked,
                "errors": len(self.errors), "warnings": len(self.findings) - len(self.errors),
                "findings": [f.as_dict() for f in self.findings]}


def normalise_title(text: str | None) -> str:
    """Casefolded letters and digits only: markup, accents, brackets (PubMed wraps translated
    titles in [...]), punctuation and spacing do not count as differences."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", text))


def _surname(author: str | None) -> str:
    words = normalise_title(author).split()
    # "Clement-Jones V" -> "clement jones"; a trailing initials word is dropped
    if len(words) > 1 and len(words[-1]) <= 3 and author and author.split()[-1].isupper():
        words = words[:-1]
    return " ".join(words)


def compare(key: str, cit, rec: PubMedRecord) -> list[Finding]:
    """Findings for one curated citation against its PubMed record."""
    out: list[Finding] = []

    def add(code, level, message, curated=None, pubmed=None):
        out.append(Finding(code, level, key, rec.pmid, message, curated, pubmed))

    if normalise_title(cit.title) != normalise_title(rec.title):
        add("title-mismatch", "error", "title differs from PubMed", cit.title, rec.title)
    if cit.doi and rec.doi and cit.doi.casefold() != rec.doi.casefold():
        add("doi-mismatch", "error", "DOI differs from PubMed", cit.doi, rec.doi)
    if cit.pmcid and rec.pmcid and cit.pmcid.upper() != rec.pmcid.upper():
        add("pmcid-mismatch", "error", "PMCID differs from PubMed", cit.pmcid, rec.pmcid)
    if cit.year is not None and rec.year is not None and cit.year != rec.year:
        add("year-mismatch", "error", "year differs from PubMed", cit.year, rec.year)
    if cit.authors and rec.authors and _surname(cit.authors[0]) != _surname(rec.authors[0]):
        add("first-author-mismatch", "error", "first author differs from PubMed",
            cit.authors[0], rec.authors[0])
    if rec.retracted:
        notices = ", ".join(rec.retraction_notices) or "no notice linked"
        if cit.retracted:
            add("retracted", "warning", f"retracted (notice: {notices}); marked retracted "
                "in the citation file", True, True)
        else:
            add("retracted", "error", f"PubMed lists this paper as retracted (notice: "
                f"{notices}); set retracted: true and review the claims citing it", False, True)
    if rec.is_retraction_notice:
        add("retraction-notice", "error", "this PMID is a retraction notice, not a study",
            None, list(rec.retraction_of))
    if rec.expression_of_concern:
        add("expression-of-concern", "warning", "PubMed links an expression of concern "
            f"(PMID {', '.join(rec.expression_of_concern)})", None,
            list(rec.expression_of_concern))
    return out


def verify(root=None) -> VerifyReport:
    """Check every citation with a PMID against ``evidence/pubmed/<PMID>.xml``."""
    from ..library.loader import load

    lib = load(root)
    cache = Cache(lib.root)
    report = VerifyReport()
    cited = {key: cit for key, cit in lib.citations_by_key.items() if cit.pmid}
    if cited and not any(cache.record_path(c.pmid).is_file() for c in cited.values()):
        report.state = "cache-empty"
        report.checked = len(cited)
        where = lib.relpath(cache.record_path("0").parent)
        report.findings.append(Finding(
            "cache-empty", "error", "", "",
            f"the PubMed cache ({where}/) holds no record for any of the {len(cited)} cited "
            f"PMIDs, so nothing could be verified; {CACHE_EMPTY_HELP}"))
        return report
    for key, cit in lib.citations_by_key.items():
        if not cit.pmid:
            continue
        report.checked += 1
        path = cache.record_path(cit.pmid)
        if not path.is_file():
            report.findings.append(Finding(
                "not-cached", "error", key, cit.pmid,
                f"no cached PubMed record ({lib.relpath(path)}); run 'claimcheck refresh'"))
            continue
        try:
            rec = read_record(path)
        except Exception as exc:  # any unreadable cache file is a finding, not a crash
            report.findings.append(Finding("unreadable-record", "error", key, cit.pmid,
                                           f"{lib.relpath(path)}: {exc}"))
            continue
        if rec.pmid != cit.pmid:
            report.findings.append(Finding("unreadable-record", "error", key, cit.pmid,
                                           f"{lib.relpath(path)} holds PMID {rec.pmid}"))
            continue
        report.findings.extend(compare(key, cit, rec))
    return report
