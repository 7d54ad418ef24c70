"""Turn a draft (plain text, Markdown or HTML bytes) into text the linter can read.

The result keeps a map back to the original characters, so that every finding can
point at a line and at character offsets in the file the user wrote. Plain text and
Markdown are handled by blanking markup with spaces (the text keeps its length, so
offsets are the identity); HTML is parsed with the standard library's ``html.parser``
(tolerant of broken markup, no third-party import on the lint path) and each output
character remembers where it came from.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from html import unescape

from ..errors import InputError
from .offsets import OffsetMap

KINDS = ("text", "markdown", "html")
_SUFFIX_KIND = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
                ".html": "html", ".htm": "html", ".xhtml": "html"}
# Bytes that never occur in text files; NUL is the usual sign of a binary file.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_CHARS = re.compile(_BINARY_BYTES.pattern.decode("ascii"))
_HTML_SNIFF = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<!--)|<(?:p|div|h[1-6]|ul|"
                         r"ol|li|br|article|section|span|a\s)[\s>/]", re.I)


@dataclass
class Document:
    """A draft ready for segmentation.

    ``text`` is what the linter reads: markup blanked or removed, blocks separated by
    newlines. ``starts[i]``/``ends[i]`` give the span of ``original`` that character ``i``
    of ``text`` came from (an entity such as ``&amp;`` spans several characters); ``None``
    means the identity (plain text and Markdown). ``comments`` holds each HTML/Markdown
    comment of ``original`` as ``(start, end, body)`` (not those in scripts or code blocks):
    the linter does not read them, inline suppressions do.
    """

    source: str
    original: str
    text: str
    kind: str
    starts: list[int] | None = None
    ends: list[int] | None = None
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` behind ``text[start:end]`` (a non-empty span)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]

    def position(self, original_index: int) -> tuple[int, int]:
        """1-based (line, column) of a character of ``original``."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n",
                                                                     self.original)]
        line = bisect_right(self._line_starts, original_index)
        return line, original_index - self._line_starts[line - 1] + 1


def guess_kind(source: str, text: str) -> str:
    """Input kind from the file name, else from the content (stdin)."""
    for suffix, kind in _SUFFIX_KIND.items():
        if source.lower().endswith(suffix):
            return kind
    if _HTML_SNIFF.search(text[:4096]):
        return "html"
    return "markdown"  # a superset of plain text: blanking Markdown markup is harmless


# The largest draft lint reads (README "Limits"); a long web page is about 100 KB of text.
MAX_INPUT_BYTES = 2_000_000
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, source: str) -> str:
    """Text from bytes: UTF-8, or UTF-16/UTF-32 with a byte-order mark (as Windows editors
    save it); else ``InputError`` saying why the input is unusable."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(source, f"over the {MAX_INPUT_BYTES:,}-byte limit for one document; "
                                 "split it into smaller files")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    if encoding in ("utf-8", "utf-8-sig"):
        if _BINARY_BYTES.search(data[:65536]):
            raise InputError(source, "binary data, not a text document")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                     "convert it to UTF-8 first") from None
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not {encoding.upper()} text despite its byte-order mark "
                                     f"({exc.reason} at byte {exc.start})") from None
        if _BINARY_CHARS.search(text[:65536]):
            raise InputError(source, "binary data, not a text document")
    if not text.strip():
        raise InputError(source, "empty document, nothing to lint")
    return text


def extract(text: str, source: str = "<text>", kind: str | None = None) -> Document:
    if len(text) > MAX_INPUT_BYTES:
        raise InputError(source, f"over the {MAX_INPUT_BYTES:,}-character limit for one "
                                 "document; split it into smaller texts")
    kind = kind or guess_kind(source, text)
    if kind == "html":
        out, starts, ends, comments = _html_text(text, source)
        doc = Document(source, text, out, kind, starts, ends, comments)
    elif kind == "markdown":
        doc = Document(source, text, blank_markdown(text), kind,
                       comments=markdown_comments(text))
    else:
        doc = Document(source, text, text, "text")
    if not doc.text.strip():
        raise InputError(source, "no readable text in the document")
    return doc


# -- Markdown -----------------------------------------------------------------------------
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_FENCE_CLOSE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*$")
# Every pattern below is linear in its input: a quantifier that could scan to the end of a
# long line from each of many starting points is bounded (a link text of at most 500
# characters, a URL or a tag of at most 2,000), and comments are found by ``_blank_comments``.
_MD_INLINE = [
    re.compile(r"!?\[(?=[^\]\n]{0,500}\]\()"),                          # [ of a link / image
    re.compile(r"\]\([^)\n]{0,2000}\)"),                                # ](url)
    re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])"),   # *emphasis*
    re.compile(r"(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)"),           # _emphasis_
    re.compile(r"`+"),                                                # `code`
    re.compile(r"</?[A-Za-z][^>\n]{0,2000}>"),                          # inline HTML tags
    re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.M),                     # thematic break
    re.compile(r"^ {0,3}\|?(?: *:?-+:? *\|)+ *:?-*:? *$", re.M),      # table rule
    re.compile(r"\|"),                                                # table cells
]


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def markdown_comments(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, body)`` of each ``<!-- ... -->`` outside fenced code; one forward scan
    (a comment left open is text, as in ``_blank_comments``)."""
    unfenced = _blank_fences(text)  # same length: offsets stay those of ``text``
    out = []
    pos = 0
    while True:
        a = unfenced.find("<!--", pos)
        b = unfenced.find("-->", a + 4) if a >= 0 else -1
        if b < 0:
            return out
        out.append((a, b + 3, text[a + 4:b]))
        pos = b + 3


def _blank_fences(text: str) -> str:
    """Fenced code blocks blanked, found in one pass over the lines (CommonMark: a fence of
    three or more backticks or tildes, indented at most three spaces, closed by a fence of
    the same character at least as long; an unclosed fence runs to the end of the document).
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    fence: str | None = None  # the opening fence while inside a block
    for line in lines:
        body = line.rstrip("\r\n")
        if fence is None:
            m = _FENCE_OPEN.match(body)
            if m:
                fence = m.group(1)
                out.append(re.sub(r"[^\r\n]", " ", line))
            else:
                out.append(line)
            continue
        out.append(re.sub(r"[^\r\n]", " ", line))
        m = _FENCE_CLOSE.match(body)
        if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            fence = None
    return "".join(out)


def _blank_comments(text: str) -> str:
    """``<!-- ... -->`` comments blanked; one left open is left as text. One forward scan."""
    out: list[str] = []
    pos = 0
    while True:
        a = text.find("<!--", pos)
        b = text.find("-->", a + 4) if a >= 0 else -1
        if b < 0:
            break
        out.append(text[pos:a])
        out.append(re.sub(r"[^\n]", " ", text[a:b + 3]))
        pos = b + 3
    out.append(text[pos:])
    return "".join(out)


def blank_markdown(text: str) -> str:
    """Markdown markup replaced by spaces; the text keeps its length and line breaks.

    Fenced code is blanked whole (to the end of the document when the fence is never
    closed). Headings, list bullets and quote markers are left for the segmenter, which
    treats them as structure.
    """
    text = _blank_comments(_blank_fences(text))
    for pattern in _MD_INLINE:
        text = pattern.sub(_blank, text)
    return text


# -- HTML ---------------------------------------------------------------------------------
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul title option".split())
_SKIP_TAGS = frozenset("script style noscript template svg iframe object canvas".split())
_HTML_SPACE = re.compile(r"[\t\n\r\f\v]")


class _TextCollector(HTMLParser):
    """Collects text and, for each character, its offset in the original HTML."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.src = source
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", source)]
        self.pieces: list[str] = []  # the text, as the parser hands it over
        self.last = ""  # its last character
        # one entry per run of characters, not per character (``offsets``): a 10 MB page
        # maps its text in kilobytes (two arrays of machine integers took 16 bytes a character)
        self.starts = OffsetMap()
        self.ends = OffsetMap()
        self.skip: list[str] = []
        self.comments: list[tuple[int, int, str]] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _add(self, text: str) -> None:
        if text:
            self.pieces.append(text)
            self.last = text[-1]

    def _emit(self, text: str, start: int, width: int | None = None) -> None:
        if self.skip:
            return
        self._add(text)
        if width is None:  # raw data: characters map one to one
            self.starts.extend_linear(start, len(text))
            self.ends.extend_linear(start + 1, len(text))
        else:  # an entity or an attribute: every character maps to the whole construct
            self.starts.extend_constant(start, len(text))
            self.ends.extend_constant(start + width, len(text))

    def _mark(self, text: str) -> None:
        pos = self._pos()
        self._add(text)
        self.starts.extend_constant(pos, len(text))
        self.ends.extend_constant(pos, len(text))

    def _break(self) -> None:
        if not self.skip and self.last != "\n":
            self._mark("\n")

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip.append(tag)
            return
        if tag in _BLOCK_TAGS:
            self._break()
            if tag == "li":  # a bullet, so the segmenter sees a list item
                self._mark("- ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.skip:
                self._emit(f" {alt} ", self._pos(), width=len(self.get_starttag_text() or ""))

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag):
        if self.skip and tag == self.skip[-1]:
            self.skip.pop()
            return
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        # whitespace, newlines included, is insignificant in HTML: only block tags break lines
        self._emit(_HTML_SPACE.sub(" ", data), self._pos())

    def handle_comment(self, data):
        # not text, but kept with its place: inline suppressions live in comments
        if not self.skip:
            start = self._pos()
            end = self.src.find(">", start + 2 + len(data))  # after "<!" and the body
            self.comments.append((start, end + 1 if end >= 0 else len(self.src), data))

    def handle_entityref(self, name):
        self._emit(unescape(f"&{name};"), self._pos(), width=len(name) + 2)

    def handle_charref(self, name):
        self._emit(unescape(f"&#{name};"), self._pos(), width=len(name) + 3)


# Markup longer than this is read as text (README "Limits"): the standard library's parser
# looks for the end of every unclosed tag, comment or declaration from its start, which is
# quadratic in a page of thousands of unclosed "<a " (and "<![x" trips an assertion in it).
MAX_TAG_CHARS = 4096
_MARKUP_START = re.compile(r"<[A-Za-z!/?]")
_MARKED_SECTION = re.compile(r"<!\[\s*(?i:cdata|temp|ignore|include|rcdata|if|else|endif)\b")
_LOOKALIKE = "\u2039"  # what an unclosed "<" becomes: one character, so offsets are unchanged


def _defuse(source: str) -> str:
    """``source`` with every "<" that opens markup not closed within ``MAX_TAG_CHARS``
    characters (and every marked section other than CDATA and conditional comments) turned
    into a look-alike character the parser reads as text. One forward pass."""
    far = len(source) + MAX_TAG_CHARS + 1
    gt = end_comment = -1
    bad: list[int] = []
    for m in _MARKUP_START.finditer(source):
        i = m.start()
        if source.startswith("<!--", i):
            if end_comment < i:
                end_comment = source.find("-->", i + 4)
                end_comment = far if end_comment < 0 else end_comment
            closed = end_comment - i <= MAX_TAG_CHARS
        else:
            if gt < i:
                gt = source.find(">", i)
                gt = far if gt < 0 else gt
            closed = gt - i <= MAX_TAG_CHARS and \
                (not source.startswith("<![", i) or bool(_MARKED_SECTION.match(source, i)))
        if not closed:
            bad.append(i)
    if not bad:
        return source
    pieces, prev = [], 0
    for i in bad:
        pieces += (source[prev:i], _LOOKALIKE)
        prev = i + 1
    pieces.append(source[prev:])
    return "".join(pieces)


def _html_text(source: str, name: str = "<html>"
               ) -> tuple[str, list[int], list[int], list[tuple[int, int, str]]]:
    parser = _TextCollector(_defuse(source))
    try:
        parser.feed(parser.src)
        parser.close()
    except (AssertionError, ValueError, IndexError) as exc:  # pragma: no cover - _defuse
        raise InputError(name, f"HTML the parser cannot read ({exc})") from None
    return "".join(parser.pieces), parser.starts, parser.ends, parser.comments
