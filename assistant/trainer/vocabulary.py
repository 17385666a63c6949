"""Hand-written Vietnamese knowledge of the trainer tools, as tables (accent-folded, lower case).

Only general language facts: which words mark a decision, a target, a result, a difficulty or a
solution; which words name a time relative to the day an article was written. Nothing here names
a document, a place or a question of the corpus.
"""

from __future__ import annotations

# Brief sections, in the order a briefing reads: (key, heading, cue phrases).
# A sentence goes to the section whose cues it holds most (typed facts add weight, see brief.py).
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("overview", "Tổng quan", ()),
    (
        "decisions",
        "Chủ trương và văn bản chỉ đạo",
        ("nghi quyet", "ket luan", "quyet dinh", "chi thi", "ban hanh", "chu truong", "de an", "ke hoach",
         "quy dinh", "thong qua", "huong dan", "chi dao", "cong van", "nghi dinh", "thong tu", "luat"),
    ),
    (
        "targets",
        "Mục tiêu và số liệu",
        ("muc tieu", "chi tieu", "phan dau", "giam", "tang", "ty le", "ti le", "tong so", "con lai", "sau sap xep",
         "sau khi sap xep", "truoc sap xep"),
    ),
    ("timeline", "Các mốc thời gian", ("thoi han", "truoc ngay", "tu ngay", "den ngay", "ke tu", "hoan thanh truoc")),
    (
        "results",
        "Kết quả ở các địa phương",
        ("ket qua", "da thuc hien", "hoan thanh", "thi diem", "trien khai", "dat", "da co", "duoc thuc hien",
         "so ket", "tong ket", "hieu qua", "chuyen bien"),
    ),
    (
        "difficulties",
        "Khó khăn, hạn chế",
        ("kho khan", "han che", "vuong mac", "bat cap", "ton tai", "chua dong bo", "chua ro", "lung tung", "ap luc",
         "qua tai", "chong cheo", "thach thuc", "lo ngai", "tam ly", "tuy nhien", "chua co", "con gap", "chua duoc",
         "chua thuc su", "gap kho khan"),
    ),
    (
        "solutions",
        "Giải pháp và kiến nghị",
        ("giai phap", "kien nghi", "de xuat", "de nghi", "tiep tuc", "nhiem vu", "can phai", "can tiep tuc",
         "tang cuong", "khac phuc", "thao go", "yeu cau"),
    ),
)
# Cues of these sections weigh more: a difficulty or a remedy is rarer and says more than a verb.
STRONG_SECTIONS = frozenset({"difficulties", "solutions"})

# Extra queries the topic is searched with, one per section, so the pool holds material for each.
FACET_QUERIES: tuple[str, ...] = ("kết quả", "khó khăn hạn chế", "giải pháp kiến nghị", "mục tiêu", "nghị quyết quyết định")

# Times relative to the day an article was written ("sáng nay"), as a shift in days.
RELATIVE_DAYS: tuple[tuple[str, int], ...] = (
    ("sang nay", 0), ("chieu nay", 0), ("toi nay", 0), ("trua nay", 0), ("dem nay", 0), ("hom nay", 0),
    ("hom qua", -1), ("toi qua", -1), ("dem qua", -1), ("sang qua", -1), ("chieu qua", -1),
    ("ngay mai", 1), ("sang mai", 1), ("chieu mai", 1), ("hom kia", -2),
)

# Administrative words a place answer starts with: a distractor must start with the same one.
PLACE_WORDS: tuple[str, ...] = (
    "thanh pho", "thi xa", "thi tran", "dac khu", "tinh", "huyen", "xa", "phuong", "quan", "ap", "thon", "ban",
)

# Words that, just before or after a name, show it is a person's ("đồng chí Lê Đức Thọ, Bí thư …").
PERSON_CUES: tuple[str, ...] = (
    "dong chi", "ong", "ba", "anh", "chi", "bi thu", "chu tich", "giam doc", "truong ban", "truong phong",
    "bo truong", "thu truong", "thu tuong", "pho", "uy vien", "tong bi thu", "dai bieu", "tien si", "thac si",
)

# Number words and the digits they mean: "hai cấp" and "02 cấp" are the same words to a topic
# ("năm" is left out: it is far more often "year" than "five").
NUMBER_WORDS: dict[str, str] = {
    "một": "1", "hai": "2", "ba": "3", "bốn": "4", "sáu": "6", "bảy": "7", "tám": "8", "chín": "9",
    "mười": "10",
}

# Words of a sentence that reports hearsay, often to deny it ("mạng xã hội lan truyền …"): its
# figures are not facts to learn.
HEARSAY_CUES: tuple[str, ...] = (
    "lan truyen", "tin don", "thong tin sai", "sai su that", "sai lech", "gia mao", "xuyen tac", "bia dat",
)
