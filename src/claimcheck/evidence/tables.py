"""The library's pandas frames with the grades beside the records.

The library layer knows records, not grades; ``GradedLibrary`` is the ``Library`` users get
from ``claimcheck.load()``: its ``claims`` frame carries the computed ``verdict``,
``certainty``, ``computed_verdict``, ``computed_certainty`` and ``reasons`` columns, and its
``grader`` grades each claim once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..library.loader import Library, load as load_records
from .grading import Grader

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

GRADE_COLUMNS = ("verdict", "certainty", "computed_verdict", "computed_certainty", "reasons")


def grade_columns(lib: Library, frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` (one row per claim, column ``id``) with the grade columns added;
    ``reasons`` holds a list of sentences per row."""
    grades = Grader.of(lib).grades()
    out = frame.copy()
    rows = [grades.get(i) for i in out["id"]]
    for col in GRADE_COLUMNS[:-1]:
        out[col] = [getattr(g, col) if g else None for g in rows]
    out["reasons"] = [list(g.reasons) if g else [] for g in rows]
    return out


@dataclass(eq=False)
class GradedLibrary(Library):
    """A ``Library`` whose ``claims`` frame also holds each claim's grade."""

    @property
    def grader(self) -> Grader:
        return Grader.of(self)

    @cached_property
    def claims(self) -> "pd.DataFrame":
        return grade_columns(self, Library.claims.func(self))


def load(root: str | os.PathLike | None = None, *, strict: bool = False) -> GradedLibrary:
    """Load the library at ``root`` (see ``claimcheck.library.find_root``) with its grades."""
    return load_records(root, strict=strict, cls=GradedLibrary)
