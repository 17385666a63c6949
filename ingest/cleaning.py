"""Remove web boilerplate from scraped Vietnamese articles by general rules.

Rules, none tied to one site or file:
- noise lines: only punctuation or symbols (".", "…", "-----"), whitespace only;
- a line identical to the previous non-blank line (a photo caption printed twice);
- form labels of comment and captcha forms ("Họ và tên : *", "Mã bảo vệ :", "Bạn còn 500/500 ký tự");
- a *tail marker* (comment form, "Tin liên quan", "Bài cùng chuyên mục", "Chia sẻ bài viết",
  "< Trở về trang trước", magazine footers …) followed only by short lines: everything from the
  marker to the end is trailing boilerplate. A marker in the middle of an article only removes
  itself and the link titles right after it.
Kept lines are never rewritten (only NFC and trailing whitespace removal), so the body stays
word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.normalize import folded_key, nfc

# Accent-folded, lower-case whole-line patterns (after stripping "<", ">", ":", "*" and spaces).
_TAIL_MARKERS = re.compile(
    r"^(?:"
    r"y kien ban doc.*|y kien cua ban|binh luan|cac binh luan|gui binh luan.*|viet binh luan.*|"
    r"gui y kien.*|ma bao ve|ma xac nhan|ban con \d+/\d+ ky tu|ban vui long nhap.*|"
    r"tin lien quan|tin moi|tin moi nhat|tin khac|cac tin khac|tin cung chuyen muc|bai cung chuyen muc|"
    r"tin bai lien quan|bai viet lien quan|bai lien quan|cac bai viet khac|doc them|xem them|doc nhieu|"
    r"chia se bai viet|chia se|tro ve trang truoc|tro ve|quay lai|ve dau trang|in bai viet|in bai nay|"
    r"gioi thieu tap chi in|tra cuu tap chi in.*|video clips?|tu khoa|tags?"
    r")$"
)
# Notices of legal-text and news sites printed around every document (accent-folded substrings):
# copyright banners, loading and login messages. A line holding one is not document text.
SITE_NOTICES = (
    "thuoc quyen so huu cua", "moi hanh vi sao chep", "has the copyright on this", "copying or reposting it",
    "dang tai van ban", "click vao phan boi vang", "duoc vb khac thay doi, huong dan", "chua cap nhat noi dung tieng anh",
    "lam noi bat bang cac mau sac", "dang nhap de xem", "vui long dang nhap", "vi pham phap luat ve so huu tri tue",
    "violation against the law on intellectual", "cac noi dung duoc sua doi, huong dan",
)
_FORM_LABEL = re.compile(r"^(?:ho va ten|ho ten|email|e-mail|dia chi|dien thoai|so dien thoai|y kien cua ban|ma bao ve)$")
_STRIP = " \t\u00a0\u200b<>:*|»«-–—"
_SHORT_LINE = 120  # a line this short after a tail marker is a link, a label or a footer


@dataclass(frozen=True, slots=True)
class Line:
    """A kept line of the source, and whether a blank line preceded it."""

    text: str
    after_blank: bool
    level: int = 0  # heading level from the source's Markdown, 0 for body text


def _key(line: str) -> str:
    return re.sub(r"\s+", " ", folded_key(line).strip(_STRIP)).strip(_STRIP)


def is_noise(line: str) -> bool:
    """A line with no letter and no digit (dots, dashes, bullets) carries no content."""
    return not any(ch.isalnum() for ch in line)


def is_tail_marker(line: str) -> bool:
    return len(line) <= 80 and bool(_TAIL_MARKERS.match(_key(line)))


def is_site_notice(line: str) -> bool:
    key = _key(line)
    return any(notice in key for notice in SITE_NOTICES)


def is_form_label(line: str) -> bool:
    return len(line) <= 60 and bool(_FORM_LABEL.match(_key(line)))


def _ends_sentence(line: str) -> bool:
    return line.rstrip("\"'”’) ").endswith((".", "!", "?", "…"))


def split_lines(text: str) -> list[str]:
    """NFC lines without trailing whitespace; whitespace-only lines become empty."""
    lines = re.split(r"\r\n|\r|\n|\u2028|\u2029", nfc(text))
    return [line.rstrip().rstrip("\u00a0\u200b \t") if line.strip() else "" for line in lines]


def clean_lines(text: str | list[str], levels: list[int] | None = None) -> list[Line]:
    """The content lines of a scraped page, boilerplate removed, in order.

    `text` may come as lines already (from `ingest.markdown`), with their heading `levels`.
    """
    raw = split_lines(text if isinstance(text, str) else "\n".join(text))
    if levels is None or len(levels) != len(raw):
        levels = [0] * len(raw)
    kept: list[Line] = []
    blank_before = False
    previous = ""
    index = 0
    while index < len(raw):
        line, level = raw[index], levels[index]
        index += 1
        if not line.strip() or is_noise(line) or is_site_notice(line):
            blank_before = True
            continue
        if is_tail_marker(line) or is_form_label(line):
            rest = [later for later in raw[index:] if later.strip() and not is_noise(later)]
            if all(len(later.strip()) <= _SHORT_LINE for later in rest):
                break  # trailing boilerplate: the marker and everything after it
            # A marker inside the article: drop it and the link titles that follow it.
            while index < len(raw) and raw[index].strip() and not _ends_sentence(raw[index]) and len(raw[index]) <= _SHORT_LINE:
                index += 1
            blank_before = True
            continue
        if line.strip() == previous:
            continue  # the same caption twice
        previous = line.strip()
        kept.append(Line(text=line.strip(), after_blank=blank_before or not kept, level=level))
        blank_before = False
    return kept


def join_lines(lines: list[Line]) -> str:
    """Lines back to text; a blank line in the source stays one blank line."""
    parts: list[str] = []
    for position, line in enumerate(lines):
        if position:
            parts.append("\n\n" if line.after_blank else "\n")
        parts.append(line.text)
    return "".join(parts)


def line_offsets(lines: list[Line]) -> list[int]:
    """Where each line starts in `join_lines(lines)`."""
    offsets: list[int] = []
    position = 0
    for index, line in enumerate(lines):
        if index:
            position += 2 if line.after_blank else 1
        offsets.append(position)
        position += len(line.text)
    return offsets
