"""Twins of a question: the same question written with the abbreviations officials use."""

from __future__ import annotations

from vectorstore.abbreviations import ABBREVIATIONS


def abbreviated(text: str) -> str:
    """The question with every spelled-out form written as its abbreviation (first form only)."""
    for abbr in ABBREVIATIONS:
        form = abbr.long_forms[0]
        for variant in (form, form[:1].upper() + form[1:]):
            text = text.replace(variant, abbr.short)
    return text
