"""Turn a draft (plain text, Markdown or HTML bytes) into text the linter can read.

The result keeps a map back to the original characters, so that every finding can
point at a line and at character offsets in the file the user wrote. Plain text and
Markdown are handled by blanking markup with spaces (the text keeps its length, so
offsets are the identity); HTML is read by ``htmltext``, where each output character
remembers where it came from.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..errors import InputError

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
        from .htmltext import html_text  # only an HTML draft pays for the parser

        out, starts, ends, comments = html_text(text, source)
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
