"""`claimcheck lint` end to end: every output format, --fail-on, stdin, several files, and
every kind of bad input (binary, non-UTF-8, empty, missing, a directory)."""

from __future__ import annotations

import io
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

LIBRARY = Path(__file__).parents[1] / "fixtures" / "lint" / "library"
CLAIMS = ("Dry needling releases endorphins.\nOur clinic opens at 8.\n"
          "It relieves neck pain fast.\nDry needling is considered safe.\n")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Keep the lint cache of these runs out of the user's cache directory."""
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "lint-cache"))


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(CLAIMS, encoding="utf-8")
    return path


@pytest.fixture
def lint(run_cli):
    def run(*args: str):
        return run_cli("lint", "--root", str(LIBRARY), *args)
    return run


def stdin_bytes(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_json_is_exactly_the_design_shape(lint, draft):
    code, out, _ = lint(str(draft), "--format", "json")
    data = json.loads(out)
    assert set(data) == {"findings", "summary"}
    assert list(data["summary"]) == ["sentences", "findings", "by_verdict", "by_severity",
                                     "suppressed", "baselined"]
    assert data["summary"] == {"sentences": 4, "findings": 3,
                               "by_verdict": {"supported": 1, "partly-supported": 1,
                                              "unproven": 1},
                               "by_severity": {"error": 1, "warning": 2},
                               "suppressed": 0, "baselined": 0}
    keys = ["source", "line", "start", "end", "sentence", "claim", "verdict", "certainty",
            "citations", "suggestion", "detected_by", "score", "severity", "strength",
            "scope", "reason", "rewrite", "evidence"]
    for f in data["findings"]:
        assert list(f) == keys
        assert CLAIMS[f["start"]:f["end"]] == f["sentence"]
    assert [(f["line"], f["claim"], f["severity"]) for f in data["findings"]] == [
        (1, "endorphin-release", "error"), (3, "treats-neck-pain", "warning"),
        (4, "safe-when-trained", "warning")]
    neck = data["findings"][1]
    assert neck["strength"] == {"found": "plain", "allowed": "possible"}
    assert neck["rewrite"] == "It may relieve neck pain fast in the short term."
    assert neck["evidence"]["claim_page"] == "claims/treats-neck-pain.html"
    assert code == 1  # endorphin-release is unproven: an error


def test_text_has_no_colour_when_not_a_terminal(lint, draft):
    code, out, err = lint(str(draft))
    assert "\x1b[" not in out
    assert f"{draft}:1:1: unproven (very-low) endorphin-release: error" in out
    assert err.strip() == "3 findings in 4 sentences (error 1, warning 2)"


def test_text_colours_verdicts_on_a_terminal(library_report):
    from claimcheck.lint.render import render_text

    coloured = render_text(library_report, color=True)
    assert "\x1b[" in coloured and "\x1b[" not in render_text(library_report, color=False)


def test_text_shows_a_sentence_and_its_rewrite_once_for_all_its_claims(library):
    from claimcheck.lint.linter import lint_text
    from claimcheck.lint.render import render_text

    sentence = "Dry needling reduces neck pain and releases endorphins."
    report = lint_text(library, sentence, "draft.txt")
    assert len(report.findings) >= 2 and len({f.rewrite for f in report.findings}) == 1
    out = render_text(report)
    assert out.count(sentence) == 1
    assert out.count("    rewrite: ") == 1
    assert out.rstrip().splitlines()[-1] == f"    rewrite: {report.findings[0].rewrite}"
    # each claim keeps its own line, for editors that read file:line:column
    assert out.count("draft.txt:1:1: ") == len(report.findings)


@pytest.fixture
def library_report():
    from claimcheck import load
    from claimcheck.lint.linter import lint_text

    return lint_text(load(LIBRARY), CLAIMS, "draft.txt")


def test_markdown(lint, draft):
    _, out, _ = lint(str(draft), "--format", "markdown")
    assert out.startswith("# claimcheck lint\n")
    assert "### Line 1: error: `endorphin-release` is unproven (very-low certainty)" in out
    assert "**Why:** " in out and "](claims/treats-neck-pain.html)" in out


def test_html_is_escaped(lint, tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Dry needling <b>releases</b> endorphins & more.\n", encoding="utf-8")
    _, out, _ = lint(str(path), "--format", "html")
    assert "&lt;b&gt;releases&lt;/b&gt; endorphins &amp; more." in out
    assert "<b>" not in out
    HTMLParser().feed(out)  # well-formed enough to parse


def test_sarif(lint, draft):
    _, out, _ = lint(str(draft), "--format", "sarif")
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["endorphin-release", "safe-when-trained", "treats-neck-pain"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"endorphin-release": "error", "treats-neck-pain": "warning",
                      "safe-when-trained": "warning"}
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert CLAIMS[region["charOffset"]:region["charOffset"] + region["charLength"]] == \
            region["snippet"]["text"]
        assert region["endColumn"] > region["startColumn"]


def test_sarif_follows_fail_on(lint, draft):
    _, out, _ = lint(str(draft), "--format", "sarif", "--fail-on", "supported")
    levels = {r["ruleId"]: r["level"] for r in json.loads(out)["runs"][0]["results"]}
    # what fails the run is the error; an error severity that does not fail stays a warning
    assert levels["safe-when-trained"] == "error" and levels["endorphin-release"] == "warning"


@pytest.mark.parametrize("fail_on,code", [
    (None, 1), ("unproven", 1), ("contradicted,misleading", 0), ("none", 0),
    ("supported", 1), ("partly-supported , misleading", 1), ("", 0),
    ("error", 1), ("warning", 1), ("ok", 0), ("ok,contradicted", 0)])
def test_fail_on(lint, draft, fail_on, code):
    args = [str(draft), "--format", "json"] + (["--fail-on", fail_on] if fail_on is not None
                                               else [])
    assert lint(*args)[0] == code


def test_no_claims_exit_zero(lint, tmp_path):
    path = tmp_path / "quiet.md"
    path.write_text("# Opening hours\n\nWe are open Monday to Friday.\n", encoding="utf-8")
    code, out, _ = lint(str(path), "--format", "json")
    assert code == 0
    assert json.loads(out) == {"findings": [], "summary": {"sentences": 2, "findings": 0,
                                                            "by_verdict": {}, "by_severity": {},
                                                            "suppressed": 0, "baselined": 0}}


def test_unknown_fail_on_verdict(lint, draft):
    code, out, err = lint(str(draft), "--fail-on", "unproven,bogus")
    assert code == 2 and out == ""
    assert err.startswith("Error: --fail-on: unknown severity or verdict 'bogus'; choose from "
                          "error, warning, ok, supported")


def test_stdin(lint, monkeypatch):
    stdin_bytes(monkeypatch, CLAIMS.encode())
    code, out, _ = lint("-", "--format", "json")
    findings = json.loads(out)["findings"]
    assert {f["source"] for f in findings} == {"<stdin>"}
    assert len(findings) == 3 and code == 1


def test_stdin_html_is_sniffed(lint, monkeypatch):
    stdin_bytes(monkeypatch, b"<html><body><p>It relieves neck pain.</p>"
                             b"<script>endorphins</script></body></html>")
    _, out, _ = lint("-", "--format", "json")
    assert [f["claim"] for f in json.loads(out)["findings"]] == ["treats-neck-pain"]


def test_several_files(lint, draft, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("- Neck pain relief\n", encoding="utf-8")
    _, out, _ = lint(str(draft), str(other), "--format", "json")
    data = json.loads(out)
    assert [f["source"] for f in data["findings"]] == [str(draft)] * 3 + [str(other)]
    assert data["summary"]["sentences"] == 5


@pytest.mark.parametrize("content,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not a text document"),
    (b"Dry needling \xe9tait", "not UTF-8 text (invalid continuation byte at byte 13); "
                               "convert it to UTF-8 first"),
    (b"", "empty document, nothing to lint"),
    (b" \n\t\n", "empty document, nothing to lint"),
    (b"<html><script>x</script></html>", "no readable text in the document"),
])
def test_bad_input_file(lint, tmp_path, content, message):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    code, out, err = lint(str(path))
    assert (code, out) == (2, "")
    assert err == f"Error: {path}: {message}\n"


def test_bad_stdin(lint, monkeypatch):
    stdin_bytes(monkeypatch, b"\x00\x01\x02")
    code, _, err = lint("-")
    assert code == 2 and err == "Error: <stdin>: binary data, not a text document\n"


def test_missing_file_and_directory(lint, tmp_path, draft):
    code, out, err = lint(str(draft), str(tmp_path / "nope.md"))
    assert (code, out) == (2, "")  # nothing is reported when any input is unusable
    assert err == f"Error: {tmp_path / 'nope.md'}: no such file\n"
    code, _, err = lint(str(tmp_path))
    assert code == 2 and err == f"Error: {tmp_path}: is a directory, not a document\n"


def test_requires_a_file(run_cli):
    code, _, err = run_cli("lint", "--root", str(LIBRARY))
    assert code == 2 and "Missing argument" in err


def test_help_names_the_formats(run_cli):
    code, out, _ = run_cli("lint", "--help")
    assert code == 0
    for word in ("text", "json", "markdown", "html", "sarif", "--fail-on"):
        assert word in out


def test_cache_is_used_and_never_stale(tmp_path, monkeypatch, run_cli):
    """A second run reads the cache; editing a claim file gives a new cache entry."""
    import shutil

    from claimcheck.lint import cache as lint_cache

    lib = tmp_path / "lib"
    shutil.copytree(LIBRARY, lib)
    cache = tmp_path / "cache"
    draft = tmp_path / "d.txt"
    draft.write_text("It relieves neck pain.\n", encoding="utf-8")
    env = {"CLAIMCHECK_CACHE_DIR": str(cache)}
    first = run_cli("lint", "--root", str(lib), "--format", "json", str(draft), env=env)
    entries = list(cache.glob("lint-*.json"))
    assert len(entries) == 1
    assert run_cli("lint", "--root", str(lib), "--format", "json", str(draft), env=env) == first

    claim = lib / "claims" / "treats-neck-pain.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace(
        "verdict: partly-supported", "verdict: misleading"), encoding="utf-8")
    code, out, _ = run_cli("lint", "--root", str(lib), "--format", "json", str(draft), env=env)
    assert json.loads(out)["findings"][0]["verdict"] == "misleading" and code == 1
    assert [p.name for p in cache.glob("lint-*.json")] != [p.name for p in entries]
    assert len(list(cache.glob("lint-*.json"))) == 1  # the replaced entry is gone
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(cache))
    assert lint_cache.read_cache(lib) is not None


def test_cache_can_be_turned_off(tmp_path, run_cli):
    cache = tmp_path / "cache"
    draft = tmp_path / "d.txt"
    draft.write_text("It relieves neck pain.\n", encoding="utf-8")
    code, _, _ = run_cli("lint", "--root", str(LIBRARY), str(draft),
                         env={"CLAIMCHECK_CACHE_DIR": str(cache), "CLAIMCHECK_NO_CACHE": "1"})
    assert code == 0 and not cache.exists()


def test_unwritable_cache_is_not_an_error(tmp_path, run_cli):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("It relieves neck pain.\n", encoding="utf-8")
    code, out, _ = run_cli("lint", "--root", str(LIBRARY), "--format", "json", str(draft),
                           env={"CLAIMCHECK_CACHE_DIR": str(blocker / "sub")})
    assert code == 0 and json.loads(out)["summary"]["findings"] == 1


SAFER_DRAFT = ("# Dry needling at our clinic\n\n"
               "This process helps restore muscle function, increase blood flow, and relieve "
               "pain.\n\n"
               "Dry needling releases endorphins.\n\n"
               "Book online, or call us on 0161 000 0000.\n")


def test_safer_writes_the_draft_with_each_flagged_sentence_rewritten(run_cli, tmp_path):
    from conftest import REPO

    draft = tmp_path / "post.md"
    draft.write_text(SAFER_DRAFT, encoding="utf-8")
    copy = tmp_path / "out" / "post.safer.md"
    code, out, err = run_cli("lint", "--root", str(REPO), "--safer", str(copy), str(draft))
    assert code == 1  # the findings still decide the exit code
    assert f"wrote the safer copy to {copy} (2 sentences rewritten)" in err
    safer = copy.read_text(encoding="utf-8")
    # the clinic's own words where an honest edit exists, the curated wording where none does
    assert "This process may help restore muscle function and relieve pain.\n" in safer
    assert "releases endorphins" not in safer and "not been shown" in safer
    # everything else byte for byte: the heading, the blank lines, the booking line
    assert safer.startswith("# Dry needling at our clinic\n\n")
    assert safer.endswith("\n\nBook online, or call us on 0161 000 0000.\n")
    assert draft.read_text(encoding="utf-8") == SAFER_DRAFT
    # the copy passes the gate
    code, _, _ = run_cli("lint", "--root", str(REPO), str(copy))
    assert code == 0


def test_safer_leaves_a_suppressed_finding_as_written(lint, tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text("<!-- claimcheck: ignore endorphin-release -- quoted from a study -->\n"
                     "Dry needling releases endorphins.\n", encoding="utf-8")
    copy = tmp_path / "post.safer.md"
    code, _, err = lint("--safer", str(copy), str(draft))
    assert code == 0 and "(0 sentences rewritten)" in err
    assert copy.read_text(encoding="utf-8") == draft.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["html", "itself", "two drafts", "explain", "unwritable"])
def test_safer_refuses_with_one_line_and_writes_nothing(lint, tmp_path, case):
    draft = tmp_path / "post.md"
    draft.write_text("Dry needling releases endorphins.\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<p>Dry needling releases endorphins.</p>", encoding="utf-8")
    copy = tmp_path / "safer.md"
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    args = {"html": ["--safer", str(copy), str(page)],
            "itself": ["--safer", str(draft), str(draft)],
            "two drafts": ["--safer", str(copy), str(draft), str(draft)],
            "explain": ["--safer", str(copy), "--explain", str(draft)],
            "unwritable": ["--safer", str(blocker / "safer.md"), str(draft)]}[case]
    code, out, err = lint(*args)
    assert code == 2
    assert len([line for line in err.splitlines() if line.startswith("Error")]) == 1
    assert not copy.exists()
    assert draft.read_text(encoding="utf-8") == "Dry needling releases endorphins.\n"
    if case == "html":
        assert out == ""  # refused before any finding is printed


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200),
                                                 st.text(max_size=20)), max_size=6))
def test_the_safer_text_keeps_every_byte_outside_the_rewritten_spans(text, raw):
    from claimcheck.lint.safer import safer_text

    spans = [(min(a, b, len(text)), min(max(a, b), len(text)), r) for a, b, r in raw]
    out = safer_text(text, spans)
    covered = sorted((a, b) for a, b, r in spans if b > a and r)
    # the text before the first rewritten span and after the last is kept as written
    if covered:
        assert out.startswith(text[:covered[0][0]])
        assert out.endswith(text[max(b for _, b in covered):])
    else:
        assert out == text
