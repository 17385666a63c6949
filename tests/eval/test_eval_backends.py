"""Backend helpers: the --url search query for follow-ups, and cleaned texts loaded from a corpus folder."""

from __future__ import annotations

from eval.backends import search_query, texts_from_corpus
from eval.dataset import EvalItem, check_evidence, load_dataset


def test_search_query_prefixes_the_previous_user_turn():
    plain = EvalItem(id="a", question="Bao nhiêu xã?", answerable=True)
    follow = EvalItem(id="b", question="Còn xã nào chưa?", answerable=True, history=(
        {"role": "user", "content": "Tháp Mười làm ở bao nhiêu xã?"}, {"role": "assistant", "content": "11/13 xã."},
    ))
    assert search_query(plain) == "Bao nhiêu xã?"
    assert search_query(follow) == "Tháp Mười làm ở bao nhiêu xã? Còn xã nào chưa?"


def test_corpus_texts_hold_every_dev_evidence_quote(corpus_dir, dev_set_path):
    texts = texts_from_corpus([corpus_dir])
    assert len(texts.by_id) == 5
    check_evidence(load_dataset(dev_set_path), texts.texts_for_source, dev_set_path)  # raises on any miss
