"""Example questions for an empty conversation, made from the indexed documents (no LLM)."""

from __future__ import annotations

import re
from typing import Any

MAX_TITLE_WORDS = 14


def _short_title(title: str) -> str:
    """The title's first clause (before ':' or ' - '), at most a dozen words, no trailing dot."""
    head = re.split(r"\s*[:|–—]\s*|\s+-\s+", title.strip(), maxsplit=1)[0]
    words = head.split()
    if len(words) > MAX_TITLE_WORDS:
        words = words[:MAX_TITLE_WORDS]
    return " ".join(words).rstrip(".,;")


def example_questions(documents: list[dict[str, Any]], limit: int = 4) -> list[str]:
    """Questions about the most cited legal documents and about the newest documents' titles.

    Templates only: each question names something the index holds, so it has an answer there."""
    questions: list[str] = []
    counts: dict[str, int] = {}
    for document in documents:
        for reference in document.get("references") or []:
            counts[reference] = counts.get(reference, 0) + 1
    for reference in sorted(counts, key=lambda r: (-counts[r], r))[:2]:
        questions.append(f"Văn bản {reference} đề ra những nội dung chính nào?")
    newest = sorted(documents, key=lambda d: (d.get("published") or "", d.get("passages") or 0), reverse=True)
    for document in newest:
        if len(questions) >= limit:
            break
        title = _short_title(document.get("title") or "")
        if len(title.split()) < 3:
            continue
        question = f"{title[:1].upper()}{title[1:]} như thế nào?"
        if question not in questions:
            questions.append(question)
    return questions[:limit]
