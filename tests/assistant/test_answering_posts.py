"""A post behind "Phó" is another post: the deputy does not answer a question about the secretary."""

from __future__ import annotations

from assistant.answering.analysis import analyse
from assistant.answering.features import FEATURES, featurize
from ingest.models import Document
from tests.assistant.test_answering_years import _candidate

COL = FEATURES.index("modified_post")
TEXT = (
    "Đồng chí Đỗ Văn An, Phó Bí thư Thường trực Huyện ủy Ba Chẽ cho biết kết quả. "
    "Ông Lê Văn Bình, Bí thư Huyện ủy Ba Chẽ, phát biểu tại hội nghị. "
    "Thành phố Hà Nội có 126 đơn vị hành chính cấp xã."
)
SENTENCES = (
    "Đồng chí Đỗ Văn An, Phó Bí thư Thường trực Huyện ủy Ba Chẽ cho biết kết quả.",
    "Ông Lê Văn Bình, Bí thư Huyện ủy Ba Chẽ, phát biểu tại hội nghị.",
    "Thành phố Hà Nội có 126 đơn vị hành chính cấp xã.",
)


def _modified(question: str) -> list[float]:
    doc = Document("a", "a.txt", "Ba Chẽ", TEXT)
    return featurize(analyse(question), [_candidate(doc, s) for s in SENTENCES], None)[:, COL].tolist()


def test_the_deputy_does_not_hold_the_post_asked_about() -> None:
    assert _modified("Ai là Bí thư Huyện ủy Ba Chẽ?") == [1.0, 0.0, 0.0]


def test_a_question_about_the_deputy_matches_the_deputy() -> None:
    assert _modified("Ai là Phó Bí thư Huyện ủy Ba Chẽ?") == [0.0, 0.0, 0.0]
    assert _modified("ai la pho bi thu huyen uy ba che") == [0.0, 0.0, 0.0]  # unaccented "pho" may be "Phó"


def test_pho_of_thanh_pho_is_no_modifier() -> None:
    assert _modified("Hà Nội có bao nhiêu đơn vị hành chính cấp xã?") == [0.0, 0.0, 0.0]
