"""Triage queues: new PubMed records per claim, waiting for a curator's include/reject.

``evidence/triage/<claim-id>.yaml`` is written by ``claimcheck watch`` and edited by curators:
watch adds items and alerts and moves the snapshot; a curator sets ``decision`` (``include``
or ``reject``) with a ``reason`` on items, and ``reviewed: true`` on alerts. Watch never
changes a field a curator may write: it merges new items into the file as it is on disk.

    claim: treats-neck-pain
    query: '"dry needling"[tiab] AND neck[tiab]'   # the search that was watched
    snapshot: '2026-11-01T12:00:00Z'               # when PubMed was last asked (UTC)
    current_as_of: '2026-10-25T12:00:00Z'          # last snapshot that left nothing waiting
    items:
      - pmid: '41234567'
        title: ...
        year: 2026
        publication_types: [Randomized Controlled Trial, Journal Article]
        design_guess: rct
        priority: high                # high (reviews, RCTs), medium (other human), low
        found: '2026-11-01'
        decision: null                # include | reject (curator)
        reason: null                  # why (curator; required with a decision)
    alerts:                           # changes to records the claim already cites
      - pmid: '12345678'
        citation: smith-2019-jospt
        change: retracted             # retracted | erratum | expression-of-concern
        notices: ['41234568']
        found: '2026-11-01'
        reviewed: false               # curator: true once the change is dealt with

This module is the curator-data side (model, reading, merging, validation problems); the
fetching is ``claimcheck.pubmed.watch``; staleness is ``claimcheck.evidence.staleness``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .model import CLAIM_ID_RE, PMID_RE

if TYPE_CHECKING:  # pragma: no cover
    from .loader import Library

TRIAGE_DIR = ("evidence", "triage")
Decision = Literal["include", "reject"]
Priority = Literal["high", "medium", "low"]
Change = Literal["retracted", "erratum", "expression-of-concern"]
PRIORITY_VALUES = ("high", "medium", "low")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _bad_pmid(v) -> str | None:
    """The problem with a PMID value, or None when it is well formed."""
    return None if PMID_RE.match(str(v)) else f"malformed PMID {str(v)!r}: expected 1 to 9 digits"


class _PubMedEntry(_Record):
    """A triage entry about one PubMed record: its PMID is checked and kept as text."""

    pmid: str

    @field_validator("pmid", mode="before")
    @classmethod
    def _check_pmid(cls, v):
        if v is not None and _bad_pmid(v):
            raise ValueError(_bad_pmid(v))
        return None if v is None else str(v)


class TriageItem(_PubMedEntry):
    """One new PubMed record for a claim, and the curator's decision about it."""

    title: str | None = None
    year: int | None = None
    publication_types: list[str] = Field(default_factory=list)
    design_guess: str | None = None
    priority: Priority = "low"
    found: str | None = None
    decision: Decision | None = None
    reason: str | None = None

    @field_validator("found", mode="before")
    @classmethod
    def _date_as_text(cls, v):
        return None if v is None else str(v)

    @model_validator(mode="after")
    def _decision_needs_reason(self):
        if self.decision is not None and not (self.reason or "").strip():
            raise ValueError(f"decision {self.decision!r} needs a reason (why it was "
                             f"{'included' if self.decision == 'include' else 'rejected'})")
        return self


class TriageAlert(_PubMedEntry):
    """A change PubMed made to a record the claim already cites."""

    citation: str | None = None
    change: Change
    notices: list[str] = Field(default_factory=list)
    found: str | None = None
    reviewed: bool = False
    note: str | None = None

    @field_validator("notices", mode="before")
    @classmethod
    def _notices(cls, v):
        if not isinstance(v, list):
            return v
        for x in v:
            if _bad_pmid(x):
                raise ValueError(_bad_pmid(x))
        return [str(x) for x in v]

    @field_validator("found", mode="before")
    @classmethod
    def _date_as_text(cls, v):
        return None if v is None else str(v)


class TriageFile(_Record):
    """The triage queue of one claim (``evidence/triage/<claim-id>.yaml``)."""

    claim: str = Field(pattern=CLAIM_ID_RE.pattern)
    query: str | None = None
    snapshot: str | None = None
    current_as_of: str | None = None
    items: list[TriageItem] = Field(default_factory=list)
    alerts: list[TriageAlert] = Field(default_factory=list)

    @field_validator("snapshot", "current_as_of", mode="before")
    @classmethod
    def _stamp_as_text(cls, v):
        return None if v is None else str(v)

    @model_validator(mode="after")
    def _unique_pmids(self):
        seen: set[str] = set()
        for item in self.items:
            if item.pmid in seen:
                raise ValueError(f"PMID {item.pmid} is listed twice in items; keep one")
            seen.add(item.pmid)
        return self

    @property
    def pmids(self) -> set[str]:
        return {i.pmid for i in self.items}

    def item(self, pmid: str) -> TriageItem | None:
        return next((i for i in self.items if i.pmid == pmid), None)


def triage_dir(root: Path) -> Path:
    return Path(root).joinpath(*TRIAGE_DIR)


def triage_path(root: Path, claim_id: str) -> Path:
    return triage_dir(root) / f"{claim_id}.yaml"


def read_triage(path: Path) -> TriageFile | None:
    """The triage file at ``path`` (None when absent); raises ``LibraryError`` naming the file
    (and the line and field) when it is malformed, so watch never merges into a broken file."""
    from pydantic import ValidationError

    from ..errors import LibraryError
    from .files import field_lines, parse_yaml
    from .validation import schema_problems

    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError(path, f"cannot read: {exc}") from None
    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise LibraryError(path, "expected a mapping of field: value at the top level", line=1)
    try:
        return TriageFile.model_validate(data)
    except ValidationError as exc:
        first = schema_problems(exc, str(path), field_lines(text))[0]
        raise LibraryError(path, first.message, field=first.field, line=first.line) from None


def dump_triage(tri: TriageFile) -> str:
    from .files import dump_yaml

    data = tri.model_dump(mode="json")
    return dump_yaml(data)


def write_triage(root: Path, tri: TriageFile) -> Path:
    """Write atomically (a reader sees the old file or the new one, never half of one)."""
    from .files import atomic_write_text

    path = triage_path(root, tri.claim)
    atomic_write_text(path, dump_triage(tri))
    return path


def merge(on_disk: TriageFile | None, claim: str, *, query: str | None, snapshot: str,
          items: list[TriageItem] = (), alerts: list[TriageAlert] = (),
          nothing_waiting: bool | None = None) -> TriageFile:
    """``on_disk`` with new ``items`` and ``alerts`` appended and the snapshot moved on.

    Everything already in the file is kept as it is (a curator's decisions, reasons, notes,
    reviewed flags, and items watch itself wrote); an item whose PMID is already listed is not
    added again, nor an alert already listed for the same PMID and change."""
    base = on_disk or TriageFile(claim=claim)
    have = base.pmids
    new_items = list(base.items)
    for it in items:
        if it.pmid not in have:
            new_items.append(it)
            have.add(it.pmid)
    known = {(a.pmid, a.change) for a in base.alerts}
    new_alerts = list(base.alerts)
    for a in alerts:
        if (a.pmid, a.change) not in known:
            new_alerts.append(a)
            known.add((a.pmid, a.change))
    current = base.current_as_of
    if nothing_waiting:
        current = snapshot
    return TriageFile(claim=claim, query=query, snapshot=snapshot, current_as_of=current,
                      items=new_items, alerts=new_alerts)


# -- loading into the Library ----------------------------------------------------------------
_STEM_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_triage(lib: "Library") -> None:
    """Read every triage file into ``lib.triage`` (by claim id); problems go to
    ``lib.problems`` like any other library file's."""
    from pydantic import ValidationError

    from ..errors import LibraryError
    from .files import field_lines, parse_yaml
    from .validation import Problem, schema_problems

    directory = triage_dir(lib.root)
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.yaml")):
        rel = lib.relpath(path)
        try:
            text = path.read_text(encoding="utf-8")
            data = parse_yaml(text, path)
        except UnicodeDecodeError as exc:
            lib.problems.append(Problem(rel, None, None, "unreadable",
                                        f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            continue
        except OSError as exc:
            lib.problems.append(Problem(rel, None, None, "unreadable",
                                        f"cannot read: {exc.strerror}"))
            continue
        except LibraryError as exc:
            lib.problems.append(Problem(rel, exc.line, None, "yaml-syntax", exc.detail))
            continue
        if not isinstance(data, dict):
            lib.problems.append(Problem(rel, 1, None, "not-a-mapping",
                                        "expected a mapping of field: value at the top level"))
            continue
        try:
            tri = TriageFile.model_validate(data)
        except ValidationError as exc:
            lib.problems.extend(schema_problems(exc, rel, field_lines(text)))
            continue
        lines = field_lines(text)
        if tri.claim != path.stem:
            lib.problems.append(Problem(rel, lines.get(("claim",)), "claim", "id-mismatch",
                                        f"claim {tri.claim!r} differs from the file name "
                                        f"{path.stem!r}; rename one of them"))
            continue
        if tri.claim not in lib.claims_by_id:
            lib.problems.append(Problem(rel, lines.get(("claim",)), "claim", "unknown-claim",
                                        f"no claim file claims/{tri.claim}.yaml"))
            continue
        lib.triage[tri.claim] = tri
