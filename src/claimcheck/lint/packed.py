"""Containers that stay pickled until read, so a warm start does not grow with the library.

The lint cache (``cache``) pickles the built ``Linter``. Decoding all of it costs time in
proportion to the library (tens of thousands of phrase variants and patterns for a few
thousand claims), while linting a draft reads only the few that its words look up. So the
large parts of a linter are pickled in pieces: ``PackedList`` (the phrase patterns, in
chunks), ``PackedMapping`` (the per-claim data, one entry each), and ``PartIndex``'s buckets
(see ``phrases``), each piece decoded on first use and kept.
"""

from __future__ import annotations

import pickle
from abc import abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, Iterator

_PROTOCOL = pickle.HIGHEST_PROTOCOL


def pack(value: Any) -> bytes:
    return pickle.dumps(value, protocol=_PROTOCOL)


def unpack(data: bytes) -> Any:
    return pickle.loads(data)


class IndexedSequence(Sequence):
    """A read-only sequence that computes item ``i`` (``0 <= i < len``) in ``_item``: slices,
    negative indexes and the range check are here, once."""

    __slots__ = ()
    _len: int

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._item(k) for k in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(i)

    @abstractmethod
    def _item(self, i: int):
        """Item ``i``, already checked to be in range."""


class PackedList(IndexedSequence):
    """A read-only list kept as pickled chunks of ``chunk`` items, each decoded on first use."""

    def __init__(self, items: Sequence, chunk: int = 64) -> None:
        items = list(items)
        self._chunk = chunk
        self._len = len(items)
        self._chunks: list[Any] = [pack(items[i:i + chunk]) for i in range(0, len(items), chunk)]

    def _item(self, i: int):
        n, k = divmod(i, self._chunk)
        chunk = self._chunks[n]
        if chunk.__class__ is bytes:
            chunk = self._chunks[n] = unpack(chunk)
        return chunk[k]

    def __getstate__(self) -> dict:
        return {"_chunk": self._chunk, "_len": self._len,
                "_chunks": [c if c.__class__ is bytes else pack(c) for c in self._chunks]}


class PackedMapping(Mapping):
    """A read-only mapping whose values are pickled one by one, each decoded on first use."""

    def __init__(self, items: Mapping) -> None:
        self._data: dict[Any, Any] = {k: pack(v) for k, v in items.items()}

    def __getitem__(self, key: Any) -> Any:
        value = self._data[key]
        if value.__class__ is bytes:
            value = self._data[key] = unpack(value)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __getstate__(self) -> dict:
        return {"_data": {k: v if v.__class__ is bytes else pack(v)
                          for k, v in self._data.items()}}
