"""E-utilities transport: settings, the shared rate limiter, retries, and the three calls we use.

Why not ``Bio.Entrez.esearch/efetch`` directly: Biopython 1.88's ``_open`` sets no socket
timeout, retries 429 and 5xx at once without sleeping or rate limiting, keeps its limiter in an
unlocked function attribute, and puts ``api_key`` in GET URLs (and so in tracebacks). We bypass
``_open`` and send every request ourselves, always as a POST (the key never appears in a URL),
through one limiter per process; Bio.Entrez still parses every response (``entrez_xml``).

Every request start, first tries and retries alike, waits for the limiter: at most 3 a second
without ``NCBI_API_KEY``, 10 with it. A failure worth retrying (429, 5xx, timeout, reset
connection, empty, HTML, JSON-error, truncated or unparsable body, ``<ERROR>`` inside a 200)
backs off exponentially with jitter, honouring ``Retry-After``, and the back-off holds the
shared limiter so no other request starts meanwhile.
"""

from __future__ import annotations

import logging
import math
import os
import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, TypeVar

from ..errors import PubMedError

log = logging.getLogger(__name__)

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL = "claimcheck"
ESEARCH_CAP = 9999          # PubMed esearch never returns more ids than this for one query
EPOST_MAX = 10_000          # ids per epost for PubMed (NBK25499)
MAX_UID = 999_999_999       # upper end of the uid range when a search has to be split
T = TypeVar("T")


class MissingEmail(PubMedError):
    """Raised before any request when ``NCBI_EMAIL`` is not set (NCBI requires a contact)."""

    def __init__(self) -> None:
        super().__init__("NCBI_EMAIL is not set; NCBI asks every client for a contact address: "
                         "export NCBI_EMAIL=you@example.org and run again")


class InvalidApiKey(PubMedError):
    """Raised when E-utilities rejects ``NCBI_API_KEY``; a configuration error, never retried."""


class InvalidEutilsUrl(PubMedError):
    """Raised before any request when ``NCBI_EUTILS_URL`` is not an http(s) URL; a typo there
    is a configuration error, not a connection failure to retry."""


class Redirected(InvalidEutilsUrl):
    """Raised when E-utilities answers with a redirect. Redirects are never followed (a 307
    would resend the API key wherever it points), and the next request would be redirected
    too, so refresh stops at once: a configuration error (exit 2), not a failed request."""


class RateLimited(PubMedError):
    """Raised when E-utilities still answers 429 after every attempt."""


class EntrezUnavailable(PubMedError):
    """Raised when a request still fails (5xx, timeouts, resets, bad bodies) after every attempt."""


class EntrezRequestError(PubMedError):
    """Raised when E-utilities refuses a request outright (a 4xx, an unknown DTD): not retried."""


class HistoryExpired(EntrezRequestError):
    """Raised when the history server no longer knows a WebEnv/query_key."""


@dataclass(frozen=True)
class Settings:
    """Who we are to NCBI and where E-utilities lives; read from the environment by ``from_env``.

    The API key is held but never shown: ``repr`` and ``redact`` hide it.
    """

    email: str | None = None
    api_key: str | None = field(default=None, repr=False)
    base_url: str = DEFAULT_EUTILS_URL
    tool: str = TOOL
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    batch_size: int = 200
    # a whole request, headers and body, must arrive within this (the read timeout is per
    # read: a server dripping a byte every few seconds would otherwise hold a request forever)
    request_deadline: float = 120.0
    # the longest Retry-After honoured; a server asking for more is given up on at once
    max_retry_after: float = 60.0
    # the largest response body read (an efetch of 200 records is a few megabytes)
    max_response_bytes: int = 256_000_000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        env = os.environ if env is None else env
        values = {"email": (env.get("NCBI_EMAIL") or "").strip() or None,
                  "api_key": (env.get("NCBI_API_KEY") or "").strip() or None,
                  "base_url": (env.get("NCBI_EUTILS_URL") or "").strip() or DEFAULT_EUTILS_URL}
        values.update(overrides)
        return cls(**values)

    def __repr__(self) -> str:
        return (f"Settings(email={self.email!r}, api_key={'<set>' if self.api_key else None}, "
                f"base_url={self.base_url!r})")

    @property
    def rate(self) -> float:
        """Requests a second NCBI allows us."""
        return 10.0 if self.api_key else 3.0

    def require_email(self) -> None:
        if not self.email:
            raise MissingEmail()

    def redact(self, text: str) -> str:
        return redact(text, self.api_key)


_KEY_PATTERNS = (re.compile(r"(api_key=)[^&\s\"']+"),
                 re.compile(r"(\"api-key\"\s*:\s*\")[^\"]*"))


def redact(text: str, secret: str | None = None) -> str:
    """``text`` with the API key (and anything shaped like one in a URL or NCBI JSON) masked."""
    if secret:
        text = text.replace(secret, "[redacted]")
    for pattern in _KEY_PATTERNS:
        text = pattern.sub(r"\1[redacted]", text)
    return text


class RateLimiter:
    """Spaces request starts at least ``margin / rate`` seconds apart, across threads and,
    with a ``slot_file``, across processes.

    Each caller reserves the next free slot under a lock, then sleeps outside it, so threads
    never start two requests in one slot. ``hold`` pushes the next slot out (a back-off), which
    every caller then waits for. NCBI counts requests per IP address or key, not per process:
    with ``slot_file`` the next free slot is also kept in that file, under an exclusive
    ``flock``, so two refreshes run at once share one budget (POSIX only; elsewhere the limit
    is per process). ``clock``, ``wall`` and ``sleep`` are injectable for tests.
    """

    def __init__(self, rate: float, *, margin: float = 1.05,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 slot_file: "os.PathLike | str | None" = None,
                 wall: Callable[[], float] = time.time,
                 max_shared_wait: float = 60.0) -> None:
        self.interval = margin / rate
        # how far ahead a slot read from the shared file is believed: a slot pushed further
        # (a damaged file, a buggy or hostile writer) holds other processes no longer than this
        self.max_shared_wait = max_shared_wait
        self.clock = clock
        self.sleep = sleep
        self.wall = wall
        self.slot_file = slot_file if slot_file is not None and _flock is not None else None
        self._next = -math.inf
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait for a slot; return the time the request may start."""
        with self._lock:
            now = self.clock()
            start = self._shared(lambda shared: max(now, self._next, shared), self.interval)
            self._next = start + self.interval
        if start > now:
            self.sleep(start - now)
        return start

    def hold(self, seconds: float) -> None:
        seconds = min(seconds, self.max_shared_wait)
        with self._lock:
            self._next = self._shared(
                lambda shared: max(self._next, shared, self.clock() + seconds), 0.0)

    def _shared(self, pick: Callable[[float], float], reserve: float) -> float:
        """``pick(next slot in the shared file)`` (in ``clock`` time), stored back plus
        ``reserve``; without a slot file the shared slot is -inf and nothing is stored."""
        if self.slot_file is None:
            return pick(-math.inf)
        offset = self.wall() - self.clock()  # the file holds wall-clock time
        with open(self.slot_file, "a+b") as fh:
            _flock(fh.fileno(), _LOCK_EX)   # released when the file is closed
            fh.seek(0)
            try:
                shared = float(fh.read().strip() or "-inf") - offset
            except ValueError:  # a damaged slot file only costs one unspaced request
                shared = -math.inf
            furthest = self.clock() + self.max_shared_wait
            if math.isnan(shared):
                shared = -math.inf
            elif shared > furthest:
                shared = furthest
            chosen = pick(shared)
            fh.seek(0)
            fh.truncate()
            fh.write(repr(chosen + reserve + offset).encode())
        return chosen


try:  # POSIX file locks; on other systems the limit is per process
    from fcntl import LOCK_EX as _LOCK_EX
    from fcntl import flock as _flock
except ImportError:  # pragma: no cover
    _flock = None
    _LOCK_EX = 0


def slot_file_for(rate: float) -> str:
    """The slot file every claimcheck process of this user shares for ``rate``."""
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return os.path.join(tempfile.gettempdir(), f"claimcheck-eutils-{uid}-{rate:g}per-s.slot")


_shared: dict[float, RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(rate: float) -> RateLimiter:
    """The limiter for ``rate``: shared by every transport of this process, and through its
    slot file by every other claimcheck process of the same user."""
    with _shared_lock:
        if rate not in _shared:
            _shared[rate] = RateLimiter(rate, slot_file=slot_file_for(rate))
        return _shared[rate]


class _Retry(Exception):
    def __init__(self, reason: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.status, self.retry_after = reason, status, retry_after


_ERROR_RE = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)
_HISTORY_WORDS = re.compile(r"history|webenv|query_key|query key", re.I)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def _check_url(url: str) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:   # e.g. an unclosed "[" in the host
        usable = False
    if not usable:
        raise InvalidEutilsUrl(f"NCBI_EUTILS_URL {redact(url)!r} is not an http(s) URL; "
                               "fix it or unset it to use NCBI's")


class Transport:
    """Sends E-utilities requests: POST, timeouts, the shared limiter, retries with back-off.

    ``requests_sent`` counts every request start (retries included); ``attempts`` keeps
    ``(utility, outcome)`` for each, outcome being ``"ok"`` or the redacted reason.
    """

    def __init__(self, settings: Settings, *, limiter: RateLimiter | None = None,
                 session: Any = None, jitter: Callable[[], float] = random.random) -> None:
        import requests

        _check_url(settings.base_url)
        self.settings = settings
        self.limiter = limiter or shared_limiter(settings.rate)
        # requests' default adapter retries nothing, which is what we want: every retry must
        # go through the limiter and may depend on the body, so the loop in ``call`` owns them.
        self.session = session or requests.Session()
        self.jitter = jitter
        self.requests_sent = 0
        self.attempts: list[tuple[str, str]] = []
        self._count_lock = threading.Lock()

    def url(self, utility: str) -> str:
        return self.settings.base_url.rstrip("/") + f"/{utility}.fcgi"

    def backoff(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1-based): base * 2^(n-1), capped,
        times a random factor in [1, 1.5); never less than ``Retry-After`` (which ``call``
        honours up to ``Settings.max_retry_after`` only)."""
        s = self.settings
        delay = min(s.backoff_cap, s.backoff_base * 2 ** (attempt - 1)) * (1 + self.jitter() / 2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, s.max_retry_after))
        return delay

    def _read_body(self, resp: Any, deadline: float) -> bytes:
        """The whole body, read as it arrives, checking the request's deadline between reads
        and the size limit as it grows."""
        s = self.settings
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise _Retry(f"too slow (no whole response within {s.request_deadline:g} s)",
                             resp.status_code)
            chunk = resp.raw.read1(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > s.max_response_bytes:
                raise _Retry(f"response over {s.max_response_bytes:,} bytes", resp.status_code)
            chunks.append(chunk)

    def call(self, utility: str, params: Mapping[str, Any], parse: Callable[[bytes], T]) -> T:
        """POST ``params`` to ``utility`` and return ``parse(body)``, retrying what is transient."""
        import requests
        import urllib3

        s = self.settings
        data = {**params, "tool": s.tool, "email": s.email}
        if s.api_key:
            data["api_key"] = s.api_key
        for attempt in range(1, s.max_attempts + 1):
            self.limiter.acquire()
            with self._count_lock:
                self.requests_sent += 1
            try:
                # never follow a redirect: a 307/308 would resend the body, API key included,
                # to wherever it points, and a 301/302 would turn the POST into an empty GET
                deadline = time.monotonic() + s.request_deadline
                resp = self.session.post(self.url(utility), data=data, allow_redirects=False,
                                         timeout=(s.connect_timeout, s.read_timeout),
                                         stream=True)
                try:
                    body = self._read_body(resp, deadline)
                finally:
                    resp.close()
                result = self._check(resp.status_code, resp.headers, body, parse)
            except _Retry as exc:
                problem = exc
            except (requests.Timeout, urllib3.exceptions.TimeoutError):
                problem = _Retry("timed out")
            except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
                problem = _Retry(f"connection failed ({type(exc).__name__})")
            else:
                self.attempts.append((utility, "ok"))
                return result
            reason = s.redact(problem.reason)
            self.attempts.append((utility, reason))
            if problem.retry_after is not None and problem.retry_after > s.max_retry_after:
                # waiting hours would stall this refresh (and, through the shared slot file,
                # every other one): give up on this request now
                cls = RateLimited if problem.status == 429 else EntrezUnavailable
                raise cls(f"E-utilities {utility}: {reason}; asked to wait "
                          f"{problem.retry_after:,.0f} s, over the {s.max_retry_after:g} s "
                          "limit; gave up", problem.status) from None
            if attempt == s.max_attempts:
                cls = RateLimited if problem.status == 429 else EntrezUnavailable
                raise cls(f"E-utilities {utility}: {reason}; gave up after {attempt} attempts",
                          problem.status) from None
            delay = self.backoff(attempt, problem.retry_after)
            log.info("E-utilities %s: %s; retrying in %.1f s", utility, reason, delay)
            self.limiter.hold(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _check(self, status: int, headers: Mapping[str, str], body: bytes,
               parse: Callable[[bytes], T]) -> T:
        s = self.settings
        head = body.lstrip()[:4096]
        # Sniff the non-XML shapes only outside XML, so a paper that mentions "rate limit
        # exceeded" in its abstract is not mistaken for a 429.
        is_xml = head.startswith(b"<?xml")
        if not is_xml and b"api key invalid" in head.lower():
            raise InvalidApiKey("NCBI rejected NCBI_API_KEY (HTTP "
                                f"{status}: API key invalid); fix or unset it", status)
        if 300 <= status < 400:
            where = s.redact(str(headers.get("Location") or "an unnamed address"))
            raise Redirected(f"E-utilities answered with a redirect (HTTP {status}) to "
                             f"{where}; set NCBI_EUTILS_URL to the new address", status)
        if status == 429 or (not is_xml and b"rate limit exceeded" in head.lower()):
            raise _Retry(f"rate limited (HTTP {status})", 429,
                         _retry_after(headers.get("Retry-After")))
        if status >= 500:
            raise _Retry(f"HTTP {status}", status, _retry_after(headers.get("Retry-After")))
        m = _ERROR_RE.search(body)
        message = m.group(1).decode("utf-8", "replace").strip() if m else ""
        if status >= 400:
            cls = HistoryExpired if _HISTORY_WORDS.search(message) else EntrezRequestError
            raise cls(s.redact(f"E-utilities refused the request (HTTP {status})"
                               + (f": {message[:300]}" if message else "")), status)
        if not head:
            raise _Retry("empty body", status)
        if not is_xml:   # an HTML error page, JSON, or proxy text such as "Unable to route"
            raise _Retry("not an XML response", status)
        if m:
            if _HISTORY_WORDS.search(message):
                raise HistoryExpired(s.redact(f"E-utilities: {message[:300]}"), status)
            raise _Retry(f"<ERROR> in the response: {message[:200]}", status)
        from Bio.Entrez.Parser import CorruptedXMLError, NotXMLError, ValidationError

        try:
            return parse(body)
        except (NotXMLError, CorruptedXMLError) as exc:
            raise _Retry(f"unreadable XML ({type(exc).__name__})", status) from None
        except (ValidationError, ValueError, RuntimeError) as exc:
            raise EntrezRequestError(s.redact(f"E-utilities response not understood: {exc}"),
                                     status) from None


@dataclass
class SearchResult:
    """All PMIDs one PubMed query matches (no 9,999 truncation), with NCBI's warnings."""

    term: str
    count: int
    pmids: list[str]
    translation: str | None = None
    warnings: list[str] = field(default_factory=list)


class EUtils:
    """The E-utilities calls refresh needs, on top of a ``Transport``."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    # -- esearch -------------------------------------------------------------------
    def _esearch(self, term: str, retstart: int = 0) -> dict:
        from .xmlparse import read

        params = {"db": "pubmed", "term": term, "usehistory": "y", "retstart": retstart,
                  "retmax": ESEARCH_CAP}
        return self.transport.call("esearch", params, read)

    def search(self, term: str) -> SearchResult:
        """Every PMID ``term`` matches: pages past ``retmax`` with ``retstart``, and past the
        9,999-id cap splits the query by PMID range (``AND lo:hi[uid]``), halving until each
        part fits."""
        first = self._esearch(term)
        result = SearchResult(term=term, count=int(first["Count"]), pmids=[],
                              translation=str(first.get("QueryTranslation") or "") or None,
                              warnings=_warnings(first))
        if result.count <= ESEARCH_CAP:
            result.pmids = self._page(term, first)
        else:
            # the cap warning is answered by splitting; do not pass it on
            result.warnings = [w for w in result.warnings if "Restrictions achieved" not in w]
            result.pmids = self._split(term, 1, MAX_UID)
        result.pmids = sorted(set(result.pmids), key=int)
        if len(result.pmids) != result.count:
            result.warnings.append(f"PubMed reported {result.count} hits but returned "
                                   f"{len(result.pmids)} PMIDs")
        return result

    def _page(self, term: str, first: dict) -> list[str]:
        count = int(first["Count"])
        ids = [str(i) for i in first["IdList"]]
        while len(ids) < min(count, ESEARCH_CAP):
            page = self._esearch(term, retstart=len(ids))
            more = [str(i) for i in page["IdList"]]
            if not more:
                break
            ids.extend(more)
        return ids

    def _split(self, term: str, lo: int, hi: int) -> list[str]:
        """PMIDs of ``term`` in lo..hi, known to be more than the cap: ask for both halves."""
        if lo >= hi:
            raise EntrezRequestError(f"PubMed reports more than {ESEARCH_CAP} hits for the "
                                     f"single uid {lo} of {term!r}")
        mid = (lo + hi) // 2
        return self._part(term, lo, mid) + self._part(term, mid + 1, hi)

    def _part(self, term: str, lo: int, hi: int) -> list[str]:
        sub = f"({term}) AND {lo}:{hi}[uid]"
        res = self._esearch(sub)
        if int(res["Count"]) <= ESEARCH_CAP:
            return self._page(sub, res)
        return self._split(term, lo, hi)

    # -- epost + efetch ------------------------------------------------------------
    def epost(self, pmids: list[str]) -> tuple[str, str]:
        from .xmlparse import read

        res = self.transport.call("epost", {"db": "pubmed", "id": ",".join(pmids)}, read)
        if not res.get("WebEnv") or not res.get("QueryKey"):
            # e.g. every id listed in InvalidIdList: the caller fetches by id instead
            raise HistoryExpired("epost returned no WebEnv"
                                 + (f" (invalid ids: {', '.join(map(str, res['InvalidIdList']))})"
                                    if res.get("InvalidIdList") else ""))
        return str(res["WebEnv"]), str(res["QueryKey"])

    def efetch(self, *, ids: list[str] | None = None, webenv: str | None = None,
               query_key: str | None = None, retstart: int = 0, retmax: int = 200
               ) -> tuple[bytes, Any]:
        """One PubMed efetch (XML), by ``ids`` or from the history server; returns the raw body
        and Bio.Entrez's reading of it (the body is only accepted if it parses whole)."""
        from .xmlparse import read

        params: dict[str, Any] = {"db": "pubmed", "retmode": "xml"}
        if ids is not None:
            params["id"] = ",".join(ids)
        else:
            params.update(WebEnv=webenv, query_key=query_key, retstart=retstart, retmax=retmax)
        return self.transport.call("efetch", params, lambda body: (body, read(body)))


def _warnings(res: Mapping) -> list[str]:
    out = []
    for group in ("ErrorList", "WarningList"):
        for kind, values in (res.get(group) or {}).items():
            for v in values if isinstance(values, list) else [values]:
                out.append(f"{kind}: {v}")
    return out
