"""API activation and the connection test against the real sandbox over HTTP, through the jet client."""

from __future__ import annotations

import pytest

from jetcart.connector.jet_and_store import reset_gateways
from jetcart.connector.models import ActivityEvent, ApiCheck, JetConfiguration
from jetcart.connector.operations.activation import STEPS, activation_results, send_activation_step
from jetcart.connector.operations.connection_test import check_connection, last_connection_check
from tests.fixtures.products_setup import configure_sandbox_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def connected(sandbox_server, jet_merchant):
    """The configuration filled in with a fresh sandbox merchant's test keys."""
    configure_sandbox_keys(sandbox_server, jet_merchant)
    reset_gateways()
    yield jet_merchant
    reset_gateways()


def test_connection_check_says_the_keys_work(connected):
    check = check_connection()
    assert check.ok, check.message
    assert check.message.startswith("Connected: Jet accepted the keys (test mode")
    assert last_connection_check().ok


def test_connection_check_names_wrong_keys(connected):
    config = JetConfiguration.load()
    config.api_secret = "not-the-secret"
    config.save()
    check = check_connection()
    assert not check.ok
    assert check.message == "Jet refused the API user or secret (401): check the keys on the configuration page."
    assert ActivityEvent.objects.filter(kind="connection", level=40).exists()


def test_connection_check_without_keys_says_what_to_fill_in():
    check = check_connection()
    assert not check.ok and "not all set" in check.message


def test_every_activation_step_passes_in_order_and_can_be_sent_again(connected):
    for step in STEPS:
        result = send_activation_step(step.key)
        assert result.ok, f"{step.key}: {result.message}"
    results = {r.step.key: r for r in activation_results()}
    assert all(r.ok for r in results.values())
    assert results["cancel"].message.endswith("cancelled.")
    # a second Send reads Jet's state first and changes nothing
    again = send_activation_step("ship")
    assert again.ok and "already shipped" in again.message
    assert "already completed" in send_activation_step("complete-return").message
    assert "already acknowledged" in send_activation_step("acknowledge").message


def test_a_step_sent_too_early_says_which_comes_first(connected):
    result = send_activation_step("acknowledge")
    assert (result.ok, result.message) == (False, "Send “Order generator” first.")
    assert ApiCheck.objects.get(key="acknowledge").ok is False
    price = send_activation_step("price")
    assert price.message == "Send “Send Merchant SKU” first."
