"""Where the library is: ``--root``, ``$CLAIMCHECK_ROOT``, or the enclosing directory.

Separate from ``library.py`` (which builds the pydantic records) so that commands that only
need the location, such as ``claimcheck lint`` with a warm cache, start without them.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import RootNotFound

ROOT_ENV = "CLAIMCHECK_ROOT"


def is_root(path: Path) -> bool:
    return (path / "claims").is_dir() and (path / "evidence").is_dir()


def find_root(root: str | os.PathLike | None = None, *, start: Path | None = None) -> Path:
    """The library to use: ``root`` if given, else ``$CLAIMCHECK_ROOT``, else the nearest
    enclosing directory of ``start`` (default: the current one) holding claims/ and evidence/.
    """
    explicit = root if root is not None else os.environ.get(ROOT_ENV) or None
    if explicit is not None:
        path = Path(explicit).expanduser()
        how = "--root" if root is not None else f"${ROOT_ENV}"
        if path.exists() and not path.is_dir():
            raise RootNotFound(f"library root {str(path)!r} (from {how}) is a file, not a "
                               "directory; name the directory holding claims/ and evidence/",
                               path)
        if not path.is_dir():
            raise RootNotFound(f"library root {str(path)!r} (from {how}) does not exist", path)
        if not is_root(path):
            raise RootNotFound(f"{str(path)!r} (from {how}) is not a claimcheck library: "
                               "it needs claims/ and evidence/ directories", path)
        return path.resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if is_root(candidate):
            return candidate
    raise RootNotFound(f"no claimcheck library in {str(here)!r} or its parents; "
                       f"pass --root DIR or set {ROOT_ENV}", here)
