"""The publish gate: can this sentence go out as it stands?

Each finding gets a severity from the claim's grade and the sentence's wording
(``strength.analyse``):

- ``error`` (fails by default): an unproven, contradicted or misleading claim asserted,
  hedged or not (a regulator reads "may help" as a claim too); a safety assurance ("completely
  safe", "no side effects"); a supported claim stated with a booster ("clinically proven",
  "cure") or widened beyond its evidence (lasting, better than another treatment, for
  everyone, instant, a number of patients); an absolute with no library claim behind it;
- ``warning``: a supported claim stated more strongly than its certainty allows, most often
  plainly ("Dry needling reduces neck pain" where the evidence allows "may reduce");
- ``ok``: hedged within what the certainty allows; a precaution, contraindication or risk
  statement (advice, not a benefit claim).

A sentence's worst finding decides it, and each sentence gets one ``rewrite``: the sentence
minimally edited to the strength and scope its evidence allows ("Dry needling may reduce neck
pain in the short term"), or, when no honest edit of its words exists (an unproven claim, a
comparison or a number), the curated wording of its worst claim. ``Items`` cuts a sentence into
the items of its list, so that the linter (which can tell which claims a shorter sentence
still makes) can take out the item that makes an unsupported claim and keep the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .strength import ALLOWED, STRENGTHS, Wording, analyse

SEVERITIES = ("error", "warning", "ok")
UNSUPPORTED = frozenset({"unproven", "contradicted", "misleading"})
# the pseudo-claim of an absolute that no library claim stands behind ("Guaranteed results!")
UNBACKED = "unbacked-absolute"
_RANK = {s: i for i, s in enumerate(STRENGTHS)}
_SAY = {"plain": "state it plainly", "probable": "say \"probably\"", "possible": "say \"may\"",
        "none": "make no benefit claim"}


@dataclass(frozen=True)
class Judgement:
    severity: str
    strength: str  # found: booster | plain | probable | possible | precaution | risk
    allowed: str  # plain | probable | possible | none
    reason: str
    scope: tuple[str, ...] = ()  # the words that widen the claim
    widened: tuple[str, ...] = ()  # how: duration, comparison, population, immediacy, numbers


RISK_INTENSIFIERS = frozenset({"always", "definitely", "undoubtedly", "completely", "totally",
                               "entirely"})


def judge(claim: str, kind: str, verdict: str, certainty: str, wording: Wording) -> Judgement:
    allowed = ALLOWED.get(certainty, "none")
    if kind in ("safety", "precaution") and wording.assurances:
        return Judgement("error", "booster", allowed,
                         f"\"{wording.assurances[0]}\" is a safety assurance: minor harms are "
                         "common after dry needling and serious ones rare, never none.",
                         wording.assurances)
    if kind == "precaution":
        return Judgement("ok", "precaution", allowed, "A precaution is advice to the reader, "
                         "not a benefit claim.")
    if wording.reported and not wording.assurances:
        return Judgement("ok", "reported", allowed, "Reports someone else's claim at a "
                         "distance; it is not the page's own promise.")
    # "There is always a small risk of bruising": an "always" or a "definitely" says how
    # sure the risk is, not how good the treatment is (a "guaranteed" or a "cure" still counts)
    if kind == "safety" and wording.risk and all(
            b.lower() in RISK_INTENSIFIERS for b in wording.boosters):
        return Judgement("ok", "risk", allowed, "A risk statement tells readers what can go "
                         "wrong; it is not a promise.")
    if verdict in UNSUPPORTED or claim == UNBACKED:
        what = "nothing in the library supports it" if claim == UNBACKED else \
            f"the claim is {verdict} ({certainty} certainty)"
        return Judgement("error", wording.strength, "none",
                         f"Asserts a claim that cannot be made, hedged or not: {what}.",
                         tuple(wording.boosters))
    if wording.boosters:
        return Judgement("error", "booster", allowed,
                         f"\"{wording.boosters[0]}\" claims more than {certainty}-certainty "
                         f"evidence allows: {_SAY[allowed]}.", wording.boosters)
    if wording.widened:
        kind_, words = next(iter(wording.widened.items()))
        why = {"duration": "the evidence is short-term", "comparison": "comparisons with other "
               "treatments show no clear advantage", "population": "trials show an average "
               "benefit, not one for everyone", "immediacy": "relief is not immediate for most "
               "people", "numbers": "no trial in the library reports that figure"}[kind_]
        return Judgement("error", wording.strength, allowed,
                         f"\"{words[0]}\" widens the claim beyond its evidence: {why}.",
                         tuple(wording.scope_words), tuple(wording.widened))
    if allowed == "none" or _RANK[wording.strength] > _RANK[allowed]:
        return Judgement("warning", wording.strength, allowed,
                         f"Stated more strongly than {certainty}-certainty evidence allows: "
                         f"{_SAY[allowed]}, and say for how long.")
    return Judgement("ok", wording.strength, allowed,
                     f"Hedged within what {certainty}-certainty evidence allows.")


def worst(severities) -> str:
    return min(severities, key=SEVERITIES.index, default="ok")


# -- one rewrite per sentence ---------------------------------------------------------------
class _Lazy:
    """A regular expression compiled when first used. The rewrite's patterns took several
    milliseconds to compile, in every process, and a draft with nothing to rewrite needs none
    of them."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args, self._compiled = (pattern, flags), None

    def _get(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def search(self, *args):
        return self._get().search(*args)

    def match(self, *args):
        return self._get().match(*args)

    def fullmatch(self, *args):
        return self._get().fullmatch(*args)

    def finditer(self, *args):
        return self._get().finditer(*args)

    def sub(self, *args):
        return self._get().sub(*args)


_DROP = _Lazy(r"\s*\b(?:completely|totally|entirely|permanently|instantly|immediately|"
              r"always|definitely|undoubtedly|for good|forever|once and for all|"
              r"100 ?%|straight away|right away|on the spot|"
              # the adjective of a result ("immediate effects", "instant relief")
              r"(?:immediate|instant|permanent)(?= (?:relief|results?|effects?|benefits?|"
              r"improvements?|changes?|fix|solution)))\b(?!-)", re.I)
# an absolute offered as the stronger alternative ("reduce or eliminate pain", "ease and even
# cure"): the hedged sentence keeps the first verb only
_OR_ABSOLUTE = _Lazy(r",?\s+(?:and|or)\s+(?:even\s+|completely\s+|totally\s+)?"
                     r"(?:eliminat(?:es?|ing)|eradicat(?:es?|ing)|cur(?:es?|ing)|"
                     r"get(?:s|ting)? rid of)\b", re.I)
# a booster standing alone ("..., guaranteed.", "a proven treatment") leaves with its comma
_BARE_BOOSTER = _Lazy(r",?\s*\b(?:clinically |scientifically )?(?:guaranteed|proven)\b"
                      r"(?! to)", re.I)
# a booster announcing the sentence ("It's proven: needling fixes ...", "Guaranteed -") goes
# with its announcement
_PROVEN_LEAD = _Lazy(r"^\W*(?:it'?s |it is |this is )?(?:clinically |scientifically )?"
                     r"(?:proven|guaranteed)\s*[:!\u2013\u2014-]\s*", re.I)
_PROVEN_TO = _Lazy(r"\b(?:is |are )?(?:absolutely |definitely )?"
                   r"(?:clinically |scientifically |medically )?"
                   r"(?:proven|guaranteed) to\b", re.I)
# "highly effective" says how big the effect is: the hedged sentence keeps only "effective"
_INTENSIFIER = _Lazy(r"\s*\b(?:highly|extremely|incredibly|remarkably|exceptionally|"
                     r"amazingly|hugely|very|really|so)\b(?= (?:effective|successful)\b)",
                     re.I)
_A_INTENSIFIED = _Lazy(r"\b([Aa]) (?:highly|extremely|incredibly|remarkably|exceptionally|"
                       r"amazingly|hugely|very|really|so) (?=effective\b)", re.I)
_CURE = _Lazy(r"\b(?:cures|eliminates|eradicates|gets rid of|fixes|will (?:cure|fix|"
              r"eliminate|eradicate|get rid of))\b", re.I)
# the words ``_DROP`` looks for, to skip it where none occurs
_DROPPED_WORDS = ("completely", "totally", "entirely", "permanent", "instant", "immediate",
                  "always", "definitely", "undoubtedly", "for good", "forever", "once and for",
                  "100", "away", "on the spot")
_LASTING = _Lazy(r"\b(?:long[- ]lasting|lasting|long[- ]term)\s+", re.I)
# the verbs of benefit a rewrite hedges, in the forms a sentence uses them. Word sets, not one
# alternation: a regular expression of them cost a millisecond to compile in every process
_BASES = ("reduce relieve ease improve treat help release restore boost provide give offer bring "
          "increase calm resolve heal loosen settle work alleviate decrease diminish lessen "
          "enhance promote stimulate accelerate deactivate inactivate normalise normalize "
          "optimise optimize encourage").split()
_VERB_WORDS = frozenset(_BASES) | frozenset(
    b + ("es" if b.endswith(("sh", "ch", "x", "ss", "z")) else "s") for b in _BASES)
# verbs of more than one word: the first word's forms, and the words that follow it
_VERB_PHRASES = {"speed": ("up",), "speeds": ("up",), "take": ("the", "edge", "off"),
                 "takes": ("the", "edge", "off"), "is": ("effective",), "are": ("effective",)}
_AUXILIARIES = frozenset({"can", "will", "does", "do"})
_ADVERBS = frozenset({"also", "even", "really", "often", "usually"})
_WORD_RE = _Lazy(r"[A-Za-z]+")


class _VerbAt:
    """A verb of benefit found in a text: where it starts (at its auxiliary, when it has one)
    and ends, the auxiliary the modal replaces and an adverb between them ("can also help",
    "can significantly reduce"). A plain class: a dataclass costs a millisecond to make."""

    __slots__ = ("start", "end", "aux", "adverb", "verb")

    def __init__(self, start: int, end: int, aux: str | None, adverb: str, verb: str) -> None:
        self.start, self.end, self.aux, self.adverb, self.verb = start, end, aux, adverb, verb


def _verbs_in(text: str):
    """Each verb of benefit in ``text``, in order."""
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(text)]

    def spaced(i: int, j: int) -> bool:  # words i and j (= i + 1) are one space apart
        return text[words[i][1]:words[j][0]] == " "

    for i, (s, e, w) in enumerate(words):
        low = w.lower()
        follow = _VERB_PHRASES.get(low)
        if follow is not None and i + len(follow) < len(words) and all(
                words[i + n][2].lower() == f and spaced(i + n - 1, i + n)
                for n, f in enumerate(follow, start=1)):
            e = words[i + len(follow)][1]
        elif low not in _VERB_WORDS:
            continue
        start, aux, adverb = s, None, ""
        if i >= 1 and spaced(i - 1, i):
            prev = words[i - 1][2].lower()
            if prev in _AUXILIARIES:
                start, aux = words[i - 1][0], words[i - 1][2]
            elif i >= 2 and (prev in _ADVERBS or prev.endswith("ly")) and spaced(i - 2, i - 1) \
                    and words[i - 2][2].lower() in _AUXILIARIES:
                start, aux, adverb = words[i - 2][0], words[i - 2][2], words[i - 1][2] + " "
        yield _VerbAt(start, e, aux, adverb, text[s:e])


# a verb joined to the hedged one ("may reduce pain and improves function") takes the modal's
# base form too, up to the end of the clause
_JOINS = _Lazy(r"(?:,\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)$", re.I)


def _joined_to_base(text: str) -> str:
    out, at = [], 0
    for v in _verbs_in(text):
        if v.aux is None and not v.verb.lower().startswith(("is ", "are ")) and \
                _JOINS.search(text, max(0, v.start - 8), v.start):
            out.append(text[at:v.start] + _base(v.verb))
            at = v.end
    return "".join(out) + text[at:]


_CLAUSE_END = _Lazy(r"[;:.!?]|,\s+(?:which|who|while|although|but|so)\b", re.I)
_TIME = _Lazy(r"\b(?:short[- ]term|for a (?:few|short) (?:weeks|while|time)|for a while|"
              r"weeks?|days?|months?|temporar\w+)\b", re.I)
_MODAL = {"plain": "", "probable": "probably ", "possible": "may ", "none": "may "}


def _base(verb: str) -> str:
    if verb.lower() in ("is effective", "are effective"):
        return "be effective"
    first, _, rest = verb.partition(" ")
    low = first.lower()
    if low.endswith("ies"):
        first = first[:-3] + "y"
    elif low.endswith(("sses", "xes", "ches", "shes", "zzes")):
        first = first[:-2]
    elif low.endswith("s") and not low.endswith("ss"):
        first = first[:-1]
    return f"{first} {rest}".strip()


def _hedged(sentence: str, allowed: str) -> str | None:
    """The sentence with boosters dropped and its first benefit verb hedged to ``allowed``;
    None when it has no verb to hedge."""
    low = sentence.lower()

    def has(*words: str) -> bool:  # a pattern is compiled only where its words occur
        return any(w in low for w in words)

    text = sentence
    if has("proven", "guarantee"):
        text = _PROVEN_TO.sub(" may", _PROVEN_LEAD.sub("", text))
    if has("elimin", "eradic", "cur", "rid of", "fix"):
        text = _CURE.sub(lambda m: "may ease" if m.group(0).lower().split()[-1] in (
            "cures", "fixes", "cure", "fix") else "may reduce", _OR_ABSOLUTE.sub("", text))
    if has("effective", "successful"):
        # "a highly effective" becomes "an effective"
        text = _INTENSIFIER.sub("", _A_INTENSIFIED.sub(r"\1n ", text))
    if has(*_DROPPED_WORDS):
        text = _DROP.sub("", text)
    if has("lasting", "long"):
        text = _LASTING.sub("", text)
    if has("proven", "guarantee"):
        text = _BARE_BOOSTER.sub("", text)
    text = re.sub(r"\bmay may\b", "may", re.sub(r"\s{2,}", " ", text)).strip()
    text = re.sub(r"\s*,\s*([.!?]|$)", r"\1", text)
    if re.search(r"\b(?:may|might|could|probably|likely)\b", text, re.I) and \
            allowed in ("possible", "none", "probable"):
        return text
    m = next(_verbs_in(text), None)
    if m is None:
        return _hedged_copula(text, allowed)
    modal = _MODAL[allowed]
    if not modal:
        return text
    verb, adverb = m.verb, m.adverb
    if m.start == 0:  # the modal now opens the sentence ("Improves mobility")
        verb = verb[:1].lower() + verb[1:]
    elif verb[:1].isupper():  # a title ("Dry Needling Works Best ...")
        modal = modal.capitalize()
    if m.aux is None:
        to = _infinitive(text, m.start)
        if to is not None:
            # a purpose ("a technique used to relieve pain"): "to may relieve" is no
            # English, and the infinitive takes an adverb ("used to potentially relieve
            # pain"); a verb joined to an earlier one ("to induce a twitch and relieve
            # pain") takes it at that one's "to"
            hedge = "probably " if modal == "probably " else "potentially "
            return text[:to] + hedge + text[to:]
    start = m.start
    if m.aux is None and not adverb:
        # "This also reduces pain": the modal goes before the adverb ("may also reduce")
        before = re.search(r"\b(?:also|even|often|usually|really) $", text[:start], re.I)
        if before is not None:
            adverb, start = before.group(0), before.start()
    if modal == "probably ":
        if verb.lower() in ("is effective", "are effective"):  # "is probably effective"
            be, _, rest = verb.partition(" ")
            return text[:start] + f"{be} {adverb}{modal}{rest}" + text[m.end:]
        # "can help" becomes "can probably help" (the verb keeps the auxiliary's form)
        aux = f"{m.aux} " if m.aux else ""
        return text[:start] + aux + modal + adverb + verb + text[m.end:]
    rest = text[m.end:]
    end = _CLAUSE_END.search(rest)
    cut = end.start() if end else len(rest)
    rest = _joined_to_base(rest[:cut]) + rest[cut:]
    return text[:start] + modal + adverb + _base(verb) + rest


# a claim made with "to be" ("Dry needling is safe when ...", "It is an effective treatment
# for ...") where no verb of benefit is: "is" takes the modal ("may be safe", "is probably an
# effective treatment"), and an intensifier goes ("very safe")
_COPULA = _Lazy(r"\b(is|are)\s+(?:(?:very|highly|extremely|really|quite|incredibly|remarkably|"
                r"exceptionally|particularly|especially|so)\s+)?(?=(?:(?:a|an)\s+)?(?:(?:very|"
                r"highly|extremely|really|quite|incredibly|remarkably|exceptionally|particularly|"
                r"especially|so)\s+)?(?:safe|effective|beneficial|helpful|successful|useful|"
                r"valuable|ideal|great|excellent|good)\b)", re.I)
_INTENSIFIED = _Lazy(r"\b(?:very|highly|extremely|really|quite|incredibly|remarkably|"
                     r"exceptionally|particularly|especially|so)\s+(?=(?:safe|effective|"
                     r"beneficial|helpful|successful|useful|valuable|ideal|great|excellent|"
                     r"good)\b)", re.I)


def _hedged_copula(text: str, allowed: str) -> str | None:
    """``text`` with its claim made with "to be" hedged to ``allowed``; None when it has
    none."""
    low = text.lower()
    if not any(w in low for w in ("safe", "effective", "benefic", "helpful", "success", "useful",
                                  "valuable", "ideal", "great", "excellent", "good")):
        return None
    m = _COPULA.search(text)
    if m is None:
        return None
    modal = _MODAL[allowed]
    if not modal:
        return text
    be = m.group(1)
    rest = _INTENSIFIED.sub("", text[m.end(1):], 1)
    said = f"{be} probably" if modal == "probably " else "may be"
    if be[:1].isupper():
        said = said[:1].upper() + said[1:]
    return text[:m.start(1)] + said + rest


_JOINER = _Lazy(r"\s(?:and|or)\s$|,\s$", re.I)
_TO = _Lazy(r"\bto\s", re.I)


def _infinitive(text: str, at: int) -> int | None:
    """Where the verb at offset ``at`` takes an adverb if it is an infinitive: just after
    its "to", or after the "to" of the earlier verb it is joined to ("to induce a twitch and
    relieve pain"); None when it is not one."""
    before = text[:at]
    if before.lower().endswith("to "):
        return at
    if _JOINER.search(before) is None:
        return None
    clause = max((c.end() for c in re.finditer(r"[;:.!?]", before)), default=0)
    tos = [t.end() for t in _TO.finditer(before, clause)]
    return tos[-1] if tos else None


# a lead-in's closing connective ("eases back pain by:"): the time frame goes before it
_LEAD_END = _Lazy(r"(?:\s+(?:by|through|via|with|including|such as|because|as follows))?"
                  r"\s*:\s*$", re.I)


# a clause after the claim ("..., no matter how long you've had it", "so you can get on with
# life"): the time frame belongs to the claim, before it
_AFTER_CLAIM = _Lazy(r"(?:,\s*|\s+)(?=(?:so (?:you|that|your|we|it|they|the|our)|which|but|"
                     r"because|allowing|helping|making|letting|no matter|whatever|"
                     r"whether|as long as|while|although|even if|even though|meaning)\b)",
                     re.I)
_HEDGE = _Lazy(r"\b(?:may|might|could|probably|likely|potentially)\b", re.I)


def _in_short_term(text: str) -> str:
    if _TIME.search(text):
        return text
    lead = _LEAD_END.search(text)
    if lead is not None:
        return text[:lead.start()] + " in the short term" + text[lead.start():]
    hedge = _HEDGE.search(text)
    after = _AFTER_CLAIM.search(text, hedge.end()) if hedge is not None else None
    if after is not None:
        return text[:after.start()] + " in the short term" + text[after.start():]
    m = re.search(r"[.!]*\s*$", text)
    return text[:m.start()] + " in the short term" + (m.group(0).strip() or ".")


def fallback(judged: list[tuple[Judgement, str, bool]]) -> str:
    """The curated wording of the worst of ``judged``: the rewrite when no edit is honest."""
    return min(judged, key=lambda j: SEVERITIES.index(j[0].severity))[1]


def rewrite(sentence: str, judged: list[tuple[Judgement, str, bool]]) -> str:
    """One safer version of ``sentence`` for all its findings: ``judged`` holds each
    finding's judgement, the curated wording of its claim and whether its evidence is
    short-term only."""
    bad = [(j, suggestion) for j, suggestion, _ in judged if j.severity != "ok"]
    if not bad:
        return " ".join(sentence.split())
    worst_suggestion = fallback(judged)
    # no edit of the words makes a comparison, a population or a number honest
    if any(j.allowed == "none" or j.strength in ("precaution", "risk") or
           {"comparison", "population", "numbers"} & set(j.widened) for j, _ in bad):
        return worst_suggestion
    allowed = min((j.allowed for j, _ in bad), key=lambda a: _RANK.get(a, -1))
    text = _hedged(" ".join(sentence.split()), allowed)
    if text is None or not _honest(text, allowed):
        return worst_suggestion
    if any(short for _, _, short in judged):
        text = _in_short_term(text)
    return text[:1].upper() + text[1:]


# each group of the rewrite's patterns, after the words without which none of them matches
_DROPS = ((("proven", "guarantee"), (_PROVEN_LEAD, _PROVEN_TO, _BARE_BOOSTER)),
          (("elimin", "eradic", "cur", "rid of", "fix"), (_CURE, _OR_ABSOLUTE)),
          (("effective", "successful"), (_INTENSIFIER,)),
          (_DROPPED_WORDS, (_DROP,)),
          (("lasting", "long"), (_LASTING,)))


def drops_words(sentence: str) -> bool:
    """Whether the rewrite takes words out of ``sentence`` (a booster, an "instant", a
    "permanent"...), which may take an unsupported claim made of them with it ("clinically
    proven" is the claim that the evidence is strong)."""
    low = sentence.lower()
    return any(any(w in low for w in words) and any(p.search(sentence) for p in patterns)
               for words, patterns in _DROPS)


def _honest(text: str, allowed: str) -> bool:
    """Whether the edited sentence says no more than ``allowed``: a booster, a safety
    assurance or a widening the edits could not take out ("relatively painless", "unequaled",
    "after a single session") would fail the sentence offered as the fix, so the curated
    wording is offered instead."""
    wording = analyse(text)
    return not (wording.boosters or wording.assurances or wording.widened) and \
        _RANK[wording.strength] <= _RANK.get(allowed, _RANK["possible"])


# -- taking an unsupported claim out of a list ------------------------------------------------
# "restores function, increases blood flow, and relieves pain": the items of a list, between
# commas and a closing "and"/"or"; the first item carries the sentence's subject and verb
_ITEM_SEP = _Lazy(r",\s+(?:and|or)\s+|,\s+|\s+(?:and|or)\s+", re.I)
_TAIL = _Lazy(r"[.!?]*\s*$")
MAX_ITEMS = 8  # a longer list is not trimmed: each item tried costs a detection
# an item of a list of benefits opens with the verb of one ("increase blood flow", "releases
# endorphins", "improving circulation")
_ITEM_STEMS = frozenset((
    "reduc reliev eas improv treat help releas restor boost increas calm resolv heal speed "
    "loosen settl alleviat decreas diminish lessen relax enhanc promot stimulat accelerat "
    "deactivat inactivat normalis normaliz optimis optimiz encourag flush remov break reset "
    "correct prevent stop eliminat activat unlock support rebalanc realign detox strengthen "
    "balanc regulat rebuild repair regenerat lower rais open send get shorten ward").split())
_ITEM_ENDINGS = ("", "e", "es", "s", "ed", "d", "ing")  # a verb's forms, not "relaxation"


def _item_verb(word: str) -> bool:
    """Whether ``word`` is a verb of benefit that opens an item of a list ("increase blood
    flow", "releases endorphins", "improving circulation")."""
    low = word.lower()
    return any(low.endswith(end) and low[:len(low) - len(end)] in _ITEM_STEMS
               for end in _ITEM_ENDINGS)


def _opens_with_verb(piece: str) -> bool:
    m = _WORD_RE.match(piece.strip())
    return m is not None and _item_verb(m.group(0)) and \
        not piece.strip()[m.end():m.end() + 1].isalnum()


_CONJUNCTION = _Lazy(r"\b(?:and|or)\b", re.I)
_LISTS_AFTER = _Lazy(r"\b(?:for|including|includes?|such as|like|with|treats?|treating|"
                     r"treatment of)\s+\S+(?:\s+\S+){0,3}$", re.I)
_PREDICATE = _Lazy(r"\b(?:is|are|was|were|has|have|had)\b", re.I)
# an item of a list of conditions is a short name ("sports injuries", "even headaches", "the
# lower back"), not a clause ("which helps", "we treat")
_CLAUSE_OPENERS = frozenset((
    "which that who whom whose while although though but so because as when where if it they "
    "we you i he she this these those there our your its their dry needling is are was were "
    "can may will").split())
_NAME_WORD = _Lazy(r"[\w'\u2019()/-]+")


def _is_name(piece: str) -> bool:
    words = piece.split(" ")
    lead = re.match(r"\w*", piece).group(0).lower()
    return 1 <= len(words) <= 5 and lead not in _CLAUSE_OPENERS and \
        all(_NAME_WORD.fullmatch(w) for w in words)


def _form(item: str) -> str:
    """The form of an item's verb: "ing", "ed", "s" or the base ("relieving", "improved",
    "reduces", "reduce"); one list keeps one form."""
    word = item.split(None, 1)[0].lower()
    for end in ("ing", "ed"):
        if word.endswith(end):
            return end
    return "s" if word.endswith("s") and not word.endswith("ss") else "base"


class Items:
    """A sentence cut into the items of its list: ``parts[0]`` holds the subject and the verb
    (and every clause before the list); each later part opens with a verb of benefit, all in
    one form, or, in a closing list of conditions, is a short name; ``seps[k]`` joins
    ``parts[k]`` to ``parts[k + 1]``; ``tail`` is the closing punctuation."""

    __slots__ = ("parts", "seps", "tail", "lead")  # a plain class, as ``_VerbAt``

    def __init__(self, parts: tuple[str, ...], seps: tuple[str, ...], tail: str,
                 lead: int | None = None) -> None:
        self.parts, self.seps, self.tail = parts, seps, tail
        # where in ``parts[0]`` the list's first item begins, when it is a verb of benefit
        # in the list's form after the subject ("Dry needling | releases endorphins, ..."):
        # that item may leave too, and the subject takes the next one
        self.lead = lead

    def __repr__(self) -> str:
        return f"Items(parts={self.parts!r}, seps={self.seps!r}, tail={self.tail!r}, " \
               f"lead={self.lead!r})"

    @classmethod
    def of(cls, sentence: str) -> "Items | None":
        """The list of benefits in ``sentence`` ("restores function, increases blood flow
        and relieves pain") or, failing one, its closing list of conditions ("including
        chronic pain, sports injuries, tendonitis, and even headaches"); None when it has
        neither."""
        tail = _TAIL.search(sentence)
        body, end = sentence[:tail.start()], sentence[tail.start():].strip()
        if body.rstrip().endswith(":"):
            return None  # a lead-in: what follows the list belongs to all of it
        pieces, seps, at = [], [], 0
        for m in _ITEM_SEP.finditer(body):
            pieces.append(body[at:m.start()])
            seps.append(m.group(0))
            at = m.end()
        pieces.append(body[at:])
        if len(pieces) < 2 or not all(p.strip() for p in pieces) or \
                _PREDICATE.search(pieces[-1]):
            # "decreased pain and improved mobility is immediate": the list is the subject
            return None
        return cls._of_verbs(pieces, seps, end) or cls._of_names(pieces, seps, end)

    @classmethod
    def _of_verbs(cls, pieces: list[str], seps: list[str], end: str) -> "Items | None":
        parts, joins = [pieces[0]], []
        after_name = False  # the piece before was a name, not an item
        for sep, piece in zip(seps, pieces[1:]):
            # "pain reduction, restoration and healing of tissue": an "-ing" word joined by a
            # bare "and" to a name is a name too
            gerund = after_name and "," not in sep and _form(piece.strip()) == "ing"
            if _opens_with_verb(piece) and not gerund:
                parts.append(piece)
                joins.append(sep)
                after_name = False
            else:
                after_name = True
                # no item of the list: part of the one before ("pain and tension", "At its
                # core, dry needling ...", "a strong, pain free lifestyle")
                parts[-1] += sep + piece
        forms = {_form(p.strip()) for p in parts[1:]}
        if not 2 <= len(parts) <= MAX_ITEMS or len(forms) != 1:
            return None
        # the first item: the last verb of benefit in the list's form, after a subject and
        # with nothing between it and the list but its object ("Dry needling can release
        # endorphins, ...")
        lead = None
        verbs = [m for m in _WORD_RE.finditer(parts[0])
                 if m.start() > 0 and _item_verb(m.group(0)) and _form(m.group(0)) in forms]
        if verbs and not re.search(r"[,;:]", parts[0][verbs[-1].start():]):
            lead = verbs[-1].start()
        return cls(tuple(parts), tuple(joins), end, lead)

    @classmethod
    def _of_names(cls, pieces: list[str], seps: list[str], end: str) -> "Items | None":
        # the run of short names that closes the sentence, its last one joined by "and"/"or"
        if not _CONJUNCTION.search(seps[-1]):
            return None
        first = len(pieces)
        while first > 1 and _is_name(pieces[first - 1].strip()) and \
                not _opens_with_verb(pieces[first - 1]):  # a verb in another form
            first -= 1
        if first == len(pieces) or len(pieces) - first + 1 > MAX_ITEMS:
            return None
        head = pieces[0] + "".join(sep + piece for sep, piece in
                                   zip(seps[:first - 1], pieces[1:first]))
        if not any(sep.startswith(",") for sep in seps[first - 1:]) and \
                not _LISTS_AFTER.search(head):
            # neither commas nor a word that opens a list ("for neck pain and sciatica"):
            # "is a safe and effective alternative ... and less ..." lists no names
            return None
        return cls((head, *pieces[first:]), tuple(seps[first - 1:]), end)

    def where(self, k: int) -> tuple[int, int]:
        """Where item ``k`` lies in the sentence (item 0: from ``lead`` to its end)."""
        at = len(self.parts[0])
        if k == 0:
            return (self.lead if self.lead is not None else 0), at
        for j in range(1, k):
            at += len(self.seps[j - 1]) + len(self.parts[j])
        at += len(self.seps[k - 1])
        return at, at + len(self.parts[k])

    def droppable(self) -> list[int]:
        """The items that may leave, last first (never the first part). An item whose verb
        shares its object with the verb before it ("to reduce or restore impairments") does
        not leave alone: it would take that object away."""
        later = [k for k in range(len(self.parts) - 1, 0, -1)
                 if _CONJUNCTION.search(self.seps[k - 1]) is None or
                 "," in self.seps[k - 1] or
                 not _item_verb((self.parts[k - 1].split() or ["-"])[-1])]
        return later + [0] if self.lead is not None else later

    def without(self, dropped: set[int]) -> str:
        """The sentence less the items ``dropped``, each with the separator before it, and
        the list closed again by its conjunction: "A, B, and C" less B is "A and C", less C
        "A and B"."""
        kept = [k for k in range(1, len(self.parts)) if k not in dropped]
        first = self._first_in_list()
        out = self.parts[0]
        if 0 in dropped and self.lead is not None and kept:
            # the subject takes the next item: "Dry needling releases endorphins and reduces
            # pain" less its first item is "Dry needling reduces pain"
            first = True
            out = self.parts[0][:self.lead] + self.parts[kept.pop(0)]
        members = len(kept) + first
        closing = _CONJUNCTION.search(self.seps[-1])
        for n, k in enumerate(kept, start=1):
            sep = self.seps[k - 1]
            if n == len(kept) and closing is not None and (first or n > 1):
                # the list's last item takes its conjunction, with a comma only where the
                # list still has three items or more (and had one before)
                sep = (", " if members >= 3 and self.seps[-1].startswith(",") else " ") + \
                    closing.group(0) + " "
            out += sep + self.parts[k]
        # what a dropped item leaves behind: a dash that opened an aside, a doubled "and"
        out = re.sub(r"\b(and|or),?\s+(?:and|or)\b", r"\1", re.sub(r"\s*[-\u2013\u2014,]\s*$",
                                                                  "", out), flags=re.I)
        return out + (self.tail or "")

    def _first_in_list(self) -> bool:
        """Whether the list's first item ends ``parts[0]`` ("helps restore function, increase
        blood flow ...") rather than starting at ``parts[1]`` ("inactivates trigger points,
        relieving pain, reducing tension ..."): a list of "-ing" items after a comma starts
        there, unless an "-ing" word closes ``parts[0]`` too ("by relieving pain, ...")."""
        if _form(self.parts[1].strip()) != "ing" or _CONJUNCTION.search(self.seps[0]):
            return True
        return any(w.lower().endswith("ing") for w in self.parts[0].split()[-3:])
