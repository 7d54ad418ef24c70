"""Lazy re-exports for the package front doors (PEP 562).

A front door names what users import, but importing it must not import what it names:
``claimcheck lint`` imports ``claimcheck.lint`` and must not pay for pydantic, pandas or the
grader unless the run needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable


def lazy_exports(package: str, where: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``where[name]`` (a module relative to
    ``package``) on first use of ``name``."""

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(module, package), name)

    return __getattr__
