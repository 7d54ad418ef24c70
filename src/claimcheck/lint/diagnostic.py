"""Problems with a draft's own lint directives (a suppression without a reason, an unknown
claim id), reported next to the findings.

A ``Diagnostic`` is data with a stable kebab-case ``code``; any diagnostic makes the run
fail (exit 1) whatever ``--fail-on`` says, because a directive that cannot be honoured is a
mistake in the draft, not a judgement about a claim.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place: ``line``/``column`` 1-based, ``start``/``end`` 0-based
    character offsets into the original input (``end`` exclusive)."""

    source: str
    line: int
    column: int
    start: int
    end: int
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "column": self.column,
                "start": self.start, "end": self.end, "code": self.code,
                "message": self.message}

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: error {self.code}: {self.message}"
