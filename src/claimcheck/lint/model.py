"""The learned detection stage: a linear model per claim over ``features.unit_features``.

Trained by ``python -m scripts.train_detector`` (``claimcheck.lint.training``) from the
labelled corpus in tests/fixtures/lint/, and shipped as plain JSON data
(``data/detector-model.json``): a bias and a threshold per claim and, per feature, the claims
it weighs for. Scoring a unit is a sum over the features it holds, in pure Python: no numpy,
no scikit-learn and nothing downloaded at run time, so ``claimcheck lint`` stays fast to start.
The file's SHA-256 is recorded in ``data/detector-model.meta.json`` with how it was made.

The model proposes; the rules still decide whether a unit asserts anything (``detection``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import LibraryError
from .features import unit_features

MODEL_FILE = "detector-model.json"
FORMAT = 1


@dataclass(frozen=True)
class Proposal:
    """A claim the model scores a unit as making; ``anchor`` is the unit's feature that
    weighs most for it (``w:stem`` or ``b:stem_stem``), where the rules then judge the claim
    as they judge a phrase found there (negation before it, a hedge in its clause...)."""

    claim: str
    score: float
    anchor: str | None


@dataclass(frozen=True)
class DetectorModel:
    """Per-claim logistic scores; ``threshold`` is the probability a claim must reach."""

    claims: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]
    threshold: float
    version: str
    # a phrase match of a claim the model scores below this is dropped (0: the model never
    # overrules a phrase)
    veto: float = 0.0

    def scores(self, text: str, context: str | None = None) -> dict[str, float]:
        """Probability per claim that ``text`` (under lead-in ``context``) makes it."""
        return {c: p.score for c, p in self.assess(text, context).items()}

    def assess(self, text: str, context: str | None = None) -> dict[str, Proposal]:
        """Every claim's probability for ``text`` (under lead-in ``context``), with the
        unit's feature that weighs most for it."""
        z = list(self.bias)
        best: dict[int, tuple[float, str]] = {}
        for feature in unit_features(text, context):
            for k, w in self.weights.get(feature, ()):
                z[k] += w
                if feature[0] != "c" and w > best.get(k, (0.0, ""))[0]:
                    best[k] = (w, feature)
        return {c: Proposal(c, 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, v)))),
                            best.get(k, (0.0, None))[1])
                for k, (c, v) in enumerate(zip(self.claims, z))}

    def proposals(self, text: str, context: str | None = None) -> list[Proposal]:
        """The claims scored at or above the threshold, best first."""
        got = [p for p in self.assess(text, context).values() if p.score >= self.threshold]
        return sorted(got, key=lambda p: (-p.score, p.claim))

    @classmethod
    def from_dict(cls, data: dict, source: str = MODEL_FILE) -> "DetectorModel":
        def bad(why: str) -> LibraryError:
            return LibraryError(source, f"not a claimcheck detector model ({why})")

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise bad(f"expected format {FORMAT}")
        try:
            claims = tuple(data["claims"])
            bias = tuple(float(b) for b in data["bias"])
            weights = {f: tuple((int(k), float(w)) for k, w in ws)
                       for f, ws in data["weights"].items()}
            threshold, veto = float(data["threshold"]), float(data.get("veto", 0.0))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise bad(f"{type(exc).__name__}: {exc}") from None
        if len(bias) != len(claims) or any(not 0 <= k < len(claims)
                                           for ws in weights.values() for k, _ in ws):
            raise bad("claims, bias and weights disagree")
        return cls(claims, bias, weights, threshold, str(data.get("version", "")), veto)


def default_path() -> Path:
    return Path(str(resources.files("claimcheck.lint").joinpath("data", MODEL_FILE)))


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> DetectorModel | None:
    """The shipped model (or the one at ``path``); None when no model file exists, so lint
    runs on its rules alone."""
    path = path or default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LibraryError(path, f"cannot read the detector model: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LibraryError(path, f"not a claimcheck detector model ({exc})") from None
    return DetectorModel.from_dict(data, str(path))
