"""The writing routes' key: created once on a private start, required for a public one."""

from __future__ import annotations

import stat

import pytest
from typer.testing import CliRunner

from assistant.api_key import ensure_api_key, is_loopback, key_file
from assistant.cli import app
from assistant.errors import ConfigurationError
from assistant.settings import Settings, get_settings


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.5", False)])
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_key_is_created_once_and_kept_private(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, api_key=None)
    first = ensure_api_key(settings, "127.0.0.1")
    assert first.created and len(first.value) >= 24
    assert stat.S_IMODE(key_file(settings).stat().st_mode) == 0o600
    again = ensure_api_key(settings, "0.0.0.0")  # a stored key also serves a public start
    assert not again.created and again.value == first.value
    assert ensure_api_key(Settings(data_dir=tmp_path, api_key="chosen"), "0.0.0.0").value == "chosen"


def test_a_public_start_without_any_key_is_refused(tmp_path) -> None:
    with pytest.raises(ConfigurationError, match="TINHGON_API_KEY"):
        ensure_api_key(Settings(data_dir=tmp_path, api_key=None), "0.0.0.0")
    assert not key_file(Settings(data_dir=tmp_path)).exists()


def test_serve_refuses_a_public_address_without_a_key(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TINHGON_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TINHGON_API_KEY", raising=False)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9"])
    assert result.exit_code == 2 and "TINHGON_API_KEY" in result.stderr
