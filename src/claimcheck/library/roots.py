"""Where the library is: ``--root``, ``$CLAIMCHECK_ROOT``, the enclosing directory, or the
library bundled with claimcheck.

Separate from ``loader`` (which builds the pydantic records) so that commands that only need
the location, such as ``claimcheck lint`` with a warm cache, start without them.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import RootNotFound

ROOT_ENV = "CLAIMCHECK_ROOT"
# where the wheel carries the repo's claims/ and evidence/ (pyproject.toml, force-include)
_BUNDLED = Path(__file__).resolve().parent / "bundled"
# a source checkout (an editable install): src/claimcheck/library/roots.py -> the repo
_CHECKOUT = Path(__file__).resolve().parents[3]


def is_root(path: Path) -> bool:
    return (path / "claims").is_dir() and (path / "evidence").is_dir()


def bundled_root() -> Path | None:
    """The library that ships with claimcheck: inside the installed wheel, or the repo an
    editable install runs from; None for an install that lost it."""
    if is_root(_BUNDLED):
        return _BUNDLED
    if is_root(_CHECKOUT) and (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT
    return None


def is_bundled(path: Path) -> bool:
    """True for the bundled library of an installed wheel, which is not for editing."""
    return path.resolve() == _BUNDLED


def find_root(root: str | os.PathLike | None = None, *, start: Path | None = None) -> Path:
    """The library to use: ``root`` if given, else ``$CLAIMCHECK_ROOT``, else the nearest
    enclosing directory of ``start`` (default: the current one) holding claims/ and
    evidence/, else the library bundled with claimcheck.
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
    bundled = bundled_root()
    if bundled is not None:
        return bundled
    raise RootNotFound(f"no claimcheck library in {str(here)!r} or its parents, and this "
                       f"install carries none; pass --root DIR or set {ROOT_ENV}", here)
