"""The header of an official text: its kind, number, issuing date and subject.

Vietnamese official documents open with the issuing body, the national motto, "Số: 34/2025/NQ-HĐND",
"<place>, ngày 18 tháng 11 năm 2025", then the kind in capitals ("NGHỊ QUYẾT") and the subject on
the next lines; legal-text sites add a form ("Số hiệu:", "Loại văn bản:", "Ngày ban hành:").
From these the document gets a title a reader recognises ("Nghị quyết 34/2025/NQ-HĐND: …") and
its issuing date as `published`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.cleaning import Line
from ingest.dates import find_date
from ingest.normalize import folded_key

# Kinds of official text, accent-folded, as printed above the subject.
KINDS = {
    "nghi quyet": "Nghị quyết", "quyet dinh": "Quyết định", "nghi dinh": "Nghị định", "thong tu": "Thông tư",
    "chi thi": "Chỉ thị", "ket luan": "Kết luận", "cong van": "Công văn", "huong dan": "Hướng dẫn",
    "ke hoach": "Kế hoạch", "thong bao": "Thông báo", "luat": "Luật", "quy dinh": "Quy định", "de an": "Đề án",
    "to trinh": "Tờ trình", "phap lenh": "Pháp lệnh", "quy che": "Quy chế", "bao cao": "Báo cáo",
}
_HEADER_LINES = 40
_NUMBER = re.compile(r"^\s*Số(?: hiệu)?\s*:\s*(\S+/\S+)", re.IGNORECASE)
_NUMBER_INLINE = re.compile(r"(?:^|[;|]\s*)Số\s*:\s*(\S+/[^\s;|]+)")
_KIND_LABEL = re.compile(r"^\s*Loại văn bản\s*:\s*(.+)$", re.IGNORECASE)
_ISSUED_LABEL = re.compile(r"^\s*Ngày ban hành\s*:", re.IGNORECASE)
_PLACE_DATE = re.compile(r", ngay \d{1,2} thang \d{1,2} nam \d{4}")
_MAX_SUBJECT_CHARS = 220


@dataclass(frozen=True, slots=True)
class OfficialHeader:
    kind: str | None
    number: str | None
    issued: str | None
    subject: str | None

    def title(self, headline: str) -> str | None:
        """"Nghị quyết 34/2025/NQ-HĐND: SUBJECT", or None when this is not an official text."""
        if not self.kind or not self.number:
            return None
        subject = self.subject or headline
        name = f"{self.kind} {self.number}"
        return f"{name}: {subject}" if subject and self.number not in subject else subject or name


def _is_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _subject(lines: list[Line], after: int) -> str | None:
    parts: list[str] = []
    for line in lines[after + 1 : after + 6]:
        if not _is_capitals(line.text) or (parts and line.after_blank):
            break
        parts.append(line.text.strip())
    subject = " ".join(parts)
    if len(subject) > _MAX_SUBJECT_CHARS:
        subject = subject[:_MAX_SUBJECT_CHARS].rsplit(" ", 1)[0] + " …"
    return subject or None


def analyse_official(lines: list[Line]) -> OfficialHeader:
    kind = number = issued = subject = None
    for index, line in enumerate(lines[:_HEADER_LINES]):
        text = line.text
        folded = folded_key(text).strip(" :")
        if number is None and (match := _NUMBER.match(text) or _NUMBER_INLINE.search(text)):
            number = match.group(1).rstrip(".,;")
        if kind is None and (label := _KIND_LABEL.match(text)):
            kind = KINDS.get(folded_key(label.group(1)).strip(" ."), label.group(1).strip())
        if issued is None and (_ISSUED_LABEL.match(text) or _PLACE_DATE.search(folded)) and (found := find_date(text)):
            issued = found[0]
        if subject is None and folded in KINDS and _is_capitals(text):
            kind = KINDS[folded]
            subject = _subject(lines, index)
    return OfficialHeader(kind=kind, number=number, issued=issued, subject=subject)
