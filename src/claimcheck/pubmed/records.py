"""PubMed XML to citation metadata: a pure function of the record, tested on fixture files.

Records are read with ``Bio.Entrez.read`` (offline, see ``entrez_xml``) with ``escape=True``,
so inline markup (``<i>``, ``<sub>``, MathML) is still tagged and literal ``<`` arrives as
``&lt;``; ``clean_text`` can then drop every tag and only afterwards unescape, which keeps
"P<0.001" intact. The fetching lives in ``entrez``, the cache in ``refresh``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import LibraryError

RETRACTED_TYPE = "Retracted Publication"
RETRACTION_NOTICE_TYPE = "Retraction of Publication"
CONCERN_TYPE = "Expression of Concern"

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def clean_text(value: Any) -> str:
    """Plain text from a Bio.Entrez string read with ``escape=True``: tags removed (MathML keeps
    its characters), entities decoded, Unicode NFC, every run of whitespace (thin and
    non-breaking spaces included) one space."""
    if value is None:
        return ""
    text = _TAG.sub("", str(value))
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", text).strip()


def parse_year(pub_date: Any) -> int | None:
    """The year of a PubDate: ``Year``, else the first plausible year in ``MedlineDate``
    ("2019 Jan-Feb", "1999-2000", "Summer 2001", "2007 Spring"); ``None`` if there is none."""
    if isinstance(pub_date, dict):
        text = pub_date.get("Year") or pub_date.get("MedlineDate") or ""
    else:
        text = pub_date or ""
    m = _YEAR.search(str(text))
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class PubMedRecord:
    """What PubMed says about one PMID, as plain text and flags."""

    pmid: str
    pmcid: str | None
    doi: str | None
    title: str
    authors: tuple[str, ...]          # "Surname Initials", or a collective name as written
    journal: str | None               # NLM abbreviation (MedlineTA), else ISO abbreviation
    journal_title: str | None
    year: int | None
    pub_date: str | None              # as PubMed gives it, e.g. "2019 Jan-Feb" or "2012 Dec"
    volume: str | None
    issue: str | None
    pages: str | None
    abstract: str                     # sections joined as "LABEL: text" lines
    abstract_sections: tuple[tuple[str | None, str], ...]
    publication_types: tuple[str, ...]
    mesh_headings: tuple[str, ...]
    retracted: bool                   # "Retracted Publication" or a RetractionIn link
    retraction_notices: tuple[str, ...]   # PMIDs of the notices (RetractionIn)
    is_retraction_notice: bool        # this record is itself a notice; never evidence
    retraction_of: tuple[str, ...]
    expression_of_concern: tuple[str, ...]  # PMIDs of expressions of concern about it
    errata: tuple[str, ...]
    book: bool = False

    @property
    def has_retraction_notice(self) -> bool:
        return bool(self.retraction_notices)

    @property
    def has_expression_of_concern(self) -> bool:
        return bool(self.expression_of_concern)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["abstract_sections"] = [{"label": lbl, "text": txt} for lbl, txt in self.abstract_sections]
        for k, v in d.items():
            if isinstance(v, tuple):
                d[k] = list(v)
        return d


def _text(value: Any) -> str | None:
    out = clean_text(value)
    return out or None


def _author(a: dict) -> str | None:
    if a.get("CollectiveName"):
        return clean_text(a["CollectiveName"])
    last = clean_text(a.get("LastName"))
    initials = clean_text(a.get("Initials"))
    if not last:
        return None
    suffix = clean_text(a.get("Suffix"))
    return " ".join(p for p in (last, initials, suffix) if p)


def _pub_date_text(d: Any) -> str | None:
    if not isinstance(d, dict):
        return None
    if d.get("MedlineDate"):
        return clean_text(d["MedlineDate"])
    parts = [clean_text(d.get(k)) for k in ("Year", "Season", "Month", "Day")]
    return " ".join(p for p in parts if p) or None


def _links(citation: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cc in citation.get("CommentsCorrectionsList") or []:
        kind = getattr(cc, "attributes", {}).get("RefType")
        pmid = cc.get("PMID")
        if kind:
            out.setdefault(kind, [])
            if pmid:
                out[kind].append(str(pmid))
    return out


def _ids(article: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for aid in (article.get("PubmedData") or {}).get("ArticleIdList") or []:
        kind = getattr(aid, "attributes", {}).get("IdType")
        if kind and kind not in out:
            out[kind] = str(aid).strip()
    return out


def _abstract(abstract: Any) -> tuple[tuple[str | None, str], ...]:
    if not abstract:
        return ()
    sections = []
    for part in abstract.get("AbstractText") or []:
        label = getattr(part, "attributes", {}).get("Label")
        text = clean_text(part)
        if text:
            sections.append((clean_text(label) or None, text))
    return tuple(sections)


def _abstract_text(sections: tuple[tuple[str | None, str], ...]) -> str:
    return "\n".join(f"{lbl}: {txt}" if lbl else txt for lbl, txt in sections)


def _flags(types: list[str], links: dict[str, list[str]]) -> dict:
    notices = tuple(links.get("RetractionIn", ()))
    return {
        "retracted": RETRACTED_TYPE in types or "RetractionIn" in links,
        "retraction_notices": notices,
        "is_retraction_notice": RETRACTION_NOTICE_TYPE in types or "RetractionOf" in links,
        "retraction_of": tuple(links.get("RetractionOf", ())),
        "expression_of_concern": tuple(links.get("ExpressionOfConcernIn", ())),
        "errata": tuple(links.get("ErratumIn", ())),
    }


def parse_article(article: dict) -> PubMedRecord:
    """One ``PubmedArticle`` as read by Bio.Entrez, to a ``PubMedRecord``."""
    citation = article["MedlineCitation"]
    art = citation.get("Article") or {}
    journal = art.get("Journal") or {}
    issue = journal.get("JournalIssue") or {}
    pub_date = issue.get("PubDate") or {}
    ids = _ids(article)
    doi = ids.get("doi")
    if not doi:
        for loc in art.get("ELocationID") or []:
            if getattr(loc, "attributes", {}).get("EIdType") == "doi":
                doi = str(loc).strip()
                break
    sections = _abstract(art.get("Abstract"))
    types = [clean_text(t) for t in art.get("PublicationTypeList") or []]
    title = clean_text(art.get("ArticleTitle")) or clean_text(art.get("VernacularTitle"))
    pagination = art.get("Pagination") or {}
    pages = _text(pagination.get("MedlinePgn")) if isinstance(pagination, dict) else None
    info = citation.get("MedlineJournalInfo") or {}
    pmid = str(citation["PMID"]).strip()
    return PubMedRecord(
        pmid=pmid, pmcid=ids.get("pmc"), doi=doi, title=title,
        authors=tuple(a for a in (_author(x) for x in art.get("AuthorList") or []) if a),
        journal=_text(info.get("MedlineTA")) or _text(journal.get("ISOAbbreviation")),
        journal_title=_text(journal.get("Title")),
        year=parse_year(pub_date), pub_date=_pub_date_text(pub_date),
        volume=_text(issue.get("Volume")), issue=_text(issue.get("Issue")), pages=pages,
        abstract=_abstract_text(sections), abstract_sections=sections,
        publication_types=tuple(types),
        mesh_headings=tuple(clean_text(h["DescriptorName"])
                            for h in citation.get("MeshHeadingList") or []
                            if h.get("DescriptorName")),
        **_flags(types, _links(citation)),
    )


def parse_book_article(article: dict) -> PubMedRecord:
    """One ``PubmedBookArticle`` (a book or chapter indexed in PubMed)."""
    doc = article["BookDocument"]
    book = doc.get("Book") or {}
    ids = _ids(article)
    title = clean_text(doc.get("ArticleTitle")) or clean_text(book.get("BookTitle"))
    authors: list[str] = []
    for author_list in doc.get("AuthorList") or book.get("AuthorList") or []:
        authors.extend(a for a in (_author(x) for x in author_list) if a)
    sections = _abstract(doc.get("Abstract"))
    types = [clean_text(t) for t in doc.get("PublicationType") or []]
    pmid = str(doc["PMID"]).strip()
    return PubMedRecord(
        pmid=pmid, pmcid=ids.get("pmc"), doi=ids.get("doi"), title=title,
        authors=tuple(authors), journal=None, journal_title=_text(book.get("BookTitle")),
        year=parse_year(book.get("PubDate")), pub_date=_pub_date_text(book.get("PubDate")),
        volume=_text(book.get("Volume")), issue=None, pages=None,
        abstract=_abstract_text(sections), abstract_sections=sections,
        publication_types=tuple(types), mesh_headings=(), book=True, **_flags(types, {}),
    )


def parse_articles(parsed: Any) -> list[PubMedRecord]:
    """Every record in a PubmedArticleSet as read by ``entrez_xml.read``."""
    out = [parse_article(a) for a in parsed.get("PubmedArticle") or []]
    out += [parse_book_article(a) for a in parsed.get("PubmedBookArticle") or []]
    return out


def parse_xml(data: bytes) -> list[PubMedRecord]:
    from .xmlparse import read

    return parse_articles(read(data))


def read_record(path: Path) -> PubMedRecord:
    """The record in one cache file (``evidence/pubmed/<PMID>.xml``): a regular file of at most
    ``MAX_RECORD_BYTES`` (a FIFO or /dev/zero is never read). Raises ``LibraryError`` naming
    the file when it cannot be read or is not exactly one PubMed record (Bio's XML errors, an
    ``<ERROR>`` body, an unknown DTD)."""
    from ..library.files import read_library_bytes
    from .xmlparse import unreadable_xml_errors

    try:
        records = parse_xml(read_library_bytes(path, limit=MAX_RECORD_BYTES))
    except OSError as exc:
        raise LibraryError(path, f"cannot read: {exc.strerror}") from None
    except unreadable_xml_errors() as exc:
        raise LibraryError(path, f"not a readable PubMed record ({exc})") from None
    if len(records) != 1:
        raise LibraryError(path, f"expected one PubMed record, found {len(records)}")
    return records[0]


# the largest PubMed record cache file read (real records are under 200 KB)
MAX_RECORD_BYTES = 10_000_000


# -- raw records ---------------------------------------------------------------------------
_ARTICLE = re.compile(rb"<(PubmedArticle|PubmedBookArticle)(?:\s[^>]*)?>.*?</\1>", re.S)
_FIRST_PMID = re.compile(rb"<PMID(?:\s[^>]*)?>\s*(\d+)\s*</PMID>")
_SET_OPEN = re.compile(rb"<PubmedArticleSet(?:\s[^>]*)?>")


def split_articles(body: bytes) -> tuple[bytes, dict[str, bytes]]:
    """The prolog (XML declaration and DOCTYPE) of an efetch body and each record's exact bytes,
    keyed by its PMID (the first PMID inside a record is its own; later ones are links)."""
    m = _SET_OPEN.search(body)
    prolog = body[:m.start()] if m else b""
    records: dict[str, bytes] = {}
    for art in _ARTICLE.finditer(body):
        pm = _FIRST_PMID.search(art.group(0))
        if pm:
            records[pm.group(1).decode()] = art.group(0)
    return prolog, records


def wrap_article(prolog: bytes, raw: bytes, comment: str) -> bytes:
    """A record as a document that parses on its own: the response's own prolog, a comment,
    and the record's bytes unchanged inside a PubmedArticleSet."""
    prolog = prolog.rstrip() + b"\n" if prolog.strip() else b'<?xml version="1.0" ?>\n'
    safe = comment.replace("--", "- -")
    return (prolog + f"<!-- {safe} -->\n".encode() + b"<PubmedArticleSet>\n" + raw
            + b"\n</PubmedArticleSet>\n")
