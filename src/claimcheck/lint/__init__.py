"""Finding claims in drafts: text extraction, sentences, phrases, the lint vocabulary,
matching, detection, the linter, its cache and the renderers."""

from .._lazy import lazy_exports

__all__ = ["Finding", "LintReport", "Linter", "lint_text", "linter_at", "render"]

__getattr__ = lazy_exports(__name__, {
    "Finding": ".linter", "LintReport": ".linter", "Linter": ".linter", "lint_text": ".linter",
    "linter_at": ".linter", "render": ".render",
})
