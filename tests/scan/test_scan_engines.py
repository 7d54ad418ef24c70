"""The same scan in one process, on a local process pool and on a Dask LocalCluster gives the
same outputs; the linter is built once per worker, not once per page."""

from __future__ import annotations

import pytest

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("warcio")

from claimcheck.scan import scan  # noqa: E402
from conftest import REPO  # noqa: E402
from tests.support.scan_pages import pages, write_jsonl, write_warc  # noqa: E402

OUTPUTS = ("findings.parquet", "scorecard.parquet", "problems.parquet")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    rows = pages(24, words=300, sites=4)
    return [write_jsonl(folder / "a.jsonl", rows[:12], extra_lines=["{broken"]),
            write_warc(folder / "b.warc.gz", rows[12:])]


@pytest.fixture(scope="module")
def single(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("single")
    return scan(inputs, out, REPO, workers=1, shard_size=5)


def tables(out) -> dict:
    return {name: pq.read_table(out / name) for name in OUTPUTS}


def assert_same_outputs(a, b) -> None:
    ta, tb = tables(a.out), tables(b.out)
    for name in OUTPUTS:
        assert ta[name].equals(tb[name]), name
    assert {k: v for k, v in a.summary.items()} == b.summary


def test_single_process_run(single):
    assert single.pages == 25 and single.findings > 100
    assert single.shards_run == single.shards == 6 and single.engine == "1 local process"


def test_two_local_processes_give_the_same_outputs(inputs, single, tmp_path):
    pooled = scan(inputs, tmp_path / "out", REPO, workers=2, shard_size=5)
    assert pooled.engine == "2 local processes"
    assert_same_outputs(single, pooled)


def test_a_dask_local_cluster_gives_the_same_outputs(inputs, single, tmp_path):
    distributed = pytest.importorskip("distributed")
    from claimcheck.scan import engine

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        result = scan(inputs, tmp_path / "out", REPO, scheduler=cluster.scheduler_address,
                      shard_size=5)
        builds = client.run(lambda: dict(engine.BUILDS))
    assert result.engine.startswith("Dask scheduler tcp://127.0.0.1:")
    assert_same_outputs(single, result)
    # once per worker that ran a shard, never once per page or per shard
    assert builds and all(b in ({}, {str(REPO.resolve()): 1}) for b in builds.values())
    assert sum(sum(b.values()) for b in builds.values()) >= 1


def test_an_unreachable_scheduler_is_a_usage_error(inputs, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from claimcheck.errors import InputError
    from claimcheck.scan import engine

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(InputError, match="cannot connect to a Dask scheduler"):
        scan(inputs[:1], tmp_path / "out", REPO, scheduler="tcp://127.0.0.1:9",
             shard_size=5)
