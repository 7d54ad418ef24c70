"""``scan(inputs, out)``: lint many pages, resumably, on this machine or on a Dask cluster.

The library call behind ``claimcheck scan``. The inputs are planned into shards (or the
plan of an interrupted run with the same key is picked up), the shards without a result
file are run (``engine``), each result is written as soon as it arrives, and the outputs are
built from the shard files (``output``). Killed and started again, a run redoes no finished
shard, and on local processes not even the finished records of the shards in flight (each
logs its records as it goes, ``engine.process_shard``): at most the page each worker was
linting is linted again.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import InputError, OutputError, UsageError
from .engine import StopScan, default_workers, linter_for_root, run_dask, run_local
from .shards import ScanState, plan_input, state_key

SHARD_SIZE = 32                # pages per shard: about 2 s of work on 2,000-word pages
MAX_PAGE_BYTES = 2_000_000     # pages over this are counted as too large, not linted


@dataclass
class ScanResult:
    """What a scan did: the outputs' folder, the summary (as in summary.json) and the
    shards run now and found done by an earlier, interrupted run."""

    out: Path
    summary: dict
    shards: int
    shards_run: int
    shards_resumed: int
    seconds: float
    engine: str
    records_kept: int = 0  # records of shards cut short by a kill, not linted again

    @property
    def pages(self) -> int:
        return self.summary["pages"]

    @property
    def findings(self) -> int:
        return self.summary["findings"]

    def lines(self) -> list[str]:
        """The short summary ``claimcheck scan`` prints."""
        s = self.summary
        rate = f", {s['pages'] / self.seconds:,.1f} pages/s" if self.seconds > 0 and \
            self.shards_run else ""
        out = [f"scanned {s['pages']:,} pages from {s['sites']:,} sites: {s['findings']:,} "
               f"claims found ({self.engine}; {self.shards_run} of {self.shards} shards run"
               + (f", {self.shards_resumed} already done" if self.shards_resumed else "")
               + (f", {self.records_kept} records of unfinished shards kept"
                  if self.records_kept else "")
               + f"{rate})"]
        if s["by_verdict"]:
            out.append("by verdict: " + ", ".join(f"{v} {n:,}" for v, n in
                                                  s["by_verdict"].items()))
        for top in s["top_claims"][:5]:
            out.append(f"  {top['findings']:>6,}  {top['claim']} ({top['verdict']})")
        for entry in s["inputs"]:
            if entry["skipped"]:
                skipped = ", ".join(f"{n:,} {r}" for r, n in sorted(entry["skipped"].items()))
                out.append(f"{entry['input']}: {entry['pages']:,} pages, skipped {skipped}")
        out.append(f"wrote {self.out}/findings.parquet, scorecard.parquet, problems.parquet, "
                   "summary.json")
        return out


def _require(module: str, what: str) -> None:
    from importlib.util import find_spec

    if find_spec(module) is None:
        raise UsageError(f"{what} needs {module}: pip install 'dryneedling-claimcheck[scan]'")


def _library_key(linter) -> str:
    from .. import __version__

    claims = getattr(linter, "claims", {})
    data = [c.as_dict() if hasattr(c, "as_dict") else repr(c)
            for _, c in sorted(claims.items())]
    return hashlib.sha256(json.dumps([__version__, data], sort_keys=True).encode()).hexdigest()


def scan(inputs: Sequence[str | Path], out: str | Path, root: str | Path | None = None, *,
         workers: int | None = None, scheduler: str | None = None,
         shard_size: int = SHARD_SIZE, max_page_bytes: int = MAX_PAGE_BYTES,
         progress: bool = False, stop_after: int | None = None) -> ScanResult:
    """Lint every page of ``inputs`` into Parquet files under ``out``.

    ``workers``: local processes (default: every core; 1 runs in this process);
    ``scheduler``: the address of a Dask scheduler (``tcp://host:8786``) to run on instead.
    ``stop_after``: stop after writing that many shards, as if the run were killed there,
    by raising ``engine.StopScan`` (a hook for tests and the benchmark).
    """
    from ..library.roots import find_root

    started = time.perf_counter()
    if not inputs:
        raise InputError("scan", "give at least one input (a folder, JSONL, CSV, Parquet or "
                                 "WARC file)")
    if shard_size < 1 or max_page_bytes < 1:
        raise InputError("scan", "the shard size and the page size limit must be positive")
    _require("pyarrow", "claimcheck scan")
    paths = [Path(p).resolve() for p in inputs]
    if any(p.name.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz")) for p in paths):
        _require("warcio", "reading WARC files")
    if len(set(paths)) != len(paths):
        raise InputError("scan", "an input is given twice")
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out, f"cannot create the output folder: {exc.strerror}") from None
    root_path = str(find_root(root).resolve())
    linter = linter_for_root(root_path)  # also fails early on a broken library
    settings = {"shard_size": shard_size, "max_page_bytes": max_page_bytes}
    key = state_key(paths, settings, _library_key(linter))

    state = ScanState(out)
    planned = state.load_plan(key)
    if planned is None:
        plans, shards = [], []
        for index, path in enumerate(paths):
            plan, found = plan_input(index, path, shard_size)
            plans.append(plan)
            shards.extend(found)
        state.start(key, plans, shards)
    else:
        plans, shards = planned
    done = state.done()
    todo = [s for s in shards if s.id not in done]
    resumed = len(shards) - len(todo)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(shards), initial=resumed, unit="shard", desc="scan",
                   leave=False, dynamic_ncols=True)
    written = kept = 0

    def on_result(result: dict) -> None:
        nonlocal written, kept
        from .output import write_shard

        write_shard(state.path(result["id"]), result)
        state.finished(result["id"])
        written += 1
        kept += result.get("kept", 0)
        if bar is not None:
            bar.update(1)
        if stop_after is not None and written >= stop_after:
            raise StopScan(f"stopped after {written} shards")

    try:
        if scheduler:
            engine = f"Dask scheduler {scheduler}"
            run_dask(todo, root_path, max_page_bytes, scheduler, on_result, key=key[:12])
        else:
            n = workers or default_workers()
            engine = f"{n} local process{'es' * (n != 1)}"
            run_local(todo, root_path, max_page_bytes, n, on_result, journal=state.journal)
    finally:
        if bar is not None:
            bar.close()

    from .output import build_outputs

    summary = build_outputs(out, plans, shards, state.path)
    return ScanResult(out, summary, len(shards), written, resumed,
                      time.perf_counter() - started, engine, kept)
