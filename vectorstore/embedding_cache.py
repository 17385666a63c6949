"""A content-hash embedding cache on disk (SQLite), shared by every store that uses the same model.

The key is sha256(model_id, kind, text): the same passage embedded by the same model is never
embedded twice, whether it is re-indexed, indexed into a second store or into a Chroma server.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

_CHUNK = 500  # SQLite's default variable limit is generous, but stay well below it


def cache_key(model_id: str, kind: str, text: str) -> bytes:
    digest = hashlib.sha256()
    for part in (model_id, kind, text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.digest()


def connect_wal(path: Path, schema: str) -> sqlite3.Connection:
    """A SQLite file shared by threads and processes (WAL), its folder and `schema` created if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(schema)
    conn.commit()
    return conn


class EmbeddingCache:
    """Vectors by content hash. Safe for several processes (SQLite WAL) and threads (one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect_wal(self.path, "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, vec BLOB NOT NULL)")
        return self._conn

    def get_many(self, keys: Sequence[bytes], dim: int) -> dict[bytes, np.ndarray]:
        """The cached vectors among `keys` (missing keys are absent from the result)."""
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            conn = self._connection()
            for i in range(0, len(keys), _CHUNK):
                chunk = list(keys[i : i + _CHUNK])
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", chunk).fetchall()
                for key, row_dim, blob in rows:
                    if row_dim == dim:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        if not items:
            return
        rows = [(key, int(vec.shape[0]), np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items]
        with self._lock:
            conn = self._connection()
            with conn:
                conn.executemany("INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        with self._lock:
            return int(self._connection().execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
