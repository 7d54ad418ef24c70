"""The hostile-input suite (issue 14): property tests over library files, lint input (text,
Markdown, HTML) and E-utilities responses. Whatever the input: no traceback, a documented exit
code or exception, and time linear in the size of the input (a ratio between two sizes
measured in one test, never an absolute time)."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimcheck.cli import main
from claimcheck.errors import ClaimcheckError, InputError, PubMedError
from tests.support.timing import assert_linear

LINT_LIBRARY = Path(__file__).parents[1] / "fixtures" / "lint" / "library"
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def run(*args: str) -> tuple[int, str, str]:
    """The command in-process; a traceback would escape as an exception and fail the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def small_library(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "lib"
    shutil.copytree(LINT_LIBRARY, root)
    return root


# -- library files ----------------------------------------------------------------------------
YAML_PIECES = ["id: x\n", "kind: ", "mechanism", "kind: efficacy\n", "&a ", "*a", "[", "]", "{",
               "}", ", ", ": ", "- ", "\n", "  ", "'", '"', "#", "\x00", "\ufeff", "\t", "? ",
               "!!python/object:os.system ", "<<: ", "|\n", ">-\n", "---\n", "...\n", "%YAML 1.1\n",
               "statement: ", "detect:\n  - ", "\u2028", "\\", "1e999", ".nan", "~"]
yaml_texts = st.one_of(st.text(max_size=400),
                       st.lists(st.sampled_from(YAML_PIECES), max_size=120).map("".join))


@FAST
@given(text=yaml_texts)
@example(text="a: &a [1,2]\nb: &b [*a,*a]\nc: [*b,*b]\n")
@example(text="x: " + "[" * 5000)
@example(text="kind: mechanism\nkind: framing\n")
@example(text="!!python/object/apply:os.system ['true']\n")
def test_any_claim_file_is_validated_with_a_documented_exit_code(small_library, text):
    path = small_library / "claims" / "hostile.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        code, out, err = run("validate", "--root", str(small_library))
    finally:
        path.unlink()
    assert code == 1                                  # the file is never a valid claim
    assert "claims/hostile.yaml" in out and "Traceback" not in err


@FAST
@given(data=st.binary(max_size=400))
def test_any_bytes_in_a_citation_file(small_library, data):
    path = small_library / "evidence" / "citations" / "hostile.yaml"
    path.write_bytes(data)
    try:
        code, out, err = run("validate", "--root", str(small_library))
    finally:
        path.unlink()
    assert code == 1 and "evidence/citations/hostile.yaml" in out


def test_validate_time_is_linear_in_a_claim_file(small_library):
    from claimcheck.library.loader import load

    path = small_library / "claims" / "long.yaml"

    def make(n: int) -> str:  # a long file with a problem in every item (field lines walked)
        return "id: long\nkind: nonsense\nevidence:\n" + "  - {citation: x, stance: no}\n" * n

    def validate(text: str) -> None:
        path.write_text(text, encoding="utf-8")
        load(small_library)

    try:
        assert_linear(validate, make, 500, "validate a claim file with many bad items")
    finally:
        path.unlink()


# -- lint input -------------------------------------------------------------------------------
LINT_PIECES = ["Dry needling releases endorphins", " ", ".", "!", "?", ",", "\n", "\n\n", "```",
               "~~~", "<!--", "-->", "[a", "](", ")", "<a ", "<a href='", ">", "</a>", "<p>",
               "<li>", "<![", "<?", "&amp", "&#", "# ", "- ", "1. ", "> ", "|", "*", "_", "`",
               "e.g.", "Dr.", "Q: ", "\u201c", "\u2019", "\x0c", "\r", "last 5 minutes",
               "neck pain", "not", "no evidence that", "\U0001f64c"]
lint_texts = st.one_of(st.text(max_size=500),
                       st.lists(st.sampled_from(LINT_PIECES), max_size=200).map("".join),
                       st.tuples(st.sampled_from(LINT_PIECES), st.integers(1, 400))
                       .map(lambda t: t[0] * t[1]))


@pytest.fixture(scope="module")
def linter(small_library):
    from claimcheck.lint.linter import Linter
    from claimcheck.library.loader import load

    return Linter.from_library(load(small_library))


@FAST
@given(text=lint_texts, kind=st.sampled_from(["text", "markdown", "html"]))
@example(text="<![x <![if", kind="html")
@example(text="```\nDry needling releases endorphins.\n", kind="markdown")
def test_lint_any_text_finds_or_refuses_cleanly(linter, text, kind):
    try:
        report = linter.lint_text(text, "draft", kind)
    except InputError:
        return                                          # exit 2: empty or nothing readable
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
    assert report.exit_code() in (0, 1)


@FAST
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".html"]))
@example(data="Dry needling releases endorphins.".encode("utf-16"), suffix=".txt")
@example(data=b"\xff\xfe\x00", suffix=".txt")
def test_cli_lint_any_bytes_exits_0_1_or_2(small_library, tmp_path_factory, data, suffix):
    import os

    path = tmp_path_factory.getbasetemp() / f"draft{suffix}"
    path.write_bytes(data)
    saved = os.environ.get("CLAIMCHECK_NO_CACHE")
    os.environ["CLAIMCHECK_NO_CACHE"] = "1"  # keep the user's cache directory out of it
    try:
        code, out, err = run("lint", "--root", str(small_library), str(path))
    finally:
        if saved is None:
            del os.environ["CLAIMCHECK_NO_CACHE"]
        else:
            os.environ["CLAIMCHECK_NO_CACHE"] = saved
    assert code in (0, 1, 2) and "Traceback" not in err
    if code == 2:
        assert err.startswith("Error: ") and err.count("\n") == 1


@pytest.mark.parametrize("kind, make, n", [
    ("text", lambda n: "Dry needling releases endorphins, " * n, 500),
    ("markdown", lambda n: "Intro.\n```\n" + "Dry needling releases endorphins.\n" * n, 1000),
    ("markdown", lambda n: "Intro.\n" + "[a](<!--<a " * n, 2000),
    ("html", lambda n: "<p>Intro.</p>" + "<a href='<!--<![x" * n, 2000),
])
def test_lint_time_is_linear_on_hostile_shapes(linter, kind, make, n):
    assert_linear(lambda text: linter.lint_text(text, "draft", kind), make, n, kind)


# -- E-utilities responses --------------------------------------------------------------------
XML_PIECES = [b'<?xml version="1.0" ?>', b"<!DOCTYPE eSearchResult>", b"<eSearchResult>",
              b"</eSearchResult>", b"<Count>", b"</Count>", b"3", b"<IdList>", b"<Id>1</Id>",
              b"</IdList>", b"<ERROR>", b"</ERROR>", b"api key invalid", b"rate limit exceeded",
              b"<!ENTITY a 'b'>", b"&a;", b"\x00", b"<![CDATA[", b"]]>", b"{", b'"error"', b"<",
              b"history", b"WebEnv"]
bodies = st.one_of(st.binary(max_size=300),
                   st.lists(st.sampled_from(XML_PIECES), max_size=40).map(b"".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(status=st.sampled_from([200, 204, 301, 302, 307, 400, 404, 414, 429, 500, 502, 503]),
       body=bodies, retry_after=st.one_of(st.none(), st.text(max_size=40),
                                           st.sampled_from(["nan", "inf", "-1", "1e999",
                                                            "100000", "Wed, 21 Oct 2015 07:28:00 GMT"])))
def test_any_eutils_response_is_a_result_a_retry_or_a_pubmed_error(status, body, retry_after):
    from claimcheck.pubmed import eutils
    from claimcheck.pubmed.xmlparse import read

    t = eutils.Transport(eutils.Settings(email="t@example.org", api_key="K3Y",
                                         base_url="http://127.0.0.1:9/"))
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    try:
        t._check(status, headers, body, read)
    except eutils._Retry as exc:
        assert exc.retry_after is None or exc.retry_after >= 0
        assert "K3Y" not in exc.reason
    except PubMedError as exc:
        assert exc.exit_code == 2 and "K3Y" not in str(exc)


@settings(max_examples=150, deadline=None)
@given(value=st.one_of(st.none(), st.text(max_size=60)))
def test_any_retry_after_header_is_a_delay_or_none(value):
    from claimcheck.pubmed.eutils import _retry_after

    delay = _retry_after(value)
    assert delay is None or delay >= 0


def test_hostile_suite_exceptions_share_one_root():
    assert issubclass(PubMedError, ClaimcheckError) and issubclass(InputError, ClaimcheckError)
