"""Many pages at once: folders, JSON Lines, CSV, Parquet and WARC files in, Parquet
findings and a per-site scorecard out; on local processes or a Dask cluster, resumable.

Modules: ``records`` (reading inputs), ``shards`` (the deterministic plan and the state of
a run), ``engine`` (local processes or Dask), ``output`` (Parquet files, written
atomically) and ``scanner`` (the ``scan`` call). Everything heavy is imported on use.
"""

from .._lazy import lazy_exports

__all__ = ["ScanResult", "scan"]

__getattr__ = lazy_exports(__name__, {"ScanResult": ".scanner", "scan": ".scanner"})
