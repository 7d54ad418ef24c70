"""The refresh benchmark runs end to end on a small library (counts only: wall time is the
benchmark's business, never a test's)."""

from __future__ import annotations

import re

from tests.support.refresh_bench import bench


def test_bench_reports_every_run_with_request_counts(tmp_path):
    lines: list[str] = []
    bench(10, 2, workdir=tmp_path, out=lines.append)
    text = "\n".join(lines)
    cold = re.search(r"cold run:  (\d+) requests", text)
    assert cold and int(cold.group(1)) == 4          # 2 esearch + 1 epost + 1 efetch
    assert "warm run:  0 requests" in text and "[ok]" in text.split("warm run:")[1]
    fault = next(ln for ln in lines if ln.startswith("fault run:"))
    assert fault.endswith("[ok]") and "10/10 records cached and valid, 0 missing" in fault
    assert next(ln for ln in lines if ln.startswith("invalid-key run:")).endswith("[ok]")
