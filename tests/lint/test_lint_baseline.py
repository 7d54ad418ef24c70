"""Baseline files: write, edit elsewhere, re-run (nothing new); a reworded sentence is new;
the file is stable and sorted; missing or corrupt baselines are one-line errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_lint_suppression import check_sarif

LIBRARY = Path(__file__).parents[1] / "fixtures" / "lint" / "library"
DRAFT = ("# Dry needling at our clinic\n\n"
         "Dry needling releases endorphins.\n\n"
         "It relieves neck pain fast.\n\n"
         "Our clinic opens at 8.\n")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "lint-cache"))


@pytest.fixture
def lint(run_cli):
    def run(*args: str):
        return run_cli("lint", "--root", str(LIBRARY), *args)
    return run


@pytest.fixture
def draft(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "post.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_round_trip_survives_edits_elsewhere(lint, draft):
    code, out, err = lint("post.md", "--write-baseline", "base.json")
    assert (code, out) == (0, "")
    assert err == "wrote 2 findings to base.json\n0 findings in 4 sentences; 2 in the baseline\n"
    # an unrelated line changes and lines move: still nothing new
    draft.write_text("Updated for spring.\n\n" + DRAFT.replace("opens at 8", "opens at 9"),
                     encoding="utf-8")
    code, out, err = lint("post.md", "--baseline", "base.json")
    assert (code, out) == (0, "")
    assert err == "0 findings in 5 sentences; 2 in the baseline\n"
    data = json.loads(lint("post.md", "--baseline", "base.json", "--format", "json")[1])
    assert [f.get("baseline") for f in data["findings"]] == [True, True]
    assert data["summary"]["findings"] == 0 and data["summary"]["baselined"] == 2


def test_a_reworded_sentence_is_new(lint, draft):
    lint("post.md", "--write-baseline", "base.json")
    draft.write_text(DRAFT.replace("releases endorphins", "releases your endorphins"),
                     encoding="utf-8")
    code, out, err = lint("post.md", "--baseline", "base.json", "--format", "json")
    data = json.loads(out)
    assert code == 1
    new = [f for f in data["findings"] if "baseline" not in f]
    assert [(f["claim"], f["line"]) for f in new] == [("endorphin-release", 3)]
    assert data["summary"]["findings"] == 1 and data["summary"]["baselined"] == 1
    # whitespace and case are not rewording
    draft.write_text(DRAFT.replace("It relieves neck pain fast.", "it  relieves\nneck pain FAST."),
                     encoding="utf-8")
    assert lint("post.md", "--baseline", "base.json")[0] == 0


def test_a_repeated_sentence_counts(lint, draft):
    lint("post.md", "--write-baseline", "base.json")
    draft.write_text(DRAFT + "\nDry needling releases endorphins.\n", encoding="utf-8")
    code, out, _ = lint("post.md", "--baseline", "base.json")
    assert code == 1 and "post.md:9:1: unproven (very-low) endorphin-release" in out
    assert "post.md:3:1" not in out


def test_the_file_is_stable_sorted_and_keyed_without_lines(lint, draft, tmp_path):
    other = tmp_path / "a.md"
    other.write_text("It relieves neck pain fast.\n", encoding="utf-8")
    lint("post.md", "a.md", "--write-baseline", "base.json")
    first = (tmp_path / "base.json").read_text(encoding="utf-8")
    lint("a.md", str(draft), "--write-baseline", "base.json")  # other order, absolute path
    assert (tmp_path / "base.json").read_text(encoding="utf-8") == first
    data = json.loads(first)
    assert data["claimcheck_baseline"] == 1
    keys = [(f["source"], f["claim"], f["hash"]) for f in data["findings"]]
    assert keys == sorted(keys) and [k[0] for k in keys] == ["a.md", "post.md", "post.md"]
    assert all(set(f) == {"source", "claim", "hash", "count", "sentence"}
               for f in data["findings"])
    assert not list(tmp_path.glob(".base.json.*"))  # no temporary file left behind


def test_suppressed_findings_are_not_baselined(lint, draft):
    draft.write_text(DRAFT.replace(
        "It relieves", "<!-- claimcheck: ignore treats-neck-pain -- quoted -->\nIt relieves"),
        encoding="utf-8")
    lint("post.md", "--write-baseline", "base.json")
    data = json.loads(Path("base.json").read_text(encoding="utf-8"))
    assert [f["claim"] for f in data["findings"]] == ["endorphin-release"]
    out = json.loads(lint("post.md", "--baseline", "base.json", "--format", "json")[1])
    assert out["summary"] | {"by_verdict": None} == {
        "sentences": 4, "findings": 0, "by_verdict": None, "by_severity": {}, "suppressed": 1,
        "baselined": 1}


def test_sarif_baseline_state(lint, draft):
    lint("post.md", "--write-baseline", "base.json")
    draft.write_text(DRAFT + "\nDry needling relieves neck pain.\n", encoding="utf-8")
    _, out, _ = lint("post.md", "--baseline", "base.json", "--format", "sarif")
    log = json.loads(out)
    check_sarif(log, draft.read_text(encoding="utf-8"))
    states = [(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["baselineState"])
              for r in log["runs"][0]["results"]]
    assert states == [(3, "unchanged"), (5, "unchanged"), (9, "new")]


@pytest.mark.parametrize("content,message", [
    (None, "no such baseline file; create it with 'claimcheck lint --write-baseline FILE ...'"),
    ('{"findings": [', "not a claimcheck baseline (invalid JSON at line 1); write a new one "
                       "with --write-baseline"),
    ('{"findings": []}', "not a claimcheck baseline (no 'claimcheck_baseline: 1' field); "
                         "write a new one with --write-baseline"),
    ('{"claimcheck_baseline": 1}', "not a claimcheck baseline (missing field 'findings'); "
                                   "write a new one with --write-baseline"),
    ('{"claimcheck_baseline": 1, "findings": [{"source": "a", "claim": "b", "hash": 3}]}',
     'not a claimcheck baseline (bad entry {"source": "a", "claim": "b", "hash": 3}); '
     "write a new one with --write-baseline"),
    ('{"claimcheck_baseline": 1, "findings": ["x"]}',
     "not a claimcheck baseline (unexpected structure); write a new one with --write-baseline"),
])
def test_missing_or_corrupt_baseline(lint, draft, content, message):
    if content is not None:
        Path("base.json").write_text(content, encoding="utf-8")
    code, out, err = lint("post.md", "--baseline", "base.json")
    assert (code, out) == (2, "")
    assert err == f"Error: base.json: {message}\n"


def test_unwritable_baseline(lint, draft, tmp_path):
    (tmp_path / "blocker").write_text("x", encoding="utf-8")
    code, out, err = lint("post.md", "--write-baseline", "blocker/base.json")
    assert code == 2 and err.startswith("Error: blocker/base.json: cannot write the baseline")


def test_library_round_trip(draft):
    from claimcheck import load
    from claimcheck.lint.baseline import Baseline
    from claimcheck.lint.linter import lint_text

    report = lint_text(load(LIBRARY), DRAFT, "post.md")
    base = Baseline.loads(Baseline.from_report(report).dumps())
    assert len(base) == 2
    base.apply(report)
    assert report.active == [] and report.exit_code() == 0
