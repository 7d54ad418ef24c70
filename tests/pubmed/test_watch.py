"""``claimcheck watch``: date-windowed searches, duplicates across runs, a retraction between
two runs, curator decisions kept, failures leave the snapshot, the key never leaks."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from claimcheck.errors import LibraryError
from claimcheck.library.files import atomic_write_text, dump_yaml, read_yaml
from claimcheck.library.loader import load
from claimcheck.library.triage import read_triage, triage_path
from claimcheck.pubmed.watch import triage_guess, watch
from tests.support.eutils_server import (SECRET, EUtilsServer, Fault, guard_network,
                                         make_library, make_transport, retracted_version)
from tests.support.watch_bench import run_bench, watch_record

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
Q = "synthetic needling query"
CITED = ["900200001", "900200002"]
OLD = ["900200003"]


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    guard_network(monkeypatch)


@pytest.fixture
def world(tmp_path):
    root = make_library(tmp_path / "lib", {"claim-a": CITED}, searches={"claim-a": Q})
    recs = {p: watch_record(p, 2018, ("Journal Article",)) for p in CITED + OLD}
    with EUtilsServer(records=recs, searches={Q: CITED + OLD}) as server:
        for p in recs:
            server.set_dates(p, entered="2019/03/01")
        yield root, server


def run(root, server, now=NOW, **kw):
    return watch(root, transport=make_transport(server.url, **kw), now=now)


def items(root, claim="claim-a"):
    tri = read_triage(triage_path(root, claim))
    return [i.pmid for i in tri.items] if tri else []


def searches(server):
    return [r.params for r in server.requests if r.utility == "esearch"]


def test_first_watch_without_a_log_triages_the_whole_search_once(world):
    root, server = world
    report = run(root, server)
    assert report.ok and items(root) == OLD
    tri = read_triage(triage_path(root, "claim-a"))
    assert tri.query == Q and tri.snapshot == "2026-11-02T09:00:00Z"
    assert "datetype" not in searches(server)[0]


def test_first_watch_starts_from_the_search_log(world):
    root, server = world
    log = {"claim": "claim-a", "database": "pubmed", "query": Q,
           "searched": "2026-10-01T00:00:00Z", "count": 3, "pmids": CITED + OLD}
    atomic_write_text(root / "evidence" / "searches" / "claim-a.yaml", dump_yaml(log))
    server.add_record("900200010", watch_record("900200010", 2026, ("Systematic Review",)),
                      entered="2026/10/20", queries=(Q,))
    run(root, server)
    assert items(root) == ["900200010"]
    first = searches(server)[0]
    # two days of overlap before the log's date; the cited records' modifications ride along
    assert first["term"] == (f'(({Q}) AND ("2026/09/29"[EDAT] : "2026/11/02"[EDAT])) OR '
                             f'(({CITED[0]}[uid] OR {CITED[1]}[uid]) AND '
                             '("2026/09/29"[MDAT] : "2026/11/02"[MDAT]))')
    assert "datetype" not in first   # esearch's datetype is one kind for a whole request


def test_windowed_runs_find_late_indexed_records_and_never_queue_twice(world):
    root, server = world
    run(root, server)
    # a 2009 paper entered into PubMed last week: a publication-date window would miss it
    server.add_record("900200020", watch_record("900200020", 2009, ("Randomized Controlled "
                                                                    "Trial",)),
                      entered="2026/11/05", queries=(Q,))
    run(root, server, NOW + timedelta(days=7))
    assert items(root) == OLD + ["900200020"]
    last = searches(server)[-1]
    assert last["term"].startswith(f'(({Q}) AND ("2026/10/31"[EDAT] : "2026/11/09"[EDAT]))')
    # the overlap finds 900200020 again the week after: it is not queued a second time
    run(root, server, NOW + timedelta(days=8))
    assert items(root) == OLD + ["900200020"]
    tri = read_triage(triage_path(root, "claim-a"))
    item = tri.item("900200020")
    assert (item.design_guess, item.priority, item.year) == ("rct", "high", 2009)


def test_nothing_new_costs_one_request_per_claim(world):
    root, server = world
    run(root, server)
    before = server.count()
    report = run(root, server, NOW + timedelta(hours=2))
    assert server.count() - before == 1 and report.requests == 1
    assert [r.utility for r in server.requests[before:]] == ["esearch"]
    assert report.new == {"claim-a": []} and report.rechecked == []


def test_a_cited_record_modified_before_the_window_is_not_fetched_again(world):
    root, server = world
    run(root, server)
    server.modify_record(CITED[1], server.records[CITED[1]], on="2026/10/01")
    server.modify_record(CITED[0], server.records[CITED[0]], on="2026/11/08")
    before = server.count()
    report = run(root, server, NOW + timedelta(days=7))
    assert [r.utility for r in server.requests[before:]] == ["esearch", "efetch"]
    assert report.rechecked == [CITED[0]] and report.new == {"claim-a": []}


def test_a_retraction_between_two_runs_is_an_alert_stale_grade_and_failing_lint(world):
    root, server = world
    run(root, server)
    from claimcheck.lint.linter import Linter

    def lint_exit():
        lib = load(root)
        return lib, Linter.from_library(lib).lint_text("Dry needling relieves pain through "
                                                       "zorblaxin.", "post.md")
    data = read_yaml(root / "claims" / "claim-a.yaml")
    data["detect"] = ["zorblaxin"]
    atomic_write_text(root / "claims" / "claim-a.yaml", dump_yaml(data))
    lib, rep = lint_exit()
    assert rep.findings and rep.exit_code(()) == 0 and not rep.diagnostics
    server.add_record("900200099", watch_record("900200099", 2026,
                                                ("Retraction of Publication",)),
                      entered="2026/11/06")
    server.modify_record(CITED[0], retracted_version(server.records[CITED[0]], "900200099"),
                         on="2026/11/06")
    report = run(root, server, NOW + timedelta(days=7))
    assert report.rechecked == [CITED[0]]
    assert [(a["pmid"], a["change"], a["citation"]) for a in report.alerts] == \
        [(CITED[0], "retracted", f"c{CITED[0]}")]
    lib, rep = lint_exit()
    assert rep.exit_code(()) == 1                 # whatever --fail-on says
    assert [d.code for d in rep.diagnostics] == ["retracted-citation"]
    from claimcheck.evidence.grading import grade_claim

    stale = grade_claim(lib, "claim-a").as_dict()["stale"]
    assert stale["waiting"][0]["kind"] == "retracted"
    # the curator acknowledges it: the grade leaves the study out and lint passes again
    cit = root / "evidence" / "citations" / f"c{CITED[0]}.yaml"
    data = read_yaml(cit)
    data["retracted"] = True
    atomic_write_text(cit, dump_yaml(data))
    lib, rep = lint_exit()
    assert rep.exit_code(()) == 0


def test_curator_decisions_are_kept_and_included_items_make_the_grade_stale(world):
    root, server = world
    run(root, server)
    path = triage_path(root, "claim-a")
    data = read_yaml(path)
    data["items"][0].update(decision="include", reason="a cohort of 300 patients, relevant")
    atomic_write_text(path, dump_yaml(data))
    server.add_record("900200030", watch_record("900200030", 2026, ("Case Reports",)),
                      entered="2026/11/04", queries=(Q,))
    run(root, server, NOW + timedelta(days=3))
    tri = read_triage(path)
    assert tri.item(OLD[0]).decision == "include"
    assert tri.item(OLD[0]).reason == "a cohort of 300 patients, relevant"
    assert tri.item("900200030").priority == "low"
    from claimcheck.evidence.grading import grade_claim

    g = grade_claim(load(root), "claim-a")
    assert [(w["kind"], w["pmid"]) for w in g.stale.waiting] == [("included", OLD[0])]


def test_a_failed_search_leaves_the_snapshot_for_the_next_run(world):
    root, server = world
    run(root, server)
    snap = read_triage(triage_path(root, "claim-a")).snapshot
    server.script(*[Fault.http(503, "esearch")] * 5)
    report = run(root, server, NOW + timedelta(days=7), max_attempts=5)
    assert not report.ok and report.failures
    assert read_triage(triage_path(root, "claim-a")).snapshot == snap


def test_a_malformed_triage_file_stops_watch_and_validate_names_it(world, run_cli):
    root, server = world
    atomic_write_text(triage_path(root, "claim-a"), dump_yaml(
        {"claim": "claim-a", "items": [{"pmid": "900200003", "decision": "maybe"}]}))
    with pytest.raises(LibraryError, match="decision"):
        run(root, server)
    code, out, _ = run_cli("validate", "--root", str(root))
    assert code == 1
    assert "evidence/triage/claim-a.yaml:4: items[0].decision:" in out
    atomic_write_text(triage_path(root, "claim-a"), dump_yaml(
        {"claim": "claim-a", "items": [{"pmid": "900200003", "decision": "reject"}]}))
    code, out, _ = run_cli("validate", "--root", str(root))
    assert "needs a reason" in out
    atomic_write_text(triage_path(root, "claim-a"), dump_yaml({"claim": "claim-b"}))
    code, out, _ = run_cli("validate", "--root", str(root), "--format", "json")
    assert {p["code"] for p in json.loads(out)["problems"]} == {"id-mismatch"}


def test_the_api_key_travels_only_in_post_bodies(world):
    root, server = world
    run(root, server, api_key=SECRET)
    assert server.requests and all(SECRET not in r.path for r in server.requests)
    assert all(r.method == "POST" for r in server.requests)
    for path in (root / "evidence").rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace")


def test_cli_watch_json_and_grade_text_show_what_waits(world, run_cli):
    root, server = world
    code, out, _ = run_cli("watch", "--root", str(root), "--format", "json",
                           env={"NCBI_EMAIL": "t@example.org", "NCBI_EUTILS_URL": server.url})
    assert code == 0 and json.loads(out)["new"] == {"claim-a": OLD}
    code, out, _ = run_cli("grade", "claim-a", "--root", str(root), "--format", "json")
    assert json.loads(out)[0]["stale"] is None     # OLD is a journal article: low priority


@pytest.mark.parametrize("types,mesh,expected", [
    (["Meta-Analysis", "Journal Article"], [], ("systematic-review", "high")),
    (["Randomized Controlled Trial"], ["Humans"], ("rct", "high")),
    (["Journal Article"], ["Animals", "Rabbits"], ("animal", "low")),
    (["Journal Article"], ["Humans", "Cross-Sectional Studies"], ("cross-sectional", "medium")),
    (["Retraction of Publication"], [], ("notice", "low")),
    (["Case Reports"], ["Humans"], ("case-report", "low")),
])
def test_triage_guess(types, mesh, expected):
    assert triage_guess(types, mesh) == expected


def test_bench_replay_meets_the_goals(tmp_path):
    r = run_bench(tmp_path, claims=2, weeks=3, per_week=3)
    assert r.missed == 0 and r.seen_twice == 0
    assert r.lint_before_retraction == 0 and r.retraction_fails_lint
    assert r.nothing_new_requests <= r.claims


def test_report_badge_and_claimreview_date_follow_the_triage_queue(world, tmp_path):
    root, server = world
    run(root, server)
    from claimcheck.publish.claimreview import claim_review
    from claimcheck.publish.report import render_site

    lib = load(root)
    assert claim_review(lib, "claim-a")["dateModified"] == "2026-11-02"   # nothing waits
    server.add_record("900200040", watch_record("900200040", 2026, ("Systematic Review",)),
                      entered="2026/11/08", queries=(Q,))
    run(root, server, NOW + timedelta(days=7))
    lib = load(root)
    # a systematic review waits untriaged: the grade is stale, the date stays the last complete
    assert claim_review(lib, "claim-a")["dateModified"] == "2026-11-02"
    pages = render_site(lib)
    page = next(v for k, v in pages.items() if k.endswith("claim-a.html"))
    assert "may be stale" in page and "PMID 900200040" in page
    index = next(v for k, v in pages.items() if k.endswith("index.html"))
    assert "may be stale" in index


def test_cached_flag_reader_agrees_with_the_parser():
    from claimcheck.library.recordflags import _RETRACTED
    from claimcheck.pubmed.records import parse_xml
    from tests.support.eutils_server import FIXTURES

    for path in sorted(FIXTURES.glob("*.xml")):
        for rec in parse_xml(path.read_bytes()):
            assert rec.retracted == bool(_RETRACTED.search(path.read_bytes())), path.name


def test_the_next_lint_run_fails_through_the_lint_cache(world, run_cli, tmp_path):
    root, server = world
    data = read_yaml(root / "claims" / "claim-a.yaml")
    data["detect"] = ["zorblaxin"]
    atomic_write_text(root / "claims" / "claim-a.yaml", dump_yaml(data))
    draft = tmp_path / "post.md"
    draft.write_text("Dry needling relieves pain through zorblaxin.\n", encoding="utf-8")
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache"), "NCBI_EMAIL": "t@example.org",
           "NCBI_EUTILS_URL": server.url}
    assert run_cli("lint", str(draft), "--root", str(root), "--fail-on", "none", env=env)[0] == 0
    run_cli("watch", "--root", str(root), env=env)
    server.add_record("900200050", watch_record("900200050", 2026, ("Randomized Controlled "
                                                                    "Trial",)),
                      entered=datetime.now(timezone.utc).strftime("%Y/%m/%d"), queries=(Q,))
    server.modify_record(CITED[1], retracted_version(server.records[CITED[1]], "900200051"),
                         on=datetime.now(timezone.utc).strftime("%Y/%m/%d"))
    code, out, err = run_cli("watch", "--root", str(root), env=env)
    assert code == 0 and "retracted" in out and "900200050" in out
    code, out, err = run_cli("lint", str(draft), "--root", str(root), "--fail-on", "none",
                             "--format", "json", env=env)
    data = json.loads(out)
    assert code == 1 and [d["code"] for d in data["diagnostics"]] == ["retracted-citation"]
    assert [w["code"] for w in data["warnings"]] == ["stale-grade"]
