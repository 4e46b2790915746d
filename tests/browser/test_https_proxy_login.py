"""docs/deploy.md's setup in a real browser: `jetcart serve` behind an HTTPS reverse proxy, and the merchant logs in.

A small proxy in this test plays the HTTPS proxy's part: the browser talks to it at http://localhost (a secure
context for the browser, so Secure cookies are kept), and it forwards to the real server what an HTTPS proxy
sends for https://jetcart.example.com: that Host, that Origin and Referer, and `X-Forwarded-Proto: https`.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.fixtures.web import ADMIN_PASSWORD
from tests.site.test_demo import free_port, wait_until_serving
from tests.site.test_ops_commands import clean_env, run_until_ready, stop

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUBLIC_HOST = "jetcart.example.com"


def forwarding_proxy(backend_port: int, proxy_port: int) -> ThreadingHTTPServer:
    """An HTTP server on proxy_port that forwards every request to the backend as an HTTPS proxy would."""
    browser_origin = f"http://localhost:{proxy_port}"

    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
            for name in ("Origin", "Referer"):
                if name in headers:
                    headers[name] = headers[name].replace(browser_origin, f"https://{PUBLIC_HOST}")
            headers.update({"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"})
            upstream = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=30)
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            content = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() in {"transfer-encoding", "connection", "content-length"}:
                    continue
                if name.lower() == "location":
                    value = value.replace(f"https://{PUBLIC_HOST}", browser_origin)
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            upstream.close()

        do_GET = do_POST = do_HEAD = _forward

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", proxy_port), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def prepare_data_folder(data_dir: Path) -> None:
    env = {**clean_env(), "JETCART_DATA_DIR": str(data_dir), "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD}
    for args in (["migrate", "-v0"], ["createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com"]):
        done = subprocess.run([sys.executable, "-m", "jetcart", *args], env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr


def test_merchant_logs_in_through_an_https_proxy(browser, tmp_path):
    prepare_data_folder(tmp_path)
    backend_port, proxy_port = free_port(), free_port()
    env = {"JETCART_ALLOWED_HOSTS": PUBLIC_HOST, "JETCART_PROXY_SSL_HEADER": "X-Forwarded-Proto"}
    process, _ = run_until_ready(["serve", "--port", str(backend_port)], tmp_path, "jetcart is serving at", env)
    proxy = forwarding_proxy(backend_port, proxy_port)
    context = browser.new_context(base_url=f"http://localhost:{proxy_port}")
    try:
        wait_until_serving(f"http://localhost:{proxy_port}/login/")
        page = context.new_page()
        page.set_default_timeout(15_000)
        login_page = page.goto("/login/")
        assert login_page.status == 200
        page.fill("#id_username", "admin")
        page.fill("#id_password", ADMIN_PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_load_state()
        assert "CSRF verification failed" not in page.content()
        page.wait_for_url(lambda url: "/login/" not in url)
        assert page.locator("#user-tools").inner_text().upper().startswith("WELCOME")
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert cookies["sessionid"]["secure"] and cookies["csrftoken"]["secure"]
        assert cookies["sessionid"]["httpOnly"]
        assert "script-src 'self'" in login_page.headers["content-security-policy"]
        # The browser keeps Strict-Transport-Security to itself on a plain-http hop: read it as any client would.
        direct = httpx.get(f"http://localhost:{proxy_port}/login/")
        assert direct.headers["strict-transport-security"].startswith("max-age=")
    finally:
        context.close()
        proxy.shutdown()
        stop(process)
