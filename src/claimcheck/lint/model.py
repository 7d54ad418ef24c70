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
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import LibraryError
from .features import unit_features

MODEL_FILE = "detector-model.json"
# 2: each feature's weights are one string "k:w k:w", decoded on first use: parsing thousands
# of small JSON lists cost a tenth of a second on every start
FORMAT = 2


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
    weights: dict[str, str]  # feature -> "k:w k:w" (claim index, weight), see ``_weights``
    threshold: float
    version: str
    # a phrase match of a claim the model scores below this is dropped (0: the model never
    # overrules a phrase)
    veto: float = 0.0
    source: str = MODEL_FILE
    _decoded: dict = field(default_factory=dict, compare=False, repr=False)
    _last: list = field(default_factory=lambda: [None, None], compare=False, repr=False)

    def _weights(self, feature: str) -> tuple[tuple[int, float], ...]:
        got = self._decoded.get(feature)
        if got is None:
            raw = self.weights.get(feature)
            got = ()
            if raw:
                try:
                    got = tuple((int(k), float(w)) for k, _, w in
                                (pair.partition(":") for pair in raw.split()))
                except ValueError:
                    raise LibraryError(self.source, f"not a claimcheck detector model (bad "
                                       f"weights for {feature!r})") from None
                if any(not 0 <= k < len(self.claims) for k, _ in got):
                    raise LibraryError(self.source, "not a claimcheck detector model (a "
                                       f"weight of {feature!r} names no claim)")
            self._decoded[feature] = got
        return got

    def scores(self, text: str, context: str | None = None) -> dict[str, float]:
        """Probability per claim that ``text`` (under lead-in ``context``) makes it."""
        z, _ = self._logits(text, context)
        return {c: _sigmoid(v) for c, v in zip(self.claims, z)}

    def assess(self, text: str, context: str | None = None) -> dict[str, Proposal]:
        """Every claim's probability for ``text`` (under lead-in ``context``), with the
        unit's feature that weighs most for it."""
        z, features = self._logits(text, context)
        return {c: Proposal(c, _sigmoid(v), self._anchor(k, features))
                for k, (c, v) in enumerate(zip(self.claims, z))}

    def proposals(self, text: str, context: str | None = None) -> list[Proposal]:
        """The claims scored at or above the threshold, best first."""
        z, features = self._logits(text, context)
        cut = _logit(self.threshold)
        got = [Proposal(self.claims[k], _sigmoid(v), self._anchor(k, features))
               for k, v in enumerate(z) if v >= cut]
        return sorted(got, key=lambda p: (-p.score, p.claim))

    def _logits(self, text: str, context: str | None) -> tuple[list[float], list[str]]:
        key = (text, context)
        if self._last[0] == key:  # proposals and the veto ask about the same unit in turn
            return self._last[1]
        z = list(self.bias)
        features = [f for f in unit_features(text, context) if f in self.weights]
        for feature in features:
            for k, w in self._weights(feature):
                z[k] += w
        self._last[:] = [key, (z, features)]
        return z, features

    def _anchor(self, k: int, features: list[str]) -> str | None:
        """The unit's word or word pair (not its lead-in) that weighs most for claim ``k``."""
        best, anchor = 0.0, None
        for feature in features:
            if feature[0] == "c":
                continue
            for j, w in self._weights(feature):
                if j == k and (w > best or (w == best and anchor is not None
                                            and feature < anchor)):
                    best, anchor = w, feature
        return anchor

    @classmethod
    def from_dict(cls, data: dict, source: str = MODEL_FILE) -> "DetectorModel":
        def bad(why: str) -> LibraryError:
            return LibraryError(source, f"not a claimcheck detector model ({why})")

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise bad(f"expected format {FORMAT}")
        try:
            claims = tuple(data["claims"])
            bias = tuple(float(b) for b in data["bias"])
            weights = data["weights"]
            threshold, veto = float(data["threshold"]), float(data.get("veto", 0.0))
        except (KeyError, TypeError, ValueError) as exc:
            raise bad(f"{type(exc).__name__}: {exc}") from None
        if len(bias) != len(claims) or not isinstance(weights, dict) or \
                not all(isinstance(w, str) for w in weights.values()):
            raise bad("claims, bias and weights disagree")
        return cls(claims, bias, weights, threshold, str(data.get("version", "")), veto,
                   source)


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, v))))


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


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
