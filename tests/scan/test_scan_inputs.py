"""scan's inputs: folders, JSON Lines, CSV, Parquet and WARC give the findings lint gives
page by page, and bad records are counted per input while the scan goes on."""

from __future__ import annotations

import json
import shutil

import pytest

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("warcio")

from claimcheck.lint.linter import linter_at  # noqa: E402
from claimcheck.scan import scan  # noqa: E402
from conftest import REPO  # noqa: E402
from tests.support.docx_drafts import make_docx  # noqa: E402
from tests.support.scan_pages import (GOLDEN_PAGE, pages, write_csv, write_jsonl,  # noqa: E402
                                      write_parquet, write_warc)

ROWS = pages(11, words=250)


def findings(out) -> list[dict]:
    return pq.read_table(out / "findings.parquet").to_pylist()


def summary(out) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def expected(rows) -> list[tuple]:
    """What lint says about each page on its own: (url, claim, start, end, verdict)."""
    linter = linter_at(REPO)
    return [(r["url"], f.claim, f.start, f.end, f.verdict)
            for r in rows for f in linter.lint_text(r["html"], r["url"], "html").findings]


def key(rows: list[dict]) -> list[tuple]:
    return [(r["url"], r["claim"], r["start"], r["end"], r["verdict"]) for r in rows]


@pytest.mark.parametrize("writer", [write_jsonl, write_csv, write_parquet],
                         ids=["jsonl", "csv", "parquet"])
def test_tables_give_what_lint_gives_page_by_page(tmp_path, writer):
    name = {write_jsonl: "p.jsonl", write_csv: "p.csv", write_parquet: "p.parquet"}[writer]
    source = writer(tmp_path / name, ROWS)
    result = scan([source], tmp_path / "out", REPO, workers=1, shard_size=4)
    got = findings(tmp_path / "out")
    assert key(got) == expected(ROWS)
    assert result.pages == 11 and result.shards == 3
    assert {r["site"] for r in got} == {"clinic0.example", "clinic1.example", "clinic2.example"}
    assert all(r["severity"] is None or r["severity"] in ("error", "warning", "ok")
               for r in got)
    assert got[0]["sentence"] and got[0]["input"] == name


def test_the_output_columns(tmp_path):
    scan([write_jsonl(tmp_path / "p.jsonl", ROWS[:2])], tmp_path / "out", REPO, workers=1)
    schema = pq.read_schema(tmp_path / "out" / "findings.parquet")
    assert schema.names[:6] == ["url", "site", "sentence", "claim", "verdict", "severity"]
    assert {"start", "end", "line", "certainty"} <= set(schema.names)
    card = pq.read_table(tmp_path / "out" / "scorecard.parquet").to_pylist()
    assert [c["site"] for c in card] == ["clinic0.example", "clinic1.example"]
    for c in card:
        assert c["pages"] == 1 and c["claims"] == sum(
            c[v] for v in ("supported", "partly-supported", "unproven", "contradicted",
                           "misleading"))
        assert {"severity_error", "severity_warning", "severity_ok"} <= set(c)


def test_csv_values_may_span_lines_and_shards_cut_between_rows(tmp_path):
    rows = [dict(r, html=r["html"].replace("</p>", "</p>\r\n\r\n")) for r in ROWS]
    source = write_csv(tmp_path / "p.csv", rows)
    scan([source], tmp_path / "out", REPO, workers=1, shard_size=3)
    assert key(findings(tmp_path / "out")) == expected(rows)


def test_text_column_and_a_site_column(tmp_path):
    rows = [{"url": "page-1", "site": "Clinic A",
             "text": "Dry needling releases endorphins, your body's own painkillers."}]
    scan([write_jsonl(tmp_path / "p.jsonl", rows)], tmp_path / "out", REPO, workers=1)
    got = findings(tmp_path / "out")
    assert got and {r["site"] for r in got} == {"Clinic A"}
    assert {r["claim"] for r in got} >= {"endorphin-release"}


def test_a_folder_of_documents(tmp_path):
    folder = tmp_path / "pages"
    (folder / "clinic-a.example").mkdir(parents=True)
    shutil.copy(GOLDEN_PAGE, folder / "clinic-a.example" / "index.html")
    (folder / "clinic-a.example" / "about.md").write_text(
        "# About\n\nDry needling releases endorphins.\n", encoding="utf-8")
    (folder / "notes.txt").write_text("Dry needling cures sciatica.\n", encoding="utf-8")
    (folder / "brochure.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (folder / "leaflet.docx").write_bytes(make_docx([("heading", "Dry needling"),
                                                     ("p", "Dry needling cures sciatica.")]))
    (folder / "logo.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.html").write_text("<p>Dry needling releases endorphins.</p>")
    result = scan([folder], tmp_path / "out", REPO, workers=1)
    got = findings(tmp_path / "out")
    assert {r["url"] for r in got} == {"clinic-a.example/index.html",
                                       "clinic-a.example/about.md", "notes.txt",
                                       "leaflet.docx"}
    assert {r["site"] for r in got} == {"clinic-a.example", "pages"}
    golden = linter_at(REPO).lint_text(GOLDEN_PAGE.read_text(encoding="utf-8"), "index.html")
    assert [(r["claim"], r["start"], r["end"]) for r in got
            if r["url"].endswith("index.html")] == [(f.claim, f.start, f.end)
                                                    for f in golden.findings]
    entry = summary(tmp_path / "out")["inputs"][0]
    # a Word draft is read as lint reads it; a broken one is counted, and the scan goes on
    assert [r["claim"] for r in got if r["url"] == "leaflet.docx"] == \
        [f.claim for f in linter_at(REPO).lint_bytes((folder / "leaflet.docx").read_bytes(),
                                                     "leaflet.docx").findings]
    assert result.pages == 4 and entry["skipped"] == {"unreadable": 1}
    assert "brochure.docx" in entry["examples"]["unreadable"][0]


def test_bad_records_are_counted_per_input_and_the_scan_goes_on(tmp_path):
    jsonl = write_jsonl(tmp_path / "p.jsonl", ROWS[:3], extra_lines=[
        "{not json", "[1, 2]", json.dumps({"url": "https://x.example/a"}),
        json.dumps({"url": "https://x.example/big", "html": "<p>" + "x " * 6000 + "</p>"}),
        json.dumps({"url": "https://x.example/empty", "html": "   "}),
        json.dumps({"url": "https://x.example/markup", "html": "<html><img src=a.png></html>"}),
    ])
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    wrong = write_csv(tmp_path / "wrong.csv", ROWS[:2], columns=("address", "body"))
    result = scan([jsonl, broken, wrong], tmp_path / "out", REPO, workers=1,
                  max_page_bytes=10_000)
    by_input = {e["input"].rsplit("/", 1)[-1]: e for e in summary(tmp_path / "out")["inputs"]}
    assert by_input["p.jsonl"]["pages"] == 3
    assert by_input["p.jsonl"]["skipped"] == {"unreadable": 3, "too-large": 1, "no-text": 2}
    assert by_input["broken.parquet"]["skipped"] == {"unreadable": 1}
    assert "Parquet" in by_input["broken.parquet"]["examples"]["unreadable"][0]
    assert by_input["wrong.csv"]["skipped"] == {"unreadable": 1}
    assert "'url'" in by_input["wrong.csv"]["examples"]["unreadable"][0]
    problems = pq.read_table(tmp_path / "out" / "problems.parquet").to_pylist()
    assert len(problems) == 8 and {p["reason"] for p in problems} == {
        "unreadable", "too-large", "no-text"}
    assert result.summary["skipped"] == {"unreadable": 5, "too-large": 1, "no-text": 2}


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_crawl(tmp_path, gzip):
    warc = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), ROWS, gzip=gzip)
    result = scan([warc], tmp_path / "out", REPO, workers=1, shard_size=4)
    got = findings(tmp_path / "out")
    pages_only = [r for r in got if not r["url"].endswith("notes.txt")]
    assert key(pages_only) == expected(ROWS)
    assert any(r["url"].endswith("notes.txt") and r["claim"] == "endorphin-release"
               for r in got)
    entry = summary(tmp_path / "out")["inputs"][0]
    assert result.pages == 12  # 11 pages and a text/plain one
    assert entry["skipped"] == {"not-html": 2}  # an image and a 404
    assert any("image/png" in e for e in entry["examples"]["not-html"])


@pytest.mark.parametrize("gzip, cut", [(True, 300), (True, 3000), (False, 300), (False, 3000)])
def test_a_truncated_warc_is_counted_and_the_rest_scanned(tmp_path, gzip, cut):
    name = "cut.warc.gz" if gzip else "cut.warc"
    warc = write_warc(tmp_path / name, ROWS, gzip=gzip, truncate=cut)
    whole = write_jsonl(tmp_path / "whole.jsonl", ROWS[:2])
    result = scan([warc, whole], tmp_path / "out", REPO, workers=1, shard_size=4)
    entries = summary(tmp_path / "out")["inputs"]
    assert entries[0]["skipped"].get("truncated", 0) >= 1
    assert 9 <= entries[0]["pages"] <= 11
    assert entries[1]["pages"] == 2 and not entries[1]["skipped"]
    assert result.pages == entries[0]["pages"] + 2


def test_several_inputs_keep_their_order_and_names(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", ROWS[:2])
    b = write_parquet(tmp_path / "b.parquet", ROWS[2:4])
    scan([a, b], tmp_path / "out", REPO, workers=1)
    got = findings(tmp_path / "out")
    assert key(got) == expected(ROWS[:4])
    assert [r["input"] for r in got] == sorted(r["input"] for r in got)
