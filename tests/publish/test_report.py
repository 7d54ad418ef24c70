"""`claimcheck report`: the static site. Pages, escaping, atomic replacement, and a real
browser (Debian's chromium driven by Playwright) for console errors and the filters."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from claimcheck.publish import report
from claimcheck.errors import OutputError
from claimcheck.library.loader import load

LIBRARY = Path(__file__).parents[1] / "fixtures" / "cite" / "library"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    result = report.build_report(load(LIBRARY), out)
    assert result.pages == 6
    return out


def _pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html"))}


def test_site_has_index_claim_and_source_pages(site):
    assert sorted(_pages(site)) == [
        "claims/apta-fixture.html", "claims/markup-claim.html",
        "claims/neck-pain-fixture.html", "index.html", "sources/000.html", "sources/001.html"]
    assert (site / report.MARKER).is_file()


def test_markup_in_library_text_is_escaped(site):
    page = (site / "claims" / "markup-claim.html").read_text(encoding="utf-8")
    assert "Needling &lt;script&gt;window.__pwned = 1;" in page
    assert "&lt;img src=x onerror=&#34;window.__pwned = 2&#34;&gt;" in page
    for html in _pages(site).values():
        # the only script element is the report's own; no injected tag or handler survives
        assert len(re.findall(r"<script\b", html)) == 1
        assert "<img" not in html
        assert not re.search(r"<[a-z]+\b[^>]*\son\w+\s*=", html)  # no event-handler attribute
        assert "javascript:" not in re.sub(r"&[^;]+;", "", " ".join(
            re.findall(r'href="([^"]*)"', html)))


def test_no_external_assets_and_a_strict_policy(site):
    for rel, html in _pages(site).items():
        assert not re.search(r"<(link|img|iframe|object|embed)\b", html), rel
        assert not re.search(r"<[a-z]+\b[^>]*\ssrc\s*=", html), rel
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy, rel
        csp = {d.split()[0]: d.split()[1:] for d in unescape(policy.group(1)).split("; ")}
        assert csp["default-src"] == ["'none'"]
        assert len(csp["script-src"]) == 1 and csp["script-src"][0].startswith("'sha256-")
        for href in re.findall(r'href="([^"]*)"', html):
            assert href.startswith(("https://", "http://")) or href.endswith(".html"), href


def test_claim_page_content(site):
    page = (site / "claims" / "neck-pain-fixture.html").read_text(encoding="utf-8")
    for text in ("Dry needling is effective for neck pain.", "Shoulder and neck tightness",
                 "Nordic Performance", "https://pubmed.ncbi.nlm.nih.gov/26640708/",
                 "https://doi.org/10.1155/2015/327307",
                 "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4657116/",
                 "Campa-Moran I, Rey-Gudin E", "randomised trial", "36",
                 "Dry needling may reduce neck pain in the short term compared with sham.",
                 "Generated from the grade", "Imprecision"):
        assert text in page, text
    override = (site / "claims" / "apta-fixture.html").read_text(encoding="utf-8")
    assert "Curator override." in override and "Fixture override reason" in override
    # curators write "None" for no comparison group; a web page has no PMID to be missing
    assert "<td>None</td>" not in override and "<td>no comparison group</td>" in override
    assert "PMID unknown" not in override


def test_source_page_scorecard(site):
    page = (site / "sources" / "000.html").read_text(encoding="utf-8")
    assert "0 of 2</strong> claims made on this page are supported" in page
    synthetic = (site / "sources" / "001.html").read_text(encoding="utf-8")
    assert "Synthetic &lt;b&gt;test&lt;/b&gt; page &amp; friends" in synthetic
    assert 'href="javascript' not in synthetic


def test_rebuild_replaces_the_site_and_leaves_no_temporaries(tmp_path):
    out = tmp_path / "site"
    lib = load(LIBRARY)
    report.build_report(lib, out)
    (out / "stale.html").write_text("old")
    report.build_report(lib, out)
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_failed_build_keeps_the_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    lib = load(LIBRARY)
    report.build_report(lib, out)
    before = _pages(out)

    def broken(_lib):
        raise OutputError(out, "simulated failure")

    monkeypatch.setattr(report, "render_site", broken)
    with pytest.raises(OutputError):
        report.build_report(lib, out)
    assert _pages(out) == before


def test_refuses_to_replace_a_directory_that_is_not_a_report(tmp_path, run_cli):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "mine.txt").write_text("keep me")
    code, out, err = run_cli("report", "--root", str(LIBRARY), "--out", str(precious))
    assert code == 2 and out == ""
    assert err == (f"Error: {precious}: exists and is not a claimcheck report; choose another "
                   "--out or empty it first\n")
    assert (precious / "mine.txt").read_text() == "keep me"


def test_cli_report(tmp_path, run_cli):
    out = tmp_path / "site"
    code, stdout, err = run_cli("report", "--root", str(LIBRARY), "--out", str(out))
    assert code == 0 and stdout == ""
    assert err == f"wrote 6 pages to {out}/ (open {out}/index.html)\n"


def test_bundled_library_report_builds(library, tmp_path):
    result = report.build_report(library, tmp_path / "site")
    assert result.pages == 1 + len(library.claims_by_id) + len(library.sources_by_id)
    for claim_id in library.claims_by_id:
        assert (tmp_path / "site" / "claims" / f"{claim_id}.html").is_file()


# -- in a real browser --------------------------------------------------------------------
@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # console errors, uncaught exceptions, dialogs, network requests
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: r.url.startswith("file://") or pg.problems.append(
        f"request: {r.url}"))
    yield pg
    context.close()


def _visible_rows(pg) -> list[tuple[str, ...]]:
    return [tuple(row.split()) for row in _visible(pg)]


def _visible(pg) -> list[str]:
    return pg.eval_on_selector_all(
        "#claims tbody tr", "rows => rows.filter(r => !r.hidden && r.offsetParent !== null)"
        ".map(r => r.dataset.kind + ' ' + r.dataset.verdict)")


def test_index_filters_in_chromium(site, page, tmp_path):
    page.goto((site / "index.html").as_uri())
    assert len(_visible_rows(page)) == 3
    page.select_option("#kind-filter", "framing")
    assert _visible_rows(page) == [("framing", "misleading")]
    assert page.text_content("#shown") == "1 of 3 claims shown"
    page.select_option("#kind-filter", "")
    page.select_option("#verdict-filter", "unproven")
    assert sorted(_visible_rows(page)) == [("condition", "unproven"), ("mechanism", "unproven")]
    page.select_option("#kind-filter", "framing")
    assert _visible_rows(page) == []
    assert page.is_visible("#no-match")
    page.select_option("#kind-filter", "")
    page.select_option("#verdict-filter", "")
    page.fill("#text-filter", "neck")
    assert _visible_rows(page) == [("condition", "unproven")]
    page.fill("#text-filter", "")
    assert len(_visible_rows(page)) == 3
    shot = tmp_path / "index.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot for review: {shot}")
    assert page.problems == []


def test_markup_claim_is_shown_as_text_never_run(site, page, tmp_path):
    page.goto((site / "claims" / "markup-claim.html").as_uri())
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<script>window.__pwned = 1; alert('statement')</script>" in page.text_content("h1")
    assert page.locator("img").count() == 0
    assert page.eval_on_selector_all("a", "as => as.filter(a => a.protocol === "
                                          "'javascript:').length") == 0
    page.screenshot(path=str(tmp_path / "markup-claim.png"), full_page=True)
    for rel in ("index.html", "claims/neck-pain-fixture.html", "sources/001.html"):
        page.goto((site / rel).as_uri())
        assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.problems == []


def test_bundled_report_in_chromium(library, page, tmp_path):
    out = tmp_path / "site"
    report.build_report(library, out)
    page.goto((out / "index.html").as_uri())
    rows = len(library.claims_by_id)
    assert len(_visible_rows(page)) == rows
    kind = library.claims_by_id[next(iter(library.claims_by_id))].kind
    page.select_option("#kind-filter", kind)
    visible = _visible_rows(page)
    assert visible and all(k == kind for k, _ in visible)
    assert len(visible) == sum(c.kind == kind for c in library.claims_by_id.values())
    page.screenshot(path=str(tmp_path / "bundled-index.png"))
    first = next(iter(library.claims_by_id))
    page.goto((out / "claims" / f"{first}.html").as_uri())
    page.goto((out / "sources" / f"{next(iter(library.sources_by_id))}.html").as_uri())
    assert page.problems == []
    shutil.rmtree(out)
