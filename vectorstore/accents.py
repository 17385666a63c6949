"""Diacritics put back on a folded question, from the indexed text's own spellings.

"thap muoi da thuc hien mo hinh" and "Tháp Mười đã thực hiện mô hình" must be embedded alike, or
the same question typed two ways would retrieve differently. Every question is folded first and
then given its most likely accented spelling under a bigram language model of the indexed
passages (interpolated with the spellings' own frequencies, Jelinek–Mercer): "can tho" becomes
"Cần Thơ", since the index writes "thơ" after "cần" and never "thọ" after "cán", although "cán"
(of "cán bộ") and "thọ" (of "Phú Thọ") are each commoner alone. A syllable the index never spells
stays folded. Questions use words that passages rarely hold in the forms questions give them
("có bao nhiêu", "mấy", "thì sao"): those spellings start as frequent as the index's most
frequent one (`QUESTION_SPELLINGS`), and the words around them still decide ("Sơn La", "báo cáo",
"bộ máy").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from vectorstore.lexical import LexicalIndex

# Words of a question's form, spelled as questions write them (folded → accented).
QUESTION_SPELLINGS = {
    "bao": "bao", "gi": "gì", "nao": "nào", "ai": "ai", "khong": "không", "chua": "chưa", "la": "là",
    "cua": "của", "nhung": "những", "cac": "các", "duoc": "được", "sao": "sao", "va": "và",
    "may": "mấy", "thi": "thì", "co": "có", "dau": "đâu", "the": "thế",
}  # fmt: skip
# A word whose spelling depends on the word before it in a question ("bao nhiêu", not "nhiều").
QUESTION_PAIRS = {("bao", "nhieu"): "nhiêu"}
MAX_FORMS = 6  # spellings tried per syllable
PAIR_WEIGHT = 0.5  # the bigram's share of the interpolated chance; the rest is the spelling's own frequency
SMOOTHING = 0.5  # pseudo-count of every spelling


def restore_accents(words: Sequence[str], lexical: LexicalIndex) -> str:
    """The most likely accented spelling of a folded word sequence (Viterbi over the bigram model).

    Chances are read off passage frequencies: a spelling's own, its share of all the index's
    syllables (`df(a) / Σ df`), and a pair's, `df(a_prev a) / df(a_prev)`, so a pair the index
    holds outweighs a frequent word alone ("cấp phó", not the "phố" of "thành phố"). About 96% of
    the development questions' syllables come back as typed (`python -m eval.bench_accents`)."""
    forms = lexical.accent_forms()
    df = lexical.document_frequency
    syllables = float(max(1, lexical.syllable_total()))
    paths: list[tuple[float, list[str]]] = [(0.0, [])]
    counts: dict[str, float] = {}
    previous = ""
    for word in words:
        fixed = QUESTION_PAIRS.get((previous, word))
        options = [fixed] if fixed else _options(word, forms)
        before, counts = counts, _spelling_counts(word, options, df)
        step: list[tuple[float, list[str]]] = []
        for option in options:
            alone = (counts[option] + SMOOTHING) / syllables

            def extended(path: tuple[float, list[str]]) -> float:
                if not path[1]:
                    return math.log(alone)
                last = path[1][-1]
                after = df(f"{last}_{option}") / max(1.0, before[last])
                return path[0] + math.log(PAIR_WEIGHT * after + (1 - PAIR_WEIGHT) * alone)

            best = max(paths, key=extended)
            step.append((extended(best), [*best[1], option]))
        paths, previous = step, word
    return " ".join(max(paths, key=lambda path: path[0])[1])


def _options(word: str, forms: dict[str, list[str]]) -> list[str]:
    options = list(forms.get(word, [])[:MAX_FORMS]) or [word]
    asked = QUESTION_SPELLINGS.get(word)
    if asked and asked not in options:
        options.append(asked)
    return options


def _spelling_counts(word: str, options: list[str], df: Callable[[str], int]) -> dict[str, float]:
    """Passages holding each spelling; a question's own spelling of a question word counts as
    often as the index's most frequent spelling, plus one."""
    counts = {option: float(df(option)) for option in options}
    asked = QUESTION_SPELLINGS.get(word)
    if asked in counts:
        counts[asked] = max(counts.values()) + 1.0
    return counts
