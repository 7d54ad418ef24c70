"""Where each character of an HTML page's text came from, in a few numbers per run.

The HTML reader (``extract``) maps every character of the text it reads back to the span of
the page it came from. A page's text is made of runs: the characters of a text node map one
to one onto the page (a *linear* run: offset, offset + 1, ...), an entity (``&amp;``) or an
``alt`` text maps every character onto the whole construct, a line break the reader adds maps
onto one place (*constant* runs). ``OffsetMap`` keeps one entry per run, not one per
character, and reads like the list it replaces (``len``, indexing, iteration, ``bisect``);
a 10 MB page of text costs a few kilobytes instead of 80 MB.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import Iterator

from .packed import IndexedSequence


class OffsetMap(IndexedSequence):
    """A read-mostly sequence of ints built from linear and constant runs."""

    __slots__ = ("_at", "_base", "_step", "_len")

    def __init__(self) -> None:
        self._at = array("q")  # index where each run starts
        self._base = array("q")  # the value at that index
        self._step = array("b")  # 1: linear run, 0: constant run
        self._len = 0

    def _extend(self, base: int, n: int, step: int) -> None:
        if n <= 0:
            return
        if self._at:
            k = len(self._at) - 1
            # one run goes on: a text node split by the parser, a repeated constant
            if self._step[k] == step and \
                    self._base[k] + step * (self._len - self._at[k]) == base:
                self._len += n
                return
        self._at.append(self._len)
        self._base.append(base)
        self._step.append(step)
        self._len += n

    def extend_linear(self, base: int, n: int) -> None:
        """Append ``base, base + 1, ..., base + n - 1``."""
        self._extend(base, n, 1)

    def extend_constant(self, value: int, n: int) -> None:
        """Append ``value`` ``n`` times."""
        self._extend(value, n, 0)

    @property
    def runs(self) -> int:
        return len(self._at)

    def _item(self, i: int) -> int:
        k = bisect_right(self._at, i) - 1
        return self._base[k] + self._step[k] * (i - self._at[k])

    def __iter__(self) -> Iterator[int]:
        at, base, step = self._at, self._base, self._step
        for k in range(len(at)):
            end = at[k + 1] if k + 1 < len(at) else self._len
            if step[k]:
                yield from range(base[k], base[k] + end - at[k])
            else:
                for _ in range(end - at[k]):
                    yield base[k]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (OffsetMap, list, array, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OffsetMap({self._len} values in {self.runs} runs)"
