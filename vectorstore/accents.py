"""Diacritics put back on a folded question, from the indexed text's own spellings.

"thap muoi da thuc hien mo hinh" and "Tháp Mười đã thực hiện mô hình" must be embedded alike, or
the same question typed two ways would retrieve differently. Every question is folded first and
then given the most likely accented spelling of each syllable: the one the indexed passages use
most after the previous syllable's spelling (syllable pairs), else the most frequent alone.
A syllable the index never spells stays folded. Question and function words, which passages
rarely hold in the forms questions use, have a fixed spelling (`QUESTION_SPELLINGS`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from vectorstore.lexical import LexicalIndex

# Words of a question's form, spelled as questions write them (folded → accented).
# Only words whose folded form is rarely a content word: "máy", "tài", "thể", "cơ" keep corpus spellings.
QUESTION_SPELLINGS = {
    "bao": "bao", "gi": "gì", "nao": "nào", "ai": "ai", "khong": "không", "chua": "chưa", "la": "là",
    "cua": "của", "nhung": "những", "cac": "các", "duoc": "được", "sao": "sao", "va": "và",
}
# A word whose spelling depends on the word before it in a question ("bao nhiêu", not "nhiều").
QUESTION_PAIRS = {("bao", "nhieu"): "nhiêu"}
PAIR_WEIGHT = 3.0  # a spelling seen after the previous syllable's spelling counts this much more
MAX_FORMS = 6  # spellings tried per syllable


def restore_accents(words: Sequence[str], lexical: LexicalIndex) -> str:
    """The most likely accented spelling of a folded word sequence (Viterbi over syllable pairs)."""
    forms = lexical.accent_forms()
    df = lexical.document_frequency
    best: list[tuple[float, list[str]]] = [(0.0, [])]
    previous = ""
    for word in words:
        fixed = QUESTION_PAIRS.get((previous, word)) or QUESTION_SPELLINGS.get(word)
        previous = word
        options = [fixed] if fixed else forms.get(word, [])[:MAX_FORMS] or [word]
        step: list[tuple[float, list[str]]] = []
        for option in options:
            alone = math.log1p(df(option))
            choice = max(
                (score + alone + PAIR_WEIGHT * math.log1p(df(f"{path[-1]}_{option}")) if path else score + alone, path)
                for score, path in best
            )
            step.append((choice[0], [*choice[1], option]))
        best = step
    return " ".join(max(best)[1])
