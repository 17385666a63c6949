"""The reply when the documents do not answer (the decision itself is the model's score, `engine`)."""

from __future__ import annotations

from collections.abc import Sequence


def refusal_message(closest: Sequence[tuple[str, str | None]]) -> str:
    """"The documents do not say", naming the closest documents (title, date) to look at."""
    text = "Xin lỗi, các tài liệu hiện có không chứa thông tin để trả lời câu hỏi này."
    if closest:
        names = "; ".join(f"«{title}»" + (f" ({published})" if published else "") for title, published in closest)
        text += f" Các tài liệu gần nhất với câu hỏi: {names}."
    return text
