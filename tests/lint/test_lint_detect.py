"""The detect phrase language and the judgement of whether a sentence makes a claim.

A fixed set of made-up claims is used here (not the library), so these tables hold while the
curators grow `claims/`; the vocabulary is the real one shipped with claimcheck.
"""

from __future__ import annotations

import pytest

from claimcheck.lint.detection import Detector, Vocabulary, load_vocabulary
from claimcheck.lint.phrases import compile_phrase, find_part, stem, tokenize

CLAIMS = [
    ("endorphins", "mechanism", ["endorphin", "natural painkiller"]),
    ("blood-flow", "mechanism", ["blood flow & increas*"]),
    ("tennis-elbow", "condition", ["tennis elbow", "lateral epicondyl*"]),
    ("neck", "condition", ["neck pain", "neck & stiff*", "neck & tension"]),
    ("back", "condition", ["low back pain", "back & stiff*", "painful lower back"]),
    ("headache", "condition", ["headache", "relie* & headache"]),
    ("tension-headache", "condition", ["tension headache"]),
    ("migraine", "condition", ["migraine"]),
    ("fibro", "condition", ["fibromyalgia"]),
    ("pain", "efficacy", ["relieve pain", "pain relief"]),
    ("safe", "safety", ["safe & trained"]),
    ("length", "dosing", ["session* & minute*"]),
    ("toxins", "mechanism", ["flush* & toxin*"]),
    ("shoulder", "condition", ["shoulder pain", "painful shoulder"]),
    ("trigger-pain", "condition", ["trigger point pain"]),
    ("jaw", "condition", ["jaw pain"]),
    ("ease-pain", "efficacy", ["ease & pain"]),
    ("knot-contraction", "mechanism", ["knot* & contract*"]),
    ("knee", "condition", ["knee pain", "knee osteoarthritis", "osteoarthritis"]),
    ("osteoarthritis", "condition", ["osteoarthritis"]),
    ("tension", "efficacy", ["tight & release"]),
    ("contra", "safety", ["pregnan*", "blood thinner*"]),
    ("pills", "efficacy", ["painkiller & reduce"]),
    ("fast-relief", "efficacy", ["feel better & 48 hours"]),
]


def detector_for(claims) -> Detector:
    """A detector for made-up claims, with the real vocabulary."""
    return Detector(claims, Vocabulary.from_data(load_vocabulary()))


def raw(detector: Detector, text: str) -> list[str]:
    """Claims whose phrases match, before any judgement of the sentence."""
    return [m.claim for m in detector.raw_matches(tokenize(text))]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return detector_for(CLAIMS)


def claims(detector: Detector, text: str, context: str | None = None,
           answer: int | None = None) -> list[str]:
    question = answer is None and text.rstrip().endswith("?")
    return sorted(m.claim for m in detector.claims_in(text, context, question, answer))


@pytest.mark.parametrize("words", [
    ("release", "releases", "released", "releasing"), ("realise", "realize", "realised"),
    ("injury", "injuries"), ("needle", "needles", "needling"), ("use", "used", "uses", "using"),
    ("muscle", "muscles"), ("headache", "headaches"), ("stop", "stopped", "stopping"),
    ("hamstring", "hamstrings"), ("finding", "findings"),
])
def test_inflections_share_a_stem(words):
    assert len({stem(w) for w in words}) == 1, {w: stem(w) for w in words}


@pytest.mark.parametrize("phrase,text,found", [
    ("endorphin*", "It releases endorphins.", True),
    ("inflammat*", "less inflammation", True),
    ("neck pain", "Neck and back pain", True),
    ("back pain", "Neck and back pain", True),
    ("knee tendinopathy", "Knee, Achilles, and elbow tendinopathies", True),
    ("muscle injury", "sore muscles and injuries", False),
    ("neck pain", "neck and lower back pain", True),
    ("trigger point pain", "trigger points, the physio relieves pain", False),
    ("neck pain", "the neck, and the pain", False),
    ("relieve pain", "it relieves your pain", True),
    ("golfer's elbow", "golfers\u2019 elbow or golfer\u2019s elbow", True),
    ("5-HT", "raises 5-HT levels", True),
    ("growing trend, with growing support", "\u201ca growing trend, with growing support.\u201d",
     True),
    ("blood flow & increas*", "It increases local blood flow.", True),
    ("blood flow & increas*", "Blood flow matters.", False),
    # an adverb may sit inside a phrase, unless it weakens it
    ("feel better", "you will feel noticeably better", True),
    ("relieve pain", "it relieves pain quickly", True),
    ("relieve pain", "it relieves barely any pain", False),
    # `#` is any number, in digits or words
    ("last* & # minute*", "Visits last 25-40 minutes.", True),
    ("last* & # minute*", "Each visit lasts about ten minutes.", True),
    ("last* & # minute*", "Visits last a few minutes.", False),
    # a coordination gap holds list items, not a verb and its particle
    ("knee pain", "I limped in on my knee and strolled out pain-free", False),
])
def test_phrase_matching(phrase, text, found):
    tokens = tokenize(text)
    parts = compile_phrase(phrase)
    assert all(list(find_part(tokens, p)) for p in parts) is found


@pytest.mark.parametrize("text,expected", [
    # claims, in several styles
    ("Dry needling releases endorphins.", ["endorphins"]),
    ("Each session makes your body produce its own natural painkillers.", ["endorphins"]),
    ("Needling boosts circulation.", ["blood-flow"]),  # synonym groups from the vocabulary
    ("It increases oxygen-rich blood to the area.", ["blood-flow"]),
    ("We treat lateral epicondylitis and tennis elbow.", ["tennis-elbow"]),
    ("Dry needling is great for neck and lower back pain.", ["back", "neck"]),
    ("Say goodbye to tension headaches!", ["tension-headache"]),  # not also `headache`
    ("It helps headaches and migraines.", ["headache", "migraine"]),
    ("Dry needling is safe when performed by a trained physio.", ["safe"]),
    ("Sessions last about 20 minutes.", ["length"]),
    ("It flushes toxins out of the muscle.", ["toxins"]),
    ("It is not only safe when done by trained staff but also quick.", ["safe"]),
    ("Dry needling isn't just for athletes; office workers with neck pain benefit too.",
     ["neck"]),
    ("It's no magic bullet, but dry needling can relieve neck pain.", ["neck"]),
    ("It's no magic bullet, but it can relieve pain.", ["pain"]),
    ("Suffering from a stiff neck? Dry needling could be the answer.", ["neck"]),
    # negations
    ("Dry needling is not a cure for fibromyalgia.", []),
    ("It won't relieve pain for everyone.", []),
    ("We never claim it flushes toxins.", []),
    ("Ask whether dry needling could help your tennis elbow.", []),
    # hedges
    ("There is no evidence that it releases endorphins.", []),
    ("Endorphin release has been suggested, but it has not been shown in people.", []),
    ("Whether it helps neck pain in the long run is unclear.", []),
    ("The evidence that it relieves neck pain is very uncertain.", []),
    ("There is no good research on dry needling for fibromyalgia.", []),
    # careful wording in the GRADE style is still a claim: the publish gate judges it ok for a
    # supported claim and an error for an unproven one ("may help" is a claim to a regulator)
    ("Dry needling may reduce neck pain slightly in the short term compared with sham.",
     ["neck"]),
    ("It may relieve pain for some people with migraine.", ["migraine", "pain"]),
    ("Dry needling may relieve neck pain.", ["neck"]),
    # statements about the state of the evidence are hedges
    ("Research into needling for fibromyalgia remains limited.", []),
    ("The evidence on needling for migraine is inconsistent, and any effect looks small.", []),
    ("Trials of needling for tennis elbow have reported mixed findings.", []),
    ("More studies are needed before anyone can say it eases neck pain.", []),
    ("While research is still limited, our patients tell us it eases a stiff neck.", ["neck"]),
    ("Studies show needling eases neck pain within a limited number of visits.", ["neck"]),
    # a critic's verdict on the evidence is a hedge too
    ("Dry needling for fibromyalgia is considered investigational by insurers.", []),
    ("Patients' stories are not scientific proof that it eases neck pain.", []),
    ("The idea that needling flushes toxins lacks a scientific basis.", []),
    # "whether ... or ..." opening a sentence means "in every case"
    ("Whether you have tennis elbow or a painful shoulder, our physios can help.",
     ["shoulder", "tennis-elbow"]),
    ("Ask whether needling could help your tennis elbow or shoulder pain.", []),
    # a word of a condition's name is not free for another claim
    ("Our physios ease jaw pain with a few fine needles.", ["jaw"]),
    ("Tension headaches often settle after needling of the neck muscles.",
     ["tension-headache"]),
    ("Our physios ease pain in the jaw.", ["ease-pain"]),
    ("Relieve migraine and tension headaches with needling.", ["migraine", "tension-headache"]),
    ("Needling helps knee osteoarthritis.", ["knee", "osteoarthritis"]),  # peers, both named
    # each detect phrase is judged on its own: `back & stiff*` loses "stiff" to the stiff
    # neck, `painful lower back` still finds the sore lower back
    ("Got a stiff neck or a sore lower back? Needling can help.", ["back", "neck"]),
    # a coordination gap ends in a short list item, not a clause
    ("Needling trigger points, the physio soon relieves pain.", ["pain"]),
    # a definition that states the claim's other words is the claim
    ("A knot is a patch of muscle fibres locked in contraction.", ["knot-contraction"]),
    ("Knots are common in people who sit at a desk all day.", []),
    # "assist" is a word of benefit: a list it leads offers the treatment for each item
    ("Problems it might assist with include fibromyalgia, neck pain and tennis elbow.",
     ["fibro", "neck", "tennis-elbow"]),
    # how a study was done is no claim; what it found is
    ("In the trial, patients with neck pain were randomly assigned to needling or stretching.",
     []),
    ("Each patient underwent three sessions of needling for tennis elbow, once a week.", []),
    ("Researchers assessed neck pain and function using several methods.", []),
    # ... but what patients recorded is what they found ("recorded" is no word of a design)
    ("Patients recorded less neck pain after needling.", ["neck"]),
    # ... and a clinic's routine in the present is no study's design
    ("Patients are assessed and treated with dry needling for low back pain.", ["back"]),
    ("My stiff neck was lacking movement until needling eased it.", ["neck"]),
    # what brought the complaint on, named in a story of its relief, is no cause verb's
    ("What was causing my stiff neck finally eased after a few visits.", ["neck"]),
    ("Patients who underwent needling for neck pain reported that it eased the ache.",
     ["neck"]),
    # something else limits the body: a complaint described, not a benefit
    ("Knee pain and stiff joints can limit your stride, making it harder to move freely.",
     []),
    # mentions without a claim
    ("My neck pain started last winter.", []),
    ("Fibromyalgia affects two in a hundred adults.", []),
    ("Sciatica is pain that travels down the leg; tennis elbow is an overuse injury.", []),
    # ... also when the condition's name runs on past the phrase
    # (a word of benefit in a definition does not make it a claim)
    ("Tennis elbow pain is an overuse injury that can be hard to manage.", []),
    ("Migraine attacks are more than a bad headache, often the result of several triggers.",
     []),
    ("Endorphins are chemical messengers.", []),
    ("Does dry needling help neck pain?", []),
    # booking lines
    ("Book your dry needling session in two minutes.", []),
    # the ASA reads an offer of treatment for a condition as a promise that it improves
    ("Book a session for your stiff neck today.", ["neck"]),
    ("Schedule an appointment for tennis elbow with our team.", ["tennis-elbow"]),
    ("Book your first appointment online; it takes a minute.", []),
    ("Book now and get rid of neck pain for good.", ["neck"]),
    ("Please arrive five minutes before your session for a quick health check.", []),
    ("Arrive ten minutes early: sessions start on time.", []),
    # relief idioms say what "release" says
    ("Banish stiff, tight calves with a single needling visit.", ["tension"]),
    ("Tight quads, be gone: the physio's needles do the work.", ["tension"]),
    ("No more tight shoulders after a visit to us.", ["tension"]),
    ("Tight traps? All gone in one visit.", ["tension"]),
    ("My tight shoulders have gone on bothering me for years.", []),
    # a question naming a condition, answered by an invitation, offers the treatment for it
    ("Stiff neck? Try a needling session with our team.", ["neck"]),
    ("Tennis elbow? Book in with Sam this week.", ["tennis-elbow"]),
    ("Tennis elbow? It affects one adult in a hundred.", []),
    ("Tennis elbow? We've got you covered.", ["tennis-elbow"]),
    ("Tennis elbow? Our blog explains why it happens.", []),
    ("Don't let a stiff neck ruin your weekend; needling can help.", ["neck"]),
    # who the treatment is not for is a safety claim, not a negated one
    ("We do not needle anyone in the first months of pregnancy.", ["contra"]),
    ("Needling is unsuitable for people taking blood thinners.", ["contra"]),
    ("Please tell the physio if you take blood thinners, since needling may not be "
     "suitable.", ["contra"]),
    ("Needling isn't advised for anyone on blood thinners.", ["contra"]),
    ("Dry needling is not suitable for fibromyalgia.", []),
    ("We never said pregnancy rules needling out.", []),
    # fewer pills, cutting back on pain meds
    ("Patients often need fewer pills after a course of needling.", ["pills"]),
    ("Clients cut back on pain meds once the knots are treated.", ["pills"]),
    ("Most clients feel considerably better within 48 hours.", ["fast-relief"]),
    # more hedges
    ("The trials are few, so we honestly don't know if it relieves pain.", []),
    ("One theory is that needling boosts blood flow, but none has been proven.", []),
    ("Dry needling may ease a stiff neck a little over a few weeks.", ["neck"]),
    ("Dry needling relieves pain, though this is unproven.", []),
    ("The jury is still out on needling for a stiff neck.", []),
    # careful wording of a risk is still a safety claim
    ("Needling might not be suitable for a small group, such as people on blood thinners.",
     ["contra"]),
    ("Needling by trained staff carries a low risk.", ["safe"]),
    ("Needling coaxes out the body's own painkillers.", ["endorphins"]),
])
def test_claim_judgement(text, expected):
    # the linter itself splits the text and pairs a question with its answer
    report = _fixture_linter().lint_text(text, "p.txt", "text")
    assert sorted({f.claim for f in report.findings}) == expected


@pytest.mark.parametrize("phrase,text", [
    ("muscle tension", "Needling settles muscle spasms."),
    ("perform at your best", "Train hard and perform at your peak."),
    ("recover faster", "Athletes recover quicker."),
    ("static technique", "the static method"),
    ("exercises more effective", "your exercises work much better"),
    ("painful shoulder", "a niggling shoulder"),
    ("tight & release", "Tight calves, be gone!"),
    ("reduce & painkiller", "patients cut back on their pills"),
    # kinds: the general word finds its kinds, also inside a synonym
    ("loosen & muscle", "it loosens stiff hamstrings"),
    ("wake up & muscle*", "it wakes up sleepy glutes"),
    ("muscle tension", "it settles tight calves"),
])
def test_vocabulary_synonyms_reach_detect_phrases(phrase, text):
    found = detector_for([("c", "mechanism", [phrase])])
    assert raw(found, text) == ["c"]


def test_kinds_do_not_stand_for_the_general_word():
    found = detector_for([("c", "condition", ["hamstring strain"])])
    assert raw(found, "a muscle strain") == []


def test_synonyms_of_benefit_cues_are_cues(detector):
    # "cut back" is a cue because the vocabulary lists it with `reduce`
    assert claims(detector, "Clients cut back on their painkillers.") == ["pills"]


@pytest.mark.parametrize("item,context,expected", [
    ("Neck pain", "It can help with:", ["neck"]),
    ("Neck pain", "Our team:", []),
    ("Migraines", "You may be a good candidate if you experience:", ["migraine"]),
    ("Neck pain", "Perfect for:", ["neck"]),
    ("Neck pain", "Also suitable for:", ["neck"]),
    # a lead-in that is only a condition's name, over an item that promises a benefit: the
    # item claims it for that condition
    ("Releases tight muscles and eases the ache.", "Fibromyalgia", ["fibro", "tension"]),
    ("Relieves pain around the kneecap.", "Knee Osteoarthritis",
     ["knee", "osteoarthritis", "pain"]),
    # ... not over an item that describes the condition
    ("Aching in the muscles all over the body.", "Fibromyalgia", []),
])
def test_list_items_take_the_lead_in(detector, item, context, expected):
    assert claims(detector, item, context) == expected


def test_question_alone_is_not_a_claim(detector):
    assert claims(detector, "Does dry needling help neck pain?") == []


def test_questions_and_answers_through_the_linter():
    from claimcheck.lint.linter import ClaimInfo, Linter

    linter = Linter([ClaimInfo(cid, kind, "statement", tuple(detect), "unproven", "low", (),
                               "wording") for cid, kind, detect in CLAIMS])
    report = linter.lint_text("Suffering from a stiff neck? Dry needling could be the answer. "
                              "Does it hurt? Most people feel a pinch.", "q.txt", "text")
    assert [(f.claim, f.sentence) for f in report.findings] == [
        ("neck", "Suffering from a stiff neck? Dry needling could be the answer.")]


def test_shipped_vocabulary_has_every_list():
    data = load_vocabulary()
    assert {"synonyms", "benefit_cues", "usage_cues", "negations", "not_negations", "hedges",
            "contrasts", "booking", "treatment_words", "abbreviations", "evidence_subjects",
            "evidence_limits", "linking_verbs", "result_nouns", "offer_words", "invitations",
            "exclusions", "kinds"} <= set(data)


@pytest.mark.parametrize("text,message", [
    ("synonyms: [[a, b]\nhedges: [x]\n", "YAML syntax error"),
    ("- a\n- b\n", "expected a mapping"),
    ("hedges: no evidence\n", "hedges: expected a list of phrases"),
    ("synonyms: [a, b]\n", "synonyms: expected a list of lists of phrases"),
    ("kinds: [muscle, calf]\n", "kinds: expected a list of lists of phrases"),
    ("negations: [{a: 1}]\n", "negations: expected a list of phrases"),
    ("negations: [not, no]\n", "negations: a bare yes/no/on/off is read as true/false"),
])
def test_broken_vocabulary_is_reported_with_its_file(tmp_path, text, message):
    from claimcheck.errors import LibraryError

    path = tmp_path / "lint-vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LibraryError, match=message) as info:
        load_vocabulary(path)
    assert info.value.path == path


def test_a_who_is_it_for_lead_in_offers_the_treatment(detector):
    assert claims(detector, "Desk workers with neck pain", "Who is it for?") == ["neck"]


def judged(detector: Detector, text: str, heading: bool = False) -> list[str]:
    return sorted(m.claim for m in detector.claims_in(text, heading=heading))


@pytest.mark.parametrize("text,heading,expected", [
    # hashtags and handles label a post
    ("Loving my recovery days #relief #migraine", False, []),
    # a wh-heading names a topic; the same words as a sentence claim
    ("How our team treats knee pain", True, []),
    ("How our team treats knee pain", False, ["knee"]),
    # ... unless it takes the benefit of needling as given
    ("Why needling works so well for knee pain", True, ["knee"]),
    ("How does needling work?", True, []),
    # a reference number glued to a word is read past ("pain14,15" is "pain"), but a code
    # is not a reference ("code KNEE10")
    ("Needling is effective for managing knee pain14,15 and fibromyalgia20–22.", False,
     ["fibro", "knee"]),
    ("Use code KNEE10 at the desk.", False, []),
    # the name of a practice is no claim
    ("Riverside Migraine Relief Clinic opens on Monday.", False, []),
    # the natural course of a condition, and its causes, are not what needling does
    ("Most neck pain settles with rest and gentle movement.", False, []),
    ("Neck pain settles quickly with needling.", False, ["neck"]),
    ("Whatever treatment you try, jaw pain tends to ease slowly.", False, []),
    ("Common causes of headaches include poor sleep and, less often, eye strain.", False, []),
    # statements about the evidence, wishes and plans of care
    ("There is not enough good-quality evidence to tell whether needling helps "
     "fibromyalgia.", False, []),
    ("Lots of clients come in hoping to reduce their painkillers.", False, []),
    ("We review progress after two needling sessions for shoulder pain.", False, []),
    # a first-person outcome report is a testimonial claim
    ("My migraines have gone from weekly to twice a year.", False, ["migraine"]),
    ("My stiff neck is finally a thing of the past.", False, ["neck"]),
    ("My neck pain started last year.", False, []),
])
def test_page_copy_judgement(detector, text, heading, expected):
    assert judged(detector, text, heading) == expected


@pytest.mark.parametrize("text,expected", [
    # an answer "no" before a pronoun does not negate the answer
    ("Is it sore? No, it doesn't hurt much.", ["mild"]),
    ("Needles, yes; no it doesn't hurt.", ["mild"]),
    ("No treatment is painless, and it does hurt.", []),
    # screening lines state contraindications, they are not booking lines
    ("Please let us know if you take blood thinners.", ["contra"]),
    # doing things without the complaint is the promised benefit, also in a booking line
    ("Walk without a sore neck again - book a needling session.", ["neck"]),
    # a first-person report of how things used to be
    ("My neck pain used to keep me up at night.", ["neck"]),
])
def test_answers_screening_and_reports(text, expected):
    found = detector_for(CLAIMS + [("mild", "safety", ["doesn't hurt", "painless"])])
    got = {m.claim for piece in text.split("? ") for m in found.claims_in(piece)}
    assert sorted(got) == expected


def test_the_day_after_is_a_time_frame():
    found = detector_for([("c", "safety", ["sore* & day or two"])])
    assert raw(found, "a little achy the day after") == ["c"]


@pytest.mark.parametrize("text,expected", [
    # `correct` and `let go` are benefit words
    ("Needling corrects a stiff neck.", ["neck"]),
    ("Then the tight calf simply lets go.", ["loose"]),
    # "can't let go" is negated; only "don't let" is a call to act
    ("Knotted muscle can't let go by itself.", []),
    ("Don't let a stiff neck ruin your week - needling helps.", ["neck"]),
    # `repair` is a benefit word ("a role in cartilage repair in knee osteoarthritis")
    ("Playing a role in cartilage repair in a stiff neck", ["neck"]),
    ("Cartilage in a stiff neck", []),
    # a safety word that describes the condition before it is not about the needling
    ("Needling made my knee pain bearable.", ["knee"]),
    ("Most people find needling bearable.", ["mild"]),
])
def test_more_benefit_words_and_described_conditions(text, expected):
    found = detector_for(CLAIMS + [("mild", "safety", ["bearable"]),
                                   ("loose", "efficacy", ["calf & let go", "muscle & let go"])])
    assert sorted(m.claim for m in found.claims_in(text)) == expected


@pytest.mark.parametrize("text, expected", [
    # a finding suggested by trials is still the clinic's claim, hedged (the gate judges it)
    ("Small trials suggest needling eases neck pain slightly compared with sham.", ["neck"]),
    ("Studies of needling for neck pain exist, but the evidence is low certainty.", []),
])
def test_careful_and_evidence_wording_with_suggest_and_certainty(detector, text, expected):
    assert judged(detector, text) == expected


def _fixture_linter():
    from claimcheck.lint.linter import ClaimInfo, Linter

    return Linter([ClaimInfo(cid, kind, "statement", tuple(detect), "unproven", "low", (),
                             "wording") for cid, kind, detect in
                   CLAIMS + [("stories", "framing", ["testimonial*", "patient stories"])]])


@pytest.mark.parametrize("text,expected", [
    # a run of bare complaint questions shares the answer that names the needling
    ("Stiff neck? Jaw pain? A few needles might be the fix.",
     [("neck", "Stiff neck? Jaw pain? A few needles might be the fix."),
      ("jaw", "Jaw pain? A few needles might be the fix.")]),
    # a real question, or an answer that only mentions the clinic, offers nothing
    ("Is jaw pain common? Our guide covers it.", []),
    ("Jaw pain? Our guide covers it.", []),
    # a heading that names the testimonials section claims nothing
    ("Patient stories\nMy stiff neck is finally a thing of the past.\n",
     [("neck", "My stiff neck is finally a thing of the past.")]),
    # an early-stage evidence base is a statement about the evidence
    ("Research into needling for jaw pain is still at an early stage.", []),
])
def test_page_questions_sections_and_evidence(text, expected):
    report = _fixture_linter().lint_text(text, "p.txt", "text")
    assert [(f.claim, f.sentence) for f in report.findings] == expected


@pytest.mark.parametrize("text,expected", [
    # knee pain lists the bare `osteoarthritis`; a sentence that puts it in another joint
    # makes only the general claim
    ("Needling helps people with wrist osteoarthritis.", ["osteoarthritis"]),
    ("Needling helps with osteoarthritis of the ankle.", ["osteoarthritis"]),
    ("Needling helps with knee osteoarthritis.", ["knee", "osteoarthritis"]),
    ("Needling helps with osteoarthritis.", ["knee", "osteoarthritis"]),
])
def test_a_shared_word_in_another_body_part(detector, text, expected):
    assert judged(detector, text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Bayview Sports PT opened a clinic for migraine relief.", ["migraine"]),
    ("Summit Neck Pain Clinic", ["neck"]),
])
def test_practice_names_with_a_body_part_keep_it(detector, text, expected):
    assert judged(detector, text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Not a miracle, just fewer migraines for most clients after needling.", ["migraine"]),
    ("No single needling session, even a long one, relieves pain for everyone.", []),
])
def test_an_opening_negation_ends_at_just(detector, text, expected):
    assert judged(detector, text) == expected


def test_a_setback_is_no_outcome_report(detector):
    assert judged(detector, "My neck pain flared up again last winter.") == []
    assert judged(detector, "My neck pain is finally under control.") == ["neck"]


@pytest.mark.parametrize("phrase,text", [
    ("first session & relief", "real relief from the first visit"),
    ("relieve pain", "it relieves discomfort"),
])
def test_sessions_are_visits_and_pain_is_discomfort(phrase, text):
    found = detector_for([("c", "efficacy", [phrase])])
    assert raw(found, text) == ["c"]


def test_a_conditions_we_see_lead_in_offers_the_treatment(detector):
    assert claims(detector, "Migraines", "Conditions we see most weeks") == ["migraine"]


@pytest.mark.parametrize("context,expected", [
    ("Needling for desk workers", ["neck"]),
    ("Our team", []),
    ("Desk workers", []),
])
def test_a_lead_in_that_names_the_treatment_and_its_use_offers_it(detector, context, expected):
    assert claims(detector, "Stiff neck", context) == expected


@pytest.mark.parametrize("text,expected", [
    ("My migraines went from monthly to almost never.", ["migraine"]),
    ("The jaw pain that bothered me for years is gone.", ["jaw"]),
    ("My jaw pain is worse and it is not gone.", []),
])
def test_more_first_person_outcome_reports(detector, text, expected):
    assert judged(detector, text) == expected


@pytest.mark.parametrize("text,expected", [
    # a reader's question in a Q&A column: the statement before its "?" is what was heard
    ("Q: A friend says needles boost circulation. True?\nA: We simply do not know.\n", []),
    ("Question: My coach reckons needling relieves pain. Any truth in it?\n", []),
    # a question that asks lends its answer no claim; a fragment answer takes its words
    ("How do visits go?\nEach session lasts twenty minutes, and we explain each step.\n",
     [("length", "Each session lasts twenty minutes, and we explain each step.")]),
    ("Why do people reduce the dose?\nPainkillers have side effects of their own.\n", []),
    ("How long is a session?\nUsually 25 minutes.\n",
     [("length", "How long is a session?\nUsually 25 minutes.")]),
    # ... and so does a short list without a verb
    ("What might needling help?\nMigraines and a stiff neck.\n",
     [("migraine", "What might needling help?\nMigraines and a stiff neck."),
      ("neck", "What might needling help?\nMigraines and a stiff neck.")]),
    ("What might needling help?\nMigraines are common in teachers.\n", []),
])
def test_reader_questions_and_their_answers(text, expected):
    report = _fixture_linter().lint_text(text, "p.txt", "text")
    assert [(f.claim, f.sentence) for f in report.findings] == expected


@pytest.mark.parametrize("text,expected", [
    # "nobody" and "no one" negate like "not"
    ("No. Nobody can promise that needling will relieve pain for good.", []),
    ("No one should tell you a session will relieve pain forever.", []),
    # a benefit withdrawn by a comparison with sham
    ("Trials report pain relief, but little more than sham needling gives.", []),
    ("Trials report pain relief, and more than sham needling gives.", ["pain"]),
])
def test_nobody_and_little_more_than_sham(detector, text, expected):
    assert judged(detector, text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Each first consultation takes 50 minutes; needling happens at later visits.", []),
    ("Needling is one part of a 60-minute session with your physio.", []),
    ("A needling session takes 20 minutes of a longer assessment visit.", ["length"]),
])
def test_time_that_belongs_to_another_visit(detector, text, expected):
    assert judged(detector, text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Long drives can leave a stiff neck that takes weeks to heal.", []),
    ("Heavy lifting often leads to a stiff neck that is slow to heal.", []),
    ("Poor posture and stress can contribute to a stiff neck that is slow to heal.", []),
    ("Heavy lifting leads to a stiff neck, which our needling can settle.", ["neck"]),
    ("It often leads to a stiff neck healing faster.", ["neck"]),
])
def test_something_else_bringing_on_a_complaint(detector, text, expected):
    assert judged(detector, text) == expected
    data = load_vocabulary()
    data["cause_verbs"] = []
    without = Detector(CLAIMS, Vocabulary.from_data(data))
    assert judged(without, text) == ["neck"]  # the rule, not another one, leaves it out


def test_a_complaint_listed_under_what_is_treated_is_not_brought_on_by_something_else(
        detector):
    # the lead-in offers the treatment for the item, whatever the complaint itself leads to
    text = "A stiff neck that leads to poor sleep and slow healing"
    assert claims(detector, text, "What we treat:") == ["neck"]
    assert claims(detector, text) == []


@pytest.mark.parametrize("text,expected", [
    # what the cause verb brings is the benefit itself, so nothing else brings on a complaint
    ("The brain releases endorphins during the technique, which leads to pain relief.",
     ["endorphins", "pain"]),
    ("The process stimulates the muscle, resulting in pain relief within days.", ["pain"]),
    # ... but a benefit word further on is the complaint's own course
    ("Long drives can leave a neck that is slow to heal and needs pain relief.", []),
])
def test_a_cause_verb_that_leads_to_the_benefit(detector, text, expected):
    assert judged(detector, text) == expected


def test_a_negation_that_is_a_word_of_the_phrase_is_what_it_says():
    # the claim that dry needling is not acupuncture is stated with a negation: one inside
    # the matched phrase is the phrase's own; one outside it still negates
    text = "Dry needling is not the same as traditional Chinese acupuncture."
    assert judged(detector_for([("distinct", "mechanism", ["not the same & acupunct*"])]),
                  text) == ["distinct"]
    assert judged(detector_for([("distinct", "mechanism", ["same & acupunct*"])]), text) == []


@pytest.mark.parametrize("text,context,expected", [
    # another treatment is the subject and needling is never named: its benefit, not needling's
    ("Heat may also help ease pain at the end of a long day.", None, []),
    ("Add a pilates class afterwards and you will ease pain further.", None, ["ease-pain"]),
    ("Initial management with ibuprofen can bring pain relief.", None, []),
    ("Sports massage offers pain relief for sore legs.", None, []),
    # ... also after a short label, and when the label names it
    ("How it works: Sports massage offers pain relief for sore legs.", None, []),
    ("Sports massage: offers pain relief for sore legs.", None, []),
    ("How it works: it offers pain relief, unlike sports massage.", None, ["pain"]),
    ("Why choose us: sports massage alone gives only brief pain relief.", None, ["pain"]),
    # needling named, or pointed back to, keeps the claim
    ("Massage and dry needling both bring pain relief.", None, ["pain"]),
    ("Combined with stretching, this treatment brings pain relief.", None, ["pain"]),
    ("Together with rest, it brings pain relief.", None, ["pain"]),
    # the other treatment set against needling, or having failed, is no subject of its own
    ("Faster pain relief than massage alone.", None, ["pain"]),
    ("Works where massage gave only brief pain relief.", None, ["pain"]),
    ("Aches that stretching hasn't shifted respond well: real pain relief.", None, ["pain"]),
    ("Pain relief without painkillers or surgery.", None, ["pain"]),
    # a phrase that holds the other treatment's name is about it, not about its benefit
    ("Painkillers can often be reduced as the pain settles.", None, ["pills"]),
    # a lead-in that names needling says whose benefit a list item is
    ("Reduced reliance on painkillers, reduce the dose", "Benefits of dry needling:", ["pills"]),
    # an after-effect stays needling's: ice on the bruise does not make it another's
    ("Ice helps any bruising settle, and the treatment is safe with trained staff.", None,
     ["safe"]),
])
def test_a_benefit_of_another_treatment_is_not_needlings(detector, text, context, expected):
    assert claims(detector, text, context) == expected


def test_a_warning_against_someone_elses_promise_claims_nothing(detector):
    assert claims(detector, "Be wary of anyone who says needling flushes toxins out.") == []
    assert claims(detector, "Needling flushes toxins out.") == ["toxins"]


def test_soreness_from_something_else_is_no_after_effect():
    found = detector_for([("ache", "safety", ["sore* & hours"])])
    assert judged(found, "Hours at a laptop can leave your wrists sore.") == []
    assert judged(found, "You may be sore for a few hours after needling.") == ["ache"]


@pytest.mark.parametrize("text,expected", [
    # a quoted testimonial whose speaker is left out reports an outcome too
    ('"Back at the allotment again now the stiff neck has gone."', ["neck"]),
    ('"Stiff neck all winter, worse than ever."', []),
    ("Back at the allotment again now the stiff neck has gone.", []),
])
def test_a_quoted_testimonial_reports_an_outcome(detector, text, expected):
    assert judged(detector, text) == expected


@pytest.mark.parametrize("context,expected", [
    ("Problems where we might consider it", ["migraine"]),
    ("When to consider needling", ["migraine"]),
    ("Problems in the news", []),
])
def test_a_careful_lead_in_still_offers_what_it_lists(detector, context, expected):
    assert claims(detector, "Migraines", context) == expected


@pytest.mark.parametrize("text,expected", [
    ("Neck pain that hasn't settled with stretching", ["neck"]),
    ("Neck pain that has never cleared up", ["neck"]),
    ("Neck pain that usually settles in a week", []),
])
def test_a_complaint_that_does_not_clear_up_is_no_natural_course(detector, text, expected):
    assert claims(detector, text, "Conditions we see most weeks") == expected


@pytest.mark.parametrize("text,expected", [
    ("Stop living with a stiff neck.", ["neck"]),
    ("We have had great results with migraines.", ["migraine"]),
    ("Clients report calmer days and rarer migraines.", ["migraine"]),
    ("My migraines started at school.", []),
])
def test_slogans_results_and_reports_are_benefit_words(detector, text, expected):
    assert judged(detector, text) == expected


@pytest.mark.parametrize("text,expected", [
    # in an outcome report, "my shoulder" names the complaint of that body part
    ("Three visits and my shoulder is finally free.", ["shoulder"]),
    ('"For the first time in years my dodgy lower back lets me garden."', ["back"]),
    ("My upper back is finally loose.", []),
    ("My shoulder was worse again after the first visit.", []),
    ("My shoulder is where the bruise was.", []),
    ("My shoulder has been sore again since the move.", []),
])
def test_my_body_part_in_an_outcome_report(detector, text, expected):
    assert judged(detector, text) == expected


def test_persistent_is_chronic():
    found = detector_for([("c", "condition", ["chronic muscle pain"])])
    assert raw(found, "persistent muscle pain") == ["c"]
    assert raw(found, "long-standing muscle pain") == ["c"]


def test_a_niggle_is_an_issue():
    found = detector_for([("c", "condition", ["calf & issue"])])
    assert raw(found, "a calf that keeps niggling") == ["c"]
    assert raw(found, "calf problems") == ["c"]


@pytest.mark.parametrize("text,expected", [
    # "little more than" withdraws a benefit only against a control, not in a description
    ("Patients feel little more than a quick scratch as our therapist eases neck tension.",
     ["neck"]),
    ("Needling eased neck pain, but little more than sham needling did.", []),
    # a doctor's careful picture and a dismissed claim are hedges
    ("A few trials report shorter-term easing of neck pain, but the later picture is less clear.",
     []),
    ("Stories that needling flushes toxins out of the body are not backed by good science.", []),
    # who the treatment is not used for is the contraindication, also in a deal's small print
    ("We do not use needles on anyone in early pregnancy.", ["contra"]),
    ("Offer not valid for customers on blood thinners.", ["contra"]),
    # what another treatment cannot reach is a comparison, not a negation of the claim
    ("Needles release the tight spots of a stiff back that a massage gun can't reach.",
     ["back", "tension"]),
    # doing without the pills is the benefit
    ("Our patients get through the working day without reaching for painkillers they "
     "used to reduce.", ["pills"]),
    # something else that strains the body is described, not a contraindication
    ("Pregnancy and long shifts put extra strain on the hips and back.", []),
    # a complaint named by a grumpy or irritable body part
    ("Our therapist sorted out my grumpy shoulder in two visits.", ["shoulder"]),
])
def test_blind_five_patterns(detector, text, expected):
    assert claims(detector, text) == expected


def test_a_slogan_names_the_gain_it_promises():
    found = detector_for([("lifts", "efficacy", ["lift heavier"]),
                          ("beats", "condition", ["hip pain"])])
    assert [m.claim for m in found.claims_in("Lift heavier.")] == ["lifts"]
    assert [m.claim for m in found.claims_in("Beat nagging hip pain", heading=True)] == ["beats"]
    assert found.claims_in("Hip pain is common in cyclists.") == []


def test_a_quoted_testimonial_told_over_two_sentences():
    text = ('"Jaw pain kept me awake for a year. Two visits with Sam and I sleep through '
            'again." - Lee\n')
    report = _fixture_linter().lint_text(text, "p.txt", "text")
    assert [f.claim for f in report.findings] == ["jaw"]
    text = '"Jaw pain kept me awake for a year. The parking was easy." - Lee\n'
    assert _fixture_linter().lint_text(text, "p.txt", "text").findings == []


def _six() -> Detector:
    return detector_for([
        ("rehab", "efficacy", ["exercise & more effective", "exercise & stick"]),
        ("motion", "efficacy", ["move* more easily"]),
        ("life", "efficacy", ["get & life back", "life back"]),
        ("pills", "efficacy", ["off & painkiller", "painkiller & reduce"]),
        ("lasting", "efficacy", ["results & long time", "lasting & results"]),
        ("overnight", "efficacy", ["feel better & next day"]),
        ("heel", "condition", ["plantar fasciitis"]),
        ("jaw", "condition", ["tmj"]),
        ("shin", "condition", ["shin & sore*"]),
        ("harm", "safety", ["serious harm* & rare"]),
        ("knee", "condition", ["knee pain", "painful knee"]),
    ])


@pytest.mark.parametrize("text,context,expected", [
    # a gain named without a benefit verb: what goes easier, comes back, sticks or lasts
    ("Most of our swimmers find their shoulders move more easily after one visit.", None,
     ["motion"]),
    ("Honestly, I've got my life back.", None, ["life"]),
    ("My neighbour came off her painkillers a month into the course.", None, ["pills"]),
    ("Add a pilates class afterwards and the exercises actually stick.", None, ["rehab"]),
    ("The results stay for a long time with our method.", None, ["lasting"]),
    # a complement, not a denial: the second half says what it does for the rehab
    ("Needles won't replace your rehab; they make the home exercises work better.", None,
     ["rehab"]),
    ("Needles won't replace your rehab.", None, []),
    # other ways of saying the same thing (synonym groups)
    ("Most climbers feel better the next morning.", None, ["overnight"]),
    ("Since the course I have cut right down on co-codamol.", None, ["pills"]),
    ("Fascitis plantar", "We help with:", ["heel"]),
    ("Jaw joint clicking is one of the things we calm with needling.", None, ["jaw"]),
    ("If your shins are grumbling after hill repeats, a few needles will calm them.", None,
     ["shin"]),
    ("Serious harm is uncommon with a trained practitioner.", None, ["harm"]),
    # who comes to the clinician for what is the lead-in of a list of uses
    ("Sore shins from long runs", "What climbers and runners come to us for", ["shin"]),
    ("Sore shins from long runs", "What climbers and runners say about the café", []),
    # a first-person report of a complaint that stopped, or of a first time
    ("My knee stopped hurting after the second visit.", None, ["knee"]),
    ("For the first time ever my knee let me kneel through a whole class.", None, ["knee"]),
    ("My knee started hurting after the second visit.", None, []),
    # an honest doubt stays a hedge
    ("There is little good evidence that the results last a long time.", None, []),
])
def test_blind_six_patterns(text, context, expected):
    assert sorted(m.claim for m in _six().claims_in(text, context)) == expected


def test_a_sentence_listing_what_the_one_before_announced_takes_it_as_lead_in(library):
    """"These include ..." after a benefit sentence is that sentence's list (as "It can help
    with:" before list items); after a neutral one it claims nothing; --explain shows the
    lead-in it was read with."""
    from claimcheck.lint.explain import explain_text
    from claimcheck.lint.linter import linter_for

    linter = linter_for(library)
    offered = "Dry needling can help with many conditions. These include sciatica and neck pain."
    got = {f.claim for f in linter.lint_text(offered, kind="text").findings}
    assert {"treats-sciatica-piriformis", "treats-neck-pain"} <= got
    plain = "Our clinic is near the station. These include sciatica and neck pain."
    assert not {f.claim for f in linter.lint_text(plain, kind="text").findings} & \
        {"treats-sciatica-piriformis", "treats-neck-pain"}
    units = explain_text(linter, offered, "t.txt", "text")
    assert units[1].context == "Dry needling can help with many conditions."


@pytest.mark.parametrize("text, context, made", [
    # a decrease of what the body can do is a symptom; its "reduced" is no benefit cue
    ("Reduced range of motion in the hip joint.", "Common Symptoms of Piriformis Syndrome",
     False),
    ("Tightness, limited mobility and a dull ache that spreads.", None, False),
    # ... but a sentence or a lead-in that offers the treatment for it makes the claim
    ("Limited range of motion", "Dry needling often works well for:", True),
    ("Dry needling can help with reduced range of motion.", None, True),
    ("Our needling sessions restore range of motion in stiff hips.", None, True),
])
def test_a_symptoms_decrease_word_is_no_benefit_cue(library, text, context, made):
    import claimcheck

    lead = f"{context}\n\n- " if context else ""
    found = {f.claim for f in claimcheck.lint_text(library, lead + text, "x.md").findings
             if not context or f.line > 1}
    assert ("improves-range-of-motion" in found) == made


def test_a_decrease_in_pain_is_relief(library):
    # the noun of "decrease pain", found by the phrase alone (tests not marked `model` lint
    # with the rules only: conftest)
    import claimcheck

    found = claimcheck.lint_text(library, "Expect a steady decrease in pain as the muscle "
                                          "settles.").findings
    assert "relieves-pain" in {f.claim for f in found}


def test_the_words_of_a_match_are_found_where_a_reference_number_follows(detector):
    # the rewrite finds a claim's words by ``token_offsets``: it must read the unit as
    # ``claims_in`` does, reference numbers and all ("pain14,15" is one word, "pain")
    text = "Needling is effective for managing knee pain14,15 and fibromyalgia20-22 too."
    offsets = detector.token_offsets(text)
    words = {m.claim: [text[offsets[s][0]:offsets[e][1]] for spans in m.spans for s, e in spans]
             for m in detector.claims_in(text)}
    assert words == {"knee": ["knee pain"], "fibro": ["fibromyalgia"]}
