"""Turn a draft (plain text, Markdown or HTML bytes) into text the linter can read.

The result keeps a map back to the original characters, so that every finding can
point at a line and at character offsets in the file the user wrote. Plain text and
Markdown are handled by blanking markup with spaces (the text keeps its length, so
offsets are the identity); HTML is parsed with the standard library's ``html.parser``
(tolerant of broken markup, no third-party import on the lint path) and each output
character remembers where it came from.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from html import unescape

from ..errors import InputError

KINDS = ("text", "markdown", "html")
_SUFFIX_KIND = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
                ".html": "html", ".htm": "html", ".xhtml": "html"}
# Bytes that never occur in text files; NUL is the usual sign of a binary file.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
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


def decode(data: bytes, source: str) -> str:
    """UTF-8 text from bytes, or ``InputError`` saying why the input is unusable."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _BINARY_BYTES.search(data[:65536]):
        raise InputError(source, "binary data, not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                 "convert it to UTF-8 first") from None
    if not text.strip():
        raise InputError(source, "empty document, nothing to lint")
    return text


def extract(text: str, source: str = "<text>", kind: str | None = None) -> Document:
    kind = kind or guess_kind(source, text)
    if kind == "html":
        out, starts, ends, comments = _html_text(text)
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
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?$.*?^\1\2[`~]*[ \t]*$", re.M | re.S)
_MD_INLINE = [
    re.compile(r"<!--.*?-->", re.S),                                 # comments
    re.compile(r"!?\[(?=[^\]\n]*\]\()"),                              # [ of a link / image
    re.compile(r"\]\([^)\n]*\)"),                                     # ](url)
    re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])"),   # *emphasis*
    re.compile(r"(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)"),           # _emphasis_
    re.compile(r"`+"),                                                # `code`
    re.compile(r"</?[A-Za-z][^>\n]*>"),                               # inline HTML tags
    re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.M),                     # thematic break
    re.compile(r"^ {0,3}\|?(?: *:?-+:? *\|)+ *:?-*:? *$", re.M),      # table rule
    re.compile(r"\|"),                                                # table cells
]


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def markdown_comments(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, body)`` of each ``<!-- ... -->`` outside fenced code."""
    unfenced = _FENCE.sub(_blank, text)  # same length: offsets stay those of ``text``
    return [(m.start(), m.end(), text[m.start() + 4:m.end() - 3])
            for m in _MD_INLINE[0].finditer(unfenced)]


def blank_markdown(text: str) -> str:
    """Markdown markup replaced by spaces; the text keeps its length and line breaks.

    Fenced code is blanked whole. Headings, list bullets and quote markers are left for
    the segmenter, which treats them as structure.
    """
    text = _FENCE.sub(_blank, text)
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
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.skip: list[str] = []
        self.comments: list[tuple[int, int, str]] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, start: int, width: int | None = None) -> None:
        if self.skip:
            return
        self.chars.extend(text)
        if width is None:  # raw data: characters map one to one
            self.starts.extend(range(start, start + len(text)))
            self.ends.extend(range(start + 1, start + len(text) + 1))
        else:  # an entity or an attribute: every character maps to the whole construct
            self.starts.extend([start] * len(text))
            self.ends.extend([start + width] * len(text))

    def _mark(self, text: str) -> None:
        pos = self._pos()
        self.chars.extend(text)
        self.starts.extend([pos] * len(text))
        self.ends.extend([pos] * len(text))

    def _break(self) -> None:
        if not self.skip and (not self.chars or self.chars[-1] != "\n"):
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


def _html_text(source: str) -> tuple[str, list[int], list[int], list[tuple[int, int, str]]]:
    parser = _TextCollector(source)
    parser.feed(source)
    parser.close()
    return "".join(parser.chars), parser.starts, parser.ends, parser.comments
