"""A cache of what lint needs from a library, so `claimcheck lint` starts fast.

Loading a library validates every YAML file with pydantic and grades every claim; lint only
needs each claim's detect phrases, verdict, certainty, best citations and suggestion. Those
are kept in one JSON file in the user cache directory (``platformdirs``; override with
``$CLAIMCHECK_CACHE_DIR``, or set ``CLAIMCHECK_NO_CACHE=1`` to turn it off).

The cache is never stale: its name is a hash of the library root and of the path, size and
modification time of every claim and citation file, of the lint vocabulary and of every
claimcheck module (grading code decides verdicts). Any change gives a new name, so the old
entry is simply never read again, and is deleted when the new one is written.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .claiminfo import ClaimInfo

FORMAT = 1
_PREFIX = "lint-"


def cache_dir() -> Path | None:
    if os.environ.get("CLAIMCHECK_NO_CACHE"):
        return None
    explicit = os.environ.get("CLAIMCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimcheck", appauthor=False))


def _stat_lines(directory: Path, pattern: str, base: Path) -> list[str]:
    lines = []
    for path in sorted(directory.glob(pattern)):
        try:
            st = path.stat()
        except OSError:
            continue
        lines.append(f"{path.relative_to(base)}\0{st.st_size}\0{st.st_mtime_ns}")
    return lines


def fingerprint(root: Path) -> str:
    """A hash of everything lint's per-claim data depends on."""
    package = Path(__file__).resolve().parent
    parts = [f"format {FORMAT}", str(root.resolve())]
    parts += _stat_lines(root / "claims", "*.yaml", root)
    parts += _stat_lines(root / "evidence" / "citations", "*.yaml", root)
    # retractions and triage queues (claimcheck watch/refresh) change what lint reports
    parts += _stat_lines(root / "evidence" / "triage", "*.yaml", root)
    parts += _stat_lines(root / "evidence" / "pubmed", "*.xml", root)
    parts += _stat_lines(package, "*.py", package)
    parts += _stat_lines(package / "data", "*.yaml", package)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:40]


def _path(root: Path) -> Path | None:
    directory = cache_dir()
    return directory / f"{_PREFIX}{fingerprint(root)}.json" if directory else None


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
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cache(root: Path, claims: "list[ClaimInfo]") -> None:
    """Store ``claims`` for ``root`` and drop the entries this one replaces; a cache that
    cannot be written (read-only home, full disk) only costs speed, never an error."""
    from ..library.files import atomic_write_text

    path = _path(root)
    if path is None:
        return
    payload = {"format": FORMAT, "root": str(root.resolve()),
               "claims": [c.as_dict() for c in claims]}
    try:
        for old in path.parent.glob(f"{_PREFIX}*.json"):
            try:
                if json.loads(old.read_text(encoding="utf-8")).get("root") == payload["root"]:
                    old.unlink()
            except (OSError, ValueError, AttributeError):
                continue
        atomic_write_text(path, json.dumps(payload, ensure_ascii=False))
    except OSError:
        pass
