"""Benchmark the workbench against a running server (``python -m scripts.bench_serve``).

The server runs as its own process (``claimcheck serve --port 0``), as a user runs it; the
client posts a 2,000-word Word draft the way the upload form does and fetches the marked-up
result page (upload to highlighted draft), 20 times one after another, then 20 requests at
once. Numbers are printed for reading, never asserted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator
from contextlib import contextmanager

import requests

from tests.support.docx_drafts import draft_of_words
from tests.support.lint_eval import page_of_words

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def server_process(root: Path) -> Iterator[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "serve", "--root", str(root),
                             "--port", "0"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stderr.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if not m:
            raise RuntimeError(f"the server did not start: {line}{proc.stderr.read()}")
        yield m.group(1)
    finally:
        proc.terminate()
        proc.wait(10)


def word_draft(seeds: Path, words: int = 2000) -> bytes:
    sources = sorted(seeds.glob("*.txt")) if seeds.is_dir() else \
        sorted((REPO / "tests" / "fixtures" / "lint" / "golden").glob("*.md"))
    return draft_of_words(page_of_words(sources, words))


def upload_and_show(url: str, data: bytes, session: requests.Session) -> float:
    """Seconds from posting the .docx to having the marked-up page."""
    t0 = time.perf_counter()
    r = session.post(url + "/check", files={"file": ("post.docx", data)}, timeout=60)
    r.raise_for_status()
    if "<mark class=\"claim" not in r.text:
        raise RuntimeError("no claim marked in the result page")
    return time.perf_counter() - t0


def api_lint(url: str, data: bytes) -> tuple[int, float]:
    t0 = time.perf_counter()
    r = requests.post(url + "/api/lint", files={"file": ("post.docx", data)}, timeout=120)
    return r.status_code, time.perf_counter() - t0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def run(root: Path, seeds: Path, requests_n: int = 20, concurrent: int = 20) -> dict:
    data = word_draft(seeds)
    with server_process(root) as url:
        session = requests.Session()
        upload_and_show(url, data, session)  # warm up: the references, the first lint
        times = [upload_and_show(url, data, session) for _ in range(requests_n)]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(concurrent) as pool:
            results = list(pool.map(lambda _: api_lint(url, data), range(concurrent)))
        wall = time.perf_counter() - t0
    return {"docx_kb": len(data) / 1024, "times": times,
            "p50": percentile(times, 50), "p95": percentile(times, 95),
            "concurrent": concurrent, "ok": sum(s == 200 for s, _ in results),
            "statuses": sorted({s for s, _ in results}), "wall": wall,
            "slowest": max(t for _, t in results)}
