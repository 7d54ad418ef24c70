"""lint against real text: the five seed documents and the labelled sentence set.

These depend on the curators' `detect` phrases, so they are written to hold as the library
grows: only claims present in the library are expected, and the labelled set is scored as a
whole (recall and precision floors) except for the sentences that make no claim, which must
stay silent whatever the library holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import INVENTORY, seeds_dir

# the quality of lint as users get it: rules and the learned stage
pytestmark = pytest.mark.model

LABELLED = Path(__file__).parents[1] / "fixtures" / "lint" / "labelled-sentences.yaml"


@pytest.fixture(scope="module")
def lib(library):
    return library


def seed_expectations(lib) -> dict[str, set[str]]:
    """Claims each seed document makes: the inventory's list plus the library's `sources`."""
    expected: dict[str, set[str]] = {}
    if INVENTORY.is_file():
        for entry in yaml.safe_load(INVENTORY.read_text(encoding="utf-8")):
            for doc in entry.get("seeds") or []:
                expected.setdefault(doc, set()).add(entry["id"])
    for claim in lib.iter_claims():
        for src in claim.sources:
            expected.setdefault(src.doc, set()).add(claim.id)
    return expected


def seed_files() -> list[Path]:
    d = seeds_dir()
    return sorted(d.glob("*.txt")) if d else []


@pytest.mark.skipif(not INVENTORY.is_file() or not seed_files(),
                    reason="../shared seeds and inventory not present")
@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_seed_yields_every_inventory_claim(lib, path):
    from claimcheck.lint.linter import lint_text

    inventory: dict[str, set[str]] = {}
    for entry in yaml.safe_load(INVENTORY.read_text(encoding="utf-8")):
        for doc in entry.get("seeds") or []:
            inventory.setdefault(doc, set()).add(entry["id"])
    wanted = inventory.get(path.name[:3], set()) & set(lib.claims_by_id)
    report = lint_text(lib, path.read_text(encoding="utf-8"), path.name)
    found = {f.claim for f in report.findings}
    assert sorted(wanted - found) == []


@pytest.mark.skipif(not seed_files(), reason="../shared seeds not present")
def test_seed_precision(lib):
    """Findings in the seeds are claims the inventory or the library lists for that page."""
    from claimcheck.lint.linter import lint_text

    expected = seed_expectations(lib)
    tp = fp = 0
    for path in seed_files():
        found = {f.claim for f in lint_text(lib, path.read_text(encoding="utf-8"),
                                            path.name).findings}
        exp = expected.get(path.name[:3], set())
        tp += len(found & exp)
        fp += len(found - exp)
    assert tp / max(tp + fp, 1) >= 0.9


def labelled():
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))


def test_labelled_set_is_big_and_well_formed():
    items = labelled()
    assert len(items) >= 60
    assert {i["group"] for i in items} >= {"claim", "neutral", "negation", "hedge", "booking",
                                          "question", "definition"}
    texts = [i["text"] for i in items]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("item", [i for i in labelled() if not i["claims"]],
                         ids=lambda i: i["text"][:40])
def test_sentences_without_claims_never_fail(lib, item):
    # silent, or (hedged wording the set once labelled as no claim) judged ok by the gate
    from claimcheck.lint.linter import lint_text

    found = lint_text(lib, item["text"], kind="text").findings
    assert [(f.claim, f.severity) for f in found if f.severity != "ok"] == []


def test_labelled_set_scores(lib):
    from claimcheck.lint.linter import claims_made

    have = set(lib.claims_by_id)
    tp = fp = fn = 0
    for item in labelled():
        expected = set(item["claims"]) & have
        allowed = set(item.get("allowed") or [])
        got = set(claims_made(lib, item["text"]))
        tp += len(got & expected)
        fp += len(got - expected - allowed)
        fn += len(expected - got)
    assert tp / max(tp + fp, 1) >= 0.9
    assert tp / max(tp + fn, 1) >= 0.8
