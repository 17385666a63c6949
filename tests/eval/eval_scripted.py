"""Shared by the eval tests: a scripted backend with hand-made outcomes over two tiny documents."""

from __future__ import annotations

from typing import Any

from eval.dataset import DocumentTexts, EvalItem
from eval.scoring import Outcome

DOC_A = "Bến Tre. Toàn tỉnh có 1.017 trường hợp thực hiện kiêm nhiệm. Ông Lê Đức Thọ là Bí thư Tỉnh ủy."
DOC_B = "Tháp Mười. Mô hình đã thực hiện ở 11/13 xã. Còn 2 xã chưa thực hiện (xã Tân Kiều và xã Hưng Thạnh)."

QUESTIONS = [
    {"id": "n1", "question": "Bao nhiêu trường hợp?", "answerable": True, "answer": "1.017 trường hợp.", "must_include": ["1.017"],
     "evidence": [{"doc": "a.txt", "quote": "có 1.017 trường hợp"}], "tags": ["numeric"]},
    {"id": "p1", "question": "Bí thư là ai?", "answerable": True, "answer": "Ông Lê Đức Thọ.", "must_include": ["Lê Đức Thọ"],
     "evidence": [{"doc": "a.txt", "quote": "Lê Đức Thọ là Bí thư Tỉnh ủy"}], "tags": ["person"]},
    {"id": "f1", "question": "Còn xã nào chưa?", "answerable": True, "answer": "Tân Kiều và Hưng Thạnh.", "must_include": ["Tân Kiều", "Hưng Thạnh"],
     "evidence": [{"doc": "b.txt", "quote": "xã Tân Kiều và xã Hưng Thạnh"}], "tags": ["follow-up", "list"],
     "history": [{"role": "user", "content": "Tháp Mười làm ở bao nhiêu xã?"}, {"role": "assistant", "content": "11/13 xã."}]},
    {"id": "m1", "question": "Hai tỉnh?", "answerable": True, "answer": "1.017 và 11/13.", "must_include": ["1.017", "11/13"],
     "evidence": [{"doc": "a.txt", "quote": "1.017 trường hợp"}, {"doc": "b.txt", "quote": "ở 11/13 xã"}], "tags": ["multi-doc", "numeric"]},
    {"id": "u1", "question": "Ai là Bí thư Đồng Tháp?", "answerable": False, "answer": "Không có.", "tags": ["unanswerable"]},
    {"id": "u2", "question": "Kết luận 34 ban hành ngày nào?", "answerable": False, "answer": "Không có.", "tags": ["unanswerable"]},
]


def passage(doc_id: str, source: str, text: str, fragment: str, score: float = 1.0) -> dict[str, Any]:
    start = text.index(fragment)
    return {"doc_id": doc_id, "source": source, "title": doc_id, "published": None, "text": fragment, "start": start,
            "end": start + len(fragment), "score": score}


def citation(n: int, doc_id: str, source: str, text: str, quote: str, *, shift: int = 0) -> dict[str, Any]:
    start = text.index(quote) + shift
    return {"n": n, "doc_id": doc_id, "source": source, "title": doc_id, "published": None, "passage": quote, "quote": quote,
            "start": start, "end": start + len(quote), "score": 1.0}


def _pa(fragment: str) -> dict[str, Any]:
    return passage("a", "a.txt", DOC_A, fragment)


def _pb(fragment: str) -> dict[str, Any]:
    return passage("b", "b.txt", DOC_B, fragment)


def _ca(n: int, quote: str, shift: int = 0) -> dict[str, Any]:
    return citation(n, "a", "a.txt", DOC_A, quote, shift=shift)


def _cb(n: int, quote: str) -> dict[str, Any]:
    return citation(n, "b", "b.txt", DOC_B, quote)


NOISE_A, NOISE_B = _pa("Bến Tre."), _pb("Tháp Mười.")
S_A1 = "Toàn tỉnh có 1.017 trường hợp thực hiện kiêm nhiệm."
S_A2 = "Ông Lê Đức Thọ là Bí thư Tỉnh ủy."
S_B1 = "Mô hình đã thực hiện ở 11/13 xã."
S_B2 = "Còn 2 xã chưa thực hiện (xã Tân Kiều và xã Hưng Thạnh)."


def first_run_outcomes() -> dict[str, Outcome]:
    """Mostly right: n1 perfect, p1 evidence at rank 2, f1 right, m1 half cited, u1 refused, u2 answered."""
    return {
        "n1": Outcome("Toàn tỉnh có 1.017 trường hợp [1].", True, "extractive", [_ca(1, S_A1)], [_pa(S_A1), NOISE_A, NOISE_B, NOISE_A, NOISE_B], 40.0),
        "p1": Outcome("Ông Lê Đức Thọ [1].", True, "extractive", [_ca(1, S_A2)], [NOISE_A, _pa(S_A2), NOISE_B, NOISE_A, NOISE_B], 55.5),
        "f1": Outcome("Xã Tân Kiều và xã Hưng Thạnh [1].", True, "extractive", [_cb(1, S_B2)], [_pb(S_B2), NOISE_B, NOISE_A, NOISE_A, NOISE_B], 61.0),
        "m1": Outcome("1.017 trường hợp [1]; 11/13 xã [2].", True, "extractive", [_ca(1, S_A1), _ca(2, S_A2)],
                      [_pa(S_A1), NOISE_A, _pb(S_B1), NOISE_B, NOISE_A], 120.0),
        "u1": Outcome("Tài liệu không có thông tin này.", False, "extractive", [], [NOISE_A, NOISE_B, NOISE_A, NOISE_B, NOISE_A], 30.0),
        "u2": Outcome("Ngày 1/1 [1].", True, "extractive", [_ca(1, S_A2)], [NOISE_A, NOISE_B, NOISE_A, NOISE_B, NOISE_A], 33.0),
    }


def second_run_outcomes() -> dict[str, Outcome]:
    """A regression on n1 (refused), a non-verbatim quote on p1, u2 now refused."""
    outcomes = first_run_outcomes()
    outcomes["n1"] = Outcome("Tài liệu không có thông tin này.", False, "extractive", [], [NOISE_A, NOISE_B, NOISE_A, NOISE_B, NOISE_A], 35.0)
    outcomes["p1"] = Outcome("Ông Lê Đức Thọ [1].", True, "extractive", [_ca(1, S_A2, shift=1)], [_pa(S_A2), NOISE_A, NOISE_B, NOISE_A, NOISE_B], 50.0)
    outcomes["u2"] = Outcome("Tài liệu không có thông tin này.", False, "extractive", [], [NOISE_A] * 5, 31.0)
    return outcomes


class ScriptedBackend:
    name = "scripted"

    def __init__(self, outcomes: dict[str, Outcome]) -> None:
        self.outcomes = outcomes
        self.asked: list[str] = []

    def ask(self, item: EvalItem) -> Outcome:
        self.asked.append(item.id)
        return self.outcomes[item.id]

    def document_texts(self) -> DocumentTexts:
        texts = DocumentTexts()
        texts.add("a", "a.txt", DOC_A)
        texts.add("b", "b.txt", DOC_B)
        return texts

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name}

    def close(self) -> None:
        pass
