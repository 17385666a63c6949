"""Cleaning, metadata and offsets on the real sample corpus (five scraped articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cleaning import is_form_label, is_noise, is_tail_marker, split_lines
from ingest.pipeline import ProcessedDocument, load_and_split

BOILERPLATE = [
    "Ý KIẾN BẠN ĐỌC",
    "Mã bảo vệ",
    "Bạn còn 500/500 ký tự",
    "Bạn vui lòng nhập",
    "Họ và tên",
    "BÌNH LUẬN",
    "Gửi bình luận",
    "Tin liên quan",
    "Tin mới",
    "Bài cùng chuyên mục",
    "Chia sẻ bài viết",
    "Trở về trang trước",
    "GIỚI THIỆU TẠP CHÍ IN",
    "Tra cứu tạp chí in",
    "VIDEO CLIPS",
    "Email :",
    "Thời sự - Chính trị",
    "THÁP MƯỜI",
    "\n.\n",
]

EXPECTED = {
    "000_531368dfa6dfa9a9.txt": ("Bến Tre sơ kết việc thực hiện các mô hình kiêm nhiệm theo Kết luận số 34-KL/TW", "2021-09-24"),
    "001_87f683aa0724e388.txt": ("Kết quả bước đầu thực hiện mô hình kiêm nhiệm chức danh", None),
    "002_9c3d7ea104c8b1ce.txt": ("Triển khai thực hiện mô hình Bí thư cấp ủy đồng thời là Chủ tịch UBND cấp xã", "2022-03-02"),
    "003_42dfe0db393eb31b.txt": ("Hội nghị trực tuyến đánh giá tình hình triển khai, thực hiện Nghị quyết 18, 19", "2018-03-20"),
    "004_cb9ee7228268fd49.txt": ("Gọn bộ máy, tăng năng lực lãnh đạo", "2020-06-24"),
}


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path) -> dict[str, ProcessedDocument]:
    items = {}
    for path in sorted(corpus_dir.iterdir()):
        (item,) = load_and_split(path)
        items[path.name] = item
    assert set(items) == set(EXPECTED)
    return items


def test_no_boilerplate_in_any_passage(corpus: dict[str, ProcessedDocument]) -> None:
    for item in corpus.values():
        for passage in item.passages:
            for marker in BOILERPLATE:
                assert marker not in passage.text, (item.document.source, marker)


def test_every_body_paragraph_survives_word_for_word(corpus: dict[str, ProcessedDocument], corpus_dir: Path) -> None:
    from ingest.splitter import sentence_spans

    for name, item in corpus.items():
        for line in split_lines((corpus_dir / name).read_text(encoding="utf-8")):
            line = line.strip()
            if not line or is_noise(line) or is_tail_marker(line) or is_form_label(line) or len(line) < 60:
                continue
            assert line in item.document.text, (name, line[:60])
            for start, end in sentence_spans(line):  # a long paragraph spans several passages
                assert any(line[start:end] in p.text for p in item.passages), (name, line[start:end][:60])


def test_no_repeated_caption(corpus: dict[str, ProcessedDocument]) -> None:
    for item in corpus.values():
        lines = [line for line in item.document.text.split("\n") if line]
        assert all(a != b for a, b in zip(lines, lines[1:])), item.document.source


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_and_published(corpus: dict[str, ProcessedDocument], name: str) -> None:
    title_start, published = EXPECTED[name]
    document = corpus[name].document
    assert document.title.startswith(title_start)
    assert document.published == published  # the undated article gets None, never a made-up date
    assert document.text.startswith(document.title)  # the headline is kept as the first line, citable
    assert document.doc_id == Path(name).stem and document.source == name


def test_references(corpus: dict[str, ProcessedDocument]) -> None:
    refs = {name: set(item.document.references) for name, item in corpus.items()}
    assert {"34-KL/TW", "02-NQ/TU", "02-ĐA/TU", "18-NQ/TW", "19-NQ/TW"} <= refs["000_531368dfa6dfa9a9.txt"]
    assert {"18-NQ/TW", "208-QĐ/TW", "1853-QĐ/BTGTW"} <= refs["001_87f683aa0724e388.txt"]
    assert {"19-NQ/TU"} <= refs["004_cb9ee7228268fd49.txt"]
    assert {"18-NQ/TW", "19-NQ/TW"} <= refs["003_42dfe0db393eb31b.txt"]


def test_offsets_round_trip_and_sizes(corpus: dict[str, ProcessedDocument]) -> None:
    for item in corpus.values():
        text = item.document.text
        assert item.passages
        for index, passage in enumerate(item.passages):
            assert passage.index == index and passage.doc_id == item.document.doc_id
            assert text[passage.start : passage.end] == passage.text
            assert len(passage.text) <= 1200
        covered = set()
        for passage in item.passages:
            covered.update(range(passage.start, passage.end))
        assert all(i in covered or text[i].isspace() for i in range(len(text)))


def test_dev_evidence_sits_inside_one_passage_and_one_sentence(corpus: dict[str, ProcessedDocument], dev_set_path: Path) -> None:
    import json

    from eval.evidence import text_covers_quote
    from ingest.splitter import sentence_spans

    for line in dev_set_path.read_text(encoding="utf-8").splitlines():
        for evidence in json.loads(line)["evidence"]:
            item = corpus[evidence["doc"]]
            text = item.document.text
            assert any(text_covers_quote(p.text, evidence["quote"]) for p in item.passages), evidence
            assert any(text_covers_quote(text[s:e], evidence["quote"]) for s, e in sentence_spans(text)), evidence
