"""The learned detection stage: a linear model per claim over ``features.unit_features``.

Trained by ``python -m scripts.train_detector`` (``claimcheck.lint.training``) from the
labelled corpus in tests/fixtures/lint/, and shipped as plain JSON data
(``data/detector-model.json``): a bias per claim, a threshold (and a lower one,
``eager_threshold``, for the claims the caller names: the linter names those the gate fails
whatever their wording), the vetoes (below which a phrase match is overruled: ``veto``, and
``condition_veto`` for a lone condition) and, per feature, the claims it weighs for. Scoring a
unit is a sum over the features it holds, in pure Python: no numpy, no scikit-learn and
nothing downloaded at run time, so ``claimcheck lint`` stays fast to start.
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
from .features import MAX_FEATURES, ordered_features

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
    # the veto for a named condition, read only where the unit names one condition and does
    # not offer the treatment for it (``detection.Detector.vetoed``); 0: never
    condition_veto: float = 0.0
    # the probability at which the model proposes a claim the caller names as ``eager``: the
    # linter names those the gate fails however they are worded, where a miss lets an
    # unsupported claim out and costs more than a false finding (0: the threshold for all)
    eager_threshold: float = 0.0
    _rows: dict = field(default_factory=dict, compare=False, repr=False)  # see ``_row``
    _plans: dict = field(default_factory=dict, compare=False, repr=False)  # see ``_plan``

    def _weights(self, feature: str) -> dict[int, float]:
        """A feature's weights by claim, decoded (``_row`` keeps what the sums read of
        them). A page's first lint decodes a thousand or more of these, so it is all
        builtins: "k:w k:w" split at once, each piece checked by its conversion and their
        count by the colons."""
        raw = self.weights.get(feature)
        if not raw:
            return {}
        parts = raw.replace(":", " ").split()
        if not parts or len(parts) != 2 * raw.count(":"):
            raise self._bad_weights(feature)
        try:
            ks = list(map(int, parts[0::2]))
            row = dict(zip(ks, map(float, parts[1::2])))
        except ValueError:
            raise self._bad_weights(feature) from None
        if not (0 <= min(ks) and max(ks) < len(self.claims)):
            raise LibraryError(self.source, "not a claimcheck detector model (a "
                               f"weight of {feature!r} names no claim)")
        return row

    def _bad_weights(self, feature: str) -> LibraryError:
        return LibraryError(self.source, f"not a claimcheck detector model (bad weights for "
                                         f"{feature!r})")

    def scores(self, text: str, context: str | None = None) -> dict[str, float]:
        """Probability per claim that ``text`` (under lead-in ``context``) makes it."""
        _, z = self._sums(text, context)
        return {c: _sigmoid(v) for c, v in zip(self.claims, z)}

    def score_of(self, text: str, context: str | None, claims,
                 tokens=None) -> dict[str, float]:
        """``scores`` of the given claims only (those the model knows): what the veto reads.
        ``tokens``: ``phrases.tokenize(text)``, when the caller has it."""
        unit = self._unit(text, context, tokens)
        at = self._claim_index
        return {c: _sigmoid(unit.exact(at[c])) for c in claims if c in at}

    def knows(self, claim: str, stems) -> bool:
        """Whether any of the word ``stems`` carries a weight for ``claim``: a word the model
        never learned for the claim gives it no grounds to overrule a phrase made of it."""
        k = self._claim_index.get(claim)
        weights = self.weights
        return k is not None and any(k in self._row(f)[1] for f in ("w:" + s for s in stems)
                                     if f in weights)

    def assess(self, text: str, context: str | None = None) -> dict[str, Proposal]:
        """Every claim's probability for ``text`` (under lead-in ``context``), with the
        unit's feature that weighs most for it."""
        features, z = self._sums(text, context)
        anchors = self._anchors(features, range(len(z)))
        return {c: Proposal(c, _sigmoid(v), anchors.get(k))
                for k, (c, v) in enumerate(zip(self.claims, z))}

    def proposals(self, text: str, context: str | None = None, leave_out=(),
                  tokens=None, eager: frozenset = frozenset()) -> list[Proposal]:
        """The claims scored at or above the threshold (``eager_threshold`` for those in
        ``eager``), best first, but those in ``leave_out`` (found already). ``tokens``:
        ``phrases.tokenize(text)``, if at hand."""
        thresholds, cuts, lanes = self._plan(eager)
        if lanes is None:  # a threshold near 0 or 1: every claim's sum, as ``assess``
            features, z = self._sums(text, context, tokens)
            near = range(len(z))
        else:
            # the logistic is monotone: only sums near or over the threshold's logit can
            # clear it (a wide margin, so rounding never decides). A claim's sum is at most
            # its bias plus its positive weights among the unit's features (most weights are
            # negative); only the claims whose bound reaches the cut are summed in full
            unit = self._unit(text, context, tokens)
            features = unit.features
            near = unit.reaching(lanes)
            if not near:
                return []
            claims = self.claims
            z = {k: unit.exact(k) if claims[k] not in leave_out else -math.inf
                 for k in near}
        near = [k for k in near if z[k] >= cuts[k]]
        if not near:
            return []
        claims = self.claims
        scored = [(k, p) for k in near if (p := _sigmoid(z[k])) >= thresholds[k]
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

    def threshold_of(self, claim: str, eager: frozenset) -> float:
        """The probability at which ``claim`` is proposed: ``eager_threshold`` when it is
        one of the caller's ``eager`` claims and that is the lower, else ``threshold``."""
        low = self.eager_threshold
        return low if claim in eager and 0.0 < low < self.threshold else self.threshold

    def _plan(self, eager: frozenset) -> tuple[tuple, tuple, "_Lanes | None"]:
        """Per claim, the threshold and the cut of its sum, and the lanes that pick the
        claims to sum (None: sum every claim), for one set of ``eager`` claims (a linter
        passes the same set each time: one entry)."""
        plan = self._plans.get(eager)
        if plan is None:
            thresholds = tuple(self.threshold_of(c, eager) for c in self.claims)
            cuts = tuple(_cut(t) for t in thresholds)
            lanes = None if -math.inf in cuts else _Lanes.of(self.bias, cuts)
            plan = self._plans[eager] = (thresholds, cuts, lanes)
        return plan

    def _sums(self, text: str, context: str | None,
              tokens=None) -> tuple[list[str], list[float]]:
        """The unit's features (in the order they are summed) and each claim's sum. The
        veto and the proposals read the same unit one after the other: the last unit's sums
        are kept (one entry; a tuple swapped whole, so threads never see half of one)."""
        last = self.__dict__.get("_last")
        if last is not None and last[0] == text and last[1] == context:
            return last[2], last[3]
        features = ordered_features(text, context, tokens)
        z = list(self.bias)
        weights = self.weights
        for feature in features:
            if feature in weights:
                for k, w in self._row(feature)[1].items():
                    z[k] += w
        self.__dict__["_last"] = (text, context, features, z)
        return features, z

    def _anchors(self, features: list[str], wanted) -> dict[int, str]:
        """Per wanted claim, the first feature (not of the lead-in) of the largest positive
        weight: the anchor ``assess`` always gave."""
        out: dict[int, str] = {}
        rows = [(f, self._row(f)[1]) for f in features if f[0] != "c" and f in self.weights]
        for k in wanted:
            best, anchor = 0.0, None
            for feature, row in rows:
                w = row.get(k)
                if w is not None and w > best:
                    best, anchor = w, feature
            if anchor is not None:
                out[k] = anchor
        return out

    def _row(self, feature: str) -> tuple[int | None, dict[int, float]]:
        """A feature's positive weights packed in one integer (see ``_Lanes``; None if one
        is too large to pack) and all its weights by claim."""
        got = self._rows.get(feature)
        if got is None:
            row = self._weights(feature)
            got = self._rows[feature] = (_Lanes.pack(row), row)
        return got

    def _unit(self, text: str, context: str | None, tokens=None) -> "_Unit":
        """The features of a unit that carry weights, kept for the next call on the same
        unit (the veto and the proposals read it one after the other; one entry, swapped
        whole, so threads never see half of one)."""
        last = self.__dict__.get("_last_unit")
        if last is not None and last.text == text and last.context == context:
            return last
        weights, rows = self.weights, self._rows
        features = [f for f in ordered_features(text, context, tokens) if f in weights]
        unit = _Unit(text, context, features,
                     [rows[f] if f in rows else self._row(f) for f in features], self.bias)
        self.__dict__["_last_unit"] = unit
        return unit

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
            condition_veto = float(data.get("condition_veto", 0.0))
            eager_threshold = float(data.get("eager_threshold", 0.0))
        except (KeyError, TypeError, ValueError) as exc:
            raise bad(f"{type(exc).__name__}: {exc}") from None
        if len(bias) != len(claims) or not isinstance(weights, dict) or \
                not all(isinstance(w, str) for w in weights.values()):
            raise bad("claims, bias and weights disagree")
        trusted = data.get("trusted", [])
        if not isinstance(trusted, list) or not all(isinstance(c, str) for c in trusted):
            raise bad("trusted is not a list of claim ids")
        if not 0.0 <= eager_threshold <= 1.0:
            raise bad("eager_threshold is not a probability")
        return cls(claims, bias, weights, threshold, str(data.get("version", "")), veto,
                   source, frozenset(trusted), condition_veto, eager_threshold)


class _Lanes:
    """Which claims a unit's sum could bring to the cut, in a few integer additions.

    A claim's sum is at most its bias plus its positive weights among the unit's features
    (most weights are negative). Each feature's positive weights, scaled to integers and
    rounded up, sit in one Python integer, ``LANE`` bits per claim; a unit's bounds are the
    sum of its features' integers. Each claim's lane starts at ``2**(LANE-1)`` less what its
    bias lacks to reach the cut (rounded down, less a margin), so the lane's top bit is set
    exactly when its bound may reach the cut, and no lane overflows into the next: a unit
    has at most ``features.MAX_FEATURES`` features and a packed weight is at most ``LIMIT``.
    The bound only picks the claims to sum in full; their exact sums decide, as before.
    """

    LANE = 64
    SCALE = 1 << 20
    LIMIT = (1 << (LANE - 2)) // MAX_FEATURES
    SLACK = 1 << 10  # about 0.001 of a logit: rounding never hides a claim

    def __init__(self, start: int, top: int) -> None:
        self.start, self.top = start, top

    @classmethod
    def of(cls, bias, cuts) -> "_Lanes | None":
        start = top = 0
        half = 1 << (cls.LANE - 1)
        for k, (b, cut) in enumerate(zip(bias, cuts)):
            need = math.floor((cut - b) * cls.SCALE) - cls.SLACK
            if need >= half >> 1:
                return None  # a bias that far under the cut: sum every claim instead
            start |= (half - max(need, 0)) << (cls.LANE * k)
            top |= half << (cls.LANE * k)
        return cls(start, top)

    @classmethod
    def pack(cls, row: dict[int, float]) -> int | None:
        scale, lane, limit, ceil = cls.SCALE, cls.LANE, cls.LIMIT, math.ceil
        packed = 0
        for k, w in row.items():
            if w > 0:
                q = ceil(w * scale) + 1
                if q > limit:
                    return None
                packed += q << (lane * k)
        return packed

    def reaching(self, packed: list) -> list[int] | None:
        """The claims whose lanes reach the top bit (None: a feature could not be packed)."""
        total = self.start
        for p in packed:
            if p is None:
                return None
            total += p
        flags = total & self.top
        out = []
        while flags:
            low = flags & -flags
            out.append((low.bit_length() - 1) // self.LANE)
            flags ^= low
        return out


class _Unit:
    """One unit's weighted features (in the order ``_sums`` adds them) and their rows."""

    __slots__ = ("text", "context", "features", "rows", "bias", "_exact")

    def __init__(self, text, context, features, rows, bias) -> None:
        self.text, self.context, self.features, self.rows = text, context, features, rows
        self.bias = bias
        self._exact: dict[int, float] = {}

    def reaching(self, lanes: _Lanes | None) -> list[int]:
        """The claims whose sum may reach the cut: every claim without ``lanes``."""
        got = lanes.reaching([p for p, _ in self.rows]) if lanes is not None else None
        return list(range(len(self.bias))) if got is None else got

    def exact(self, k: int) -> float:
        """Claim ``k``'s sum, added in the order ``_sums`` adds it (the same float)."""
        z = self._exact.get(k)
        if z is None:
            z = self.bias[k]
            for _, row in self.rows:
                w = row.get(k)
                if w is not None:
                    z += w
            self._exact[k] = z
        return z


def _cut(threshold: float) -> float:
    """The sum under which a claim cannot reach ``threshold`` (a logit less a wide margin,
    so rounding never decides); -inf near 0 or 1, where every claim is summed."""
    if not 1e-6 < threshold < 1.0 - 1e-6:
        return -math.inf
    return math.log(threshold / (1.0 - threshold)) - 1.0


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
