"""The publish gate on real sentences: what the corpus's labels say each unit should get,
against the severity lint gives it (issue 12's goal, on the pages of tests/fixtures/lint/corpus).

The labels name the claims a unit asserts in the page's own voice (``LABELLING.md``), so the
rule of the gate (README, "The publish gate") gives, from the library's grades alone:

- **should fail**: a unit asserting a claim graded unproven, contradicted or misleading (not a
  precaution): the gate fails it whatever the wording;
- **precaution**: a unit whose claims are all precautions (contraindications): never failed;
- **no claim**: a unit labelled with no claim: nothing to fail.

Units asserting only partly-supported claims depend on the wording (a warning when plain, an
error with a booster) and are left out. A unit counts as failed when any finding placed in it
(``detector_training.findings_per_item``) is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimcheck.lint.gate import UNBACKED, UNSUPPORTED

from tests.support.detector_training import Item, findings_per_item

if TYPE_CHECKING:  # pragma: no cover
    from claimcheck.lint.linter import Linter


@dataclass
class GateFigures:
    should_fail: int = 0
    failed: int = 0  # of should_fail
    precautions: int = 0
    precautions_failed: int = 0
    no_claim: int = 0
    no_claim_failed: int = 0
    # why should-fail units pass: lint found no claim in them, found only claims other than
    # their unsupported one, or found that claim and judged its wording no error
    passed_nothing_found: int = 0
    passed_other_claims: int = 0
    passed_judged_ok: int = 0

    @property
    def agreement(self) -> float:
        """The share of units judged as their labels imply: should-fail units failed,
        precautions and units with no claim passed."""
        total = self.should_fail + self.precautions + self.no_claim
        right = self.failed + self.precautions - self.precautions_failed + \
            self.no_claim - self.no_claim_failed
        return right / total if total else 1.0

    def line(self) -> str:
        def share(a: int, b: int) -> str:
            return f"{a}/{b} = {a / b:.3f}" if b else "0/0"

        return (f"should fail: {share(self.failed, self.should_fail)} fail; precautions: "
                f"{self.precautions_failed} of {self.precautions} fail; no claim: "
                f"{share(self.no_claim_failed, self.no_claim)} fail; agreement "
                f"{self.agreement:.3f}")

    def passed_line(self) -> str:
        """Why the should-fail units that pass do: detection or the wording's judgement."""
        return (f"of the {self.should_fail - self.failed} should-fail units that pass: no "
                f"claim found in {self.passed_nothing_found}, only other claims in "
                f"{self.passed_other_claims}, the unsupported claim found and its wording "
                f"judged no error in {self.passed_judged_ok}")


def gate_on_units(linter: "Linter", items: list[Item]) -> GateFigures:
    """How the gate judges the labelled units ``items`` against what their labels imply."""
    per_item = findings_per_item(linter, items)
    return tally(linter.claims, items,
                 [any(f.severity == "error" for f in fs) for fs in per_item],
                 [{f.claim for f in fs} for fs in per_item])


def gate_of_labelling(claims: dict, reference: list[Item], other: list[Item]) -> GateFigures:
    """The gate as a second labeller would run it, judged by ``reference``'s labels: a unit
    fails when ``other`` labels it with a claim that cannot be made. Labels are the page's
    own claims (``LABELLING.md``), so this is a gate whose every judgement of wording is
    right and whose detection is a careful person's: the ceiling the labels allow."""
    found = [set(o.claims) for o in other]
    return tally(claims, reference, [bool(_unsupported(claims, f)) for f in found], found)


def _unsupported(claims: dict, ids) -> set[str]:
    return {c for c in ids if c in claims and claims[c].verdict in UNSUPPORTED and
            claims[c].kind != "precaution"}


def tally(claims: dict, items: list[Item], failed: list[bool],
          found: list[set[str]]) -> GateFigures:
    """The gate's figures for ``items`` given, per item, whether it failed and which claims
    were found in it."""
    out = GateFigures()
    for item, fails, got in zip(items, failed, found):
        if item.unlabelled_promise:
            continue  # a promise the library has no claim for: no expectation
        infos = [claims[c] for c in item.claims if c in claims]
        if not item.claims:
            out.no_claim += 1
            out.no_claim_failed += fails
        elif infos and all(i.kind == "precaution" for i in infos):
            out.precautions += 1
            out.precautions_failed += fails
        elif unsupported := _unsupported(claims, item.claims):
            out.should_fail += 1
            out.failed += fails
            if not fails:
                if not got:
                    out.passed_nothing_found += 1
                elif unsupported & got:
                    out.passed_judged_ok += 1
                else:
                    out.passed_other_claims += 1
    return out


def real_sentences_failing(library, path) -> tuple[list[str], int]:
    """The real sentences of ``path`` (``tests/fixtures/lint/gate/*-real.yaml``) that the gate
    fails, and how many the file holds. A list item is linted under its lead-in and judged by
    the findings in the item itself."""
    import claimcheck
    from claimcheck.library.files import read_yaml

    items = read_yaml(path)
    failed = []
    for item in items:
        lead = item.get("lead_in")
        text = f"{lead}\n\n- {item['text']}" if lead else item["text"]
        if any(f.severity == "error" and (not lead or f.line > 1)
               for f in claimcheck.lint_text(library, text).findings):
            failed.append(item["text"])
    return failed, len(items)


@dataclass
class RewriteFigures:
    failing: int = 0  # units with an error
    edited: int = 0  # of those, offered their own words edited, not a curated wording
    mixed: int = 0  # units mixing an unsupported claim with a supported one
    mixed_edited: int = 0
    still_failing: int = 0  # edited rewrites that fail the gate themselves

    def line(self) -> str:
        return (f"{self.edited} of {self.failing} failing units are offered their own words "
                f"edited ({self.mixed_edited} of the {self.mixed} that mix an unsupported claim "
                f"with a supported one); {self.still_failing} of those edits fail the gate")


def rewrites_on_units(library, texts: list[str]) -> RewriteFigures:
    """What the gate offers each failing text (linted alone) as its rewrite, and whether the
    rewrite, linted in turn, fails."""
    import claimcheck

    out = RewriteFigures()
    for text in texts:
        findings = claimcheck.lint_text(library, text).findings
        if not any(f.severity == "error" for f in findings):
            continue
        out.failing += 1
        offered = findings[0].rewrite
        edited = offered not in {f.suggestion for f in findings}
        out.edited += edited
        if any(f.verdict in UNSUPPORTED and f.severity == "error" for f in findings) and \
                any(f.verdict not in UNSUPPORTED and f.claim != UNBACKED for f in findings):
            out.mixed += 1
            out.mixed_edited += edited
        if edited and any(f.severity == "error" for f in
                          claimcheck.lint_text(library, offered).findings):
            out.still_failing += 1
    return out
