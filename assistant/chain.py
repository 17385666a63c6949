"""The answering chain: condense → retrieve → select evidence → answer → verify citations.

`Assistant.answer` runs the steps as one LangChain `RunnableSequence` over a small state
object; `Assistant.stream` runs the same steps and yields the answer text in pieces, then the
final `AnswerResult`. The extractive answerer is the default; an LLM, when given, writes the
answer over the same evidence and is checked claim by claim (see `assistant.verify`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import RunnableLambda, RunnableSequence

from assistant import refusal
from assistant.extractive import Draft, ExtractiveAnswerer
from assistant.followup import Condensed, condense
from assistant.llm_answer import LLMAnswerer, LLMOutcome
from assistant.schemas import ChatRequest, ChatResponse, Citation
from assistant.selection import Candidate, Pool
from assistant.units import DocIndexCache
from assistant.verify import verified_citations
from ingest.models import Document
from vectorstore.results import SearchResult

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)
CLOSEST_DOCUMENTS = 3
POOL_K = 10  # passages the answerer may draw on (the response reports the top k)
STREAM_CHUNK_WORDS = 4


@dataclass
class AnswerResult:
    """What the chain returns: the API response and the passages it retrieved (best first)."""

    response: ChatResponse
    retrieved: list[SearchResult]


@dataclass
class _Turn:
    """State passed along the chain."""

    request: ChatRequest
    started: float
    timings: dict[str, float] = field(default_factory=dict)
    condensed: Condensed | None = None
    retrieved: list[SearchResult] = field(default_factory=list)
    pool_extra: list[SearchResult] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    pool: Pool | None = None
    draft: Draft | None = None
    llm: LLMOutcome | None = None
    llm_passages: list[SearchResult] = field(default_factory=list)  # numbered [1..n] in the prompt
    result: AnswerResult | None = None

    def lap(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[name] = round((now - since) * 1000, 2)
        return now


class Assistant:
    """Answers a `ChatRequest` from the indexed documents, citing verbatim sentences."""

    def __init__(self, store: Any, retriever: Any, llm: "BaseChatModel | None" = None, *, k: int = 5) -> None:
        self.store = store
        self.retriever = retriever
        self.k = k
        self.extractive = ExtractiveAnswerer()
        self.llm = LLMAnswerer(llm) if llm is not None else None
        self._indexes = DocIndexCache()
        self._prepare = RunnableSequence(
            RunnableLambda(self._condense, name="condense"),
            RunnableLambda(self._retrieve, name="retrieve"),
            RunnableLambda(self._select, name="select_evidence"),
        )
        self._chain = self._prepare | RunnableLambda(self._generate, name="answer") | RunnableLambda(
            self._finish, name="verify_citations"
        )

    # -- public API --------------------------------------------------------------------------------
    def answer(self, request: ChatRequest) -> AnswerResult:
        turn = self._chain.invoke(_Turn(request=request, started=time.perf_counter()))
        assert turn.result is not None
        return turn.result

    def stream(self, request: ChatRequest) -> Iterator[str | AnswerResult]:
        """Yield answer text deltas, then the final `AnswerResult` (whose answer is authoritative)."""
        turn: _Turn = self._prepare.invoke(_Turn(request=request, started=time.perf_counter()))
        if self.llm is not None and turn.draft is not None and turn.draft.selection.found:
            since = time.perf_counter()
            turn.llm_passages = self._llm_passages(turn)
            pieces = self.llm.stream(turn.condensed.question.text, turn.llm_passages)
            try:
                while True:
                    yield next(pieces)
            except StopIteration as stop:
                turn.llm = stop.value
            turn.lap("generate", since)
            turn = self._finish(turn)
        else:
            turn = self._finish(self._generate(turn))
            words = turn.result.response.answer.split(" ")
            for i in range(0, len(words), STREAM_CHUNK_WORDS):
                chunk = " ".join(words[i : i + STREAM_CHUNK_WORDS])
                yield chunk if i == 0 else " " + chunk
        assert turn.result is not None
        yield turn.result

    # -- steps ------------------------------------------------------------------------------------------
    def _condense(self, turn: _Turn) -> _Turn:
        since = time.perf_counter()
        request = turn.request
        question = request.question.strip()
        condensed = None
        if self.llm is not None and request.history:
            condensed = self.llm.condense(question, request.history)
        turn.condensed = condensed or condense(question, request.history)
        turn.lap("condense", since)
        return turn

    def _retrieve(self, turn: _Turn) -> _Turn:
        since = time.perf_counter()
        assert turn.condensed is not None
        k = turn.request.k or self.k
        # One search feeds both: the top k are reported, a few more widen the answerer's choice.
        filters = turn.request.filters.to_search_filters() if turn.request.filters else None
        found = list(self.retriever.search(turn.condensed.query, max(k, POOL_K), filters))
        turn.retrieved, turn.pool_extra = found[:k], found[k:]
        turn.lap("retrieve", since)
        return turn

    def _select(self, turn: _Turn) -> _Turn:
        since = time.perf_counter()
        assert turn.condensed is not None
        items = []
        for passage in [*turn.retrieved, *turn.pool_extra]:
            doc = turn.documents.get(passage.doc_id)
            if doc is None and passage.doc_id not in turn.documents:
                doc = self.store.get_document(passage.doc_id)
                if doc is not None:
                    turn.documents[passage.doc_id] = doc
            if doc is None or doc.text[passage.start : passage.end] != passage.text:
                log.warning("passage %s does not match its document; skipped", passage.passage_id)
                continue
            items.append((passage, self._indexes.get(doc)))
        turn.pool = Pool(items)
        turn.draft = self.extractive.draft(turn.condensed.question, turn.pool, turn.condensed.history_keys)
        turn.lap("select", since)
        return turn

    def _generate(self, turn: _Turn) -> _Turn:
        if self.llm is None or turn.draft is None or not turn.draft.selection.found:
            return turn
        since = time.perf_counter()
        assert turn.condensed is not None
        turn.llm_passages = self._llm_passages(turn)
        turn.llm = self.llm.answer(turn.condensed.question.text, turn.llm_passages)
        turn.lap("generate", since)
        return turn

    def _finish(self, turn: _Turn) -> _Turn:
        since = time.perf_counter()
        draft = turn.draft
        assert draft is not None
        notice = None
        mode = "extractive"
        found = draft.selection.found
        if not found:
            answer, citations = self._refusal(turn), []
        else:
            answer, citations = draft.answer, [self._citation(n, c) for n, c in enumerate(draft.selection.chosen, 1)]
            outcome = turn.llm
            if outcome is not None:
                if outcome.error:
                    notice = outcome.error
                elif outcome.not_found:
                    found, answer, citations, mode = False, self._refusal(turn), [], "llm"
                elif outcome.checked is not None and outcome.checked.used:
                    mode = "llm"
                    answer = outcome.checked.answer
                    citations = [
                        self._llm_citation(i, turn.llm_passages[n - 1], outcome.checked.claims[n], turn)
                        for i, n in enumerate(outcome.checked.used, 1)
                    ]
                    if outcome.checked.dropped:
                        notice = "Một số câu của mô hình ngôn ngữ không được tài liệu hỗ trợ và đã bị bỏ."
                else:
                    notice = "Câu trả lời của mô hình ngôn ngữ không được tài liệu hỗ trợ; dùng câu trích dẫn trực tiếp."
        answer, citations = verified_citations(answer, citations, self._document_getter(turn))
        if found and not citations:
            found, answer = False, self._refusal(turn)
        turn.lap("verify", since)
        turn.timings["total"] = round((time.perf_counter() - turn.started) * 1000, 2)
        response = ChatResponse(answer=answer, found=found, mode=mode, citations=citations, timings_ms=turn.timings, notice=notice)
        turn.result = AnswerResult(response=response, retrieved=turn.retrieved)
        return turn

    # -- helpers ------------------------------------------------------------------------------------
    @staticmethod
    def _llm_passages(turn: _Turn) -> list[SearchResult]:
        """The retrieved passages, plus those holding the extractive evidence when ranked lower."""
        passages = list(turn.retrieved)
        if turn.draft is not None:
            for candidate in turn.draft.selection.chosen:
                if all(p.passage_id != candidate.passage.passage_id for p in passages):
                    passages.append(candidate.passage)
        return passages

    def _document_getter(self, turn: _Turn):
        def get(doc_id: str) -> Document | None:
            # The documents were read from the store for this very request.
            return turn.documents.get(doc_id) or self.store.get_document(doc_id)

        return get

    def _refusal(self, turn: _Turn) -> str:
        closest: list[tuple[str, str | None]] = []
        for passage in turn.retrieved:
            entry = (passage.title, passage.published)
            if entry not in closest:
                closest.append(entry)
            if len(closest) >= CLOSEST_DOCUMENTS:
                break
        return refusal.refusal_message(closest)

    @staticmethod
    def _citation(n: int, candidate: Candidate) -> Citation:
        unit = candidate.unit
        return _make_citation(n, candidate.index.document, candidate.passage, unit.start, unit.end)

    def _llm_citation(self, n: int, passage: SearchResult, claims: list[str], turn: _Turn) -> Citation:
        """Cite the sentence of the passage that best supports the claims made with its marker."""
        from assistant.verify import claim_keys

        doc = turn.documents[passage.doc_id]
        index = self._indexes.get(doc)
        wanted: set[str] = set()
        for claim in claims:
            wanted |= claim_keys(claim)
        units = [u for u in index.units_in(passage.start, passage.end) if not u.is_clause] or index.units_in(
            passage.start, passage.end
        )
        best = max(units, key=lambda u: (len(wanted & u.keys), -(u.end - u.start)), default=None)
        start, end = (best.start, best.end) if best is not None else (passage.start, passage.end)
        return _make_citation(n, doc, passage, start, end)


def _make_citation(n: int, doc: Document, passage: SearchResult, start: int, end: int) -> Citation:
    """A citation of `doc.text[start:end]`, found in the retrieved `passage`."""
    return Citation(
        n=n,
        doc_id=doc.doc_id,
        source=doc.source,
        title=doc.title,
        published=doc.published,
        passage=passage.text,
        quote=doc.text[start:end],
        start=start,
        end=end,
        score=round(float(passage.score), 6),
    )
