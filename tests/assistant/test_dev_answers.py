"""The answer-quality gate on the dev set, through the chain, on a fresh index of the corpus.

Floors sit a little under what the shipped answer model measured (README, "Measured quality"):
must-include facts >= 77% of answerable questions, a citation quote covering every evidence item
>= 77%, >= 90% of citations from an evidence document, every quote verbatim, >= 90% of answerable
questions answered, questions about other subjects refused, median answer length < 450 characters.
The dev set's two unanswerable questions ask for details just beyond what the articles say: the
issue date of Kết luận 34-KL/TW, which the articles name only beside another event's date, is
refused; "Ai là Bí thư Tỉnh ủy Đồng Tháp năm 2022?" is still answered (README, "Limits").
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from assistant.factory import build_assistant, open_store
from assistant.schemas import ChatRequest
from eval.evidence import covers
from ingest.normalize import folded_key


@pytest.fixture(scope="module")
def outcomes(corpus_settings, dev_set_path: Path) -> list[tuple[dict, object]]:
    store = open_store(corpus_settings)
    assistant = build_assistant(corpus_settings, store=store)
    items = [json.loads(line) for line in dev_set_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = []
    for item in items:
        response = assistant.answer(ChatRequest(question=item["question"], history=item["history"])).response
        results.append((item, response))
    return results


def _answerable(outcomes):
    return [(i, r) for i, r in outcomes if i["answerable"]]


def test_must_include_facts(outcomes) -> None:
    answerable = _answerable(outcomes)
    ok = [i["id"] for i, r in answerable if all(folded_key(m) in folded_key(r.answer) for m in i["must_include"])]
    assert len(ok) / len(answerable) >= 0.77, sorted({i["id"] for i, _ in answerable} - set(ok))


def test_citation_quotes_cover_the_evidence(outcomes) -> None:
    answerable = _answerable(outcomes)
    covered = [
        i["id"]
        for i, r in answerable
        if all(any(covers(c.source, c.quote, e["doc"], e["quote"]) for c in r.citations) for e in i["evidence"])
    ]
    assert len(covered) / len(answerable) >= 0.77, sorted({i["id"] for i, _ in answerable} - set(covered))


def test_citations_come_from_evidence_documents(outcomes) -> None:
    total = precise = 0
    for item, response in _answerable(outcomes):
        docs = {e["doc"] for e in item["evidence"]}
        total += len(response.citations)
        precise += sum(c.source in docs for c in response.citations)
    assert total and precise / total >= 0.90


def test_every_quote_is_verbatim(outcomes, corpus_settings) -> None:
    store = open_store(corpus_settings)
    for _, response in outcomes:
        for citation in response.citations:
            assert store.get_document(citation.doc_id).text[citation.start : citation.end] == citation.quote


OFF_TOPIC = [
    "Giá vàng hôm nay bao nhiêu một lượng?",
    "Công thức nấu bún chả Hà Nội gồm những gì?",
    "Ai vô địch World Cup 2022?",
    "Thời tiết Đà Nẵng ngày mai thế nào?",
    "Thủ đô của Nhật Bản là thành phố nào?",
    "Giá vé máy bay từ Hà Nội đi Tokyo tháng sau là bao nhiêu?",
    "Làm sao để chữa bệnh cảm cúm nhanh?",
    "iPhone mới nhất có giá bao nhiêu?",
]


def test_answerable_questions_are_answered(outcomes) -> None:
    answerable = _answerable(outcomes)
    assert sum(r.found for _, r in answerable) / len(answerable) >= 0.90


def test_questions_on_other_subjects_are_refused(corpus_settings) -> None:
    assistant = build_assistant(corpus_settings, store=open_store(corpus_settings))
    refused = [q for q in OFF_TOPIC if not assistant.answer(ChatRequest(question=q)).response.found]
    assert len(refused) >= 6, sorted(set(OFF_TOPIC) - set(refused))


def test_unanswerable_questions_are_refused(outcomes) -> None:
    unanswerable = [(i, r) for i, r in outcomes if not i["answerable"]]
    refused = [i["id"] for i, r in unanswerable if not r.found]
    assert unanswerable and len(refused) >= 1, [i["id"] for i, _ in unanswerable]


def test_answers_are_concise(outcomes) -> None:
    lengths = [len(r.answer) for i, r in _answerable(outcomes)]
    assert statistics.median(lengths) < 450


def _cited(response) -> list[tuple[str, int, int]]:
    return [(c.doc_id, c.start, c.end) for c in response.citations]


def test_unaccented_and_abbreviated_twins_get_the_same_answer(outcomes, corpus_settings) -> None:
    """A property over every dev question: typed without diacritics, or with the abbreviations
    officials use, a question gets the same answer as its accented, spelled-out twin."""
    from ingest.normalize import fold_accents
    from twins import abbreviated

    store = open_store(corpus_settings)
    assistant = build_assistant(corpus_settings, store=store)
    for item, response in outcomes:
        history = item["history"]
        for twin in {fold_accents(item["question"]), abbreviated(item["question"])} - {item["question"]}:
            again = assistant.answer(ChatRequest(question=twin, history=history)).response
            assert (again.found, _cited(again)) == (response.found, _cited(response)), (item["id"], twin)
