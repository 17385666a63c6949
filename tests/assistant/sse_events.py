"""A tiny server-sent-events parser for the API tests."""

from __future__ import annotations

import json
from typing import Any


def parse_sse(body: str) -> list[tuple[str, Any]]:
    """`(event, decoded JSON data)` for every event of a text/event-stream body."""
    events: list[tuple[str, Any]] = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:"):].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:"):].removeprefix(" "))
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events
