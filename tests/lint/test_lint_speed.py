"""Lint at scan speed (issue 16): the shortcuts that make it fast change nothing it finds, and
reading a large HTML page costs memory in proportion to its text, a few bytes a character.
Memory is counted by tracemalloc (deterministic); no test here takes a time."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from claimcheck.lint.extract import extract
from claimcheck.lint.model import DetectorModel
from claimcheck.lint.offsets import OffsetMap
from claimcheck.lint.phrases import PartIndex, compile_part, tokenize
from tests.support.scan_pages import html_page


def _per_character(html: str) -> tuple[list[int], list[int]]:
    """The offsets the HTML reader gave before ``OffsetMap``: one pair per character."""
    doc = extract(html, "page.html", "html")
    return [doc.starts[i] for i in range(len(doc.text))], [doc.ends[i] for i in
                                                           range(len(doc.text))]


def test_offset_map_reads_like_a_list():
    m = OffsetMap()
    m.extend_linear(10, 3)  # 10 11 12
    m.extend_linear(13, 2)  # goes on: one run
    m.extend_constant(20, 3)
    m.extend_constant(20, 1)  # goes on
    m.extend_linear(30, 0)  # nothing
    m.extend_linear(25, 2)
    want = [10, 11, 12, 13, 14, 20, 20, 20, 20, 25, 26]
    assert list(m) == want and len(m) == len(want) and m.runs == 3
    assert [m[i] for i in range(len(want))] == want and m[-1] == 26 and m[2:5] == want[2:5]
    assert m == want
    with pytest.raises(IndexError):
        m[len(want)]
    from bisect import bisect_left, bisect_right

    for v in range(8, 30):
        assert bisect_left(m, v) == bisect_left(want, v)
        assert bisect_right(m, v) == bisect_right(want, v)


@pytest.mark.parametrize("html", [
    "<p>Dry needling &amp; massage relieve pain.</p><ul><li>Neck</li><li>Back</li></ul>",
    '<p>Before <img alt="a needle"> after &#8212; and &nbsp;more</p><br/>'
    "<script>var x = '<p>no</p>';</script><p>Tail text</p>",
    html_page(300, 7),
    "<p>Unclosed <a " + "x" * 5000 + "</p><p>Dry needling helps.</p>",
])
def test_html_offsets_map_every_character_back_to_the_page(html):
    doc = extract(html, "page.html", "html")
    assert len(doc.starts) == len(doc.ends) == len(doc.text)
    starts, ends = _per_character(html)
    for i, ch in enumerate(doc.text):
        if ends[i] - starts[i] == 1 and ch != "\n":  # raw text: the very character
            assert html[starts[i]] == ch or (ch == " " and html[starts[i]].isspace()) or \
                html[starts[i]] == "<"
        assert starts[i] <= ends[i]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert doc.starts.runs < len(doc.text) / 4 + 16


def test_reading_a_large_html_page_costs_a_few_bytes_a_character():
    html = "".join(html_page(2000, i) for i in range(40))  # about 600 KB
    extract(html, "page.html", "html")  # warm: compiled patterns, imports
    tracemalloc.start()
    try:
        doc = extract(html, "page.html", "html")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the text itself (one byte a character) and the parser's pieces; a list of characters
    # and one machine integer per character and offset took more than 24 bytes a character
    assert peak / len(html) < 6, f"{peak / len(html):.1f} bytes a character"
    assert doc.starts.runs + doc.ends.runs < len(doc.text) / 20


def test_a_phrase_is_tried_only_where_the_sentence_holds_its_words():
    index = PartIndex()
    index.add(compile_part("release endorphin*"), "a")
    index.add(compile_part("trigger point"), "b", frozenset({"muscl"}))  # needs "muscle" too
    index.add(compile_part("#"), "n")
    found = lambda text: sorted(p for p, _, _ in index.matches(tokenize(text)))  # noqa: E731
    assert found("It releases endorphins") == ["a"]
    assert found("a trigger point") == []
    assert found("a trigger point in the muscle") == ["b"]
    assert found("after 3 sessions") == ["n"]
    assert found("nothing here at all") == []


def test_an_index_remembers_the_parts_of_a_word_without_changing_what_it_finds(monkeypatch):
    from claimcheck.lint import phrases

    def built() -> PartIndex:
        index = PartIndex()
        for n, part in enumerate(("release endorphin*", "relea*", "trigger point", "#",
                                  "n't help", "pain")):
            index.add(compile_part(part), n)
        return index

    texts = ("It releases endorphins and eases pain", "3 trigger points don't help",
             "Released, relaxed: no pain after 3 sessions", "nothing here", "pain")
    want = [list(built().matches(tokenize(t))) for t in texts]
    index = built()
    assert [list(index.matches(tokenize(t))) for t in texts * 2] == want * 2  # remembered
    monkeypatch.setattr(phrases, "_MAX_CANDIDATES", 1)  # the memo starts again every sentence
    assert [list(index.matches(tokenize(t))) for t in texts] == want
    index.add(compile_part("eas*"), "new")  # a part added later is found: the memo is dropped
    assert ("new", 4, 4) in list(index.matches(tokenize(texts[0])))


def test_the_model_scores_once_per_unit_and_proposes_what_assess_scores():
    model = DetectorModel(("a", "b", "c"), (0.0, -5.0, -1.0),
                          {"w:pain": "0:3.0 1:1.0", "w:neck": "2:4.0",
                           "b:neck_pain": "2:0.5 0:0.5", "c:help": "1:9.0"},
                          0.9, "t")
    for text, context in (("neck pain", None), ("pain", "It can help with"), ("nothing", None)):
        full = model.assess(text, context)
        want = sorted((p for p in full.values() if p.score >= model.threshold),
                      key=lambda p: (-p.score, p.claim))
        assert model.proposals(text, context) == want
        assert model.scores(text, context) == {c: p.score for c, p in full.items()}
        assert model.score_of(text, context, {"a", "zzz"}) == {"a": full["a"].score}
        assert model.proposals(text, context, leave_out={"a"}) == \
            [p for p in want if p.claim != "a"]


def test_word_lists_over_lower_cased_text_find_what_they_find_case_insensitively(monkeypatch):
    import re

    from claimcheck.lint import casefold, strength

    monkeypatch.setattr(casefold, "_calls", casefold._WARM_UP)  # past the warm-up
    texts = ("GUARANTEED Results, Permanently!", "It May Work For EVERYONE, 100% Safe.",
             "Café owners say it is a Miracle Cure", "Never fails. Not a cure.")
    lists = [strength.BOOSTERS, strength.POSSIBLE, strength.ASSURANCES,
             *strength.WIDENINGS.values()]
    for pattern in lists:
        for text in texts:
            found = casefold.Folded(text).finditer(pattern)
            assert [(m.span(), m.group(0).lower()) for m in found] == \
                [(m.span(), m.group(0).lower()) for m in pattern.finditer(text)]
    assert casefold.Folded(texts[0]).pair(strength.BOOSTERS)[1] == texts[0].lower()  # folded
    assert casefold.Folded(texts[2]).pair(strength.BOOSTERS)[1] == texts[2]  # not ASCII: as is
    upper = re.compile(r"\bAbc\b", re.I)  # an upper-case letter: never folded
    assert casefold.Folded("ABC").pair(upper) == (upper, "ABC")


def _word_lists():
    import re

    from claimcheck.lint import strength

    return [v for name, v in sorted(vars(strength).items()) if isinstance(v, re.Pattern)] + \
        list(strength.WIDENINGS.values())


# words the word lists open with, cased and glued as pages write them, with the characters
# that sit at word starts ("-", "%", ".", digits)
_GATE_WORDS = ["Proven", "clinically proven", "NO side effects", "100%", "100 %", "2x", "90",
               "percent", "twice as fast", "may", "MAY", "might", "often", "for good",
               "long-term", "long term", "everyone", "all types of back pain", "instantly",
               "after just one session", "websites", "some clinics say", "it", "It's", "not",
               "isn't", "cure", "cures", "miracle", "bruising", "sore", "risk-free", "safe",
               "three times faster", "two-thirds", "7 in 10", "one out of ten", "by half",
               "needling", "relief", "results", "consult", "unlikely", "little evidence",
               "-", ".", ",", "'", "\u2019", "\u00e9", "K", "\u212a", "5.5%", "x", "pain",
               "free", "pain-free", "why", "settle", "for", "in", "some", "can", "sometimes"]


def test_word_lists_skip_only_sentences_they_cannot_match(monkeypatch):
    """``Folded`` skips a word list when none of its openings starts a word of the sentence
    (``WordLists`` says which of several may occur, at once); on every labelled sentence and on glued, re-cased word soup, a list finds through it
    exactly what it finds on its own (spans and lower-cased text), and the lists that run on
    every sentence do have openings (else the gate is silently off)."""
    import yaml
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from claimcheck.lint import casefold, strength
    from claimcheck.lint.casefold import Folded, WordLists, openings_of

    monkeypatch.setattr(casefold, "_calls", casefold._WARM_UP)  # past the warm-up
    lists = _word_lists()
    for pattern in (strength.BOOSTERS, strength.POSSIBLE, strength.PROBABLE,
                    strength.ASSURANCES, strength.HARMS, strength.REPORTED,
                    *strength.WIDENINGS.values()):
        assert openings_of(pattern), pattern.pattern[:60]

    together = WordLists(lists)

    def same(text: str) -> None:
        folded = Folded(text)
        may = together.mask(folded)
        for k, pattern in enumerate(lists):
            if pattern.search(text):
                assert may >> k & 1, (pattern.pattern[:60], text)  # never skipped if there
        for pattern in lists:
            assert [(m.span(), m.group(0).lower()) for m in folded.finditer(pattern)] == \
                [(m.span(), m.group(0).lower()) for m in pattern.finditer(text)], \
                (pattern.pattern[:60], text)
            assert (folded.search(pattern) is None) == (pattern.search(text) is None)

    corpus = Path(__file__).parents[1] / "fixtures" / "lint" / "corpus"
    for path in sorted(corpus.glob("batch-*.yaml"))[:3]:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            same(item["text"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_GATE_WORDS), max_size=12),
           st.lists(st.sampled_from(["", " ", "-", ".", "(", "\n"]), min_size=12, max_size=12))
    def glued(words, glue):
        same("".join(w + g for w, g in zip(words, glue)))

    glued()


def test_openings_are_unknown_where_a_match_may_start_mid_word():
    import re

    from claimcheck.lint.casefold import openings_of

    assert openings_of(re.compile(r"(?<![\w-])(?:may|might)(?![\w-])", re.I)) == \
        {"may", "mig"}
    assert openings_of(re.compile(r"\b(?:no|it)\b", re.I)) == {"no", "it"}
    assert openings_of(re.compile(r"cure", re.I)) is None  # "procure": no word start
    assert openings_of(re.compile(r"\b%", re.I)) is None  # "\b" before "%": after a word
    assert openings_of(re.compile(r"(?<![\w-])\w+ly", re.I)) is None  # any opening
    many = openings_of(re.compile(r"(?<!\w)(?:a|\d{1,3}[a-z])", re.I))
    assert "a" in many and any("123x".startswith(o) for o in many)
    # 3,860 three-character openings of the numbers (over the 2,000 a list may keep): cut to
    # their first two
    assert max(len(o) for o in many if o != "a") == 2


def test_lint_without_rewrites_finds_the_same_and_leaves_rewrite_empty(library):
    """``scan`` asks for no rewrites (its table has no column for them): everything else
    about each finding is what lint gives with them."""
    from dataclasses import asdict

    from claimcheck.lint.linter import linter_for

    linter = linter_for(library)
    page = html_page(600, 7)
    full = linter.lint_text(page, "page.html", "html").findings
    bare = linter.lint_text(page, "page.html", "html", rewrites=False).findings
    assert full and any(f.rewrite for f in full)
    assert all(f.rewrite == "" for f in bare)
    assert [{**asdict(f), "rewrite": ""} for f in full] == [asdict(f) for f in bare]
    from claimcheck.lint.linter import lint_text  # the library-level call takes it too

    assert [asdict(f) for f in lint_text(library, page, "page.html", "html",
                                         rewrites=False).findings] == [asdict(f) for f in bare]
