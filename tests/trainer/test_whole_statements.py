"""Stems a blind review (the fifth) found cut, preambles, crawled titles and answers implied by a
document's kind: the rules that refuse or clean them."""

from __future__ import annotations

import pytest

from assistant.trainer.bodies import issuer_implied
from assistant.trainer.quiz import shown_title, whole_statement
from assistant.trainer.stems import (
    follows_lead_in,
    lead_in,
    list_item,
    numbered_item,
    preamble,
    purpose_fragment,
    starts_mid_sentence,
)
from assistant.trainer.titles import without_legends
from tests.trainer.test_quiz_rules import _fact


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("Căn cứ Nghị quyết số 07/2025/NQ-CP của Chính phủ ngày _____;", True),
        ("Xét đề nghị của Ủy ban nhân dân tỉnh tại Tờ trình số _____;", True),
        ("Ngày _____, Bộ Y tế ban hành Thông tư 43/2025/TT-BYT.", False),
        ("Các căn cứ pháp lý gồm _____ văn bản.", False),
    ],
)
def test_a_preamble_line_is_no_stem(stem, expected):
    assert preamble(stem) is expected


def test_a_sentence_split_at_a_wrapped_line_starts_mid_sentence():
    text = "Mở đầu.\n[2] Bộ Chính trị,\nBan Bí thư đã có Kết luận số 212-KL/TW ngày 18/11/2025."
    assert starts_mid_sentence(text, text.index("Ban Bí thư"))
    wrapped = "Ý kiến chỉ đạo của\nBộ Chính trị được ban hành ngày 1/8/2025."
    assert starts_mid_sentence(wrapped, wrapped.index("Bộ Chính trị"))
    paragraph = "Một đoạn văn kết thúc ở đây,\n\nBan Bí thư đã có Kết luận số 212-KL/TW."
    assert not starts_mid_sentence(paragraph, paragraph.index("Ban Bí thư"))
    heading = "Điều 12. Phân quyền cho chính quyền địa phương\nViệc phân quyền phải được quy định trong luật."
    assert not starts_mid_sentence(heading, heading.index("Việc"))
    inline = "Câu trước kết thúc. Ban Bí thư đã có Kết luận."
    assert not starts_mid_sentence(inline, inline.index("Ban Bí thư"))


def test_a_list_item_under_a_lead_in_has_its_subject_in_the_lead_in():
    text = ("Luật quy định 26 nhóm nhiệm vụ của Hội đồng nhân dân xã, gồm:\n\n"
            "(1) Trong tổ chức thi hành Hiến pháp (04 nhóm nhiệm vụ);\n"
            "(2) Trong lĩnh vực quốc phòng (07 nhóm nhiệm vụ);\n\nĐoạn sau nói về việc khác.")
    assert list_item("(2) Trong lĩnh vực quốc phòng") and list_item("- Một ý") and not list_item("Hà Nội có 126 xã.")
    assert follows_lead_in(text, text.index("(1)"))
    assert follows_lead_in(text, text.index("(2)"))  # back over the first item to the lead-in
    assert not follows_lead_in(text, text.index("Đoạn sau"))
    plain = "Tỉnh có 124 xã.\n(4) Chính sách đối với cán bộ dôi dư thực hiện theo quy định của Chính phủ."
    assert not follows_lead_in(plain, plain.index("(4)"))


def test_crawled_legends_are_left_out_of_titles():
    assert without_legends("Công văn 10988/BNV-CQĐP: : Sửa đổi, thay thế, hủy bỏ") == "Công văn 10988/BNV-CQĐP"
    assert without_legends("Công văn 171/CV-BCĐ: Sửa đổi, thay thế, hủy bỏ") == "Công văn 171/CV-BCĐ"
    kept = "Hà Nội: Xây dựng 126 phương án sắp xếp 526 đơn vị hành chính cấp xã"
    assert without_legends(kept) == kept
    assert shown_title("Công văn 10988/BNV-CQĐP: : Sửa đổi, thay thế, hủy bỏ") == "Công văn 10988/BNV-CQĐP"


def test_a_body_implied_by_the_kind_of_document_is_not_asked():
    text = "Nghị định của Chính phủ và Thông tư của Bộ quản lý ngành hướng dẫn chức năng, nhiệm vụ."
    at = text.index("Chính phủ")
    assert issuer_implied(text, at, at + len("Chính phủ"))
    resolution = "Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương khóa XII về sắp xếp bộ máy."
    at = resolution.index("Ban Chấp hành")
    assert not issuer_implied(resolution, at, at + len("Ban Chấp hành Trung ương"))


def test_a_clause_cut_from_the_middle_of_a_long_sentence_is_no_stem():
    head = "Theo quy định hiện hành về vị trí việc làm trong các đơn vị sự nghiệp công lập của các bộ, ngành và địa phương, " * 3
    text = head + "Nghị định số 125/2025/NĐ-CP của Chính phủ hướng dẫn chức năng, nhiệm vụ, quyền hạn theo ngành, lĩnh vực."
    fact = _fact(text, "125/2025/NĐ-CP", "docnum")
    assert fact.start > fact.sentence.start
    assert not whole_statement(fact, "Nghị định số _____ của Chính phủ hướng dẫn chức năng.")
    short = "Ngày 16/6/2025, Quốc hội đã thông qua Luật Tổ chức chính quyền địa phương số 72/2025/QH15."
    fact = _fact(short, "72/2025/QH15", "docnum")
    assert whole_statement(fact, "Ngày 16/6/2025, Quốc hội đã thông qua Luật Tổ chức chính quyền địa phương số _____.")


def test_a_topic_naming_a_documents_number_gives_that_document_away():
    from assistant.trainer.quiz import gives_away
    from tests.trainer.test_quiz_rules import _item

    item = _item("Sắp xếp tổ chức bộ máy theo tinh thần Nghị quyết _____ của Ban Chấp hành Trung ương.", "18-NQ/TW")
    item.answer_type = "docnum"
    assert gives_away(item, [], "tinh gọn bộ máy Nghị quyết 18")
    assert not gives_away(item, [], "tinh gọn bộ máy")


def test_a_wrong_number_stated_elsewhere_is_within_half_to_twice_the_answer():
    from assistant.trainer.distractors import plausible

    fact = _fact("Sau khi sắp xếp, tỉnh Phú Thọ có 148 đơn vị hành chính cấp xã.", "148", "number")
    assert plausible(fact, "163") and plausible(fact, "80")
    assert not plausible(fact, "400") and not plausible(fact, "70")


@pytest.mark.parametrize(
    "stem, refused",
    [
        ("Ngoài các chính sách theo Nghị định số _____, các đối tượng được hưởng chính sách hỗ trợ thêm như sau", True),
        ("Hồ sơ đề án bao gồm", True),
        ("Nghị quyết có hiệu lực từ ngày _____.", False),
    ],
)
def test_lead_in_without_its_colon(stem: str, refused: bool) -> None:
    assert lead_in(stem) is refused


@pytest.mark.parametrize(
    "stem, refused",
    [
        ("(4) Giải quyết chế độ chính sách đối với cán bộ dôi dư theo quy định của _____.", True),
        ("b) Trình Chính phủ phê duyệt đề án trước ngày _____.", True),
        ("- Sau khi sắp xếp, tỉnh Sơn La có _____ đơn vị hành chính cấp xã.", False),
        ("Sau khi sắp xếp, tỉnh Sơn La có _____ đơn vị hành chính cấp xã.", False),
    ],
)
def test_numbered_list_items(stem: str, refused: bool) -> None:
    assert numbered_item(stem) is refused


@pytest.mark.parametrize(
    "stem, refused",
    [
        ("Để tiếp tục thực hiện có hiệu quả các mô hình kiêm nhiệm theo Kết luận số _____ của Bộ Chính trị", True),
        ("Để thực hiện Nghị quyết số _____, Ủy ban nhân dân tỉnh ban hành kế hoạch.", False),
        ("Đề án số _____ được Ban Thường vụ Tỉnh ủy ban hành.", False),
    ],
)
def test_purpose_clause_alone(stem: str, refused: bool) -> None:
    assert purpose_fragment(stem) is refused
