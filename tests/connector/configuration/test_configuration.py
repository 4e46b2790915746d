"""The configuration page's rules, the encrypted secret and `jetcart config show|set`."""

from __future__ import annotations

import pytest
from django.db import connection

from jetcart.connector.configuration.jet_configuration import (
    ConfigurationForm,
    ConfigurationValueError,
    configuration_items,
    load_configuration,
    set_configuration_values,
)
from jetcart.site.cli import main

pytestmark = pytest.mark.django_db


def form_data(**changes):
    form = ConfigurationForm(instance=load_configuration())
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("return_postcode", "1234", "Enter a 5-digit ZIP code"),
        ("return_postcode", "123456", "5"),
        ("return_state", "XX", "2-letter code"),
        ("customer_email", "not-an-email", "valid email"),
        ("inventory_buffer", "-1", "greater than or equal to 0"),
        ("orders_interval", "0", "greater than or equal to 1"),
        ("api_url", "ftp//nope", "valid URL"),
    ],
)
def test_each_rule_refuses_with_a_message_on_its_field(field, value, message):
    form = ConfigurationForm(form_data(**{field: value}), instance=load_configuration())
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])


def test_secret_is_encrypted_at_rest_and_kept_when_left_blank():
    form = ConfigurationForm(form_data(api_secret="very-secret-value-42"), instance=load_configuration())
    assert form.is_valid(), form.errors
    form.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT api_secret_encrypted FROM connector_jetconfiguration")
        stored = cursor.fetchone()[0]
    assert "very-secret-value-42" not in stored and stored
    ConfigurationForm(form_data(api_secret=""), instance=load_configuration()).save()
    assert load_configuration().api_secret == "very-secret-value-42"


def test_set_values_validates_through_the_page_rules():
    set_configuration_values({"return_state": "nj", "return_postcode": "07030", "auto_acknowledge": "yes"})
    config = load_configuration()
    assert (config.return_state, config.return_postcode, config.auto_acknowledge) == ("NJ", "07030", True)
    with pytest.raises(ConfigurationValueError, match="return_postcode: Enter a 5-digit ZIP code"):
        set_configuration_values({"return_postcode": "7030", "return_city": "Trenton"})
    assert load_configuration().return_city == ""  # nothing of a refused change is saved
    with pytest.raises(ConfigurationValueError, match="unknown key"):
        set_configuration_values({"no_such_key": "1"})


def test_config_command_never_prints_the_secret(capsys):
    assert main(["config", "set", "api_user", "merchant-1", "api_secret", "hunter2-secret"]) == 0
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "api_user = merchant-1" in out and "api_secret = (set)" in out
    assert "hunter2" not in out
    assert dict(configuration_items())["api_secret"] == "(set)"


def test_config_command_reports_refused_values(capsys):
    assert main(["config", "set", "return_postcode", "abc"]) == 1
    assert "return_postcode: Enter a 5-digit ZIP code" in capsys.readouterr().err


def test_order_statuses_come_from_the_store_and_only_its_statuses_are_accepted(settings, sqlite_demo_store):
    from jetcart.connector.jet_and_store import reset_gateways

    settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX = sqlite_demo_store.url, sqlite_demo_store.prefix
    reset_gateways()
    try:
        form = ConfigurationForm(instance=load_configuration())
        choices = dict(form.fields["order_status_new"].choices)
        assert choices[2] == "Processing (2)" and choices[7] == "Canceled (7)" and 0 not in choices
        refused = ConfigurationForm(form_data(order_status_new="0"), instance=load_configuration())
        assert not refused.is_valid() and "order_status_new" in refused.errors
        accepted = ConfigurationForm(form_data(order_status_shipped="5"), instance=load_configuration())
        assert accepted.is_valid(), accepted.errors
        assert accepted.save().order_status_shipped == 5
    finally:
        reset_gateways()
