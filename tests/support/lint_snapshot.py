"""Lint's output on every labelled sentence and page in the repo, as one JSON file: a check
that a change meant to make lint faster changes nothing it reports.

    python -m tests.support.lint_snapshot write BEFORE.json   # on the old code
    python -m tests.support.lint_snapshot compare BEFORE.json  # on the new code: exit 1 if not equal

What is recorded: the lint JSON (``LintReport.as_dict``) and the ``--explain`` text of every
labelled sentence (each yaml file under tests/fixtures/lint with ``text`` items), of each
page those sentences come from (joined in order), of the golden drafts, and of the scan
benchmark's 2,000-word HTML pages; with the learned model on and with the rules alone.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "lint"
BENCH_PAGES = 24


def documents() -> list[tuple[str, str, str]]:
    """``(name, text, kind)`` of every document the snapshot lints."""
    from tests.support.scan_pages import html_page

    out = []
    for path in sorted(FIXTURES.rglob("*.yaml")):
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if not isinstance(items, list):
            continue
        pages: dict[str, list[str]] = {}
        rel = path.relative_to(REPO).as_posix()
        for k, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                continue
            out.append((f"{rel}#{k}", item["text"], "markdown"))
            page = item.get("url") or item.get("page")
            if page:
                pages.setdefault(str(page), []).append(item["text"])
        for page, units in pages.items():
            out.append((f"{rel}@{page}", "\n\n".join(units) + "\n", "markdown"))
    for path in sorted((FIXTURES / "golden").iterdir()):
        if path.suffix in (".html", ".md", ".txt"):
            kind = {".html": "html", ".md": "markdown", ".txt": "text"}[path.suffix]
            out.append((path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8"),
                        kind))
    for i in range(BENCH_PAGES):
        out.append((f"bench-page-{i}", html_page(2000, i, f"Page {i}"), "html"))
    return out


def snapshot() -> dict:
    from claimcheck.lint.detection import NO_MODEL_ENV
    from claimcheck.lint.explain import explain_text, render_explanation
    from claimcheck.lint.linter import linter_at

    linter = linter_at(REPO)
    docs = documents()
    out: dict[str, dict] = {}
    saved = os.environ.pop(NO_MODEL_ENV, None)
    try:
        for mode in ("model", "rules"):
            if mode == "rules":
                os.environ[NO_MODEL_ENV] = "1"
            for name, text, kind in docs:
                source = "page." + {"markdown": "md", "html": "html", "text": "txt"}[kind]
                report = linter.lint_text(text, source, kind)
                explained = render_explanation(explain_text(linter, text, source, kind)) \
                    if len(text) < 20_000 else ""
                out[f"{mode}:{name}"] = {"lint": report.as_dict(), "explain": explained}
    finally:
        os.environ.pop(NO_MODEL_ENV, None)
        if saved is not None:
            os.environ[NO_MODEL_ENV] = saved
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("write", "compare"):
        print(__doc__)
        return 2
    path = Path(argv[1])
    now = snapshot()
    if argv[0] == "write":
        path.write_text(json.dumps(now, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        print(f"{len(now)} documents written to {path}")
        return 0
    before = json.loads(path.read_text(encoding="utf-8"))
    now = json.loads(json.dumps(now, sort_keys=True, ensure_ascii=False))
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for name in differ[:20]:
        print(f"differs: {name}")
    print(f"{len(now)} documents, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
