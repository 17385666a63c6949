"""Pure HTML/Markdown helpers of the chat page (no Streamlit here, so they are easy to test)."""

from __future__ import annotations

import html
import re
from typing import Any

MAX_HISTORY_MESSAGES = 20  # the API's MAX_HISTORY_TURNS
MAX_TURN_CHARS = 4000  # the API's limit on one history turn
_MARKER = re.compile(r"\[(\d{1,2})\]")

CSS = """
<style>
.tg-answer { font-size: 1.02rem; line-height: 1.55; }
.tg-marker { color: #0b5cad; font-weight: 600; font-size: 0.85em; vertical-align: super; }
.tg-passage { font-size: 0.95rem; line-height: 1.5; }
.tg-passage mark { background: #ffe58a; padding: 0 2px; border-radius: 3px; }
.tg-meta { color: #555; font-size: 0.85rem; margin-bottom: 0.4rem; }
.tg-notfound { border-left: 4px solid #c77700; background: #fff6e5; padding: 0.5rem 0.75rem;
               border-radius: 4px; margin-bottom: 0.5rem; }
@media (max-width: 640px) { .tg-answer { font-size: 1rem; } .block-container { padding: 1rem 0.6rem 4rem; } }
</style>
"""

NOT_FOUND_BANNER = "Không tìm thấy trong tài liệu"


def format_date(iso: str | None) -> str:
    """'2021-09-24' -> '24/09/2021' (Vietnamese order); anything else unchanged."""
    if iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        year, month, day = iso.split("-")
        return f"{day}/{month}/{year}"
    return iso or ""


# Characters Markdown gives a meaning to; in HTML handed to `st.markdown` they are written as
# character references, so a document's "[text](url)", "![](…)" or "**…**" stays text.
_MARKDOWN_CHARS = "\\`*_{}[]()#+-.!|~>:"
_INERT = str.maketrans({ch: f"&#{ord(ch)};" for ch in _MARKDOWN_CHARS})


def inert(text: str) -> str:
    """Text made safe for `st.markdown(..., unsafe_allow_html=True)`: HTML escaped, Markdown
    characters written as character references, line breaks as <br> (no blank line can open a
    Markdown block)."""
    return html.escape(text).translate(_INERT).replace("\r", "").replace("\n", "<br>")


def escape_label(text: str) -> str:
    """Text for a widget label (Streamlit renders labels as Markdown): Markdown characters escaped."""
    return "".join(f"\\{ch}" if ch in _MARKDOWN_CHARS else ch for ch in text.replace("\n", " "))


# How the answerer opens a line: "- " for an item, "**side**: " for a compared side, "**fact** — "
# for the short answer. Only these, written by the answerer itself, are shown in bold.
_LINE = re.compile(r"^(?P<item>- )?(?:\*\*(?P<label>[^*\n]{1,80})\*\*: )?(?:\*\*(?P<fact>[^*\n]{1,80})\*\*(?P<dash> — |$))?(?P<rest>.*)$")
_INERT_MARKER = re.compile(r"&#91;(\d{1,2})&#93;")


def answer_html(answer: str) -> str:
    """The answer as inert text, with its [n] markers styled and the answerer's own short fact and
    side labels in bold."""
    lines = []
    for line in answer.split("\n"):
        m = _LINE.match(line)
        assert m is not None  # the pattern matches any line
        parts = [inert(m["item"] or "")]
        if m["label"]:
            parts.append(f"<b>{inert(m['label'])}</b>: ")
        if m["fact"]:
            parts.append(f"<b>{inert(m['fact'])}</b>{m['dash'] or ''}")
        parts.append(inert(m["rest"]))
        lines.append("".join(parts))
    marked = _INERT_MARKER.sub(r'<span class="tg-marker">[\1]</span>', "<br>".join(lines))
    return f'<div class="tg-answer">{marked}</div>'


def not_found_html(answer: str) -> str:
    return f'<div class="tg-notfound">📭 <b>{NOT_FOUND_BANNER}</b><br>{inert(answer)}</div>'


def highlight(passage: str, quote: str) -> str:
    """The passage, escaped, with the quoted sentence wrapped in <mark> (quote appended if absent)."""
    at = passage.find(quote) if quote else -1
    if at < 0:
        body = inert(passage)
        return body + (f"<br><mark>{inert(quote)}</mark>" if quote else "")
    before, after = passage[:at], passage[at + len(quote):]
    return f"{inert(before)}<mark>{inert(quote)}</mark>{inert(after)}"


def citation_meta(citation: dict[str, Any]) -> str:
    """'Title · Section › Subsection · 24/09/2021 · file.txt'."""
    parts = [
        citation.get("title") or "",
        citation.get("section") or "",
        format_date(citation.get("published")),
        citation.get("source") or "",
    ]
    return " · ".join(part for part in parts if part)


def marker_label(citation: dict[str, Any], width: int = 28) -> str:
    """The short label of a citation's button: '[1] Bến Tre sơ kết việc thực…'."""
    title = citation.get("title") or citation.get("source") or ""
    short = title if len(title) <= width else title[: width - 1].rstrip() + "…"
    return f"\\[{citation['n']}\\] {escape_label(short)}".strip()


def citation_card(citation: dict[str, Any]) -> str:
    """Title/date/source, then the passage with the quoted sentence highlighted."""
    meta = inert(citation_meta(citation))
    body = highlight(citation.get("passage") or "", citation.get("quote") or "")
    return f'<div class="tg-meta">[{citation["n"]}] {meta}</div><div class="tg-passage">{body}</div>'


def history_payload(messages: list[dict[str, Any]], limit: int = MAX_HISTORY_MESSAGES) -> list[dict[str, str]]:
    """The conversation so far as the API's `history` (last `limit` turns, failed turns left out)."""
    turns = [
        {"role": m["role"], "content": m["content"][:MAX_TURN_CHARS]}
        for m in messages
        if m.get("role") in ("user", "assistant") and m.get("content") and not m.get("error")
    ]
    return turns[-limit:]
