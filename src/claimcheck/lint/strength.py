"""How strongly a sentence claims: the wording the publish gate judges (``gate``).

GRADE's informative statements (Santesso et al. 2020) tie the words a claim may use to the
certainty of its evidence: high "reduces", moderate "probably reduces", low "may reduce", very
low "the evidence is very uncertain". Advertising regulators read the same words: a booster
("clinically proven", "guaranteed", "cure") or a widened scope ("permanent relief", "better
than massage", "for everyone", "instant", "90% of patients") claims more than trials show.

``analyse(sentence)`` finds, in one pass of regular expressions, the strength the sentence
uses (``booster`` > ``plain`` > ``probable`` > ``possible``), each widening of scope with its
words, a safety assurance ("completely safe", "no side effects"), a risk statement ("bruising
can occur") and an absolute with nothing behind it ("guaranteed results"). The word lists are
here, each with what it stands for, so a curator can extend them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .._lazy import LazyPattern
from .casefold import Folded, WordLists

# strengths in rising order; what a certainty allows is ``ALLOWED``
STRENGTHS = ("possible", "probable", "plain", "booster")
ALLOWED = {"high": "plain", "moderate": "probable", "low": "possible", "very-low": "none"}


_NUMBER = "(?:one|two|three|four|five|six|seven|eight|nine|ten)"


def _words(*phrases: str) -> re.Pattern:
    return re.compile(_alternatives(phrases), re.I)


def _alternatives(phrases) -> str:
    return r"(?<![\w-])(?:" + "|".join(phrases) + r")(?![\w-])"


def _rare(*phrases: str) -> LazyPattern:
    """A word list read only once a sentence holds an absolute (``unbacked_absolute``):
    compiled on first use, since most runs never need it."""
    return LazyPattern(_alternatives(phrases), re.I)


BOOSTERS = _words(
    r"(?:clinically|scientifically|medically|research[- ])?proven", r"proves?",
    r"guarantee[sd]?", r"definitely", r"undoubtedly", r"without (?:a|any) doubt",
    r"miracle\w*", r"cures?", r"cured", r"eliminat\w+", r"eradicat\w+", r"completely",
    r"the only (?:treatment|thing|therapy|answer)", r"most powerful", r"full stop",
    r"totally", r"entirely", r"100 ?%", r"always", r"never fails?", r"gold standard",
    r"every (?:single )?time", r"works? every time", r"no exceptions?",
    # ("the best way to find out is an assessment" is advice)
    r"the (?:best|most effective) (?:treatment|therapy|option|way(?! to (?:determine|find|"
    r"know|decide|tell|see|check|start|book|learn|prepare|get started|make sure)))",
    r"(?:dozens|hundreds|thousands) of studies",
    r"fix(?:es|ed)? (?:it|them|the problem) for good", r"100 percent",
    # a size of effect no trial of it reports ("very effective" is left plain)
    r"(?:highly|extremely|incredibly|remarkably|exceptionally|amazingly|hugely) "
    r"(?:effective|successful)",
    # a superlative, which no comparison of treatments supports ("one of the most effective
    # tools we have", "unequalled", "works its magic")
    r"(?:the )?(?:most effective|most successful|quickest|fastest) (?:[\w-]+ ){0,2}?"
    r"(?:treatments?|therap(?:y|ies)|tools?|techniques?|methods?|options?|solutions?|"
    r"approach(?:es)?|modalit(?:y|ies)|ways? to (?:treat|relieve|fix|get rid)|fix(?:es)?|"
    r"cures?|remed(?:y|ies))",
    # an ailment promised gone for good ("your tendon pain will be a thing of the past",
    # "the pain disappears"), the most relief there is
    r"(?:a )?thing of the past", r"pain (?:will |just |simply )?(?:disappears?|vanish(?:es)?)",
    r"maximum relief",
    r"unequall?ed", r"unmatched", r"unrivall?ed", r"unparall?eled", r"second to none",
    r"works? (?:its |like )?magic", r"magic(?:al)? (?:cure|fix|results?|bullet)",
    # certainty claimed of the evidence ("research that clearly shows"), an ailment promised
    # gone ("Say goodbye to back pain"), and a size of effect no trial reports ("dramatic pain
    # relief", "The effect was quite dramatic")
    r"clearly (?:shows?|showed|shown|demonstrat\w+|proves?|proven)", r"say goodbye to",
    r"dramatic(?:ally)? (?:[\w-]+ )?(?:better|improv\w+|relief|results?|reduc\w+|decreas\w+|"
    r"change\w*|difference)", r"(?:was|were|is|are|be) (?:quite |very |truly |often )?"
    r"dramatic\b",
    # puffery that promises a result as large as a miracle's ("a game-changer for runners",
    # "treatment outcomes can be life changing", "a revolutionary approach to pain")
    r"game[- ]changers?", r"life[- ]changing", r"revolutionary", r"breakthrough",
    r"the magic of")
WIDENINGS = {
    "duration": _words(r"permanent(?:ly)?", r"for good", r"for life", r"(?:long[- ])?lasting",
                       r"long[- ]term", r"forever", r"once and for all", r"never come back",
                       r"won'?t come back", r"for years(?: to come)?", r"stays? (?:away|gone)",
                       r"for the long haul", r"(?:months|years) later",
                       r"(?:never|won'?t|will not|don'?t|do not|doesn'?t|does not) wears? off",
                       # the relief's own duration ("months of relief", "results that last
                       # for months"), not a complaint's ("neck pain for months")
                       r"(?:months|years) of relief",
                       r"(?:relief|results?|benefits?|effects?) (?:that |which )?lasts? "
                       r"(?:for )?(?:many |several )?(?:months|years)"),
    "comparison": _words(r"better than", r"more effective(?:ly)? than", r"superior to",
                         # what is better may sit between the words ("better pain relief
                         # than NSAIDs", "much better results in reducing pain")
                         r"better (?:[\w-]+ ){1,2}than", r"(?:much|far) better (?:results|"
                         r"outcomes|relief)",
                         r"outperforms?", r"beats?", r"(?:faster|quicker) (?:results )?than",
                         r"works? better", r"why settle for",
                         r"(?:does|do|did) more (?:for (?:[\w-]+ ){1,3})?than",
                         r"more than (?:massage|stretching|physio\w*|medication|pills)",
                         r"unlike (?:massage|stretching|medication|pills|painkillers)",
                         r"instead of (?:weeks|months|years) of", r"less painful than",
                         # "a much more powerful and effective treatment is dry needling"
                         r"(?:much |far )?more (?:powerful|effective)(?: and (?:effective|"
                         r"powerful))? (?:treatment|therapy|option|approach|alternative)"),
    "population": _words(r"everyone", r"everybody'?s?", r"anyone", r"all patients",
                         r"every (?:single )?(?:patient|person|one of)", r"every kind of",
                         r"every type of", r"nearly everyone", r"almost everyone",
                         r"no (?:\w+ )?pain (?:\w+ )?(?:\w+ )?can'?t", r"whatever the cause",
                         r"all (?:conditions|injuries|types of pain|kinds of pain|aches)",
                         r"all (?:types|kinds|sorts|forms) of(?: [\w-]+){0,2} (?:pain|aches?|"
                         r"injur(?:y|ies)|conditions?|problems?)",
                         r"all (?:[\w-]+ ){1,2}(?:problems|conditions|injuries|complaints)",
                         r"all ages",
                         r"any (?:condition|injury|kind of pain|type of pain)",
                         r"any (?:type|kind|sort|form)s? of(?: [\w-]+){0,2} (?:pain|aches?|"
                         r"injur(?:y|ies)|conditions?|problems?)",
                         r"whatever your (?:pain|injury|condition)",
                         # any or every complaint of a kind ("heals any tendinopathy",
                         # "every sports injury responds")
                         r"any (?:[\w-]+ ){0,2}?(?:tendinopath(?:y|ies)|aches?|conditions?|"
                         r"dysfunctions?)",
                         r"every (?:[\w-]+ ){0,2}?(?:injury|condition|ache|complaint|"
                         r"tendinopathy)", r"all (?:[\w-]+ ){0,2}?dysfunctions",
                         r"(?:can |will )?all benefit"),
    "immediacy": _words(r"immediate(?:ly)?", r"instant(?:ly)?", r"straight away",
                        r"right away", r"on the spot", r"the moment",
                        r"(?:after|in|from) (?:just |only )?(?:one|a single|your first|the "
                        r"(?:very )?first) (?:session|treatment|visit|needle)",
                        r"one session is all", r"walk out(?: \w+){0,5} pain[- ]free",
                        # "relief in as few as 10 minutes" (not "done in 20 minutes": how long a
                        # session takes)
                        r"(?:in|within) (?:as (?:little|few) as|under|less than) (?:\d+|a few|"
                        r"one|two|five|ten|fifteen|twenty) minutes"),
    # (a study's confidence interval, "95% CI", is no promise)
    "numbers": re.compile(r"(?<![\w.])\d{1,3}(?:\.\d)? ?(?:%|percent\b)"
                          r"(?! ?(?:ci\b|confidence))|\b(?:\d+|" + _NUMBER +
                          r")[- ](?:out of|in)[- ](?:\d+|" + _NUMBER + r")\b|\b(?:twice|three "
                          r"times|four times|\d+x|\d+ times) (?:as|faster|more|quicker)\b|"
                          r"\bby (?:half|two[- ]thirds)\b|"
                          # a head count of the helped ("tens of thousands of patients have
                          # benefited")
                          r"\b(?:tens of |hundreds of )?(?:thousands|millions) of (?:patients|"
                          r"people|clients|athletes|sufferers)\b|"
                          r"\bhelped (?:tens of |hundreds of )?(?:thousands|millions)\b", re.I),
}
PROBABLE = _words(r"probably", r"likely", r"is likely to", r"tends? to", r"often")
POSSIBLE = _words(r"may", r"might", r"could", r"possibly", r"perhaps", r"potentially",
                  r"some (?:people|patients|clients|studies|research|evidence)",
                  r"for some", r"in some (?:people|cases|patients)", r"suggests?",
                  r"may help", r"can sometimes")
ASSURANCES = _words(r"(?:completely|totally|perfectly|entirely|100 ?%|absolutely) safe",
                    r"no side[- ]effects?", r"without (?:any )?side[- ]effects?",
                    r"side[- ]effects? free", r"risk[- ]free", r"zero risks?", r"no risks?",
                    r"without (?:any )?risks?", r"nothing to worry about",
                    r"won'?t (?:bruise|bleed|be sore|hurt)", r"never hurts?", r"painless",
                    r"(?:totally |completely )?harmless", r"safe for (?:everyone|all ages|anyone)",
                    # a denial of the known harms ("No bruising, no bleeding", "side effects
                    # simply don't happen", "cannot puncture a lung"), safety beyond a pill's
                    r"no (?:bruising|bleeding|soreness|complications?)",
                    r"side[- ]effects? (?:simply |just )?(?:don'?t|do not|never) (?:happen|occur)",
                    r"(?:cannot|can'?t|could not|won'?t|will not) (?:puncture|damage|injure)",
                    r"safer than (?:taking )?(?:a |an )?(?:paracetamol|aspirin|ibuprofen|"
                    r"painkillers?|pills?|medications?|massage)", r"so safe", r"painlessly",
                    r"(?:won'?t|will not|does not|doesn'?t|never) cause (?:any )?(?:bleeding|"
                    r"bruising|soreness|side[- ]effects?)")
# the harm a risk statement names ("bruising can occur", "a rare risk of a collapsed lung")
HARMS = _words(r"bruis\w*", r"bleed\w*", r"sore(?:ness)?", r"ach\w+", r"tender\w*",
               r"tired\w*", r"faint\w*", r"dizz\w+", r"infection", r"collapsed lung",
               r"pneumothorax", r"side[- ]effects?", r"risks?", r"reactions?", r"discomfort",
               r"nause\w+", r"headache after", r"adverse (?:events?|effects?|reactions?)",
               r"complications?")
# someone else's claim, reported at a distance ("Some websites say...", "Proponents claim...",
# "You'll see promises of..."): not the page's own voice. Praise used as evidence ("our
# patients swear by it") is not distance, and stays the page's claim.
# (a website or a blog is someone else's only when counted or speaking: "some blogs", "websites
# claim"; "as I said in a previous blog post" is the page's own voice)
REPORTED = _words(r"(?:some|many|other|a lot of|lots of) (?:websites?|sites|blogs?|bloggers)",
                  r"(?:websites?|sites|blogs?|bloggers) (?:say|said|claim|suggest|promise|tell|"
                  r"state)\w*",
                  r"(?:some |many |other |a lot of )?(?:proponents|advocates|marketing|"
                  r"advertis\w+|critics|influencers)",
                  r"some (?:providers|clinics|physios|practitioners|therapists|people) "
                  r"(?:say|claim|believe|advertise|promise|suggest|describe)\w*",
                  # a profession's belief or sales talk, told at a distance ("Practitioners
                  # often tell patients that ...", "Many physiotherapists believe ...")
                  r"(?<!our )(?<!my )(?:many |most |some )?(?:practitioners|clinicians|physios|"
                  r"physiotherapists|physical therapists|therapists|chiropractors|clinics|"
                  r"providers|supporters|acupuncturists) (?:interviewed (?:by \w+ )?)?"
                  r"(?:often |commonly |sometimes |usually )?"
                  r"(?:tell|say|claim|argue|believe|promise|advertise|describe|contend|"
                  r"insist)\w*",
                  r"according to (?:some|other|many)", r"(?:you'?ll|you may|you might|you "
                  r"will|you'?ve|people) (?:have )?(?:hear|read)\w*",
                  # seeing is reporting only when what is seen is someone's claim ("you'll
                  # see promises of", "you may have seen it advertised"); "you'll see why",
                  # "people see benefit" are the page's own promise
                  r"(?:you'?ll|you may|you might|you will|you'?ve|people) (?:have )?"
                  r"(?:see|seen|saw) (?:(?:the |these |such |some |many )?(?:claims?|promises?|"
                  r"ads?|adverts?|advertisements?|websites?|headlines?|posts?)|it (?:claimed|"
                  r"described|advertised|marketed|promoted|promised|sold|billed))\b",
                  r"(?:they|patients?) (?:heard|read)",
                  r"it is (?:often |frequently |widely |commonly |sometimes |repeatedly )?"
                  r"(?:claimed|asserted|argued|touted)", r"is said to", r"are said to",
                  r"promises? of", r"claims? (?:that|about)",
                  r"(?:sales|marketing) (?:line|pitch|claims?)",
                  # (not "billed": "billed as part of physical therapy" is insurance)
                  r"(?:often |widely |commonly )?(?:marketed|promoted|advertised|sold|touted)"
                  r" (?:online |widely |heavily )?as",
                  r"(?:popular|common|widespread) (?:idea|notion|belief|myth|claim)",
                  r"the (?:idea|notion|belief|myth) that",
                  # a warning about other people's promises ("Be wary of anyone who promises
                  # a cure"; not "people who tell us ...": patients telling their outcome)
                  r"(?:anyone|anybody|someone|providers?|clinics?|practitioners?|those) "
                  r"(?:who|that) (?:promise|claim|advertise|guarantee|says?|tells? you)\w*")
# more of the same, in the words of news stories and critiques ("the winger told reporters",
# "a clinic owner insisted to the reporter that", "sceptics", "the theory goes that", "has
# been disputed"): rare on a clinic's page, so compiled on first use and tried only in a
# sentence that holds one of their words (``_MORE_WORDS``)
REPORTED_MORE = _rare(
                  r"(?:some |many |other |a lot of )?(?:skeptics|sceptics|detractors|doubters|"
                  r"columnists?|journalists?|bloggers?|commentators|fans of (?:the |dry )?"
                  r"(?:treatment|needling|technique))",
                  # a news story's source ("the winger told reporters", "the coach told the
                  # paper") and what a third party asserted or countered ("a clinic owner
                  # insisted to the reporter that", "acupuncture bodies counter that")
                  r"told (?:the |a |local |national )*(?:reporters?|journalists?|press|media|"
                  r"paper|newspaper|magazine|station|outlet|podcast|radio)",
                  r"(?:insisted|asserted|maintained|contended|countered|counters?)"
                  r"(?: to (?:the |a )?\w+)? that",
                  # a quotation attributed to someone who is not a client of the page
                  # ("'It loosened me right up,' the winger said"; "one client told us" is a
                  # testimonial, the page's own evidence)
                  "[\"\u201d\u2019'],? (?:the|a|an|one|his|her|their) "
                  r"(?!(?:client|patient|customer|member)s?\b)(?:[\w-]+ ){0,3}"
                  r"(?:said|says|told(?! (?:us|me)\b)|wrote|writes|added|adds|explained|"
                  r"insisted|claimed)",
                  # a source's words named as such ("in the words of APTA", "according to an
                  # article in the Post", "X later added that"); not the news order, verb
                  # first ('"...," said Curtis, the clinic's manager'), which quotes clinicians
                  # on their own pages and in features the labels count as claims
                  r"in the words of", r"according to (?:an? |the )?(?:article|report|news|"
                  r"story|interview|feature)s?\b", r"(?:later )?added (?:\([^)]*\) )?that",
                  # someone else's promotion ("promotional videos suggest")
                  r"(?:promotional|advertising) (?:videos?|materials?|copy|brochures?|"
                  r"leaflets?|posts?)",
                  r"the (?:theory|idea|thinking) (?:holds|goes) that",
                  # criticism of the claim ("has been challenged", "cannot back up")
                  r"(?:has|have) been (?:challenged|disputed|questioned|criticised|criticized|"
                  r"debunked|rejected)",
                  r"(?:cannot|can'?t|could not|couldn'?t) back (?:it |this |that |them )?up",
                  r"(?:warned|cautioned) (?:\w+ ){0,2}against (?:implying|claiming|suggesting|"
                  r"saying|advertising|promising)")
_MORE_WORDS = re.compile("|".join((
    "skeptic", "sceptic", "detractor", "doubter", "columnist", "journalist", "blogger",
    "commentator", "fans of", "told", "insisted", "asserted", "maintained", "contended",
    "counter that", "counters that", "countered", "said", "says", "wrote", "writes", "added",
    "adds", "explained", "claimed", "promotional", "advertising", "according to",
    "holds that", "goes that", "challenged", "disputed", "questioned", "criticised",
    "criticized", "debunked", "rejected", "back up", "back it up", "back this up",
    "back that up", "back them up", "warned", "cautioned", "in the words of")))


def reported(text: "Folded") -> bool:
    """Whether ``text`` (``folded``) reports someone else's claim."""
    return text.search(REPORTED) is not None or _reported_more(text)


def _reported_more(text: "Folded") -> bool:
    return _MORE_WORDS.search(text.text.lower()) is not None and \
        text.search(REPORTED_MORE) is not None


# a news story's attribution closing the sentence ("..., Briggs says."): the words are the
# person's, reported; case matters (a surname), so it is not one of the word lists
ATTRIBUTED = re.compile(r",[\"\u201d']? (?!Our |My |We )(?:[A-Z][\w'\u2019-]+ ){0,2}"
                        r"[A-Z][\w'\u2019-]+ (?:says|said|explains|explained|adds|added|notes|"
                        r"noted|argues|argued|contends|insists|told \w+)\W*$")
# (a sentence that opens with "Works" has the treatment for its subject: "Works for everyone")
NEEDLING = _rare(r"needl\w*", r"it", r"dry needling", r"^\W*works?")
# a promise about results, for an absolute with no library claim behind it
PROMISE = _rare(r"needl\w*", r"results?", r"works?", r"treatments?", r"therapy",
                 r"sessions?", r"relief", r"recovery", r"fix\w*", r"heal(?:s|ed|ing)?", r"tool",
                 r"technique", r"method", r"approach", r"solution", r"answer", r"miracle\w*",
                 r"pain[- ]free")
# an outcome promised to the reader: what makes a comparison or a number about results a claim
# even when the sentence does not name the treatment ("Far quicker results than physio")
OUTCOME = _rare(r"results?", r"relief", r"recover\w*", r"pain[- ]free", r"heal(?:s|ed|ing)?",
                 r"benefits?", r"benefit+ed", r"success\w*", r"effective\w*",
                 r"improve(?:d|ments?)",
                 r"feels? (?:\w+ )?(?:better|the difference)")
# advice to the reader, where an "always" or an "anyone" promises nothing ("It is always
# recommended to consult a professional", "For anyone considering this treatment")
ADVICE = _rare(r"consult\w*", r"(?:always )?(?:recommended|advised) to", r"advise[sd]?",
                r"should (?:see|speak|talk|check|ask)",
                r"(?:anyone|everyone) (?:considering|thinking|interested|who (?:is|are) "
                r"(?:considering|thinking|interested))", r"check with", r"talk to",
                # "approached with caution in anyone who has had back surgery"
                r"(?:with|use|exercise|needs?|requires?) (?:extra |great )?caution",
                # "needs medical clearance before needling", "clearance from your GP"
                r"(?:medical|doctor'?s|gp'?s|written) (?:clearance|approval|permission)",
                r"clearance from")
# a sentence that doubts the result ("unlikely to work on everyone", "little evidence that it
# works better than exercise") or says it varies ("Everyone responds differently to dry
# needling") makes no absolute of it
DOUBT = _rare(r"unlikely", r"rarely", r"(?:little|no|limited|weak) (?:good |strong )?"
               r"(?:evidence|research|proof)", r"(?:responds?|reacts?) differently",
               r"results? (?:may |can |will )?vary", r"(?:everyone|everybody)(?:'s| is) "
               r"different", r"every (?:body|person|patient) is different",
               r"var(?:y|ies) (?:from|between) (?:person|patient|people|individuals)",
               # ("which works better, and for how long, has not been established")
               r"(?:has|have) not (?:yet )?been (?:established|shown|proven|demonstrated|"
               r"tested|studied)", r"remains? (?:unclear|unknown|unproven|uncertain)",
               # a critic's verdict on the evidence ("the long-term effectiveness ... is
               # lacking", "where the evidence falls short", "more high quality studies are
               # needed")
               r"(?:is|are|was|were|remains?) (?:still )?lacking", r"falls? short",
               r"(?:more|further|better)(?: [\w-]+){0,3} (?:research|studies|trials|evidence) "
               r"(?:is|are) (?:still )?needed")
# boosters that also describe how care is given ("always", "completely"): absolute about
# results only next to a result word
_PROCESS_BOOSTERS = {"always", "totally", "completely", "entirely"}
_ASSERTIONS = {"definitely", "undoubtedly", "without a doubt", "without any doubt"}
_ANSWERS = _rare(r"answers?", r"solutions?", r"miracle\w*", r"game[- ]changer")
RESULT = _rare(r"works?", r"helps?", r"feels?", r"hurts?", r"painless", r"reliev\w+",
                r"relief", r"results?", r"fix\w*", r"cures?", r"pain[- ]free",
                r"heal(?:s|ed|ing)?", r"gets? rid", r"resolv\w+", r"eliminat\w+",
                r"gone for good", r"recover\w*")
# a question that is a claim in disguise ("Why settle for massage when needling does the job?")
RHETORICAL = re.compile(r"^\W*why (?:settle|wait|suffer|put up|live with|keep|bother)\b",
                        re.I)


@dataclass(frozen=True)
class Wording:
    """What the gate reads in one sentence."""

    strength: str  # possible | probable | plain | booster
    boosters: tuple[str, ...] = ()
    widened: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> words found
    assurances: tuple[str, ...] = ()
    risk: bool = False  # names a harm without an assurance: a risk statement
    hedges: tuple[str, ...] = ()
    reported: bool = False  # someone else's claim, at a distance

    @property
    def scope_words(self) -> list[str]:
        return [w for words in self.widened.values() for w in words]


_NEGATION = re.compile(r"\b(?:not|no|never|nothing|isn'?t|aren'?t|doesn'?t|don'?t|cannot|can'?t|"
                       r"unclear|whether)\b", re.I)


_DENIES_NO = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:(?:mean|equal|imply)s?|the same as)"
                        r"\s*[\"\u201c\u2018']?\s*$"
                        r"|\b(?:is|are)(?: not|n't)\s*[\"\u201c\u2018']\s*$", re.I)


def _found(pattern: re.Pattern, sentence: Folded) -> tuple[str, ...]:
    """What ``pattern`` finds in ``sentence``, less what a negation just before it denies
    ("it's not clear it beats other physiotherapy", "is not a cure")."""
    out = []
    text = sentence.text
    for m in sentence.finditer(pattern):  # the same spans, found faster (casefold)
        before = text[max(0, m.start() - 40):m.start()]
        clause = re.split(r"[,;:.!?]", before)[-1]
        # a "no ..." is denied only when the negation governs it ("'low risk' does not mean
        # 'no risk'"); "not painful, and no side effects" still assures
        if _NEGATION.search(clause) and (not m.group(0).lower().startswith(("no ", "never"))
                                         or _DENIES_NO.search(clause)):
            continue
        out.append(m.group(0).lower())
    return tuple(dict.fromkeys(out))


# where one sentence joins two claims worded differently ("Dry needling reduces knee pain and
# may help shoulder pain too"): a semicolon, or an "and" or a "but" that opens a clause with a
# modal of its own (a comma alone joins too much that is one claim: "eases pain, although the
# benefit is small")
_CLAUSE = re.compile(r";\s*|,?\s+(?:and|but)\s+(?=(?:may|might|could|can|will|also|even|"
                     r"probably|often)\b)", re.I)


def clauses(sentence: str) -> list[str]:
    """``sentence`` cut where it joins claims that may be worded differently; [sentence]
    when it is one clause."""
    parts = [p for p in _CLAUSE.split(sentence) if p.strip()]
    return parts if len(parts) > 1 else [sentence]


# the lists ``analyse`` reads, in one ``WordLists``: a sentence asks only those it may hold
_ANALYSED = WordLists([BOOSTERS, ASSURANCES, POSSIBLE, PROBABLE, HARMS, REPORTED,
                       *WIDENINGS.values()])
_WIDENED = tuple(enumerate(WIDENINGS, start=6))


def assurances_in(text: Folded) -> tuple[str, ...]:
    """The safety assurances ``text`` (``folded``) makes its own: "completely safe", but not
    the "without risk" of "No medical procedure is entirely without risk"."""
    return _found(ASSURANCES, text)


def folded(sentence: str) -> Folded:
    """``sentence`` ready for the word lists: a typographic apostrophe reads as the plain one
    they spell ("isn’t a cure", "won’t bruise"), at the same offsets."""
    return Folded(sentence.replace("\u2019", "'"))


def analyse(sentence: str) -> Wording:
    text = folded(sentence)
    may = _ANALYSED.mask(text)

    def found(k: int) -> tuple[str, ...]:
        return _found(_ANALYSED.patterns[k], text) if may >> k & 1 else ()

    boosters = found(0)
    widened = {kind: words for k, kind in _WIDENED if (words := found(k))}
    assurances = found(1)
    possible = found(2)
    probable = found(3)
    if boosters:
        strength = "booster"
    elif possible:
        strength = "possible"
    elif probable:
        strength = "probable"
    else:
        strength = "plain"
    risk = not assurances and may >> 4 & 1 and text.search(HARMS) is not None
    told = bool(may >> 5 & 1) and text.search(REPORTED) is not None or \
        _reported_more(text) or ATTRIBUTED.search(sentence) is not None
    return Wording(strength, boosters, widened, assurances, bool(risk), possible or probable,
                   told)


# before a booster, these deny or report it ("is not a cure", "none has been proven", "some
# clinics claim it is a miracle"): the sentence does not make the absolute its own
_DENIED = _rare(r"claims?", r"claimed", r"says?", r"said", r"promises?",
                 r"advertis\w*", r"marketed", r"beware", r"wary", r"myths?", r"whether", r"if")
# ... and a negation does, when it is near it in its own clause ("is not a cure", "none has
# been proven"); "no injury ... and a scientifically proven method", or "It is not new; tens
# of thousands have benefited", deny something else
_NEGATED = _rare(r"not", r"no", r"none", r"nothing", r"neither", r"nor", r"isn'?t",
                  r"aren'?t", r"doesn'?t", r"don'?t", r"won'?t", r"cannot", r"can'?t",
                  r"hasn'?t", r"haven'?t", r"lack\w*")
_CLAUSE_BREAK = LazyPattern(r"[;:.!?\u2013\u2014]\s|,\s+(?:and|but|yet|so)\s", re.I)


# the vocabulary of a statement about the evidence, where "long-term" and "lasting" are the
# trials' own words ("short-term relief, but the long-term picture is unclear"); without it
# they promise of the treatment ("Typically, beneficial lasting results are seen within 2-4
# treatments" under a heading about it, "It will enable more long-term relief"), though not of
# care in general ("effective treatment options are essential for long-term relief")
_EVIDENCE_TALK = _rare(r"short[- ]term", r"evidence", r"stud(?:y|ies)", r"trials?",
                        r"research\w*", r"reviews?", r"unclear", r"unknown", r"not known",
                        r"uncertain", r"follow[- ]up")


_WORD = re.compile(r"\S+")


def _back(sentence: str, at: int, words: int, start: int = 0) -> int:
    """Where the last ``words`` words before offset ``at`` begin (not before ``start``)."""
    begins = [m.start() for m in _WORD.finditer(sentence, start, at)]
    return begins[-words] if len(begins) >= words else start


def _ahead(sentence: str, at: int, words: int) -> int:
    """Where the first ``words`` words after offset ``at`` end."""
    ends = [m.end() for m in _WORD.finditer(sentence, at)]
    return ends[words - 1] if len(ends) >= words else len(sentence)


def _near(sentence: str, match: re.Match, patterns: tuple[re.Pattern, ...],
          words: int = 6) -> bool:
    """Whether one of ``patterns`` occurs within ``words`` words of ``match``."""
    start, end = _back(sentence, match.start(), words), _ahead(sentence, match.end(), words)
    return any(p.search(sentence, start, end) for p in patterns)


def _denied(sentence: str, at: int) -> bool:
    """Whether the absolute at offset ``at`` of ``sentence`` is denied or reported."""
    if _DENIED.search(sentence, 0, at):
        return True
    clause = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, at)), default=0)
    return _NEGATED.search(sentence, _back(sentence, at, 9, clause), at) is not None


_SUITABLE = LazyPattern(r"\b(?:suitable|appropriate|eligible|candidates?|available|open)\s+"
                       r"(?:for|to)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _promised(text: Folded, kind: str, first: re.Match) -> bool:
    """Whether the widening ``first`` (of ``kind``) promises a result in ``text``."""
    sentence = text.text
    # "everyone" needs the treatment named ("Everyone's pain is different" is no promise); a
    # comparison or a number about an outcome is one on a page about it; an "immediately" or
    # a "long-term" only with an outcome ("feel better right away", not "you can drive home
    # straight away")
    outcome = text.search(OUTCOME)
    if kind in ("immediacy", "duration", "numbers") and not outcome:
        return False   # "needles 60% thinner than a syringe's" promises nothing
    if kind == "immediacy" and not _near(sentence, first, (OUTCOME, RESULT)):
        return False   # "followed up with immediate movement re-education ... for continued
        # benefits": what is immediate is not the outcome
    # a hedged widening is no absolute ("some patients feel better straight away"), nor is
    # the trials' own vocabulary ("short-term relief, but the long-term picture...")
    if text.search(POSSIBLE) or (kind == "duration" and re.fullmatch(
            r"(?:long[- ])?(?:lasting|term)", first.group(0), re.I) and
            (_EVIDENCE_TALK.search(sentence) or not text.search(NEEDLING))):
        return False
    if not text.search(NEEDLING) and (kind == "population" or not outcome):
        return False
    # who may have the treatment is not what it achieves ("appropriate for nearly all
    # patients who do not have a needle phobia", "available to everyone"); "safe for
    # everyone" stays an assurance and "works for everyone" a promise
    return not (kind == "population" and _SUITABLE.search(sentence, 0, first.start()))


def unbacked_absolute(sentence: "str | Folded") -> tuple[str, ...]:
    """The boosters of a sentence that promises results in absolute words ("Guaranteed
    results", "Dry needling never fails"); empty when it does not, or when the booster is
    denied or reported ("is not a cure", "some clinics claim it is a miracle")."""
    text = sentence if isinstance(sentence, Folded) else folded(sentence)
    sentence = text.text
    first = text.search(BOOSTERS)
    if first is not None and first.group(0).lower() in _PROCESS_BOOSTERS and (
            text.search(RESULT) is None or (
                text.search(HARMS) is not None and
                RESULT.search(" ".join(sentence[first.end():].split()[:3])) is None)):
        # "We will always ask for your consent", "always combined with exercise": how care
        # is given, not what it achieves ("Some feel faint, so we always treat you lying
        # down": how a risk is met)
        first = None
    if first is not None and first.group(0).lower() in _ASSERTIONS and \
            text.search(RESULT) is None and text.search(OUTCOME) is None and \
            text.search(_ANSWERS) is None:
        # "There are definitely needling courses near you": sure of a fact, promising nothing
        # ("Definitely the answer to neck ache" promises)
        first = None
    if first is None:
        # widened promises are absolutes too ("works for every kind of muscle pain", "beats
        # stretching", "a two-in-three chance", "feel better right away"); each kind found is
        # weighed in turn ("Every patient feels the difference immediately": not everyone
        # without the treatment named, but at once with an outcome)
        first = next((m for kind in ("population", "comparison", "numbers", "immediacy",
                                     "duration")
                      if (m := text.search(WIDENINGS[kind])) and _promised(text, kind, m)),
                     None)
        if first is None:
            return ()
    if _denied(sentence, first.start()) or reported(text) or \
            ATTRIBUTED.search(sentence) or \
            text.search(ADVICE) or text.search(DOUBT):
        return ()
    # a bare "Guaranteed." or "Proven." stands for the treatment the page is about
    if not (text.search(PROMISE) or text.search(OUTCOME)) and \
            len(sentence.split()) > 3:
        return ()
    return (first.group(0).lower(),)
