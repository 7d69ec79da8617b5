"""A real OpenAI-compatible HTTP server on loopback, with scripted answers and faults.

It speaks the wire format of vLLM's ``vllm serve`` (``GET /v1/models``, ``POST /v1/chat/completions``,
``POST /v1/completions``) from a stdlib ``ThreadingHTTPServer`` in a background thread, so a test
drives the real client code over real sockets::

    def answer(body):                       # called once per choice; body["_choice"] is its index
        return "```python\\ndef f(): ...\\n```"

    with FakeOpenAIServer(answer) as server:
        config = ModelConfig(model="fake-model", endpoints=[server.url])
        server.fail_next(429, "reset")      # the next two requests fail, then answers resume
        ...
        assert len(server.requests) == 3 and server.max_concurrent <= config.concurrency

A responder may return ``(text, finish_reason)`` to script e.g. a truncated answer; otherwise the
finish reason is ``length`` when the text has more whitespace-separated words than ``max_tokens``
(the text is cut there) and ``stop`` else. ``stop`` strings cut the text as a server would. Token
counts in ``usage`` are word counts. A request for another model than ``model`` gets vLLM's 404.
The responder runs on the server's handler threads, several at once when requests overlap.
``max_concurrent`` is the most completion requests that were being handled at one time.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[dict], "str | tuple[str, str]"]

FAULTS = ("reset", "hang", "garbage")


def echo(body: dict) -> str:
    """The default responder: the last user message, or the prompt."""
    if "messages" in body:
        users = [m.get("content") for m in body["messages"] if m.get("role") == "user"]
        return str(users[-1] if users else body["messages"][-1].get("content"))
    prompt = body.get("prompt")
    return prompt if isinstance(prompt, str) else json.dumps(prompt)


class FakeOpenAIServer:
    """An OpenAI/vLLM-protocol server on ``127.0.0.1`` (a free port), started on construction.

    ``delay`` makes every completion take that many seconds (a slow model); ``hang_seconds`` is how
    long a ``"hang"`` fault holds a request before dropping it (``stop`` releases it sooner).
    """

    def __init__(self, responder: Responder | None = None, *, model: str = "fake-model",
                 delay: float = 0.0, hang_seconds: float = 30.0) -> None:
        self.responder = responder or echo
        self.model = model
        self.delay = delay
        self.hang_seconds = hang_seconds
        self.requests: list[dict] = []
        self.max_concurrent = 0
        self._in_flight = 0
        self._faults: deque[str | int] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._ids = 0
        self._httpd = _HTTPServer(("127.0.0.1", 0), _handler_class(self))
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"fake-openai-{self.port}", daemon=True)
        self._thread.start()

    def fail_next(self, *faults: str | int) -> None:
        """Queue faults for the next completion requests, one each, in order: an HTTP status
        (429, 500, 503, 400, ...), ``"reset"`` (drop the connection unanswered), ``"hang"`` (hold
        the request past the client's timeout, then drop it) or ``"garbage"`` (200, non-JSON body)."""
        for fault in faults:
            if not (isinstance(fault, int) and 400 <= fault <= 599) and fault not in FAULTS:
                raise ValueError(f"unknown fault {fault!r}: an HTTP status 400-599 or one of {FAULTS}")
        with self._lock:
            self._faults.extend(faults)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def stop(self) -> None:
        """Stop serving: new connections are refused and open ones are dropped (a dead replica)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- called from handler threads --

    def _next_fault(self) -> str | int | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def _record(self, body: dict) -> None:
        with self._lock:
            self.requests.append(body)

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_concurrent = max(self.max_concurrent, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _answer(self, chat: bool, body: dict) -> tuple[int, dict]:
        """(status, JSON body) for a completion request, with vLLM's validation and error shape."""
        if body.get("model") != self.model:
            return 404, _error(f"The model `{body.get('model')}` does not exist.", "NotFoundError", 404)
        key = "messages" if chat else "prompt"
        if key not in body:
            return 400, _error(f"Field required: {key}", "BadRequestError", 400)
        n = body.get("n", 1)
        if not isinstance(n, int) or n < 1:
            return 400, _error(f"n must be at least 1, got {n}.", "BadRequestError", 400)
        max_tokens = body.get("max_tokens") or 16
        stops = body.get("stop") or []
        stops = [stops] if isinstance(stops, str) else stops
        if self.delay:
            self._stopping.wait(self.delay)
        choices, completion_tokens = [], 0
        for i in range(n):
            answer = self.responder({**body, "_choice": i})
            text, reason = answer if isinstance(answer, tuple) else (answer, None)
            cut = [text.index(s) for s in stops if s and s in text]
            if cut:
                text, reason = text[:min(cut)], reason or "stop"
            words = text.split()
            if reason is None and len(words) > max_tokens:
                text, reason = " ".join(words[:max_tokens]), "length"
            completion_tokens += min(len(words), max_tokens)
            choice: dict[str, Any] = {"index": i, "logprobs": None, "finish_reason": reason or "stop"}
            if chat:
                choice["message"] = {"role": "assistant", "content": text}
            else:
                choice["text"] = text
            choices.append(choice)
        if chat:
            prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in body["messages"])
        else:
            prompt_tokens = len(str(body["prompt"]).split())
        with self._lock:
            self._ids += 1
            ident = self._ids
        return 200, {
            "id": f"{'chatcmpl' if chat else 'cmpl'}-{ident}",
            "object": "chat.completion" if chat else "text_completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": choices,
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many clients connect at once; the default backlog of 5 drops them

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], OSError):  # clients hanging up are not news
            super().handle_error(request, client_address)


def _error(message: str, kind: str, code: int) -> dict:
    return {"object": "error", "message": message, "type": kind, "param": None, "code": code}


def _handler_class(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
        disable_nagle_algorithm = True  # headers and body go out in separate writes

        def setup(self) -> None:
            super().setup()
            with server._lock:
                server._connections.add(self.connection)

        def finish(self) -> None:
            with server._lock:
                server._connections.discard(self.connection)
            try:
                super().finish()
            except OSError:
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: dict | bytes, headers: dict[str, str] | None = None) -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _reset(self) -> None:
            # SO_LINGER 0: close with a TCP RST, as a crashed process's socket does
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            try:
                self.connection.close()
            except OSError:
                pass

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [
                    {"id": server.model, "object": "model", "created": 0, "owned_by": "synthcode"}]})
            elif self.path == "/health":
                self._send(200, b"")
            else:
                self._send(404, _error(f"Not Found: {self.path}", "NotFoundError", 404))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            route = self.path.rstrip("/")
            if route not in ("/v1/chat/completions", "/v1/completions"):
                self._send(404, _error(f"Not Found: {self.path}", "NotFoundError", 404))
                return
            try:
                body = json.loads(raw)
                if not isinstance(body, dict):
                    raise ValueError("not an object")
            except ValueError as exc:
                self._send(400, _error(f"invalid JSON body: {exc}", "BadRequestError", 400))
                return
            server._record(body)
            server._enter()
            try:
                fault = server._next_fault()
                if fault == "reset":
                    self._reset()
                elif fault == "hang":
                    server._stopping.wait(server.hang_seconds)
                    self._reset()
                elif fault == "garbage":
                    self._send(200, b"<html>502 Bad Gateway</html>")
                elif isinstance(fault, int):
                    headers = {"Retry-After": "0"} if fault in (429, 503) else None
                    self._send(fault, _error(f"injected fault {fault}", "InjectedError", fault), headers)
                else:
                    try:
                        status, payload = server._answer(route == "/v1/chat/completions", body)
                    except Exception as exc:  # a broken responder is the test's bug: show it as a 500
                        status, payload = 500, _error(f"responder failed: {exc!r}", "InternalServerError", 500)
                    if server._stopping.is_set():
                        self._reset()
                    else:
                        self._send(status, payload)
            finally:
                server._leave()

    return Handler
