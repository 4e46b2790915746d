"""Orders written by the gateway match OpenCart's own rows, move stock like OpenCart, and exist exactly once."""

from __future__ import annotations

import uuid
from decimal import Decimal as D

import pytest

from jetcart.store.errors import (
    OptionNotFound,
    ProductNotFound,
    StoreInputError,
    TotalNotInstalled,
    UnknownCountry,
    UnknownCurrency,
    UnknownOrderStatus,
    UnknownZone,
)
from jetcart.store.models import Address, ChosenOption, NewReturn, OrderLine
from tests.store.helpers import SimulatedCrash, count_statements, crash_after_write, rows, scalar, stock
from tests.store.orders_reference import (
    CANCELED,
    CANON_BLUE,
    CANON_EOS_5D,
    COMPLETE,
    HP_LP3065,
    IPOD_CLASSIC,
    PENDING,
    PROCESSING,
    reference_order,
)

STOCKED = dict(product_ids=(CANON_EOS_5D, HP_LP3065, IPOD_CLASSIC), option_value_ids=(CANON_BLUE,))
# What OpenCart takes for the reference order: Canon 1, iPod 2, option value Blue 1; HP LP3065 has subtract=0.
TAKEN = {("product", CANON_EOS_5D): -1, ("product", HP_LP3065): 0, ("product", IPOD_CLASSIC): -2,
         ("value", CANON_BLUE): -1}
ORDER_TABLES = ("order", "order_product", "order_option", "order_total", "order_history")


def new_id() -> str:
    return f"jet-{uuid.uuid4().hex[:12]}"


def moved(before: dict, after: dict) -> dict:
    return {k: after[k] - before[k] for k in before}


@pytest.fixture
def gateway(any_store, gateways):
    return gateways(any_store)


def table_counts(gw) -> dict[str, int]:
    return {t: scalar(gw, f"SELECT COUNT(*) FROM {{p}}{t}") for t in (*ORDER_TABLES, "jetcart_order")}


def test_order_has_the_rows_and_values_of_the_reference_order(gateway):
    key = new_id()
    created = gateway.create_order(reference_order(key))
    assert created.created and created.total == D("472.0000")
    oid = created.order_id
    lines = rows(gateway, "SELECT product_id, name, model, quantity, price, total, tax, reward FROM {p}order_product "
                          "WHERE order_id = :o ORDER BY order_product_id", o=oid)
    assert [(pid, name, model, qty, D(price), D(total), D(tax), reward)
            for pid, name, model, qty, price, total, tax, reward in lines] == [
        (HP_LP3065, "HP LP3065", "Product 21", 1, D("100"), D("100"), D("22"), 0),
        (CANON_EOS_5D, "Canon EOS 5D", "Product 3", 1, D("80"), D("80"), D("18"), 0),
        (IPOD_CLASSIC, "iPod Classic", "product 20", 2, D("100"), D("200"), D("22"), 0),
    ]
    options = rows(gateway, "SELECT product_option_id, product_option_value_id, name, value, type "
                            "FROM {p}order_option WHERE order_id = :o ORDER BY order_option_id", o=oid)
    assert options == [(225, 0, "Delivery Date", "2026-12-01", "date"), (226, CANON_BLUE, "Select", "Blue", "select")]
    totals = rows(gateway, "SELECT code, title, value, sort_order FROM {p}order_total WHERE order_id = :o "
                           "ORDER BY order_total_id", o=oid)
    assert [(c, t, D(v), s) for c, t, v, s in totals] == [
        ("sub_total", "Sub-Total", D("380"), 1), ("shipping", "Marketplace Standard Delivery", D("5"), 3),
        ("tax", "Eco Tax (-2.00)", D("10"), 5), ("tax", "VAT (20%)", D("77"), 5), ("total", "Total", D("472"), 9),
    ]
    history = rows(gateway, "SELECT order_status_id, notify, comment FROM {p}order_history WHERE order_id = :o", o=oid)
    assert history == [(PROCESSING, 0, f"Imported from Jet, order {key}")]
    order = rows(gateway, "SELECT order_status_id, total, currency_code, currency_id, currency_value, language_id, "
                          "store_name, firstname, lastname, payment_country, payment_country_id, payment_zone, "
                          "shipping_zone, invoice_no, invoice_prefix, custom_field, payment_custom_field, "
                          "affiliate_id, tracking, comment FROM {p}order WHERE order_id = :o", o=oid)[0]
    currency_id = scalar(gateway, "SELECT currency_id FROM {p}currency WHERE code = 'USD'")
    assert order[:5] == (PROCESSING, order[1], "USD", currency_id, order[4]) and D(order[1]) == D("472")
    assert D(order[4]) == 1 and order[5] == gateway.settings.language_id
    assert order[6:14] == ("Your Store", "Max", "Müller", "United Kingdom", 222, "West Yorkshire", "West Yorkshire", 0)
    assert order[14].startswith("INV-") and order[15:19] == ("[]", "[]", 0, "")
    assert order[19] == f"Jet order {key}"
    if gateway.version == "3.0":
        assert rows(gateway, "SELECT payment_method, payment_code, shipping_method, shipping_code, fax "
                             "FROM {p}order WHERE order_id = :o", o=oid)[0] == (
            "Marketplace", "marketplace", "Marketplace Standard Delivery", "marketplace.standard", "")
    else:
        import json

        payment, shipping, language_code = rows(gateway, "SELECT payment_method, shipping_method, language_code "
                                                         "FROM {p}order WHERE order_id = :o", o=oid)[0]
        assert json.loads(payment) == {"name": "Marketplace", "code": "marketplace.marketplace"}
        assert {"name", "code", "cost", "tax_class_id", "text"} <= set(json.loads(shipping))
        assert language_code == "en-gb"
        assert rows(gateway, "SELECT DISTINCT extension FROM {p}order_total WHERE order_id = :o", o=oid) == [("opencart",)]


def test_order_takes_stock_like_opencart_and_cancel_and_reopen_move_it_back_and_again(gateway):
    before = stock(gateway, **STOCKED)
    oid = gateway.create_order(reference_order(new_id())).order_id
    assert moved(before, stock(gateway, **STOCKED)) == TAKEN

    assert gateway.change_order_status(oid, CANCELED, comment="canceled on Jet")
    assert moved(before, stock(gateway, **STOCKED)) == {k: 0 for k in TAKEN}

    assert gateway.change_order_status(oid, PROCESSING, comment="re-opened")
    assert moved(before, stock(gateway, **STOCKED)) == TAKEN
    assert gateway.change_order_status(oid, COMPLETE, comment="shipped")  # complete keeps the stock taken
    assert moved(before, stock(gateway, **STOCKED)) == TAKEN

    history = rows(gateway, "SELECT order_status_id, comment FROM {p}order_history WHERE order_id = :o "
                            "ORDER BY order_history_id", o=oid)
    assert [h[0] for h in history] == [PROCESSING, CANCELED, PROCESSING, COMPLETE]
    assert scalar(gateway, "SELECT order_status_id FROM {p}order WHERE order_id = :o", o=oid) == COMPLETE


def test_status_change_repeated_is_written_once(gateway):
    oid = gateway.create_order(reference_order(new_id())).order_id
    before = stock(gateway, **STOCKED)
    assert gateway.change_order_status(oid, CANCELED, comment="canceled") is True
    assert gateway.change_order_status(oid, CANCELED, comment="canceled") is False
    assert moved(before, stock(gateway, **STOCKED)) == {k: -v for k, v in TAKEN.items()}
    assert scalar(gateway, "SELECT COUNT(*) FROM {p}order_history WHERE order_id = :o", o=oid) == 2


def test_order_in_a_status_outside_processing_takes_no_stock(gateway):
    canceled_first = reference_order(new_id(), order_status_id=CANCELED)
    before = stock(gateway, **STOCKED)
    oid = gateway.create_order(canceled_first).order_id
    assert moved(before, stock(gateway, **STOCKED)) == {k: 0 for k in TAKEN}
    gateway.change_order_status(oid, PENDING)  # Pending is a processing status in the demo settings
    assert moved(before, stock(gateway, **STOCKED)) == TAKEN


def test_the_same_marketplace_order_twice_makes_one_order(gateway):
    key = new_id()
    before = stock(gateway, **STOCKED)
    first = gateway.create_order(reference_order(key))
    second = gateway.create_order(reference_order(key))
    assert (second.order_id, second.created) == (first.order_id, False)
    assert gateway.find_order(key) == first.order_id
    assert moved(before, stock(gateway, **STOCKED)) == TAKEN
    marker = scalar(gateway, "SELECT user_agent FROM {p}order WHERE order_id = :o", o=first.order_id)
    assert scalar(gateway, "SELECT COUNT(*) FROM {p}order WHERE user_agent = :m", m=marker) == 1


def test_text_is_stored_html_escaped_as_opencart_does(gateway):
    order = reference_order(new_id(), firstname='Jo & "Al"', comment="<b>gift</b> it's",
                            lines=(OrderLine(IPOD_CLASSIC, 1, D("100"), name='Pod <Classic> & "more"'),))
    oid = gateway.create_order(order).order_id
    assert rows(gateway, "SELECT firstname, comment FROM {p}order WHERE order_id = :o", o=oid) == [
        ("Jo &amp; &quot;Al&quot;", "&lt;b&gt;gift&lt;/b&gt; it's")]
    assert scalar(gateway, "SELECT name FROM {p}order_product WHERE order_id = :o", o=oid) == (
        "Pod &lt;Classic&gt; &amp; &quot;more&quot;")


def test_amounts_in_another_currency_are_stored_in_the_default_currency(gateway):
    # 3.x keeps rates in a DOUBLE column: compare at its 8 decimal places
    rate = D(str(scalar(gateway, "SELECT value FROM {p}currency WHERE code = 'EUR'"))).quantize(D("0.00000001"))
    order = reference_order(new_id(), currency_code="EUR", lines=(OrderLine(IPOD_CLASSIC, 1, D("78.46")),),
                            taxes=(), shipping_amount=D(0))
    oid = gateway.create_order(order).order_id
    code, value, total = rows(gateway, "SELECT currency_code, currency_value, total FROM {p}order WHERE order_id = :o",
                              o=oid)[0]
    assert code == "EUR" and D(value) == rate
    assert D(total) == (D("78.46") / rate).quantize(D("0.0001"))


@pytest.mark.parametrize(
    ("change", "error", "named"),
    [
        (dict(currency_code="XXX"), UnknownCurrency, "XXX"),
        (dict(payment_address=Address("A", "B", "1 St", "Town", "1", "ZZ")), UnknownCountry, "ZZ"),
        (dict(shipping_address=Address("A", "B", "1 St", "Town", "1", "US", zone="Atlantis")), UnknownZone, "Atlantis"),
        (dict(lines=(OrderLine(999999, 1, D("1")),)), ProductNotFound, "999999"),
        (dict(order_status_id=4), UnknownOrderStatus, "4"),
        (dict(lines=(OrderLine(CANON_EOS_5D, 1, D("80"), options=(
            __import__("jetcart.store.models", fromlist=["ChosenOption"]).ChosenOption(226, 999),)),)),
         OptionNotFound, "999"),
    ],
)
def test_bad_input_is_refused_with_its_name_and_nothing_is_written(gateway, change, error, named):
    before_rows, before_stock = table_counts(gateway), stock(gateway, **STOCKED)
    with pytest.raises(error, match=named) as raised:
        gateway.create_order(reference_order(new_id(), **change))
    assert isinstance(raised.value, StoreInputError)
    assert table_counts(gateway) == before_rows
    assert stock(gateway, **STOCKED) == before_stock


def test_a_total_code_the_store_has_not_installed_is_refused(gateway, monkeypatch):
    without_tax = {k: v for k, v in gateway.installed_totals.items() if k != "tax"}
    monkeypatch.setattr(gateway.orders, "installed_totals", without_tax)
    before = table_counts(gateway)
    with pytest.raises(TotalNotInstalled, match="'tax'"):
        gateway.create_order(reference_order(new_id()))
    assert table_counts(gateway) == before


def test_a_crash_after_each_statement_then_a_retry_leaves_exactly_one_complete_order(any_store, gateways):
    """Crash after statement 1, 2, … N of an order write; each retry must finish the same single order."""
    gateway = gateways(any_store)
    reference = gateway.create_order(reference_order(new_id()))
    expected = order_snapshot(gateway, reference.order_id)
    # Count the writes of one clean order: the crash points to try.
    with count_statements(gateway, ("INSERT", "UPDATE", "DELETE")) as writes:
        gateway.create_order(reference_order(new_id()))
    assert len(writes) >= 12
    for n in range(1, len(writes) + 1):
        key = new_id()
        before = stock(gateway, **STOCKED)
        with pytest.raises(SimulatedCrash), crash_after_write(gateway, n):
            gateway.create_order(reference_order(key))
        retried = gateway.create_order(reference_order(key))
        again = gateway.create_order(reference_order(key))
        assert again.order_id == retried.order_id and not again.created, f"crash after write {n}"
        marker = scalar(gateway, "SELECT user_agent FROM {p}order WHERE order_id = :o", o=retried.order_id)
        assert scalar(gateway, "SELECT COUNT(*) FROM {p}order WHERE user_agent = :m", m=marker) == 1, n
        assert order_snapshot(gateway, retried.order_id) == expected, f"crash after write {n}"
        assert moved(before, stock(gateway, **STOCKED)) == TAKEN, f"crash after write {n}"


def test_a_crash_during_a_status_change_then_a_retry_moves_stock_once(store_3x, gateways):
    gateway = gateways(store_3x)
    oid = gateway.create_order(reference_order(new_id())).order_id
    for n in range(1, 8):
        before = stock(gateway, **STOCKED)
        target = CANCELED if n % 2 else PROCESSING
        with pytest.raises(SimulatedCrash), crash_after_write(gateway, n):
            gateway.change_order_status(oid, target, comment=f"change {n}")
        gateway.change_order_status(oid, target, comment=f"change {n}")
        sign = 1 if target == CANCELED else -1
        assert moved(before, stock(gateway, **STOCKED)) == {k: -sign * v for k, v in TAKEN.items()}, n
        assert scalar(gateway, "SELECT COUNT(*) FROM {p}order_history WHERE order_id = :o AND comment = :c",
                      o=oid, c=f"change {n}") == 1


def order_snapshot(gateway, order_id: int) -> dict:
    """The rows of one order without ids, times and the per-order marker: what must match across orders."""
    skip = {"order_id", "order_product_id", "order_option_id", "order_total_id", "order_history_id", "user_agent",
            "comment", "date_added", "date_modified"}
    snap = {}
    for table in ORDER_TABLES:
        t = gateway.schema[table]
        from sqlalchemy import select

        with gateway.engine.connect() as conn:
            found = conn.execute(select(t).where(t.c.order_id == order_id)).mappings().all()
        snap[table] = sorted(tuple(sorted((k, str(v)) for k, v in r.items() if k not in skip)) for r in found)
    return snap


def test_a_4x_variant_line_takes_stock_from_the_variant_its_master_and_the_option_value(
        opencart4_store, gateways, oc4_variant):
    gateway = gateways(opencart4_store)
    line = OrderLine(oc4_variant, 2, D("80"), options=(ChosenOption(226, CANON_BLUE),))
    levels = dict(product_ids=(oc4_variant, CANON_EOS_5D), option_value_ids=(CANON_BLUE,))
    before = stock(gateway, **levels)
    oid = gateway.create_order(reference_order(new_id(), lines=(line,), taxes=())).order_id
    assert rows(gateway, "SELECT product_id, master_id, name FROM {p}order_product WHERE order_id = :o", o=oid) == [
        (oc4_variant, CANON_EOS_5D, "Canon EOS 5D &amp; Blue")]
    assert moved(before, stock(gateway, **levels)) == {
        ("product", oc4_variant): -2, ("product", CANON_EOS_5D): -2, ("value", CANON_BLUE): -2}
    gateway.change_order_status(oid, CANCELED)
    assert moved(before, stock(gateway, **levels)) == {k: 0 for k in before}


def test_every_not_null_column_is_given_so_strict_mode_accepts_the_order(store_3x):
    """MariaDB's strict mode rejects a missing NOT NULL column; OpenCart relaxes it, the gateway need not."""
    if store_3x.kind == "sqlite-demo":
        pytest.skip("strict mode is a MySQL/MariaDB setting")
    from sqlalchemy import event

    from jetcart.store import StoreGateway
    from jetcart.store.connection import make_engine

    engine = make_engine(store_3x.url)

    @event.listens_for(engine, "connect")
    def strict(dbapi_connection, _record):  # runs after the gateway's own session setup
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,STRICT_TRANS_TABLES'")

    gateway = StoreGateway(engine, store_3x.prefix)
    try:
        oid = gateway.create_order(reference_order(new_id())).order_id
        gateway.change_order_status(oid, CANCELED, comment="strict")
        gateway.create_category("Strict")
        gateway.create_return(NewReturn(order_id=oid, product_id=IPOD_CLASSIC, quantity=1, return_reason_id=1))
    finally:
        gateway.close()


def test_two_workers_creating_the_same_order_at_once_make_one_order(demo_store):
    """Rival workers (each its own gateway and connections): the claim's unique key lets one write."""
    import threading

    from jetcart.store import StoreGateway
    from jetcart.store.errors import OrderWriteInProgress

    key = new_id()
    workers = [StoreGateway.connect(demo_store.url, demo_store.prefix) for _ in range(2)]
    start, outcomes = threading.Barrier(2), []

    def create(gateway):
        start.wait()
        try:
            outcomes.append(gateway.create_order(reference_order(key)))
        except OrderWriteInProgress as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=create, args=(w,)) for w in workers]
    try:
        before = stock(workers[0], **STOCKED)
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        created = [o for o in outcomes if not isinstance(o, Exception) and o.created]
        assert len(created) == 1 and len(outcomes) == 2
        retried = workers[0].create_order(reference_order(key))  # whoever lost sees the finished order
        assert retried.order_id == created[0].order_id and not retried.created
        marker = scalar(workers[0], "SELECT user_agent FROM {p}order WHERE order_id = :o", o=retried.order_id)
        assert scalar(workers[0], "SELECT COUNT(*) FROM {p}order WHERE user_agent = :m", m=marker) == 1
        assert moved(before, stock(workers[0], **STOCKED)) == TAKEN
    finally:
        for w in workers:
            w.close()


def test_an_order_jetcart_did_not_create_follows_opencarts_rule_on_status_changes(gateway):
    """Without a journal row (an order placed in the storefront), the old status says whether stock was taken."""
    oid = gateway.create_order(reference_order(new_id())).order_id  # Processing: stock taken
    rows(gateway, "DELETE FROM {p}jetcart_order WHERE order_id = :o", o=oid)
    before = stock(gateway, **STOCKED)
    assert gateway.change_order_status(oid, CANCELED, comment="canceled in the admin")
    assert moved(before, stock(gateway, **STOCKED)) == {k: -v for k, v in TAKEN.items()}
    assert scalar(gateway, "SELECT marketplace_order_id FROM {p}jetcart_order WHERE order_id = :o", o=oid) == (
        f"opencart-order-{oid}")


def test_a_new_order_is_written_with_few_statements_and_no_read_backs(gateway):
    """Once the lookups are warm: journal, customer, products and the 3 options are read; the write is the claim,
    the order, 3 lines, options and totals in one INSERT each, one UPDATE per stock move (SQLite: two in a
    transaction), the history row and the status with the journal's done."""
    gateway.create_order(reference_order(new_id()))
    with count_statements(gateway) as seen:
        gateway.create_order(reference_order(new_id()))
    verbs = [statement.lstrip().split()[0].upper() for statement in seen]
    moves, sqlite = 4, gateway.engine.dialect.name == "sqlite"
    assert verbs.count("SELECT") <= 6, seen
    assert verbs.count("INSERT") == 8, seen
    assert verbs.count("UPDATE") == (2 * moves + 2 if sqlite else moves + 1), seen
    assert "DELETE" not in verbs


def test_a_stock_move_whose_target_is_gone_is_skipped_and_the_journal_still_changes_state(gateway):
    from datetime import datetime

    from sqlalchemy import insert

    from jetcart.store.errors import OrderWriteInProgress
    from jetcart.store.stock import StockMove, apply_moves

    key, journal = new_id(), gateway.schema.journal
    gateway.create_order(reference_order(new_id()))  # creates the journal table
    with gateway.engine.connect() as conn:
        conn.execute(insert(journal).values(marketplace_order_id=key, order_id=0, state="claimed", step=0,
                                            attempt="a1", claimed_at=datetime(2026, 1, 1)))
        if conn.dialect.name == "sqlite":
            conn.commit()
    moves = [StockMove("product", IPOD_CLASSIC, 2), StockMove("product", 999_999, 1)]
    before = stock(gateway, **STOCKED)

    def apply(attempt: str) -> None:
        with gateway.engine.connect() as conn:
            apply_moves(conn, gateway.schema, key=key, attempt=attempt, moves=moves, start=0, sign=-1, state="stock",
                        entering=("claimed", {"order_id": 77}), leaving={"state": "history", "stock_taken": 1})

    with pytest.raises(OrderWriteInProgress):
        apply("another attempt")
    assert moved(before, stock(gateway, **STOCKED)) == {k: 0 for k in TAKEN}
    apply("a1")
    assert moved(before, stock(gateway, **STOCKED))[("product", IPOD_CLASSIC)] == -2
    assert rows(gateway, "SELECT state, step, order_id, stock_taken FROM {p}jetcart_order "
                         "WHERE marketplace_order_id = :k", k=key) == [("history", 2, 77, 1)]
    with pytest.raises(OrderWriteInProgress):  # a repeat matches no step: it stops, nothing moves twice
        apply("a1")
    assert moved(before, stock(gateway, **STOCKED))[("product", IPOD_CLASSIC)] == -2
