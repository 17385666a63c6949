"""Dataset loading: every bad line and field is named; evidence must be in its document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import DatasetError
from eval.dataset import DocumentTexts, check_evidence, load_dataset

GOOD = {
    "id": "q1",
    "question": "Bao nhiêu trường hợp?",
    "history": [{"role": "user", "content": "Trước đó"}, {"role": "assistant", "content": "Đáp"}],
    "answerable": True,
    "answer": "1.017 trường hợp.",
    "must_include": ["1.017"],
    "evidence": [{"doc": "a.txt", "quote": "có 1.017 trường hợp"}],
    "tags": ["numeric"],
}
UNANSWERABLE = {"id": "q2", "question": "Ai?", "answerable": False, "answer": "Không có.", "tags": ["unanswerable"]}


def write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return path


def test_loads_good_lines(tmp_path):
    items = load_dataset(write(tmp_path, GOOD, "", UNANSWERABLE))
    assert [i.id for i in items] == ["q1", "q2"]
    assert items[0].history[0] == {"role": "user", "content": "Trước đó"}
    assert items[0].evidence[0].doc == "a.txt" and items[0].line == 1
    assert items[1].line == 3 and items[1].evidence == () and items[1].must_include == ()


def test_the_shared_dev_set_loads(dev_set_path):
    items = load_dataset(dev_set_path)
    assert len(items) >= 20
    assert any(not i.answerable for i in items) and any(i.history for i in items)


@pytest.mark.parametrize(
    ("change", "line_field"),
    [
        ({"question": ""}, "field 'question': must not be empty"),
        ({"question": 3}, "field 'question': expected a string"),
        ({"answerable": "yes"}, "field 'answerable': expected true or false"),
        ({"history": [{"role": "bot", "content": "x"}]}, "field 'history[0].role'"),
        ({"history": [{"role": "user"}]}, "field 'history[0].content'"),
        ({"history": "hi"}, "field 'history': expected a list"),
        ({"evidence": [{"doc": "a.txt"}]}, "field 'evidence[0].quote'"),
        ({"evidence": [{"doc": "a.txt", "quote": "q", "page": 3}]}, "field 'evidence[0]': unknown key"),
        ({"evidence": []}, "field 'evidence': an answerable question needs at least one evidence item"),
        ({"must_include": "1.017"}, "field 'must_include': expected a list"),
        ({"must_include": ["ok", 7]}, "field 'must_include[1]'"),
        ({"tags": [None]}, "field 'tags[0]'"),
        ({"colour": "red"}, "field 'colour': unknown field"),
    ],
)
def test_errors_name_line_and_field(tmp_path, change, line_field):
    bad = {**GOOD, "id": "bad", **change}
    path = write(tmp_path, UNANSWERABLE, bad)
    with pytest.raises(DatasetError) as err:
        load_dataset(path)
    message = str(err.value)
    assert f"{path}:2: {line_field}" in message, message


def test_missing_required_field(tmp_path):
    record = dict(GOOD)
    del record["question"]
    with pytest.raises(DatasetError, match=r":1: field 'question': missing"):
        load_dataset(write(tmp_path, record))


def test_unanswerable_with_evidence_is_an_error(tmp_path):
    with pytest.raises(DatasetError, match=r":1: field 'evidence': an unanswerable question cannot have evidence"):
        load_dataset(write(tmp_path, {**UNANSWERABLE, "evidence": GOOD["evidence"]}))


def test_invalid_json_and_duplicates_are_all_reported(tmp_path):
    path = write(tmp_path, GOOD, "{not json", GOOD, [1, 2])
    with pytest.raises(DatasetError) as err:
        load_dataset(path)
    message = str(err.value)
    assert "3 error(s)" in message
    assert ":2: field '<line>': invalid JSON" in message
    assert ":3: field 'id': duplicate id 'q1' (first on line 1)" in message
    assert ":4: field '<line>': expected a JSON object" in message


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(DatasetError, match="no such dataset file"):
        load_dataset(tmp_path / "nope.jsonl")
    with pytest.raises(DatasetError, match="no questions"):
        load_dataset(write(tmp_path, ""))
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b"\xe2u h\xf4i\n")
    with pytest.raises(DatasetError, match="not UTF-8"):
        load_dataset(latin)


def texts() -> DocumentTexts:
    t = DocumentTexts()
    t.add("a", "a.txt", "Theo báo cáo, toàn tỉnh có   1.017 trường hợp “kiêm nhiệm”.")
    return t


def test_check_evidence_accepts_normalised_quotes(tmp_path):
    item = {**GOOD, "evidence": [{"doc": "a.txt", "quote": 'có 1.017 trường hợp "kiêm nhiệm"'}]}
    check_evidence(load_dataset(write(tmp_path, item)), texts().texts_for_source)


def test_check_evidence_reports_missing_quote_and_document(tmp_path):
    wrong_quote = {**GOOD, "id": "w1", "evidence": [{"doc": "a.txt", "quote": "có 1.018 trường hợp"}]}
    wrong_doc = {**GOOD, "id": "w2", "evidence": [{"doc": "a.txt", "quote": "có 1.017"}, {"doc": "zz.txt", "quote": "x"}]}
    path = write(tmp_path, wrong_quote, wrong_doc)
    with pytest.raises(DatasetError) as err:
        check_evidence(load_dataset(path), texts().texts_for_source, path)
    message = str(err.value)
    assert "2 error(s)" in message
    assert f"{path}:1: field 'evidence[0].quote': not found in the cleaned text of a.txt (question w1)" in message
    assert f"{path}:2: field 'evidence[1].doc': no indexed document has source 'zz.txt' (question w2)" in message
