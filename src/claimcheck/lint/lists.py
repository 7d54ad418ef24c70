"""The list a sentence makes, cut into its items, and the sentence less some of them.

"restores function, increases blood flow, and relieves pain": the rewrite takes out the item
that makes an unsupported claim and keeps the rest ("may restore function and relieve pain"),
closing the list again with its conjunction. Two kinds of list are read: verbs of benefit in
one form, and a closing list of condition names ("including chronic pain, sports injuries, and
even headaches").
"""

from __future__ import annotations

import re

from .._lazy import LazyPattern as _Lazy

_WORD_RE = _Lazy(r"[A-Za-z]+")


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
        # (a word after a slash is the other half of one item: "releasing/inactivating")
        verbs = [m for m in _WORD_RE.finditer(parts[0])
                 if m.start() > 0 and parts[0][m.start() - 1].isspace() and
                 _item_verb(m.group(0)) and _form(m.group(0)) in forms]
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
        if closing is None and len(self.parts) - 1 in dropped:
            # the list closed inside its last item ("..., decrease edema, and facilitate
            # healing": "facilitate" opens no item), which leaves: the conjunction stays
            closing = _CONJUNCTION.search(self.parts[-1])
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


# what may follow the last noun of a pair ("pain and tension in the neck", "..., which"): the
# noun ends there ("pain and tension headaches" names something else)
_NOUN_ENDS = _Lazy(r"\s*(?:[.,;:!?)\u2013\u2014]|$)|\s+(?:and|or|in|of|from|for|to|by|with|"
                   r"while|which|that|so|around|across|after|during|throughout|at|on)\b",
                   re.I)
# "pain and " (or "pain and muscle "): the other noun and the conjunction before this one
_PAIR_BEFORE = _Lazy(r"(?<![,;:])\s([\w'\u2019-]+)\s+(?:and|or)\s+(?:([\w'\u2019-]+)\s+)?$",
                     re.I)
_PAIR_AFTER = _Lazy(r"\s+(?:and|or)\s+([\w'\u2019-]+)", re.I)


# nouns that two adjectives before them share ("local and referred pain", "acute and chronic
# conditions"): a pair ending in one is not a pair of names (each seen so on the corpus or
# gate pages)
_SHARED_HEADS = frozenset("pain pains conditions problems injuries issues symptoms relief "
                          "benefits effects improvement improvements outcomes".split())
# what may stand just before the first noun of a pair: its verb or a word that opens a name
# ("relieve tension and pain", "from spasm and pain"); an adjective there would be shared by
# both nouns ("chronic headaches and concussions")
_BEFORE_NAME = frozenset("the your their our his her its a an any of from by with for in on "
                         "to".split())


def _plain_word(word: str) -> bool:
    """A word that may be one side of a pair of nouns: not a verb of benefit ("eases tension
    and relieves pain" is a list of verbs, for ``Items``) nor a word that opens a clause."""
    return not _item_verb(word) and word.lower() not in _CLAUSE_OPENERS


def without_pair(sentence: str, start: int, end: int) -> tuple[str, int, int] | None:
    """``sentence`` less the noun at ``sentence[start:end]`` and its conjunction, when it is
    one of two nouns joined by "and" or "or" with no comma ("relieve pain and tension" is
    "relieve pain"; "decreasing spasm and pain" is "decreasing pain"), with where the other
    noun's first word stands in ``sentence``; None when it is not one of a pair, or the pair
    closes a longer list ("pain, stiffness and tension")."""
    if not _NOUN_ENDS.match(sentence, end):
        return None
    noun = sentence[start:end].split()
    # a name of one or two words, none of them a verb ("relax the muscle" is a clause) and not
    # ending in the head a pair of adjectives shares ("local and referred pain")
    if not 1 <= len(noun) <= 2 or not all(_plain_word(w) for w in noun) or \
            noun[-1].lower() in _SHARED_HEADS:
        return None
    before = sentence[:start]
    m = _PAIR_BEFORE.search(before)
    if m is not None and _plain_word(m.group(1)) and \
            (m.group(2) is None or (_plain_word(m.group(2)) and len(noun) == 1)):
        if before[:m.start()].rstrip().endswith(","):
            return None  # the pair closes a longer list
        return before[:m.end(1)] + sentence[end:], m.start(1), m.end(1)
    after = _PAIR_AFTER.match(sentence, end)
    previous = re.search(r"([\w'\u2019-]+)\s*$", before)
    if after is not None and _plain_word(after.group(1)) and previous is not None and \
            (_item_verb(previous.group(1)) or previous.group(1).lower() in _BEFORE_NAME):
        return before + sentence[after.start(1):], after.start(1), after.end(1)
    return None
