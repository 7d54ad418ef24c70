"""Peak memory of linting one large file, per input byte, for the benchmarks (never asserted:
the resident set of a process depends on the allocator and the machine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.scan_pages import html_page, sentences

REPO = Path(__file__).resolve().parents[2]
# lint one file in a fresh process and print its peak resident set; the size limit of a draft
# (2 MB) is lifted so that larger files can be measured too
_RUN = ("import json, resource, sys; import claimcheck.lint.extract as e; "
        "e.MAX_INPUT_BYTES = 10 ** 10; from claimcheck.lint.linter import linter_at; "
        "linter = linter_at(sys.argv[2]); report = linter.lint_bytes(open(sys.argv[1], 'rb')"
        ".read(), sys.argv[1]); print(json.dumps({'rss': resource.getrusage("
        "resource.RUSAGE_SELF).ru_maxrss * 1024, 'findings': len(report.findings)}))")


def large_file(path: Path, kind: str, size: int) -> Path:
    """``size`` bytes of realistic clinic pages (HTML) or paragraphs of labelled sentences."""
    if kind == "html":
        parts, n, i = [], 0, 0
        while n < size:
            parts.append(html_page(2000, i))
            n += len(parts[-1])
            i += 1
        text = "".join(parts)
    else:
        block = "\n\n".join(sentences()) + "\n\n"
        text = block * (size // len(block) + 1)
    path.write_text(text[:size], encoding="utf-8")
    return path


def _peak(path: Path, root: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH")) if p))
    out = subprocess.run([sys.executable, "-c", _RUN, str(path), str(root)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def peak_per_byte(root: Path, sizes: tuple[int, ...] = (10_000_000,)) -> list[dict]:
    """For HTML and text files of each size: the peak resident set, that per input byte, and
    the same over the start-up of a one-line draft (the interpreter and the library)."""
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        tmp = Path(tmp)
        one_line = tmp / "one-line.txt"
        one_line.write_text("Dry needling releases endorphins.\n", encoding="utf-8")
        _peak(one_line, root)  # fill the lint cache first
        base = _peak(one_line, root)["rss"]
        rows = []
        for size in sizes:
            for kind, suffix in (("html", ".html"), ("text", ".txt")):
                path = large_file(tmp / f"large{suffix}", kind, size)
                got = _peak(path, root)
                rows.append({"kind": kind, "bytes": size, "peak": got["rss"], "base": base,
                             "per_byte": got["rss"] / size,
                             "over_base": (got["rss"] - base) / size,
                             "findings": got["findings"]})
        return rows
