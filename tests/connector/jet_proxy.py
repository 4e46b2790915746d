"""An HTTP proxy in front of the sandbox for tests: records every call that reached it and can rewrite answers
(an order with an absurd amount, an HTML page instead of a list), so the connector meets them over real HTTP."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

# (method, path with query, status, body) → a new (status, body, content type), or None to pass the answer on
Rewrite = Callable[[str, str, int, bytes], tuple[int, bytes, str] | None]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a killed caller resets its connection: not an error here
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class JetProxy:
    """Forwards every request to the sandbox; `calls` holds (method, path, status) of what reached it (status 0: the
    sandbox dropped the connection without answering)."""

    def __init__(self, target_base_url: str, rewrite: Rewrite | None = None):
        self.target = target_base_url.removesuffix("/api")
        self.rewrite = rewrite
        self.calls: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()
        self.http = httpx.Client(timeout=120)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                try:
                    answer = proxy.http.request(self.command, proxy.target + self.path, content=body,
                                                headers=headers)
                except httpx.TransportError:  # the sandbox dropped it (fault injection): drop it too
                    with proxy._lock:
                        proxy.calls.append((self.command, self.path, 0))  # 0: no answer
                    self.close_connection = True
                    return
                status, content = answer.status_code, answer.content
                content_type = answer.headers.get("Content-Type", "")
                with proxy._lock:
                    proxy.calls.append((self.command, self.path, status))
                    changed = proxy.rewrite(self.command, self.path, status, content) if proxy.rewrite else None
                if changed is not None:
                    status, content, content_type = changed
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                if "Retry-After" in answer.headers:
                    self.send_header("Retry-After", answer.headers["Retry-After"])
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the caller was killed
                    self.wfile.write(content)

            do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = _forward

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/api"

    def statuses(self, method: str, fragment: str) -> list[int]:
        """Statuses of the calls with this method whose path contains `fragment`."""
        with self._lock:
            return [status for m, path, status in self.calls if m == method and fragment in path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.http.close()
