"""`tinhgon ask`, `serve` and `ui`: the same JSON as the API, real servers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api import create_app
from assistant.background_processes import stop_process
from assistant.background_server import free_port
from assistant.cli import app as cli
from assistant.schemas import ChatResponse
from ui.launch import client_host, ui_command

pytestmark = pytest.mark.slow

QUESTION = "Bến Tre có tổng cộng bao nhiêu trường hợp kiêm nhiệm, nhất thể hóa?"


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the process exited with {process.returncode}")
        try:
            return httpx.get(url, timeout=2, trust_env=False)
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url}")


def _no_timings(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "timings_ms"}


def test_ask_json_is_the_api_json(corpus_settings):
    result = CliRunner().invoke(cli, ["ask", QUESTION, "--json"], env={"TINHGON_DATA_DIR": str(corpus_settings.data_dir)})
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    ChatResponse.model_validate(printed)
    with TestClient(create_app(corpus_settings)) as client:
        served = client.post("/api/v1/chat", json={"question": QUESTION}).json()
    assert _no_timings(printed) == _no_timings(served)
    assert printed["found"] is True and printed["citations"]


def test_ask_plain_prints_the_answer_and_numbered_citations(corpus_settings):
    result = CliRunner().invoke(cli, ["ask", QUESTION], env={"TINHGON_DATA_DIR": str(corpus_settings.data_dir)})
    assert result.exit_code == 0, result.output
    assert "Trích dẫn:" in result.stdout and "\n[1] " in result.stdout and "“" in result.stdout


@pytest.mark.parametrize("question", ["   ", "x" * 1001])
def test_ask_rejects_bad_questions(tmp_path, question):
    result = CliRunner().invoke(cli, ["ask", question], env={"TINHGON_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 2 and "question" in result.output


def _closed(port: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return True
        time.sleep(0.2)
    return False


def test_serve_with_ui_starts_both_and_stops_both(corpus_settings):
    port, ui_port = free_port(), free_port()
    env = {**os.environ, "TINHGON_DATA_DIR": str(corpus_settings.data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--with-ui", "--ui-port", str(ui_port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        health = _wait_for(f"http://127.0.0.1:{port}/healthz", process)
        assert health.status_code == 200 and health.json()["documents"] == 5
        answer = httpx.post(f"http://127.0.0.1:{port}/api/v1/chat", json={"question": QUESTION}, trust_env=False)
        assert answer.status_code == 200 and answer.json()["found"] is True
        assert _wait_for(f"http://127.0.0.1:{ui_port}/_stcore/health", process).status_code == 200
    finally:
        stop_process(process)
    assert _closed(port) and _closed(ui_port), "serve left a server running after SIGTERM"


def test_ui_command_starts_streamlit_headless(tmp_path):
    assert client_host("0.0.0.0") == "127.0.0.1" and client_host("127.0.0.1") == "127.0.0.1"
    command = ui_command("127.0.0.1", 8601)
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4].endswith("ui/app.py")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ui", "--port", str(port), "--api-url", "http://127.0.0.1:9"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        health = _wait_for(f"http://127.0.0.1:{port}/_stcore/health", process, seconds=60)
        assert health.status_code == 200
    finally:
        stop_process(process)
