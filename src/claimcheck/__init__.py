"""claimcheck: an evidence-and-claims library for dry needling marketing.

The front door re-exports what most users need. ``load`` returns a ``Library``
(typed records plus pandas frames); every error claimcheck raises on purpose is a
``ClaimcheckError``.
"""

from .errors import (ClaimcheckError, InputError, InvalidLibrary, LibraryError, RootNotFound,
                     UnknownClaim)
from .library import Library, find_root, load

__all__ = [
    "ClaimcheckError", "InputError", "InvalidLibrary", "Library", "LibraryError", "RootNotFound",
    "UnknownClaim", "find_root", "load",
]
__version__ = "0.1.0"
