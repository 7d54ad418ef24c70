#!/usr/bin/env python
"""Benchmark `claimcheck refresh` against the local E-utilities server (127.0.0.1 only).

    python -m scripts.bench_pubmed --pmids 1000 --searches 20 [--api-key]    (from the repo root)

Prints requests sent against the minimum (searches + ceil(N/200) efetch + epost calls) and a
naive one-request-per-PMID client, wall time against the rate-limit floor, a second run on the
fresh cache (must send nothing), and a run with every fault injected. Exit 1 if a goal is
missed. The logic lives in tests/support/refresh_bench.py (``bench``).
"""

from __future__ import annotations

import argparse
import sys

from tests.support.eutils_server import SECRET
from tests.support.refresh_bench import bench


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pmids", type=int, default=1000)
    ap.add_argument("--searches", type=int, default=20)
    ap.add_argument("--api-key", action="store_true",
                    help="send a (fake) API key: 10 requests/s instead of 3")
    args = ap.parse_args()
    return 0 if bench(args.pmids, args.searches, api_key=SECRET if args.api_key else None) else 1


if __name__ == "__main__":
    sys.exit(main())
