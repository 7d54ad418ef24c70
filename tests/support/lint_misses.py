"""What `claimcheck lint` misses and adds on one split of the real-page corpus (used by
scripts/lint_misses.py). The held-out test split is never read here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from tests.support.detector_training import Item, found_per_item

if TYPE_CHECKING:
    from claimcheck.lint.linter import Linter

SPLITS = ("train", "dev")  # never "test"


@dataclass
class Row:
    what: str  # MISS or EXTRA
    claim: str
    item: Item


@dataclass
class Misses:
    rows: list[Row] = field(default_factory=list)
    per: dict[str, list[int]] = field(default_factory=dict)  # claim -> [tp, fp, fn]

    def totals(self) -> tuple[int, int, int]:
        return tuple(sum(v[k] for v in self.per.values()) for k in range(3))  # type: ignore


def misses(linter: "Linter", items: list[Item], have: set[str]) -> Misses:
    out = Misses()
    for item, got in zip(items, found_per_item(linter, items)):
        if item.unlabelled_promise:
            continue  # a promise the library has no claim for: neither right nor wrong
        expected = item.claims & have
        extra = got - expected - item.allowed
        for slot, claims in enumerate((got & expected, extra, expected - got)):
            for c in claims:
                out.per.setdefault(c, [0, 0, 0])[slot] += 1
        out.rows += [Row("MISS", c, item) for c in sorted(expected - got)]
        out.rows += [Row("EXTRA", c, item) for c in sorted(extra)]
    return out


def write(m: Misses, out: TextIO, label: str, wanted: set[str], summary: bool) -> None:
    if not summary:
        for r in m.rows:
            if wanted and r.claim not in wanted:
                continue
            lead = f"  [lead-in: {r.item.context}]" if r.item.context else ""
            out.write(f"{r.what:<5} {r.claim:<34} {r.item.site or r.item.source}: "
                      f"{r.item.text!r}{lead}\n")
    tp, fp, fn = m.totals()
    out.write(f"\n{label}: P {ratio(tp, fp):.3f} R {ratio(tp, fn):.3f} "
              f"tp {tp} fp {fp} fn {fn}\n")
    out.write(f"{'claim':<36} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6}\n")
    rows = [c for c in m.per if not wanted or c in wanted]
    for c in sorted(rows, key=lambda c: (-m.per[c][2], c)):
        t, f, n = m.per[c]
        out.write(f"{c:<36} {t:>4} {f:>4} {n:>4} {ratio(t, f):>6.3f} {ratio(t, n):>6.3f}\n")
    if wanted:
        t, f, n = (sum(m.per.get(c, [0, 0, 0])[k] for c in wanted) for k in range(3))
        out.write(f"{'(these claims)':<36} {t:>4} {f:>4} {n:>4} "
                  f"{ratio(t, f):>6.3f} {ratio(t, n):>6.3f}\n")


def ratio(a: int, b: int) -> float:
    return a / (a + b) if a + b else 1.0


def try_phrases(lib, items: list[Item], tries: list[str], out: TextIO) -> None:
    """Each candidate phrase (CLAIM=PHRASE) alone, added to its claim's phrases, rules only:
    the units it newly finds rightly (+), wrongly (-) or neutrally (=, allowed), and those it
    loses, against the phrases as they are."""
    from dataclasses import replace

    from claimcheck.lint.claiminfo import ClaimInfo
    from claimcheck.lint.linter import Linter
    from tests.support.detector_training import with_model

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
            right, neutral = claim in item.claims, claim in item.allowed
            if claim in after:
                mark = "+" if right else ("=" if neutral else "-")
                good += right
                bad += not right and not neutral
            else:
                mark, lost = "lost", lost + right
            lead = f"  [lead-in: {item.context}]" if item.context else ""
            lines.append(f"   {mark:<4} {item.site or item.source}: {item.text!r}{lead}")
        out.write(f"{claim} += {phrase.strip()!r}: +{good} right, -{bad} wrong, {lost} lost\n")
        out.write("".join(line + "\n" for line in lines))
