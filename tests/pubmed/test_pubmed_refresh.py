"""``refresh`` and ``verify`` end to end: the cache, freshness, resuming, faults, the CLI."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from claimcheck.pubmed.records import read_record, split_articles, wrap_article
from claimcheck.pubmed.refresh import Cache, refresh
from claimcheck.pubmed.verify import verify
from tests.support.eutils_server import (EMAIL, FIXTURES, SECRET, EUtilsServer, Fault, guard_network,
                           make_library, make_transport, synthetic_record)

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)
FIXTURE_PMIDS = ["6107591", "23346211", "900000001", "900000002", "900000003", "900000005",
                 "900000006"]
DELETED = "900000099"    # cited, but the server has no such record


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    guard_network(monkeypatch)


def tree_digest(*dirs: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for d in dirs for p in sorted(d.rglob("*")) if p.is_file()}


def all_cache_files_valid(root: Path) -> list[str]:
    pmids = []
    for p in sorted((root / "evidence" / "pubmed").glob("*")):
        if p.name == "missing.yaml":  # the log of PMIDs PubMed had no record for
            continue
        assert p.suffix == ".xml", f"stray file {p.name}"   # no temp files left behind
        assert read_record(p).pmid == p.stem
        pmids.append(p.stem)
    return pmids


@pytest.fixture
def lib(tmp_path):
    return make_library(tmp_path / "lib", {
        "claim-a": FIXTURE_PMIDS[:4] + [DELETED],
        "claim-b": FIXTURE_PMIDS[3:],
    }, searches={"claim-a": "needling AND synthetic", "claim-b": "no hits here"})


@pytest.fixture
def server():
    with EUtilsServer(searches={"needling AND synthetic": ["900000001", "900000002"]}) as s:
        yield s


def run(lib, server, **kw):
    transport = kw.pop("transport", None) or make_transport(server.url)
    return refresh(lib, transport=transport, now=kw.pop("now", NOW), **kw)


def test_cold_refresh_fetches_everything_in_the_minimum_requests(lib, server):
    curated = tree_digest(lib / "claims", lib / "evidence" / "citations")
    report = run(lib, server)
    n = len(FIXTURE_PMIDS) + 1
    # 2 searches + 1 epost + ceil(8/200) efetch + 1 by-id efetch for the PMID that never came
    assert report.requests == server.count() == 2 + 1 + math.ceil(n / 200) + 1
    assert [r.utility for r in server.requests] == ["esearch", "esearch", "epost", "efetch",
                                                    "efetch"]
    assert server.requests[-1].params["id"] == DELETED
    assert sorted(report.fetched, key=int) == sorted(FIXTURE_PMIDS, key=int)
    assert report.missing == [DELETED] and not report.ok
    assert sorted(all_cache_files_valid(lib), key=int) == sorted(FIXTURE_PMIDS, key=int)
    assert tree_digest(lib / "claims", lib / "evidence" / "citations") == curated
    log = Cache(lib).read_search("claim-a")
    assert log["query"] == "needling AND synthetic" and log["count"] == 2
    assert log["pmids"] == ["900000001", "900000002"] and log["searched"] == "2026-11-01T12:00:00Z"
    empty = Cache(lib).read_search("claim-b")
    assert empty["count"] == 0 and any("PhraseNotFound" in w for w in empty["warnings"])


def test_cached_record_is_the_raw_record_wrapped(lib, server):
    run(lib, server)
    cached = (lib / "evidence" / "pubmed" / "900000001.xml").read_bytes()
    raw = split_articles((FIXTURES / "900000001.xml").read_bytes())[1]["900000001"]
    assert raw in cached and cached.startswith(b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet')
    assert Cache(lib).fetched_at("900000001") == NOW


def test_second_run_inside_the_window_sends_no_request(lib, server):
    run(lib, server)
    server.requests.clear()
    report = run(lib, server, now=NOW + timedelta(days=29))
    # the deleted PMID is remembered as missing for the window: reported, not asked again
    assert server.count() == 0 and report.missing == [DELETED] and not report.ok
    server.requests.clear()
    report = run(lib, server, now=NOW + timedelta(days=31))
    assert [r.utility for r in server.requests][-2:] == ["efetch", "efetch"]
    assert report.missing == [DELETED]
    lib2 = make_library(lib.parent / "lib2", {"claim-a": FIXTURE_PMIDS},
                        searches={"claim-a": "needling AND synthetic"})
    run(lib2, server)
    server.requests.clear()
    report = run(lib2, server, now=NOW + timedelta(days=29))
    assert server.count() == 0 and report.requests == 0 and report.ok
    assert report.searches_fresh == ["claim-a"] and len(report.fresh) == len(FIXTURE_PMIDS)


def test_stale_or_forced_or_edited_query_is_requested_again(lib, server):
    lib2 = make_library(lib.parent / "lib2", {"claim-a": FIXTURE_PMIDS[:2]},
                        searches={"claim-a": "needling AND synthetic"})
    run(lib2, server)
    server.requests.clear()
    run(lib2, server, now=NOW + timedelta(days=31))
    assert [r.utility for r in server.requests] == ["esearch", "epost", "efetch"]
    server.requests.clear()
    run(lib2, server, max_age_days=30, force=True, now=NOW + timedelta(days=1))
    assert server.count() == 3
    server.requests.clear()
    claim = lib2 / "claims" / "claim-a.yaml"
    claim.write_text(claim.read_text().replace("needling AND synthetic", "needling"))
    run(lib2, server, now=NOW + timedelta(days=1))
    assert [r.utility for r in server.requests] == ["esearch"]


def test_named_claims_only(lib, server):
    report = run(lib, server, claims=["claim-b"])
    assert report.searches_run == ["claim-b"]
    assert sorted(report.fetched, key=int) == sorted(FIXTURE_PMIDS[3:], key=int)


def test_interrupted_refresh_leaves_a_valid_cache_and_resumes(tmp_path, monkeypatch):
    # batches of 20 instead of 200 keep the test fast; the paging logic is the same
    pmids = [str(900010000 + i) for i in range(45)]
    lib = make_library(tmp_path / "lib", {"big": pmids})
    with EUtilsServer(records={p: synthetic_record(p) for p in pmids}) as server:
        from claimcheck.pubmed.eutils import EUtils

        real = EUtils.efetch
        calls = {"n": 0}

        def interrupted(self, **kw):
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt   # the curator pressed Ctrl-C during the second batch
            return real(self, **kw)

        monkeypatch.setattr(EUtils, "efetch", interrupted)
        with pytest.raises(KeyboardInterrupt):
            run(lib, server, transport=make_transport(server.url, batch_size=20))
        done = len(all_cache_files_valid(lib))
        assert done == 20       # the first batch, written whole
        monkeypatch.setattr(EUtils, "efetch", real)
        server.requests.clear()
        report = run(lib, server, transport=make_transport(server.url, batch_size=20))
        assert report.ok and len(report.fetched) == 45 - done and len(report.fresh) == done
        assert [r.utility for r in server.requests] == ["epost"] + ["efetch"] * math.ceil(
            (45 - done) / 20)
        assert len(all_cache_files_valid(lib)) == 45


def test_faults_during_refresh_are_survived_with_nothing_lost(tmp_path):
    pmids = [str(900020000 + i) for i in range(42)]
    lib = make_library(tmp_path / "lib", {"big": pmids}, searches={"big": "big query"})
    with EUtilsServer(records={p: synthetic_record(p) for p in pmids},
                      searches={"big query": pmids[:30]}) as server:
        server.script(Fault.http(429, "esearch", retry_after="2"), Fault.error_in_200("esearch"),
                      Fault.http(503, "epost"), Fault.truncated("efetch"), Fault.reset("efetch"),
                      Fault.empty("efetch"), Fault.drop_pmids(pmids[5], pmids[15]),
                      Fault.http(502, "efetch"))
        transport = make_transport(server.url, batch_size=20)
        report = run(lib, server, transport=transport)
    assert report.ok, report.as_dict()
    assert len(all_cache_files_valid(lib)) == 42
    # minimum 1 + 1 + 3; each of 7 faults costs one retry; the 2 dropped records one more call
    assert report.requests == 5 + 7 + 1
    assert server.requests[-1].params["id"] == f"{pmids[5]},{pmids[15]}"


def test_expired_history_falls_back_to_fetching_by_id(lib, server):
    server.script(Fault.expired_history())
    report = run(lib, server)
    assert sorted(report.fetched, key=int) == sorted(FIXTURE_PMIDS, key=int)
    assert any("history server" in w for w in report.warnings)
    fetches = [r for r in server.requests if r.utility == "efetch"]
    assert "WebEnv" in fetches[0].params and "id" in fetches[1].params


def test_epost_without_webenv_falls_back_to_fetching_by_id(lib, server):
    bad = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE ePostResult PUBLIC "-//NLM//DTD '
           b'epost 20090218//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20090218/epost.dtd">'
           b'\n<ePostResult><InvalidIdList><Id>0</Id></InvalidIdList></ePostResult>\n')
    server.script(Fault.http(200, "epost", body=bad))
    report = run(lib, server)
    assert sorted(report.fetched, key=int) == sorted(FIXTURE_PMIDS, key=int)
    assert any("no WebEnv" in w for w in report.warnings)
    assert [r.utility for r in server.requests][2:] == ["epost", "efetch"]


def test_failure_after_every_retry_is_reported_and_the_rest_kept(tmp_path):
    pmids = [str(900030000 + i) for i in range(30)]
    lib = make_library(tmp_path / "lib", {"big": pmids})
    with EUtilsServer(records={p: synthetic_record(p) for p in pmids}) as server:
        server.script(Fault.none("epost"), *[Fault.http(429, "efetch")] * 10)
        report = run(lib, server, transport=make_transport(server.url, batch_size=20))
    assert not report.ok and len(report.failures) == 2 and "429" in report.failures[0]
    assert len(report.not_fetched) == 30 and report.missing == []
    # gave up after two batches failed every attempt: 1 epost + 5 + 5, no more hammering
    assert report.requests == 11
    server_down = all_cache_files_valid(lib)
    assert server_down == []


def test_a_refused_request_is_reported_without_stopping_the_run(lib, server):
    server.script(Fault.http(400, "esearch", body=b"<html>Bad Request</html>"))
    report = run(lib, server)
    assert len(report.failures) == 1 and "HTTP 400" in report.failures[0]
    assert report.searches_run == ["claim-b"] and len(report.fetched) == len(FIXTURE_PMIDS)
    assert server.count("esearch") == 2      # a 400 is not retried


def test_refresh_needs_an_email(lib, server):
    from claimcheck.pubmed.eutils import MissingEmail, Settings

    with pytest.raises(MissingEmail):
        refresh(lib, settings=Settings(email=None, base_url=server.url))
    assert server.count() == 0


def test_key_never_reaches_cache_logs_or_output(lib, server, run_cli, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    server.script(Fault.http(429, body=('{"error":"API rate limit exceeded","api-key":"'
                                        + SECRET + '"}').encode()))
    code, out, err = run_cli("refresh", "--root", str(lib), "--format", "json",
                             env={"NCBI_EMAIL": EMAIL, "NCBI_API_KEY": SECRET,
                                  "NCBI_EUTILS_URL": server.url})
    assert code == 1 and json.loads(out)["records"]["missing"] == [DELETED]
    blob = out + err + caplog.text
    for p in (lib / "evidence").rglob("*"):
        if p.is_file():
            blob += p.read_text(encoding="utf-8")
    assert SECRET not in blob
    assert all(SECRET not in r.path for r in server.requests)


# -- CLI ------------------------------------------------------------------------------------
def test_cli_refresh_without_email_exits_2_with_one_line(lib, run_cli, monkeypatch):
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    code, out, err = run_cli("refresh", "--root", str(lib))
    assert code == 2 and out == ""
    assert err == ("Error: NCBI_EMAIL is not set; NCBI asks every client for a contact "
                   "address: export NCBI_EMAIL=you@example.org and run again\n")


def test_cli_refresh_text_then_fresh_run(tmp_path, server, run_cli):
    lib = make_library(tmp_path / "lib", {"claim-a": FIXTURE_PMIDS[:3]},
                       searches={"claim-a": "needling AND synthetic"})
    env = {"NCBI_EMAIL": EMAIL, "NCBI_API_KEY": SECRET, "NCBI_EUTILS_URL": server.url}
    code, out, err = run_cli("refresh", "--root", str(lib), env=env)
    assert code == 0
    assert out == "searches: 1 run, 0 fresh; records: 3 fetched, 0 fresh, 0 missing; 3 requests\n"
    assert "refresh" not in err   # no progress bar when stderr is not a terminal
    code, out, err = run_cli("refresh", "--root", str(lib), env=env)
    assert code == 0
    assert out == "searches: 0 run, 1 fresh; records: 0 fetched, 3 fresh, 0 missing; 0 requests\n"


def test_cli_refresh_cache_write_failure_is_one_line_exit_2(lib, run_cli, server):
    (lib / "evidence" / "pubmed").write_text("not a directory")
    code, out, err = run_cli("refresh", "--root", str(lib),
                             env={"NCBI_EMAIL": EMAIL, "NCBI_EUTILS_URL": server.url})
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("Error: ") and "cannot write the PubMed cache" in err


def test_cli_refresh_with_a_mistyped_eutils_url_exits_2_at_once(lib, run_cli):
    code, out, err = run_cli("refresh", "--root", str(lib),
                             env={"NCBI_EMAIL": EMAIL, "NCBI_EUTILS_URL": "eutils.example.org"})
    assert code == 2 and out == ""
    assert err == ("Error: NCBI_EUTILS_URL 'eutils.example.org' is not an http(s) URL; fix it "
                   "or unset it to use NCBI's\n")
    assert not (lib / "evidence" / "searches").exists()


def test_cli_refresh_shows_a_progress_bar_on_a_terminal(tmp_path, server, run_cli, monkeypatch):
    import sys

    lib = make_library(tmp_path / "lib", {"claim-a": FIXTURE_PMIDS[:3]},
                       searches={"claim-a": "needling AND synthetic"})
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run_cli("refresh", "--root", str(lib),
                             env={"NCBI_EMAIL": EMAIL, "NCBI_EUTILS_URL": server.url})
    assert code == 0 and "refresh:" in err and "4/4" in err


def test_cli_unknown_claim(lib, run_cli, server):
    code, out, err = run_cli("refresh", "--root", str(lib), "nope",
                             env={"NCBI_EMAIL": EMAIL, "NCBI_EUTILS_URL": server.url})
    assert code == 2 and "unknown claim 'nope'" in err and server.count() == 0


# -- verify ---------------------------------------------------------------------------------
def fill_cache(root: Path, pmids) -> None:
    cache = Cache(root)
    for p in pmids:
        prolog, raw = split_articles((FIXTURES / f"{p}.xml").read_bytes())
        (cache.pubmed_dir).mkdir(parents=True, exist_ok=True)
        cache.record_path(p).write_bytes(wrap_article(prolog, raw[p], "fetched 2026-11-01T12:00:00Z"
                                                      " by claimcheck refresh"))


@pytest.fixture
def vlib(tmp_path):
    facts = {
        "23346211": {"title": "Probable mechanisms of needling therapies for myofascial pain "
                              "control", "doi": "10.1155/2012/705327", "year": 2012,
                     "authors": ["Chou LW"], "pmcid": "PMC3549415"},
        "6107591": {"title": "Increased beta-endorphin but not met-enkephalin levels in human "
                             "cerebrospinal fluid after acupuncture for recurrent pain",
                    "doi": "10.1016/S0140-6736(80)92106-6", "year": 1981, "authors": []},
        "900000001": {"title": "Synthetic record: needling of Musculus synthetica changes H2O "
                               "content (P<0.001) when n=12 & more",
                      "doi": "10.0000/synthetic.0002", "authors": ["Fixture A"], "year": 2021},
        "900000002": {"title": "Synthetic record: effet de l'aiguille seche sur la douleur - "
                               "etude uber beta-endorphine", "year": 2019,
                      "authors": ["Someone Else"]},
        "900000003": {"title": "Synthetic record: a retracted trial of needling.", "year": 2015,
                      "authors": ["Fixture G"]},
        "900000005": {"title": "Synthetic record: an expression of concern about the x2 "
                               "estimate.", "year": 2001, "authors": ["Fixture D"]},
        "900000004": {"title": "Synthetic record: retraction notice.", "year": 2016,
                      "authors": []},
    }
    root = make_library(tmp_path / "vlib", {"claim-a": list(facts) + ["900000077"]},
                        citation_facts=facts)
    fill_cache(root, list(facts))
    return root


def codes(report):
    return sorted((f.citation, f.code, f.level) for f in report.findings)


def test_verify_reports_each_kind_of_problem(vlib):
    report = verify(vlib)
    assert report.checked == 8 and not report.ok
    assert codes(report) == [
        ("c6107591", "year-mismatch", "error"),
        ("c900000001", "doi-mismatch", "error"),
        ("c900000002", "first-author-mismatch", "error"),
        ("c900000002", "title-mismatch", "error"),   # "beta" is not "β"
        ("c900000003", "retracted", "error"),
        ("c900000004", "retraction-notice", "error"),
        ("c900000005", "expression-of-concern", "warning"),
        ("c900000077", "not-cached", "error"),
    ]


def test_verify_clean_library_passes_and_acknowledged_retraction_is_a_warning(tmp_path):
    facts = {"23346211": {"title": "PROBABLE mechanisms of needling therapies for myofascial "
                                   "pain control", "doi": "10.1155/2012/705327", "year": 2012,
                          "authors": ["Chou LW"]},
             "900000003": {"title": "Synthetic record: a retracted trial of needling",
                           "year": 2015, "authors": ["Fixture G"], "retracted": True}}
    root = make_library(tmp_path / "ok", {"claim-a": list(facts)}, citation_facts=facts)
    fill_cache(root, list(facts))
    report = verify(root)
    assert report.ok and codes(report) == [("c900000003", "retracted", "warning")]


def test_cli_verify_json_and_exit_codes(vlib, run_cli):
    code, out, err = run_cli("verify", "--root", str(vlib), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["checked"] == 8
    assert {f["code"] for f in data["findings"]} >= {"retracted", "not-cached", "doi-mismatch"}
    code, out, err = run_cli("verify", "--root", str(vlib))
    assert code == 1
    assert ("c900000001 (PMID 900000001): error: doi-mismatch: DOI differs from PubMed\n"
            "    curated: 10.0000/synthetic.0002\n    PubMed:  10.0000/synthetic.0001\n") in out
    assert err.endswith("8 citations with a PMID checked: 7 errors, 1 warnings\n")


def test_verify_reports_unreadable_cache_file(vlib):
    (vlib / "evidence" / "pubmed" / "23346211.xml").write_bytes(b"<?xml version='1.0'?><Pub")
    report = verify(vlib)
    assert ("c23346211", "unreadable-record", "error") in codes(report)


def test_verify_on_an_empty_cache_is_one_clear_state(vlib, run_cli):
    # issue 13: a library whose PubMed cache was never filled gets one finding, not one
    # not-cached error per citation, and is told how to fill it
    import shutil

    shutil.rmtree(vlib / "evidence" / "pubmed")
    report = verify(vlib)
    assert report.state == "cache-empty" and not report.ok
    assert [f.code for f in report.findings] == ["cache-empty"]
    assert "claimcheck refresh" in report.findings[0].message
    code, out, err = run_cli("verify", "--root", str(vlib))
    assert code == 1 and out.count("\n") == 1 and out.startswith("error: cache-empty: ")
    assert err == "8 citations with a PMID not checked: the PubMed cache is empty\n"
    code, out, _ = run_cli("verify", "--root", str(vlib), "--format", "json")
    assert json.loads(out)["state"] == "cache-empty"
