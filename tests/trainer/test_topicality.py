"""Whether a quoted sentence is itself about the topic, and the facts the fifth review found not
worth a course (a vote's share, a reporting deadline, one commune's figure, an encyclopedia's date)."""

from __future__ import annotations

from assistant.trainer.topicality import holds_head, on_topic, quote_share
from assistant.trainer.worth import askable, reporting_deadline
from tests.trainer.test_quiz_rules import _fact

LEAVE = "chính sách nghỉ việc khi sắp xếp đơn vị hành chính"
# IDF weights as an index of this corpus gives them: "sắp xếp" and "đơn vị hành chính" are in
# nearly every passage, "nghỉ" and "sách" in few.
LEAVE_WEIGHTS = {"sách": 2.54, "nghỉ": 3.85, "việc": 1.61, "sắp": 1.69, "xếp": 1.63, "§dvhc": 1.91}


def test_a_sentence_on_the_generic_half_of_the_topic_is_off_topic():
    count = "Sau khi sắp xếp, thành phố Hải Phòng có 114 đơn vị hành chính cấp xã."
    assert not on_topic(count, "Tổng hợp", LEAVE, LEAVE_WEIGHTS)
    dispatch = "Ngày 14/6/2025, Bộ Tài chính ban hành Công văn 8400/BTC-QLCS năm 2025 về việc bố trí sắp xếp, xử lý trụ sở khi thực hiện sắp xếp đơn vị hành chính."
    assert quote_share(dispatch, "Công văn", LEAVE, LEAVE_WEIGHTS) >= 0.5  # "về việc" holds "việc"
    assert not holds_head(dispatch, "Công văn", LEAVE, LEAVE_WEIGHTS) and not on_topic(dispatch, "Công văn", LEAVE, LEAVE_WEIGHTS)
    policy = "Cán bộ nghỉ việc do sắp xếp đơn vị hành chính được hưởng chính sách theo Nghị định 178/2024/NĐ-CP."
    assert on_topic(policy, "Công văn", LEAVE, LEAVE_WEIGHTS)


def test_a_topics_year_place_and_document_number_are_read_as_they_are_written():
    weights = {"sắp": 1.69, "xếp": 1.63, "cấp": 1.34, "xã": 1.2, "2025": 1.66, "§dvhc": 1.91}
    topic = "sắp xếp đơn vị hành chính cấp xã 2025"
    assert on_topic("Sau khi sắp xếp, tỉnh Sơn La có 75 đơn vị hành chính cấp xã.", "t", topic, weights)  # no "2025"
    assert not on_topic("Hướng dẫn năm 2025 về sắp xếp các hội quần chúng ở cấp tỉnh.", "t", topic, weights)
    place = {"kiêm": 1.05, "nhiệm": 0.85, "chức": 0.9, "danh": 1.19, "bến": 1.64, "tre": 1.64}
    sentence = "Tỉnh thực hiện kiêm nhiệm chức danh Chủ tịch Ủy ban MTTQ ở 9 huyện."
    assert on_topic(sentence, "Bến Tre sơ kết mô hình kiêm nhiệm", "kiêm nhiệm chức danh ở Bến Tre", place)
    assert not on_topic(sentence, "Sơn La sơ kết", "kiêm nhiệm chức danh ở Bến Tre", place)
    numbered = {"tinh": 3.09, "gọn": 3.15, "bộ": 1.44, "18": 3.7, "§nq": 1.98}
    held = "Sắp xếp tổ chức bộ máy tinh gọn theo Nghị quyết 18-NQ/TW của Ban Chấp hành Trung ương."
    assert on_topic(held, "t", "tinh gọn bộ máy Nghị quyết 18", numbered)


def test_a_vote_share_a_reporting_deadline_and_an_encyclopedias_date_are_not_asked():
    vote = "Với 466/466 đại biểu tham gia biểu quyết tán thành (chiếm 97,49% tổng số đại biểu), Quốc hội đã thông qua Luật."
    assert not askable(_fact(vote, "97,49%", "number"), "Luật Tổ chức chính quyền địa phương")
    report = "Đề nghị Thanh tra Chính phủ hoàn thiện Đề án, báo cáo Bộ Chính trị ngày 17/01/2025."
    assert reporting_deadline(report, report.index("17/01"))
    assert not askable(_fact(report, "17/01/2025", "date"), "kết thúc hoạt động của cấp huyện")
    law = "Ngày 16/6/2025, Quốc hội đã thông qua Luật Tổ chức chính quyền địa phương."
    assert askable(_fact(law, "16/6/2025", "date"), "chính quyền địa phương hai cấp")
    assert not askable(_fact(law, "16/6/2025", "date", title="Tuyên Quang"), "sắp xếp tỉnh Tuyên Quang")


def test_a_commune_named_after_the_answers_clause_is_no_local_detail():
    province = "Sau khi sắp xếp, tỉnh Bắc Ninh có 99 đơn vị hành chính cấp xã, gồm 66 xã và 33 phường; trong đó có 1 xã Tân Sơn không thực hiện sắp xếp."
    assert askable(_fact(province, "99", "number"), "sắp xếp đơn vị hành chính cấp xã")
    commune = "Trong nhiệm kỳ, Đảng bộ xã Minh Cầm đã thực hiện kiêm nhiệm; 5/12 chức danh bán chuyên trách kiêm nhiệm."
    assert not askable(_fact(commune, "5/12", "number"), "kiêm nhiệm chức danh ở Quảng Bình")
    level = "Nhiệm vụ của Chủ tịch Ủy ban nhân dân cấp xã: Luật Tổ chức chính quyền địa phương quy định 17 nhóm nhiệm vụ."
    assert askable(_fact(level, "17", "number"), "nhiệm vụ của Chủ tịch UBND cấp xã")  # "cấp xã: Luật" names no commune


def test_text_keys_hold_the_documents_a_text_cites_in_a_shared_form() -> None:
    from assistant.trainer.topic import text_keys

    keys = text_keys("gắn với thực hiện Nghị quyết số 18, 19-NQ/TW.")
    assert {"18-nq/tw", "19-nq/tw"} <= keys
    assert "02-da/tu" in text_keys("theo Đề án số 02-ĐA/TU", accented=False)
    assert not any("/" in k for k in text_keys("Nghị quyết số 18 được triển khai"))  # no issuer: no citation
