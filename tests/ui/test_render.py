"""The chat page's pure rendering helpers."""

from __future__ import annotations

import html
import re

import pytest

from ui import render

CITATION = {
    "n": 2, "doc_id": "d", "source": "002_x.txt", "title": "Sơn La nhất thể hóa <chức danh>",
    "published": "2020-06-24", "passage": "Câu một. Câu <hai> đây. Câu ba.", "quote": "Câu <hai> đây.",
    "start": 10, "end": 24, "score": 0.7,
}


def test_highlight_marks_the_quote_inside_the_escaped_passage():
    assert html.unescape(render.highlight("A. B c. D.", "B c.")) == "A. <mark>B c.</mark> D."
    assert "<mark>Câu &lt;hai&gt; đây&#46;</mark>" in render.citation_card(CITATION)
    assert render.highlight("abc", "zzz") == "abc<br><mark>zzz</mark>"


@pytest.mark.parametrize(
    "hostile",
    ["Xem [đây](http://evil.example/x)", "\n\n![](http://track.example/p.gif)", "**in đậm** và _nghiêng_", "<img src=x onerror=alert(1)>", "# tiêu đề\n- mục"],
)
def test_document_text_is_inert_in_cards_and_answers(hostile):
    for out in (render.highlight(hostile, ""), render.answer_html(f"«{hostile}» [1]"), render.citation_card({**CITATION, "title": hostile})):
        assert "<img" not in out and "](" not in out and "**" not in out and "\n" not in out
        assert html.unescape(re.sub(r"<[^>]+>", "", out.replace("<br>", "\n"))).count("http") == hostile.count("http")
    assert "![" not in render.marker_label({**CITATION, "title": hostile}, width=200)


def test_citation_meta_and_label():
    assert render.citation_meta(CITATION) == "Sơn La nhất thể hóa <chức danh> · 24/06/2020 · 002_x.txt"
    assert render.marker_label(CITATION, width=10) == "\\[2\\] Sơn La nh…"
    assert render.format_date(None) == "" and render.format_date("2021") == "2021"


def test_answer_markers_are_styled_and_text_escaped():
    out = render.answer_html("Có 11/13 xã <b> [1], [12].")
    assert '<span class="tg-marker">[1]</span>' in out and '<span class="tg-marker">[12]</span>' in out
    assert "&lt;b&gt;" in out


@pytest.mark.parametrize("limit", [2, 20])
def test_history_payload_keeps_the_last_turns_and_drops_failures(limit):
    messages = [
        {"role": "user", "content": "q1"},
        {"role": "assistant", "content": "a1", "response": {}},
        {"role": "user", "content": "q2"},
        {"role": "assistant", "content": "", "error": "boom"},
        {"role": "user", "content": "q3"},
    ]
    expected = [{"role": "user", "content": c} if c.startswith("q") else {"role": "assistant", "content": c}
                for c in ("q1", "a1", "q2", "q3")]
    assert render.history_payload(messages, limit=limit) == expected[-limit:]


def test_the_answerers_short_fact_and_side_labels_are_bold_and_nothing_else():
    out = render.answer_html("- **Thanh Hóa**: **166** — «có **x** <i>» [1]")
    assert "<b>Thanh Hóa</b>:" in out and "<b>166</b> —" in out
    assert "&#42;&#42;x&#42;&#42;" in out and "&lt;i&gt;" in out  # a document's own asterisks and tags stay text


def test_citation_meta_shows_the_section():
    meta = render.citation_meta({"title": "Cà Mau", "section": "Địa lý › Khái quát", "published": None, "source": "c.md"})
    assert meta == "Cà Mau · Địa lý › Khái quát · c.md"
