"""Sentence splitting and passage building: tables of Vietnamese cases, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.models import Document
from ingest.splitter import PassageConfig, passage_spans, sentence_spans, split_passages


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Toàn tỉnh có 1.017 trường hợp. Cấp xã 180.", ["Toàn tỉnh có 1.017 trường hợp.", "Cấp xã 180."]),
        ("Ngày 24/9/2021 họp. Ngày 23-9-2021 sơ kết.", ["Ngày 24/9/2021 họp.", "Ngày 23-9-2021 sơ kết."]),
        ("Theo Nghị quyết số 18-NQ/TW. Để thực hiện tốt.", ["Theo Nghị quyết số 18-NQ/TW.", "Để thực hiện tốt."]),
        ("Ông về TP. Hồ Chí Minh công tác. Sau đó nghỉ.", ["Ông về TP. Hồ Chí Minh công tác.", "Sau đó nghỉ."]),
        ("Tại Q. Ba Đình và P. Điện Biên có họp.", ["Tại Q. Ba Đình và P. Điện Biên có họp."]),
        ("ThS. Nguyễn Văn A và TS. Trần B cùng PGS. Lê C dự.", ["ThS. Nguyễn Văn A và TS. Trần B cùng PGS. Lê C dự."]),
        ("Bí thư phát biểu. Ảnh: H. Hiệp", ["Bí thư phát biểu.", "Ảnh: H. Hiệp"]),
        ("Tác giả N.V. Anh viết bài. Bài hay.", ["Tác giả N.V. Anh viết bài.", "Bài hay."]),
        ('Ông nói “Làm ngay. Không chờ.” rồi đi. Hết.', ['Ông nói “Làm ngay. Không chờ.” rồi đi.', "Hết."]),
        ("“Phải làm ngay.” Ông nhấn mạnh.", ["“Phải làm ngay.”", "Ông nhấn mạnh."]),
        ("Các ban… được sắp xếp lại. Xong.", ["Các ban… được sắp xếp lại.", "Xong."]),
        ("Như Ban Bảo vệ … Đặc biệt, xây dựng Đề án. Xong.", ["Như Ban Bảo vệ … Đặc biệt, xây dựng Đề án.", "Xong."]),
        ("Thật sao? Đúng vậy! Vâng.", ["Thật sao?", "Đúng vậy!", "Vâng."]),
        ("Tiêu đề không dấu chấm\nĐoạn một.\n\nĐoạn hai", ["Tiêu đề không dấu chấm", "Đoạn một.", "Đoạn hai"]),
        ("Một câu bị ngắt\ndòng giữa chừng.", ["Một câu bị ngắt\ndòng giữa chừng."]),
        ("giảm 9 cấp trưởng, 12 cấp phó; giảm cấp THCS.", ["giảm 9 cấp trưởng, 12 cấp phó; giảm cấp THCS."]),
        ("Đạt 50%. 1/8 đơn vị.", ["Đạt 50%.", "1/8 đơn vị."]),
        ("   \n\n  ", []),
        ("", []),
    ],
)
def test_sentence_table(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_are_trimmed_ordered_and_disjoint() -> None:
    text = "  Câu một.  Câu hai!\n\n Câu ba?  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Câu một.", "Câu hai!", "Câu ba?"]
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def _document(text: str) -> Document:
    return Document(doc_id="d", source="d.txt", title="t", text=text)


def test_long_paragraph_windows_overlap_by_one_sentence() -> None:
    sentence = "Huyện đã thực hiện nhất thể hóa chức danh Bí thư đồng thời là Chủ tịch UBND xã số {}."
    text = " ".join(sentence.format(i) for i in range(20))
    passages = split_passages(_document(text), PassageConfig(target_chars=300, max_chars=500))
    assert len(passages) > 2
    for before, after in zip(passages, passages[1:]):
        last_sentence = before.text[before.text.rfind("Huyện") :]
        assert after.text.startswith(last_sentence)  # one sentence of overlap
        assert len(before.text) <= 500


def test_passages_keep_paragraphs_apart_but_absorb_tiny_ones() -> None:
    body = "Đây là một câu khá dài về việc sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả. " * 4
    text = f"Tiêu đề bài\n\n{body.strip()}\n\n{body.strip()}\n\nTác Giả"
    passages = split_passages(_document(text), PassageConfig(target_chars=300, max_chars=700, merge_paragraphs_under=300))
    assert passages[0].text.startswith("Tiêu đề bài\n\nĐây là")  # the headline joins the first paragraph
    assert passages[-1].text.endswith("Tác Giả")  # the byline joins the last passage
    assert not any("\n\n" in p.text.strip() for p in passages[1:-1])


def test_a_very_long_sentence_stands_alone() -> None:
    long_sentence = "Một câu rất dài, " * 100 + "kết thúc."
    text = f"Câu ngắn mở đầu có đủ độ dài cần thiết cho một đoạn văn bình thường ở đây. {long_sentence} Câu cuối."
    spans = passage_spans(text, PassageConfig(target_chars=200, max_chars=400, min_chars=5))
    assert any(text[s:e] == long_sentence for s, e in spans)  # whole, and not glued to its neighbours
    spans = passage_spans(text, PassageConfig(target_chars=200, max_chars=400, min_chars=50))
    assert any(long_sentence in text[s:e] for s, e in spans)  # a tiny last sentence may join it


_ALPHABET = st.sampled_from(
    list("abcđêôơưáàảãạ ĐTNQ0123456789") + [". ", ".", "\n", "\n\n", "? ", "! ", "…", "“", "”", "/", "-", "TP. ", "H. ", "1.017", "  "]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_ALPHABET, max_size=400), target=st.integers(20, 600), overlap=st.integers(0, 2))
def test_passages_cover_the_text_and_offsets_hold(parts: list[str], target: int, overlap: int) -> None:
    text = "".join(parts)
    config = PassageConfig(target_chars=target, max_chars=target * 2, overlap_sentences=overlap, merge_paragraphs_under=target, min_chars=target // 4)
    passages = split_passages(_document(text), config)
    covered = [False] * len(text)
    for index, passage in enumerate(passages):
        assert passage.index == index
        assert text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip() and passage.text
        for position in range(passage.start, passage.end):
            covered[position] = True
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))
    starts = [p.start for p in passages]
    assert starts == sorted(starts)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_ALPHABET, max_size=300))
def test_sentences_partition_the_non_space_text(parts: list[str]) -> None:
    text = "".join(parts)
    spans = sentence_spans(text)
    rebuilt = "".join(text[s:e] for s, e in spans)
    assert rebuilt.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    assert all(s < e for s, e in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
