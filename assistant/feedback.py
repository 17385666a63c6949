"""Durable store of user feedback (thumbs up/down on answers): one SQLite file under the data dir.

`eval export-feedback` reads it back through `FeedbackStore.list()` to draft new test cases.
Each call opens its own short-lived connection, so the store is safe to share between threads.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from assistant.errors import StoreError
from assistant.schemas import FeedbackRecord, FeedbackRequest

FEEDBACK_FILE = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    citations TEXT NOT NULL,
    history TEXT NOT NULL
)
"""
_COLUMNS = "id, created_at, question, answer, rating, comment, citations, history"


def feedback_path(data_dir: Path) -> Path:
    """Where the feedback database of a data dir lives."""
    return Path(data_dir) / FEEDBACK_FILE


class FeedbackStore:
    """Append-only feedback records in SQLite."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._ready = False

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> "FeedbackStore":
        return cls(feedback_path(data_dir))

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10)
            if not self._ready:
                with connection:
                    connection.execute(_SCHEMA)
                self._ready = True
            return connection
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the feedback database {self.path}: {exc}") from exc

    def add(self, item: FeedbackRequest) -> FeedbackRecord:
        """Store one feedback item durably (committed before returning) and return it with its id."""
        created_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        citations = json.dumps([c.model_dump(mode="json") for c in item.citations], ensure_ascii=False)
        history = json.dumps([t.model_dump() for t in item.history], ensure_ascii=False)
        with closing(self._connect()) as connection, connection:
            cursor = connection.execute(
                "INSERT INTO feedback (created_at, question, answer, rating, comment, citations, history)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (created_at, item.question, item.answer, item.rating, item.comment, citations, history),
            )
            new_id = int(cursor.lastrowid)
        return FeedbackRecord(id=new_id, created_at=created_at, **item.model_dump())

    def records(self, rating: str | None = None, limit: int | None = None, offset: int = 0) -> list[FeedbackRecord]:
        """Records oldest first, optionally only one rating ('up' or 'down')."""
        query = f"SELECT {_COLUMNS} FROM feedback"
        params: list[object] = []
        if rating is not None:
            query += " WHERE rating = ?"
            params.append(rating)
        query += " ORDER BY id LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
        with closing(self._connect()) as connection:
            rows = connection.execute(query, params).fetchall()
        return [_record(row) for row in rows]

    def count(self, rating: str | None = None) -> int:
        query, params = "SELECT COUNT(*) FROM feedback", []
        if rating is not None:
            query, params = query + " WHERE rating = ?", [rating]
        with closing(self._connect()) as connection:
            return int(connection.execute(query, params).fetchone()[0])


def _record(row: tuple) -> FeedbackRecord:
    id_, created_at, question, answer, rating, comment, citations, history = row
    return FeedbackRecord(
        id=id_,
        created_at=created_at,
        question=question,
        answer=answer,
        rating=rating,
        comment=comment,
        citations=json.loads(citations),
        history=json.loads(history),
    )
