"""Citation checks: quotes are verbatim document text, and LLM claims are supported by their passage.

`verified_citations` re-reads every quote from the document text (`document.text[start:end]`)
and drops any citation that does not match, removing its marker from the answer.
`check_generated` takes an LLM answer over numbered passages: markers must exist, and each
sentence carrying a marker must share enough accent-folded content words with that passage;
unsupported claims are dropped, invented markers ([9] of 5) removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant import textkeys as tk
from assistant.schemas import Citation
from ingest.models import Document

MARKER = re.compile(r"\s?\[(\d{1,3})\]")
MIN_CLAIM_SUPPORT = 0.6  # share of a claim's content keys found in its cited passage
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ\-•*\d])|\n+")


def verified_citations(
    answer: str, citations: Sequence[Citation], get_document: Callable[[str], Document | None]
) -> tuple[str, list[Citation]]:
    """Keep the citations whose quote is exactly their document's text; renumber markers 1..n."""
    docs: dict[str, Document | None] = {}
    kept: list[Citation] = []
    mapping: dict[int, int] = {}
    for citation in citations:
        if citation.doc_id not in docs:
            docs[citation.doc_id] = get_document(citation.doc_id)
        doc = docs[citation.doc_id]
        if doc is None or doc.text[citation.start : citation.end] != citation.quote or not citation.quote:
            continue
        mapping[citation.n] = len(kept) + 1
        kept.append(citation.model_copy(update={"n": len(kept) + 1}))
    return renumber(answer, mapping), kept


def renumber(answer: str, mapping: dict[int, int]) -> str:
    """Rewrite markers [old] as [new]; markers missing from `mapping` are removed."""

    def repl(match: re.Match[str]) -> str:
        new = mapping.get(int(match.group(1)))
        return f" [{new}]" if new is not None else ""

    return MARKER.sub(repl, answer).strip()


def claim_keys(text: str) -> set[str]:
    keys = tk.content_keys(tk.tokenize(MARKER.sub(" ", text)))
    return {k for k in keys if k not in tk.QUESTION_WORDS}


def support_ratio(claim: str, passage_keys: set[str]) -> float:
    keys = claim_keys(claim)
    if not keys:
        return 1.0
    return len(keys & passage_keys) / len(keys)


def split_claims(text: str) -> list[str]:
    """Sentences (or list lines) of a generated answer, markers kept with their sentence."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p]


@dataclass(slots=True)
class CheckedAnswer:
    """An LLM answer after checking: markers refer to `used` passages (1-based order of first use)."""

    answer: str
    used: list[int] = field(default_factory=list)  # passage numbers (1-based, as in the prompt)
    claims: dict[int, list[str]] = field(default_factory=dict)  # passage number -> claims citing it
    dropped: list[str] = field(default_factory=list)
    removed_markers: list[int] = field(default_factory=list)


def check_generated(text: str, passages: Sequence[str], threshold: float = MIN_CLAIM_SUPPORT) -> CheckedAnswer:
    """Check every [n] of an LLM answer over `passages` (numbered from 1)."""
    passage_keys = [claim_keys(p) for p in passages]
    kept: list[str] = []
    used: list[int] = []
    claims: dict[int, list[str]] = {}
    dropped: list[str] = []
    removed: list[int] = []
    for claim in split_claims(text):
        markers = [int(m) for m in MARKER.findall(claim)]
        valid = [n for n in markers if 1 <= n <= len(passages)]
        removed.extend(n for n in markers if n not in valid)
        supported = [n for n in dict.fromkeys(valid) if support_ratio(claim, passage_keys[n - 1]) >= threshold]
        body = MARKER.sub("", claim).strip()
        if not claim_keys(body):
            continue  # a bare marker or punctuation
        if not supported:
            dropped.append(body)
            continue
        for n in supported:
            if n not in used:
                used.append(n)
            claims.setdefault(n, []).append(body)
        end = ""
        if body and body[-1] in ".!?…:":
            body, end = body[:-1], body[-1]
        marks = "".join(f" [{used.index(n) + 1}]" for n in supported)
        kept.append(f"{body}{marks}{end}")
    return CheckedAnswer(answer=" ".join(kept), used=used, claims=claims, dropped=dropped, removed_markers=removed)
