"""Change capture against the sandbox over HTTP, on SQLite and MariaDB demo stores, with triggers and by polling:
a storefront sale, an admin edit, a restock, an option value change and a direct SQL change each reach Jet on the
next pass; a crash between capture and send loses nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from benchmarks.scenarios.storefront import SaleLine, storefront_sale
from django.utils import timezone
from sqlalchemy import text

from jetcart.connector import clone_guard
from jetcart.connector.models import CaptureState, ProductAction
from jetcart.connector.products import runs as product_runs
from jetcart.connector.products import stock_capture
from jetcart.connector.products.runs import create_run, execute_run
from jetcart.store.demo import ensure_demo_store
from tests.fixtures.products_setup import wired

pytestmark = pytest.mark.django_db(transaction=True)

HTC, PALM, IPOD_NANO = 28, 29, 36
NANO_OPTION, NANO_SILVER = 228, 20
CANCELED = 7


def jet_inventory(client, sku: str) -> int:
    return sum(n.quantity for n in client.products.get(sku).inventory_by_fulfillment_node)


@pytest.fixture(params=["sqlite", "mariadb"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        server = request.getfixturevalue("mariadb_server")
        url = server.url(server.create_database(f"cap{uuid.uuid4().hex[:8]}"))
    ensure_demo_store(url, "oc_")
    return url


@pytest.fixture
def listed(store_url, sandbox_server, jet_merchant, settings):
    """HTC, Palm and iPod Nano (three children) on the sandbox, the connector wired to this store."""
    settings.JETCART_STORE_URL = store_url
    with wired(store_url, "oc_", sandbox_server, jet_merchant, settings) as (store, client):
        done = execute_run(create_run(action=ProductAction.UPLOAD, product_ids=[HTC, PALM, IPOD_NANO]).pk)
        assert done.succeeded == 3, done.message
        yield store, client
    clone_guard.forget_verdict()
    stock_capture._mode_cache.clear()


@pytest.fixture(params=["triggers", "polling"])
def capturing(request, listed):
    store, client = listed
    if request.param == "triggers":
        assert store.capture.install().mode == "triggers"
    first = stock_capture.capture_once()  # polling: the baseline (cursors, checksums)
    assert first.mode == request.param
    return store, client, request.param


def next_pass(mode: str):
    """The next pass; in polling mode a minute later, so that the checksum pass runs too."""
    if mode == "polling":
        return stock_capture.capture_once(now=CaptureState.load().last_pass_at + timedelta(seconds=61))
    return stock_capture.capture_once()


def quantity(store, product_id: int) -> int:
    return store.get_products([product_id])[0].quantity


def test_a_sale_an_edit_a_restock_an_option_change_and_direct_sql_each_reach_jet(capturing):
    store, client, mode = capturing
    htc_before = jet_inventory(client, "OC28")
    assert htc_before == quantity(store, HTC)

    # A storefront checkout at a stock-taking status (Processing).
    order_id = storefront_sale(store, [SaleLine(HTC, 3)], status_id=2)
    result = next_pass(mode)
    assert HTC in result.product_ids
    assert jet_inventory(client, "OC28") == htc_before - 3

    # The admin's product form: a new price (OpenCart's admin sets date_modified).
    with store.engine.connect() as conn:
        conn.execute(text("UPDATE oc_product SET price = 77.70, date_modified = :now WHERE product_id = :id"),
                     {"id": PALM, "now": timezone.now().replace(tzinfo=None, microsecond=0) + timedelta(seconds=1)})
        if conn.dialect.name == "sqlite":
            conn.commit()
    next_pass(mode)
    assert client.products.get("OC29").price == Decimal("77.70")

    # The admin cancels the order: OpenCart puts the stock back.
    store.change_order_status(order_id, CANCELED)
    next_pass(mode)
    assert jet_inventory(client, "OC28") == htc_before

    # An option value's quantity, and a direct SQL import that does not touch date_modified.
    with store.engine.connect() as conn:
        conn.execute(text("UPDATE oc_product_option_value SET quantity = 9 WHERE product_option_value_id = 20"))
        conn.execute(text("UPDATE oc_product SET quantity = 41 WHERE product_id = :id"), {"id": PALM})
        if conn.dialect.name == "sqlite":
            conn.commit()
    result = next_pass(mode)
    assert {IPOD_NANO, PALM} <= set(result.product_ids)
    assert jet_inventory(client, "OC36-20") == 9
    assert jet_inventory(client, "OC29") == 41
    # Only what changed was sent: the other Nano children were left alone.
    assert "inventory 9" in " ".join(result.run.results.get(product_id=IPOD_NANO).messages)


def test_page_views_are_not_changes(listed):
    store, _client = listed
    store.capture.install()
    stock_capture.capture_once()
    with store.engine.connect() as conn:
        conn.execute(text("UPDATE oc_product SET viewed = viewed + 1 WHERE product_id = :id"), {"id": HTC})
        if conn.dialect.name == "sqlite":
            conn.commit()
    assert store.capture.status().pending == 0
    assert stock_capture.capture_once().product_ids == []


@pytest.mark.parametrize("mode", ["triggers", "polling"])
def test_a_crash_between_capture_and_send_loses_nothing(listed, mode, monkeypatch):
    store, client = listed
    if mode == "triggers":
        store.capture.install()
    stock_capture.capture_once()
    before = jet_inventory(client, "OC28")
    storefront_sale(store, [SaleLine(HTC, 2)], status_id=2)

    class Killed(BaseException):
        """The process dies after the changes were read, before anything was sent."""

    def die(run_id, **kw):
        raise Killed()

    with monkeypatch.context() as patch:
        patch.setattr(product_runs, "execute_run", die)
        with pytest.raises(Killed):
            next_pass(mode)
    assert jet_inventory(client, "OC28") == before
    if mode == "triggers":
        assert store.capture.status().pending > 0
    state = CaptureState.load()
    assert state.last_sent_at is None

    result = next_pass(mode)  # the next run sends it
    assert HTC in result.product_ids
    assert jet_inventory(client, "OC28") == before - 2
    if mode == "triggers":
        assert store.capture.status().pending == 0


def test_jet_refusing_the_send_keeps_the_changes(listed, monkeypatch):
    store, client = listed
    store.capture.install()
    stock_capture.capture_once()
    storefront_sale(store, [SaleLine(HTC, 1)], status_id=2)
    with monkeypatch.context() as patch:
        patch.setattr(client.files, "upload_token", lambda: (_ for _ in ()).throw(RuntimeError("Jet is down")))
        with pytest.raises(stock_capture.CaptureFailed):
            stock_capture.capture_once()
    assert store.capture.status().pending > 0
    assert "Jet is down" in CaptureState.load().last_error
    stock_capture.capture_once()
    assert store.capture.status().pending == 0
    assert jet_inventory(client, "OC28") == quantity(store, HTC)


def test_a_special_starting_today_reaches_jet(listed):
    store, client = listed
    store.capture.install()
    stock_capture.capture_once()
    today = timezone.now().astimezone(store.settings.timezone).date()
    with store.engine.connect() as conn:
        conn.execute(text("INSERT INTO oc_product_special (product_id, customer_group_id, priority, price, "
                          "date_start, date_end) VALUES (:id, 1, 1, 55.50, :today, '0000-00-00')"),
                     {"id": HTC, "today": today})
        if conn.dialect.name == "sqlite":
            conn.commit()
    stock_capture.capture_once()
    assert client.products.get("OC28").price == Decimal("55.50")


def test_a_special_whose_first_day_arrives_reaches_jet(listed):
    """No write happens when a special's start date arrives: the first pass of the store's day finds it."""
    store, client = listed
    store.capture.install()
    stock_capture.capture_once()
    today = timezone.now().astimezone(store.settings.timezone).date()
    with store.engine.connect() as conn:  # added days ago; its change row was sent then (nothing to send then)
        conn.execute(text("INSERT INTO oc_product_special (product_id, customer_group_id, priority, price, "
                          "date_start, date_end) VALUES (:id, 1, 1, 44.40, :today, '0000-00-00')"),
                     {"id": HTC, "today": today})
        _ids, top = store.capture.pending(conn)
        store.capture.forget(conn, top)
        if conn.dialect.name == "sqlite":
            conn.commit()
    assert stock_capture.capture_once().product_ids == []  # the same store day: nothing new
    CaptureState.objects.update(specials_day=today - timedelta(days=1))  # the store's day turns
    result = stock_capture.capture_once()
    assert HTC in result.product_ids
    assert client.products.get("OC28").price == Decimal("44.40")


def test_capture_commands_install_report_and_remove(listed, capsys):
    from argparse import Namespace

    from jetcart.site.commands.capture import capture_command

    store, _client = listed
    assert capture_command(Namespace(capture_action="install")) == 0
    assert "triggers" in capsys.readouterr().out
    assert capture_command(Namespace(capture_action="status")) == 0
    assert "triggers (" in capsys.readouterr().out
    assert capture_command(Namespace(capture_action="remove")) == 0
    assert "polling" in capsys.readouterr().out
    assert store.capture.status().installed == ()


@pytest.mark.mariadb
def test_without_the_trigger_privilege_install_says_what_to_grant_and_polling_still_sends(
        mariadb_server, sandbox_server, jet_merchant, settings):
    """A store user without TRIGGER: the install fails whole, says what to grant, and sales reach Jet by polling."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from jetcart.site.commands.capture import doctor_checks
    from jetcart.store.errors import StoreSchemaError

    url = mariadb_server.url(mariadb_server.create_database(f"cap{uuid.uuid4().hex[:8]}"))
    ensure_demo_store(url, "oc_")
    user = f"jc_nt_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    database = make_url(url).database
    with admin.connect() as conn:
        conn.execute(text(f"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'"))
        conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP ON `{database}`.* TO '{user}'@'%'"))
    limited = make_url(url).set(username=user, password="pw").render_as_string(hide_password=False)
    settings.JETCART_STORE_URL = limited
    try:
        with wired(limited, "oc_", sandbox_server, jet_merchant, settings) as (store, client):
            assert execute_run(create_run(action=ProductAction.UPLOAD, product_ids=[HTC]).pk).succeeded == 1
            with pytest.raises(StoreSchemaError, match="grant TRIGGER"):
                store.capture.install()
            status = store.capture.status()
            assert (status.mode, status.installed) == ("polling", ())  # nothing half installed
            capture, _installation = doctor_checks()
            line = capture()
            assert line.ok and "polling (no triggers" in line.detail

            assert stock_capture.capture_once().mode == "polling"
            before = jet_inventory(client, "OC28")
            storefront_sale(store, [SaleLine(HTC, 2)], status_id=2)
            result = next_pass("polling")
            assert HTC in result.product_ids and jet_inventory(client, "OC28") == before - 2
    finally:
        clone_guard.forget_verdict()
        stock_capture._mode_cache.clear()
        with admin.connect() as conn:
            conn.execute(text(f"DROP USER IF EXISTS '{user}'@'%'"))
        admin.dispose()


def test_doctor_reports_the_capture_mode_a_dropped_trigger_and_a_paused_installation(listed, settings):
    from jetcart.connector.models import Installation
    from jetcart.site.commands.capture import doctor_checks

    store, _client = listed
    store.capture.install()  # the fixture's upload recorded the installation
    capture, installation = doctor_checks()
    assert capture().ok and "triggers (7 installed)" in capture().detail
    assert installation().ok
    with store.engine.connect() as conn:  # a tool that recreated a table dropped its trigger
        conn.exec_driver_sql('DROP TRIGGER oc_jetcart_product_au' if conn.dialect.name == "sqlite"
                             else "DROP TRIGGER `oc_jetcart_product_au`")
        if conn.dialect.name == "sqlite":
            conn.commit()
    line = capture()
    assert not line.ok and "missing oc_jetcart_product_au" in line.detail
    Installation.objects.filter(pk=1).update(paused=True, pause_reason="a staging copy")
    line = installation()
    assert not line.ok and "PAUSED: a staging copy" in line.detail
