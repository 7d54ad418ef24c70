"""A curator's own copy of the bundled library (``claimcheck init DIR``).

The bundled library inside an installed wheel is read-only in spirit: a ``pip install
--upgrade`` replaces it. Curators copy it out once, edit the copy, and point claimcheck at it
(``--root``, ``$CLAIMCHECK_ROOT``, or by working inside it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import OutputError, RootNotFound
from .roots import bundled_root

_COPIED = ("claims", "evidence")


def init_library(target: str | os.PathLike) -> Path:
    """Copy the bundled library's claims/ and evidence/ into ``target`` (a new or empty
    directory) and return its resolved path. Nothing is left half-copied: the copy is made
    beside ``target`` and renamed into place."""
    source = bundled_root()
    if source is None:
        raise RootNotFound("this install carries no bundled library to copy")
    dest = Path(target).expanduser()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise OutputError(dest, "already exists and is not an empty directory")
    parent = dest.resolve().parent
    if not parent.is_dir():
        raise OutputError(dest, f"its parent {str(parent)!r} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=parent))
    except OSError as exc:
        raise OutputError(dest, f"cannot write there: {exc.strerror}") from None
    try:
        for name in _COPIED:
            shutil.copytree(source / name, staging / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        if dest.exists():
            dest.rmdir()
        staging.rename(dest)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(dest, f"cannot copy the library: {exc.strerror}") from None
    return dest.resolve()
