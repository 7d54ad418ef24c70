"""Cutting scan inputs into shards, and remembering which shards are done.

A plan is deterministic: the same inputs, shard size and limits give the same shards with
the same ids (``<input number>-<shard number>``), whatever the number of workers. Each shard
names a slice of one input that can be read on its own (see ``records.read_shard``):

- a folder: a slice of its sorted documents;
- JSON Lines, CSV: a byte range of whole records (CSV rows may span lines);
- Parquet: one batch of one row group;
- WARC: a byte range starting at a record (a gzip member in a .warc.gz).

``ScanState`` keeps the plan and one Parquet file per finished shard under
``OUT/.claimcheck-scan/``, each written atomically; a run that is killed and started again
finds the plan by its key (a hash of the inputs' names, sizes and times, the settings and
the library) and runs only the shards without a file. A different key starts afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import OutputError
from .records import DOCUMENT_KINDS, TABLE_TEXT_COLUMNS, UNSUPPORTED_DOCUMENTS, csv_rows, \
    input_kind

FORMAT = 1
STATE_DIR = ".claimcheck-scan"


@dataclass(frozen=True)
class Shard:
    """A slice of one input. ``first`` is the number of records before it in its input (for
    messages); the other fields depend on the kind of input."""

    id: str
    input: str
    kind: str
    first: int = 0
    start: int = 0          # jsonl, csv, warc: byte offset of the first record
    stop: int = 0           # ... and of the end of the slice
    files: tuple[str, ...] = ()   # folder, document: paths relative to the folder
    columns: tuple[str, ...] = ()  # csv: the header; parquet: the columns read
    group: int = 0          # parquet: row group
    batch: int = 0          # parquet: batch within the row group
    batch_size: int = 0

    @classmethod
    def from_dict(cls, data: dict) -> "Shard":
        data = dict(data)
        data["files"] = tuple(data.get("files", ()))
        data["columns"] = tuple(data.get("columns", ()))
        return cls(**data)


@dataclass
class InputPlan:
    """One input: its kind and the problems found while planning it (``Skip`` dicts)."""

    input: str
    kind: str
    problems: list[dict] = field(default_factory=list)


def _ids(index: int, k: int) -> str:
    return f"{index:04d}-{k:06d}"


def plan_input(index: int, path: Path, size: int) -> tuple[InputPlan, list[Shard]]:
    """The shards of one input, ``size`` records each (``InputError`` if it is not one)."""
    kind = input_kind(path)
    plan = InputPlan(str(path), kind)
    planner = {"folder": _plan_folder, "document": _plan_document, "jsonl": _plan_jsonl,
               "csv": _plan_csv, "parquet": _plan_parquet, "warc": _plan_warc}[kind]
    try:
        shards = planner(index, path, size, plan)
    except OSError as exc:
        plan.problems.append({"url": path.name, "reason": "unreadable",
                              "message": f"cannot read: {exc.strerror or exc}"})
        shards = []
    return plan, shards


def _plan_folder(index: int, path: Path, size: int, plan: InputPlan) -> list[Shard]:
    wanted = set(DOCUMENT_KINDS) | set(UNSUPPORTED_DOCUMENTS)
    files = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in wanted:
                files.append(Path(dirpath, name).relative_to(path).as_posix())
    files.sort()
    return [Shard(_ids(index, k), str(path), "folder", first=i, files=tuple(files[i:i + size]))
            for k, i in enumerate(range(0, len(files), size))]


def _plan_document(index: int, path: Path, size: int, plan: InputPlan) -> list[Shard]:
    return [Shard(_ids(index, 0), str(path), "document", files=(path.name,))]


def _plan_jsonl(index: int, path: Path, size: int, plan: InputPlan) -> list[Shard]:
    shards: list[Shard] = []
    start = pos = 0
    count = first = 0
    with open(path, "rb") as fh:
        for raw in fh:
            pos += len(raw)
            count += 1
            if count % size == 0:
                shards.append(Shard(_ids(index, len(shards)), str(path), "jsonl", first=first,
                                    start=start, stop=pos))
                start, first = pos, count
    if pos > start:
        shards.append(Shard(_ids(index, len(shards)), str(path), "jsonl", first=first,
                            start=start, stop=pos))
    return shards


def _missing_text_columns(columns: list[str], plan: InputPlan) -> bool:
    if "url" in columns and any(c in columns for c in TABLE_TEXT_COLUMNS):
        return False
    plan.problems.append({"url": Path(plan.input).name, "reason": "unreadable",
                          "message": "needs a 'url' column and an 'html' or 'text' column; "
                                     f"found {', '.join(columns) or 'none'}"})
    return True


def _plan_csv(index: int, path: Path, size: int, plan: InputPlan) -> list[Shard]:
    import csv

    shards: list[Shard] = []
    with open(path, "rb") as fh:
        rows = csv_rows(fh)
        try:
            header, start = next(rows)
        except StopIteration:
            return []
        except csv.Error as exc:
            plan.problems.append({"url": path.name, "reason": "unreadable",
                                  "message": f"bad CSV header: {exc}"})
            return []
        header = [h.strip().lstrip("\ufeff") for h in header]
        if _missing_text_columns(header, plan):
            return []
        count = first = 0
        end = start
        try:
            for _, end in rows:
                count += 1
                if count % size == 0:
                    shards.append(Shard(_ids(index, len(shards)), str(path), "csv",
                                        first=first, start=start, stop=end,
                                        columns=tuple(header)))
                    start, first = end, count
        except csv.Error:
            end = os.path.getsize(path)  # the shard reading it reports the bad row
        if end > start:
            shards.append(Shard(_ids(index, len(shards)), str(path), "csv", first=first,
                                start=start, stop=end, columns=tuple(header)))
    return shards


def _plan_parquet(index: int, path: Path, size: int, plan: InputPlan) -> list[Shard]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError and more on a bad file
        plan.problems.append({"url": path.name, "reason": "unreadable",
                              "message": f"not a readable Parquet file: {exc}"})
        return []
    names = pf.schema_arrow.names
    if _missing_text_columns(names, plan):
        return []
    columns = tuple(c for c in ("url", "site", *TABLE_TEXT_COLUMNS) if c in names)
    shards: list[Shard] = []
    first = 0
    for group in range(pf.metadata.num_row_groups):
        rows = pf.metadata.row_group(group).num_rows
        for batch, offset in enumerate(range(0, rows, size)):
            shards.append(Shard(_ids(index, len(shards)), str(path), "parquet",
                                first=first + offset, columns=columns, group=group,
                                batch=batch, batch_size=size))
        first += rows
    return shards


def _plan_warc(index: int, path: Path, size: int, plan: InputPlan) -> list[Shard]:
    from warcio.archiveiterator import ArchiveIterator

    starts: list[int] = []  # offsets of the page records (response, resource)
    parsed = 0  # where the last whole record ends
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                if record.rec_type in ("response", "resource"):
                    starts.append(records.get_record_offset())
                parsed = records.get_record_offset() + records.get_record_length()
        except Exception:  # noqa: BLE001 - damaged: the shard reading the end reports it
            pass
    end = os.path.getsize(path)
    gz = path.name.lower().endswith(".gz")
    # warcio stops quietly where a file is cut: check the gzip stream ends properly, or
    # that nothing but the blank lines after the last record is left unread
    if (gz and not _whole_gzip(path)) or (not gz and end - parsed > 4):
        plan.problems.append({"url": path.name, "reason": "truncated",
                              "message": "the file is cut short: records after the last "
                                         "whole one are lost"})
    bounds = starts[::size]
    return [Shard(_ids(index, k), str(path), "warc", first=k * size, start=a,
                  stop=bounds[k + 1] if k + 1 < len(bounds) else end)
            for k, a in enumerate(bounds)]


def _whole_gzip(path: Path) -> bool:
    """The gzip stream ends with its end-of-stream marker (warcio stops quietly at a cut)."""
    import gzip
    import zlib

    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True


# -- state ------------------------------------------------------------------------------------
def inputs_key(paths: list[Path]) -> list[str]:
    """Name, size and modification time of every input (and every file in a folder)."""
    lines = []
    for path in paths:
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames.sort()
                for name in sorted(filenames):
                    try:
                        st = os.stat(os.path.join(dirpath, name))
                    except OSError:
                        continue
                    lines.append(f"{dirpath}/{name}\0{st.st_size}\0{st.st_mtime_ns}")
        else:
            try:
                st = path.stat()
                lines.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
            except OSError:
                lines.append(f"{path}\0missing")
    return lines


def state_key(paths: list[Path], settings: dict, library: str) -> str:
    parts = [f"format {FORMAT}", json.dumps(settings, sort_keys=True), library,
             *inputs_key(paths)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


class ScanState:
    """The plan and the finished shards of one scan, under ``out/.claimcheck-scan``."""

    def __init__(self, out: Path) -> None:
        self.dir = out / STATE_DIR
        self.shard_dir = self.dir / "shards"

    def load_plan(self, key: str) -> tuple[list[InputPlan], list[Shard]] | None:
        try:
            data = json.loads((self.dir / "plan.json").read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("key") != key:
                return None
            return ([InputPlan(**p) for p in data["inputs"]],
                    [Shard.from_dict(s) for s in data["shards"]])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def start(self, key: str, inputs: list[InputPlan], shards: list[Shard]) -> None:
        """A new plan: earlier shard results (of other inputs or settings) are dropped."""
        from ..library.files import atomic_write_text

        try:
            if self.dir.exists():
                shutil.rmtree(self.dir)
            self.shard_dir.mkdir(parents=True)
            (self.dir / "partial").mkdir()
            atomic_write_text(self.dir / "plan.json", json.dumps(
                {"format": FORMAT, "key": key, "inputs": [asdict(p) for p in inputs],
                 "shards": [asdict(s) for s in shards]}, ensure_ascii=False))
        except OSError as exc:
            raise OutputError(self.dir, f"cannot write the scan state: {exc.strerror}") \
                from None

    def path(self, shard_id: str) -> Path:
        return self.shard_dir / f"{shard_id}.parquet"

    def journal(self, shard_id: str) -> str:
        """Where a shard's records are logged while it runs (``engine.process_shard``)."""
        return str(self.dir / "partial" / f"{shard_id}.jsonl")

    def finished(self, shard_id: str) -> None:
        """A shard's file is written: its journal is no longer needed."""
        try:
            os.unlink(self.journal(shard_id))
        except FileNotFoundError:
            pass

    def done(self) -> set[str]:
        try:
            return {p.stem for p in self.shard_dir.glob("*.parquet")}
        except OSError:
            return set()
