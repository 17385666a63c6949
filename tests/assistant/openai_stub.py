"""A tiny OpenAI-compatible chat server for tests: scripted answers over real HTTP on 127.0.0.1.

    with OpenAIStub(["Câu trả lời [1]."]) as stub:
        settings = Settings(llm_base_url=stub.url, ...)

`replies` is a list (served in order, the last one repeated) or a function of the request JSON.
Every request body is kept in `stub.requests`. `delay_s` makes the server slow (for timeouts).
Both plain and streamed (`"stream": true`, server-sent events) completions are served.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = str | Callable[[dict[str, Any]], str]


class OpenAIStub:
    def __init__(self, replies: list[str] | Callable[[dict[str, Any]], str], delay_s: float = 0.0) -> None:
        self.replies = replies
        self.delay_s = delay_s
        self.requests: list[dict[str, Any]] = []
        self._served = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> "OpenAIStub":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def next_reply(self, body: dict[str, Any]) -> str:
        self.requests.append(body)
        if callable(self.replies):
            return self.replies(body)
        reply = self.replies[min(self._served, len(self.replies) - 1)]
        self._served += 1
        return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                return None

            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self.send_error(404)
                    return
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                text = stub.next_reply(body)
                if stub.delay_s:
                    time.sleep(stub.delay_s)
                try:
                    if body.get("stream"):
                        self._stream(body, text)
                    else:
                        self._json(body, text)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def _json(self, body: dict[str, Any], text: str) -> None:
                payload = {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model", "stub"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                data = json.dumps(payload).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict[str, Any], text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = text.split(" ")
                for i, word in enumerate(words):
                    piece = word if i == 0 else " " + word
                    chunk = {
                        "id": "chatcmpl-stub",
                        "object": "chat.completion.chunk",
                        "created": int(time.time()),
                        "model": body.get("model", "stub"),
                        "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode("utf-8"))
                done = {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": body.get("model", "stub"),
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                }
                self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode("utf-8"))
                self.wfile.flush()

        return Handler


def prompt_text(body: dict[str, Any]) -> str:
    """All message contents of a chat request, joined (for assertions on what the model saw)."""
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
