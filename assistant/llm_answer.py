"""The optional LLM answerer and condenser, with the fallbacks the chain relies on.

Every call is guarded: an unreachable server, a timeout or an error becomes an `LLMOutcome`
with `error` set, and the chain returns the extractive answer with that notice.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant import prompts
from assistant.injection import REDACTED, looks_like_instruction
from assistant.answering.analysis import analyse
from assistant.answering.context import is_elliptic
from assistant.schemas import HistoryTurn
from assistant.verify import CheckedAnswer, check_generated
from ingest.normalize import folded_key
from ingest.splitter import sentence_spans
from vectorstore.results import SearchResult

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)
UNAVAILABLE = "Không dùng được mô hình ngôn ngữ ({reason}); câu trả lời được trích trực tiếp từ tài liệu."
_NOT_FOUND_KEY = folded_key(prompts.NOT_FOUND).rstrip(".")


@dataclass(slots=True)
class LLMOutcome:
    raw: str = ""
    checked: CheckedAnswer | None = None
    not_found: bool = False
    error: str | None = None


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    return "hết thời gian chờ" if "timeout" in name.lower() else f"lỗi kết nối: {name}"


def shown_text(text: str) -> str:
    """A passage as the LLM sees it (and as its claims are checked): orders to an AI redacted."""
    parts: list[str] = []
    cursor = 0
    for start, end in sentence_spans(text):
        if looks_like_instruction(text[start:end]):
            parts.append(text[cursor:start] + REDACTED)
            cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


class LLMAnswerer:
    """Writes the answer with a chat model over numbered passages, then checks every marker."""

    def __init__(self, model: "BaseChatModel") -> None:
        self.model = model
        self._answer = prompts.answer_prompt() | model
        self._condense = prompts.condense_prompt() | model

    @staticmethod
    def _inputs(question: str, passages: Sequence[SearchResult]) -> dict[str, str]:
        return {
            "question": question,
            "passages": prompts.format_passages([(p.title, p.published, shown_text(p.text)) for p in passages]),
        }

    @staticmethod
    def _outcome(raw: str, passages: Sequence[SearchResult]) -> LLMOutcome:
        if _NOT_FOUND_KEY in folded_key(raw):
            return LLMOutcome(raw=raw, not_found=True)
        return LLMOutcome(raw=raw, checked=check_generated(raw, [shown_text(p.text) for p in passages]))

    def answer(self, question: str, passages: Sequence[SearchResult]) -> LLMOutcome:
        try:
            message = self._answer.invoke(self._inputs(question, passages))
        except Exception as exc:  # any transport or server error falls back to the extractive answer
            log.warning("LLM unavailable: %s", exc)
            return LLMOutcome(error=UNAVAILABLE.format(reason=_reason(exc)))
        return self._outcome(str(message.content), passages)

    def stream(self, question: str, passages: Sequence[SearchResult]) -> Generator[str, None, LLMOutcome]:
        """Yield raw text deltas; return the checked outcome (the final answer is the checked one)."""
        parts: list[str] = []
        try:
            for chunk in self._answer.stream(self._inputs(question, passages)):
                text = str(chunk.content)
                if text:
                    parts.append(text)
                    yield text
        except Exception as exc:
            log.warning("LLM unavailable: %s", exc)
            return LLMOutcome(error=UNAVAILABLE.format(reason=_reason(exc)))
        return self._outcome("".join(parts), passages)

    def condense(self, question: str, history: Sequence[HistoryTurn]) -> str | None:
        """A stand-alone question written by the LLM; None (heuristics apply) when not needed or failing."""
        if not any(t.role == "user" for t in history) or not is_elliptic(analyse(question)):
            return None
        turns = [(t.role, t.content) for t in history]
        try:
            message = self._condense.invoke({"history": prompts.format_history(turns), "question": question})
        except Exception as exc:
            log.warning("LLM condense failed: %s", exc)
            return None
        rewritten = str(message.content).strip().strip('"“”').splitlines()[0].strip() if str(message.content).strip() else ""
        return rewritten or None
