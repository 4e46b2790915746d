"""The merchant UI shell in a real browser: login, the Jet menu, and the configuration page."""

from __future__ import annotations

import pytest
from django.db import connection

from jetcart.connector.models import JetConfiguration
from jetcart.connector.ui.menu import MENU

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_is_required_everywhere(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    for entry in MENU:
        page.goto(f"/jet/{entry.slug}/")
        assert "/login/" in page.url, entry.slug
    context.close()


def test_every_jet_menu_entry_opens(page):
    page.goto("/")
    links = page.locator("#content-main .app-jet a, .app-jet th a")
    titles = {links.nth(i).inner_text().strip() for i in range(links.count())}
    assert {entry.title for entry in MENU} <= titles
    for entry in MENU:
        page.goto("/")
        page.locator(".app-jet th a", has_text=entry.title).first.click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/jet/{entry.slug}/")
        assert page.locator("h1").first.inner_text().strip(), entry.slug
        assert "Server Error" not in page.content()


def test_configuration_saves_and_refuses_a_bad_postcode(page):
    page.goto("/jet/configuration/")
    page.fill("#id_api_user", "merchant-user")
    page.fill("#id_api_secret", "s3cret-value-never-shown")
    page.fill("#id_merchant_id", "m-123")
    page.fill("#id_fulfillment_node_id", "node-1")
    page.fill("#id_return_address1", "1 Main St")
    page.fill("#id_return_city", "Hoboken")
    page.fill("#id_return_state", "nj")
    page.fill("#id_return_postcode", "0703")
    page.click("input[name=save]")
    assert page.locator("#error-return_postcode").inner_text() == "Enter a 5-digit ZIP code, e.g. 10001."
    assert JetConfiguration.load().api_user == ""  # nothing saved

    page.fill("#id_api_secret", "s3cret-value-never-shown")
    page.fill("#id_return_postcode", "07030")
    page.click("input[name=save]")
    assert "Configuration saved." in page.locator(".messagelist").inner_text()
    config = JetConfiguration.load()
    assert (config.api_user, config.return_state, config.return_postcode) == ("merchant-user", "NJ", "07030")
    assert config.api_secret == "s3cret-value-never-shown"

    page.goto("/jet/configuration/")
    assert "s3cret-value-never-shown" not in page.content()
    assert page.input_value("#id_api_secret") == ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM connector_jetconfiguration")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "s3cret-value-never-shown" not in row
