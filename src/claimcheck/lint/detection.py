"""Which claims a sentence makes: the `detect` phrases ``matching`` found, judged as claims.

Finding a phrase is not enough. A sentence *makes* a claim only when it asserts it:
- a question, a negation ("is not a cure for fibromyalgia") or a hedge ("there is no
  evidence that it releases endorphins") does not;
- an efficacy or condition claim needs a word of benefit or of treatment in the sentence,
  or a word of benefit in the lead-in of its list ("It can help with:" + "Lower back
  pain"): "My neck pain started last year" only mentions a topic;
- a booking line ("Book your dry needling session") is not a claim unless it promises
  something, and a definition ("Sciatica is pain ...") is not one either;
- real pages carry labels: a heading that asks or names a topic ("How we treat heel
  pain", "Testimonials"), a practice's name ("Peak Performance Physical Therapy"), hashtags;
  and talk about the condition itself (its natural course, its causes): none is a claim;
- a first-person report of an outcome ("my headaches have finally gone") is a claim, as a
  testimonial on a clinic's page is, and so is a quoted one without its speaker's "I";
- a reader's question (a "Q:" paragraph, whatever it states before its "?") claims nothing,
  and a question that really asks lends its answer no claim unless the answer is a fragment
  that takes the question's words ("How long is a session? Usually 20 minutes.");
- a complaint that something else brings on ("Sitting for hours can leave your neck sore")
  is neither a benefit nor an after-effect of needling.
The words behind each rule live in ``data/lint-vocabulary.yaml`` so a curator can tune
them; the `detect` phrases live in the claim files.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from .vocabulary import PhraseSet, Vocabulary, load_vocabulary  # noqa: F401 (re-exported)
from .matching import ClaimIndex, Match
from .phrases import COORDINATORS, DETERMINERS, Token, stem, tokenize
from .sentences import WH_WORDS, starts_wh

if TYPE_CHECKING:  # pragma: no cover
    from .model import DetectorModel
    from .rules import Trace

# Claim kinds that promise an outcome: a bare mention of the condition is not a claim.
BENEFIT_KINDS = frozenset({"efficacy", "condition"})
# Claim kinds about harm: a precaution is read like a safety statement
SAFETY_KINDS = frozenset({"safety", "precaution"})
_COPULAS = frozenset("is are means refers describes occurs happens".split())
# negations that, opening a sentence, reach past its commas ("No treatment, including dry
# needling, works for everyone"), unlike "whether" or "without"
_SENTENCE_NEGATIONS = frozenset("no not never none nothing neither".split())


# hashtags and handles label a post ("#mobility", "@ridgelinephysio"); they claim nothing
_TAG = re.compile(r"(?<![\w&])[#@][\w-]+")
# a reference number glued to the word it follows, as copied from a page that sets it
# superscript ("managing pain14,15, musculoskeletal injuries16–19")
_CITATION = re.compile(r"(?<=[a-z]{3})\d{1,3}(?:[–-]\d{1,3})?(?:,\d{1,3}(?:[–-]\d{1,3})?)*"
                       r"(?![\w–-])")
# a capitalised name that ends in one of these names a practice ("Peak Performance Physical
# Therapy"), and the words of a name are no claim
_PRACTICE_NOUNS = frozenset("therapy physio physiotherapy clinic clinics centre center health "
                            "chiropractic wellness rehab rehabilitation osteopathy medicine "
                            "studio practice massage physiotherapists pt chiro".split())
_NAME_WORD = re.compile(r"[A-Z][\w'\u2019&-]*")
_QUESTION_OPENERS = WH_WORDS | frozenset("do does did is are was were can could will would "
                                         "should have has may might shall am".split())
_FINITE = frozenset("is are was were be been am has have had do does did can could will would "
                    "may might should must need needs it's i'm we're you're they're that's "
                    "there's".split())
_FRAGMENT_OPENERS = frozenset("yes yep usually typically about around between roughly "
                              "approximately generally normally often up anywhere".split())
_QUOTES = "\"\u201c\u201e\u00ab"
_PRONOUNS = frozenset("it i you we they he she that this".split())
_FIRST_PERSON = frozenset("i i'm i've i'd i'll me my myself".split())
# words before a condition that leave it the subject of its sentence ("Most heel pain ...")
_QUANTIFIERS = frozenset("most many much some lots of plenty cases episodes bouts".split())


MODEL_PHRASE = "model"  # the ``phrase`` of a match the learned stage proposed
NO_MODEL_ENV = "CLAIMCHECK_NO_MODEL"
_load_model = None  # ``model.load_model``, imported on first use (start-up stays light)


class Detector(ClaimIndex):
    """The claims a sentence makes: the phrases ``ClaimIndex`` finds and the claims the
    learned model (``model``) proposes, judged by the rules of this module."""

    _model: "DetectorModel | None" = None
    _model_set = False
    # the claims the model proposes at its lower ``eager_threshold`` (``Linter`` names them:
    # those the gate fails however they are worded)
    eager: frozenset[str] = frozenset()

    @property
    def model(self) -> "DetectorModel | None":
        """The learned stage: one given to this detector, else the shipped model (loaded
        once per process); None (rules only) when there is none or ``$CLAIMCHECK_NO_MODEL``
        is set."""
        if self._model_set:
            return self._model
        if os.environ.get(NO_MODEL_ENV):  # read each time: tests and benchmarks toggle it
            return None
        global _load_model
        if _load_model is None:
            from .model import load_model as _load_model
        return _load_model()  # lru_cache: loaded once per process

    @model.setter
    def model(self, value: "DetectorModel | None") -> None:
        self._model, self._model_set = value, True

    def __getstate__(self) -> dict:
        # the model is package data of its own, not part of the cached linter
        state = super().__getstate__()
        state.pop("_model", None)
        state.pop("_model_set", None)
        return state

    def proposed(self, text: str, context: str | None, tokens: list[Token],
                 found: set[str], trace: "Trace | None" = None,
                 plain: bool = False) -> list[Match]:
        """The model's claims for ``text`` that no phrase found, each placed at its anchor:
        the words the rules judge it by, as if a detect phrase had matched there.
        ``plain``: ``tokens`` are ``tokenize(text)`` (no label was blanked), so the model
        reads them instead of tokenising the unit again."""
        model = self.model
        if model is None:
            return []
        out = []
        for p in model.proposals(text, context, leave_out=found,
                                 tokens=tokens if plain else None, eager=self.eager):
            kind = self.kinds.get(p.claim)
            if kind is None or p.claim in found:
                continue
            out.append(Match(p.claim, kind, f"{MODEL_PHRASE} {p.score:.2f}",
                             [[_anchor_span(p.anchor, tokens)]]))
            if trace is not None:
                trace.anchors[p.claim] = p.anchor
        return out

    def vetoed(self, text: str, context: str | None, matches: list[Match],
               tokens: list[Token] | None = None,
               where: list[Token] | None = None) -> set[str]:
        """Claims found by a phrase that the model scores as almost surely not made.
        ``tokens``: ``tokenize(text)``, when at hand; ``where``: the tokens the matches'
        spans index."""
        model = self.model
        if model is None or not (model.veto or model.condition_veto) or not matches:
            return set()
        # a named condition is what a phrase finds best (the model's evidence for each of a
        # long list of conditions is thin): only the other kinds can be overruled, and never
        # a claim whose phrases proved precise in training (``model.trusted``)
        candidates = {m.claim for m in matches
                      if m.kind != "condition" and m.claim not in model.trusted}
        conditions = {m.claim for m in matches if m.kind == "condition"}
        alone = next(iter(conditions)) if len(conditions) == 1 else None
        # ... but a unit that names one condition is one the model has read many of ("A study
        # of 36 patients with jaw pain") and may overrule, unless the words around the name
        # offer the treatment for it ("dry needling for headaches", "recommended for
        # myofascial pain", "heel pain will ease"): that stays the rules' to judge
        if model.condition_veto and alone and alone not in model.trusted and where and \
                not any(self._offered(m, where) for m in matches if m.claim == alone):
            candidates.add(alone)
        # a phrase of words the model never learned for its claim (one a curator added since
        # the model was trained: "detox*") is beyond what the model can judge
        if where:
            candidates = {c for c in candidates if model.knows(c, {
                where[i].stem for m in matches if m.claim == c for spans in m.spans
                for s, e in spans for i in range(s, min(e + 1, len(where)))})}
        if not candidates:
            return set()
        scores = model.score_of(text, context, candidates, tokens=tokens)
        return {c for c, p in scores.items()
                if p < (model.condition_veto if c == alone else model.veto)}

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        """Where each token ``claims_in`` reads in ``text`` (not a heading) starts and ends:
        what the token indices of its matches' ``spans`` stand for."""
        return [(t.start, t.end)
                for t in tokenize(_unlabelled(_uncited(text), self.vocab.body_parts))]

    def about_other_treatment(self, text: str, context: str | None = None) -> bool:
        """Whether ``text`` (under lead-in ``context``) says what another treatment does
        ("Heat may also help relax tight muscles"), or what traditional acupuncture does in
        its own terms ("... normalizing energy (Chi) balance in the body to cure ailments"):
        the `other-treatment` and `traditional-acupuncture` rules, for the gate's absolutes
        too."""
        tokens = tokenize(text)
        lead = tokenize(context) if context else []
        return bool(tokens) and (bool(_other_treatment_subject(
            tokens, _clauses(text, tokens), self.vocab, lead, text)) or
            _traditional_unit(tokens, lead))

    def _offered(self, m: Match, tokens: list[Token]) -> bool:
        """Whether "for" comes at most three words before a place of ``m``, or a benefit
        word at most three words before or after it ("eases heel pain", "heel pain will
        ease")."""
        for spans in m.spans:
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            before = tokens[max(0, start - 3):start]
            if any(t.norm == "for" for t in before) or self.vocab.benefit.occurs(before) or \
                    self.vocab.benefit.occurs(tokens[end + 1:end + 4]):
                return True
        return False

    def claims_in(self, text: str, context: str | None = None,
                  question: bool = False, answer: int | None = None,
                  heading: bool = False, trace: "Trace | None" = None) -> list[Match]:
        """The claims ``text`` makes (``context``: the lead-in line of its list, if any).
        ``answer``: where the answer starts when ``text`` is a question and its answer.
        ``heading``: ``text`` is a heading or a page title, which labels what follows.
        ``trace`` (``rules.Trace``), when given, records every candidate match and the rule
        (``rules.RULES``) that dropped it: ``claimcheck lint --explain``."""
        text = _uncited(text)
        words = text.split()
        if heading and starts_wh(text):
            # "How we treat heel pain", "What our patients say": a topic, no claim; but
            # "Why dry needling works for back pain" takes the benefit as given, and says it
            rest = tokenize(" ".join(words[1:]))
            if not (words[0].lower() in ("why", "how")
                    and _names_needling(rest)
                    and self.vocab.benefit.occurs(rest)):
                return self._topic(text, trace)
            text = " ".join(words[1:])
        if heading and _guide_title(text, self.vocab):
            return self._topic(text, trace)  # "Dry Needling for Sciatica: What to Know"
        unlabelled = _unlabelled(text, self.vocab.body_parts)
        tokens = tokenize(unlabelled)
        if not tokens:
            return []
        plain = unlabelled == text  # no label blanked: the tokens are the unit's own
        if heading and any(s == 0 and e == len(tokens) - 1
                           for s, e in self.vocab.section_labels.spans(tokens)):
            if trace is not None:
                self._trace_all(trace, "section-label", tokens)
            return []  # "Testimonials", "Patient stories": the name of a section
        if question:
            if trace is not None:
                self._trace_all(trace, "question", tokens)
            return []
        v = self.vocab
        # "Two sessions and my shoulder is finally quiet": a first-person report of an
        # outcome promises it as a testimonial does; so does a quoted one ("\"Sleeping through
        # the night again now the neck pain has gone.\"") whose speaker is left out
        quoted = text.lstrip()[:1] in _QUOTES
        reported = (quoted or any(t.norm in _FIRST_PERSON for t in tokens)) and \
            v.outcome_reports.occurs(tokens) and not v.setbacks.occurs(tokens)
        matches = self.raw_matches(tokens)
        if reported:
            matches += self.reported_sites(tokens, {m.claim for m in matches})
        vetoed = self.vetoed(text, context, matches, tokens if plain else None, tokens)
        if vetoed:
            if trace is not None:
                trace.matches += matches
                trace.drop("model-veto", *(m for m in matches
                                           if m.claim in vetoed and m.kind != "condition"))
                trace.drop("model-veto-condition", *(m for m in matches
                                                     if m.claim in vetoed and
                                                     m.kind == "condition"))
            matches = [m for m in matches if m.claim not in vetoed]
        elif trace is not None:
            trace.matches += matches
        proposals = self.proposed(text, context, tokens, {m.claim for m in matches} | vetoed,
                                  trace, plain)
        if trace is not None:
            trace.matches += proposals
        matches += proposals
        if not matches:
            return []
        ctx_tokens = tokenize(context) if context else []
        treatment = v.treatment.occurs(tokens)
        # a lead-in offers the treatment when it has a benefit word, or names the treatment
        # and what it is for ("Dry needling for runners:" + "Shin splints")
        offering = bool(ctx_tokens) and (v.cues.occurs(ctx_tokens) or (
            v.treatment.occurs(ctx_tokens) and v.offer_words.occurs(ctx_tokens)))
        # a symptom's decrease word ("reduced range of motion") is no benefit cue
        symptom = {i for s, e in v.symptoms.spans(tokens) for i in range(s, e + 1)}
        cued = any(s not in symptom or e not in symptom for s, e in v.cues.spans(tokens)) \
            if symptom else v.cues.occurs(tokens)
        benefit = treatment or reported or cued or offering
        excluded = {i for s, e in v.exclusions.spans(tokens) for i in range(s, e + 1)}
        # "Please tell us if you are pregnant, as needling may not be suitable" says who the
        # treatment is not for: a safety statement, not a booking line
        booking = v.booking.occurs(tokens) and not v.benefit.occurs(tokens) and not excluded
        # the first token of the answer, when ``text`` is a question and its answer
        asked_part = next((i for i, t in enumerate(tokens) if t.start >= answer), len(tokens)) \
            if answer is not None else 0
        asked = _asked(tokens, answer, asked_part, v)
        # "Sore shoulders? Try needling": a question that is only a complaint, not one that asks
        bare = tokens[0].norm not in _QUESTION_OPENERS and tokens[0].norm not in ("q", "question")
        # ... or one answered by a fragment that takes the question's words ("How long does the
        # needling take? Usually 20 minutes.", "Does it help sciatica? Yes, for many.")
        # or by a short list without a verb ("What can it help? Neck pain and headaches.")
        reply = tokens[asked_part:]
        bare = bare or bool(reply) and (
            reply[0].norm in _FRAGMENT_OPENERS or reply[0].norm[:1].isdigit() or
            (len(reply) <= 12 and not any(t.norm in _FINITE for t in reply)))
        clause = _clauses(text, tokens)
        segments, reversals = _segments(tokens, v.contrasts, clause)
        negs = _negation_positions(tokens, v)
        # "not suitable if you are pregnant" states the contraindication; it does not negate it
        safety_negs = [i for i in negs if i not in excluded]
        hedges = [s for s, _ in v.hedges.spans(tokens)]
        if not treatment and any(m.kind == "condition" and _is_definition(tokens, m, text)
                                 for m in matches):
            if trace is not None:
                trace.drop("definition", *matches)
            return []  # "Sciatica is pain that travels ...": about the condition, not a claim
        # "Each patient underwent three sessions once a week": how a study was done, not what
        # it found
        if v.study_designs.occurs(tokens) and v.study_subjects.occurs(tokens) and \
                not v.study_findings.occurs(tokens):
            if trace is not None:
                trace.drop("study-design", *matches)
            return []
        unclaimed = _evidence_scope(tokens, clause, segments, v)
        offered = {i for s, e in v.offer_words.spans(tokens) for i in range(s, e + 1)} \
            if booking else set()
        # "Most heel pain settles with simple measures", "Other causes include ...": about the
        # condition (its natural course or causes), not about what the treatment does
        about_condition = (not treatment and (
            any(s <= 5 and clause[s] == 0 for s, _ in v.causes.spans(tokens)) or
            _natural_course(tokens, clause, matches, v, origins=not offering))) or \
            (not ctx_tokens and _sufferers(tokens))
        # "Sitting for hours can leave your neck stiff and sore": something else brings the
        # complaint on; no benefit and no after-effect of needling is claimed
        # ("It leaves your calves loose": "it" is the treatment); but what a cause verb leads
        # to may be the benefit itself ("which leads to pain relief", "resulting in
        # relaxation"), not the complaint ("can leave a stiff neck that takes weeks to heal")
        cause_ends = [e for _, e in v.cause_verbs.spans(tokens)]
        # (a lead-in that offers the treatment makes its item what is treated: "What it
        # treats:" + "Post-injury pain that contributes to joint dysfunction")
        caused = not treatment and tokens[0].norm not in _PRONOUNS and bool(cause_ends) and \
            not any(0 < s - cause_ends[0] <= 3 for s, _ in v.benefit.spans(tokens)) and \
            not (ctx_tokens and (v.treatment.occurs(ctx_tokens) or v.benefit.occurs(ctx_tokens)))
        # "Mild headache can occur after needling", "Side effects include bruising and a
        # headache": a complaint the needling may bring on is a risk the page warns of, not
        # one it treats; a benefit word, a negation or an outcome report says otherwise
        # (beside a harm named as such, an efficacy claim's words are a complaint too: "Muscle
        # spasm in the needled area is an uncommon reaction")
        got = _got_after_the_session(tokens, v)
        harm_named = any(m.kind == "efficacy" for m in matches) and (
            v.side_effects.occurs(tokens) or got is not None)
        outcome = v.outcome_reports.occurs(tokens)
        # (the "not" of who is not needled is no negation of the complaint: "we take care not
        # to needle close to the sciatic nerve")
        screened = {i for s, e in v.screening.spans(tokens) for i in range(s, e + 1)} \
            if safety_negs else set()
        after_effect = _after_effect_places(tokens, v, got) \
            if (harm_named or any(m.kind == "condition" for m in matches)) and \
            all(i in screened for i in safety_negs) and not reported and not outcome else set()
        after_named = not ctx_tokens and not reported and not outcome and \
            not any(t.norm in _BETTER for t in tokens)
        told = _told_to_relax(tokens)
        topic = _announced_topic(text, tokens, v)
        # "Acupuncture is used to restore balance and promote healing by influencing the
        # body's energy flow": traditional acupuncture's promise, in its own terms
        traditional = _traditional_unit(tokens, ctx_tokens)
        # "Heat may also help relax tight muscles": another treatment is the subject and
        # needling is never named, so what is promised is that treatment's
        other_subject = _other_treatment_subject(tokens, clause, v, ctx_tokens, text)
        # "Initial assessments take 45 minutes": the time of the assessment, not the needling's
        elsewhere_time = [(e, clause[e]) for _, e in v.other_visits.spans(tokens)]
        # "Not medical advice, just what works for me": after ", just" the sentence says what
        # it is, and the opening negation no longer applies
        restated = next((i for i, t in enumerate(tokens) if i and t.comma_before and
                         t.norm in ("just", "only", "simply", "merely")), len(tokens))

        def blocked(span: tuple[int, int], inside: set[int], m_negs: list[int],
                    opens_negated: bool) -> str | None:
            """The rule that keeps the phrase at ``span`` from making its claim, if any."""
            if opens_negated and segments[span[0]] == 0 and 0 not in inside and \
                    span[0] < restated:
                return "sentence-negated"
            if _negated(span, clause, m_negs, inside):
                return "negated"
            if span[0] in unclaimed:
                return "evidence-scope"
            if _hedged(span[0], segments, reversals, hedges, inside):
                return "hedged"
            return None

        kept = []
        for m in matches:
            if about_condition and m.kind in BENEFIT_KINDS:
                _note(trace, "about-condition", m)
                continue
            if m.kind in BENEFIT_KINDS | {"mechanism"} and _hindered(tokens, clause, m):
                _note(trace, "hindered", m)
                continue
            if traditional and (m.kind in BENEFIT_KINDS or m.kind == "mechanism"):
                _note(trace, "traditional-acupuncture", m)
                continue
            if topic is not None and \
                    min(s for spans in m.spans for s, _ in spans) in range(*topic):
                _note(trace, "announced-topic", m)
                continue
            # (an after-effect stays needling's: "Ice on the bruise helps; it is not harmful";
            # a comparison names the other treatment to set needling above it, and a phrase
            # that holds its name is about it: "Need fewer painkillers")
            if other_subject and m.kind not in SAFETY_KINDS and m.kind != "comparative" and \
                    not any(s <= i <= e for spans in m.spans for s, e in spans
                            for i in other_subject):
                _note(trace, "other-treatment", m)
                continue
            if caused and (m.kind in BENEFIT_KINDS or m.kind in SAFETY_KINDS):
                _note(trace, "caused-by-other", m)
                continue
            # one of four readings of a complaint the needling brings on, or of care
            if (after_effect and (m.kind == "condition" or
                                  harm_named and m.kind in BENEFIT_KINDS) and
                    _first_word(m, tokens) in after_effect) or \
                    (m.kind == "condition" and after_named and
                     _named_by_the_session(tokens, m, v)) or \
                    (m.kind in BENEFIT_KINDS and _said_of_a_harm(tokens, m, v)) or \
                    _healing_of_a_harm(tokens, m, v):
                _note(trace, "after-effect", m)
                continue
            if m.kind in BENEFIT_KINDS and told and (
                    all(any(i in told for s, e in spans for i in range(s, e + 1))
                        for spans in m.spans) or
                    all(s in told for s, _ in v.benefit.spans(tokens))):
                _note(trace, "reader-instruction", m)
                continue
            if m.kind == "dosing" and elsewhere_time and any(
                    all(any(0 < s - e <= 4 and c == clause[s] for e, c in elsewhere_time)
                        for s, _ in spans) for spans in m.spans):
                _note(trace, "other-visit-time", m)
                continue
            # "Book a session for your lower back pain": the ASA reads an offer of treatment
            # for a condition as a promise that it improves
            named = m.kind == "condition" and (_offered_for(tokens, clause, m, offered) or
                                               min(s for s, _ in m.spans[0]) < asked)
            if booking and not named:
                _note(trace, "booking-line", m)
                continue
            if m.kind in BENEFIT_KINDS and not (benefit or named):
                _note(trace, "no-benefit-word", m)
                continue
            if answer is not None and not named and not bare:
                # a question that really asks ("How does it work?", "Q: Is it true that ...?")
                # lends a full answer no claim: the answer alone was judged already
                _note(trace, "answer-lends-nothing", m)
                continue
            if answer is not None and m.kind in BENEFIT_KINDS and not named and \
                    not v.cues.occurs(tokens):
                # "Plantar fasciitis? Our guide explains why it happens.": an answer that only
                # mentions the clinic neither promises nor offers anything
                _note(trace, "answer-only-mentions", m)
                continue
            if not treatment and _is_definition(tokens, m, text):
                _note(trace, "definition", m)
                continue
            inside = {i for spans in m.spans for s, e in spans for i in range(s, e + 1)}
            m_negs = safety_negs if m.kind in SAFETY_KINDS else negs
            opens_negated = tokens[0].norm in _SENTENCE_NEGATIONS and 0 in m_negs
            if all(any(blocked(span, inside, m_negs, opens_negated) is None for span in spans)
                   for spans in m.spans):
                kept.append(m)
            elif trace is not None:
                # the first part of the phrase that no place of it frees, at its first place
                spans = next(spans for spans in m.spans if all(
                    blocked(span, inside, m_negs, opens_negated) for span in spans))
                trace.drop(blocked(spans[0], inside, m_negs, opens_negated) or "", m)
        judged = kept
        kept = [m for m in kept if not self.elsewhere(m, tokens)]
        if trace is not None:
            trace.dropped_between("elsewhere", judged, kept)
            judged = kept
        kept = _drop_consumed(kept, matches, tokens)
        if trace is not None:
            trace.dropped_between("consumed-by-condition-name", judged, kept)
            judged = kept
        kept = _drop_described(kept, matches, clause)
        if trace is not None:
            trace.dropped_between("describes-condition", judged, kept)
            judged = kept
        kept = _drop_painless_needling(kept, tokens, clause)
        if trace is not None:
            trace.dropped_between("describes-needling", judged, kept)
            judged = kept
        kept = _drop_contained(kept, tokens, v.cues)
        if trace is not None:
            trace.dropped_between("contained-in-longer-name", judged, kept)
        kept += self._named_by_lead_in(ctx_tokens, tokens, kept)
        if trace is not None:
            trace.kept += kept
        made: dict[str, Match] = {}
        for m in kept:
            made.setdefault(m.claim, m)  # a claim found by several phrases is made once
        return list(made.values())

    def _named_by_lead_in(self, ctx_tokens: list[Token], tokens: list[Token],
                          kept: list[Match]) -> list[Match]:
        """The condition a lead-in that is only its name ("Achilles Tendinitis", "Plantar
        Fasciitis:") puts over a list item promising a benefit ("Releases calf muscle tension
        and reduces stiffness"): the item says what the treatment does for that condition.
        The match spans the whole item, as the claim is the item's."""
        if not ctx_tokens or len(ctx_tokens) > 6 or not any(
                m.kind in BENEFIT_KINDS or m.kind == "mechanism" for m in kept):
            return []
        named = _drop_contained([m for m in self.raw_matches(ctx_tokens)
                                 if m.kind == "condition"], ctx_tokens, self.vocab.cues)
        covered = {i for m in named for spans in m.spans for s, e in spans
                   for i in range(s, e + 1)}
        if 2 * len(covered) < len(ctx_tokens) or not self.vocab.benefit.occurs(tokens):
            return []
        have = {m.claim for m in kept}
        whole = [[(0, len(tokens) - 1)]]
        out: dict[str, Match] = {}
        for m in named:
            if m.claim not in have:
                out.setdefault(m.claim, Match(m.claim, m.kind, f"lead-in: {m.phrase}", whole))
        return list(out.values())

    def _topic(self, text: str, trace: "Trace | None") -> list[Match]:
        """No claim: the heading ``text`` names a topic (rule ``heading-topic``)."""
        if trace is not None:
            self._trace_all(trace, "heading-topic",
                            tokenize(_unlabelled(text, self.vocab.body_parts)))
        return []

    def _trace_all(self, trace: "Trace", code: str, tokens: list[Token]) -> None:
        """Record every phrase found in ``tokens`` as dropped by ``code`` (a rule that drops
        the whole unit before its phrases are looked up)."""
        matches = self.raw_matches(tokens) if tokens else []
        trace.matches += matches
        trace.drop(code, *matches)


def _note(trace: "Trace | None", code: str, m: Match) -> None:
    if trace is not None:
        trace.drop(code, m)


def _anchor_span(anchor: str | None, tokens: list[Token]) -> tuple[int, int]:
    """Token span of a model feature (``w:stem``, ``b:stem_stem``) in ``tokens``; the whole
    unit when the feature is not in it."""
    if anchor:
        kind, _, value = anchor.partition(":")
        stems = [t.stem for t in tokens]
        if kind == "w" and value in stems:
            i = stems.index(value)
            return i, i
        if kind == "b":
            a, _, b = value.partition("_")
            for i in range(len(stems) - 1):
                if stems[i] == a and stems[i + 1] == b:
                    return i, i + 1
    return 0, len(tokens) - 1


def _uncited(text: str) -> str:
    """``text`` with reference numbers glued to words blanked (same length, so every offset
    holds): the rules and the model both read "pain14,15" as "pain", and the token indices of
    ``claims_in`` and ``token_offsets`` agree."""
    return _CITATION.sub(lambda m: " " * len(m.group(0)), text) \
        if any(c.isdigit() for c in text) else text


def _unlabelled(text: str, parts: frozenset[str] = frozenset()) -> str:
    """``text`` with hashtags, handles and the names of practices blanked (same length).
    A name that holds a body part ("Back Pain Clinic") says what the practice treats and
    is kept."""
    if "#" in text or "@" in text:
        text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    words = list(_NAME_WORD.finditer(text))
    k = 0
    while k < len(words):
        j = k  # a run of capitalised words, separated by single spaces
        while j + 1 < len(words) and text[words[j].end():words[j + 1].start()] == " ":
            j += 1
        run = words[k:j + 1]
        # the practice noun ends the name: "American Physical Therapy Association" is not one
        if len(run) >= 2 and run[-1].group(0).lower() in _PRACTICE_NOUNS and \
                not any(w.group(0).lower().startswith("needl") or stem(w.group(0)) in parts
                        for w in run):
            a, b = run[0].start(), run[-1].end()
            text = text[:a] + " " * (b - a) + text[b:]
        k = j + 1
    return text


def _natural_course(tokens: list[Token], clause: list[int], matches: list[Match],
                    v: Vocabulary, origins: bool = True) -> bool:
    """Whether a condition is the subject of the sentence and, in its clause, settles,
    resolves or clears up ("Most heel pain settles with simple measures", "Shin pain often
    takes weeks to settle"), or arises from something ("Sports injury can result from direct
    trauma"): the natural course of the condition, or its origin. ``origins``: whether an
    origin counts (not in a list whose lead-in offers the treatment: "It is often used to
    treat:" + "Headache arising from the neck")."""
    for m in matches:
        if m.kind != "condition":
            continue
        start = min(s for s, _ in m.spans[0])
        if start > 3 or any(t.norm not in DETERMINERS and t.norm not in _QUANTIFIERS
                            for t in tokens[:start]):
            continue
        # "Heel pain that has not settled": a complaint that does not clear up is no course
        if any(s > start and clause[s] == clause[start] and not any(
                t.norm in _SENTENCE_NEGATIONS or t.norm.endswith("n't") for t in
                tokens[max(start, s - 3):s]) for s, _ in v.natural_course.spans(tokens)):
            return True
        if origins and any(s > start and clause[s] == clause[start]
                           for s, _ in v.origins.spans(tokens)):
            return True
    return False


# words that set the other treatment against the one the page is about ("Faster than
# massage", "aches that stretching hasn't shifted") or time it by that one ("Add a pilates
# class afterwards and the exercises stick")
_SET_AGAINST = frozenset("than unlike instead vs versus over haven't hasn't didn't failed "
                         "fail fails not no without after afterwards before following "
                         "where alone".split())
# openers that add another treatment to the one the page is about ("Combined with ...")
_ALONGSIDE = frozenset("combined alongside along together paired plus".split())
_METHODS = frozenset("approach treatment technique therapy method procedure modality".split())


# what may stand between a verb of getting and the complaint got ("get a mild headache",
# "develop a sudden severe headache"); "experience much lower neck pain" gets an improvement
_AFTER_EFFECT_FILLERS = frozenset(
    "a an any some the their your mild slight minor temporary brief occasional short-lived "
    "severe sudden unusual new persistent or history of".split())


# comparatives that make a complaint a benefit without a benefit cue ("runners with knee pain
# feel less sore after needling")
_BETTER = frozenset("less better easier".split())  # not "lower": "lower back", "lower leg"
# who a precaution speaks of ("patients with", "runners with")
_PEOPLE = frozenset("patients patient people person clients client anyone those someone runners "
                    "athletes players riders owners individuals women men children".split())


def _introduces_people(tokens: list[Token], i: int) -> bool:
    """Whether the complaint after token ``i`` is one some people have: "patients with",
    "With hip bursitis, ...", "if you have", "anyone who has had"."""
    t = tokens[i].norm
    before = tokens[i - 1].norm if i else ""
    if t == "with":
        return i == 0 or before in _PEOPLE
    return t in ("have", "has", "had") and (before in ("you", "who", "already") or
                                            before in ("have", "has") and i > 1 and
                                            tokens[i - 2].norm == "who")


def _after_effect_places(tokens: list[Token], v: Vocabulary,
                         got: int | None = None) -> set[int]:
    """Where a complaint that starts there is an after-effect of the needling, or a reason
    for care, in a unit without a benefit word:

    - anywhere, when an ``after_effects`` word ("can occur"), a ``side_effects`` one ("side
      effects", "reaction") or a ``screening`` one ("tell us", "not suitable") occurs;
    - in the three words after "patients with", "if you have" and the like (and their
      fillers), when a ``harms`` word occurs ("Runners with shin splints may ache more on
      the next run");
    - when "after" or "following" the session or the needling follows: just after a verb of
      getting and its article (``after_effect_verbs``: "get a headache after their first
      session"), anywhere before a word of flaring or just after its "of" (``flares``: "heel
      pain can feel worse for a day after needling", "a flare of neck pain"), and in the
      three words of what is needled ("felt after needling the chewing muscles").

    Empty when a benefit word ("relief", "helps") or a comparative ("less sore") makes the
    complaint a promise again. "treatment" is a benefit cue, but as a noun it names the
    session, and "work" after a determiner ("any work") is the clinician's, not a result; no
    word of these lists is one either (the "effect" of "side effect", the
    "increase" of a flare, the "patients report" of a complaint got)."""
    named = v.after_effects.spans(tokens) + v.side_effects.spans(tokens) + \
        v.screening.spans(tokens)
    harmed = not named and v.harms.occurs(tokens)
    if not (named or harmed or any(t.norm in ("after", "following") for t in tokens)):
        return set()  # most units: nothing to read further
    flares = v.flares.spans(tokens)
    gets = _gets(tokens, v)
    if any(not _session_noun(tokens, s, e) and not _work_noun(tokens, s, e) and
           not any(a <= e and s <= b for a, b in named + flares + gets)
           for s, e in v.benefit.spans(tokens)) or \
            any(t.norm in _BETTER for t in tokens):
        return set()
    if named:
        return set(range(len(tokens)))

    def past_fillers(j: int, end: int) -> int:
        while j < end and tokens[j].norm in _AFTER_EFFECT_FILLERS:
            j += 1
        return j

    places = {j for i in range(len(tokens)) if _introduces_people(tokens, i)
              for start in (past_fillers(i + 1, len(tokens)),)
              for j in range(start, start + 3)} if harmed else set()
    treated = {s for s, _ in v.treatment.spans(tokens)}
    after = next((i for i, t in enumerate(tokens) if t.norm in ("after", "following") and
                  any(j in treated for j in range(i + 1, i + 5))), None)
    if after is None:
        return places
    before = {past_fillers(e + 1, after) for _, e in gets}
    if got is not None:
        places |= set(range(got, len(tokens)))
    # "felt after needling the chewing muscles": what is needled is where the needle went,
    # not a complaint it treats
    needled = next((j for j in range(after + 1, min(after + 5, len(tokens)))
                    if j in treated and tokens[j].norm.startswith("needl")), None)
    if needled is not None and needled + 1 < len(tokens):
        start = past_fillers(needled + 1, len(tokens))
        places |= set(range(start, start + 3))
    for s, e in flares:
        if s < after:
            before.update(range(s))  # "neck pain can feel worse"
            if e + 1 < after and tokens[e + 1].norm in ("of", "in"):
                start = past_fillers(e + 2, after)  # "an increase in low back stiffness"
                before.update(range(start, start + 3))
    return places | {j for j in before if j < after}


_SESSION = frozenset("session sessions treatment treatments appointment visit dn".split())
# how an after-effect is told: what usually happens, and how often
_HABITUAL = frozenset("usually normally typically generally commonly often tend tends should "
                      "will can may might within common uncommon rare rarely normal unusual "
                      "expected".split())
_SLOWED = frozenset("slow slowly slower poor poorly delayed impaired".split())
# what the needle leaves, which heals by itself ("the tiny puncture ... heals within a day")
_NEEDLE_MARKS = frozenset("puncture punctures mark marks bruise bruises bruising".split())


def _healing_of_a_harm(tokens: list[Token], m: Match, v: Vocabulary) -> bool:
    """Whether the healing or recovery ``m`` rests on is not the needling's benefit: healing
    named as slow beside a harm ("may heal slowly and are at greater risk of infection", a
    reason for care; "Slow-healing injuries respond well" stays a promise), the healing of
    the needle's own mark, told as what usually happens ("The tiny puncture left by the
    needle normally heals within a day"; "The puncture triggers healing" is the mechanism),
    or recovery from the needling's own after-effect ("Your recovery from post-needling
    soreness is faster if you stay active"; not "from post-exercise soreness")."""
    inside = {i for spans in m.spans for s, e in spans for i in range(s, e + 1)}
    heals = [i for i in inside if tokens[i].norm.startswith("heal")]
    recovers = [i for i in inside if tokens[i].norm.startswith("recover")]
    if not heals and not recovers:
        return False
    harms = [s for s, _ in v.harms.spans(tokens)]
    habitual = any(t.norm in _HABITUAL for t in tokens)
    return all(habitual and any(t.norm in _NEEDLE_MARKS for t in tokens[max(0, i - 6):i]) or
               harms and any(t.norm in _SLOWED for t in tokens[max(0, i - 1):i + 3])
               for i in heals) and \
        all(i + 4 in harms and tokens[i + 1].norm == "from" and tokens[i + 2].norm == "post"
            and _names_session(tokens[i + 3]) for i in recovers)


def _names_session(t: Token) -> bool:
    """Whether ``t`` names the needling or its session ("after needling", "following a
    session", "after a DN treatment")."""
    return t.norm.startswith("needl") or t.norm in _SESSION


def _session_noun(tokens: list[Token], s: int, e: int) -> bool:
    """Whether ``tokens[s..e]``, a benefit cue, is "treatment" as a noun naming the session."""
    return all(t.norm.startswith("treatment") for t in tokens[s:e + 1])


def _work_noun(tokens: list[Token], s: int, e: int) -> bool:
    """Whether ``tokens[s..e]``, a benefit cue, is "work" as a noun ("any work stays in the
    soft tissue"), not the verb of "it works"."""
    return s == e and tokens[s].norm == "work" and s > 0 and tokens[s - 1].norm in DETERMINERS


def _gets(tokens: list[Token], v: Vocabulary) -> list[tuple[int, int]]:
    """The verbs of getting a complaint (``after_effect_verbs``), but what one stops getting
    is a benefit ("clients stop getting migraines")."""
    return [(s, e) for s, e in v.after_effect_verbs.spans(tokens)
            if not (s and tokens[s - 1].norm.startswith("stop"))]


def _first_word(m: Match, tokens: list[Token]) -> int:
    """Where ``m`` starts, but for a "treatment" that names the session ("After a DN
    treatment you may experience muscle tightness" matches "tightness & treat*")."""
    starts = [s for spans in m.spans for s, e in spans if not _session_noun(tokens, s, e)]
    return min(starts or [s for spans in m.spans for s, _ in spans])


def _named_by_the_session(tokens: list[Token], m: Match, v: Vocabulary) -> bool:
    """Whether the complaint ``m`` is named by the session it follows: "Mild headaches after
    cervical needling usually settle within a day", "Neck pain following a session can
    last a day or two". No benefit sentence names its complaint so (it says the complaint
    eased after needling, not that the complaint after needling did); a benefit word before
    the "after", or any but a complaint passing by itself ("settle", "fade") after it, a
    negation before the complaint ("no headaches after needling") or a comparative ("less
    pain after one session") still make it a claim."""
    named = [(s, e + 1) for spans in m.spans for s, e in spans
             if e + 1 < len(tokens) and tokens[e + 1].norm in ("after", "following") and
             any(_names_session(t) for t in tokens[e + 2:e + 6])]
    if not named:
        return False
    start, after = named[0]
    if any(t.norm in _SENTENCE_NEGATIONS or t.norm in ("without", "zero") or
           t.norm.endswith("n't") or "free" in t.norm for t in tokens[:start]) or \
            any("free" in t.norm for t in tokens[start:after]):
        return False
    # an after-effect is told as what usually happens, and how often ("usually settle
    # within a day", "are uncommon"); a testimony tells it once ("Knee pain after needling
    # went away completely")
    if not any(t.norm in _HABITUAL for t in tokens):
        return False
    passing = {i for s, e in v.natural_course.spans(tokens) if s > after
               for i in range(s, e + 1)}
    return all(i in passing or _session_noun(tokens, i, i)
               for s, e in v.benefit.spans(tokens) for i in range(s, e + 1))


_LASTING = frozenset("lasting long-lasting longer-lasting term persistent permanent".split())


def _said_of_a_harm(tokens: list[Token], m: Match, v: Vocabulary) -> bool:
    """Whether the words of ``m`` describe the harm named just after them ("longer-lasting
    post-needling soreness"): how long the soreness lasts, not the relief."""
    j = max(e for spans in m.spans for _, e in spans) + 1
    if tokens[j - 1].norm not in _LASTING:
        return False
    if j + 1 < len(tokens) and tokens[j].norm == "post":  # "post-needling", "post treatment"
        j += 2
    return j < len(tokens) and not tokens[j].comma_before and \
        any(s == j for s, _ in v.harms.spans(tokens)) and \
        not any(t.norm.startswith("relie") for t in tokens[j + 1:j + 3])


_TELLING = frozenset("ask asks asked tell tells told remind reminds encourage encourages "
                     "want need invite invites".split())
_TRYING = frozenset("try trying".split())
# time given to the reader ("allow time to relax"), not the page's call ("it's time to relax
# those tight muscles with needling")
_GIVING_TIME = frozenset("allow allowing allows take taking plenty some".split())


def _told_to_relax(tokens: list[Token]) -> set[int]:
    """Where a "relax" is what the reader is asked to do ("we may ask you to relax or change
    position", "try to relax your shoulders", "allow time to relax"), not what the needling
    does to a muscle ("helps you relax tight muscles" stays a claim). A match that holds one,
    or whose unit has no other word of benefit, is an instruction."""
    return {i for i in range(2, len(tokens)) if tokens[i].norm.startswith("relax") and
            tokens[i - 1].norm == "to" and (
                tokens[i - 2].norm in _TRYING or i >= 3 and (
                    tokens[i - 2].norm == "you" and tokens[i - 3].norm in _TELLING or
                    tokens[i - 2].norm == "time" and tokens[i - 3].norm in _GIVING_TIME))}


def _got_after_the_session(tokens: list[Token], v: Vocabulary) -> int | None:
    """Where what one gets after the session begins, in a unit that opens with the session
    ("After a session you may experience some muscle tightness or a headache", "Following
    needling, some people develop a headache"): just past the verb of getting; None if the
    unit does not open so. Whether a word of benefit makes it a promise again ("After
    needling, patients experience relief") is for the caller."""
    if not tokens or tokens[0].norm not in ("after", "following") or \
            not any(_names_session(t) for t in tokens[1:6]):
        return None
    return next((e + 1 for s, e in _gets(tokens, v) if s > 1), None)


# who, counted, suffers a condition ("Millions of Americans suffer from sciatica")
_POPULATION = frozenset("people americans adults australians britons canadians patients "
                        "individuals runners athletes women men sufferers".split())
_SUFFERING = frozenset("suffer suffers live lives struggle struggles".split())


def _sufferers(tokens: list[Token]) -> bool:
    """Whether the unit opens by counting who suffers a condition ("Millions of Americans
    suffer from sciatica and are searching for effective treatments", "Many people suffer from
    headaches and migraines, leading them to seek relief"): how common the condition is, not
    what the treatment does, so long as the unit never names the needling or the clinic
    ("we", "our")."""
    head = [t.norm for t in tokens[:6]]
    verb = next((i for i, w in enumerate(head) if w in _SUFFERING), None)
    return verb is not None and verb > 0 and any(w in _POPULATION for w in head[:verb]) and \
        (head[0] in _QUANTIFIERS or head[0] in ("millions", "thousands", "countless") or
         head[0][:1].isdigit()) and \
        not _names_needling(tokens) and not any(t.norm in ("we", "our", "us") for t in tokens)


def _guide_title(text: str, v: Vocabulary) -> bool:
    """Whether a heading is the title of a guide to a topic: a subtitle that opens with
    "what" ("Dry Needling for Sciatica: What to Know", "... for Fibromyalgia: What to
    Expect") after a topic that promises nothing by itself (no word of benefit: "Relieving
    Heel Pain with Dry Needling: What to Know" still claims), and no "why" or "how" that
    would say what it does ("What to Expect and Why It's Not So Bad")."""
    topic, colon, subtitle = text.partition(":")
    words = subtitle.lower().split()
    return bool(colon) and bool(words) and words[0] == "what" and \
        not {"why", "how"} & set(words) and not v.benefit.occurs(tokenize(topic))


# what may stand between who announces and the verb of discussing ("we will also explore")
_ANNOUNCE_FILLERS = frozenset("now also briefly further first then quickly here today will "
                              "be going to".split())
# in an announced topic, a word that says what the treatment does ("how it can help knee
# pain", "why it's effective for frozen shoulder", "the benefits of dry needling for heel
# pain", "something many chiros use to help patients with back pain")
_MODALS = frozenset("can could may might will would".split())  # not "what you should know"
_TOPIC_BREAK = re.compile(r"[:;\u2013\u2014]|\s-\s")
_SAYS_WHAT_IT_DOES = ("effective", "benefit", "help", "work")


def _announced_topic(text: str, tokens: list[Token], v: Vocabulary) -> tuple[int, int] | None:
    """The tokens of the topic in a unit that announces what the page goes on to discuss ("In
    this article, we'll explore dry needling for sciatica", "This post delves into the
    research on dry needling and migraine", "Let's take a closer look at ..."): from just past
    the verb of discussing to the end of the unit or to a colon, semicolon or dash, after
    which the unit says something of its own ("Let's break down this mouthful: instead of
    acupuncture points, ..."); or the title a pointer to further reading names ("Read more:
    ..."). None when the unit announces nothing, or when the topic says what the treatment
    does ("we'll look at how dry needling can help"): that is claimed as any sentence claims
    it. A modal after "whether" or "if" asks rather than says ("whether it could be the key
    to your recovery")."""
    end = len(tokens)
    # "For further reading, please read: Effects of Dry Needling on ...": the title after a
    # pointer to reading, to the end (a title may hold a colon of its own)
    start = next((i for s, e in v.reading_pointers.spans(tokens) if s <= 3
                  for i in range(e + 1, min(e + 4, len(tokens)))
                  if ":" in text[tokens[i - 1].end:tokens[i].start]), None)
    if start is None:
        verbs = v.discourse_verbs.spans(tokens)
        if not verbs:
            return None
        start = next((ve + 1 for s, e in v.announcers.spans(tokens) for vs, ve in verbs
                      if e < vs <= 12 and all(t.norm in _ANNOUNCE_FILLERS
                                              for t in tokens[e + 1:vs])), None)
        if start is None:
            return None
        end = next((i for i in range(start + 1, len(tokens))
                    if _TOPIC_BREAK.search(text, tokens[i - 1].end, tokens[i].start)), end)
    for i in range(start, end):
        norm = tokens[i].norm
        if norm.startswith(_SAYS_WHAT_IT_DOES) or norm in _MODALS and not any(
                t.norm in ("whether", "if") for t in tokens[max(start, i - 4):i]):
            return None
    return start, end


# verbs that work against a good process ("interfere with healing", "delay recovery"), and
# the processes: what follows such a verb is put at risk, not promised
_HINDERING = ("interfer", "impair", "hinder", "slow", "delay", "disrupt", "compromis")
_GOOD_PROCESSES = ("heal", "recover", "repair", "regenerat", "circulation", "blood")


def _hindered(tokens: list[Token], clause: list[int], m: Match) -> bool:
    """Whether a part of ``m`` is a good process that a verb just before it, in its clause,
    works against ("Alcohol can interfere with the body's natural healing processes",
    "Overexertion may hinder recovery"): a warning of what harms healing, not a promise of
    it. "Needling disrupts the pain cycle" promises: the pain is no good process."""
    return any(tokens[k].norm.startswith(_GOOD_PROCESSES) and any(
        tokens[i].norm.startswith(_HINDERING) and clause[i] == clause[k]
        for i in range(max(0, k - 5), k))
        for spans in m.spans for s, e in spans for k in range(s, e + 1))


# the terms of traditional acupuncture's theory ("the flow of qi along the meridians"); "yin"
# only beside "yang" (a name: "explains Arthur Yin Fan")
_TRADITIONAL = frozenset("qi chi meridian meridians".split())
_ENERGY_FLOW = frozenset("flow flows balance balancing circulation".split())


def _traditional_unit(tokens: list[Token], lead: list[Token]) -> bool:
    """Whether the unit speaks in traditional acupuncture's terms and neither it nor its
    lead-in names needling: what it promises is that tradition's (``traditional-acupuncture``,
    for detection and for the gate's absolutes alike)."""
    return _in_traditional_terms(tokens) and not _names_needling(tokens) and \
        not _names_needling(lead)


def _in_traditional_terms(tokens: list[Token]) -> bool:
    """Whether the unit speaks in the terms of traditional acupuncture (qi, meridians, yin and
    yang, the flow or balance of energy) without setting them aside ("not based on the theory
    of qi", "no longer adhere to yin and yang"): a benefit it names is that tradition's.
    Western acupuncture that uses meridian points "with western scientific reasoning" is
    needling under another name."""
    if any(t.norm == "western" for t in tokens):
        return False
    yang = any(t.norm == "yang" for t in tokens)
    for i, t in enumerate(tokens):
        norm = t.norm
        # (energy only as what flows or is balanced: "feel more energetic" is a benefit)
        flow = norm in ("energy", "energetic") and any(
            x.norm in _ENERGY_FLOW for x in tokens[max(0, i - 3):i + 3])
        if norm in _TRADITIONAL or norm == "yin" and yang or flow:
            if any(x.norm in _SENTENCE_NEGATIONS or x.norm.endswith("n't") or
                   x.norm in ("unlike", "longer", "rather", "instead")
                   for x in tokens[max(0, i - 8):i]):
                return False
            return True
    return False


def _names_needling(tokens: list[Token]) -> bool:
    return any(t.norm.startswith("needl") for t in tokens)


def _other_treatment_subject(tokens: list[Token], clause: list[int], v: Vocabulary,
                             lead_in: list[Token], text: str) -> set[int]:
    """The tokens of one of `other_treatments` that opens the sentence (within its first
    four words, in its first clause, or in the clause after a short label such as "How it
    works: Massage increases blood flow") when no word names needling or acupuncture, or
    points back to the treatment the page is about ("Combined with strengthening, this
    approach ..."), and the lead-in does not name needling ("Benefits of dry needling:" +
    "Reduced need for medication"); empty otherwise. ``text``: what ``tokens`` index."""
    if _names_needling(lead_in) or _names_needling(tokens) or tokens[0].norm in _ALONGSIDE or \
            any(t.norm in _SET_AGAINST or t.norm.startswith(("acupunct", "ims", "imt", "fdn"))
                or t.norm == "dn" or
                (t.norm == "this" and i + 1 < len(tokens) and tokens[i + 1].norm in _METHODS)
                for i, t in enumerate(tokens)):
        return set()
    opening, first = 0, 0
    label = next((j for j, c in enumerate(clause) if c == 1), None)
    if label is not None and label <= 4 and \
            ":" in text[tokens[label - 1].end:tokens[label].start]:
        opening, first = 1, label
    # the label itself may name the other treatment ("Trigger point injections: provide
    # short-term relief")
    return {i for s, e in v.other_treatments.spans(tokens)
            if (s <= 3 and clause[s] == 0) or (s - first <= 3 and clause[s] == opening)
            for i in range(s, e + 1)}


def _asked(tokens: list[Token], answer: int | None, split: int, v: Vocabulary) -> int:
    """Number of tokens of a question whose answer invites the reader to the treatment
    ("Runner's knee? Book a needling session today.", "Stiff neck? Try dry needling."): the
    ASA reads a condition named there as one the treatment is offered for. 0 otherwise."""
    if answer is None:
        return 0
    reply = tokens[split:]
    if reply and (v.booking.occurs(reply) or v.invitations.occurs(reply)):
        return split
    # "Sore shoulders? Dry needling could be what you need.": a question that is only the
    # name of a complaint, answered with the needling or a benefit, is the pitch for it
    if reply and 0 < split <= 6 and tokens[0].norm not in _QUESTION_OPENERS and \
            (_names_needling(reply) or v.benefit.occurs(reply)) and \
            not v.hedges.occurs(reply):
        return split
    return 0


_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]| - ")


def _clauses(text: str, tokens: list[Token]) -> list[int]:
    """Clause number of each token; clauses break at , ; : ( ) and dashes."""
    out, n, prev = [], 0, 0
    search = _CLAUSE_BREAK.search
    for tok in tokens:
        if search(text, prev, tok.start) is not None:  # between the tokens
            n += 1
        out.append(n)
        prev = tok.end
    return out


def _segments(tokens: list[Token], contrasts: frozenset[str],
              clause: list[int]) -> tuple[list[int], set[int]]:
    """Segment number of each token, split at contrast words; ``reversals`` holds the
    segments that start with but/however/yet (which overturn the segment before them). A
    sentence opening with although/while ends its first segment at the first clause break,
    and the main clause that follows overturns it like a "but" ("While research is limited,
    patients report relief")."""
    out, n, reversals = [], 0, set()
    main = None
    if tokens[0].norm in _SUBORDINATE and tokens[0].norm in contrasts:
        main = next((i for i, c in enumerate(clause) if c != clause[0]), None)
    for i, tok in enumerate(tokens):
        if i == main or (tok.norm in contrasts and i > 0):
            n += 1
            # "..., though the evidence is weak": a concession in mid-sentence withdraws what
            # came before it like a "but"
            if i == main or tok.norm in ("but", "however", "yet", "though", "although"):
                reversals.add(n)
        out.append(n)
    return out, reversals


def _negation_positions(tokens: list[Token], v: Vocabulary) -> list[int]:
    masked = {i for s, e in v.not_negations.spans(tokens) for i in range(s, e + 1)}
    for i, tok in enumerate(tokens):
        # "Whether it's neck pain or a sore shoulder, dry needling can help": a "whether
        # ... or" opening a clause means "in every case", not a doubt
        if tok.norm == "whether" and (i == 0 or tok.comma_before) and \
                any(t.norm == "or" for t in tokens[i + 1:]):
            masked.add(i)
        # "Yes it's needles, no it doesn't hurt", "No, it isn't painful": an answer "no"
        # (before a pronoun) says no to the question; what follows is the answer, whose own
        # negation still counts, unlike "No treatment works for everyone"
        if tok.norm == "no" and (i == 0 or tok.comma_before) and i + 1 < len(tokens) and \
                tokens[i + 1].norm in _PRONOUNS:
            masked.add(i)
    return [s for s, _ in v.negations.spans(tokens) if s not in masked] + \
        [i for i, t in enumerate(tokens) if t.norm.endswith("n't") and i not in masked]


def _negated(span: tuple[int, int], clause: list[int], negs: list[int],
             inside: set[int] = frozenset()) -> bool:
    """Whether a negation comes before ``span`` in its clause; one that is a word of the
    match itself (``inside``: "not the same & acupuncture") is what the phrase says."""
    start, end = span
    return any(i < start and clause[i] == clause[start] and start - i <= 12 for i in negs
               if not start <= i <= end and i not in inside)


def _hedged(first: int, segments: list[int], reversals: set[int], hedges: list[int],
            inside: set[int]) -> bool:
    seg = segments[first]
    for h in hedges:
        if h in inside:
            continue
        if segments[h] == seg or (segments[h] == seg + 1 and seg + 1 in reversals):
            return True
    return False


# what ends a name running on past its phrase ("Unlike acupuncture, it is ...",
# "Enhanced Performance: when muscles are ...")
_BREAK = re.compile(r"[^\s()\[\]'\"\u2019-]")


def _is_definition(tokens: list[Token], m: Match, text: str) -> bool:
    """"Sciatica is pain that ...": the condition is the subject of a copula. When another
    part of the claim's phrase comes after the copula ("A knot is a muscle stuck in
    contraction"), the definition states the claim and is not exempt."""
    start, end = m.spans[0][0]
    lead = [t for t in tokens[:start] if t.norm not in ("the", "a", "an")]
    if lead:
        return False
    # the name may run on past the phrase ("Achilles tendonitis is ...", "IT (iliotibial)
    # band syndrome is ..."): a few more words, with no verb or break among them
    copula = next((i for i in range(end + 1, min(end + 5, len(tokens)))
                   if tokens[i].norm in _COPULAS or tokens[i].norm in _FINITE or
                   _BREAK.search(text, tokens[i - 1].end, tokens[i].start)), None)
    if copula is None or tokens[copula].norm not in _COPULAS:
        return False
    return not any(min(s for s, _ in spans) > copula for spans in m.spans[1:])


_SUBORDINATE = frozenset("while although though whereas".split())
# words that may qualify the evidence before it without moving it from the start ("More
# high-quality randomised trials are needed"; a hyphen splits tokens), each seen there on the
# corpus or gate pages
_EVIDENCE_QUALIFIERS = frozenset("more further good high quality rigorous randomised randomized "
                                 "controlled clinical scientific".split())
# a frame that reports what was found about the evidence ("They found that scientific evidence
# linking dry needling to reduced low back pain was lacking"): it does not move the evidence
# from the start of what is said
_REPORTING = frozenset("found find finds showed shows concluded concludes noted notes reported "
                       "reports determined".split())
# words that join a phrase rather than build a name: "cycle of sustained contraction" is not a
# kind of "sustained contraction" the way "tension headache" is a kind of headache
_LINKS = frozenset("of to in on at for with from by as".split()) | DETERMINERS


def _evidence_scope(tokens: list[Token], clause: list[int], segments: list[int],
                    v: Vocabulary) -> set[int]:
    """Tokens of a statement about the state of the evidence ("Research on dry needling for
    migraine is limited", "Studies of it have produced conflicting results"): the subject is
    research, evidence or studies near the start of its part of the sentence and a limiting
    word is its predicate (after "is", "remain", "appear" ...) or qualifies "results". What
    such a sentence names is what the evidence is about, not a claim; the statement covers
    its segment (see ``_segments``: "While research is limited, many patients ...")."""
    subjects = v.evidence_subjects.spans(tokens)
    if not subjects:
        return set()
    limits = v.evidence_limits.spans(tokens)
    scope: set[int] = set()
    n = len(tokens)
    for p, p_end in subjects:
        seg = segments[p]
        first = segments.index(seg)
        said = next((i + 1 for i in range(p - 1, first, -1) if tokens[i].norm == "that" and
                     tokens[i - 1].norm in _REPORTING), None)
        if said is not None:
            first = said
        lead = [t for t in tokens[first:p] if t.norm not in DETERMINERS and
                t.norm not in _SUBORDINATE and t.norm not in ("but", "however", "yet") and
                t.norm not in _EVIDENCE_QUALIFIERS]
        if len(lead) > 2:
            continue
        for s, e in limits:
            if s <= p_end or segments[s] != seg:
                continue
            linked = any(t.norm in v.linking_verbs for t in tokens[max(p_end + 1, s - 3):s])
            results = e + 1 < n and v.result_nouns.occurs(tokens[e + 1:e + 2])
            if not (linked or results):
                continue
            scope.update(i for i in range(first, n) if segments[i] == seg)
            break
    return scope


def _offered_for(tokens: list[Token], clause: list[int], m: Match, offered: set[int]) -> bool:
    """Whether a condition is what a booking line offers the treatment for ("for your lower
    back pain", "help with a stiff neck"): an offer word at most three words before it."""
    if not offered:
        return False
    start = min(s for s, _ in m.spans[0])
    return any(i in offered and clause[i] == clause[start]
               for i in range(max(0, start - 4), start))


def _coordinated(tokens: list[Token]) -> bool:
    """Whether an "and", an "or" or a comma joins any of ``tokens`` to the word before it."""
    return any(t.norm in COORDINATORS or t.comma_before for t in tokens)


def _compound(span: tuple[int, int], tokens: list[Token]) -> bool:
    """A span that is one name ("tension headache", "jaw pain"), not a coordination."""
    s, e = span
    return e > s and not _coordinated(tokens[s + 1:e + 1]) and tokens[s].norm not in COORDINATORS


def _drop_consumed(kept: list[Match], matches: list[Match], tokens: list[Token]) -> list[Match]:
    """A word that belongs to the name of a condition is not free for another claim: in
    "Tension headaches respond to needling of the neck" the `tension` of `neck & tension`
    is the headache's, and in "Jaw pain can be eased" the `pain` of `ease & pain` is the
    jaw's. A generic claim loses any word of a condition's name; a condition claim only
    loses a word in front of the name's last word (so "knee osteoarthritis" keeps
    osteoarthritis to the rules of ``_drop_contained``)."""
    # ... and so is a word of the name of a harm, for any claim but another harm's: the
    # "effect" of "side effect" is no result ("This minor side effect can last up to three
    # days" promises no lasting results)
    names = [(m.claim, m.kind in SAFETY_KINDS, span) for m in matches
             if m.kind == "condition" or m.kind in SAFETY_KINDS
             for spans in m.spans for span in spans if _compound(span, tokens)]
    if not names:
        return kept
    out = []
    for m in kept:
        def taken(span: tuple[int, int]) -> bool:
            return any(claim != m.claim and ns <= span[0] and span[1] <= ne and
                       (ns, ne) != span and (m.kind != "condition" or span[1] < ne) and
                       not (harm and m.kind in SAFETY_KINDS)
                       for claim, harm, (ns, ne) in names)
        if any(all(taken(span) for span in spans) for spans in m.spans):
            continue
        out.append(m)
    return out


def _drop_described(kept: list[Match], matches: list[Match], clause: list[int]) -> list[Match]:
    """A word of a safety claim that describes a condition named just before it ("made my
    joint pain manageable", "left my back pain-free") says how the condition is, not how
    needling feels: it is not that claim."""
    ends = [e for m in matches if m.kind == "condition" for spans in m.spans for _, e in spans]
    if not ends:
        return kept

    def described(span: tuple[int, int]) -> bool:
        return any(0 < span[0] - e <= 2 and clause[e] == clause[span[0]] for e in ends)

    return [m for m in kept if not (m.kind in SAFETY_KINDS and
                                    all(all(described(s) for s in spans) for spans in m.spans))]


# what a sentence calls the needling when it says how it feels ("the sessions are pain-free"):
# the words of a method, and of the needle itself, by stem (plurals too)
_NEEDLING_STEMS = frozenset(stem(w) for w in _METHODS | {"session", "needle", "insertion",
                                                           "process", "experience"})
_FEEL_LINKS = frozenset("is are was were be being been feel feels felt remains".split())
# a state the needling brings the reader to is relief, not how the needling feels ("is the
# way to become pain-free", "gets you back to pain-free running")
_BRINGS_TO = frozenset("become becomes becoming get gets getting got stay stays staying live "
                       "lives living leave leaves left return returns returning back to make "
                       "makes made keep keeps kept you me them us patients people for towards "
                       "toward into achieve achieving enjoy enjoying".split())
# words that may follow "pain free" said of the needling ("pain free for most people", "pain
# free, although ..."); any other word after it is what the relief brings ("pain-free living")
_AFTER_STATE = frozenset("for and or but although though by in with as at during when while "
                         "if because since so most many almost nearly after once".split()) | \
    _PRONOUNS  # a new clause run on without a comma ("It's nearly pain free it's just ...")


def _painless_needling(tokens: list[Token], clause: list[int]) -> set[int]:
    """The places of "pain free" said of the needling itself ("his sessions are pain-free",
    "a mostly pain free treatment technique", "It is usually pain free although ..."): how the
    needling feels, not relief from pain."""
    out: set[int] = set()
    for i, t in enumerate(tokens):
        if not (t.norm == "pain" and i + 1 < len(tokens) and tokens[i + 1].norm == "free"):
            continue
        words = [i, i + 1]
        after = words[-1] + 1
        if after < len(tokens) and clause[after] == clause[i]:
            if tokens[after].stem in _NEEDLING_STEMS:
                out.update(words)  # "a virtually pain-free procedure"
                continue
            if tokens[after].norm not in _AFTER_STATE:
                continue  # "pain-free movement", "pain free living": what relief brings
        for k in range(i - 1, max(-1, i - 6), -1):
            if clause[k] != clause[i] or tokens[k].norm in _BRINGS_TO:
                break
            if tokens[k].norm == "it":  # "It's nearly pain free" (the 's is not kept)
                if not (k and tokens[k - 1].norm in _BRINGS_TO):  # not "made it pain free"
                    out.update(words)
                break
            if tokens[k].norm in _FEEL_LINKS:
                subject = [j for j in range(k - 1, max(-1, k - 3), -1) if clause[j] == clause[k]]
                if subject and tokens[subject[0]].norm in _PRONOUNS:
                    # "it is usually pain free" is the needling; "after needling it was
                    # finally pain free" is the knee the story is about
                    if tokens[subject[0]].norm == "it" and tokens[k].norm in ("is", "feels"):
                        out.update(words)
                elif any(tokens[j].stem in _NEEDLING_STEMS for j in subject):
                    out.update(words)
                break
    return out


def _drop_painless_needling(kept: list[Match], tokens: list[Token],
                            clause: list[int]) -> list[Match]:
    """A benefit claim whose words are only a "pain free" said of the needling itself is no
    promise of relief: the sentence says how the needling feels."""
    if not any(m.kind in BENEFIT_KINDS for m in kept):
        return kept
    places = _painless_needling(tokens, clause)
    if not places:
        return kept
    return [m for m in kept if not (m.kind in BENEFIT_KINDS and all(
        all(all(i in places for i in range(s, e + 1)) for s, e in spans) for spans in m.spans))]


def _modifies(longer: tuple[int, int], shorter: tuple[int, int], tokens: list[Token]) -> bool:
    """Whether ``longer`` is ``shorter`` with words in front ("tension headache" and
    "headache"), not a coordination ("headaches and migraine" and "migraine")."""
    if not (longer[0] < shorter[0] and shorter[1] == longer[1]):
        return False
    return not _coordinated(tokens[longer[0] + 1:shorter[0] + 1]) and \
        not any(t.norm in _LINKS for t in tokens[longer[0]:shorter[0]])


def _drop_contained(matches: list[Match], tokens: list[Token], cues: PhraseSet) -> list[Match]:
    """"tension headaches" also contains "headache": keep only the longer claim. A match is
    dropped when every place its name occurs is the end of another claim's longer name; a
    match of several parts only when its other parts are benefit words (`headache` of
    `relieve & headache` in "relieves tension-type headaches"), not when they name something
    ("neck and shoulder tension" is neck tension too)."""
    if len(matches) < 2:
        return matches
    # per claim: every place it was found, its kind, and the places where a whole one-part
    # phrase of it matched (a claim that lists the bare word, "osteoarthritis" for knee
    # pain, is a peer, not a more specific name: "knee osteoarthritis" stays both)
    places: dict[str, tuple[list[tuple[int, int]], str, list[tuple[int, int]]]] = {}
    for o in matches:
        spans_, _, bare = places.setdefault(o.claim, ([], o.kind, []))
        spans_.extend(s for spans in o.spans for s in spans)
        if len(o.spans) == 1:
            bare.extend(o.spans[0])
    keep = []
    for m in matches:
        others = [v for claim, v in places.items() if claim != m.claim]

        def named(s: tuple[int, int]) -> bool:
            # several parts: only a condition's name takes the word ("speed up healing" is
            # not a name)
            return any(_modifies(o_s, s, tokens) and s not in bare
                       for o_spans, kind, bare in others for o_s in o_spans
                       if len(m.spans) == 1 or kind == "condition")

        def cue_or_named(s: tuple[int, int]) -> bool:
            return cues.occurs(tokens[s[0]:s[1] + 1]) or named(s)

        if any(all(named(s) for s in spans) and
               all(cue_or_named(s) for j, more in enumerate(m.spans) if j != k for s in more)
               for k, spans in enumerate(m.spans)):
            continue
        keep.append(m)
    return keep
