"""The safer copy of a draft: each sentence the gate fails or warns on replaced by its rewrite.

``claimcheck lint --safer FILE`` writes it for a text or Markdown draft, and the workbench
shows it beside the draft (``serve.view``). Sentences that are fine, and every byte between
sentences, stay as written; a suppressed or baselined finding is left alone, as lint leaves
it. It is a copy to review, never the draft itself: a curated wording stands where the
clinic's sentence made a claim nothing supports.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import InputError, OutputError

if TYPE_CHECKING:  # pragma: no cover
    from .extract import Document
    from .linter import LintReport

# what a safer copy can be made of: drafts whose findings' offsets are the file's own
KINDS = ("text", "markdown")


def safer_text(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each span ``(start, end, rewrite)`` replaced by its rewrite. Spans that
    overlap (a question read with its answer, two claims in one sentence) are rewritten
    once, their distinct rewrites joined."""
    clusters: list[list] = []
    for a, b, rewrite in sorted(s for s in spans if s[1] > s[0] and s[2]):
        if clusters and a < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], b)
            if rewrite not in clusters[-1][2]:
                clusters[-1][2].append(rewrite)
        else:
            clusters.append([a, b, [rewrite]])
    out, pos = [], 0
    for a, b, rewrites in clusters:
        out += [text[pos:a], " ".join(rewrites)]
        pos = b
    out.append(text[pos:])
    return "".join(out)


def check(doc: "Document") -> None:
    """``InputError`` unless a safer copy can be made of ``doc``: HTML and Word drafts have
    their findings placed in the text lint reads, not in the file."""
    if doc.kind not in KINDS or doc.starts is not None:
        raise InputError(doc.source, f"a safer copy is written for text and Markdown drafts, "
                                     f"not {doc.kind}; the workbench (claimcheck serve) shows "
                                     f"one for any draft")


def safer_copy(doc: "Document", report: "LintReport") -> tuple[str, int]:
    """The draft ``doc`` with the rewrites of its active findings that fail or warn, and
    how many sentences were rewritten."""
    check(doc)
    spans = {(f.start, f.end, f.rewrite) for f in report.active
             if f.source == doc.source and f.severity != "ok" and f.rewrite}
    return safer_text(doc.original, spans), len({(a, b) for a, b, _ in spans})


def write_safer(path: str | os.PathLike, text: str) -> None:
    """Write the safer copy atomically (nothing half-written)."""
    try:
        from ..library.files import atomic_write_text  # imports yaml: only when writing

        atomic_write_text(Path(path), text)
    except OSError as exc:
        raise OutputError(str(path), f"cannot write the safer copy: {exc.strerror}") from None
