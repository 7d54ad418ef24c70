"""The workbench in-process (Starlette's TestClient): the JSON API, the pages, the downloads,
escaping and headers, and every kind of bad upload answered with a clear 4xx."""

from __future__ import annotations

import json
import re
import warnings

import pytest

from tests.support.docx_drafts import corrupt_docx, make_docx, not_word_zip, zip_bomb

pytest.importorskip("starlette")
pytest.importorskip("multipart")

DRAFT = ("# Dry needling\n\nDry needling releases endorphins and fixes tennis elbow.\n\n"
         "It is a safe treatment when done by a trained physio.\n")
HOSTILE = "Dry needling releases endorphins. <script>window.__pwned=1</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def client(repo_root):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx versions
        from starlette.testclient import TestClient
    from claimcheck.serve.app import create_app

    app = create_app(repo_root, max_upload=256 * 1024)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def test_api_lint_json_body_returns_what_lint_json_prints(client, repo_root, run_cli, tmp_path):
    r = client.post("/api/lint", json={"text": DRAFT, "format": "markdown"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    _, out, _ = run_cli("lint", "--root", str(repo_root), "--format", "json", str(draft))
    expected = json.loads(out)
    for f in expected["findings"]:
        f["source"] = "<text>"
    assert r.json() == expected


def test_api_lint_upload_in_the_file_field(client):
    docx = make_docx([("p", "Dry needling releases endorphins.")])
    r = client.post("/api/lint", files={"file": ("post.docx", docx)})
    assert r.status_code == 200
    (f,) = r.json()["findings"]
    assert (f["source"], f["line"], f["claim"]) == ("post.docx", 1, "endorphin-release")
    r = client.post("/api/lint", files={"file": ("../../etc/post.md", DRAFT.encode())})
    assert {f["source"] for f in r.json()["findings"]} == {"post.md"}


@pytest.mark.parametrize("kwargs, status, message", [
    ({"json": {"text": ""}}, 400, "empty document"),
    ({"json": {"text": "  \n "}}, 400, "empty document"),
    ({"json": {"nope": 1}}, 400, "'text' (a string) is required"),
    ({"json": {"text": "x", "format": "pdf"}}, 400, "unknown format"),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400,
     "not valid JSON"),
    ({"content": b"hello", "headers": {"content-type": "text/plain"}}, 415, "send JSON"),
    ({"files": {"file": ("a.md", b"\x00\x01\x02binary")}}, 400, "binary data"),
    ({"files": {"file": ("a.md", b"")}}, 400, "empty document"),
    # (UTF-16 with a byte-order mark is text now: a PNG is not)
    ({"files": {"file": ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}}, 400, "binary data"),
    ({"files": {"file": ("a.pdf", b"%PDF-1.4")}}, 400, "cannot read .pdf"),
    ({"files": {"file": ("a.docx", corrupt_docx())}}, 400, "a corrupt .docx"),
    ({"files": {"file": ("a.docx", not_word_zip())}}, 400, "not a readable Word document"),
    ({"files": {"file": ("a.docx", b"hello")}}, 400, "not a Word document"),
    ({"files": {"file": ("bomb.docx", zip_bomb(20))}}, 400, "possibly a zip bomb"),
    ({"files": {"file": ("big.md", b"Dry needling works. " * 20000)}}, 413, "too large"),
    ({"json": {"text": "Dry needling works. " * 20000}}, 413, "too large"),
])
def test_api_bad_input_is_a_4xx_with_a_json_error(client, kwargs, status, message):
    r = client.post("/api/lint", **kwargs)
    assert r.status_code == status, r.text
    assert message in r.json()["error"]


def test_oversized_body_is_refused_from_its_length_before_reading(client):
    r = client.post("/api/lint", content=b"x" * 10, headers={
        "content-type": "application/json", "content-length": str(10**9)})
    assert r.status_code == 413


def _check(client, **kwargs):
    r = client.post("/check", follow_redirects=False, **kwargs)
    assert r.status_code == 303, r.text
    return r.headers["location"], client.get(r.headers["location"])


def test_paste_shows_the_draft_marked_by_severity(client):
    where, page = _check(client, data={"text": DRAFT, "format": "auto"})
    assert page.status_code == 200
    marks = re.findall(r'<mark class="claim (sev-\w+)"[^>]*data-findings="([\d ]+)">(.*?)</mark>',
                       page.text)
    assert ("sev-error", "0 1",
            "Dry needling releases endorphins and fixes tennis elbow.") in marks
    assert "Fix before publishing" in page.text and "PubMed</a>" in page.text
    safer = re.search(r'<textarea id="safer"[^>]*>(.*?)</textarea>', page.text, re.S).group(1)
    assert "releases endorphins" not in safer and safer.startswith("# Dry needling\n\n")


def test_everything_is_escaped_and_no_inline_script(client):
    where, page = _check(client, data={"text": HOSTILE, "format": "html"})
    assert "<script>window" not in page.text and "<img" not in page.text
    where, page = _check(client, data={"text": HOSTILE, "format": "markdown"})
    shown = re.sub(r"</?mark\b[^>]*>", "", page.text)  # the draft as text, marks aside
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert re.findall(r"<script\b[^>]*>", page.text) == [
        '<script src="/static/app.js" defer>']
    assert not re.search(r"<[a-z]+\b[^>]*\son\w+\s*=", page.text)
    assert "style=" not in page.text


def test_headers_policy_and_hosts(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"(src|href)=\"(https?:)?//", r.text)  # no external asset
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/static/app.js").status_code == 200


def test_bad_uploads_in_the_form_show_the_error_again(client):
    r = client.post("/check", files={"file": ("x.docx", b"PK\x03\x04broken")})
    assert r.status_code == 400 and 'id="error"' in r.text and "a corrupt .docx" in r.text
    r = client.post("/check", data={"text": "   ", "format": "auto"})
    assert r.status_code == 400 and "empty" in r.text
    r = client.post("/check", files={"file": ("big.txt", b"a" * 300_000)})
    assert r.status_code == 413 and "too large" in r.text


def test_upload_a_docx_in_the_form(client):
    docx = make_docx([("heading", "Our services"), ("p", "Dry needling releases endorphins.")])
    where, page = _check(client, files={"file": ("post.docx", docx)})
    assert '<h2 class="block heading">Our services</h2>' in page.text
    assert "post.docx, paragraph 2" in page.text


def test_downloads(client):
    where, _ = _check(client, data={"text": DRAFT, "format": "markdown"})
    for ext, media in (("html", "text/html"), ("md", "text/markdown"),
                       ("json", "application/json"), ("sarif", "application/sarif+json")):
        r = client.get(f"{where}/findings.{ext}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        assert r.headers["content-disposition"] == \
            f'attachment; filename="draft-claimcheck.{ext}"'
    assert json.loads(client.get(f"{where}/findings.json").text)["summary"]["findings"] == 3
    sarif = json.loads(client.get(f"{where}/findings.sarif").text)
    assert sarif["version"] == "2.1.0"
    page = client.get(f"{where}/findings.html").text
    assert "<script" not in page and "https://pubmed.ncbi.nlm.nih.gov/" in page
    assert client.get(f"{where}/findings.exe").status_code == 404
    assert client.get("/r/not-a-token").status_code == 404


def test_library_report_is_browsable(client, library):
    r = client.get("/library/index.html")
    assert r.status_code == 200 and "sha256-" in r.headers["content-security-policy"]
    claim = next(iter(library.claims_by_id))
    assert client.get(f"/library/claims/{claim}.html").status_code == 200
    assert client.get("/library/../../etc/passwd").status_code == 404


def test_severity_and_rewrite_come_from_the_gate_when_it_gives_them():
    from claimcheck.serve.view import rewrite_of, safer_draft, severity_of

    assert severity_of({"verdict": "unproven"}) == "error"
    assert severity_of({"verdict": "partly-supported"}) == "warning"
    assert severity_of({"verdict": "supported"}) == "ok"
    assert severity_of({"verdict": "unproven", "severity": "warning"}) == "warning"
    assert rewrite_of({"suggestion": "May help.", "rewrite": "Might help."}) == "Might help."
    assert rewrite_of({"suggestion": "May  help."}) == "May help."
    found = [{"shown": (0, 5), "rewrite": "A.", "active": True, "severity": "error"},
             {"shown": (0, 11), "rewrite": "B.", "active": True, "severity": "warning"},
             {"shown": (12, 14), "rewrite": "C.", "active": True, "severity": "ok"}]
    assert safer_draft("Hello world xy", found) == "A. B. xy"


def test_serve_on_a_port_in_use_is_a_one_line_error(run_cli, repo_root):
    from claimcheck.serve.server import bind

    busy = bind(0)
    try:
        port = busy.getsockname()[1]
        code, out, err = run_cli("serve", "--root", str(repo_root), "--port", str(port))
    finally:
        busy.close()
    assert code == 2 and out == ""
    assert err.startswith(f"Error: 127.0.0.1:{port}: cannot listen here")


def test_nothing_starts_or_loads_on_import(repo_root):
    import subprocess
    import sys

    code = ("import sys, claimcheck.serve, claimcheck.cli, claimcheck.lint.docx; "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'docx', 'jinja2') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(repo_root / "src")}, check=True).stdout
    assert out.strip() == "[]"
