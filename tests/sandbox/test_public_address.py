"""URLs the sandbox hands out are built from its configured public address, never from the request's Host."""

from __future__ import annotations

import httpx
import pytest
from django.test import Client, override_settings

from jetcart.sandbox.config import reload_config
from jetcart.sandbox.merchants import ensure_test_merchant

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture(autouse=True)
def jets_host_allowed(settings):
    """The operator of a sandbox that clients reach under Jet's host name allows it (the standalone sandbox
    allows any host by default)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "merchant-api.jet.com"]


def upload_url(**headers) -> str:
    creds = ensure_test_merchant()
    client = Client()
    token = client.post("/jet/api/token", {"user": creds.user, "pass": creds.secret},
                        content_type="application/json").json()["id_token"]
    response = client.get("/jet/api/files/uploadToken", HTTP_AUTHORIZATION=f"Bearer {token}", **headers)
    assert response.status_code == 200, response.content
    return response.json()["url"]


def test_upload_urls_use_the_configured_public_address_whatever_the_host_header():
    try:
        with override_settings(JETCART_SANDBOX_PUBLIC_URL="https://sandbox.example.com:8443/"):
            reload_config()
            url = upload_url(HTTP_HOST="merchant-api.jet.com")
    finally:
        reload_config()
    assert url.startswith("https://sandbox.example.com:8443/jet/api/_blob/merchant-files/"), url


def test_without_a_setting_upload_urls_use_the_servers_own_name_not_the_host_header():
    url = upload_url(HTTP_HOST="merchant-api.jet.com", SERVER_NAME="127.0.0.1", SERVER_PORT="8000")
    assert url.startswith("http://127.0.0.1:8000/jet/api/_blob/merchant-files/"), url


def test_the_standalone_sandbox_hands_out_urls_at_the_address_it_listens_on(sandbox_server, jet_merchant):
    """`jetcart sandbox --port N` without JETCART_SANDBOX_PUBLIC_URL: its URLs start with http://127.0.0.1:N/api,
    whatever Host the client sends (the environment derives the address from --host and --port)."""
    token = sandbox_server.token(jet_merchant)
    response = httpx.get(f"{sandbox_server.base_url}/files/uploadToken",
                         headers={"Authorization": f"Bearer {token}", "Host": "merchant-api.jet.com"}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["url"].startswith(f"{sandbox_server.base_url}/_blob/merchant-files/"), response.json()
