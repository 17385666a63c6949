"""Markdown and crawled-page syntax to plain lines, before boilerplate cleaning.

Crawled documents arrive as Markdown: headings, bold and italics, escaped characters, links and
images, tables, wiki edit links ("[sửa | sửa mã nguồn]") and footnote markers ("[12]"), pandoc
hard wraps, and a crawler footer with the original URL and posting time. None of that syntax is
text a reader should see inside a quote, so each line is reduced to its words here:

- a heading keeps its words and its level (section paths are built from the levels);
- emphasis marks, escapes, footnote markers and edit links go; a link keeps its text, an image goes;
- a table row becomes one line: "header: cell; header: cell" under a header row, else its cells
  joined ("Trụ sở UBND: Số 02 Hùng Vương");
- a wiki reference section ("Tham khảo", "Chú thích" …) is dropped with everything under it;
- a URL is removed from the text and the last one of the page's final lines becomes `url`;
- lines a hard-wrapping converter broke inside a sentence are joined again.

Plain text passes through unchanged (the sample articles have no Markdown), so this runs for
every text file. The rules are tables of syntax, not of any one site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.normalize import folded_key

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_EDIT_LINK = re.compile(r"\[\s*sửa(?:\s*\|\s*sửa mã nguồn)?\s*\]", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\[(?:\d{1,3}|[a-z]|cần dẫn nguồn|chú thích|ghi chú \d+)\]", re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^)\n]*)\)")
_URL = re.compile(r"<?https?://[^\s<>*|)\]]+>?")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS_STAR = re.compile(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<!\w)_(?=\S)|(?<=\S)_(?!\w)")
_CARET = re.compile(r"(?<!\w)\^(?!\w)")
_BULLET_STAR = re.compile(r"^(\s*)[*+]\s+")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
# Headings of the sections that list sources, not content (accent-folded).
_REFERENCE_SECTIONS = frozenset(
    {
        "tham khao", "chu thich", "ghi chu", "lien ket ngoai", "doc them", "nguon", "tai lieu tham khao", "xem them",
        "van ban lien quan", "tin lien quan", "bai viet lien quan", "hinh anh", "thu vien anh",
    }
)
_TRAILING_PIPES = re.compile(r"(?:\s*\|)+\s*$")
# "Số hiệu:" on one line and its value on the next (a form laid out in table cells).
_LABEL = re.compile(r"^[^:|]{2,40}:$")
_MAX_VALUE_CHARS = 100
_FOOTER_LINES = 6  # a crawler footer sits in the page's last few lines
_SENTENCE_END = ".!?…:;"
_WRAP_MIN_SHARE = 0.3  # share of a text's line breaks falling inside a sentence for it to count as hard-wrapped
_WRAP_MIN_LINE = 40  # only breaks after lines this long are counted (wrapped lines are long)
_WRAP_MIN_BREAKS = 8


@dataclass(slots=True)
class MarkdownText:
    """The plain lines of a document and what its syntax said about it."""

    lines: list[str]
    levels: list[int]  # heading level of each line, 0 for body text
    url: str | None = None  # the original address found in the page's footer
    title: str | None = None  # the first level-1 heading, when the document has one
    notes: dict[str, str] = field(default_factory=dict)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def _is_table_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _row_text(cells: list[str], header: list[str] | None) -> str:
    if header and len(header) == len(cells) and sum(1 for h in header if h) >= 2:
        pairs = [f"{h}: {c}" if h and h != c else c for h, c in zip(header, cells) if c]
        return "; ".join(pairs)
    kept = [c for c in cells if c]
    if len(kept) == 2:
        return f"{kept[0]}: {kept[1]}"
    return "; ".join(kept)


def inline_text(line: str) -> str:
    """A line without inline Markdown: emphasis, escapes, links, images, footnotes, edit links.

    A line without any of them is returned as it was (spacing included).
    """
    original = line
    line = _EDIT_LINK.sub("", line)
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _FOOTNOTE.sub("", line)
    line = _URL.sub("", line)
    line = _BULLET_STAR.sub(r"\1- ", line)
    escaped: list[str] = []
    line = _ESCAPE.sub(lambda m: escaped.append(m.group(1)) or f"\x00{len(escaped) - 1}\x00", line)
    line = _STRONG.sub("", line)
    line = _EMPHASIS_STAR.sub("", line)
    line = _EMPHASIS_UNDERSCORE.sub("", line)
    line = _CARET.sub("", line)
    line = re.sub(r"\x00(\d+)\x00", lambda m: escaped[int(m.group(1))], line)
    return line if line == original else _SPACES.sub(" ", line).strip()


def _footer_url(raw_lines: list[str]) -> str | None:
    for line in reversed(raw_lines[-_FOOTER_LINES:]):
        found = _URL.findall(line)
        if found:
            return found[-1].strip("<>")
    return None


def _continues(line: str) -> bool:
    """A line that can only be the rest of the sentence above: it opens in lower case, with a
    number that is not a list marker ("125/2025/NĐ-CP của …"), or with a bracket."""
    first = line[:1]
    if first.islower() or first == "(":
        return not re.match(r"^[a-zđ][).]\s", line)
    return first.isdigit() and not re.match(r"^\d+[.)]\s", line)


def _hard_wrapped(lines: list[str]) -> bool:
    """Whether a converter wrapped this text at a fixed width: many breaks of long lines fall inside a sentence."""
    breaks = inside = 0
    for current, following in zip(lines, lines[1:]):
        if len(current.strip()) < _WRAP_MIN_LINE or not following.strip(" |"):
            continue
        breaks += 1
        if not current.rstrip().endswith(tuple(_SENTENCE_END)) and _continues(following.strip()):
            inside += 1
    return breaks >= _WRAP_MIN_BREAKS and inside >= _WRAP_MIN_SHARE * breaks


def _unwrap(lines: list[str], levels: list[int]) -> tuple[list[str], list[int]]:
    """Join a line to the previous one when the break fell inside a sentence."""
    out_lines: list[str] = []
    out_levels: list[int] = []
    for line, level in zip(lines, levels):
        previous = out_lines[-1] if out_lines else ""
        joins = (
            previous.strip(" |")
            and line.strip()
            and level == 0
            and out_levels[-1] == 0
            and not previous.rstrip().endswith(tuple(_SENTENCE_END))
            and _continues(line.strip())
        )
        if joins:
            out_lines[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            out_lines.append(line)
            out_levels.append(level)
    return out_lines, out_levels


def markdown_to_lines(text: str) -> MarkdownText:
    """Plain lines (with heading levels) from a Markdown or plain-text document."""
    raw_lines = re.split(r"\r\n|\r|\n", text)
    url = _footer_url(raw_lines)
    lines: list[str] = []
    levels: list[int] = []
    title: str | None = None
    skip_below: int | None = None  # inside a reference section of this heading level
    header: list[str] | None = None
    for number, raw in enumerate(raw_lines):
        raw = _EDIT_LINK.sub("", raw)
        heading = _HEADING.match(raw)
        if heading:
            level, words = len(heading.group(1)), inline_text(heading.group(2))
            if skip_below is not None and level > skip_below:
                continue
            skip_below = level if folded_key(words).strip(" :") in _REFERENCE_SECTIONS else None
            if skip_below is not None or not words:
                continue
            title = title or (words if level == 1 and not lines else None)
            lines.append(words)
            levels.append(level)
            header = None
            continue
        if skip_below is not None:
            continue
        if _TABLE_SEPARATOR.match(raw) and "-" in raw:
            continue
        if _is_table_row(raw):
            cells = [inline_text(cell) for cell in _cells(raw)]
            following = raw_lines[number + 1] if number + 1 < len(raw_lines) else ""
            if _TABLE_SEPARATOR.match(following) and "-" in following:
                header = cells
                lines.append(_row_text(cells, None))
            else:
                lines.append(_row_text(cells, header))
            levels.append(0)
            continue
        header = None
        if "|" in raw and raw.strip(" |"):
            raw = _TRAILING_PIPES.sub("", raw)
        lines.append(inline_text(raw))
        levels.append(0)
    lines, levels = _join_labels(lines, levels)
    if _hard_wrapped(lines):
        lines, levels = _unwrap(lines, levels)
    return MarkdownText(lines=lines, levels=levels, url=url, title=title)


def _join_labels(lines: list[str], levels: list[int]) -> tuple[list[str], list[int]]:
    """"Số hiệu:" followed (after blank or bar-only lines) by its value becomes one line."""
    out_lines: list[str] = []
    out_levels: list[int] = []
    index = 0
    while index < len(lines):
        line, level = lines[index], levels[index]
        index += 1
        if level == 0 and _LABEL.match(line.strip()) and line.strip()[:1].isupper():
            following = index
            while following < len(lines) and not lines[following].strip(" |"):
                following += 1
            if following < len(lines) and levels[following] == 0:
                value = lines[following].strip()
                if len(value) <= _MAX_VALUE_CHARS and not _LABEL.match(value) and not value.startswith(("-", "+")):
                    line = f"{line.strip()} {value}"
                    index = following + 1
        out_lines.append(line)
        out_levels.append(level)
    return out_lines, out_levels
