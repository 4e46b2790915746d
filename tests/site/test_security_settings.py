"""Deployment security settings: host names, trusted origins, the HTTPS proxy header, secure cookies, HSTS, the
Content-Security-Policy, and a private data folder."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from jetcart.site.environment import ConfigurationError, read_environment
from tests.site.test_ops_commands import clean_env

TEMPLATE_ROOTS = [Path("src/jetcart/connector/templates"), Path("src/jetcart/sandbox/templates")]


def env_for(tmp_path: Path, **variables: str):
    return read_environment({"JETCART_DATA_DIR": str(tmp_path), **variables})


def test_by_default_only_this_machines_names_are_served(tmp_path):
    assert env_for(tmp_path).allowed_hosts == ["localhost", "127.0.0.1", "[::1]"]
    assert env_for(tmp_path, JETCART_ROLE="demo").allowed_hosts == ["*"]  # the demo answers any name
    assert env_for(tmp_path, JETCART_ALLOWED_HOSTS="shop.example.com").allowed_hosts == ["shop.example.com"]


def test_trusted_origins_cover_both_schemes_of_every_allowed_host(tmp_path):
    env = env_for(tmp_path, JETCART_ALLOWED_HOSTS="jetcart.example.com, .example.org")
    assert env.csrf_trusted_origins == [
        "https://jetcart.example.com", "http://jetcart.example.com", "https://*.example.org", "http://*.example.org",
    ]
    assert env_for(tmp_path, JETCART_ROLE="demo").csrf_trusted_origins == []


def test_public_url_adds_its_host_and_origin_and_means_https(tmp_path):
    env = env_for(tmp_path, JETCART_PUBLIC_URL="https://Jetcart.Example.com:8443/")
    assert env.public_url == "https://jetcart.example.com:8443"
    assert "jetcart.example.com" in env.allowed_hosts
    assert env.csrf_trusted_origins[0] == "https://jetcart.example.com:8443"
    assert env.https
    assert not env_for(tmp_path, JETCART_PUBLIC_URL="http://10.0.0.5:8000").https
    assert not env_for(tmp_path).https


def test_proxy_header_means_https(tmp_path):
    env = env_for(tmp_path, JETCART_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert env.proxy_ssl_header == "X-Forwarded-Proto" and env.https


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("JETCART_PUBLIC_URL", "ftp://jetcart.example.com"),
        ("JETCART_PUBLIC_URL", "https://jetcart.example.com/shop/admin"),
        ("JETCART_PROXY_SSL_HEADER", "X-Forwarded-Proto: https"),
        ("JETCART_ALLOW_HTTP_API", "maybe"),
    ],
)
def test_bad_security_values_name_their_variable(tmp_path, variable, value):
    with pytest.raises(ConfigurationError) as error:
        env_for(tmp_path, **{variable: value})
    assert str(error.value).startswith(f"{variable}:")


def django_settings(tmp_path: Path, **variables: str) -> dict:
    """The settings a `jetcart` process builds from these variables (a fresh interpreter reads them)."""
    code = ("import json, django; from django.conf import settings as s; django.setup(); print(json.dumps({k: "
            "getattr(s, k, None) for k in ['ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'SECURE_PROXY_SSL_HEADER', "
            "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'MIDDLEWARE']}))")
    env = {**clean_env(), "JETCART_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "jetcart.site.settings",
           **variables}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_behind_an_https_proxy_cookies_are_secure_and_hsts_is_on(tmp_path):
    values = django_settings(tmp_path, JETCART_ALLOWED_HOSTS="jetcart.example.com",
                             JETCART_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 86400 * 180
    assert "https://jetcart.example.com" in values["CSRF_TRUSTED_ORIGINS"]
    assert "jetcart.site.security.ContentSecurityPolicyMiddleware" in values["MIDDLEWARE"]


def test_over_plain_http_cookies_stay_usable(tmp_path):
    values = django_settings(tmp_path)
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert not values["SESSION_COOKIE_SECURE"] and values["SECURE_HSTS_SECONDS"] == 0
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


def test_every_answer_carries_the_content_security_policy(client):
    answer = client.get("/login/")
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_no_template_relies_on_inline_script():
    """The policy refuses inline <script> and on…="" handlers: a template using one would silently stop working."""
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
    offenders = []
    for root in TEMPLATE_ROOTS:
        for template in root.rglob("*.html"):
            text = template.read_text()
            if handler.search(text) or inline_script.search(text) or "javascript:" in text:
                offenders.append(str(template))
    assert offenders == []


def test_data_folder_is_private_and_its_files_0600(tmp_path):
    data = tmp_path / "data"
    env = env_for(data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("secret_key", "jetcart.sqlite3", "sandbox.sqlite3", "store.sqlite3", "jobs.sqlite3"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    assert env.database_url.endswith("jetcart.sqlite3")


def test_an_existing_world_readable_data_folder_is_closed(tmp_path):
    data = tmp_path / "data"
    env_for(data)
    data.chmod(0o755)
    (data / "jetcart.sqlite3").chmod(0o644)
    (data / "jetcart.sqlite3-wal").write_text("")
    (data / "jetcart.sqlite3-wal").chmod(0o644)
    env_for(data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "jetcart.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "jetcart.sqlite3-wal").stat().st_mode) == 0o600


def test_sqlite_keeps_the_private_mode_for_its_journal_files(tmp_path):
    import sqlite3

    data = tmp_path / "data"
    env_for(data)
    connection = sqlite3.connect(data / "jetcart.sqlite3")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    for name in ("jetcart.sqlite3", "jetcart.sqlite3-wal", "jetcart.sqlite3-shm"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    connection.close()
