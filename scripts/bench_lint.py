"""Benchmark `claimcheck lint`: precision and recall per set, warm speed, cold start.

    python -m scripts.bench_lint [--seeds ../shared/seeds] [--inventory FILE] [--misses]

The numbers are for reading, not asserting: the warm-cache start of `claimcheck lint` on a
2,000-word page is printed as a ratio to a bare `python -c pass` from the same run, and the
start-up on a one-line draft with the library and with synthetic copies 10x and 50x its size
as ratios to the 1x start-up (``--no-startup`` skips these; ``--sizes 1,10`` picks others).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from claimcheck import load
from tests.support.lint_eval import (cold_start, page_of_words, score_labelled, score_seeds,
                                     self_flagged_suggestions, sentences_per_second,
                                     startup_by_size)

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
    parser.add_argument("--no-startup", action="store_true",
                        help="Skip the start-up timings (fresh processes, synthetic libraries).")
    parser.add_argument("--sizes", default="1,10,50",
                        help="Library sizes for the start-up timings (multiples of --root).")
    parser.add_argument("--runs", type=int, default=7, help="Runs per timing (median).")
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
    if args.no_startup:
        return
    times = cold_start(page, args.root, args.runs)
    for label, suffix in (("wall", ""), ("CPU", "_cpu")):
        lint, bare = times["lint" + suffix], times["python" + suffix]
        print(f"warm-cache lint of the page ({label}, median of {args.runs}): "
              f"python -m claimcheck lint {lint:.3f} s, python -c pass {bare:.3f} s, "
              f"ratio {lint / bare:.1f}x")
    sizes = tuple(int(n) for n in args.sizes.split(","))
    by_size = startup_by_size(args.root, sizes, args.runs)
    one = by_size[sizes[0]]
    for size, t in by_size.items():
        print(f"start-up, one-line draft, library x{size:<3} (median of {args.runs}): "
              f"wall {t['wall']:.3f} s ({t['wall'] / one['wall']:.2f}x of x{sizes[0]}, "
              f"{t['wall'] / t['python']:.1f}x python -c pass), CPU {t['cpu']:.3f} s "
              f"({t['cpu'] / one['cpu']:.2f}x of x{sizes[0]})")


if __name__ == "__main__":
    main()
