"""Read a Word draft (.docx) as a ``Document`` the linter can segment.

Word is where many clinicians write. A .docx is a zip package of XML parts; python-docx opens
the package (content types, relationships) and its style table, and the body is walked here
in document order: paragraphs, headings and list entries, and every table cell (row by row,
nested tables in place, merged cells once), content controls included.

The map back: ``Document.original`` is the document's text with one paragraph per line
(every paragraph counts, table cells' and empty ones included), so a finding's ``line`` is
its paragraph number from 1 and ``column - 1`` the character offset inside that paragraph;
``start``/``end`` index that text. ``Document.text`` is what the segmenter reads: the same
characters with a ``# `` before headings and a ``- `` before list entries (mapped to no
character of the original, as the HTML reader does) and paragraphs separated by blank lines.

What is read as the draft will be published: tracked insertions are read and tracked
deletions are not (the draft as if every change were accepted). Word comments, footnotes,
headers, footers and text boxes are not part of the text. A paragraph that reads
``claimcheck: ignore CLAIM-ID -- reason`` is a suppression, as on a line of its own in plain
text (``lint.suppression``).

Hostile files: the zip is checked before anything is decompressed (``check_zip``): too many
members, a total uncompressed size over ``MAX_UNCOMPRESSED`` or a member that inflates more
than ``MAX_RATIO`` times (a zip bomb) is refused with an ``InputError``, as is a package that
is not a Word document. python-docx parses XML with entity resolution off.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from ..errors import InputError
from .extract import Document

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc (and other OLE files)
PDF_MAGIC = b"%PDF-"
MAX_UNCOMPRESSED = 100 * 2**20  # all members together, as the zip declares them
MAX_MEMBERS = 2000
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 2**20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# containers whose text is not the draft as it will be published, or not in the body's flow
_SKIP = frozenset(_W + t for t in ("del", "moveFrom", "txbxContent", "instrText", "delText",
                                   "footnoteReference", "endnoteReference", "rPr", "pPr")) | {
    _MC_FALLBACK}
_HEADING_STYLE = re.compile(r"(heading \d|title|subtitle)\Z", re.I)
_DIRECTIVE = re.compile(r"\s*claimcheck\s*:\s*(?:ignore-file|ignore)(?![\w-])", re.I)
BREAK = "\v"  # a line break inside a paragraph (Shift+Enter): not a new paragraph
_BREAK_LINE = re.compile(r"\v(?![ \t]*claimcheck[ \t]*:)", re.I)


@dataclass
class Paragraph:
    """One paragraph of the draft: ``start``/``end`` index ``Document.original``."""

    start: int
    end: int
    role: str  # "paragraph", "heading" or "item"


@dataclass
class DocxDocument(Document):
    """A ``Document`` read from a .docx, with its paragraphs (for display)."""

    paragraphs: list[Paragraph] = field(default_factory=list)


def is_docx(data: bytes, source: str = "") -> bool:
    """A .docx by name, or any zip package (the magic bytes of a zip)."""
    return source.lower().endswith(".docx") or data.startswith(ZIP_MAGIC)


def read_document(data: bytes, source: str, kind: str | None = None) -> Document:
    """The ``Document`` of a draft given as bytes: a .docx, or text, Markdown or HTML."""
    from .extract import decode, extract

    if data.startswith(OLE_MAGIC):
        raise InputError(source, "a Word 97-2003 (.doc) or other Office binary file; save it "
                                 "as .docx (Word: File > Save As) and lint that")
    if data.startswith(PDF_MAGIC):
        raise InputError(source, "a PDF, not a draft claimcheck can read; lint the .docx, "
                                 "Markdown, HTML or text it was made from")
    if is_docx(data, source):
        return read_docx(data, source)
    return extract(decode(data, source), source, kind)


def check_zip(data: bytes, source: str) -> zipfile.ZipFile:
    """The zip package in ``data``, refused before decompression when it is not a zip or
    would inflate past the limits (a zip bomb)."""
    if not data.startswith(ZIP_MAGIC):
        raise InputError(source, "not a Word document: a .docx is a zip package, and this "
                                 "file is not one")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError(source, "a corrupt .docx (the zip package cannot be read); open "
                                 "it in Word and save it again") from None
    if len(members) > MAX_MEMBERS:
        raise InputError(source, f"refused: the .docx holds {len(members)} files "
                                 f"(more than {MAX_MEMBERS}); not a normal Word document")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise InputError(source, f"refused: the .docx would inflate to {total / 2**20:.0f} MB "
                                 f"(more than {MAX_UNCOMPRESSED // 2**20} MB); possibly a zip "
                                 "bomb")
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise InputError(source, f"refused: {m.filename} in the .docx inflates "
                                     f"{m.file_size // max(m.compress_size, 1)} times; "
                                     "possibly a zip bomb")
    return package


def read_docx(data: bytes, source: str) -> DocxDocument:
    """Read a .docx (bytes) into a ``DocxDocument``; ``InputError`` when it cannot be."""
    check_zip(data, source)
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - a core dependency; a broken install
        raise InputError(source, "reading .docx needs python-docx: pip install python-docx") \
            from None
    try:
        word = docx.Document(io.BytesIO(data))
        body = word.element.body
        styles = _styles(word)
    except InputError:
        raise
    except Exception as exc:  # python-docx and lxml raise many types on a broken package
        raise InputError(source, f"not a readable Word document ({type(exc).__name__}); "
                                 "open it in Word and save it as .docx again") from None
    reader = _Reader(styles)
    reader.block(body)
    return reader.document(source)


def _styles(word) -> dict[str, tuple[str, str | None, bool]]:
    """style id -> (lower-case name, based-on id, numbered)."""
    out = {}
    root = word.styles.element
    for s in root.iterchildren(_W + "style"):
        sid = s.get(_W + "styleId")
        name = s.find(_W + "name")
        based = s.find(_W + "basedOn")
        ppr = s.find(_W + "pPr")
        out[sid] = ((name.get(_W + "val") if name is not None else sid or "").lower(),
                    based.get(_W + "val") if based is not None else None,
                    ppr is not None and ppr.find(_W + "numPr") is not None)
    return out


class _Reader:
    def __init__(self, styles: dict[str, tuple[str, str | None, bool]]) -> None:
        self.styles = styles
        self.paragraphs: list[tuple[str, str]] = []  # (text, role)

    def block(self, element) -> None:
        """The paragraphs of a body, cell or content control, in order."""
        for child in element.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child)
            elif tag == _W + "tbl":
                for row in child.iterchildren(_W + "tr"):
                    for cell in row.iterchildren(_W + "tc"):
                        self.block(cell)
            elif tag in (_W + "sdt", _W + "customXml"):
                content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
                if content is not None:
                    self.block(content)
            elif tag in (_W + "ins", _W + "moveTo"):  # a tracked insertion of whole paragraphs
                self.block(child)

    def paragraph(self, p) -> None:
        parts: list[str] = []
        _text(p, parts)
        self.paragraphs.append(("".join(parts), self._role(p)))

    def _role(self, p) -> str:
        ppr = p.find(_W + "pPr")
        style = None
        if ppr is not None:
            if ppr.find(_W + "numPr") is not None:
                return "item"
            level = ppr.find(_W + "outlineLvl")
            if level is not None and level.get(_W + "val", "9").isdigit() and \
                    int(level.get(_W + "val")) < 9:
                return "heading"
            ps = ppr.find(_W + "pStyle")
            style = ps.get(_W + "val") if ps is not None else None
        seen = set()
        while style and style not in seen:  # follow basedOn: a custom heading or list style
            seen.add(style)
            name, based, numbered = self.styles.get(style, ("", None, False))
            if _HEADING_STYLE.match(name):
                return "heading"
            if numbered or name.startswith("list"):
                return "item"
            style = based
        return "paragraph"

    def document(self, source: str) -> DocxDocument:
        original: list[str] = []
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        paragraphs: list[Paragraph] = []
        comments: list[tuple[int, int, str]] = []
        pos = 0

        def mark(s: str, at: int) -> None:
            chars.extend(s)
            starts.extend([at] * len(s))
            ends.extend([at] * len(s))

        for k, (body, role) in enumerate(self.paragraphs):
            if k:
                original.append("\n")
                pos += 1
            original.append(body)
            paragraphs.append(Paragraph(pos, pos + len(body), role))
            if _DIRECTIVE.match(body):
                # a suppression written as a paragraph of its own: read as a comment would be
                comments.append((pos, pos + len(body), body))
            elif body.strip():
                if role == "heading":
                    mark("# ", pos)
                elif role == "item":
                    mark("- ", pos)
                # a line break splits units, but never starts a line that reads as a directive
                chars.extend(_BREAK_LINE.sub("\n", body).replace(BREAK, " ").replace("\t", " "))
                starts.extend(range(pos, pos + len(body)))
                ends.extend(range(pos + 1, pos + len(body) + 1))
                mark("\n\n", pos + len(body))
            pos += len(body)
        text = "".join(chars)
        if not text.strip():
            raise InputError(source, "no readable text in the document" if self.paragraphs
                             else "empty document, nothing to lint")
        return DocxDocument(source, "".join(original), text, "docx", starts, ends, comments,
                            paragraphs=paragraphs)


def _text(element, out: list[str]) -> None:
    """The text of a paragraph as it reads with every tracked change accepted."""
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            out.append((child.text or "").replace("\n", " ").replace(BREAK, " "))
        elif tag == _W + "tab" or tag == _W + "ptab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append(BREAK)
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "p":  # a paragraph nested in a run (rare): keep it in line
            out.append(" ")
            _text(child, out)
        else:
            _text(child, out)
