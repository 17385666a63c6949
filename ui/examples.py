"""Example questions for an empty conversation, made from the indexed documents (no LLM)."""

from __future__ import annotations

import re
from typing import Any

MAX_TITLE_WORDS = 18
# Words that open a title's trailing complement ("… theo Kết luận số 34-KL/TW …"): a long title is
# cut before the first of them.
_CUT_BEFORE = ("theo", "vượt", "của", "tại", "trong", "nhằm", "để")


def _short_title(title: str) -> str:
    """The title's first clause (before ':' or ' - '), cut before a complement when long; '' when
    it stays too long to make a readable question."""
    head = re.split(r"\s*[:|–—]\s*|\s+-\s+", title.strip(), maxsplit=1)[0]
    words = head.split()
    for at, word in enumerate(words):
        if len(words) > 10 and at >= 4 and word.lower() in _CUT_BEFORE:
            words = words[:at]
            break
    if len(words) > MAX_TITLE_WORDS:
        return ""
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
