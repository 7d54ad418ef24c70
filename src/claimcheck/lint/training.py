"""Train the learned detection stage from labelled text, reproducibly.

    python -m scripts.train_detector            (from the repo root; needs the [train] extra)

The data, in the repo: the real-page corpus (``tests/fixtures/lint/corpus/batch-*.yaml``,
labelled per its LABELLING.md), the labelled sentence sets written for the linter (all but
the newest blind set, which stays unseen), and every claim's own source quotes. The corpus is
split by site (a hash of the host name: 70% train, 15% dev, 15% test), so no site is in two
splits. Training uses the train split and the other sets; the threshold is chosen on dev;
test is scored only when asked (``--measure-test``), once per model version.

One logistic regression per claim (scikit-learn, liblinear, fixed seed) over the binary
features of ``features.unit_features``; ``allowed`` labels and corpus items whose promise the
library has no claim for are left out of that claim's problem rather than taught as negatives.
The weights are rounded and written as JSON (``model.py`` scores them in pure Python), so the
same data gives the same bytes: the SHA-256 recorded in the manifest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable
from urllib.parse import urlsplit

from ..library.files import atomic_write_text, read_yaml
from .features import unit_features
from .model import FORMAT, MODEL_FILE

if TYPE_CHECKING:  # pragma: no cover
    from ..library.loader import Library

SPLITS = (("train", 70), ("dev", 85), ("test", 100))
UNSEEN_SETS = ("blind7-sentences.yaml",)  # kept for the next first-sight measurement
MIN_POSITIVES = 3
MIN_COUNT = 2  # a feature seen once in training teaches nothing that generalises
DECIMALS = 3
MIN_WEIGHT = 0.05  # smaller weights change no decision and only grow the file
C = 4.0
PENALTY = "l2"


@dataclass(frozen=True)
class Item:
    """One labelled unit: its text, lead-in, labels and where it came from."""

    text: str
    claims: frozenset[str]
    allowed: frozenset[str] = frozenset()
    context: str | None = None
    unlabelled_promise: bool = False  # a health promise the library has no claim for
    url: str | None = None
    source: str = ""

    @property
    def site(self) -> str | None:
        if not self.url:
            return None
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


def split_of(site: str) -> str:
    """The split a site belongs to, fixed by a hash of its name."""
    bucket = int(hashlib.sha256(site.encode("utf-8")).hexdigest()[:8], 16) % 100
    return next(name for name, upper in SPLITS if bucket < upper)


def read_items(path: Path, source: str | None = None) -> list[Item]:
    out = []
    for raw in read_yaml(path) or []:
        claims = frozenset(raw.get("claims") or [])
        out.append(Item(text=str(raw["text"]), claims=claims,
                        allowed=frozenset(raw.get("allowed") or []),
                        context=raw.get("lead_in"),
                        unlabelled_promise=bool(raw.get("note")) and not claims,
                        url=raw.get("url"), source=source or path.name))
    return out


def corpus(fixtures: Path) -> list[Item]:
    return [i for p in sorted((fixtures / "corpus").glob("batch-*.yaml")) for i in read_items(p)]


def labelled_sets(fixtures: Path) -> list[Item]:
    return [i for p in sorted(fixtures.glob("*sentences.yaml")) if p.name not in UNSEEN_SETS
            for i in read_items(p)]


def quotes(lib: "Library") -> list[Item]:
    by_text: dict[str, set[str]] = {}
    for claim in lib.iter_claims():
        for src in claim.sources:
            by_text.setdefault(src.quote, set()).add(claim.id)
    return [Item(text=t, claims=frozenset(c), source="claim quotes") for t, c in by_text.items()]


@dataclass
class Dataset:
    train: list[Item] = field(default_factory=list)
    dev: list[Item] = field(default_factory=list)
    test: list[Item] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256, what it was made from


def dataset(lib: "Library", fixtures: Path) -> Dataset:
    data = Dataset()
    for item in corpus(fixtures):
        getattr(data, split_of(item.site or "")).append(item)
    data.train += labelled_sets(fixtures) + quotes(lib)
    files = sorted((fixtures / "corpus").glob("batch-*.yaml")) + \
        [p for p in sorted(fixtures.glob("*sentences.yaml")) if p.name not in UNSEEN_SETS] + \
        sorted((lib.root / "claims").glob("*.yaml"))
    data.files = {str(p.relative_to(fixtures.parents[2]) if p.is_relative_to(fixtures.parents[2])
                      else p.name): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    return data


def fit(items: list[Item], claims: Iterable[str], c: float = C, penalty: str = PENALTY,
        min_weight: float = MIN_WEIGHT) -> dict:
    """Train one logistic regression per claim with enough positives; the model as data."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from collections import Counter

    claims = sorted(set(claims))
    feats = [sorted(unit_features(item.text, item.context)) for item in items]
    counts = Counter(f for fs in feats for f in fs)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for f in fs:
            if counts[f] >= MIN_COUNT:
                rows.append(r)
                cols.append(vocab.setdefault(f, len(vocab)))
    x = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(items), len(vocab)))
    names = sorted(vocab, key=vocab.get)
    kept, bias, weights = [], [], {}
    for claim in claims:
        y = [int(claim in i.claims) for i in items]
        use = [k for k, i in enumerate(items)
               if claim not in i.allowed and not (i.unlabelled_promise and not y[k])]
        if sum(y[k] for k in use) < MIN_POSITIVES:
            continue
        lr = LogisticRegression(C=c, penalty=penalty, solver="liblinear",
                                class_weight="balanced", random_state=0, max_iter=1000)
        lr.fit(x[use], [y[k] for k in use])
        index = len(kept)
        kept.append(claim)
        bias.append(round(float(lr.intercept_[0]), DECIMALS))
        for j, w in enumerate(lr.coef_[0]):
            w = round(float(w), DECIMALS)
            if abs(w) >= min_weight:
                weights.setdefault(names[j], []).append([index, w])
    return {"format": FORMAT, "claims": kept, "bias": bias,
            "weights": dict(sorted(weights.items())), "threshold": 0.5, "version": ""}


def model_bytes(model: dict) -> bytes:
    return (json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def write(model: dict, meta: dict, out_dir: Path) -> str:
    """Write the model and its manifest; returns the model's SHA-256."""
    data = model_bytes(model)
    digest = hashlib.sha256(data).hexdigest()
    atomic_write_text(out_dir / MODEL_FILE, data.decode("utf-8"))
    meta = {**meta, "sha256": digest}
    atomic_write_text(out_dir / MODEL_FILE.replace(".json", ".meta.json"),
                      json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return digest
