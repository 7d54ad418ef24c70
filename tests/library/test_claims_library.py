"""The committed claims library against the inventory and the seed documents (issue 3)."""

from __future__ import annotations

import pytest
import yaml

from claimcheck.library.validation import normalise_for_quote
from conftest import INVENTORY, SEEDS

needs_shared = pytest.mark.skipif(not (INVENTORY.is_file() and SEEDS.is_dir()),
                                  reason="../shared (inventory and seeds) not present")
EVIDENCE_KINDS = {"efficacy", "condition", "comparative"}
# Deliberate departures from the inventory's kind, each with its reason.
KIND_CHANGES = {
    # issue 13: a list of precautions is advice, judged on guidelines and reports of harm; as
    # a "safety" claim it was failed for want of incidence data no precaution needs
    "contraindications": ("safety", "precaution"),
}


def inventory() -> list[dict]:
    return yaml.safe_load(INVENTORY.read_text(encoding="utf-8"))


def seed_texts() -> dict[str, str]:
    return {p.name[:3]: normalise_for_quote(p.read_text(encoding="utf-8"))
            for p in SEEDS.glob("*.txt")}


def test_library_is_valid(library):
    assert [str(p) for p in library.problems] == []


@needs_shared
def test_every_inventory_claim_has_a_record_of_the_same_kind(library):
    missing = [c["id"] for c in inventory() if c["id"] not in library.claims_by_id]
    assert missing == []
    wrong_kind = []
    for c in inventory():
        was, now = KIND_CHANGES.get(c["id"], (c["kind"], c["kind"]))
        # a stale exception (the inventory no longer says `was`) fails too
        if c["kind"] != was or library.claim(c["id"]).kind != now:
            wrong_kind.append(c["id"])
    assert wrong_kind == []


@needs_shared
def test_every_seed_that_makes_a_claim_is_quoted(library):
    gaps = []
    for c in inventory():
        quoted = {s.doc for s in library.claim(c["id"]).sources}
        gaps += [f"{c['id']}: {doc}" for doc in c["seeds"] if doc not in quoted]
    assert gaps == []


@needs_shared
def test_every_quote_is_verbatim_in_its_seed(library):
    texts = seed_texts()
    bad = [f"{c.id}: {s.doc}: {s.quote}" for c in library.iter_claims() for s in c.sources
           if normalise_for_quote(s.quote) not in texts[s.doc]]
    assert bad == []


def test_claims_without_evidence_say_what_was_searched(library):
    silent = [c.id for c in library.iter_claims()
              if not c.evidence and not c.assessment.searched]
    assert silent == []


def test_efficacy_claims_with_literature_link_two_studies(library):
    thin = [c.id for c in library.iter_claims()
            if c.kind in EVIDENCE_KINDS and len(c.evidence) == 1]
    assert thin == []


def test_every_citation_says_where_it_was_seen(repo_root):
    # read the files themselves: a record without `verified_from` fails the model and is left
    # out of the loaded library, where every citation therefore has it
    files = sorted((repo_root / "evidence" / "citations").glob("*.yaml"))
    unsourced = [p.name for p in files
                 if not (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("verified_from")]
    assert files and unsourced == []


def test_quotes_are_short(repo_root):
    # the files themselves: a claim quoting more than 25 words is left out of the loaded library
    quotes = [s["quote"] for p in (repo_root / "claims").glob("*.yaml") if p.name != "sources.yaml"
              for s in (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("sources") or []]
    assert quotes and max(len(q.split()) for q in quotes) <= 25


def test_coverage_figures_are_consistent(library):
    from claimcheck.evidence.coverage import coverage, render

    cov = coverage(library)
    assert cov.claims == len(library.claims_by_id)
    assert cov.links == len(library.links)
    assert cov.citations_with_confirmed_pmid <= cov.citations_with_pmid <= cov.citations
    assert set(cov.claims_without_evidence) == {c.id for c in library.iter_claims()
                                                if not c.evidence}
    assert "claims with no evidence" in render(cov)


def test_coverage_script_runs(repo_root):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "scripts/coverage.py", "--json"], cwd=repo_root,
                         capture_output=True, text=True, check=True).stdout
    assert '"share_confirmed_pmid"' in out
