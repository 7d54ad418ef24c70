"""Render a ``LintReport``: text (optionally coloured), JSON, Markdown, HTML and SARIF.

Renderers are pure functions from a report to a string; the CLI only prints them.
JSON is exactly the shape in DESIGN.md. SARIF 2.1.0 (one rule per claim found, one
result per finding, with the sentence's region) lets code-review tools show findings
on the lines of a docs repository.

Findings suppressed in the draft or accepted in a baseline are counted in the summary but
left out of text (``show_suppressed`` shows the suppressed ones), Markdown and HTML; JSON
marks them (``suppressed``, ``baseline``) and SARIF carries them as ``suppressions`` and
``baselineState``. Problems with suppressions (diagnostics) are shown in every format.
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import PurePath
from typing import Iterable
from urllib.parse import quote

from .diagnostic import Diagnostic
from .linter import DEFAULT_FAIL_ON, Finding, LintReport
from .suppression import CODES

FORMATS = ("text", "json", "markdown", "html", "sarif")
VERDICT_COLOURS = {"supported": "green", "partly-supported": "cyan", "unproven": "yellow",
                   "contradicted": "red", "misleading": "magenta"}
HTML_COLOURS = {"supported": "#1a7f37", "partly-supported": "#0969da", "unproven": "#9a6700",
                "contradicted": "#cf222e", "misleading": "#8250df"}
SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "ok": "green"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def summary_line(report: LintReport) -> str:
    n = len(report.active)
    counts = ", ".join(f"{k} {v}" for k, v in report.by_severity.items())
    noun = "finding" if n == 1 else "findings"
    sent = "sentence" if report.sentences == 1 else "sentences"
    line = f"{n} {noun} in {report.sentences} {sent}" + (f" ({counts})" if counts else "")
    extra = [f"{report.suppressed} suppressed"] if report.suppressed else []
    if report.baselined:
        extra.append(f"{report.baselined} in the baseline")
    if report.diagnostics:
        k = len(report.diagnostics)
        extra.append(f"{k} suppression problem{'s' * (k != 1)}")
    return line + "".join(f"; {e}" for e in extra)


def render(report: LintReport, fmt: str, *, color: bool = False,
           fail_on: Iterable[str] = DEFAULT_FAIL_ON, show_suppressed: bool = False) -> str:
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2, ensure_ascii=False)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "sarif":
        return json.dumps(render_sarif(report, fail_on), indent=2, ensure_ascii=False)
    return render_text(report, color=color, show_suppressed=show_suppressed)


def render_text(report: LintReport, color: bool = False, show_suppressed: bool = False) -> str:
    import click

    lines = []
    shown = [f for f in report.findings
             if not f.baseline and (f.suppressed is None or show_suppressed)]
    # a sentence that makes several claims is shown once, under its first finding, and its
    # one rewrite (which covers them all) once, after its last
    for _, group in groupby(shown, key=lambda f: (f.source, f.line, f.column, f.end_line,
                                                  f.end_column)):
        group = list(group)
        for n, f in enumerate(group):
            severity = f.severity
            verdict = f"{f.verdict} ({f.certainty})"
            if color:
                severity = click.style(severity, fg=SEVERITY_COLOURS.get(f.severity), bold=True)
                verdict = click.style(verdict, fg=VERDICT_COLOURS.get(f.verdict))
                claim = click.style(f.claim, bold=True)
            else:
                claim = f.claim
            lines.append(f"{f.source}:{f.line}:{f.column}: {verdict} {claim}: {severity}")
            if n == 0:
                lines.append(f"    {_one_line(f.sentence)}")
            lines.append(f"    why: {f.reason}")
            if f.citations:
                lines.append(f"    citations: {', '.join(f.citations)}")
            if f.suppressed is not None:
                lines.append(f"    suppressed: {f.suppressed}")
        if any(f.severity != "ok" for f in group):
            lines.append(f"    rewrite: {group[-1].rewrite}")
    for d in report.diagnostics:
        lines.append(click.style(str(d), fg="red", bold=True) if color else str(d))
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return _one_line(text).replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_") \
        .replace("`", "\\`").replace("<", "&lt;").replace("[", "\\[")


def render_markdown(report: LintReport) -> str:
    out = ["# claimcheck lint", "", summary_line(report) + ".", ""]
    current = None
    for f in report.active:
        if f.source != current:
            current = f.source
            out += [f"## {_md_escape(f.source)}", ""]
        out += [f"### Line {f.line}: {f.severity}: `{f.claim}` is {f.verdict} "
                f"({f.certainty} certainty)", "",
                f"> {_md_escape(f.sentence)}", "",
                f"**Why:** {_md_escape(f.reason)}", "",
                f"**Safer wording:** {_md_escape(f.rewrite or f.suggestion)}", ""]
        links = _links(f)
        if links:
            out += ["**Evidence:** " + ", ".join(f"[{_md_escape(text)}]({url})"
                                                 for text, url in links), ""]
    if report.diagnostics:
        out += ["## Suppressions that were not honoured", ""]
        out += [f"- {_md_escape(d.source)}:{d.line}: `{d.code}`: {_md_escape(d.message)}"
                for d in report.diagnostics] + [""]
    return "\n".join(out).rstrip() + "\n"


def _links(f: Finding) -> list[tuple[str, str]]:
    """(text, URL) of the finding's evidence: the claim's report page, PubMed and DOI."""
    ev = f.evidence()
    out = [(f.claim, ev["claim_page"])] if ev["claim_page"] else []
    for ref in ev["references"]:
        url = ref["pubmed"] or ref["doi_url"]
        if url:
            out.append((ref["key"], url))
    return out


def render_html(report: LintReport) -> str:
    from html import escape as esc  # HTML output only: text and JSON runs skip the import
    rows = []
    for f in report.active:
        links = ", ".join(f'<a href="{esc(url)}">{esc(text)}</a>' for text, url in _links(f))
        rows.append(
            f'<tr class="verdict-{esc(f.verdict)} severity-{esc(f.severity)}">'
            f"<td>{esc(f.source)}:{f.line}</td><td>{esc(f.severity)}</td>"
            f"<td><code>{esc(f.claim)}</code></td><td>{esc(f.verdict)}</td>"
            f"<td>{esc(f.certainty)}</td><td>{esc(_one_line(f.sentence))}</td>"
            f"<td>{esc(f.reason)}</td><td>{esc(f.rewrite or f.suggestion)}</td>"
            f"<td>{links}</td></tr>")
    colours = "".join(f".verdict-{v} td:nth-child(4){{color:{c}}}"
                      for v, c in HTML_COLOURS.items())
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>claimcheck lint</title>"
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px;vertical-align:top}" + colours +
        "</style></head><body>\n<h1>claimcheck lint</h1>\n"
        f"<p>{esc(summary_line(report))}.</p>\n"
        "<table><thead><tr><th>Where</th><th>Severity</th><th>Claim</th><th>Verdict</th>"
        "<th>Certainty</th><th>Sentence</th><th>Why</th><th>Safer wording</th>"
        "<th>Evidence</th></tr></thead><tbody>\n"
        + "\n".join(rows) + "\n</tbody></table>\n" + _html_diagnostics(report)
        + "</body></html>\n")


def _html_diagnostics(report: LintReport) -> str:
    if not report.diagnostics:
        return ""
    from html import escape as esc
    items = "".join(f"<li>{esc(d.source)}:{d.line}: <code>{esc(d.code)}</code>: "
                    f"{esc(d.message)}</li>\n" for d in report.diagnostics)
    return f"<h2>Suppressions that were not honoured</h2>\n<ul>\n{items}</ul>\n"


def _uri(source: str) -> str:
    if source == "<stdin>":
        return "stdin"
    path = PurePath(source)
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def _level(severity: str, verdict: str, fail_on: set[str]) -> str:
    """SARIF level: what fails the run is an error; otherwise the gate's warning, else a note."""
    if severity in fail_on or verdict in fail_on:
        return "error"
    return "warning" if severity in ("error", "warning") else "note"


def render_sarif(report: LintReport, fail_on: Iterable[str] = DEFAULT_FAIL_ON) -> dict:
    """A SARIF 2.1.0 log: one run, one rule per claim found, one result per finding."""
    from .. import __version__

    failing = set(fail_on)
    claim_ids = sorted({f.claim for f in report.findings})
    index = {c: i for i, c in enumerate(claim_ids)}
    rules = []
    for cid in claim_ids:
        info = report.claims.get(cid)
        statement = info.statement if info else cid
        rules.append({
            "id": cid,
            "name": "".join(w.capitalize() for w in cid.split("-")),
            "shortDescription": {"text": _one_line(statement)},
            "fullDescription": {"text": _one_line(statement)},
            "help": {"text": f"Safer wording: {info.suggestion}" if info else ""},
            "defaultConfiguration": {"level": _level("error" if info and info.verdict in
                                                     ("unproven", "contradicted", "misleading")
                                                     else "warning", info.verdict if info
                                                     else "", failing) if info else "error"},
            "properties": {"kind": info.kind if info else None,
                           "verdict": info.verdict if info else None,
                           "certainty": info.certainty if info else None,
                           "tags": [t for t in (info.kind, info.verdict) if t] if info else []},
        })
    results = [_sarif_result(f, index[f.claim], failing, report.baseline_used)
               for f in report.findings]
    codes = sorted({d.code for d in report.diagnostics})
    for code in codes:
        index[code] = len(rules)
        rules.append({"id": code, "name": "".join(w.capitalize() for w in code.split("-")),
                      "shortDescription": {"text": CODES.get(code, code)},
                      "defaultConfiguration": {"level": "error"}})
    results += [_sarif_diagnostic(d, index[d.code]) for d in report.diagnostics]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "claimcheck", "version": __version__,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _sarif_diagnostic(d: Diagnostic, rule_index: int) -> dict:
    return {"ruleId": d.code, "ruleIndex": rule_index, "level": "error",
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.source)},
                "region": {"startLine": d.line, "startColumn": d.column,
                           "charOffset": d.start, "charLength": d.end - d.start}}}]}


def _sarif_result(f: Finding, rule_index: int, failing: set[str],
                  baseline_used: bool = False) -> dict:
    from hashlib import sha256  # SARIF output only

    fingerprint = sha256(f"{f.claim}\0{_one_line(f.sentence)}".encode()).hexdigest()
    extra: dict = {}
    if f.suppressed is not None:  # SARIF 2.1.0 section 3.35
        extra["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
    if baseline_used:  # section 3.27.24
        extra["baselineState"] = "unchanged" if f.baseline else "new"
    return {
        "ruleId": f.claim,
        "ruleIndex": rule_index,
        "level": _level(f.severity, f.verdict, failing),
        "message": {"text": f"{f.severity}: claim '{f.claim}' is {f.verdict} ({f.certainty} "
                            f"certainty). {f.reason} Safer wording: {f.rewrite or f.suggestion}"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(f.source)},
            "region": {"startLine": f.line, "startColumn": f.column,
                       "endLine": f.end_line, "endColumn": f.end_column,
                       "charOffset": f.start, "charLength": f.end - f.start,
                       "snippet": {"text": f.sentence}},
        }}],
        "partialFingerprints": {"claimcheckSentence/v1": fingerprint[:32]},
        "properties": {"verdict": f.verdict, "certainty": f.certainty,
                       "severity": f.severity, "citations": list(f.citations),
                       "evidence": f.evidence()},
        **extra,
    }
