"""Lazy re-exports for the package front doors (PEP 562), and patterns compiled on first use.

A front door names what users import, but importing it must not import what it names:
``claimcheck lint`` imports ``claimcheck.lint`` and must not pay for pydantic, pandas or the
grader unless the run needs them.
"""

from __future__ import annotations

import re
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


class LazyPattern:
    """A regular expression compiled when first used: a module of many patterns costs
    milliseconds to compile in every process, and a run that never needs them should not pay
    (lint's rewrite patterns: a draft with nothing to rewrite needs none of them)."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args, self._compiled = (pattern, flags), None

    @property
    def pattern(self) -> str:
        return self._args[0]

    @property
    def flags(self) -> int:
        # as given (``casefold`` reads them to make a case-sensitive twin), not compiled
        return self._args[1]

    def _get(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def search(self, *args):
        return self._get().search(*args)

    def match(self, *args):
        return self._get().match(*args)

    def fullmatch(self, *args):
        return self._get().fullmatch(*args)

    def finditer(self, *args):
        return self._get().finditer(*args)

    def sub(self, *args):
        return self._get().sub(*args)
