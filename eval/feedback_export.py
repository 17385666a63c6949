"""Thumbs-down feedback → draft dataset lines, for a person to complete into gold questions.

Each draft has the dataset's fields with what is known filled in (question, history) and what a
person must decide left empty (`answer`, `must_include`, `evidence`); `answerable` is null on
purpose so that an uncompleted draft fails validation instead of passing as a real case. What the
assistant said travels alongside under `feedback`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.errors import TinhGonError


def draft_line(record: Any) -> dict[str, Any]:
    """One feedback record (`assistant.schemas.FeedbackRecord`) as a draft dataset line."""
    return {
        "id": f"fb-{record.id:05d}",
        "question": record.question,
        "history": [t.model_dump() for t in record.history],
        "answerable": None,
        "answer": "",
        "must_include": [],
        "evidence": [],
        "tags": ["from-feedback"],
        "feedback": {
            "rating": record.rating,
            "comment": record.comment,
            "created_at": record.created_at,
            "answer_given": record.answer,
            "citations": [c.model_dump() for c in record.citations],
        },
    }


def export_feedback(data_dir: Path, out: Path, *, rating: str | None = "down") -> int:
    """Write the drafts for feedback with `rating` (None: all) to `out`; return how many."""
    from assistant.feedback import FeedbackStore, feedback_path

    path = feedback_path(data_dir)
    if not path.is_file():
        raise TinhGonError(f"no feedback database at {path}: the API stores feedback under TINHGON_DATA_DIR (set it or pass --data-dir)")
    records = FeedbackStore(path).records(rating=rating)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(draft_line(record), ensure_ascii=False) + "\n")
    return len(records)
