"""Whether the sentence a quiz item quotes is itself about the topic, and how central it is.

The fifth blind review found a third of the items off the stated topic: a province's commune count
asked under a topic about leave policy, a công văn on job positions under the local-government
law. Their documents were about the topic; the quoted sentences were not. Here the quote itself
must hold `MIN_QUOTE_SHARE` of the topic's content words (IDF-weighted, as `topic.py` weighs
them), a year of the topic left out ("… cấp xã 2025": every sentence of 2025 would hold it), and
the topic's most specific word ("nghỉ" of "chế độ nghỉ việc sau sáp nhập xã": a sentence on
"sáp nhập xã" alone is about something else) unless it holds
`WHOLE_TOPIC_SHARE` of the topic. A topic's place name may be held by the document's title
instead (a page about Bến Tre need not repeat "Bến Tre" in every sentence).
"""

from __future__ import annotations

import re

from assistant.answering.spans import typed_spans
from assistant.textkeys import place_names
from assistant.trainer.topic import text_keys
from ingest.normalize import folded_key

_CORE = re.compile(r"0*(\d+)(?=[/-])")
MIN_QUOTE_SHARE = 0.5
WHOLE_TOPIC_SHARE = 0.8  # a quote holding this much of the topic need not hold its most specific word


def _year(key: str) -> bool:
    return len(key) == 4 and key.isdigit() and key[:2] in ("19", "20")


def subject_weights(weights: dict[str, float]) -> dict[str, float]:
    """The topic's key weights without its years."""
    return {k: w for k, w in weights.items() if not _year(k)}


def place_keys(title: str, topic: str, keys: list[str]) -> frozenset[str]:
    """The topic keys that are words of the topic's place names and that the title holds too."""
    place_words = {w for name in place_names(topic, prepositions=True) for w in name.split()}
    in_title = text_keys(title)
    return frozenset(k for k in keys if folded_key(k) in place_words and k in in_title)


def document_numbers(quote: str, keys: list[str]) -> frozenset[str]:
    """The topic's number keys that are the number of a document the quote cites ("18" of
    "Nghị quyết 18" is held by "18-NQ/TW")."""
    cores = {m.group(1) for s in typed_spans(quote) if s.kind == "docnum" and (m := _CORE.match(quote[s.start : s.end]))}
    return frozenset(k for k in keys if k.isdigit() and k in cores)


def _held(quote: str, title: str, topic: str, keys: list[str]) -> frozenset[str]:
    """The keys the quote holds, with the topic's places its title names and its documents' numbers."""
    return text_keys(quote) | place_keys(title, topic, keys) | document_numbers(quote, keys)


def quote_share(quote: str, title: str, topic: str, weights: dict[str, float]) -> float:
    """The share of the topic's subject (`subject_weights`) the quote holds, a place the title
    names counted as held."""
    wanted = subject_weights(weights)
    total = sum(wanted.values())
    if not total:
        return 0.0
    held = _held(quote, title, topic, list(wanted))
    return sum(w for k, w in wanted.items() if k in held) / total


def on_topic(quote: str, title: str, topic: str, weights: dict[str, float]) -> bool:
    """The quote is about the topic (see the module's docstring); a pool without weights (no
    lexical index) judges by its retrieval alone."""
    if not weights:
        return True
    share = quote_share(quote, title, topic, weights)
    return share >= WHOLE_TOPIC_SHARE or (share >= MIN_QUOTE_SHARE and holds_head(quote, title, topic, weights))


def holds_head(quote: str, title: str, topic: str, weights: dict[str, float]) -> bool:
    """The quote holds the topic's most specific word (its heaviest subject key)."""
    wanted = subject_weights(weights)
    if not wanted:
        return True
    head = max(wanted, key=lambda k: wanted[k])
    return head in _held(quote, title, topic, [head])
