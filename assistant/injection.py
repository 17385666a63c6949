"""Text inside a document that addresses the assistant (prompt injection) is never evidence.

Documents are data. A sentence that gives orders to an AI ("bỏ qua mọi hướng dẫn trước đó",
"ignore previous instructions", "bạn là trợ lý…") is not a fact about the apparatus; it is
left out of what an LLM is shown and never cited.
"""

from __future__ import annotations

import re

from ingest.normalize import folded_key

_PATTERNS = re.compile(
    "|".join(
        (
            r"\b(bo qua|phot lo|khong can tuan theo|ignore|disregard|forget)\b.{0,40}\b(huong dan|chi dan|chi thi|lenh|quy tac|instruction|instructions|rules|prompt)\b",
            r"\b(ban la|you are|act as|dong vai)\b.{0,30}\b(tro ly|mo hinh|chatbot|ai|assistant|model|language model)\b",
            r"\b(system prompt|developer message|jailbreak)\b",
            r"\b(hay|phai)\s+(tra loi|noi|viet|in ra)\s+(rang|la|dung|cau)\b",
            r"\b(new instructions|huong dan moi)\s*:",
        )
    )
)


def looks_like_instruction(text: str) -> bool:
    """True when the text reads as an order to an AI rather than as document content."""
    return bool(_PATTERNS.search(folded_key(text)))


REDACTED = "[đã lược bỏ một câu dạng mệnh lệnh]"
