"""The lexical (BM25) side: a Vietnamese analyzer and a compact BM25 index persisted beside Chroma.

Tokens come from the normalised index keys: the accented key (NFC, lower case, canonical tone
placement), an accent-folded copy of every token (prefixed "~") so that questions typed without
diacritics still match, and one concept token per abbreviation or long form ("#ubnd") so that
"UBND" and "Ủy ban nhân dân" match each other. The default analyzer also adds syllable bigrams
("bí_thư"): measured against plain syllables and pyvi word segmentation, bigrams won on the dev
set and on ALQAC (see /work/notes/retrieval_results.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.normalize import canonical_tones, fold_accents, has_diacritics, nfc
from vectorstore.abbreviations import ABBREVIATIONS

ANALYZERS = ("syllable", "bigram", "pyvi")
DEFAULT_ANALYZER = "bigram"
FORMAT_VERSION = 2
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


def lexical_file(data_dir: Path, prefix: str) -> Path:
    """Where the lexical index of one generation of collections is persisted under a data dir."""
    return Path(data_dir) / "lexical" / f"{prefix}.npz"


def fingerprint(pairs: Iterable[tuple[str, str]]) -> str:
    """Identifies an index state: sorted (passage id, document hash) pairs."""
    digest = hashlib.sha256()
    for pid, doc_hash in sorted(pairs):
        digest.update(f"{pid}\x00{doc_hash}\x01".encode("utf-8"))
    return digest.hexdigest()


class LexicalIndex:
    """BM25 (Lucene variant, as bm25s scores it) over analysed passages, keyed by passage id.

    Memory is what limits an index of 100,000 passages, so each passage keeps its tokens as an
    int32 array of ids into one vocabulary (a token string exists once), and the BM25 matrix is
    built from those arrays with numpy, by token (CSC): a question sums the columns of its tokens.
    The token arrays are what is persisted (one .npz file, written atomically): analysing the
    text is the slow part, building the matrix from them takes a second.
    """

    def __init__(self, path: Path, analyzer: Analyzer | None = None, k1: float = 1.2, b: float = 0.75) -> None:
        self.path = Path(path)
        self.analyzer = analyzer or Analyzer()
        self.k1, self.b = k1, b
        self._vocab: dict[str, int] = {}  # token -> id (only grows)
        self._names: list[str] = []  # id -> token
        self._tokens: dict[str, np.ndarray] = {}  # passage id -> its token ids, in text order
        self._matrix: _Bm25Matrix | None = None
        self._accent_forms: dict[str, list[str]] | None = None
        self._syllable_total = 0  # passages summed over every accented syllable (built with `_accent_forms`)
        self.fingerprint = ""
        self.dirty = False

    # -- contents ---------------------------------------------------------------------------------
    def ids(self) -> set[str]:
        return set(self._tokens)

    def add(self, items: Iterable[tuple[str, str]]) -> None:
        """Index (passage id, text) pairs, replacing any with the same id."""
        for pid, text in items:
            self._tokens[pid] = self._token_ids(self.analyzer.tokens(text))
        self._changed()

    def _token_ids(self, tokens: Sequence[str]) -> np.ndarray:
        vocab, names = self._vocab, self._names
        ids = []
        for token in tokens:
            token_id = vocab.get(token)
            if token_id is None:
                token_id = vocab[token] = len(names)
                names.append(token)
            ids.append(token_id)
        return np.asarray(ids, dtype=np.int32)

    def remove(self, pids: Iterable[str]) -> None:
        for pid in pids:
            self._tokens.pop(pid, None)
        self._changed()

    def clear(self) -> None:
        self._tokens.clear()
        self._changed()

    def _changed(self) -> None:
        self._matrix = None
        self._accent_forms = None
        self.dirty = True

    # -- persistence -------------------------------------------------------------------------
    def load(self) -> bool:
        """Read the persisted state; False when it is missing, unreadable or built by another analyzer."""
        try:
            with np.load(self.path, allow_pickle=False) as saved:
                meta = json.loads(saved["meta"].tobytes().decode("utf-8"))
                lengths = saved["lengths"]
                flat = saved["tokens"]
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return False
        if meta.get("version") != FORMAT_VERSION or meta.get("analyzer") != self.analyzer.mode or meta.get("tables") != TABLE_DIGEST:
            return False
        self._names = list(meta["vocab"])
        self._vocab = {token: i for i, token in enumerate(self._names)}
        bounds = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
        self._tokens = {pid: flat[bounds[i] : bounds[i + 1]].copy() for i, pid in enumerate(meta["ids"])}
        self.fingerprint = meta.get("fingerprint", "")
        self._changed()
        self.dirty = False
        return True

    def save(self, fingerprint_value: str) -> None:
        """Write atomically (temp file + rename), so a crash leaves the old state or the new one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ids = sorted(self._tokens)
        meta = {
            "version": FORMAT_VERSION,
            "analyzer": self.analyzer.mode,
            "tables": TABLE_DIGEST,
            "fingerprint": fingerprint_value,
            "ids": ids,
            "vocab": self._names,
        }
        arrays = [self._tokens[i] for i in ids]
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "wb") as fh:
            np.savez(
                fh,
                meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                lengths=np.asarray([len(a) for a in arrays], dtype=np.int32),
                tokens=np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32),
            )
        os.replace(tmp, self.path)
        self.fingerprint = fingerprint_value
        self.dirty = False

    # -- search ---------------------------------------------------------------------------------
    def _built(self) -> "_Bm25Matrix":
        if self._matrix is None:
            ids = sorted(self._tokens)
            self._matrix = _Bm25Matrix(ids, [self._tokens[i] for i in ids], len(self._names), self.k1, self.b)
        return self._matrix

    def _id_of(self, token: str) -> int | None:
        return self._vocab.get(token)

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of a token (0 when no passage has it)."""
        token_id = self._id_of(token)
        return 0.0 if token_id is None else self._built().idf_of(token_id)

    def document_frequency(self, token: str) -> int:
        """How many passages hold the token (accented syllable "thư", pair "bí_thư", folded "~thu" …)."""
        token_id = self._id_of(token)
        return 0 if token_id is None else self._built().df_of(token_id)

    def accent_forms(self) -> dict[str, list[str]]:
        """Folded syllable → its accented spellings in the index, most frequent first."""
        matrix = self._built()
        if self._accent_forms is None:
            forms: dict[str, list[str]] = {}
            for token_id in np.flatnonzero(matrix.df):
                token = self._names[token_id]
                if token[0] not in "~#=" and "_" not in token and token.isalpha():
                    forms.setdefault(fold_accents(token), []).append(token)
            for spellings in forms.values():
                spellings.sort(key=lambda t: -matrix.df_of(self._vocab[t]))
            self._syllable_total = sum(matrix.df_of(self._vocab[t]) for spellings in forms.values() for t in spellings)
            self._accent_forms = forms
        return self._accent_forms

    def syllable_total(self) -> int:
        """Σ df over the accented syllables of `accent_forms`: how many syllable-in-passage
        occurrences the index holds, the denominator of a spelling's own chance."""
        self.accent_forms()
        return self._syllable_total

    @property
    def order(self) -> list[str]:
        """Passage ids in score-array order."""
        return self._built().ids

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage (in `order`) for the query."""
        matrix = self._built()
        token_ids = [i for i in map(self._id_of, self.analyzer.query_tokens(query)) if i is not None]
        return matrix.scores(token_ids)


class _Bm25Matrix:
    """The BM25 score of every (token, passage) pair, stored by token: `indptr[t]:indptr[t+1]` are
    the passages holding token t (`rows`) and their scores (`data`).

    Lucene's BM25: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), times tf / (tf + k1 (1 - b + b dl/avgdl)),
    where dl counts every token of the passage (an empty passage counts one, as bm25s does).
    """

    def __init__(self, ids: list[str], token_arrays: list[np.ndarray], vocab_size: int, k1: float, b: float) -> None:
        self.ids = ids
        self.n = n = len(ids)
        lengths = np.asarray([max(len(a), 1) for a in token_arrays], dtype=np.float64)
        # (token, passage, tf) triples, one passage at a time: memory stays near the final matrix
        uniques = [np.unique(a, return_counts=True) for a in token_arrays]
        terms = np.concatenate([u for u, _ in uniques]) if uniques else np.zeros(0, dtype=np.int32)
        tf = np.concatenate([c for _, c in uniques]).astype(np.float64) if uniques else np.zeros(0)
        rows = np.repeat(np.arange(n, dtype=np.int32), [len(u) for u, _ in uniques])
        del uniques
        by_term = np.argsort(terms, kind="stable")  # passages stay in order within a token
        terms, rows, tf = terms[by_term], rows[by_term], tf[by_term]
        self.df = np.bincount(terms, minlength=vocab_size).astype(np.int64)
        self.idf = np.log(1.0 + (n - self.df + 0.5) / (self.df + 0.5))
        norm = k1 * ((1.0 - b) + b * lengths[rows] / (float(lengths.mean()) if n else 1.0))
        self.data = (self.idf[terms] * tf / (norm + tf)).astype(np.float32)
        self.rows = rows
        self.indptr = np.concatenate([[0], np.cumsum(self.df)])

    def idf_of(self, token_id: int) -> float:
        return float(self.idf[token_id]) if token_id < len(self.df) and self.df[token_id] else 0.0

    def df_of(self, token_id: int) -> int:
        return int(self.df[token_id]) if token_id < len(self.df) else 0

    def scores(self, token_ids: Sequence[int]) -> np.ndarray:
        """Sum of the columns of the query's tokens (a repeated token counts each time)."""
        spans = [(self.indptr[t], self.indptr[t + 1]) for t in token_ids if t < len(self.df)]
        if not self.n or not spans:
            return np.zeros(self.n, dtype=np.float32)
        rows = np.concatenate([self.rows[a:b] for a, b in spans])
        data = np.concatenate([self.data[a:b] for a, b in spans])
        return np.bincount(rows, weights=data, minlength=self.n).astype(np.float32)
