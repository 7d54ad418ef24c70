"""The second, blind labelling of train units (tests/support/agreement.py): it lines up with the
corpus, stays out of training, and is scored exactly as lint is."""

from __future__ import annotations

import pytest

from conftest import REPO
from tests.support.agreement import RELABEL, AgreementError, agreement, paired_units
from tests.support.detector_training import Item, dataset, read_items, score_found

FIXTURES = REPO / "tests" / "fixtures" / "lint"


def test_every_relabelled_unit_is_a_train_unit_of_its_page(library):
    data = dataset(library, FIXTURES)
    first, second = paired_units(data.train, FIXTURES)
    assert len(first) == len(second) >= 300
    assert all(f.text == s.text and f.url == s.url for f, s in zip(first, second))
    # never trained on: the training data is the corpus and the sentence sets, not this file
    assert RELABEL not in "".join(data.files)
    assert {(i.url, i.text) for i in data.dev + data.test}.isdisjoint(
        {(s.url, s.text) for s in second})


def test_the_second_labelling_uses_only_library_claims(library):
    have = set(library.claims_by_id)
    for item in read_items(FIXTURES / RELABEL):
        assert item.claims | item.allowed <= have, item.text


def test_a_unit_missing_from_the_corpus_is_named(tmp_path):
    (tmp_path / "agreement").mkdir()
    (tmp_path / RELABEL).write_text(
        "- url: https://clinic.example/dry-needling\n  text: It eases neck pain.\n"
        "  claims: [treats-neck-pain]\n  group: claim\n", encoding="utf-8")
    with pytest.raises(AgreementError, match="unit 1 .*It eases neck pain"):
        paired_units([], tmp_path)


def test_scored_as_lint_is_allowed_is_no_error_and_promises_are_skipped():
    ref = [Item("a", frozenset({"x", "y"}), allowed=frozenset({"z"})),
           Item("b", frozenset()),
           Item("c", frozenset(), unlabelled_promise=True)]
    s = score_found(ref, [{"x", "z"}, {"y"}, {"x"}], {"x", "y", "z"}, "other")
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.per_claim == {"x": [1, 0, 0], "y": [0, 1, 1]}


def test_two_labellers_agree_better_than_chance_and_the_figures_add_up(library):
    data = dataset(library, FIXTURES)
    a = agreement(data.train, FIXTURES, set(library.claims_by_id))
    # the same claims counted from either side: what one finds, the other expected
    assert a.second_vs_corpus.tp == a.corpus_vs_second.tp
    assert a.second_vs_corpus.precision > 0.7 and a.second_vs_corpus.recall > 0.7
    assert a.lint_vs_corpus is None


def test_the_gate_on_the_second_labelling_counts_what_it_labels(library):
    """A unit the second labeller gives a claim that cannot be made fails; the corpus labels
    say whether it should have."""
    from claimcheck.lint.linter import linter_for
    from tests.support.gate_eval import gate_of_labelling

    claims = linter_for(library).claims
    unproven = frozenset({"endorphin-release"})
    partly = frozenset({"relieves-pain"})
    assert claims["endorphin-release"].verdict == "unproven"
    assert claims["relieves-pain"].verdict == "partly-supported"
    reference = [Item("a", unproven), Item("b", unproven), Item("c", frozenset()),
                 Item("d", frozenset()), Item("e", frozenset({"contraindications"}))]
    other = [Item("a", unproven), Item("b", partly), Item("c", unproven),
             Item("d", partly), Item("e", frozenset({"contraindications"}))]
    g = gate_of_labelling(claims, reference, other)
    assert (g.should_fail, g.failed, g.passed_other_claims) == (2, 1, 1)
    assert (g.no_claim, g.no_claim_failed) == (2, 1)
    assert (g.precautions, g.precautions_failed) == (1, 0)
