"""The rules that decide what a quiz asks and how (worth, stems, distractors, quiz assembly), on
sentences of the kinds three blind reviews rejected."""

from __future__ import annotations

import pytest

from assistant.trainer.distractors import plausible, same_year
from assistant.trainer.facts import Fact, facts_of
from assistant.trainer.quiz import (
    format_hint,
    gives_away,
    shown_title,
    stem_of,
    template_free,
    template_keys,
    without_breakdown,
    without_prefix,
)
from assistant.trainer.schemas import QuizItem
from assistant.trainer.stems import (
    asks,
    dangling,
    headline_prefix,
    lead_in,
    lists_after_blank,
    names_the_counted,
    reference,
    restates_title,
)
from assistant.trainer.topic import Sentence, text_keys
from assistant.trainer.worth import (
    askable,
    bound_before,
    is_history,
    is_local_detail,
    is_national_doc,
    local_places,
    names_national_body,
    off_topic_place,
)
from assistant.schemas import Citation
from ingest.models import Document


def _fact(text: str, answer: str, kind: str, title: str = "Bài viết", before: str = "") -> Fact:
    """The fact of `kind` whose answer is `answer` in the one sentence `text` (after `before`)."""
    doc = Document(doc_id="d", source="d.txt", title=title, text=before + text, published=None)
    sentence = Sentence(doc, None, len(before), len(before) + len(text), text_keys(text), 1.0, 0)  # type: ignore[arg-type]
    return next(f for f in facts_of(sentence) if f.answer == answer and f.kind == kind)


def _fact_then(text: str, answer: str, after: str) -> Fact:
    """The document-number fact `answer` of the sentence `text`, with `after` following it in its document."""
    doc = Document(doc_id="d", source="d.txt", title="Bài viết", text=text + after, published=None)
    sentence = Sentence(doc, None, 0, len(text), text_keys(text), 1.0, 0)  # type: ignore[arg-type]
    return next(f for f in facts_of(sentence) if f.answer == answer and f.kind == "docnum")


# --- worth: what is worth asking ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Đảng bộ xã Minh Cầm có 5/12 chức danh kiêm nhiệm.", ["minh cam"]),
        ("BTV Huyện ủy Tháp Mười luân chuyển 9 đồng chí.", ["thap muoi"]),
        ("Ban Dân vận Huyện ủy tham mưu cho cấp ủy.", []),  # a committee, no place
        ("Tỉnh Gia Lai có 135 đơn vị hành chính cấp xã.", []),
    ],
)
def test_places_below_a_province_are_found(text, places):
    assert local_places(text) == places


def test_a_commune_or_district_is_a_local_detail_unless_the_topic_names_it():
    text = "Xã Minh Cầm, huyện Ba Chẽ có trên 95% là người dân tộc thiểu số."
    assert is_local_detail(text, "mô hình bí thư kiêm chủ tịch UBND cấp xã")
    assert not is_local_detail("Huyện Ba Chẽ đã giảm 3 cấp phó.", "sắp xếp tổ chức bộ máy ở Ba Chẽ")
    assert is_local_detail(text, "sắp xếp tổ chức bộ máy ở Ba Chẽ")  # the commune is not the topic's


def test_a_topic_naming_a_province_wants_items_about_it():
    assert off_topic_place("Sau khi sắp xếp, tỉnh Cà Mau có 64 xã.", "Hà Nội sắp xếp đơn vị hành chính cấp xã")
    assert not off_topic_place("Thành phố Hà Nội có 126 xã, phường.", "Hà Nội sắp xếp đơn vị hành chính cấp xã")
    assert not off_topic_place("Tỉnh Cà Mau có 64 xã.", "sắp xếp đơn vị hành chính cấp xã 2025")


@pytest.mark.parametrize(
    ("docnum", "national"),
    [("18-NQ/TW", True), ("76/2025/UBTVQH15", True), ("125/2025/NĐ-CP", True), ("72/2025/QH15", True),
     ("1576/UBND-NC", False), ("13/NQ-HĐND", False), ("02-NQ/TU", False)],
)
def test_national_document_numbers(docnum, national):
    assert is_national_doc(docnum) is national


def test_national_bodies_are_named():
    assert names_national_body("Ủy ban Thường vụ Quốc hội ban hành Nghị quyết.")
    assert names_national_body("Từ ngày 01/7/2025, nước ta có 34 tỉnh, thành phố.")
    assert names_national_body("Thực hiện Kết luận 34-KL/TW.")
    assert not names_national_body("HĐND tỉnh Bạc Liêu ban hành Nghị quyết số 13/NQ-HĐND.")


def test_bounds_and_estimates_are_found_before_a_number():
    text = "Xã có đến trên 95% là người dân tộc thiểu số, gần 3 năm thực hiện, có 12 xã."
    assert bound_before(text, text.index("95%"))
    assert bound_before(text, text.index("3 năm"))
    assert not bound_before(text, text.index("12 xã"))


def test_askable_facts():
    topic = "sắp xếp đơn vị hành chính cấp xã 2025"
    central = "Sau khi sắp xếp, tỉnh Lạng Sơn có 65 đơn vị hành chính cấp xã."
    assert askable(_fact(central, "65", "number"), topic)
    estimate = "Tỉnh Lạng Sơn có trên 65 đơn vị hành chính cấp xã."
    assert not askable(_fact(estimate, "65", "number"), topic)  # "trên 50" would be true too
    local = "Tỉnh Lạng Sơn có xã Mẫu Sơn rộng 65 km2."
    assert not askable(_fact(local, "65", "number"), topic)
    unscoped = "Một số nhiệm vụ tương đồng giữa 2 cơ quan chưa được rút gọn."
    assert not askable(_fact(unscoped, "2", "number"), topic)  # says neither where nor who
    local_date = "Ngày 28 tháng 4 năm 2025, HĐND tỉnh Bạc Liêu ban hành Nghị quyết số 13/NQ-HĐND."
    assert not askable(_fact(local_date, "Ngày 28 tháng 4 năm 2025", "date"), topic)
    assert not askable(_fact(local_date, "13/NQ-HĐND", "docnum"), topic)
    national = "Ngày 16 tháng 6 năm 2025, Ủy ban Thường vụ Quốc hội ban hành Nghị quyết số 1655/NQ-UBTVQH15."
    assert askable(_fact(national, "Ngày 16 tháng 6 năm 2025", "date"), topic)
    assert askable(_fact(national, "1655/NQ-UBTVQH15", "docnum"), topic)


# --- stems: does the stem say what it is about -------------------------------------------------


def test_stem_openings():
    assert headline_prefix("Tuyên Quang: Tại Nghị quyết số 1684/NQ-UBTVQH15, Ủy ban quyết nghị.")
    assert not headline_prefix("Căn cứ theo tiểu mục 3.1 Mục 3 Hướng dẫn năm 2025 như sau:")
    assert headline_prefix("Lưu ý: sau sáp nhập, cả nước chính thức có hiệu lực từ ngày _____ thì đã bỏ cấp huyện.")
    assert lead_in("Căn cứ theo tiểu mục 3.1 Mục 3 Hướng dẫn năm 2025 như sau:")
    assert not lead_in("Căn cứ Luật Tổ chức chính quyền địa phương số _____;")
    assert dangling("Theo đó, sáp nhập _____ vào tỉnh Tuyên Quang.")
    assert dangling("Sau khi sắp xếp, tỉnh Lạng Sơn có _____ xã.")
    assert not dangling("Theo Nghị quyết 202/2025/QH15, nước ta có _____ tỉnh.")
    assert dangling("Với số dân này Phú Thọ đứng thứ 21 trong _____ tỉnh, thành cả nước.")
    assert dangling("Tại hội nghị đó, tỉnh đã thông qua _____ nghị quyết.")
    assert not dangling("Từ nay đến năm 2030, tỉnh giảm _____ đơn vị.")
    assert not dangling("Với _____ xã, phường, đặc khu, tỉnh này lớn nhất vùng.")
    assert asks("Công văn _____ hướng dẫn tổ chức chính quyền địa phương 02 cấp ra sao?")
    assert lists_after_blank("Chia khu quân sự thành _____ tỉnh: Tuyên Quang, Bắc Quang, Hà Giang.")
    assert not lists_after_blank("Tỉnh có _____ xã, gồm 7 phường và 117 xã.")


def test_a_crawled_page_repeating_its_headline_keywords_is_not_a_source():
    title = "Chốt xã phường mới TP Thủ Đức sau sáp nhập phường xã TPHCM 2025"
    assert restates_title("Quy định về việc sáp nhập phường xã TPHCM 2025 như sau:", title)
    lead = "Hà Nội: Xây dựng 126 phương án sắp xếp 526 đơn vị hành chính cấp xã"
    assert not restates_title("UBND TP. Hà Nội xây dựng 126 phương án sắp xếp 526 đơn vị hành chính cấp xã.", lead)


def test_a_dangling_stem_is_told_which_document_it_follows():
    before = "Ngày 28 tháng 4 năm 2025, HĐND tỉnh Bạc Liêu ban hành Nghị quyết số 13/NQ-HĐND về việc tán thành. "
    text = "Theo đó, sắp xếp 9 đơn vị hành chính cấp xã thành 4 đơn vị."
    doc = Document(doc_id="d", source="d.txt", title="t", text=before + text)
    assert reference(doc, len(before)) == "Nghị quyết số 13/NQ-HĐND, ngày 28 tháng 4 năm 2025"
    alone = Document(doc_id="e", source="e.txt", title="t", text="Tình hình tốt. " + text)
    assert reference(alone, len("Tình hình tốt. ")) is None
    chain = before + "Theo đó, sáp nhập tỉnh Hà Giang vào tỉnh Tuyên Quang. "
    then = "Sau khi sáp nhập, tỉnh Tuyên Quang có 1.865.270 người."
    linked = Document(doc_id="f", source="f.txt", title="t", text=chain + then)
    assert reference(linked, len(chain)) == "Nghị quyết số 13/NQ-HĐND, ngày 28 tháng 4 năm 2025"  # through "Theo đó"


def test_titles_shown_to_a_learner():
    assert shown_title("An Giang: Tại Nghị quyết số 1654/NQ-UBTVQH15, Ủy ban Thường vụ Quốc hội quyết nghị …") is None
    assert shown_title("Hà Nội: Xây dựng 126 phương án sắp xếp 526 đơn vị hành chính cấp xã") is not None
    long = "Nghị quyết 34/2025/NQ-HĐND: " + "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU " * 8
    assert shown_title(long) == "Nghị quyết 34/2025/NQ-HĐND"


# --- quiz assembly -------------------------------------------------------------------------------


def test_a_list_prefix_is_left_out_of_the_quote():
    text = "Tuyên Quang: Tại Nghị quyết số 1684/NQ-UBTVQH15, Ủy ban Thường vụ Quốc hội quyết nghị sắp xếp."
    fact = without_prefix(_fact(text, "1684/NQ-UBTVQH15", "docnum"))
    assert fact.quote.startswith("Tại Nghị quyết số 1684")
    assert fact.sentence.document.text[fact.start : fact.end] == fact.quote


def test_a_total_followed_by_its_parts_is_asked_without_them():
    text = "Sau khi sắp xếp, tỉnh Lạng Sơn có 65 đơn vị hành chính cấp xã, gồm 61 xã và 4 phường."
    short = without_breakdown(_fact(text, "65", "number"))
    assert short is not None and short.quote == "Sau khi sắp xếp, tỉnh Lạng Sơn có 65 đơn vị hành chính cấp xã"
    assert stem_of(short) == "Sau khi sắp xếp, tỉnh Lạng Sơn có _____ đơn vị hành chính cấp xã …"
    assert without_breakdown(_fact(text, "4", "number")) is None  # a part: the total gives it
    text = "Tỉnh A có 9 đơn vị hành chính cấp huyện trực thuộc, bao gồm 2 thành phố và 7 huyện."
    short = without_breakdown(_fact(text, "9", "number"))
    assert short is not None and short.quote == "Tỉnh A có 9 đơn vị hành chính cấp huyện trực thuộc"  # no dangling "bao"


def test_wrong_dates_are_in_the_answers_year():
    fact = _fact("Ngày 28 tháng 4 năm 2025, Quốc hội ban hành Nghị quyết.", "Ngày 28 tháng 4 năm 2025", "date")
    assert same_year(fact, "2025-05-05") and plausible(fact, "2025-05-05")
    assert not same_year(fact, "2020-01-22") and not plausible(fact, "2020-01-22")


def test_cloze_states_the_answers_format():
    assert format_hint("docnum", "1669/NQ-UBTVQH15") == "số hiệu văn bản, ghi đủ số và ký hiệu, dạng «…/NQ-UBTVQH15»"
    assert format_hint("date", "Ngày 16 tháng 6 năm 2025") == "một ngày, ghi dạng «Ngày … tháng … năm …»"


def _item(question: str, answer: str, options: list[str] | None = None) -> QuizItem:
    citation = Citation(n=1, doc_id="d", source="d.txt", title="t", published=None, passage="p", quote=answer, start=0, end=len(answer), score=1.0)
    return QuizItem(id=answer, kind="mcq" if options else "cloze", question=question, options=options or [], answer=answer,
                    answer_type="number", explanation="", difficulty="dễ", citation=citation)


def test_no_item_answers_another_or_is_named_by_the_topic():
    first = _item("Từ ngày 01/7/2025, nước ta có 34 tỉnh, thành phố và _____ xã.", "3.321")
    second = _item("Từ ngày 01/7/2025, nước ta có _____ tỉnh, thành phố.", "34")
    assert gives_away(second, [first])  # the first shows 34
    assert gives_away(_item("Tỉnh có _____ xã.", "3.321"), [first])  # the same answer twice
    assert not gives_away(_item("Tỉnh Lạng Sơn có _____ xã.", "65"), [first])
    assert gives_away(second, [], topic="sáp nhập tỉnh còn 34 tỉnh, thành phố")
    with_option = _item("Tỉnh Điện Biên có _____ xã.", "45", ["45", "65", "36", "95"])
    assert not gives_away(_item("Tỉnh Lạng Sơn có _____ xã.", "65"), [with_option])  # a wrong option tells nothing


def test_at_most_two_items_of_one_sentence_template():
    shape = [template_keys(f"Sau khi sắp xếp, thành phố {p} có {n} đơn vị hành chính cấp xã") for p, n in
             (("Hải Phòng", 114), ("Hà Nội", 126))]
    third = template_keys("Sau khi sắp xếp, tỉnh Điện Biên có 45 đơn vị hành chính cấp xã")
    assert template_free(third, shape[:1])
    assert not template_free(third, shape)
    assert template_free(template_keys("Quốc hội ban hành Nghị quyết số 202/2025/QH15 về sắp xếp cấp tỉnh."), shape)
    assert "114" not in shape[0]  # numbers are not part of a template


def test_history_and_replaced_documents_are_not_asked():
    topic = "sắp xếp đơn vị hành chính cấp tỉnh"
    old = "Ngày 27 tháng 12 năm 1975, Quốc hội ban hành Nghị quyết thành lập tỉnh Hà Tuyên."
    later = " Ngày 12 tháng 6 năm 2025, Quốc hội ban hành Nghị quyết số 202/2025/QH15."
    assert not askable(_fact(old, "Ngày 27 tháng 12 năm 1975", "date", before=later), topic)
    assert askable(_fact(later.strip(), "Ngày 12 tháng 6 năm 2025", "date", before=old), topic)
    text = "Bộ Nội vụ lấy ý kiến dự thảo Nghị quyết (thay thế Nghị quyết 1211/2016/UBTVQH13) về tiêu chuẩn."
    assert not askable(_fact(text, "1211/2016/UBTVQH13", "docnum"), topic)
    old_rule = "Đề án sáp nhập trường tiểu học, THCS, mầm non được quy định tại Nghị định 125/2024/NĐ-CP như sau:"
    new_rule = "\n>> Đề án sáp nhập trường tiểu học, THCS, mầm non là Mẫu số 05 ban hành kèm theo Nghị định 142/2025/NĐ-CP."
    assert not askable(_fact_then(old_rule, "125/2024/NĐ-CP", new_rule), topic)  # a later decree on the same matter
    other_matter = "\nHồ sơ đề án thành lập thôn mới theo Nghị định 150/2025/NĐ-CP."
    assert askable(_fact_then(old_rule, "125/2024/NĐ-CP", other_matter), topic)  # a later decree on another matter
    other_series = "\n>> Đề án sáp nhập trường tiểu học, THCS, mầm non theo Nghị quyết 71/2025/QH15."
    assert askable(_fact_then(old_rule, "125/2024/NĐ-CP", other_series), topic)
    local = "Thực hiện Kết luận 34-KL/TW của Bộ Chính trị và Đề án số 02-ĐA/TU ngày 28-9-2018 của Tỉnh ủy."
    assert not askable(_fact(local, "28-9-2018", "date"), topic)  # the date of the local scheme


def test_wrong_dates_are_written_like_the_answer():
    from datetime import date

    from assistant.trainer.distractors import written_like

    assert written_like("1/7/2025", date(2025, 11, 7)) == "7/11/2025"
    assert written_like("01/7/2025", date(2025, 11, 7)) == "07/11/2025"
    assert written_like("ngày 1 tháng 7 năm 2025", date(2025, 6, 21)) == "ngày 21 tháng 6 năm 2025"
    assert shown_title("Công văn 10988/BNV-CQĐP: : Sửa đổi, thay thế, hủy bỏ") == "Công văn 10988/BNV-CQĐP"  # a site legend


# --- neighbourhood: more sentences of the topic's key documents ---------------------------------


def test_the_neighbourhood_adds_sentences_of_key_documents_that_hold_the_topic():
    from assistant.trainer.topic import TopicPool, neighbourhood

    first = "Tỉnh Gia Lai sắp xếp đơn vị hành chính cấp xã theo đề án. "
    second = "Thời tiết hôm nay nắng nhẹ ở nhiều vùng trên cả nước. "
    third = "Sau sắp xếp, đơn vị hành chính cấp xã của tỉnh giảm còn 135 xã, phường."
    doc = Document(doc_id="d", source="d.txt", title="Sắp xếp cấp xã", text=first + second + third, published=None)
    known = Sentence(doc, None, 0, len(first) - 1, text_keys(first), 0.9, 0, 0.9)  # type: ignore[arg-type]
    keys = ["sắp", "xếp", "đơn", "vị", "hành", "chính", "cấp", "xã"]
    pool = TopicPool("sắp xếp đơn vị hành chính cấp xã", [known], True, 1.0, {k: 1.0 for k in keys}, {"d": 1.0})
    added = neighbourhood(pool)
    assert [doc.text[s.start : s.end] for s in added] == [third]
    assert added[0].passage.text == third and added[0].relevance < known.relevance
    pool.doc_coverage = {"d": 0.5}  # a document that does not hold the topic gives nothing more
    assert neighbourhood(pool) == []


# --- centrality, contradictions, marginal facts ---------------------------------------------------


def _sentence(doc: Document, text: str) -> Sentence:
    start = doc.text.index(text)
    return Sentence(doc, None, start, start + len(text), text_keys(text), 1.0, 0)  # type: ignore[arg-type]


def test_a_fact_another_source_contradicts_is_contested_and_agreement_counts_documents():
    from assistant.trainer.consensus import Consensus

    said = "Ngày 16 tháng 6 năm 2025, Ủy ban Thường vụ Quốc hội ban hành Nghị quyết số 1655/NQ-UBTVQH15 về tỉnh Cà Mau (nghị quyết có hiệu lực từ ngày 1 tháng 7 năm 2025)."
    summary = "Các Nghị quyết trên có hiệu lực thi hành từ ngày được thông qua (16/6/2025)."
    listed = "Cà Mau: Tại Nghị quyết số 1655/NQ-UBTVQH15, Ủy ban Thường vụ Quốc hội quyết nghị sắp xếp các xã."
    page = Document(doc_id="a", source="a.md", title="Cà Mau", text=said, published=None)
    official = Document(doc_id="b", source="b.txt", title="Tổng hợp", text=f"{listed}\n\n{summary}", published=None)
    sentences = [_sentence(page, said), _sentence(official, listed), _sentence(official, summary)]
    consensus = Consensus(sentences)
    effective = next(f for f in facts_of(sentences[0]) if f.answer == "ngày 1 tháng 7 năm 2025")
    issued = next(f for f in facts_of(sentences[0]) if f.answer == "Ngày 16 tháng 6 năm 2025")
    assert consensus.contested(effective) and not consensus.contested(issued)
    assert consensus.documents("docnum", "1655/nq-ubtvqh15") == 2


def test_figures_of_different_things_in_one_province_do_not_contradict():
    from assistant.trainer.consensus import Consensus

    now = "Tỉnh Tuyên Quang có 124 đơn vị hành chính cấp xã, bao gồm 7 phường và 117 xã."
    then = "Sau năm 1954, tỉnh Tuyên Quang có 7 đơn vị hành chính cấp huyện."
    doc = Document(doc_id="d", source="d.md", title="Bài", text=f"{now} {then}", published=None)
    sentences = [_sentence(doc, now), _sentence(doc, then)]
    consensus = Consensus(sentences)
    assert not any(consensus.contested(f) for s in sentences for f in facts_of(s))


def test_an_undated_count_its_document_gives_other_values_for_is_not_asked():
    from assistant.trainer.consensus import Consensus

    now = "Tỉnh Vĩnh Phúc có 9 đơn vị hành chính cấp huyện trực thuộc, bao gồm 2 thành phố và 121 đơn vị hành chính cấp xã."
    then = "Khi tái lập, tỉnh Vĩnh Phúc gồm 6 đơn vị hành chính cấp huyện trực thuộc: thị xã Vĩnh Yên và 5 huyện."
    dated = "Năm 2020, tỉnh Vĩnh Phúc có 9 đơn vị hành chính cấp huyện trực thuộc."
    doc = Document(doc_id="d", source="d.md", title="Vĩnh Phúc", text=f"{now} {then} {dated}", published=None)
    sentences = [_sentence(doc, now), _sentence(doc, then), _sentence(doc, dated)]
    consensus = Consensus(sentences)
    count = {(s.start, f.answer): consensus.changes_over_time(f) for s in sentences for f in facts_of(s) if f.kind == "number"}
    assert count[(sentences[0].start, "9")] and count[(sentences[1].start, "6")]
    assert not count[(sentences[0].start, "121")]  # no other value for communes
    assert not count[(sentences[2].start, "9")]  # its year says when


@pytest.mark.parametrize(
    ("text", "answer", "kind", "asked"),
    [
        ("Theo Bộ Nội vụ, tỉnh Tuyên Quang có diện tích 13.796 km², dân số: 1.865.270 người.", "1.865.270", "number", False),
        ("Theo Bộ Nội vụ, tỉnh Tuyên Quang có 21,45% dân số sống ở đô thị.", "21,45%", "number", False),
        ("Theo Bộ Nội vụ, tỉnh Tuyên Quang có 124 đơn vị hành chính cấp xã.", "124", "number", True),
    ],
)
def test_a_places_measures_are_not_asked(text, answer, kind, asked):
    assert askable(_fact(text, answer, kind, before="Năm 2025. "), "sắp xếp tỉnh Tuyên Quang") is asked


def test_a_page_about_one_place_and_past_events_are_not_asked():
    from assistant.trainer.worth import place_page

    assert place_page("Bà Rịa (thành phố)", "sắp xếp đơn vị hành chính cấp xã 2025")
    assert not place_page("Bà Rịa (thành phố)", "sắp xếp đơn vị hành chính ở Bà Rịa")
    assert not place_page("Hà Nội: Xây dựng 126 phương án sắp xếp 526 đơn vị hành chính cấp xã", "cấp xã")
    old = "Ngày 2 tháng 7 năm 2010, Chính phủ ban hành Nghị quyết số 09/NQ-CP về việc thành lập thành phố."
    fact = _fact(old, "09/NQ-CP", "docnum", before="Năm 2025, tỉnh sáp nhập. ")
    assert not askable(fact, "thành lập thành phố")


def test_a_document_number_is_given_away_by_its_own_number():
    from assistant.trainer.quiz import reveals

    assert reveals("Sáp nhập còn 9 tỉnh theo Nghị quyết 202, 306", "202/2025/QH15", "docnum")
    assert not reveals("Sáp nhập còn 9 tỉnh theo Nghị quyết 306", "202/2025/QH15", "docnum")
    assert not reveals("Năm 2025 có 202 xã", "1/7/2025", "date")
    assert reveals("Hà Nội đã có 96/126 xã đạt chuẩn", "126", "number")  # the whole of a share
    assert not reveals("Hà Nội đã có 96/126 xã đạt chuẩn", "12", "number")
    assert not reveals("Từ tháng 6/2025, tỉnh có 124 xã", "2025", "number")  # a date's year is no share


def test_a_numbered_part_of_a_text_is_no_count():
    text = "Theo Bộ Nội vụ, lý do nêu tại tiểu mục 4.1 Mục 4 Phần II Tờ trình có 3 phương án."
    doc = Document(doc_id="d", source="d.txt", title="Bài", text=text, published=None)
    answers = [f.answer for f in facts_of(_sentence(doc, text)) if f.kind == "number"]
    assert "4" not in answers and "3" in answers


def test_a_count_whose_items_follow_in_brackets_or_a_list_of_numbers_is_not_asked():
    assert lists_after_blank("nhân rộng ở _____ xã còn lại (xã Tân Kiều và xã Hưng Thạnh) khi có đủ điều kiện.")
    assert not lists_after_blank("có _____ xã (tăng so với năm trước) được công nhận.")
    text = "Theo báo cáo, việc thực hiện Nghị quyết số 18, 19 Hội nghị Trung ương 6 được thực hiện nghiêm túc."
    doc = Document(doc_id="d", source="d.txt", title="Bài", text=text, published=None)
    assert not [f for f in facts_of(_sentence(doc, text)) if f.kind == "number"]


def test_a_number_is_given_away_only_with_what_it_counts():
    nine = _item("Miền Trung sắp xếp thành _____ tỉnh và 2 thành phố.", "9")
    nine.citation.quote = "Miền Trung sắp xếp thành 9 tỉnh và 2 thành phố."
    session = _item("Tại Kỳ họp thứ 9, Quốc hội thông qua Luật số _____.", "72/2025/QH15")
    assert not gives_away(nine, [session])
    assert gives_away(nine, [_item("Cả nước còn 9 tỉnh miền Trung, _____ thành phố.", "34")])


# --- bodies: who decided ----------------------------------------------------------------------------


def test_the_body_that_decided_is_asked_with_the_other_bodies_of_its_class():
    from assistant.trainer.bodies import other_bodies
    from assistant.trainer.facts import option_kind

    text = "Để tiếp tục thực hiện các mô hình kiêm nhiệm theo Kết luận số 34-KL/TW của Bộ Chính trị, Tỉnh ủy ban hành kế hoạch."
    fact = _fact(text, "Bộ Chính trị", "body")
    assert fact.unit == "dang" and askable(fact, "mô hình kiêm nhiệm")
    assert other_bodies("Bộ Chính trị") == ["Ban Bí thư", "Ban Chấp hành Trung ương", "Ban Tổ chức Trung ương"]
    assert option_kind("Ban Bí thư") == "body"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ngày 16/6/2025, Quốc hội đã thông qua Luật Tổ chức chính quyền địa phương.", ["Quốc hội"]),
        ("Theo Tờ trình của Chính phủ, Hà Nội có 526 đơn vị hành chính cấp xã.", []),  # a proposal, no decision
        ("Bộ Nội vụ cho biết cả nước có 3.321 đơn vị hành chính cấp xã.", []),  # no decision
    ],
)
def test_a_body_is_asked_only_as_the_author_of_a_decision(text, found):
    doc = Document(doc_id="d", source="d.txt", title="Bài", text=text, published=None)
    assert [f.answer for f in facts_of(_sentence(doc, text)) if f.kind == "body"] == found


def test_a_document_number_that_names_the_body_rules_the_item_out():
    text = "Ngày 16 tháng 6 năm 2025, Ủy ban Thường vụ Quốc hội ban hành Nghị quyết số 1655/NQ-UBTVQH15 về tỉnh Cà Mau."
    assert not askable(_fact(text, "Ủy ban Thường vụ Quốc hội", "body"), "sắp xếp cấp xã")


def test_a_body_answer_is_not_given_away_by_the_same_body_in_another_stem():
    law = _item("Ngày 16/6/2025, Quốc hội đã thông qua Luật số _____.", "72/2025/QH15")
    body = _item("Việc phân quyền phải được quy định trong luật, nghị quyết của _____.", "Quốc hội", ["Quốc hội", "Chính phủ", "Thủ tướng Chính phủ", "Ủy ban Thường vụ Quốc hội"])
    body.answer_type = "body"
    assert not gives_away(body, [law])


def test_more_items_of_one_template_only_when_the_quiz_is_short():
    from assistant.trainer.quiz import MAX_PER_TEMPLATE, MAX_PER_TEMPLATE_SHORT

    kept = [template_keys(f"Sau khi sắp xếp, tỉnh {p} có 45 đơn vị hành chính cấp xã.") for p in ("Điện Biên", "Sơn La")]
    third = template_keys("Sau khi sắp xếp, tỉnh Lai Châu có 38 đơn vị hành chính cấp xã.")
    assert not template_free(third, kept) and not template_free(third, kept, MAX_PER_TEMPLATE)
    assert template_free(third, kept, MAX_PER_TEMPLATE_SHORT)


def test_a_long_number_is_given_away_by_any_item_writing_it():
    """A title shown with one item ("126 phương án") tells another's answer ("126 đơn vị"); a
    short number counts only with its unit ("Kỳ họp thứ 9" tells nothing of "9 tỉnh")."""
    citation = Citation(n=1, doc_id="d", source="d.txt", title="t", published=None, passage="p",
                        quote="Hà Nội có 126 đơn vị hành chính cấp xã", start=0, end=38, score=1.0)
    asked = _item("Hà Nội có _____ đơn vị hành chính cấp xã.", "126").model_copy(update={"citation": citation})
    titled = _item("Theo tài liệu «Hà Nội: Xây dựng 126 phương án», ngày _____ …", "1/7/2025")
    assert gives_away(asked, [titled])
    nine = _item("Sau sắp xếp còn _____ tỉnh.", "9").model_copy(
        update={"citation": citation.model_copy(update={"quote": "Sau sắp xếp còn 9 tỉnh"})})
    assert not gives_away(nine, [_item("Tại Kỳ họp thứ 9, Quốc hội thông qua _____.", "Luật")])


def test_a_document_number_is_no_year_of_history():
    """"1654/NQ-UBTVQH15" is a resolution of 2025, not a sentence about 1654 (the history rule
    once dropped every per-province resolution of a roundup for it)."""
    topic = "sắp xếp đơn vị hành chính cấp xã 2025"
    text = "Tại Nghị quyết số 1654/NQ-UBTVQH15, Ủy ban Thường vụ Quốc hội quyết nghị sắp xếp các đơn vị hành chính cấp xã của tỉnh An Giang."
    later = " Ngày 16/6/2025, Ủy ban Thường vụ Quốc hội ban hành các nghị quyết."
    fact = _fact(text, "1654/NQ-UBTVQH15", "docnum", before=later)
    assert not is_history(fact)
    assert askable(fact, topic)
    old = "Năm 1991, tỉnh Hà Tuyên được chia thành hai tỉnh."
    assert is_history(_fact(old + " Hà Tuyên có 1654 xã.", "1654", "number", before=later))


_ROUNDUP = [
    ("Điện Biên", "1661"), ("Sơn La", "1681"), ("Lạng Sơn", "1672"), ("Lào Cai", "1673"), ("Cà Mau", "1655"),
]


def _roundup_sentences() -> list[Sentence]:
    lines = [f"Tại Nghị quyết số {n}/NQ-UBTVQH15, Ủy ban Thường vụ Quốc hội quyết nghị sắp xếp các đơn vị hành chính cấp xã của tỉnh {p}."
             for p, n in _ROUNDUP]
    doc = Document(doc_id="r", source="r.txt", title="Tổng hợp", text="\n".join(lines), published=None)
    return [_sentence(doc, line) for line in lines]


def test_sentences_of_one_template_told_apart_by_their_numbers_are_different_facts():
    from assistant.trainer.dedupe import Seen

    first, second = (s.keys for s in _roundup_sentences()[:2])
    seen = Seen(by_numbers=True)
    seen.add(first)
    assert not seen.holds(second)  # another province's resolution
    assert Seen().holds(first) is False and seen.holds(first)
    brief = Seen()
    brief.add(first)
    assert brief.holds(second)  # a brief keeps one point per template
    same = text_keys("Theo Nghị quyết 1661/NQ-UBTVQH15, Ủy ban Thường vụ Quốc hội quyết nghị sắp xếp các đơn vị hành chính cấp xã tỉnh Điện Biên.")
    assert seen.holds(same)  # the same resolution told again


def test_a_document_numbers_wrong_options_are_its_neighbours_in_parallel_sentences():
    from assistant.trainer.distractors import OptionPool, distractors

    sentences = _roundup_sentences()
    pool = OptionPool(sentences)
    fact = next(f for f in facts_of(sentences[2]) if f.kind == "docnum")  # Lạng Sơn, 1672
    wrong, from_corpus = distractors(fact, pool)
    assert from_corpus and len(wrong) == 3
    assert "1672/NQ-UBTVQH15" not in wrong
    assert wrong[0] == "1673/NQ-UBTVQH15"  # the nearest number first
    assert "1655/NQ-UBTVQH15" not in wrong  # the farthest left out


def test_a_count_announcing_a_list_is_asked_on_the_clause_before_it():
    from assistant.trainer.quiz import LEAD_IN_MARKS

    text = "Luật Tổ chức chính quyền địa phương quy định 09 nhóm nhiệm vụ, quyền hạn của Ủy ban nhân dân xã, gồm:"
    fact = _fact(text, "09", "number")
    assert lead_in(stem_of(fact))
    shorter = without_breakdown(fact, LEAD_IN_MARKS)
    assert shorter is not None and not lead_in(stem_of(shorter))
    assert stem_of(shorter) == "Luật Tổ chức chính quyền địa phương quy định _____ nhóm nhiệm vụ, quyền hạn của Ủy ban nhân dân xã …"


def test_a_heading_before_a_colon_is_left_out_of_the_quote():
    text = "Nhiệm vụ, quyền hạn của Chủ tịch HĐND cấp xã: Luật Tổ chức chính quyền địa phương quy định 04 nhóm nhiệm vụ, quyền hạn của Chủ tịch HĐND cấp xã."
    fact = without_prefix(_fact(text, "04", "number"))
    assert fact.quote.startswith("Luật Tổ chức")
    prose = "Theo Bộ Nội vụ, có một điểm mới: Luật quy định 04 nhóm nhiệm vụ của Chủ tịch HĐND cấp xã."
    assert without_prefix(_fact(prose, "04", "number")).quote == prose  # a clause, not a heading, before the colon


def test_a_padded_count_and_its_options_are_one_value():
    from assistant.trainer.distractors import _format_number
    from assistant.trainer.facts import fact_value

    assert fact_value("05", "number") == fact_value("5", "number") == "5"
    assert fact_value("1.017", "number") == "1017" and fact_value("0,5", "number") == "0.5"
    assert _format_number("04", 5) == "05" and _format_number("4", 5) == "5" and _format_number("98,6%", 92.6) == "92,6%"


def test_a_percentage_the_stems_numbers_make_is_computable():
    from assistant.trainer.fairness import computable

    stem = "Có 96/126 ĐVHC cấp xã sau sắp xếp (đạt tỷ lệ _____) bảo đảm định hướng tiêu chuẩn."
    assert computable(stem, "76,19%")
    assert computable("Có 4 trên 8 đơn vị cấp xã thực hiện mô hình, đạt _____.", "50%")
    assert not computable("Tỉnh có 12 xã, tỷ lệ cử tri đồng thuận đạt _____.", "98,6%")


def test_a_year_before_the_verb_co_names_a_law_it_is_no_count():
    text = "Trước thời điểm Luật Đất đai 2024 có hiệu lực, Bộ Nông nghiệp và Môi trường có 16.683 cán bộ."
    sentence_facts = facts_of(_sentence(Document(doc_id="d", source="d", title="t", text=text, published=None), text))
    assert not any(f.kind == "number" and f.answer == "2024" for f in sentence_facts)
    count = "Cả nước có khoảng 2000 xã thực hiện mô hình."
    assert any(f.kind == "number" and f.answer == "2000" for f in facts_of(_sentence(Document(doc_id="c", source="c", title="t", text=count, published=None), count)))


def test_a_share_of_units_is_asked_with_other_shares_of_the_same_whole():
    from assistant.trainer.distractors import OptionPool, distractors

    text = "Kết quả từ năm 2018 đến nay, huyện Tháp Mười đã thực hiện mô hình Bí thư cấp ủy đồng thời là Chủ tịch UBND cấp xã được 11/13 xã, thị trấn."
    fact = _fact(text, "11/13", "number")
    topic = "mô hình bí thư kiêm chủ tịch UBND cấp xã"
    assert askable(fact, topic)  # the district's result on the model
    cadres = "BTV Huyện ủy Tháp Mười luân chuyển, điều động 9 đồng chí về cơ sở thực hiện mô hình bí thư cấp ủy đồng thời là Chủ tịch UBND xã."
    assert not askable(_fact(cadres, "9", "number"), topic)  # still a local detail
    wrong, _ = distractors(fact, OptionPool([]))
    assert wrong == ["10/13", "12/13", "9/13"]


def test_a_share_its_percentage_tells_and_a_count_its_bracketed_list_tells_are_not_asked():
    from assistant.trainer.fairness import computable

    assert computable("Đã có _____ đơn vị cấp xã thực hiện nhất thể hóa chức danh (50%).", "4/8")
    assert not computable("Đã có _____ đơn vị cấp xã thực hiện nhất thể hóa chức danh.", "4/8")
    stem = "Đến nay, toàn tỉnh có _____ huyện đang thực hiện thí điểm mô hình Trưởng Ban Dân vận đồng thời là Chủ tịch Ủy ban MTTQ cấp huyện (Bắc Yên, Yên Châu, Quỳnh Nhai, Phù Yên, Mộc Châu) …"
    assert lists_after_blank(stem, "5/12") and lists_after_blank(stem, "5")
    assert not lists_after_blank(stem, "6/12")


def test_a_number_another_statement_gives_for_the_same_count_is_no_wrong_option():
    """A draft said "UBND xã có 10 nhóm", the law "09 nhóm": 10 may be defended, so it is no option
    (neither from the corpus nor made up); another province's count stays a believable wrong one."""
    from assistant.trainer.distractors import OptionPool, distractors

    law = "Luật Tổ chức chính quyền địa phương (sửa đổi) quy định 09 nhóm nhiệm vụ, quyền hạn của Ủy ban nhân dân xã."
    draft = "Theo dự thảo, UBND xã có 10 nhóm nhiệm vụ, quyền hạn; Chủ tịch UBND xã có 17 nhóm nhiệm vụ, quyền hạn."
    doc = Document(doc_id="d", source="d.txt", title="t", text=f"{law} {draft}", published=None)
    sentences = [_sentence(doc, law), _sentence(doc, draft)]
    fact = next(f for f in facts_of(sentences[0]) if f.answer == "09")
    wrong, _ = distractors(fact, OptionPool(sentences))
    assert "10" not in wrong and len(wrong) == 3
    a = "Sau khi sắp xếp, tỉnh Lai Châu có 38 đơn vị hành chính cấp xã."
    b = "Sau khi sắp xếp, tỉnh Điện Biên có 45 đơn vị hành chính cấp xã."
    doc = Document(doc_id="p", source="p.txt", title="t", text=f"{a} {b}", published=None)
    provinces = [_sentence(doc, a), _sentence(doc, b)]
    from assistant.trainer.distractors import counted

    fact = next(f for f in facts_of(provinces[0]) if f.answer == "38")
    pool = OptionPool(provinces)
    assert not pool.counts_the_same("45", counted(fact), frozenset({"lai chau"}))  # Điện Biên's count
    assert pool.counts_the_same("45", counted(fact), frozenset())  # … the same count when no province tells them apart


def test_a_place_pages_sentence_about_the_whole_country_is_asked():
    topic = "kết thúc hoạt động của cấp huyện"
    national = "Theo đó, kết thúc hoạt động của đơn vị hành chính cấp huyện trong cả nước từ ngày 1 tháng 7 năm 2025."
    own = "Ngày 16 tháng 6 năm 2025, toàn bộ các đơn vị hành chính cấp huyện tại tỉnh Tuyên Quang được giải thể."
    assert askable(_fact(national, "ngày 1 tháng 7 năm 2025", "date", title="Trần Văn Thời (huyện)"), topic)
    assert not askable(_fact(own, "Ngày 16 tháng 6 năm 2025", "date", title="Trần Văn Thời (huyện)"), topic)


def test_a_date_is_given_away_when_written_another_way():
    from assistant.trainer.quiz import reveals

    title = "Hướng dẫn sắp xếp, sáp nhập Trạm y tế xã từ 1/1/2026 mới nhất"
    assert reveals(title, "01/1/2026", "date") and reveals("ngày 1 tháng 1 năm 2026", "01/01/2026", "date")
    assert not reveals("Trạm y tế xã năm 2026", "01/1/2026", "date")


def test_a_lead_in_is_not_cut_to_an_adverbial_phrase_alone():
    from assistant.trainer.quiz import LEAD_IN_MARKS
    from assistant.trainer.stems import adverbial_opening

    text = ("Ngoài các chính sách, chế độ được hưởng theo quy định của Nghị định số 178/2024/NĐ-CP của Chính phủ "
            "(do sắp xếp đơn vị hành chính các cấp), các đối tượng áp dụng Nghị quyết được hỗ trợ thêm như sau:")
    shorter = without_breakdown(_fact(text, "178/2024/NĐ-CP", "docnum"), LEAD_IN_MARKS)
    assert shorter is not None and adverbial_opening(stem_of(shorter))  # "Ngoài các chính sách … của Chính phủ …"
    assert not adverbial_opening("Luật Tổ chức chính quyền địa phương quy định _____ nhóm nhiệm vụ …")


def test_a_lead_in_citing_where_a_rule_is_is_not_cut_to_a_pointer():
    from assistant.trainer.stems import adverbial_opening

    assert adverbial_opening("Căn cứ theo khoản 1 Điều 13 Nghị định _____ có giải thích về vị trí và chức năng của Văn phòng đăng ký đất đai …")


def test_a_title_that_tells_an_earlier_items_answer_is_hidden():
    from assistant.trainer.quiz import _context

    text = "Việc bố trí, sử dụng trụ sở sau sắp xếp ĐVHC cấp xã được thực hiện theo quy định của Chính phủ."
    fact = _fact(text, "Chính phủ", "body", title="Hà Nội: Xây dựng 126 phương án sắp xếp 526 đơn vị hành chính cấp xã")
    asked = _item("Uỷ ban nhân dân TP. Hà Nội xây dựng _____ phương án sắp xếp 526 ĐVHC cấp xã …", "126")
    assert "126 phương án" in _context(fact)
    assert _context(fact, [asked]) == "Theo một tài liệu"


def test_a_count_beside_the_names_it_counts_is_given_away() -> None:
    assert names_the_counted("Tỉnh đông dân nhất Bắc Bộ (nếu không tính Hà Nội và Hải Phòng - _____ thành phố trực thuộc Trung ương).", "2")
    assert names_the_counted("Nếu tỉnh Hòa Bình có Hội X (mà _____ tỉnh Phú Thọ, Vĩnh Phúc không có) thì Hội X tiếp tục hoạt động.", "02")
    assert names_the_counted("Hà Nội, Hải Phòng và Đà Nẵng là _____ thành phố được chọn.", "3")
    # the names do not match the count, or are not a list, or are not beside the blank
    assert not names_the_counted("Hà Nội và Hải Phòng - _____ thành phố trực thuộc Trung ương.", "5")
    assert not names_the_counted("Huyện Ba Chẽ có _____ xã thuộc vùng khó khăn.", "1")
    assert not names_the_counted("Tỉnh có _____ xã thuộc huyện Ba Chẽ, Tiên Yên.", "2")
    assert not names_the_counted("Sau sắp xếp, Tuyên Quang có _____ đơn vị hành chính cấp xã.", "124")
