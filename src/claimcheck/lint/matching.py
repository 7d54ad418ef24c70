"""Where claims' `detect` phrases occur in a sentence, before any judgement.

Every claim's phrases, with their synonym and kind variants (``lint-vocabulary.yaml``), are
indexed by their first word so that a sentence is scanned once; ``ClaimIndex.raw_matches``
lists every phrase found. Whether the sentence *makes* the claim is ``detection``'s call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from .vocabulary import Part, Vocabulary
from .phrases import DETERMINERS, PartIndex, Spec, Token, compile_phrase, stem, words_needed

MAX_VARIANTS = 64
# words between "my" and a body part in an outcome report ("my dodgy left knee")
_SITE_WORDS = frozenset("lower upper left right bad dodgy sore stiff painful achy old".split())


@dataclass(frozen=True)
class ClaimPattern:
    claim: str
    kind: str
    phrase: str  # the detect entry it came from, for explanations and gap reports
    parts: tuple[Part, ...]


@dataclass
class Match:
    claim: str
    kind: str
    phrase: str
    spans: list[list[tuple[int, int]]]  # for each part, every token span where it occurs


def _same(a: Spec, b: Spec) -> bool:
    if a == b:
        return True
    # a group member `endorphin*` stands for the detect word `endorphin` and vice versa
    # and the detect word `muscle*` contains the member `muscle` (stem "muscl")
    return (a[0] == "p" and b[0] == "s" and b[1].startswith(a[1])) or \
        (b[0] == "p" and a[0] == "s" and (a[1].startswith(b[1]) or stem(b[1]) == a[1])) or \
        (a[0] == "p" and b[0] == "s" and stem(a[1]) == b[1])


class _Expander:
    """Synonym variants of a part: each group member found in it swapped for the others."""

    def __init__(self, synonyms: Sequence[Sequence[Part]], heads_only: bool = False) -> None:
        # heads_only: lists of kinds, where only the first (general) word is swapped
        self.by_first: dict[str, list[tuple[Part, Sequence[Part]]]] = {}
        for group in synonyms:
            for member in group[:1] if heads_only else group:
                self.by_first.setdefault(member[0][1], []).append((member, group))

    def _members_at(self, v: Part, i: int) -> Iterator[tuple[Part, Sequence[Part]]]:
        value = v[i][1]
        seen = set()
        for key in (value, *(value[:n] for n in range(3, len(value)))):
            for member, group in self.by_first.get(key, ()):
                width = len(member)
                if id(member) not in seen and i + width <= len(v) and \
                        all(_same(member[j], v[i + j]) for j in range(width)):
                    seen.add(id(member))
                    yield member, group

    def expand(self, part: Part) -> list[Part]:
        """Non-overlapping group members found in ``part`` (longest first), each kept or
        swapped for another member; variants of variants are not made, so nested groups
        ("back pain" inside "low back pain") cannot produce "low low back pain"."""
        slots: list[tuple[int, Part, Sequence[Part]]] = []
        i = 0
        while i < len(part):
            found = sorted(self._members_at(part, i), key=lambda mg: -len(mg[0]))
            if found:
                member, group = found[0]
                slots.append((i, member, group))
                i += len(member)
            else:
                i += 1
        variants: list[Part] = [part]
        seen = {part}
        for pos, member, group in reversed(slots):  # right to left keeps positions valid
            for v in list(variants):
                for other in group:
                    if other is member or len(variants) >= MAX_VARIANTS:
                        continue
                    new = v[:pos] + other + v[pos + len(member):]
                    if new not in seen:
                        seen.add(new)
                        variants.append(new)
        return variants


class ClaimIndex:
    """All claims' detect phrases, indexed by their first word."""

    def __init__(self, claims: Iterable[tuple[str, str, Sequence[str]]],
                 vocabulary: Vocabulary) -> None:
        self.vocab = vocabulary
        claims = list(claims)
        self.patterns: list[ClaimPattern] = []
        self.index = PartIndex()  # payload: (pattern index, part index)
        expander = _Expander(vocabulary.synonyms)
        # kinds apply to synonym variants too: "tight muscle" (muscle tension) -> "tight calf"
        kinds = _Expander(vocabulary.kinds, heads_only=True)
        # the body part most of a condition claim's phrases name ("knee" for knee pain): a
        # word it shares with other claims ("osteoarthritis") does not make it when the
        # sentence puts that word in another part ("hip osteoarthritis")
        self.sites: dict[str, frozenset[str]] = {}
        self.kinds = {claim_id: kind for claim_id, kind, _ in claims}
        for claim_id, kind, phrases in claims:
            compiled = [(phrase, compile_phrase(phrase)) for phrase in phrases]
            counts = Counter(b for _, parts in compiled for b in vocabulary.body_parts &
                             {spec[1] for part in parts for spec in part})
            site = frozenset(b for b, n in counts.items() if 2 * n > len(phrases))
            if kind == "condition" and site:
                self.sites[claim_id] = site
            for phrase, parts in compiled:
                if not parts:
                    continue
                idx = len(self.patterns)
                self.patterns.append(ClaimPattern(claim_id, kind, str(phrase), parts))
                per_part = [list(dict.fromkeys(k for v in expander.expand(part)
                                               for k in kinds.expand(v)))[:4 * MAX_VARIANTS]
                            for part in parts]
                # a phrase is found only when every part is: the words that each variant of
                # a part shares are needed by the whole phrase (``PartIndex.matches`` skips
                # the phrase in a sentence without them)
                shared = [frozenset.intersection(*(words_needed(v) for v in variants))
                          for variants in per_part]
                for p_i, variants in enumerate(per_part):
                    others = frozenset().union(*(w for q, w in enumerate(shared) if q != p_i))
                    for variant in variants:
                        self.index.add(variant, (idx, p_i), words_needed(variant[1:]) | others)

    def __getstate__(self) -> dict:
        # the lint cache: patterns are decoded in chunks, when a draft matches one (``packed``)
        from .packed import PackedList

        state = dict(self.__dict__)
        if not isinstance(self.patterns, PackedList):
            state["patterns"] = PackedList(self.patterns)
        return state

    def raw_matches(self, tokens: list[Token]) -> list[Match]:
        """Every detect phrase that occurs, before judging: one Match per phrase, so a claim
        found by several phrases is judged on each (a claim is made when any of them is)."""
        # spans in the order found, without repeats (a dict: a phrase that recurs thousands of
        # times in one sentence must not make this quadratic)
        found: dict[tuple[int, int], dict[tuple[int, int], None]] = {}
        for key, i, last in self.index.matches(tokens):
            found.setdefault(key, {})[(i, last)] = None  # type: ignore[index]
        out = []
        patterns = self.patterns
        # a ``PackedList`` (the lint cache) read by ``_item``: these indexes are its own, so
        # the range checks of ``__getitem__`` are skipped
        item = getattr(patterns, "_item", None) or patterns.__getitem__
        for idx in sorted({pat for pat, _ in found}):
            pattern = item(idx)
            per_part = [found.get((idx, p_i)) for p_i in range(len(pattern.parts))]
            if all(per_part):
                out.append(Match(pattern.claim, pattern.kind, pattern.phrase,
                                 [list(s) for s in per_part]))  # type: ignore[arg-type]
        return out

    def elsewhere(self, m: Match, tokens: list[Token]) -> bool:
        """Whether a condition claim with a body part of its own was found by a word that the
        sentence puts in another body part ("hip osteoarthritis" is not knee pain)."""
        site = self.sites.get(m.claim)
        if not site:
            return False
        parts = self.vocab.body_parts

        def other(span: tuple[int, int]) -> bool:
            if any(t.stem in site for t in tokens[span[0]:span[1] + 1]):
                return False
            near = _part_near(tokens, span, parts)
            return near is not None and near not in site

        return all(other(span) for spans in m.spans for span in spans)

    def reported_sites(self, tokens: list[Token], found: set[str]) -> list[Match]:
        """In an outcome report, "my shoulder" ("two sessions and my shoulder is finally
        moving") names the complaint of that body part: the condition claim whose site it is,
        when one claim has that site. "my upper back" is not the lower back."""
        by_site: dict[str, list[str]] = {}
        for claim, site in self.sites.items():
            for b in site:
                by_site.setdefault(b, []).append(claim)
        out = []
        for i, tok in enumerate(tokens):
            if tok.norm != "my":
                continue
            k = i + 1
            while k < len(tokens) and k <= i + 2 and tokens[k].norm in _SITE_WORDS:
                k += 1
            claims = by_site.get(tokens[k].stem, []) if k < len(tokens) else []
            if len(claims) == 1 and claims[0] not in found and \
                    not any(t.norm == "upper" for t in tokens[i + 1:k]):
                found.add(claims[0])
                out.append(Match(claims[0], "condition", "my " + tokens[k].norm, [[(i, k)]]))
        return out


def _part_near(tokens: list[Token], span: tuple[int, int], parts: frozenset[str]) -> str | None:
    """The body part a condition word is put in: the word before it ("hip osteoarthritis")
    or after "of"/"in" ("arthritis in my hip")."""
    s, e = span
    if s > 0 and tokens[s - 1].stem in parts and not tokens[s].comma_before:
        return tokens[s - 1].stem
    k = e + 1
    if k < len(tokens) and tokens[k].norm in ("of", "in"):
        k += 1
        while k < len(tokens) and tokens[k].norm in DETERMINERS:
            k += 1
        if k < len(tokens) and tokens[k].stem in parts:
            return tokens[k].stem
    return None
