"""The E-utilities transport against the local fault-injecting server, on a fake clock."""

from __future__ import annotations

import threading
import time

import pytest

from claimcheck.pubmed.eutils import (ESEARCH_CAP, EntrezUnavailable, EUtils, InvalidApiKey,
                               RateLimited, RateLimiter, Redirected, Settings, redact)
from tests.support.eutils_server import (SECRET, EUtilsServer, FakeClock, Fault, guard_network,
                           make_transport, synthetic_record)

PMIDS = ["900000001", "900000002", "23346211"]


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    guard_network(monkeypatch)


@pytest.fixture(scope="module")
def server():
    with EUtilsServer(searches={"needling": PMIDS}) as s:
        yield s


@pytest.fixture(autouse=True)
def _reset(server):
    server.faults.clear()
    server.requests.clear()


def fetch(server, clock=None, **kw):
    t = make_transport(server.url, clock=clock, **kw)
    return t, EUtils(t)


# -- settings and secrets -----------------------------------------------------------------
def test_settings_from_env_and_repr_hides_key():
    s = Settings.from_env({"NCBI_EMAIL": "a@b.org", "NCBI_API_KEY": SECRET,
                           "NCBI_EUTILS_URL": "http://127.0.0.1:1/e/"})
    assert (s.email, s.base_url, s.rate) == ("a@b.org", "http://127.0.0.1:1/e/", 10.0)
    assert SECRET not in repr(s) and SECRET not in str(s)
    d = Settings.from_env({})
    assert d.base_url == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/" and d.rate == 3.0


def test_redact_masks_key_in_urls_and_ncbi_json():
    text = f'x?api_key={SECRET}&db=pubmed {{"error":"API key invalid","api-key":"{SECRET}"}}'
    out = redact(text, SECRET)
    assert SECRET not in out and out.count("[redacted]") == 2
    assert redact('"api-key":"anything"') == '"api-key":"[redacted]"'


def test_every_request_is_a_post_with_tool_and_email_and_no_query_string(server):
    t, e = fetch(server, api_key=SECRET)
    e.search("needling")
    webenv, key = e.epost(PMIDS)
    e.efetch(webenv=webenv, query_key=key, retstart=0, retmax=200)
    assert [r.utility for r in server.requests] == ["esearch", "epost", "efetch"]
    for r in server.requests:
        assert r.method == "POST" and "?" not in r.path and SECRET not in r.path
        assert r.params["tool"] == "claimcheck" and r.params["email"] == "tests@example.org"
        assert r.params["api_key"] == SECRET   # in the body only


# -- rate limit -----------------------------------------------------------------------------
@pytest.mark.parametrize("key, interval", [(None, 0.35), (SECRET, 0.105)])
def test_request_starts_are_spaced_by_the_rate_limit(server, key, interval):
    clock = FakeClock()
    t, e = fetch(server, clock=clock, api_key=key)
    for _ in range(6):
        e.search("needling")
    starts = t.limiter.starts
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(starts) == 6 and all(g == pytest.approx(interval) for g in gaps)
    # never more than 3 (or 10) starts in any 1-second window
    limit = 10 if key else 3
    assert all(sum(1 for s in starts if a <= s < a + 1) <= limit for a in starts)


class _Yielding(float):
    """A clock reading that lets the other threads run whenever it is compared, so a limiter
    that reads and reserves its next slot without a lock hands one slot out twice (left to
    the scheduler, that race almost never shows)."""

    def _yield(self, other, op):
        time.sleep(0.001)
        return op(float(self), other)

    def __lt__(self, other):
        return self._yield(other, float.__lt__)

    def __gt__(self, other):
        return self._yield(other, float.__gt__)

    def __le__(self, other):
        return self._yield(other, float.__le__)

    def __ge__(self, other):
        return self._yield(other, float.__ge__)


def test_limiter_is_shared_by_threads():
    clock = FakeClock()
    lock = threading.Lock()

    # time stands still: the slots each thread reserves alone decide the start times
    lim = RateLimiter(3, clock=lambda: _Yielding(clock.clock()), sleep=lambda d: None)
    starts: list[float] = []

    def worker():
        for _ in range(5):
            s = lim.acquire()
            with lock:
                starts.append(s)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    starts.sort()
    assert len(starts) == 40 and len(set(starts)) == 40
    assert all(b - a >= 0.35 - 1e-9 for a, b in zip(starts, starts[1:]))
    assert all(sum(1 for s in starts if a <= s < a + 1) <= 3 for a in starts)


# -- faults ---------------------------------------------------------------------------------
TRANSIENT = {
    "429": Fault.http(429),
    "500": Fault.http(500),
    "502": Fault.http(502),
    "503-html": Fault.http(503),
    "route": Fault.http(502, body=b"Unable to route request! service name: /http/service/x"),
    "rate-json-200": Fault.rate_limit_json_200(),
    "reset": Fault.reset(),
    "truncated": Fault.truncated(),
    "empty": Fault.empty(),
    "error-in-200": Fault.error_in_200(),
}


@pytest.mark.parametrize("utility", ["esearch", "epost", "efetch"])
@pytest.mark.parametrize("name", list(TRANSIENT))
def test_each_transient_fault_is_retried_once_with_backoff(server, utility, name):
    f = TRANSIENT[name]
    server.script(Fault(**{**f.__dict__, "utility": utility}))
    clock = FakeClock()
    t, e = fetch(server, clock=clock)
    e.search("needling")
    webenv, key = e.epost(PMIDS)
    body, parsed = e.efetch(webenv=webenv, query_key=key)
    assert len(parsed["PubmedArticle"]) == 3
    assert server.count(utility) == 2 and server.count() == 4
    assert t.requests_sent == 4
    assert max(clock.sleeps) >= 1.0  # the back-off, not just the rate-limit spacing


def test_slow_response_times_out_and_is_retried(server):
    # the timeout must also leave a busy shared machine time to answer the retry from
    # 127.0.0.1 (150 ms was a thin margin); the slow answer comes long after it either way
    server.script(Fault.slow(2.0, "efetch"))
    t, e = fetch(server, read_timeout=0.5)
    body, parsed = e.efetch(ids=PMIDS)
    assert len(parsed["PubmedArticle"]) == 3
    assert [a[1] for a in t.attempts] == ["timed out", "ok"]


def test_backoff_doubles_and_honours_retry_after(server):
    server.script(Fault.http(429), Fault.http(503), Fault.http(429, retry_after="7"))
    clock = FakeClock()
    t, e = fetch(server, clock=clock)
    e.search("needling")
    starts = t.limiter.starts
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert gaps == pytest.approx([1.0, 2.0, 7.0])   # jitter fixed at 0 in tests
    assert t.requests_sent == 4


def test_jitter_stretches_backoff_by_at_most_half():
    t = make_transport("http://127.0.0.1:9/")
    t.jitter = lambda: 0.999
    assert t.backoff(1, None) == pytest.approx(1.4995)
    assert t.backoff(3, None) == pytest.approx(5.998)
    assert t.backoff(10, None) == pytest.approx(30 * 1.4995)   # capped
    assert t.backoff(1, 12.0) == 12.0


def test_no_request_starts_during_a_backoff_from_another_caller(server):
    clock = FakeClock()
    t, e = fetch(server, clock=clock)
    server.script(Fault.http(429, retry_after="5"))
    e.search("needling")
    t2 = make_transport(server.url)
    t2.limiter = t.limiter    # the process-wide limiter is shared
    EUtils(t2).search("needling")
    starts = t.limiter.starts
    assert starts[-1] - starts[0] >= 5.0 + 0.35 - 1e-9


def test_persistent_429_gives_up_with_rate_limited(server):
    server.script(*[Fault.http(429)] * 5)
    clock = FakeClock()
    t, e = fetch(server, clock=clock)
    with pytest.raises(RateLimited) as err:
        e.search("needling")
    assert err.value.status == 429 and "gave up after 5 attempts" in str(err.value)
    assert server.count() == 5
    assert clock.sleeps[:4] == pytest.approx([1.0, 2.0, 4.0, 8.0])


def test_persistent_5xx_gives_up_with_unavailable(server):
    server.script(*[Fault.http(502)] * 5)
    t, e = fetch(server)
    with pytest.raises(EntrezUnavailable):
        e.epost(PMIDS)
    assert server.count() == 5


def test_invalid_key_is_fatal_and_never_echoed(server, caplog):
    server.script(Fault.invalid_key())
    t, e = fetch(server, api_key=SECRET)
    with pytest.raises(InvalidApiKey) as err:
        e.search("needling")
    assert server.count() == 1
    assert SECRET not in str(err.value) and SECRET not in repr(err.value)
    assert err.value.exit_code == 2
    assert SECRET not in caplog.text


def test_logged_retry_reasons_never_contain_the_key(server, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="claimcheck.pubmed.eutils")
    server.script(Fault.http(429, body=('{"error":"API rate limit exceeded","api-key":"'
                                        + SECRET + '"}').encode()))
    t, e = fetch(server, api_key=SECRET)
    e.search("needling")
    assert "retrying" in caplog.text and SECRET not in caplog.text
    assert all(SECRET not in reason for _, reason in t.attempts)


def test_connection_refused_is_retried_then_reported():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]   # closed again: nothing listens there
    t = make_transport(f"http://127.0.0.1:{port}/", max_attempts=2)
    with pytest.raises(EntrezUnavailable, match="connection failed"):
        EUtils(t).search("x")


@pytest.mark.parametrize("url", ["notaurl", "ftp://x/", "http://[bad/", "http:///e/"])
def test_unusable_base_url_is_refused_before_any_request(url):
    from claimcheck.pubmed.eutils import InvalidEutilsUrl, Transport

    with pytest.raises(InvalidEutilsUrl, match="NCBI_EUTILS_URL") as err:
        Transport(Settings(email="a@b.org", base_url=url))
    assert err.value.exit_code == 2


# -- esearch paging and the 9,999 cap ---------------------------------------------------
def test_esearch_pages_past_retmax():
    ids = [str(900000100 + i) for i in range(25)]
    with EUtilsServer(searches={"q": ids}, page_size=10) as s:
        t, e = fetch(s)
        res = e.search("q")
    assert res.pmids == ids and res.count == 25
    assert [r.params["retstart"] for r in s.requests] == ["0", "10", "20"]
    assert all(r.params["usehistory"] == "y" for r in s.requests)


def test_esearch_splits_by_uid_range_past_the_cap(monkeypatch):
    import claimcheck.pubmed.eutils
    from tests.support import eutils_server

    # the same logic as at 9,999, with a cap small enough to keep the test fast
    monkeypatch.setattr(claimcheck.pubmed.eutils, "ESEARCH_CAP", 99)
    monkeypatch.setattr(eutils_server, "ESEARCH_CAP", 99)
    monkeypatch.setattr(claimcheck.pubmed.eutils, "MAX_UID", 1023)
    ids = [str(i) for i in range(1, 251)]
    with EUtilsServer(records={}, searches={"big": ids}) as s:
        t, e = fetch(s)
        res = e.search("big")
    assert res.count == 250 and res.pmids == ids and not res.warnings
    terms = [r.params["term"] for r in s.requests]
    assert terms[0] == "big" and all(t.startswith("(big) AND ") for t in terms[1:])
    # bisection of 1..1023: every node costs one request, parts with <= 99 hits are leaves
    assert terms[1:] == ["(big) AND 1:512[uid]", "(big) AND 1:256[uid]",
                         "(big) AND 1:128[uid]", "(big) AND 1:64[uid]", "(big) AND 65:128[uid]",
                         "(big) AND 129:256[uid]", "(big) AND 129:192[uid]",
                         "(big) AND 193:256[uid]", "(big) AND 257:512[uid]",
                         "(big) AND 513:1023[uid]"]


def test_no_hits_is_a_warning_not_an_error(server):
    t, e = fetch(server)
    res = e.search("nothing matches this")
    assert res.count == 0 and res.pmids == []
    assert any("PhraseNotFound" in w for w in res.warnings) and server.count() == 1


def test_xml_mentioning_rate_limits_or_keys_is_not_mistaken_for_an_error(server):
    tricky = synthetic_record("900000500").replace(
        b"Synthetic text, P&lt;0.05.", b"API rate limit exceeded; API key invalid.")
    with EUtilsServer(records={"900000500": tricky}) as s:
        t, e = fetch(s)
        body, parsed = e.efetch(ids=["900000500"])
    assert t.requests_sent == 1 and len(parsed["PubmedArticle"]) == 1


def test_efetch_batch_is_read_whole():
    records = {str(900001000 + i): synthetic_record(str(900001000 + i)) for i in range(200)}
    with EUtilsServer(records=records) as s:
        t, e = fetch(s)
        body, parsed = e.efetch(ids=sorted(records))
    assert len(parsed["PubmedArticle"]) == 200 and ESEARCH_CAP == 9999


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_is_not_followed_and_the_key_stays_here(server, status):
    elsewhere = server.url.rstrip("/") + "/elsewhere/"
    server.script(Fault("http", "esearch", status=status, body=b"moved",
                        headers={"Location": elsewhere + "esearch.fcgi"}))
    t, e = fetch(server, api_key=SECRET)
    with pytest.raises(Redirected) as err:     # a configuration error: stop, exit 2
        e.search("needling")
    assert server.count() == 1                      # nothing was sent to the new address
    assert "redirect" in str(err.value) and SECRET not in str(err.value)
    assert err.value.exit_code == 2


def test_limiters_sharing_a_slot_file_space_each_other(tmp_path):
    # two limiters with their own in-process state stand for two processes: only the slot
    # file tells the second that the first has taken the slot
    clock = FakeClock()
    slot = tmp_path / "eutils.slot"
    a = RateLimiter(3, clock=clock.clock, wall=clock.clock, sleep=clock.sleep, slot_file=slot)
    b = RateLimiter(3, clock=clock.clock, wall=clock.clock, sleep=clock.sleep, slot_file=slot)
    starts = [a.acquire(), b.acquire(), a.acquire(), b.acquire()]
    gaps = [y - x for x, y in zip(starts, starts[1:])]
    assert all(abs(g - a.interval) < 1e-9 for g in gaps)
    b.hold(10)                      # a back-off in one process holds the other too
    assert a.acquire() >= starts[-1] + 10


def test_two_processes_share_the_rate_limit(tmp_path):
    import subprocess
    import sys

    slot = tmp_path / "eutils.slot"
    # the file's clock is a fixed shift of the monotonic one (shared by all processes), so the
    # slots compare across processes; each process still reads the shift as two clock reads
    # one after the other, so a slot may come a few microseconds early (the 5% margin in the
    # interval is there to absorb that)
    code = ("import sys, time; from claimcheck.pubmed.eutils import RateLimiter\n"
            "lim = RateLimiter(20, slot_file=sys.argv[1], wall=lambda: time.monotonic() + 1e6)\n"
            "for _ in range(4):\n"
            "    print(repr(lim.acquire()))\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(slot)], stdout=subprocess.PIPE,
                              text=True) for _ in range(2)]
    slots = sorted(float(x) for p in procs for x in p.communicate(timeout=60)[0].split())
    assert len(slots) == 8
    interval = 1.05 / 20
    # the slots handed out, not when the processes got round to printing: never closer than
    # the interval, less the jitter of reading the shift (it once came 1.5 microseconds
    # early on a loaded machine), and far more than the rate's own spacing of 1 / 20 s
    assert min(y - x for x, y in zip(slots, slots[1:])) >= interval - 1e-4
