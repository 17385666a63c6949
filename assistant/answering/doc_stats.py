"""The document-wide statistics the answerer needs, computed once per document version.

Scoring a question's candidates reads facts about their whole documents: the canonical words
of every token (so a unit's words are a slice), the folded names and place names a document
mentions, and how many of its sentences hold each word (the IDF of `features`). Computing them
costs tens of milliseconds of CPU per document, and at scale almost every question meets
documents it has not met before. `compute` gathers them from a `DocIndex` with the very
functions the answerer uses; `apply` puts them back into a fresh `DocIndex`'s memo, so the
answerer finds them instead of recomputing, and answers are the same either way. They are kept
on disk by `assistant.doc_stats_store`.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from assistant.answering.candidates import document_names, document_tokens, unit_words
from assistant.units import DocIndex

FORMAT = 2  # bump when what is stored, or how the answerer derives it, changes


class TokenWords(Sequence[tuple[str, ...]]):
    """The canonical words of each token, held as one flat list and where each token's words start
    (decoding stored statistics builds no tuple until a token is read)."""

    __slots__ = ("flat", "offsets")

    def __init__(self, flat: list[str], offsets: list[int]) -> None:
        self.flat = flat
        self.offsets = offsets  # len(tokens) + 1 entries

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return tuple(self.flat[self.offsets[i] : self.offsets[i + 1]])

    def span(self, first: int, last: int) -> tuple[str, ...]:
        """The words of tokens [first, last), in order."""
        return tuple(self.flat[self.offsets[first] : self.offsets[last]])


@dataclass(frozen=True, slots=True)
class DocStats:
    """Statistics of one document version (its tokens are those of `title + "\n" + text`)."""

    starts: Sequence[int]  # token starts
    ends: Sequence[int]
    words: TokenWords  # the canonical words of each token
    names: frozenset[str]  # `candidates.document_names`
    places: list[str]  # `DocIndex.places`
    sentence_df: dict[str, int]  # word -> how many of its sentence units hold it
    sentences: int  # its sentence units (instructions to an AI are none)

    def encode(self) -> tuple[str, bytes, bytes, bytes, str]:
        """(the words, space separated; token starts; ends; words per token; the rest as JSON)."""
        counts = [b - a for a, b in zip(self.words.offsets, self.words.offsets[1:])]
        rest = {"names": sorted(self.names), "places": self.places, "df": self.sentence_df, "n": self.sentences}
        return (
            " ".join(self.words.flat),
            array("i", self.starts).tobytes(),
            array("i", self.ends).tobytes(),
            array("H", counts).tobytes(),
            json.dumps(rest, ensure_ascii=False, separators=(",", ":")),
        )

    @staticmethod
    def decode(flat: str, starts: bytes, ends: bytes, counts: bytes, rest: str) -> "DocStats":
        data = json.loads(rest)
        offsets = list(accumulate(array("H", counts), initial=0))
        return DocStats(
            starts=array("i", starts),
            ends=array("i", ends),
            words=TokenWords(flat.split(" ") if flat else [], offsets),
            names=frozenset(data["names"]),
            places=data["places"],
            sentence_df=data["df"],
            sentences=data["n"],
        )


def sentence_frequencies(index: DocIndex) -> tuple[dict[str, int], int]:
    """How many sentence units of the document hold each word, and how many there are (kept in the memo)."""
    found = index.memo.get("sentence_df")
    if found is None:
        df: dict[str, int] = {}
        n = 0
        for unit in index.units:
            if unit.is_clause:
                continue
            n += 1
            for word in unit_words(index, unit):
                df[word] = df.get(word, 0) + 1
        found = (df, n)
        index.memo["sentence_df"] = found
    return found  # type: ignore[return-value]


def compute(index: DocIndex) -> DocStats | None:
    """The statistics of the document `index` holds (what is already in its memo is reused); None
    when a word could not be stored space separated (empty, or holding a space: none is known)."""
    starts, ends, words, _, _ = document_tokens(index)
    flat = [w for token in words for w in token]
    if any(not w or " " in w for w in flat):
        return None
    offsets = list(accumulate((len(token) for token in words), initial=0))
    df, n = sentence_frequencies(index)
    return DocStats(list(starts), list(ends), TokenWords(flat, offsets), document_names(index), list(index.places), dict(df), n)


def apply(index: DocIndex, stats: DocStats) -> None:
    """Give a `DocIndex` of the same document version its statistics, as if computed."""
    # The tokens themselves (the last item) only serve `document_names`, which is given too.
    index.memo["doc_tokens"] = (stats.starts, stats.ends, stats.words, len(index.document.title) + 1, [])
    index.memo["doc_seq"] = tuple(stats.words.flat)  # `candidates.document_sequence`
    index.memo["names"] = stats.names
    index.memo["sentence_df"] = (stats.sentence_df, stats.sentences)
    index.set_places(stats.places)


def has_stats(index: DocIndex) -> bool:
    """Whether the index already holds its statistics (computed or applied)."""
    return "doc_tokens" in index.memo and "names" in index.memo and "sentence_df" in index.memo
