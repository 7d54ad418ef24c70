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
class DetectorModel:
    """Per-claim logistic scores; ``threshold`` is the probability a claim must reach."""

    claims: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]
    threshold: float
    version: str

    def scores(self, text: str, context: str | None = None) -> dict[str, float]:
        """Probability per claim that ``text`` (under lead-in ``context``) makes it."""
        z = list(self.bias)
        for feature in unit_features(text, context):
            for k, w in self.weights.get(feature, ()):
                z[k] += w
        return {c: 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, v))))
                for c, v in zip(self.claims, z)}

    def proposals(self, text: str, context: str | None = None) -> list[tuple[str, float]]:
        """The claims scored at or above the threshold, best first."""
        got = [(c, p) for c, p in self.scores(text, context).items() if p >= self.threshold]
        return sorted(got, key=lambda cp: (-cp[1], cp[0]))

    @classmethod
    def from_dict(cls, data: dict, source: str = MODEL_FILE) -> "DetectorModel":
        try:
            if data["format"] != FORMAT:
                raise KeyError("format")
            claims = tuple(data["claims"])
            bias = tuple(float(b) for b in data["bias"])
            weights = {f: tuple((int(k), float(w)) for k, w in ws)
                       for f, ws in data["weights"].items()}
            if len(bias) != len(claims) or any(not 0 <= k < len(claims)
                                               for ws in weights.values() for k, _ in ws):
                raise ValueError("claims, bias and weights disagree")
            return cls(claims, bias, weights, float(data["threshold"]), str(data["version"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise LibraryError(source, f"not a claimcheck detector model ({exc})") from None


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
