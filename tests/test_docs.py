"""The docs against the code: every command has help and a README section."""

from __future__ import annotations

import re

import click
import pytest

from claimcheck.cli import cli
from conftest import REPO


def commands() -> list[tuple[str, ...]]:
    out = []
    for name, cmd in cli.commands.items():
        if isinstance(cmd, click.Group):
            out += [(name, sub) for sub in cmd.commands]
        else:
            out.append((name,))
    return sorted(out)


def test_the_design_commands_exist():
    assert {" ".join(c) for c in commands()} >= {
        "validate", "grade", "lint", "refresh", "verify", "cite", "report",
        "export claimreview", "init"}


@pytest.mark.parametrize("words", commands(), ids=" ".join)
def test_every_command_has_help_and_a_readme_section(words, run_cli):
    code, out, _ = run_cli(*words, "--help")
    # init makes a library rather than using one
    assert code == 0 and ("--root" in out or words == ("init",))
    assert "Example:" in out  # help that teaches: a block a user can paste
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^### {re.escape(' '.join(words))}\b", readme, re.M)


def test_readme_quick_start_is_two_commands_and_ci_runs_the_second():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"(?ims)^## quick start.*?```sh\n(.*?)```", readme).group(1)
    lines = [ln for ln in block.splitlines() if ln.strip()]
    assert len(lines) == 2
    assert lines[1] in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_front_door_exports():
    import claimcheck

    for name in claimcheck.__all__:
        assert getattr(claimcheck, name) is not None
    with pytest.raises(AttributeError):
        claimcheck.no_such_name  # noqa: B018


def test_readme_validation_codes_are_the_registry():
    from claimcheck.library.validation import CODES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- validation-codes:.*?-->\n(.*?)<!-- /validation-codes -->", readme,
                      re.S).group(1)
    rows = re.findall(r"^\| `([a-z-]+)` \| (.*) \|$", table, re.M)
    assert rows == [(code, meaning.replace("``", "`")) for code, meaning in CODES.items()]


def test_readme_lint_rules_are_the_registry():
    from claimcheck.lint.rules import RULES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- lint-rules:.*?-->\n(.*?)<!-- /lint-rules -->", readme,
                      re.S).group(1)
    rows = re.findall(r"^\| `([a-z-]+)` \| (.*) \|$", table, re.M)
    assert rows == list(RULES.items())


def test_an_unregistered_validation_code_cannot_be_made():
    from claimcheck.library.validation import Problem

    with pytest.raises(KeyError, match="not registered"):
        Problem("claims/x.yaml", 1, "kind", "no-such-code", "message")
