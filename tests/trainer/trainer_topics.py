"""Topics the trainer tests use."""

TOPIC = "mô hình bí thư kiêm chủ tịch UBND cấp xã"
OFF_TOPIC = "công thức nấu phở bò Nam Định"
# The sample articles are district reports: of their facts, those a quiz asks (national
# decisions, on the topic's own words) are about this model's resolution; the bí thư model's
# figures are one district's and one commune's, which a quiz does not ask.
QUIZ_TOPIC = "mô hình trưởng ban dân vận kiêm chủ tịch Ủy ban MTTQ cấp huyện"
