"""Replay simulated weeks of PubMed against ``claimcheck watch`` (the issue 17 benchmark).

A fake E-utilities server starts with a library of claims, each with a search whose hits are
partly cited; every simulated week new records are entered (some late-indexed: an old
publication year, a new entry date), a few arrive as duplicates across claims, and in one
week a cited record is retracted. After each week's ``watch`` we compare the triage queues
with a full re-query (every hit of every search, minus what the claim cites): nothing may be
missing, nothing queued twice. Then ``lint`` must fail on a draft making the claim whose
citation was retracted, and a ``watch`` with nothing new is counted request by request.

Every record is obviously synthetic (``Synthetic watch record <PMID>``); PMIDs are from
900100000 up, outside the fixtures' range.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from claimcheck.library.files import atomic_write_text, dump_yaml, read_yaml
from claimcheck.library.triage import read_triage, triage_path
from claimcheck.pubmed.watch import watch

from .eutils_server import (EUtilsServer, make_library, make_transport, retracted_version)

START = datetime(2026, 9, 7, 9, 0, tzinfo=timezone.utc)
FIRST_PMID = 900_100_000
_TYPES = [("Randomized Controlled Trial", "Journal Article"), ("Systematic Review",),
          ("Journal Article",), ("Case Reports",), ("Review",), ("Letter",)]


def watch_record(pmid: str, year: int, types: tuple[str, ...], humans: bool = True) -> bytes:
    """A small, obviously synthetic PubmedArticle with publication types and MeSH."""
    pts = "".join(f"<PublicationType>{t}</PublicationType>" for t in types)
    mesh = ('<MeshHeadingList><MeshHeading><DescriptorName UI="D006801" MajorTopicYN="N">'
            'Humans</DescriptorName></MeshHeading></MeshHeadingList>' if humans else "")
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">'
            f'{pmid}</PMID><Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print">'
            f'<Volume>1</Volume><PubDate><Year>{year}</Year></PubDate></JournalIssue>'
            f'<Title>Synthetic journal</Title><ISOAbbreviation>Synth J</ISOAbbreviation>'
            f'</Journal><ArticleTitle>Synthetic watch record {pmid}.</ArticleTitle>'
            f'<AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Bench</LastName>'
            f'<Initials>S</Initials></Author></AuthorList><PublicationTypeList>{pts}'
            f'</PublicationTypeList></Article>{mesh}</MedlineCitation><PubmedData>'
            f'<ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList>'
            f'</PubmedData></PubmedArticle>').encode()


def day(t: datetime) -> str:
    return t.strftime("%Y/%m/%d")


@dataclass
class BenchResult:
    claims: int
    weeks: int
    records_added: int
    missed: int = 0
    seen_twice: int = 0
    retraction_fails_lint: bool = False
    lint_before_retraction: int = -1
    nothing_new_requests: int = -1
    requests_per_week: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"claims {self.claims}, weeks {self.weeks}, records added {self.records_added}",
                f"new PMIDs missed vs a full re-query: {self.missed}",
                f"PMIDs queued twice: {self.seen_twice}",
                f"lint exit before the retraction: {self.lint_before_retraction}; "
                f"after: {'1 (fails)' if self.retraction_fails_lint else 'does not fail'}",
                f"requests of a watch with nothing new: {self.nothing_new_requests} "
                f"for {self.claims} claims (one search per claim: new entries and its "
                "cited records' modifications)",
                f"requests per weekly watch: {self.requests_per_week}"]


def run_bench(workdir: Path, *, claims: int = 4, weeks: int = 6, per_week: int = 5,
              seed: int = 17) -> BenchResult:
    rng = random.Random(seed)
    ids = [f"claim-{chr(97 + i)}" for i in range(claims)]
    queries = {c: f"synthetic watch query {c}" for c in ids}
    next_pmid = FIRST_PMID
    records: dict[str, bytes] = {}
    searches: dict[str, list[str]] = {q: [] for q in queries.values()}
    cited: dict[str, list[str]] = {}
    for c in ids:   # two cited records and three uncited old hits per claim
        mine = []
        for k in range(5):
            pmid = str(next_pmid)
            next_pmid += 1
            records[pmid] = watch_record(pmid, 2015 + k, _TYPES[k % len(_TYPES)])
            searches[queries[c]].append(pmid)
            mine.append(pmid)
        cited[c] = mine[:2]
    root = make_library(workdir / "lib", cited, searches=queries)
    for c in ids:   # a detect phrase, so lint finds the claim in a draft
        path = root / "claims" / f"{c}.yaml"
        data = read_yaml(path)
        data["detect"] = [f"zorblaxin {c[-1]}"]
        atomic_write_text(path, dump_yaml(data))
    result = BenchResult(claims, weeks, 0)
    queued: dict[str, list[str]] = {c: [] for c in ids}
    with EUtilsServer(records=records, searches=searches) as server:
        for pmid in records:
            server.set_dates(pmid, entered="2016/01/04")
        now = START
        for week in range(weeks):
            # the week's additions, entered on days up to (and including) the run's day
            for _ in range(per_week):
                pmid = str(next_pmid)
                next_pmid += 1
                late = rng.random() < 0.3   # an old paper indexed late
                year = rng.choice([2009, 2012]) if late else 2026
                claims_hit = tuple(rng.sample(ids, 2 if rng.random() < 0.2 else 1))
                entered = now - timedelta(days=rng.randint(0, 6))
                server.add_record(pmid, watch_record(pmid, year, rng.choice(_TYPES)),
                                  entered=day(entered), queries=tuple(queries[c]
                                                                      for c in claims_hit))
                result.records_added += 1
            if week == weeks - 2:    # a cited record of claim-a is retracted this week
                target = cited[ids[0]][0]
                notice = str(next_pmid)
                next_pmid += 1
                server.add_record(notice, watch_record(notice, 2026, ("Retraction of Publication",)),
                                  entered=day(now))
                server.modify_record(target, retracted_version(server.records[target], notice),
                                     on=day(now))
                result.lint_before_retraction = _lint_exit(root, ids[0])
            before = server.count()
            watch(root, transport=make_transport(server.url), now=now)
            result.requests_per_week.append(server.count() - before)
            for c in ids:
                tri = read_triage(triage_path(root, c))
                got = [i.pmid for i in tri.items] if tri else []
                queued[c] = got
                full = [p for p in server.matches(queries[c]) if p not in cited[c]]
                # what the first watch started from (the whole search) is queued too
                result.missed += len(set(full) - set(got))
            now += timedelta(days=7)
        result.seen_twice = sum(len(v) - len(set(v)) for v in queued.values())
        result.retraction_fails_lint = _lint_exit(root, ids[0]) == 1
        before = server.count()
        watch(root, transport=make_transport(server.url), now=now - timedelta(days=7) +
              timedelta(hours=1))
        result.nothing_new_requests = server.count() - before
    return result


def _lint_exit(root: Path, claim_id: str) -> int:
    """Exit code of lint on a draft the claim's detect phrase matches."""
    from claimcheck.lint.linter import Linter
    from claimcheck.library.loader import load

    lib = load(root)
    report = Linter.from_library(lib).lint_text(
        f"Dry needling relieves pain through {lib.claim(claim_id).detect[0]}.", "draft.md")
    return report.exit_code(())
