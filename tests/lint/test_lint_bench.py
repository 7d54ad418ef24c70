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
    from tests.support.lint_eval import Score

    seen = []

    def fake_score(linter, items, have):
        seen.append(len(items))
        return Score("corpus", 1, 0, 0, per_claim={"c": [1, 0, 0]})

    monkeypatch.setattr(bench, "score", fake_score)
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
    assert "corpus dev" in out and "blind7" in out
