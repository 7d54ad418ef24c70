"""How far two careful labellers agree: the ceiling any detector is measured against.

``tests/fixtures/lint/agreement/train-relabel.yaml`` is a second, blind labelling of 960 units
(70 pages drawn at random, in two draws: its header says how) of the corpus's train split, made
by helper sessions (AIs, as the corpus labellers were) that saw only LABELLING.md, the claim
files and the units in page order. Scoring that labelling against the corpus labels, exactly as
lint is scored (``detector_training.score_found``: a claim in the reference's ``allowed`` is
not counted against precision), says what precision and recall a second labeller reaches;
scoring lint against each labelling on the same units puts its figures beside that. The units
are train units, so lint's figures here are in-sample for the model: they show the ceiling,
not lint's accuracy on new sites (the dev and test splits do).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tests.support.detector_training import Item, found_per_item, read_items, score_found
from tests.support.gate_eval import GateFigures, gate_of_labelling
from tests.support.lint_eval import Score

if TYPE_CHECKING:  # pragma: no cover
    from claimcheck.lint.linter import Linter

RELABEL = "agreement/train-relabel.yaml"


class AgreementError(ValueError):
    """The second labelling does not line up with the corpus (a unit it names is not there)."""


@dataclass
class Agreement:
    second_vs_corpus: Score  # the corpus labels as reference
    corpus_vs_second: Score  # the second labelling as reference
    lint_vs_corpus: Score | None = None
    lint_vs_second: Score | None = None
    # the publish gate run on the second labelling, judged by the corpus labels
    # (``gate_eval.gate_of_labelling``): what a perfect judge of wording with a careful
    # labeller's detection would reach
    second_gate: GateFigures | None = None
    units: int = 0
    pages: int = 0


def paired_units(corpus: list[Item], fixtures: Path) -> tuple[list[Item], list[Item]]:
    """The relabelled units and the same units as the corpus labels them, in one order."""
    second = read_items(fixtures / RELABEL, "second labelling")
    by_key = {(i.url, i.text): i for i in corpus}
    first = []
    for k, item in enumerate(second):
        got = by_key.get((item.url, item.text))
        if got is None:
            raise AgreementError(f"{RELABEL}: unit {k + 1} ({item.text[:40]!r}) is not a corpus "
                                 "unit of that page")
        first.append(got)
    return first, second


def agreement(corpus: list[Item], fixtures: Path, have: set[str],
              linter: "Linter | None" = None) -> Agreement:
    first, second = paired_units(corpus, fixtures)
    # a page's units are linted together, as the evaluation lints every page
    second = [replace(s, page=f.page) for s, f in zip(second, first)]
    out = Agreement(score_found(first, [set(s.claims) for s in second], have, "second labeller"),
                    score_found(second, [set(f.claims) for f in first], have, "corpus labels"),
                    units=len(first), pages=len({f.page for f in first}))
    if linter is not None:
        out.second_gate = gate_of_labelling(linter.claims, first, second)
        found = found_per_item(linter, first)
        out.lint_vs_corpus = score_found(first, found, have, "lint")
        out.lint_vs_second = score_found(second, found, have, "lint")
    return out
