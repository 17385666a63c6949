"""Loaders and encodings on real files generated in tmp_path, including broken ones."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from assistant.errors import DocumentLoadError
from ingest.loaders import iter_files, load_file
from ingest.pipeline import load_and_split

VIETNAMESE = (
    "Kiêm nhiệm chức danh\n\n"
    "Bí thư Tỉnh ủy Lê Đức Thọ phát biểu tại Hội nghị. Toàn tỉnh có 1.017 trường hợp thực hiện kiêm nhiệm "
    "và nhất thể hóa theo Kết luận số 34-KL/TW của Bộ Chính trị."
)
_TONES = set("\u0300\u0301\u0303\u0309\u0323")


def cp1258_bytes(text: str) -> bytes:
    """Vietnamese as cp1258 stores it: base letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append(base + "".join(c for c in decomposed if c in _TONES))
    return "".join(out).encode("cp1258")


def make_pdf(text: str) -> bytes:
    """A minimal one-page PDF with a real text layer (ASCII text, Helvetica)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", VIETNAMESE.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8")),
        ("utf16.txt", VIETNAMESE.encode("utf-16")),
        ("utf16le.md", VIETNAMESE.encode("utf-16-le")),
        ("legacy.txt", cp1258_bytes(VIETNAMESE)),
        ("nfd.txt", unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8")),
        ("crlf.txt", VIETNAMESE.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_text_encodings_decode_to_the_same_nfc_text(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = load_and_split(path)
    assert item.document.text == VIETNAMESE
    assert item.document.title == "Kiêm nhiệm chức danh"
    assert item.document.references == ("34-KL/TW",)
    assert item.document.doc_id == path.stem and item.document.source == name


def test_windows_1252_text(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Sài Gòn, bánh mì và cà phê. Ngã ba Hàng Đào."
    path.write_bytes(text.replace("Đ", "D").encode("cp1252"))
    (item,) = load_and_split(path)
    assert item.document.text == text.replace("Đ", "D")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t ", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20, "binary"),
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf", "PDF"),
        ("scanned.pdf", make_pdf(""), "no text layer"),
        ("broken.docx", b"PK\x03\x04 not a zip at all", "DOCX"),
        ("notzip.docx", "Chỉ là văn bản".encode(), "DOCX"),
        ("empty.jsonl", b"\n\n", "empty"),
        ("bad.xyz", b"hello", "unsupported"),
    ],
)
def test_bad_files_fail_with_one_line_naming_the_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentLoadError) as caught:
        load_and_split(path)
    message = str(caught.value)
    assert name in message and "\n" not in message
    assert reason.lower() in message.lower()


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(make_pdf("Nghi quyet 18-NQ/TW ve sap xep bo may. Ngay 24/9/2021 hop."))
    (item,) = load_and_split(path)
    assert "Nghi quyet 18-NQ/TW ve sap xep bo may." in item.document.text
    assert item.document.references == ("18-NQ/TW",)


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Sắp xếp tổ chức bộ máy")
    document.add_paragraph("Huyện đã giảm 8 cơ quan, đơn vị theo Nghị quyết số 19-NQ/TU.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Cấp xã"
    table.rows[0].cells[1].text = "4/8 đơn vị"
    path = tmp_path / "report.docx"
    document.save(str(path))
    (item,) = load_and_split(path)
    assert item.document.title == "Sắp xếp tổ chức bộ máy"
    assert "Huyện đã giảm 8 cơ quan, đơn vị theo Nghị quyết số 19-NQ/TU." in item.document.text
    assert "Cấp xã | 4/8 đơn vị" in item.document.text
    assert item.document.references == ("19-NQ/TU",)


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    body = " ".join(
        f"Đoạn {i}: huyện Tháp Mười đã thực hiện mô hình Bí thư cấp ủy đồng thời là Chủ tịch UBND cấp xã được 11/13 xã, thị trấn."
        for i in range(4)
    )
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>Tin</title>
    <meta property="article:published_time" content="2022-03-02T13:13:48+07:00"></head>
    <body><nav><a href="/">Trang chủ</a> | <a href="/ts">Thời sự</a></nav>
    <article><h1>Mô hình Bí thư đồng thời là Chủ tịch UBND xã</h1><p>{body}</p><p>{body}</p></article>
    <footer>Bản quyền thuộc về Báo. Liên hệ quảng cáo.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    (item,) = load_and_split(path)
    assert "11/13 xã, thị trấn" in item.document.text
    assert "Bản quyền" not in item.document.text
    assert item.document.title == "Mô hình Bí thư đồng thời là Chủ tịch UBND xã"
    assert item.document.published == "2022-03-02"


def test_jsonl_records_and_a_bad_line_failing_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "Luật A#1", "title": "Luật A - Điều 1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định.", "published": "24/06/2020", "metadata": {"law": "A", "n": 1}}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "", "text": "x"}),
        json.dumps({"id": "no-text", "title": "t"}),
        json.dumps({"id": "Luật A#2", "title": "Luật A - Điều 2", "text": "Giải thích từ ngữ.", "source": "law.json"}, ensure_ascii=False),
        json.dumps([1, 2]),
    ]
    path = tmp_path / "law.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_file(path)
    assert [raw.doc_id for raw in result.documents] == ["Luật A#1", "Luật A#2"]
    assert [error.path for error in result.errors] == [f"{path}:{n}" for n in (2, 3, 4, 6)]
    assert all(f"{path}:" in str(error) and "\n" not in str(error) for error in result.errors)
    items = load_and_split(path)
    first = items[0].document
    assert first.text == "Phạm vi điều chỉnh\n\nLuật này quy định."  # structured text stored as given
    assert first.published == "2020-06-24" and first.source == "law.jsonl"
    assert first.metadata == {"law": "A", "n": "1"}
    assert items[1].document.source == "law.json"
    assert first.path.endswith("law.jsonl#Luật A#1")


def test_folders_are_walked_recursively_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for relative in ("one.txt", "a/two.md", "a/b/three.txt", ".hidden.txt", ".git/four.txt", "a/notes.xyz"):
        (tmp_path / relative).write_text(VIETNAMESE, encoding="utf-8")
    names = [path.relative_to(tmp_path).as_posix() for path in iter_files(tmp_path)]
    assert names == ["a/b/three.txt", "a/two.md", "one.txt"]
