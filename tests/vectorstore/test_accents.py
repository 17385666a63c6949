"""Accents put back on a folded question from the index's own spellings (a Markov chain over
syllables): pairs the index always spells one way win over more frequent single spellings, and
question words keep the spelling questions give them unless the pair around them says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.normalize import fold_accents
from vectorstore.accents import restore_accents
from vectorstore.lexical import Analyzer, LexicalIndex

PASSAGES = [
    *["Đội ngũ cán bộ, công chức cấp xã được sắp xếp lại."] * 6,
    *["Tỉnh Phú Thọ sau sáp nhập có 148 đơn vị hành chính cấp xã."] * 5,
    *["Các cơ quan, cơ sở của tỉnh được tinh gọn bộ máy."] * 6,
    *["Sau khi sắp xếp, tỉnh có ít đơn vị hơn; sau đó bộ máy vận hành."] * 6,  # "sau" is common
    "Sau khi sắp xếp, thành phố Cần Thơ có 103 đơn vị hành chính cấp xã.",
    "Thành phố Cần Thơ có 31 phường.",
    "Cần Thơ là thành phố trực thuộc Trung ương.",
    "Tỉnh Sơn La có 75 xã, phường.",
    "Báo cáo của Sơn La nêu kết quả sắp xếp.",
]


@pytest.fixture(scope="module")
def lexical(tmp_path_factory: pytest.TempPathFactory) -> LexicalIndex:
    index = LexicalIndex(Path(tmp_path_factory.mktemp("lexical")), Analyzer("bigram"))  # the default: with pairs
    index.add((f"p{n}", text) for n, text in enumerate(PASSAGES))
    return index


def _restored(question: str, lexical: LexicalIndex) -> str:
    return restore_accents(fold_accents(question.lower()).split(), lexical)


@pytest.mark.parametrize(
    "question",
    [
        "cần thơ sau sáp nhập có bao nhiêu xã",  # "cán" and "thọ" are commoner alone, never together
        "sơn la có bao nhiêu xã",  # "la" is "là" in a question, but the index writes "Sơn La"
        "báo cáo của sơn la",  # "bao" is the "bao" of "bao nhiêu" only where no pair says otherwise
        "bộ máy của tỉnh có mấy cơ quan",  # "mấy" is asked, "máy" stays in "bộ máy"; "có", yet "cơ quan"
    ],
)
def test_the_index_spelling_of_each_syllable_in_its_context(question: str, lexical: LexicalIndex) -> None:
    assert _restored(question, lexical) == question


def test_a_syllable_the_index_never_spells_stays_folded(lexical: LexicalIndex) -> None:
    assert _restored("cách nấu bún cần thơ", lexical) == "cach nau bun cần thơ"


def test_an_empty_question_restores_to_nothing(lexical: LexicalIndex) -> None:
    assert restore_accents([], lexical) == ""
