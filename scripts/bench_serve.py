"""Benchmark `claimcheck serve`: a 2,000-word .docx from upload to highlighted page.

    python -m scripts.bench_serve [--root DIR] [--seeds ../shared/seeds] [--requests 20]

Starts the server as its own process, posts the draft 20 times in a row (p50 and p95), then
20 requests at once (all must succeed). The logic lives in tests/support/serve_bench.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.support.serve_bench import REPO, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--concurrent", type=int, default=20)
    args = parser.parse_args()
    r = run(args.root, args.seeds, args.requests, args.concurrent)
    print(f"draft: 2,000-word .docx ({r['docx_kb']:.0f} KB)")
    print(f"upload to highlighted page, {len(r['times'])} requests in a row: "
          f"p50 {r['p50'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, "
          f"max {max(r['times']) * 1000:.0f} ms (goal: p95 under 1 s)")
    print(f"{r['concurrent']} requests at once to /api/lint: {r['ok']} ok "
          f"(statuses {r['statuses']}), all done in {r['wall']:.2f} s, slowest "
          f"{r['slowest']:.2f} s")


if __name__ == "__main__":
    main()
