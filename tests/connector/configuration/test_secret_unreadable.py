"""A Jet secret saved under another JETCART_SECRET_KEY is an error naming api_secret, never an empty secret."""

from __future__ import annotations

import pytest

from jetcart.connector.configuration.jet_configuration import (
    ConfigurationForm,
    configuration_items,
    set_configuration_values,
)
from jetcart.connector.jet_and_store import GatewayNotConfigured, jet_client, new_jet_client, reset_gateways
from jetcart.connector.models import JetConfiguration, secrets
from jetcart.connector.operations.connection_test import check_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_changed(settings):
    """Keys saved, then the installation's secret key replaced (JETCART_SECRET_KEY changed or lost)."""
    config = JetConfiguration.load()
    config.api_url, config.api_user, config.api_secret = "https://jet.invalid/api", "user", "the-real-secret"
    config.save()
    settings.SECRET_KEY = "another-key-" + "x" * 40
    reset_gateways()
    yield config
    reset_gateways()


def test_decrypt_refuses_a_value_from_another_key(key_changed):
    with pytest.raises(secrets.SecretUnreadable, match="api_secret: .*JETCART_SECRET_KEY"):
        assert not JetConfiguration.load().api_secret


def test_calling_jet_stops_with_the_reason(key_changed):
    for build in (jet_client, new_jet_client):
        with pytest.raises(GatewayNotConfigured) as caught:
            build()
        message = str(caught.value)
        assert message.startswith("api_secret: the stored value cannot be read") and "JETCART_SECRET_KEY" in message
    check = check_connection()  # the configuration page's Test connection
    assert not check.ok and check.message.startswith("api_secret: ")


def test_the_configuration_page_and_command_say_to_enter_it_again(key_changed, admin_client):
    help_text = ConfigurationForm(instance=JetConfiguration.load()).fields["api_secret"].help_text
    assert "cannot be read" in help_text and "enter it again" in help_text
    page = admin_client.get("/jet/configuration/")
    assert page.status_code == 200 and "cannot be read" in page.content.decode()
    assert dict(configuration_items())["api_secret"].startswith("(unreadable")
    set_configuration_values({"api_secret": "entered-again"})  # a new value can always be saved
    assert JetConfiguration.load().api_secret == "entered-again"


def test_doctor_names_the_setting_and_the_key(key_changed):
    from jetcart.site.commands.doctor import check_jet_api

    check = check_jet_api()
    assert not check.ok and check.name == "api_secret"
    assert check.detail.startswith("api_secret: the stored value cannot be read") and "JETCART_SECRET_KEY" in check.detail


def test_rotating_the_key_with_the_old_one_as_fallback_keeps_the_secret_readable(settings):
    config = JetConfiguration.load()
    config.api_url, config.api_user, config.api_secret = "https://jet.invalid/api", "user", "the-real-secret"
    config.save()
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "rotated-key-" + "y" * 40, [old_key]
    reset_gateways()
    try:
        assert JetConfiguration.load().api_secret == "the-real-secret"  # read through the fallback
        set_configuration_values({"api_secret": "the-real-secret"})  # saved again: encrypted under the new key
        settings.SECRET_KEY_FALLBACKS = []
        assert JetConfiguration.load().api_secret == "the-real-secret"
    finally:
        reset_gateways()
