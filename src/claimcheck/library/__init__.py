"""The records on disk and their checks: data model, files, library roots, validation, load.

The lowest layer: it imports nothing of claimcheck but ``errors``.
"""

from .._lazy import lazy_exports

__all__ = ["Citation", "Claim", "Library", "Problem", "SourceDoc", "find_root", "load"]

__getattr__ = lazy_exports(__name__, {
    "Library": ".loader", "load": ".loader", "find_root": ".roots", "Problem": ".validation",
    "Citation": ".model", "Claim": ".model", "SourceDoc": ".model",
})
