"""``claimcheck refresh``: run each claim's PubMed search and cache every cited PubMed record.

The cache is the two machine-written directories of the library (DESIGN.md):

``evidence/pubmed/<PMID>.xml``
    the record exactly as efetch returned it, inside the response's own XML declaration and
    DOCTYPE and a ``PubmedArticleSet``, so it parses alone; a comment records when it was fetched.
``evidence/searches/<claim-id>.yaml``
    query, date, count and PMIDs of the claim's last search (a PRISMA-style log).

Every file is written atomically as soon as its data arrives, so an interrupted refresh leaves
a valid cache and the next run only does what is missing or stale. Inside the freshness window
(``max_age_days``) nothing is requested at all. Curated files (claims/, evidence/citations/) are
only read.

Requests: one esearch per stale claim search (more only past 9,999 hits), then one epost of the
stale PMIDs and one efetch per ``batch_size`` (200) records from the history server; PMIDs that
did not come back are asked for once more by id, and any still absent are reported missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .eutils import (EPOST_MAX, EntrezRequestError, EntrezUnavailable, EUtils, HistoryExpired,
                     RateLimited, Settings, Transport)
from ..errors import LibraryError, OutputError
from ..library.files import atomic_write_bytes, dump_yaml, read_yaml
from .records import split_articles, wrap_article

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library

DEFAULT_MAX_AGE_DAYS = 30.0
# Given up after every retry: counts towards stopping the run.
_EXHAUSTED = (RateLimited, EntrezUnavailable)
_FETCHED = re.compile(rb"<!-- fetched (\S+) by claimcheck")
# consecutive requests that exhausted every retry before refresh stops asking
_GIVE_UP_AFTER = 2


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_stamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None


@dataclass
class Cache:
    """The Entrez cache of one library root. ``secret`` (the API key) is scrubbed from every
    byte written: a server that echoes it inside a record must not put it on disk."""

    root: Path
    secret: str | None = field(default=None, repr=False)

    def scrub(self, data: bytes) -> bytes:
        return scrub(data, self.secret)

    @property
    def pubmed_dir(self) -> Path:
        return self.root / "evidence" / "pubmed"

    @property
    def searches_dir(self) -> Path:
        return self.root / "evidence" / "searches"

    def record_path(self, pmid: str) -> Path:
        return self.pubmed_dir / f"{pmid}.xml"

    def search_path(self, claim_id: str) -> Path:
        return self.searches_dir / f"{claim_id}.yaml"

    def fetched_at(self, pmid: str) -> datetime | None:
        try:
            with self.record_path(pmid).open("rb") as fh:
                head = fh.read(1024)
        except OSError:
            return None
        m = _FETCHED.search(head)
        return _parse_stamp(m.group(1).decode()) if m else None

    def write_record(self, pmid: str, prolog: bytes, raw: bytes, when: datetime) -> None:
        comment = f"fetched {_stamp(when)} by claimcheck refresh (efetch db=pubmed retmode=xml)"
        _write(self.record_path(pmid), self.scrub(wrap_article(prolog, raw, comment)))

    def read_search(self, claim_id: str) -> dict | None:
        path = self.search_path(claim_id)
        if not path.is_file():
            return None
        try:
            data = read_yaml(path)
        except LibraryError:
            return None
        return data if isinstance(data, dict) else None

    @property
    def missing_path(self) -> Path:
        return self.pubmed_dir / "missing.yaml"

    def read_missing(self) -> dict[str, str]:
        """PMIDs PubMed returned no record for, with when that was last seen."""
        try:
            data = read_yaml(self.missing_path) if self.missing_path.is_file() else None
        except LibraryError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def write_missing(self, missing: dict[str, str]) -> None:
        if not missing:
            if self.missing_path.exists():
                self.missing_path.unlink()
            return
        ordered = dict(sorted(missing.items(), key=lambda kv: int(kv[0])))
        _write(self.missing_path, self.scrub(dump_yaml(ordered).encode("utf-8")))

    def write_search(self, claim_id: str, result, when: datetime) -> None:
        data = {"claim": claim_id, "database": "pubmed", "query": result.term,
                "searched": _stamp(when), "count": result.count, "pmids": list(result.pmids),
                "translation": result.translation, "warnings": list(result.warnings)}
        _write(self.search_path(claim_id), self.scrub(dump_yaml(data).encode("utf-8")))


def scrub(data: bytes, secret: str | None) -> bytes:
    """``data`` with ``secret`` masked, as written and as URL- or XML-escaped forms of it."""
    if not secret:
        return data
    from html import escape
    from urllib.parse import quote, quote_plus

    for form in dict.fromkeys((secret, quote(secret, safe=""), quote_plus(secret),
                               escape(secret))):
        data = data.replace(form.encode("utf-8"), b"[redacted]")
    return data


def _write(path: Path, data: bytes) -> None:
    # a full disk or an unwritable evidence/ is the curator's to fix: one line, exit 2
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise OutputError(path, f"cannot write the PubMed cache ({exc.strerror or exc})") from None


@dataclass
class RefreshReport:
    """What one refresh did. ``ok`` is False when a PMID is missing or something failed."""

    searches_run: list[str] = field(default_factory=list)
    searches_fresh: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)      # PubMed returned no record
    failures: list[str] = field(default_factory=list)     # requests that failed every retry
    not_fetched: list[str] = field(default_factory=list)  # PMIDs left stale by a failure
    warnings: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.failures or self.not_fetched)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "requests": self.requests,
                "searches": {"run": self.searches_run, "fresh": self.searches_fresh},
                "records": {"fetched": self.fetched, "fresh": self.fresh,
                            "missing": self.missing, "not_fetched": self.not_fetched},
                "failures": self.failures, "warnings": self.warnings}


def targets(lib, claim_ids: Iterable[str] = ()) -> tuple[dict[str, str], list[str]]:
    """The searches (claim id -> query) and PMIDs a refresh of ``claim_ids`` covers: all claims
    and every citation with a PMID when none are named."""
    ids = list(claim_ids)
    claims = [lib.claim(c) for c in ids] if ids else list(lib.iter_claims())
    searches = {c.id: c.search for c in claims if c.search}
    if ids:
        cits = [cit for c in claims for cit in lib.citations_for(c.id)]
    else:
        cits = list(lib.citations_by_key.values())
    pmids = sorted({c.pmid for c in cits if c.pmid}, key=int)
    return searches, pmids


class _Breaker:
    def __init__(self) -> None:
        self.consecutive = 0

    def ok(self) -> None:
        self.consecutive = 0

    def failed(self) -> bool:
        self.consecutive += 1
        return self.consecutive >= _GIVE_UP_AFTER


class Refresher:
    """One refresh run against one cache. ``now`` is injectable for tests of freshness."""

    def __init__(self, cache: Cache, eutils: EUtils, *, batch_size: int = 200,
                 max_age_days: float = DEFAULT_MAX_AGE_DAYS, force: bool = False,
                 now: datetime | None = None, progress: bool = False) -> None:
        self.cache, self.eutils = cache, eutils
        self.batch_size = batch_size
        self.now = now or _now()
        self.cutoff = self.now - timedelta(days=max_age_days)
        self.force = force
        self.progress = progress
        self.report = RefreshReport()
        self._breaker = _Breaker()
        self._stopped = False
        self._bar = None
        self._pool = None
        self._write_error: BaseException | None = None
        self._missing: dict[str, str] = {}

    # -- freshness -----------------------------------------------------------------
    def search_is_fresh(self, claim_id: str, query: str) -> bool:
        if self.force:
            return False
        log = self.cache.read_search(claim_id)
        if not log or log.get("query") != query:
            return False
        when = _parse_stamp(str(log.get("searched")))
        return when is not None and when >= self.cutoff

    def record_is_fresh(self, pmid: str) -> bool:
        if self.force:
            return False
        when = self.cache.fetched_at(pmid)
        return when is not None and when >= self.cutoff

    def known_missing(self, pmid: str) -> bool:
        """PubMed had no record for ``pmid`` inside the freshness window: do not ask again."""
        if self.force or pmid not in self._missing:
            return False
        when = _parse_stamp(self._missing[pmid])
        return when is not None and when >= self.cutoff

    # -- run -----------------------------------------------------------------------
    def run(self, searches: dict[str, str], pmids: list[str]) -> RefreshReport:
        stale_searches = {c: q for c, q in searches.items() if not self.search_is_fresh(c, q)}
        self.report.searches_fresh = sorted(set(searches) - set(stale_searches))
        self._missing = self.cache.read_missing()
        # a PMID PubMed lacked inside the window is reported again without a request
        still_missing = [p for p in pmids
                         if not self.record_is_fresh(p) and self.known_missing(p)]
        self.report.missing.extend(still_missing)
        stale = [p for p in pmids if not self.record_is_fresh(p) and p not in still_missing]
        stale_set = set(stale)
        self.report.fresh = [p for p in pmids if p not in stale_set and p not in still_missing]
        total = len(stale_searches) + len(stale)
        if total and self.progress:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="item", desc="refresh", leave=False)
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="cache-write")
        try:
            for claim_id, query in stale_searches.items():
                self._search(claim_id, query)
            if stale:
                self._fetch(stale)
        finally:
            # even when interrupted: every record already received is written out whole
            self._pool.shutdown(wait=True)
            self._record_missing()
            if self._bar is not None:
                self._bar.close()
            self.report.requests = self.eutils.transport.requests_sent
            self._scrub_report()
        self._raise_write_error()
        return self.report

    def _scrub_report(self) -> None:
        """The API key out of every message (NCBI's warnings can quote what it was sent)."""
        secret = self.eutils.transport.settings.api_key
        for name in ("warnings", "failures"):
            setattr(self.report, name, [scrub(m.encode("utf-8"), secret).decode("utf-8")
                                        for m in getattr(self.report, name)])

    def _record_missing(self) -> None:
        """Remember the PMIDs PubMed lacked (keeping the date first seen inside the window)
        and forget those it has since returned."""
        fetched = set(self.report.fetched)
        missing = {p: w for p, w in self._missing.items() if p not in fetched}
        for pmid in self.report.missing:
            if not self.known_missing(pmid):
                missing[pmid] = _stamp(self.now)
        if missing != self._missing:
            self.cache.write_missing(missing)

    def _written(self, future) -> None:
        if future.exception() is not None and self._write_error is None:
            self._write_error = future.exception()

    def _raise_write_error(self) -> None:
        if self._write_error is not None:
            raise self._write_error

    def _tick(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def _failed(self, what: str, exc: Exception) -> None:
        self.report.failures.append(f"{what}: {exc}")
        # a refused request (4xx) says nothing about the service; only exhausted retries do
        if isinstance(exc, _EXHAUSTED) and self._breaker.failed():
            self._stopped = True

    def _search(self, claim_id: str, query: str) -> None:
        if self._stopped:
            self.report.failures.append(f"search for {claim_id}: not run (E-utilities failing)")
            return
        try:
            result = self.eutils.search(query)
        except (*_EXHAUSTED, EntrezRequestError) as exc:
            self._failed(f"search for {claim_id}", exc)
            return
        self._breaker.ok()
        self.cache.write_search(claim_id, result, self.now)
        self.report.searches_run.append(claim_id)
        self.report.warnings.extend(f"search for {claim_id}: {w}" for w in result.warnings)
        self._tick()

    def _store(self, body: bytes, wanted: set[str], parsed) -> set[str]:
        from .records import parse_articles

        # a cache that cannot be written makes every further request a waste
        self._raise_write_error()
        prolog, raw = split_articles(body)
        parsed_ids = {r.pmid for r in parse_articles(parsed)}
        if parsed_ids != set(raw):
            raise EntrezUnavailable("efetch body could not be split into records "
                                    f"({len(parsed_ids)} parsed, {len(raw)} found)")
        got = {pmid for pmid in raw if pmid in wanted}
        # Each write is fsynced (~3 ms); done by 8 threads while the next request is in
        # flight, a 200-record batch no longer costs more than the rate-limit interval.
        for pmid in sorted(got, key=int):
            self._pool.submit(self.cache.write_record, pmid, prolog, raw[pmid],
                              self.now).add_done_callback(self._written)
        self.report.fetched.extend(sorted(got, key=int))
        self._tick(len(got))
        return got

    def _fetch(self, stale: list[str]) -> None:
        returned: set[str] = set()
        B = self.batch_size
        for group in (stale[i:i + EPOST_MAX] for i in range(0, len(stale), EPOST_MAX)):
            if self._stopped:
                break
            wanted = set(group)
            try:
                webenv, key = self.eutils.epost(group)
            except HistoryExpired as exc:
                self.report.warnings.append(f"history server: {exc}; fetching by id")
                continue
            except (*_EXHAUSTED, EntrezRequestError) as exc:
                self._failed(f"epost of {len(group)} PMIDs", exc)
                continue
            self._breaker.ok()
            for start in range(0, len(group), B):
                if self._stopped:
                    break
                try:
                    body, parsed = self.eutils.efetch(webenv=webenv, query_key=key,
                                                      retstart=start, retmax=B)
                    got = self._store(body, wanted - returned, parsed)
                except HistoryExpired as exc:
                    self.report.warnings.append(f"history server: {exc}; fetching by id")
                    break
                except (*_EXHAUSTED, EntrezRequestError) as exc:
                    self._failed(f"efetch of records {start + 1}-{min(start + B, len(group))}"
                                 " from the history server", exc)
                    continue
                self._breaker.ok()
                returned |= got
        # Records that did not come back: deleted PMIDs, or a page that failed. Ask once by id.
        left = [p for p in stale if p not in returned]
        for i in range(0, len(left), B):
            batch = left[i:i + B]
            if self._stopped:
                self.report.not_fetched.extend(batch)
                continue
            try:
                body, parsed = self.eutils.efetch(ids=batch)
                got = self._store(body, set(batch), parsed)
            except (*_EXHAUSTED, EntrezRequestError) as exc:
                self._failed(f"efetch of {len(batch)} PMIDs by id", exc)
                self.report.not_fetched.extend(batch)
                continue
            self._breaker.ok()
            returned |= got
            self.report.missing.extend(p for p in batch if p not in got)


def writable_library(root, settings: Settings | None, transport: Transport | None,
                     command: str) -> tuple["Library", Settings]:
    """The library at ``root`` and the E-utilities settings, for a command that writes PubMed
    data into it: ``MissingEmail`` before anything else, and ``OutputError`` for the library
    bundled with claimcheck (a pip upgrade would silently replace what was written there)."""
    from ..library.loader import load
    from ..library.roots import is_bundled

    settings = settings or (transport.settings if transport else Settings.from_env())
    settings.require_email()
    lib = load(root)
    if is_bundled(lib.root):
        raise OutputError(lib.root, "is the library bundled with claimcheck, not for editing: "
                                    f"copy it with `claimcheck init DIR` and {command} the copy")
    return lib, settings


def refresh(root=None, claims: Iterable[str] = (), *, settings: Settings | None = None,
            transport: Transport | None = None, max_age_days: float = DEFAULT_MAX_AGE_DAYS,
            force: bool = False, progress: bool = False, now: datetime | None = None
            ) -> RefreshReport:
    """Refresh the Entrez cache of the library at ``root`` for ``claims`` (default: all).

    Raises ``MissingEmail`` before anything else when ``NCBI_EMAIL`` is not set.
    """
    lib, settings = writable_library(root, settings, transport, "refresh")
    searches, pmids = targets(lib, claims)
    transport = transport or Transport(settings)
    cache = Cache(lib.root, secret=transport.settings.api_key)
    run = Refresher(cache, EUtils(transport), batch_size=settings.batch_size,
                    max_age_days=max_age_days, force=force, now=now, progress=progress)
    return run.run(searches, pmids)
