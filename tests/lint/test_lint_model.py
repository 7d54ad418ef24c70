"""The learned detection stage: the shipped model, how it is made, and how the rules judge it."""

from __future__ import annotations

import hashlib
import json
import warnings

import pytest

from claimcheck.errors import LibraryError
from claimcheck.lint.model import DetectorModel, default_path, load_model
from conftest import REPO

pytestmark = pytest.mark.model
FIXTURES = REPO / "tests" / "fixtures" / "lint"
META = default_path().with_name("detector-model.meta.json")


def findings(library, text: str) -> list[tuple[str, str]]:
    import claimcheck

    return sorted((f.claim, f.detected_by)
                  for f in claimcheck.lint_text(library, text, kind="markdown").findings)


def test_the_shipped_model_is_the_one_its_manifest_describes():
    meta = json.loads(META.read_text(encoding="utf-8"))
    assert hashlib.sha256(default_path().read_bytes()).hexdigest() == meta["sha256"]
    model = load_model()
    assert model is not None and model.version == meta["version"]


def test_the_model_was_trained_on_the_data_in_the_repo(library):
    # a labelled example added without retraining fails here: run python -m scripts.train_detector
    from tests.support.detector_training import dataset

    meta = json.loads(META.read_text(encoding="utf-8"))
    assert dataset(library, FIXTURES).files == meta["trained_from"]


def test_training_is_reproducible(library):
    pytest.importorskip("sklearn")
    from tests.support.detector_training import (DECIMALS, MIN_WEIGHT, dataset, fit,
                                                 model_bytes)

    shipped = json.loads(default_path().read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        again = fit(dataset(library, FIXTURES).train, set(library.claims_by_id))
    # chosen by running the linter
    for key in ("threshold", "veto", "condition_veto", "eager_threshold", "trusted", "version"):
        again[key] = shipped[key]
    if hashlib.sha256(model_bytes(again)).hexdigest() == \
            json.loads(META.read_text(encoding="utf-8"))["sha256"]:
        return  # the same bytes: the usual case on the machine that trained it
    # liblinear's floating point is not the same on every CPU and build: a weight may land
    # on the other side of a rounding step (one unit of the last decimal), and one at the
    # cut-off may be kept on one machine and dropped on another; anything more is a change
    # in the data or the training
    step = 10 ** -DECIMALS * 1.5
    assert again["claims"] == shipped["claims"]
    assert all(abs(a - b) <= step for a, b in zip(again["bias"], shipped["bias"]))

    def weights(model: dict) -> dict[tuple[str, int], float]:
        return {(f, int(k)): float(w) for f, ws in model["weights"].items()
                for k, w in (p.split(":") for p in ws.split())}

    mine, theirs = weights(again), weights(shipped)
    for key in mine.keys() | theirs.keys():
        a, b = mine.get(key), theirs.get(key)
        if a is None or b is None:
            assert abs(a if b is None else b) < MIN_WEIGHT + step, key
        else:
            assert abs(a - b) <= step, key


def test_the_corpus_split_is_by_site_and_never_mixes():
    from tests.support.detector_training import corpus, split_of

    items = corpus(FIXTURES)
    by_site: dict[str, set[str]] = {}
    for item in items:
        by_site.setdefault(item.site, set()).add(split_of(item.site))
    assert all(len(splits) == 1 for splits in by_site.values())
    counts = {s: sum(1 for i in items if split_of(i.site) == s) for s in ("train", "dev", "test")}
    assert counts["train"] > counts["dev"] > 0 and counts["test"] > 0


@pytest.mark.parametrize("text, claim", [
    # misses of the rules alone, found by the model and kept by the rules' judgement (the
    # earlier examples, "alleviate pain" and "reduces the pain and tension", are rule matches
    # since issue 11's phrases)
    ("Thin needles are inserted into trigger points to help with pain and improve function.",
     "relieves-pain"),
    ("Dry needling is designed to ease stiffness and spasms in sore muscles.",
     "releases-muscle-tension"),
])
def test_the_model_finds_what_no_phrase_does(library, text, claim):
    assert (claim, "model") in findings(library, text)


@pytest.mark.parametrize("text", [
    "Dry needling does not relieve pain in trigger points.",  # negated before the anchor
    "Can dry needling alleviate pain in trigger points?",  # a question
    "Some websites claim needling alleviates pain and tension, but there is no evidence "
    "that it does.",  # a hedge about the evidence
])
def test_the_rules_judge_what_the_model_proposes(library, text):
    assert [f for f in findings(library, text) if f[1] == "model"] == []


def test_the_model_never_vetoes_a_claim_whose_phrases_are_trusted(library):
    # a short, plain claim gives a linear model too few words to be sure of: where the
    # claim's phrases proved precise in training, a phrase match stands
    from claimcheck.lint.linter import Linter

    model = load_model()
    assert "endorphin-release" in model.trusted
    text = "Dry needling may ease neck pain and releases endorphins too."
    assert ("endorphin-release", "rule") in findings(library, text)
    detector = Linter.from_library(library).detector

    def found(**kw):
        detector.model = DetectorModel(model.claims, model.bias, model.weights,
                                       model.threshold, "t", veto=1.0, **kw)
        return {m.claim for m in detector.claims_in(text)}
    assert "endorphin-release" not in found()   # a veto of 1.0 drops every match it may
    assert "endorphin-release" in found(trusted=frozenset({"endorphin-release"}))


def test_the_model_never_vetoes_a_phrase_of_words_it_never_learned_for_the_claim():
    # a curator adds "detox*" after the model was trained: the model, which has no weight
    # for the word, has no grounds to overrule the phrase; a word it learned it may
    from claimcheck.lint.detection import Detector, Vocabulary, load_vocabulary
    from claimcheck.lint.rules import Trace

    claims = [("toxins", "mechanism", ["detox*", "flush* & toxin*"])]
    base = Detector(claims, Vocabulary.from_data(load_vocabulary()))
    for weights, kept in (({}, True), ({"w:toxin": "0:-0.5"}, True),
                          ({"w:detox": "0:-0.5"}, False)):
        base.model = DetectorModel(("toxins",), (-10.0,), weights, 0.9, "t", veto=0.05)
        trace = Trace()
        found = [m.claim for m in base.claims_in("Needling detoxes the muscle.", trace=trace)]
        assert (found == ["toxins"]) is kept, weights
        assert ([d.code for d in trace.drops] == ["model-veto"]) is not kept
    assert base.model.knows("toxins", {"detox"}) and not base.model.knows("toxins", {"toxin"})
    assert not base.model.knows("no-such-claim", {"detox"})


def test_the_condition_veto_reads_only_a_unit_that_names_one_condition_unoffered(library):
    # a unit that names one condition without offering the treatment for it is one the model
    # has read many of (a study's patients, a condition's cause); one that offers the
    # treatment for it, or a list of several, stays the rules' to judge
    from claimcheck.lint.linter import Linter
    from claimcheck.lint.rules import Trace

    model = load_model()
    detector = Linter.from_library(library).detector

    def found(text: str, condition_veto: float, context: str | None = None) -> set[str]:
        detector.model = DetectorModel(model.claims, model.bias, model.weights,
                                       model.threshold, "t", veto=0.0,
                                       condition_veto=condition_veto)
        return {m.claim for m in detector.claims_in(text, context)}

    # (not worded as a study's design, which the study-design rule drops before any model)
    study = "The patients had TMJ pain for six months and were then treated with dry needling."
    assert "treats-tmj" in found(study, 0.0)
    assert "treats-tmj" not in found(study, 1.0)
    offered = "Our clinic offers dry needling for TMJ pain."
    assert "treats-tmj" in found(offered, 1.0)
    several = "Dry needling treats TMJ pain, sciatica and plantar fasciitis."
    assert {"treats-tmj", "treats-sciatica-piriformis"} <= found(several, 1.0)
    trace = Trace()
    detector.claims_in(study, trace=trace)
    assert {d.code for d in trace.drops if d.match.claim == "treats-tmj"} == \
        {"model-veto-condition"}


def test_no_model_means_the_rules_alone(library, monkeypatch):
    text = "Thin needles are inserted into trigger points to help with pain and improve function."
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    assert ("relieves-pain", "model") not in findings(library, text)


def test_model_findings_carry_their_score_in_json(library):
    import claimcheck

    report = claimcheck.lint_text(
        library, "Dry needling is designed to ease stiffness and spasms in sore muscles.")
    by_model = [f.as_dict() for f in report.findings if f.detected_by == "model"]
    assert by_model and all(0.0 < f["score"] <= 1.0 for f in by_model)
    assert all(f["score"] is None for f in (g.as_dict() for g in report.findings)
               if f["detected_by"] == "rule")


@pytest.mark.parametrize("content", ['{"format": 99}', "not json", '{"format": 2}',
                                     '{"format": 2, "claims": ["a"], "bias": [0], '
                                     '"weights": {}, "threshold": 0.5, "eager_threshold": 2}',
                                     '{"format": 2, "claims": ["a"], "bias": [], '
                                     '"weights": {}, "threshold": 0.5}',
                                     '{"format": 2, "claims": ["a"], "bias": [0], '
                                     '"weights": {"w:x": [[0, 1]]}, "threshold": 0.5}'])
def test_a_broken_model_file_is_a_library_error_naming_it(tmp_path, content):
    path = tmp_path / "detector-model.json"
    path.write_text(content, encoding="utf-8")
    load_model.cache_clear()
    try:
        with pytest.raises(LibraryError, match="detector-model.json"):
            load_model(path)
    finally:
        load_model.cache_clear()


def test_scores_are_probabilities_and_proposals_clear_the_threshold():
    model = DetectorModel(("a", "b"), (0.0, -5.0), {"w:pain": "0:3.0 1:1.0"}, 0.9, "t")
    scores = model.scores("pain")
    assert 0.9 < scores["a"] < 1.0 and scores["b"] < 0.1
    assert [(p.claim, p.anchor) for p in model.proposals("pain")] == [("a", "w:pain")]


def test_eager_claims_are_proposed_at_the_lower_threshold():
    # "b" scores about 0.73: over the eager threshold, under the threshold
    model = DetectorModel(("a", "b"), (0.0, -2.0), {"w:knot": "1:3.0"}, 0.9, "t",
                          eager_threshold=0.7)
    assert model.proposals("knot") == []
    assert [p.claim for p in model.proposals("knot", eager=frozenset({"b"}))] == ["b"]
    assert model.proposals("knot", eager=frozenset({"a"})) == []


def test_the_linter_is_eager_for_the_claims_the_gate_fails_whatever_their_wording(library):
    from claimcheck import grade_library
    from claimcheck.lint.gate import UNSUPPORTED
    from claimcheck.lint.linter import linter_for

    eager = linter_for(library).detector.eager
    kinds = {c: library.claims_by_id[c].kind for c in library.claims_by_id}
    unsupported = {c for c, g in grade_library(library).items()
                   if g.verdict in UNSUPPORTED and kinds[c] != "precaution"}
    assert eager == unsupported and "releases-muscle-tension" in eager
    assert "relieves-pain" not in eager and "contraindications" not in eager


@pytest.mark.parametrize("weights, message", [({"w:pain": "0:x"}, "bad weights"),
                                              ({"w:pain": "0:1.0:2"}, "bad weights"),
                                              ({"w:pain": "0:1.0 2"}, "bad weights"),
                                              ({"w:pain": "x:1.0"}, "bad weights"),
                                              ({"w:pain": "  "}, "bad weights"),
                                              ({"w:pain": "5:1.0"}, "names no claim"),
                                              ({"w:pain": "-1:1.0"}, "names no claim")])
def test_broken_weights_are_a_library_error_when_used(weights, message):
    model = DetectorModel(("a",), (0.0,), weights, 0.5, "t")
    with pytest.raises(LibraryError, match=message):
        model.scores("pain")


def _by_full_sums(model: DetectorModel, text: str, context, leave_out,
                  eager=frozenset()) -> list:
    """What ``proposals`` must return: every claim's full sum (``assess``), thresholded
    (at ``eager_threshold`` for the ``eager`` claims, when it is the lower)."""
    low = model.eager_threshold

    def threshold(c: str) -> float:
        return low if c in eager and 0.0 < low < model.threshold else model.threshold

    got = [p for c, p in model.assess(text, context).items()
           if p.score >= threshold(c) and c not in leave_out]
    return sorted(got, key=lambda p: (-p.score, p.claim))


@pytest.mark.parametrize("threshold", [0.5, 0.95, 0.999, 1e-9, 1.0 - 1e-9])
def test_proposals_and_the_veto_equal_the_full_sums_for_any_weights(threshold):
    # the fast paths (a bound per claim in packed integer lanes; sums of the claims asked
    # for) must give what summing every claim gives, for any model the trainer may write:
    # large and tiny weights, biases over and far under the cut, lead-ins, ties
    import random

    rng = random.Random(16)
    words = "dry needling relieves pain neck back the a knot release fast safe".split()
    claims = tuple(f"c{k}" for k in range(9))
    features = [f"w:{w}" for w in words] + [f"b:{a}_{b}" for a in words[:6] for b in words[:6]] \
        + [f"c:{w}" for w in words[:5]]
    for trial in range(40):
        bias = tuple(rng.choice([-8.0, -3.0, 0.5, 4.0, -1e6 if trial % 7 == 0 else -5.0])
                     + round(rng.uniform(-1, 1), 3) for _ in claims)
        weights = {}
        for f in rng.sample(features, 30):
            pairs = [f"{k}:{rng.choice([round(rng.gauss(0, 2), 3), 0.05, 9.061, 3.223])!r}"
                     for k in rng.sample(range(len(claims)), rng.randint(1, len(claims)))]
            weights[f] = " ".join(pairs)
        # some claims proposed at a lower threshold (or a higher one, which is ignored)
        eager_threshold = rng.choice([0.0, threshold / 2, 0.3, 0.9])
        model = DetectorModel(claims, bias, weights, threshold, "t", veto=0.1,
                              eager_threshold=eager_threshold)
        for _ in range(15):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 14)))
            context = rng.choice([None, "dry needling can help with:", "knot"])
            leave_out = set(rng.sample(claims, rng.randint(0, 3)))
            eager = frozenset(rng.sample(claims, rng.randint(0, 4)))
            assert model.proposals(text, context, leave_out) == \
                _by_full_sums(model, text, context, leave_out)
            assert model.proposals(text, context, leave_out, eager=eager) == \
                _by_full_sums(model, text, context, leave_out, eager)
            asked = set(rng.sample(claims, 3)) | {"unknown"}
            full = model.scores(text, context)
            assert model.score_of(text, context, asked) == \
                {c: full[c] for c in asked if c in full}


def test_the_model_reads_the_training_features_in_the_order_of_the_text():
    # the features are the trainer's set; their order (words, pairs, lead-in, as in the
    # text) fixes the sums and the anchors whatever the string hashing of the process
    from claimcheck.lint.features import ordered_features, unit_features

    text, context = "Needling eases neck pain and neck stiffness", "It can help with:"
    ordered = ordered_features(text, context)
    assert set(ordered) == unit_features(text, context) and len(set(ordered)) == len(ordered)
    assert ordered[:4] == ["w:needl", "w:eas", "w:neck", "w:pain"]
    assert ordered.index("b:needl_eas") > ordered.index("w:stiffness") > 0
    assert ordered[-1].startswith("c:")
