"""The evaluation dataset: one JSON object per line, validated field by field.

```
{"id": str, "question": str, "history": [{"role": "user"|"assistant", "content": str}],
 "answerable": bool, "answer": str (reference), "must_include": [str],
 "evidence": [{"doc": <source file name>, "quote": <verbatim text>}], "tags": [str]}
```

`load_dataset` checks the shape of every line and raises one `DatasetError` that names each bad
line and field. `check_evidence` then checks every evidence quote against the cleaned text of its
document (the evidence rule's normalisation: NFC, straight quotes, whitespace folded): a quote that
is not in its document is an error, never a silent miss.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import DatasetError
from eval.evidence import fold_for_evidence

ROLES = ("user", "assistant")


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    doc: str  # source file name of the document, e.g. "000_531368dfa6dfa9a9.txt"
    quote: str  # verbatim text of that document


@dataclass(frozen=True, slots=True)
class EvalItem:
    """One gold question."""

    id: str
    question: str
    answerable: bool
    answer: str = ""
    must_include: tuple[str, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    tags: tuple[str, ...] = ()
    history: tuple[dict[str, str], ...] = ()
    line: int = 0  # 1-based line number in the dataset file

    @property
    def evidence_docs(self) -> frozenset[str]:
        return frozenset(item.doc for item in self.evidence)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "history": [dict(turn) for turn in self.history],
            "answerable": self.answerable,
            "answer": self.answer,
            "must_include": list(self.must_include),
            "evidence": [{"doc": e.doc, "quote": e.quote} for e in self.evidence],
            "tags": list(self.tags),
        }


class _LineErrors:
    """Collects `line N, field F: problem` messages for one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.messages: list[str] = []

    def add(self, line: int, where: str, problem: str) -> None:
        self.messages.append(f"{self.path}:{line}: field '{where}': {problem}")

    def raise_if_any(self) -> None:
        if self.messages:
            head = f"{len(self.messages)} error(s) in dataset {self.path}:\n"
            raise DatasetError(head + "\n".join(self.messages))


def _string(value: Any, line: int, where: str, errors: _LineErrors, *, non_empty: bool = True) -> str | None:
    if not isinstance(value, str):
        errors.add(line, where, f"expected a string, got {type(value).__name__}")
        return None
    if non_empty and not value.strip():
        errors.add(line, where, "must not be empty")
        return None
    return value


def _string_list(value: Any, line: int, where: str, errors: _LineErrors) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        errors.add(line, where, f"expected a list of strings, got {type(value).__name__}")
        return None
    items = [_string(v, line, f"{where}[{i}]", errors) for i, v in enumerate(value)]
    return None if any(v is None for v in items) else tuple(items)  # type: ignore[arg-type]


def _history(value: Any, line: int, errors: _LineErrors) -> tuple[dict[str, str], ...] | None:
    if not isinstance(value, list):
        errors.add(line, "history", f"expected a list of turns, got {type(value).__name__}")
        return None
    turns: list[dict[str, str]] = []
    for i, turn in enumerate(value):
        where = f"history[{i}]"
        if not isinstance(turn, dict):
            errors.add(line, where, "expected an object {role, content}")
            continue
        extra = set(turn) - {"role", "content"}
        if extra:
            errors.add(line, where, f"unknown key(s) {sorted(extra)}")
        role = turn.get("role")
        if role not in ROLES:
            errors.add(line, f"{where}.role", f"must be 'user' or 'assistant', got {role!r}")
            continue
        content = _string(turn.get("content"), line, f"{where}.content", errors)
        if content is not None:
            turns.append({"role": role, "content": content})
    return tuple(turns) if len(turns) == len(value) else None


def _evidence(value: Any, line: int, errors: _LineErrors) -> tuple[EvidenceItem, ...] | None:
    if not isinstance(value, list):
        errors.add(line, "evidence", f"expected a list of {{doc, quote}}, got {type(value).__name__}")
        return None
    items: list[EvidenceItem] = []
    for i, item in enumerate(value):
        where = f"evidence[{i}]"
        if not isinstance(item, dict):
            errors.add(line, where, "expected an object {doc, quote}")
            continue
        extra = set(item) - {"doc", "quote"}
        if extra:
            errors.add(line, where, f"unknown key(s) {sorted(extra)}")
        doc = _string(item.get("doc"), line, f"{where}.doc", errors)
        quote = _string(item.get("quote"), line, f"{where}.quote", errors)
        if doc is not None and quote is not None:
            items.append(EvidenceItem(doc=doc, quote=quote))
    return tuple(items) if len(items) == len(value) else None


REQUIRED = ("id", "question", "answerable")
# "feedback" (provenance of a case drafted by `tinhgon eval export-feedback`) is kept and ignored.
KNOWN = {"id", "question", "history", "answerable", "answer", "must_include", "evidence", "tags", "feedback"}


def parse_item(record: Any, line: int, errors: _LineErrors) -> EvalItem | None:
    """Validate one decoded line; record every problem in `errors`, return None when any."""
    if not isinstance(record, dict):
        errors.add(line, "<line>", f"expected a JSON object, got {type(record).__name__}")
        return None
    before = len(errors.messages)
    for name in REQUIRED:
        if name not in record:
            errors.add(line, name, "missing")
    for name in sorted(set(record) - KNOWN):
        errors.add(line, name, f"unknown field (known: {', '.join(sorted(KNOWN))})")
    if len(errors.messages) > before:
        return None
    item_id = _string(record["id"], line, "id", errors)
    question = _string(record["question"], line, "question", errors)
    answerable = record["answerable"]
    if not isinstance(answerable, bool):
        errors.add(line, "answerable", f"expected true or false, got {answerable!r}")
    answer = _string(record.get("answer", ""), line, "answer", errors, non_empty=False)
    must_include = _string_list(record.get("must_include", []), line, "must_include", errors)
    tags = _string_list(record.get("tags", []), line, "tags", errors)
    history = _history(record.get("history", []), line, errors)
    evidence = _evidence(record.get("evidence", []), line, errors)
    if isinstance(answerable, bool) and evidence is not None:
        if answerable and not evidence:
            errors.add(line, "evidence", "an answerable question needs at least one evidence item")
        if not answerable and evidence:
            errors.add(line, "evidence", "an unanswerable question cannot have evidence")
        if not answerable and must_include:
            errors.add(line, "must_include", "an unanswerable question cannot have must_include strings")
    if len(errors.messages) > before:
        return None
    return EvalItem(
        id=item_id,  # type: ignore[arg-type]
        question=question,  # type: ignore[arg-type]
        answerable=answerable,
        answer=answer or "",
        must_include=must_include or (),
        evidence=evidence or (),
        tags=tags or (),
        history=history or (),
        line=line,
    )


def load_dataset(path: Path) -> list[EvalItem]:
    """Read and validate a dataset file; one `DatasetError` lists every bad line and field."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such dataset file") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    errors = _LineErrors(path)
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.add(number, "<line>", f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        item = parse_item(record, number, errors)
        if item is None:
            continue
        if item.id in seen:
            errors.add(number, "id", f"duplicate id {item.id!r} (first on line {seen[item.id]})")
            continue
        seen[item.id] = number
        items.append(item)
    errors.raise_if_any()
    if not items:
        raise DatasetError(f"{path}: the dataset has no questions")
    return items


def check_evidence(items: Iterable[EvalItem], texts_for_source: Callable[[str], list[str]], path: Path | str = "dataset") -> None:
    """Every evidence quote must occur (after the evidence rule's normalisation) in its document.

    `texts_for_source(source)` returns the cleaned text(s) of the indexed document(s) whose source
    file name is `source`. Raises one `DatasetError` naming each line and evidence item that fails.
    """
    errors = _LineErrors(Path(path))
    folded_cache: dict[str, list[str]] = {}
    for item in items:
        for i, evidence in enumerate(item.evidence):
            if evidence.doc not in folded_cache:
                folded_cache[evidence.doc] = [fold_for_evidence(t) for t in texts_for_source(evidence.doc)]
            texts = folded_cache[evidence.doc]
            if not texts:
                errors.add(item.line, f"evidence[{i}].doc", f"no indexed document has source {evidence.doc!r} (question {item.id})")
                continue
            quote = fold_for_evidence(evidence.quote)
            if not any(quote in text for text in texts):
                errors.add(
                    item.line,
                    f"evidence[{i}].quote",
                    f"not found in the cleaned text of {evidence.doc} (question {item.id}): {evidence.quote[:80]!r}",
                )
    errors.raise_if_any()


@dataclass
class DocumentTexts:
    """Cleaned document texts, by doc_id and by source file name (what metrics check against)."""

    by_id: dict[str, str] = field(default_factory=dict)
    source_of: dict[str, str] = field(default_factory=dict)  # doc_id -> source

    def add(self, doc_id: str, source: str, text: str) -> None:
        self.by_id[doc_id] = text
        self.source_of[doc_id] = source

    def texts_for_source(self, source: str) -> list[str]:
        return [self.by_id[d] for d, s in self.source_of.items() if s == source]

    def text(self, doc_id: str) -> str | None:
        return self.by_id.get(doc_id)
