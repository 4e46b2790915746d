"""`jetcart doctor` asks the sandbox for a token with the saved keys, as the configuration page's Test
connection does, and names the setting to fix: api_user/api_secret for wrong keys, api_url for a wrong URL."""

from __future__ import annotations

import re

import pytest

from jetcart.connector.jet_and_store import reset_gateways
from jetcart.connector.models import JetConfiguration
from jetcart.site.commands.doctor import check_jet_api
from tests.fixtures.sandbox import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(sandbox_server, jet_merchant):
    def save(**changes) -> None:
        config = JetConfiguration.load()
        config.api_url, config.api_user, config.api_secret = (
            changes.get("url", sandbox_server.base_url), jet_merchant.user, changes.get("secret", jet_merchant.secret))
        config.save()
        reset_gateways()

    yield save
    reset_gateways()


def test_good_keys_pass(keys, sandbox_server):
    keys()
    check = check_jet_api()
    assert check.ok, check.detail
    assert check.detail == f"api_url: Connected: Jet accepted the keys (test mode, {sandbox_server.base_url})."


def test_wrong_keys_name_the_user_and_secret(keys, sandbox_server):
    keys(secret="not-the-secret")
    check = check_jet_api()
    assert not check.ok and check.name == "api_user/api_secret"
    assert check.detail.startswith("api_user/api_secret: Jet refused the API user or secret (401)")
    assert "\n" not in check.detail


@pytest.mark.parametrize("where", ["wrong path", "nothing listening"])
def test_a_wrong_url_names_api_url(keys, sandbox_server, where):
    url = (sandbox_server.base_url.replace("/api", "/nope") if where == "wrong path"
           else f"http://127.0.0.1:{free_port()}/api")
    keys(url=url)
    check = check_jet_api()
    assert not check.ok and check.name == "api_url", check.detail
    assert check.detail.startswith("api_url: ") and "\n" not in check.detail
    assert re.search(r"404|[Cc]ould not reach", check.detail), check.detail


def test_jetcart_doctor_prints_the_check(keys, capsys):
    from jetcart.site.commands.doctor import run_doctor

    keys(secret="not-the-secret")
    assert run_doctor(None) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if "api_user/api_secret" in line]
    assert len(lines) == 1 and lines[0].startswith("FAIL  api_user/api_secret: Jet refused")
