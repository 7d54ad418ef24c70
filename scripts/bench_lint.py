"""Benchmark `claimcheck lint`: precision and recall per set, warm speed, cold start.

    python -m scripts.bench_lint [--seeds ../shared/seeds] [--inventory FILE] [--misses]

The numbers are for reading, not asserting: the cold start of `claimcheck lint` on a
2,000-word page is printed next to a bare `python -c pass` from the same run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from claimcheck import load
from tests.support.lint_eval import (cold_start, page_of_words, score_labelled, score_seeds,
                                  self_flagged_suggestions, sentences_per_second)

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--inventory", type=Path,
                        default=REPO.parent / "shared" / "claims-inventory.yaml")
    parser.add_argument("--labelled", type=Path,
                        default=REPO / "tests" / "fixtures" / "lint" / "labelled-sentences.yaml")
    parser.add_argument("--misses", action="store_true", help="List every miss and extra.")
    args = parser.parse_args()

    lib = load(args.root)
    scores = []
    if args.seeds.is_dir():
        scores.append(score_seeds(lib, args.seeds, args.inventory))
    scores.append(score_labelled(lib, args.labelled))
    overall = sum(scores[1:], scores[0])
    print(f"library: {len(lib.claims_by_id)} claims, {len(lib.citations_by_key)} citations")
    print(f"{'set':<10} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for s in (*scores, overall):
        print(f"{s.name:<10} {s.precision:>9.3f} {s.recall:>7.3f} {s.tp:>4} {s.fp:>4} {s.fn:>4}")
        if args.misses and s is not overall:
            for m in s.misses:
                print(f"  miss  {m}")
            for e in s.extras:
                print(f"  extra {e}")

    flagged = self_flagged_suggestions(lib)
    print(f"suggested wordings reported as their own claim: {len(flagged)} of "
          f"{len(lib.claims_by_id)}" + (f" ({', '.join(flagged)})" if flagged else ""))

    sources = sorted(args.seeds.glob("*.txt")) if args.seeds.is_dir() else [args.labelled]
    page = page_of_words(sources, 2000)
    print(f"warm: {sentences_per_second(lib, page):,.0f} sentences/s "
          f"(page of {len(page.split())} words)")
    times = cold_start(page, args.root)
    for label, suffix in (("wall", ""), ("CPU", "_cpu")):
        lint, bare = times["lint" + suffix], times["python" + suffix]
        print(f"cold start ({label}, median of 7): claimcheck lint {lint:.3f} s, "
              f"python -c pass {bare:.3f} s, ratio {lint / bare:.1f}x")

if __name__ == "__main__":
    main()
