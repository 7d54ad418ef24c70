"""How strong the evidence for each claim is, and why: appraisal of one study, grading of a
claim's body of evidence, the wording its certainty allows, the graded frames, coverage."""

from .._lazy import lazy_exports

__all__ = ["Grade", "GradedLibrary", "Grader", "best_citations", "grade_claim",
           "grade_library", "informative_statement", "load"]

__getattr__ = lazy_exports(__name__, {
    "Grade": ".grading", "Grader": ".grading", "best_citations": ".grading",
    "grade_claim": ".grading", "grade_library": ".grading",
    "informative_statement": ".wording", "GradedLibrary": ".tables", "load": ".tables",
})
