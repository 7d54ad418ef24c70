"""What the workbench shows of one checked draft: the draft marked up, the findings, the
safer draft. Pure functions from a ``Document`` and the lint report's JSON to plain data the
templates render (and escape).

Findings are read as ``lint --format json`` gives them, so fields added to that contract
show up here without a change: ``severity`` (the publish gate: error, warning, ok; before
it, derived from the verdict by ``severity_of``), ``rewrite`` (one safer sentence per
sentence; before it, the claim's ``suggestion``) and ``reason``.

Where the draft is shown: plain text, Markdown and Word drafts as written (a Word draft one
paragraph per block, with its headings and list entries), HTML as its visible text. Finding
offsets index the input (``Document.original``); for HTML they are mapped onto the visible
text through the extractor's character map.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..lint.extract import Document

SEVERITIES = ("error", "warning", "ok")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}
VERDICT_SEVERITY = {"unproven": "error", "contradicted": "error", "misleading": "error",
                    "partly-supported": "warning", "supported": "ok"}
SEVERITY_LABEL = {"error": "Fix before publishing", "warning": "Qualify the wording",
                  "ok": "Supported as worded"}
BREAK = "\v"


def severity_of(finding: dict) -> str:
    """The publish gate's severity, else the one the verdict implies."""
    sev = finding.get("severity")
    if sev in _RANK:
        return sev
    return VERDICT_SEVERITY.get(finding.get("verdict", ""), "warning")


def rewrite_of(finding: dict) -> str:
    """The gate's rewrite of the sentence, else the claim's safer wording."""
    return " ".join(str(finding.get("rewrite") or finding.get("suggestion") or "").split())


def is_active(finding: dict) -> bool:
    return not finding.get("suppressed") and not finding.get("baseline")


@dataclass
class Run:
    text: str
    findings: list[int] = field(default_factory=list)  # indexes into Checked.findings
    severity: str | None = None
    suppressed: bool = False


@dataclass
class Block:
    role: str  # paragraph, heading, item, blank
    runs: list[Run]


@dataclass
class Marked:
    """The draft as shown: blocks of runs, each run with the findings covering it."""

    blocks: list[Block]
    findings: list[dict]  # the report's findings, each with severity, rewrite, shown span
    safer: str  # the whole draft with the rewrites applied
    shown: str  # the draft as shown (text)


def _display(doc: Document) -> tuple[str, list[tuple[int, int, str]]]:
    """The text shown and its blocks ``(start, end, role)``."""
    paragraphs = getattr(doc, "paragraphs", None)
    if paragraphs is not None:  # Word: one block per paragraph
        shown = doc.original.replace(BREAK, "\n")
        return shown, [(p.start, p.end, p.role if p.end > p.start else "blank")
                       for p in paragraphs]
    shown = doc.original if doc.starts is None else doc.text
    blocks = []
    for m in re.finditer(r"[^\n]*(?:\n|\Z)", shown):
        if m.start() == len(shown) and m.start() > 0:
            break
        a, b = m.start(), m.end() - (1 if m.group(0).endswith("\n") else 0)
        if b > a and shown[b - 1] == "\r":
            b -= 1
        body = shown[a:b]
        role = "blank" if not body.strip() else \
            "heading" if re.match(r"\s{0,3}#{1,6}\s", body) else \
            "item" if re.match(r"\s*(?:[-*+\u2022]|\d{1,3}[.)])\s", body) else "paragraph"
        blocks.append((a, b, role))
    return shown, blocks


def _to_shown(doc: Document, start: int, end: int) -> tuple[int, int]:
    """A span of the input as a span of the text shown."""
    if doc.starts is None or getattr(doc, "paragraphs", None) is not None:
        return start, end
    a = bisect_left(doc.starts, start)
    b = bisect_right(doc.ends, end)
    return a, max(a, b)


def mark(doc: Document, report: dict) -> Marked:
    """The view of one checked draft: ``report`` is ``LintReport.as_dict()``."""
    shown, blocks = _display(doc)
    findings = []
    for i, f in enumerate(report.get("findings", [])):
        a, b = _to_shown(doc, f["start"], f["end"])
        findings.append({**f, "id": i, "severity": severity_of(f), "rewrite": rewrite_of(f),
                         "active": is_active(f), "shown": (a, b)})
    out = []
    for a, b, role in blocks:
        cuts = {a, b}
        covering = [f for f in findings if f["shown"][0] < b and f["shown"][1] > a]
        for f in covering:
            cuts.update(x for x in f["shown"] if a < x < b)
        edges = sorted(cuts)
        runs = []
        for s, e in zip(edges, edges[1:]):
            here = [f for f in covering if f["shown"][0] <= s and f["shown"][1] >= e]
            active = [f for f in here if f["active"]]
            worst = min((f["severity"] for f in active), key=_RANK.get, default=None)
            runs.append(Run(shown[s:e], [f["id"] for f in here], worst,
                            bool(here) and not active))
        out.append(Block(role, runs or [Run("")]))
    return Marked(out, findings, safer_draft(shown, findings), shown)


def safer_draft(shown: str, findings: list[dict]) -> str:
    """``shown`` with each flagged sentence replaced by its rewrite (``lint.safer``)."""
    from ..lint.safer import safer_text

    return safer_text(shown, ((f["shown"][0], f["shown"][1], f["rewrite"]) for f in findings
                              if f["active"] and f["severity"] != "ok"))


def counts(findings: list[dict]) -> dict[str, int]:
    tally = {s: 0 for s in SEVERITIES}
    for f in findings:
        if f["active"]:
            tally[f["severity"]] += 1
    return tally
