"""`jetcart demo` and `jetcart serve` as a first-time user runs them: real processes, real HTTP."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import httpx
import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], data_dir, ready: str, timeout: float = 120) -> tuple[subprocess.Popen, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JETCART_", "DJANGO_"))}
    env["JETCART_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "jetcart", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if ready in line:
            return process, lines
    process.kill()
    raise AssertionError("did not start:\n" + "\n".join(lines))


def wait_until_serving(url: str) -> None:
    for _ in range(100):
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()


def log_in(base: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=True, timeout=10)
    client.get("/login/")
    response = client.post(
        "/login/?next=/",
        data={"username": "admin", "password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"]},
        headers={"Referer": f"{base}/login/"},
    )
    assert response.status_code == 200 and "Log out" in response.text, "the admin could not log in"
    return client


def wait_for_count(data_dir, query: str, what: str, timeout: float = 60) -> int:
    """The count `query` reads from the demo's connector database, once it is above 0 (polled)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.OperationalError), closing(sqlite3.connect(data_dir / "jetcart.sqlite3")) as db:
            count = db.execute(query).fetchone()[0]
            if count:
                return count
        time.sleep(0.5)
    raise AssertionError(f"the demo never {what}")


def wait_for_job_runs(data_dir) -> int:
    """The number of job runs the demo's scheduler and consumer recorded, once there is at least one."""
    return wait_for_count(data_dir, "SELECT COUNT(*) FROM connector_jobrun WHERE finished_at IS NOT NULL",
                          "ran a scheduled job")


def wait_for_catalog(data_dir) -> int:
    """The products of the demo store the connector has read into its catalog, once it has read any."""
    return wait_for_count(data_dir, "SELECT COUNT(*) FROM connector_catalogproduct", "read its store's catalog")


def test_demo_serves_a_login_page_the_admin_can_use_and_keeps_its_data(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process, lines = start(["demo", "--port", str(port)], tmp_path, "jetcart demo is running at")
    try:
        wait_until_serving(f"{base}/login/")
        # Read on the first run before anyone opens a page (which would read it too): the first dashboard counts them.
        assert wait_for_catalog(tmp_path) == 19
        found = [re.search(r"password: (\S+)", line) for line in lines]
        password = next(m.group(1) for m in found if m)
        assert httpx.get(f"{base}/login/").status_code == 200
        client = log_in(base, password)
        home = client.get("/")
        assert "Log out" in home.text and "Jet" in home.text and "Configuration" in home.text
        config = client.get("/jet/configuration/")
        assert f"{base}/jet/api" in config.text  # the demo's keys point at the built-in sandbox
        token = httpx.post(f"{base}/jet/api/token", json={"user": "nobody", "pass": "wrong"})
        assert token.status_code in (400, 401)
        assert wait_for_job_runs(tmp_path) >= 1  # the job consumer and the scheduler run in the demo process
    finally:
        assert stop(process) in (0, 130, -signal.SIGINT)

    process, lines = start(["demo", "--port", str(port)], tmp_path, "jetcart demo is running at")
    try:
        wait_until_serving(f"{base}/login/")
        assert not any("password:" in line for line in lines)  # printed once only
        client = log_in(base, password)  # the same admin user: the data was kept
        assert "Log out" in client.get("/jet/cron-status/").text
    finally:
        stop(process)


def test_serve_serves_static_files_and_stops_on_sigterm(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process, _ = start(["serve", "--port", str(port)], tmp_path, "jetcart is serving at")
    try:
        wait_until_serving(f"{base}/login/")
        css = httpx.get(f"{base}/static/admin/css/base.css")
        assert css.status_code == 200 and "text/css" in css.headers["content-type"]
        assert httpx.get(f"{base}/static/jetcart/jetcart.css").status_code == 200
        process.terminate()
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
