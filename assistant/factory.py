"""Builds the heavy objects from settings, in one place (CLI, API and eval all call these)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.chain import Assistant
    from vectorstore.embedders import TinhGonEmbeddings
    from vectorstore.retriever import HybridRetriever
    from vectorstore.store import PassageStore


def make_embedder(settings: Settings) -> "TinhGonEmbeddings":
    """The configured embedder, with the on-disk content-hash cache under the data dir."""
    from vectorstore.embedders import make_embedder as build

    return build(settings.embedder, cache_dir=settings.embedding_cache or settings.data_dir / "embedding_cache")


def open_store(settings: Settings, embedder: "TinhGonEmbeddings | None" = None) -> "PassageStore":
    """The passage store: embedded Chroma under the data dir, or a Chroma server when configured.

    After `tinhgon reindex` switches, the store embeds queries with the embedder the pointer
    record names, built like the configured one (same cache)."""
    from vectorstore.store import PassageStore

    return PassageStore(
        data_dir=settings.data_dir,
        embedder=embedder or make_embedder(settings),
        chroma_url=settings.chroma_url,
        collection=settings.collection,
        sentence_vectors=settings.sentence_vectors,
        embedder_factory=lambda name: make_embedder(settings.model_copy(update={"embedder": name})),
    )


def make_retriever(settings: Settings, store: "PassageStore") -> "HybridRetriever":
    """The hybrid (dense + lexical) retriever over a store."""
    from vectorstore.retriever import HybridRetriever

    return HybridRetriever(store=store, k=settings.retrieval_k)


def build_assistant(
    settings: Settings,
    store: "PassageStore | None" = None,
    retriever: "HybridRetriever | None" = None,
    llm: "BaseChatModel | None" = None,
) -> "Assistant":
    """The answering chain over a store; an LLM from the settings when one is configured (and none given)."""
    from assistant.chain import Assistant
    from assistant.doc_stats_store import DocStatsStore
    from assistant.llm import make_chat_model

    store = store if store is not None else open_store(settings)
    retriever = retriever if retriever is not None else make_retriever(settings, store)
    llm = llm if llm is not None else make_chat_model(settings)
    return Assistant(store=store, retriever=retriever, llm=llm, k=settings.retrieval_k, doc_stats=DocStatsStore.in_dir(settings.data_dir))
