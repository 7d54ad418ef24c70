"""Why lint found what it found: ``claimcheck lint --explain``.

For each unit of a draft (sentence, heading, list item; and each question read with its
answer, each quotation told over two sentences), with its line: the `detect` phrases that
matched (claim, phrase), the learned model's three best claim scores with the feature each
is anchored at (when a model is loaded), the claims the model proposed, which named rule
(``rules.RULES``) dropped which match, and what was kept (``detected_by`` "rule" or "model").

The units and their pairing are those of ``Linter.lint_document``, and the judgement is the
detector's own, run with a ``rules.Trace``; so what an explanation keeps is what lint reports
(tests/lint/test_lint_explain.py checks it on the golden drafts). The entry points are
``explain_text(linter, text)`` and ``explain_sources(linter, files)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from .detection import MODEL_PHRASE
from .extract import extract
from .linter import STDIN, _answer, _context, _is_own_wording, _opens_quote, read_input
from .rules import RULES, Trace
from .sentences import segment
from .suppression import read_directives

if TYPE_CHECKING:  # pragma: no cover
    from .extract import Document
    from .linter import Linter
    from .matching import Match

TOP_SCORES = 3


@dataclass
class Candidate:
    """A claim a unit was judged for: ``phrase`` is the detect phrase that matched, or
    "model" with the ``score`` and ``anchor`` of the learned stage's proposal."""

    claim: str
    phrase: str
    score: float | None = None
    anchor: str | None = None

    @property
    def detected_by(self) -> str:
        return "rule" if self.score is None else "model"

    def as_dict(self) -> dict:
        return {"claim": self.claim, "phrase": self.phrase, "detected_by": self.detected_by,
                "score": self.score, "anchor": self.anchor}


@dataclass
class Dropped:
    rule: str
    candidate: Candidate

    def as_dict(self) -> dict:
        return {"rule": self.rule, **self.candidate.as_dict()}


@dataclass
class UnitExplanation:
    """How one unit was judged. ``role``: sentence, heading, item, question+answer or
    quotation (two sentences of one quote read together). ``model``: the three best
    claim scores, or None when no model is loaded."""

    source: str
    line: int
    start: int
    end: int
    role: str
    text: str
    context: str | None
    matches: list[Candidate] = field(default_factory=list)
    proposed: list[Candidate] = field(default_factory=list)
    model: list[Candidate] | None = None
    dropped: list[Dropped] = field(default_factory=list)
    kept: list[Candidate] = field(default_factory=list)
    # the model's threshold, for the text to say why a proposal under it was made (a claim
    # that cannot be made is proposed at the lower ``eager_threshold``)
    threshold: float | None = field(default=None, repr=False)

    def as_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "start": self.start, "end": self.end,
                "role": self.role, "text": self.text, "context": self.context,
                "matches": [c.as_dict() for c in self.matches],
                "proposed": [c.as_dict() for c in self.proposed],
                "model": None if self.model is None else
                [{"claim": c.claim, "score": c.score, "anchor": c.anchor} for c in self.model],
                "dropped": [d.as_dict() for d in self.dropped],
                "kept": [c.as_dict() for c in self.kept]}


def explain_text(linter: "Linter", text: str, source: str = "<text>",
                 kind: str | None = None) -> list[UnitExplanation]:
    """How each unit of ``text`` (text, markdown or html; guessed if None) was judged."""
    return explain_document(linter, extract(text, source, kind))


def explain_sources(linter: "Linter", sources: Sequence[str],
                    stdin=None) -> list[UnitExplanation]:
    """``explain_text`` for files (``-``: standard input), read and checked as
    ``Linter.lint_sources`` reads them: every input before any is explained."""
    from .docx import read_document

    names = ["<stdin>" if src == STDIN else src for src in sources]
    docs = [read_document(read_input(src, stdin, name), name)
            for src, name in zip(sources, names)]
    return [unit for doc in docs for unit in explain_document(linter, doc)]


def explain_document(linter: "Linter", doc: "Document") -> list[UnitExplanation]:
    """Every unit of ``doc`` (read as ``Linter.lint_document`` reads it), explained."""
    read_directives(doc)  # blanks plain-text directive lines, as lint does
    units = segment(doc, linter.vocab.abbreviations)
    detector = linter.detector
    out: list[UnitExplanation] = []

    def alone(text: str, context: str | None) -> set[str]:
        return {m.claim for m in detector.claims_in(text, context)}

    for k, unit in enumerate(units):
        out.append(_explain(linter, doc, unit.start, unit.end, unit.role, unit.text,
                            _context(units, k), question=unit.question,
                            heading=unit.role == "heading"))
        nxt = _answer(units, k) if unit.question else None
        if nxt is not None:
            answer = units[nxt]
            out.append(_explain(linter, doc, unit.start, answer.end, "question+answer",
                                f"{unit.text} {answer.text}", unit.context,
                                answer=len(unit.text) + 1,
                                own=alone(answer.text, answer.context)))
        if k + 1 < len(units) and _opens_quote(unit.text) and \
                not units[k + 1].question and not _opens_quote(units[k + 1].text):
            after = units[k + 1]
            own = alone(unit.text, unit.context) | alone(after.text, after.context)
            out.append(_explain(linter, doc, unit.start, after.end, "quotation",
                                f"{unit.text} {after.text}", unit.context, own=own))
    return out


def _candidate(m: "Match", anchors: dict[str, str | None]) -> Candidate:
    if m.phrase.startswith(MODEL_PHRASE + " "):
        return Candidate(m.claim, MODEL_PHRASE, float(m.phrase.split()[1]), anchors.get(m.claim))
    return Candidate(m.claim, m.phrase)


def _explain(linter: "Linter", doc: "Document", a: int, b: int, role: str, text: str,
             context: str | None, question: bool = False, answer: int | None = None,
             heading: bool = False, own: frozenset[str] | set[str] = frozenset()
             ) -> UnitExplanation:
    trace = Trace()
    made = linter.detector.claims_in(text, context, question, answer, heading, trace=trace)
    start, end = doc.span(a, b)
    sentence = doc.original[start:end] if doc.starts is None else " ".join(doc.text[a:b].split())
    unit = UnitExplanation(doc.source, doc.position(start)[0], start, end, role, text, context)
    for m in trace.matches:
        c = _candidate(m, trace.anchors)
        (unit.matches if c.score is None else unit.proposed).append(c)
    unit.dropped = [Dropped(d.code, _candidate(d.match, trace.anchors)) for d in trace.drops]
    model = linter.detector.model
    if model is not None:
        best = sorted(model.assess(text, context).values(), key=lambda p: (-p.score, p.claim))
        unit.model = [Candidate(p.claim, MODEL_PHRASE, round(p.score, 4), p.anchor)
                      for p in best[:TOP_SCORES]]
        unit.threshold = model.threshold
    # the detector keeps a claim once, by its first phrase left; lint then reports a pair
    # only for what its parts do not make alone, and never the claim's own wording
    made_ids = {m.claim for m in made}
    for m in trace.kept:
        c = _candidate(m, trace.anchors)
        if m.claim not in made_ids or any(k.claim == m.claim for k in unit.kept):
            continue
        if m.claim in own:
            unit.dropped.append(Dropped("made-alone", c))
        elif _is_own_wording(sentence, linter.claims[m.claim].suggestion):
            unit.dropped.append(Dropped("own-wording", c))
        else:
            unit.kept.append(c)
    return unit


def _phrases(cands: list[Candidate]) -> str:
    return ", ".join(f'"{c.phrase}"' if c.score is None else
                     f"the model {c.score:.2f} at {c.anchor or 'the whole unit'}" for c in cands)


def _by_claim(pairs: list[tuple[str, Candidate]]) -> dict[tuple[str, str], list[Candidate]]:
    grouped: dict[tuple[str, str], list[Candidate]] = {}
    for key, c in pairs:
        grouped.setdefault((key, c.claim), []).append(c)
    return grouped


def render_explanation(units: list[UnitExplanation]) -> str:
    """The explanations as text, one block per unit; a claim's phrases on one line."""
    lines: list[str] = []
    for u in units:
        lines.append(f"{u.source}:{u.line}: {u.role}: {u.text}")
        if u.context:
            lines.append(f"    lead-in  {u.context}")
        for (_, claim), cands in _by_claim([("", c) for c in u.matches]).items():
            lines.append(f"    matched  {claim}: {_phrases(cands)}")
        if u.model is not None:
            lines.append("    model    " + ", ".join(
                f"{c.claim} {c.score:.2f} at {c.anchor or '-'}" for c in u.model))
        for c in u.proposed:
            why = "" if u.threshold is None or c.score is None or c.score >= u.threshold else \
                (f" (under the threshold of {u.threshold:g}: a claim that cannot be made is "
                 "proposed at a lower one)")
            lines.append(f"    proposed {c.claim}: {_phrases([c])}{why}")
        for (rule, claim), cands in _by_claim([(d.rule, d.candidate) for d in u.dropped]).items():
            lines.append(f"    dropped  {claim}: {_phrases(cands)} by {rule}: {RULES[rule]}")
        for c in u.kept:
            lines.append(f"    kept     {c.claim}: {_phrases([c])} ({c.detected_by})")
    return "\n".join(lines)
