"""When the best sentence lacks the asked fact (a heading that matches the question's wording), a
sentence stating it is cited first, down to a share of the best score, but never another
province's parallel sentence."""

from __future__ import annotations

import numpy as np

from assistant.answering.analysis import analyse
from assistant.answering.citing import TYPED_RATIO
from assistant.answering.engine import AnswerEngine
from assistant.answering.features import FEATURES, names_only_other_places
from assistant.answering.model import AnswerModel, Logistic
from ingest.models import Document
from tests.assistant.test_answering_years import _candidate

HEADING = "Gia Lai: Tại Nghị quyết số 1664/NQ-UBTVQH15, Ủy ban Thường vụ Quốc hội quyết nghị sắp xếp cấp xã của tỉnh Gia Lai."
OTHER = "Sau khi sắp xếp, tỉnh Đồng Tháp có 102 đơn vị hành chính cấp xã, gồm 82 xã và 20 phường."
FILLER = "Việc sắp xếp được nhân dân đồng tình ủng hộ."
ANSWER = "Sau khi sắp xếp, tỉnh Gia Lai có 135 đơn vị hành chính cấp xã, gồm 110 xã và 25 phường."
QUESTION = "Gia Lai sau sắp xếp theo Nghị quyết của Ủy ban Thường vụ Quốc hội có bao nhiêu đơn vị hành chính cấp xã?"


def _chosen(question: str, order: tuple[str, ...], scores: tuple[float, ...]) -> list[str]:
    doc = Document("a", "a.txt", "Sắp xếp đơn vị hành chính", " ".join(order))
    n = len(FEATURES)
    model = AnswerModel(Logistic(np.zeros(n), np.ones(n), np.zeros(n), 0.0), None, 0.5, 0.6, 0.1)
    ranked = sorted(zip([_candidate(doc, s) for s in order], scores), key=lambda pair: -pair[1])  # best first
    engine = AnswerEngine(lambda _: ([], []), lambda _: None, model)
    return [c.unit.text for c in engine._choose(ranked, analyse(question))]


def test_a_sentence_stating_the_asked_number_is_cited_first() -> None:
    low = TYPED_RATIO + 0.05
    assert _chosen(QUESTION, (HEADING, FILLER, ANSWER), (1.0, 0.5, low)) == [ANSWER, HEADING]
    assert _chosen(QUESTION.lower(), (HEADING, FILLER, ANSWER), (1.0, 0.5, low)) == [ANSWER, HEADING]


def test_below_the_share_nothing_is_added() -> None:
    assert _chosen(QUESTION, (HEADING, FILLER, ANSWER), (1.0, 0.5, TYPED_RATIO - 0.05)) == [HEADING]


def test_another_provinces_sentence_is_passed_over() -> None:
    assert names_only_other_places(OTHER, analyse(QUESTION))
    assert not names_only_other_places(ANSWER, analyse(QUESTION))
    assert not names_only_other_places(OTHER, analyse("Sau sắp xếp có bao nhiêu đơn vị hành chính cấp xã?"))
    # the line before the heading belongs to the previous province of the list: not its neighbour's fact
    assert _chosen(QUESTION, (OTHER, HEADING, FILLER), (0.2, 1.0, 0.1)) == [HEADING]
    assert _chosen(QUESTION, (HEADING, OTHER, FILLER, ANSWER), (1.0, 0.5, 0.2, TYPED_RATIO + 0.05)) == [ANSWER, HEADING]


def test_a_side_is_answered_from_the_sentence_stating_its_number() -> None:
    from assistant.answering.citing import facet_pick

    doc = Document("a", "a.txt", "Sắp xếp đơn vị hành chính", " ".join((HEADING, FILLER, ANSWER)))
    heading, filler, answer = (_candidate(doc, s) for s in (HEADING, FILLER, ANSWER))
    side = analyse("Gia Lai có bao nhiêu đơn vị hành chính cấp xã?")
    assert facet_pick([(heading, 1.0), (filler, 0.5), (answer, TYPED_RATIO + 0.05)], side, side) is answer
    assert facet_pick([(heading, 1.0), (filler, 0.5), (answer, TYPED_RATIO - 0.05)], side, side) is None  # not covered
    assert facet_pick([(answer, 1.0), (heading, 0.9)], side, side) is answer
    asks_text = analyse("Gia Lai sắp xếp theo nghị quyết nào?")
    assert facet_pick([(heading, 1.0), (answer, 0.9)], asks_text, asks_text) is heading
