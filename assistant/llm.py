"""The optional chat model: any OpenAI-compatible server, or Ollama, built from settings.

Nothing is contacted here; the client connects on first use. Unset `TINHGON_LLM_BASE_URL`
means no LLM: the assistant answers extractively.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import ConfigurationError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def make_chat_model(settings: Settings) -> "BaseChatModel | None":
    """The configured chat model, or None when no LLM server is set."""
    if not settings.llm_base_url:
        return None
    if settings.llm_provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            temperature=0,
            client_kwargs={"timeout": settings.llm_timeout_s},
        )
    if settings.llm_provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout_s,
            max_retries=0,
            temperature=0,
        )
    raise ConfigurationError(f"TINHGON_LLM_PROVIDER must be 'openai' or 'ollama', not {settings.llm_provider!r}")
