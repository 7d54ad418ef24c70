"""The `detect` phrase language: words, inflections, `word*` prefixes and `A & B`.

A phrase is compiled to one or more *parts* (split at ``&``); a part is a sequence of
word specs. A spec is a stem (inflections tolerated), a prefix (``inflammat*``), the
``n't`` suffix or ``#``, any number ("last* & # minute*" finds "lasts 15 to 20 minutes"). Text is
tokenised once per sentence; a part matches where its specs match consecutive tokens,
allowing a determiner or an adverb in between ("relieve your pain", "feel noticeably
better") and a coordinated word ("neck and back pain" makes "back pain"; "knee, Achilles
and elbow tendinopathies" makes "knee tendinopathies"). The same language is used for the
vocabulary file (cues, negations, hedges), so curators learn one syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Iterator

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_ISE = re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$")
DETERMINERS = frozenset("the a an your their our its his her my this these those any some".split())
COORDINATORS = frozenset({"and", "or"})
_IRREGULAR = {"using": "use"}
_VOWEL = re.compile(r"[aeiouy]")
# "-ly" words that are not manner or degree adverbs, or that weaken what follows ("barely
# relieves"): they are never skipped inside a phrase
_NOT_SKIPPED_LY = frozenset("only early daily weekly monthly yearly hourly nightly likely "
                            "unlikely family supply apply reply rely ally italy july belly "
                            "jelly holy ugly hardly barely scarcely rarely poorly".split())
# words that may not sit inside a coordination gap: "neck, and the pain" is not "neck pain"
_GAP_STOP = frozenset("the a an to of in on at is are was were be been it that this with for from "
                      "by as not no than then which who out up off down away over into".split())


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light stem: enough to equate release/releases/released/releasing, realise/realize,
    injury/injuries, needle/needling; both phrase and text words go through it."""
    w = word.lower()
    if len(w) <= 3:
        return w
    if len(w) > 5:
        w = _ISE.sub(r"iz\1", w)
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "i"
    if w.endswith("y"):
        return w[:-1] + "i"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith("ss"):
        return w
    for suffix in ("ing", "ed", "es", "s", "e"):
        if w.endswith(suffix):
            base = w[:-len(suffix)]
            if suffix in ("ing", "ed") and (w.endswith("eed") or not _VOWEL.search(base)):
                continue  # speed, need, string, spring: the ending is part of the word
            if len(base) >= 3:
                if suffix in ("s", "es") and base.endswith("ing"):
                    return stem(base)  # hamstrings -> hamstring -> hamstr, as the singular
                if suffix in ("ing", "ed") and base[-1] == base[-2] and base[-1] not in "lsz":
                    base = base[:-1]  # running -> run, stopped -> stop
                return base
            if len(base) == 2 and suffix in ("ed", "es"):
                return base + "e"  # used/uses -> use
            return _IRREGULAR.get(w, w)
    return w


# not frozen: a frozen dataclass sets each field through object.__setattr__, and lint makes
# a token for every word it reads (treat tokens as read-only; they hash by value as before)
@dataclass(slots=True, unsafe_hash=True)
class Token:
    norm: str  # lower case, straight apostrophe, possessive 's removed
    stem: str
    start: int  # offsets into the text that was tokenised
    end: int
    comma_before: bool  # a , / ; or similar separates it from the previous token


_SEPARATOR = re.compile(r"[,/;&+]")


# a word as found -> (its norm, its stem): pages repeat their words, and this spares the
# lower-casing, the apostrophes and the stemmer; bounded, so a stream of new words cannot grow it
_WORD_FORMS: dict[str, tuple[str, str]] = {}
_MAX_WORD_FORMS = 20_000


def _word_form(word: str) -> tuple[str, str]:
    raw = word.lower().replace("\u2019", "'")
    if raw.endswith("'s"):
        raw = raw[:-2]
    got = (raw, stem(raw))
    if len(_WORD_FORMS) < _MAX_WORD_FORMS:
        _WORD_FORMS[word] = got
    return got


def tokenize(text: str, offset: int = 0) -> list[Token]:
    out: list[Token] = []
    append = out.append
    forms = _WORD_FORMS
    separator = _SEPARATOR.search
    prev_end = 0
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        form = forms.get(word)
        if form is None:
            form = _word_form(word)
        start, end = m.span()
        append(Token(form[0], form[1], offset + start, offset + end,
                     prev_end != start and text[prev_end:start] != " " and
                     separator(text, prev_end, start) is not None))
        prev_end = end
    return out


# A spec is ("s", stem) | ("p", prefix) | ("w", exact word) | ("n", "n't") | ("d", "#"), a
# number | ("c", ",") where the phrase allows a comma
Spec = tuple[str, str]


# what `#` in a phrase matches: a number in digits or words ("15 to 20 minutes", "ten minutes",
# "half an hour"), so dosing and time-frame claims can be written once for every number
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve "
                         "fifteen twenty thirty forty fifty sixty ninety half".split())


def is_number(tok: "Token") -> bool:
    return tok.norm.isdigit() or tok.norm in NUMBER_WORDS


def _word_specs(word: str, exact: bool = False) -> list[Spec]:
    word = word.lower().replace("\u2019", "'")
    if word in ("n't", "*n't"):
        return [("n", "n't")]
    if word == "#":
        return [("d", "#")]
    star = word.endswith("*")
    pieces = [p.group(0) for p in _TOKEN.finditer(word)]
    if not pieces:
        return []
    specs: list[Spec] = []
    for i, piece in enumerate(pieces):
        if piece.endswith("'s"):
            piece = piece[:-2]
        if star and i == len(pieces) - 1:
            specs.append(("p", piece))
        elif exact:
            specs.append(("w", piece))
        else:
            specs.append(("s", stem(piece)))
    return specs


@lru_cache(maxsize=None)  # vocabulary lists and synonym groups repeat the same phrases
def compile_part(text: str, exact: bool = False) -> tuple[Spec, ...]:
    """One part; ``exact`` matches whole words without inflections (function words such as
    "no" or "not", which a stemmer would confuse with "none" and "note"). A comma in the
    phrase allows one in the text at that place; elsewhere a comma breaks a match
    ("trigger point, causing the muscle to twitch" is not "trigger point causing")."""
    specs: list[Spec] = []
    for word in text.split():
        if word.startswith("n't"):
            specs.append(("n", "n't"))
            word = word[3:]
        specs.extend(_word_specs(word, exact))
        if word.endswith((",", ";", "/")) and specs and specs[-1][0] != "c":
            specs.append(("c", ","))
    while specs and specs[-1][0] == "c":
        specs.pop()
    return tuple(specs)


def compile_phrase(text: str) -> tuple[tuple[Spec, ...], ...]:
    """A detect phrase as its ``&``-separated parts; empty parts are dropped."""
    return tuple(p for p in (compile_part(x) for x in str(text).split("&")) if p)


def spec_matches(spec: Spec, tok: Token) -> bool:
    kind, value = spec
    if kind == "s":
        return tok.stem == value
    if kind == "p":
        return tok.norm.startswith(value)
    if kind == "w":
        return tok.norm == value
    if kind == "d":
        return is_number(tok)
    return tok.norm.endswith("n't") or tok.norm in ("cannot", "not")


def match_at(tokens: list[Token], i: int, specs: tuple[Spec, ...]) -> int | None:
    """Index of the last token of a match of ``specs`` starting at token ``i``, or None."""
    if not spec_matches(specs[0], tokens[i]):
        return None
    pos = i
    n = len(tokens)
    comma_ok = False
    for spec in specs[1:]:
        if spec[0] == "c":
            comma_ok = True
            continue
        j = pos + 1
        skipped = 0
        while j < n and skipped < 2 and _skippable(tokens[j]) and \
                not spec_matches(spec, tokens[j]):
            j += 1
            skipped += 1
        if j < n and spec_matches(spec, tokens[j]) and (comma_ok or not tokens[j].comma_before):
            pos = j
            comma_ok = False
            continue
        comma_ok = False
        pos = _after_coordination(tokens, pos, spec)
        if pos is None:
            return None
    return pos


def _skippable(tok: Token) -> bool:
    """A determiner ("relieve your pain") or an adverb ("feel noticeably better", "muscles
    gradually relax") may sit between two words of a phrase."""
    return tok.norm in DETERMINERS or (
        len(tok.norm) >= 5 and tok.norm.endswith("ly") and tok.norm not in _NOT_SKIPPED_LY)


def _after_coordination(tokens: list[Token], pos: int, spec: Spec) -> int | None:
    """"neck and back pain": from `neck`, skip "and back" to reach `pain`."""
    n = len(tokens)
    for gap in (1, 2, 3):
        k = pos + 1 + gap
        if k >= n:
            return None
        skipped = tokens[pos + 1:k]
        if not (skipped[0].norm in COORDINATORS or skipped[0].comma_before):
            return None
        if any(t.norm in _GAP_STOP for t in skipped):
            return None
        if all(t.norm in COORDINATORS for t in skipped):
            continue  # "muscles and injuries" is two things, not "muscle injuries"
        if tokens[k].comma_before:
            continue
        # the skipped words must end in a list item of at most two words ("and lower back"),
        # so "trigger points, dry needling relieves pain" is not "trigger point pain"
        item = max(j for j, t in enumerate(skipped) if t.norm in COORDINATORS or
                   t.comma_before)
        if len(skipped) - item - (skipped[item].norm in COORDINATORS) > 2:
            return None
        if spec_matches(spec, tokens[k]):
            return k
    return None


def find_part(tokens: list[Token], specs: tuple[Spec, ...]) -> Iterator[tuple[int, int]]:
    """Every (first, last) token span where the part matches."""
    for i in range(len(tokens)):
        last = match_at(tokens, i, specs)
        if last is not None:
            yield i, last


_BUCKETS = ("_by_stem", "_by_word", "_by_prefix3")
# words whose candidate parts an index keeps (``PartIndex.matches``): pages repeat their words;
# past this many the memo starts again, so a stream of new words cannot grow it
_MAX_CANDIDATES = 10_000


class PartIndex:
    """Many parts, looked up by their first word so a sentence is scanned once.

    Each part carries a payload; ``matches`` yields (payload, first, last) for every place
    a part occurs. Stem-anchored parts are found by dictionary lookup, prefix-anchored
    ones by their first three letters.
    """

    def __init__(self) -> None:
        self._by_stem: dict[str, list[tuple[tuple[Spec, ...], object]]] = {}
        self._by_word: dict[str, list[tuple[tuple[Spec, ...], object]]] = {}
        self._by_prefix3: dict[str, list[tuple[str, tuple[Spec, ...], object]]] = {}
        self._short_prefix: list[tuple[str, tuple[Spec, ...], object]] = []
        self._negation: list[tuple[tuple[Spec, ...], object]] = []
        self._number: list[tuple[tuple[Spec, ...], object]] = []

    def add(self, part: tuple[Spec, ...], payload: object,
            needs: frozenset[str] | None = None) -> None:
        """Index ``part``. ``needs``: words (stems, or exact words) that a sentence must hold
        for the payload to matter at all (default: the part's own words after its first);
        a sentence without one of them is not even tried (``matches``)."""
        if needs is None:
            needs = words_needed(part[1:])
        entry = (part, payload, needs or None)
        self.__dict__.pop("_candidates", None)
        kind, value = part[0]
        if kind == "s":
            self._by_stem.setdefault(value, []).append(entry)
        elif kind == "w":
            self._by_word.setdefault(value, []).append(entry)
        elif kind == "p" and len(value) >= 3:
            self._by_prefix3.setdefault(value[:3], []).append((value, *entry))
        elif kind == "p":
            self._short_prefix.append((value, *entry))
        elif kind == "d":
            self._number.append(entry)
        else:
            self._negation.append(entry)

    def __getstate__(self) -> dict:
        # each bucket pickled on its own (the lint cache): a warm start decodes only the
        # buckets a draft's words look up, however large the library (see ``packed``)
        from .packed import pack

        state = dict(self.__dict__)
        state.pop("_candidates", None)  # derived; made again on first use
        for name in _BUCKETS:
            state[name] = {k: v if v.__class__ is bytes else pack(v)
                           for k, v in state[name].items()}
        return state

    @staticmethod
    def _unpacked(table: dict, key: str) -> list:
        """``table[key]``, decoded and kept when it is still packed (bytes)."""
        from .packed import unpack

        value = table[key] = unpack(table[key])
        return value

    def _candidates_of(self, tok: Token) -> list | tuple:
        """The parts that may start at ``tok``, in the order ``matches`` tries them (its
        stem's, its word's, then the prefixes, "n't" and number parts that take it); empty
        when no part can. Depends only on the token's norm (its stem is the norm's, see
        ``tokenize``): ``matches`` keeps it by norm."""
        by_stem, by_word, by_prefix3 = self._by_stem, self._by_word, self._by_prefix3
        short, negation, number = self._short_prefix, self._negation, self._number
        norm = tok.norm
        candidates = by_stem.get(tok.stem)
        if candidates.__class__ is bytes:
            candidates = self._unpacked(by_stem, tok.stem)
        words = by_word.get(norm)
        if words is not None:
            if words.__class__ is bytes:
                words = self._unpacked(by_word, norm)
            candidates = words if candidates is None else candidates + words
        prefix = by_prefix3.get(norm[:3])
        prefixed = None
        if prefix is not None:
            if prefix.__class__ is bytes:
                prefix = self._unpacked(by_prefix3, norm[:3])
            prefixed = [entry for value, *entry in prefix if norm.startswith(value)]
        if short:
            prefixed = (prefixed or []) + [entry for value, *entry in short
                                           if norm.startswith(value)]
        if negation and spec_matches(("n", "n't"), tok):
            prefixed = (prefixed or []) + negation
        if number and is_number(tok):
            prefixed = (prefixed or []) + number
        if candidates is None:
            return prefixed or ()
        if prefixed:
            candidates = candidates + prefixed
        return candidates

    def matches(self, tokens: list[Token]) -> Iterator[tuple[object, int, int]]:
        # the hot loop of lint. The detector asks a dozen indexes about each sentence, and
        # most words start no part of any: so each index keeps, per word it has seen, the
        # parts that may start there (``_candidates_of``; a token's stem and the rest follow
        # from its lower-case word), and a sentence's words are listed once
        # (``sentence_words``): an index looks its words up in one go and visits, in order,
        # only the tokens where a part may start
        # only the words that start a part are ``live``: most sentences share none with an
        # index, and one set test says so (the pair is replaced whole: a thread never reads
        # one memo with another's live words)
        words = sentence_words(tokens)
        norms = words.norms
        known = self.__dict__.get("_candidates")
        if known is None or len(known[0]) > _MAX_CANDIDATES:
            known = self.__dict__["_candidates"] = ({}, set())
        memo, live = known
        if not memo.keys() >= words.distinct:
            for i, norm in enumerate(norms):
                if norm not in memo:
                    found = memo[norm] = self._candidates_of(tokens[i])
                    if found:
                        live.add(norm)
        if live.isdisjoint(words.distinct):
            return
        found = list(map(memo.__getitem__, norms))
        held = words.held
        for i in compress(range(len(found)), found):
            for part, payload, needs in found[i]:
                if needs is not None and not needs <= held:
                    continue  # a word it needs is nowhere in the sentence
                last = match_at(tokens, i, part) if len(part) > 1 else i
                if last is not None:
                    yield payload, i, last


class SentenceWords:
    """What the indexes ask of a sentence, listed once: the lower-case word of each token
    (``norms``), those words as a set (``distinct``), and its stems and words (``held``)."""

    __slots__ = ("tokens", "norms", "distinct", "held")

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.norms = norms = [t.norm for t in tokens]
        self.distinct = distinct = frozenset(norms)
        self.held = distinct.union([t.stem for t in tokens])


_LAST_WORDS: SentenceWords | None = None  # the last sentence asked (it keeps it alive)


def sentence_words(tokens: list[Token]) -> SentenceWords:
    """``SentenceWords`` of ``tokens``, made once per sentence (the detector asks a dozen
    indexes about the same tokens). The last one is kept, replaced whole: a thread never
    reads half of one."""
    global _LAST_WORDS
    last = _LAST_WORDS
    if last is not None and last.tokens is tokens:
        return last
    last = _LAST_WORDS = SentenceWords(tokens)
    return last


def words_needed(specs) -> frozenset[str]:
    """The stems and exact words that ``specs`` can only match in a sentence holding them
    (``match_at`` finds each spec at some token: a stem ``s`` as a token's stem, a word ``w``
    as its lower-case form); prefixes, numbers and ``n't`` are not counted."""
    return frozenset(value for kind, value in specs if kind in ("s", "w"))
