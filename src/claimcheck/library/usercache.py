"""Where claimcheck keeps what it can rebuild: the user cache directory.

``$CLAIMCHECK_CACHE_DIR`` when set, else the platform's user cache directory (``platformdirs``;
on Linux ``$XDG_CACHE_HOME/claimcheck`` or ``~/.cache/claimcheck``, found without importing
it); ``None`` when ``CLAIMCHECK_NO_CACHE`` is set (no cache at all). The same rule as the lint
cache (``lint.cache``), for the caches of the other layers (``publish.refcache``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path | None:
    if os.environ.get("CLAIMCHECK_NO_CACHE"):
        return None
    explicit = os.environ.get("CLAIMCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg or os.path.expanduser("~/.cache")) / "claimcheck"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimcheck", appauthor=False))
