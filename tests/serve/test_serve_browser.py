"""The workbench in a real browser (Debian's chromium driven by Playwright), as a clinician
uses it: paste a draft, see the claims marked, open one, copy the safer draft; upload a .docx;
upload bad files. Few and fast; never a downloaded browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.docx_drafts import corrupt_docx, make_docx, zip_bomb

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

DRAFT = """# Dry needling at Harbour Physio

Dry needling releases endorphins, your body's natural painkillers.

Is it safe? Dry needling is completely safe in trained hands.

It can help with:
- Tennis elbow
- Neck pain
- Fibromyalgia

Book a session today.
"""


@pytest.fixture(scope="module")
def server(repo_root):
    from claimcheck.serve.app import create_app
    from tests.support.serve_server import running

    with running(create_app(repo_root)) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    pg = context.new_page()
    pg.problems = []  # console errors, uncaught exceptions, dialogs, requests elsewhere
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: r.url.startswith(server) or pg.problems.append(
        f"request: {r.url}"))
    yield pg
    context.close()


def test_paste_see_marks_open_a_finding_and_copy_the_safer_draft(page, server, tmp_path):
    page.goto(server + "/")
    page.fill("#text", DRAFT)
    page.click("#check")
    page.wait_for_load_state()  # the page and its script
    severities = page.eval_on_selector_all(
        "mark.claim", "ms => ms.map(m => m.className.replace('claim ', ''))")
    assert "sev-error" in severities and "sev-warning" in severities
    assert page.locator(".panel .finding:visible").count() == 0  # until a claim is clicked
    page.click("mark.claim >> text=releases endorphins")
    card = page.locator(".panel .finding:visible")
    assert card.count() == 1
    text = card.inner_text()
    assert "endorphin-release" in text and "unproven" in text and "safer wording" in text.lower()
    assert card.locator("a", has_text="PubMed").count() >= 1
    page.click("#copy-safer")
    page.wait_for_selector("#copy-status:has-text('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.input_value("#safer")
    assert "releases endorphins" not in copied and copied.startswith("# Dry needling at")
    shot = Path(os.environ.get("CLAIMCHECK_SCREENSHOT_DIR", tmp_path)) / "workbench.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert page.problems == []


def test_upload_a_docx_then_copy_in_two_clicks(page, server, tmp_path):
    docx = tmp_path / "post.docx"
    docx.write_bytes(make_docx([("heading", "Needling for runners"),
                                ("p", "Dry needling flushes out lactic acid."),
                                ("item", "Plantar fasciitis")]))
    page.goto(server + "/")
    with page.expect_file_chooser() as chooser:
        page.click("label[for=file]")  # click 1: choose the file; it is checked at once
    with page.expect_navigation():
        chooser.value.set_files(str(docx))
    page.wait_for_load_state()
    assert page.locator("mark.claim").count() >= 1
    assert page.inner_text("h2.block.heading") == "Needling for runners"
    page.click("#copy-safer")  # click 2
    page.wait_for_selector("#copy-status:has-text('Copied')")
    assert "lactic acid" not in page.evaluate("navigator.clipboard.readText()")
    assert page.problems == []


@pytest.mark.parametrize("name, data, message", [
    ("broken.docx", corrupt_docx(), "a corrupt .docx"),
    ("bomb.docx", zip_bomb(20), "possibly a zip bomb"),
    ("photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ("empty.txt", b"", "empty"),
])
def test_bad_uploads_show_a_clear_error(page, server, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    page.goto(server + "/")
    with page.expect_navigation():
        page.set_input_files("#file", str(path))
    assert message in page.inner_text("#error")
    assert page.locator("#check-form").is_visible()
    assert [p for p in page.problems if "status of 4" not in p] == []
