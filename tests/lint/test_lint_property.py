"""Property tests: lint never crashes on arbitrary text, and every finding's offsets slice
the original input back to the sentence reported."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LIBRARY = Path(__file__).parents[1] / "fixtures" / "lint" / "library"
_LIB = None

WORDS = ["Dry", "needling", "releases", "endorphins", "neck", "pain", "is", "not", "safe",
         "trained", "no", "evidence", "e.g.", "Dr.", "vs.", "-", "*", "#", "1.", ":", "?", "!",
         "\n", "\n\n", "  ", ",", ";", "but", "\u2014", "\u201c", "\u2019s", "<p>", "&amp;",
         "[link](http://x)", "`", "**", "It", "can", "help", "with", "stiff"]


def lib():
    global _LIB
    if _LIB is None:
        from claimcheck import load

        _LIB = load(LIBRARY)
    return _LIB


texts = st.one_of(st.text(max_size=300),
                  st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
                  st.lists(st.sampled_from(WORDS), max_size=60).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["text", "markdown"]))
def test_offsets_slice_back_to_the_sentence(text, kind):
    from claimcheck.errors import InputError
    from claimcheck.lint.linter import lint_text

    try:
        report = lint_text(lib(), text, "t", kind)
    except InputError:
        assert not text.strip() or kind == "markdown"
        return
    for f in report.findings:
        assert text[f.start:f.end] == f.sentence
        if "\r" not in text:
            assert f.line == text.count("\n", 0, f.start) + 1
    assert report.sentences >= len({(f.start, f.end) for f in report.findings})


@settings(max_examples=100, deadline=None)
@given(texts)
def test_html_never_crashes_and_spans_are_in_range(text):
    from claimcheck.errors import InputError
    from claimcheck.lint.linter import lint_text

    # the script holds a sentence lint would report anywhere else, so linting it shows
    html = (f"<html><body><p>{text}</p><script>Dry needling releases endorphins.</script>"
            "</body></html>")
    script = html.rindex("<script>")
    try:
        report = lint_text(lib(), html, "t.html", "html")
    except InputError:
        return
    for f in report.findings:
        assert 0 <= f.start < f.end <= script


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_lint_or_fail_cleanly(data):
    from claimcheck.errors import InputError
    from claimcheck.lint.linter import linter_for

    try:
        linter_for(lib()).lint_bytes(data, "b")
    except InputError as exc:
        assert str(exc).startswith("b: ")
