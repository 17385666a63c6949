"""The extractive answerer on real corpus text: typed questions, clauses, refusals, verbatim quotes.

The questions here are written for these tests (not taken from the dev set); documents are
the sample corpus files, passages come from the real splitter, retrieval is a word-overlap stub.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_index import MemoryStore, OverlapRetriever, document_from_file

from assistant.chain import Assistant
from assistant.question import analyse
from assistant.schemas import ChatRequest
from assistant.units import build_index, clause_spans
from ingest.normalize import folded_key


@pytest.fixture(scope="module")
def assistant(corpus_dir: Path) -> Assistant:
    store = MemoryStore([document_from_file(p) for p in sorted(corpus_dir.glob("*.txt"))])
    return Assistant(store=store, retriever=OverlapRetriever(store), k=5)


def ask(assistant: Assistant, question: str, history: list[dict] | None = None):
    return assistant.answer(ChatRequest(question=question, history=history or [])).response


def contains(answer: str, fact: str) -> bool:
    return folded_key(fact) in folded_key(answer)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Toàn tỉnh Bến Tre có bao nhiêu trường hợp kiêm nhiệm ở cấp xã?", "cấp xã 180"),
        ("Đảng bộ xã Minh Cầm có bao nhiêu đảng viên?", "74 đảng viên"),
        ("Quy định số 208-QĐ/TW của Ban Bí thư ban hành ngày nào?", "8/11/2019"),
        ("Đề án số 02-ĐA/TU của Ban Thường vụ Tỉnh ủy Bến Tre ban hành ngày nào?", "28-9-2018"),
        ("Ai là Trưởng Ban Dân vận Huyện ủy, Chủ tịch Ủy ban MTTQ huyện Quỳnh Nhai?", "Vì Thị Tiến"),
        ("Ai là Phó Bí thư Thường trực Huyện ủy Ba Chẽ?", "Đỗ Khánh Tùng"),
        ("Xã Minh Cầm có bao nhiêu phần trăm là người dân tộc thiểu số?", "95%"),
        ("ba che co bao nhieu diem truong bi giam?", "18 điểm trường"),
        ("Tháp Mười luân chuyển bao nhiêu đồng chí về cơ sở?", "9 đồng chí"),
        ("Xã Minh Cầm cách trung tâm huyện bao nhiêu km?", "50km"),
        ("Quyết định 1853-QĐ/BTGTW ban hành ngày nào?", "04/3/2010"),
        ("Người chủ trì hội nghị sơ kết các mô hình kiêm nhiệm ở Bến Tre là ai?", "Thường trực Tỉnh ủy"),
    ],
)
def test_typed_questions_are_answered_with_the_fact(assistant: Assistant, question: str, fact: str) -> None:
    response = ask(assistant, question)
    assert response.found, response.answer
    assert contains(response.answer, fact), response.answer
    assert response.mode == "extractive"
    assert response.citations and "[1]" in response.answer


@pytest.mark.parametrize(
    "question",
    [
        "Nghị quyết số 19-NQ/TW được ban hành ngày nào?",  # cited, but never with its date
        "Kết luận 34-KL/TW có hiệu lực từ khi nào?",
        "Ai là Bí thư Huyện ủy Tháp Mười?",  # no name is given for that post
        "Thành phố Hà Nội đã thực hiện bao nhiêu mô hình kiêm nhiệm?",  # not in the documents
        "Bến Tre tiết kiệm được bao nhiêu tiền ngân sách nhờ thực hiện kiêm nhiệm?",
        "Ai là Bí thư Tỉnh ủy Quảng Ninh năm 2020?",
        "Nghị quyết 18-NQ/TW có bao nhiêu điều?",
        "Thủ đô của nước Pháp là thành phố nào?",
        "Nghị quyết 18-NQ/TW có hiệu lực từ ngày nào?",  # its issuing date is not its effective date
        "Ai là Giám đốc Trung tâm chính trị huyện Vân Hồ?",  # the named director is Phù Yên's
        "Tỉnh Đồng Tháp có bao nhiêu trường hợp kiêm nhiệm cấp tỉnh?",  # "trưởng" is not "trường hợp"
        "Ba Chẽ giảm bao nhiêu người hoạt động không chuyên trách?",
        "Bến Tre có bao nhiêu trường hợp kiêm nhiệm năm 2018?",  # the count given is for 2021
    ],
)
def test_unsupported_questions_are_refused_politely(assistant: Assistant, question: str) -> None:
    response = ask(assistant, question)
    assert not response.found, response.answer
    assert response.citations == []
    assert response.answer.startswith("Xin lỗi")
    assert "«" in response.answer  # names the closest documents


def test_every_quote_is_verbatim_document_text(assistant: Assistant) -> None:
    for question in (
        "Những khó khăn khi thực hiện mô hình Trưởng Ban Dân vận kiêm Chủ tịch MTTQ ở Sơn La là gì?",
        "Tỉnh Bến Tre có bao nhiêu trường hợp thực hiện kiêm nhiệm ở ấp, khu phố?",
        "Những địa phương nào thực hiện mô hình Trưởng Ban Tuyên giáo kiêm Giám đốc Trung tâm chính trị?",
    ):
        response = ask(assistant, question)
        assert response.found
        for citation in response.citations:
            doc = assistant.store.get_document(citation.doc_id)
            assert doc.text[citation.start : citation.end] == citation.quote
            assert citation.quote in citation.passage or citation.passage in doc.text
            assert f"[{citation.n}]" in response.answer


def test_answers_are_short_and_never_whole_passages(assistant: Assistant) -> None:
    response = ask(assistant, "Những hạn chế của mô hình Bí thư đồng thời là Chủ tịch UBND xã ở Tháp Mười là gì?")
    assert response.found
    assert len(response.answer) < 700  # a list may take the next sentence that continues it
    assert all(len(c.quote) < len(c.passage) or len(c.passage) < 300 for c in response.citations)


def test_a_long_sentence_is_cut_into_clauses(corpus_dir: Path) -> None:
    doc = document_from_file(next(corpus_dir.glob("004_*.txt")))
    start = doc.text.index("Toàn huyện đã giảm")
    end = doc.text.index("33 lớp.", start) + len("33 lớp.")
    clauses = [doc.text[s:e] for s, e in clause_spans(doc.text, start, end)]
    assert clauses[0] == "Toàn huyện đã giảm 8 cơ quan, đơn vị, đầu mối và giảm 9 cấp trưởng, 12 cấp phó"
    assert clauses[-1] == "giảm 18 điểm trường, 33 lớp"
    index = build_index(doc)
    assert all(doc.text[u.start : u.end] == u.text for u in index.units)


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Có bao nhiêu xã thực hiện?", "number"),
        ("Nghị quyết được ban hành ngày nào?", "date"),
        ("Mô hình được thực hiện từ khi nào?", "date"),
        ("Ai chủ trì hội nghị?", "person"),
        ("Những xã nào chưa thực hiện?", "place"),
        ("Những hạn chế của mô hình là gì?", "list"),
        ("Cán bộ luân chuyển có phải người địa phương không?", "yesno"),
        ("bi thu tinh uy la ai", "person"),
    ],
)
def test_question_types(question: str, answer_type: str) -> None:
    assert analyse(question).answer_type == answer_type


def test_abbreviations_match_their_long_form() -> None:
    short = analyse("Chủ tịch UBND xã")
    long = analyse("Chủ tịch Ủy ban nhân dân xã")
    assert "§ubnd" in short.keys and "§ubnd" in long.keys


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Đề án về sắp xếp tổ chức bộ máy được ban hành ngày nào?", "date"),  # "bộ máy" is not "mấy"
        ("Tỉnh ủy ban hành kế hoạch hành động số mấy?", "docnum"),
        ("Bà Hồ Thị Hoàng Yến giữ chức vụ gì?", "role"),
        ("Đồng chí Đỗ Khánh Tùng là ai?", "role"),
        ("Những mô hình kiêm nhiệm chức danh nào được thực hiện?", "list"),  # no one named: not a post
    ],
)
def test_more_question_types(question: str, answer_type: str) -> None:
    assert analyse(question).answer_type == answer_type


def test_a_two_sided_question_is_split_into_parts() -> None:
    from assistant.facets import facets

    years = facets(analyse("Phó Bí thư Thường trực Tỉnh ủy năm 2018 và năm 2021 là ai?"))
    assert [label for label, _ in years] == ["Năm 2018", "Năm 2021"]
    assert [part.years for _, part in years] == [["2018"], ["2021"]]
    places = facets(analyse("Ở Tháp Mười và Ba Chẽ, bao nhiêu xã có bí thư kiêm chủ tịch?"))
    assert [part.places for _, part in places] == [["thap muoi"], ["ba che"]]
    assert facets(analyse("Từ năm 2018 đến năm 2021 có bao nhiêu xã?")) == []  # a range, not two questions


def test_places_side_by_side_and_a_new_subject_are_read() -> None:
    assert analyse("So sánh kết quả ở Tháp Mười và Ba Chẽ").places == ["thap muoi", "ba che"]
    assert analyse("Còn Sơn La thì sao?").places == ["son la"]
    assert analyse("so xa o Ba Che la bao nhieu").places == ["ba che"]


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("Đồng chí Đỗ Khánh Tùng giữ chức vụ gì?", ["Phó Bí thư Thường trực Huyện ủy"]),
        ("Khi nào Tháp Mười nhân rộng mô hình ở 2 xã còn lại?", ["khi có đủ điều kiện"]),
        ("Theo kế hoạch của Huyện ủy Tháp Mười, năm 2018 dự kiến làm mô hình ở mấy xã?", ["3 xã trong năm 2018"]),
        ("Mô hình bí thư kiêm chủ tịch xã ở Tháp Mười có những hạn chế gì?", ["đi họp", "cấp phó"]),
        ("Chương trình hành động số mấy của Tỉnh ủy Bến Tre thực hiện Nghị quyết 18, 19?", ["28, 29"]),
    ],
)
def test_two_sided_role_condition_and_list_questions(assistant: Assistant, question: str, facts: list[str]) -> None:
    response = ask(assistant, question)
    assert response.found, response.answer
    assert all(contains(response.answer, fact) for fact in facts), response.answer


@pytest.mark.parametrize(
    "question",
    [
        "Huyện Yên Châu bắt đầu thí điểm mô hình Trưởng Ban Dân vận kiêm Chủ tịch MTTQ từ năm nào?",  # Phù Yên's date
        "Huyện Ba Chẽ có bao nhiêu đảng viên?",  # the figure given is xã Minh Cầm's
        "Xã nào ở Ba Chẽ thực hiện mô hình bí thư kiêm chủ tịch đầu tiên?",  # no order is given
        "Kết luận 34-KL/TW quy định những chức danh nào được kiêm nhiệm?",  # cited, its content never given
    ],
)
def test_answers_about_another_place_or_order_are_refused(assistant: Assistant, question: str) -> None:
    response = ask(assistant, question)
    assert not response.found, response.answer


def test_a_title_line_is_not_an_answer(corpus_dir: Path) -> None:
    doc = document_from_file(next(corpus_dir.glob("004_*.txt")))
    index = build_index(doc)
    headings = {u.text for u in index.units if u.heading}
    assert "Cách làm của Ba Chẽ" in headings
    assert not any(u.heading for u in index.units if u.text.startswith("Toàn huyện đã giảm"))


def test_question_forms_that_do_not_change_what_is_asked() -> None:
    # a qualifier explained in brackets need not be repeated by the answer
    assert analyse("Năm đầu tiên (2018) thực hiện ở mấy xã?").qualifiers == []
    assert analyse("Xã nào thực hiện đầu tiên?").qualifiers == ["dau tien"]
    # typed without accents, "bo may" is the apparatus, not "mấy"
    assert analyse("de an ve sap xep to chuc bo may duoc thuc hien den nam nao?").answer_type == "date"
    # "huyện, thành phố nào": the first kind heads the list
    assert analyse("Cụ thể là những huyện, thành phố nào?").place_kind == "huyen"
    # "trong trường hợp nào" asks for a condition
    q = analyse("Trong trường hợp nào huyện có thể điều chỉnh mô hình?")
    assert q.answer_type == "date" and q.condition_ok
    # "làm ngay nào" (immediately) is not "ngày nào" when accents are typed
    assert analyse("Những đơn vị có thể làm ngay nào?").answer_type == "list"
    assert analyse("Quy định số 208-QĐ/TW ra ngày nào?").answer_type == "date"
