"""Exports read back: DOCX with python-docx (headings, a note per quoted line, the answer key
after the questions), Markdown with document text escaped."""

from __future__ import annotations

import io
import re

import docx
import pytest
from trainer_topics import QUIZ_TOPIC, TOPIC

from assistant.schemas import Citation
from assistant.trainer.export import to_docx, to_markdown
from assistant.trainer.schemas import BriefPoint, BriefResponse, BriefSection, Source


@pytest.fixture(scope="module")
def material(trainer):
    return trainer.brief(TOPIC), trainer.timeline(TOPIC), trainer.quiz(QUIZ_TOPIC, 10)


def _paragraphs(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).paragraphs


def test_brief_docx_has_sections_and_one_note_per_point(material) -> None:
    brief = material[0]
    paragraphs = _paragraphs(to_docx(brief))
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert [s.heading for s in brief.sections] == headings[: len(brief.sections)]
    assert headings[-2:] == ["Nguồn", "Chú thích"]
    points = [p for s in brief.sections for p in s.points]
    notes = paragraphs[[p.text for p in paragraphs].index("Chú thích") + 1 :]
    assert len(notes) == len(points)
    text = "\n".join(p.text for p in paragraphs)
    for i, point in enumerate(points, 1):
        assert f"«{point.text}»[{i}]" in text
        assert point.citation.title in notes[i - 1].text and f"{point.citation.start}–{point.citation.end}" in notes[i - 1].text
    bold = {run.text for p in paragraphs for run in p.runs if run.bold}
    assert any(points[0].text[h.start : h.end] in bold for h in points[0].highlights) or not points[0].highlights


def test_quiz_docx_keeps_the_answer_key_apart(material) -> None:
    quiz = material[2]
    full = [p.text for p in _paragraphs(to_docx(quiz))]
    key_at = full.index("Đáp án")
    questions, key = "\n".join(full[:key_at]), "\n".join(full[key_at:])
    for item in quiz.items:
        assert f"Câu {quiz.items.index(item) + 1}:" in key and item.answer in key
        for option in item.options:
            assert option in questions
    only_questions = "\n".join(p.text for p in _paragraphs(to_docx(quiz, "none")))
    assert "Đáp án" not in only_questions and "Câu 1." in only_questions
    only_key = "\n".join(p.text for p in _paragraphs(to_docx(quiz, "only")))
    assert "Câu 1." not in only_key and "Câu 1:" in only_key


def test_timeline_markdown_lists_dates_in_order(material) -> None:
    timeline = material[1]
    text = to_markdown(timeline)
    positions = [text.index(f"[^{i}]") for i in range(1, len(timeline.events) + 1)]
    assert positions == sorted(positions)
    assert text.count("[^") == 2 * len(timeline.events)  # a marker and its note


def test_markdown_escapes_document_text() -> None:
    citation = Citation(n=1, doc_id="d", source="d.txt", title="T", published=None, passage="p", quote="x", start=0, end=1, score=0.0)
    hostile = "Xem [đây](http://x.y) và ![ảnh](http://x.y/a.png) # tiêu đề *đậm*"
    brief = BriefResponse(
        topic="t",
        sections=[BriefSection(key="overview", heading="Tổng quan", points=[BriefPoint(id="p-1", text=hostile, citation=citation)])],
        sources=[Source(doc_id="d", source="d.txt", title="T")],
    )
    text = to_markdown(brief)
    assert not re.search(r"(?<!\\)\]\(", text) and not re.search(r"(?<!\\)!\[", text)  # no live link or image
    assert "\\[đây\\]" in text and "\\*đậm\\*" in text and "\\# tiêu đề" in text
