"""Inline suppressions: scopes in Markdown, HTML and plain text, directives that cannot be
honoured (reported, never silently obeyed), every output format, and a property: a
suppression never moves the other findings."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

LIBRARY = Path(__file__).parents[1] / "fixtures" / "lint" / "library"
NECK = "treats-neck-pain"
ENDO = "endorphin-release"

# the SARIF 2.1.0 definitions of the two result properties suppressions and baselines add
# (sarif-schema-2.1.0.json: "suppression" and result.baselineState)
SARIF_RESULT_EXTRAS = {
    "type": "object",
    "properties": {
        "suppressions": {"type": "array", "uniqueItems": True, "items": {
            "type": "object", "required": ["kind"],
            "properties": {"kind": {"enum": ["inSource", "external"]},
                           "status": {"enum": ["accepted", "underReview", "rejected"]},
                           "justification": {"type": "string"}}}},
        "baselineState": {"enum": ["new", "unchanged", "updated", "absent"]},
    },
}


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "lint-cache"))


@pytest.fixture(scope="module")
def linter():
    from claimcheck import load
    from claimcheck.lint.linter import Linter

    return Linter.from_library(load(LIBRARY))


def marks(report) -> list[tuple[int, str, str | None]]:
    return [(f.line, f.claim, f.suppressed) for f in report.findings]


@pytest.mark.parametrize("kind,text,expected", [
    # own line: the next unit only
    ("markdown", "<!-- claimcheck: ignore treats-neck-pain -- a patient's words -->\n"
                 "It relieves neck pain fast.\n\nDry needling relieves neck pain.\n",
     [(2, NECK, "a patient's words"), (4, NECK, None)]),
    # a blank line between the comment and the unit changes nothing
    ("markdown", "Intro line here.\n\n<!-- claimcheck: ignore treats-neck-pain -- quoted -->\n\n"
                 "It relieves neck pain fast.\n",
     [(5, NECK, "quoted")]),
    # trailing: that line only, not the next unit
    ("markdown", "It relieves neck pain fast. <!-- claimcheck: ignore treats-neck-pain -- q -->\n"
                 "Dry needling relieves neck pain.\n",
     [(1, NECK, "q"), (2, NECK, None)]),
    # only the named claim of a sentence making two
    ("markdown", "<!-- claimcheck: ignore endorphin-release -- r -->\n"
                 "It relieves neck pain and releases endorphins.\n",
     [(2, ENDO, "r"), (2, NECK, None)]),
    # several ids, commas and spaces
    ("markdown", "<!-- claimcheck: ignore endorphin-release, treats-neck-pain -- r -->\n"
                 "It relieves neck pain and releases endorphins.\n",
     [(2, ENDO, "r"), (2, NECK, "r")]),
    # the whole file, wherever the directive is
    ("markdown", "It relieves neck pain fast.\n\nDry needling releases endorphins.\n\n"
                 "Dry needling relieves neck pain.\n"
                 "<!-- claimcheck: ignore-file treats-neck-pain -- reviewed by legal -->\n",
     [(1, NECK, "reviewed by legal"), (3, ENDO, None), (5, NECK, "reviewed by legal")]),
    # a directive inside fenced code is an example, not a directive
    ("markdown", "```\n<!-- claimcheck: ignore-file treats-neck-pain -- x -->\n```\n\n"
                 "It relieves neck pain fast.\n",
     [(5, NECK, None)]),
    # plain text: a line of its own, also in Markdown (a .txt file is read as Markdown)
    ("text", "claimcheck: ignore treats-neck-pain -- testimonial\nIt relieves neck pain fast.\n"
             "Dry needling relieves neck pain.\n",
     [(2, NECK, "testimonial"), (3, NECK, None)]),
    ("markdown", "Claimcheck: ignore-file treats-neck-pain -- testimonial page\n\n"
                 "It relieves neck pain fast.\n",
     [(3, NECK, "testimonial page")]),
    # HTML: trailing comment, own-line comment, and a comment in a script (ignored)
    ("html", "<p>It relieves neck pain fast. <!-- claimcheck: ignore treats-neck-pain -- q -->"
             "</p>\n<!-- claimcheck: ignore endorphin-release -- r -->\n"
             "<p>Dry needling releases endorphins.</p><p>Dry needling releases endorphins.</p>\n"
             "<script>// <!-- claimcheck: ignore-file endorphin-release -- no --></script>",
     [(1, NECK, "q"), (3, ENDO, "r"), (3, ENDO, None)]),
    ("html", "<ul>\n<li>Neck pain relief <!-- claimcheck: ignore treats-neck-pain -- x --></li>"
             "\n<li>Dry needling relieves neck pain.</li>\n</ul>",
     [(2, NECK, "x"), (3, NECK, None)]),
])
def test_scopes(linter, kind, text, expected):
    report = linter.lint_text(text, "draft", kind)
    assert marks(report) == expected
    assert report.diagnostics == []
    unproven_left = any(r is None and c == ENDO for _, c, r in expected)
    assert report.exit_code() == (1 if unproven_left else 0)


def test_the_directive_line_is_not_linted(linter):
    # the directive names the claim, and the words of its id would otherwise be a sentence
    report = linter.lint_text("claimcheck: ignore treats-neck-pain -- it relieves neck pain\n"
                              "Our clinic opens at 8.\n", "d.txt", "text")
    assert report.findings == [] and report.sentences == 1


@pytest.mark.parametrize("directive,code", [
    ("<!-- claimcheck: ignore treats-neck-pain -->", "suppression-without-reason"),
    ("<!-- claimcheck: ignore treats-neck-pain -- -->", "suppression-without-reason"),
    ("claimcheck: ignore treats-neck-pain", "suppression-without-reason"),
    ("<!-- claimcheck: ignore treats-neck-pian -- typo -->", "suppression-unknown-claim"),
    ("<!-- claimcheck: ignore treats-neck-pain,bogus -- one bad -->",
     "suppression-unknown-claim"),
    ("<!-- claimcheck: ignore -- a reason but no id -->", "suppression-without-claim"),
    ("<!-- claimcheck: ignroe treats-neck-pain -- r -->", "suppression-malformed"),
])
def test_bad_directives_are_reported_and_suppress_nothing(linter, directive, code):
    report = linter.lint_text(f"{directive}\nIt relieves neck pain fast.\n", "d.md", "markdown")
    assert [(d.code, d.line, d.column) for d in report.diagnostics] == [(code, 1, 1)]
    assert marks(report) == [(2, NECK, None)]
    assert report.exit_code(()) == 1  # fails even with --fail-on none


def test_cli_text_hides_suppressed_unless_asked(run_cli, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("It relieves neck pain fast. <!-- claimcheck: ignore treats-neck-pain -- "
                     "a quote -->\n", encoding="utf-8")
    code, out, err = run_cli("lint", "--root", str(LIBRARY), str(draft), "--fail-on",
                             "partly-supported")
    assert (code, out) == (0, "")
    assert err == "0 findings in 1 sentence; 1 suppressed\n"
    code, out, _ = run_cli("lint", "--root", str(LIBRARY), str(draft), "--show-suppressed",
                           "--fail-on", "partly-supported")
    assert code == 0 and f"{draft}:1:1: partly-supported (low) {NECK}" in out
    assert "    suppressed: a quote" in out


def test_cli_json_marks_suppressed_findings_only(run_cli, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("<!-- claimcheck: ignore endorphin-release -- from a 1980 paper -->\n"
                     "Dry needling releases endorphins.\n\nIt relieves neck pain fast.\n",
                     encoding="utf-8")
    code, out, _ = run_cli("lint", "--root", str(LIBRARY), str(draft), "--format", "json")
    data = json.loads(out)
    assert code == 0  # the unproven claim is suppressed; partly-supported does not fail
    endo, neck = data["findings"]
    assert endo["suppressed"] == {"reason": "from a 1980 paper"}
    assert "suppressed" not in neck and "baseline" not in neck
    assert "diagnostics" not in data
    assert data["summary"] == {"sentences": 2, "findings": 1,
                               "by_verdict": {"partly-supported": 1},
                               "by_severity": {"warning": 1}, "suppressed": 1,
                               "baselined": 0}


def test_cli_reports_bad_directives_in_every_format(run_cli, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("<!-- claimcheck: ignore treats-neck-pain -->\nIt relieves neck pain.\n",
                     encoding="utf-8")
    run = lambda *a: run_cli("lint", "--root", str(LIBRARY), str(draft), *a)  # noqa: E731
    code, out, err = run()
    assert code == 1
    assert f"{draft}:1:1: error suppression-without-reason: say why after '--'" in out
    assert err.endswith("; 1 suppression problem\n")
    data = json.loads(run("--format", "json")[1])
    assert [d["code"] for d in data["diagnostics"]] == ["suppression-without-reason"]
    assert "`suppression-without-reason`" in run("--format", "markdown")[1]
    assert "<code>suppression-without-reason</code>" in run("--format", "html")[1]
    log = json.loads(run("--format", "sarif")[1])
    check_sarif(log, draft.read_text(encoding="utf-8"))
    bad = [r for r in log["runs"][0]["results"] if r["ruleId"] == "suppression-without-reason"]
    assert len(bad) == 1 and bad[0]["level"] == "error"


def check_sarif(log: dict, original: str) -> None:
    """The shape test_lint_cli.test_sarif checks, plus the SARIF 2.1.0 definitions of
    suppressions and baselineState."""
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note")
        region = r["locations"][0]["physicalLocation"]["region"]
        if "snippet" in region:
            assert original[region["charOffset"]:region["charOffset"] + region["charLength"]] \
                == region["snippet"]["text"]
        jsonschema.validate(r, SARIF_RESULT_EXTRAS)


def test_sarif_suppressions(run_cli, tmp_path):
    text = ("Dry needling releases endorphins. <!-- claimcheck: ignore endorphin-release -- "
            "quoted from the 1980 study -->\n\nIt relieves neck pain fast.\n")
    draft = tmp_path / "d.md"
    draft.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("lint", "--root", str(LIBRARY), str(draft), "--format", "sarif")
    log = json.loads(out)
    check_sarif(log, text)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    assert results[ENDO]["suppressions"] == [
        {"kind": "inSource", "justification": "quoted from the 1980 study"}]
    assert "suppressions" not in results[NECK] and "baselineState" not in results[NECK]
    assert code == 0


WORDS = ["Dry", "needling", "releases", "endorphins", "neck", "pain", "relieves", "It",
         "fast", "is", "safe", "not", ".", "?", "\n", "\n\n", "-", "#", ":", "Our", "clinic"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
       st.sampled_from([NECK, ENDO, "safe-when-trained"]))
def test_a_suppression_never_moves_other_findings(text, claim):
    """A directive line put before a draft shifts every finding by its own length and
    suppresses only the claim it names, in the first unit."""
    from claimcheck import load
    from claimcheck.errors import InputError
    from claimcheck.lint.extract import extract
    from claimcheck.lint.linter import linter_for
    from claimcheck.lint.sentences import segment
    from claimcheck.lint.suppression import read_directives

    linter = linter_for(load(LIBRARY))
    prefix = f"<!-- claimcheck: ignore {claim} -- property test -->\n\n"
    try:
        plain = linter.lint_text(text, "t", "markdown")
    except InputError:
        return
    marked = linter.lint_text(prefix + text, "t", "markdown")
    n = len(prefix)
    assert [(f.start + n, f.end + n, f.line + 2, f.claim) for f in plain.findings] == \
        [(f.start, f.end, f.line, f.claim) for f in marked.findings]
    doc = extract(prefix + text, "t", "markdown")
    read_directives(doc)
    units = segment(doc, linter.vocab.abbreviations)
    first = units[0].start if units else None
    for f in marked.findings:
        assert (f.suppressed is not None) == (f.claim == claim and f.start == first)
        assert (prefix + text)[f.start:f.end] == f.sentence
    assert marked.diagnostics == []
