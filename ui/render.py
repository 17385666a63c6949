"""Pure HTML/Markdown helpers of the chat page (no Streamlit here, so they are easy to test)."""

from __future__ import annotations

import html
import re
import unicodedata
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
a.tg-marker { text-decoration: none; cursor: pointer; padding: 0 1px; }
a.tg-marker:hover { text-decoration: underline; }
.tg-short { border-left: 4px solid #0b5cad; background: #eef5fc; padding: 0.45rem 0.75rem; border-radius: 4px;
            font-size: 1.15rem; font-weight: 600; margin-bottom: 0.5rem; overflow-wrap: anywhere; }
.tg-short small { display: block; font-size: 0.75rem; font-weight: 400; color: #41617f; }
.tg-cite { border: 1px solid #d8dee6; border-radius: 6px; padding: 0.4rem 0.6rem; margin: 0.25rem 0;
           scroll-margin-top: 4rem; overflow-wrap: anywhere; }
.tg-cite-head { font-weight: 600; color: #0b3d75; text-decoration: none; display: block; white-space: normal; }
.tg-cite-body { display: none; margin-top: 0.4rem; }
.tg-cite:target { border-color: #0b5cad; box-shadow: 0 0 0 2px #b9d5f3; }
.tg-cite:target .tg-cite-body { display: block; }
.tg-filters { font-size: 0.85rem; color: #0b3d75; background: #eef5fc; border-radius: 4px; padding: 0.3rem 0.6rem;
              margin-bottom: 0.6rem; overflow-wrap: anywhere; }
.tg-document { font-size: 0.95rem; line-height: 1.6; max-height: 65vh; overflow-y: auto; padding-right: 0.5rem;
               overflow-wrap: anywhere; }
.tg-document mark, .tg-hit mark { background: #ffe58a; padding: 0 2px; border-radius: 3px; }
.tg-hit { font-size: 0.95rem; line-height: 1.5; overflow-wrap: anywhere; }
.tg-doc-title { font-weight: 600; overflow-wrap: anywhere; }
@media (max-width: 640px) {
  .tg-answer { font-size: 1rem; }
  .block-container { padding: 1rem 0.6rem 4rem; }
  .tg-short { font-size: 1.05rem; }
  .tg-document { max-height: 55vh; }
}
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


def citation_anchor(message_index: int, n: int) -> str:
    """The HTML id of citation `n` of the message at `message_index` (what its marker links to)."""
    return f"tg-c-{message_index}-{n}"


def answer_html(answer: str, message_index: int | None = None) -> str:
    """The answer as inert text, with its [n] markers styled and the answerer's own short fact and
    side labels in bold. With `message_index`, each marker links to its citation card (in-page
    anchor: the card opens by CSS `:target`, no script)."""
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
    if message_index is None:
        marked = _INERT_MARKER.sub(r'<span class="tg-marker">[\1]</span>', "<br>".join(lines))
    else:
        marked = _INERT_MARKER.sub(
            lambda m: f'<a class="tg-marker" href="#{citation_anchor(message_index, int(m[1]))}">[{m[1]}]</a>',
            "<br>".join(lines),
        )
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


def short_answer_html(short_answer: str) -> str:
    """The asked fact, shown first and large (inert text)."""
    return f'<div class="tg-short"><small>Trả lời ngắn</small>{inert(short_answer)}</div>'


def citation_details(citation: dict[str, Any]) -> str:
    """'24/09/2021 · Section › Subsection' (the title is shown on its own line; file names, which
    are often machine-made, are left to the library page)."""
    parts = [format_date(citation.get("published")), citation.get("section") or ""]
    return " · ".join(part for part in parts if part)


def citation_block(citation: dict[str, Any], message_index: int) -> str:
    """A citation card: its full title (wrapped) and details always shown; the passage with the
    quote highlighted opens when its marker or title is clicked (CSS `:target`)."""
    anchor = citation_anchor(message_index, int(citation["n"]))
    title = citation.get("title") or citation.get("source") or ""
    body = highlight(citation.get("passage") or "", citation.get("quote") or "")
    return (
        f'<div class="tg-cite" id="{anchor}">'
        f'<a class="tg-cite-head" href="#{anchor}">[{int(citation["n"])}] {inert(title)}</a>'
        f'<div class="tg-meta">{inert(citation_details(citation))}</div>'
        f'<div class="tg-cite-body tg-passage">{body}</div></div>'
    )


QUOTE_ID = "tg-quote"


def document_html(text: str, start: int, end: int) -> str:
    """The whole document, inert, with text[start:end] in a <mark id="tg-quote"> (nothing marked
    when the offsets do not fit the text)."""
    if not 0 <= start < end <= len(text):
        return f'<div class="tg-document">{inert(text)}</div>'
    return (
        f'<div class="tg-document">{inert(text[:start])}<mark id="{QUOTE_ID}">{inert(text[start:end])}</mark>'
        f"{inert(text[end:])}</div>"
    )


def fold(text: str) -> str:
    """Lower case without diacritics (đ -> d): 'Bí thư' and 'bi thu' compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORD = re.compile(r"\w+")
# Words too common to be worth highlighting (accent-folded).
_COMMON = frozenset("va cua la cac nhung co the nao gi duoc cho voi trong o mot khong nhu ve tu den".split())


def query_terms(query: str) -> set[str]:
    """The accent-folded words of a query worth highlighting."""
    return {w for w in (fold(m) for m in _WORD.findall(query)) if len(w) > 1 and w not in _COMMON}


def highlight_terms(text: str, query: str) -> str:
    """The text, inert, with each word of the query (accents ignored) wrapped in <mark>."""
    terms = query_terms(query)
    out, at = [], 0
    for match in _WORD.finditer(text):
        if fold(match.group()) in terms:
            out.append(inert(text[at:match.start()]))
            out.append(f"<mark>{inert(match.group())}</mark>")
            at = match.end()
    out.append(inert(text[at:]))
    return "".join(out)
