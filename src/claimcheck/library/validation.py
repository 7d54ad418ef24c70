"""Validation findings as data: every problem in the library, with a stable code.

Each check yields ``Problem`` records and never prints; ``claimcheck validate``
renders them and derives its exit code from whether there are any. The codes are part of
the contract (tests and editor integrations match on them): ``CODES`` is their one registry,
README's table of validation codes is tested against it, and a ``Problem`` with a code that
is not registered cannot be made.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import ValidationError

    from .loader import Library


CODES: dict[str, str] = {
    "unreadable": "file cannot or must not be read: not UTF-8, over 1 MB, not a regular file "
                  "(FIFO, device, directory), or a symlink leaving the library",
    "yaml-syntax": "YAML does not parse, or uses an alias, a key twice in one mapping or "
                   "nesting past 64 levels (the line is given)",
    "not-a-mapping": "the file's top level is not a mapping (or list, for sources)",
    "missing-file": "a required file (claims/sources.yaml) is absent",
    "unknown-field": "a key the data model does not have",
    "missing-field": "a required key is absent",
    "bad-vocabulary": "a value outside the controlled vocabulary (kind, stance, ...)",
    "malformed-identifier": "PMID, PMCID, DOI, claim id or source id of the wrong shape",
    "quote-too-long": "a quote over 25 words",
    "bad-detect-phrase": "a detect phrase with an empty part around '&'",
    "invalid-value": "any other value of the wrong type or range",
    "id-mismatch": "the record's id/key differs from its file name",
    "duplicate-id": "two records share an id or key",
    "duplicate-identifier": "two citations share a PMID, PMCID or DOI",
    "duplicate-link": "a claim links the same citation twice",
    "unknown-citation": "an evidence link names a citation file that does not exist",
    "unused-citation": "a citation no claim links to",
    "unknown-source": "a claim quotes a source document not in the registry",
    "unknown-claim": "a triage file is for a claim the library does not have",
    "quote-not-in-source": "a quote is not verbatim in the seed document (``--seeds``)",
    "implausible-effect": "warning: an effect estimate implausible for its measure (SMD over 3, "
                          "a ratio at or below 0, a percentage over 100, outside its own CI)",
}
# codes reported as warnings: shown by validate, never making the library invalid
WARNING_CODES = frozenset({"implausible-effect"})


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the library, located as precisely as we can."""

    path: str
    line: int | None
    field: str | None
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise KeyError(f"validation code {self.code!r} is not registered in CODES")

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


_IDENTIFIER_FIELDS = {"pmid", "pmcid", "doi", "id", "key", "doc"}


def _field_name(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_problems(exc: "ValidationError", relpath: str,
                    lines: dict[tuple, int]) -> list[Problem]:
    """Translate a pydantic ``ValidationError`` into problems with field paths and lines."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        leaf = next((p for p in reversed(loc) if isinstance(p, str)), "")
        given = err.get("input")
        if kind == "extra_forbidden":
            code, msg = "unknown-field", "unknown field (not in the data model; misspelt?)"
        elif kind == "missing":
            code, msg = "missing-field", "required field is missing"
        elif kind == "literal_error":
            allowed = err.get("ctx", {}).get("expected", "")
            code, msg = "bad-vocabulary", f"{given!r} is not one of {allowed}"
        elif leaf == "detect" and kind == "value_error":
            code, msg = "bad-detect-phrase", str(err["ctx"]["error"])
        elif leaf == "quote" and kind == "value_error":
            code, msg = "quote-too-long", str(err["ctx"]["error"])
        elif leaf in _IDENTIFIER_FIELDS and kind in ("value_error", "string_pattern_mismatch"):
            detail = (str(err["ctx"]["error"]) if kind == "value_error"
                      else f"malformed {leaf} {given!r}"
                      + (": use lower-case words joined by hyphens" if leaf in ("id", "key")
                         else ": expected three digits such as '001'" if leaf == "doc" else ""))
            code, msg = "malformed-identifier", detail
        else:
            code, msg = "invalid-value", err["msg"]
        line = None
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in lines:
                line = lines[loc[:cut]]
                break
        out.append(Problem(relpath, line, _field_name(loc) or None, code, msg))
    return out


def _norm(text: str) -> str:
    """Fold typographic quotes, dashes and white space so a quote matches its page."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"',
                           0x2013: "-", 0x2014: "-", 0x00A0: " ", 0x2026: "..."})
    return re.sub(r"\s+", " ", text).strip().lower()


def normalise_for_quote(text: str) -> str:
    """Public form of the quote normaliser, shared with the tests of the claims library."""
    return _norm(text)


def cross_problems(lib: "Library") -> list[Problem]:
    """Checks that need the whole library: links, usage, registry, duplicates."""
    out: list[Problem] = []
    used: set[str] = set()
    for cid, claim in lib.claims_by_id.items():
        rel = lib.relpath(lib.claim_paths[cid])
        for i, src in enumerate(claim.sources):
            if src.doc not in lib.sources_by_id:
                out.append(Problem(rel, None, f"sources[{i}].doc", "unknown-source",
                                   f"source document {src.doc!r} is not in claims/sources.yaml"))
        seen: set[str] = set()
        for i, link in enumerate(claim.evidence):
            used.add(link.citation)
            if link.citation not in lib.citations_by_key and link.citation not in lib.broken_keys:
                out.append(Problem(rel, None, f"evidence[{i}].citation", "unknown-citation",
                                   f"no citation file evidence/citations/{link.citation}.yaml"))
            if link.citation in seen:
                out.append(Problem(rel, None, f"evidence[{i}].citation", "duplicate-link",
                                   f"citation {link.citation!r} is linked more than once"))
            seen.add(link.citation)
    for key, path in sorted(lib.citation_paths.items()):
        if key not in used and key not in lib.broken_links and key in lib.citations_by_key:
            out.append(Problem(lib.relpath(path), None, "key", "unused-citation",
                               "no claim links to this citation; link it or delete the file"))
    for attr in ("pmid", "pmcid", "doi"):
        first: dict[str, str] = {}
        for key, cit in sorted(lib.citations_by_key.items()):
            value = getattr(cit, attr)
            if value is None:
                continue
            norm = value.lower()
            if norm in first:
                out.append(Problem(lib.relpath(lib.citation_paths[key]), None, attr,
                                   "duplicate-identifier",
                                   f"{attr} {value} is also used by citation {first[norm]!r}; "
                                   "one study, one file"))
            else:
                first[norm] = key
    return out


def quote_problems(lib: "Library", seeds_dir: Path) -> list[Problem]:
    """Every quote must appear verbatim (after normalisation) in the seed document it names."""
    texts: dict[str, str] = {}
    for f in sorted(seeds_dir.glob("*.txt")):
        texts[f.name[:3]] = _norm(f.read_text(encoding="utf-8", errors="replace"))
    out = []
    for cid, claim in sorted(lib.claims_by_id.items()):
        for i, src in enumerate(claim.sources):
            text = texts.get(src.doc)
            if text is None:
                continue  # unknown-source already reports documents we do not have
            if _norm(src.quote) not in text:
                out.append(Problem(lib.relpath(lib.claim_paths[cid]), None, f"sources[{i}].quote",
                                   "quote-not-in-source",
                                   f"quote is not verbatim in source document {src.doc}"))
    return out


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or "", p.code))


def effect_warnings(lib: "Library") -> list[Problem]:
    """Effect estimates implausible for their measure (``library.plausibility``): kept as the
    source printed them, but flagged so no reader takes them at face value."""
    from .plausibility import implausible

    out: list[Problem] = []
    for key, cit in sorted(lib.citations_by_key.items()):
        for i, effect in enumerate(cit.effects):
            why = implausible(effect)
            if why:
                out.append(Problem(lib.relpath(lib.citation_paths[key]), None,
                                   f"effects[{i}].estimate", "implausible-effect", why))
    return out
