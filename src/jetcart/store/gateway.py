"""StoreGateway: everything the connector may ask of an OpenCart store, on one object."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from jetcart.store import returns, writes
from jetcart.store.catalog import DEFAULT_BATCH, CatalogReader
from jetcart.store.change_capture import ChangeCapture
from jetcart.store.connection import make_engine
from jetcart.store.errors import StoreSchemaError
from jetcart.store.held_stock import HeldUnits, held_units
from jetcart.store.models import Category, CreatedOrder, NewOrder, NewReturn, Product, StoreCounts
from jetcart.store.orders import OrderWriter
from jetcart.store.schema.live import StoreSchema, bind_schema
from jetcart.store.settings import StoreSettings, read_installed_totals, read_settings

SETTINGS_TTL = 60.0  # seconds: a merchant's change in OpenCart's settings is seen within a minute


class StoreGateway:
    """One OpenCart store (3.0.x or 4.x, any table prefix). Thread-safe: each call takes a pooled connection."""

    def __init__(self, engine: Engine, prefix: str, *, lease: timedelta = timedelta(minutes=2),
                 settings_ttl: float = SETTINGS_TTL, store_url: str | None = None):
        self.engine = engine
        # Store 0's address lives in OpenCart's config.php, not in the database: used when config_url is empty.
        self.store_url = store_url
        self.prefix = prefix
        self.lease = lease
        self.settings_ttl = settings_ttl
        self.schema: StoreSchema = bind_schema(engine, prefix)
        if self.schema.problems:
            raise StoreSchemaError("; ".join(self.schema.problems))
        self.refresh()

    def refresh(self) -> None:
        """Re-reads oc_setting and the installed totals (done by itself when they are older than settings_ttl)."""
        with self.engine.connect() as conn:
            self.settings: StoreSettings = read_settings(conn, self.schema)
            if self.store_url and not self.settings.store_url:
                self.settings = replace(self.settings, store_url=self.store_url)
            self.installed_totals = read_installed_totals(conn, self.schema, self.settings.values)
        self.catalog = CatalogReader(self.schema, self.settings)
        self.orders = OrderWriter(self.schema, self.settings, self.installed_totals, lease=self.lease)
        self._loaded_at = time.monotonic()

    def _ensure_journal(self) -> None:
        """Creates jetcart's order journal on the first write (reading needs no CREATE privilege)."""
        if self.schema.journal_exists:
            return
        try:
            self.schema.journal.create(self.engine, checkfirst=True)
        except DBAPIError as exc:
            raise StoreSchemaError(
                f"cannot create jetcart's table {self.schema.journal.name} (needed to write orders exactly once): "
                f"{str(exc.orig).splitlines()[0] if exc.orig else exc}; grant CREATE on the store database"
            ) from exc
        self.schema.journal_exists = True

    def _fresh(self) -> None:
        if time.monotonic() - self._loaded_at > self.settings_ttl:
            self.refresh()

    @classmethod
    def connect(cls, url: str, prefix: str = "oc_", **kwargs) -> StoreGateway:
        return cls(make_engine(url), prefix, **kwargs)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> StoreGateway:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def version(self) -> str:
        """"3.0", "4.0" or "4.1"."""
        return self.schema.version

    # ---- reading ---------------------------------------------------------------------------

    def iter_products(self, *, batch_size: int = DEFAULT_BATCH) -> Iterator[Product]:
        self._fresh()
        with self.engine.connect() as conn:
            yield from self.catalog.iter_products(conn, batch_size=batch_size)

    def get_products(self, product_ids: Iterable[int]) -> list[Product]:
        self._fresh()
        with self.engine.connect() as conn:
            return self.catalog.products_by_ids(conn, product_ids)

    def changed_product_ids(self, since: datetime) -> list[int]:
        self._fresh()
        with self.engine.connect() as conn:
            return self.catalog.changed_product_ids(conn, since)

    @property
    def capture(self) -> ChangeCapture:
        """Change capture: triggers into `<prefix>jetcart_change`, and the reads polling uses without them."""
        found = getattr(self, "_capture", None)
        if found is None:
            found = self._capture = ChangeCapture(self.engine, self.schema)
        return found

    def held_units(self, product_ids: Iterable[int], *, since: datetime) -> HeldUnits:
        """Units of these products in orders that have not taken their stock yet, placed since `since` (aware)."""
        self._fresh()
        local = since.astimezone(self.settings.timezone).replace(tzinfo=None, microsecond=0)
        with self.engine.connect() as conn:
            return held_units(conn, self.schema, self.settings, product_ids, since=local)

    def categories(self) -> list[Category]:
        self._fresh()
        with self.engine.connect() as conn:
            return self.catalog.categories(conn)

    def counts(self) -> StoreCounts:
        self._fresh()
        with self.engine.connect() as conn:
            return self.catalog.counts(conn)

    def order_statuses(self) -> dict[int, str]:
        self._fresh()
        from sqlalchemy import select

        t = self.schema["order_status"]
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.order_status_id, t.c.name).where(t.c.language_id == self.settings.language_id))
            return {r.order_status_id: r.name for r in rows}

    # ---- writing ---------------------------------------------------------------------------

    def create_category(self, name: str, *, parent_id: int = 0, description: str = "", status: bool = True,
                        sort_order: int = 0) -> int:
        self._fresh()
        with self.engine.connect() as conn:
            return writes.create_category(conn, self.schema, self.settings, name=name, parent_id=parent_id,
                                          description=description, status=status, sort_order=sort_order)

    def create_order(self, order: NewOrder) -> CreatedOrder:
        """Creates the order once per marketplace_order_id; a repeat (or a retry after a crash) returns it."""
        self._fresh()
        self._ensure_journal()
        with self.engine.connect() as conn:
            return self.orders.create(conn, order)

    def find_order(self, marketplace_order_id: str) -> int | None:
        self._fresh()
        if not self.schema.journal_exists:
            return None
        with self.engine.connect() as conn:
            return self.orders.find(conn, marketplace_order_id)

    def change_order_status(self, order_id: int, order_status_id: int, *, comment: str = "",
                            notify: bool = False) -> bool:
        self._fresh()
        self._ensure_journal()
        with self.engine.connect() as conn:
            return self.orders.change_status(conn, order_id, order_status_id, comment=comment, notify=notify)

    def create_return(self, new: NewReturn) -> int:
        self._fresh()
        with self.engine.connect() as conn:
            return writes.create_return(conn, self.schema, self.settings, new)

    def return_statuses(self) -> dict[int, str]:
        with self.engine.connect() as conn:
            return returns.names(conn, self.schema, self.settings, "return_status")

    def return_reasons(self) -> dict[int, str]:
        with self.engine.connect() as conn:
            return returns.names(conn, self.schema, self.settings, "return_reason")

    def find_return(self, *, order_id: int, product_id: int, marker: str) -> int | None:
        """The return of this order line whose comment carries `marker` (to create a return only once)."""
        with self.engine.connect() as conn:
            return returns.find_return(conn, self.schema, order_id=order_id, product_id=product_id, marker=marker)

    def complete_return(self, return_id: int, status_id: int, *, comment: str = "", restock_quantity: int = 0,
                        option_value_ids: Iterable[int] = ()) -> bool:
        """New status with a history row, and the returned units back in stock if asked; False on a repeat."""
        with self.engine.connect() as conn:
            return returns.complete_return(conn, self.schema, self.settings, return_id, status_id=status_id,
                                           comment=comment, restock_quantity=restock_quantity,
                                           option_value_ids=option_value_ids)
