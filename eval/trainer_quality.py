"""Measure the trainer tools (issue 11): verbatim citations, quiz validity, brief speed and coverage.

    python -m eval.trainer_quality --sample-data DIR --data25 DIR [--report reports/trainer]

`--sample-data` is an index of ../shared/corpus (built there when empty); `--data25` an index
holding ../shared/corpus-2025 (its 50 documents are selected with a `sources` filter, so an index
that also holds the sample articles serves). Prints the numbers and writes `quality.json` and
`quiz_sample.md` (30 items drawn at random, seed 0, for a reviewer) under the report folder.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from assistant.factory import make_retriever, open_store
from assistant.settings import Settings
from assistant.trainer.checks import quiz_problems, verbatim
from assistant.trainer.quiz import answer_in, gives_away
from assistant.trainer.service import Trainer
from vectorstore.results import SearchFilters

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_TOPICS = (
    "mô hình bí thư kiêm chủ tịch UBND cấp xã",
    "mô hình trưởng ban dân vận kiêm chủ tịch Ủy ban MTTQ cấp huyện",
    "kiêm nhiệm chức danh ở Bến Tre",
    "sắp xếp tổ chức bộ máy ở Ba Chẽ",
    "thực hiện Nghị quyết 18-NQ/TW và 19-NQ/TW",
)
CORPUS25_TOPICS = (
    "sắp xếp đơn vị hành chính cấp xã 2025",
    "sáp nhập tỉnh còn 34 tỉnh, thành phố",
    "chính quyền địa phương hai cấp",
    "Hà Nội sắp xếp đơn vị hành chính cấp xã năm 2025",
    "nhiệm vụ, quyền hạn của Chủ tịch UBND cấp xã",
    "kết thúc hoạt động của cấp huyện",
    "Văn phòng đăng ký đất đai sau sắp xếp",
    "chính sách hỗ trợ cán bộ, công chức sau sắp xếp",
    "sắp xếp đơn vị hành chính cấp tỉnh Tuyên Quang Hà Giang",
    "xử lý trụ sở, nhà đất dôi dư sau sắp xếp",
)
OFF_TOPICS = ("giá vàng hôm nay", "công thức nấu phở bò", "kết quả bóng đá ngoại hạng Anh", "thời tiết Hà Nội ngày mai")


def open_trainer(data_dir: Path) -> Trainer:
    settings = Settings(data_dir=data_dir)
    store = open_store(settings)
    return Trainer(store, make_retriever(settings, store))


def ensure_sample_index(data_dir: Path) -> None:
    from ingest.pipeline import ingest_paths

    settings = Settings(data_dir=data_dir)
    store = open_store(settings)
    try:
        if len(store) == 0:
            ingest_paths([SHARED / "corpus"], store)
    finally:
        store.close()


def material(trainer: Trainer, topics: tuple[str, ...], filters: SearchFilters | None, n: int) -> dict[str, Any]:
    """Brief, timeline and quiz of every topic, with the checks' results."""
    get = trainer.store.get_document
    out: dict[str, Any] = {"topics": {}, "citations": 0, "verbatim": 0, "items": 0, "valid_items": 0, "problems": {}}
    for topic in topics:
        started = time.perf_counter()
        brief = trainer.brief(topic, filters)
        brief_s = time.perf_counter() - started
        timeline = trainer.timeline(topic, filters)
        quiz = trainer.quiz(topic, n, filters)
        citations = [p.citation for s in brief.sections for p in s.points]
        citations += [e.citation for e in timeline.events] + [i.citation for i in quiz.items]
        ok = sum(verbatim(c, get) for c in citations)
        problems = quiz_problems(quiz)
        for item in quiz.items:
            for problem in problems[item.id]:
                out["problems"][problem] = out["problems"].get(problem, 0) + 1
        valid = sum(1 for item in quiz.items if not problems[item.id])
        out["topics"][topic] = {
            "brief_seconds": round(brief_s, 3),
            "sections": len(brief.sections),
            "points": sum(len(s.points) for s in brief.sections),
            "events": len(timeline.events),
            "quiz_items": len(quiz.items),
            "quiz_valid": valid,
            "kinds": sorted({i.answer_type for i in quiz.items}),
            "message": brief.message,
        }
        out["citations"] += len(citations)
        out["verbatim"] += ok
        out["items"] += len(quiz.items)
        out["valid_items"] += valid
        out.setdefault("quiz_objects", []).append(quiz)
    return out


def coverage(trainers: dict[str, Trainer], filters: dict[str, SearchFilters | None], outlines: list[dict]) -> list[dict]:
    results = []
    for outline in outlines:
        trainer = trainers[outline["index"]]
        brief = trainer.brief(outline["topic"], filters[outline["index"]])
        texts = [p.text for s in brief.sections for p in s.points]
        found = [f["fact"] for f in outline["facts"] if any(answer_in(t, s) or s in t for t in texts for s in f["any"])]
        results.append({"topic": outline["topic"], "index": outline["index"], "facts": len(outline["facts"]),
                        "found": len(found), "share": round(len(found) / len(outline["facts"]), 3),
                        "missing": [f["fact"] for f in outline["facts"] if f["fact"] not in found]})
    return results


def distinct_items(quizzes: list) -> list:
    """(topic, item) of every quiz, each source sentence once and no item answering another (the
    rule a quiz keeps within itself): two topics that overlap give the same item twice, and a
    reviewer reading the sample as one quiz would see one item answer the other."""
    seen_quotes: set[tuple[str, int]] = set()
    kept: list = []
    out = []
    for quiz in quizzes:
        for item in quiz.items:
            where = (item.citation.doc_id, item.citation.start)
            if where in seen_quotes or gives_away(item, kept):
                continue
            seen_quotes.add(where)
            kept.append(item)
            out.append((quiz.topic, item))
    return out


def source_path(name: str, corpora: tuple[Path, ...]) -> str:
    """Where a cited file is, in the first corpus folder holding it (its name alone otherwise)."""
    return next((str(folder / name) for folder in corpora if (folder / name).is_file()), name)


def quiz_sample(quizzes: list, size: int = 30, seed: int = 0, corpora: tuple[Path, ...] = ()) -> str:
    """`size` distinct items drawn at random, each with its options, answer, explanation, quote and
    source (title, date, file), then the list of the source files, for a blind reviewer."""
    items = distinct_items(quizzes)
    chosen = random.Random(seed).sample(items, min(size, len(items)))
    lines = [f"# {len(chosen)} câu hỏi trắc nghiệm lấy ngẫu nhiên (seed {seed}) để thẩm định", "",
             f"Lấy từ {len(items)} câu khác nhau của {len(quizzes)} bộ đề (mỗi câu nguồn một lần, không câu nào lộ đáp án của câu khác).", "",
             "Người thẩm định đọc câu hỏi, các phương án và câu nguồn; ghi **Công bằng / Không** và lý do ở dòng cuối mỗi câu.", ""]
    for i, (topic, item) in enumerate(chosen, 1):
        lines += [f"## {i}. ({item.kind}, {item.answer_type}, {item.difficulty}) — chủ đề: {topic}", "", item.question, ""]
        lines += [f"- {chr(65 + j)}. {o}" for j, o in enumerate(item.options)]
        c = item.citation
        lines += ["", f"Đáp án: **{item.answer}**", "", f"Giải thích: {item.explanation}", "",
                  f"Nguồn: «{c.title}» ({c.published or 'không rõ ngày'}, {c.source}, ký tự {c.start}–{c.end}):", "",
                  f"> {c.quote}", "", "Thẩm định: ____", ""]
    files = sorted({item.citation.source for _, item in chosen})
    lines += ["## Tài liệu nguồn", ""] + [f"- {source_path(name, corpora)}" for name in files]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample-data", type=Path, required=True)
    parser.add_argument("--data25", type=Path, required=True)
    parser.add_argument("--corpus25", type=Path, default=SHARED / "corpus-2025")
    parser.add_argument("--outlines", type=Path, default=REPO / "eval" / "datasets" / "trainer_outlines.json")
    parser.add_argument("--report", type=Path, default=REPO / "reports" / "trainer")
    parser.add_argument("--n", type=int, default=10)
    args = parser.parse_args()

    ensure_sample_index(args.sample_data)
    trainers = {"sample": open_trainer(args.sample_data), "corpus-2025": open_trainer(args.data25)}
    names = tuple(sorted(p.name for p in args.corpus25.iterdir() if p.suffix in (".md", ".txt") and p.name != "PROVENANCE.md"))
    filters = {"sample": None, "corpus-2025": SearchFilters(sources=names)}
    trainers["corpus-2025"].brief("giới thiệu", filters["corpus-2025"])  # load the models before timing

    report: dict[str, Any] = {}
    quizzes = []
    for name, topics in (("sample", SAMPLE_TOPICS), ("corpus-2025", CORPUS25_TOPICS)):
        found = material(trainers[name], topics, filters[name], args.n)
        quizzes += found.pop("quiz_objects")
        report[name] = found
    off = {t: bool(trainers["corpus-2025"].brief(t, filters["corpus-2025"]).sections) for t in OFF_TOPICS}
    report["off_topic_briefs_with_content"] = off
    report["coverage"] = coverage(trainers, filters, json.loads(args.outlines.read_text(encoding="utf-8"))["outlines"])
    times = [t["brief_seconds"] for t in report["corpus-2025"]["topics"].values()]
    report["brief_seconds_corpus2025"] = {"median": round(statistics.median(times), 3), "max": round(max(times), 3)}

    args.report.mkdir(parents=True, exist_ok=True)
    (args.report / "quality.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    corpora = (SHARED / "corpus", args.corpus25)
    (args.report / "quiz_sample.md").write_text(quiz_sample(quizzes, corpora=corpora), encoding="utf-8")

    for name in ("sample", "corpus-2025"):
        r = report[name]
        print(f"{name}: citations verbatim {r['verbatim']}/{r['citations']}; quiz items valid {r['valid_items']}/{r['items']}"
              f" ({r['valid_items'] / max(r['items'], 1):.3f}); problems {r['problems']}")
        for topic, t in r["topics"].items():
            print(f"   {topic}: {t['sections']} sections, {t['points']} points, {t['events']} events, "
                  f"{t['quiz_valid']}/{t['quiz_items']} valid items {t['kinds']}, brief {t['brief_seconds']} s")
    print(f"brief over corpus-2025: median {report['brief_seconds_corpus2025']['median']} s, max {report['brief_seconds_corpus2025']['max']} s")
    print(f"off-topic briefs with content: {sum(off.values())} of {len(off)} {off}")
    shares = [c["share"] for c in report["coverage"]]
    for c in report["coverage"]:
        print(f"coverage {c['topic']} ({c['index']}): {c['found']}/{c['facts']} missing {c['missing']}")
    print(f"coverage mean {statistics.mean(shares):.3f}")


if __name__ == "__main__":
    main()
