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
    "bac thong tin", "khong chinh xac",
)

# --- What a quiz asks about (see worth.py, stems.py) -------------------------------------------

# Kinds of fact a quiz asks: a person's name is a local detail, a place's wrong options need a
# knowledge of geography and of the 2025 mergers the corpus does not hold, a bare year is either a
# part of a law's name ("Luật … 2015" or "2025"?) or a guess among neighbours.
ASKED_KINDS: tuple[str, ...] = ("number", "date", "docnum", "body")
# Folded words by which a sentence speaks of the whole country: on a page about one place, such a
# sentence tells the national reform, not the place's history.
NATIONWIDE_WORDS: tuple[str, ...] = ("ca nuoc", "nuoc ta", "toan quoc")

# National bodies a quiz may ask as the author of a decision (bodies.py), by class: the wrong
# options are the other bodies of the answer's class, each of which decides such matters.
BODY_CLASSES: dict[str, tuple[str, ...]] = {
    "dang": ("Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương", "Ban Tổ chức Trung ương"),
    "nha nuoc": ("Quốc hội", "Ủy ban Thường vụ Quốc hội", "Chính phủ", "Thủ tướng Chính phủ"),
    "bo": ("Bộ Nội vụ", "Bộ Tài chính", "Bộ Tư pháp", "Bộ Xây dựng", "Bộ Y tế"),
}
# Document number marks (folded) that tell which body issued a document ("…/NQ-UBTVQH15").
BODY_DOC_MARKS: dict[str, tuple[str, ...]] = {
    "Quốc hội": ("/qh",), "Ủy ban Thường vụ Quốc hội": ("ubtvqh",), "Chính phủ": ("nd-cp", "nq-cp"),
    "Thủ tướng Chính phủ": ("ttg",), "Ban Tổ chức Trung ương": ("btctw",), "Bộ Nội vụ": ("bnv",),
    "Bộ Tài chính": ("btc",), "Bộ Tư pháp": ("btp",), "Bộ Xây dựng": ("bxd",), "Bộ Y tế": ("byt",),
}
# Kinds of document whose "của <body>" names the body that decided it (a "Tờ trình của …" only proposes).
DECISION_DOC_WORDS: tuple[str, ...] = (
    "nghi quyet", "ket luan", "quyet dinh", "chi thi", "nghi dinh", "luat", "thong tu", "quy dinh", "huong dan",
)
# Words right after a body that make it the author of a decision ("Quốc hội đã thông qua …").
BODY_ACTION_CUES: tuple[str, ...] = (
    "ban hanh", "da ban hanh", "thong qua", "da thong qua", "quyet nghi", "da co", "co ket luan", "ky ban hanh",
    "quyet dinh", "da quyet dinh", "da ky",
)

# Bodies whose decisions concern the whole country (folded): a date or a document number is worth
# learning when one of them issues it.
NATIONAL_BODIES: tuple[str, ...] = (
    "quoc hoi", "chinh phu", "bo chinh tri", "ban chap hanh trung uong", "trung uong", "ban bi thu",
    "thu tuong", "uy ban thuong vu quoc hoi", "ubtvqh", "bo noi vu", "bo tai chinh", "bo tu phap",
    "hien phap", "tong bi thu", "chu tich nuoc", "mat tran to quoc viet nam", "ca nuoc", "toan quoc", "nuoc ta",
    "luat", "nghi dinh", "thong tu",  # instruments only national bodies issue
)
# Document number suffixes of national bodies (folded, "/" and "-" kept).
NATIONAL_DOC_MARKS: tuple[str, ...] = (
    "/tw", "/qh", "ubtvqh", "nd-cp", "nq-cp", "qd-ttg", "ct-ttg", "/bnv", "bnv-", "/btc", "btc-", "mttw", "/bct",
    "/bbt",
)
# Administrative words below a province: a fact about one named commune, village or district is a
# local detail unless the topic itself names that place. "huyện ủy Tháp Mười" and "Đảng bộ xã
# Minh Cầm" name one too (the words between the administrative word and the name are skipped).
# Accented, lower case: folded, "bản" (a village) would be "Ban" (a committee).
LOCAL_WORDS: tuple[str, ...] = ("huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "thôn", "ấp", "bản", "tổ dân phố")
LOCAL_SKIP_WORDS: tuple[str, ...] = ("ủy", "đoàn")

# Words that make a number a bound or an estimate ("trên 95%", "gần 3 năm"): a wrong option on the
# implied side is also true, one on the other side is a guess about the writer's rounding.
BOUND_CUES: tuple[str, ...] = (
    "tren", "hon", "duoi", "gan", "khoang", "xap xi", "it nhat", "toi thieu", "toi da", "khong qua", "vuot",
    "chua den", "len den", "hang", "vai", "chung",
)
# Measures that describe a place rather than the reform ("dân số: 1.865.270 người", "diện tích
# 13.796 km²", "xếp thứ 7", "mật độ"): an encyclopedic page's figures, not what a course teaches.
MARGINAL_MEASURES: tuple[str, ...] = (
    "dan so", "dien tich", "mat do", "xep thu", "dung thu", "grdp", "thu nhap binh quan", "tong san pham",
    "thu ngan sach", "ty le ho ngheo", "do cao", "chieu dai",
    "tan thanh", "bieu quyet", "y kien", "dong thuan",  # a vote's or a consultation's share: how a text passed
)
# Events a date or figure is told of ("có hiệu lực từ …", "được thông qua …"): two sentences on the
# same documents telling one event with different values contradict each other (consensus.py).
EVENT_PHRASES: tuple[str, ...] = (
    "hieu luc", "thong qua", "ban hanh", "chinh thuc hoat dong", "bat dau hoat dong", "ket thuc hoat dong",
)
# Words that make the number after them a part of a text, not a count ("Mục 4 Phần II",
# "khoản 1 Điều 5"): nothing to learn.
STRUCTURE_WORDS: frozenset[str] = frozenset(
    {"muc", "tieu muc", "dieu", "khoan", "diem", "chuong", "phan", "phu luc", "mau", "tiet", "trang"}
)
# Units of a duration: "sau 3 năm" has no anchor a learner can know.
DURATION_UNITS: frozenset[str] = frozenset({"nam", "thang", "ngay", "tuan", "gio", "lan"})

# Words before a document number that make it an old, replaced one ("thay thế Nghị quyết …").
REPLACED_CUES: tuple[str, ...] = ("thay the", "bai bo", "het hieu luc", "sua doi bo sung")

# Openings that point back at an earlier sentence ("Theo đó, …"): the stem is unclear unless the
# document it refers to is named (see stems.py).
DANGLING_OPENERS: tuple[str, ...] = (
    "theo do", "trong do", "cu the", "do do", "vi vay", "nhu vay", "ngoai ra", "ben canh do", "dong thoi",
    "tren co so do", "sau do", "tiep do", "tuy nhien", "voi do", "tu do", "qua do", "theo quy dinh nay",
    "cung ngay", "cung thoi gian", "cung nam", "ngay hom sau", "khi do", "luc do",
    "sau khi sap xep", "sau sap xep", "sau khi sap nhap", "sau sap nhap",
)
# Prepositions that open a phrase pointing back when "này"/"đó" follows ("Với số dân này", "Tại hội
# nghị đó"); written with diacritics, since "nay" alone also means "now" ("đến nay").
BACK_POINTING_PREPOSITIONS: frozenset[str] = frozenset({"với", "theo", "từ", "bằng", "nhờ", "qua", "trong", "tại"})
# Words that name a kind of document, before its number ("Nghị quyết số 13/NQ-HĐND").
DOC_TYPE_WORDS: tuple[str, ...] = (
    "nghi quyet", "quyet dinh", "ket luan", "luat", "nghi dinh", "cong van", "huong dan", "thong tu", "chi thi",
    "de an", "ke hoach", "thong bao", "to trinh", "hien phap", "quy dinh",
)

# --- Whether a stem is a whole statement on the topic (see stems.py, titles.py, bodies.py) -----

# Openings of a legal text's preamble ("Căn cứ Luật …;", "Xét đề nghị …"): the documents and dates
# they cite are the text's legal basis, not what it decides — no fact to teach.
PREAMBLE_OPENERS: tuple[str, ...] = ("can cu", "xet de nghi", "xet to trinh", "theo de nghi", "xet bao cao")
NOT_PREAMBLE: tuple[str, ...] = ("can cu theo",)  # a Q&A page's "according to Điều 5 …"
# Words a wrapped line ends with when the sentence goes on below it ("… của\nBộ Chính trị"):
# a sentence split there starts in the middle.
CONTINUATION_WORDS: tuple[str, ...] = (
    "cua", "va", "cac", "nhung", "theo", "ve", "voi", "tai", "cho", "la", "hoac", "so", "ngay", "thang",
    "nam", "trong", "tu", "den", "de", "duoc", "bi", "mot", "nay", "do", "khi", "neu", "tren", "duoi",
)
# Labels a legal database's page adds to a document's title ("Công văn 10988/BNV-CQĐP: Sửa đổi,
# thay thế, hủy bỏ"): a learner reading it would think the document amends something.
TITLE_LEGENDS: tuple[str, ...] = (
    "sua doi, thay the, huy bo", "sua doi thay the huy bo", "cac noi dung duoc sua doi, huong dan",
    "van ban goc", "van ban tieng anh", "luoc do", "thuoc tinh", "tai ve", "hieu luc", "noi dung",
    "van ban lien quan", "tieng anh",
)
# Kinds of document only one body issues ("Nghị định của _____" can only be the Chính phủ): a
# body blanked after one of them is given away by the document's kind.
SOLE_ISSUERS: dict[str, str] = {
    "nghi dinh": "Chính phủ", "luat": "Quốc hội", "bo luat": "Quốc hội", "hien phap": "Quốc hội",
    "phap lenh": "Ủy ban Thường vụ Quốc hội",
}
# Words before a date that make it an internal reporting deadline ("… báo cáo Bộ Chính trị ngày
# _____"): a step of the administration's paperwork, not a milestone of the reform.
REPORTING_CUES: tuple[str, ...] = ("bao cao", "gui ket qua", "tong hop ket qua")
REPORTING_WORDS = 6  # how many words before the date the cue is looked for
# Words that point at text the learner does not see ("về 04 nội dung nêu trên", "các trường hợp
# kể trên"): the stem is not a statement of its own.
# Endings of a sentence that only announces what follows, when the colon was left out ("… như sau").
LEAD_IN_ENDINGS: tuple[str, ...] = ("nhu sau", "sau day", "bao gom", "gom co")
# Openings of a purpose clause ("Để tiếp tục thực hiện …"): without a comma, no main clause follows.
# Accented: folded "de" is also "Đề án".
PURPOSE_OPENERS: tuple[str, ...] = ("để", "nhằm", "với mục tiêu", "với mục đích")
# Openings of an adverbial phrase before the main clause ("Ngoài các chính sách …, các đối tượng …";
# "Căn cứ theo khoản 1 Điều 13 Nghị định … có giải thích … như sau:" only points at what follows):
# a stem cut before its list must not keep only this phrase. Accented.
ADVERBIAL_OPENERS: tuple[str, ...] = ("ngoài", "bên cạnh", "cùng với", "trên cơ sở", "căn cứ")
BACK_REFERENCES: tuple[str, ...] = ("neu tren", "noi tren", "ke tren", "tren day", "vua neu", "duoi day", "sau day")
