"""Where the questions go: the chain in this process, or a running API over HTTP.

Both return the same `Outcome` (the API's JSON shapes), so scoring never knows which ran.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.errors import TinhGonError
from eval.dataset import DocumentTexts, EvalItem
from eval.scoring import Outcome

if TYPE_CHECKING:
    from assistant.settings import Settings

MIN_RETRIEVED = 5  # hit@5 and nDCG@5 need at least five passages


class Backend(Protocol):
    name: str

    def ask(self, item: EvalItem) -> Outcome:
        """Answer one gold question (never raises for a per-question failure: `Outcome.failed`)."""
        ...

    def document_texts(self) -> DocumentTexts:
        """The cleaned texts of the indexed documents (evidence checks and verbatim checks)."""
        ...

    def describe(self) -> dict[str, Any]:
        """What ran (for the report's meta section)."""
        ...

    def close(self) -> None: ...


def _elapsed_ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 3)


def texts_from_store(store: Any) -> DocumentTexts:
    """Cleaned document texts from a `PassageStore` (list_documents + get_document)."""
    texts = DocumentTexts()
    for info in store.list_documents():
        document = store.get_document(info.doc_id)
        if document is not None:
            texts.add(document.doc_id, document.source, document.text)
    return texts


def texts_from_corpus(paths: Iterable[Path]) -> DocumentTexts:
    """Cleaned document texts by loading (not indexing) the corpus files with the ingest pipeline."""
    from ingest.pipeline import load_and_split

    texts = DocumentTexts()
    for root in paths:
        files = sorted(p for p in Path(root).rglob("*") if p.is_file()) if Path(root).is_dir() else [Path(root)]
        for path in files:
            try:
                processed = load_and_split(path)
            except TinhGonError:
                continue
            for doc in processed:
                texts.add(doc.document.doc_id, doc.document.source, doc.document.text)
    return texts


class InProcessBackend:
    """The same chain the API runs (`assistant.factory.build_assistant`), over the index in the data dir."""

    name = "in-process"

    def __init__(self, settings: "Settings", k: int | None = None) -> None:
        self.settings = settings
        self.k = k
        self._store: Any = None
        self._assistant: Any = None

    def _ready(self) -> Any:
        if self._assistant is None:
            from assistant.factory import build_assistant, open_store

            self._store = open_store(self.settings)
            self._assistant = build_assistant(self.settings, store=self._store)
        return self._assistant

    def ask(self, item: EvalItem) -> Outcome:
        from assistant.schemas import ChatRequest

        assistant = self._ready()
        request = ChatRequest(question=item.question, history=list(item.history), k=self.k)
        start = time.perf_counter()
        try:
            result = assistant.answer(request)
        except TinhGonError as exc:
            return Outcome.failed(f"{type(exc).__name__}: {exc}", _elapsed_ms(start))
        latency = _elapsed_ms(start)
        response = result.response
        return Outcome(
            answer=response.answer,
            found=response.found,
            mode=response.mode,
            citations=[c.model_dump() for c in response.citations],
            retrieved=[r.to_json() for r in result.retrieved],
            latency_ms=latency,
            timings_ms=dict(response.timings_ms),
            notice=response.notice,
            short_answer=response.short_answer,
        )

    def document_texts(self) -> DocumentTexts:
        self._ready()
        texts = texts_from_store(self._store)
        if not texts.by_id:
            raise TinhGonError(
                f"the index in {self.settings.data_dir} holds no document: ingest the corpus first "
                "(tinhgon ingest PATH...), point TINHGON_DATA_DIR or --data-dir at an index, or pass --corpus DIR"
            )
        return texts

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {"backend": self.name, "data_dir": str(self.settings.data_dir), "k": self.k}
        if self._store is not None:
            try:
                info["store"] = self._store.stats()
            except Exception:  # stats are informative only
                pass
        info["embedder"] = self.settings.embedder
        info["llm"] = self.settings.llm_base_url is not None
        return info

    def close(self) -> None:
        if self._store is not None and hasattr(self._store, "close"):
            self._store.close()


def search_query(item: EvalItem) -> str:
    """The query for `/api/v1/search` in --url mode: the question, preceded for a follow-up by the
    previous user turn (the chain's own condensed query is not visible over HTTP)."""
    previous = [t["content"] for t in item.history if t["role"] == "user"]
    return f"{previous[-1]} {item.question}" if previous else item.question


class HttpBackend:
    """A running Tinh Gọn API: `POST /api/v1/chat` for answers, `POST /api/v1/search` for the ranking."""

    name = "http"

    def __init__(self, url: str, k: int | None = None, texts: DocumentTexts | None = None, timeout_s: float = 120.0) -> None:
        import httpx

        self.url = url.rstrip("/")
        self.k = k
        self._texts = texts
        self._client = httpx.Client(base_url=self.url, timeout=timeout_s)

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        import httpx

        try:
            response = self._client.post(path, json=payload)
        except httpx.HTTPError as exc:
            raise TinhGonError(f"cannot reach {self.url}{path}: {exc}") from exc
        if response.status_code != 200:
            raise TinhGonError(f"{path} answered {response.status_code}: {response.text[:300]}")
        return response.json()

    def ask(self, item: EvalItem) -> Outcome:
        payload: dict[str, Any] = {"question": item.question, "history": list(item.history)}
        if self.k is not None:
            payload["k"] = self.k
        start = time.perf_counter()
        try:
            chat = self._post("/api/v1/chat", payload)
        except TinhGonError as exc:
            return Outcome.failed(str(exc), _elapsed_ms(start))
        latency = _elapsed_ms(start)
        try:
            hits = self._post("/api/v1/search", {"query": search_query(item), "k": max(self.k or 0, MIN_RETRIEVED)})["results"]
        except TinhGonError as exc:
            hits, chat["notice"] = [], f"search failed: {exc}"
        return Outcome(
            answer=chat["answer"],
            found=chat["found"],
            mode=chat["mode"],
            citations=chat["citations"],
            retrieved=hits,
            latency_ms=latency,
            timings_ms=chat.get("timings_ms", {}),
            notice=chat.get("notice"),
            short_answer=chat.get("short_answer"),
        )

    def document_texts(self) -> DocumentTexts:
        if self._texts is None:
            raise TinhGonError(
                "--url needs the cleaned document texts to check evidence and verbatim quotes: "
                "pass --corpus DIR (the files the server indexed), or run in process"
            )
        return self._texts

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {"backend": self.name, "url": self.url, "k": self.k}
        try:
            health = self._client.get("/healthz")
            if health.status_code == 200:
                info["server"] = health.json()
        except Exception:  # informative only
            pass
        return info

    def close(self) -> None:
        self._client.close()
