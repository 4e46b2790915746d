"""The configuration page's "Test connection" tries the keys as typed against the sandbox and saves nothing:
a wrong secret typed for a test never replaces the working one, nor turns the dashboard's health to failing."""

from __future__ import annotations

import pytest

from jetcart.connector.configuration.jet_configuration import ConfigurationForm, load_configuration
from jetcart.connector.jet_and_store import reset_gateways
from jetcart.connector.models import ApiCheck, JetConfiguration
from jetcart.connector.operations.connection_test import CONNECTION_KEY, check_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_keys(sandbox_server, jet_merchant):
    config = JetConfiguration.load()
    config.api_url, config.api_user, config.api_secret = sandbox_server.base_url, jet_merchant.user, jet_merchant.secret
    config.save()
    reset_gateways()
    assert check_connection().ok
    yield config
    reset_gateways()


def _form_data(**changes):
    form = ConfigurationForm(instance=load_configuration())
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_testing_a_wrong_secret_changes_nothing(admin_client, saved_keys, jet_merchant):
    before = JetConfiguration.load()
    response = admin_client.post("/jet/configuration/", _form_data(api_secret="not-the-secret", merchant_id="typed",
                                                                   test_connection="1"))
    assert response.status_code == 200
    levels = dict(_messages(response))
    assert levels["error"].startswith("Test connection: Jet refused the API user or secret")
    assert levels["info"] == ("The keys were tried as typed; nothing was saved. Type the secret again and Save "
                              "to keep them.")
    after = JetConfiguration.load()
    assert after.api_secret == jet_merchant.secret and after.api_secret_encrypted == before.api_secret_encrypted
    assert after.merchant_id == before.merchant_id  # the other typed fields are not saved either …
    assert 'value="typed"' in response.content.decode()  # … but are still in the form
    assert ApiCheck.objects.get(key=CONNECTION_KEY).ok  # the dashboard still says the saved keys work


def test_testing_good_keys_typed_but_not_saved_says_connected(admin_client, saved_keys, jet_merchant,
                                                              sandbox_server):
    config = JetConfiguration.load()
    config.api_secret = "an-old-wrong-secret"
    config.save()
    response = admin_client.post("/jet/configuration/", _form_data(api_secret=jet_merchant.secret,
                                                                   test_connection="1"))
    assert dict(_messages(response))["success"].startswith("Test connection: Connected")
    assert JetConfiguration.load().api_secret == "an-old-wrong-secret"


def test_testing_the_saved_keys_updates_the_connection_health(admin_client, saved_keys):
    ApiCheck.objects.filter(key=CONNECTION_KEY).update(ok=False, message="stale")
    response = admin_client.post("/jet/configuration/", _form_data(test_connection="1"))
    assert dict(_messages(response))["success"].startswith("Test connection: Connected")
    assert ApiCheck.objects.get(key=CONNECTION_KEY).ok
