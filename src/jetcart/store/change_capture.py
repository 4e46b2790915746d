"""Change capture in the store database: triggers that note the product ids whose stock or price moved into
`<prefix>jetcart_change`, and the cheap reads a poller uses where triggers cannot be installed.

Triggers (MySQL/MariaDB `AFTER INSERT/UPDATE/DELETE … FOR EACH ROW`, SQLite triggers for the demo) catch every
writer, OpenCart or not: a checkout's stock move, an admin save, an order status change that restocks, an
option value's quantity, a special added, and a direct SQL import that never touches `date_modified`. New
order_history rows (orders that hold stock without moving it) are read by their primary key instead. An
UPDATE notes a row only when a column that matters to Jet changed: OpenCart 3.x bumps `product.viewed` on every
product page view, which must not become a change.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    func,
    inspect,
    or_,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from jetcart.store.errors import StoreSchemaError
from jetcart.store.schema.live import StoreSchema

# (table, columns whose change matters to Jet) — product_discount only where 4.1 keeps its specials there.
WATCHED = {
    "product": ("quantity", "price", "status", "subtract", "date_available"),
    "product_option_value": ("quantity", "subtract", "price", "price_prefix"),
    "product_special": ("price", "date_start", "date_end", "customer_group_id", "priority"),
    "product_discount": ("price", "date_start", "date_end", "customer_group_id", "priority", "special", "type"),
}
EVENTS = {"insert": "ai", "update": "au", "delete": "ad"}
CHECKSUM_BUCKET = 1000  # product ids per checksum bucket: a differing bucket re-reads at most this many products


@dataclass(frozen=True)
class TriggerSpec:
    name: str
    table: str  # OpenCart name, no prefix
    event: str  # insert | update | delete


@dataclass(frozen=True)
class CaptureStatus:
    """What is installed: `mode` is "triggers" when every trigger is there, else "polling"."""

    mode: str
    installed: tuple[str, ...]
    missing: tuple[str, ...]
    pending: int  # change rows not yet sent
    table_exists: bool

    def line(self) -> str:
        if self.mode == "triggers":
            return f"change capture: triggers ({len(self.installed)} installed), {self.pending} change(s) pending"
        if self.installed:
            return (f"change capture: polling (triggers incomplete, missing {', '.join(self.missing)}; "
                    "run `jetcart store capture install`)")
        return "change capture: polling (no triggers; `jetcart store capture install` makes sales reach Jet in seconds)"


@dataclass(frozen=True)
class StoreIdentity:
    """Which database this is: server host, port and database name (SQLite: the file's path), and the prefix."""

    server: str
    database: str
    prefix: str

    @property
    def fingerprint(self) -> str:
        return f"{self.server}/{self.database}/{self.prefix}"


def declare_change_table(metadata: MetaData, prefix: str, *, engine: str = "InnoDB") -> Table:
    """One row per noted change; the poller deletes rows only after Jet accepted what they caused. On MySQL/MariaDB
    it takes the engine of the store's `product` table: on MyISAM (3.x) an InnoDB change table would make every
    stock move commit and flush a second engine's log; on InnoDB (4.x) the trigger's row joins the transaction."""
    return Table(
        prefix + "jetcart_change", metadata,
        Column("change_id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("product_id", Integer, nullable=False),
        Column("source", String(24), nullable=False, server_default=text("''")),
        Column("changed_at", DateTime, nullable=True, server_default=func.current_timestamp()),
        mysql_engine=engine, mysql_charset="utf8mb4", mysql_collate="utf8mb4_unicode_ci",
    )


def declare_installation_table(metadata: MetaData, prefix: str) -> Table:
    """The id of the jetcart installation that serves this store (the clone guard compares it)."""
    return Table(
        prefix + "jetcart_installation", metadata,
        Column("name", String(32), primary_key=True),
        Column("value", String(255), nullable=False),
        Column("recorded_at", DateTime, nullable=True),
        mysql_charset="utf8mb4", mysql_collate="utf8mb4_unicode_ci",
    )


class ChangeCapture:
    """The store side of change capture for one store (any prefix, 3.x or 4.x, MySQL/MariaDB or SQLite)."""

    def __init__(self, engine: Engine, schema: StoreSchema):
        self.engine = engine
        self.schema = schema
        self.prefix = schema.prefix
        metadata = MetaData()
        self.changes = declare_change_table(metadata, self.prefix)
        self.installation = declare_installation_table(metadata, self.prefix)

    # ---- triggers -----------------------------------------------------------------------------

    def trigger_specs(self) -> list[TriggerSpec]:
        """The triggers this store gets: one per watched table it has and event."""
        specs = []
        for table in WATCHED:
            if not self.schema.has(table):
                continue
            if table == "product_discount" and self.schema.has("product_special"):
                continue  # 3.x and 4.0 keep specials in product_special; discounts never reach Jet's price
            for event in ("insert", "update", "delete") if table != "product" else ("update",):
                specs.append(TriggerSpec(f"{self.prefix}jetcart_{table}_{EVENTS[event]}", table, event))
        # No trigger on order_history: an INSERT … SELECT in a trigger there cost a checkout ~9 ms (measured); stock
        # moved by an order fires the product triggers anyway, and the watcher reads new order_history rows by
        # their primary key (`history_after`) for orders that hold stock without moving it.
        return specs

    def _trigger_body(self, spec: TriggerSpec, sqlite: bool) -> tuple[str, str]:
        """(WHEN condition or '', the INSERT) of one trigger."""
        change = self.changes.name
        row = "OLD" if spec.event == "delete" else "NEW"
        insert = (f"INSERT INTO {_q(change, sqlite)} (product_id, source) "
                  f"VALUES ({row}.product_id, '{spec.table[:16]}')")
        if spec.event != "update":
            return "", insert
        columns = [c for c in WATCHED[spec.table] if c in self.schema[spec.table].c]
        same = " OR ".join(
            f"NEW.{_q(c, sqlite)} IS NOT OLD.{_q(c, sqlite)}" if sqlite else f"NOT (NEW.`{c}` <=> OLD.`{c}`)"
            for c in columns)
        return same, insert

    def _create_trigger_sql(self, spec: TriggerSpec, sqlite: bool) -> str:
        when, insert = self._trigger_body(spec, sqlite)
        table = self.schema[spec.table].name
        event = spec.event.upper()
        if sqlite:
            condition = f" WHEN {when}" if when else ""
            return (f'CREATE TRIGGER IF NOT EXISTS "{spec.name}" AFTER {event} ON "{table}" FOR EACH ROW'
                    f"{condition} BEGIN {insert}; END")
        body = f"IF {when} THEN {insert}; END IF" if when else insert
        return f"CREATE TRIGGER `{spec.name}` AFTER {event} ON `{table}` FOR EACH ROW {body}"

    def install(self) -> CaptureStatus:
        """Creates the change table and every trigger (a trigger already there is replaced)."""
        sqlite = self.engine.dialect.name == "sqlite"
        try:
            changes = self.changes
            if not sqlite:
                with self.engine.connect() as conn:
                    engine = conn.execute(text(
                        "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                        "AND TABLE_NAME = :t"), {"t": self.schema["product"].name}).scalar()
                changes = declare_change_table(MetaData(), self.prefix, engine=engine or "InnoDB")
            changes.create(self.engine, checkfirst=True)
            with self.engine.connect() as conn:
                for spec in self.trigger_specs():
                    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_q(spec.name, sqlite)}")
                    conn.exec_driver_sql(self._create_trigger_sql(spec, sqlite))
                if sqlite:
                    conn.commit()
        except DBAPIError as exc:
            self.remove()  # all or nothing: a half set would miss changes while looking installed
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise StoreSchemaError(
                f"cannot install change capture triggers: {reason}; grant TRIGGER (and CREATE) on the store "
                "database to jetcart's user, or leave it to polling (changes reach Jet within minutes)") from exc
        return self.status()

    def remove(self) -> CaptureStatus:
        """Drops every jetcart trigger; the change table stays (its pending rows are still sent)."""
        sqlite = self.engine.dialect.name == "sqlite"
        with self.engine.connect() as conn:
            for spec in self.trigger_specs():
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_q(spec.name, sqlite)}")
            if sqlite:
                conn.commit()
        return self.status()

    def installed_triggers(self, conn: Connection) -> set[str]:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            rows = conn.execute(text("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
                                     "WHERE TRIGGER_SCHEMA = DATABASE()"))
        return {r[0] for r in rows}

    def change_table_exists(self, conn: Connection) -> bool:
        return inspect(conn).has_table(self.changes.name)

    def status(self) -> CaptureStatus:
        with self.engine.connect() as conn:
            present = self.installed_triggers(conn)
            exists = self.change_table_exists(conn)
            pending = conn.scalar(select(func.count()).select_from(self.changes)) if exists else 0
        names = [s.name for s in self.trigger_specs()]
        installed = tuple(n for n in names if n in present)
        missing = tuple(n for n in names if n not in present)
        mode = "triggers" if exists and not missing else "polling"
        return CaptureStatus(mode, installed, missing, int(pending or 0), exists)

    # ---- the change table ---------------------------------------------------------------------

    def pending(self, conn: Connection, *, limit: int = 5000) -> tuple[list[int], int]:
        """Distinct product ids of the oldest `limit` change rows, and the highest change id read (0: none)."""
        rows = conn.execute(select(self.changes.c.change_id, self.changes.c.product_id)
                            .order_by(self.changes.c.change_id).limit(limit)).all()
        if not rows:
            return [], 0
        return sorted({r.product_id for r in rows}), rows[-1].change_id

    def forget(self, conn: Connection, up_to: int) -> int:
        """Deletes the change rows up to `up_to` (once what they caused is accepted by Jet)."""
        result = conn.execute(delete(self.changes).where(self.changes.c.change_id <= up_to))
        if conn.dialect.name == "sqlite":
            conn.commit()
        return result.rowcount

    # ---- polling without triggers -------------------------------------------------------------

    def modified_since(self, conn: Connection, local: datetime) -> list[tuple[int, datetime]]:
        """(product id, date_modified) of products whose date_modified is at or after `local` (store-local,
        naive): a product saved in OpenCart's admin."""
        p = self.schema["product"]
        rows = conn.execute(select(p.c.product_id, p.c.date_modified).where(p.c.date_modified >= local)).all()
        return [(r.product_id, r.date_modified) for r in rows if isinstance(r.date_modified, datetime)]

    def history_after(self, conn: Connection, last_id: int) -> tuple[list[int], int]:
        """Products of orders with an order_history row after `last_id` (read by its primary key), and the new
        last id. The first call (last_id < 0) only finds where the history ends."""
        oh, op = self.schema["order_history"], self.schema["order_product"]
        top = conn.scalar(select(func.max(oh.c.order_history_id))) or 0
        if last_id < 0 or top <= last_id:
            return [], max(top, last_id)
        orders = select(oh.c.order_id).where(oh.c.order_history_id > last_id, oh.c.order_history_id <= top)
        ids = set(conn.scalars(select(op.c.product_id).where(op.c.order_id.in_(orders)).distinct()))
        if "master_id" in op.c:
            ids |= set(conn.scalars(select(op.c.master_id).where(op.c.order_id.in_(orders), op.c.master_id > 0)))
        return sorted(ids), top

    def bucket_checksums(self, conn: Connection, bucket: int = CHECKSUM_BUCKET) -> dict[str, str]:
        """A checksum per (table, bucket of product ids) over the columns that matter to Jet: one grouped scan
        per table on MySQL/MariaDB (CRC32 of each row, XORed). A bucket whose checksum moved holds a change,
        whoever made it."""
        found: dict[str, str] = {}
        for table_name, columns in WATCHED.items():
            if not self.schema.has(table_name):
                continue
            table = self.schema[table_name]
            pk = table.primary_key.columns.values()[0]
            cols = [table.c[c] for c in columns if c in table.c]
            if conn.dialect.name == "mysql":
                digest = func.bit_xor(func.crc32(func.concat_ws("|", table.c[pk.name], *cols)))
                query = (select(func.floor(table.c.product_id / bucket).label("b"), digest.label("d"),
                                func.count().label("n")).group_by(text("b")))
                for row in conn.execute(query):
                    found[f"{table_name}:{int(row.b)}"] = f"{row.d}:{row.n}"
                continue
            hashes: dict[int, hashlib._Hash] = {}
            for row in conn.execute(select(table.c.product_id, table.c[pk.name], *cols).order_by(table.c[pk.name])):
                digest = hashes.setdefault(int(row[0] or 0) // bucket, hashlib.sha1(usedforsecurity=False))
                digest.update(repr(tuple(row[1:])).encode())
            found.update({f"{table_name}:{b}": h.hexdigest() for b, h in hashes.items()})
        return found

    def specials_switching(self, conn: Connection, day: date) -> list[int]:
        """Products whose special starts or ends on `day` (a trigger cannot see a date arrive)."""
        table = self.schema["product_special"] if self.schema.has("product_special") else \
            self.schema.tables.get("product_discount")
        if table is None:
            return []
        return sorted(set(conn.scalars(select(table.c.product_id).distinct().where(
            or_(table.c.date_start == day, table.c.date_end == day)))))

    # ---- identity -----------------------------------------------------------------------------

    def identity(self) -> StoreIdentity:
        if self.engine.dialect.name == "sqlite":
            path = self.engine.url.database or ":memory:"
            return StoreIdentity("sqlite", os.path.realpath(path) if path != ":memory:" else path, self.prefix)
        with self.engine.connect() as conn:
            host, port, database = conn.execute(text("SELECT @@hostname, @@port, DATABASE()")).one()
        return StoreIdentity(f"{host}:{port}", str(database), self.prefix)

    def read_installation_id(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(self.installation.name):
                return None
            return conn.scalar(select(self.installation.c.value).where(self.installation.c.name == "installation_id"))

    def write_installation_id(self, installation_id: str, now: datetime) -> None:
        # Created meanwhile by another process: fine; a real problem shows in the statements below.
        with suppress(DBAPIError):
            self.installation.create(self.engine, checkfirst=True)
        with self.engine.connect() as conn:
            t = self.installation
            updated = conn.execute(t.update().where(t.c.name == "installation_id").values(
                value=installation_id, recorded_at=now.replace(tzinfo=None))).rowcount
            if not updated:
                conn.execute(t.insert().values(name="installation_id", value=installation_id,
                                               recorded_at=now.replace(tzinfo=None)))
            if conn.dialect.name == "sqlite":
                conn.commit()


def _q(name: str, sqlite: bool) -> str:
    return f'"{name}"' if sqlite else f"`{name}`"
