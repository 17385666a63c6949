"""Questions typed without diacritics or with old tone marks meet the standard spelling's keys."""

from __future__ import annotations

import unicodedata

import pytest

from ingest.normalize import folded_key, index_key, nfc

STANDARD = "Bí thư cấp ủy đồng thời là Chủ tịch UBND xã, nhất thể hóa, thủy lợi, khỏe"


@pytest.mark.parametrize(
    "variant",
    [
        "Bí thư cấp uỷ đồng thời là Chủ tịch UBND xã, nhất thể hoá, thuỷ lợi, khoẻ",  # old tone placement
        "BÍ THƯ CẤP UỶ ĐỒNG THỜI LÀ CHỦ TỊCH UBND XÃ, NHẤT THỂ HOÁ, THUỶ LỢI, KHOẺ",  # capitals
    ],
)
def test_old_tone_marks_give_the_standard_keys(variant: str) -> None:
    assert index_key(variant) == index_key(STANDARD)
    assert folded_key(variant) == folded_key(STANDARD)


def test_no_diacritics_question_meets_the_folded_key() -> None:
    assert folded_key("bi thu cap uy dong thoi la chu tich ubnd xa, nhat the hoa, thuy loi, khoe") == folded_key(STANDARD)


def test_decomposed_input_is_normalised() -> None:
    composed = "Nhất thể hóa"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert index_key(decomposed) == index_key(composed)
    assert nfc(decomposed) == composed


def test_quy_keeps_its_tone() -> None:
    assert index_key("quý") == "quý" and index_key("hoàng") == "hoàng"
