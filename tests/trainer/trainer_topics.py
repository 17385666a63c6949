"""Topics the trainer tests use."""

TOPIC = "mô hình bí thư kiêm chủ tịch UBND cấp xã"
OFF_TOPIC = "công thức nấu phở bò Nam Định"
