"""Running shards: in this process, on a pool of local processes, or on a Dask cluster.

``process_shard`` is the unit of work, the same everywhere: read the shard's records, lint
each page, return the findings as columns and the shard's counts. The linter is built once
per process (``linter_for_root``, a cache keyed by the library root), never once per page:
local pool processes build it in their initializer, Dask workers on their first shard.

The engines hand each result to a callback in the calling process as soon as it is ready
and keep only as many shards in flight as there are workers, so memory does not grow with
the number of pages, and a killed run loses at most the shards that were being worked on.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Callable, Iterable

from ..errors import ClaimcheckError, InputError
from .records import Page, Skip, read_shard

FINDING_COLUMNS = ("url", "site", "sentence", "claim", "verdict", "severity", "certainty",
                   "start", "end", "line", "input")

CONNECT_TIMEOUT = "20s"  # to reach a Dask scheduler
_LINTERS: dict[str, object] = {}
BUILDS = Counter()  # linters built in this process, by root (tests check "once per worker")


def linter_for_root(root: str):
    """The ``Linter`` of the library at ``root``, built on first use in this process."""
    linter = _LINTERS.get(root)
    if linter is None:
        from ..lint.linter import linter_at

        linter = _LINTERS[root] = linter_at(root)
        BUILDS[root] += 1
    return linter


def _warm(root: str) -> None:
    """Pool initializer: build the linter before the first shard arrives."""
    linter_for_root(root)


def _record(linter, item) -> dict:
    """What one record adds to its shard's result: ``{"skip": [reason, url, message]}`` or
    ``{"url", "site", "rows"}`` with a row per finding (``FINDING_COLUMNS`` but input)."""
    if isinstance(item, Page):
        try:
            # the findings table has no rewrite column
            report = linter.lint_text(item.text, item.url, item.kind, rewrites=False)
        except ClaimcheckError as exc:  # InputError: no readable text
            item = Skip(item.url, "no-text", str(exc).removeprefix(f"{item.url}: "))
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop a scan
            item = Skip(item.url, "lint-error", f"{type(exc).__name__}: {exc}")
    if isinstance(item, Skip):
        return {"skip": [item.reason, item.url, item.message]}
    # the fields of ``Finding.as_dict`` the columns take, read without building the dict
    rows = [[item.url, item.site, f.sentence, f.claim, f.verdict, f.severity, f.certainty,
             f.start, f.end, f.line] for f in report.findings]
    return {"url": item.url, "site": item.site, "rows": rows}


def _replayed(journal: str | None) -> tuple[list[dict], object]:
    """The records a killed run finished of this shard (``journal``: one JSON line each,
    the last one dropped if cut short) and the journal open for appending the rest."""
    if journal is None:
        return [], None
    os.makedirs(os.path.dirname(journal), exist_ok=True)
    done: list[dict] = []
    good = 0
    try:
        with open(journal, "rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                try:
                    done.append(json.loads(line))
                except ValueError:
                    break
                good += len(line)
    except FileNotFoundError:
        pass
    fh = open(journal, "ab")
    fh.truncate(good)
    return done, fh


def process_shard(shard, root: str, limit: int, journal: str | None = None) -> dict:
    """Lint every page of ``shard``: ``{"id", "findings": {column: values}, "stats"}``.

    ``journal``: a file where each record's result is appended as soon as it is linted, and
    read back first, so a shard cut short by a kill resumes at its next record (the local
    engine keeps one per shard in flight; ``stats["kept"]`` counts the records taken from
    it). A record is one JSON line; a line cut short by the kill is read as not done."""
    from pathlib import Path

    linter = linter_for_root(root)
    columns: dict[str, list] = {c: [] for c in FINDING_COLUMNS}
    skipped: Counter = Counter()
    problems: list[dict] = []
    sites: dict[str, dict] = {}
    pages = 0
    name = Path(shard.input).name
    done, fh = _replayed(journal)
    try:
        for k, item in enumerate(read_shard(shard, limit)):
            if k < len(done):
                record = done[k]
            else:
                record = _record(linter, item)
                if fh is not None:
                    fh.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
                    fh.flush()
            if "skip" in record:
                reason, url, message = record["skip"]
                skipped[reason] += 1
                problems.append({"url": url, "reason": reason, "message": message})
                continue
            pages += 1
            site = sites.setdefault(record["site"], {"pages": 0, "pages_with_claims": 0,
                                                     "claims": set()})
            site["pages"] += 1
            if record["rows"]:
                site["pages_with_claims"] += 1
            for row in record["rows"]:
                site["claims"].add(row[3])
                for c, value in zip(FINDING_COLUMNS, (*row, name)):
                    columns[c].append(value)
    finally:
        if fh is not None:
            fh.close()
    for site in sites.values():
        site["claims"] = sorted(site["claims"])
    return {"id": shard.id, "findings": columns, "kept": len(done),
            "stats": {"pages": pages, "skipped": dict(skipped), "problems": problems,
                      "sites": sites}}


class StopScan(ClaimcheckError):
    """Raised when a scan was asked to stop after N shards (``scan(stop_after=N)``, the hook
    tests and the benchmark use to interrupt a run as a kill would): the finished shards are
    saved, no output is written, and the same call again resumes."""

    exit_code = 1


class WorkerLost(ClaimcheckError):
    """Raised when a local worker process died mid-shard (killed, out of memory): the shards
    finished so far are saved, and running the same scan again resumes."""


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_local(shards: Iterable, root: str, limit: int, workers: int,
              on_result: Callable[[dict], None],
              journal: Callable[[str], str] | None = None) -> None:
    """Run ``shards`` in this process (``workers == 1``) or on a pool of processes.
    ``journal``: the journal file of a shard id (see ``process_shard``), if any."""
    shards = list(shards)

    def path(shard) -> str | None:
        return journal(shard.id) if journal is not None else None

    if workers <= 1 or len(shards) <= 1:
        for shard in shards:
            on_result(process_shard(shard, root, limit, path(shard)))
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # fork: the fast start, and unlike spawn or forkserver it never re-runs the caller's
    # script in each worker (a script calling scan() without a __main__ guard)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=min(workers, len(shards)),
                               mp_context=multiprocessing.get_context(method),
                               initializer=_warm, initargs=(root,))
    todo = iter(shards)
    pending: set = set()
    # two shards per worker: one running, one queued, so a worker never waits for this
    # process to take a result and hand it the next shard; memory stays bounded, and what
    # a kill loses is at most the record each worker was linting (the journals)
    depth = 2 * workers
    try:
        for shard in todo:
            pending.add(pool.submit(process_shard, shard, root, limit, path(shard)))
            if len(pending) >= depth:
                break
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: f.result()["id"]):
                shard = next(todo, None)
                if shard is not None:
                    pending.add(pool.submit(process_shard, shard, root, limit, path(shard)))
                on_result(future.result())
    except BrokenProcessPool:
        raise WorkerLost("a scan worker process died (killed or out of memory?); the "
                         "finished shards are saved: run the same scan again to resume") \
            from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_dask(shards: Iterable, root: str, limit: int, address: str,
             on_result: Callable[[dict], None], key: str = "scan") -> None:
    """Run ``shards`` on the Dask cluster whose scheduler is at ``address``."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError("--scheduler", "needs dask.distributed: pip install "
                                        "'dryneedling-claimcheck[scan]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError("--scheduler", f"cannot connect to a Dask scheduler at {address}: "
                                        f"{exc}") from None
    with client:
        slots = max(1, sum(client.nthreads().values()))
        todo = iter(shards)
        pending = as_completed()

        def submit(shard) -> None:
            pending.add(client.submit(process_shard, shard, root, limit, pure=False,
                                      key=f"claimcheck-scan-{key}-{shard.id}"))

        for shard in todo:
            submit(shard)
            if pending.count() >= slots:
                break
        for future in pending:
            result = future.result()
            future.release()
            on_result(result)
            shard = next(todo, None)
            if shard is not None:
                submit(shard)
