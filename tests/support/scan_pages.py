"""Pages and scan inputs for the scan tests and benchmark: realistic clinic pages built from
the labelled lint sentences, written as folders, JSON Lines, CSV, Parquet and WARC files."""

from __future__ import annotations

import csv
import html
import io
import json
import random
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
LABELLED = REPO / "tests" / "fixtures" / "lint" / "labelled-sentences.yaml"
GOLDEN_PAGE = REPO / "tests" / "fixtures" / "lint" / "golden" / "page.html"


def sentences() -> list[str]:
    return [item["text"] for item in yaml.safe_load(LABELLED.read_text(encoding="utf-8"))]


def html_page(words: int, seed: int, title: str = "Dry needling") -> str:
    """An HTML page of about ``words`` words: paragraphs of labelled sentences in a shuffled
    order, with a head, a script and a navigation list like a clinic's page."""
    rng = random.Random(seed)
    pool = sentences()
    paras, count = [], 0
    while count < words:
        chosen = rng.sample(pool, 4)
        paras.append(" ".join(chosen))
        count += sum(len(s.split()) for s in chosen)
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return (f"<!DOCTYPE html>\n<html><head><title>{html.escape(title)}</title>\n"
            "<script>var tracking = 'dry needling relieves pain';</script></head>\n"
            "<body><nav><ul><li>Home</li><li>Book online</li></ul></nav>\n"
            f"<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


def pages(n: int, words: int = 300, sites: int = 3, seed: int = 0) -> list[dict]:
    """``n`` pages as ``{"url", "html"}`` spread over ``sites`` clinic sites."""
    return [{"url": f"https://www.clinic{i % sites}.example/page-{i}",
             "html": html_page(words, seed * 100_003 + i, f"Page {i}")} for i in range(n)]


def write_jsonl(path: Path, rows: list[dict], extra_lines: list[str] = ()) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


def write_csv(path: Path, rows: list[dict], columns=("url", "html")) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c) for c in columns})
    return path


def write_parquet(path: Path, rows: list[dict], row_group_size: int = 7) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)
    return path


def _response(writer, url: str, body: bytes, content_type: str, status: str = "200 OK"):
    from warcio.statusandheaders import StatusAndHeaders

    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                     http_headers=headers)


def warc_bytes(rows: list[dict], gzip: bool = True, extras: bool = True) -> bytes:
    """A WARC of ``rows`` as a crawler writes it: a warcinfo record, then per page a
    request and a response; with ``extras``, an image, a 404 and a plain-text page too."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    for i, row in enumerate(rows):
        request = StatusAndHeaders(f"GET /page-{i} HTTP/1.1", [("Host", "example")],
                                   is_http_request=True)
        writer.write_record(writer.create_warc_record(row["url"], "request",
                                                      http_headers=request))
        writer.write_record(_response(writer, row["url"], row["html"].encode("utf-8"),
                                      "text/html; charset=utf-8"))
        if extras and i == 1:
            png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
            writer.write_record(_response(writer, "https://www.clinic0.example/logo.png", png,
                                          "image/png"))
            writer.write_record(_response(writer, "https://www.clinic0.example/gone",
                                          b"<html><body>Not found</body></html>",
                                          "text/html", status="404 Not Found"))
            writer.write_record(_response(
                writer, "https://www.clinic1.example/notes.txt",
                b"Dry needling releases endorphins, your body's natural painkillers.\n",
                "text/plain"))
    return buffer.getvalue()


def write_warc(path: Path, rows: list[dict], gzip: bool = True, extras: bool = True,
               truncate: int = 0) -> Path:
    data = warc_bytes(rows, gzip=gzip, extras=extras)
    path.write_bytes(data[:len(data) - truncate] if truncate else data)
    return path
