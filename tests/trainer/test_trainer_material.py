"""Brief, timeline and quiz over the real sample-corpus index: every line is a verbatim,
verified citation; an uncovered topic gives nothing; filters narrow the documents."""

from __future__ import annotations

from trainer_topics import OFF_TOPIC, QUIZ_TOPIC, TOPIC

from assistant.trainer.checks import quiz_problems, verbatim
from assistant.trainer.fairness import is_fair
from assistant.trainer.quiz import answer_in
from vectorstore.results import SearchFilters


def test_brief_points_are_verbatim_sections_and_sources(trainer, trainer_store) -> None:
    brief = trainer.brief(TOPIC)
    assert brief.message is None
    assert 3 <= len(brief.sections) <= 7
    points = [p for s in brief.sections for p in s.points]
    assert len(points) >= 8
    assert all(verbatim(p.citation, trainer_store.get_document) and p.text == p.citation.quote for p in points)
    assert len({p.id for p in points}) == len(points)
    assert len({p.text for p in points}) == len(points)  # no point twice
    for section in brief.sections:  # documents in date order within a section
        dates = [p.citation.published or "9999" for p in section.points]
        assert dates == sorted(dates)
    assert {s.doc_id for s in brief.sources} == {p.citation.doc_id for p in points}
    for point in points:
        assert all(point.text[h.start : h.end].strip() for h in point.highlights)


def test_uncovered_topic_gives_nothing(trainer) -> None:
    brief, timeline, quiz = trainer.brief(OFF_TOPIC), trainer.timeline(OFF_TOPIC), trainer.quiz(OFF_TOPIC, 5)
    assert brief.sections == [] and timeline.events == [] and quiz.items == []
    assert brief.message and timeline.message and quiz.message


def test_timeline_is_chronological_and_dated_by_its_sentence(trainer, trainer_store) -> None:
    timeline = trainer.timeline(TOPIC)
    assert len(timeline.events) >= 2  # the five sample articles date few events
    assert [e.date for e in timeline.events] == sorted(e.date for e in timeline.events)
    for event in timeline.events:
        assert verbatim(event.citation, trainer_store.get_document)
        assert event.date_text in event.text
        if event.resolved:
            assert event.citation.published


def test_quiz_items_pass_the_checks(trainer, trainer_store) -> None:
    quiz = trainer.quiz(QUIZ_TOPIC, 10)
    # The five sample articles are district reports: few of their facts are national decisions
    # or provincial figures, so the quiz is short and says so.
    assert 1 <= len(quiz.items) < 10
    assert quiz.message and str(len(quiz.items)) in quiz.message
    assert all(i.kind == "mcq" or i.answer_type in ("date", "docnum") for i in quiz.items)  # no bare-number cloze
    problems = {k: v for k, v in quiz_problems(quiz).items() if v}
    assert not problems, problems
    for item in quiz.items:
        assert verbatim(item.citation, trainer_store.get_document)
        assert item.answer in item.citation.quote and not answer_in(item.question, item.answer)
        stem = item.question.split("«")[-1].rstrip("»")
        assert is_fair(item.answer_type, stem, item.citation.title, item.answer, with_options=item.kind == "mcq")
    assert len({(i.citation.doc_id, i.citation.start) for i in quiz.items}) == len(quiz.items)


def test_filters_narrow_the_documents(trainer) -> None:
    everything = trainer.brief(TOPIC)
    points = [p.citation.source for s in everything.sections for p in s.points]
    one = max(set(points), key=points.count)
    narrowed = trainer.brief(TOPIC, SearchFilters(sources=(one,)))
    assert narrowed.sources and {s.source for s in narrowed.sources} == {one}
    assert trainer.quiz(TOPIC, 5, SearchFilters(published_from="2099-01-01")).items == []


def test_a_topic_naming_resolutions_finds_them_written_with_a_shared_suffix(trainer, trainer_store) -> None:
    # The sample articles write "Nghị quyết số 18, 19-NQ/TW" and "Nghị quyết số 18, 19 của Hội nghị
    # Trung ương 6": both cite 18-NQ/TW, though no word of them is "18-NQ/TW".
    brief = trainer.brief("thực hiện Nghị quyết 18-NQ/TW và 19-NQ/TW")
    assert brief.message is None and brief.sections
    quotes = [p.text for s in brief.sections for p in s.points]
    assert any("18, 19" in q for q in quotes)
    assert all(verbatim(p.citation, trainer_store.get_document) for s in brief.sections for p in s.points)
