"""Find the claims a draft makes and attach what the library says about each.

``lint_text(lib, text, source)`` is the library call behind ``claimcheck lint``:
the draft is read (textextract), split into sentences, headings and list items
(sentences), each unit is checked against every claim's `detect` phrases and judged
(detection), and each claim found becomes a ``Finding`` with the claim's verdict,
certainty, best citations and a safer wording (grading). A ``LintReport`` collects
the findings and decides the exit code; rendering lives in ``lint_render``.
"""

from __future__ import annotations

import os
import re
import sys
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from .claiminfo import ClaimInfo
from .detection import MODEL_PHRASE, SAFETY_KINDS, Detector
from .gate import SEVERITIES, UNBACKED, UNSUPPORTED, judge
from .lists import Items, without_pair
from .rewrite import drops_words, edited, fallback, rewrite
from .strength import (RHETORICAL, analyse, assurances_in, clauses, folded, reported,
                       unbacked_absolute)

# the library's claim that dry needling is safe (in trained hands): what an assurance asserts
SAFETY_ASSURANCE = "safe-when-trained"
from .diagnostic import Diagnostic
from .freshness import evidence_diagnostics
from .suppression import apply_suppressions, read_directives
from .vocabulary import Vocabulary, default_vocabulary
from .matching import Match
from ..errors import InputError
from ..library.vocabulary import VERDICT_VALUES
from .sentences import Sentence, segment
from .extract import Document, extract

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library

# severities (the publish gate, lint.gate) and verdicts a finding fails the run with
DEFAULT_FAIL_ON = ("error",)
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Finding:
    """One claim made by one sentence. ``line`` is 1-based; ``start``/``end`` are
    0-based character offsets into the original input (``end`` exclusive)."""

    source: str
    line: int
    start: int
    end: int
    sentence: str
    claim: str
    verdict: str
    certainty: str
    citations: tuple[str, ...]
    suggestion: str
    # 1-based columns and the end line, for editors and SARIF; not part of the JSON contract
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    # the reason of an inline suppression (lint.suppression); in the baseline (lint.baseline)
    suppressed: str | None = None
    baseline: bool = False
    # what found it: a `detect` phrase ("rule") or the learned stage ("model", with its score)
    detected_by: str = "rule"
    score: float | None = None
    # the publish gate (lint.gate): the severity, the strength found and allowed, the words
    # that widen the claim, why, and one safer version of the whole sentence
    severity: str = "ok"
    strength: str = "plain"
    allowed: str = "none"
    scope: tuple[str, ...] = ()
    reason: str = ""
    rewrite: str = ""
    references: tuple[tuple[str, str | None, str | None], ...] = ()

    def evidence(self) -> dict:
        """Where to read the evidence: the claim's page in the report, and each citation's
        PubMed and DOI link."""
        refs = []
        for key, pmid, doi in self.references:
            refs.append({"key": key, "pmid": pmid, "doi": doi,
                         "pubmed": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
                         "doi_url": f"https://doi.org/{doi}" if doi else None})
        page = None if self.claim == UNBACKED else f"claims/{self.claim}.html"
        return {"claim_page": page, "references": refs}

    @property
    def active(self) -> bool:
        """Counts for the exit code: neither suppressed in the draft nor in the baseline."""
        return self.suppressed is None and not self.baseline

    def as_dict(self) -> dict:
        out = {"source": self.source, "line": self.line, "start": self.start, "end": self.end,
               "sentence": self.sentence, "claim": self.claim, "verdict": self.verdict,
               "certainty": self.certainty, "citations": list(self.citations),
               "suggestion": self.suggestion, "detected_by": self.detected_by,
               "score": self.score, "severity": self.severity,
               "strength": {"found": self.strength, "allowed": self.allowed},
               "scope": list(self.scope), "reason": self.reason, "rewrite": self.rewrite,
               "evidence": self.evidence()}
        if self.suppressed is not None:
            out["suppressed"] = {"reason": self.suppressed}
        if self.baseline:
            out["baseline"] = True
        return out


_OPEN_QUOTES = "\u201c\u201e\u00ab"
_CLOSE_QUOTES = "\u201d\u00bb"


def _opens_quote(text: str) -> bool:
    """``text`` opens a quotation that it does not close (the quote goes on after it)."""
    text = text.strip()
    if not text or text[0] not in _OPEN_QUOTES + '"':
        return False
    straight = text.count('"')
    if text[0] == '"':
        return straight % 2 == 1
    return sum(text.count(q) for q in _OPEN_QUOTES) > sum(text.count(q) for q in _CLOSE_QUOTES)


# a sentence that lists what the one before it announced ("These include ...", "Common
# examples are ...")
_INCLUDES = re.compile(r"^\W*(?:these|they|this|examples|common (?:ones|examples|conditions))"
                       r"(?: can| may)? (?:include|includes|are|cover|covers|range from)\b",
                       re.I)


def _context(units: Sequence[Sentence], k: int) -> str | None:
    """The lead-in ``units[k]`` is read with: its list's, or for a sentence that lists what
    the one before announced ("Dry needling can help many conditions. These include neck
    pain and sciatica."), that sentence."""
    unit = units[k]
    if unit.context is None and k and _INCLUDES.match(unit.text) and not units[k - 1].question:
        return units[k - 1].text
    return unit.context


def _answer(units: Sequence[Sentence], k: int) -> int | None:
    """The unit that answers the question ``units[k]``: the first of the next three that is
    not itself a question."""
    return next((i for i in range(k + 1, min(k + 4, len(units))) if not units[i].question), None)


def _folded(text: str) -> str:
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'}).lower()
    return " ".join(re.sub(r"[^\w'%]+", " ", text).split())


def _is_own_wording(sentence: str, suggestion: str) -> bool:
    """True when the sentence is (one sentence of) the claim's suggested wording."""
    said = _said(sentence)
    return said is not None and said in _wording_runs(suggestion)


@lru_cache(maxsize=512)  # a library's suggestions, each split and folded once
def _wording_runs(suggestion: str) -> frozenset[str]:
    """The suggested wording's sentences, and each run of them, folded: what a writer who
    publishes it may paste. Whole sentences only: a part of one ("dry needling improves
    athletic performance", out of "We are very uncertain whether dry needling improves
    athletic performance") is the claim with its hedge cut off."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", suggestion.strip()) if p]
    return frozenset(_folded(" ".join(parts[i:j])) for i in range(len(parts))
                     for j in range(i + 1, len(parts) + 1))


def _said(sentence: str) -> str | None:
    """A sentence folded as ``_is_own_wording`` compares it; None when too short to be."""
    said = _folded(sentence)
    return said if len(said.split()) >= 5 else None


# the kinds whose curated wording is offered first among findings as bad as each other
_FALLBACK_ORDER = {"condition": 0, "efficacy": 1}


@dataclass
class LintReport:
    """Findings of one or more documents, in document order.

    ``findings`` keeps suppressed and baselined findings (marked so); counts and the exit
    code are about the ``active`` ones. ``diagnostics`` are problems with the drafts' own
    suppressions; any of them fails the run."""

    findings: list[Finding] = field(default_factory=list)
    sentences: int = 0
    sources: list[str] = field(default_factory=list)
    claims: dict[str, ClaimInfo] = field(default_factory=dict)  # the claims found, for rules
    diagnostics: list[Diagnostic] = field(default_factory=list)
    baseline_used: bool = False  # compared with a baseline (SARIF baselineState)
    warnings: list[Diagnostic] = field(default_factory=list)  # never fail (lint.freshness)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.active]

    @property
    def suppressed(self) -> int:
        return sum(f.suppressed is not None for f in self.findings)

    @property
    def baselined(self) -> int:
        return sum(f.baseline and f.suppressed is None for f in self.findings)

    @property
    def by_verdict(self) -> dict[str, int]:
        counts = {v: 0 for v in VERDICT_VALUES}
        for f in self.active:
            counts[f.verdict] = counts.get(f.verdict, 0) + 1
        return {v: n for v, n in counts.items() if n}

    @property
    def by_severity(self) -> dict[str, int]:
        counts = {s: 0 for s in SEVERITIES}
        for f in self.active:
            counts[f.severity] += 1
        return {s: n for s, n in counts.items() if n}

    def failing(self, fail_on: Iterable[str] = DEFAULT_FAIL_ON) -> list[Finding]:
        wanted = set(fail_on)
        return [f for f in self.active if f.severity in wanted or f.verdict in wanted]

    def exit_code(self, fail_on: Iterable[str] = DEFAULT_FAIL_ON) -> int:
        """1 when an active finding has a severity or verdict in ``fail_on`` or a suppression
        could not be honoured (a diagnostic), else 0 (DESIGN.md)."""
        return 1 if self.diagnostics or self.failing(fail_on) else 0

    def as_dict(self) -> dict:
        out: dict = {"findings": [f.as_dict() for f in self.findings]}
        if self.diagnostics:  # only then, like "suppressed"/"baseline" on findings
            out["diagnostics"] = [d.as_dict() for d in self.diagnostics]
        if self.warnings:
            out["warnings"] = [d.as_dict() for d in self.warnings]
        out["summary"] = {"sentences": self.sentences, "findings": len(self.active),
                          "by_verdict": self.by_verdict, "by_severity": self.by_severity,
                          "suppressed": self.suppressed,
                          "baselined": self.baselined}
        return out

    def extend(self, other: "LintReport") -> None:
        self.findings.extend(other.findings)
        self.diagnostics.extend(other.diagnostics)
        self.warnings.extend(other.warnings)
        self.sentences += other.sentences
        self.sources.extend(other.sources)
        self.claims.update(other.claims)


def parse_fail_on(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """Severities and verdicts from ``--fail-on`` ("error", "error,warning", "unproven";
    "none" for never)."""
    if value is None:
        return DEFAULT_FAIL_ON
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = tuple(dict.fromkeys(v.strip().lower() for v in items if v.strip()))
    if wanted in ((), ("none",)):
        return ()
    unknown = [v for v in wanted if v not in VERDICT_VALUES and v not in SEVERITIES]
    if unknown:
        raise InputError("--fail-on", f"unknown severity or verdict {unknown[0]!r}; choose from "
                         f"{', '.join(SEVERITIES)}, {', '.join(VERDICT_VALUES)} "
                         "(comma-separated) or 'none'")
    return wanted


# an absolute about dry needling that no library claim stands behind ("Guaranteed results!")
UNBACKED_INFO = ClaimInfo(
    UNBACKED, "framing", "An absolute or booster about dry needling with no library claim "
    "behind it.", (), "unproven", "very-low", (),
    "Say what the evidence shows and how certain it is, instead of calling dry needling "
    "proven, guaranteed or a cure.")


class Linter:
    """The detector and the per-claim verdicts of one library, built once and reused."""

    def __init__(self, claims: Iterable[ClaimInfo], vocabulary: Vocabulary | None = None) -> None:
        self.claims = {c.claim: c for c in claims}
        self.vocab = vocabulary or default_vocabulary()
        self.detector = Detector(((c.claim, c.kind, c.detect) for c in self.claims.values()),
                                 self.vocab)
        # a miss of a claim that cannot be made lets it out with our blessing; a false finding
        # costs a reader a look: the model proposes those at its lower threshold
        self.detector.eager = frozenset(c.claim for c in self.claims.values()
                                        if c.verdict in UNSUPPORTED and c.kind != "precaution")

    def __getstate__(self) -> dict:
        # the lint cache: each claim's data is decoded when a finding needs it (``packed``)
        from .packed import PackedMapping

        state = dict(self.__dict__)
        if not isinstance(self.claims, PackedMapping):
            state["claims"] = PackedMapping(self.claims)
        return state

    @classmethod
    def from_library(cls, lib: "Library") -> "Linter":
        return cls(ClaimInfo.from_library(lib, cid) for cid in lib.claims_by_id)

    def lint_text(self, text: str, source: str = "<text>", kind: str | None = None, *,
                  rewrites: bool = True) -> LintReport:
        return self.lint_document(extract(text, source, kind), rewrites=rewrites)

    def lint_document(self, doc: Document, *, rewrites: bool = True) -> LintReport:
        """Lint a draft already read (``extract``, or ``lint.docx`` for Word).
        ``rewrites=False``: leave each finding's ``rewrite`` empty, for callers that never
        show it (``scan`` keeps no rewrite; writing them took about 4% of lint's time on
        the scan benchmark's pages)."""
        source = doc.source
        directives = read_directives(doc)  # blanks plain-text directive lines
        units = segment(doc, self.vocab.abbreviations)
        report = LintReport(sentences=len(units), sources=[source])
        judged: dict[tuple, list[Match]] = {}

        def claims_in(text: str, context: str | None, question: bool = False,
                      answer: int | None = None, heading: bool = False) -> list[Match]:
            # a unit is judged on its own and again as half of a pair below: judge it once
            key = (text, context, question, answer, heading)
            if key not in judged:
                judged[key] = self.detector.claims_in(text, context, question, answer, heading)
            return judged[key]

        for k, unit in enumerate(units):
            context = _context(units, k)
            # "Why bother with injections when needling works better?" asserts what it asks
            rhetorical = unit.question and RHETORICAL.match(unit.text) is not None
            found = claims_in(unit.text, context, unit.question and not rhetorical,
                              heading=unit.role == "heading")
            if not found and (not unit.question or rhetorical):
                found = self._unmatched_absolutes(unit.text, context)
            # (a heading's claims are read from its words less a "How ..." opener)
            self._add(report, doc, rewrites, unit.start, unit.end, found, context,
                      read=None if unit.role == "heading" else unit.text, assure=True)
            nxt = _answer(units, k) if unit.question else None
            if nxt is not None:
                # "Suffering from rotator cuff pain? Dry needling could be the answer.": the
                # question names the condition, the answer makes the claim; in a run of short
                # questions ("Sore shoulders? Stubborn knots? Try needling.") each has that answer
                answer = units[nxt]
                own = {m.claim for m in claims_in(answer.text, answer.context)}
                pair = claims_in(f"{unit.text} {answer.text}", unit.context,
                                 answer=len(unit.text) + 1)
                self._add(report, doc, rewrites, unit.start, answer.end,
                          [m for m in pair if m.claim not in own], unit.context)
            if k + 1 < len(units) and _opens_quote(unit.text) and \
                    not units[k + 1].question and not _opens_quote(units[k + 1].text):
                # "\"My sciatica stopped me riding. Four sessions and I was back competing.\"": a
                # quoted testimonial told over two sentences names the complaint in one and the
                # outcome in the other; read together, they report that the complaint improved
                after = units[k + 1]
                own = {m.claim for u in (unit, after) for m in claims_in(u.text, u.context)}
                told = claims_in(f"{unit.text} {after.text}", unit.context)
                self._add(report, doc, rewrites, unit.start, after.end,
                          [m for m in told if m.claim not in own], unit.context)
        apply_suppressions(report, doc, units, directives, self.claims)
        evidence_diagnostics(report, self.claims)
        return report

    def _unmatched_absolutes(self, text: str, context: str | None = None) -> list[Match]:
        """What the gate finds where no claim was: a safety assurance ("Totally harmless!") is
        the library's safety assurance claim; any other absolute ("Guaranteed results!") is
        still a claim, one the library has nothing behind."""
        sentence = folded(text)  # lower-cased once for every word list
        if assurances_in(sentence) and not reported(sentence):
            return self._assured()
        if unbacked_absolute(sentence) and \
                not self.detector.about_other_treatment(text, context):
            return [Match(UNBACKED, "framing", "absolute", [])]
        return []

    def _assured(self) -> list[Match]:
        """The library's safety assurance claim, as what an assurance ("Totally harmless!")
        asserts; none when the library has no such safety claim."""
        info = self.claims.get(SAFETY_ASSURANCE)
        return [Match(SAFETY_ASSURANCE, "safety", "assurance", [])] \
            if info is not None and info.kind == "safety" else []

    def _add(self, report: LintReport, doc: Document, rewrites: bool, a: int, b: int,
             matches: list[Match], context: str | None = None, read: str | None = None,
             assure: bool = False) -> None:
        """One finding per claim made by ``doc.text[a:b]`` (under lead-in ``context``);
        ``read``: the text detection read, which the matches' token spans index; ``assure``:
        a unit read alone, where a safety assurance beside other claims is a finding too."""
        if not matches:
            return
        start, end = doc.span(a, b)
        # plain text and Markdown: the sentence exactly as written; HTML: its visible text
        sentence = doc.original[start:end] if doc.starts is None else \
            " ".join(doc.text[a:b].split())
        line, column = doc.position(start)
        end_line, end_column = doc.position(end)
        wording = analyse(sentence)
        if assure and wording.assurances and not wording.reported and \
                not any(m.kind in SAFETY_KINDS for m in matches):
            # "Drug-free, pain-free, risk-free": an assurance beside a benefit claim is judged
            # too, as the library's safety claim
            matches = matches + self._assured()
        worded = self._clause_wordings(sentence, wording, matches)
        said = _said(sentence)
        made = []
        for m in sorted(matches, key=lambda m: m.claim):
            info = self.claims.get(m.claim) or UNBACKED_INFO
            if said is not None and said in _wording_runs(info.suggestion):
                # a writer who publishes the wording we suggest must not be failed for it
                continue
            made.append((m, info, judge(info.claim, info.kind, info.verdict, info.certainty,
                                        worded.get(m.claim, wording))))
        if not made:
            return
        # one safer sentence for all the claims it makes (lint.rewrite)
        safer = self._rewrite(sentence, made, context, read) if rewrites else ""
        for m, info, j in made:
            if info is not UNBACKED_INFO:
                report.claims[m.claim] = info
            by_model = m.phrase.startswith(MODEL_PHRASE)
            report.findings.append(Finding(
                doc.source, line, start, end, sentence, m.claim, info.verdict, info.certainty,
                info.citations, info.suggestion, column, end_line, end_column,
                detected_by="model" if by_model else "rule",
                score=float(m.phrase.split()[1]) if by_model else None,
                severity=j.severity, strength=j.strength, allowed=j.allowed, scope=j.scope,
                reason=j.reason, rewrite=safer, references=info.references))

    def _rewrite(self, sentence: str, made: list, context: str | None,
                 read: str | None = None) -> str:
        """One safer sentence for all the claims ``made`` in it. An unsupported claim made by
        an item of a list ("restores function, increases blood flow and relieves pain")
        leaves with its item, or one made of words the edit drops ("clinically proven")
        with them, and the rest is hedged: the clinic keeps its sentence rather than the
        curated wording of the claim it cannot make. ``read``: the text detection read, for
        where the claims' words are. An edit in which an unsupported claim is still read
        is not offered; the worst claim's curated wording is."""
        # among findings as bad as each other, the curated wording offered when no edit is
        # honest is that of what the sentence promises the reader (a condition, then a
        # benefit), not of a side word ("a proven, drug-free way to get rid of back pain")
        judged = [(j, info.suggestion, info.short_term) for _, info, j in
                  sorted(made, key=lambda x: _FALLBACK_ORDER.get(x[1].kind, 2))]
        unsupported = self._unsupported_in([m for m, _, j in made if j.severity == "error"])
        safer = None
        if unsupported and len(unsupported) < len(made):
            # where the unsupported claims' words are, and the others', when the text
            # detection read lines up with the sentence
            theirs = others = None
            if read is not None and len(read) == len(sentence):
                places = self._places(read, [m.spans for m, _, _ in made])
                theirs = [p for (m, _, _), p in zip(made, places) if m.claim in unsupported]
                others = [p for (m, _, _), p in zip(made, places) if m.claim not in unsupported]
            shorter = self._without_items(sentence, context, unsupported, theirs)
            if shorter is None and theirs is not None:
                shorter = self._without_pair(sentence, context, unsupported, theirs, others)
            if shorter is None and drops_words(sentence):
                # the unsupported claim may be made of the words the edit takes out ("is
                # clinically proven to", "instant relief"): the rest, hedged, if nothing
                # unsupported is read in it any more
                rest = rewrite(sentence, [(j, info.suggestion, info.short_term)
                                          for m, info, j in made if m.claim not in unsupported])
                if rest not in {info.suggestion for _, info, _ in made} and \
                        not self._unsupported_in(self.detector.claims_in(rest, context)):
                    return rest
                # ... and another with its list item ("Studies show it releases endorphins
                # and reduces pain")
                plain = edited(sentence)
                left = self._unsupported_in(self.detector.claims_in(plain, context))
                if left and plain != sentence:
                    shorter = self._without_items(plain, context, left)
            if shorter is not None:
                text, matches = shorter
                wording = analyse(text)
                worded = self._clause_wordings(text, wording, matches)
                kept = []
                for m in matches:
                    info = self.claims[m.claim]
                    kept.append((judge(info.claim, info.kind, info.verdict, info.certainty,
                                       worded.get(m.claim, wording)),
                                 info.suggestion, info.short_term))
                safer = rewrite(text, kept)
                if safer in {s for _, s, _ in kept}:
                    # no edit of the clinic's words, only a kept claim's curated wording:
                    # the worst claim's is the one to offer
                    safer = None
        if safer is None:
            safer = rewrite(sentence, judged)
        if safer != " ".join(sentence.split()) and \
                safer not in {info.suggestion for _, info, _ in made} and \
                self._unsupported_in(self.detector.claims_in(safer, context)):
            # the edited words read as a claim that cannot be made ("may help ... improve
            # muscle function" taken for restoring inhibited muscles): not a fix to offer
            return fallback(judged)
        return safer

    def _unsupported_in(self, found: list[Match], also: set[str] = frozenset()) -> set[str]:
        """The claims of ``found`` that cannot be made, hedged or not (and any of ``also``)."""
        return {m.claim for m in found if m.claim in also or (
            (info := self.claims.get(m.claim)) is not None and
            info.verdict in UNSUPPORTED and info.kind != "precaution")}

    def _places(self, read: str, spans: list) -> list[list[list[tuple[int, int]]]]:
        """Per match (its token ``spans`` in ``read``, the text detection read), per part
        of its phrase, the character spans of that part's words."""
        offsets = self.detector.token_offsets(read)
        last = len(offsets) - 1
        return [[[(offsets[a][0], offsets[min(b, last)][1]) for a, b in part if a <= last]
                 for part in match] for match in spans]

    def _without_pair(self, sentence: str, context: str | None, unsupported: set[str],
                      places: list, staying: list) -> tuple[str, list[Match]] | None:
        """``sentence`` less the noun that makes an unsupported claim where it is one of a
        pair whose other noun is a word of a claim that stays ("relieve pain and tension" is
        "relieve pain"), with the claims it still makes; None when no such pair takes every
        unsupported claim away. Each part of the claim's phrase is tried as the noun (a verb
        part is no name: "reduce & tension" leaves by "tension"); ``places`` and
        ``staying``: where the words of the unsupported claims and of the others are
        (``_places``)."""
        kept = [s for match in staying for part in match for s in part]
        for match in places:
            for part in match:
                if not part:
                    continue
                pair = without_pair(sentence, *part[-1])
                if pair is None:
                    continue
                shorter, a, b = pair
                # the other noun must make a claim that stays: "tight quads and hamstrings"
                # less "tight quads" still releases the hamstrings, unread
                if not any(s < b and a < e for s, e in kept):
                    continue
                trial = self.detector.claims_in(shorter, context)
                if trial and not self._unsupported_in(trial, unsupported):
                    return shorter, trial
        return None

    def _without_items(self, sentence: str, context: str | None, unsupported: set[str],
                       places: list | None = None) -> tuple[str, list[Match]] | None:
        """``sentence`` less the list items that make the ``unsupported`` claims, with the
        claims it still makes; None when one of them stays or nothing else is claimed.
        ``places``: where each unsupported claim's words are (``_places``), when the text
        detection read lines up with ``sentence``: a claim with no word in an item that may
        leave stays (None, with no detection), and the items holding such words are tried
        first. Each item is tried once, last first (at most ``lists.MAX_ITEMS``
        detections)."""
        items = Items.of(sentence)
        if items is None:
            return None
        droppable = items.droppable()
        if places is not None:
            where = [[s for part in match for s in part] for match in places]
            spans = {k: items.where(k) for k in droppable}
            held = [{k for k, (a, b) in spans.items() if any(s < b and a < e for s, e in at)}
                    for at in where]
            if not all(held):
                return None
            likely = set().union(*held)
            droppable = [k for k in droppable if k in likely] + \
                [k for k in droppable if k not in likely]
        dropped: set[int] = set()
        left = unsupported
        matches: list[Match] = []
        for k in droppable:
            trial = self.detector.claims_in(items.without(dropped | {k}), context)
            # a claim the shorter sentence makes that the whole did not counts too
            still = self._unsupported_in(trial, unsupported)
            if len(still) < len(left):
                dropped.add(k)
                left, matches = still, trial
            if not left:
                break
        if left or not matches:
            return None
        return items.without(dropped), matches

    def _clause_wordings(self, sentence: str, wording, matches: list[Match]) -> dict:
        """The wording of the clause that makes each claim, where one sentence makes several
        claims in clauses worded differently ("reduces knee pain and may help shoulder pain");
        {} when the sentence's wording holds for all of them (nearly always)."""
        if len({m.claim for m in matches}) < 2 or wording.reported:
            return {}
        parts = clauses(sentence)
        if len(parts) < 2:
            return {}
        worded = [analyse(p) for p in parts]
        if len({(w.strength, w.boosters, tuple(w.widened)) for w in worded}) < 2:
            return {}
        out = {}
        for part, w in zip(parts, worded):
            for m in self.detector.claims_in(part):
                # a claim made in two clauses keeps the sentence's (strongest) reading
                out[m.claim] = w if m.claim not in out else wording
        return out

    def lint_bytes(self, data: bytes, source: str, kind: str | None = None) -> LintReport:
        """Lint a draft given as bytes: text, Markdown, HTML or a Word .docx."""
        from .docx import read_document

        return self.lint_document(read_document(data, source, kind))

    def lint_sources(self, sources: Sequence[str], stdin=None) -> LintReport:
        """Lint files (``-`` is standard input). Every input is read and checked before
        any is linted, so a bad file stops the run with nothing half-reported."""
        return self.lint_documents(read_sources(sources, stdin))

    def lint_documents(self, docs: Sequence[Document]) -> LintReport:
        report = LintReport()
        for doc in docs:
            report.extend(self.lint_document(doc))
        return report


def read_sources(sources: Sequence[str], stdin=None) -> list[Document]:
    """Read and check every draft (``-`` is standard input) before any is linted."""
    from .docx import read_document  # .docx by name or by its zip magic bytes

    names = ["<stdin>" if src == STDIN else src for src in sources]
    return [read_document(read_input(src, stdin, name), name)
            for src, name in zip(sources, names)]


def read_input(source: str, stdin=None, name: str | None = None) -> bytes:
    """The bytes of a file, or of standard input for ``-``; errors name ``name``."""
    from .extract import MAX_INPUT_BYTES

    limit = MAX_INPUT_BYTES + 1  # one byte more than allowed, so decode() can refuse it
    if source == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            return stream.read(limit)
        except OSError as exc:
            raise InputError(name or "<stdin>", f"cannot read: {exc.strerror}") from None
    path = Path(source)
    try:
        with path.open("rb") as fh:  # a FIFO or a device is read too, up to the limit
            return fh.read(limit)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not a document") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror}") from None


_LINTERS: dict[int, Linter] = {}


def linter_for(lib: "Library") -> Linter:
    """The ``Linter`` of ``lib``, built on first use (grading and the detector index)."""
    linter = _LINTERS.get(id(lib))
    if linter is None:
        linter = _LINTERS[id(lib)] = Linter.from_library(lib)
        weakref.finalize(lib, _LINTERS.pop, id(lib), None)
    return linter


def linter_at(root: "str | os.PathLike | None" = None) -> Linter:
    """The ``Linter`` of the library at ``root`` (see ``roots.find_root``), from the lint
    cache when no library file, vocabulary or claimcheck module changed since it was made
    (the built linter itself, else the per-claim data, from which the phrase index is
    rebuilt); otherwise the library is loaded and graded, and the cache refreshed."""
    from .cache import read_built, read_cache, write_built, write_cache
    from ..library.roots import find_root

    path = find_root(root)
    built = read_built(path)
    if isinstance(built, Linter):
        return built
    cached = read_cache(path)
    if cached is not None:
        linter = Linter(cached)
    else:
        from ..library.loader import load  # only on a cache miss: it builds the pydantic records

        linter = Linter.from_library(load(path))
        write_cache(path, list(linter.claims.values()))
    write_built(path, linter)
    return linter


def lint_text(lib: "Library", text: str, source: str = "<text>",
              kind: str | None = None, *, rewrites: bool = True) -> LintReport:
    """Lint one document given as text (kind: text, markdown or html; guessed if None).
    ``rewrites=False`` leaves each finding's ``rewrite`` empty (see ``Linter.lint_document``)."""
    return linter_for(lib).lint_text(text, source, kind, rewrites=rewrites)


def lint_sources(lib: "Library", sources: Sequence[str], stdin=None) -> LintReport:
    return linter_for(lib).lint_sources(sources, stdin)


def claims_made(lib: "Library", text: str) -> list[str]:
    """The ids of the claims ``text`` makes (a sentence or a page), sorted."""
    return sorted({f.claim for f in lint_text(lib, text, kind="text").findings})
