"""Binds the declarations to a live store: detects the OpenCart version and keeps the columns present."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from sqlalchemy import Engine, Executable, MetaData, Table, inspect, text

from jetcart.store.schema import oc3, oc4
from jetcart.store.schema.jetcart import declare_journal

# Columns that must exist for the gateway, per major version (the rest is optional).
NEEDED_3X = {
    "product": {"sku", "upc", "ean", "jan", "isbn", "mpn", "quantity", "price", "subtract", "date_modified"},
    "order": {"payment_code", "shipping_code", "fax"},
    "country": {"name"},
    "zone": {"name"},
}
NEEDED_4X = {
    "product": {"master_id", "variant", "quantity", "price", "subtract", "date_modified"},
    "order": {"language_code", "payment_address_id"},
    "order_product": {"master_id"},
    "order_total": {"extension"},
}


@dataclass
class StoreSchema:
    """The store's tables as the gateway uses them, and what is missing."""

    version: str  # "3.0", "4.0" or "4.1"
    prefix: str
    tables: dict[str, Table]
    journal: Table
    metadata: MetaData
    problems: list[str] = field(default_factory=list)
    journal_exists: bool = False
    statements: dict[Hashable, Executable] = field(default_factory=dict, repr=False)

    def statement(self, key: Hashable, build: Callable[[], Executable]) -> Executable:
        """The statement `build` makes (with bind parameters), built once for this store and reused: for an order
        write, building a statement costs more CPU than running it."""
        found = self.statements.get(key)
        if found is None:
            found = self.statements[key] = build()
        return found

    def has(self, table: str, column: str | None = None) -> bool:
        if table not in self.tables:
            return False
        return column is None or column in self.tables[table].c

    def __getitem__(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"table {name!r} is not in this store") from None


def _table_columns(engine: Engine, wanted: set[str]) -> tuple[set[str], dict[str, set[str]]]:
    """All table names, and the column names of the wanted tables: one catalog query on MySQL/MariaDB."""
    if engine.dialect.name == "mysql":
        with engine.connect() as conn:
            found = conn.execute(text(
                "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
            )).all()
        existing = {table for table, _ in found}
        columns: dict[str, set[str]] = {}
        for table, column in found:
            if table in wanted:
                columns.setdefault(table, set()).add(column)
        return existing, columns
    inspector = inspect(engine)
    existing = set(inspector.get_table_names())
    names = sorted(wanted & existing)
    columns = {}
    if names:
        for (_schema, name), cols in inspector.get_multi_columns(filter_names=names).items():
            columns[name] = {c["name"] for c in cols}
    return existing, columns


def bind_schema(engine: Engine, prefix: str) -> StoreSchema:
    """Reads the names of the store's tables and columns (one catalog query) and declares what is there."""
    full3 = oc3.declare(MetaData(), prefix)
    new4 = oc4.declare_new_tables(MetaData(), prefix)
    wanted = {t.name for t in (*full3.values(), *new4.values())}
    existing, present = _table_columns(engine, wanted)
    present = {name[len(prefix):]: cols for name, cols in present.items()}

    metadata = MetaData()
    tables: dict[str, Table] = {}
    for name, source in (*full3.items(), *new4.items()):
        if name not in present:
            continue
        extra = [c for c in oc4.EXTRA_COLUMNS.get(name, []) if c.name in present[name]]
        columns = [c._copy() for c in source.columns if c.name in present[name]]
        columns += [c._copy() for c in extra if c.name not in {k.name for k in columns}]
        tables[name] = Table(source.name, metadata, *columns)

    problems: list[str] = []
    if "product" not in present or "setting" not in present:
        version = "?"
        problems.append(
            f"no OpenCart tables with prefix {prefix!r} (found {len(existing)} other table(s)); "
            "check JETCART_STORE_PREFIX"
        )
    elif "master_id" in present["product"]:
        version = "4.1" if "product_code" in present else "4.0"
    else:
        version = "3.0"
    if version != "?":
        needed_tables = [n for n in oc3.REQUIRED if not (version == "4.1" and n == "product_special")]
        missing = [prefix + n for n in needed_tables if n not in present]
        if missing:
            problems.append("missing table(s): " + ", ".join(missing))
        for table, cols in (NEEDED_3X if version == "3.0" else NEEDED_4X).items():
            lost = sorted(cols - present.get(table, set()))
            if table in present and lost:
                problems.append(f"table {prefix}{table} lacks column(s) {', '.join(lost)}")
        if version == "4.1" and "product_discount" in present and "special" not in present["product_discount"]:
            problems.append(f"table {prefix}product_discount lacks column special")
    journal = declare_journal(metadata, prefix)
    return StoreSchema(version=version, prefix=prefix, tables=tables, journal=journal, metadata=metadata, problems=problems,
                       journal_exists=journal.name in existing)
