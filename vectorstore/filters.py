"""Metadata filters (`SearchFilters`) as a Chroma `where` clause and as a document predicate.

Chroma metadata cannot hold lists, so each passage carries its document's references twice: as
one delimited string ("|18-NQ/TW|34-KL/TW|", for display and rebuilds) and as one boolean key per
reference ("ref:18-NQ/TW": True), which is what the `where` clause tests.
"""

from __future__ import annotations

from typing import Any

from ingest.normalize import nfc
from vectorstore.results import DocumentInfo, SearchFilters

REF_PREFIX = "ref:"
NO_DATE = -1


def canonical_reference(ref: str) -> str:
    return nfc(ref).strip().upper()


def reference_key(ref: str) -> str:
    return REF_PREFIX + canonical_reference(ref)


def join_references(refs: tuple[str, ...] | list[str]) -> str:
    return "|" + "|".join(refs) + "|" if refs else ""


def split_references(joined: str) -> tuple[str, ...]:
    return tuple(r for r in (joined or "").split("|") if r)


def date_ordinal(iso: str | None) -> int:
    """"2021-09-24" → 20210924; unknown → -1 (never matches a date range)."""
    if not iso:
        return NO_DATE
    try:
        return int(iso[:10].replace("-", ""))
    except ValueError:
        return NO_DATE


def chroma_where(filters: SearchFilters | None) -> dict[str, Any] | None:
    """The Chroma `where` clause for passages, or None when nothing filters."""
    if filters is None or filters.is_empty():
        return None
    clauses: list[dict[str, Any]] = []
    if filters.sources:
        clauses.append({"source": {"$in": list(filters.sources)}})
    if filters.published_from:
        clauses.append({"published_ord": {"$gte": date_ordinal(filters.published_from)}})
    if filters.published_to:
        clauses.append({"published_ord": {"$lte": date_ordinal(filters.published_to)}})
        clauses.append({"published_ord": {"$gte": 0}})
    if filters.references:
        refs = [{reference_key(r): True} for r in filters.references]
        clauses.append(refs[0] if len(refs) == 1 else {"$or": refs})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def document_matches(info: DocumentInfo, filters: SearchFilters | None) -> bool:
    """The same filter, evaluated on a document's metadata (for the lexical side)."""
    if filters is None or filters.is_empty():
        return True
    if filters.sources and info.source not in filters.sources:
        return False
    published = date_ordinal(info.published)
    if filters.published_from and published < date_ordinal(filters.published_from):
        return False
    if filters.published_to and not (0 <= published <= date_ordinal(filters.published_to)):
        return False
    if filters.references:
        wanted = {canonical_reference(r) for r in filters.references}
        if not wanted & {canonical_reference(r) for r in info.references}:
            return False
    return True
