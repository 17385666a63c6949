"""The chain with LangChain's fake chat models: marker checks, fallbacks, streaming, follow-ups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fake_index import RecordingRetriever, build_index, corpus_documents
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult

from assistant.chain import AnswerResult, Assistant
from assistant.factory import build_assistant
from assistant.schemas import ChatRequest, HistoryTurn
from assistant.settings import Settings
from assistant.verify import check_generated
from ingest.normalize import folded_key

QUESTION = "Huyện Ba Chẽ đã giảm bao nhiêu cấp phó?"


@pytest.fixture(scope="module")
def index(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    return build_index(tmp_path_factory.mktemp("chain-index"), corpus_documents(corpus_dir))


@pytest.fixture(scope="module")
def store(index):
    return index[0]


@pytest.fixture(scope="module")
def settings(index) -> Settings:
    return index[1]


def make(store, llm: Any = None) -> Assistant:
    return Assistant(store=store, retriever=RecordingRetriever(store, Settings(data_dir=store.data_dir)), llm=llm, k=5)


def passage_number(assistant: Assistant, question: str, needle: str) -> int:
    """The [n] a passage containing `needle` gets in the LLM prompt (1-based)."""
    from assistant.chain import _Turn

    turn = assistant._prepare.invoke(_Turn(request=ChatRequest(question=question), started=0.0))
    for n, passage in enumerate(assistant._llm_passages(turn), start=1):
        if needle in passage.text:
            return n
    raise AssertionError(f"{needle!r} not among the passages shown to the LLM")


class FailingChatModel(BaseChatModel):
    """Behaves like an unreachable server."""

    @property
    def _llm_type(self) -> str:
        return "failing"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any) -> ChatResult:
        raise TimeoutError("the LLM did not answer in time")


def test_extractive_is_the_default(store) -> None:
    result = make(store).answer(ChatRequest(question=QUESTION))
    assert isinstance(result, AnswerResult)
    assert result.response.mode == "extractive" and result.response.found
    assert "12 cấp phó" in result.response.answer
    assert result.retrieved and len(result.retrieved) <= 5
    assert {"retrieve", "features", "select", "verify", "total"} <= result.response.timings_ms.keys()


def test_llm_answer_with_valid_markers_is_kept(store) -> None:
    probe = make(store)
    n = passage_number(probe, QUESTION, "12 cấp phó")
    llm = FakeListChatModel(responses=[f"Toàn huyện Ba Chẽ đã giảm 9 cấp trưởng và 12 cấp phó [{n}]."])
    response = make(store, llm).answer(ChatRequest(question=QUESTION)).response
    assert response.mode == "llm" and response.found
    assert response.answer == "Toàn huyện Ba Chẽ đã giảm 9 cấp trưởng và 12 cấp phó [1]."
    [citation] = response.citations
    assert "12 cấp phó" in citation.quote
    assert store.get_document(citation.doc_id).text[citation.start : citation.end] == citation.quote


def test_hallucinated_marker_and_unsupported_claim_are_removed(store) -> None:
    probe = make(store)
    n = passage_number(probe, QUESTION, "12 cấp phó")
    reply = (
        f"Huyện Ba Chẽ đã giảm 12 cấp phó [{n}][9]. "
        f"Nhờ đó ngân sách huyện tiết kiệm được 50 tỷ đồng mỗi năm [{n}]. "
        "Huyện cũng được Thủ tướng khen thưởng [9]."
    )
    response = make(store, FakeListChatModel(responses=[reply])).answer(ChatRequest(question=QUESTION)).response
    assert response.mode == "llm"
    assert "[9]" not in response.answer
    assert "50 tỷ" not in response.answer and "Thủ tướng" not in response.answer
    assert response.answer == "Huyện Ba Chẽ đã giảm 12 cấp phó [1]."
    assert response.notice  # says that claims were dropped
    assert len(response.citations) == 1


def test_llm_with_no_supported_claim_falls_back_to_extractive(store) -> None:
    llm = FakeListChatModel(responses=["Theo tôi, con số này là khoảng 40 người [1]."])
    response = make(store, llm).answer(ChatRequest(question=QUESTION)).response
    assert response.mode == "extractive" and response.found
    assert "12 cấp phó" in response.answer and response.notice


def test_unreachable_llm_falls_back_with_a_notice(store) -> None:
    response = make(store, FailingChatModel()).answer(ChatRequest(question=QUESTION)).response
    assert response.mode == "extractive" and response.found
    assert "12 cấp phó" in response.answer
    assert response.notice and "mô hình ngôn ngữ" in response.notice


def test_llm_saying_not_found_is_a_refusal(store) -> None:
    llm = FakeListChatModel(responses=["Tài liệu không có thông tin này."])
    response = make(store, llm).answer(ChatRequest(question=QUESTION)).response
    assert not response.found and response.citations == []


def test_the_llm_is_not_called_when_nothing_supports_an_answer(store) -> None:
    llm = FakeListChatModel(responses=["Ngày 1/1/2019 [1]."])
    response = make(store, llm).answer(ChatRequest(question="Giá vé máy bay từ Hà Nội đi Tokyo tháng sau là bao nhiêu?")).response
    assert not response.found
    assert llm.i == 0  # never asked


def test_stream_yields_text_then_the_result(store) -> None:
    items = list(make(store).stream(ChatRequest(question=QUESTION)))
    *deltas, final = items
    assert isinstance(final, AnswerResult)
    assert deltas and all(isinstance(d, str) for d in deltas)
    assert "".join(deltas) == final.response.answer


def test_stream_with_llm_checks_the_generated_answer(store) -> None:
    probe = make(store)
    n = passage_number(probe, QUESTION, "12 cấp phó")
    text = f"Ba Chẽ đã giảm 12 cấp phó [{n}]. Đây là con số cao nhất cả nước [9]."
    llm = GenericFakeChatModel(messages=iter([AIMessage(content=text)]))
    *deltas, final = list(make(store, llm).stream(ChatRequest(question=QUESTION)))
    assert "".join(deltas) == text  # raw text as produced
    assert final.response.mode == "llm"
    assert final.response.answer == "Ba Chẽ đã giảm 12 cấp phó [1]."


def test_follow_up_keeps_its_subject_without_llm(store) -> None:
    history = [
        HistoryTurn(role="user", content="Huyện Ba Chẽ đã giảm bao nhiêu điểm trường?"),
        HistoryTurn(role="assistant", content="Giảm 18 điểm trường [1]."),
    ]
    assistant = make(store)
    response = assistant.answer(ChatRequest(question="Còn số lớp học thì sao?", history=history)).response
    assert response.found and "33 lớp" in response.answer
    assert "ba che" in folded_key(assistant.retriever.queries[-1])  # the earlier question joins the query


def test_follow_up_pronoun_is_resolved_from_history(store) -> None:
    history = [
        HistoryTurn(role="user", content="Ai chủ trì hội nghị trực tuyến ngày 20-3-2018 ở Bến Tre?"),
        HistoryTurn(role="assistant", content="Bí thư Tỉnh ủy Võ Thành Hạo chủ trì hội nghị [1]."),
    ]
    assistant = make(store)
    response = assistant.answer(ChatRequest(question="Ông ấy giữ chức vụ gì?", history=history)).response
    assert "vo thanh hao" in folded_key(assistant.retriever.queries[-1])
    assert response.found and folded_key("Bí thư Tỉnh ủy") in folded_key(response.answer)


def test_follow_up_ordinal_points_into_the_previous_answer(store) -> None:
    history = [
        HistoryTurn(role="user", content="Sơn La thực hiện những mô hình kiêm nhiệm nào?"),
        HistoryTurn(
            role="assistant",
            content="Hai mô hình: Trưởng Ban Dân vận huyện ủy đồng thời là Chủ tịch Ủy ban MTTQ cấp huyện; "
            "Trưởng Ban Tuyên giáo huyện ủy đồng thời là Giám đốc Trung tâm chính trị cấp huyện [1].",
        ),
    ]
    assistant = make(store)
    response = assistant.answer(ChatRequest(question="Mô hình đầu tiên được thí điểm ở bao nhiêu huyện?", history=history)).response
    assert "dan van" in folded_key(assistant.retriever.queries[-1])
    assert response.found and "5/12" in response.answer


def test_follow_up_condensed_by_the_llm(store) -> None:
    history = [
        HistoryTurn(role="user", content="Huyện Ba Chẽ đã giảm bao nhiêu điểm trường?"),
        HistoryTurn(role="assistant", content="Giảm 18 điểm trường [1]."),
    ]
    probe = make(store)
    n = passage_number(probe, "Huyện Ba Chẽ đã giảm bao nhiêu lớp học?", "33 lớp")
    llm = FakeListChatModel(responses=["Huyện Ba Chẽ đã giảm bao nhiêu lớp học?", f"Ba Chẽ giảm 33 lớp [{n}]."])
    assistant = make(store, llm)
    response = assistant.answer(ChatRequest(question="Còn lớp học thì sao?", history=history)).response
    assert folded_key(assistant.retriever.queries[-1]) == "huyen ba che da giam bao nhieu lop hoc"
    assert response.mode == "llm" and "33 lớp" in response.answer


def test_check_generated_table() -> None:
    passages = ["Toàn huyện đã giảm 8 cơ quan, đơn vị, đầu mối và giảm 9 cấp trưởng, 12 cấp phó.", "Xã có 74 đảng viên."]
    checked = check_generated("Giảm 12 cấp phó [1]. Xã có 74 đảng viên [2]. Xã có 74 đảng viên [1].", passages)
    assert checked.answer == "Giảm 12 cấp phó [1]. Xã có 74 đảng viên [2]."
    assert checked.used == [1, 2] and len(checked.dropped) == 1


def test_build_assistant_uses_the_given_parts(store, tmp_path: Path) -> None:
    retriever = RecordingRetriever(store, Settings(data_dir=store.data_dir))
    assistant = build_assistant(Settings(data_dir=tmp_path), store=store, retriever=retriever)
    assert assistant.store is store and assistant.retriever is retriever and assistant.llm is None
