"""A sample of quiz items for a blind review, over more topics than `trainer_quality` asks.

    python -m eval.trainer_review_sample --sample-data DIR --data25 DIR --out FILE [--size 30]

Quizzes (`n = 10`) of the quality script's 15 topics, plus `MORE_TOPICS` over the index of all
55 documents (no filter); every distinct item once (`distinct_items`), `--size` drawn at random
(seed 0), written as `quiz_sample` writes them (question, options, answer, explanation, quote,
source title and file) with the paths of the source files. Items per topic are printed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eval.trainer_quality import CORPUS25_TOPICS, SAMPLE_TOPICS, SHARED, distinct_items, open_trainer, quiz_sample
from vectorstore.results import SearchFilters

MORE_TOPICS = (
    "mô hình bí thư kiêm chủ tịch UBND cấp xã",
    "tinh gọn bộ máy Nghị quyết 18",
    "Luật Tổ chức chính quyền địa phương 2025",
    "sắp xếp các hội quần chúng",
    "phương án tinh gọn bộ máy của Chính phủ",
    "chính sách nghỉ việc khi sắp xếp đơn vị hành chính",
    "sắp xếp trạm y tế xã",
    "sáp nhập tỉnh Cà Mau và Bạc Liêu",
    "tỉnh Lâm Đồng sau sáp nhập",
    "tỉnh Phú Thọ sau sáp nhập",
    "sắp xếp phường ở Thành phố Hồ Chí Minh 2025",
    "cải cách tiền lương và lương cơ sở",
    "sắp xếp trường học",
    "biên chế giáo viên theo Chỉ thị 26/CT-TTg",
    "hồ sơ đề án sáp nhập tỉnh",
    "Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh",
    "tỉnh Hải Dương sáp nhập vào Hải Phòng",
    "đặc khu sau sắp xếp đơn vị hành chính",
    "tỉnh Vĩnh Phúc",
    "tỉnh Bình Định",
    "thành phố Bà Rịa",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample-data", type=Path, required=True)
    parser.add_argument("--data25", type=Path, required=True)
    parser.add_argument("--corpus25", type=Path, default=SHARED / "corpus-2025")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", type=int, default=30)
    args = parser.parse_args()

    names = tuple(sorted(p.name for p in args.corpus25.iterdir() if p.suffix in (".md", ".txt") and p.name != "PROVENANCE.md"))
    sample, all55 = open_trainer(args.sample_data), open_trainer(args.data25)
    runs = [(sample, t, None) for t in SAMPLE_TOPICS]
    runs += [(all55, t, SearchFilters(sources=names)) for t in CORPUS25_TOPICS]
    runs += [(all55, t, None) for t in MORE_TOPICS]
    quizzes = []
    for trainer, topic, filters in runs:
        quiz = trainer.quiz(topic, 10, filters)
        quizzes.append(quiz)
        print(f"{len(quiz.items):3d} items  {topic}{'' if filters else ' (all documents)' if trainer is all55 else ''}")
    print(f"distinct items: {len(distinct_items(quizzes))}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(quiz_sample(quizzes, size=args.size, corpora=(SHARED / "corpus", args.corpus25)), encoding="utf-8")


if __name__ == "__main__":
    main()
