"""A question anchored on the moment it is asked wants live information dated documents lack."""

from __future__ import annotations

import pytest

from assistant.answering.analysis import analyse
from assistant.answering.features import FEATURES, featurize
from ingest.models import Document
from tests.assistant.test_answering_years import _candidate

COL = FEATURES.index("asks_now")
SENTENCE = "Hiện nay Hà Nội có 126 đơn vị hành chính cấp xã."


@pytest.mark.parametrize(
    ("question", "live"),
    [
        ("Dự báo thời tiết Hà Nội cuối tuần này có mưa không?", 1.0),
        ("gia vang hom nay bao nhieu", 1.0),
        ("Hiện nay Hà Nội có bao nhiêu đơn vị hành chính cấp xã?", 0.0),  # documents say what holds now
        ("Hà Nội có bao nhiêu xã, phường?", 0.0),
    ],
)
def test_questions_about_this_moment_are_marked(question: str, live: float) -> None:
    doc = Document("a", "a.txt", "Hà Nội", SENTENCE)
    assert featurize(analyse(question), [_candidate(doc, SENTENCE)], None)[0, COL] == live
