"""The text of an HTML draft, each character mapped to where it stands in the HTML.

HTML is parsed with the standard library's ``html.parser``: tolerant of broken markup, and no
third-party import on the lint path. Only an HTML draft imports this module (``extract``).
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from ..errors import InputError
from .offsets import OffsetMap

_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_BLOCK_TAGS = _HEADINGS | frozenset(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form header hr li main nav ol p pre section "
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
            elif tag in _HEADINGS:  # a Markdown heading: "Benefits" ends the list above it
                self._mark("## ")
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


def html_text(source: str, name: str = "<html>"
               ) -> tuple[str, list[int], list[int], list[tuple[int, int, str]]]:
    parser = _TextCollector(_defuse(source))
    try:
        parser.feed(parser.src)
        parser.close()
    except (AssertionError, ValueError, IndexError) as exc:  # pragma: no cover - _defuse
        raise InputError(name, f"HTML the parser cannot read ({exc})") from None
    return "".join(parser.pieces), parser.starts, parser.ends, parser.comments
