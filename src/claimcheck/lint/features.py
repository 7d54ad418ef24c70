"""The words a learned detector sees in a unit of text: one definition for training and use.

A unit (a sentence, heading or list item) becomes a set of string features: its word stems
(``w:``), pairs of neighbouring stems (``b:``), and the stems of its list's lead-in (``c:``),
which turns "Sciatica" under "Dry needling can help with:" into a claim. Stems come from
``phrases.stem``, the same light stemmer the `detect` phrases use, so "releases" and
"released" are one feature. The set is the whole interface: the model is linear over it.
"""

from __future__ import annotations

from .phrases import tokenize

# long units are judged by their first words; a unit this long is rare (see sentences.py)
MAX_TOKENS = 120
# the most features a unit can have: its words, their pairs and its lead-in's words
MAX_FEATURES = MAX_TOKENS + (MAX_TOKENS - 1) + MAX_TOKENS // 4


def unit_features(text: str, context: str | None = None, tokens=None) -> set[str]:
    """``tokens``: ``tokenize(text)`` when the caller has it (lint's detector does)."""
    return set(ordered_features(text, context, tokens))


def ordered_features(text: str, context: str | None = None, tokens=None) -> list[str]:
    """``unit_features`` in a fixed order, each once: the words, the pairs, the lead-in's
    words, each in the order of the text. The model adds weights and picks anchors in this
    order, so neither depends on how a set is hashed."""
    stems = [t.stem for t in (tokenize(text) if tokens is None else tokens)[:MAX_TOKENS]]
    names = ["w:" + s for s in stems]
    names += [f"b:{a}_{b}" for a, b in zip(stems, stems[1:])]
    if context:
        names += ["c:" + s for s in _context_stems(context)]
    return list(dict.fromkeys(names))


_LAST_CONTEXT: tuple[str, list[str]] | None = None  # a list's items share their lead-in


def _context_stems(context: str) -> list[str]:
    global _LAST_CONTEXT
    last = _LAST_CONTEXT
    if last is not None and last[0] == context:
        return last[1]
    stems = [t.stem for t in tokenize(context)[:MAX_TOKENS // 4]]
    _LAST_CONTEXT = (context, stems)
    return stems
