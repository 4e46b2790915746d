"""The returns and refunds pages without Jet: the menu entries, empty grids, the restock setting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jetcart.connector.models import JetConfiguration

pytestmark = pytest.mark.django_db


def test_should_show_empty_grids_with_their_actions(admin_client):
    returns = admin_client.get(reverse("admin:jet-returns:index"))
    assert returns.status_code == 200 and b"Fetch Returns" in returns.content and b"No Jet returns yet" in returns.content
    refunds = admin_client.get(reverse("admin:jet-refunds:index"))
    assert refunds.status_code == 200 and b"Create New Refund" in refunds.content
    pick = admin_client.get(reverse("admin:jet-refunds:create"))
    assert pick.status_code == 200 and b"Select the order id" in pick.content


def test_should_report_a_fetch_without_jet_keys_and_change_nothing(admin_client):
    response = admin_client.post(reverse("admin:jet-returns:index"), follow=True)
    assert b"Jet API URL, user and secret are not all set" in response.content


def test_should_keep_restocking_off_by_default_and_offer_it_on_the_configuration_page(admin_client):
    assert JetConfiguration.load().restock_returns is False
    page = admin_client.get(reverse("admin:jet-configuration:index"))
    assert b"Restock returned items" in page.content and b'name="restock_returns"' in page.content


def test_should_answer_404_for_an_order_that_cannot_be_refunded(admin_client):
    response = admin_client.get(reverse("admin:jet-refunds:create") + "?order=999")
    assert response.status_code == 404
