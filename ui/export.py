"""The conversation with its citations as Markdown and as DOCX (pure: bytes in, bytes out).

Document text goes into the files as text: Markdown output escapes the characters Markdown gives a
meaning to, so a quoted `[link](…)` stays a quote when the file is opened in a Markdown viewer."""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

from ui.render import citation_meta

TITLE = "Tinh Gọn — cuộc trò chuyện"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def turns(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """(question, response) pairs of the conversation; failed answers are left out."""
    pairs = []
    for index, message in enumerate(messages):
        if message.get("role") == "assistant" and message.get("response") and index > 0:
            pairs.append({"question": messages[index - 1]["content"], "response": message["response"]})
    return pairs


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now()).strftime("%d/%m/%Y %H:%M")


def to_markdown(messages: list[dict[str, Any]], filters_summary: str = "", now: datetime | None = None) -> str:
    lines = [f"# {TITLE}", "", f"Xuất lúc {_stamp(now)}."]
    if filters_summary:
        lines.append(f"Bộ lọc: {md_escape(filters_summary)}.")
    for number, turn in enumerate(turns(messages), start=1):
        response = turn["response"]
        lines += ["", f"## Câu hỏi {number}: {md_escape(turn['question'])}", ""]
        if response.get("short_answer"):
            lines += [f"**Trả lời ngắn:** {md_escape(response['short_answer'])}", ""]
        lines += [md_escape(line) if line.strip() else "" for line in response.get("answer", "").split("\n")]
        citations = response.get("citations") or []
        if citations:
            lines += ["", "**Nguồn trích dẫn:**", ""]
            for citation in citations:
                lines.append(f"{citation['n']}. {md_escape(citation_meta(citation))}")
                lines.append(f"   > {md_escape(citation.get('quote') or '')}")
    return "\n".join(lines).rstrip() + "\n"


def to_docx(messages: list[dict[str, Any]], filters_summary: str = "", now: datetime | None = None) -> bytes:
    from docx import Document  # python-docx; imported here so the page loads without it until used

    document = Document()
    document.add_heading(TITLE, level=0)
    document.add_paragraph(f"Xuất lúc {_stamp(now)}.")
    if filters_summary:
        document.add_paragraph(f"Bộ lọc: {filters_summary}.")
    for number, turn in enumerate(turns(messages), start=1):
        response = turn["response"]
        document.add_heading(f"Câu hỏi {number}: {turn['question']}", level=1)
        if response.get("short_answer"):
            paragraph = document.add_paragraph()
            paragraph.add_run("Trả lời ngắn: ").bold = True
            paragraph.add_run(response["short_answer"])
        for line in response.get("answer", "").split("\n"):
            if line.strip():
                document.add_paragraph(line.replace("**", ""))
        citations = response.get("citations") or []
        if citations:
            document.add_heading("Nguồn trích dẫn", level=2)
            for citation in citations:
                paragraph = document.add_paragraph(style="List Number")
                paragraph.add_run(f"[{citation['n']}] {citation_meta(citation)}").bold = True
                quote = document.add_paragraph(citation.get("quote") or "", style="Intense Quote")
                quote.paragraph_format.left_indent = None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
