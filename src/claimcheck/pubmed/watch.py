"""``claimcheck watch``: what PubMed added since the last look, per claim, as a triage queue.

Per claim with a ``search``, one esearch asks for two things at once: records of the claim's
query *entered* since its last snapshot (an entry-date range, so an older paper indexed late
still shows, which a publication-date window would miss), OR records the claim cites that
PubMed *modified* since then (a retraction, an erratum or an expression of concern changes a
record's modification date). Both ranges are written into the term (``"2026/10/30"[EDAT] :
"2026/11/02"[EDAT]``) because esearch's ``datetype`` parameter takes one kind of date for a
whole request: a watch with nothing new therefore costs one request per claim. The ranges start
``OVERLAP_DAYS`` before the snapshot (PubMed dates are US Eastern days, our stamps UTC), so
nothing entered around a run is missed; what the overlap finds again is dropped with everything
the claim already cites, already has in its triage file, or had in its search log when
watching began.

Cited records the search returns are fetched again, the cache file rewritten (``refresh``'s
conventions), and a retraction, a new erratum or a new expression of concern becomes an alert
in the triage file of every claim that cites it.

New records are fetched by id (one POST efetch per 200) for their title, year, publication
types and MeSH headings; ``triage_guess`` turns those into a design guess and a priority
(systematic reviews and randomised trials first). The triage file of each claim is then
re-read from disk and merged (``library.triage.merge``): a curator's decisions are never
overwritten, and a run that failed for a claim leaves its file and snapshot as they were, so
the next run covers the same window again.

The first watch of a claim starts from its search log (``evidence/searches/<claim>.yaml``, as
``refresh`` wrote it) when the query is the same: its date is the snapshot and its PMIDs count
as seen. Without a log, or after the query was edited, the whole search is triaged once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Iterable

from ..errors import LibraryError, OutputError
from ..library.triage import (TriageAlert, TriageItem, merge, read_triage, triage_path,
                              write_triage)
from .eutils import EntrezRequestError, EntrezUnavailable, EUtils, RateLimited, Settings, Transport
from .refresh import Cache, _parse_stamp, _stamp, writable_library

OVERLAP_DAYS = 2
_EXHAUSTED = (RateLimited, EntrezUnavailable)
_FAILED = (*_EXHAUSTED, EntrezRequestError)
_GIVE_UP_AFTER = 2


def _day(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y/%m/%d")


_TAGS = {"edat": "EDAT", "mdat": "MDAT"}


def date_range(kind: str, since: datetime, now: datetime) -> str:
    """PubMed's term for ``kind`` dates (``edat``: entered, ``mdat``: modified) from ``since``
    minus the overlap to ``now``: ``("2026/10/30"[EDAT] : "2026/11/02"[EDAT])``."""
    tag = _TAGS[kind]
    lo, hi = _day(since - timedelta(days=OVERLAP_DAYS)), _day(now)
    return f'("{lo}"[{tag}] : "{hi}"[{tag}])'


def watch_term(query: str, cited: Iterable[str], since: datetime | None,
               now: datetime) -> str:
    """The one esearch term of a claim's watch: its query's records entered since
    ``since``, or its ``cited`` records modified since then; the whole query when the claim
    was never watched (its cited records are then all fetched anyway)."""
    if since is None:
        return query
    term = f"(({query}) AND {date_range('edat', since, now)})"
    uids = " OR ".join(f"{x}[uid]" for x in sorted(set(cited), key=int))
    if uids:
        term += f" OR (({uids}) AND {date_range('mdat', since, now)})"
    return term


# -- design guess and priority ---------------------------------------------------------------
_TYPES = [  # publication type (as PubMed writes it) -> design guess, priority
    ({"Retraction of Publication", "Published Erratum", "Expression of Concern"},
     "notice", "low"),
    ({"Meta-Analysis", "Systematic Review"}, "systematic-review", "high"),
    ({"Randomized Controlled Trial", "Equivalence Trial", "Pragmatic Clinical Trial"},
     "rct", "high"),
    ({"Practice Guideline", "Guideline", "Consensus Development Conference"},
     "guideline", "medium"),
    ({"Clinical Trial", "Controlled Clinical Trial", "Clinical Trial, Phase I",
      "Clinical Trial, Phase II", "Clinical Trial, Phase III", "Clinical Trial, Phase IV"},
     "non-randomised-trial", "medium"),
    ({"Observational Study", "Multicenter Study", "Comparative Study"}, "cohort", "medium"),
    ({"Review", "Scoping Review", "Systematic Review Protocol"}, "narrative-review", "medium"),
    ({"Case Reports"}, "case-report", "low"),
    ({"Editorial", "Comment", "Letter", "News", "Interview"}, "opinion", "low"),
]
_MESH = [  # MeSH heading -> design guess, priority (when the types said nothing better)
    ({"Randomized Controlled Trials as Topic"}, "rct", "high"),
    ({"Cohort Studies", "Prospective Studies", "Retrospective Studies", "Incidence"},
     "cohort", "medium"),
    ({"Cross-Sectional Studies"}, "cross-sectional", "medium"),
    ({"Surveys and Questionnaires"}, "survey", "medium"),
]


def triage_guess(publication_types: Iterable[str], mesh: Iterable[str]) -> tuple[str, str]:
    """A design guess and a priority from PubMed's publication types and MeSH headings.

    A guess for ordering the queue, never an appraisal: systematic reviews and randomised
    trials are ``high``; other human studies ``medium``; case reports, opinion, notices and
    animal-only or lab work ``low``."""
    types, headings = set(publication_types), set(mesh)
    for names, design, priority in _TYPES:
        if types & names:
            return design, priority
    if "Animals" in headings and "Humans" not in headings:
        return "animal", "low"
    for names, design, priority in _MESH:
        if headings & names:
            return design, priority
    if "Humans" in headings:
        return "other", "medium"
    return "other", "low"


# -- the report ------------------------------------------------------------------------------
@dataclass
class WatchReport:
    """What one watch did. ``ok`` is False when a request or a write failed."""

    new: dict[str, list[str]] = field(default_factory=dict)       # claim -> new PMIDs
    windows: dict[str, str] = field(default_factory=dict)        # claim -> "since ..." / "all"
    alerts: list[dict] = field(default_factory=list)
    rechecked: list[str] = field(default_factory=list)   # cited PMIDs PubMed modified
    written: list[str] = field(default_factory=list)     # triage files written
    skipped: list[str] = field(default_factory=list)     # claims without a search
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict:
        return {"ok": self.ok, "requests": self.requests, "new": self.new,
                "windows": self.windows, "alerts": self.alerts, "rechecked": self.rechecked,
                "written": self.written, "skipped": self.skipped, "failures": self.failures,
                "warnings": self.warnings}


@dataclass
class _Plan:
    claim: str
    query: str
    since: datetime | None
    seen: set[str]
    cited: dict[str, str]          # PMID -> citation key
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)   # cited PMIDs to fetch again
    failed: bool = False


class Watcher:
    """One watch run over one library. ``now`` is injectable (the benchmark's weeks)."""

    def __init__(self, lib, transport: Transport, *, now: datetime | None = None) -> None:
        self.lib = lib
        self.transport = transport
        self.cache = Cache(lib.root)
        self.now = now or datetime.now(timezone.utc)
        self.report = WatchReport()
        self._consecutive = 0
        self._stopped = False

    # -- planning ------------------------------------------------------------------
    def plan(self, claim_id: str) -> _Plan | None:
        claim = self.lib.claim(claim_id)
        if not claim.search:
            self.report.skipped.append(claim_id)
            return None
        tri = read_triage(triage_path(self.lib.root, claim_id))   # malformed: stop, exit 2
        cited = {c.pmid: c.key for c in self.lib.citations_for(claim_id) if c.pmid}
        seen = set(tri.pmids) if tri else set()
        since = None
        if tri is not None and tri.snapshot and tri.query == claim.search:
            since = _parse_stamp(tri.snapshot)
        elif tri is None or not tri.snapshot:
            log = self.cache.read_search(claim_id)
            if log and log.get("query") == claim.search:
                since = _parse_stamp(str(log.get("searched")))
                if since is not None:
                    seen |= {str(p) for p in log.get("pmids") or []}
        return _Plan(claim_id, claim.search, since, seen, cited)

    # -- requests ------------------------------------------------------------------
    def _failed(self, what: str, exc: Exception) -> None:
        self.report.failures.append(f"{what}: {exc}")
        if isinstance(exc, _EXHAUSTED):
            self._consecutive += 1
            self._stopped = self._consecutive >= _GIVE_UP_AFTER

    def _ok(self) -> None:
        self._consecutive = 0

    def search_new(self, p: _Plan) -> None:
        """The claim's one esearch (``watch_term``): its new hits, and the cited records to
        fetch again (every one on a claim's first watch)."""
        if self._stopped:
            p.failed = True
            self.report.failures.append(f"search for {p.claim}: not run (E-utilities failing)")
            return
        if p.since is None:
            self.report.windows[p.claim] = "whole search (first watch)"
        else:
            lo = _day(p.since - timedelta(days=OVERLAP_DAYS))
            self.report.windows[p.claim] = (f"entered {lo} to {_day(self.now)}"
                                            + (f", cited records modified since {lo}"
                                               if p.cited else ""))
        try:
            res = EUtils(self.transport).search(watch_term(p.query, p.cited, p.since, self.now))
        except _FAILED as exc:
            p.failed = True
            self._failed(f"search for {p.claim}", exc)
            return
        self._ok()
        self.report.warnings.extend(f"search for {p.claim}: {w}" for w in res.warnings
                                    if "No items found" not in w and "PhraseNotFound" not in w)
        p.new = [x for x in res.pmids if x not in p.cited and x not in p.seen]
        p.changed = (sorted(p.cited, key=int) if p.since is None
                     else [x for x in res.pmids if x in p.cited])

    def fetch(self, pmids: list[str]) -> tuple[dict, bytes, dict[str, bytes], set[str]]:
        """Records of ``pmids`` by id: (PMID -> PubMedRecord, prolog, PMID -> raw bytes,
        PMIDs whose batch failed)."""
        from .records import parse_articles, split_articles

        eu = EUtils(self.transport)
        records, raws, failed, prolog = {}, {}, set(), b""
        size = self.transport.settings.batch_size
        for i in range(0, len(pmids), size):
            batch = pmids[i:i + size]
            if self._stopped:
                failed |= set(batch)
                continue
            try:
                body, parsed = eu.efetch(ids=batch)
            except _FAILED as exc:
                self._failed(f"efetch of {len(batch)} PMIDs", exc)
                failed |= set(batch)
                continue
            self._ok()
            prolog, raw = split_articles(body)
            for rec in parse_articles(parsed):
                if rec.pmid in batch:
                    records[rec.pmid] = rec
                    raws[rec.pmid] = raw.get(rec.pmid, b"")
        return records, prolog, raws, failed

    # -- the run -------------------------------------------------------------------
    def run(self, claim_ids: list[str]) -> WatchReport:
        plans = [p for p in (self.plan(c) for c in claim_ids) if p is not None]
        try:
            for p in plans:
                self.search_new(p)
            live = [p for p in plans if not p.failed]
            changed = sorted({x for p in live for x in p.changed}, key=int)
            new = sorted({x for p in live for x in p.new}, key=int)
            wanted = sorted(set(new) | set(changed), key=int)
            records, prolog, raws, failed = self.fetch(wanted) if wanted else ({}, b"", {}, set())
            alerts = self.store_changed(changed, records, prolog, raws, failed)
            for p in live:
                # a record that could not be fetched keeps the claim's snapshot where it was
                if (set(p.new) | set(p.changed)) & failed:
                    continue
                self.write(p, records, alerts)
        finally:
            self.report.requests = self.transport.requests_sent
        return self.report

    def store_changed(self, changed: list[str], records: dict, prolog: bytes,
                      raws: dict[str, bytes], failed: set[str]) -> dict[str, list[TriageAlert]]:
        """Rewrite the cache of each modified cited record; alerts by PMID."""
        from .records import read_record

        out: dict[str, list[TriageAlert]] = {}
        found = self.now.strftime("%Y-%m-%d")
        for pmid in changed:
            rec = records.get(pmid)
            if rec is None:
                if pmid not in failed:
                    self.report.warnings.append(f"cited PMID {pmid}: PubMed returned no record")
                continue
            self.report.rechecked.append(pmid)
            old = None
            path = self.cache.record_path(pmid)
            if path.is_file():
                try:
                    old = read_record(path)
                except LibraryError:  # an unreadable old copy is simply replaced
                    old = None
            if raws.get(pmid):
                self.cache.write_record(pmid, prolog, raws[pmid], self.now)
            alerts = []
            if rec.retracted:
                alerts.append(TriageAlert(pmid=pmid, change="retracted",
                                          notices=list(rec.retraction_notices), found=found))
            if set(rec.errata) - set(old.errata if old else ()):
                alerts.append(TriageAlert(pmid=pmid, change="erratum",
                                          notices=list(rec.errata), found=found))
            if set(rec.expression_of_concern) - set(old.expression_of_concern if old else ()):
                alerts.append(TriageAlert(pmid=pmid, change="expression-of-concern",
                                          notices=list(rec.expression_of_concern), found=found))
            if alerts:
                out[pmid] = alerts
        return out

    def write(self, p: _Plan, records: dict, alerts: dict[str, list[TriageAlert]]) -> None:
        from ..evidence.staleness import staleness

        found = self.now.strftime("%Y-%m-%d")
        items = []
        for pmid in p.new:
            rec = records.get(pmid)
            if rec is None:
                self.report.warnings.append(f"search for {p.claim}: PMID {pmid} has no "
                                            "record in PubMed (deleted?); not queued")
                continue
            design, priority = triage_guess(rec.publication_types, rec.mesh_headings)
            items.append(TriageItem(pmid=pmid, title=rec.title or None, year=rec.year,
                                    publication_types=list(rec.publication_types),
                                    design_guess=design, priority=priority, found=found))
        claim_alerts = []
        for pmid, key in p.cited.items():
            for a in alerts.get(pmid, ()):
                claim_alerts.append(a.model_copy(update={"citation": key}))
        path = triage_path(self.lib.root, p.claim)
        on_disk = read_triage(path)   # as the curator left it, this very moment
        merged = merge(on_disk, p.claim, query=p.query, snapshot=_stamp(self.now), items=items,
                       alerts=claim_alerts)
        self.lib.triage[p.claim] = merged
        if staleness(self.lib, p.claim) is None:
            merged = merged.model_copy(update={"current_as_of": merged.snapshot})
            self.lib.triage[p.claim] = merged
        try:
            write_triage(self.lib.root, merged)
        except OSError as exc:
            raise OutputError(path, f"cannot write the triage file ({exc.strerror or exc})") \
                from None
        self.report.new[p.claim] = [i.pmid for i in items]
        self.report.alerts.extend({"claim": p.claim, **a.model_dump()} for a in claim_alerts)
        self.report.written.append(self.lib.relpath(path))


def watch(root=None, claims: Iterable[str] = (), *, settings: Settings | None = None,
          transport: Transport | None = None, now: datetime | None = None) -> WatchReport:
    """Watch the claims of the library at ``root`` (default: every claim with a search).

    Raises ``MissingEmail`` before any request when ``NCBI_EMAIL`` is not set, ``UnknownClaim``
    for an unknown id, ``LibraryError`` for a malformed triage file (fix it first: watch never
    merges into a file it cannot read) and ``OutputError`` for the bundled library."""
    lib, settings = writable_library(root, settings, transport, "watch")
    ids = list(claims)
    for c in ids:
        lib.claim(c)   # UnknownClaim before any request
    ids = ids or list(lib.claims_by_id)
    transport = transport or Transport(settings)
    return Watcher(lib, transport, now=now).run(ids)


__all__ = ["WatchReport", "Watcher", "date_range", "triage_guess", "watch", "watch_term"]
