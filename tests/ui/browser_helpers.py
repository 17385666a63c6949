"""Serving the real API and the Streamlit app on 127.0.0.1 and driving Debian's chromium with
Playwright (never a downloaded browser). Screenshots of each step go to a folder per test."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any


CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
# Set to 1 to refresh the README's screenshots from a test run.
UPDATE_SCREENSHOTS = os.environ.get("TINHGON_UPDATE_SCREENSHOTS") == "1"
LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1(:\d+)?(/|$)")


def chromium_or_fail() -> Path:
    """The browser tests need Debian's chromium; without it they fail (never skip) saying so."""
    if not CHROMIUM.is_file():
        import pytest

        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's chromium. Install it with "
            "`apt-get install -y chromium` (.ci/run does this); never `playwright install`."
        )
    return CHROMIUM


def start_streamlit(port: int, api_url: str, log: Path) -> subprocess.Popen:
    """`tinhgon ui`'s command on `port`, pointed at `api_url`, with no API key handed over."""
    from ui.launch import ui_command

    env = {k: v for k, v in os.environ.items() if k != "TINHGON_API_KEY"}
    env.update(
        TINHGON_API_URL=api_url,
        STREAMLIT_SERVER_FILE_WATCHER_TYPE="none",
        STREAMLIT_SERVER_RUN_ON_SAVE="false",
    )
    return subprocess.Popen(
        ui_command("127.0.0.1", port), env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=REPO
    )


class Steps:
    """Numbered screenshots of a test's steps, in the folder a failure report names."""

    def __init__(self, page: Any, folder: Path) -> None:
        self.page, self.folder, self.count = page, folder, 0
        shutil.rmtree(folder, ignore_errors=True)  # only this run's steps
        folder.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str, readme_name: str | None = None, full_page: bool = False) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        if readme_name and UPDATE_SCREENSHOTS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SCREENSHOTS / readme_name), full_page=full_page)
        return path


def block_the_network(context: Any, attempts: list[str]) -> None:
    """Abort every request that does not go to 127.0.0.1, noting its URL."""

    def handle(route: Any) -> None:
        url = route.request.url
        if LOCAL.match(url) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            attempts.append(url)
            route.abort()

    context.route("**/*", handle)


def wait_idle(page: Any, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished running the script (after a click or an input)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
        " return app && app.getAttribute('data-test-script-state') !== 'running'; }",
        timeout=timeout,
    )
