"""claimcheck: an evidence-and-claims library for dry needling marketing.

The front door re-exports what most users need. ``load`` returns a library (typed records
plus pandas frames, with each claim's grade); ``grade_claim``/``grade_library`` compute
verdicts; ``lint_text`` finds claims in a draft; every error claimcheck raises on purpose is
a ``ClaimcheckError``. The layers below (``library``, ``evidence``, ``lint``, ``pubmed``,
``publish``) each have a front door of their own.
"""

from ._lazy import lazy_exports
from .errors import (ClaimcheckError, InputError, InvalidLibrary, LibraryError, RootNotFound,
                     UnknownClaim)

__all__ = [
    "ClaimcheckError", "InputError", "InvalidLibrary", "Library", "LibraryError", "RootNotFound",
    "UnknownClaim", "find_root", "grade_claim", "grade_library", "lint_text", "load",
]
__version__ = "0.1.0"

__getattr__ = lazy_exports(__name__, {
    "Library": ".library.loader", "load": ".evidence.tables", "find_root": ".library.roots",
    "grade_claim": ".evidence.grading", "grade_library": ".evidence.grading",
    "lint_text": ".lint.linter",
})
