"""The lint benchmark's bookkeeping (its figures are read, never asserted): per-claim counts add
up, and the held-out test split is scored only when asked."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO


def test_per_claim_counts_add_up_to_the_totals(library):
    from tests.support.lint_eval import score_labelled

    s = score_labelled(library, REPO / "tests" / "fixtures" / "lint" / "blind-sentences.yaml")
    s = s + s
    assert [sum(v[k] for v in s.per_claim.values()) for k in range(3)] == [s.tp, s.fp, s.fn]


@pytest.mark.parametrize("flag, scored", [((), False), (("--measure-test",), True)])
def test_the_test_split_is_scored_only_with_measure_test(monkeypatch, capsys, flag, scored):
    import scripts.bench_lint as bench
    from tests.support.gate_eval import GateFigures
    from tests.support.lint_eval import Score

    seen = []

    def fake_score(linter, items, have):
        seen.append(len(items))
        return Score("corpus", 1, 0, 0, per_claim={"c": [1, 0, 0]})

    monkeypatch.setattr(bench, "score", fake_score)
    monkeypatch.setattr(bench, "gate_on_units",
                        lambda linter, items: seen.append(len(items)) or GateFigures())
    monkeypatch.setattr(bench, "score_labelled", lambda lib, path, name="": Score("set"))
    monkeypatch.setattr(bench, "score_seeds", lambda *a: Score("seeds"))
    monkeypatch.setattr(bench, "self_flagged_suggestions", lambda lib: [])
    monkeypatch.setattr(bench, "sentences_per_second", lambda lib, page: 1.0)
    monkeypatch.setattr(sys, "argv", ["bench_lint", "--no-startup", *flag])
    bench.main()
    out = capsys.readouterr().out
    data = bench.dataset(bench.load(REPO), bench.FIXTURES)
    assert (len(data.test) in seen) == scored
    assert ("CORPUS TEST" in out) == scored
    assert ("  TEST: should fail" in out) == scored and "  dev: should fail" in out
    assert "corpus dev" in out and "blind7" in out


def test_the_gate_on_real_units_counts_what_their_labels_imply(library):
    """A unit asserting an unproven claim should fail, a precaution never, a unit with no
    claim has nothing to fail; a partly-supported claim alone is left out (its wording
    decides)."""
    from claimcheck.lint.linter import linter_for
    from tests.support.detector_training import Item
    from tests.support.gate_eval import gate_on_units

    linter = linter_for(library)
    unproven = next(c for c, i in linter.claims.items()
                    if i.verdict == "unproven" and i.kind == "mechanism" and i.detect)
    phrase = linter.claims[unproven].detect[0].split("&")[0].replace("*", "")
    items = [
        Item(f"Dry needling works because of {phrase}.", frozenset({unproven})),
        Item("Dry needling is not suitable if you are pregnant.",
             frozenset({"contraindications"})),
        Item("Our clinic is open on Saturdays.", frozenset()),
        Item("Guaranteed results from dry needling, every time!", frozenset()),
        Item("It eases pain.", frozenset({next(c for c, i in linter.claims.items()
                                               if i.verdict == "partly-supported"
                                               and i.kind == "efficacy")})),
    ]
    g = gate_on_units(linter, items)
    assert (g.should_fail, g.precautions, g.no_claim) == (1, 1, 2)
    assert (g.failed, g.passed_nothing_found, g.passed_other_claims, g.passed_judged_ok) == \
        (1, 0, 0, 0)
    assert g.precautions_failed == 0
    assert g.no_claim_failed == 1  # the absolute with nothing behind it fails
    assert "should fail:" in g.line()


def test_the_gate_on_real_units_says_why_should_fail_units_pass(library):
    """A should-fail unit that passes is told apart by cause: no claim found at all, only a
    claim other than its unsupported one, or that claim found and its wording judged no error
    (here, reported in a critic's voice)."""
    from claimcheck.lint.linter import linter_for
    from tests.support.detector_training import Item
    from tests.support.gate_eval import gate_on_units

    linter = linter_for(library)
    unproven = frozenset({"endorphin-release"})
    assert linter.claims["endorphin-release"].verdict == "unproven"
    items = [
        Item("It releases endorphins.", unproven),  # found and failed
        Item("Our clinic is open on Saturdays.", unproven),  # nothing found
        Item("Dry needling may ease neck pain.", unproven),  # another claim only
        Item("Critics point out that the claim that dry needling releases endorphins has "
             "never been tested.", unproven),
    ]
    g = gate_on_units(linter, items)
    assert (g.should_fail, g.failed) == (4, 1)
    assert (g.passed_nothing_found, g.passed_other_claims, g.passed_judged_ok) == (1, 1, 1)
    assert g.passed_line().startswith("of the 3 should-fail units that pass: no claim found in 1,")


def test_lint_misses_lists_a_split_and_refuses_the_test_split(monkeypatch, capsys):
    import scripts.lint_misses as misses

    monkeypatch.setattr(sys, "argv", ["lint_misses", "--split", "test"])
    with pytest.raises(SystemExit) as exc:
        misses.main()
    assert exc.value.code == 2  # argparse: not a choice

    monkeypatch.setattr(sys, "argv", ["lint_misses", "--split", "dev", "--claim",
                                      "releases-muscle-tension", "--rules-only"])
    misses.main()
    out = capsys.readouterr().out
    assert "MISS" in out and "releases-muscle-tension" in out


def test_lint_misses_says_why(library):
    from scripts.lint_misses import why

    from claimcheck.lint.linter import Linter
    from tests.support.detector_training import Item, with_model

    # a linter of its own: the library's shared one (``linter_for``) keeps its model
    linter = with_model(Linter.from_library(library), None)
    item = Item("Dry needling is not a cure for fibromyalgia.",
                frozenset({"treats-fibromyalgia"}))
    assert why(linter, item, "treats-fibromyalgia", missed=True).startswith("rule negated:")
    unseen = Item("Lets your body get back in the game.", frozenset({"accelerates-recovery"}))
    assert why(linter, unseen, "accelerates-recovery", missed=True) == (
        "unfound: no detect phrase matched (no model): add a phrase or labelled examples")
    extra = Item("Dry needling relieves fibromyalgia pain.", frozenset())
    assert why(linter, extra, "treats-fibromyalgia", missed=False).startswith("phrase: ")


def test_lint_misses_names_the_threshold_the_claim_is_proposed_at(library):
    """A claim the gate fails however it is worded is proposed at the model's lower
    threshold, and the reason for its miss names that one."""
    from scripts.lint_misses import why

    from claimcheck.lint.linter import Linter
    from claimcheck.lint.model import DetectorModel
    from tests.support.detector_training import Item, with_model

    model = DetectorModel(("accelerates-recovery", "relieves-pain"), (-9.0, -9.0), {}, 0.95,
                          "t", eager_threshold=0.85)
    linter = with_model(Linter.from_library(library), model)
    assert "accelerates-recovery" in linter.detector.eager
    assert "relieves-pain" not in linter.detector.eager
    unseen = Item("Lets your body get back in the game.", frozenset())
    assert "threshold 0.85)" in why(linter, unseen, "accelerates-recovery", missed=True)
    assert "threshold 0.95)" in why(linter, unseen, "relieves-pain", missed=True)


def test_lint_misses_tallies_the_reasons(monkeypatch, capsys):
    import scripts.lint_misses as misses

    monkeypatch.setattr(sys, "argv", ["lint_misses", "--split", "dev", "--claim",
                                      "treats-tmj", "--rules-only", "--why"])
    misses.main()
    out = capsys.readouterr().out
    assert "      why: " in out and "why (unit judged alone with its lead-in):" in out
    assert "MISS" in out.split("why (unit judged alone")[1]
