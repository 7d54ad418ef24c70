"""The browsable report: a static HTML site of the whole library.

``build_report(lib, out)`` writes ``index.html`` (every claim with its verdict and
certainty, filterable by kind and verdict), ``claims/<id>.html`` (where the claim is made,
the grade with its reasons, the studies, the references, the wording the evidence allows)
and ``sources/<doc>.html`` (one marketing page's scorecard).

Safety and portability: templates are rendered by Jinja2 with autoescaping on, so every
piece of library text is escaped; the only HTML not produced by the templates is the
reference list, which citeproc renders from pre-escaped text (``cite.styled``). Links
are emitted only for http(s) URLs. The one inline script is pinned by its hash in a
Content-Security-Policy, so even a markup injection that escaped the escaping could not
run. There are no external assets: the CSS and JS are inlined, and the site works from
``file://``.

The site is built in a temporary directory next to ``out`` and swapped in at the end,
so a failed build leaves the previous report untouched. An existing ``out`` is replaced
only if it is empty or a previous report (it holds ``MARKER``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .cite import http_url as _http_url
from ..errors import OutputError
from ..library.vocabulary import CLAIM_KIND_VALUES, VERDICT_VALUES

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library

MARKER = ".claimcheck-report"
CERTAINTY_SYMBOLS = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯",
                     "very-low": "⊕◯◯◯"}
VERDICT_LABEL = {"supported": "Supported", "partly-supported": "Partly supported",
                 "unproven": "Unproven", "contradicted": "Contradicted",
                 "misleading": "Misleading"}


@dataclass(frozen=True)
class ReportResult:
    out: Path
    pages: int


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("claimcheck.publish", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["http_url"] = _http_url
    env.globals.update(verdict_label=VERDICT_LABEL, certainty_symbols=CERTAINTY_SYMBOLS)
    return env


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# -- page data ----------------------------------------------------------------------------
def _study_row(lib: "Library", link) -> dict:
    from ..evidence.appraisal import design_label
    from .cite import doi_url, pmc_url, pubmed_url

    cit = lib.citations_by_key.get(link.citation)
    row = {"key": link.citation, "stance": link.stance, "directness": link.directness,
           "indirectness": ", ".join(link.indirectness), "note": link.note, "missing": cit is None}
    if cit is None:
        return row
    rob = cit.risk_of_bias
    row.update({
        "title": cit.title, "year": cit.year, "first_author": cit.authors[0] if cit.authors
        else None, "design": design_label(cit.design), "n_participants": cit.n_participants,
        "n_studies": cit.n_studies,
        "comparator": _comparator(cit), "animals": cit.design == "animal",
        # web pages and reports have no PMID or DOI to be missing
        "article": cit.type in ("article-journal", "review"),
        "follow_up": cit.follow_up, "retracted": cit.retracted,
        "rob": (f"{rob.tool + ' ' if rob.tool else ''}{rob.score:g}/{rob.max:g}"
                if rob and rob.score is not None and rob.max else
                (rob.rating if rob and rob.rating else None)),
        "pubmed": pubmed_url(cit.pmid) if cit.pmid else None,
        "doi": doi_url(cit.doi) if cit.doi else None,
        "pmc": pmc_url(cit.pmcid) if cit.pmcid else None,
        "url": _http_url(cit.url), "caution": cit.caution,
    })
    return row


def _comparator(cit) -> str | None:
    """What the study compared needling with, in words; curators write "None" or "n/a"
    when there was no comparison group."""
    from ..evidence.appraisal import COMPARATOR_LABEL

    text = (cit.comparators or "").strip()
    if re.match(r"(none|n/?a)\b", text, re.I) or (not text and "none" in cit.comparator_kinds):
        return "no comparison group"
    return text or ", ".join(COMPARATOR_LABEL.get(k, k) for k in cit.comparator_kinds) or None


def _ordered_links(lib: "Library", claim) -> list:
    """The claim's links, strongest evidence first (grading's ranking), the rest after."""
    from ..evidence.grading import best_citations

    rank = {k: i for i, k in enumerate(best_citations(lib, claim.id, n=len(claim.evidence)))}
    return sorted(claim.evidence, key=lambda lk: rank.get(lk.citation, len(rank)))


def _claim_page(lib: "Library", claim, grade, references: dict[str, str]) -> dict:
    from markupsafe import Markup

    from ..evidence.wording import informative_statement

    sources = []
    for s in claim.sources:
        doc = lib.sources_by_id.get(s.doc)
        sources.append({"doc": s.doc, "quote": s.quote, "title": doc.title if doc else None,
                        "publisher": doc.publisher if doc else None,
                        "url": _http_url(doc.url) if doc else None, "known": doc is not None})
    links = _ordered_links(lib, claim)
    studies = [_study_row(lib, lk) for lk in links]
    refs = []
    for row in studies:
        if row["missing"] or row["key"] in {r["key"] for r in refs}:
            continue
        # citeproc's HTML comes from HTML-escaped input (cite.styled); safe to mark as such
        refs.append({**row, "html": Markup(references[row["key"]])})
    return {"claim": claim, "grade": grade, "sources": sources, "studies": studies,
            "references": refs, "informative": informative_statement(lib, claim.id),
            "override": claim.assessment.override}


def _source_page(lib: "Library", doc, grades: dict) -> dict:
    rows = []
    for claim in lib.claims_by_id.values():
        for s in claim.sources:
            if s.doc == doc.id:
                g = grades[claim.id]
                rows.append({"claim": claim, "quote": s.quote, "verdict": g.verdict,
                             "certainty": g.certainty})
    claims = {r["claim"].id: r for r in rows}
    tally = Counter(r["verdict"] for r in claims.values())
    backed = tally["supported"] + tally["partly-supported"]
    return {"doc": doc, "rows": rows, "n_claims": len(claims),
            "tally": [(v, tally[v]) for v in VERDICT_VALUES if tally[v]],
            "backed": backed, "url": _http_url(doc.url)}


def render_site(lib: "Library") -> dict[str, str]:
    """Every page of the site as {relative path: HTML}."""
    from markupsafe import Markup

    from .refcache import formatted_references
    from ..evidence.grading import grade_library

    env = _environment()
    script = env.get_template("report.js").render()
    style = env.get_template("report.css").render()
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {_csp_hash(script)}; base-uri 'none'; form-action 'none'")
    common = {"script": Markup(script), "style": Markup(style), "csp": csp,
              "root": lib.root.name}
    grades = grade_library(lib)
    references = formatted_references(lib)  # citeproc only for citations that changed

    claims = list(lib.claims_by_id.values())
    pages: dict[str, str] = {}
    kinds = [k for k in CLAIM_KIND_VALUES if any(c.kind == k for c in claims)]
    verdicts = [v for v in VERDICT_VALUES if any(grades[c.id].verdict == v for c in claims)]
    sources_of = {c.id: sorted({s.doc for s in c.sources}) for c in claims}
    pages["index.html"] = env.get_template("index.html").render(
        **common, up="", claims=claims, grades=grades, kinds=kinds, verdicts=verdicts,
        tally=Counter(g.verdict for g in grades.values()), sources_of=sources_of,
        known_docs=set(lib.sources_by_id),
        sources=list(lib.sources_by_id.values()),
        n_sources={d: sum(d in docs for docs in sources_of.values())
                   for d in lib.sources_by_id},
        n_citations=len(lib.citations_by_key), problems=len(lib.problems))
    claim_tpl = env.get_template("claim.html")
    for claim in claims:
        pages[f"claims/{claim.id}.html"] = claim_tpl.render(
            **common, up="../", **_claim_page(lib, claim, grades[claim.id], references))
    source_tpl = env.get_template("source.html")
    for doc in lib.sources_by_id.values():
        pages[f"sources/{doc.id}.html"] = source_tpl.render(
            **common, up="../", **_source_page(lib, doc, grades))
    return pages


# -- writing --------------------------------------------------------------------------------
@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on ``directory`` itself (no lock file is left behind); POSIX only,
    elsewhere a no-op."""
    try:
        from fcntl import LOCK_EX, flock
    except ImportError:  # pragma: no cover
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        flock(fd, LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _check_replaceable(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputError(out, "exists and is not a directory")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError(out, "exists and is not a claimcheck report; choose another --out "
                               "or empty it first")


def build_report(lib: "Library", out: str | os.PathLike = "site") -> ReportResult:
    """Render the site and swap it into ``out``; returns where and how many pages.

    ``out`` may be relative, ``.`` included (it is resolved first: the temporary build and
    the old copy are siblings of the real directory). Two builds into one directory at once
    are serialised by a lock on its parent, so neither leaves a stray copy behind.
    """
    shown = out
    out = Path(os.path.abspath(out))
    if not out.name:
        raise OutputError(shown, "cannot replace the root of the file system; choose another "
                                 "--out")
    _check_replaceable(out)
    pages = render_site(lib)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise OutputError(shown, f"cannot write: {exc.strerror or exc}") from None
    old = tmp.with_name(tmp.name + ".old")  # unique, as tmp is: builds never share one
    try:
        for rel, text in pages.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (tmp / MARKER).write_text("built by 'claimcheck report'; replaced on every build\n",
                                  encoding="utf-8")
        tmp.chmod(0o755)  # mkdtemp makes it 0700; a report is meant to be shared
        with _locked(out.parent):
            _check_replaceable(out)  # another build or a user may have changed it meanwhile
            if out.exists() and Path.cwd().is_relative_to(out):
                # "--out .": renaming the current directory away would leave the user's
                # shell in a deleted directory; swap what it holds instead
                old.mkdir()
                for entry in list(out.iterdir()):
                    os.replace(entry, old / entry.name)
                for entry in list(tmp.iterdir()):
                    os.replace(entry, out / entry.name)
            else:
                if out.exists():
                    os.replace(out, old)
                try:
                    os.replace(tmp, out)
                except OSError:
                    if old.exists() and not out.exists():
                        os.replace(old, out)
                    raise
    except OSError as exc:
        raise OutputError(shown, f"cannot write: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return ReportResult(out=Path(shown), pages=len(pages))
