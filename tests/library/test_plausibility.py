"""Effect estimates implausible for their measure: flagged by validate as warnings (issue 13)."""

from __future__ import annotations

import json

import pytest

from claimcheck.library.model import Effect
from claimcheck.library.plausibility import implausible


def eff(measure, estimate, low=None, high=None):
    return Effect(outcome="pain", measure=measure, estimate=estimate, ci_low=low, ci_high=high)


@pytest.mark.parametrize("effect, flagged", [
    (eff("SMD", 14.9, -5.81, 33.99), True),          # tough-2009: a raw VAS difference
    (eff("Cohen's d", -9.13, -14.7, -3.56), True),   # rodriguezmansilla-2016
    (eff("SMD", -2.28, -2.66, -1.91), False),        # large but possible
    (eff("SMD (Morris dppc2)", 0.4), False),
    (eff("MD", 23.0, 18.1, 28.3), False),            # a raw difference may be large
    (eff("RR", 0.0), True), (eff("OR", 1.4, 0.9, 2.1), False),
    (eff("incidence per 100 treatments", 120.0), True),
    (eff("incidence per 100 treatments", 19.0), False),
    (eff("events per 1000 sessions", 1.2), False),
    (eff("MD", 2.0, 2.5, 3.0), True),                # outside its own interval
])
def test_implausible(effect, flagged):
    assert bool(implausible(effect)) is flagged


def test_validate_warns_but_the_bundled_library_stays_valid(library, run_cli):
    flagged = {w.path.rsplit("/", 1)[-1] for w in library.warnings}
    assert {"tough-2009-eurjpain.yaml", "rodriguezmansilla-2016-jtraditchinmed.yaml"} <= flagged
    assert all(w.code == "implausible-effect" for w in library.warnings)
    code, out, err = run_cli("validate", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["valid"] and len(data["warnings"]) == len(library.warnings)
    code, out, err = run_cli("validate")
    assert code == 0 and "warning: evidence/citations/tough-2009-eurjpain.yaml" in out
