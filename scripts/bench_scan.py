"""Benchmark `claimcheck scan`: pages/s per core with one worker and two, peak memory as the
number of pages grows, the cost of resuming after a kill, and a bare regex baseline.

    python -m scripts.bench_scan [--pages 160] [--words 2000] [--shard-size 16] [--memory-mb 10]

Every scan runs as its own `claimcheck scan` process on realistic 2,000-word HTML pages
(JSON Lines, built from the labelled lint sentences); the baseline, in the same run, is a
bare regular expression search of the same detect phrases over the same pages. The logic
lives in tests/support/scan_bench.py. The numbers are for reading, not asserting (the
machine is shared).
"""

from __future__ import annotations

from tests.support.scan_bench import main

if __name__ == "__main__":
    main(description=__doc__.splitlines()[0])
