"""One rewrite per sentence: the sentence the gate offers in place of one it fails or warns on.

The sentence itself, minimally edited to the strength and scope its evidence allows (GRADE's
wording: "may reduce" for low certainty): boosters, widening words and the evidence announced
as showing it ("Studies have shown that") dropped, its verb of benefit hedged ("used to
potentially treat", "a technique for potentially relieving", "may be safe", "probably
reduces"), "in the short term" added when the evidence is short-term only ("Dry needling
may reduce neck pain in the short term"). When no honest edit of its words exists (an unproven claim, a comparison, a
number, a booster the edits cannot take out), the curated wording of its worst claim. The
linter, which can tell which claims an edited sentence still makes, also takes an unsupported
claim out with its list item (``lists.Items``), with the words the edit drops
(``drops_words``, ``edited``) or with both, and offers no edit in which an unsupported claim is
still read.
"""

from __future__ import annotations

import re

from .._lazy import LazyPattern as _Lazy
from .gate import SEVERITIES, Judgement
from .strength import STRENGTHS, analyse

_RANK = {s: i for i, s in enumerate(STRENGTHS)}


def _any_of(words) -> str:
    """One alternation of ``words``, for patterns built from the word lists below."""
    return "(?:" + "|".join(words) + ")"


# absolutes the hedged sentence drops ("completely", "for good", "right away"), and the adjectives
# of a result it drops ("immediate effects", "instant relief")
_ABSOLUTES = ("completely", "totally", "entirely", "permanently", "instantly", "immediately",
              "always", "definitely", "undoubtedly", "for good", "forever", "once and for all",
              "straight away", "right away", "on the spot")
_RESULT_ADJECTIVES = ("immediate", "instant", "permanent")
_DROP = _Lazy(r"\s*\b(?:" + "|".join(_ABSOLUTES) + r"|100 ?%|" +
              _any_of(_RESULT_ADJECTIVES) + r"(?= (?:relief|results?|effects?|benefits?|"
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
# certainty claimed of the evidence announcing the claim ("Research clearly shows that ...")
# goes with its announcement: the hedge then says what the evidence allows
_CLEARLY_LEAD = _Lazy(r"^\W*(?:new |recent |the )?(?:research|studies|science|evidence|"
                      r"trials?) (?:now )?clearly (?:shows?|showed|demonstrates?|proves?) "
                      r"(?:that )?", re.I)
# the evidence announcing the claim as shown ("Studies have shown that ...", "Research shows
# ...") goes with its announcement, as "clearly shows" does: that the evidence shows it is a
# claim of its own (``science-backed``), and the hedge says what the evidence allows
_SHOWN_LEAD = _Lazy(r"^\W*(?:new |recent |the |many |numerous |several |multiple )?"
                    r"(?:research(?: studies)?|studies|science|evidence|clinical trials|"
                    r"trials) (?:has |have )?(?:now |also )?(?:(?:shows?|showed|shown|"
                    r"demonstrates?|demonstrated|proves?|proved|proven|confirms?|confirmed) "
                    r"(?:that )?|supports? that )", re.I)
# "has been shown to reduce", "was proven to reduce" say the evidence shows it: "may reduce"
# says what it allows
_SHOWN_TO = _Lazy(r"\s*\b(?:(?:has|have|had)(\s+also)?\s+been|(?:is|are|was|were)(\s+also)?)"
                  r"\s+(?:clinically\s+|scientifically\s+)?(?:shown|demonstrated|found|proven|"
                  r"proved)\s+to\b", re.I)


def _shown_to_may(m: re.Match) -> str:
    return " may" + (m.group(1) or m.group(2) or "")


_PROVEN_TO = _Lazy(r"\b(?:is |are )?(?:absolutely |definitely )?"
                   r"(?:clinically |scientifically |medically )?"
                   r"(?:proven|guaranteed) to\b", re.I)
# words that say how big an effect is ("highly effective", "very safe"), and the adjectives of
# a claim made with "to be" ("is safe", "is an effective treatment")
_INTENSIFIERS = ("highly", "extremely", "incredibly", "remarkably", "exceptionally", "very",
                 "really", "so")
_PREDICATES = ("safe", "effective", "beneficial", "helpful", "successful", "useful", "valuable",
               "ideal", "great", "excellent", "good")
# "highly effective" says how big the effect is: the hedged sentence keeps only "effective"
_SIZE_RE = _any_of(_INTENSIFIERS + ("amazingly", "hugely"))
_INTENSIFIER = _Lazy(r"\s*\b" + _SIZE_RE + r"\b(?= (?:effective|successful)\b)", re.I)
_A_INTENSIFIED = _Lazy(r"\b([Aa]) " + _SIZE_RE + r" (?=effective\b)", re.I)
_CURE = _Lazy(r"\b(?:cures|eliminates|eradicates|gets rid of|fixes|will (?:cure|fix|"
              r"eliminate|eradicate|get rid of))\b", re.I)
_LASTING = _Lazy(r"\b(?:long[- ]lasting|lasting|long[- ]term)\s+", re.I)


def _cure_to_hedge(m: re.Match) -> str:
    return "may ease" if m.group(0).lower().split()[-1] in ("cures", "fixes", "cure", "fix") \
        else "may reduce"


_PROVEN = ("proven", "guarantee")
_CURES = ("elimin", "eradic", "cur", "rid of", "fix")
# the edits that drop words, in the order they are made, each after the words without which
# its pattern cannot match
_SHOWN = ("show", "demonstrat", "prove", "confirm", "support")
_EDITS = ((_PROVEN, _PROVEN_LEAD, ""), (("clearly",), _CLEARLY_LEAD, ""),
          (_SHOWN, _SHOWN_LEAD, ""), (_SHOWN + ("found",), _SHOWN_TO, _shown_to_may),
          (_PROVEN, _PROVEN_TO, " may"),
          (_CURES, _OR_ABSOLUTE, ""), (_CURES, _CURE, _cure_to_hedge),
          (("effective",), _A_INTENSIFIED, r"\1n "),  # "a highly effective" -> "an effective"
          (("effective", "successful"), _INTENSIFIER, ""),
          (_ABSOLUTES + _RESULT_ADJECTIVES + ("100",), _DROP, ""),
          (("lasting", "long"), _LASTING, ""), (_PROVEN, _BARE_BOOSTER, ""))
# the verbs of benefit a rewrite hedges, in the forms a sentence uses them. Word sets, not one
# alternation: a regular expression of them cost a millisecond to compile in every process
_BASES = ("reduce relieve ease improve treat help release restore boost provide give offer bring "
          "increase calm resolve heal loosen settle work alleviate decrease diminish lessen "
          "enhance promote stimulate accelerate deactivate inactivate normalise normalize "
          "optimise optimize encourage assist").split()
_VERB_WORDS = frozenset(_BASES) | frozenset(
    b + ("es" if b.endswith(("sh", "ch", "x", "ss", "z")) else "s") for b in _BASES)
# verbs of more than one word: the first word's forms, and the words that follow it
_VERB_PHRASES = {"speed": ("up",), "speeds": ("up",), "take": ("the", "edge", "off"),
                 "takes": ("the", "edge", "off"), "is": ("effective",), "are": ("effective",)}
_AUXILIARIES = frozenset({"can", "will", "does", "do"})
_ADVERBS = frozenset({"also", "even", "really", "often", "usually"})
_ADVERB_RE = _any_of(sorted(_ADVERBS))  # for the patterns that look before a verb
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
        return ("Be " if verb[:1].isupper() else "be ") + verb.partition(" ")[2]
    first, _, rest = verb.partition(" ")
    low = first.lower()
    if low.endswith("ies"):
        first = first[:-3] + "y"
    elif low.endswith(("sses", "xes", "ches", "shes", "zzes")):
        first = first[:-2]
    elif low.endswith("s") and not low.endswith("ss"):
        first = first[:-1]
    return f"{first} {rest}".strip()


def edited(sentence: str) -> str:
    """``sentence`` with the edits of ``_EDITS`` made: boosters, absolutes and the evidence's
    announcements out, "cures" and "proven to" hedged; its first letter as it was."""
    low = sentence.lower()
    text = sentence
    for words, pattern, replacement in _EDITS:
        if any(w in low for w in words):  # a pattern is compiled only where its words occur
            text = pattern.sub(replacement, text)
    text = re.sub(r"\bmay may\b", "may", re.sub(r"\s{2,}", " ", text)).strip()
    return re.sub(r"\s*,\s*([.!?]|$)", r"\1", text)


def _hedged(sentence: str, allowed: str) -> str | None:
    """The sentence with boosters dropped and its first benefit verb hedged to ``allowed``;
    None when it has no verb to hedge."""
    text = edited(sentence)
    if re.search(r"\b(?:may|might|could|probably|likely)\b", text, re.I) and \
            allowed in ("possible", "none", "probable"):
        return text
    m = next(_verbs_in(text), None)
    if m is None:
        return _hedged_copula(text, allowed) or _hedged_gerund(text, allowed)
    modal = _MODAL[allowed]
    if not modal:
        return text
    if m.aux is None and _AFTER_AUXILIARY.search(text, 0, m.start):
        return None  # "has reduce", "was help": no modal fits a verb no auxiliary takes
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
            hedge = "probably " if allowed == "probable" else "potentially "
            return text[:to] + hedge + text[to:]
    start = m.start
    if m.aux is None and not adverb:
        # "This also reduces pain": the modal goes before the adverb ("may also reduce")
        before = _ADVERB_BEFORE.search(text, 0, start)
        if before is not None:
            adverb, start = before.group(0), before.start()
    if allowed == "probable":
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
_DEGREE_RE = _any_of(_INTENSIFIERS + ("quite", "particularly", "especially"))
_PREDICATE_RE = _any_of(_PREDICATES) + r"\b"
_COPULA = _Lazy(r"\b(is|are|can be|will be)\s+(?:" + _DEGREE_RE + r"\s+)?(?=(?:(?:a|an)\s+)?(?:" +
                _DEGREE_RE + r"\s+)?" + _PREDICATE_RE + ")", re.I)
_INTENSIFIED = _Lazy(r"\b" + _DEGREE_RE + r"\s+(?=" + _PREDICATE_RE + ")", re.I)


# a verb of benefit named as what something is for ("a technique for relieving pain", "helps
# in reducing tension"): it takes the hedge as an adverb, as an infinitive does
_RATED = _Lazy(r"\b(?:effective|effectiveness|efficacy|efficacious|success|successful|"
               r"best|better|more|most|superior|proven)\b", re.I)
_GERUND = _Lazy(r"\b(?:for|in|at|by|of)\s+(?=([A-Za-z]+)ing\b)", re.I)


def _hedged_gerund(text: str, allowed: str) -> str | None:
    """``text`` with the first verb of benefit it names after a preposition hedged with an
    adverb ("for potentially relieving pain"); None when it names none."""
    for m in _GERUND.finditer(text):
        if not text[:m.start()].strip():
            continue  # "In treating back pain, we ...": the sentence's setting, not its claim
        if _RATED.search(text, 0, m.start()):
            # "is effective for treating", "the best treatment for treating": the claim's
            # strength is in that word, which an adverb on the verb does not hedge
            return None
        stem = m.group(1).lower()
        # "relieving" is "reliev" + "ing", whose base is "relieve"; "reducing", "easing" too
        if stem in _VERB_WORDS or stem + "e" in _VERB_WORDS:
            hedge = "probably " if allowed == "probable" else "potentially "
            return text[:m.end()] + hedge + text[m.end():] if _MODAL[allowed] else text
    return None


def _hedged_copula(text: str, allowed: str) -> str | None:
    """``text`` with its claim made with "to be" hedged to ``allowed``; None when it has
    none."""
    low = text.lower()
    if not any(w in low for w in _PREDICATES):
        return None
    m = _COPULA.search(text)
    if m is None:
        return None
    modal = _MODAL[allowed]
    if not modal:
        return text
    be = m.group(1)
    rest = _INTENSIFIED.sub("", text[m.end(1):], 1)
    if " " in be:  # "can be beneficial": "may be", or "can probably be"
        aux = be.split()[0]
        said = f"{aux} probably be" if allowed == "probable" else "may be"
    else:
        said = f"{be} probably" if allowed == "probable" else "may be"
    if be[:1].isupper():  # a title ("Dry Needling Is Effective ..."): each word
        said = said.title()
    return text[:m.start(1)] + said + rest


_JOINER = _Lazy(r"\s(?:and|or)\s$|,\s$", re.I)
_TO = _Lazy(r"\bto\s", re.I)
_TO_BEFORE = _Lazy(r"\bto (?:" + _ADVERB_RE + r" )?$", re.I)
_ADVERB_BEFORE = _Lazy(r"\b" + _ADVERB_RE + r" $", re.I)


def _infinitive(text: str, at: int) -> int | None:
    """Where the verb at offset ``at`` takes an adverb if it is an infinitive: just after
    its "to", or after the "to" of the earlier verb it is joined to ("to induce a twitch and
    relieve pain"); None when it is not one."""
    before = text[:at]
    if _TO_BEFORE.search(before):  # "to reduce", "to also reduce"
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
_NEXT_WORD = _Lazy(r"\s*\S+")
_AFTER_AUXILIARY = _Lazy(r"\b(?:has|have|had|been|being|was|were)\s+(?:" + _ADVERB_RE +
                         r"\s+)?$", re.I)


def _in_short_term(text: str) -> str:
    if _TIME.search(text):
        return text
    lead = _LEAD_END.search(text)
    if lead is not None:
        return text[:lead.start()] + " in the short term" + text[lead.start():]
    hedge = _HEDGE.search(text)
    # the claim runs on at least to the word the hedge governs ("potentially helping the
    # patient", not "potentially in the short term helping")
    governed = _NEXT_WORD.match(text, hedge.end()) if hedge is not None else None
    after = _AFTER_CLAIM.search(text, governed.end()) if governed is not None else None
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


def drops_words(sentence: str) -> bool:
    """Whether the rewrite takes words out of ``sentence`` (a booster, an "instant", a
    "permanent"...), which may take an unsupported claim made of them with it ("clinically
    proven" is the claim that the evidence is strong)."""
    low = sentence.lower()
    return any(any(w in low for w in words) and pattern.search(sentence)
               for words, pattern, _ in _EDITS)


def _honest(text: str, allowed: str) -> bool:
    """Whether the edited sentence says no more than ``allowed``: a booster, a safety
    assurance or a widening the edits could not take out ("relatively painless", "unequaled",
    "after a single session") would fail the sentence offered as the fix, so the curated
    wording is offered instead."""
    wording = analyse(text)
    return not (wording.boosters or wording.assurances or wording.widened) and \
        _RANK[wording.strength] <= _RANK.get(allowed, _RANK["possible"])
