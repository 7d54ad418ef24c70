"""Train the learned detection stage of `claimcheck lint` from the labelled text in the repo.

    python -m scripts.train_detector [--measure-test]    (from the repo root; pip install -e '.[train]')
    python -m scripts.train_detector --learning-curve    (dev figures from a share of the train sites)

Writes src/claimcheck/lint/data/detector-model.json and its manifest (.meta.json: version,
SHA-256, data hashes, dev figures). The same data gives the same file. Score the held-out
test split (--measure-test) once per model version, and report that figure as it is.
The logic lives in tests/support/detector_training.py.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import claimcheck
from tests.support.detector_training import learning_curve, train

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds",
                    help="the seed pages: settings that lose any of their claims are refused")
    ap.add_argument("--measure-test", action="store_true",
                    help="also score the held-out test split (once per model version)")
    ap.add_argument("--learning-curve", action="store_true",
                    help="write no model: print dev figures of models fitted on 25, 50, 75 and "
                         "100%% of the train split's sites (what more labelled pages would buy)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", category=FutureWarning)
    if args.learning_curve:
        learning_curve(claimcheck.load(REPO), REPO / "tests" / "fixtures" / "lint")
        return
    shared = REPO.parent / "shared"
    train(claimcheck.load(REPO), REPO / "tests" / "fixtures" / "lint",
          REPO / "src" / "claimcheck" / "lint" / "data", measure_test=args.measure_test,
          seeds=args.seeds, inventory=shared / "claims-inventory.yaml")


if __name__ == "__main__":
    main()
