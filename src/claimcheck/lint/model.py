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
from functools import cached_property, lru_cache
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
    # claims whose detect phrases were precise on the training data: the model never vetoes
    # them (a short "It releases endorphins." gives a linear model too little to be sure of)
    trusted: frozenset[str] = frozenset()
    _decoded: dict = field(default_factory=dict, compare=False, repr=False)

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
        _, z = self._sums(text, context)
        return {c: _sigmoid(v) for c, v in zip(self.claims, z)}

    def score_of(self, text: str, context: str | None, claims,
                 tokens=None) -> dict[str, float]:
        """``scores`` of the given claims only (those the model knows): what the veto reads.
        ``tokens``: ``phrases.tokenize(text)``, when the caller has it."""
        _, z = self._sums(text, context, tokens)
        at = self._claim_index
        return {c: _sigmoid(z[at[c]]) for c in claims if c in at}

    def assess(self, text: str, context: str | None = None) -> dict[str, Proposal]:
        """Every claim's probability for ``text`` (under lead-in ``context``), with the
        unit's feature that weighs most for it."""
        features, z = self._sums(text, context)
        anchors = self._anchors(features, range(len(z)))
        return {c: Proposal(c, _sigmoid(v), anchors.get(k))
                for k, (c, v) in enumerate(zip(self.claims, z))}

    def proposals(self, text: str, context: str | None = None, leave_out=(),
                  tokens=None) -> list[Proposal]:
        """The claims scored at or above the threshold, best first, but those in
        ``leave_out`` (found already). ``tokens``: ``phrases.tokenize(text)``, if at hand."""
        features, z = self._sums(text, context, tokens)
        # the logistic is monotone: only sums near or over the threshold's logit can clear
        # it (a wide margin, so rounding never decides), and only those get a probability
        cut = self._cut
        near = [k for k, v in enumerate(z) if v >= cut]
        if not near:
            return []
        claims = self.claims
        scored = [(k, p) for k in near if (p := _sigmoid(z[k])) >= self.threshold
                  and claims[k] not in leave_out]
        if not scored:
            return []
        anchors = self._anchors(features, [k for k, _ in scored])
        got = [Proposal(self.claims[k], p, anchors.get(k)) for k, p in scored]
        return sorted(got, key=lambda p: (-p.score, p.claim))

    # -- the sums, once per unit -------------------------------------------------------
    @cached_property
    def _claim_index(self) -> dict[str, int]:
        return {c: k for k, c in enumerate(self.claims)}

    @cached_property
    def _cut(self) -> float:
        t = self.threshold
        if not 1e-6 < t < 1.0 - 1e-6:  # near 0 or 1, rounding could decide: score them all
            return -math.inf
        return math.log(t / (1.0 - t)) - 1.0

    def _sums(self, text: str, context: str | None,
              tokens=None) -> tuple[list[str], list[float]]:
        """The unit's features (in the order they are summed) and each claim's sum. The
        veto and the proposals read the same unit one after the other: the last unit's sums
        are kept (one entry; a tuple swapped whole, so threads never see half of one)."""
        last = self.__dict__.get("_last")
        if last is not None and last[0] == text and last[1] == context:
            return last[2], last[3]
        features = list(unit_features(text, context, tokens))
        z = list(self.bias)
        weights = self.weights
        for feature in features:
            if feature in weights:
                for k, w in self._weights(feature):
                    z[k] += w
        self.__dict__["_last"] = (text, context, features, z)
        return features, z

    def _anchors(self, features: list[str], wanted) -> dict[int, str]:
        """Per wanted claim, the first feature (not of the lead-in) of the largest positive
        weight: the anchor ``assess`` always gave."""
        wanted = set(wanted)
        best: dict[int, tuple[float, str]] = {}
        for feature in features:
            if feature[0] == "c":
                continue
            for k, w in self._weights(feature):
                if k in wanted and w > best.get(k, (0.0, ""))[0]:
                    best[k] = (w, feature)
        return {k: f for k, (_, f) in best.items()}

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
        trusted = data.get("trusted", [])
        if not isinstance(trusted, list) or not all(isinstance(c, str) for c in trusted):
            raise bad("trusted is not a list of claim ids")
        return cls(claims, bias, weights, threshold, str(data.get("version", "")), veto,
                   source, frozenset(trusted))


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, v))))


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
