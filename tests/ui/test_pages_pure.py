"""The pages' pure pieces: filters, example questions, export, citation and document HTML, navigation."""

from __future__ import annotations

import html
import io
import re
from datetime import date, datetime


from ui import export, navigation, render
from ui.client import ApiError
from ui.examples import example_questions
from ui.filters import FilterChoice, all_references, document_label
from ui.messages import friendly

HOSTILE = "Xem [link](http://evil.example) ![](http://evil.example/p.png) **bold** <script>x</script>"
CITATION = {
    "n": 1, "doc_id": "doc-7", "source": "a.txt", "title": "Tiêu đề rất dài của một bài báo về tinh gọn bộ máy ở tỉnh",
    "published": "2021-09-24", "passage": f"Câu đầu. {HOSTILE} Câu cuối.", "quote": HOSTILE,
    "start": 9, "end": 9 + len(HOSTILE), "score": 0.5, "section": "Kết quả › Xã", "url": None,
}
MESSAGES = [
    {"role": "user", "content": "Bao nhiêu xã?"},
    {"role": "assistant", "content": "**11** — có 11 xã [1]", "response": {
        "answer": "**11** — có 11 xã [1]", "found": True, "short_answer": "11", "mode": "extractive",
        "citations": [CITATION]}},
    {"role": "user", "content": "lỗi?"},
    {"role": "assistant", "content": "", "error": "Không trả lời được"},
]


def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("<br>", "\n")))


def test_filters_payload_summary_and_problem():
    empty = FilterChoice()
    assert empty.payload() is None and empty.summary() == "" and empty.problem() is None
    choice = FilterChoice(sources=("a.txt",), published_from=date(2021, 1, 1), references=("18-NQ/TW",),
                          titles={"a.txt": "Bến Tre"})
    assert choice.payload() == {"sources": ["a.txt"], "published_from": "2021-01-01", "references": ["18-NQ/TW"]}
    assert choice.summary() == "tài liệu «Bến Tre» · từ 01/01/2021 · văn bản 18-NQ/TW"
    backwards = FilterChoice(published_from=date(2022, 1, 1), published_to=date(2021, 1, 1))
    assert backwards.problem() and "sau" in backwards.problem()
    assert FilterChoice(sources=("a", "b")).summary() == "2 tài liệu"


def test_document_labels_and_references_name_no_internal_id():
    documents = [
        {"doc_id": "001_87f683aa0724e388", "source": "x.txt", "title": "Sơn La", "published": "2020-06-24",
         "references": ["18-NQ/TW", "34-KL/TW"]},
        {"doc_id": "b", "source": "y.txt", "title": "Bến Tre", "published": None, "references": ["34-KL/TW"]},
    ]
    assert document_label(documents[0]) == "Sơn La (24/06/2020)" and document_label(documents[1]) == "Bến Tre"
    assert all_references(documents) == ["34-KL/TW", "18-NQ/TW"]


def test_example_questions_come_from_the_index():
    documents = [
        {"title": "Bến Tre sơ kết mô hình bí thư kiêm chủ tịch: kết quả bước đầu", "published": "2021-09-24",
         "passages": 9, "references": ["34-KL/TW"]},
        {"title": "Ngắn", "published": "2022-01-01", "passages": 2, "references": []},
    ]
    questions = example_questions(documents)
    assert questions == ["Văn bản 34-KL/TW đề ra những nội dung chính nào?",
                         "Bến Tre sơ kết mô hình bí thư kiêm chủ tịch như thế nào?"]
    assert example_questions([]) == []


def test_markdown_export_holds_questions_answers_and_inert_quotes():
    text = export.to_markdown(MESSAGES, "từ 01/01/2021", now=datetime(2025, 1, 2, 3, 4))
    assert text.startswith("# Tinh Gọn — cuộc trò chuyện\n") and "02/01/2025 03:04" in text
    assert "## Câu hỏi 1: Bao nhiêu xã?" in text and "**Trả lời ngắn:** 11" in text and "lỗi?" not in text
    assert "Bộ lọc: từ 01/01/2021." in text
    assert "](http" not in text and "![" not in text and "\\*\\*bold\\*\\*" in text
    assert re.sub(r"\\(.)", r"\1", text.split("   > ")[1].strip()) == HOSTILE


def test_docx_export_reads_back_verbatim():
    from docx import Document

    document = Document(io.BytesIO(export.to_docx(MESSAGES, "", now=datetime(2025, 1, 2))))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Câu hỏi 1: Bao nhiêu xã?" in paragraphs and HOSTILE in paragraphs
    assert "Trả lời ngắn: 11" in paragraphs and "11 — có 11 xã [1]" in paragraphs
    assert any(p.startswith("[1] " + CITATION["title"]) and "Kết quả › Xã" in p for p in paragraphs)


def test_citation_block_is_inert_and_its_marker_links_to_it():
    block = render.citation_block({**CITATION, "title": "![](http://evil.example/t.png)"}, 3)
    assert 'id="tg-c-3-1"' in block and 'href="#tg-c-3-1"' in block
    assert "<img" not in block and "<script" not in block and "](" not in block and "**" not in block
    assert re.search(r"<mark>(.*?)</mark>", block) and visible_text(re.search(r"<mark>(.*?)</mark>", block)[1]) == HOSTILE
    answer = render.answer_html("có 11 xã [1], [2].", 3)
    assert '<a class="tg-marker" href="#tg-c-3-1">[1]</a>' in answer and 'href="#tg-c-3-2"' in answer
    assert render.citation_details(CITATION) == "24/09/2021 · Kết quả › Xã"


def test_document_html_marks_exactly_the_quote():
    text = f"Mở đầu.\n{HOSTILE}\nKết."
    start = text.index(HOSTILE)
    out = render.document_html(text, start, start + len(HOSTILE))
    assert visible_text(re.search(r'<mark id="tg-quote">(.*?)</mark>', out)[1]) == HOSTILE
    assert visible_text(out) == text and "<img" not in out
    assert "<mark" not in render.document_html(text, 5, 500)  # offsets outside the text mark nothing


def test_search_highlighting_ignores_accents_and_stays_inert():
    out = render.highlight_terms("Bí thư kiêm <b>Chủ tịch</b> UBND [x](http://e)", "bi thu chu tich")
    assert out.count("<mark>") == 4 and "<mark>Bí</mark>" in out and "<mark>tịch</mark>" in out
    assert "&lt;b&gt;" in out and "](" not in out
    assert render.fold("Đồng Tháp") == "dong thap"


def test_api_failures_are_plain_vietnamese():
    assert "khóa API" in friendly(ApiError("missing key", 401)) and "không đúng" in friendly(ApiError("bad", 403))
    assert "Không kết nối được" in friendly(ApiError("x", None)) and "Máy chủ gặp lỗi" in friendly(ApiError("x", 500))


def test_navigation_lists_the_four_pages_each_with_a_render_function():
    import importlib

    assert [spec.title for spec in navigation.PAGES] == ["Hỏi đáp", "Thư viện tài liệu", "Tìm kiếm", "Soạn bài giảng"]
    assert all(callable(importlib.import_module(spec.module).render) for spec in navigation.PAGES)
