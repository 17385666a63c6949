"""Hand-written Vietnamese knowledge the answerer uses, as tables (all accent-folded, lower case).

Only general language facts live here: which question words ask for which kind of answer, which
words introduce a cause or a condition, which nouns count things. Nothing here names a document,
a question or a place of the corpus; what a good answer looks like is learned (`model.py`).
"""

from __future__ import annotations

# Question words and the answer type they ask for, longest phrases first when matched.
# "may" (mấy) only counts before a noun and not in "bộ máy" (see analysis._answer_type).
TYPE_CUES: dict[str, tuple[str, ...]] = {
    "number": ("bao nhieu", "so luong", "ty le", "ti le", "may", "bao lau", "phan tram",
               # comparing a measure ("so sánh số xã", "so sánh diện tích") asks for its values
               "so sanh so", "so sanh dien tich", "so sanh dan so", "so sanh quy mo", "so sanh muc"),
    "date": (
        "ngay nao", "khi nao", "bao gio", "thoi gian nao", "thoi diem nao", "luc nao", "nam nao", "thang nao",
        "tu ngay nao", "tu khi nao", "den khi nao", "han chot", "thoi han",
    ),
    "person": ("ai", "nguoi nao", "dong chi nao", "ong nao", "ba nao", "nhung ai", "dai bieu nao",
               "dai bieu quoc hoi nao", "vi nao", "lanh dao nao", "bo truong nao", "thu truong nao"),
    "docnum": ("so hieu", "van ban nao", "nghi quyet nao", "quyet dinh nao", "nghi dinh nao", "thong tu nao",
               "cong van nao", "ket luan nao", "chi thi nao", "luat nao", "ke hoach nao", "de an nao", "so may",
               "so bao nhieu"),
    "place": ("o dau", "tai dau", "noi nao", "tinh nao", "xa nao", "huyen nao", "phuong nao", "dia phuong nao",
              "thanh pho nao", "quan nao", "don vi nao", "tinh thanh nao", "vung nao", "dac khu nao", "thuoc tinh nao"),
    "reason": ("vi sao", "tai sao", "ly do", "li do", "nguyen nhan", "de lam gi", "nham muc dich", "muc dich"),
    "yesno": ("co phai", "phai khong", "hay khong", "duoc khong", "co dung", "dung khong", "hay chua"),
    "list": ("nhung gi", "gom nhung", "bao gom", "gom gi", "nhung", "cac", "gom"),
    "how": ("nhu the nao", "the nao", "ra sao", "cach nao", "lam sao", "bang cach nao"),
}
# Question words asking for a day, not just a year ("ký ngày nào", "từ ngày nào"): a year alone
# does not answer them.
DAY_CUES = ("ngay nao", "ngay thang nao", "ngay bao nhieu")
# Order in which the types are tried: a specific type wins over a general one.
TYPE_ORDER = ("docnum", "date", "number", "person", "place", "reason", "yesno", "how", "list")

# Phrases that only give the question its form, never needed in an answer. They are removed where
# they stand, not as words everywhere: "đâu" only after ở/tại/từ/đi ("đầu tiên" folds alike),
# "không"/"chưa" only at the end, "mấy" only as the count word (see analysis.form_positions).
QUESTION_FORM = (
    "xin cho biet", "cho biet", "cho hoi", "nhu the nao", "the nao", "ra sao", "hay khong", "phai khong",
    "co phai", "duoc khong", "dung khong", "la gi", "la ai", "la bao nhieu", "bao nhieu", "bao gio", "thi sao",
    "nao", "gi", "ai", "sao",
)
QUESTION_FORM_AFTER = {"dau": ("o", "tai", "tu", "di", "den", "ve")}
QUESTION_FORM_LAST = ("khong", "chua", "vay", "a", "nhi")

# Words that introduce a cause, aim or condition: a sentence holding one answers "vì sao".
REASON_CUES = ("vi", "do", "boi vi", "nham", "de", "muc dich", "nguyen nhan", "ly do", "giup", "bao dam", "dam bao")

# Units and nouns a count is attached to in Vietnamese reports ("12 xã", "98,6% cử tri").
COUNT_UNITS = frozenset(
    """xa phuong tinh huyen thon ap to dan pho don vi nguoi can bo cong chuc vien chuc dai bieu
    truong hop co quan to chuc dang vien ho km2 km ha ty trieu dong nam thang ngay phan tram lan
    thanh pho dac khu quan thi tran chi nhanh tram so ban hoi bien che nhom nhiem vu""".split()
)

# Phrases anchoring a question on the moment it is asked ("cuối tuần này", "hôm nay"): they ask for
# live information (weather, prices, fixtures), which dated documents do not hold. "Hiện nay" is not
# one: documents do say what holds now.
NOW_CUES = ("hom nay", "ngay mai", "sang mai", "chieu nay", "toi nay", "tuan nay", "cuoi tuan nay", "tuan toi", "tuan sau")

# Verbs of issuing a document: asked when a named document was issued ("Quyết định 412/QĐ-UBND ký
# ngày nào"), the date stands beside the document's number wherever a text states it ("Quyết định
# số 412/QĐ-UBND ngày 3/5/2024", "Ngày 3/5/2024, … ký Quyết định 412"). Not
# "có hiệu lực": a document states that date in its own last article, away from its number.
ISSUE_CUES = ("ban hanh", "ky", "thong qua", "cong bo")

# Words that, put before a post, name another post: "Phó Bí thư" is not "Bí thư". Matched on the
# accented surface of the documents ("phó", never "phố" of "thành phố").
POST_MODIFIERS = frozenset({"phó"})

# Words a follow-up uses to point back at the previous question ("còn X thì sao?").
FOLLOW_UP_CUES = ("con", "the", "the con", "vay con", "the thi", "con ve", "vay", "cu the", "ngoai ra", "con nua", "vi sao vay", "tai sao vay")
# Openings that look like a cue but start a question of their own ("Thế nào là …?").
NOT_FOLLOW_UP_STARTS = ("the nao",)
# Words pointing back at something said before ("đó", "ấy", "này", "kia", "nói trên").
POINTING_WORDS = ("do", "ay", "nay", "kia", "noi tren")

# Words saying the answer has several pieces: a joined pair of asked things ("thuê nhà và di dời"),
# one value for each of several ("mỗi", "từng", "lần lượt"). Such a question may need more than one
# sentence, so a further sentence is cited at a lower share of the best score (`model.py`).
SEVERAL_CUES = ("va", "voi", "hay", "hoac", "moi", "tung", "lan luot", "ca hai")

# Words that ask to compare two or more sides.
COMPARISON_CUES = ("so sanh", "khac nhau", "giong nhau", "nhieu hon", "it hon", "lon hon", "nho hon", "cao hon",
                   "thap hon", "hon bao nhieu", "chenh lech", "giua")
