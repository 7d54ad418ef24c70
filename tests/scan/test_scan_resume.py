"""A scan killed part-way and started again redoes no finished shard, and ends with the same
outputs as a run that was never interrupted; no output is ever half written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

pq = pytest.importorskip("pyarrow.parquet")

from claimcheck.scan import scan  # noqa: E402
from claimcheck.scan.engine import StopScan  # noqa: E402
from claimcheck.scan.shards import STATE_DIR  # noqa: E402
from conftest import REPO  # noqa: E402
from tests.support.scan_pages import pages, write_jsonl  # noqa: E402

OUTPUTS = ("findings.parquet", "scorecard.parquet", "problems.parquet", "summary.json")


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return write_jsonl(tmp_path_factory.mktemp("in") / "pages.jsonl", pages(30, words=300),
                       extra_lines=["{broken"])


@pytest.fixture(scope="module")
def clean(source, tmp_path_factory):
    return scan([source], tmp_path_factory.mktemp("clean"), REPO, workers=1, shard_size=4)


def same_outputs(a, b) -> None:
    for name in OUTPUTS[:3]:
        assert pq.read_table(a / name).equals(pq.read_table(b / name)), name
    assert (a / "summary.json").read_text() == (b / "summary.json").read_text()


def shard_files(out):
    return {p.name: p.stat().st_mtime_ns for p in (out / STATE_DIR / "shards").iterdir()}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stopped_scan_resumes_where_it_stopped(source, clean, tmp_path, workers):
    out = tmp_path / "out"
    with pytest.raises(StopScan):
        scan([source], out, REPO, workers=workers, shard_size=4, stop_after=3)
    assert not any((out / name).exists() for name in OUTPUTS)  # nothing half-made
    before = shard_files(out)
    assert len(before) == 3
    assert not [p for p in out.rglob("*.tmp")]
    resumed = scan([source], out, REPO, workers=workers, shard_size=4)
    assert (resumed.shards_resumed, resumed.shards_run) == (3, clean.shards - 3)
    after = shard_files(out)
    assert {n: after[n] for n in before} == before  # finished shards not redone
    same_outputs(clean.out, out)
    again = scan([source], out, REPO, workers=workers, shard_size=4)
    assert again.shards_run == 0 and again.shards_resumed == clean.shards
    same_outputs(clean.out, out)


def test_changed_inputs_or_settings_start_afresh(source, clean, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(StopScan):
        scan([source], out, REPO, workers=1, shard_size=4, stop_after=2)
    other = scan([source], out, REPO, workers=1, shard_size=5)
    assert other.shards_resumed == 0 and other.shards == 7
    assert pq.read_table(out / "findings.parquet").equals(
        pq.read_table(clean.out / "findings.parquet"))


def test_a_killed_command_resumes_and_redoes_at_most_the_shard_in_flight(source, clean,
                                                                           tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO / "src"), os.environ.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "claimcheck", "scan", str(source), "--out", str(out),
               "--root", str(REPO), "--workers", "1", "--shard-size", "4", "--no-progress"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    shards = out / STATE_DIR / "shards"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if shards.is_dir() and len(list(shards.glob("*.parquet"))) >= 2:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = len(list(shards.glob("*.parquet")))
    assert done >= 2
    assert not (out / "findings.parquet").exists() or done == clean.shards
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done} already done" in rerun.stdout or done == clean.shards
    same_outputs(clean.out, out)


def test_a_shard_cut_short_resumes_at_its_next_record(source, tmp_path, monkeypatch):
    # a kill mid-shard: the records its journal holds whole are not linted again, a line
    # cut short by the kill is read as not done, and the result is the same
    from claimcheck.scan import engine
    from claimcheck.scan.scanner import MAX_PAGE_BYTES
    from claimcheck.scan.shards import plan_input

    _, shards = plan_input(0, source, 8)
    shard, root = shards[0], str(REPO)
    whole = tmp_path / "partial" / "whole.jsonl"
    full = engine.process_shard(shard, root, MAX_PAGE_BYTES, str(whole))
    lines = whole.read_bytes().splitlines(keepends=True)
    assert len(lines) == 8 and full["kept"] == 0
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b"".join(lines[:3]) + lines[3][:20])
    linted = []
    record = engine._record
    monkeypatch.setattr(engine, "_record", lambda linter, item: linted.append(item.url) or
                        record(linter, item))
    again = engine.process_shard(shard, root, MAX_PAGE_BYTES, str(cut))
    assert len(linted) == 5 and again["kept"] == 3
    assert {**again, "kept": 0} == full
    assert cut.read_bytes() == whole.read_bytes()
