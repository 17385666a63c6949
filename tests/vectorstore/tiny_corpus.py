"""Three tiny real documents for vectorstore tests (short texts keep embedding cheap)."""

from __future__ import annotations

from ingest.models import Document, Passage
from ingest.splitter import split_passages


def make_document(doc_id: str, title: str, text: str, *, published: str | None = None, references: tuple[str, ...] = ()) -> Document:
    return Document(
        doc_id=doc_id,
        source=f"{doc_id}.txt",
        title=title,
        text=text,
        published=published,
        references=references,
        path=f"/corpus/{doc_id}.txt",
    )


def passages_of(document: Document) -> list[Passage]:
    return split_passages(document)


DOCS = [
    make_document(
        "bentre",
        "Bến Tre sơ kết mô hình kiêm nhiệm",
        "Toàn tỉnh có 1.017 trường hợp thực hiện kiêm nhiệm và nhất thể hóa.\n\n"
        "Bí thư kiêm Chủ tịch UBND xã được thực hiện ở nhiều xã theo Kết luận 34-KL/TW.",
        published="2021-09-24",
        references=("34-KL/TW",),
    ),
    make_document(
        "sonla",
        "Sơn La thực hiện mô hình Trưởng ban Tuyên giáo kiêm Giám đốc Trung tâm chính trị",
        "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương yêu cầu tinh gọn bộ máy.\n\n"
        "Sơn La có 12/12 huyện thực hiện mô hình Trưởng ban Tuyên giáo kiêm Giám đốc Trung tâm chính trị.",
        published="2020-06-24",
        references=("18-NQ/TW",),
    ),
    make_document(
        "bache",
        "Ba Chẽ gọn bộ máy",
        "Huyện Ba Chẽ đã giảm 9 cấp trưởng, 12 cấp phó và giảm 18 điểm trường.\n\n"
        "Ủy ban nhân dân huyện sắp xếp lại các cơ quan chuyên môn.",
    ),
]
