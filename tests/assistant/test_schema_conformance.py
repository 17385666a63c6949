"""The OpenAPI schema says what the API does: schemathesis generates requests for every operation
(valid ones, and ones that break the schema) with a fixed seed and checks every response.

The upload operation is spared one check: a file the schema allows (any bytes, any name) may still
be a format the API does not read, and then 422 with the reason is the right answer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assistant.api import create_app
from assistant.settings import Settings

KEY = "conformance-key"
# per operation; the chat operations run the real chain. A longer probe: TINHGON_CONFORMANCE_EXAMPLES=500
EXAMPLES = int(os.environ.get("TINHGON_CONFORMANCE_EXAMPLES", "50"))
DATA_DIR = Path(tempfile.mkdtemp(prefix="tinhgon-conformance-"))
# The app is built at import (schemathesis reads its schema when tests are collected); its index is
# filled by the fixture below before the first request, the store opening lazily.
APP = create_app(Settings(data_dir=DATA_DIR, api_key=KEY))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def indexed_sample_corpus(corpus_dir: Path) -> Iterator[None]:
    from ingest.pipeline import ingest_paths

    report = ingest_paths([corpus_dir], APP.state.services.store)
    assert report.failed == 0 and report.documents == 5
    yield
    APP.state.services.close()
    shutil.rmtree(DATA_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case) -> None:
    excluded = [positive_data_acceptance] if (case.method, case.operation.path) == ("POST", "/api/v1/documents") else []
    # a request that carries a key carries the right one; one the generator left without stays without
    headers = {"Authorization": f"Bearer {KEY}"} if "Authorization" in (case.headers or {}) else None
    case.call_and_validate(headers=headers, excluded_checks=excluded)
