"""Which claims a sentence makes: `detect` phrases found, then judged as claims.

Finding a phrase is not enough. A sentence *makes* a claim only when it asserts it:
- a question, a negation ("is not a cure for fibromyalgia") or a hedge ("there is no
  evidence that it releases endorphins") does not;
- an efficacy or condition claim needs a word of benefit or of treatment in the sentence,
  or a word of benefit in the lead-in of its list ("It can help with:" + "Lower back
  pain"): "My neck pain started last year" only mentions a topic;
- a booking line ("Book your dry needling session") is not a claim unless it promises
  something, and a definition ("Sciatica is pain ...") is not one either.
The words behind each rule live in ``data/lint-vocabulary.yaml`` so a curator can tune
them; the `detect` phrases live in the claim files.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import LibraryError
from .phrases import PartIndex, Spec, Token, compile_part, compile_phrase, tokenize

VOCABULARY = "lint-vocabulary.yaml"
Part = tuple[Spec, ...]
# Claim kinds that promise an outcome: a bare mention of the condition is not a claim.
BENEFIT_KINDS = frozenset({"efficacy", "condition"})
_COPULAS = frozenset("is are means refers describes occurs happens".split())
MAX_VARIANTS = 64
# negations that, opening a sentence, reach past its commas ("No treatment, including dry
# needling, works for everyone"), unlike "whether" or "without"
_SENTENCE_NEGATIONS = frozenset("no not never none nothing neither".split())


def load_vocabulary(path: Path | None = None) -> dict:
    """The lint vocabulary (default: the one shipped with claimcheck; YAML, see the file's
    comments). Raises ``LibraryError`` (file, line, list) when an edit broke it."""
    from .files import parse_yaml

    path = path or Path(str(resources.files("claimcheck").joinpath("data", VOCABULARY)))
    data = parse_yaml(path.read_text(encoding="utf-8"), path)
    if not isinstance(data, dict):
        raise LibraryError(path, "expected a mapping of list name: entries")
    for key, value in data.items():
        entries = value if key != "synonyms" else [x for group in value or [] for x in
                                                    (group if isinstance(group, list) else
                                                     [None])]
        if not isinstance(value, list) or any(not isinstance(x, (str, int, float))
                                              for x in entries):
            what = "a list of lists of phrases" if key == "synonyms" else "a list of phrases"
            raise LibraryError(path, f"expected {what}", field=str(key))
        if any(isinstance(x, bool) for x in entries):
            raise LibraryError(path, "a bare yes/no/on/off is read as true/false; put the word "
                                     "in quotes ('no')", field=str(key))
    return data


class PhraseSet:
    """A list of phrases (one part each) with a fast "where do any of them occur"."""

    def __init__(self, phrases: Iterable[str], exact: bool = False) -> None:
        self.index = PartIndex()
        for x in phrases:
            part = compile_part(x, exact)
            if part:
                self.index.add(part, x)

    def spans(self, tokens: list[Token]) -> list[tuple[int, int]]:
        return sorted({(i, last) for _, i, last in self.index.matches(tokens)})

    def occurs(self, tokens: list[Token]) -> bool:
        return next(iter(self.index.matches(tokens)), None) is not None


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


@dataclass
class Vocabulary:
    """The word lists of ``data/lint-vocabulary.yaml``, compiled."""

    synonyms: list[list[Part]]
    cues: PhraseSet  # benefit and usage cues
    benefit: PhraseSet  # benefit cues only: what turns a booking line into a claim
    negations: PhraseSet
    not_negations: PhraseSet
    hedges: PhraseSet
    modal_hedges: PhraseSet
    qualifiers: PhraseSet
    contrasts: frozenset[str]
    booking: PhraseSet
    treatment: PhraseSet
    abbreviations: frozenset[str]

    @classmethod
    def from_data(cls, data: dict) -> "Vocabulary":
        def words(key: str) -> list[str]:
            return [str(x) for x in data.get(key) or []]

        return cls(
            synonyms=[[p for p in (compile_part(str(m)) for m in group) if p]
                      for group in data.get("synonyms") or []],
            cues=PhraseSet(words("benefit_cues") + words("usage_cues")),
            benefit=PhraseSet(words("benefit_cues")),
            negations=PhraseSet(words("negations"), exact=True),
            not_negations=PhraseSet(words("not_negations"), exact=True),
            hedges=PhraseSet(words("hedges")),
            modal_hedges=PhraseSet(words("modal_hedges"), exact=True),
            qualifiers=PhraseSet(words("qualifiers")),
            contrasts=frozenset(w.lower() for w in words("contrasts")),
            booking=PhraseSet(words("booking")), treatment=PhraseSet(words("treatment_words")),
            abbreviations=frozenset(w.lower().rstrip(".") for w in words("abbreviations")))


def _same(a: Spec, b: Spec) -> bool:
    if a == b:
        return True
    # a group member `endorphin*` stands for the detect word `endorphin` and vice versa
    return (a[0] == "p" and b[0] == "s" and b[1].startswith(a[1])) or \
        (b[0] == "p" and a[0] == "s" and a[1].startswith(b[1]))


class _Expander:
    """Synonym variants of a part: each group member found in it swapped for the others."""

    def __init__(self, synonyms: Sequence[Sequence[Part]]) -> None:
        self.by_first: dict[str, list[tuple[Part, Sequence[Part]]]] = {}
        for group in synonyms:
            for member in group:
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


class Detector:
    """All claims' detect phrases, indexed by their first word, plus the judgement rules."""

    def __init__(self, claims: Iterable[tuple[str, str, Sequence[str]]],
                 vocabulary: Vocabulary) -> None:
        self.vocab = vocabulary
        self.patterns: list[ClaimPattern] = []
        self.index = PartIndex()  # payload: (pattern index, part index)
        expander = _Expander(vocabulary.synonyms)
        for claim_id, kind, phrases in claims:
            for phrase in phrases:
                parts = compile_phrase(phrase)
                if not parts:
                    continue
                idx = len(self.patterns)
                self.patterns.append(ClaimPattern(claim_id, kind, str(phrase), parts))
                for p_i, part in enumerate(parts):
                    for variant in expander.expand(part):
                        self.index.add(variant, (idx, p_i))

    def raw_matches(self, tokens: list[Token]) -> list[Match]:
        """Every claim whose detect phrase occurs, before judging (one Match per claim)."""
        found: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for key, i, last in self.index.matches(tokens):
            spans = found.setdefault(key, [])  # type: ignore[arg-type]
            if (i, last) not in spans:
                spans.append((i, last))
        by_claim: dict[str, Match] = {}
        for idx in sorted({pat for pat, _ in found}):
            pattern = self.patterns[idx]
            per_part = [found.get((idx, p_i)) for p_i in range(len(pattern.parts))]
            if not all(per_part):
                continue
            if pattern.claim in by_claim:  # another phrase of the same claim: more places
                for mine, more in zip(by_claim[pattern.claim].spans, per_part):
                    mine.extend(s for s in more if s not in mine)
                continue
            by_claim[pattern.claim] = Match(pattern.claim, pattern.kind, pattern.phrase,
                                            [list(s) for s in per_part])  # type: ignore
        return list(by_claim.values())

    # -- judgement ---------------------------------------------------------------------
    def claims_in(self, text: str, context: str | None = None,
                  question: bool = False) -> list[Match]:
        """The claims ``text`` makes (``context``: the lead-in line of its list, if any)."""
        tokens = tokenize(text)
        if not tokens:
            return []
        matches = self.raw_matches(tokens)
        if not matches or question:
            return []
        ctx_tokens = tokenize(context) if context else []
        v = self.vocab
        treatment = v.treatment.occurs(tokens)
        benefit = treatment or v.cues.occurs(tokens) or \
            bool(ctx_tokens and v.cues.occurs(ctx_tokens))
        booking = v.booking.occurs(tokens) and not v.benefit.occurs(tokens)
        clause = _clauses(text, tokens)
        segments, reversals = _segments(tokens, v.contrasts)
        negs = _negation_positions(tokens, v)
        hedges = [s for s, _ in v.hedges.spans(tokens)]
        if not treatment and any(m.kind == "condition" and _is_definition(tokens, m)
                                 for m in matches):
            return []  # "Sciatica is pain that travels ...": about the condition, not a claim
        if v.modal_hedges.occurs(tokens) and v.qualifiers.occurs(tokens):
            return []  # "may reduce neck pain slightly in the short term": honest wording
        kept = []
        for m in matches:
            if booking:
                continue
            if m.kind in BENEFIT_KINDS and not benefit:
                continue
            if not treatment and _is_definition(tokens, m):
                continue
            inside = {i for spans in m.spans for s, e in spans for i in range(s, e + 1)}
            opens_negated = tokens[0].norm in _SENTENCE_NEGATIONS and 0 in negs
            if all(any(not (opens_negated and segments[span[0]] == 0 and 0 not in inside) and
                       not _negated(span, clause, negs) and
                       not _hedged(span[0], segments, reversals, hedges, inside)
                       for span in spans) for spans in m.spans):
                kept.append(m)
        return _drop_contained(kept, tokens)


def _clauses(text: str, tokens: list[Token]) -> list[int]:
    """Clause number of each token; clauses break at , ; : ( ) and dashes."""
    out, n, prev = [], 0, 0
    for tok in tokens:
        between = text[prev:tok.start]
        if any(ch in between for ch in ",;:()\u2014\u2013") or " - " in between:
            n += 1
        out.append(n)
        prev = tok.end
    return out


def _segments(tokens: list[Token], contrasts: frozenset[str]) -> tuple[list[int], set[int]]:
    """Segment number of each token, split at contrast words; ``reversals`` holds the
    segments that start with but/however/yet (which overturn the segment before them)."""
    out, n, reversals = [], 0, set()
    for i, tok in enumerate(tokens):
        if tok.norm in contrasts and i > 0:
            n += 1
            if tok.norm in ("but", "however", "yet"):
                reversals.add(n)
        out.append(n)
    return out, reversals


def _negation_positions(tokens: list[Token], v: Vocabulary) -> list[int]:
    masked = {i for s, e in v.not_negations.spans(tokens) for i in range(s, e + 1)}
    return [s for s, _ in v.negations.spans(tokens) if s not in masked] + \
        [i for i, t in enumerate(tokens) if t.norm.endswith("n't") and i not in masked]


def _negated(span: tuple[int, int], clause: list[int], negs: list[int]) -> bool:
    start, end = span
    return any(i < start and clause[i] == clause[start] and start - i <= 12 for i in negs
               if not start <= i <= end)


def _hedged(first: int, segments: list[int], reversals: set[int], hedges: list[int],
            inside: set[int]) -> bool:
    seg = segments[first]
    for h in hedges:
        if h in inside:
            continue
        if segments[h] == seg or (segments[h] == seg + 1 and seg + 1 in reversals):
            return True
    return False


def _is_definition(tokens: list[Token], m: Match) -> bool:
    """"Sciatica is pain that ...": the condition is the subject of a copula."""
    start, end = m.spans[0][0]
    lead = [t for t in tokens[:start] if t.norm not in ("the", "a", "an")]
    return not lead and end + 1 < len(tokens) and tokens[end + 1].norm in _COPULAS


def _modifies(longer: tuple[int, int], shorter: tuple[int, int], tokens: list[Token]) -> bool:
    """Whether ``longer`` is ``shorter`` with words in front ("tension headache" and
    "headache"), not a coordination ("headaches and migraine" and "migraine")."""
    if not (longer[0] < shorter[0] and shorter[1] == longer[1]):
        return False
    return not any(t.norm in ("and", "or") or t.comma_before
                   for t in tokens[longer[0] + 1:shorter[0] + 1])


def _drop_contained(matches: list[Match], tokens: list[Token]) -> list[Match]:
    """"tension headaches" also contains "headache": keep only the longer claim."""
    if len(matches) < 2:
        return matches

    def single(m: Match) -> tuple[int, int] | None:
        return m.spans[0][0] if len(m.spans) == 1 and len(m.spans[0]) == 1 else None

    keep = []
    for m in matches:
        s = single(m)
        if s is not None and any(_modifies(o_s, s, tokens) for o in matches
                                 if o is not m and (o_s := single(o)) is not None):
            continue
        keep.append(m)
    return keep
