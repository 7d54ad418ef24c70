"""Hostile drafts (issue 14 #2, #3, #8): lint time grows linearly with the input, unclosed
markup is read the way CommonMark and browsers read it, over-long units are cut, and inputs
past the limits are refused with exit 2, never a traceback or a hang."""

from __future__ import annotations

import pytest

from claimcheck.errors import InputError
from claimcheck.lint.extract import MAX_INPUT_BYTES, blank_markdown, decode, extract
from claimcheck.lint.linter import linter_for
from claimcheck.lint.sentences import MAX_UNIT_WORDS, segment
from tests.support.timing import assert_linear


@pytest.fixture(scope="module")
def lint(library):
    linter = linter_for(library)
    return lambda kind: (lambda text: linter.lint_text(text, "draft", kind))


# -- time linear in the input (a ratio between two sizes, never an absolute time) -----------
@pytest.mark.parametrize("name, make, n, kind", [
    # a phrase recurring in one sentence: the span list was scanned for every occurrence
    # ('last 5 minute ' * 16000, 224 KB, took 39 s)
    ("repeated dosing phrase", lambda n: "last 5 minute " * n, 2000, "text"),
    ("repeated word", lambda n: "needling " * n, 16000, "text"),
    # a caption with no full stop: one unit of every word, judged as a whole
    ("text without sentence ends",
     lambda n: "dry needling fixes back pain and releases endorphins, " * n, 250, "text"),
    # an unclosed fence: the fence pattern backtracked over the rest of the document
    ("unclosed fence", lambda n: "Intro.\n```\n" + "Dry needling cures sciatica.\n" * n, 1250,
     "markdown"),
    ("unclosed comments", lambda n: "Dry needling helps.\n" + "<!--" * n, 10000, "markdown"),
    ("unclosed link texts", lambda n: "Dry needling helps.\n" + "[a](" * n, 2500, "markdown"),
    ("stops before lower case", lambda n: "Needling helps. e.g. " * n, 1500, "text"),
    ("unclosed HTML tags", lambda n: "<p>Dry needling helps.</p>" + "<a " * n, 10000, "html"),
    ("unclosed HTML attribute", lambda n: "<p>Dry needling.</p>" + "<a href='" * n, 5000,
     "html"),
    ("HTML paragraph without stops",
     lambda n: "<p>" + "dry needling releases endorphins " * n, 1000, "html"),
])
def test_lint_time_is_linear(lint, name, make, n, kind):
    assert_linear(lint(kind), make, n, name)


# -- what is read -----------------------------------------------------------------------------
def test_unclosed_fence_runs_to_the_end_of_the_document():
    text = "Dry needling helps.\n```\nDry needling cures sciatica.\n"
    assert blank_markdown(text).strip() == "Dry needling helps."


def test_fence_closes_only_with_the_same_character_and_at_least_its_length():
    text = "````\na\n```\nb\n~~~~\nc\n````\nafter\n"
    assert blank_markdown(text).split() == ["after"]


def test_unclosed_fence_lines_are_not_linted(lint):
    report = lint("markdown")("Book a visit.\n```\nDry needling releases endorphins.\n")
    assert report.findings == []


def test_a_unit_without_sentence_ends_is_cut_at_a_comma():
    text = "dry needling fixes back pain and releases endorphins, " * 300
    units = segment(extract(text, "x", "text"))
    assert all(len(u.text.split()) <= MAX_UNIT_WORDS for u in units)
    assert all(u.text.endswith(",") for u in units[:-1])
    assert " ".join(u.text for u in units) == text.strip()


def test_a_unit_without_any_break_is_cut_at_the_word_limit():
    text = "needling " * (3 * MAX_UNIT_WORDS + 5)
    units = segment(extract(text, "x", "text"))
    assert [len(u.text.split()) for u in units] == [MAX_UNIT_WORDS] * 3 + [5]


def test_claims_are_still_found_in_a_long_caption(lint):
    text = ("so happy with my session today, " * 60 + "dry needling releases endorphins, "
            + "see you next week " * 60)
    assert "endorphin-release" in {f.claim for f in lint("text")(text).findings}


def test_marked_section_in_html_is_no_traceback(lint):
    report = lint("html")("<p>Dry needling releases endorphins.</p><![x <![if")
    assert {f.claim for f in report.findings} == {"endorphin-release"}


# -- encodings and limits ---------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(encoding):
    data = "Dry needling releases endorphins.\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode(data, "x") == "Dry needling releases endorphins.\n"


def test_utf16_file_is_linted_end_to_end(run_cli, tmp_path, repo_root, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_NO_CACHE", "1")
    path = tmp_path / "draft.txt"
    path.write_bytes("Dry needling releases endorphins.\n".encode("utf-16"))
    code, out, err = run_cli("lint", "--root", str(repo_root), str(path))
    assert code == 1 and "endorphin-release" in out


def test_input_over_the_limit_is_refused_without_reading_it_all(run_cli, repo_root, monkeypatch,
                                                               tmp_path):
    monkeypatch.setenv("CLAIMCHECK_NO_CACHE", "1")
    path = tmp_path / "big.txt"
    path.write_bytes(b"Dry needling helps. " * (MAX_INPUT_BYTES // 20 + 1))
    code, out, err = run_cli("lint", "--root", str(repo_root), str(path))
    assert code == 2 and out == ""
    assert err == f"Error: {path}: over the 2,000,000-byte limit for one document; " \
                  "split it into smaller files\n"


def test_endless_input_is_cut_at_the_limit(run_cli, repo_root, monkeypatch):
    import os

    if not os.path.exists("/dev/zero"):
        pytest.skip("needs /dev/zero")
    monkeypatch.setenv("CLAIMCHECK_NO_CACHE", "1")
    code, out, err = run_cli("lint", "--root", str(repo_root), "/dev/zero")
    assert code == 2 and "over the 2,000,000-byte limit" in err


def test_long_text_from_python_is_refused():
    with pytest.raises(InputError, match="-character limit"):
        extract("a" * (MAX_INPUT_BYTES + 1), "x", "text")
