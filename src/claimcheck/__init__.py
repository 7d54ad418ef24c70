"""claimcheck: an evidence-and-claims library for dry needling marketing.

The front door re-exports what most users need. ``load`` returns a ``Library``
(typed records plus pandas frames); ``grade_claim``/``grade_library`` compute verdicts;
``lint_text`` finds claims in a draft; every error claimcheck raises on purpose is a
``ClaimcheckError``.
"""

from .errors import (ClaimcheckError, InputError, InvalidLibrary, LibraryError, RootNotFound,
                     UnknownClaim)

# imported on first use, so that ``import claimcheck`` (and so every command's start-up)
# does not build the pydantic models or the grader unless it needs them
_LAZY = {"Library": "library", "load": "library", "find_root": "roots",
         "grade_claim": "grading", "grade_library": "grading", "lint_text": "lint"}

__all__ = [
    "ClaimcheckError", "InputError", "InvalidLibrary", "Library", "LibraryError", "RootNotFound",
    "UnknownClaim", "find_root", "grade_claim", "grade_library", "lint_text", "load",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
