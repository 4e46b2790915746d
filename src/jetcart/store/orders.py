"""Orders written as OpenCart writes them, exactly once per marketplace order, without transactions.

3.x tables are MyISAM, so a write is a sequence of single statements made recoverable by a journal
row in `<prefix>jetcart_order` (see docs/store-gateway.md):

1. claim: INSERT the journal row keyed by the marketplace order id (a unique key: atomic on MyISAM);
2. the `order` row with order_status_id 0 (OpenCart's own "not yet confirmed" state, hidden from
   every list) and a deterministic marker in `user_agent`;
3. lines, then options and totals in one multi-row INSERT each (a resumed attempt finds the row by its
   marker and first deletes the ones a crash left);
4. stock moves, each in the same statement as its journal step (stock.py); the first one also records
   the order id (journal → stock), the last one journal → history; with no stock to take, one journal
   update → history;
5. history row (unless already there), then `order_status_id` = target: the commit point where the
   order appears in OpenCart, in the same statement as journal → done (MySQL; SQLite: two).

A retry reads the journal and continues where the crashed attempt stopped.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, CursorResult, Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from jetcart.store.errors import OrderNotFound, OrderWriteInProgress, StoreError, TotalNotInstalled
from jetcart.store.lookups import ResolvedOption, StoreLookups
from jetcart.store.models import CreatedOrder, NewOrder
from jetcart.store.schema.live import StoreSchema
from jetcart.store.settings import InstalledTotal, StoreSettings
from jetcart.store.stock import StockMove, apply_moves, moves_of, plan_moves
from jetcart.store.types import escape_text

CENT4 = Decimal("0.0001")


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT4)


@dataclass(frozen=True)
class PlannedLine:
    product_id: int
    master_id: int
    name: str
    model: str
    quantity: int
    price: Decimal
    total: Decimal
    tax: Decimal
    options: tuple[ResolvedOption, ...]


@dataclass(frozen=True)
class PlannedOrder:
    """Everything an order write needs, resolved and checked before the first statement."""

    key: str
    marker: str
    status_id: int
    order_values: dict
    lines: tuple[PlannedLine, ...]
    totals: tuple[dict, ...]
    total: Decimal
    date_added: datetime
    history_comment: str


class OrderWriter:
    def __init__(
        self,
        schema: StoreSchema,
        settings: StoreSettings,
        totals: dict[str, InstalledTotal],
        *,
        lease: timedelta = timedelta(minutes=2),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.schema = schema
        self.settings = settings
        self.installed_totals = totals
        self.lookups = StoreLookups(schema, settings)
        self.lease = lease
        self.clock = clock

    # ---- planning (read-only) --------------------------------------------------------------

    def plan(self, conn: Connection, order: NewOrder) -> PlannedOrder:
        """Resolves and checks every id and amount; raises a StoreInputError before anything is written."""
        s, lk, ref = self.settings, self.lookups, order.marketplace_order_id
        if not ref or len(ref) > 64:
            raise StoreError(f"marketplace order id {ref!r} must have 1 to 64 characters")
        if not order.lines:
            raise StoreError(f"order {ref} has no lines")
        currency = lk.currency(conn, order.currency_code)
        status_id = order.order_status_id or s.order_status_id
        lk.order_status(conn, status_id)
        payment = lk.address(conn, order.payment_address)
        shipping = lk.address(conn, order.shipping_address)
        customer_id, group_id = lk.customer(conn, order.email)
        products = lk.products(conn, {line.product_id for line in order.lines}, ref)
        rate = currency.value or Decimal(1)

        def convert(amount: Decimal) -> Decimal:
            return _money(Decimal(amount) / rate)

        lines = []
        for line in order.lines:
            product = products[line.product_id]
            if line.quantity <= 0:
                raise StoreError(f"order {ref}: quantity of product {line.product_id} must be positive")
            price, tax = convert(line.price), convert(line.tax)
            lines.append(PlannedLine(
                product_id=product.product_id, master_id=product.master_id,
                name=escape_text(line.name) if line.name is not None else product.name,
                model=escape_text(line.model) if line.model is not None else product.model,
                quantity=line.quantity, price=price, total=_money(price * line.quantity), tax=tax,
                options=tuple(lk.option(conn, product, chosen, ref) for chosen in line.options),
            ))
        totals = self._totals(order, lines, convert)
        total = totals[-1]["value"]
        ordered_at = order.ordered_at
        if ordered_at.tzinfo is None:
            raise StoreError(f"order {ref}: ordered_at must be timezone-aware")
        local = ordered_at.astimezone(s.timezone).replace(tzinfo=None, microsecond=0)
        marker = f"{order.user_agent} #{ref}"[:255]
        values = self._order_values(order, currency, payment, shipping, customer_id, group_id, total, local, marker)
        return PlannedOrder(
            key=ref, marker=marker, status_id=status_id, order_values=values, lines=tuple(lines),
            totals=tuple(totals), total=total, date_added=local, history_comment=escape_text(order.history_comment),
        )

    def _totals(self, order: NewOrder, lines: list[PlannedLine], convert) -> list[dict]:
        """sub_total, shipping, one tax row per title, total: installed total codes only."""

        def row(code: str, title: str, value: Decimal) -> dict:
            installed = self.installed_totals.get(code)
            if installed is None:
                raise TotalNotInstalled(
                    f"order {order.marketplace_order_id}: the store has no enabled '{code}' total extension "
                    f"(Extensions > Order Totals); OpenCart fails on status changes of orders using unknown codes"
                )
            return {"code": code, "title": escape_text(title), "value": value, "sort_order": installed.sort_order,
                    "extension": installed.extension}

        sub_total = sum((line.total for line in lines), Decimal(0))
        rows = [row("sub_total", "Sub-Total", sub_total)]
        shipping = convert(order.shipping_amount)
        if shipping or "shipping" in self.installed_totals:
            rows.append(row("shipping", order.shipping_title, shipping))
        rows += [row("tax", tax.title, convert(tax.amount)) for tax in order.taxes]
        grand = sum((r["value"] for r in rows), Decimal(0))
        rows.append(row("total", "Total", grand))
        return sorted(rows, key=lambda r: r["sort_order"])  # stable: tax rows keep their order

    def _order_values(self, order, currency, payment, shipping, customer_id, group_id, total, local, marker) -> dict:
        s = self.settings
        values = {
            "invoice_no": 0, "invoice_prefix": s.invoice_prefix, "store_id": 0, "store_name": escape_text(s.name),
            "store_url": s.store_url, "customer_id": customer_id, "customer_group_id": group_id,
            "firstname": escape_text(order.firstname), "lastname": escape_text(order.lastname),
            "email": escape_text(order.email), "telephone": escape_text(order.telephone), "fax": "",
            "custom_field": "[]", "comment": escape_text(order.comment), "total": total, "order_status_id": 0,
            "affiliate_id": 0, "commission": Decimal(0), "marketing_id": 0, "tracking": "",
            "language_id": s.language_id, "language_code": s.language_code, "currency_id": currency.currency_id,
            "currency_code": currency.code, "currency_value": currency.value, "ip": "", "forwarded_ip": "",
            "user_agent": marker, "accept_language": "", "date_added": local, "date_modified": local,
            "subscription_id": 0, "transaction_id": "",
        }
        shipping_method = order.shipping_method or order.shipping_title
        for side, address, resolved in (("payment", order.payment_address, payment),
                                        ("shipping", order.shipping_address, shipping)):
            values.update({
                f"{side}_firstname": escape_text(address.firstname), f"{side}_lastname": escape_text(address.lastname),
                f"{side}_company": escape_text(address.company), f"{side}_address_1": escape_text(address.address_1),
                f"{side}_address_2": escape_text(address.address_2), f"{side}_city": escape_text(address.city),
                f"{side}_postcode": escape_text(address.postcode), f"{side}_country": resolved.country,
                f"{side}_country_id": resolved.country_id, f"{side}_zone": resolved.zone,
                f"{side}_zone_id": resolved.zone_id, f"{side}_address_format": resolved.address_format,
                f"{side}_custom_field": "[]", f"{side}_address_id": 0,
            })
        if self.schema.version == "3.0":
            values.update({
                "payment_method": escape_text(order.payment_method), "payment_code": order.payment_code,
                "shipping_method": escape_text(shipping_method), "shipping_code": order.shipping_code,
            })
        else:  # 4.x keeps the methods as JSON; its admin reads cost and tax_class_id of the shipping method
            code = order.payment_code if "." in order.payment_code else f"{order.payment_code}.{order.payment_code}"
            values["payment_method"] = json.dumps({"name": order.payment_method, "code": code})
            values["shipping_method"] = json.dumps({
                "name": shipping_method, "code": order.shipping_code, "cost": str(order.shipping_amount),
                "tax_class_id": 0, "text": f"{order.shipping_amount:.2f}",
            })
        columns = self.schema["order"].c
        return {k: v for k, v in values.items() if k in columns}

    # ---- the write -------------------------------------------------------------------------

    def create(self, conn: Connection, order: NewOrder) -> CreatedOrder:
        journal = self.schema.journal
        row = self._journal_row(conn, order.marketplace_order_id)
        if row is not None and row.state not in ("claimed", "lines", "stock", "history"):
            return self._existing(conn, row.order_id)
        plan = self.plan(conn, order)
        attempt = uuid.uuid4().hex
        now = self._utc_now()
        if row is None:
            try:
                self._insert(conn, journal, dict(
                    marketplace_order_id=plan.key, order_id=0, state="claimed", step=0, stock_taken=0,
                    target_status_id=plan.status_id, notify=0, comment=plan.history_comment,
                    event_at=plan.date_added, attempt=attempt, claimed_at=now,
                ))
            except IntegrityError:
                row = self._journal_row(conn, plan.key)
            else:
                return self._continue(conn, plan, attempt, state="claimed", order_id=0, step=0, fresh=True)
        if row.state not in ("claimed", "lines", "stock", "history"):
            return self._existing(conn, row.order_id)
        self._take_over(conn, row, attempt, now)
        row = self._journal_row(conn, plan.key)
        return self._continue(conn, plan, attempt, state=row.state, order_id=row.order_id, step=row.step, fresh=False)

    def _continue(self, conn: Connection, plan: PlannedOrder, attempt: str, *, state: str, order_id: int, step: int,
                  fresh: bool) -> CreatedOrder:
        """Runs the write from the journal's `state` (and stock `step`) on. `fresh`: this attempt has just claimed
        the order, so nothing of it exists yet and the read-backs a resumed attempt needs are skipped.

        The journal stays `claimed` while the order row, lines and totals are written (a resumed attempt finds the
        row by its marker, deletes its lines and writes them again); the first stock move also records the order id
        and enters `stock`, the last one enters `history`, so a crash never separates a move from its journal step.
        """
        s, key = self.schema, plan.key
        wrote_order = False
        if state == "claimed":
            found = None if fresh else self._find_by_marker(conn, plan.marker)
            if found is not None and found[1] > 0:  # complete, though the journal lost track of it
                self._advance(conn, key, attempt, "claimed", state="done", order_id=found[0])
                return self._existing(conn, found[0])
            if found is not None:
                order_id = found[0]
            else:
                order_id = self._insert(conn, s["order"], plan.order_values).inserted_primary_key[0]
                wrote_order = True
        taken = plan.status_id in self.settings.stock_status_ids
        if state in ("claimed", "lines"):  # "lines": a journal an earlier version left after the order row
            if not wrote_order:  # a crashed attempt may have left some of them
                for name in ("order_option", "order_product", "order_total"):
                    conn.execute(delete(s[name]).where(s[name].c.order_id == order_id))
            self._write_lines(conn, order_id, plan)
            moves = self._planned_moves(plan) if taken else []
            if moves:
                apply_moves(conn, s, key=key, attempt=attempt, moves=moves, start=0, sign=-1, state="stock",
                            entering=(state, {"order_id": order_id}), leaving={"state": "history", "stock_taken": 1})
            else:
                self._advance(conn, key, attempt, state, state="history", order_id=order_id, stock_taken=int(taken))
            state = "history"
        if state == "stock":
            moves = plan_moves(conn, s, order_id) if taken else []
            if step < len(moves):
                apply_moves(conn, s, key=key, attempt=attempt, moves=moves, start=step, sign=-1, state="stock",
                            leaving={"state": "history", "stock_taken": 1})
            else:
                self._advance(conn, key, attempt, "stock", state="history", stock_taken=int(taken))
            state = "history"
        if state == "history":
            if wrote_order:  # the order row is this attempt's: no history row can exist yet
                self._insert_history(conn, order_id, plan.status_id, plan.history_comment, 0, plan.date_added)
            else:
                self._add_history(conn, order_id, plan.status_id, plan.history_comment, 0, plan.date_added)
            self._commit_status(conn, key, attempt, order_id, plan.status_id)
        return CreatedOrder(order_id=order_id, created=True, total=plan.total)

    @staticmethod
    def _planned_moves(plan: PlannedOrder) -> list[StockMove]:
        """The moves of the lines just written, as `plan_moves` would read them back from the order's rows."""
        return moves_of((line.product_id, line.master_id, line.quantity,
                         [o.product_option_value_id for o in line.options if o.product_option_value_id > 0])
                        for line in plan.lines)

    def _commit_status(self, conn: Connection, key: str, attempt: str, order_id: int, status_id: int) -> None:
        """Sets the order's status (the commit point: the order appears in OpenCart) and the journal to done. On
        MySQL/MariaDB one multi-table UPDATE does both, so no crash can fall between them; on SQLite, two."""
        o, journal = self.schema["order"], self.schema.journal
        if conn.dialect.name == "sqlite":
            conn.execute(update(o).where(o.c.order_id == order_id).values(order_status_id=status_id))
            self._advance(conn, key, attempt, "history", state="done")
            return
        statement = self.schema.statement("commit_status", lambda: update(o).values(
            {o.c.order_status_id: bindparam("b_status_id"), journal.c.state: "done"}).where(
            o.c.order_id == bindparam("b_order_id"), journal.c.marketplace_order_id == bindparam("b_key"),
            journal.c.attempt == bindparam("b_attempt"), journal.c.state == "history"))
        moved = conn.execute(statement, {"b_status_id": status_id, "b_order_id": order_id, "b_key": key,
                                         "b_attempt": attempt}).rowcount
        if not moved:  # another attempt took over (this raises), or the order row was deleted meanwhile
            self._advance(conn, key, attempt, "history", state="done")

    def _write_lines(self, conn: Connection, order_id: int, plan: PlannedOrder) -> None:
        """One INSERT per order line (its id links the options), then every option and every total in one
        multi-row INSERT each."""
        s = self.schema
        op, oo, ot = s["order_product"], s["order_option"], s["order_total"]
        options = []
        for line in plan.lines:
            values = {"order_id": order_id, "product_id": line.product_id, "name": line.name, "model": line.model,
                      "quantity": line.quantity, "price": line.price, "total": line.total, "tax": line.tax,
                      "reward": 0, "master_id": line.master_id}
            result = self._insert(conn, op, {k: v for k, v in values.items() if k in op.c})
            order_product_id = result.inserted_primary_key[0]
            options += [{"order_id": order_id, "order_product_id": order_product_id,
                         "product_option_id": opt.product_option_id,
                         "product_option_value_id": opt.product_option_value_id, "name": opt.name,
                         "value": opt.value, "type": opt.type} for opt in line.options]
        if options:
            self._insert(conn, oo, options)
        totals = [{k: v for k, v in {"order_id": order_id, **total}.items() if k in ot.c} for total in plan.totals]
        self._insert(conn, ot, totals)

    # ---- status changes --------------------------------------------------------------------

    def change_status(self, conn: Connection, order_id: int, status_id: int, *, comment: str = "",
                      notify: bool = False) -> bool:
        """Sets the status with a history row, taking or restocking as OpenCart's addOrderHistory does.

        Returns False when the order already has this status from the last change (a retry); True otherwise.
        """
        s, journal = self.schema, self.schema.journal
        self.lookups.order_status(conn, status_id)
        o = s["order"]
        current = conn.scalar(select(o.c.order_status_id).where(o.c.order_id == order_id))
        if current is None:
            raise OrderNotFound(f"order {order_id} is not in {o.name}")
        row = conn.execute(select(journal).where(journal.c.order_id == order_id)).first()
        if row is None:  # an order jetcart did not create: start its journal from OpenCart's own rule
            key = f"opencart-order-{order_id}"
            with contextlib.suppress(IntegrityError):
                conn.execute(insert(journal).values(
                    marketplace_order_id=key, order_id=order_id, state="done", step=0,
                    stock_taken=int(current in self.settings.stock_status_ids), target_status_id=current,
                    notify=0, comment="", event_at=None, attempt=uuid.uuid4().hex, claimed_at=self._utc_now(),
                ))
            row = conn.execute(select(journal).where(journal.c.order_id == order_id)).first()
        key = row.marketplace_order_id
        if row.state in ("claimed", "lines", "stock", "history"):
            raise OrderWriteInProgress(f"order {order_id} ({key}) is still being created; retry create_order first")
        attempt = uuid.uuid4().hex
        if row.state != "done":
            self._take_over(conn, row, attempt, self._utc_now())
            self._finish_status_change(conn, order_id, key, attempt)
            row = self._journal_row(conn, key)
            current = conn.scalar(select(o.c.order_status_id).where(o.c.order_id == order_id))
        if row.target_status_id == status_id and current == status_id and row.comment == escape_text(comment):
            return False
        now_local = datetime.now(self.settings.timezone).replace(tzinfo=None, microsecond=0)
        started = conn.execute(update(journal).where(
            journal.c.marketplace_order_id == key, journal.c.state == "done", journal.c.attempt == row.attempt,
        ).values(state="status_stock", step=0, target_status_id=status_id, comment=escape_text(comment),
                 notify=int(notify), event_at=now_local, attempt=attempt, claimed_at=self._utc_now())).rowcount
        if not started:
            raise OrderWriteInProgress(f"order {order_id}: another status change started at the same time")
        self._finish_status_change(conn, order_id, key, attempt)
        return True

    def _finish_status_change(self, conn: Connection, order_id: int, key: str, attempt: str) -> None:
        s = self.schema
        row = self._journal_row(conn, key)
        want = row.target_status_id in self.settings.stock_status_ids
        if row.state == "status_stock":
            if want != bool(row.stock_taken):
                moves = plan_moves(conn, s, order_id)
                apply_moves(conn, s, key=key, attempt=attempt, moves=moves, start=row.step, sign=-1 if want else 1,
                            state="status_stock")
            self._advance(conn, key, attempt, "status_stock", state="status_history", stock_taken=int(want))
            row = self._journal_row(conn, key)
        if row.state == "status_history":
            self._add_history(conn, order_id, row.target_status_id, row.comment or "", row.notify, row.event_at)
            o = s["order"]
            values = {"order_status_id": row.target_status_id}
            if self.schema.version == "3.0":  # 4.1's editOrderStatusId leaves date_modified alone
                values["date_modified"] = row.event_at
            conn.execute(update(o).where(o.c.order_id == order_id).values(values))
            self._advance(conn, key, attempt, "status_history", state="done")

    # ---- helpers ---------------------------------------------------------------------------

    def _utc_now(self) -> datetime:
        return self.clock().astimezone(UTC).replace(tzinfo=None, microsecond=0)

    def _journal_row(self, conn: Connection, key: str):
        journal = self.schema.journal
        statement = self.schema.statement("journal_row", lambda: select(journal).where(
            journal.c.marketplace_order_id == bindparam("b_key")))
        return conn.execute(statement, {"b_key": key}).first()

    def _take_over(self, conn: Connection, row, attempt: str, now: datetime) -> None:
        """Resumes another attempt's unfinished write once its lease has run out (it crashed or hung)."""
        journal = self.schema.journal
        if row.claimed_at and now - row.claimed_at < self.lease:
            raise OrderWriteInProgress(
                f"marketplace order {row.marketplace_order_id}: an attempt started at {row.claimed_at:%H:%M:%S} UTC "
                f"is still within its {int(self.lease.total_seconds())} s lease; retry later"
            )
        taken = conn.execute(update(journal).where(
            journal.c.marketplace_order_id == row.marketplace_order_id, journal.c.attempt == row.attempt,
        ).values(attempt=attempt, claimed_at=now)).rowcount
        if not taken:
            raise OrderWriteInProgress(f"marketplace order {row.marketplace_order_id}: another attempt took over")

    def _advance(self, conn: Connection, key: str, attempt: str, from_state: str, **values) -> None:
        journal = self.schema.journal
        statement = self.schema.statement(("advance", *sorted(values)), lambda: update(journal).where(
            journal.c.marketplace_order_id == bindparam("b_key"), journal.c.attempt == bindparam("b_attempt"),
            journal.c.state == bindparam("b_from"),
        ).values({name: bindparam(f"v_{name}") for name in values}))
        moved = conn.execute(statement, {"b_key": key, "b_attempt": attempt, "b_from": from_state,
                                         **{f"v_{name}": value for name, value in values.items()}}).rowcount
        if not moved:
            raise OrderWriteInProgress(f"marketplace order {key}: another attempt took over the write")

    def _find_by_marker(self, conn: Connection, marker: str) -> tuple[int, int] | None:
        o = self.schema["order"]
        row = conn.execute(
            select(o.c.order_id, o.c.order_status_id).where(o.c.user_agent == marker).order_by(
                o.c.order_status_id.desc(), o.c.order_id)
        ).first()
        return (row.order_id, row.order_status_id) if row else None

    def _add_history(self, conn: Connection, order_id: int, status_id: int, comment: str, notify: int,
                     at: datetime) -> None:
        """Inserts the history row unless this exact row (same status, comment and time) is already there."""
        oh = self.schema["order_history"]
        exists = conn.scalar(select(oh.c.order_history_id).where(
            oh.c.order_id == order_id, oh.c.order_status_id == status_id, oh.c.date_added == at,
            oh.c.comment == comment,
        ).limit(1))
        if exists is None:
            self._insert_history(conn, order_id, status_id, comment, notify, at)

    def _insert_history(self, conn: Connection, order_id: int, status_id: int, comment: str, notify: int,
                        at: datetime) -> None:
        self._insert(conn, self.schema["order_history"], dict(
            order_id=order_id, order_status_id=status_id, notify=int(notify), comment=comment, date_added=at))

    def _insert(self, conn: Connection, table: Table, rows: dict | list[dict]) -> CursorResult:
        """INSERTs one row (a dict) or several (a list: one multi-row statement) with the table's prebuilt INSERT."""
        return conn.execute(self.schema.statement(("insert", table.name), lambda: insert(table)), rows)

    def _existing(self, conn: Connection, order_id: int) -> CreatedOrder:
        o = self.schema["order"]
        total = conn.scalar(select(o.c.total).where(o.c.order_id == order_id))
        return CreatedOrder(order_id=order_id, created=False, total=total or Decimal(0))

    def find(self, conn: Connection, key: str) -> int | None:
        row = self._journal_row(conn, key)
        return row.order_id if row is not None and row.state not in ("claimed", "lines", "stock", "history") else None
