"""Vietnamese administrative and legal abbreviations, in one table, used both ways.

An abbreviation and its long form map to one concept token, added beside the words, so "UBND"
in a question finds "Ủy ban nhân dân" in a passage and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Abbreviation:
    short: str  # as written, upper case: "UBND"
    long_forms: tuple[str, ...]  # "Ủy ban nhân dân"
    # Recognised in lower case too ("ubnd") only when the folded short form is not a Vietnamese
    # word: "tu" may be tư/từ/tự, "da" may be đã, so "TU"/"ĐA" must be written in capitals.
    lowercase_ok: bool = True


ABBREVIATIONS: tuple[Abbreviation, ...] = (
    Abbreviation("UBND", ("ủy ban nhân dân",)),
    Abbreviation("HĐND", ("hội đồng nhân dân",)),
    Abbreviation("MTTQ", ("mặt trận tổ quốc",)),
    Abbreviation("MTTQVN", ("mặt trận tổ quốc việt nam",)),
    Abbreviation("UBMTTQ", ("ủy ban mặt trận tổ quốc",)),
    Abbreviation("BTV", ("ban thường vụ",)),
    Abbreviation("BCH", ("ban chấp hành",)),
    Abbreviation("BCT", ("bộ chính trị",), lowercase_ok=False),
    Abbreviation("BCĐ", ("ban chỉ đạo",)),
    Abbreviation("BTC", ("ban tổ chức",), lowercase_ok=False),
    Abbreviation("BTG", ("ban tuyên giáo",)),
    Abbreviation("BDV", ("ban dân vận",)),
    Abbreviation("UBKT", ("ủy ban kiểm tra",)),
    Abbreviation("TW", ("trung ương",)),
    Abbreviation("TƯ", ("trung ương",), lowercase_ok=False),
    Abbreviation("TU", ("tỉnh ủy",), lowercase_ok=False),
    Abbreviation("HU", ("huyện ủy",), lowercase_ok=False),
    Abbreviation("TUV", ("tỉnh ủy viên",)),
    Abbreviation("ĐU", ("đảng ủy",), lowercase_ok=False),
    Abbreviation("NQ", ("nghị quyết",)),
    Abbreviation("KL", ("kết luận",)),
    Abbreviation("QĐ", ("quyết định", "quy định")),
    Abbreviation("CT", ("chỉ thị",), lowercase_ok=False),
    Abbreviation("HD", ("hướng dẫn",), lowercase_ok=False),
    Abbreviation("ĐA", ("đề án",), lowercase_ok=False),
    Abbreviation("KH", ("kế hoạch",), lowercase_ok=False),
    Abbreviation("TTCT", ("trung tâm chính trị",)),
    Abbreviation("TTVH", ("trung tâm văn hóa",)),
    Abbreviation("CBCCVC", ("cán bộ, công chức, viên chức", "cán bộ công chức viên chức")),
    Abbreviation("CBCC", ("cán bộ, công chức", "cán bộ công chức")),
    Abbreviation("HTCT", ("hệ thống chính trị",)),
    Abbreviation("CCHC", ("cải cách hành chính",)),
    Abbreviation("TTHC", ("thủ tục hành chính",)),
    Abbreviation("KT-XH", ("kinh tế - xã hội", "kinh tế xã hội")),
    Abbreviation("QP-AN", ("quốc phòng - an ninh", "quốc phòng an ninh")),
    Abbreviation("ĐBQH", ("đại biểu quốc hội",)),
    Abbreviation("TTg", ("thủ tướng",)),
    Abbreviation("CP", ("chính phủ",), lowercase_ok=False),
    Abbreviation("TP", ("thành phố",)),
    Abbreviation("TPHCM", ("thành phố hồ chí minh",)),
    Abbreviation("HCM", ("hồ chí minh",)),
    Abbreviation("TX", ("thị xã",), lowercase_ok=False),
    Abbreviation("TT", ("thị trấn",), lowercase_ok=False),
    Abbreviation("LHPN", ("liên hiệp phụ nữ",)),
    Abbreviation("CCB", ("cựu chiến binh",)),
    Abbreviation("TNCS", ("thanh niên cộng sản",)),
    Abbreviation("BHXH", ("bảo hiểm xã hội",)),
    Abbreviation("BHYT", ("bảo hiểm y tế",)),
    Abbreviation("TAND", ("tòa án nhân dân",)),
    Abbreviation("VKSND", ("viện kiểm sát nhân dân",)),
    Abbreviation("BLDS", ("bộ luật dân sự",)),
    Abbreviation("BLHS", ("bộ luật hình sự",)),
    Abbreviation("GDĐT", ("giáo dục và đào tạo", "giáo dục đào tạo")),
    Abbreviation("THCS", ("trung học cơ sở",)),
    Abbreviation("THPT", ("trung học phổ thông",)),
    Abbreviation("ĐVHC", ("đơn vị hành chính",)),
    Abbreviation("CQĐP", ("chính quyền địa phương",)),
    Abbreviation("UBTVQH", ("ủy ban thường vụ quốc hội",)),
    Abbreviation("ĐBSCL", ("đồng bằng sông cửu long",)),
    Abbreviation("NSNN", ("ngân sách nhà nước",)),
    Abbreviation("CCVC", ("công chức, viên chức", "công chức viên chức")),
    Abbreviation("NĐ", ("nghị định",), lowercase_ok=False),
    Abbreviation("BNV", ("bộ nội vụ",)),
)


# What a question asks about is often said with other words in the answer ("hạn chế" asked,
# "khó khăn", "vướng mắc" written). Groups of interchangeable phrases, used only by the
# sentence-focus stage (vectorstore.rerank): a question phrase is covered by any phrase of its group.
# "tuy nhiên" is how Vietnamese reports introduce shortcomings ("Tuy nhiên, ... còn chưa ...").
PREDICATE_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("hạn chế", "tồn tại", "khó khăn", "vướng mắc", "bất cập", "yếu kém", "thiếu sót", "khuyết điểm", "tuy nhiên"),
    ("kết quả", "đạt được", "góp phần", "thành tựu", "chuyển biến"),
    ("lợi ích", "hiệu quả", "thuận lợi", "ưu điểm", "tác dụng"),
    ("kế hoạch", "dự kiến", "mục tiêu", "chỉ tiêu", "phấn đấu", "lộ trình"),
    ("giải pháp", "biện pháp"),
)
