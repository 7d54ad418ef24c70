"""List what `claimcheck lint` misses and adds on one split of the real-page corpus.

    python -m scripts.lint_misses [--split train|dev] [--claim ID ...] [--summary]
                                  [--try CLAIM=PHRASE ...]

For each corpus unit of the split (tests/support/detector_training.py splits the corpus by
site), every labelled claim lint did not find (MISS) and every claim it found that is neither
labelled nor allowed (EXTRA), with the unit's text, lead-in and site; then precision and recall
per claim. Find missed wordings on train; check on dev. The test split is refused: it is held
out. `CLAIMCHECK_NO_MODEL=1` (or `--rules-only`) measures the rules alone. `--try CLAIM=PHRASE`
weighs a candidate detect phrase (rules only) before it goes into a claim file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from claimcheck import load
from claimcheck.lint.linter import linter_for
from claimcheck.lint.model import load_model
from tests.support.detector_training import dataset, with_model
from tests.support.lint_misses import SPLITS, misses, try_phrases, write

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "lint"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=REPO)
    ap.add_argument("--split", choices=SPLITS, default="train",
                    help="corpus split (the test split is held out and refused)")
    ap.add_argument("--claim", action="append", default=[], help="only this claim (repeatable)")
    ap.add_argument("--rules-only", action="store_true", help="switch the learned model off")
    ap.add_argument("--all-train", action="store_true",
                    help="with --split train: also the labelled sets and claim quotes")
    ap.add_argument("--summary", action="store_true", help="only the figures, not the units")
    ap.add_argument("--try", dest="tries", action="append", default=[], metavar="CLAIM=PHRASE",
                    help="weigh a candidate detect phrase (repeatable)")
    args = ap.parse_args()

    lib = load(args.root)
    items = getattr(dataset(lib, FIXTURES), args.split)
    if args.split == "train" and not args.all_train:
        items = [i for i in items if i.url]  # the corpus pages only
    if args.tries:
        try_phrases(lib, items, args.tries, sys.stdout)
        return
    rules_only = args.rules_only or bool(os.environ.get("CLAIMCHECK_NO_MODEL"))
    linter = with_model(linter_for(lib), None if rules_only else load_model())
    m = misses(linter, items, set(lib.claims_by_id))
    label = f"{args.split} ({len(items)} units, {'rules only' if rules_only else 'rules + model'})"
    write(m, sys.stdout, label, set(args.claim), args.summary)


if __name__ == "__main__":
    main()
