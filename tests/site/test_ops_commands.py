"""Operations: the sandbox is mounted only when asked for, `jetcart sandbox` honours and hides its
JETCART_SANDBOX_* values, and `jetcart config set api_secret -` reads the secret from standard input."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import httpx
import pytest

from tests.site.test_demo import free_port, wait_until_serving


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("JETCART_", "DJANGO_"))}


def run_until_ready(args: list[str], tmp_path: Path, ready: str, env: dict[str, str]) -> tuple[subprocess.Popen, list]:
    full = {**clean_env(), **env, "JETCART_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-u", "-m", "jetcart", *args], env=full, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip())
        if ready in line:
            return process, lines
    process.kill()
    raise AssertionError("did not start:\n" + "\n".join(lines))


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.slow
@pytest.mark.parametrize("mount", ["", "1"])
def test_serve_mounts_the_sandbox_only_when_asked(tmp_path, mount):
    port = free_port()
    env = {"JETCART_SANDBOX_MOUNT": mount} if mount else {}
    if mount:  # production setups migrate the sandbox's tables too (README); serve itself migrates nothing
        migrate = subprocess.run([sys.executable, "-m", "jetcart", "migrate", "--database", "sandbox", "-v0"],
                                 env={**clean_env(), "JETCART_DATA_DIR": str(tmp_path)}, capture_output=True,
                                 text=True, timeout=120)
        assert migrate.returncode == 0, migrate.stderr
    process, _ = run_until_ready(["serve", "--port", str(port)], tmp_path, "jetcart is serving at", env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base}/login/")
        token = httpx.post(f"{base}/jet/api/token", json={"user": "nobody", "pass": "wrong"})
        portal = httpx.get(f"{base}/jet/api/portal/")
        if mount:
            assert token.status_code in (400, 401)  # the sandbox's own refusal
        else:
            assert (token.status_code, portal.status_code) == (404, 404)
            assert "JETCART_SANDBOX_MOUNT" in token.text
        assert httpx.get(f"{base}/login/").status_code == 200
    finally:
        stop(process)


@pytest.mark.slow
def test_sandbox_honours_its_variables_and_does_not_print_a_given_secret(tmp_path):
    port = free_port()
    env = {"JETCART_SANDBOX_USER": "ops-user", "JETCART_SANDBOX_SECRET": "ops-secret-value",
           "JETCART_SANDBOX_NODE": "opsnode0001"}
    process, lines = run_until_ready(["sandbox", "--port", str(port)], tmp_path, "fulfillment node id:", env)
    base = f"http://127.0.0.1:{port}/api"
    try:
        wait_until_serving(f"{base}/authcheck")
        printed = "\n".join(lines)
        assert "ops-secret-value" not in printed
        assert "secret: (from JETCART_SANDBOX_SECRET)" in printed
        assert "user: ops-user" in printed and "fulfillment node id: opsnode0001" in printed
        token = httpx.post(f"{base}/token", json={"user": "ops-user", "pass": "ops-secret-value"})
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['id_token']}"}
        assert httpx.get(f"{base}/authcheck", headers=headers).status_code == 200
        assert httpx.post(f"{base}/token", json={"user": "ops-user", "pass": "other"}).status_code in (400, 401)
    finally:
        stop(process)


@pytest.mark.django_db
def test_config_set_reads_a_dash_secret_from_standard_input(monkeypatch, capsys):
    from jetcart.connector.models import JetConfiguration
    from jetcart.site.commands.config import set_config

    monkeypatch.setattr(sys, "stdin", io.StringIO("  s3cret-from-stdin \nnext line\n"))
    assert set_config(Namespace(pairs=["api_user", "merchant-user", "api_secret", "-"])) == 0
    assert capsys.readouterr().out == "saved: api_user, api_secret\n"
    config = JetConfiguration.load()
    assert (config.api_user, config.api_secret) == ("merchant-user", "s3cret-from-stdin")

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert set_config(Namespace(pairs=["api_secret", "-"])) == 2
    assert "api_secret: standard input gave an empty line" in capsys.readouterr().err
    assert JetConfiguration.load().api_secret == "s3cret-from-stdin"
