"""The Jet API URL is refused when it points at link-local or cloud metadata addresses, and plain http in live
mode unless the operator allows it: on the configuration page and with `jetcart config set`."""

from __future__ import annotations

import pytest

from jetcart.connector.api_url import api_url_problem
from jetcart.connector.configuration.jet_configuration import ConfigurationForm, load_configuration
from jetcart.site.cli import main
from tests.connector.configuration.test_configuration import form_data

pytestmark = pytest.mark.django_db

METADATA_URLS = [
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/api",
    "http://[fe80::1]/api",
    "http://[::ffff:169.254.169.254]/api",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://100.100.100.200/latest/meta-data/",
]


@pytest.mark.parametrize("url", METADATA_URLS)
def test_metadata_addresses_are_refused_on_the_page(url):
    form = ConfigurationForm(form_data(api_url=url, mode="test"), instance=load_configuration())
    assert not form.is_valid()
    assert list(form.errors) == ["api_url"]
    assert "link-local or cloud metadata" in " ".join(form.errors["api_url"])


@pytest.mark.parametrize("url", ["http://2852039166/api", "http://0xa9fea9fe/api", "http://169.254.43518/api"])
def test_shorthand_forms_of_the_metadata_address_are_refused(url):
    """169.254.169.254 written as resolvers also read it (the page's URL check refuses these forms too)."""
    assert "metadata" in api_url_problem(url, live=False, allow_http=True)
    assert not ConfigurationForm(form_data(api_url=url, mode="test"), instance=load_configuration()).is_valid()


def test_ordinary_addresses_are_accepted():
    for url in ("https://merchant-api.jet.com/api", "http://127.0.0.1:8000/jet/api", "http://10.0.0.5/api"):
        assert api_url_problem(url, live=False, allow_http=False) is None


def test_plain_http_is_for_test_mode_only(settings):
    url = "http://jet.example.com/api"
    assert ConfigurationForm(form_data(api_url=url, mode="test"), instance=load_configuration()).is_valid()
    live = ConfigurationForm(form_data(api_url=url, mode="live"), instance=load_configuration())
    assert not live.is_valid() and "JETCART_ALLOW_HTTP_API" in " ".join(live.errors["api_url"])
    settings.JETCART_ALLOW_HTTP_API = True
    assert ConfigurationForm(form_data(api_url=url, mode="live"), instance=load_configuration()).is_valid()
    assert ConfigurationForm(form_data(api_url="https://merchant-api.jet.com/api", mode="live"),
                             instance=load_configuration()).is_valid()


def test_config_set_refuses_a_metadata_address(capsys):
    before = load_configuration().api_url
    assert main(["config", "set", "api_url", "http://169.254.169.254/"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("jetcart config set: api_url:") and "metadata" in err
    assert load_configuration().api_url == before


def test_config_set_refuses_plain_http_in_live_mode(capsys):
    assert main(["config", "set", "mode", "live", "api_url", "http://jet.example.com/api"]) == 1
    assert "api_url:" in capsys.readouterr().err
    assert load_configuration().mode == "test"


@pytest.mark.parametrize(("url", "mode", "reason"), [
    ("http://169.254.169.254/latest/meta-data/", "test", "metadata"),
    ("http://jet.example.com/api", "live", "Plain http"),
])
def test_a_url_saved_past_the_rules_is_refused_where_the_keys_would_leave(url, mode, reason):
    """A URL saved before these rules existed (an upgraded installation), or written without the page or the command,
    never receives the keys: building a Jet client stops with the reason, naming api_url."""
    from jetcart.connector.jet_and_store import (
        GatewayNotConfigured,
        jet_client,
        jet_client_for,
        new_jet_client,
        reset_gateways,
    )
    from jetcart.connector.models import JetConfiguration

    config = JetConfiguration.load()
    config.api_url, config.mode, config.api_user, config.api_secret = url, mode, "user", "secret"
    config.save()
    reset_gateways()
    try:
        for build in (jet_client, new_jet_client, lambda: jet_client_for(JetConfiguration.load())):
            with pytest.raises(GatewayNotConfigured, match=f"^api_url: .*{reason}"):
                build()
    finally:
        reset_gateways()


def test_switching_to_live_mode_is_not_bypassed_by_a_client_built_in_test_mode(settings):
    from jetcart.connector.jet_and_store import GatewayNotConfigured, jet_client, reset_gateways
    from jetcart.connector.models import JetConfiguration

    config = JetConfiguration.load()
    config.api_url, config.mode, config.api_user, config.api_secret = "http://jet.example.com/api", "test", "u", "s"
    config.save()
    reset_gateways()
    try:
        jet_client()  # test mode: plain http is fine
        config.mode = "live"
        config.save()
        with pytest.raises(GatewayNotConfigured, match="Plain http"):
            jet_client()
    finally:
        reset_gateways()
