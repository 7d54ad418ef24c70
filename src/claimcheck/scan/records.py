"""Reading pages out of scan inputs: folders of documents, JSON Lines, CSV, Parquet and WARC.

An input is planned once into shards (``claimcheck.scan.shards``); a shard names a slice of
one input that a worker can read on its own: a list of files, a byte range of a JSON Lines,
CSV or WARC file, or a batch of a Parquet row group. ``read_shard`` yields, for each record
of the slice, either a ``Page`` (text ready to lint) or a ``Skip`` (a record counted, with
its reason, and left out): unreadable records, non-HTML payloads, truncated WARC records,
pages over the size limit and unsupported file types never stop a scan.

Heavy readers (pyarrow, warcio) are imported only when an input of their kind is read.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator
from urllib.parse import urlsplit

from ..errors import InputError

# reasons a record is counted and left out; the keys of every per-input "skipped" count
SKIP_REASONS = {
    "unreadable": "a record that cannot be read (bad JSON, missing column, broken file)",
    "not-html": "a payload that is not an HTML or text page (an image, a PDF, a redirect)",
    "truncated": "a WARC record or file cut short",
    "too-large": "a page over the size limit (--max-page-bytes)",
    "unsupported": "a file type scan cannot read (yet)",
    "no-text": "a page with no readable text (empty, binary, markup only)",
}

DOCUMENT_KINDS = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown",
                  ".markdown": "markdown", ".txt": "text", ".docx": "docx"}
UNSUPPORTED_DOCUMENTS: dict[str, str] = {}  # suffix -> why (none at present)
TABLE_TEXT_COLUMNS = {"html": "html", "text": "text"}  # column -> kind of its pages
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Page:
    """One record ready to lint: its ``url``, the ``site`` it belongs to, its text and the
    kind of that text (html, markdown or text)."""

    url: str
    site: str
    text: str
    kind: str


@dataclass(frozen=True)
class Skip:
    """One record counted and left out, with the reason (a key of ``SKIP_REASONS``)."""

    url: str
    reason: str
    message: str


def input_kind(path: Path) -> str:
    """folder, document, jsonl, csv, parquet or warc, from the path; InputError otherwise."""
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix == ".parquet":
        return "parquet"
    if suffix in DOCUMENT_KINDS or suffix in UNSUPPORTED_DOCUMENTS:
        return "document"
    raise InputError(str(path), "not a scan input: give a folder, a .jsonl, .csv, .parquet, "
                                ".warc or .warc.gz file, or an .html/.md/.txt document")


def site_of(url: str, default: str) -> str:
    """The host of an http(s) URL without a leading ``www.``; ``default`` for other URLs."""
    try:
        host = urlsplit(url).hostname if "://" in url else None
    except ValueError:
        host = None
    if not host:
        return default
    return host[4:] if host.startswith("www.") else host


def folder_site(relative: str, folder: Path) -> str:
    """Pages saved per site (``pages/example.com/index.html``): the first sub-folder; pages
    at the top of the folder belong to the folder itself."""
    parts = PurePosixPath(relative).parts
    return parts[0] if len(parts) > 1 else folder.name


def decode_payload(data: bytes, charset: str | None = None) -> str | None:
    """Text of a web payload: the declared charset, else UTF-8, else Windows-1252 (what
    browsers assume); None for binary data."""
    if _BINARY.search(data[:65536]):
        return None
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if charset is None:
        m = _META_CHARSET.search(data[:4096])
        charset = m.group(1).decode("ascii") if m else None
    if charset:
        try:
            return data.decode(charset, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def page_or_skip(url: str, site: str, data: bytes | str | None, kind: str, limit: int,
                 charset: str | None = None) -> Page | Skip:
    """A ``Page`` from a payload, or the ``Skip`` that says why it cannot be one."""
    if data is None:
        return Skip(url, "unreadable", "no html or text value")
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > limit:
        return Skip(url, "too-large", f"{size:,} bytes, over the limit of {limit:,}")
    text = data if isinstance(data, str) else decode_payload(data, charset)
    if text is None:
        return Skip(url, "no-text", "binary data, not a text page")
    if not text.strip():
        return Skip(url, "no-text", "empty page")
    return Page(url, site, text, kind)


# -- reading one shard ------------------------------------------------------------------------
def read_shard(shard, limit: int) -> Iterator[Page | Skip]:
    """Every record of ``shard`` (a ``claimcheck.scan.shards.Shard``), in order."""
    reader = {"folder": _read_files, "document": _read_files, "jsonl": _read_jsonl,
              "csv": _read_csv, "parquet": _read_parquet, "warc": _read_warc}[shard.kind]
    yield from reader(shard, limit)


def _read_files(shard, limit: int) -> Iterator[Page | Skip]:
    base = Path(shard.input)
    folder = base if shard.kind == "folder" else base.parent
    for relative in shard.files:
        path = folder / relative
        suffix = path.suffix.lower()
        site = folder_site(relative, folder) if shard.kind == "folder" else folder.name
        if suffix in UNSUPPORTED_DOCUMENTS:
            yield Skip(relative, "unsupported", UNSUPPORTED_DOCUMENTS[suffix])
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Skip(relative, "unreadable", f"cannot read: {exc.strerror or exc}")
            continue
        if suffix == ".docx":
            yield _docx_page(relative, site, data, limit)
            continue
        yield page_or_skip(relative, site, data, DOCUMENT_KINDS[suffix], limit)


def _docx_page(url: str, site: str, data: bytes, limit: int) -> Page | Skip:
    """A Word draft as lint reads it (``lint.docx``): its paragraphs, one a line."""
    from ..errors import ClaimcheckError
    from ..lint.docx import read_docx

    if len(data) > limit:
        return Skip(url, "too-large", f"{len(data):,} bytes, over the {limit:,}-byte limit")
    try:
        doc = read_docx(data, url)
    except ClaimcheckError as exc:
        return Skip(url, "unreadable", str(exc))
    if not doc.text.strip():
        return Skip(url, "no-text", "a Word document with no text")
    return Page(url, site, doc.text, "text")


def _table_record(row: dict, where: str, default_site: str, limit: int) -> Page | Skip:
    url = row.get("url")
    url = str(url) if url is not None else where
    site = row.get("site") or site_of(url, default_site)
    for column, kind in TABLE_TEXT_COLUMNS.items():
        value = row.get(column)
        if value is not None and not (isinstance(value, float)):  # NaN from pandas-made files
            if isinstance(value, bytes):
                return page_or_skip(url, str(site), value, kind, limit)
            return page_or_skip(url, str(site), str(value), kind, limit)
    return Skip(url, "unreadable", "no 'html' or 'text' value")


def _read_jsonl(shard, limit: int) -> Iterator[Page | Skip]:
    name = Path(shard.input).name
    with open(shard.input, "rb") as fh:
        fh.seek(shard.start)
        line_no = shard.first
        while fh.tell() < shard.stop:
            raw = fh.readline()
            if not raw:
                break
            line_no += 1
            where = f"{name}:{line_no}"
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                yield Skip(where, "unreadable", f"not JSON: {exc}")
                continue
            if not isinstance(row, dict):
                yield Skip(where, "unreadable", "not a JSON object")
                continue
            yield _table_record(row, where, name, limit)


def csv_rows(fh) -> Iterator[tuple[list[str], int]]:
    """(row, byte offset just after it) for each CSV row from the file's position. The csv
    module asks for exactly the lines one row needs, so the bytes read so far are where the
    row ends, even when a quoted value spans lines."""
    csv.field_size_limit(sys.maxsize)
    pos = [fh.tell()]

    def lines() -> Iterator[str]:
        for raw in fh:
            pos[0] += len(raw)
            yield raw.decode("utf-8", "replace")

    for row in csv.reader(lines()):
        yield row, pos[0]


def _read_csv(shard, limit: int) -> Iterator[Page | Skip]:
    name = Path(shard.input).name
    header = list(shard.columns)
    with open(shard.input, "rb") as fh:
        fh.seek(shard.start)
        row_no = shard.first
        rows = csv_rows(fh)
        while True:
            try:
                row, end = next(rows)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Skip(f"{name}:row {row_no + 1}", "unreadable", f"bad CSV: {exc}")
                break
            row_no += 1
            if len(row) != len(header):
                yield Skip(f"{name}:row {row_no}", "unreadable",
                           f"{len(row)} fields, the header has {len(header)}")
            else:
                yield _table_record(dict(zip(header, row)), f"{name}:row {row_no}", name, limit)
            if end >= shard.stop:
                break


def _read_parquet(shard, limit: int) -> Iterator[Page | Skip]:
    import pyarrow.parquet as pq

    name = Path(shard.input).name
    pf = pq.ParquetFile(shard.input)
    batches = pf.iter_batches(batch_size=shard.batch_size, row_groups=[shard.group],
                              columns=list(shard.columns))
    for i, batch in enumerate(batches):
        if i < shard.batch:
            continue
        for k, row in enumerate(batch.to_pylist()):
            where = f"{name}:row {shard.first + k + 1}"
            yield _table_record(row, where, name, limit)
        break


def _read_warc(shard, limit: int) -> Iterator[Page | Skip]:
    from warcio.archiveiterator import ArchiveIterator

    name = Path(shard.input).name
    with open(shard.input, "rb") as fh:
        fh.seek(shard.start)
        records = ArchiveIterator(fh)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except Exception as exc:  # warcio raises many kinds on a damaged stream
                yield Skip(f"{name}@{shard.start}", "truncated", f"damaged WARC: {exc}")
                return
            # the payload first: asking for the offset before reading skips the payload
            item = _warc_record(record, name, limit)
            if item is None:  # not a page: still check it is whole (a cut file ends in one)
                while record.raw_stream.read(1 << 16):
                    pass
                if getattr(record.raw_stream, "limit", 0):
                    item = Skip(f"{name}@{records.get_record_offset()}", "truncated",
                                f"a {record.rec_type} record cut short: the file is truncated")
            if records.get_record_offset() >= shard.stop:  # offsets are the file's
                return
            if item is not None:
                yield item


def _warc_record(record, name: str, limit: int) -> Page | Skip | None:
    """A page from a WARC response or resource record; None for records that are not pages
    (warcinfo, request, metadata, revisit)."""
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or name
    site = site_of(url, name)
    content_type = ""
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return Skip(url, "not-html", f"HTTP status {status}, not a page")
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    if mime in _HTML_TYPES:
        kind = "html"
    elif mime == "text/plain":
        kind = "text"
    else:
        return Skip(url, "not-html", f"payload of type {mime or 'unknown'}")
    try:
        data = record.content_stream().read(limit + 1)
    except Exception as exc:  # a damaged chunked or compressed payload
        return Skip(url, "unreadable", f"cannot decode the payload: {exc}")
    if len(data) > limit:
        return Skip(url, "too-large", f"over the limit of {limit:,} bytes")
    if getattr(record.raw_stream, "limit", 0):
        return Skip(url, "truncated", "the record is shorter than its Content-Length")
    charset = None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    if m:
        charset = m.group(1)
    return page_or_skip(url, site, data, kind, limit, charset)

