"""List what `claimcheck lint` misses and adds on one split of the real-page corpus.

    python -m scripts.lint_misses [--split train|dev] [--claim ID ...] [--rules-only]
                                  [--summary] [--why] [--try CLAIM=PHRASE ...]

For each corpus unit of the split (tests/support/detector_training.py splits the corpus by
site), every labelled claim the linter did not find (MISS) and every claim it found that is
neither labelled nor allowed (EXTRA), with the unit's text, its lead-in and its site; then
precision and recall per claim.

``--why`` says what to change for each: a miss that no phrase found and the model scored low
wants a detect phrase or labelled examples; one a rule dropped names the rule (``claimcheck lint
--explain`` shows it at work); an extra names the phrase, or the model's score, that found it.
The unit is judged alone for this, with its lead-in: a claim found so but not on the page was
lost to what is around it (the question it answers, a neighbour). A tally of the reasons
follows the per-claim figures. Use it on train to find the wordings lint misses, and check a
change there before looking at dev. The held-out test split is refused: it is never looked at.

``--try CLAIM=PHRASE`` (repeatable) weighs candidate detect phrases before they go into a claim
file: for each one alone, added to the claim's phrases (rules only), the units of the split it
newly finds rightly (+) or wrongly (-) and those it loses, against the phrases as they are.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from claimcheck import load
from claimcheck.lint.detection import MODEL_PHRASE
from claimcheck.lint.rules import Trace
from claimcheck.lint.linter import linter_for
from claimcheck.lint.model import load_model
from tests.support.detector_training import dataset, found_per_item, with_model
from tests.support.lint_eval import Score

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "lint"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=REPO)
    ap.add_argument("--split", choices=("train", "dev"), default="train",
                    help="corpus split to read (the test split is held out and refused)")
    ap.add_argument("--claim", action="append", default=[],
                    help="only these claims (repeatable)")
    ap.add_argument("--rules-only", action="store_true", help="switch the learned model off")
    ap.add_argument("--summary", action="store_true",
                    help="only the per-claim figures, not the units")
    ap.add_argument("--all-train", action="store_true",
                    help="with --split train: also the labelled sets and claim quotes "
                         "(default: corpus pages only)")
    ap.add_argument("--why", action="store_true",
                    help="say for each miss and extra what found or dropped it, and tally them")
    ap.add_argument("--try", dest="tries", action="append", default=[],
                    metavar="CLAIM=PHRASE", help="weigh a candidate detect phrase (repeatable)")
    args = ap.parse_args()

    lib = load(args.root)
    have = set(lib.claims_by_id)
    data = dataset(lib, FIXTURES)
    items = getattr(data, args.split)
    if args.split == "train" and not args.all_train:
        items = [i for i in items if i.on_page]
    if args.tries:
        try_phrases(lib, items, args.tries)
        return
    linter = with_model(linter_for(lib), None if args.rules_only else load_model())
    wanted = set(args.claim)
    total = Score(args.split)
    reasons: Counter[tuple[str, str]] = Counter()
    out = sys.stdout
    for item, got in zip(items, found_per_item(linter, items)):
        if item.unlabelled_promise:
            continue
        expected = item.claims & have
        total.count(got, expected, item.allowed)
        rows = [("MISS", c) for c in sorted(expected - got)] + \
            [("EXTRA", c) for c in sorted(got - expected - item.allowed)]
        trace = judged(linter, item) if args.why and rows else None  # once per unit
        for what, claim in rows:
            if wanted and claim not in wanted:
                continue
            reason = why(linter, item, claim, what == "MISS", trace) if args.why else None
            if reason is not None:
                reasons[(what, reason.split(":")[0])] += 1
            if not args.summary:
                lead = f"  [lead-in: {item.context}]" if item.context else ""
                because = f"\n      why: {reason}" if reason else ""
                out.write(f"{what:<5} {claim:<34} {item.site or item.source}: "
                          f"{item.text!r}{lead}{because}\n")
    out.write(f"\n{args.split} ({len(items)} units, "
              f"{'rules only' if args.rules_only else 'rules + model'}): "
              f"P {total.precision:.3f} R {total.recall:.3f} tp {total.tp} fp {total.fp} "
              f"fn {total.fn}\n")
    out.write(f"{'claim':<36} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6}\n")
    per = total.per_claim
    for c in sorted(per, key=lambda c: -per[c][2]):
        if wanted and c not in wanted:
            continue
        one = Score(c, *per[c])
        out.write(f"{c:<36} {one.tp:>4} {one.fp:>4} {one.fn:>4} {one.precision:>6.3f} "
                  f"{one.recall:>6.3f}\n")
    if args.why:
        out.write("\nwhy (unit judged alone with its lead-in):\n")
        for (what, reason), n in sorted(reasons.items(), key=lambda kv: (kv[0][0], -kv[1])):
            out.write(f"  {what:<5} {n:>5}  {reason}\n")


def judged(linter, item) -> Trace:
    """``item`` judged alone with its lead-in (what ``why`` reads)."""
    trace = Trace()
    linter.detector.claims_in(item.text, item.context,
                              question=item.text.rstrip().endswith("?"), trace=trace)
    return trace


def why(linter, item, claim: str, missed: bool, trace: Trace | None = None) -> str:
    """What found or dropped ``claim`` in ``item``, judged alone with its lead-in (``trace``:
    ``judged(linter, item)``, when at hand): the reason's kind, a colon, and the detail."""
    trace = judged(linter, item) if trace is None else trace
    kept = [m for m in trace.kept if m.claim == claim]
    model = linter.detector.model
    if not missed:
        if not kept:
            return "page: found on the page, not in the unit alone (an absolute the gate " \
                   "finds, or what is around the unit)"
        m = kept[0]
        if m.phrase.startswith(MODEL_PHRASE + " "):
            return f"model: proposed at {m.phrase.split()[1]} (anchor " \
                   f"{trace.anchors.get(claim) or 'the whole unit'})"
        return f"phrase: {m.phrase!r}"
    if kept:
        return "page: found in the unit alone, lost on the page (the question it answers, " \
               "a neighbour, or a lead-in read differently)"
    dropped = [d.code for d in trace.drops if d.match.claim == claim]
    if dropped:
        return f"rule {dropped[0]}: a phrase matched and the rule dropped it"
    score = model.score_of(item.text, item.context, {claim}).get(claim) \
        if model is not None else None
    scored = "no model" if score is None else \
        f"model score {score:.2f}, threshold {model.threshold_of(claim, linter.detector.eager)}"
    return f"unfound: no detect phrase matched ({scored}): add a phrase or labelled examples"


def try_phrases(lib, items: list, tries: list[str]) -> None:
    """Each candidate phrase alone against the claim's phrases as they are (rules only)."""
    from dataclasses import replace

    from claimcheck.lint.claiminfo import ClaimInfo
    from claimcheck.lint.linter import Linter

    infos = {cid: ClaimInfo.from_library(lib, cid) for cid in lib.claims_by_id}
    base = found_per_item(with_model(Linter(infos.values()), None), items)
    for spec in tries:
        claim, _, phrase = spec.partition("=")
        if claim not in infos or not phrase.strip():
            raise SystemExit(f"--try {spec!r}: want CLAIM=PHRASE with a claim of the library")
        changed = {**infos, claim: replace(infos[claim],
                                           detect=infos[claim].detect + (phrase.strip(),))}
        got = found_per_item(with_model(Linter(changed.values()), None), items)
        good = bad = lost = 0
        lines = []
        for item, before, after in zip(items, base, got):
            if item.unlabelled_promise or (claim in before) == (claim in after):
                continue
            right = claim in item.claims
            neutral = claim in item.allowed
            if claim in after:
                mark = "+" if right else ("=" if neutral else "-")
                good += right
                bad += not right and not neutral
            else:
                mark, lost = "lost", lost + right
            lead = f"  [lead-in: {item.context}]" if item.context else ""
            lines.append(f"   {mark:<4} {item.site or item.source}: {item.text!r}{lead}")
        print(f"{claim} += {phrase.strip()!r}: +{good} right, -{bad} wrong, {lost} lost")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
