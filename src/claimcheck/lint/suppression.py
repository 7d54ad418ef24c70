"""Inline suppressions: a writer accepts one finding in the draft itself, and says why.

Two spellings, one grammar (``IDS`` are claim ids separated by commas or spaces):

* a comment, in Markdown and HTML: ``<!-- claimcheck: ignore treats-neck-pain -- reason -->``
* a line of its own, in plain text and Markdown: ``claimcheck: ignore treats-neck-pain -- reason``

Scope:

* ``ignore IDS -- reason`` written after text on the same line (a trailing comment) applies to
  the findings on that line: a finding whose sentence starts, ends or runs through it;
* ``ignore IDS -- reason`` anywhere else (on a line of its own, or before the text on its line)
  applies to the next unit the linter reads (sentence, heading or list item) and to every
  finding that starts there (a question read with its answer starts at the question);
* ``ignore-file IDS -- reason`` applies to the whole document, wherever it is written.

Only the named claims are suppressed, never other claims of the same sentence. A directive
with a problem suppresses nothing and is reported as a ``Diagnostic`` that fails the run:
``suppression-without-reason`` (no ``-- reason``), ``suppression-without-claim`` (no id),
``suppression-unknown-claim`` (an id the library does not have) and ``suppression-malformed``
(a ``claimcheck:`` comment that is neither ``ignore`` nor ``ignore-file``). Suppressed findings
stay in the report, marked with their reason (``Finding.suppressed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Collection, Sequence

from .diagnostic import Diagnostic

if TYPE_CHECKING:  # pragma: no cover
    from .extract import Document
    from .linter import LintReport
    from .sentences import Sentence

CODES = {
    "suppression-without-reason": "A suppression must give a reason after '--'",
    "suppression-without-claim": "A suppression must name the claim ids it ignores",
    "suppression-unknown-claim": "A suppression names a claim id the library does not have",
    "suppression-malformed": "A claimcheck directive is neither 'ignore' nor 'ignore-file'",
}

# the body of a comment that talks to claimcheck
_COMMENT = re.compile(r"\s*claimcheck\s*:(?P<body>.*)\Z", re.S | re.I)
_VERB = re.compile(r"\s*(?P<verb>ignore-file|ignore)(?![\w-])(?P<rest>.*)\Z", re.S | re.I)
# the plain-text spelling: a line of its own
_LINE = re.compile(r"^[ \t]*claimcheck[ \t]*:[ \t]*(?:ignore-file|ignore)(?![\w-])[^\r\n]*",
                   re.M | re.I)


@dataclass(frozen=True)
class Directive:
    """One suppression as written: ``start``/``end`` index the original input."""

    start: int
    end: int
    verb: str  # "ignore", "ignore-file", or "" when malformed
    claims: tuple[str, ...]
    reason: str
    trailing: bool = False  # written after text on its line

    @classmethod
    def parse(cls, start: int, end: int, body: str) -> "Directive":
        """``body`` is what follows ``claimcheck:``."""
        m = _VERB.match(body)
        if not m:
            return cls(start, end, "", (), "")
        ids, _, reason = m.group("rest").partition("--")
        claims = tuple(dict.fromkeys(i for i in re.split(r"[\s,]+", ids) if i))
        return cls(start, end, m.group("verb").lower(), claims, " ".join(reason.split()))

    def problem(self, known: Collection[str]) -> tuple[str, str] | None:
        """``(code, message)`` when this directive cannot be honoured."""
        if not self.verb:
            return ("suppression-malformed",
                    "claimcheck directives are 'ignore IDS -- reason' and "
                    "'ignore-file IDS -- reason'")
        if not self.claims:
            return ("suppression-without-claim",
                    f"name the claim ids to ignore: '{self.verb} CLAIM-ID -- reason'")
        unknown = [c for c in self.claims if c not in known]
        if unknown:
            return ("suppression-unknown-claim",
                    f"unknown claim '{unknown[0]}' (see the files in claims/); "
                    "nothing is suppressed")
        if not self.reason:
            return ("suppression-without-reason",
                    f"say why after '--': '{self.verb} {','.join(self.claims)} -- reason'; "
                    "nothing is suppressed")
        return None


def read_directives(doc: "Document") -> list[Directive]:
    """The suppressions written in ``doc``, in document order.

    Comments come from the extractor (HTML and Markdown); a plain-text directive line (text
    and Markdown) is also blanked from ``doc.text`` here, so the linter does not read it as
    a sentence. Offsets are unchanged: the line keeps its length.
    """
    found: list[Directive] = []
    for start, end, body in doc.comments:
        m = _COMMENT.match(body)
        if m:
            found.append(Directive.parse(start, end, m.group("body")))
    if doc.kind != "html":  # text and Markdown map doc.text to the original one to one
        lines = list(_LINE.finditer(doc.text))
        for m in lines:
            body = _COMMENT.match(doc.original[m.start():m.end()]).group("body")
            found.append(Directive.parse(m.start(), m.end(), body))
        if lines:
            doc.text = _LINE.sub(lambda m: " " * len(m.group(0)), doc.text)
    return sorted(found, key=lambda d: d.start)


def apply_suppressions(report: "LintReport", doc: "Document", units: Sequence["Sentence"],
                       directives: Sequence[Directive], known: Collection[str]) -> None:
    """Mark the findings of ``report`` (one document) that ``directives`` suppress, and add a
    diagnostic to ``report.diagnostics`` for each directive that cannot be honoured."""
    if not directives:
        return
    spans = [doc.span(u.start, u.end) for u in units]
    whole_file: dict[str, str] = {}
    at_start: dict[tuple[int, str], str] = {}  # (finding start, claim) -> reason
    on_line: dict[tuple[int, str], str] = {}  # (line, claim) -> reason
    for d in directives:
        problem = d.problem(known)
        line, column = doc.position(d.start)
        if problem:
            report.diagnostics.append(Diagnostic(doc.source, line, column, d.start, d.end,
                                                 *problem))
            continue
        if d.verb == "ignore-file":
            targets = [(whole_file, c) for c in d.claims]
        elif _trails_text(doc, d, spans):
            targets = [(on_line, (line, c)) for c in d.claims]
        else:
            nxt = next((a for a, _ in spans if a >= d.end), None)
            targets = [] if nxt is None else [(at_start, (nxt, c)) for c in d.claims]
        for table, key in targets:
            table.setdefault(key, d.reason)

    def reason_for(f) -> str | None:
        lines = range(f.line, f.end_line + 1)
        return (whole_file.get(f.claim) or at_start.get((f.start, f.claim))
                or next((on_line[(n, f.claim)] for n in lines if (n, f.claim) in on_line),
                        None))

    report.findings = [replace(f, suppressed=r) if f.source == doc.source and
                       (r := reason_for(f)) else f for f in report.findings]


def _trails_text(doc: "Document", d: Directive, spans: list[tuple[int, int]]) -> bool:
    """Some text the linter reads lies before ``d`` on the line where ``d`` starts."""
    line_start = doc.original.rfind("\n", 0, d.start) + 1
    return any(a < d.start and b > line_start for a, b in spans)
