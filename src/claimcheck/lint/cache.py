"""A cache of what lint builds from a library, so `claimcheck lint` starts fast.

Loading a library validates every YAML file with pydantic and grades every claim; lint only
needs each claim's detect phrases, verdict, certainty, best citations and suggestion, and the
phrase index and vocabulary it compiles from them. Both are kept in the user cache directory
(``platformdirs``; override with ``$CLAIMCHECK_CACHE_DIR``, or set ``CLAIMCHECK_NO_CACHE=1`` to
turn it off), under one name, a fingerprint of what they were made from:

- ``lint-<fingerprint>.json``: the per-claim data (``ClaimInfo``), plain JSON;
- ``lint-<fingerprint>.pickle``: the built ``Linter`` (compiled phrase index, detector tables,
  vocabulary), which a warm start loads instead of rebuilding. Written only by this user and
  read only when owned by this user (a pickle runs code when loaded). A pickle that cannot be
  read, was written by another claimcheck or Python version, or is not this library's is
  ignored; the linter is rebuilt from the JSON (or the library) and the pickle rewritten.

The cache is never stale: the fingerprint hashes the library root; the name, size and
modification time (ns) of every claim and citation file (``os.scandir``, one stat per file:
an edit in place changes size or mtime, an added, removed or renamed file changes the list);
claimcheck's version, the name, size and mtime of every claimcheck module and of the lint
vocabulary (grading code decides verdicts; those are gathered once per process); and the
Python version. Any change gives a new name, so the old entry is never read again, and is
deleted when the new one is written. Files are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..library.usercache import cache_dir  # noqa: F401  (this module's API too)

if TYPE_CHECKING:  # pragma: no cover
    from .claiminfo import ClaimInfo

FORMAT = 2
_PREFIX = "lint-"
_PACKAGE = Path(__file__).resolve().parents[1]  # the claimcheck package
_code_lines: list[str] | None = None


def _stat_lines(directory: str, suffixes: tuple[str, ...], label: str,
                recurse: bool = False) -> list[str]:
    """``label/name size mtime_ns`` of every file of ``directory`` ending in ``suffixes``."""
    lines = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                try:
                    if recurse and entry.is_dir() and not entry.name.startswith((".", "_")):
                        lines += _stat_lines(entry.path, suffixes, f"{label}/{entry.name}",
                                             recurse)
                    elif entry.name.endswith(suffixes):
                        st = entry.stat()
                        lines.append(f"{label}/{entry.name}\0{st.st_size}\0{st.st_mtime_ns}")
                except OSError:
                    continue
    except OSError:
        pass
    return sorted(lines)


def _code() -> list[str]:
    """claimcheck's version, modules and vocabulary, and the Python version (once a process)."""
    global _code_lines
    if _code_lines is None:
        from .. import __version__

        _code_lines = [f"claimcheck {__version__}", f"python {sys.implementation.cache_tag}",
                       *_stat_lines(str(_PACKAGE), (".py", ".yaml"), "claimcheck",
                                    recurse=True)]
    return _code_lines


def fingerprint(root: Path) -> str:
    """A hash of everything lint's cached data depends on."""
    root = root.resolve()
    parts = [f"format {FORMAT}", str(root), *_code()]
    parts += _stat_lines(str(root / "claims"), (".yaml",), "claims")
    parts += _stat_lines(str(root / "evidence" / "citations"), (".yaml",), "evidence/citations")
    # retractions and triage queues (claimcheck watch/refresh) change what lint reports
    parts += _stat_lines(str(root / "evidence" / "triage"), (".yaml",), "evidence/triage")
    parts += _stat_lines(str(root / "evidence" / "pubmed"), (".xml",), "evidence/pubmed")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:40]


def _path(root: Path, suffix: str = ".json") -> Path | None:
    directory = cache_dir()
    return directory / f"{_PREFIX}{fingerprint(root)}{suffix}" if directory else None


def read_cache(root: Path) -> "list[ClaimInfo] | None":
    """The cached claim data of ``root``, or None when absent, unreadable or disabled."""
    from .claiminfo import ClaimInfo

    path = _path(root)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return [ClaimInfo.from_dict(c) for c in data["claims"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_cache(root: Path, claims: "list[ClaimInfo]") -> None:
    """Store ``claims`` for ``root`` and drop the entries this one replaces (both files); a
    cache that cannot be written (read-only home, full disk) only costs speed, never an error."""
    from ..library.files import atomic_write_text

    path = _path(root)
    if path is None:
        return
    payload = {"format": FORMAT, "root": str(root.resolve()),
               "claims": [c.as_dict() for c in claims]}
    try:
        for old in path.parent.glob(f"{_PREFIX}*.json"):
            if old == path:
                continue
            try:
                if json.loads(old.read_text(encoding="utf-8")).get("root") == payload["root"]:
                    old.unlink()
                    old.with_suffix(".pickle").unlink(missing_ok=True)
            except (OSError, ValueError, AttributeError):
                continue
        for orphan in path.parent.glob(f"{_PREFIX}*.pickle"):  # its JSON is gone: never read
            if orphan.stem != path.stem and not orphan.with_suffix(".json").exists():
                orphan.unlink(missing_ok=True)
        atomic_write_text(path, json.dumps(payload, ensure_ascii=False))
    except OSError:
        pass


def _header(root: Path) -> tuple:
    from .. import __version__

    return ("claimcheck-lint", FORMAT, __version__, sys.implementation.cache_tag,
            str(root.resolve()))


def read_built(root: Path) -> object | None:
    """What ``write_built`` stored for ``root`` (the built linter), or None when absent,
    disabled, not this user's, corrupt, or written by another claimcheck or Python version."""
    path = _path(root, ".pickle")
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            if hasattr(os, "getuid") and os.fstat(fh.fileno()).st_uid != os.getuid():
                return None
            header, built = pickle.loads(fh.read())  # one read: faster than pickle.load(fh)
    except Exception:  # noqa: BLE001 - any unreadable entry is only a cache miss
        return None
    return built if header == _header(root) else None


def write_built(root: Path, built: object) -> None:
    """Store ``built`` for ``root`` next to its JSON entry, atomically; a failure to write is
    only a cache miss next time. Call after ``write_cache`` (which removes old entries)."""
    from ..library.files import atomic_write_bytes

    path = _path(root, ".pickle")
    if path is None:
        return
    try:
        data = pickle.dumps((_header(root), built), protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write_bytes(path, data)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass
