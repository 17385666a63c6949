"""The key that protects the writing routes (uploads, deletes, reading feedback).

`TINHGON_API_KEY` wins when set. Otherwise the server uses the key stored in the data dir, and on
a first start bound to this machine only (127.0.0.1, localhost, ::1) it creates one: random,
written readable by its owner only, printed once. A server reachable from the network never starts
without a key.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigurationError
from assistant.settings import Settings

KEY_FILE = "api_key"


@dataclass(frozen=True, slots=True)
class ApiKey:
    value: str
    created: bool  # made now: the caller shows it once
    path: Path | None  # where it is stored (None when it came from the environment)


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def key_file(settings: Settings) -> Path:
    return Path(settings.data_dir) / KEY_FILE


def read_stored_key(settings: Settings) -> str | None:
    try:
        value = key_file(settings).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return value or None


def ensure_api_key(settings: Settings, host: str) -> ApiKey:
    """The key to serve with; created on a first loopback start, refused on an open one."""
    if settings.api_key:
        return ApiKey(settings.api_key, created=False, path=None)
    stored = read_stored_key(settings)
    if stored:
        return ApiKey(stored, created=False, path=key_file(settings))
    if not is_loopback(host):
        raise ConfigurationError(
            f"refusing to serve on {host} without an API key: uploads, deletes and feedback would be open to "
            "the network. Set TINHGON_API_KEY, or start once on 127.0.0.1 to create a key in the data dir."
        )
    path = key_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(24)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return ApiKey(value, created=True, path=path)
