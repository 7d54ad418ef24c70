"""The one exception hierarchy of claimcheck.

Library code raises these; only ``cli.py`` turns them into a one-line message
and an exit code, so that Python callers get structured fields, not text.
"""

from __future__ import annotations

from pathlib import Path


class ClaimcheckError(Exception):
    """Root of every error claimcheck raises on purpose.

    ``exit_code`` is what the command line exits with when this error reaches
    it (DESIGN.md: 2 for usage and I/O problems).
    """

    exit_code = 2


class RootNotFound(ClaimcheckError):
    """Raised when no library root can be found or the one named does not exist."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class LibraryError(ClaimcheckError):
    """Raised when a library file cannot be used at all (unreadable, not YAML, wrong shape).

    Carries the file and, where known, the field and line so that a curator can
    go straight to it; ``code`` is the validation code it becomes (``yaml-syntax`` for
    what does not parse, ``unreadable`` for a file that cannot or must not be read).
    """

    def __init__(self, path: Path | str, message: str, field: str | None = None,
                 line: int | None = None, code: str = "yaml-syntax") -> None:
        self.path = Path(path)
        self.field = field
        self.code = code
        self.line = line
        self.detail = message
        where = str(self.path) + (f":{line}" if line else "")
        super().__init__(f"{where}: {field + ': ' if field else ''}{message}")


class InvalidLibrary(ClaimcheckError):
    """Raised by ``load(strict=True)`` when validation found problems.

    ``problems`` is the full list (see ``claimcheck.library.validation.Problem``).
    """

    exit_code = 1

    def __init__(self, problems: list) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}; run 'claimcheck validate' for the full list")


class UnknownClaim(ClaimcheckError):
    """Raised when a command names a claim id the library does not have."""

    def __init__(self, claim_id: str) -> None:
        self.claim_id = claim_id
        super().__init__(f"unknown claim '{claim_id}' (see the files in claims/)")


class UsageError(ClaimcheckError):
    """Raised when a library call is asked for something it does not offer (an unknown
    output format, an option value outside its choices)."""


class InputError(ClaimcheckError):
    """Raised when a user-supplied input (a draft to lint, an option value) is unusable."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")


class PubMedError(ClaimcheckError):
    """Raised when PubMed (E-utilities) cannot be used as asked: no contact e-mail, a key it
    rejects, a service that keeps failing after every retry, or a response we cannot read.

    ``status`` is the HTTP status of the last response when there was one. Messages never
    contain the API key (see ``claimcheck.pubmed.eutils``).
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class OutputError(ClaimcheckError):
    """Raised when an output file or directory (an export, the report site) cannot be written.

    ``path`` is where the writing failed.
    """

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{path}: {message}")
