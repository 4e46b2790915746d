"""The recording proxy forwards a call whose caller gave up (or was killed) to its end, and says when none is left in
flight: the campaign waits for that before it expires a killed process's leases, as the real lease's minutes would."""

from __future__ import annotations

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from tests.fixtures.jet_proxy import JetProxy


class _SlowJet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(1.0)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_call_its_caller_abandoned_is_still_in_flight_until_jet_answers_it():
    jet = ThreadingHTTPServer(("127.0.0.1", 0), _SlowJet)
    threading.Thread(target=jet.serve_forever, daemon=True).start()
    proxy = JetProxy(f"http://127.0.0.1:{jet.server_port}/api")
    try:
        assert proxy.wait_idle(timeout=0.1)  # nothing sent yet
        with contextlib.suppress(httpx.TimeoutException):  # the caller gives up; the proxy still forwards its call
            httpx.put(f"{proxy.base_url}/orders/1/acknowledge", json={}, timeout=0.2)
        assert not proxy.wait_idle(timeout=0.1)
        assert proxy.calls == []
        assert proxy.wait_idle(timeout=10)
        assert proxy.calls == [("PUT", "/api/orders/1/acknowledge", 201)]
    finally:
        proxy.close()
        jet.shutdown()
        jet.server_close()
