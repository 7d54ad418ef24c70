"""A hostile E-utilities server (issue 14 #7): a dripping body, a Retry-After of a day, a
redirect and a key echoed back. Each ends in bounded time with the documented outcome, and the
key never reaches the disk or the output."""

from __future__ import annotations

import json
import time

import pytest

from claimcheck.pubmed.eutils import EntrezUnavailable, EUtils, RateLimited, RateLimiter, \
    Redirected
from claimcheck.pubmed.refresh import refresh
from tests.support.eutils_server import (EMAIL, SECRET, EUtilsServer, FakeClock, Fault,
                                         guard_network, make_library, make_transport)

PMIDS = ["900000001", "900000002", "900000003"]


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    guard_network(monkeypatch)


@pytest.fixture
def server():
    with EUtilsServer(searches={"needling AND synthetic": PMIDS[:2]}) as s:
        yield s


@pytest.fixture
def lib(tmp_path):
    return make_library(tmp_path / "lib", {"claim-a": PMIDS},
                        searches={"claim-a": "needling AND synthetic"})


def test_dripping_body_is_cut_at_the_request_deadline(server):
    # one byte every 50 ms: every read is far inside the read timeout, the body (~2 KB) would
    # take minutes; the whole-request deadline ends each attempt after one second
    server.script(Fault.drip(0.05, "efetch"), Fault.drip(0.05, "efetch"))
    t = make_transport(server.url, request_deadline=1.0, read_timeout=5.0, max_attempts=2)
    started = time.monotonic()
    with pytest.raises(EntrezUnavailable, match="too slow"):
        EUtils(t).efetch(ids=PMIDS)
    assert time.monotonic() - started < 10
    assert [reason for _, reason in t.attempts] == \
        ["too slow (no whole response within 1 s)"] * 2


def test_dripping_server_then_a_good_answer(server):
    server.script(Fault.drip(0.05, "efetch"))
    t = make_transport(server.url, request_deadline=0.5)
    body, parsed = EUtils(t).efetch(ids=PMIDS)
    assert len(parsed["PubmedArticle"]) == 3 and t.requests_sent == 2


def test_huge_retry_after_gives_up_at_once(server):
    server.script(Fault.huge_retry_after("100000", "esearch"))
    clock = FakeClock()
    t = make_transport(server.url, clock=clock)
    with pytest.raises(RateLimited, match="asked to wait 100,000 s, over the 60 s limit"):
        EUtils(t).search("needling AND synthetic")
    assert server.count() == 1                      # not four more attempts
    assert sum(clock.sleeps) < 61                   # nor a day of waiting
    assert t.limiter._next - clock.now < 61         # nor a slot pushed a day out


def test_huge_retry_after_in_refresh_is_a_failure_not_a_stall(lib, server):
    server.script(Fault.huge_retry_after("100000", "esearch"))
    clock = FakeClock()
    report = refresh(lib, transport=make_transport(server.url, clock=clock))
    assert not report.ok and any("over the 60 s limit" in f for f in report.failures)
    assert sum(clock.sleeps) < 61 and report.fetched == PMIDS


def test_a_slot_pushed_far_out_in_the_shared_file_holds_others_at_most_a_minute(tmp_path):
    clock = FakeClock()
    slot = tmp_path / "eutils.slot"
    slot.write_text(repr(clock.now + 100000))       # a hostile or damaged slot file
    b = RateLimiter(3, clock=clock.clock, wall=clock.clock, sleep=clock.sleep, slot_file=slot)
    assert b.acquire() <= clock.now + 60
    a = RateLimiter(3, clock=clock.clock, wall=clock.clock, sleep=clock.sleep, slot_file=slot)
    a.hold(100000)                                   # even a direct hold reaches no further
    assert b.acquire() - clock.now <= 60 + b.interval


def test_redirect_stops_the_refresh(lib, server):
    server.script(Fault.redirect(server.url + "elsewhere/esearch.fcgi", utility="esearch"))
    with pytest.raises(Redirected) as err:
        refresh(lib, transport=make_transport(server.url, api_key=SECRET))
    assert server.count() == 1 and err.value.exit_code == 2 and SECRET not in str(err.value)


def test_cli_redirect_exits_2_after_one_request(lib, server, run_cli):
    server.script(Fault.redirect(server.url + "elsewhere/esearch.fcgi", status=301))
    code, out, err = run_cli("refresh", "--root", str(lib),
                             env={"NCBI_EMAIL": EMAIL, "NCBI_EUTILS_URL": server.url})
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("Error: E-utilities answered with a redirect (HTTP 301)")
    assert server.count() == 1


def test_key_echoed_in_records_and_searches_is_never_written(lib, server):
    server.script(Fault.echo_key("esearch"), Fault.echo_key("efetch"), Fault.echo_key("efetch"))
    report = refresh(lib, transport=make_transport(server.url, api_key=SECRET))
    assert report.fetched == PMIDS
    written = b"".join(p.read_bytes() for p in (lib / "evidence").rglob("*") if p.is_file())
    assert b"api_key=[redacted]" in written          # the echo was there, and was scrubbed
    assert SECRET.encode() not in written
    assert SECRET not in json.dumps(report.as_dict())
