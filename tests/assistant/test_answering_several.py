"""A question whose answer has several pieces may cite a further sentence below the usual share of
the best score, but only for a piece of the question the chosen sentences lack; a side or part of a
question is answered at its own share of the refusal threshold."""

from __future__ import annotations

import json

import numpy as np

from assistant.answering.analysis import analyse, asks_several
from assistant.answering.candidates import Candidate
from assistant.answering.engine import AnswerEngine
from assistant.answering.features import FEATURES
from assistant.answering.model import AnswerModel, Logistic
from ingest.models import Document
from tests.assistant.test_answering_years import _candidate

SENTENCES = (
    "Hỗ trợ chi phí di dời chỗ ở: 2.500.000 đồng/người.",
    "Hỗ trợ chi phí thuê nhà ở: 2.000.000 đồng/người/tháng.",
    "Chi phí di dời chỗ ở được hỗ trợ một lần.",
)


def _model(several: float | None) -> AnswerModel:
    n = len(FEATURES)
    return AnswerModel(Logistic(np.zeros(n), np.ones(n), np.zeros(n), 0.0), None, 0.5, 0.6, several)


def _chosen(question: str, several: float | None = 0.1) -> list[str]:
    doc = Document("a", "a.txt", "Chính sách hỗ trợ cán bộ", " ".join(SENTENCES))
    ranked = list(zip([_candidate(doc, s) for s in SENTENCES], (1.0, 0.3, 0.25)))
    engine = AnswerEngine(lambda _: ([], []), lambda _: None, _model(several))
    return [c.unit.text for c in engine._choose(ranked, analyse(question))]


def test_questions_asking_several_things_are_recognised() -> None:
    assert asks_several(analyse("Mức hỗ trợ thuê nhà và hỗ trợ di dời chỗ ở là bao nhiêu?"))
    assert asks_several(analyse("muc ho tro thue nha va ho tro di doi cho o la bao nhieu"))
    assert asks_several(analyse("Quận 3 và Quận 10 mỗi quận có bao nhiêu phường?"))
    assert asks_several(analyse("Tỉnh Lâm Đồng mới được hợp nhất từ những tỉnh nào?"))
    assert not asks_several(analyse("Bí thư Tỉnh ủy Bến Tre năm 2021 là ai?"))


def test_a_further_sentence_is_cited_for_the_piece_the_best_one_lacks() -> None:
    assert _chosen("Mức hỗ trợ thuê nhà và hỗ trợ di dời chỗ ở là bao nhiêu?") == list(SENTENCES[:2])


def test_a_sentence_repeating_the_chosen_ones_is_not_cited() -> None:
    # the third sentence scores above the lower share too, but adds no word of the question
    assert SENTENCES[2] not in _chosen("Mức hỗ trợ thuê nhà và hỗ trợ di dời chỗ ở là bao nhiêu?")


def test_a_question_asking_one_thing_keeps_the_usual_share() -> None:
    assert _chosen("Mức hỗ trợ di dời chỗ ở là bao nhiêu?") == [SENTENCES[0]]


def test_a_model_without_the_lower_share_cites_as_before() -> None:
    assert _chosen("Mức hỗ trợ thuê nhà và hỗ trợ di dời chỗ ở là bao nhiêu?", several=None) == [SENTENCES[0]]


def test_the_lower_share_survives_the_json_round_trip() -> None:
    model = _model(0.1)
    loaded = AnswerModel.from_json(json.loads(json.dumps(model.to_json())))
    assert loaded.ratio_for(True) == 0.1 and loaded.ratio_for(False) == 0.6
    older = model.to_json()
    del older["several_ratio"], older["facet_share"]  # a model fitted before these existed
    assert AnswerModel.from_json(older).ratio_for(True) == 0.6
    assert AnswerModel.from_json(older).facet_threshold == 0.5


STATING = "Sau khi sắp xếp, tỉnh {name} có {n} đơn vị hành chính cấp xã."


def _engine_over_two_provinces(facet_share: float, sentence: str = STATING) -> AnswerEngine:
    """Every query retrieves both provinces' sentences; every candidate scores 0.5, under the 0.6 threshold."""
    from assistant.answering.candidates import PoolItem
    from assistant.units import build_index
    from vectorstore.results import SearchResult

    documents = [
        Document(doc_id, f"{doc_id}.txt", f"{name} sắp xếp cấp xã", sentence.format(name=name, n=n))
        for doc_id, name, n in (("gl", "Gia Lai", 135), ("dt", "Đồng Tháp", 102))
    ]
    passages = [
        SearchResult(f"{d.doc_id}:0", d.doc_id, d.source, d.title, None, d.text, 0, len(d.text), 1.0) for d in documents
    ]
    items = [PoolItem(p, build_index(d), None) for p, d in zip(passages, documents)]
    n = len(FEATURES)
    model = AnswerModel(Logistic(np.zeros(n), np.ones(n), np.zeros(n), 0.0), None, 0.6, 0.6, None, facet_share)
    return AnswerEngine(lambda _: (passages, items), lambda _: None, model)


def test_a_side_needs_only_the_facet_share_of_the_threshold() -> None:
    question = "Gia Lai và Đồng Tháp sau sắp xếp, mỗi tỉnh có bao nhiêu đơn vị hành chính cấp xã?"
    assert not _engine_over_two_provinces(1.0).answer(question).found  # 0.5 < 0.6: both sides missing
    decision = _engine_over_two_provinces(0.8).answer(question)  # 0.5 >= 0.48
    assert decision.found and not decision.missing_sides
    assert "135" in decision.answer and "102" in decision.answer


def test_a_side_asking_a_number_its_sentence_lacks_is_not_answered() -> None:
    question = "Gia Lai và Đồng Tháp sau sắp xếp, mỗi tỉnh có bao nhiêu đơn vị hành chính cấp xã?"
    silent = "Tỉnh {name} đã hoàn thành việc sắp xếp các đơn vị hành chính cấp xã."
    assert not _engine_over_two_provinces(0.8, silent).answer(question).found


LIST_SENTENCE = (
    "Chỉ thị số 26/CT-TTg yêu cầu các địa phương quán triệt phương châm 4 chủ động: chủ động nắm tình "
    "hình cơ sở giáo dục sau sắp xếp; chủ động tập huấn, hướng dẫn cán bộ quản lý giáo dục cấp xã; chủ "
    "động tháo gỡ khó khăn, vướng mắc về đội ngũ và cơ sở vật chất; chủ động báo cáo kết quả thực hiện."
)


def test_a_list_answer_quotes_the_whole_sentence_not_one_clause() -> None:
    from assistant.units import build_index
    from vectorstore.results import SearchResult

    doc = Document("a", "a.txt", "Chỉ thị 26", LIST_SENTENCE)
    index = build_index(doc)
    units = index.units_in(0, len(LIST_SENTENCE))
    clause = next(u for u in units if u.is_clause)
    whole = next(u for u in units if not u.is_clause)
    passage = SearchResult("a:0", "a", "a.txt", "Chỉ thị 26", None, doc.text, 0, len(doc.text), 1.0)
    ranked = [(Candidate(clause, index, passage, 0, True, 0, None), 0.9), (Candidate(whole, index, passage, 0, True, 0, None), 0.4)]
    engine = AnswerEngine(lambda _: ([], []), lambda _: None, _model(0.1))
    assert [c.unit.text for c in engine._choose(ranked, analyse("Phương châm 4 chủ động gồm những gì?"))] == [LIST_SENTENCE]
    assert [c.unit.text for c in engine._choose(ranked, analyse("Ai ban hành Chỉ thị 26?"))] == [clause.text]
