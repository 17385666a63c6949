"""Start the Streamlit chat UI as a subprocess (used by `tinhgon ui` and `tinhgon serve --with-ui`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).with_name("app.py")


def ui_command(host: str, port: int) -> list[str]:
    """The `streamlit run` command line: headless, no telemetry, no browser."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        # the API refuses files over 20 MiB (MAX_UPLOAD_BYTES); the upload box says the same
        "--server.maxUploadSize", "20",
    ]


def client_host(host: str) -> str:
    """Where a local client reaches a server bound to `host` (a wildcard bind is reached on loopback)."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


def start_ui(host: str, port: int, api_url: str, api_key: str | None = None) -> subprocess.Popen:
    """Run the UI in the background, pointed at `api_url` through TINHGON_API_URL."""
    env = {**os.environ, "TINHGON_API_URL": api_url}
    if api_key:
        env["TINHGON_API_KEY"] = api_key  # the UI sends it on the routes that need it
    return subprocess.Popen(ui_command(host, port), env=env)


def exec_ui(host: str, port: int, api_url: str) -> None:
    """Replace this process by the UI (so signals reach Streamlit directly; nothing is left behind)."""
    env = {**os.environ, "TINHGON_API_URL": api_url}
    command = ui_command(host, port)
    os.execve(command[0], command, env)


def stop(process: subprocess.Popen, timeout: float = 5.0) -> None:
    """Terminate a started UI, killing it if it does not exit in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)
