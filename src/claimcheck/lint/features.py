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
    stems = [t.stem for t in (tokenize(text) if tokens is None else tokens)[:MAX_TOKENS]]
    out = {f"w:{s}" for s in stems}
    out.update(f"b:{a}_{b}" for a, b in zip(stems, stems[1:]))
    if context:
        out.update(f"c:{t.stem}" for t in tokenize(context)[:MAX_TOKENS // 4])
    return out
