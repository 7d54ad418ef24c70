"""What a scan writes: one Parquet file per finished shard, then the outputs built from them.

``OUT/findings.parquet``   one row per claim found: url, site, sentence, claim, verdict,
                           severity (null until lint grades severities), certainty, start,
                           end (character offsets into the page), line, input
``OUT/scorecard.parquet``  one row per site: pages, pages with claims, claims found, distinct
                           claims, then the claims by verdict and by severity
``OUT/problems.parquet``   one row per record counted and left out: input, url, reason,
                           message
``OUT/summary.json``       the totals, and per input: records, pages, findings, skipped by
                           reason, with a few examples

Every file is written to a temporary name in ``OUT`` and renamed into place, so a reader
never sees half a file. The outputs are built by streaming the shard files one at a time
(in shard order, so the result does not depend on which worker finished first): memory
stays flat in the number of pages.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from ..errors import OutputError
from ..library.files import atomic_write_bytes, atomic_write_text
from ..library.vocabulary import VERDICT_VALUES
from .engine import FINDING_COLUMNS

SEVERITIES = ("error", "warning", "ok")
EXAMPLES = 5  # problem examples kept per input and reason in summary.json
_META = b"claimcheck.scan"


def findings_schema():
    import pyarrow as pa

    types = {"start": pa.int64(), "end": pa.int64(), "line": pa.int32()}
    return pa.schema([(c, types.get(c, pa.string())) for c in FINDING_COLUMNS])


def problems_schema():
    import pyarrow as pa

    return pa.schema([(c, pa.string()) for c in ("input", "url", "reason", "message")])


def write_shard(path: Path, result: dict) -> None:
    """The findings of one shard with its counts in the file's metadata, atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = findings_schema().with_metadata({_META: json.dumps(result["stats"])})
    table = pa.Table.from_pydict(result["findings"], schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    try:
        atomic_write_bytes(path, buffer.getvalue())
    except OSError as exc:
        raise OutputError(path, f"cannot write: {exc.strerror}") from None


def read_stats(path: Path) -> dict:
    import pyarrow.parquet as pq

    return json.loads(pq.read_schema(path).metadata[_META])


class _AtomicParquet:
    """A ParquetWriter on a temporary file in the target's folder, renamed on ``commit``."""

    def __init__(self, path: Path, schema) -> None:
        import pyarrow.parquet as pq

        self.path = path
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        self.writer = pq.ParquetWriter(self.tmp, schema)

    def write(self, table) -> None:
        if table.num_rows:
            self.writer.write_table(table)

    def commit(self) -> None:
        self.writer.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self.writer.close()
        finally:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass


def build_outputs(out: Path, inputs: list, shards: list, shard_path) -> dict:
    """Merge the shard files into the outputs; returns the summary (also in summary.json)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    per_input = {p.input: {"input": p.input, "kind": p.kind, "records": 0, "pages": 0,
                           "findings": 0, "skipped": Counter(), "examples": defaultdict(list)}
                 for p in inputs}

    def problem(entry: dict, p: dict) -> None:
        entry["records"] += 1
        entry["skipped"][p["reason"]] += 1
        if len(entry["examples"][p["reason"]]) < EXAMPLES:
            entry["examples"][p["reason"]].append(f"{p['url']}: {p['message']}")

    sites: dict[str, dict] = {}
    verdicts: dict[str, Counter] = defaultdict(Counter)
    severities: dict[str, Counter] = defaultdict(Counter)
    claims: Counter = Counter()
    try:
        findings = _AtomicParquet(out / "findings.parquet", findings_schema())
        problems = _AtomicParquet(out / "problems.parquet", problems_schema())
    except OSError as exc:
        raise OutputError(out, f"cannot write: {exc.strerror}") from None
    try:
        for plan in inputs:
            entry = per_input[plan.input]
            for p in plan.problems:
                problem(entry, p)
            problems.write(pa.Table.from_pylist(
                [{"input": plan.input, **p} for p in plan.problems], schema=problems_schema()))
        for shard in shards:
            path = shard_path(shard.id)
            table = pq.read_table(path)
            stats = json.loads(table.schema.metadata[_META])
            findings.write(table.replace_schema_metadata(None))
            entry = per_input[shard.input]
            for p in stats["problems"]:
                problem(entry, p)
            problems.write(pa.Table.from_pylist(
                [{"input": shard.input, **p} for p in stats["problems"]],
                schema=problems_schema()))
            entry["records"] += stats["pages"]
            entry["pages"] += stats["pages"]
            entry["findings"] += table.num_rows
            for name, s in stats["sites"].items():
                site = sites.setdefault(name, {"pages": 0, "pages_with_claims": 0,
                                               "claims": set()})
                site["pages"] += s["pages"]
                site["pages_with_claims"] += s["pages_with_claims"]
                site["claims"].update(s["claims"])
            cols = table.select(["site", "verdict", "severity", "claim"]).to_pydict()
            for site, verdict, severity, claim in zip(cols["site"], cols["verdict"],
                                                      cols["severity"], cols["claim"]):
                verdicts[site][verdict] += 1
                severities[site][severity] += 1
                claims[(claim, verdict)] += 1
        findings.commit()
        problems.commit()
    except BaseException:
        findings.abort()
        problems.abort()
        raise
    _write_scorecard(out / "scorecard.parquet", sites, verdicts, severities)
    by_verdict = Counter()
    for c in verdicts.values():
        by_verdict.update(c)
    summary = {
        "pages": sum(e["pages"] for e in per_input.values()),
        "findings": sum(e["findings"] for e in per_input.values()),
        "sites": len(sites),
        "by_verdict": {v: by_verdict[v] for v in VERDICT_VALUES if by_verdict[v]},
        "top_claims": [{"claim": c, "verdict": v, "findings": n}
                       for (c, v), n in sorted(claims.items(), key=lambda kv: (-kv[1], kv[0]))
                       [:10]],
        "skipped": dict(sum((e["skipped"] for e in per_input.values()), Counter())),
        "inputs": [{**e, "skipped": dict(e["skipped"]), "examples": dict(e["examples"])}
                   for e in per_input.values()],
    }
    atomic_write_text(out / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False))
    return summary


def _write_scorecard(path: Path, sites: dict, verdicts: dict, severities: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for name in sorted(sites):
        s = sites[name]
        row = {"site": name, "pages": s["pages"], "pages_with_claims": s["pages_with_claims"],
               "claims": sum(verdicts[name].values()), "distinct_claims": len(s["claims"])}
        row.update({v: verdicts[name][v] for v in VERDICT_VALUES})
        row.update({f"severity_{v}": severities[name][v] for v in SEVERITIES})
        rows.append(row)
    schema = pa.schema([("site", pa.string())] + [
        (c, pa.int64()) for c in ("pages", "pages_with_claims", "claims", "distinct_claims",
                                  *VERDICT_VALUES, *(f"severity_{v}" for v in SEVERITIES))])
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer)
    atomic_write_bytes(path, buffer.getvalue())
