"""Reading drafts: decoding, HTML and Markdown extraction with offsets, and segmentation
into sentences, headings and list items (with their lead-in)."""

from __future__ import annotations

import pytest

from claimcheck.errors import InputError
from claimcheck.lint.sentences import segment
from claimcheck.lint.extract import decode, extract, guess_kind

ABBR = frozenset({"e.g", "i.e", "dr", "vs", "etc", "approx"})


def units(text: str, kind: str = "text", **kw):
    doc = extract(text, "t", kind)
    return [(u.role, u.text, u.context) for u in segment(doc, ABBR)]


def texts(text: str, kind: str = "text"):
    return [t for _, t, _ in units(text, kind)]


@pytest.mark.parametrize("text,expected", [
    ("It helps. It also heals.", ["It helps.", "It also heals."]),
    ("Ask Dr. Smith about it. She knows.", ["Ask Dr. Smith about it.", "She knows."]),
    ("Some conditions, e.g. neck pain, respond. Others do not.",
     ["Some conditions, e.g. neck pain, respond.", "Others do not."]),
    ("Needling vs. massage (i.e. two options) differ. Yes!",
     ["Needling vs. massage (i.e. two options) differ.", "Yes!"]),
    ("Sessions last approx. 20 minutes. Book now.",
     ["Sessions last approx. 20 minutes.", "Book now."]),
    ('A quick "twitch."This is called a response.',
     ['A quick "twitch."', "This is called a response."]),
    ("Dose is 2.5 mg. Really?", ["Dose is 2.5 mg.", "Really?"]),
    ("J. Travell wrote it. Later work followed.", ["J. Travell wrote it.",
                                                   "Later work followed."]),
    ("Does it hurt? Most people say no.", ["Does it hurt?", "Most people say no."]),
    ("The answer is no. It is safe.", ["The answer is no.", "It is safe."]),
])
def test_sentences(text, expected):
    assert texts(text) == expected


def test_lines_headings_and_list_items_with_lead_in():
    text = ("Who it helps\n"
            "It can help with:\n"
            "Lower back pain\n"
            "- Neck pain\n"
            "Does it hurt?\n"
            "A long paragraph that ends with a full stop and names neck pain.\n")
    assert units(text) == [
        ("heading", "Who it helps", None),
        ("sentence", "It can help with:", None),
        ("item", "Lower back pain", "It can help with:"),
        ("item", "Neck pain", "It can help with:"),
        ("sentence", "Does it hurt?", None),
        ("sentence", "A long paragraph that ends with a full stop and names neck pain.", None),
    ]


def test_a_plain_line_between_bulleted_runs_leads_the_next_run():
    # a page of conditions, each a plain sub-heading over bullets of what needling does
    text = ("Runner's Knee\n"
            "- Releases tight quads and eases the ache.\n\n"
            "Achilles Tendinitis\n"
            "- Releases calf tension and improves circulation.\n")
    assert units(text) == [
        ("heading", "Runner's Knee", None),
        ("item", "Releases tight quads and eases the ache.", "Runner's Knee"),
        ("heading", "Achilles Tendinitis", None),
        ("item", "Releases calf tension and improves circulation.", "Achilles Tendinitis"),
    ]


@pytest.mark.parametrize("lead", [
    "These are the conditions it can help.",
    "Dry needling can be used to treat various types of chronic pain, including.",
    "It is used for the following.",
    "Here are some common conditions where people see benefit.",
])
def test_a_sentence_that_points_at_the_list_after_it_leads_it(lead):
    # pages end a lead-in with a full stop as often as with a colon
    assert units(f"{lead}\n- Neck pain\n- Low back pain\n") == [
        ("sentence", lead, None),
        ("item", "Neck pain", lead),
        ("item", "Low back pain", lead),
    ]


def test_a_sentence_that_points_at_a_list_that_lost_its_bullets_leads_it():
    # a page copied as plain text: the entries are short lines, and the first of them is no
    # heading of the rest
    lead = "These are the conditions we commonly treat."
    assert units(f"{lead}\nSciatica\nNeck pain\nTennis elbow\n\nWe also see runners.\n") == [
        ("sentence", lead, None),
        ("item", "Sciatica", lead), ("item", "Neck pain", lead), ("item", "Tennis elbow", lead),
        ("sentence", "We also see runners.", None),
    ]


def test_a_bulleted_entry_does_not_lead_the_entries_after_it():
    # a paragraph that points at nothing leaves the list without a lead-in: the first entry
    # is a sibling of the rest, not their heading
    assert units("Our clinic opened in 2010.\n- Neck pain\n- Low back pain\n") == [
        ("sentence", "Our clinic opened in 2010.", None),
        ("item", "Neck pain", None),
        ("item", "Low back pain", None),
    ]


def test_a_list_that_lost_some_bullets_stays_one_list():
    text = "It can help with:\n- Neck pain\nShoulder pain\n- Knee pain\n"
    assert units(text) == [
        ("sentence", "It can help with:", None),
        ("item", "Neck pain", "It can help with:"),
        ("item", "Shoulder pain", "It can help with:"),
        ("item", "Knee pain", "It can help with:"),
    ]


def test_ticks_arrows_and_stars_are_bullets():
    # a flyer or a post pasted as text: "✔ Shin splints" is a list item under its lead-in
    text = "Perfect for:\n\u2714 Shin splints\n\u2714\ufe0f Runner's knee\n\u27a4 Tight calves\n"
    assert units(text) == [
        ("sentence", "Perfect for:", None),
        ("item", "Shin splints", "Perfect for:"),
        ("item", "Runner's knee", "Perfect for:"),
        ("item", "Tight calves", "Perfect for:"),
    ]


def test_markdown_structure_and_wrapping():
    text = ("# Title\n\n"
            "A paragraph that is wrapped at a fixed width and goes on past\n"
            "the line end, then stops. Another sentence follows here and it\n"
            "also wraps.\n\n"
            "It helps:\n\n"
            "1. **Neck** pain\n"
            "2. Back pain that keeps\n"
            "   coming back\n"
            "> A quoted line.\n")
    got = units(text, "markdown")
    assert got[0] == ("heading", "Title", None)
    assert got[1][1] == ("A paragraph that is wrapped at a fixed width and goes on past\n"
                         "the line end, then stops.")
    assert got[2][1] == "Another sentence follows here and it\nalso wraps."
    assert got[4] == ("item", "Neck   pain", "It helps:")  # markup blanked, offsets kept
    assert got[5] == ("item", "Back pain that keeps\n   coming back", "It helps:")
    assert got[6][1] == "A quoted line."


def test_markdown_code_links_and_offsets():
    text = "See [the study](http://x.org/a.b) here.\n```\nneck pain\n```\nDone `code`.\n"
    doc = extract(text, "t.md")
    assert doc.kind == "markdown" and len(doc.text) == len(text)
    assert "neck pain" not in doc.text and "http" not in doc.text
    assert [doc.original[u.start:u.end] for u in segment(doc, ABBR)] == [
        "See [the study](http://x.org/a.b) here.", "Done `code`."]


def test_html_text_skips_scripts_and_maps_offsets():
    html = ("<html><head><title>T</title><style>p{}</style></head><body>"
            "<script>var a = 'endorphins';</script>"
            "<p>Needling &amp; massage\n  help.</p><ul><li>Neck pain</li></ul>"
            "<p>It&#8217;s safe.</p></body></html>")
    doc = extract(html, "p.html")
    assert doc.kind == "html"
    assert "endorphins" not in doc.text and "p{}" not in doc.text
    got = segment(doc, ABBR)
    assert [u.text for u in got] == ["T", "Needling & massage   help.", "Neck pain",
                                     "It\u2019s safe."]
    start, end = doc.span(got[1].start, got[1].end)
    assert html[start:end] == "Needling &amp; massage\n  help."
    start, end = doc.span(got[3].start, got[3].end)
    assert html[start:end] == "It&#8217;s safe."
    assert got[2].role == "item"


@pytest.mark.parametrize("source,text,kind", [
    ("a.md", "x", "markdown"), ("a.HTML", "x", "html"), ("a.htm", "x", "html"),
    ("-", "<!DOCTYPE html><p>x</p>", "html"), ("-", "Just <b>text</b>? no", "markdown"),
    ("-", "<p>Hello</p>", "html"), ("a.txt", "plain", "markdown"),
])
def test_guess_kind(source, text, kind):
    assert guess_kind(source, text) == kind


@pytest.mark.parametrize("data,message", [
    (b"\x00abc", "binary data"), (b"abc\xff", "not UTF-8 text"), (b"", "empty document"),
    (b"\n \n", "empty document"),
])
def test_decode_errors(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "f")


def test_decode_strips_bom_and_keeps_crlf():
    assert decode(b"\xef\xbb\xbfHi\r\nthere", "f") == "Hi\r\nthere"


def test_crlf_line_numbers():
    doc = extract("One.\r\nTwo.\r\n\r\nThree.", "t", "text")
    got = segment(doc, ABBR)
    assert [doc.position(u.start)[0] for u in got] == [1, 2, 4]


def test_html_list_keeps_its_lead_in():
    doc = extract("<p>It can help with:</p><ul><li>Neck pain</li><li>Sciatica</li></ul>"
                  "<p>Call us.</p>", "x.html")
    assert [(u.role, u.text, u.context) for u in segment(doc, ABBR)] == [
        ("sentence", "It can help with:", None), ("item", "Neck pain", "It can help with:"),
        ("item", "Sciatica", "It can help with:"), ("sentence", "Call us.", None)]


def test_an_html_heading_after_a_list_is_a_heading_not_its_next_entry():
    html = ("<p>These are the conditions we treat.</p><ul><li>Sciatica</li><li>Neck pain</li>"
            "</ul><h2>Benefits</h2><ul><li>Faster recovery</li></ul>")
    doc = extract(html, "x.html")
    got = segment(doc, ABBR)
    assert [(u.role, u.text, u.context) for u in got][3:] == [
        ("heading", "Benefits", None), ("item", "Faster recovery", "Benefits")]
    # the heading's offsets are its text's, not its marker's
    start, end = doc.span(got[3].start, got[3].end)
    assert html[start:end] == "Benefits"


# a heading-like line that announces a list (its bullets lost in a copy from a web page, or
# kept as Markdown or HTML) is the lead-in of the short lines after it
@pytest.mark.parametrize("text,kind", [
    ("Problems we see every week\nStiff upper back\nSore calves after running\n"
     "How a first visit runs\nYou fill in a short form.\n", "text"),
    ("## Problems we see every week\n\n- Stiff upper back\n- Sore calves after running\n\n"
     "## How a first visit runs\n\nYou fill in a short form.\n", "markdown"),
    ("<h2>Problems we see every week</h2><ul><li>Stiff upper back</li>"
     "<li>Sore calves after running</li></ul><h2>How a first visit runs</h2>"
     "<p>You fill in a short form.</p>", "html"),
])
def test_heading_announces_the_list_after_it(text, kind):
    got = [(r, t, c) for r, t, c in units(text, kind)]
    lead = "Problems we see every week"
    assert got == [("heading", lead, None), ("item", "Stiff upper back", lead),
                   ("item", "Sore calves after running", lead),
                   ("heading", "How a first visit runs", None),
                   ("sentence", "You fill in a short form.", None)]


def test_question_announces_a_list_but_one_short_line_does_not():
    got = units("Is it right for me?\nGardeners with a stiff back\nDesk workers\n")
    assert [c for _, _, c in got] == [None, "Is it right for me?", "Is it right for me?"]
    assert [c for _, _, c in units("Opening hours\nMonday to Friday\nWe open at eight.\n")] \
        == [None, None, None]


def test_title_and_menu_lines_neither_lead_nor_join_a_list():
    got = units("Needling | Lakeside Physio\nHome | Team | Prices\nWhat we can help with\n"
                "Stiff hips\nSore wrists\n")
    assert got == [("heading", "Needling | Lakeside Physio", None),
                   ("heading", "Home | Team | Prices", None),
                   ("heading", "What we can help with", None),
                   ("item", "Stiff hips", "What we can help with"),
                   ("item", "Sore wrists", "What we can help with")]


def test_each_poster_in_a_thread_starts_a_new_unit():
    thread = ("u/hill_walker: Mine settled after a week of rest.\n"
              "u/k9_runner: Same, the foam roller did more for me.\n"
              "@beth: ok\n")
    assert texts(thread) == ["u/hill_walker: Mine settled after a week of rest.",
                             "u/k9_runner: Same, the foam roller did more for me.",
                             "@beth: ok"]
    # a lower-case line that wraps an unfinished sentence still joins it
    assert texts("Needling helps the calf and\nthe shin settle.\n") == [
        "Needling helps the calf and\nthe shin settle."]


def test_caption_lines_in_lower_case_are_units():
    caption = ("tried needles on my calves this week 🏃\n"
               "the first one was a weird cramp but then nothing\n"
               "ran the hill loop on saturday and no tightness at all\n"
               "big thanks to the team\n")
    assert texts(caption) == ["tried needles on my calves this week 🏃",
                              "the first one was a weird cramp but then nothing",
                              "ran the hill loop on saturday and no tightness at all",
                              "big thanks to the team"]
    # prose wrapped at a fixed width ends sentences inside its lines and still joins
    prose = ("We looked at the calf and the shin. Both were tight and\n"
             "the shin was tender. Needling helped the calf and\n"
             "the shin settle over two visits.\n")
    assert texts(prose) == ["We looked at the calf and the shin.",
                            "Both were tight and\nthe shin was tender.",
                            "Needling helped the calf and\nthe shin settle over two visits."]


def test_a_line_closed_by_an_emoji_ends_the_unit():
    assert texts("Hill reps done 💪\nnext up a long run\n") == ["Hill reps done 💪",
                                                              "next up a long run"]


def test_every_line_of_a_caption_is_its_own_unit():
    thread = ("loving the new studio, the needles were fine\n"
              "💬 @mo.runs: went for my calf, felt great after\n"
              "💬 @jo_lifts: tried it for my back, not for me\n"
              "book via the link in bio\n")
    assert len(texts(thread)) == 4
