#!/usr/bin/env python
"""Benchmark `claimcheck watch` over simulated weeks of PubMed (127.0.0.1 only).

    python -m scripts.bench_watch [--claims 6] [--weeks 8] [--per-week 6]   (from the repo root)

Replays weeks of new records (some late-indexed, some matching two claims) and one retraction
of a cited record against the local E-utilities server, watching after each week, and prints
the goal numbers: new PMIDs missed against a full re-query, PMIDs queued twice, whether the
next lint fails on the retracted citation, and the requests of a watch with nothing new.
Exit 1 if a goal is missed. The logic lives in tests/support/watch_bench.py (``run_bench``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.support.watch_bench import run_bench


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=6)
    ap.add_argument("--weeks", type=int, default=8)
    ap.add_argument("--per-week", type=int, default=6)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = run_bench(Path(tmp), claims=args.claims, weeks=args.weeks, per_week=args.per_week)
    print("\n".join(r.lines()))
    # the goals, as written: a quiet watch sends at most one request per claim
    missed = [goal for goal, met in (
        ("no new PMID missed", r.missed == 0), ("none queued twice", r.seen_twice == 0),
        ("a retraction fails the next lint",
         r.retraction_fails_lint and r.lint_before_retraction == 0),
        ("a quiet watch sends at most one request per claim",
         r.nothing_new_requests <= r.claims)) if not met]
    print("goals met" if not missed else "GOAL MISSED: " + "; ".join(missed))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
