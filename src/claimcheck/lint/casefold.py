"""Case-insensitive word lists run faster over lower-cased text, and not at all where their
first letters are missing.

The wording rules (``strength``) match their word lists with ``re.I``. The expression engine
checks a case-insensitive literal character by character, but tries an exact one only where
the text has its first character: the same expression without ``re.I``, over the lower-cased
text, finds the same places several times faster. ``Folded.pair`` gives that pair when it
is certainly equivalent: ASCII text (where ``re.I`` equates a letter with its lower and upper
case alone, and lower-casing keeps every offset) and an expression with no upper-case letter
and no inline flags. Its matched text is then lower-case (callers lower-case it anyway).

Most sentences hold none of a list's words, and the engine still tries the list at every
position. A list that can only match where a word starts (its expression opens with a
``(?<![\\w...])`` or a ``\\b`` before a letter) can only match where the text, at a word
start, has one of the list's first three letters: ``Folded`` reads a sentence's word starts
once, and skips every list none of whose openings is there (``openings``; the same answers,
checked by tests against the plain search).

The twins and their openings are made on first use, and only after a few thousand searches
(about one 2,000-word page): making them costs 20-30 ms, which one page does not earn back
(``claimcheck lint`` of a 2,000-word page took 0.309 s without them and 0.323 s with them),
and a scan earns back by its second page.
"""

from __future__ import annotations

import re

_WARM_UP = 3000  # searches before the twins and openings are made (see above)
_calls = 0
# what is known of each pattern, by id (a pattern hashes its whole compiled code each time;
# each entry keeps its pattern alive): (pattern, twin or None, 3-letter openings or None
# when unknown, shorter openings by first letter)
_PLANS: dict[int, tuple] = {}
_UNSAFE = re.compile(r"[A-Z]|\(\?[a-zA-Z-]")  # an upper-case letter, an inline flag
_SPAN = 3  # letters of a word start compared
_MAX_OPENINGS = 5000  # more, and a list is searched everywhere (its openings say little)
# more, and an alternative's openings are cut a letter shorter (two letters let more
# sentences through: a scan ran 7% faster with the numbers list's 1,812 three-letter openings
# than with 171 of two)
_MAX_PER_ALTERNATIVE = 2000
# where a word may start: the three characters at every place not after a word character
_STARTS = re.compile(r"(?<!\w)(?=(.{1,%d}))" % _SPAN, re.S)


def _plan(pattern: re.Pattern) -> tuple | None:
    """What is known of ``pattern``, worked out once; None during the warm-up."""
    global _calls
    plan = _PLANS.get(id(pattern))
    if plan is None:
        if _calls < _WARM_UP:
            _calls += 1
            return None
        twin = _twin(pattern)
        openings = openings_of(pattern) if twin is not None else None
        long = short = None
        if openings is not None:
            long = frozenset(o for o in openings if len(o) == _SPAN)
            # the shorter ones, by first letter: most sentences have none of those anywhere
            short = {}
            for o in openings:
                if len(o) < _SPAN:
                    short.setdefault(o[0], set()).add(o)
        plan = _PLANS[id(pattern)] = (pattern, twin, long, short)
    return plan


class Folded:
    """One sentence searched by many word lists: lower-cased once, its word starts read once.

    ``pair(pattern)`` is ``(pattern, text)`` or an equivalent pair that is faster to search
    (the same spans in the same order, with lower-cased matched text), or None when
    ``pattern`` certainly does not occur in the text."""

    __slots__ = ("text", "_lower", "_starts", "_short")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower = text.lower() if text.isascii() else None
        self._starts: set[str] | None = None
        self._short: set[str] | None = None

    def pair(self, pattern: re.Pattern) -> tuple[re.Pattern, str] | None:
        plan = _PLANS.get(id(pattern)) or _plan(pattern)  # the lookup inline: the hot path
        lower = self._lower
        if plan is None or plan[1] is None or lower is None:
            return pattern, self.text
        long = plan[2]
        if long is not None:
            starts = self.starts()
            if long.isdisjoint(starts):
                short = plan[3]
                if not any(ch in lower for ch in short):
                    return None
                if self._short is None:
                    self._short = {w[:k] for w in starts for k in range(1, _SPAN)}
                if all(self._short.isdisjoint(o) for o in short.values()):
                    return None
        return plan[1], lower

    def starts(self) -> set[str] | None:
        """The (up to) three characters at each place a word may start; None when the text
        is searched as it is (not ASCII)."""
        if self._lower is None:
            return None
        if self._starts is None:
            self._starts = set(_STARTS.findall(self._lower))
        return self._starts

    def search(self, pattern: re.Pattern) -> re.Match | None:
        pair = self.pair(pattern)
        return None if pair is None else pair[0].search(pair[1])

    def finditer(self, pattern: re.Pattern):
        pair = self.pair(pattern)
        return iter(()) if pair is None else pair[0].finditer(pair[1])


class WordLists:
    """Word lists searched in the same sentences (``strength.analyse`` reads a dozen in each):
    which of them may occur in a sentence, from its word starts in one pass, as a bit mask
    (bit ``k``: ``patterns[k]``), so the others are not even asked."""

    def __init__(self, patterns: list[re.Pattern]) -> None:
        self.patterns = patterns
        self._table: tuple[dict[str, int], int] | None = None

    def _made(self) -> tuple[dict[str, int], int] | None:
        table = self._table
        if table is None:
            plans = [_plan(p) for p in self.patterns]
            if any(plan is None for plan in plans):
                return None  # still warming up
            by_opening: dict[str, int] = {}
            always = 0
            for k, plan in enumerate(plans):
                if plan[1] is None or plan[2] is None:
                    always |= 1 << k  # searched everywhere
                    continue
                for opening in plan[2].union(*plan[3].values()):
                    by_opening[opening] = by_opening.get(opening, 0) | 1 << k
            table = self._table = (by_opening, always)
        return table

    def mask(self, sentence: Folded) -> int:
        everything = (1 << len(self.patterns)) - 1
        table = self._made()
        starts = sentence.starts()
        if table is None or starts is None:
            return everything
        by_opening, mask = table
        get = by_opening.get
        for window in starts:
            mask |= get(window, 0) | get(window[:2], 0) | get(window[:1], 0)
        return mask


def _twin(pattern: re.Pattern) -> re.Pattern | None:
    if not pattern.flags & re.I or not isinstance(pattern.pattern, str) or \
            _UNSAFE.search(pattern.pattern):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.I)


def openings_of(pattern: re.Pattern) -> frozenset[str] | None:
    """The texts (up to three characters) one of which every match of ``pattern``, searched
    without ``re.I`` over lower-case text, starts with, at a place not after a word character;
    None when that cannot be said (the expression can start mid-word, with any character,
    or has more openings than are worth comparing)."""
    try:
        from re import _constants as c, _parser as parser  # the stdlib's own reading

        tree = list(parser.parse(pattern.pattern, pattern.flags & ~re.I))
        if len(tree) == 1 and tree[0][0] is c.BRANCH:
            alternatives = tree[0][1][1]
        else:
            alternatives = [tree]
        out: set[str] = set()
        for alt in alternatives:
            alt = list(alt)
            if not alt or not _anchored(alt[0], c):
                return None
            # fewer letters where three would list too many ("\d{1,4}%": 11,110 numbers)
            found = next((f for n in range(_SPAN, 0, -1)
                          if (f := _sequence(alt, n, c, _MAX_PER_ALTERNATIVE)) is not None),
                         None)
            if found is None or any(not s for s, _ in found):
                return None
            if alt[0][0] is c.AT and not all(s[0].isalnum() or s[0] == "_" for s, _ in found):
                return None  # "\b" before a non-word character follows a word character
            out.update(s for s, _ in found)
        return frozenset(out) if len(out) <= _MAX_OPENINGS else None
    except Exception:  # noqa: BLE001 - an expression this cannot read is searched everywhere
        return None


def _anchored(item, c) -> bool:
    """Whether ``item``, first in an expression, forbids a word character before the match."""
    op, av = item
    if op is c.AT:
        return av is c.AT_BOUNDARY
    if op is c.ASSERT_NOT and av[0] == -1:
        body = list(av[1])
        return len(body) == 1 and body[0][0] is c.IN and \
            (c.CATEGORY, c.CATEGORY_WORD) in list(body[0][1])
    return False


def _join(prefix: str, part: tuple[str, bool], n: int) -> tuple[str, bool]:
    text = prefix + part[0]
    return (text[:n], False) if len(text) >= n else (text, part[1])


def _sequence(items, n: int, c, limit: int = _MAX_OPENINGS) -> set[tuple[str, bool]] | None:
    """What a sequence of expression items can match, as ``(text, complete)``: the first
    ``n`` characters, ``complete`` when the match ends there; None past ``limit`` of them."""
    out = {("", True)}
    for item in items:
        live = [s for s, whole in out if whole and len(s) < n]
        if not live:
            break
        parts = _item(item, n, c, limit)
        if parts is None:
            return None
        out = {x for x in out if not x[1] or len(x[0]) >= n}
        out.update(_join(s, p, n) for s in live for p in parts)
        if len(out) > limit:
            return None
    return out


def _item(item, n: int, c, limit: int) -> set[tuple[str, bool]] | None:
    op, av = item
    if op is c.LITERAL:
        return {(chr(av), True)}
    if op is c.IN:
        chars = _charset(av, c)
        return None if chars is None else {(ch, True) for ch in chars}
    if op is c.BRANCH:
        out: set[tuple[str, bool]] = set()
        for alt in av[1]:
            found = _sequence(alt, n, c, limit)
            if found is None:
                return None
            out |= found
            if len(out) > limit:
                return None
        return out
    if op is c.SUBPATTERN:
        return None if av[1] & re.I else _sequence(av[3], n, c, limit)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        once = _sequence(body, n, c, limit)
        if once is None:
            return None
        out, current = set(), {("", True)}
        for count in range(n + 2):
            done = {x for x in current if not x[1] or len(x[0]) >= n}
            out |= done
            live = current - done
            if count >= low:
                out |= live
            if count == high or not live:
                return out
            current = {_join(s, p, n) for s, _ in live for p in once}
            if len(out) + len(current) > limit:
                return None
        return None  # the body can match nothing: any number of times, no bound
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {("", True)}  # takes no character
    return None


def _charset(items, c) -> str | None:
    chars = []
    for op, av in items:
        if op is c.LITERAL:
            chars.append(chr(av))
        elif op is c.RANGE and av[1] - av[0] <= 100:
            chars.extend(map(chr, range(av[0], av[1] + 1)))
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            chars.extend("0123456789")  # ASCII text only (``Folded``)
        elif op is c.CATEGORY and av is c.CATEGORY_SPACE:
            chars.extend(" \t\n\r\f\v")
        else:
            return None
    return "".join(chars)
