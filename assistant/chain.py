"""The answering chain: retrieve → answer (the answering engine) → optional LLM → verify citations.

`Assistant.answer` runs the steps as one LangChain `RunnableSequence` over a small state
object; `Assistant.stream` runs the same steps and yields the answer text in pieces, then the
final `AnswerResult`. The extractive answer comes from `assistant.answering` (follow-ups,
candidate sentences, the fitted scoring model, refusal, composition); an LLM, when given,
writes the answer over the same evidence and is checked claim by claim (see `assistant.verify`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import RunnableLambda, RunnableSequence

from assistant.answering import AnswerEngine, Candidate, Decision, PoolItem, refusal_message
from assistant.answering.analysis import canonical_words
from assistant.llm_answer import LLMAnswerer, LLMOutcome
from assistant.schemas import ChatRequest, ChatResponse, Citation
from assistant.units import DocIndex, DocIndexCache
from assistant.verify import verified_citations
from ingest.models import Document
from ingest.sections import decode_sections, section_path
from vectorstore.accents import restore_accents
from vectorstore.results import SearchFilters, SearchResult

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.answering.model import AnswerModel
    from assistant.doc_stats_store import DocStatsStore

log = logging.getLogger(__name__)
CLOSEST_DOCUMENTS = 3
POOL_K = 10  # passages the answerer may draw on (the response reports the top k)
STREAM_CHUNK_WORDS = 4
CANONICAL_CACHE = 4096


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
    documents: dict[str, Document] = field(default_factory=dict)
    unstored: list[DocIndex] = field(default_factory=list)  # documents met without stored statistics
    decision: Decision | None = None
    llm: LLMOutcome | None = None
    llm_passages: list[SearchResult] = field(default_factory=list)  # numbered [1..n] in the prompt
    result: AnswerResult | None = None

    def lap(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[name] = round((now - since) * 1000, 2)
        return now


class Assistant:
    """Answers a `ChatRequest` from the indexed documents, citing verbatim sentences."""

    def __init__(
        self, store: Any, retriever: Any, llm: "BaseChatModel | None" = None, *, k: int = 5, doc_stats: "DocStatsStore | None" = None
    ) -> None:
        self.store = store
        self.retriever = retriever
        self.k = k
        self.doc_stats = doc_stats  # the answerer's per-document statistics on disk (None: computed each time)
        self.llm = LLMAnswerer(llm) if llm is not None else None
        self._indexes = DocIndexCache()
        self._canonical: dict[str, str] = {}
        self._prepare = RunnableLambda(self._answer_extractive, name="answer_extractive")
        self._chain = RunnableSequence(
            self._prepare,
            RunnableLambda(self._generate, name="answer_llm"),
            RunnableLambda(self._finish, name="verify_citations"),
        )

    # -- public API --------------------------------------------------------------------------------
    def answer(self, request: ChatRequest) -> AnswerResult:
        turn = self._chain.invoke(_Turn(request=request, started=time.perf_counter()))
        assert turn.result is not None
        return turn.result

    def stream(self, request: ChatRequest) -> Iterator[str | AnswerResult]:
        """Yield answer text deltas, then the final `AnswerResult` (whose answer is authoritative)."""
        turn: _Turn = self._prepare.invoke(_Turn(request=request, started=time.perf_counter()))
        decision = turn.decision
        if self.llm is not None and decision is not None and decision.found and decision.analysis is not None:
            since = time.perf_counter()
            turn.llm_passages = self._llm_passages(turn)
            pieces = self.llm.stream(decision.analysis.text, turn.llm_passages)
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

    # -- retrieval for the engine ----------------------------------------------------------------------
    def engine_for(
        self,
        k: int,
        filters: SearchFilters | None,
        documents: dict[str, Document],
        model: "AnswerModel | None" = None,
        unstored: list[DocIndex] | None = None,
    ) -> AnswerEngine:
        """An engine whose retrieval honours this request's `k` and filters (documents are read once).
        Documents met without stored statistics are added to `unstored`."""

        def fetch(query: str) -> tuple[list[SearchResult], list[PoolItem]]:
            # One search feeds both: the top k are reported, a few more widen the answerer's choice.
            found = list(self.retriever.search(self.canonical_query(query), max(k, POOL_K), filters))
            self._read_documents([p.doc_id for p in found if p.doc_id not in documents], documents)
            matched: list[tuple[SearchResult, Document]] = []
            for passage in found:
                doc = documents.get(passage.doc_id)
                if doc is None or doc.text[passage.start : passage.end] != passage.text:
                    log.warning("passage %s does not match its document; skipped", passage.passage_id)
                    continue
                matched.append((passage, doc))
            vectors = self._sentence_vectors([doc for _, doc in matched])
            items = [PoolItem(passage, self._indexes.get(doc), vectors.get(doc.doc_id)) for passage, doc in matched]
            if self.doc_stats is not None:
                missing = self.doc_stats.fill(list({id(item.index): item.index for item in items}.values()))
                if unstored is not None:
                    unstored.extend(missing)
            return found[:k], items

        def embed(query: str):
            embedder = getattr(self.store, "embedder", None)
            return embedder.embed_query_vector(self.canonical_query(query)) if embedder is not None else None

        lexical = getattr(self.store, "lexical", None)
        frequency = lexical.document_frequency if lexical is not None else None
        return AnswerEngine(fetch, embed, model, frequency)

    def _read_documents(self, doc_ids: list[str], documents: dict[str, Document]) -> None:
        """Add the documents not read yet to `documents` (one store request when the store can)."""
        if not doc_ids:
            return
        if hasattr(self.store, "get_documents"):
            documents.update(self.store.get_documents(doc_ids))
            return
        for doc_id in dict.fromkeys(doc_ids):
            doc = self.store.get_document(doc_id)
            if doc is not None:
                documents[doc_id] = doc

    def _sentence_vectors(self, docs: list[Document]) -> dict[str, Any]:
        """Sentence vectors of the documents (one store request for those not cached); none when the store keeps none."""
        if hasattr(self.store, "sentence_vectors_many"):
            return self.store.sentence_vectors_many(docs)
        if hasattr(self.store, "sentence_vectors_of"):
            return {doc.doc_id: self.store.sentence_vectors_of(doc) for doc in docs}
        return {}

    def canonical_query(self, query: str) -> str:
        """The one spelling every form of a question is searched with: folded, abbreviations spelled
        out, then given the accents the indexed text uses most (`vectorstore.accents`). A question
        typed without diacritics or with abbreviations thus retrieves exactly what its twin does."""
        found = self._canonical.get(query)
        if found is None:
            words = canonical_words(query)
            lexical = getattr(self.store, "lexical", None)
            found = restore_accents(words, lexical) if lexical is not None else " ".join(words)
            if len(self._canonical) > CANONICAL_CACHE:
                self._canonical.clear()
            self._canonical[query] = found
        return found

    # -- steps ------------------------------------------------------------------------------------------
    def _answer_extractive(self, turn: _Turn) -> _Turn:
        since = time.perf_counter()
        request = turn.request
        filters = request.filters.to_search_filters() if request.filters else None
        engine = self.engine_for(request.k or self.k, filters, turn.documents, unstored=turn.unstored)
        question, history = request.question.strip(), list(request.history)
        if self.llm is not None and history:
            # with an LLM, a follow-up is first rewritten by it into a standalone question
            rewritten = self.llm.condense(question, history)
            if rewritten:
                question, history = rewritten, []
        turn.decision = engine.answer(question, history)
        if self.doc_stats is not None and turn.unstored:
            self.doc_stats.store_later(turn.unstored)
        turn.timings.update(turn.decision.timings)
        turn.lap("answer_extractive", since)
        return turn

    def _generate(self, turn: _Turn) -> _Turn:
        decision = turn.decision
        if self.llm is None or decision is None or not decision.found or decision.analysis is None:
            return turn
        since = time.perf_counter()
        turn.llm_passages = self._llm_passages(turn)
        turn.llm = self.llm.answer(decision.analysis.text, turn.llm_passages)
        turn.lap("generate", since)
        return turn

    def _finish(self, turn: _Turn) -> _Turn:
        since = time.perf_counter()
        decision = turn.decision
        assert decision is not None
        notice = None
        mode = "extractive"
        found = decision.found
        short = decision.short
        if not found:
            answer, citations = self._refusal(turn), []
        else:
            answer, citations = decision.answer, [self._citation(n, c) for n, c in enumerate(decision.chosen, 1)]
            outcome = turn.llm
            if outcome is not None:
                if outcome.error:
                    notice = outcome.error
                elif outcome.not_found:
                    found, answer, citations, mode, short = False, self._refusal(turn), [], "llm", None
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
            found, answer, short = False, self._refusal(turn), None
        turn.lap("verify", since)
        turn.timings["total"] = round((time.perf_counter() - turn.started) * 1000, 2)
        response = ChatResponse(
            answer=answer,
            found=found,
            short_answer=short if found else None,
            mode=mode,
            citations=citations,
            timings_ms=turn.timings,
            notice=notice,
        )
        turn.result = AnswerResult(response=response, retrieved=decision.retrieved)
        return turn

    # -- helpers ------------------------------------------------------------------------------------
    @staticmethod
    def _llm_passages(turn: _Turn) -> list[SearchResult]:
        """The retrieved passages, plus those holding the extractive evidence when ranked lower."""
        assert turn.decision is not None
        passages = list(turn.decision.retrieved)
        for candidate in turn.decision.chosen:
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
        for passage in turn.decision.retrieved if turn.decision else []:
            entry = (passage.title, passage.published)
            if entry not in closest:
                closest.append(entry)
            if len(closest) >= CLOSEST_DOCUMENTS:
                break
        return refusal_message(closest)

    @staticmethod
    def _citation(n: int, candidate: Candidate) -> Citation:
        unit = candidate.unit
        return make_citation(n, candidate.index.document, candidate.passage, unit.start, unit.end)

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
        return make_citation(n, doc, passage, start, end)


def make_citation(n: int, doc: Document, passage: SearchResult, start: int, end: int) -> Citation:
    """A citation of `doc.text[start:end]`, found in the retrieved `passage`."""
    section = section_path(decode_sections(doc.metadata), start, doc.title) or None
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
        section=section,
        url=doc.metadata.get("url") or None,
    )
