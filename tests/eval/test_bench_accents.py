"""The accent benchmark compares each typed syllable with its restored spelling, skipping words
spelled out from an abbreviation."""

from __future__ import annotations

import json
from pathlib import Path

from eval.bench_accents import accented_questions, folded_and_typed, measure
from vectorstore.lexical import Analyzer, LexicalIndex


def test_spelled_out_abbreviations_are_not_compared() -> None:
    words, typed = folded_and_typed("UBND xã Tân Hòa có mấy thôn?")
    assert words[:4] == ["uy", "ban", "nhan", "dan"]
    assert typed[:4] == [None] * 4
    assert typed[4:] == ["xã", "tân", "hòa", "có", "mấy", "thôn"]


def test_only_accented_questions_are_read_once(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    lines = [{"question": q} for q in ("Cần Thơ có bao nhiêu xã?", "can tho co bao nhieu xa", "Cần Thơ có bao nhiêu xã?")]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    assert list(accented_questions([path])) == ["Cần Thơ có bao nhiêu xã?"]


def test_measure_counts_syllables_and_whole_questions(tmp_path: Path) -> None:
    lexical = LexicalIndex(tmp_path, Analyzer())
    lexical.add([("p1", "Thành phố Cần Thơ có 103 xã, phường."), ("p2", "Cán bộ xã được sắp xếp.")])
    syllables, whole, compared, confusions = measure(["Cần Thơ có mấy xã?", "Cán bộ xã được sắp xếp không?"], lexical)
    assert compared == 12
    assert whole == 1.0 and syllables == 1.0 and not confusions
    syllables, whole, _, confusions = measure(["Cần thợ có mấy xã?"], lexical)  # "thợ": never in the index
    assert whole == 0.0 and syllables == 0.8 and confusions == {("thợ", "thơ"): 1}
