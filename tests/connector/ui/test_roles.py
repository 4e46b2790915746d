"""Merchant roles: a staff login without Jet permissions sees nothing, a viewer reads but changes nothing, an operator
works orders, returns and refunds but not the configuration; wrong passwords lock a login out."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from jetcart.connector.ui.access import CHANGE_PERMISSION
from jetcart.connector.ui.menu import MENU
from jetcart.sandbox.merchants import ensure_test_merchant

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

PASSWORD = "pw-for-roles-123"
# Every page a Jet menu entry serves without an id in its address, and what posting to it changes.
READ_PAGES = [f"/jet/{entry.slug}/" for entry in MENU] + [
    "/jet/cron-status/activity/", "/jet/field-mapping/options/", "/jet/field-mapping/products/",
    "/jet/category-mapping/export.csv",
]
CHANGES = [
    ("/jet/configuration/", {"api_url": "https://merchant-api.jet.com/api"}),
    ("/jet/activate-api/send/merchant-skus/", {}),
    ("/jet/categories/import/", {}),
    ("/jet/category-mapping/map-all/", {"jet_category_id": "1"}),
    ("/jet/field-mapping/options/suggestions/", {}),
    ("/jet/products/refresh/", {}),
    ("/jet/rejected-files/", {"action": "clear"}),
    ("/jet/orders/", {"action": "acknowledge"}),
    ("/jet/returns/", {}),
    ("/jet/refunds/", {}),
    ("/jet/refunds/new/", {}),
    ("/jet/cron-status/run/purge-log/", {}),
    ("/jet/cron-status/log-level/", {"log_level": "DEBUG"}),
    ("/jet/cron-status/token/", {}),
]
OPERATOR_CHANGES = {"/jet/orders/", "/jet/returns/", "/jet/refunds/", "/jet/refunds/new/",
                    "/jet/cron-status/run/purge-log/"}


@pytest.fixture(autouse=True)
def demo_store(settings, tmp_path):
    """The pages read the store: the demo store on a SQLite file of this test."""
    from jetcart.connector.jet_and_store import reset_gateways
    from jetcart.store.demo import ensure_demo_store

    settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX = f"sqlite:///{tmp_path / 'store.sqlite3'}", "oc_"
    ensure_demo_store(settings.JETCART_STORE_URL, "oc_")
    reset_gateways()
    yield
    reset_gateways()


def login(django_user_model, name: str, role: str | None) -> Client:
    user = django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def test_the_roles_exist_after_migrating():
    roles = {group.name: {p.codename for p in group.permissions.all()} for group in Group.objects.all()}
    assert roles["Jet viewer"] == {"view_jet"}
    assert roles["Jet operator"] == {"view_jet", "operate_orders"}
    assert roles["Jet catalog manager"] == {"view_jet", "manage_catalog"}
    assert roles["Jet administrator"] == {"view_jet", "operate_orders", "manage_catalog", "administer_jet"}


def test_every_menu_entry_has_a_change_rule():
    assert {entry.slug for entry in MENU} == set(CHANGE_PERMISSION)


def test_staff_without_permissions_is_refused_every_page(django_user_model):
    client = login(django_user_model, "nobody", None)
    for url in READ_PAGES:
        assert client.get(url).status_code == 403, url
    for url, data in CHANGES:
        assert client.post(url, data).status_code == 403, url
    assert client.get("/jet/api/portal/").status_code == 403  # the sandbox portal shows API secrets
    home = client.get("/")
    assert home.status_code == 200 and b"jet-dashboard" not in home.content and b"Configuration" not in home.content


def test_a_viewer_reads_every_page_and_changes_nothing(django_user_model):
    client = login(django_user_model, "viewer", "Jet viewer")
    for url in READ_PAGES:
        assert client.get(url).status_code == 200, url
    for url, data in CHANGES:
        assert client.post(url, data).status_code == 403, url
    assert client.get("/jet/api/portal/").status_code == 403
    assert b"jet-dashboard" in client.get("/").content


def test_an_operator_works_orders_returns_and_refunds_but_not_the_configuration(django_user_model):
    client = login(django_user_model, "operator", "Jet operator")
    for url, data in CHANGES:
        status = client.post(url, data).status_code
        if url in OPERATOR_CHANGES:
            assert status != 403, url
        else:
            assert status == 403, url
    page = client.get("/jet/cron-status/")
    assert b"new-cron-token" not in page.content  # only an administrator may replace the token


def test_an_administrator_changes_the_configuration_and_sees_the_portal(django_user_model):
    creds = ensure_test_merchant()
    client = login(django_user_model, "administrator", "Jet administrator")
    for url, data in CHANGES:
        assert client.post(url, data).status_code != 403, url
    assert creds.secret in client.get("/jet/api/portal/", follow=True).content.decode()


def test_wrong_passwords_lock_the_login_out(django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client = Client()
    login_url = reverse("admin:login")
    for attempt in range(1, 7):
        answer = client.post(login_url, {"username": "admin", "password": f"wrong-{attempt}"})
        if attempt < 5:
            assert answer.status_code == 200 and b"Please enter the correct username" in answer.content
    refused = client.post(login_url, {"username": "admin", "password": PASSWORD})
    assert refused.status_code == 429 and b"too many" in refused.content.lower()
    assert client.get("/jet/orders/").status_code == 302  # not logged in


def test_a_right_password_resets_the_count(django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client = Client()
    login_url = reverse("admin:login")
    for _ in range(4):
        client.post(login_url, {"username": "admin", "password": "wrong"})
    assert client.post(login_url, {"username": "admin", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(4):
        client.post(login_url, {"username": "admin", "password": "wrong"})
    assert client.post(login_url, {"username": "admin", "password": PASSWORD}).status_code == 302


def test_an_operator_ships_an_order_and_a_viewer_cannot(django_user_model):
    from jetcart.connector.jet_and_store import override_gateways
    from jetcart.connector.models import JetListing, JetOrder
    from jetcart.connector.orders.fetch import fetch_orders
    from tests.fakes.orders import FakeJet, FakeJetClient, jet_order, product
    from tests.fakes.store import FakeStore

    jet, store = FakeJet(), FakeStore()
    store.products = {1: product(1, quantity=5)}
    JetListing.objects.create(merchant_sku="A", product_id=1)
    viewer = login(django_user_model, "viewer", "Jet viewer")
    operator = login(django_user_model, "operator", "Jet operator")
    with override_gateways(jet=FakeJetClient(jet), store=store):
        jet.add(jet_order(items=[("A", 1, 10.0)]))
        fetch_orders()
        order = JetOrder.objects.get()
        assert viewer.post("/jet/orders/", {"action": "acknowledge", "selected": [order.pk]}).status_code == 403
        assert jet.count("acknowledge") == 0
        operator.post("/jet/orders/", {"action": "acknowledge", "selected": [order.pk]})
        assert jet.count("acknowledge") == 1
        line = order.lines.get()
        data = {"token": "f" * 32, "tracking_number": "1Z1", "shipment_date": "2026-11-27T10:00",
                "shipment_method": "UPS Ground", "expected_delivery_date": "2026-11-30T10:00",
                "ship_from_zip_code": "84047", "carrier_pick_up_date": "2026-11-27T09:00", "carrier": "UPS",
                f"line-{line.pk}-shipped": 1, f"line-{line.pk}-cancelled": 0, f"line-{line.pk}-return_location": "no"}
        ship_url = f"/jet/orders/{order.pk}/ship/"
        assert viewer.get(ship_url).status_code == 200  # the form may be read
        assert viewer.post(ship_url, data).status_code == 403
        assert jet.count("shipped") == 0
        assert "confirmed by Jet" in operator.post(ship_url, data, follow=True).content.decode()
        assert jet.count("shipped") == 1
