"""Find, load and check the library on disk; expose it as typed records and pandas frames.

A library root is a directory holding ``claims/`` and ``evidence/`` (DESIGN.md).
``load()`` reads every file, keeps each record that is valid, and collects a
``Problem`` for everything that is not, so that ``validate`` can report all of
them in one run. pandas is imported only when a frame is first asked for:
``claimcheck lint`` never pays for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import InvalidLibrary, LibraryError, UnknownClaim
from .model import Citation, Claim, Journal, SourceDoc
from .roots import ROOT_ENV, find_root, is_root  # noqa: F401  (part of this module's API)
from .validation import (Problem, cross_problems, effect_warnings, schema_problems,
                         sort_problems)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SOURCES_FILE = "sources.yaml"
JOURNALS_FILE = "journals.yaml"


@dataclass(eq=False)
class Library:
    """A loaded library.

    Typed records: ``claims_by_id``, ``citations_by_key``, ``sources_by_id`` (dicts of
    pydantic models, in file-name order), with ``claim(id)`` and ``citation(key)`` as
    accessors that raise ``UnknownClaim`` / ``KeyError``. ``problems`` holds every
    validation problem found while loading (empty for a valid library).

    pandas frames (built on first use, one row per record, stable column names):

    ``claims``
        id, kind, statement, condition, source_docs (comma-separated ids), n_sources,
        population, intervention, comparator, outcome, timeframe, search, n_evidence,
        n_supports, n_contradicts, n_mixed, n_background, n_direct, summary,
        suggested_wording, override_verdict, override_reason; a library loaded with
        ``claimcheck.load()`` adds the grade columns verdict, certainty, computed_verdict,
        computed_certainty and reasons (``claimcheck.evidence.tables``).
    ``citations``
        key, type, pmid, pmcid, doi, url, title, first_author, authors ("; "-joined),
        journal, year, volume, issue, pages, design, n_studies, n_participants,
        comparator_kinds (comma-separated), follow_up, follow_up_weeks, rob_tool,
        rob_score, rob_max, rob_rating, blinded, certainty_reported, n_effects,
        caution, retracted, n_claims.
    ``links``
        claim, claim_kind, citation, stance, directness, indirectness
        (comma-separated), note, design, year, n_participants.
    ``appearances``
        claim, claim_kind, doc, source_title, quote: where each claim is made.
    ``sources``
        id, title, publisher, kind, url, n_claims.
    """

    root: Path
    sources_by_id: dict[str, SourceDoc] = field(default_factory=dict)
    claims_by_id: dict[str, Claim] = field(default_factory=dict)
    citations_by_key: dict[str, Citation] = field(default_factory=dict)
    claim_paths: dict[str, Path] = field(default_factory=dict)
    citation_paths: dict[str, Path] = field(default_factory=dict)
    # keys of citation files that exist but failed validation: links to them are not "unknown"
    broken_keys: set[str] = field(default_factory=set)
    # citations named by claim files that failed validation: not reported as unused
    broken_links: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    # triage queues written by `claimcheck watch` (library.triage), by claim id
    triage: dict = field(default_factory=dict)
    # findings that do not make the library invalid (validation.WARNING_CODES)
    warnings: list[Problem] = field(default_factory=list)
    # evidence/journals.yaml: NLM abbreviation -> full title (optional file)
    journals: dict[str, Journal] = field(default_factory=dict)

    def journal_title(self, abbreviation: str | None) -> str | None:
        """The full title recorded for a journal abbreviation, or None when not recorded."""
        journal = self.journals.get(abbreviation or "")
        return journal.title if journal else None

    # -- typed access -------------------------------------------------------------
    def claim(self, claim_id: str) -> Claim:
        try:
            return self.claims_by_id[claim_id]
        except KeyError:
            raise UnknownClaim(claim_id) from None

    def citation(self, key: str) -> Citation:
        return self.citations_by_key[key]

    def iter_claims(self) -> Iterator[Claim]:
        return iter(self.claims_by_id.values())

    def citations_for(self, claim_id: str) -> list[Citation]:
        """The claim's linked citations that exist, in link order."""
        return [self.citations_by_key[link.citation] for link in self.claim(claim_id).evidence
                if link.citation in self.citations_by_key]

    def relpath(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    @property
    def valid(self) -> bool:
        return not self.problems

    # -- frames -------------------------------------------------------------------
    @cached_property
    def claims(self) -> "pd.DataFrame":
        import pandas as pd

        rows = []
        for c in self.claims_by_id.values():
            stances = [link.stance for link in c.evidence]
            ov = c.assessment.override
            rows.append({
                "id": c.id, "kind": c.kind, "statement": c.statement, "condition": c.condition,
                "source_docs": ",".join(sorted({s.doc for s in c.sources})),
                "n_sources": len(c.sources),
                "population": c.pico.population, "intervention": c.pico.intervention,
                "comparator": c.pico.comparator, "outcome": c.pico.outcome,
                "timeframe": c.pico.timeframe, "search": c.search,
                "n_evidence": len(c.evidence),
                "n_supports": stances.count("supports"),
                "n_contradicts": stances.count("contradicts"),
                "n_mixed": stances.count("mixed"), "n_background": stances.count("background"),
                "n_direct": sum(link.directness == "direct" for link in c.evidence),
                "summary": c.assessment.summary,
                "suggested_wording": c.assessment.suggested_wording,
                "override_verdict": ov.verdict if ov else None,
                "override_reason": ov.reason if ov else None,
            })
        return pd.DataFrame(rows, columns=_CLAIM_COLUMNS)

    @cached_property
    def citations(self) -> "pd.DataFrame":
        import pandas as pd

        uses: dict[str, int] = {}
        for c in self.claims_by_id.values():
            for link in c.evidence:
                uses[link.citation] = uses.get(link.citation, 0) + 1
        rows = []
        for k, t in self.citations_by_key.items():
            rob = t.risk_of_bias
            rows.append({
                "key": k, "type": t.type, "pmid": t.pmid, "pmcid": t.pmcid, "doi": t.doi,
                "url": t.url, "title": t.title,
                "first_author": t.authors[0] if t.authors else None,
                "authors": "; ".join(t.authors), "journal": t.journal, "year": t.year,
                "volume": t.volume, "issue": t.issue, "pages": t.pages, "design": t.design,
                "n_studies": t.n_studies, "n_participants": t.n_participants,
                "comparator_kinds": ",".join(t.comparator_kinds), "follow_up": t.follow_up,
                "follow_up_weeks": t.follow_up_weeks,
                "rob_tool": rob.tool if rob else None, "rob_score": rob.score if rob else None,
                "rob_max": rob.max if rob else None, "rob_rating": rob.rating if rob else None,
                "blinded": rob.blinded if rob else None,
                "certainty_reported": t.certainty_reported, "n_effects": len(t.effects),
                "caution": t.caution, "retracted": t.retracted, "n_claims": uses.get(k, 0),
            })
        frame = pd.DataFrame(rows, columns=_CITATION_COLUMNS)
        return frame.astype({"year": "Int64", "n_studies": "Int64", "n_participants": "Int64"})

    @cached_property
    def links(self) -> "pd.DataFrame":
        import pandas as pd

        rows = []
        for c in self.claims_by_id.values():
            for link in c.evidence:
                cit = self.citations_by_key.get(link.citation)
                rows.append({
                    "claim": c.id, "claim_kind": c.kind, "citation": link.citation,
                    "stance": link.stance, "directness": link.directness,
                    "indirectness": ",".join(link.indirectness), "note": link.note,
                    "design": cit.design if cit else None, "year": cit.year if cit else None,
                    "n_participants": cit.n_participants if cit else None,
                })
        frame = pd.DataFrame(rows, columns=_LINK_COLUMNS)
        return frame.astype({"year": "Int64", "n_participants": "Int64"})

    @cached_property
    def appearances(self) -> "pd.DataFrame":
        import pandas as pd

        rows = [{"claim": c.id, "claim_kind": c.kind, "doc": s.doc,
                 "source_title": self.sources_by_id[s.doc].title
                 if s.doc in self.sources_by_id else None, "quote": s.quote}
                for c in self.claims_by_id.values() for s in c.sources]
        return pd.DataFrame(rows, columns=["claim", "claim_kind", "doc", "source_title", "quote"])

    @cached_property
    def sources(self) -> "pd.DataFrame":
        import pandas as pd

        counts: dict[str, set[str]] = {}
        for c in self.claims_by_id.values():
            for s in c.sources:
                counts.setdefault(s.doc, set()).add(c.id)
        rows = [{"id": s.id, "title": s.title, "publisher": s.publisher, "kind": s.kind,
                 "url": s.url, "n_claims": len(counts.get(s.id, ()))}
                for s in self.sources_by_id.values()]
        return pd.DataFrame(rows, columns=["id", "title", "publisher", "kind", "url", "n_claims"])


_CLAIM_COLUMNS = [
    "id", "kind", "statement", "condition", "source_docs", "n_sources", "population",
    "intervention", "comparator", "outcome", "timeframe", "search", "n_evidence", "n_supports",
    "n_contradicts", "n_mixed", "n_background", "n_direct", "summary", "suggested_wording",
    "override_verdict", "override_reason",
]
_CITATION_COLUMNS = [
    "key", "type", "pmid", "pmcid", "doi", "url", "title", "first_author", "authors", "journal",
    "year", "volume", "issue", "pages", "design", "n_studies", "n_participants",
    "comparator_kinds", "follow_up", "follow_up_weeks", "rob_tool", "rob_score", "rob_max",
    "rob_rating", "blinded", "certainty_reported", "n_effects", "caution", "retracted",
    "n_claims",
]
_LINK_COLUMNS = ["claim", "claim_kind", "citation", "stance", "directness", "indirectness",
                 "note", "design", "year", "n_participants"]


def _read_yaml(path: Path, lib: Library) -> tuple[str, Any] | None:
    """A library file's text and data, read with the library's guards (``read_library_text``:
    regular files inside the root, a size limit, BOMs); None, with the problem added to
    ``lib``, when it cannot be read or parsed."""
    from .files import parse_yaml, read_library_text

    try:
        text = read_library_text(path, lib.root)
        return text, parse_yaml(text, path)
    except LibraryError as exc:
        lib.problems.append(Problem(lib.relpath(path), exc.line, None, exc.code, exc.detail))
        return None


def _read_record(path: Path, lib: Library, model: type) -> object | None:
    """Parse and validate one file; on failure add problems to ``lib`` and return None."""
    from pydantic import ValidationError

    from .files import field_lines

    rel = lib.relpath(path)
    read = _read_yaml(path, lib)
    if read is None:
        return None
    text, data = read
    if not isinstance(data, dict):
        lib.problems.append(Problem(rel, 1, None, "not-a-mapping",
                                    "expected a mapping of field: value at the top level"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lib.problems.extend(schema_problems(exc, rel, field_lines(text)))
        if model is Claim and isinstance(data.get("evidence"), list):
            lib.broken_links.update(str(e.get("citation")) for e in data["evidence"]
                                    if isinstance(e, dict))
        return None


def _load_sources(lib: Library) -> None:
    from pydantic import ValidationError

    from .files import field_lines

    path = lib.root / "claims" / SOURCES_FILE
    rel = lib.relpath(path)
    if not path.exists() and not path.is_symlink():
        lib.problems.append(Problem(rel, None, None, "missing-file",
                                    "the source-document registry is missing"))
        return
    read = _read_yaml(path, lib)
    if read is None:
        return
    text, data = read
    if not isinstance(data, list):
        lib.problems.append(Problem(rel, 1, None, "not-a-mapping",
                                    "expected a list of source documents"))
        return
    lines = field_lines(text)
    for i, item in enumerate(data):
        try:
            doc = SourceDoc.model_validate(item)
        except ValidationError as exc:
            for p in schema_problems(exc, rel, {k[1:]: v for k, v in lines.items()
                                                if k and k[0] == i}):
                lib.problems.append(Problem(p.path, p.line, f"[{i}].{p.field}", p.code,
                                            p.message))
            continue
        if doc.id in lib.sources_by_id:
            lib.problems.append(Problem(rel, lines.get((i, "id")), f"[{i}].id", "duplicate-id",
                                        f"source id {doc.id!r} is listed twice"))
            continue
        lib.sources_by_id[doc.id] = doc


def _load_journals(lib: Library) -> None:
    from pydantic import ValidationError

    from .files import field_lines

    path = lib.root / "evidence" / JOURNALS_FILE
    if not path.exists() and not path.is_symlink():
        return  # optional: without it APA keeps the abbreviations
    rel = lib.relpath(path)
    read = _read_yaml(path, lib)
    if read is None:
        return
    text, data = read
    if data is None:
        return
    if not isinstance(data, dict):
        lib.problems.append(Problem(rel, 1, None, "not-a-mapping",
                                    "expected a mapping of journal abbreviations"))
        return
    lines = field_lines(text)
    for name, item in data.items():
        try:
            lib.journals[str(name)] = Journal.model_validate(item)
        except ValidationError as exc:
            sub = {k[1:]: v for k, v in lines.items() if k and k[0] == name}
            for p in schema_problems(exc, rel, sub):
                lib.problems.append(Problem(p.path, p.line or lines.get((name,)),
                                            f"{name}.{p.field}", p.code, p.message))


def _load_dir(lib: Library, directory: Path, model: type, id_attr: str,
              records: dict, paths: dict) -> None:
    for path in sorted(directory.glob("*.yaml")):
        if directory.name == "claims" and path.name == SOURCES_FILE:
            continue
        rec = _read_record(path, lib, model)
        if rec is None:
            if model is Citation:
                lib.broken_keys.add(path.stem)
            continue
        rid = getattr(rec, id_attr)
        rel = lib.relpath(path)
        if rid != path.stem:
            lib.problems.append(Problem(rel, None, id_attr, "id-mismatch",
                                        f"{id_attr} {rid!r} differs from the file name "
                                        f"{path.stem!r}; rename one of them"))
        if rid in records:
            lib.problems.append(Problem(rel, None, id_attr, "duplicate-id",
                                        f"{id_attr} {rid!r} is also used by "
                                        f"{lib.relpath(paths[rid])}"))
            continue
        records[rid] = rec
        paths[rid] = path


def load(root: str | os.PathLike | None = None, *, strict: bool = False,
         cls: type[Library] = Library) -> Library:
    """Load the library at ``root`` (see ``find_root``) as a ``cls``.

    Every valid record is kept and every problem is listed in ``Library.problems``;
    with ``strict=True`` any problem raises ``InvalidLibrary`` instead. The grades live a
    layer up: ``claimcheck.load()`` (``claimcheck.evidence.tables.load``) adds them.
    """
    lib = cls(root=find_root(root))
    _load_sources(lib)
    _load_dir(lib, lib.root / "claims", Claim, "id", lib.claims_by_id, lib.claim_paths)
    citations_dir = lib.root / "evidence" / "citations"
    if citations_dir.is_dir():
        _load_dir(lib, citations_dir, Citation, "key", lib.citations_by_key, lib.citation_paths)
    _load_journals(lib)
    lib.problems.extend(cross_problems(lib))
    from .triage import load_triage

    load_triage(lib)
    lib.problems = sort_problems(lib.problems)
    lib.warnings = sort_problems(effect_warnings(lib))
    if strict and lib.problems:
        raise InvalidLibrary(lib.problems)
    return lib
