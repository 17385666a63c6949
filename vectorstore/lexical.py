"""The lexical (BM25) side: a Vietnamese analyzer and a bm25s index persisted beside Chroma.

Tokens come from the normalised index keys: the accented key (NFC, lower case, canonical tone
placement), an accent-folded copy of every token (prefixed "~") so that questions typed without
diacritics still match, and one concept token per abbreviation or long form ("#ubnd") so that
"UBND" and "Ủy ban nhân dân" match each other. The default analyzer also adds syllable bigrams
("bí_thư"): measured against plain syllables and pyvi word segmentation, bigrams won on the dev
set and on ALQAC (see /work/notes/retrieval_results.md).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.normalize import canonical_tones, fold_accents, has_diacritics, nfc
from vectorstore.abbreviations import ABBREVIATIONS

ANALYZERS = ("syllable", "bigram", "pyvi")
DEFAULT_ANALYZER = "bigram"
FORMAT_VERSION = 1
# A persisted index is stale when the abbreviation table it was built with has changed.
TABLE_DIGEST = hashlib.sha256(repr(ABBREVIATIONS).encode("utf-8")).hexdigest()[:12]

# numbers keep their separators ("1.017", "24/9/2021"); document numbers get a compound token
_TOKEN = re.compile(r"\d+(?:[.,/-]\d+)*|\w+")
_DOC_NUMBER = re.compile(r"\b\d+[a-z]?-[^\W\d_]+(?:[/-][^\W\d_]+)+")


def _fold_short(short: str) -> str:
    return fold_accents(short).lower().replace("-", "")


class _AbbreviationTable:
    """Lookups for concept tokens: short forms by folded spelling, long forms by folded token run."""

    def __init__(self) -> None:
        self.short_any_case: dict[str, str] = {}
        self.short_upper_only: dict[str, str] = {}
        self.long_forms: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for abbr in ABBREVIATIONS:
            concept = "#" + _fold_short(abbr.short)
            target = self.short_any_case if abbr.lowercase_ok else self.short_upper_only
            target[_fold_short(abbr.short)] = concept
            for long_form in abbr.long_forms:
                words = tuple(fold_accents(w) for w in _TOKEN.findall(long_form.lower()))
                self.long_forms.setdefault(words[0], []).append((words, concept))
        for runs in self.long_forms.values():
            runs.sort(key=lambda item: -len(item[0]))

    def concepts(self, original: Sequence[str], folded: Sequence[str]) -> list[str]:
        found: list[str] = []
        for i, (orig, low) in enumerate(zip(original, folded, strict=True)):
            concept = self.short_any_case.get(low)
            if concept is None and orig.isupper() and len(orig) > 1:
                concept = self.short_upper_only.get(low)
            if concept is not None:
                found.append(concept)
                continue
            for words, concept in self.long_forms.get(low, ()):  # every match: MTTQVN is also MTTQ
                if tuple(folded[i : i + len(words)]) == words:
                    found.append(concept)
        return found


_TABLE = _AbbreviationTable()


@lru_cache(maxsize=262144)
def _unit_keys(unit: str) -> tuple[str, str]:
    """A syllable's (or word's) accented and folded keys: cached, as a corpus repeats its syllables."""
    lowered = canonical_tones(unit.lower())
    return lowered, fold_accents(lowered)


class Analyzer:
    """Text → BM25 tokens. `mode`: "syllable" (default), "bigram" (adds syllable pairs) or "pyvi" (word segmentation)."""

    def __init__(self, mode: str = DEFAULT_ANALYZER) -> None:
        if mode not in ANALYZERS:
            raise ValueError(f"unknown analyzer {mode!r}; expected one of {ANALYZERS}")
        self.mode = mode
        self._pyvi = None

    def _units(self, text: str) -> list[str]:
        """Surface tokens (original case), syllables or pyvi words joined by '_'."""
        if self.mode == "pyvi":
            if self._pyvi is None:
                from pyvi import ViTokenizer

                self._pyvi = ViTokenizer
            text = self._pyvi.tokenize(text)
            return [t for t in text.split() if any(c.isalnum() for c in t)]
        return _TOKEN.findall(text)

    def query_tokens(self, text: str) -> list[str]:
        """Tokens for a question, without interrogatives ("bao nhiêu", "ai", "gì" ... never occur in
        answers). One typed without any diacritic is matched on the folded field only: its
        syllables are ambiguous ("da" may be "đã" or "da")."""
        tokens = [t for t in self.tokens(text) if not _is_question_word(t)]
        if has_diacritics(nfc(text)):
            return tokens
        return [t for t in tokens if t[0] in "~#="]

    def tokens(self, text: str) -> list[str]:
        text = nfc(text)
        units = self._units(text)
        keys = [_unit_keys(u) for u in units]
        lowered = [key for key, _ in keys]
        folded = [key for _, key in keys]
        out = list(lowered)
        out.extend("~" + f for f in folded)
        if self.mode == "pyvi":
            # abbreviations are looked up on syllables, whatever the segmentation
            syl = _TOKEN.findall(text)
            syl_folded = [fold_accents(canonical_tones(s.lower())) for s in syl]
            out.extend(_TABLE.concepts(syl, syl_folded))
        else:
            out.extend(_TABLE.concepts(units, folded))
        if self.mode == "bigram":
            out.extend(f"{a}_{b}" for a, b in zip(lowered, lowered[1:]))
            out.extend(f"~{a}_{b}" for a, b in zip(folded, folded[1:]))
        out.extend("=" + m.group(0) for m in _DOC_NUMBER.finditer(fold_accents(text.lower())))
        return out


# Interrogatives, accented and folded (the folded forms also drop "báo", "nhiều", "nào" ... from
# questions typed without diacritics: a small loss, since those are rarely what is asked about).
QUESTION_WORDS = frozenset({"bao", "nhiêu", "ai", "gì", "nào", "đâu", "mấy", "sao"})
_FOLDED_QUESTION_WORDS = frozenset({"~bao", "~nhieu", "~ai", "~gi", "~nao"})


def _is_question_word(token: str) -> bool:
    if token[0] == "~":
        return token in _FOLDED_QUESTION_WORDS or any(part in _FOLDED_QUESTION_WORDS for part in _bigram_parts(token, "~"))
    return token in QUESTION_WORDS or any(part in QUESTION_WORDS for part in _bigram_parts(token, ""))


def _bigram_parts(token: str, prefix: str) -> list[str]:
    if "_" not in token or token[0] in "#=":
        return []
    return [prefix + p for p in token.lstrip("~").split("_")]


def fingerprint(pairs: Iterable[tuple[str, str]]) -> str:
    """Identifies an index state: sorted (passage id, document hash) pairs."""
    digest = hashlib.sha256()
    for pid, doc_hash in sorted(pairs):
        digest.update(f"{pid}\x00{doc_hash}\x01".encode("utf-8"))
    return digest.hexdigest()


class LexicalIndex:
    """BM25 over analysed passages, keyed by passage id; rebuilt lazily after changes.

    The token lists are what is persisted (one gzip'd JSON file, written atomically): building
    the bm25s matrices from them is fast, analysing the text is the slow part.
    """

    def __init__(self, path: Path, analyzer: Analyzer | None = None, k1: float = 1.2, b: float = 0.75) -> None:
        self.path = Path(path)
        self.analyzer = analyzer or Analyzer()
        self.k1, self.b = k1, b
        self._tokens: dict[str, list[str]] = {}
        self._ids: list[str] = []
        self._bm25 = None
        self._vocab: dict[str, int] = {}
        self._idf: dict[str, float] = {}
        self._df: dict[str, int] = {}
        self._accent_forms: dict[str, list[str]] | None = None
        self.fingerprint = ""
        self.dirty = False

    # -- contents ---------------------------------------------------------------------------------
    def ids(self) -> set[str]:
        return set(self._tokens)

    def add(self, items: Iterable[tuple[str, str]]) -> None:
        """Index (passage id, text) pairs, replacing any with the same id."""
        for pid, text in items:
            self._tokens[pid] = self.analyzer.tokens(text)
        self._changed()

    def remove(self, pids: Iterable[str]) -> None:
        for pid in pids:
            self._tokens.pop(pid, None)
        self._changed()

    def clear(self) -> None:
        self._tokens.clear()
        self._changed()

    def _changed(self) -> None:
        self._bm25 = None
        self._accent_forms = None
        self.dirty = True

    # -- persistence -------------------------------------------------------------------------
    def load(self) -> bool:
        """Read the persisted state; False when it is missing, unreadable or built by another analyzer."""
        try:
            with gzip.open(self.path, "rt", encoding="utf-8") as fh:
                state = json.load(fh)
        except (OSError, ValueError, EOFError):
            return False
        if state.get("version") != FORMAT_VERSION or state.get("analyzer") != self.analyzer.mode or state.get("tables") != TABLE_DIGEST:
            return False
        self._tokens = dict(zip(state["ids"], state["tokens"], strict=True))
        self.fingerprint = state.get("fingerprint", "")
        self._bm25 = None
        self.dirty = False
        return True

    def save(self, fingerprint_value: str) -> None:
        """Write atomically (temp file + rename), so a crash leaves the old state or the new one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ids = sorted(self._tokens)
        state = {
            "version": FORMAT_VERSION,
            "analyzer": self.analyzer.mode,
            "tables": TABLE_DIGEST,
            "fingerprint": fingerprint_value,
            "ids": ids,
            "tokens": [self._tokens[i] for i in ids],
        }
        tmp = self.path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as fh:
            json.dump(state, fh, ensure_ascii=False)
        os.replace(tmp, self.path)
        self.fingerprint = fingerprint_value
        self.dirty = False

    # -- search ---------------------------------------------------------------------------------
    def _ensure_built(self) -> None:
        if self._bm25 is not None:
            return
        import bm25s

        self._ids = sorted(self._tokens)
        corpus = [self._tokens[i] or ["\x00empty"] for i in self._ids]
        model = bm25s.BM25(k1=self.k1, b=self.b)
        df: Counter[str] = Counter()
        for tokens in corpus:
            df.update(set(tokens))
        n = len(corpus)
        self._df = dict(df)
        self._idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        if corpus:
            model.index(corpus, show_progress=False)
            self._vocab = dict(model.vocab_dict)
        else:
            self._vocab = {}
        self._bm25 = model

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of a token (0 when no passage has it)."""
        self._ensure_built()
        return self._idf.get(token, 0.0)

    def document_frequency(self, token: str) -> int:
        """How many passages hold the token (accented syllable "thư", pair "bí_thư", folded "~thu" …)."""
        self._ensure_built()
        return self._df.get(token, 0)

    def accent_forms(self) -> dict[str, list[str]]:
        """Folded syllable → its accented spellings in the index, most frequent first."""
        self._ensure_built()
        if self._accent_forms is None:
            forms: dict[str, list[str]] = {}
            for token in self._df:
                if token[0] not in "~#=" and "_" not in token and token.isalpha():
                    forms.setdefault(fold_accents(token), []).append(token)
            for spellings in forms.values():
                spellings.sort(key=lambda t: -self._df[t])
            self._accent_forms = forms
        return self._accent_forms

    @property
    def order(self) -> list[str]:
        """Passage ids in score-array order."""
        self._ensure_built()
        return self._ids

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage (in `order`) for the query."""
        self._ensure_built()
        if not self._ids:
            return np.zeros(0, dtype=np.float32)
        token_ids = [self._vocab[t] for t in self.analyzer.query_tokens(query) if t in self._vocab]
        if not token_ids:
            return np.zeros(len(self._ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores_from_ids(token_ids), dtype=np.float32)
