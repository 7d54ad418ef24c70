"""Case-insensitive word lists run faster over lower-cased text.

The wording rules (``strength``) match their word lists with ``re.I``. The expression engine
checks a case-insensitive literal character by character, but tries an exact one only where
the text has its first character: the same expression without ``re.I``, over the lower-cased
text, finds the same places several times faster. ``folded`` gives that pair when it is
certainly equivalent: ASCII text (where ``re.I`` equates a letter with its lower and upper
case alone, and lower-casing keeps every offset) and an expression with no upper-case letter
and no inline flags. Its matched text is then lower-case (callers lower-case it anyway).

The lower-case twins are compiled on first use, and only once lint has judged a few dozen
sentences: a one-line draft never pays for them (``claimcheck lint`` starts fast).
"""

from __future__ import annotations

import re

_WARM_UP = 64  # calls before the twins are compiled
_calls = 0
_TWINS: dict[re.Pattern, re.Pattern | None] = {}
_UNSAFE = re.compile(r"[A-Z]|\(\?[a-zA-Z-]")  # an upper-case letter, an inline flag


def folded(pattern: re.Pattern, text: str) -> tuple[re.Pattern, str]:
    """``(pattern, text)``, or an equivalent pair that is faster to search: the same spans
    in the same order, with lower-cased matched text."""
    global _calls
    if _calls < _WARM_UP:
        _calls += 1
        return pattern, text
    twin = _TWINS.get(pattern, False)
    if twin is False:
        twin = _TWINS[pattern] = _twin(pattern)
    if twin is None or not text.isascii():
        return pattern, text
    return twin, text.lower()


def _twin(pattern: re.Pattern) -> re.Pattern | None:
    if not pattern.flags & re.I or not isinstance(pattern.pattern, str) or \
            _UNSAFE.search(pattern.pattern):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.I)
