"""`claimcheck lint` on Word drafts: reading order, paragraph offsets, tracked changes,
comments, and hostile files (zip bombs, corrupt and non-Word packages)."""

from __future__ import annotations

import json

import pytest

from claimcheck.errors import InputError
from claimcheck.lint import docx as wordfile
from tests.support.docx_drafts import (corrupt_docx, make_docx, not_word_zip, write,
                                       zip_bomb)

DRAFT = [
    ("heading", "Dry needling for neck pain"),
    ("p", "Welcome to our clinic. Dry needling releases endorphins."),
    ("p", "It can help with:"),
    ("item", "Tennis elbow"),
    ("numbered", "Sciatica"),
    ("table", [["Condition", "What we say"], ["Jaw", "Dry needling flushes toxins."]]),
    ("tracked", "Dry needling ", "cures", "may ease", " back pain."),
    ("comment", "Book a session today.", "Dry needling cures fibromyalgia."),
    ("break", "Call us", "Dry needling relieves plantar fasciitis."),
]


@pytest.fixture(scope="module")
def linter(library):
    from claimcheck.lint.linter import linter_for

    return linter_for(library)


@pytest.fixture(scope="module")
def draft() -> bytes:
    return make_docx(DRAFT)


def test_paragraphs_headings_lists_and_tables_in_order(draft):
    doc = wordfile.read_docx(draft, "post.docx")
    lines = doc.original.split("\n")
    assert lines == ["Dry needling for neck pain",
                     "Welcome to our clinic. Dry needling releases endorphins.",
                     "It can help with:", "Tennis elbow", "Sciatica",
                     "Condition", "What we say", "Jaw", "Dry needling flushes toxins.",
                     "Dry needling may ease back pain.", "Book a session today.",
                     "Call us\vDry needling relieves plantar fasciitis."]
    roles = [p.role for p in doc.paragraphs]
    assert roles[:5] == ["heading", "paragraph", "paragraph", "item", "item"]
    # the segmenter sees Markdown-like structure; each paragraph its own block
    assert doc.text.startswith("# Dry needling for neck pain\n\n")
    assert "\n\n- Tennis elbow\n\n- Sciatica\n\n" in doc.text


def test_tracked_changes_are_read_accepted_and_comments_not_at_all(draft):
    doc = wordfile.read_docx(draft, "post.docx")
    assert "cures back pain" not in doc.original and "may ease back pain" in doc.original
    assert "fibromyalgia" not in doc.original  # the comment's text


def test_findings_are_located_by_paragraph_and_offset(draft, linter):
    report = linter.lint_bytes(draft, "post.docx")
    doc = wordfile.read_docx(draft, "post.docx")
    by_claim = {f.claim: f for f in report.findings}
    assert {"endorphin-release", "treats-elbow-epicondylalgia", "treats-sciatica-piriformis",
            "flushes-acidic-chemicals", "treats-plantar-heel-pain"} <= set(by_claim)
    endorphins = by_claim["endorphin-release"]
    assert (endorphins.line, endorphins.column) == (2, 24)  # paragraph 2, offset 23
    assert endorphins.sentence == "Dry needling releases endorphins."
    for f in report.findings:  # start/end index the text, one paragraph a line
        assert " ".join(doc.original[f.start:f.end].split()) == f.sentence
    heel = by_claim["treats-plantar-heel-pain"]
    assert heel.line == 12 and heel.column == len("Call us\v") + 1


def test_cli_lints_a_docx(tmp_path, run_cli, draft, repo_root):
    path = write(tmp_path / "post.docx", draft)
    code, out, _ = run_cli("lint", "--root", str(repo_root), "--format", "json", str(path))
    assert code == 1
    findings = json.loads(out)["findings"]
    assert {"source": str(path), "line": 2, "claim": "endorphin-release"}.items() <= \
        next(f for f in findings if f["claim"] == "endorphin-release").items()


def test_a_paragraph_can_suppress_a_finding(linter):
    data = make_docx([("p", "claimcheck: ignore endorphin-release -- quoting a patient"),
                      ("p", "Dry needling releases endorphins.")])
    (f,) = linter.lint_bytes(data, "q.docx").findings
    assert f.suppressed == "quoting a patient" and f.line == 2


@pytest.mark.parametrize("data, message", [
    (corrupt_docx(), "a corrupt .docx (the zip package cannot be read)"),
    (not_word_zip(), "not a readable Word document"),
    (b"PK\x03\x04 not really a zip", "a corrupt .docx"),
    (b"plain text pretending", "not a Word document: a .docx is a zip package"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a Word 97-2003 (.doc)"),
    (make_docx([("p", "  ")]), "no readable text in the document"),
])
def test_bad_word_files_are_clear_errors(data, message, run_cli, tmp_path, repo_root):
    path = write(tmp_path / "bad.docx", data)
    code, out, err = run_cli("lint", "--root", str(repo_root), str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"Error: {path}: {message}"), err


def test_zip_bombs_are_refused_before_decompression(monkeypatch):
    bomb = zip_bomb(inflated_mb=20)  # 20 MB of zeros in a ~20 KB member
    with pytest.raises(InputError, match="inflates .* times; possibly a zip bomb"):
        wordfile.read_docx(bomb, "bomb.docx")
    monkeypatch.setattr(wordfile, "MAX_RATIO", 10**6)
    monkeypatch.setattr(wordfile, "MAX_UNCOMPRESSED", 10 * 2**20)
    with pytest.raises(InputError, match=r"would inflate to 2\d MB .* possibly a zip bomb"):
        wordfile.read_docx(bomb, "bomb.docx")


def test_a_zip_by_magic_bytes_is_read_as_word_whatever_its_name(draft, linter):
    assert linter.lint_bytes(draft, "<stdin>").findings
