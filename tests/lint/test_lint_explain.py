"""Named rules and `claimcheck lint --explain`: which rule dropped which match, and why.

The rules' judgement is pinned by test_lint_detect.py; here: every rule has a registered code
that fires where it should, a trace changes nothing, and --explain agrees with lint.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimcheck.lint.detection import Detector, Vocabulary, load_vocabulary
from claimcheck.lint.explain import explain_text
from claimcheck.lint.model import DetectorModel
from claimcheck.lint.rules import RULES, Drop, Trace
from conftest import REPO

GOLDEN = REPO / "tests" / "fixtures" / "lint" / "golden"
LINT = REPO / "src" / "claimcheck" / "lint"

# made-up claims (as in test_lint_detect.py), so these cases hold while the library grows
CLAIMS = [
    ("endorphins", "mechanism", ["endorphin"]),
    ("neck", "condition", ["neck pain", "neck & stiff*"]),
    ("headache", "condition", ["headache"]),
    ("tension-headache", "condition", ["tension headache"]),
    ("migraine", "condition", ["migraine"]),
    ("fibro", "condition", ["fibromyalgia"]),
    ("pain", "efficacy", ["relieve pain"]),
    ("length", "dosing", ["session* & minute*"]),
    ("toxins", "mechanism", ["flush* & toxin*"]),
    ("jaw", "condition", ["jaw pain"]),
    ("back", "condition", ["low back pain"]),
    ("ease-pain", "efficacy", ["ease & pain"]),
    ("knee", "condition", ["knee pain", "knee osteoarthritis", "osteoarthritis"]),
    ("contra", "safety", ["pregnan*"]),
    ("tennis-elbow", "condition", ["tennis elbow"]),
    ("stories", "mechanism", ["success stor*"]),
    ("spasm", "efficacy", ["muscle spasm"]),
    ("pain-free", "efficacy", ["pain-free"]),
    ("tension", "efficacy", ["tight & relax*", "release & knot*"]),
    ("lasting", "efficacy", ["longer-lasting", "long-lasting"]),
    ("healing", "mechanism", ["heal*"]),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(CLAIMS, Vocabulary.from_data(load_vocabulary()))


def dropped(detector: Detector, text: str, *, question: bool = False, heading: bool = False,
            answer: str | None = None) -> set[tuple[str, str]]:
    """(rule, claim) for every match a rule dropped; ``answer`` is appended to ``text`` as
    the answer of the question ``text``."""
    at = None
    if answer is not None:
        at, text = len(text) + 1, f"{text} {answer}"
    trace = Trace()
    detector.claims_in(text, None, question, at, heading, trace=trace)
    return {(d.code, d.match.claim) for d in trace.drops}


@pytest.mark.parametrize("code, claim, text, how", [
    ("heading-topic", "knee", "How our team treats knee pain", "heading"),
    ("heading-topic", "fibro", "Dry Needling for Fibromyalgia: What to Expect", "heading"),
    ("section-label", "stories", "Success stories", "heading"),
    ("question", "neck", "Does dry needling help neck pain?", "question"),
    ("definition", "endorphins", "Endorphins are chemical messengers.", ""),
    ("about-condition", "neck", "Most neck pain settles with rest and gentle movement.", ""),
    ("about-condition", "knee", "Knee pain often results from weak hips and long runs.", ""),
    ("about-condition", "migraine", "Millions of people suffer from migraine and search for "
     "effective treatments.", ""),
    ("about-condition", "tennis-elbow", "Tennis elbow usually arises from repeated gripping.",
     ""),
    ("caused-by-other", "neck", "Long drives can leave a stiff neck that takes weeks to heal.",
     ""),
    ("hindered", "healing", "Alcohol can interfere with the body's natural healing.", ""),
    ("hindered", "healing", "Heavy training may delay healing after a session.", ""),
    ("traditional-acupuncture", "healing", "Acupuncture restores balance and promotes healing "
     "by moving qi along the meridians.", ""),
    ("traditional-acupuncture", "pain", "It aims to relieve pain by balancing the flow of "
     "energy.", ""),
    ("announced-topic", "migraine", "In this post, we'll explore the research on needling and "
     "migraine.", ""),
    ("announced-topic", "knee", "This article delves into the treatment of knee osteoarthritis "
     "with needling.", ""),
    ("announced-topic", "knee", "Below, I'll go over dry needling for knee pain - and what to "
     "expect.", ""),
    ("announced-topic", "knee", "For further reading, please read: Effects of Needling on "
     "Knee Pain", ""),
    ("after-effect", "headache", "A mild headache may occur after needling of the neck.", ""),
    ("after-effect", "migraine", "A few people get a migraine after their first session.", ""),
    ("after-effect", "migraine", "If you have migraines, tell us before we start.", ""),
    ("after-effect", "knee", "Runners with knee pain may feel sore the next day.", ""),
    ("after-effect", "neck", "An increase in neck pain is common after needling.", ""),
    ("after-effect", "spasm", "A brief muscle spasm is a known reaction to the needle.", ""),
    # a complaint named by the session it follows
    ("after-effect", "headache", "Headaches after needling the neck are uncommon.", ""),
    ("after-effect", "neck", "Neck pain following a session should pass within a day.", ""),
    ("after-effect", "lasting", "Some people notice longer-lasting soreness after a session.",
     ""),
    ("after-effect", "healing", "Smokers may heal slowly and bruise easily after needling.",
     ""),
    ("after-effect", "headache", "After a session you may experience a mild headache.", ""),
    ("after-effect", "healing", "The tiny puncture normally heals within a day.", ""),
    ("reader-instruction", "tension",
     "If a needle sticks in a tight muscle, we ask you to relax.", ""),
    ("reader-instruction", "tension", "Try to relax your tight shoulders before we start.", ""),
    ("other-visit-time", "length",
     "Needling is one part of a 60-minute session with your physio.", ""),
    ("booking-line", "tennis-elbow", "Tennis elbow? Book in with Sam this week.", ""),
    ("no-benefit-word", "migraine", "My migraine started last year.", ""),
    ("sentence-negated", "pain", "No one should tell you a session will relieve pain forever.",
     ""),
    ("negated", "toxins", "We never claim it flushes toxins.", ""),
    ("evidence-scope", "migraine", "Research on dry needling for migraine is limited.", ""),
    ("hedged", "neck", "The jury is still out on needling for a stiff neck.", ""),
    ("evidence-scope", "back", "They found that scientific evidence linking needling to "
     "reduced low back pain was lacking.", ""),
    ("elsewhere", "knee", "Needling helps with osteoarthritis of the ankle.", ""),
    ("consumed-by-condition-name", "ease-pain", "Our physios ease jaw pain with a few fine "
     "needles.", ""),
    ("describes-condition", "contra", "Low back pain after pregnancy", ""),
    ("describes-needling", "pain-free", "His needling sessions are pain-free.", ""),
    ("contained-in-longer-name", "headache", "Say goodbye to tension headaches!", ""),
])
def test_each_rule_drops_what_it_names(detector, code, claim, text, how):
    assert (code, claim) in dropped(detector, text, question=how == "question",
                                    heading=how == "heading")


@pytest.mark.parametrize("text, claim", [
    ("In this post, we'll explore how needling can ease knee pain.", "knee"),  # a modal
    ("Let's look at why needling is so effective for migraine.", "migraine"),
    ("Today we'll discuss the benefits of needling for tennis elbow.", "tennis-elbow"),
    ("We'll talk about a technique many physios use to help with neck pain.", "neck"),
    # after a colon the unit speaks for itself
    ("Let's break down the jargon: needling eases a stiff neck.", "neck"),
    # no announcement: "explore" is not what the page will do
    ("Explore how our clinic treats knee pain.", "knee"),
])
def test_an_announced_topic_that_says_what_needling_does_is_claimed(detector, text, claim):
    assert not {code for code, _ in dropped(detector, text)} & {"announced-topic"}
    assert claim in {m.claim for m in detector.claims_in(text)}


def test_a_condition_that_arises_from_something_is_still_treated_under_a_treating_lead_in(
        detector):
    text, lead = "Knee pain arising from the kneecap", "Needling is often used to treat:"
    assert "knee" in {m.claim for m in detector.claims_in(text, lead)}


def test_a_title_after_a_pointer_to_reading_is_claimed_when_it_says_what_needling_does(
        detector):
    assert "knee" in {m.claim for m in detector.claims_in(
        "Read more: how needling can ease knee pain")}


@pytest.mark.parametrize("text, claim", [
    ("Easing Knee Pain with Needling: What to Know", "knee"),  # the topic promises
    ("Needling Sensations: What to Expect and Why They Relieve Pain", "pain"),
])
def test_a_guide_title_that_says_what_needling_does_is_claimed(detector, text, claim):
    assert claim in {m.claim for m in detector.claims_in(text, heading=True)}


@pytest.mark.parametrize("text, claim", [
    # the counted sufferers are the clinic's patients, or the needling is named
    ("Many of our patients suffer from migraine and find relief with us.", "migraine"),
    ("Many people with migraine find that needling eases it.", "migraine"),
    # what the verb works against is the pain, not the healing
    ("Needling disrupts the pain cycle and promotes healing.", "healing"),
    ("Needling disrupts the pain cycle to ease pain.", "ease-pain"),
    ("Tension slows blood flow; needling promotes healing.", "healing"),
    # traditional terms set aside, or needling named
    ("Unlike acupuncture, it is not based on qi, and it promotes healing.", "healing"),
    ("Rather than moving qi, it promotes healing in tight muscles.", "healing"),
    ("Needling the meridian points can relieve pain in the neck.", "pain"),
    ("Western acupuncture uses meridian points to relieve pain.", "pain"),
    ("Yin Lee, our physio, helps relieve pain in stiff necks.", "pain"),  # a name
    ("Back to the stairs, more energetic and pain-free at last.", "pain-free"),
])
def test_healing_and_relief_stay_claimed_beside_those_words(detector, text, claim):
    assert not {code for code, _ in dropped(detector, text)} & {"hindered",
                                                                "traditional-acupuncture"}
    assert claim in {m.claim for m in detector.claims_in(text)}


@pytest.mark.parametrize("text", [
    "Clients get fewer migraines after a course of needling.",  # a benefit word
    "Side effects are rare, and needling eases a headache.",
    "Most clients stop getting migraines after a few sessions.",
    "Patients experience much lower neck pain after needling.",  # no article: an improvement
    "My migraine was gone after one session.",  # an outcome report
    "Headaches rarely come back after their needling sessions.",  # no verb of getting
    "Runners with knee pain feel less sore after needling.",  # a comparative
    "If you have migraines, tell us how needling eases them.",  # a benefit word
    "Few side effects, and it settles muscle spasm fast.",  # a benefit word
    # a complaint named by the session it follows, but told as a testimony, negated, set
    # against a comparative or given a benefit word
    "Knee pain after needling went away completely.",
    "No headaches after needling for three months now!",
    "Neck pain after needling usually reduces within a week.",
    "Headaches after a session are usually less severe than before treatment.",
    "Headaches settle after needling the neck muscles.",  # the complaint is not so named
    "After a session, most patients experience fewer headaches.",  # a benefit word
    "Slow-healing injuries often heal faster with needling.",  # slow, but no harm beside it
    "The puncture triggers healing in the damaged muscle.",  # the mechanism, not the mark
])
def test_an_after_effect_needs_no_word_of_benefit(detector, text):
    assert not {code for code, _ in dropped(detector, text)} & {"after-effect"}
    # ... and the complaint is matched, so the rule had something to drop
    trace = Trace()
    detector.claims_in(text, trace=trace)
    assert trace.matches


@pytest.mark.parametrize("text", [
    "Dry needling helps you relax tight muscles.",  # the needling's effect on the reader
    "We ask you to relax while the needles release tight knots.",  # another benefit word
    "Needling allows the tight muscle to relax.",
    "It is time to relax those tight muscles with dry needling.",  # the page's call
])
def test_relax_said_of_the_needling_stays_a_claim(detector, text):
    assert not {code for code, _ in dropped(detector, text)} & {"reader-instruction"}
    trace = Trace()
    assert "tension" in {m.claim for m in detector.claims_in(text, trace=trace)}


@pytest.mark.parametrize("text", [
    "Dry needling offers longer-lasting relief than massage.",
    "Patients report longer-lasting results with needling.",
    "Long-lasting relief from a few sessions, and less soreness than massage.",
])
def test_lasting_said_of_relief_stays_a_claim(detector, text):
    assert not {code for code, _ in dropped(detector, text)} & {"after-effect"}
    trace = Trace()
    assert {"lasting", "pain"} & {m.claim for m in detector.claims_in(text, trace=trace)}


@pytest.mark.parametrize("text", [
    "The procedure itself is almost pain free.",
    "It is a quick, virtually pain-free treatment.",
    "\"It's nearly pain free, just startling,\" he said.",  # the 's is not kept
    "It is usually pain free, though you may feel a pinch.",
])
def test_pain_free_said_of_the_needling_is_how_it_feels(detector, text):
    assert ("describes-needling", "pain-free") in dropped(detector, text)


@pytest.mark.parametrize("text", [
    "Needling gets you back to a pain-free life.",  # where the needling takes the reader
    "After two sessions my knee was pain free.",  # the knee is, not the sessions
    "The treatment left me pain-free for months.",
    "Needling is the quickest way to become pain free.",
    "Our sessions help you stay pain-free.",
    "My knee hurt for months; after needling it was finally pain free.",
    "Needling is a great option for pain-free living.",  # what relief brings
    "The goal of each session is pain-free movement.",
    "Two sessions of needling made it pain free.",  # "it" is the knee it made so
])
def test_pain_free_said_of_the_reader_is_relief(detector, text):
    trace = Trace()
    assert "pain-free" in {m.claim for m in detector.claims_in(text, trace=trace)}
    assert not {d.code for d in trace.drops} & {"describes-needling"}


def test_answer_rules(detector):
    # a question that really asks lends its full answer no claim
    assert ("answer-lends-nothing", "pain") in dropped(
        detector, "How does it work?", answer="It can relieve pain in the neck and shoulders.")
    # an answer that only mentions the condition offers nothing
    assert ("answer-only-mentions", "migraine") in dropped(
        detector, "Migraine?", answer="Our guide explains why it happens.")


def test_the_model_veto_is_a_rule(detector):
    model = DetectorModel(("toxins",), (-10.0,), {"w:toxin": "0:-1.0"}, 0.9, "t", veto=0.05)
    vetoing = Detector(CLAIMS, detector.vocab)
    vetoing.model = model
    trace = Trace()
    assert vetoing.claims_in("Needling flushes toxins from the muscle.", trace=trace) == []
    assert [(d.code, d.match.claim) for d in trace.drops] == [("model-veto", "toxins")]


def test_every_rule_in_the_code_is_registered_and_every_registered_rule_is_used():
    source = "\n".join((LINT / name).read_text(encoding="utf-8")
                       for name in ("detection.py", "explain.py"))
    used = set(re.findall(r'(?:_note\(trace, |drop\(|dropped_between\(|_trace_all\(trace, |'
                          r'Dropped\(|return )"([a-z-]+)"', source)) - {"rule"}
    assert used == set(RULES)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in RULES)
    with pytest.raises(KeyError, match="not registered"):
        Drop("no-such-rule", None)


def _texts() -> list[tuple[str, str]]:
    from claimcheck.library.files import read_yaml

    out = [(p.read_text(encoding="utf-8"), p.name) for p in sorted(GOLDEN.iterdir())
           if not p.name.endswith(".out")]
    items = read_yaml(REPO / "tests" / "fixtures" / "lint" / "labelled-sentences.yaml")
    out.append(("\n".join(i["text"] for i in items), "labelled.txt"))
    return out


def _check_traces_change_nothing(linter) -> None:
    judge = linter.detector.claims_in

    def traced(*args, **kwargs):
        trace = Trace()
        made = judge(*args, trace=trace, **kwargs)
        assert [(m.claim, m.phrase) for m in made] == \
            [(m.claim, m.phrase) for m in judge(*args, **kwargs)]
        # every candidate is either dropped by one rule or kept
        assert sorted(map(id, trace.matches)) == \
            sorted([id(d.match) for d in trace.drops] + [id(m) for m in trace.kept])
        return made

    linter.detector.claims_in = traced
    try:
        for text, name in _texts():
            linter.lint_text(text, name)
    finally:
        del linter.detector.claims_in


def _check_explain_agrees_with_lint(linter) -> None:
    for text, name in _texts():
        found = sorted((f.claim, f.start, f.end, f.detected_by)
                       for f in linter.lint_text(text, name).findings)
        kept = sorted((c.claim, u.start, u.end, c.detected_by)
                      for u in explain_text(linter, text, name) for c in u.kept)
        assert kept == found, name


def test_a_trace_changes_nothing_and_accounts_for_every_match(library):
    from claimcheck.lint.linter import Linter

    _check_traces_change_nothing(Linter.from_library(library))


def test_explain_keeps_what_lint_reports(library):
    from claimcheck.lint.linter import Linter

    _check_explain_agrees_with_lint(Linter.from_library(library))


@pytest.mark.model
def test_with_the_model_explain_keeps_what_lint_reports(library):
    from claimcheck.lint.linter import Linter

    linter = Linter.from_library(library)
    assert linter.detector.model is not None
    _check_traces_change_nothing(linter)
    _check_explain_agrees_with_lint(linter)


def explain(run_cli, tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    draft = tmp_path / "draft.md"
    draft.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("lint", "--explain", *args, str(draft), "--root", str(REPO))
    return code, out


def test_explain_shows_the_negation_dropping_the_claim(run_cli, tmp_path):
    code, out = explain(run_cli, tmp_path, "Intro line.\n\nDry needling is not a cure for "
                                           "fibromyalgia.\n")
    assert code == 0
    block = out.split("draft.md:3: sentence: Dry needling is not a cure for fibromyalgia.\n")[1]
    assert '    matched  treats-fibromyalgia: "fibromyalgia"\n' in block
    assert '    dropped  treats-fibromyalgia: "fibromyalgia" by negated: ' + RULES["negated"] \
        in block
    assert "kept" not in block and "model " not in block  # rules only in these tests


def test_explain_shows_a_question_claims_nothing(run_cli, tmp_path):
    code, out = explain(run_cli, tmp_path, "Can dry needling relieve pain?\n")
    assert code == 0
    assert out.startswith(f"{tmp_path / 'draft.md'}:1: sentence: Can dry needling relieve "
                          "pain?\n")
    assert "    dropped  relieves-pain: " in out and " by question: " in out


@pytest.mark.model
def test_explain_shows_a_model_proposal_with_its_score_and_anchor(run_cli, tmp_path):
    # "alleviate pain" is now a rule match ("alleviate" is a synonym of "relieve"): "help with
    # pain" is a wording only the model finds
    code, out = explain(run_cli, tmp_path, "Thin needles are inserted into trigger points to "
                                           "help with pain and improve function.\n")
    assert code == 0
    assert re.search(r"^    model    \S+ [01]\.\d\d at [wb]:\S+, ", out, re.M)
    assert re.search(r"^    proposed relieves-pain: the model [01]\.\d\d at w:pain$", out, re.M)
    assert re.search(r"^    kept     relieves-pain: the model [01]\.\d\d at w:pain \(model\)$",
                     out, re.M)


def test_explain_says_why_a_proposal_under_the_threshold_was_made():
    # a claim that cannot be made is proposed at the model's lower threshold: the text says
    # so, and says nothing of a proposal over the threshold
    from claimcheck.lint.explain import Candidate, UnitExplanation, render_explanation

    unit = UnitExplanation("post.md", 3, 0, 40, "sentence", "It resets the nerves.", None,
                           proposed=[Candidate("pain-gate-and-desensitisation", "model 0.87",
                                               0.87, "w:nerv"),
                                     Candidate("relieves-pain", "model 0.97", 0.97, "w:pain")],
                           model=[], threshold=0.95)
    out = render_explanation([unit])
    assert "    proposed pain-gate-and-desensitisation: the model 0.87 at w:nerv (under the " \
           "threshold of 0.95: a claim that cannot be made is proposed at a lower one)" in out
    assert "    proposed relieves-pain: the model 0.97 at w:pain\n" in out + "\n"
    assert "threshold" not in unit.as_dict()


def test_explain_json_is_a_list_of_units(run_cli, tmp_path):
    code, out = explain(run_cli, tmp_path, "# Our services\n\nIt can help with:\n\n- Sciatica\n"
                                           "\nDry needling is not a cure for fibromyalgia.\n",
                        "--format", "json")
    assert code == 0
    units = json.loads(out)
    assert [(u["line"], u["role"]) for u in units] == \
        [(1, "heading"), (3, "sentence"), (5, "item"), (7, "sentence")]
    assert set(units[0]) == {"source", "line", "start", "end", "role", "text", "context",
                             "matches", "proposed", "model", "dropped", "kept"}
    item = units[2]
    assert item["context"] == "It can help with:" and item["model"] is None
    assert item["kept"] == [{"claim": "treats-sciatica-piriformis", "phrase": "sciatica",
                             "detected_by": "rule", "score": None, "anchor": None}]
    assert units[3]["dropped"] == [{"rule": "negated", "claim": "treats-fibromyalgia",
                                    "phrase": "fibromyalgia", "detected_by": "rule",
                                    "score": None, "anchor": None}]
    assert units[3]["kept"] == []


def test_explain_of_a_pair_names_what_the_answer_made_alone(library):
    from claimcheck.lint.explain import explain_text
    from claimcheck.lint.linter import linter_for

    units = explain_text(
        linter_for(library), "Suffering from neck pain? Dry needling relieves neck pain.", kind="text")
    pair = next(u for u in units if u.role == "question+answer")
    assert ("made-alone", "treats-neck-pain") in {(d.rule, d.candidate.claim)
                                                  for d in pair.dropped}


def test_explain_on_bad_input_exits_2(run_cli, tmp_path):
    code, out, err = run_cli("lint", "--explain", str(tmp_path / "missing.md"),
                             "--root", str(REPO))
    assert code == 2 and out == "" and "no such file" in err
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02garbage")
    assert run_cli("lint", "--explain", str(binary), "--root", str(REPO))[0] == 2


def test_explain_refuses_report_formats(run_cli, tmp_path):
    code, _ = explain(run_cli, tmp_path, "Hello.\n", "--format", "sarif")
    assert code == 2
