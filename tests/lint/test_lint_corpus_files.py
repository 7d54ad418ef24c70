"""The real-page corpus follows its labelling guide (tests/fixtures/lint/corpus/LABELLING.md).

Every unit is a short attributed quote with the page it came from, labelled with the library's
claim ids; the limits on quotes and on pages per site are what keep the corpus both lawful to
hold and broad enough to generalise from. A unit that breaks them is named by file and index.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from claimcheck.library.files import read_yaml

CORPUS = Path(__file__).parents[1] / "fixtures" / "lint" / "corpus"
BATCHES = sorted(CORPUS.glob("batch-*.yaml"))
FIELDS = {"url", "text", "lead_in", "claims", "allowed", "group", "note"}
GROUPS = {"claim", "neutral", "negation", "hedge", "booking", "question", "definition",
          "reported"}
MAX_WORDS = 40
MAX_UNITS_PER_PAGE = 25
MAX_PAGES_PER_SITE = 3


@lru_cache(maxsize=None)
def batch(path: Path) -> list:
    """A batch's units, read once for all the tests here (9,000 units in ten files)."""
    return read_yaml(path) or []


def units():
    for path in BATCHES:
        for k, item in enumerate(batch(path)):
            yield f"{path.name}[{k}]", item


def site(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def test_there_is_a_corpus():
    assert len(BATCHES) >= 5 and sum(1 for _ in units()) >= 1500


def test_every_unit_has_the_guides_fields_and_groups(library):
    known = set(library.claims_by_id)
    bad = []
    for where, item in units():
        if not isinstance(item, dict) or set(item) - FIELDS or \
                not {"url", "text", "claims"} <= set(item):
            bad.append(f"{where}: fields {sorted(item) if isinstance(item, dict) else item}")
            continue
        if not str(item["url"]).startswith(("http://", "https://")):
            bad.append(f"{where}: url {item['url']!r}")
        if item.get("group") is not None and item["group"] not in GROUPS:
            bad.append(f"{where}: group {item['group']!r}")
        ids = list(item.get("claims") or []) + list(item.get("allowed") or [])
        bad += [f"{where}: unknown claim {c!r}" for c in ids if c not in known]
        if item.get("claims") and item.get("group") not in (None, "claim"):
            bad.append(f"{where}: claims on a {item['group']} unit")
    assert bad == []


def test_quotes_are_short():
    long = [f"{where}: {len(str(item['text']).split())} words" for where, item in units()
            if len(str(item["text"]).split()) > MAX_WORDS]
    assert long == []


def test_breadth_pages_per_site_and_units_per_page():
    pages: dict[str, set[str]] = defaultdict(set)
    per_page = Counter()
    for _, item in units():
        pages[site(item["url"])].add(item["url"])
        per_page[item["url"]] += 1
    crowded = {s: len(p) for s, p in pages.items() if len(p) > MAX_PAGES_PER_SITE}
    long_pages = {u: n for u, n in per_page.items() if n > MAX_UNITS_PER_PAGE}
    assert crowded == {} and long_pages == {}
    assert len(pages) >= 150


def test_no_sentence_is_quoted_twice_in_different_batches():
    # the same text under two sites would leak between the train and test splits; questions
    # and short headings ("What is dry needling?") recur honestly and are left out
    seen: dict[str, str] = {}
    twice = []
    for where, item in units():
        text = " ".join(str(item["text"]).split()).lower()
        if len(text.split()) <= 8 or text.endswith(("?", ":")):
            continue
        batch = where.split("[")[0]
        if text in seen and seen[text].split("[")[0] != batch:
            twice.append(f"{where} repeats {seen[text]}")
        seen.setdefault(text, where)
    assert twice == []


@pytest.mark.parametrize("path", BATCHES, ids=lambda p: p.name)
def test_each_page_comes_from_one_batch(path):
    # a page split over two batches would be linted as two pages by the evaluation
    here = {item["url"] for item in batch(path)}
    others = {item["url"] for other in BATCHES if other != path for item in batch(other)}
    assert sorted(here & others) == []


# the first-sight sets of real pages (those whose units carry page URLs) quote pages as the
# corpus does, by its guide
REAL_BLIND = [p for p in sorted(CORPUS.parent.glob("blind*-sentences.yaml"))
              if any("url" in item for item in (batch(p) or []))]


@pytest.mark.parametrize("path", REAL_BLIND, ids=lambda p: p.name)
def test_first_sight_sets_follow_the_guide(library, path):
    known = set(library.claims_by_id)
    bad = []
    for k, item in enumerate(batch(path)):
        where = f"{path.name}[{k}]"
        if set(item) - FIELDS or not {"url", "text", "claims"} <= set(item):
            bad.append(f"{where}: fields {sorted(item)}")
            continue
        if not str(item["url"]).startswith(("http://", "https://")):
            bad.append(f"{where}: url {item['url']!r}")
        if len(str(item["text"]).split()) > MAX_WORDS:
            bad.append(f"{where}: {len(str(item['text']).split())} words")
        ids = list(item.get("claims") or []) + list(item.get("allowed") or [])
        bad += [f"{where}: unknown claim {c!r}" for c in ids if c not in known]
    assert bad == []


def test_first_sight_sets_quote_sites_no_corpus_batch_quotes():
    corpus_sites = {site(item["url"]) for _, item in units()}
    shared = [f"{p.name}: {site(item['url'])}" for p in REAL_BLIND
              if p.name in ("blind10-sentences.yaml", "blind11-sentences.yaml",
                            "blind12-sentences.yaml")
              for item in batch(p) if site(item["url"]) in corpus_sites]
    assert shared == []
