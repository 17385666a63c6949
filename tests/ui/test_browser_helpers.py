"""The browser tests' guard: without Debian's chromium they fail, saying how to install it."""

from __future__ import annotations

import pytest

import browser_helpers


def test_a_missing_chromium_fails_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setattr(browser_helpers, "CHROMIUM", tmp_path / "chromium")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install -y chromium"):
        browser_helpers.chromium_or_fail()


def test_only_loopback_addresses_count_as_local():
    local = browser_helpers.LOCAL
    assert local.match("http://127.0.0.1:8501/_stcore/stream") and local.match("ws://127.0.0.1:9/x")
    assert not local.match("http://evil.example/p.png") and not local.match("http://127.0.0.1.evil.example/")
