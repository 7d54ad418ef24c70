"""A local E-utilities server for tests and the benchmark: esearch, epost and efetch on
127.0.0.1 (random port, a thread), answering in the real XML formats, with faults scripted per
request.

    with EUtilsServer(records=..., searches={"query": ["1", "2"]}) as server:
        server.script(Fault.status(429), Fault.truncated())   # the next two requests fail
        settings = Settings(email="t@example.org", base_url=server.url)

Each queued ``Fault`` is used by the next request to its ``utility`` (or to any utility when
``utility`` is None). ``server.requests`` logs every request (method, utility, query string,
form parameters) so tests can count them and check that nothing went into a URL.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from claimcheck.pubmed.eutils import RateLimiter, Settings, Transport
from claimcheck.library.files import atomic_write_text, dump_yaml

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pubmed"

PUBMED_PROLOG = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD '
                 b'PubMedArticle, 1st January 2025//EN" '
                 b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n')
ESEARCH_PROLOG = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC '
                  b'"-//NLM//DTD esearch 20060628//EN" '
                  b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n')
EPOST_PROLOG = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE ePostResult PUBLIC '
                b'"-//NLM//DTD epost 20090218//EN" '
                b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20090218/epost.dtd">\n')
EFETCH_ERROR_PROLOG = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eEfetchResult PUBLIC '
                       b'"-//NLM//DTD efetch 20131226//EN" '
                       b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n')
DOWN_PAGE = (b"<!DOCTYPE html><html><head><title>NCBI - WWW Error 503</title></head><body>"
             b"<p>down_bethesda: the service is temporarily unavailable</p></body></html>")
ESEARCH_CAP = 9999
EMAIL = "tests@example.org"
SECRET = "SECRET_x_0123456789abcdef"

_ARTICLE = re.compile(rb"<(PubmedArticle|PubmedBookArticle)(?:\s[^>]*)?>.*?</\1>", re.S)
_PMID = re.compile(rb"<PMID(?:\s[^>]*)?>\s*(\d+)\s*</PMID>")
_RANGE = re.compile(r"^\((.*)\) AND (\d+):(\d+)\[uid\]$", re.S)
_UIDS = re.compile(r"^\s*\d+\[uid\](?:\s+OR\s+\d+\[uid\])*\s*$")
# ``(X) AND ("2026/10/30"[EDAT] : "2026/11/02"[EDAT])``: X within a date range in the term
_DATED = re.compile(r'^\((.*)\) AND \("([\d/]+)"\[(EDAT|MDAT|PDAT)\] : "([\d/]+)"\[\3\]\)$',
                    re.S)


def records_from_fixtures(directory: Path = FIXTURES) -> dict[str, bytes]:
    """Every PubmedArticle / PubmedBookArticle in the fixture files, keyed by PMID."""
    out: dict[str, bytes] = {}
    for path in sorted(directory.glob("*.xml")):
        for m in _ARTICLE.finditer(path.read_bytes()):
            out[_PMID.search(m.group(0)).group(1).decode()] = m.group(0)
    return out


def synthetic_record(pmid: str) -> bytes:
    """A minimal, obviously synthetic PubmedArticle (for the benchmark's large libraries)."""
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">'
            f'{pmid}</PMID><Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print">'
            f'<Volume>1</Volume><PubDate><Year>2020</Year></PubDate></JournalIssue>'
            f'<Title>Synthetic journal</Title><ISOAbbreviation>Synth J</ISOAbbreviation>'
            f'</Journal><ArticleTitle>Synthetic benchmark record {pmid}.</ArticleTitle>'
            f'<Abstract><AbstractText Label="RESULTS">Synthetic text, P&lt;0.05.</AbstractText>'
            f'</Abstract><AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Bench'
            f'</LastName><Initials>S</Initials></Author></AuthorList><PublicationTypeList>'
            f'<PublicationType UI="D016428">Journal Article</PublicationType>'
            f'</PublicationTypeList></Article></MedlineCitation><PubmedData><ArticleIdList>'
            f'<ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData>'
            f'</PubmedArticle>').encode()


@dataclass
class Fault:
    """One scripted misbehaviour, used by the next matching request."""

    kind: str
    utility: str | None = None
    status: int = 200
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    drop: tuple[str, ...] = ()

    @classmethod
    def http(cls, status: int, utility: str | None = None, retry_after: str | None = None,
             body: bytes | None = None) -> "Fault":
        if body is None:
            body = (b'{"error":"API rate limit exceeded","api-key":"203.0.113.1","count":"4",'
                    b'"limit":"3"}' if status == 429 else DOWN_PAGE)
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        if body.startswith(b"{"):
            headers["Content-Type"] = "application/json"
        return cls("http", utility, status=status, body=body, headers=headers)

    @classmethod
    def rate_limit_json_200(cls, utility: str | None = None) -> "Fault":
        return cls.http(200, utility, body=b'{"error":"API rate limit exceeded","count":"4"}')

    @classmethod
    def none(cls, utility: str | None = None) -> "Fault":
        """No fault: lets the next matching request through (to spread faults over requests)."""
        return cls("none", utility)

    @classmethod
    def slow(cls, delay: float, utility: str | None = None) -> "Fault":
        return cls("slow", utility, delay=delay)

    @classmethod
    def reset(cls, utility: str | None = None) -> "Fault":
        return cls("reset", utility)

    @classmethod
    def truncated(cls, utility: str | None = None) -> "Fault":
        return cls("truncated", utility)

    @classmethod
    def empty(cls, utility: str | None = None) -> "Fault":
        return cls("http", utility, status=200, body=b"")

    @classmethod
    def error_in_200(cls, utility: str | None = None,
                     message: str = "Search Backend failed: Unable to open connection to "
                                    "#PMQuerySrv-1") -> "Fault":
        return cls("error200", utility, body=message.encode())

    @classmethod
    def drop_pmids(cls, *pmids: str) -> "Fault":
        return cls("drop", "efetch", drop=tuple(pmids))

    @classmethod
    def invalid_key(cls, utility: str | None = None) -> "Fault":
        return cls("invalid-key", utility, status=400)

    # -- hostile servers (issue 14) ------------------------------------------------------
    @classmethod
    def drip(cls, every: float, utility: str | None = None) -> "Fault":
        """Headers at once, then the body one byte every ``every`` seconds: each read is quick
        enough for a per-read timeout, the whole never arrives in reasonable time."""
        return cls("drip", utility, delay=every)

    @classmethod
    def huge_retry_after(cls, seconds: str = "100000", utility: str | None = None) -> "Fault":
        """A 429 asking the client to wait ``seconds`` (a day and more by default)."""
        return cls.http(429, utility, retry_after=seconds)

    @classmethod
    def redirect(cls, location: str, status: int = 307, utility: str | None = None) -> "Fault":
        """A redirect elsewhere; following a 307 would resend the key with the body."""
        return cls("http", utility, status=status, body=b"moved",
                   headers={"Location": location})

    @classmethod
    def echo_key(cls, utility: str | None = None) -> "Fault":
        """The request's api_key echoed inside the answer: in every efetch record's title, in
        an esearch's QueryTranslation and warnings (raw and URL-encoded)."""
        return cls("echo-key", utility)

    @classmethod
    def expired_history(cls) -> "Fault":
        return cls("error200", "efetch",
                   body=b"Cannot retrieve history data: WebEnv is expired or unknown")


@dataclass
class Request:
    method: str
    utility: str
    path: str            # the full request target, query string included
    params: dict[str, str]


class EUtilsServer:
    """See the module docstring. ``records`` maps PMID -> PubmedArticle bytes; ``searches`` maps
    a query to its PMIDs; ``page_size`` caps ids per esearch response (to exercise paging)."""

    def __init__(self, records: dict[str, bytes] | None = None,
                 searches: dict[str, list[str]] | None = None, *,
                 page_size: int | None = None) -> None:
        self.records = dict(records if records is not None else records_from_fixtures())
        self.searches = {k: list(v) for k, v in (searches or {}).items()}
        self.page_size = page_size
        self.faults: deque[Fault] = deque()
        self.used: list[Fault] = []
        self.requests: list[Request] = []
        self.history: dict[str, list[str]] = {}
        self.dates: dict[str, dict[str, str]] = {}   # PMID -> {"edat": ..., "mdat": ...}
        self.lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------
    def __enter__(self) -> "EUtilsServer":
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        assert self._httpd is not None
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/entrez/eutils/"

    def script(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def count(self, utility: str | None = None) -> int:
        return sum(1 for r in self.requests if utility is None or r.utility == utility)

    # -- behaviour -------------------------------------------------------------------
    def take_fault(self, utility: str) -> Fault | None:
        with self.lock:
            for i, f in enumerate(self.faults):
                if f.utility in (None, utility):
                    del self.faults[i]
                    self.used.append(f)
                    return f
        return None

    def matches(self, term: str) -> list[str]:
        m = _RANGE.match(term)
        if m:
            lo, hi = int(m.group(2)), int(m.group(3))
            return [p for p in self.matches(m.group(1)) if lo <= int(p) <= hi]
        if term not in self.searches:
            parts = _top_level_or(term)
            if len(parts) > 1:
                return sorted({p for part in parts for p in self.matches(part)}, key=int)
            inner = _unwrapped(term)
            if inner is not None:
                return self.matches(inner)
            m = _DATED.match(term)
            if m:
                window = {"datetype": m.group(3).lower(), "mindate": m.group(2),
                          "maxdate": m.group(4)}
                return self.in_window(self.matches(m.group(1)), window)
        if term not in self.searches and _UIDS.match(term):
            return self.uid_matches(term)
        return list(self.searches.get(term, []))

    def esearch(self, p: dict[str, str]) -> bytes:
        term = p.get("term", "")
        ids = self.in_window(self.matches(term), p)
        retstart, retmax = int(p.get("retstart", 0)), int(p.get("retmax", 20))
        if self.page_size:
            retmax = min(retmax, self.page_size)
        warnings = ""
        if len(ids) > ESEARCH_CAP or retstart + retmax > ESEARCH_CAP < len(ids):
            warnings = ("<WarningList><OutputMessage>Restrictions achieved. start and count "
                        "adjusted to 0, 9999</OutputMessage></WarningList>")
            retmax = max(0, min(retmax, ESEARCH_CAP - retstart))
        page = ids[retstart:retstart + retmax]
        if not ids:
            warnings = ("<ErrorList><PhraseNotFound>" + _esc(term[:40]) + "</PhraseNotFound>"
                        "</ErrorList><WarningList><OutputMessage>No items found.</OutputMessage>"
                        "</WarningList>")
        with self.lock:
            webenv = f"MCID_{len(self.history) + 1:06d}"
            self.history[webenv] = ids
        body = (f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(page)}</RetMax>"
                f"<RetStart>{retstart}</RetStart><QueryKey>1</QueryKey><WebEnv>{webenv}</WebEnv>"
                "<IdList>" + "".join(f"<Id>{i}</Id>" for i in page) + "</IdList>"
                "<TranslationSet/><QueryTranslation>" + _esc(term) + "</QueryTranslation>"
                + warnings + "</eSearchResult>\n")
        return ESEARCH_PROLOG + body.encode()

    def epost(self, p: dict[str, str]) -> bytes:
        ids = [i for i in p.get("id", "").split(",") if i]
        with self.lock:
            webenv = f"MCID_{len(self.history) + 1:06d}"
            self.history[webenv] = ids
        return EPOST_PROLOG + (f"<ePostResult>\n\t<QueryKey>1</QueryKey>\n\t<WebEnv>{webenv}"
                               "</WebEnv>\n</ePostResult>\n").encode()

    def efetch(self, p: dict[str, str], drop: tuple[str, ...] = ()) -> tuple[int, bytes]:
        if "id" in p:
            ids = [i for i in p["id"].split(",") if i]
        else:
            ids = self.history.get(p.get("WebEnv", ""))
            if ids is None:
                return 200, EFETCH_ERROR_PROLOG + (b"<eFetchResult><ERROR>Cannot retrieve "
                                                   b"history data: unknown WebEnv</ERROR>"
                                                   b"</eFetchResult>\n")
            start, count = int(p.get("retstart", 0)), int(p.get("retmax", 20))
            ids = ids[start:start + count]
        parts = [self.records[i] for i in ids if i in self.records and i not in drop]
        return 200, PUBMED_PROLOG + b"<PubmedArticleSet>\n" + b"\n".join(parts) + \
            b"\n</PubmedArticleSet>\n"

    # -- dates: entry (edat) and modification (mdat) dates, esearch date windows ----------
    def uid_matches(self, term: str) -> list[str]:
        """``1[uid] OR 2[uid] ...``: those of the PMIDs the server has a record for."""
        wanted = re.findall(r"(\d+)\[uid\]", term)
        return sorted({p for p in wanted if p in self.records}, key=int)

    def set_dates(self, pmid: str, *, entered: str | None = None,
                  modified: str | None = None) -> None:
        """Dates as ``YYYY/MM/DD``; a record's modification date is never before its entry."""
        with self.lock:
            d = self.dates.setdefault(pmid, {})
            if entered is not None:
                d["edat"] = entered
                d.setdefault("mdat", entered)
            if modified is not None:
                d["mdat"] = modified

    def add_record(self, pmid: str, raw: bytes, *, entered: str,
                   queries: tuple[str, ...] = ()) -> None:
        """A record PubMed added on ``entered``, matching ``queries``."""
        with self.lock:
            self.records[pmid] = raw
            for q in queries:
                hits = self.searches.setdefault(q, [])
                if pmid not in hits:
                    hits.append(pmid)
                    hits.sort(key=int)
        self.set_dates(pmid, entered=entered)

    def modify_record(self, pmid: str, raw: bytes, *, on: str) -> None:
        """PubMed revised a record on ``on`` (a retraction, an erratum link...)."""
        with self.lock:
            self.records[pmid] = raw
        self.set_dates(pmid, modified=on)

    def in_window(self, ids: list[str], p: dict[str, str]) -> list[str]:
        """``ids`` filtered by esearch's ``datetype``/``mindate``/``maxdate`` (inclusive days;
        E-utilities ignores a window without both ends). A record without dates is old: it
        was entered and last modified on 1900/01/01."""
        kind, lo, hi = p.get("datetype"), p.get("mindate"), p.get("maxdate")
        if kind not in ("edat", "mdat", "pdat") or not lo or not hi:
            return ids
        lo, hi = _date_key(lo, low=True), _date_key(hi, low=False)
        out = []
        for i in ids:
            when = _date_key(self.dates.get(i, {}).get(kind, "1900/01/01"), low=True)
            if lo <= when <= hi:
                out.append(i)
        return out


def _top_level_or(term: str) -> list[str]:
    """``term`` split at the ``OR``s outside parentheses, when each part is parenthesised
    (``(A) OR (B)``); ``[term]`` otherwise."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(term):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and term.startswith(" OR ", i):
            parts.append(term[start:i])
            start = i + 4
    parts.append(term[start:])
    if len(parts) > 1 and all(p.startswith("(") and p.endswith(")") for p in parts):
        return parts
    return [term]


def _unwrapped(term: str) -> str | None:
    """What one pair of parentheses around the whole of ``term`` encloses; None if none."""
    if not (term.startswith("(") and term.endswith(")")):
        return None
    depth = 0
    for i, ch in enumerate(term):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return term[1:-1] if i == len(term) - 1 else None
    return None


def _date_key(text: str, *, low: bool) -> tuple[int, int, int]:
    """``YYYY``, ``YYYY/MM`` or ``YYYY/MM/DD`` as a comparable day (a partial date is the
    first day of its period as a lower bound, the last as an upper one)."""
    parts = [int(x) for x in re.split(r"[/-]", text.strip()) if x]
    while len(parts) < 3:
        parts.append(1 if low else 31 if len(parts) == 2 else 12)
    return tuple(parts[:3])


def retracted_version(raw: bytes, notice_pmid: str) -> bytes:
    """``raw`` (a PubmedArticle) as PubMed shows it once retracted: the publication type
    "Retracted Publication" and a ``RetractionIn`` link to the notice."""
    raw = raw.replace(b"</PublicationTypeList>",
                      b'<PublicationType UI="D016441">Retracted Publication</PublicationType>'
                      b"</PublicationTypeList>", 1)
    link = (b'<CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn">'
            b"<RefSource>Synth J. 2026</RefSource><PMID Version=\"1\">" + notice_pmid.encode()
            + b"</PMID></CommentsCorrections></CommentsCorrectionsList>")
    if b"<CommentsCorrectionsList>" in raw:   # add the link to the existing list
        return raw.replace(b"<CommentsCorrectionsList>",
                           link.removesuffix(b"</CommentsCorrectionsList>"), 1)
    return raw.replace(b"</MedlineCitation>", link + b"</MedlineCitation>", 1)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Handler(BaseHTTPRequestHandler):
    owner: EUtilsServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self._serve(parse_qs(urlparse(self.path).query))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        self._serve(parse_qs(raw, keep_blank_values=True))

    def _serve(self, form: dict[str, list[str]]) -> None:
        srv = self.owner
        params = {k: v[-1] for k, v in form.items()}
        utility = urlparse(self.path).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".fcgi")
        with srv.lock:
            srv.requests.append(Request(self.command, utility, self.path, params))
        fault = srv.take_fault(utility)
        try:
            self._respond(srv, utility, params, fault)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _respond(self, srv: EUtilsServer, utility: str, params: dict, fault: Fault | None):
        if fault and fault.kind == "http":
            return self._send(fault.status, fault.body or b"", fault.headers)
        if fault and fault.kind == "invalid-key":
            key = params.get("api_key", "")
            body = json.dumps({"error": "API key invalid", "api-key": key, "type": "invalid",
                               "status": "unknown"}).encode()
            return self._send(400, body, {"Content-Type": "application/json"})
        if fault and fault.kind == "error200":
            root = {"esearch": "eSearchResult", "epost": "ePostResult"}.get(utility)
            prolog = {"esearch": ESEARCH_PROLOG, "epost": EPOST_PROLOG}.get(utility,
                                                                           EFETCH_ERROR_PROLOG)
            root = root or "eFetchResult"
            return self._send(200, prolog + f"<{root}><ERROR>".encode() + fault.body
                              + f"</ERROR></{root}>\n".encode())
        if utility == "esearch":
            status, body = 200, srv.esearch(params)
        elif utility == "epost":
            status, body = 200, srv.epost(params)
        elif utility == "efetch":
            status, body = srv.efetch(params, fault.drop if fault and fault.kind == "drop" else ())
        else:
            status, body = 404, b"unknown utility"
        if fault and fault.kind == "echo-key":
            from urllib.parse import quote

            key = params.get("api_key", "").encode()
            body = body.replace(b"<ArticleTitle>", b"<ArticleTitle>api_key=" + key + b" ")
            body = body.replace(b"<QueryTranslation>", b"<QueryTranslation>" + key + b" ")
            body = body.replace(b"</eSearchResult>", b"<WarningList><OutputMessage>key "
                                + quote(key.decode(), safe="").encode()
                                + b" echoed</OutputMessage></WarningList></eSearchResult>")
        if fault and fault.kind == "drip":
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(fault.delay)
            return
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        if fault and fault.kind == "truncated":
            body = body[:max(1, len(body) // 2)]
        if fault and fault.kind == "reset":
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            # SO_LINGER 0: close with a TCP RST, as a dropped connection looks to the client
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        self._send(status, body)

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        headers = dict(headers or {})
        headers.setdefault("Content-Type", "text/xml; charset=UTF-8")
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# -- wiring for tests and the benchmark -------------------------------------------------------


@dataclass
class FakeClock:
    """``clock``/``sleep`` pair: sleeping advances time instantly; every sleep is recorded."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class RecordingLimiter(RateLimiter):
    """A limiter that remembers the (fake) time of every request start."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.starts: list[float] = []

    def acquire(self) -> float:
        start = super().acquire()
        self.starts.append(start)
        return start


def make_transport(url: str, *, api_key: str | None = None, clock: FakeClock | None = None,
                   fake_time: bool = True, **overrides) -> Transport:
    settings = Settings(email=EMAIL, api_key=api_key, base_url=url, **overrides)
    if fake_time:
        clock = clock or FakeClock()
        limiter = RecordingLimiter(settings.rate, clock=clock.clock, sleep=clock.sleep)
    else:
        limiter = RecordingLimiter(settings.rate)
    transport = Transport(settings, limiter=limiter, jitter=lambda: 0.0)
    transport.session.trust_env = False  # never route 127.0.0.1 through a proxy from the env
    return transport


def make_library(root: Path, pmids_by_claim: dict[str, list[str]],
                 searches: dict[str, str] | None = None,
                 citation_facts: dict[str, dict] | None = None) -> Path:
    """A minimal library: one claim per key of ``pmids_by_claim``, each citing one citation
    file per PMID (key ``c<PMID>``). ``citation_facts`` overrides fields of a citation."""
    searches = searches or {}
    citation_facts = citation_facts or {}
    (root / "evidence" / "citations").mkdir(parents=True, exist_ok=True)
    atomic_write_text(root / "claims" / "sources.yaml", dump_yaml([
        {"id": "001", "title": "Synthetic test page", "kind": "other"}]))
    seen: set[str] = set()
    for claim_id, pmids in pmids_by_claim.items():
        claim = {
            "id": claim_id, "kind": "efficacy", "statement": f"Synthetic claim {claim_id}.",
            "sources": [{"doc": "001", "quote": "a synthetic quote"}],
            "search": searches.get(claim_id),
            "evidence": [{"citation": f"c{p}", "stance": "supports", "directness": "direct"}
                         for p in pmids],
            "assessment": {"summary": "Synthetic.", "suggested_wording": "Synthetic."},
        }
        atomic_write_text(root / "claims" / f"{claim_id}.yaml", dump_yaml(claim))
        for p in pmids:
            if p in seen:
                continue
            seen.add(p)
            cit = {"key": f"c{p}", "pmid": p, "title": f"Synthetic benchmark record {p}.",
                   "authors": ["Bench S"], "year": 2020,
                   "verified_from": ["http://127.0.0.1/"], "design": "rct",
                   "findings": "Synthetic."}
            cit.update(citation_facts.get(p, {}))
            atomic_write_text(root / "evidence" / "citations" / f"c{p}.yaml", dump_yaml(cit))
    return root


def guard_network(monkeypatch) -> list:
    """Make any connection to a host other than 127.0.0.1 fail loudly; returns the attempts."""
    attempts: list = []
    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost"):
            attempts.append(address)
            raise AssertionError(f"network access attempted: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    import urllib.request

    def no_urlopen(*a, **k):
        attempts.append(a)
        raise AssertionError("urlopen called")

    monkeypatch.setattr(urllib.request, "urlopen", no_urlopen)
    from Bio.Entrez import Parser

    monkeypatch.setattr(Parser, "urlopen", no_urlopen)
    return attempts
