"""The `jetcart` command as a user runs it: a separate process, real databases, one clear line on errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run_jetcart(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("JETCART_", "DJANGO_"))}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "jetcart", *args], env=full_env, capture_output=True, text=True, timeout=timeout
    )


def test_unsupported_database_url_is_one_line_naming_the_variable(tmp_path):
    result = run_jetcart("doctor", env={"JETCART_DATA_DIR": str(tmp_path), "JETCART_DATABASE_URL": "oracle://x/y"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "jetcart: JETCART_DATABASE_URL: unsupported URL scheme 'oracle' in 'oracle://x/y'; use one of "
        "mariadb, mysql, mysql+pymysql, pgsql, postgres, postgresql, sqlite"
    ]


def test_doctor_reports_an_unreachable_database_in_one_line(tmp_path):
    result = run_jetcart(
        "doctor",
        env={"JETCART_DATA_DIR": str(tmp_path), "JETCART_DATABASE_URL": "mysql://root:pw@127.0.0.1:9/jetcart"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    failing = [line for line in result.stdout.splitlines() if line.startswith("FAIL  JETCART_DATABASE_URL")]
    assert len(failing) == 1
    assert "cannot connect to mysql://root:***@127.0.0.1:9/jetcart" in failing[0] and "pw" not in failing[0]


def test_doctor_passes_on_a_migrated_default_setup(tmp_path):
    env = {"JETCART_DATA_DIR": str(tmp_path)}
    assert run_jetcart("migrate", "-v0", env=env).returncode == 0
    assert run_jetcart("migrate", "--database", "sandbox", "-v0", env=env).returncode == 0
    empty = run_jetcart("doctor", env=env)
    assert "FAIL  JETCART_STORE_URL" in empty.stdout and "no OpenCart tables with prefix 'oc_'" in empty.stdout
    assert run_jetcart("store", "demo", env=env).returncode == 0
    result = run_jetcart("doctor", env=env)
    assert "ok    JETCART_DATABASE_URL: connected (sqlite)" in result.stdout
    assert "ok    JETCART_STORE_URL: OpenCart 3" in result.stdout


@pytest.mark.mariadb
def test_connector_state_on_mariadb(tmp_path, mariadb_server):
    """JETCART_DATABASE_URL may name MariaDB: migrations, settings and doctor work against it."""
    database = mariadb_server.create_database("state")
    url = mariadb_server.url(database).replace("mysql+pymysql://", "mysql://", 1)
    env = {"JETCART_DATA_DIR": str(tmp_path), "JETCART_DATABASE_URL": url}
    migrate = run_jetcart("migrate", "-v0", env=env, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    assert run_jetcart("config", "set", "return_state", "ny", "api_secret", "abc-secret", env=env).returncode == 0
    shown = run_jetcart("config", "show", env=env).stdout
    assert "return_state = NY" in shown and "abc-secret" not in shown
    assert "ok    JETCART_DATABASE_URL: connected (mysql)" in run_jetcart("doctor", env=env).stdout
