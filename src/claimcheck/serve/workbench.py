"""The workbench's model: one library, its linter, and what a finding links to.

``Workbench(root)`` loads the library once; ``check(data, name, kind)`` lints a draft given
as bytes (text, Markdown, HTML or .docx) and returns a ``Checked`` result, kept in a small
in-memory store under a random token so that the result page, its downloads and a reload
find it again. Claims' statements, summaries and grading steps, and the references (Vancouver,
with PubMed, PMC and DOI links) are worked out once, when first needed.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import PurePath

from ..errors import InputError
from ..lint.docx import read_document
from ..lint.linter import LintReport, linter_for
from .view import Marked, mark

UPLOAD_SUFFIXES = {".docx": None, ".md": "markdown", ".markdown": "markdown",
                   ".html": "html", ".htm": "html", ".txt": "text"}
INPUT_KINDS = ("auto", "text", "markdown", "html")
KEEP_RESULTS = 64


@dataclass
class Checked:
    """One linted draft."""

    token: str
    name: str
    report: LintReport
    data: dict  # report.as_dict()
    marked: Marked


def upload_kind(filename: str) -> str | None:
    """The input kind of an uploaded file by its suffix; ``InputError`` for other files."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(filename, f"cannot read {suffix or 'a file without a suffix'}: upload "
                                   "a Word .docx, Markdown .md, HTML .html or text .txt draft")
    return UPLOAD_SUFFIXES[suffix]


def safe_name(filename: str | None, default: str = "draft") -> str:
    """The base name of an uploaded file, without path or control characters."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()[:120]
    return name or default


class Workbench:
    def __init__(self, root: str | os.PathLike | None = None) -> None:
        from ..library.loader import load

        self.lib = load(root)
        self.linter = linter_for(self.lib)
        self._results: OrderedDict[str, Checked] = OrderedDict()
        self._lock = threading.Lock()
        self._claims: dict[str, dict] | None = None
        self._references: dict[str, dict] | None = None
        self._site: dict[str, str] | None = None

    # -- checking ---------------------------------------------------------------------------
    def lint(self, data: bytes, name: str, kind: str | None = None):
        """``(document, report)`` for a draft given as bytes."""
        if kind == "auto":
            kind = None
        doc = read_document(data, name, kind)
        return doc, self.linter.lint_document(doc)

    def check(self, data: bytes, name: str, kind: str | None = None) -> Checked:
        doc, report = self.lint(data, name, kind)
        as_dict = report.as_dict()
        checked = Checked(secrets.token_urlsafe(16), name, report, as_dict, mark(doc, as_dict))
        with self._lock:
            self._results[checked.token] = checked
            while len(self._results) > KEEP_RESULTS:
                self._results.popitem(last=False)
        return checked

    def result(self, token: str) -> Checked | None:
        with self._lock:
            return self._results.get(token)

    # -- what findings link to --------------------------------------------------------------
    def claims(self) -> dict[str, dict]:
        if self._claims is None:
            from ..evidence.grading import grade_library

            grades = grade_library(self.lib)
            self._claims = {
                cid: {"statement": c.statement, "summary": (c.assessment.summary or "").strip(),
                      "reasons": list(grades[cid].reasons) if cid in grades else []}
                for cid, c in self.lib.claims_by_id.items()}
        return self._claims

    def references(self) -> dict[str, dict]:
        if self._references is None:
            from ..publish.cite import doi_url, http_url, pmc_url, pubmed_url, styled

            cits = list(self.lib.citations_by_key.values())
            texts = styled(cits, "vancouver")
            self._references = {
                c.key: {"key": c.key, "text": text.strip(),
                        "pubmed": pubmed_url(c.pmid) if c.pmid else None,
                        "doi": doi_url(c.doi) if c.doi else None,
                        "pmc": pmc_url(c.pmcid) if c.pmcid else None,
                        "url": http_url(c.url), "retracted": bool(c.retracted)}
                for c, text in zip(cits, texts)}
        return self._references

    def site(self) -> dict[str, str]:
        """The library's report pages ({relative path: HTML}), rendered on first use."""
        if self._site is None:
            from ..publish.report import render_site

            self._site = render_site(self.lib)
        return self._site
