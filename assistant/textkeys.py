"""Lexical keys for answer selection: accent-folded tokens with positions, and typed spans.

Everything here is pure and cheap (regular expressions over one sentence at a time), so the
answerer can score every candidate sentence without another model call. Matching always uses
the accent-folded, lower-case key (`ingest.normalize.folded_key`), so a question typed without
diacritics matches the document; abbreviations are mapped to one concept token both ways with
the table the retriever uses (`vectorstore.abbreviations`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ingest.normalize import canonical_tones, fold_accents, folded_key, index_key, nfc

# A token: letters/digits, keeping "1.017", "11/13", "23-9-2021", "18-NQ/TW" in one piece.
_TOKEN = re.compile(r"\w+(?:[./,-]\d+)*(?:[-/]\w+)*", re.UNICODE)
_DOC_NUMBER = re.compile(r"^\d{1,5}[-–][A-Za-zĐđ]{1,6}(?:/[A-Za-zĐđ0-9]{1,8})+$|^\d{1,5}(?:/\d{4})?/[A-Za-zĐđ]{1,6}-[A-Za-zĐđ0-9-]+$")
_FULL_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*(?:/\d+)?%?$")

# Function words (accent-folded) that carry no content for matching.
STOPWORDS = frozenset(
    """a ai anh ay bao bi bo boi ca cac cai can chi cho chua co con cua cung da dang day de den deu do duoc gi
    gio hay hoac hon khi khong la lai lam luc ma minh moi mot nam nao nay neu ngay nguoi nhieu nhu nhung nua o
    ong phai qua ra rang roi sao se so tai thang the thi thoi tren trong tu tuy va van vao ve vi voi vay""".split()
)
# Words that only mark the question type (never required in the answer).
QUESTION_WORDS = frozenset("ai bao nhieu nao gi dau khi sao may the".split())


class Token(NamedTuple):
    """One token of a text: its folded key and its character span in that text (a named tuple:
    documents have hundreds of thousands of tokens, and tuples are the cheapest to make)."""

    key: str
    start: int
    end: int
    surface: str

    @property
    def is_capitalized(self) -> bool:
        return self.surface[:1].isupper() and not self.surface.isupper() or (len(self.surface) == 1 and self.surface.isupper())


def tokenize(text: str) -> list[Token]:
    """Tokens of `text` with folded keys; offsets refer to `text`."""
    return [Token(folded_key(surface := m.group()), m.start(), m.end(), surface) for m in _TOKEN.finditer(text)]


def is_doc_number(surface: str) -> bool:
    return bool(_DOC_NUMBER.match(surface))


def is_date(surface: str) -> bool:
    match = _FULL_DATE.match(surface)
    if match:
        return 1 <= int(match.group(1)) <= 31 and 1 <= int(match.group(2)) <= 12
    match = _MONTH_YEAR.match(surface)
    return bool(match and 1 <= int(match.group(1)) <= 12 and 1900 <= int(match.group(2)) <= 2100)


def is_year(surface: str) -> bool:
    return bool(_YEAR.match(surface))


# A year written inside a longer token: a date ("16/6/2025"), a range ("2021-2025") or a document
# number ("34/2025/NQ-HĐND"); digits on both sides would make it part of a bigger number.
_YEAR_INSIDE = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?!\d|[.,]\d)")


def years_in(key: str) -> tuple[str, ...]:
    """The years a token names: itself when it is a year, else those inside a date, a range of years
    or a document number. A bare number ("2025" as a count in "2.025") is never split."""
    if _YEAR.match(key):
        return (key,)
    if not any(sep in key for sep in "/-"):
        return ()
    return tuple(_YEAR_INSIDE.findall(key))


def is_number(surface: str) -> bool:
    """A quantity ("12", "1.017", "11/13", "50%"), not a date, year or document number."""
    return bool(_NUMBER.match(surface)) and not is_date(surface) and not is_doc_number(surface)


@lru_cache(maxsize=1)
def _abbreviation_tables() -> tuple[dict[str, str], dict[tuple[str, ...], str], frozenset[str]]:
    """(short form -> concept, long-form key tuple -> concept, short forms needing capitals)."""
    from vectorstore.abbreviations import ABBREVIATIONS

    shorts: dict[str, str] = {}
    longs: dict[tuple[str, ...], str] = {}
    upper_only: set[str] = set()
    for abbr in ABBREVIATIONS:
        concept = "§" + folded_key(abbr.short)
        short_key = folded_key(abbr.short)
        shorts[short_key] = concept
        if not abbr.lowercase_ok:
            upper_only.add(short_key)
        for form in abbr.long_forms:
            words = tuple(t.key for t in tokenize(form))
            if words:
                longs[words] = concept
    return shorts, longs, frozenset(upper_only)


# Short forms written in capitals that stand for words ("UB MTTQ" = "Ủy ban MTTQ").
_WORD_SHORTS = {"ub": ("uy", "ban")}


def content_keys(tokens: list[Token]) -> list[str]:
    """Folded keys of the content tokens, plus one concept key per abbreviation or its long form."""
    shorts, longs, upper_only = _abbreviation_tables()
    keys: list[str] = []
    for i, tok in enumerate(tokens):
        key = tok.key
        if key in _WORD_SHORTS and tok.surface.isupper():
            keys.extend(_WORD_SHORTS[key])
        if key in shorts and (key not in upper_only or tok.surface.isupper()) and (tok.surface.isupper() or len(key) > 2):
            keys.append(shorts[key])
        if key not in STOPWORDS:
            keys.append(key)
    words = [t.key for t in tokens]
    by_first, concepts = _long_forms_by_first_word()
    found: set[int] = set()
    for i, word in enumerate(words):
        for number, form in by_first.get(word, ()):
            if number not in found and tuple(words[i : i + len(form)]) == form:
                found.add(number)
    keys.extend(concepts[number] for number in sorted(found))  # in the table's order, each form once
    return keys


@lru_cache(maxsize=1)
def _long_forms_by_first_word() -> tuple[dict[str, list[tuple[int, tuple[str, ...]]]], list[str]]:
    """The long forms of the abbreviation table by their first word, each with its place in the
    table; and the concept of each place."""
    _, longs, _ = _abbreviation_tables()
    by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for number, form in enumerate(longs):
        by_first.setdefault(form[0], []).append((number, form))
    return by_first, list(longs.values())


def bigrams(tokens: list[Token]) -> set[tuple[str, str]]:
    """Adjacent folded-key pairs (content words on both sides or one side)."""
    pairs = set()
    for a, b in zip(tokens, tokens[1:]):
        if a.key in STOPWORDS and b.key in STOPWORDS:
            continue
        pairs.add((a.key, b.key))
    return pairs


# --- typed spans: person names, places ------------------------------------------------------------

# Common Vietnamese family names, accented (folding would confuse "Bàn" with "Ban", "Trương"
# with "Trường"); a capitalised run starting with one is a name unless it is a place.
_SURNAMES = frozenset(
    """nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý hà vì bàn mai trương đinh lâm cao
    lương trịnh đoàn tô tạ quách chu lữ lưu kiều thái khuất ứng lò sùng giàng tống la văn hầu triệu lại mạc
    nông thân vương diệp đàm đào phùng kim lục hứa châu""".split()
)
_SURNAME_KEYS = frozenset(fold_accents(name) for name in _SURNAMES)  # a cheap first test: the folded key
# Capitalised words that start titles and organisations, never the second syllable of a name.
_NOT_NAME_NEXT = frozenset(
    """ban bí chủ phó trưởng ủy uỷ hội tỉnh huyện xã đảng bộ ngày nghị kết đề quy tổng trung sở nội""".split()
)
_ADMIN = re.compile(
    r"\b(?:(?:tỉnh|huyện|thành|đảng|thị) ủy|UBND (?:tỉnh|huyện|xã)|tỉnh|huyện|xã|thị trấn|thành phố|thị xã|phường|quận|ấp|thôn|bản|khóm|khu phố|TP\.?)\s+"
    r"([A-ZĐÀ-Ỹ][\wÀ-ỹ]*)",  # the first word only: the rest is read case-sensitively
    re.UNICODE | re.IGNORECASE,
)

# Provinces and centrally-run cities of Việt Nam (pre-2025 names), folded.
PROVINCES = tuple(
    p.strip()
    for p in """an giang|ba ria vung tau|bac giang|bac kan|bac lieu|bac ninh|ben tre|binh dinh|binh duong|binh phuoc|
    binh thuan|ca mau|can tho|cao bang|da nang|dak lak|dak nong|dien bien|dong nai|dong thap|gia lai|ha giang|ha nam|
    ha noi|ha tinh|hai duong|hai phong|hau giang|hoa binh|hung yen|khanh hoa|kien giang|kon tum|lai chau|lam dong|
    lang son|lao cai|long an|nam dinh|nghe an|ninh binh|ninh thuan|phu tho|phu yen|quang binh|quang nam|quang ngai|
    quang ninh|quang tri|soc trang|son la|tay ninh|thai binh|thai nguyen|thanh hoa|thua thien hue|tien giang|
    ho chi minh|tra vinh|tuyen quang|vinh long|vinh phuc|yen bai""".replace("\n", "").split("|")
)
_PROVINCE_RE = re.compile(r"\b(" + "|".join(re.escape(p.strip()) for p in PROVINCES) + r")\b")


def person_names(text: str, tokens: list[Token] | None = None) -> list[tuple[int, int]]:
    """Spans of personal names: a family name followed by 1-3 capitalised syllables."""
    tokens = tokenize(text) if tokens is None else tokens
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.key in _SURNAME_KEYS and tok.is_capitalized and index_key(tok.surface) in _SURNAMES:
            j = i + 1
            while j < len(tokens) and j - i <= 3 and tokens[j].is_capitalized and text[tokens[j - 1].end : tokens[j].start] == " ":
                j += 1
            phrase = " ".join(t.key for t in tokens[i:j])
            if 2 <= j - i <= 4 and index_key(tokens[i + 1].surface) not in _NOT_NAME_NEXT and not _PROVINCE_RE.match(phrase):
                spans.append((tok.start, tokens[j - 1].end))
                i = j
                continue
        i += 1
    return spans


_AT = re.compile(r"\b(?:ở|tại)\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})", re.UNICODE | re.IGNORECASE)
_AND = re.compile(r"\s*(?:,|và|với)\s+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def capitalised_run(text: str, start: int, most: int = 4) -> tuple[str, int]:
    """The run of capitalised words at `start` (at most `most`, single spaces), and where it ends."""
    end = start
    words = 0
    while words < most:
        match = _WORD.match(text, end if words == 0 else end + 1)
        if not match or not match.group()[:1].isupper() or (words and text[end] != " "):
            break
        end = match.end()
        words += 1
    return text[start:end], end


_AT_FOLDED = re.compile(r"\b(?:o|tai)\s+([A-Z][a-z]*)", re.UNICODE)
_ADMIN_FOLDED = re.compile(r"\b(?:tinh|huyen|xa|thi tran|thanh pho|thi xa|phuong|quan|ap|thon)\s+([A-Z][a-z]*)", re.UNICODE)
# Capitalised words after "ở/tại" that start an institution, not a place ("tại Hội nghị").
_NOT_PLACE_START = frozenset("hoi trung ban so dai truong bao van cong uy dang nghi ket de quy dien diem".split())
# "Tỉnh Ủy", "Huyện Ủy" written with a capital name a party committee, not a place called "Ủy".
_BODY_WORDS = frozenset({"uy"})


def place_names(text: str, prepositions: bool = False, tokens: list[Token] | None = None) -> list[str]:
    """Folded place names: provinces anywhere, and capitalised names after an administrative word.

    With `prepositions` (for questions), also the capitalised name after "ở"/"tại" ("ở Tháp Mười").
    `tokens`: `tokenize(text)` when the caller has it (used if normalising leaves the text unchanged).
    """
    normalised = canonical_tones(nfc(text))  # "Huyện uỷ" is "Huyện ủy"
    if normalised != text:
        text, tokens = normalised, None
    found: list[str] = []
    people = {start for start, _ in person_names(text, tokens)}
    matches = list(_ADMIN.finditer(text))
    if prepositions:
        at = _AT if fold_accents(text) != text else _AT_FOLDED  # "o Ba Che" typed without accents
        matches += [m for m in at.finditer(text) if folded_key(m.group(1).split()[0]) not in _NOT_PLACE_START]
        if fold_accents(text) == text:
            matches += list(_ADMIN_FOLDED.finditer(text))
    for match in matches:
        if match.start(1) in people:
            continue  # "Bí thư Tỉnh ủy Võ Thành Hạo" names a person
        # Stop at the first word that is lower case in the original (IGNORECASE lets them in).
        name, end = capitalised_run(text, match.start(1))
        if not name or folded_key(name.split()[0]) in _BODY_WORDS:
            continue
        found.append(folded_key(name))
        if prepositions:
            # "ở Tháp Mười và Ba Chẽ": the second name of a pair of places
            pair = _AND.match(text, end)
            second = capitalised_run(text, pair.end())[0] if pair and pair.end() not in people else ""
            if second and index_key(second.split()[0]) not in _NOT_NAME_NEXT:
                found.append(folded_key(second))
    folded = fold_accents(text.lower())
    found.extend(m.group(1) for m in _PROVINCE_RE.finditer(folded))
    seen: dict[str, None] = {}
    for name in found:
        seen.setdefault(name, None)
    return list(seen)


@lru_cache(maxsize=8192)
def folded_text(text: str) -> str:
    """The whole text as one folded key string with single spaces between tokens."""
    return " " + " ".join(t.key for t in tokenize(text)) + " "
