"""The publish gate: can a sentence go out as it stands?

A table of 308 sentences in new words (tests/fixtures/lint/gate/sentences.yaml, each with the
severity the rule gives it and the verdicts it assumed) and hand-worked cases for each rule:
boosters, hedges, widened scope, reported speech, precautions and risk statements, safety
assurances, absolutes with no claim behind them, and the one rewrite per sentence.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.lint.gate import SEVERITIES, UNSUPPORTED, judge, worst
from claimcheck.lint.rewrite import rewrite
from claimcheck.lint.strength import analyse, unbacked_absolute
from claimcheck.library.files import read_yaml
from conftest import REPO

GATE = REPO / "tests" / "fixtures" / "lint" / "gate"


def severity(library, text: str) -> str:
    import claimcheck

    return worst(f.severity for f in claimcheck.lint_text(library, text).findings)


def findings(library, text: str) -> list[tuple[str, str]]:
    import claimcheck

    return [(f.claim, f.severity) for f in claimcheck.lint_text(library, text).findings]


def expected_severity(item: dict, grades: dict) -> str:
    """The table's severity, updated where a claim's verdict has changed since it was written:
    an assertion of a claim that is unproven now is an error, however it is worded."""
    expected = item["severity"]
    changed = [c for c, v in (item.get("verdicts") or {}).items() if grades.get(c) != v]
    if changed and expected != "error" and item["rule"] not in (
            "precaution", "reported", "criticised", "negated", "neutral") and \
            any(grades[c] in UNSUPPORTED for c in changed if c in grades):
        return "error"
    return expected


@pytest.fixture(scope="module")
def table(library):
    from claimcheck import grade_library

    grades = {c: g.verdict for c, g in grade_library(library).items()}
    return [(item, expected_severity(item, grades))
            for item in read_yaml(GATE / "sentences.yaml")]


@pytest.mark.model
def test_the_gate_agrees_with_the_table(library, table):
    got = [(item, exp, severity(library, item["text"])) for item, exp in table]
    agree = sum(g == e for _, e, g in got) / len(got)
    must_fail = [(i, g) for i, e, g in got if e == "error"]
    failed = sum(g == "error" for _, g in must_fail) / len(must_fail)
    wrongly_failed = [i["text"] for i, e, g in got if e == "ok" and g == "error"]
    # measured 0.958 agreement and 0.944 of the failing sentences failed, none wrongly failed
    # (model 0de664791b04, as 79b021560dda with today's rules; 0.951 and two wrongly failed
    # with 79b021560dda at first; 0.958, 0.950 and one with a9355e7b1c85; 0.964 and 0.961 with
    # 9e7e655ad9a3), with issue 13's reviews
    # putting knee, shoulder, heel and exercise add-on back at partly-supported; some detect
    # phrases were added for this table's misses, so these are development figures; floors
    # a little under
    assert agree >= 0.94, agree
    assert failed >= 0.94, failed
    assert len(wrongly_failed) <= 2, wrongly_failed


@pytest.mark.model
def test_no_precaution_contraindication_or_risk_statement_fails(library, table):
    failing = [item["text"] for item, _ in table if item["rule"] == "precaution"
               and severity(library, item["text"]) == "error"]
    assert failing == []


@pytest.mark.parametrize("text, claim, expected", [
    # boosters and absolutes on a partly-supported claim
    ("Dry needling is clinically proven to relieve neck pain.", "treats-neck-pain", "error"),
    ("A miracle cure for back pain.", "treats-low-back-pain", "error"),
    # plain: acceptable to most regulators, but says more than "may"
    ("Dry needling reduces neck pain.", "treats-neck-pain", "warning"),
    # hedged within what low certainty allows
    ("Dry needling may reduce neck pain in the short term.", "treats-neck-pain", "ok"),
    # a size of effect no trial reports is a booster; "very effective" is left plain
    ("Dry needling is highly effective for neck pain.", "treats-neck-pain", "error"),
    ("Dry needling is very effective for neck pain.", "treats-neck-pain", "warning"),
    # ... but not for longer than the evidence: the relief's own duration widens it
    ("Dry needling may give months of relief from neck pain.", "treats-neck-pain", "error"),
    # a complaint's duration does not
    ("I had neck pain for months before dry needling eased it.", "treats-neck-pain",
     "warning"),
    # an unproven claim, hedged or not
    ("Dry needling releases endorphins.", "endorphin-release", "error"),
    ("Dry needling may release endorphins.", "endorphin-release", "error"),
    # widened beyond the evidence: lasting, compared, for everyone, instant, numbers
    ("Dry needling permanently fixes tennis elbow.", "treats-elbow-epicondylalgia", "error"),
    ("Every single person with neck pain can benefit from needling.", "treats-neck-pain",
     "error"),
    ("90% of patients feel less neck pain after dry needling.", "treats-neck-pain", "error"),
    # a precaution is advice; a risk statement is not a promise
    ("Dry needling is not suitable if you are pregnant or have a bleeding disorder.",
     "contraindications", "ok"),
    ("Bruising can occur after treatment.", "minor-adverse-events", "ok"),
    # how often harm comes is a risk statement, a figure included
    ("Serious adverse events are rare, estimated at fewer than 1 in 10,000 sessions.",
     "safe-when-trained", "ok"),
    ("Dry needling is 100% safe, with no complications.", "safe-when-trained", "error"),
    # what stays a promise beside the words of a precaution
    ("Anyone with back pain can benefit from dry needling.", "treats-low-back-pain", "error"),
    ("You will feel better within 48 hours.", "relief-within-24-48h", "error"),
    ("Needling speeds recovery from post-exercise soreness.", "accelerates-recovery", "error"),
    # "pain in the shoulder" names the shoulder pain as "shoulder pain" does
    ("Dry needling relieves pain in the shoulder.", "treats-shoulder-pain", "warning"),
    ("Needling eases pain in your hips.", "treats-hip-gluteal-pain", "error"),
    # whiplash is neck pain (the corpus labels it so, or allows it)
    ("Dry needling is an effective treatment for whiplash.", "treats-neck-pain", "warning"),
    # "distinct" says what "different" says
    ("Our needling is distinct from acupuncture.", "distinct-from-acupuncture", "error"),
    # a safety assurance is a claim beyond the evidence
    ("Dry needling is completely safe, with no side effects.", "safe-when-trained", "error"),
    # an absolute with no library claim behind it
    ("Guaranteed results or your money back!", "unbacked-absolute", "error"),
    ("Dry needling never fails.", "unbacked-absolute", "error"),
    # a booster about a "tool" or a "miracle" promises results without naming them
    ("The strongest tool in sports medicine, full stop.", "unbacked-absolute", "error"),
    ("An absolute miracle for people with long-standing aches.", "unbacked-absolute", "error"),
    # puffery as large as a miracle's
    ("Honestly, dry needling is a total game-changer.", "unbacked-absolute", "error"),
    ("A revolutionary treatment for neck pain.", "treats-neck-pain", "error"),
    ("The results can be life changing for stiff necks.", "treats-neck-pain", "error"),
    # the page's own blog is its own voice, not a report of someone else's claim
    ("As I said in a previous blog post, dry needling releases endorphins.",
     "endorphin-release", "error"),
    # "knots released" is the muscle-tension claim (LABELLING.md), however the knots are named
    ("Our physios use fine needles for releasing trigger points in your upper back.",
     "releases-muscle-tension", "error"),
    ("Needling aims at releasing shortened calf muscles after a long season.",
     "releases-muscle-tension", "error"),
    ("Our approach is well studied and grounded in anatomy.", "science-backed", "error"),
    ("Our needling has demonstrated real effectiveness for stiff backs.", "science-backed",
     "error"),
    ("Our approach to needling has scientific backing.", "science-backed", "error"),
    ("Our needling method has decades of research behind it.", "science-backed", "error"),
    # (without the word "knot", which older phrases read already)
    ("Trigger points are small areas of contraction within a muscle.",
     "knots-are-sustained-contraction", "error"),
    ("A trigger point holds part of the muscle in a contracted state.",
     "knots-are-sustained-contraction", "error"),
    # results promised within a few sessions, however the number is written
    ("Most clients see good results within 2-3 treatment sessions.",
     "immediate-relief-few-sessions", "warning"),
    ("Relief can come in as few as two visits.", "immediate-relief-few-sessions", "warning"),
])
def test_each_rule(library, text, claim, expected):
    assert (claim, expected) in findings(library, text)


@pytest.mark.parametrize("text", [
    # a comparison, a number or an "at once" about an outcome is a promise on a page about
    # the treatment, whether or not a library claim stands behind it
    "Quicker results than anything else on offer.",
    "You'll feel better straight away, no long course of treatment needed.",
    "A three-in-four chance of being pain-free within a fortnight.",
    # a rhetorical question is a claim in disguise
    "Why put up with stretching when needling works better?",
    # what is better may sit between "better" and "than"
    "Needling gives better pain relief than anti-inflammatory tablets.",
    "Patients get much better results from needling combined with rehab.",
    "Needling sorts out a pulled calf in a fortnight instead of months of rehab.",
])
def test_widened_promises_fail(library, text):
    assert severity(library, text) == "error"


@pytest.mark.parametrize("text", [
    "Dry needling is not a cure for fibromyalgia.",  # denied
    "Some clinics claim needling is a miracle cure.",  # reported at a distance
    "Our clinic opens at 8 on weekdays.",  # neutral
    "Research suggests needling may help low back pain, but it's not clear it beats physio.",
    # widenings that promise nothing: no outcome, someone else's, or hedged
    "You can drive home straight away after your appointment.",
    "Everyone's pain is different, so we tailor each plan.",
    "Everyone responds differently to dry needling.",  # says results vary
    "Results vary from person to person, and dry needling suits many people.",
    "Trials show short-term relief, but the long-term picture is unclear.",
    # a study's statistics and a critic's verdict on the evidence promise nothing
    "The trial found no clear difference in pain improvement between needling and stretching "
    "(95% CI -0.4 to 0.1).",
    "Evidence of any long-term benefit from dry needling for knee pain is still lacking.",
    "More high-quality trials are needed before anyone can talk of lasting relief.",
    "Why do trigger points form?",
    "Half price on your first session this month.",
])
def test_what_must_not_fail(library, text):
    assert severity(library, text) != "error"


def test_each_claim_is_judged_by_the_wording_of_its_own_clause(library):
    # one sentence, two claims, two strengths: the plain one is a warning, the hedged one ok
    got = dict(findings(library, "Dry needling reduces knee pain and may help shoulder pain "
                                 "too."))
    assert got == {"treats-knee-pain": "warning", "treats-shoulder-pain": "ok"}
    # one wording over the whole sentence: both hedged
    assert set(dict(findings(library, "Dry needling may reduce neck pain and knee pain."))
               .values()) == {"ok"}


def test_the_exit_code_follows_severities_by_default(run_cli, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("Dry needling is not suitable if you are pregnant.\n\n"
                     "Dry needling may reduce neck pain in the short term.\n", encoding="utf-8")
    assert run_cli("lint", str(draft))[0] == 0  # a precaution and a hedged claim pass
    draft.write_text("Dry needling reduces neck pain.\n", encoding="utf-8")
    assert run_cli("lint", str(draft))[0] == 0  # a warning does not fail by default
    assert run_cli("lint", str(draft), "--fail-on", "warning")[0] == 1
    draft.write_text("Dry needling is 100% safe.\n", encoding="utf-8")
    assert run_cli("lint", str(draft))[0] == 1


@pytest.mark.parametrize("sentence, allowed, short, expected", [
    ("Dry needling reduces neck pain.", "possible", True,
     "Dry needling may reduce neck pain in the short term."),
    ("Dry needling is clinically proven to relieve neck pain.", "possible", False,
     "Dry needling may relieve neck pain."),
    ("Needling completely eliminates tight calves.", "possible", False,
     "Needling may reduce tight calves."),
    ("It eases tennis elbow.", "probable", False, "It probably eases tennis elbow."),
    ("It eases tennis elbow.", "plain", False, "It eases tennis elbow."),
    ("Dry needling reduces neck pain, guaranteed.", "possible", True,
     "Dry needling may reduce neck pain in the short term."),
    ("A proven treatment that relieves back pain.", "possible", False,
     "A treatment that may relieve back pain."),
    ("Dry needling will fix your tennis elbow.", "possible", True,
     "Dry needling may ease your tennis elbow in the short term."),
    ("Dry needling is highly effective for neck pain.", "possible", True,
     "Dry needling may be effective for neck pain in the short term."),
    ("It is extremely effective at relieving back pain.", "possible", False,
     "It may be effective at relieving back pain."),
    # certainty claimed of the evidence goes with its announcement
    ("Research clearly shows that needling eases shoulder pain.", "possible", True,
     "Needling may ease shoulder pain in the short term."),
    # "can be" takes the modal too, and "assist" is a verb of benefit
    ("Dry needling can be beneficial for a stiff lower back.", "possible", False,
     "Dry needling may be beneficial for a stiff lower back."),
    ("Dry needling can be beneficial for a stiff lower back.", "probable", False,
     "Dry needling can probably be beneficial for a stiff lower back."),
    ("Alongside your rehab, it can assist in the treatment of sore knees.", "possible", False,
     "Alongside your rehab, it may assist in the treatment of sore knees."),
    # a title keeps its case, whatever the strength
    ("Dry Needling Is Effective For Stiff Shoulders", "probable", False,
     "Dry Needling Is Probably Effective For Stiff Shoulders"),
    ("Dry Needling Is Effective For Stiff Shoulders", "possible", False,
     "Dry Needling May Be Effective For Stiff Shoulders"),
    ("Dry Needling Can Be Effective For Stiff Shoulders", "possible", False,
     "Dry Needling May Be Effective For Stiff Shoulders"),
    # a purpose takes the hedge as an adverb: "used to may treat" is no English
    ("Dry needling is a technique used to treat muscle pain.", "possible", False,
     "Dry needling is a technique used to potentially treat muscle pain."),
    ("It is used to alleviate pain and improve function.", "probable", False,
     "It is used to probably alleviate pain and improve function."),
    # every verb of the clause takes the modal's form; the auxiliary and an adverb are kept
    ("Dry needling reduces pain and improves function.", "possible", False,
     "Dry needling may reduce pain and improve function."),
    ("It can also help with plantar fasciitis.", "possible", False,
     "It may also help with plantar fasciitis."),
    ("It can also help with plantar fasciitis.", "probable", False,
     "It can probably also help with plantar fasciitis."),
    ("Improves mechanics of the spine.", "possible", False, "May improve mechanics of the spine."),
    ("This also reduces local muscle pain.", "possible", False,
     "This may also reduce local muscle pain."),
    ("Research: Dry Needling Works Best With Exercise", "possible", False,
     "Research: Dry Needling May Work Best With Exercise"),
    ("The needle is inserted to induce a twitch and relieve the pain.", "possible", False,
     "The needle is inserted to potentially induce a twitch and relieve the pain."),
    ("It's proven: needling fixes a bad lower back.", "possible", True,
     "Needling may ease a bad lower back in the short term."),
    ("Dry needling is effective for tennis elbow.", "probable", False,
     "Dry needling is probably effective for tennis elbow."),
    ("Dry needling reduces pain, improves function and restores movement.", "possible", False,
     "Dry needling may reduce pain, improve function and restore movement."),
    # the time frame belongs to the claim, before a clause that follows it
    ("Dry needling always works on heel pain, no matter how long you've had it.", "possible",
     True, "Dry needling may work on heel pain in the short term, no matter how long you've had "
           "it."),
    ("Needling totally resolves back pain so you can get on with life.", "possible", True,
     "Needling may resolve back pain in the short term so you can get on with life."),
    # a claim made with "to be" takes the modal on its "is", and its intensifier goes
    ("Dry needling is safe when performed by trained therapists.", "possible", False,
     "Dry needling may be safe when performed by trained therapists."),
    ("Dry needling is a very successful treatment.", "possible", False,
     "Dry needling may be a successful treatment."),
    ("It is an effective technique for neck pain.", "probable", False,
     "It is probably an effective technique for neck pain."),
    ("For an athlete, dry needling is very helpful but is never the only tool.", "possible", True,
     "For an athlete, dry needling may be helpful in the short term but is never the only tool."),
    # a lead-in keeps its colon last
    ("Dry needling eases back pain by:", "possible", True,
     "Dry needling may ease back pain in the short term by:"),
    # the stronger alternative and an instant result go
    ("Functional dry needling can reduce or eliminate referred pain.", "possible", False,
     "Functional dry needling may reduce referred pain."),
    ("It produces immediate effects that relieve pain.", "possible", False,
     "It produces effects that may relieve pain."),
    # a verb of benefit named as what something is for takes the hedge as an adverb
    ("Dry needling is a technique for relieving muscle pain.", "possible", False,
     "Dry needling is a technique for potentially relieving muscle pain."),
    ("It is used with the aim of easing neck pain.", "possible", True,
     "It is used with the aim of potentially easing neck pain in the short term."),
    # the time frame follows the verb the hedge governs, and what it governs
    ("It is a technique aimed at helping you recover from neck pain.", "possible", True,
     "It is a technique aimed at potentially helping you recover from neck pain in the short "
     "term."),
])
def test_the_rewrite_edits_the_sentence_minimally(sentence, allowed, short, expected):
    from claimcheck.lint.gate import Judgement

    j = Judgement("warning", "plain", allowed, "why")
    assert rewrite(sentence, [(j, "curated wording", short)]) == expected


def test_the_rewrite_falls_back_to_the_curated_wording_when_no_edit_is_honest():
    from claimcheck.lint.gate import Judgement

    unproven = Judgement("error", "plain", "none", "why")
    plain = Judgement("warning", "plain", "possible", "why")
    # one sentence, two findings: the unproven claim cannot be hedged into honesty
    assert rewrite("Needling releases endorphins and eases neck pain.",
                   [(plain, "neck wording", True), (unproven, "endorphin wording", False)]) \
        == "endorphin wording"
    ok = Judgement("ok", "possible", "possible", "why")
    assert rewrite("It  may ease neck pain.", [(ok, "x", True)]) == "It may ease neck pain."
    # words the edits cannot take out would fail the fix itself: an assurance, a booster, a
    # widening
    for sentence in ("The procedure is usually painless, though some may feel a brief ache.",
                     "IMS is effective; the technique is also unequaled for deep muscles.",
                     "It has even shown benefit after a single session."):
        assert rewrite(sentence, [(plain, "curated", False)]) == "curated"
    # a gerund that opens the sentence sets the scene, and a strength said in another word
    # ("effective", "best") is not hedged by an adverb on the verb
    for sentence in ("In treating back pain, we focus on the deep muscles.",
                     "Dry needling is also proven effective for treating fibromyalgia.",
                     "One of the best treatments for treating pain is dry needling."):
        assert rewrite(sentence, [(plain, "curated", False)]) == "curated"


@pytest.mark.parametrize("sentence, dropped, expected", [
    ("It helps restore function, increase blood flow, and relieve pain.", {1},
     "It helps restore function and relieve pain."),
    ("It helps restore function, increase blood flow, and relieve pain.", {2},
     "It helps restore function and increase blood flow."),
    ("It relieves pain and tension, improves circulation, and promotes healing.", {1, 2},
     "It relieves pain and tension."),
    # a list of "-ing" items after a comma starts after it
    ("It inactivates trigger points, relieving pain, reducing tension, and improving motion.",
     {3}, "It inactivates trigger points, relieving pain and reducing tension."),
    ("It inactivates trigger points, relieving pain, reducing tension, and improving motion.",
     {2, 3}, "It inactivates trigger points, relieving pain."),
    # a comma that is no list's stays with its words
    ("At its core, dry needling is used to ease pain and improve movement.", {1},
     "At its core, dry needling is used to ease pain."),
    ("It is used to alleviate pain - chronic and acute pain - and improve motion.", {1},
     "It is used to alleviate pain - chronic and acute pain."),
    # a closing list of conditions
    ("It is used for many conditions, including chronic pain, sports injuries, tendonitis, "
     "and even headaches.", {4},
     "It is used for many conditions, including chronic pain, sports injuries, and tendonitis."),
    ("It is used for neck pain, sciatica and fibromyalgia.", {1},
     "It is used for neck pain and fibromyalgia."),
    # a word after a slash is the other half of one item
    ("It aims at releasing/inactivating trigger points and relieving pain.", {1},
     "It aims at releasing/inactivating trigger points."),
    ("It aims at releasing/inactivating trigger points and relieving pain.", {0},
     "It aims at relieving pain."),
    # a list that closes inside its last item ("facilitate" opens none): the conjunction stays
    ("It may decrease pain, reduce swelling, promote circulation, and facilitate healing.",
     {2, 3}, "It may decrease pain and reduce swelling."),
])
def test_a_list_item_leaves_with_its_separator(sentence, dropped, expected):
    from claimcheck.lint.lists import Items

    assert Items.of(sentence).without(dropped) == expected


def test_the_first_item_leaves_and_the_subject_takes_the_next():
    from claimcheck.lint.lists import Items

    items = Items.of("This process helps restore muscle function, increase blood flow, and "
                     "relieve pain.")
    assert items.droppable() == [2, 1, 0]
    assert items.without({0}) == "This process helps increase blood flow and relieve pain."
    # no first item to drop where the list's form differs from the verb before it
    assert 0 not in Items.of("It inactivates trigger points, relieving pain, reducing tension, "
                             "and improving motion.").droppable()


@pytest.mark.parametrize("sentence", [
    "Dry needling may help relieve pain and improve movement for conditions such as:",  # lead-in
    "The muscles contract and release, improving flexibility and decreasing pain.",  # two forms
    "Dry needling reduces neck pain.",  # no list
    "In some cases, decreased pain and improved mobility is immediate.",  # a list as subject
    # an "-ing" word joined by "and" to a name is a name: no list of verbs
    "It is used to accelerate pain reduction, restoration and healing of tissue.",
    # neither commas nor a word that opens a list: no list of names
    "He said it is a safe and effective alternative to pills and less invasive options.",
])
def test_no_list_to_trim(sentence):
    from claimcheck.lint.lists import Items

    assert Items.of(sentence) is None


def test_a_verb_sharing_its_object_does_not_leave_alone():
    from claimcheck.lint.lists import Items

    items = Items.of("It is used to reduce or restore impairments of function.")
    assert 1 not in items.droppable()
    assert items.without({0}) == "It is used to restore impairments of function."


@pytest.mark.parametrize("sentence, expected", [
    # the unsupported claim leaves with its item, and the rest is hedged
    ("Dry needling reduces neck pain and releases endorphins.",
     "Dry needling may reduce neck pain in the short term."),
    # the list's first item, after the subject: the subject takes the next one
    ("Dry needling releases endorphins and reduces pain.", "Dry needling may reduce pain."),
    ("Dry needling can increase blood flow, relieve pain and improve function.",
     "Dry needling may relieve pain and improve function."),
    # ... or with the words the edit takes out, when they make it
    ("Dry needling is clinically proven to reduce tennis elbow pain.",
     "Dry needling may reduce tennis elbow pain in the short term."),
    ("Dry needling provides instant relief from neck pain.",
     "Dry needling may provide relief from neck pain in the short term."),
    ("This process helps restore normal muscle function, increase blood flow, and relieve pain "
     "in the affected muscle.",
     "This process may help restore normal muscle function and relieve pain in the affected "
     "muscle."),
    # the evidence announced as showing it is the claim that it is shown: it leaves with its
    # words ("has been shown to" was once left as "has been may")
    ("The technique has also been proven to reduce pain.", "The technique may also reduce pain."),
    ("Dry needling has been proven to reduce pain.", "Dry needling may reduce pain."),
    ("Research has shown that dry needling reduces neck pain.",
     "Dry needling may reduce neck pain in the short term."),
    # ... and with it an unsupported item of the list
    ("Studies show that dry needling releases endorphins and reduces pain.",
     "Dry needling may reduce pain."),
    ("Research supports that dry needling releases endorphins and reduces pain.",
     "Dry needling may reduce pain."),
])
def test_the_rewrite_takes_an_unsupported_claim_out_of_its_list(library, sentence, expected):
    import claimcheck

    findings = claimcheck.lint_text(library, sentence).findings
    assert any(f.severity == "error" for f in findings)
    assert {f.rewrite for f in findings} == {expected}
    assert severity(library, expected) != "error"


@pytest.mark.model
def test_the_curated_wording_offered_is_the_promised_conditions(library):
    # two errors as bad as each other: the wording offered is about the back pain the
    # sentence promises to be rid of, not the "drug-free" beside it
    import claimcheck

    findings = claimcheck.lint_text(library, "Dry needling is a proven, drug-free way to get "
                                             "rid of back pain for good.").findings
    assert {f.claim for f in findings} >= {"reduces-medication-use", "treats-low-back-pain"}
    back = next(f for f in findings if f.claim == "treats-low-back-pain")
    assert {f.rewrite for f in findings} == {back.suggestion}


def test_research_supporting_a_use_is_no_announcement_to_cut(library):
    # "supports that ..." announces a finding; "supports the use of ..." is the sentence's
    # own claim, and cut off it would leave "The use of dry needling for low back pain,
    # which we may offer here" (a verb after it is what the edit would hedge)
    import claimcheck

    findings = claimcheck.lint_text(library, "Research supports the use of dry needling for "
                                             "low back pain, which we offer here.").findings
    assert {f.rewrite for f in findings} <= {f.suggestion for f in findings}


def test_an_unsupported_claim_that_is_no_list_item_leaves_the_curated_wording(library):
    import claimcheck

    findings = claimcheck.lint_text(library, "Dry needling releases endorphins, which reduce "
                                             "pain.").findings
    endorphins = next(f for f in findings if f.claim == "endorphin-release")
    assert endorphins.rewrite == endorphins.suggestion


@pytest.mark.model
def test_the_rewrite_offered_for_a_real_sentence_passes_the_gate(library):
    """Each real sentence that fails (``gate/*-real.yaml``), linted again as its rewrite: the
    fix offered must not fail too (the unit's claims may differ once reworded, so a few may
    warn)."""
    import claimcheck

    still = []
    for name in ("absolutes-real.yaml", "absolutes-real2.yaml", "reported-real.yaml",
                 "reported-real2.yaml", "noclaim-real.yaml"):
        for item in read_yaml(GATE / name):
            failing = [f for f in claimcheck.lint_text(library, item["text"]).findings
                       if f.severity == "error"]
            if failing and any(f.severity == "error" for f in
                               claimcheck.lint_text(library, failing[0].rewrite).findings):
                still.append(item["text"])
    assert still == []


def test_every_finding_links_to_its_evidence(library):
    import claimcheck

    (f,) = [f for f in claimcheck.lint_text(library, "Dry needling reduces neck pain.").findings]
    ev = f.as_dict()["evidence"]
    assert ev["claim_page"] == "claims/treats-neck-pain.html"
    assert ev["references"] and all(r["pubmed"] or r["doi_url"] or not (r["pmid"] or r["doi"])
                                    for r in ev["references"])


@pytest.mark.parametrize("text, absolute", [
    # an assertion is absolute only about an outcome: sure of a fact about the treatment,
    # promising nothing
    ("There are definitely dry needling courses for physios in Sydney.", ()),
    ("Our physios undoubtedly know their needling.", ()),
    # sure of an outcome, or of being the answer
    ("Dry needling definitely works for stubborn knots.", ("definitely",)),
    ("Definitely the answer to that desk-job neck ache.", ("definitely",)),
    ("Undoubtedly you will feel better after one dry needling session.", ("undoubtedly",)),
    # any kind of pain widens to everyone
    ("Dry needling can treat any type of muscle pain.", ("any type of muscle pain",)),
    ("Needling helps any kind of sports injury.", ("any kind of sports injury",)),
    ("Any type of question is welcome at the front desk.", ()),
    # a negation denies an absolute only near it, in its own clause
    ("Dry needling is not a cure.", ()),
    ("There's not a single treatment that works for everyone, and that includes needling.",
     ()),
    ("It is not a new method; thousands of patients have been helped to a full recovery "
     "with 100% success.", ("100%",)),
    ("Even when there is no injury at all, and the scan is clear, our clinically proven "
     "needling finds the cause.", ("proven",)),
    ("Needling won't give you permanent results, and anyone who says so is overselling it.",
     ()),
    # a bare "lasting" promises only of the treatment
    ("Dry needling brings lasting results within a few sessions.", ("lasting",)),
    ("It will give you long-term relief from the ache.", ("long-term",)),
    # the trials' vocabulary, or care in general, promises nothing of the needling
    ("Trials report short-term relief; the long-term picture is unclear.", ()),
    ("Good care options are essential for recovery and long-term relief.", ()),
    # a head count of the helped is a number; a count with no outcome promises nothing
    ("Thousands of patients have benefited from our needling.", ("thousands of patients",)),
    ("Thousands of people search for needling every month.", ()),
    # a curly apostrophe denies as a straight one does (seed page wording)
    ("Dry needling isn\u2019t a magic fix, but it can be a helpful tool.", ()),
    # "the best way to find out" is advice; "the best way to relieve" a promise
    ("The best way to find out if needling suits you is an assessment.", ()),
    ("Dry needling is the best way to relieve back pain.", ("the best way",)),
    # "health" is no healing: how care is given stays process
    ("Needling isn't for everyone, and we'll always check your health history first.", ()),
    ("Needling always heals the injury.", ("always",)),
    # advice to see a doctor promises nothing to "anyone"
    ("We are not a substitute for diagnosis; anyone with new pain should see their GP.", ()),
    # a health improvement is an outcome
    ("Dry needling brings about long-term health improvements.", ("long-term",)),
    # what is immediate must be the outcome, near it
    ("Each session is followed up with immediate movement re-education or a structured "
     "talk about what to do at home for continued benefits.", ()),
    ("You immediately start to wonder whether it is the secret to being pain free again.", ()),
    ("Most patients notice immediate relief.", ("immediate",)),
    ("Patients feel the difference immediately after their first session.", ("immediately",)),
])
def test_what_makes_an_unbacked_absolute(text, absolute):
    assert unbacked_absolute(text) == absolute


@given(st.text(max_size=300))
def test_the_gate_is_total_on_any_text(text):
    wording = analyse(text)
    for kind in ("condition", "safety", "precaution", "mechanism"):
        for verdict, certainty in (("partly-supported", "low"), ("unproven", "very-low"),
                                   ("supported", "high")):
            j = judge("c", kind, verdict, certainty, wording)
            assert j.severity in SEVERITIES and j.reason
    unbacked_absolute(text)
    assert isinstance(rewrite(text or "x", [(judge("c", "condition", "partly-supported", "low",
                                                    wording), "curated", True)]), str)


# sentences built the way claims are, from the parts the edits work on
_CLAIMY = st.tuples(
    st.sampled_from(["Dry needling", "It", "Research shows that dry needling",
                     "Studies have shown that it", "This technique", "Needling"]),
    st.sampled_from(["", "has been shown to", "has also been proven to", "was proven to",
                     "is clinically proven to", "can", "can also", "is used to",
                     "is used to also", "is a technique for", "helps", "is effective for",
                     "aims at", "has"]),
    st.sampled_from(["reduce", "reduces", "relieving", "relieve", "ease", "easing", "help",
                     "helping", "release", "releases endorphins and reduces"]),
    st.sampled_from(["neck pain", "pain and tension", "you recover from back pain"]),
    st.sampled_from([".", " in athletes.", ", so you can train again.", ""]),
).map(lambda parts: " ".join(p for p in parts[:4] if p) + parts[4])


@settings(max_examples=300)
@given(_CLAIMY)
def test_a_rewrite_never_leaves_a_modal_where_no_verb_can_take_it(text):
    # "has been proven to reduce" was once offered as "has been may reduce": whatever the
    # edits take out or hedge, no modal or adverb follows an auxiliary or another hedge
    from claimcheck.lint.gate import Judgement

    plain = Judgement("warning", "plain", "possible", "why")
    out = rewrite(text or "x", [(plain, "curated", True)])
    broken = r"\b(?:has|have|had|been|was|were|to|may) may\b|\b(?:may|potentially) potentially\b"
    assert not re.search(broken, out, re.I) or re.search(broken, text, re.I), out


_LISTY = st.lists(st.sampled_from(["reduces pain", "releases endorphins", "and", "or", ",",
                                   "improve", "neck pain", "is", "Dry needling", "-", ":",
                                   "including", "increasing flow", "."]), max_size=30)


@given(st.one_of(st.text(max_size=300), _LISTY.map(" ".join)))
def test_taking_items_out_of_any_text_keeps_to_its_words(text):
    from itertools import combinations

    from claimcheck.lint.lists import MAX_ITEMS, Items

    items = Items.of(text)
    if items is None:
        return
    assert 2 <= len(items.parts) <= MAX_ITEMS
    droppable = items.droppable()
    for n in range(len(droppable) + 1):
        for dropped in combinations(droppable, n):
            shorter = items.without(set(dropped))
            # nothing is added but a closing conjunction moved to its new last item
            assert len(shorter) <= len(text) + len(", and ")
            assert set(re.findall(r"\w+", shorter)) <= set(re.findall(r"\w+", text))


@pytest.mark.parametrize("sentence, noun, expected", [
    ("It is used to reduce pain and tension in the upper back.", "tension",
     "It is used to reduce pain in the upper back."),
    ("Needling aims to relieve pain and muscle spasm.", "spasm", "Needling aims to relieve pain."),
    ("Needling aims to relieve pain and muscle spasm.", "muscle spasm",
     "Needling aims to relieve pain."),
    ("It helps by easing tightness and pain after a long run.", "tightness",
     "It helps by easing pain after a long run."),
    # not a pair of names: a list of verbs, a longer list, a head the pair shares, a name
    # running on, an adjective shared by both
    ("It eases tension and relieves pain.", "tension", None),
    ("It relieves aches, stiffness and tension.", "tension", None),
    ("It targets local and referred pain.", "referred pain", None),
    ("It relieves pain and tension headaches.", "tension", None),
    ("It helps children with chronic headaches and concussions.", "headaches", None),
])
def test_a_noun_leaves_its_pair(sentence, noun, expected):
    from claimcheck.lint.lists import without_pair

    at = sentence.index(noun)
    got = without_pair(sentence, at, at + len(noun))
    assert (got and got[0]) == expected


# words that make pairs of names, so the property meets real trims and not only refusals
_PAIRY = st.lists(st.sampled_from(["relieve", "pain", "and", "or", "tension", "muscle", "spasm",
                                   "the", "in", "neck", ",", ".", "chronic", "eases"]),
                  max_size=14)


@settings(max_examples=400)  # about one pair in fifty word lists is one a trim takes
@given(st.one_of(st.text(max_size=200), _PAIRY.map(" ".join)), st.integers(0, 200),
       st.booleans())
def test_a_pair_trim_only_takes_words_out(text, k, two):
    from claimcheck.lint.lists import without_pair

    # the noun is one word of the text, or two
    words = list(re.finditer(r"[\w'-]+", text))
    if not words:
        return
    first = words[k % len(words)]
    last = words[min(k % len(words) + two, len(words) - 1)]
    got = without_pair(text, first.start(), last.end())
    if got is not None:
        shorter, a, b = got
        assert len(shorter) < len(text) and text[a:b] in shorter
        assert set(re.findall(r"\w+", shorter)) <= set(re.findall(r"\w+", text))


def test_an_unsupported_noun_leaves_its_pair_in_the_rewrite(library):
    import claimcheck

    findings_ = claimcheck.lint_text(
        library, "Dry needling is a technique our physios use to reduce pain and muscle tension."
    ).findings
    assert {f.claim for f in findings_} >= {"releases-muscle-tension", "relieves-pain"}
    assert findings_[0].rewrite == \
        "Dry needling is a technique our physios use to potentially reduce pain."


def test_a_trim_that_leaves_no_edit_offers_the_worst_claims_wording(library):
    # the list trim leaves "The outcome is pain relief", which no edit hedges: the curated
    # wording offered is the unproven claim's, not the supported one's
    import claimcheck

    report = claimcheck.lint_text(library, "The outcome is pain relief and improved range of "
                                           "motion for the shoulder.")
    worst = [f for f in report.findings if f.severity == "error"]
    assert worst and report.findings[0].rewrite == worst[0].suggestion


def test_an_absolute_about_another_treatment_is_not_needlings(library):
    # "immediate" is a widening, but the promise is ibuprofen's: the page promises nothing
    assert findings(library, "Initial management with ibuprofen can provide immediate relief.") \
        == []
    assert findings(library, "Guaranteed relief!") == [("unbacked-absolute", "error")]
    # the gate reads the lead-in as detection does: under one that names needling, the
    # absolute is needling's
    import claimcheck

    listed = "Benefits of dry needling:\n\n- Massage-level results, guaranteed\n"
    assert [f.claim for f in claimcheck.lint_text(library, listed, kind="markdown").findings] \
        == ["unbacked-absolute"]
    assert findings(library, "Massage-level results, guaranteed.") == []
    # ... and one made in traditional acupuncture's terms is that tradition's
    assert findings(library, "Acupuncture is a holistic treatment that balances the flow of qi "
                             "to cure ailments.") == []
    assert findings(library, "Dry needling cures every ailment.") == \
        [("unbacked-absolute", "error")]


@pytest.mark.parametrize("text", [
    "Proven by dozens of studies.",  # the example: no outcome named, still a claim
    "Research proves that dry needling works.",
    "It has been scientifically shown to relieve pain.",
])
def test_a_claim_of_proof_is_the_science_backed_claim_and_fails(library, text):
    assert ("science-backed", "error") in findings(library, text)


def test_a_warning_against_promises_reports_them(library):
    # the promise is other people's, and what it is warned against is not the page's claim
    assert findings(library, "Be wary of anyone who promises a cure or says it detoxes your "
                             "muscles.") == []


@pytest.mark.parametrize("text", [
    # how sure a risk is, or how it is met, is no promise
    "There is always a small risk of infection or bleeding.",
    "Some people feel faint during or after the treatment, so we always treat you lying down.",
])
def test_a_risk_statement_with_always_does_not_fail(library, text):
    assert all(sev != "error" for _, sev in findings(library, text))


@pytest.mark.parametrize("text", [
    "Dry needling always works, and side effects are rare.",
    "Dry needling is guaranteed safe, with a tiny risk of bruising.",
])
def test_a_promise_beside_a_risk_still_fails(library, text):
    assert any(sev == "error" for _, sev in findings(library, text))


@pytest.mark.parametrize("text", [
    "Practitioners often tell patients that needling flushes out toxins, an idea with no "
    "physiological basis.",
    "Many physiotherapists believe trigger points cause referred pain, though examiners rarely "
    "agree on where they are.",
])
def test_a_professions_belief_told_at_a_distance_is_reported(library, text):
    got = findings(library, text)
    assert got and all(sev == "ok" for _, sev in got)


def test_the_pages_own_staff_are_not_at_a_distance(library):
    got = findings(library, "Our therapists often say dry needling relieves neck pain better "
                            "than massage.")
    assert ("treats-neck-pain", "error") in got


@pytest.mark.parametrize("text", [
    "You may have seen it advertised as a detox for tired muscles, but nothing is flushed out.",
    "You'll see promises of instant relief on many clinic websites.",
])
def test_seeing_someone_elses_claim_is_reported(text):
    assert analyse(text).reported


@pytest.mark.parametrize("text", [
    # seeing a result is the page's own promise
    "Athletes swear by it, and after one session you'll see why.",
    "Here are some common conditions where people see benefit from dry needling.",
])
def test_seeing_a_result_is_the_pages_own_voice(text):
    assert not analyse(text).reported


def test_who_may_have_the_treatment_is_not_a_promise(library):
    # a precaution worded with "nearly all patients" (after a real clinic page's FAQ)
    text = ("Dry needling is suitable for nearly all patients who do not have a strong fear "
            "of needles.")
    assert unbacked_absolute(text) == ()
    assert all(sev != "error" for _, sev in findings(library, text))
    # ... but safety and results promised to everyone still fail
    assert unbacked_absolute("Needling is safe for everyone.") == ("everyone",)
    assert unbacked_absolute("Dry needling works for everyone.") == ("everyone",)


@pytest.mark.parametrize("text", [
    # a denial of the known harms is a safety assurance, beside a benefit claim too
    "No bruising, no soreness, just relief from neck pain.",
    "Drug-free, needle-light and risk-free neck pain relief.",
    "Side effects just don't happen with our gentle technique.",
    "Our needles are so fine they cannot puncture a lung.",
    "It's safer than taking ibuprofen for your back.",
    # a rhetorical question asserts what it asks
    "Why bother with painkillers when dry needling releases endorphins?",
    # superlatives, an ailment promised gone, a benefit over every complaint
    "For knee pain, needling is the quickest fix we know.",
    "With dry needling, hip pain will soon be a thing of the past.",
    "Our needling relieves any muscle ache you bring in.",
    "Needling helps with every sporting injury.",
    "Dry needling eases back pain more effectively than massage.",
    "The relief from dry needling never wears off.",
    # each widening weighed in turn: "every client" names no treatment, but "immediately"
    # promises an outcome
    "Immediately: every client feels the difference before leaving the room.",
    "After a few sessions the pain simply disappears.",
    "Needling is a far more effective option for stubborn shoulder pain.",
    "Dry needling can help with any musculoskeletal condition.",
    "Most clients feel relief from neck pain in under ten minutes.",
    "The fine needles slide in painlessly.",
    "Our needles will not cause any bruising.",
])
def test_absolutes_fail(library, text):
    assert ("error" in {sev for _, sev in findings(library, text)})


@pytest.mark.parametrize("text, reported", [
    # a news story's sources and a third party's assertions
    ('"My calves have never been looser," the striker told reporters on Friday.', True),
    ("The physio told the newspaper that her runners swear by it.", True),
    ("A spa owner insisted to the journalist that the needles reset the nervous system.", True),
    ("Acupuncturists counter that needling is acupuncture by another name.", True),
    ("Sceptics point out that the endorphin story has never been tested.", True),
    ("It is widely asserted that needling flushes lactic acid from muscles.", True),
    ("Promotional videos show needles releasing knots on camera.", True),
    ("The theory goes that a twitch resets the muscle.", True),
    ("The claim that knots refer pain has been disputed for decades.", True),
    ("Needling clinics make promises the trials cannot back up, the editor said.", True),
    ("The college warned members against implying that needling cures sciatica.", True),
    # a testimonial the page offers as evidence stays its own claim
    ('"My neck has never felt better," one client told us.', False),
    ('"It fixed my shoulder," a patient wrote on our Google page.', False),
    ("Dry needling is billed as part of a physiotherapy session.", False),
    ("Our physios maintain high standards of hygiene.", False),
])
def test_a_third_partys_words_are_reported(text, reported):
    assert analyse(text).reported is reported


def test_the_news_wording_is_tried_wherever_it_would_match():
    # REPORTED_MORE is searched only in a sentence holding one of _MORE_WORDS (a hand list
    # kept beside it, for speed): wherever it matches a real or written sentence, the gate
    # word is there too
    from claimcheck.lint.strength import _MORE_WORDS, REPORTED_MORE

    more = re.compile(REPORTED_MORE.pattern, REPORTED_MORE.flags)
    texts = [item["text"] for path in sorted(GATE.parent.rglob("*.yaml"))
             for item in read_yaml(path) or []
             if isinstance(item, dict) and isinstance(item.get("text"), str)]
    hits = [t for t in texts if more.search(t.replace("\u2019", "'"))]
    assert len(hits) >= 10
    assert [t for t in hits if not _MORE_WORDS.search(t.lower())] == []


@pytest.mark.parametrize("text", [
    "Endorphin release has not been measured in any needling trial.",
    "A small trial found needling eased jaw pain, though it carried a high risk of bias.",
    "The national guideline declined to recommend needling for sciatica.",
])
def test_doubts_about_the_evidence_make_no_claim(library, text):
    assert all(sev != "error" for _, sev in findings(library, text))


def test_some_practitioners_describing_an_idea_is_reported():
    assert analyse("Some practitioners describe knots as fibres stuck together in a "
                   "permanent spasm.").reported
    assert not analyse("Our practitioners describe knots as fibres stuck together.").reported


def test_doubt_about_what_the_evidence_shows_withdraws_the_claim(library):
    assert findings(library, "Reviews from patients are nice to read, but testimonials can't "
                             "tell you whether the needle made the difference.") == []
    assert ("firsthand-accounts-as-evidence", "error") in findings(
        library, "Our testimonials speak for themselves.")


@pytest.mark.model
@pytest.mark.parametrize("text", [
    # healing named as slow beside a harm is a reason for care
    "Smokers may heal slowly and bruise more easily after needling.",
    "People on steroids can have delayed healing and a higher risk of infection.",
    # what one may get after a session, told when the sentence opens with it
    "After a session you may experience some muscle tightness or a headache.",
    "Following needling, some people develop a headache or neck stiffness for a day.",
    # who is not needled, and the advice to be cleared first
    "If you have sciatica, we take care not to needle close to the sciatic nerve.",
    "Anyone on high-dose steroids needs medical clearance before needling.",
    # a result asked about, the needle's own mark healing, recovery from its own soreness
    "Whether you feel better, worse or the same afterwards, tell us within 48 hours.",
    "The tiny puncture left by the needle normally heals within a day.",
    "Your recovery from post-needling soreness is usually faster if you keep moving.",
    # where no needle goes is no negation of the complaint named after it
    "Needles will not be placed into a torn calf, and runners with a muscle strain may ache "
    "for a day.",
    # what is needled is where the needle went, not a complaint it treats
    "Jaw soreness or a change in your bite is sometimes felt after needling the chewing "
    "muscles, especially if you already have TMJ problems.",
    # a needle that breaks is a harm, whatever brings it on
    "In rare cases a needle may break if you have a muscle spasm while it is in, so keep still.",
    # the clinician's work is no benefit word
    "Knees with osteoarthritis are never needled into; any work stays in the muscles around "
    "them.",
])
def test_reasons_for_care_pass(library, text):
    assert not [f for f in findings(library, text) if f[1] == "error"]


def test_real_gate_sets_are_short_attributed_quotes():
    # verbatim text is limited to short quotes, each with the page it came from
    from claimcheck.library.files import read_yaml

    for path in sorted(GATE.glob("*-real*.yaml")):
        for item in read_yaml(path):
            assert len(item["text"].split()) <= 40, (path.name, item["text"])
            assert str(item.get("url", "")).startswith(("http://", "https://")), \
                (path.name, item["text"])


@pytest.mark.model
def test_no_real_precaution_fails(library):
    # real risk and contraindication statements from pages nobody here wrote: a clinician who
    # warns is never punished, whatever words the page uses
    from tests.support.gate_eval import real_sentences_failing

    failed, total = real_sentences_failing(library, GATE / "precautions-real.yaml")
    assert total >= 150 and failed == []


@pytest.mark.model
@pytest.mark.parametrize("name, at_least, most_known", [
    # precautions written in new words that name a complaint as a side effect, a flare or a
    # reason for care ("Mild headache can occur after needling")
    ("precautions-written.yaml", 300, 10),
    # 130 more real precautions from hosts no other set quotes, run at first sight
    ("precautions-real2.yaml", 120, 3),
    # 154 more from 50 other hosts: 1 failed at first sight, then mended
    ("precautions-real3.yaml", 150, 0),
    # 141 from 50 more hosts: 3 failed at first sight, 2 mended, 1 asserts a claim too
    ("precautions-real4.yaml", 130, 1),
])
def test_precautions_fail_only_where_known(library, name, at_least, most_known):
    # the few the gate still fails are marked with why, and stay marked only while they fail
    from claimcheck.library.files import read_yaml
    from tests.support.gate_eval import real_sentences_failing

    failed, total = real_sentences_failing(library, GATE / name)
    known = [i["text"] for i in read_yaml(GATE / name) if i.get("known")]
    assert total >= at_least and len(known) <= most_known
    assert sorted(failed) == sorted(known)


@pytest.mark.parametrize("text, boosters", [
    # superlatives no comparison of treatments supports (after real clinic pages' wording)
    ("Dry needling is one of the most effective tools we have for stubborn knots.",
     ("the most effective tools",)),
    ("The technique is unequalled for finding tight bands deep in the muscle.",
     ("unequalled",)),
    ("Lie back and let the needles work their magic.", ()),  # not "works its magic"
    ("Compared with other treatments, needling works its magic fast.", ("works its magic",)),
    # certainty claimed of the evidence, an ailment promised gone, a size of effect
    ("New research clearly shows needling eases shoulder pain.", ("clearly shows",)),
    ("Studies do not clearly show that it eases shoulder pain.", ()),  # denied
    ("Say goodbye to stiff shoulders after a course of needling.", ("say goodbye to",)),
    ("Many clients get dramatic pain relief from the first visit.", ("dramatic pain relief",)),
    ("The change in her walking was truly dramatic.", ("was truly dramatic",)),
    ("The clinic has seen a dramatic rise in bookings.", ()),  # not an effect
])
def test_superlatives_are_boosters(text, boosters):
    assert analyse(text).boosters == boosters


@pytest.mark.model
def test_most_real_boosted_claims_fail(library):
    # a floor, not the goal: 135 of 179 fail with this version (119 when the set was found)
    from tests.support.gate_eval import real_sentences_failing

    failed, total = real_sentences_failing(library, GATE / "absolutes-real.yaml")
    assert total >= 150 and len(failed) / total >= 0.68

    # the second set, from new hosts: 67 of 109 failed at first sight, 75 now
    failed, total = real_sentences_failing(library, GATE / "absolutes-real2.yaml")
    assert total >= 100 and len(failed) / total >= 0.65

    # the third, never tuned on until one miss was read: 54 of 82 at first sight, 55 now
    failed, total = real_sentences_failing(library, GATE / "absolutes-real3.yaml")
    assert total >= 80 and len(failed) / total >= 0.6


@pytest.mark.parametrize("text, reported", [
    # sources named as such; the news order, verb first, quotes a clinician as often as
    # a player, and the labels count a clinician's words as a claim
    ('"It loosens the whole calf," said the club\'s physio.', False),
    ("In the words of the association, needling resets the muscle.", True),
    ("According to an article in the Herald, the needles release endorphins.", True),
    ("The coach later added that needling speeds recovery.", True),
    # a news story's attribution: the words are the person's
    ("Needling resets the muscle's length and eases referred pain, Green said.", True),
    ("It has caught on with many athletes, Dr Briggs says.", True),
    ("Many acupuncturists interviewed by reporters insist it is acupuncture by another name.",
     True),
    # the page's own staff or voice are not at a distance
    ("Dry needling relieves neck pain, Our Clinic says.", False),
    ("Dry needling relieves neck pain, says our physio.", False),
])
def test_a_news_attribution_reports_the_words(text, reported):
    assert analyse(text).reported is reported


@pytest.mark.model
def test_few_real_reported_or_criticised_claims_fail(library):
    # a ceiling, not the goal: 21 of 179 fail with this version (30 when the set was found)
    from tests.support.gate_eval import real_sentences_failing

    failed, total = real_sentences_failing(library, GATE / "reported-real.yaml")
    assert total >= 150 and len(failed) / total <= 0.15

    # the second set, from new hosts: 21 of 116 failed at first sight, 16 now
    failed, total = real_sentences_failing(library, GATE / "reported-real2.yaml")
    assert total >= 100 and len(failed) / total <= 0.15


def test_soreness_felt_for_two_days_is_no_relief(library):
    # with the rules alone: what is felt for 24-48 hours is the soreness, not relief
    assert all(sev != "error" for _, sev in findings(
        library, "After the session, some muscle soreness may be felt for 24-48 hours."))
    assert ("relief-within-24-48h", "error") in findings(
        library, "Results can be felt within 24 to 48 hours.")


@pytest.mark.model
def test_few_real_sentences_without_a_claim_fail(library):
    # booking, costs, staff, the procedure: 10 of 214 fail with this version, most of them the
    # library's own unproven session-length claim
    from tests.support.gate_eval import real_sentences_failing

    failed, total = real_sentences_failing(library, GATE / "noclaim-real.yaml")
    assert total >= 150 and len(failed) / total <= 0.07

    # the second set, from new hosts, run at first sight: 10 of 124 fail, each a statement the
    # library holds as a claim (trigger points refer pain; dry needling is not acupuncture)
    failed, total = real_sentences_failing(library, GATE / "noclaim-real2.yaml")
    assert total >= 100 and len(failed) / total <= 0.09

    # the third, from 49 more hosts, chosen to be easy to misread (conditions, their causes,
    # announcements, study designs): 2 of 148 at first sight, both mended since
    failed, total = real_sentences_failing(library, GATE / "noclaim-real3.yaml")
    assert total >= 140 and failed == []


@pytest.mark.model
def test_most_real_sentences_asserting_an_unsupported_claim_fail(library):
    # 163 units from 74 hosts, gathered blind: 144 failed at first sight, 146 since a list
    # reading bug was mended; nothing was tuned on their words, so this is a floor, not a
    # target
    from tests.support.gate_eval import real_sentences_failing

    assert all(i["claims"] for i in read_yaml(GATE / "shouldfail-real.yaml"))
    failed, total = real_sentences_failing(library, GATE / "shouldfail-real.yaml")
    assert total >= 150 and len(failed) / total >= 0.88


def test_a_typographic_apostrophe_reads_as_a_plain_one_in_every_word_list():
    assert analyse("Don\u2019t worry: it won\u2019t bruise.").assurances == ("won't bruise",)
    assert unbacked_absolute("Most people don\u2019t have much lasting pain after "
                             "needling.") == ()


def test_the_rewrite_figures_count_edits_and_their_failures(library):
    from tests.support.gate_eval import rewrites_on_units

    figures = rewrites_on_units(library, ["Dry needling reduces neck pain and releases endorphins.",
                                          "Dry needling releases endorphins.",
                                          "Book your session online today."])
    assert (figures.failing, figures.edited, figures.mixed, figures.mixed_edited,
            figures.still_failing) == (2, 1, 1, 1, 0)
    assert figures.line().startswith("1 of 2 failing units")


@pytest.mark.parametrize("text, assurances", [
    # an assurance the sentence denies is none ("low risk" is not "no risk")
    ("However, \u201clow risk\u201d does not mean \u201cno risk.\u201d", ()),
    ("Low risk doesn't mean no risk, so we screen every patient.", ()),
    ("Safe is not the same as \"no side effects\".", ()),
    ("Remember that minor is not 'no risk'.", ()),
    # a negation of something else leaves it standing
    ("It is not painful, and there are no side effects.", ("no side effects",)),
    ("Dry needling is not painful and has no risks.", ("no risks",)),
])
def test_a_denied_assurance_is_none(text, assurances):
    assert analyse(text).assurances == assurances


@pytest.mark.parametrize("text, expected", [
    # where no claim is found, a denied assurance raises none: every procedure carries risk
    ("No medical procedure is entirely without risk, and outcomes cannot be guaranteed.", []),
    ("Nothing we do is completely safe, so we screen every patient first.", []),
    # ... and one the sentence makes is still the safety claim, judged as an assurance
    ("Totally harmless, with no side effects at all.", [("safe-when-trained", "error")]),
])
def test_an_assurance_where_no_claim_was_found_must_be_the_sentences_own(library, text,
                                                                          expected):
    assert findings(library, text) == expected
