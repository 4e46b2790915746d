"""The JETCART_* variables: defaults, accepted URLs, and one clear line naming a bad variable."""

from __future__ import annotations

import pytest

from jetcart.site.environment import (
    ConfigurationError,
    listen_address,
    listen_url,
    read_environment,
    redact_url,
)


def test_defaults_live_in_the_data_folder(tmp_path):
    env = read_environment({"JETCART_DATA_DIR": str(tmp_path)})
    assert env.database_url == f"sqlite:///{tmp_path}/jetcart.sqlite3"
    assert env.store_url == f"sqlite:///{tmp_path}/store.sqlite3"
    assert env.store_prefix == "oc_"
    assert env.redis_url is None
    assert env.export_processes == 0  # one per CPU


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = read_environment({"JETCART_DATA_DIR": str(tmp_path)}).secret_key
    second = read_environment({"JETCART_DATA_DIR": str(tmp_path)}).secret_key
    assert first == second and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert read_environment({"JETCART_DATA_DIR": str(tmp_path), "JETCART_SECRET_KEY": "given"}).secret_key == "given"


@pytest.mark.parametrize(
    "url",
    ["postgresql://u:p@db.example/jetcart", "mysql://root@127.0.0.1:3306/jetcart", "sqlite:////srv/jetcart.db"],
)
def test_connector_database_urls_accepted(tmp_path, url):
    env = read_environment({"JETCART_DATA_DIR": str(tmp_path), "JETCART_DATABASE_URL": url})
    assert env.database_url == url


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("JETCART_DATABASE_URL", "oracle://db/x", "JETCART_DATABASE_URL: unsupported URL scheme 'oracle'"),
        ("JETCART_DATABASE_URL", "mysql:///nohost", "JETCART_DATABASE_URL: no host"),
        ("JETCART_STORE_URL", "postgresql://db/oc", "JETCART_STORE_URL: unsupported URL scheme 'postgresql'"),
        ("JETCART_REDIS_URL", "http://localhost:6379", "JETCART_REDIS_URL: unsupported URL scheme 'http'"),
        ("JETCART_STORE_PREFIX", "oc-;drop", "JETCART_STORE_PREFIX:"),
        ("JETCART_EXPORT_PROCESSES", "two", "JETCART_EXPORT_PROCESSES: 'two' is not a number of processes"),
    ],
)
def test_bad_values_name_their_variable(tmp_path, variable, value, expected):
    with pytest.raises(ConfigurationError) as error:
        read_environment({"JETCART_DATA_DIR": str(tmp_path), variable: value})
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


def test_passwords_never_appear_in_messages(tmp_path):
    with pytest.raises(ConfigurationError) as error:
        read_environment({"JETCART_DATA_DIR": str(tmp_path), "JETCART_DATABASE_URL": "mssql://sa:hunter2@db/x"})
    assert "hunter2" not in str(error.value)
    assert redact_url("mysql://root:pw@h/db") == "mysql://root:***@h/db"


def test_store_web_address_is_checked_and_ends_with_a_slash(tmp_path):
    env = read_environment({"JETCART_DATA_DIR": str(tmp_path), "JETCART_STORE_WEB_URL": "https://shop.example.com"})
    assert env.store_web_url == "https://shop.example.com/"
    assert read_environment({"JETCART_DATA_DIR": str(tmp_path)}).store_web_url == ""
    with pytest.raises(ConfigurationError, match="^JETCART_STORE_WEB_URL: unsupported URL scheme 'ftp'"):
        read_environment({"JETCART_DATA_DIR": str(tmp_path), "JETCART_STORE_WEB_URL": "ftp://shop"})


def test_earlier_secret_keys_and_the_sandbox_tunables_are_read_here(tmp_path):
    env = read_environment({"JETCART_DATA_DIR": str(tmp_path), "JETCART_SECRET_KEY": "new",
                            "JETCART_SECRET_KEY_FALLBACKS": " old-1 , old-2,", "JETCART_SANDBOX_FAULTS": "timeout",
                            "JETCART_SANDBOX_SECRET": "not-a-tunable", "JETCART_SANDBOX_MOUNT": "1"})
    assert env.secret_key_fallbacks == ("old-1", "old-2")
    assert env.sandbox_settings == {"JETCART_SANDBOX_FAULTS": "timeout"} and env.sandbox_mount


def test_the_sandbox_public_address_defaults_to_the_address_the_process_listens_on(tmp_path):
    """`jetcart demo|sandbox` give their listen address (JETCART_LISTEN_URL); an explicit public address wins."""
    listening = {"JETCART_DATA_DIR": str(tmp_path), "JETCART_LISTEN_URL": listen_url("0.0.0.0", 8080)}
    assert read_environment(listening).sandbox_settings == {"JETCART_SANDBOX_PUBLIC_URL": "http://0.0.0.0:8080"}
    explicit = {**listening, "JETCART_SANDBOX_PUBLIC_URL": "https://sandbox.example.com"}
    assert read_environment(explicit).sandbox_settings == {"JETCART_SANDBOX_PUBLIC_URL": "https://sandbox.example.com"}
    assert "JETCART_SANDBOX_PUBLIC_URL" not in read_environment({"JETCART_DATA_DIR": str(tmp_path)}).sandbox_settings


def test_the_stock_watchers_interval_is_read_and_checked_here(tmp_path):
    base = {"JETCART_DATA_DIR": str(tmp_path)}
    assert read_environment(base).capture_seconds == 2
    assert read_environment({**base, "JETCART_CAPTURE_SECONDS": "0.5"}).capture_seconds == 0.5
    assert read_environment({**base, "JETCART_CAPTURE_SECONDS": ""}).capture_seconds == 0  # no watcher
    for bad in ("soon", "-1", "nan"):
        with pytest.raises(ConfigurationError, match="^JETCART_CAPTURE_SECONDS"):
            read_environment({**base, "JETCART_CAPTURE_SECONDS": bad})


def test_a_port_that_is_not_one_is_named():
    assert listen_address({"JETCART_HOST": "0.0.0.0", "JETCART_PORT": "9000"}) == ("0.0.0.0", 9000)
    with pytest.raises(ConfigurationError, match="JETCART_PORT"):
        listen_address({"JETCART_PORT": "eighty"})


def test_sqlalchemy_spelling_of_a_mysql_url_reaches_django_as_mysql():
    """`mysql+pymysql://` passes the environment check, so the connector's Django database takes it too."""
    from jetcart.site.settings import _database

    config = _database("mysql+pymysql://jetcart:pw@127.0.0.1:3306/jetcart")
    assert config["ENGINE"].endswith("mysql")
    assert (config["NAME"], config["USER"], config["HOST"], config["PORT"]) == ("jetcart", "jetcart", "127.0.0.1", 3306)


def test_a_sandbox_on_every_interface_without_a_public_address_is_warned_about():
    from jetcart.site.environment import unreachable_public_url

    assert "JETCART_SANDBOX_PUBLIC_URL" in unreachable_public_url("0.0.0.0", {})
    assert unreachable_public_url("::", {})
    assert unreachable_public_url("0.0.0.0", {"JETCART_SANDBOX_PUBLIC_URL": "http://sandbox.example.com:8080/api"}) == ""
    assert unreachable_public_url("127.0.0.1", {}) == ""


def test_jetcart_sandbox_on_every_interface_prints_the_warning(tmp_path):
    import os
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("JETCART_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({"JETCART_DATA_DIR": str(tmp_path), "JETCART_LOG_LEVEL": "WARNING"})
    process = subprocess.Popen([sys.executable, "-m", "jetcart", "sandbox", "--host", "0.0.0.0", "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "fulfillment node id" in line or len(lines) > 40:
                break
        warning = next((line for line in lines if "warning:" in line), "")
        assert "JETCART_SANDBOX_PUBLIC_URL" in warning, "".join(lines)
    finally:
        process.terminate()
        process.wait(30)
