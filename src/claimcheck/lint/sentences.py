"""Split a draft into sentences, headings and list items, keeping their offsets.

Web copy is not prose: a page mixes headings, bullet lists, one-line paragraphs and
lead-ins such as "It can help with:" followed by bare items ("Lower back pain"). The
segmenter keeps that structure: each list item is its own unit and remembers its
lead-in (the claim is made by the two together), headings are units, and paragraphs
(which may wrap over several lines) are split at sentence ends, except after common
abbreviations (e.g., i.e., Dr., vs.) and initials. Text copied from a web page loses its
bullets: a heading-like line ("Conditions we treat", "Who is it for?") followed by short
lines without end punctuation is read as the lead-in of a list, as a Markdown heading or
an HTML <h2> followed by a list is. Every sentence of a "Q:" paragraph in a Q&A column is
part of the reader's question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .extract import Document

# bullets as web copy writes them: Markdown's, typographic dots and dashes, and the ticks,
# arrows and stars of pasted flyers and posts ("✔ Shin splints", "➤ Faster recovery")
_BULLET = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(#{1,6})[ \t]+|([-*+\u2022\u2023\u25e6\u2043"
                     r"\u2219\u00b7\u25aa\u25cf\u2013\u2014\u2713\u2714\u2705\u27a4\u25ba"
                     r"\u25b6\u2605\u2192])[ \t]*\ufe0f?[ \t]+|(\(?\d{1,3}[.)]|\(?[a-zA-Z]\))"
                     r"[ \t]+)?")
_TERMINAL = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*")
_ENDS_UNIT = re.compile(r"[.!?:\u2026][\"'\u201d\u2019)\]]*\s*$")
# a line of a social post or caption closed by an emoji ("... first time ever 🙌"): the
# writer ends the unit there, as with a full stop, even when the next line starts in lower case
_INNER_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+[A-Z]")
_ENDS_WITH_EMOJI = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff][\ufe0f\u200d]*\\s*$")
_SETEXT = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_LETTER = re.compile(r"[^\W\d_]")
# a reader's question in a Q&A column: what it says before the "?" is what the reader heard
# ("Q: I've read it releases endorphins. Is that how it works?"), not what the page claims
# a poster's handle opening a line of a thread or comment section ("u/runner_22:", "@kat:")
_SPEAKER = re.compile(r"(?:u/|@)?[^\W\d_][\w.-]*:\s")
_ASKED = re.compile(r"(?:Q|Question)\s*[:.]\s", re.IGNORECASE)
_ANSWERED = re.compile(r"(?:A|Answer)\s*[:.]\s", re.IGNORECASE)
SHORT_ITEM_WORDS = 12
# The longest unit the linter judges (README "Limits"): a pasted caption or a page with no full
# stops would otherwise be one sentence of thousands of words, which no rule reads sensibly and
# which costs time growing faster than its length. A longer unit is cut into pieces of at most
# this many words, each at the last comma, semicolon, colon or line break in its second half
# (else after exactly this many words); a lead-in keeps its last this many words.
MAX_UNIT_WORDS = 100
_WORD = re.compile(r"\S+")
_SOFT_BREAK = re.compile(r"[,;:\u2013\u2014]$")
_NEXT_CHAR = re.compile(r"\s*(\S)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One unit of text: ``start``/``end`` index ``Document.text``.

    ``role`` is ``sentence``, ``heading`` or ``item`` (a list entry); ``context`` is the
    lead-in of the list an item belongs to ("It can help with:"), else ``None``.
    """

    start: int
    end: int
    text: str
    role: str = "sentence"
    context: str | None = None
    asked: bool = False  # part of a reader's question ("Q: I've read it ... Is that true?")

    @property
    def question(self) -> bool:
        return self.asked or self.text.rstrip("\"'\u201d\u2019) ").endswith("?")


@dataclass
class _Line:
    start: int  # content start (after any bullet or heading marker)
    end: int  # content end (trailing blanks dropped)
    role: str  # "text", "heading" (marked with #) or "item" (bullet or number)
    indent: int
    text: str


def _lines(text: str) -> Iterator[_Line | None]:
    """Each line of ``text`` as a ``_Line``, or ``None`` for a blank one."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        line_end = pos + len(raw.rstrip("\r\n"))
        body = text[pos:line_end]
        if not body.strip() or _SETEXT.match(body):
            yield None
        else:
            m = _BULLET.match(body)
            role = "heading" if m.group(1) else "item" if (m.group(2) or m.group(3)) else "text"
            start = pos + m.end()
            content = text[start:line_end]
            if role == "heading":
                content = content.rstrip().rstrip("#")
            end = start + len(content.rstrip())
            if end > start:
                indent = len(body) - len(body.lstrip())
                yield _Line(start, end, role, indent, text[start:end])
            else:
                yield None
        pos += len(raw)


def _continues(prev: _Line, line: _Line, wrapped: bool, captions: bool = False) -> bool:
    """Whether ``line`` wraps the paragraph (or list item) that ``prev`` belongs to."""
    if prev.role == "heading" or line.role != "text" or prev.text.endswith(":"):
        return False
    if _SPEAKER.match(line.text) and _ENDS_UNIT.search(prev.text):
        return False  # "u/trailrat88: Same here": a new poster in a thread speaks
    if captions or _ENDS_WITH_EMOJI.search(prev.text):
        return False
    if line.text[:1].islower():  # "vs.\ngolfer's elbow", "it\nrelieves pain"
        return True
    if _ENDS_UNIT.search(prev.text):
        return False
    if prev.role == "item" and line.indent > prev.indent:
        return True
    # a capital after a long unfinished line: a wrap in hard-wrapped prose, but a new unit
    # (heading, list entry) on pages written one paragraph per line
    return wrapped and prev.role == "text" and len(prev.text) >= 50


def _is_hard_wrapped(lines: list[_Line | None]) -> bool:
    """Whether the text breaks lines inside sentences (Markdown written at 80-100 columns)."""
    wraps = sum(1 for a, b in zip(lines, lines[1:])
                if a is not None and b is not None and b.role == "text"
                and not _ENDS_UNIT.search(a.text) and not _ENDS_WITH_EMOJI.search(a.text)
                and b.text[:1].islower())
    return wraps >= 2 and wraps * 10 >= sum(1 for x in lines if x is not None)


def _is_caption(lines: list[_Line | None]) -> bool:
    """Whether the text is written one thought a line in lower case, without full stops (a
    caption or a casual post): then a lower-case line is a new unit, not a wrap. Hard-wrapped
    prose ends its sentences inside lines ("... then stops. Another ..."); captions do not."""
    text = [x for x in lines if x is not None and x.role == "text"]
    lower = sum(1 for x in text if x.text[:1].islower())
    return len(text) >= 4 and 2 * lower >= len(text) and \
        not any(_INNER_END.search(x.text) for x in text)


def _paragraphs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, role) for each paragraph, heading or list item."""
    lines = list(_lines(text))
    wrapped = _is_hard_wrapped(lines)
    captions = _is_caption(lines)
    current: list[_Line] = []
    for line in lines:
        if line is None:
            if current:
                yield current[0].start, current[-1].end, current[0].role
                current = []
            continue
        if current and _continues(current[-1], line, wrapped, captions):
            current.append(line)
            continue
        if current:
            yield current[0].start, current[-1].end, current[0].role
        current = [line]
    if current:
        yield current[0].start, current[-1].end, current[0].role


def split_sentences(text: str, start: int, end: int,
                    abbreviations: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``."""
    chunk = text[start:end]
    begin = 0
    for m in _TERMINAL.finditer(chunk):
        after = chunk[m.end():m.end() + 1]
        if after and not after.isspace():
            # `"twitch."This is called ...`: a quote closed the sentence without a space
            if not (m.group(0)[-1] in "\"'\u201d\u2019" and after.isupper()):
                continue
        if m.group(0) == ".":
            # the word before the stop; a window, so a run of skipped stops stays linear
            word = _WORD_BEFORE.search(chunk, max(begin, m.start() - 64), m.start())
            if word:
                w = word.group(1).lower().rstrip(".")
                if w in abbreviations or (len(w) == 1 and chunk[word.start()].isupper()):
                    continue
            nxt = _NEXT_CHAR.match(chunk, m.end())
            if nxt and nxt.group(1).islower():
                continue
        yield from _trimmed(chunk, begin, m.end(), start)
        begin = m.end()
    yield from _trimmed(chunk, begin, len(chunk), start)


def _trimmed(chunk: str, a: int, b: int, offset: int) -> Iterable[tuple[int, int]]:
    piece = chunk[a:b]
    stripped = piece.strip()
    if stripped and _LETTER.search(stripped):
        lead = len(piece) - len(piece.lstrip())
        yield offset + a + lead, offset + a + lead + len(stripped)


# a line opening with one of these asks or names a topic ("Who is it for?", "How we treat
# heel pain"); detection reads a heading that starts so as a label, not a claim
WH_WORDS = frozenset("what why how who when where which".split())


def _is_bar_line(body: str) -> bool:
    """A page title or a menu ("Dry Needling | Summit Physio", "Home | About | Contact"):
    it neither announces a list nor belongs to one."""
    return " | " in body


def _open_line(body: str) -> bool:
    """A short line without end punctuation: a heading, or a list entry that lost its bullet
    when the page was copied as plain text."""
    return len(body.split()) <= SHORT_ITEM_WORDS and not _ENDS_UNIT.search(body)


def _announces(body: str, role: str, following: list[tuple[str, str]]) -> bool:
    """Whether a heading-like line ("Conditions we treat", "## What it can help with", "Who
    is it for?") is the lead-in of the list after it: the next line is a bulleted item, or
    the next two are short lines without end punctuation (bullets lost in a copy from a web
    page). Lines that end in a colon are lead-ins already. A bulleted entry leads nothing:
    the entries after it are its siblings ("- Migraine" over "- Low back pain")."""
    if role == "item" or _is_bar_line(body) or any(_is_bar_line(b) for b, _ in following[:1]):
        return False
    if not (role == "heading" or _open_line(body) or
            (body.rstrip().endswith("?") and len(body.split()) <= SHORT_ITEM_WORDS)):
        return False
    return _list_follows(following)


def _list_follows(following: list[tuple[str, str]]) -> bool:
    """Whether a list starts with the next paragraph: a bulleted entry, or two short lines
    without end punctuation (bullets lost in a copy from a web page)."""
    if following and following[0][1] == "item":
        return True
    return len(following) >= 2 and all(r == "text" and _open_line(b) and not starts_wh(b)
                                       for b, r in following[:2])


# a sentence that points at the list after it ("these are the conditions it can help.",
# "... include the following.", "Here is a list of common side effects.")
_POINTS_AT_LIST = re.compile(r"\b(?:these|following|below|includ\w*|such as|as follows|"
                             r"list of|conditions|problems|issues|injuries|symptoms|benefits|"
                             r"ailments|disorders)\b", re.I)


def starts_wh(body: str) -> bool:
    first = body.split(None, 1)[0].lower() if body.split() else ""
    return first in WH_WORDS


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut into spans of at most ``MAX_UNIT_WORDS`` words, preferring a
    cut after a comma, semicolon, colon, dash or line break in the second half of a piece."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    i = 0
    while i < len(words):
        j = min(i + MAX_UNIT_WORDS, len(words))  # the piece is words[i:j]
        if j < len(words):
            for k in range(j, i + MAX_UNIT_WORDS // 2, -1):
                if _SOFT_BREAK.search(text, words[k - 1][0], words[k - 1][1]) or \
                        "\n" in text[words[k - 1][1]:words[k][0]]:
                    j = k
                    break
        yield words[i][0], words[j - 1][1]
        i = j


def _bounded(text: str, units: list[Sentence]) -> list[Sentence]:
    """``units`` with every one over ``MAX_UNIT_WORDS`` words cut (see ``_pieces``) and every
    lead-in cut to its last ``MAX_UNIT_WORDS`` words."""
    out = []
    for u in units:
        context = u.context
        if context is not None and len(context) > 8 * MAX_UNIT_WORDS and \
                len(context.split()) > MAX_UNIT_WORDS:
            context = " ".join(context.split()[-MAX_UNIT_WORDS:])
        if len(u.text) > 8 * MAX_UNIT_WORDS and len(u.text.split()) > MAX_UNIT_WORDS:
            out.extend(Sentence(a, b, text[a:b], u.role, context, u.asked)
                       for a, b in _pieces(text, u.start, u.end))
        elif context is not u.context:
            out.append(Sentence(u.start, u.end, u.text, u.role, context, u.asked))
        else:
            out.append(u)
    return out


def segment(doc: Document, abbreviations: frozenset[str] = frozenset()) -> list[Sentence]:
    """Every sentence, heading and list item of ``doc``, in order, none over
    ``MAX_UNIT_WORDS`` words."""
    return _bounded(doc.text, _segment(doc, abbreviations))


def _segment(doc: Document, abbreviations: frozenset[str]) -> list[Sentence]:
    text = doc.text
    out: list[Sentence] = []
    lead_in: str | None = None
    bulleted = False  # the list being read has had a bulleted entry
    paragraphs = list(_paragraphs(text))
    bodies = [(text[a:b], role) for a, b, role in paragraphs]
    for k, (p_start, p_end, role) in enumerate(paragraphs):
        body = text[p_start:p_end]
        short = _open_line(body)
        # in a list, a short line is its next entry unless it reads as the next heading
        # ("Why athletes choose dry needling" after a list of conditions), or, between runs
        # of bulleted entries, leads the next run when that run's entries are sentences
        # ("Achilles Tendinitis" over "- Releases calf muscle tension and eases the ache.";
        # over "- Knee pain" it is one more entry of a list that lost some bullets)
        sub_heading = bulleted and role == "text" and k + 1 < len(bodies) and \
            bodies[k + 1][1] == "item" and not _open_line(bodies[k + 1][0])
        if lead_in is not None and role != "heading" and not _is_bar_line(body) and \
                (role == "item" or (short and not starts_wh(body) and not sub_heading)):
            spans = list(split_sentences(text, p_start, p_end, abbreviations))
            for s, e in spans:
                out.append(Sentence(s, e, text[s:e], "item", lead_in))
            bulleted = bulleted or role == "item"
            continue
        bulleted = False
        lead_in = None
        if role == "heading":
            out.append(Sentence(p_start, p_end, body, "heading"))
        else:
            spans = list(split_sentences(text, p_start, p_end, abbreviations))
            unit_role = "item" if role == "item" else "heading" if short and role == "text" \
                else "sentence"
            asked = bool(_ASKED.match(body))
            for s, e in spans:
                asked = asked and not _ANSWERED.match(text, s)  # "Q: ...? A: ..." on one line
                out.append(Sentence(s, e, text[s:e], unit_role if len(spans) == 1 else
                                    ("item" if role == "item" else "sentence"), asked=asked))
            last = text[spans[-1][0]:spans[-1][1]] if spans else ""
            # "These are the conditions it can help." over a bulleted list leads it as a colon
            # would: a sentence that points at what follows
            if last.rstrip().endswith(":") or (
                    role == "text" and _POINTS_AT_LIST.search(last) and
                    _list_follows(bodies[k + 1:k + 3])):
                lead_in = last
                continue
        if _announces(body, role, bodies[k + 1:k + 3]):
            lead_in = body.strip()
    return out
