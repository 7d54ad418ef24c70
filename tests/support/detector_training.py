"""Train the learned detection stage from labelled text, reproducibly.

    python -m scripts.train_detector            (from the repo root; needs the [train] extra)

Dev tooling, never shipped: the wheel carries only the model it writes and the code that
scores it (``claimcheck.lint.features``, ``claimcheck.lint.model``). The data, in the repo: the real-page corpus (``tests/fixtures/lint/corpus/batch-*.yaml``,
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

from claimcheck.lint.features import unit_features
from claimcheck.lint.model import FORMAT, MODEL_FILE, DetectorModel
from claimcheck.library.files import atomic_write_text, read_yaml
from tests.support.lint_eval import Score

if TYPE_CHECKING:  # pragma: no cover
    from claimcheck.library.loader import Library
    from claimcheck.lint.linter import Linter

SPLITS = (("train", 70), ("dev", 85), ("test", 100))
# first-sight sets, never trained on: each is scored once when it is made; some were read
# after that (their headers say which)
UNSEEN_SETS = ("blind7-sentences.yaml", "blind8-sentences.yaml", "blind9-sentences.yaml",
               "blind10-sentences.yaml", "blind11-sentences.yaml", "blind12-sentences.yaml",
               "plain-sentences.yaml")
MIN_POSITIVES = 3
MIN_COUNT = 2  # a feature seen once in training teaches nothing that generalises
DECIMALS = 3
MIN_WEIGHT = 0.1  # smaller weights change no decision and only grow the file (and the start-up)
C = 4.0
PENALTY = "l2"  # l1 gives a tenth of the size but lower precision (measured on dev)


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
    page: str | None = None  # the page the unit was read on: its URL, or a set's page name

    @property
    def on_page(self) -> bool:
        """A unit of the real-page corpus (not of a written sentence set or a claim quote)."""
        return self.url is not None

    @property
    def site(self) -> str | None:
        if not self.url:
            return None
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


def site_bucket(site: str, part: int = 0) -> int:
    """A site's place from 0 to 99, fixed by a hash of its name; another ``part`` of the hash
    gives another place, independent of the first."""
    digest = hashlib.sha256(site.encode("utf-8")).hexdigest()
    return int(digest[8 * part:8 * part + 8], 16) % 100


def split_of(site: str) -> str:
    """The split a site belongs to, fixed by a hash of its name."""
    bucket = site_bucket(site)
    return next(name for name, upper in SPLITS if bucket < upper)


def read_items(path: Path, source: str | None = None) -> list[Item]:
    out = []
    for raw in read_yaml(path) or []:
        claims = frozenset(raw.get("claims") or [])
        out.append(Item(text=str(raw["text"]), claims=claims,
                        allowed=frozenset(raw.get("allowed") or []),
                        context=raw.get("lead_in"),
                        unlabelled_promise=bool(raw.get("note")) and not claims,
                        url=raw.get("url"), source=source or path.name,
                        page=raw.get("url") or (f"{path.name}#{raw['page']}"
                                                if raw.get("page") else None)))
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
    claim_quotes = quotes(lib)
    data.train += labelled_sets(fixtures) + claim_quotes
    files = sorted((fixtures / "corpus").glob("batch-*.yaml")) + \
        [p for p in sorted(fixtures.glob("*sentences.yaml")) if p.name not in UNSEEN_SETS]
    repo = fixtures.parents[2]
    data.files = {str(p.relative_to(repo)): hashlib.sha256(p.read_bytes()).hexdigest()
                  for p in files}
    data.files[QUOTES_KEY] = quotes_digest(claim_quotes)
    return data


QUOTES_KEY = "claims/*.yaml sources[].quote"


def quotes_digest(items: list[Item]) -> str:
    """A hash of the claims' quotes and their claim ids: the part of the claim files the
    model learns from (editing a summary does not call for retraining)."""
    text = "\n".join(f"{i.text}\t{','.join(sorted(i.claims))}" for i in
                     sorted(items, key=lambda i: i.text))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
        lr = LogisticRegression(C=c, l1_ratio=1.0 if penalty == "l1" else 0.0,
                                solver="liblinear", class_weight="balanced", random_state=0,
                                max_iter=1000)
        lr.fit(x[use], [y[k] for k in use])
        index = len(kept)
        kept.append(claim)
        bias.append(round(float(lr.intercept_[0]), DECIMALS))
        for j, w in enumerate(lr.coef_[0]):
            w = round(float(w), DECIMALS)
            if abs(w) >= min_weight:
                weights.setdefault(names[j], []).append(f"{index}:{w!r}")
    return {"format": FORMAT, "claims": kept, "bias": bias,
            "weights": {f: " ".join(ws) for f, ws in sorted(weights.items())},
            "threshold": 0.5, "version": ""}


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


# -- evaluation through the linter ----------------------------------------------------------
def findings_per_item(linter: "Linter", items: list[Item]) -> list[list]:
    """The findings of each item, the items of one page linted together as that page (list
    items under their lead-in), so a unit is read in its context. A finding that spans
    several items goes to the first of them labelled with its claim, else to the first."""
    from bisect import bisect_right

    found: list[list] = [[] for _ in items]
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and items[j].page is not None and items[j].page == items[i].page:
            j += 1
        j = max(j, i + 1)
        starts, text, prev, lead = [], "", None, None
        for item in items[i:j]:
            if item.context:
                # the lead-in once per list: not again before each entry, and not at all when
                # it is the unit just before (a corpus unit of its own)
                if item.context != lead and item.context != prev:
                    text += "\n" + item.context + "\n"
                lead = item.context
                starts.append(len(text))
                text += "- " + item.text + "\n"
            else:
                lead = None
                starts.append(len(text))
                text += "\n" + item.text + "\n"
            prev = item.text
        for f in linter.lint_text(text, kind="markdown").findings:
            first = max(0, bisect_right(starts, f.start) - 1)
            last = max(first, bisect_right(starts, f.end - 1) - 1)
            span = range(i + first, i + last + 1)
            labelled = [k for k in span if f.claim in items[k].claims | items[k].allowed]
            found[labelled[0] if labelled else span[0]].append(f)
        i = j
    return found


def found_per_item(linter: "Linter", items: list[Item]) -> list[set[str]]:
    """The claims the linter finds in each item (``findings_per_item``)."""
    return [{f.claim for f in fs} for fs in findings_per_item(linter, items)]


def score_found(items: list[Item], found: list[set[str]], have: set[str],
                name: str = "corpus") -> Score:
    """The claims found per item (by lint, or by a second labeller) scored against the
    items' labels: a claim the labels allow is no error; a promise the library has no claim
    for is neither right nor wrong."""
    out = Score(name)
    for item, got in zip(items, found):
        if not item.unlabelled_promise:
            out.count(got, item.claims & have, item.allowed)
    return out


def score(linter: "Linter", items: list[Item], have: set[str]) -> Score:
    return score_found(items, found_per_item(linter, items), have)


def with_model(linter: "Linter", model: DetectorModel | None) -> "Linter":
    linter.detector.model = model
    return linter


# a claim whose detect phrases were right this often on the training pages (with at least
# TRUSTED_MIN matches) is never vetoed by the model
TRUSTED_PRECISION = 0.9
TRUSTED_MIN = 5


def trusted_claims(rules: "Linter", items: list[Item], have: set[str]) -> list[str]:
    """The claims whose phrases (the rules alone) were precise on the labelled pages of
    ``items`` (the claims' own quotes left out: a phrase taken from a quote finds it)."""
    from collections import Counter

    pages = [i for i in items if i.source != "claim quotes"]
    right, wrong = Counter(), Counter()
    for item, got in zip(pages, found_per_item(rules, pages)):
        if item.unlabelled_promise:
            continue
        right.update(got & item.claims)
        wrong.update(got - item.claims - item.allowed)
    return sorted(c for c in have if right[c] >= TRUSTED_MIN
                  and right[c] >= TRUSTED_PRECISION * (right[c] + wrong[c]))


THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
VETOES = (0.0, 0.02, 0.05, 0.1, 0.2)
# chosen after the threshold and veto, with them fixed (the grid of all three is slow)
CONDITION_VETOES = (0.0, 0.05, 0.1, 0.2, 0.3)
# the lower threshold for the claims the gate fails however they are worded, chosen last, by
# the gate's agreement on dev (0: none; only those under the threshold are tried)
EAGER_THRESHOLDS = (0.0, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5)


def f_half(s: Score) -> float:
    """F0.5: precision counts twice as much as recall (a finding must be worth reading)."""
    p, r = s.precision, s.recall
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


def seed_recall(linter: "Linter", lib: "Library", seeds: Path, inventory: Path | None) -> float:
    """Recall on the five source pages the library was built from (every claim they make)."""
    from tests.support.lint_eval import seed_expectations

    expected = seed_expectations(lib, inventory)
    have = set(lib.claims_by_id)
    tp = fn = 0
    for path in sorted(seeds.glob("*.txt")):
        exp = expected.get(path.name[:3], set()) & have
        got = {f.claim for f in linter.lint_text(path.read_text(encoding="utf-8")).findings}
        tp += len(exp & got)
        fn += len(exp - got)
    return tp / (tp + fn) if tp + fn else 1.0


def train(lib: "Library", fixtures: Path, out_dir: Path, measure_test: bool = False,
          seeds: Path | None = None, inventory: Path | None = None, log=print) -> dict:
    """Fit on train, choose threshold and veto on dev by F0.5 of the whole linter (among the
    settings that keep every claim of the seed pages, when ``seeds`` is given), write the
    model and its manifest into ``out_dir``; score test only when ``measure_test``."""
    import sklearn

    from claimcheck.lint.linter import Linter

    data = dataset(lib, fixtures)
    have = set(lib.claims_by_id)
    model = fit(data.train, have)
    linter = Linter.from_library(lib)
    model["trusted"] = trusted_claims(with_model(linter, None), data.train, have)
    log(f"trusted phrases (never vetoed): {len(model['trusted'])} claims")
    rules_dev = score(with_model(linter, None), data.dev, have)
    log(f"rules only, dev: P {rules_dev.precision:.3f} R {rules_dev.recall:.3f}")
    best = None
    for th in THRESHOLDS:
        for veto in VETOES:
            candidate = {**model, "threshold": th, "veto": veto}
            if not _keeps_the_seeds(linter, lib, candidate, seeds, inventory):
                continue
            s = score(linter, data.dev, have)
            if best is None or f_half(s) > f_half(best[1]):
                best = (candidate, s)
    for cv in CONDITION_VETOES[1:]:
        candidate = {**best[0], "condition_veto": cv}
        if not _keeps_the_seeds(linter, lib, candidate, seeds, inventory):
            continue
        s = score(linter, data.dev, have)
        if f_half(s) > f_half(best[1]):
            best = (candidate, s)
    model, dev = best
    model.setdefault("condition_veto", 0.0)
    log(f"chosen on dev: threshold {model['threshold']} veto {model['veto']} condition veto "
        f"{model['condition_veto']}: P {dev.precision:.3f} R {dev.recall:.3f}")
    model, dev, gate = choose_eager_threshold(linter, lib, model, data, seeds, inventory, log)
    model["version"] = hashlib.sha256(model_bytes({**model, "version": ""})).hexdigest()[:12]
    meta = {
        "version": model["version"], "trained_from": data.files,
        "sizes": {"train": len(data.train), "dev": len(data.dev), "test": len(data.test)},
        "params": {"C": C, "penalty": PENALTY, "min_count": MIN_COUNT,
                   "min_weight": MIN_WEIGHT, "decimals": DECIMALS,
                   "min_positives": MIN_POSITIVES, "trusted_precision": TRUSTED_PRECISION,
                   "trusted_min": TRUSTED_MIN, "scikit_learn": sklearn.__version__},
        "dev": {"rules": _figures(rules_dev), "rules+model": _figures(dev),
                "gate": _gate_figures(gate)},
    }
    if measure_test:
        test_rules = score(with_model(linter, None), data.test, have)
        test = score(with_model(linter, DetectorModel.from_dict(model)), data.test, have)
        meta["test"] = {"rules": _figures(test_rules), "rules+model": _figures(test)}
        log(f"TEST (once per version): rules P {test_rules.precision:.3f} "
            f"R {test_rules.recall:.3f}; rules+model P {test.precision:.3f} R {test.recall:.3f}")
    digest = write(model, meta, out_dir)
    log(f"wrote {MODEL_FILE} version {model['version']} sha256 {digest}")
    return meta


def choose_eager_threshold(linter: "Linter", lib: "Library", model: dict, data,
                           seeds: Path | None, inventory: Path | None, log=print):
    """``model`` with the ``eager_threshold`` (of ``EAGER_THRESHOLDS`` under its threshold)
    at which the gate agrees best with the dev labels (``gate_eval``: should-fail units
    failed, precautions and units with no claim passed), failing no precaution and keeping
    every claim of the seed pages; a tie goes to the higher one (fewer findings). Returns
    the model, its dev score and its dev gate figures."""
    from tests.support.gate_eval import gate_on_units

    have = set(lib.claims_by_id)
    pages = [i for i in data.dev if i.on_page]
    best = None
    for eager in EAGER_THRESHOLDS:
        if eager >= model["threshold"]:
            continue
        candidate = {**model, "eager_threshold": eager}
        if not _keeps_the_seeds(linter, lib, candidate, seeds, inventory):
            continue
        gate = gate_on_units(linter, pages)
        if gate.precautions_failed:
            continue
        agreement = gate.agreement
        log(f"  eager threshold {eager}: gate on dev {gate.line()}")
        if best is None or agreement > best[2].agreement + 1e-9:
            best = (candidate, score(linter, data.dev, have), gate)
    model, dev, gate = best
    log(f"chosen on dev: eager threshold {model['eager_threshold']}: P {dev.precision:.3f} "
        f"R {dev.recall:.3f}; gate {gate.line()}")
    return model, dev, gate


def _keeps_the_seeds(linter: "Linter", lib: "Library", candidate: dict, seeds: Path | None,
                     inventory: Path | None) -> bool:
    """Set ``candidate`` as ``linter``'s model; whether it finds every claim of the seed
    pages (always, when they are not given)."""
    with_model(linter, DetectorModel.from_dict(candidate))
    return seeds is None or seed_recall(linter, lib, seeds, inventory) >= 1.0


def _gate_figures(g) -> dict:
    from dataclasses import asdict

    return {**asdict(g), "agreement": round(g.agreement, 4)}


def learning_curve(lib: "Library", fixtures: Path, shares=(25, 50, 75, 100),
                   log=print) -> list[tuple[int, int, Score]]:
    """What more labelled pages would buy: a model fitted on a share of the train split's
    sites (the labelled sets and quotes always in), with the shipped model's threshold, veto
    and trusted claims, scored on dev through the whole linter. Writes nothing."""
    from claimcheck.lint.linter import Linter
    from claimcheck.lint.model import load_model

    shipped = load_model()
    if shipped is None:
        raise FileNotFoundError("no shipped model: run python -m scripts.train_detector first")
    data = dataset(lib, fixtures)
    have = set(lib.claims_by_id)
    linter = Linter.from_library(lib)
    pages = [i for i in data.train if i.on_page]
    rest = [i for i in data.train if not i.on_page]
    out = []
    for share in shares:
        # another part of the site's hash than the one that made the splits
        part = [i for i in pages if site_bucket(i.site or "", part=1) < share]
        model = {**fit(part + rest, have), "threshold": shipped.threshold,
                 "veto": shipped.veto, "condition_veto": shipped.condition_veto,
                 "eager_threshold": shipped.eager_threshold,
                 "trusted": sorted(shipped.trusted)}
        s = score(with_model(linter, DetectorModel.from_dict(model)), data.dev, have)
        log(f"{share:>3}% of the train sites ({len(part):,} units): dev P {s.precision:.3f} "
            f"R {s.recall:.3f} F0.5 {f_half(s):.3f}")
        out.append((share, len(part), s))
    return out


def _figures(s: Score) -> dict:
    return {"precision": round(s.precision, 3), "recall": round(s.recall, 3),
            "tp": s.tp, "fp": s.fp, "fn": s.fn}
