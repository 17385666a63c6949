"""Briefs, timelines and quizzes as Markdown or DOCX (python-docx).

Every quoted line carries a footnote-style marker [n]; the notes at the end give the document's
title, date, file name, address and the quote's character offsets, so a reader can find the
sentence. A quiz has its answer key (answer, explanation, source) in a separate section after
the questions — or alone, or not at all (`answers`). Document text is escaped in Markdown, so
nothing quoted becomes a link, an image or a heading.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Literal

from assistant.schemas import Citation
from assistant.trainer.schemas import BriefResponse, Highlight, QuizResponse, TimelineResponse

Answers = Literal["include", "only", "none"]
Material = BriefResponse | TimelineResponse | QuizResponse
# Enough to keep quoted text inert inside a list item: no emphasis, link, image, HTML or table.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!<>|~])")
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MD_MEDIA_TYPE = "text/markdown; charset=utf-8"
OPTION_LETTERS = "ABCDEFGH"


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def note_text(citation: Citation) -> str:
    """The footnote of a citation: title, date, file, address, offsets."""
    parts = [f"«{citation.title}»"]
    if citation.published:
        parts.append(f"ngày đăng {citation.published}")
    parts.append(f"tệp {citation.source}")
    if citation.section:
        parts.append(f"mục {citation.section}")
    if citation.url:
        parts.append(citation.url)
    parts.append(f"ký tự {citation.start}–{citation.end}")
    return ", ".join(parts)


def title_of(material: Material, answers: Answers = "include") -> str:
    if isinstance(material, BriefResponse):
        return f"Tài liệu tóm tắt: {material.topic}"
    if isinstance(material, TimelineResponse):
        return f"Dòng thời gian: {material.topic}"
    return f"{'Đáp án' if answers == 'only' else 'Câu hỏi ôn tập'}: {material.topic}"


def _date(event_date: str, precision: str) -> str:
    year, month, day = event_date.split("-")
    return f"{month}/{year}" if precision == "month" else f"{day}/{month}/{year}"


# --- Markdown --------------------------------------------------------------------------------------


def _md_highlighted(text: str, marks: list[Highlight]) -> str:
    out, cursor = [], 0
    for mark in sorted(marks, key=lambda m: m.start):
        if mark.start < cursor:
            continue
        out.append(md_escape(text[cursor : mark.start]))
        out.append(f"**{md_escape(text[mark.start : mark.end])}**")
        cursor = mark.end
    out.append(md_escape(text[cursor:]))
    return "".join(out)


def to_markdown(material: Material, answers: Answers = "include") -> str:
    lines = [f"# {md_escape(title_of(material, answers))}", ""]
    notes: list[Citation] = []

    def mark(citation: Citation) -> str:
        notes.append(citation)
        return f"[^{len(notes)}]"

    if material.message:  # nothing found, or fewer quiz items than asked
        lines += [md_escape(material.message), ""]
    if isinstance(material, BriefResponse):
        for section in material.sections:
            lines += [f"## {md_escape(section.heading)}", ""]
            lines += [f"- «{_md_highlighted(p.text, p.highlights)}» {mark(p.citation)}" for p in section.points]
            lines.append("")
    elif isinstance(material, TimelineResponse):
        for event in material.events:
            lines.append(f"- **{_date(event.date, event.precision)}** — «{md_escape(event.text)}» {mark(event.citation)}")
        lines.append("")
    else:
        if answers != "only":
            for i, item in enumerate(material.items, 1):
                lines += [f"**Câu {i}.** {md_escape(item.question)} _({item.difficulty})_", ""]
                lines += [f"   {OPTION_LETTERS[j]}. {md_escape(o)}" for j, o in enumerate(item.options)]
                lines.append("")
        if answers != "none":
            lines += ["## Đáp án", ""]
            for i, item in enumerate(material.items, 1):
                letter = _letter(item.options, item.answer)
                lines.append(f"{i}. {letter}**{md_escape(item.answer)}** — «{md_escape(item.citation.quote)}» {mark(item.citation)}")
            lines.append("")
    if material.sources:
        lines += ["## Nguồn", ""]
        for source in material.sources:
            when = f" ({source.published})" if source.published else ""
            lines.append(f"- «{md_escape(source.title)}»{when}, {md_escape(source.source)}")
        lines.append("")
    lines += [f"[^{i}]: {md_escape(note_text(c))}" for i, c in enumerate(notes, 1)]
    return "\n".join(lines).rstrip() + "\n"


def _letter(options: list[str], answer: str) -> str:
    return f"{OPTION_LETTERS[options.index(answer)]}. " if answer in options else ""


# --- DOCX ------------------------------------------------------------------------------------------


def to_docx(material: Material, answers: Answers = "include") -> bytes:
    from docx import Document as DocxDocument
    from docx.enum.text import WD_BREAK

    doc = DocxDocument()
    doc.core_properties.title = title_of(material, answers)[:255]  # the property's limit
    doc.add_heading(title_of(material, answers), level=0)
    notes: list[Citation] = []

    def add_quote(paragraph, text: str, marks: list[Highlight], citation: Citation) -> None:
        paragraph.add_run("«")
        cursor = 0
        for m in sorted(marks, key=lambda m: m.start):
            if m.start < cursor:
                continue
            paragraph.add_run(text[cursor : m.start])
            paragraph.add_run(text[m.start : m.end]).bold = True
            cursor = m.end
        paragraph.add_run(text[cursor:] + "»")
        notes.append(citation)
        paragraph.add_run(f"[{len(notes)}]").font.superscript = True

    if material.message:  # nothing found, or fewer quiz items than asked
        doc.add_paragraph(material.message)
    if isinstance(material, BriefResponse):
        for section in material.sections:
            doc.add_heading(section.heading, level=1)
            for point in section.points:
                add_quote(doc.add_paragraph(style="List Bullet"), point.text, point.highlights, point.citation)
    elif isinstance(material, TimelineResponse):
        for event in material.events:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run(_date(event.date, event.precision) + " — ").bold = True
            add_quote(paragraph, event.text, [], event.citation)
    else:
        if answers != "only":
            for i, item in enumerate(material.items, 1):
                paragraph = doc.add_paragraph()
                paragraph.add_run(f"Câu {i}. ").bold = True
                paragraph.add_run(item.question)
                paragraph.add_run(f" ({item.difficulty})").italic = True
                for j, option in enumerate(item.options):
                    doc.add_paragraph(f"{OPTION_LETTERS[j]}. {option}")
        if answers != "none":
            if answers == "include":
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_heading("Đáp án", level=1)
            for i, item in enumerate(material.items, 1):
                paragraph = doc.add_paragraph()
                paragraph.add_run(f"Câu {i}: {_letter(item.options, item.answer)}{item.answer}").bold = True
                paragraph.add_run(" — ")
                add_quote(paragraph, item.citation.quote, [], item.citation)
    if material.sources:
        doc.add_heading("Nguồn", level=1)
        for source in material.sources:
            when = f" ({source.published})" if source.published else ""
            doc.add_paragraph(f"«{source.title}»{when}, {source.source}", style="List Bullet")
    if notes:
        doc.add_heading("Chú thích", level=1)
        for i, citation in enumerate(notes, 1):
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"[{i}] ").font.superscript = True
            paragraph.add_run(note_text(citation))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


EXPORTERS: dict[str, tuple[Callable[[Material, Answers], bytes], str, str]] = {
    "docx": (to_docx, DOCX_MEDIA_TYPE, ".docx"),
    "md": (lambda m, a: to_markdown(m, a).encode("utf-8"), MD_MEDIA_TYPE, ".md"),
}


def export(material: Material, fmt: str, answers: Answers = "include") -> bytes:
    return EXPORTERS[fmt][0](material, answers)
