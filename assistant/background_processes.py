"""Start `chroma run` and `tinhgon serve` as real processes, wait until they answer, stop them after.

Used by the scale benchmark and by the tests that need real servers (several API workers on one
Chroma server). In-process servers (uvicorn in a thread) live in `assistant.background_server`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.background_server import free_port

CHROMA_CLI = Path(sys.executable).with_name("chroma")


class ServerStartError(RuntimeError):
    """A server process exited or did not answer in time; the message says where its log is."""


@dataclass(frozen=True)
class RunningServer:
    url: str
    pid: int


def wait_until_answers(process: subprocess.Popen, probe: str, timeout_s: float, what: str, log: str) -> None:
    """Return once `probe` answers 200; raise `ServerStartError` (naming `log`) when the process
    exits first or `timeout_s` passes."""
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise ServerStartError(f"{what} exited with code {process.returncode}; {log}")
        try:
            if httpx.get(probe, timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise ServerStartError(f"{what} did not answer {probe} within {timeout_s:.0f} s; {log}")
        time.sleep(0.2)


def stop_process(process: subprocess.Popen) -> None:
    """Terminate a process, kill it when it has not exited 20 s later."""
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@contextmanager
def chroma_run(path: Path, log_path: Path | None = None, timeout_s: float = 60.0) -> Iterator[RunningServer]:
    """A real `chroma run` server persisting under `path`, on a free 127.0.0.1 port."""
    if not CHROMA_CLI.exists():
        raise ServerStartError(f"the chroma CLI is missing: expected {CHROMA_CLI} (it comes with chromadb)")
    port = free_port()
    log_path = log_path or path.parent / f"chroma-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(CHROMA_CLI), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_answers(process, f"{url}/api/v2/heartbeat", timeout_s, "chroma run", f"see {log_path}")
            yield RunningServer(url, process.pid)
        finally:
            stop_process(process)


@contextmanager
def tinhgon_serve(env: Mapping[str, str], *extra_args: str, timeout_s: float = 120.0) -> Iterator[RunningServer]:
    """`tinhgon serve` (the API alone) with `env` on a free port; yields once /healthz answers 200.

    Its stderr goes to a temporary file (a pipe nobody reads could fill and stall the server) and is
    quoted when the server fails to start.
    """
    port = free_port()
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), *extra_args],
            env=dict(env),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_until_answers(process, f"{url}/healthz", timeout_s, "tinhgon serve", "its stderr follows")
            except ServerStartError as exc:
                stop_process(process)
                stderr.seek(0)
                raise ServerStartError(f"{exc}\n{stderr.read().decode(errors='replace')[-2000:]}") from None
            yield RunningServer(url, process.pid)
        finally:
            stop_process(process)
