"""Catalog reads: products in keyset batches with a fixed handful of bulk queries per batch, categories."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, MetaData, Table, and_, func, or_, select
from sqlalchemy.exc import DBAPIError

from jetcart.store.models import Category, OptionValue, Product, ProductOption, StoreCounts
from jetcart.store.schema.live import StoreSchema
from jetcart.store.settings import StoreSettings
from jetcart.store.types import ZERO_DATE, unescape_text

CODE_FIELDS = ("sku", "upc", "ean", "jan", "isbn", "mpn")
DEFAULT_BATCH = 500


def _signed(prefix: str | None, amount: Decimal | None) -> Decimal:
    amount = amount or Decimal(0)
    return -amount if prefix == "-" else amount


class CatalogReader:
    """Reads products and categories of one store in its language; each call uses short queries."""

    def __init__(self, schema: StoreSchema, settings: StoreSettings):
        self.schema = schema
        self.settings = settings

    # ---- products --------------------------------------------------------------------------

    def iter_products(self, conn: Connection, *, batch_size: int = DEFAULT_BATCH) -> Iterator[Product]:
        """Every product by ascending id, in constant memory (keyset batches, never OFFSET)."""
        option_tables = indexed_option_tables(conn, self.schema)
        try:
            last = 0
            while True:
                rows = self._product_rows(conn, after=last, limit=batch_size)
                if not rows:
                    return
                yield from self._assemble(conn, rows, option_tables, contiguous=True)
                last = rows[-1].product_id
        finally:
            drop_option_tables(conn, self.schema, option_tables)

    def products_by_ids(self, conn: Connection, ids: Iterable[int]) -> list[Product]:
        wanted = sorted(set(ids))
        found: list[Product] = []
        for start in range(0, len(wanted), DEFAULT_BATCH):
            rows = self._product_rows(conn, ids=wanted[start : start + DEFAULT_BATCH])
            found.extend(self._assemble(conn, rows))
        return found

    def _product_rows(self, conn: Connection, *, after: int = 0, limit: int | None = None, ids=None):
        s = self.schema
        p, pd, m, pts = s["product"], s["product_description"], s["manufacturer"], s["product_to_store"]
        wcd, lcd = s["weight_class_description"], s["length_class_description"]
        lang = self.settings.language_id
        cols = [
            p.c.product_id, p.c.model, p.c.quantity, p.c.price, p.c.status, p.c.subtract, p.c.weight,
            p.c.length, p.c.width, p.c.height, p.c.manufacturer_id, p.c.image, p.c.date_modified,
            p.c.date_available, pts.c.store_id.label("in_store"),
            pd.c.name, pd.c.description, m.c.name.label("manufacturer"), wcd.c.unit.label("weight_unit"),
            lcd.c.unit.label("length_unit"),
        ]
        cols += [p.c[f] for f in CODE_FIELDS if f in p.c]
        cols += [p.c[f] for f in ("master_id", "variant") if f in p.c]
        query = (
            select(*cols)
            .select_from(p)
            .outerjoin(pd, and_(pd.c.product_id == p.c.product_id, pd.c.language_id == lang))
            .outerjoin(m, m.c.manufacturer_id == p.c.manufacturer_id)
            .outerjoin(pts, and_(pts.c.product_id == p.c.product_id, pts.c.store_id == 0))
            .outerjoin(wcd, and_(wcd.c.weight_class_id == p.c.weight_class_id, wcd.c.language_id == lang))
            .outerjoin(lcd, and_(lcd.c.length_class_id == p.c.length_class_id, lcd.c.language_id == lang))
            .order_by(p.c.product_id)
        )
        if ids is not None:
            query = query.where(p.c.product_id.in_(ids))
        else:
            query = query.where(p.c.product_id > after).limit(limit)
        return conn.execute(query).all()

    def _assemble(self, conn: Connection, rows, option_tables: tuple[Table, Table] | None = None,
                  contiguous: bool = False) -> list[Product]:
        """Builds a batch's products with one query per related table. A keyset batch holds every id between
        its first and last, so its lookups use an index range (a long IN list can make MariaDB scan)."""
        ids = [r.product_id for r in rows]

        def match(column):
            return column.between(ids[0], ids[-1]) if contiguous else column.in_(ids)

        specials = self._specials(conn, {r.product_id: r.price for r in rows}, match)
        images = self._images(conn, match)
        categories = self._categories_of(conn, match)
        options = self._options(conn, match, option_tables)
        codes = self._codes(conn, match) if self.schema.has("product_code") else {}
        variant_values = self._variant_values(conn, rows)
        products = []
        for r in rows:
            m = r._mapping
            code = codes.get(r.product_id) or m
            variant: dict[int, str] = {}
            labels: dict[str, str] = {}
            for po_id, chosen in _parse_variant(m.get("variant")).items():
                variant[po_id] = chosen
                named = variant_values.get(int(chosen)) if chosen.isdigit() else None
                if named:
                    labels[named[0]] = named[1]
            products.append(
                Product(
                    product_id=r.product_id,
                    name=unescape_text(r.name),
                    description=unescape_text(r.description),
                    model=unescape_text(r.model),
                    **{f: unescape_text(code.get(f) or "") for f in CODE_FIELDS},
                    quantity=int(r.quantity or 0),
                    price=r.price or Decimal(0),
                    special_price=specials.get(r.product_id),
                    status=bool(r.status),
                    subtract=bool(r.subtract),
                    weight=r.weight or Decimal(0),
                    weight_unit=r.weight_unit or "",
                    length=r.length or Decimal(0),
                    width=r.width or Decimal(0),
                    height=r.height or Decimal(0),
                    length_unit=r.length_unit or "",
                    manufacturer_id=int(r.manufacturer_id or 0),
                    manufacturer=unescape_text(r.manufacturer),
                    image=r.image or "",
                    images=tuple(images.get(r.product_id, ())),
                    category_ids=tuple(categories.get(r.product_id, ())),
                    options=tuple(options.get(r.product_id, ())),
                    date_modified=r.date_modified,
                    date_available=r.date_available,
                    in_store=r.in_store is not None,
                    master_id=int(m.get("master_id") or 0),
                    variant=variant,
                    variant_labels=labels,
                )
            )
        return products

    def _today(self) -> date:
        return datetime.now(self.settings.timezone).date()

    def _date_window(self, table):
        today = self._today()
        return and_(
            or_(table.c.date_start.is_(None), table.c.date_start == ZERO_DATE, table.c.date_start <= today),
            or_(table.c.date_end.is_(None), table.c.date_end == ZERO_DATE, table.c.date_end > today),
        )

    def _specials(self, conn: Connection, prices: dict[int, Decimal], match) -> dict[int, Decimal]:
        """OpenCart's rule: the default group's special in force, lowest priority number, then lowest price."""
        group = self.settings.customer_group_id
        found: dict[int, Decimal] = {}
        if self.schema.has("product_special"):
            ps = self.schema["product_special"]
            query = (
                select(ps.c.product_id, ps.c.price)
                .where(match(ps.c.product_id), ps.c.customer_group_id == group, self._date_window(ps))
                .order_by(ps.c.product_id, ps.c.priority, ps.c.price)
            )
            for row in conn.execute(query):
                found.setdefault(row.product_id, row.price)
        elif self.schema.has("product_discount", "special"):
            pd = self.schema["product_discount"]
            query = (
                select(pd.c.product_id, pd.c.price, pd.c.type)
                .where(
                    match(pd.c.product_id), pd.c.customer_group_id == group, pd.c.special == 1,
                    self._date_window(pd),
                )
                .order_by(pd.c.product_id, pd.c.priority, pd.c.price)
            )
            for row in conn.execute(query):
                if row.product_id in found:
                    continue
                base = prices[row.product_id] or Decimal(0)
                if row.type == "P":
                    found[row.product_id] = (base * (100 - row.price) / 100).quantize(Decimal("0.0001"))
                elif row.type == "S":
                    found[row.product_id] = base - row.price
                else:
                    found[row.product_id] = row.price
        return found

    def _images(self, conn: Connection, match) -> dict[int, list[str]]:
        pi = self.schema["product_image"]
        found: dict[int, list[str]] = defaultdict(list)
        query = select(pi.c.product_id, pi.c.image).where(match(pi.c.product_id))
        for row in conn.execute(query.order_by(pi.c.product_id, pi.c.sort_order, pi.c.product_image_id)):
            if row.image:
                found[row.product_id].append(row.image)
        return found

    def _categories_of(self, conn: Connection, match) -> dict[int, list[int]]:
        ptc = self.schema["product_to_category"]
        found: dict[int, list[int]] = defaultdict(list)
        query = select(ptc.c.product_id, ptc.c.category_id).where(match(ptc.c.product_id))
        for row in conn.execute(query.order_by(ptc.c.product_id, ptc.c.category_id)):
            found[row.product_id].append(row.category_id)
        return found

    def _options(self, conn: Connection, match, option_tables=None) -> dict[int, list[ProductOption]]:
        """Select and radio options with their values (the variant candidates' ingredients)."""
        s, lang = self.schema, self.settings.language_id
        po, pov = option_tables or (s["product_option"], s["product_option_value"])
        o = s["option"]
        od, ov, ovd = s["option_description"], s["option_value"], s["option_value_description"]
        query = (
            select(
                po.c.product_id, po.c.product_option_id, po.c.option_id, po.c.required, o.c.type,
                od.c.name.label("option_name"), pov.c.product_option_value_id, pov.c.option_value_id,
                pov.c.quantity, pov.c.subtract, pov.c.price, pov.c.price_prefix, pov.c.weight,
                pov.c.weight_prefix, ovd.c.name.label("value_name"),
            )
            .select_from(po)
            .join(o, o.c.option_id == po.c.option_id)
            .join(pov, pov.c.product_option_id == po.c.product_option_id)
            .outerjoin(od, and_(od.c.option_id == po.c.option_id, od.c.language_id == lang))
            .outerjoin(ov, ov.c.option_value_id == pov.c.option_value_id)
            .outerjoin(ovd, and_(ovd.c.option_value_id == pov.c.option_value_id, ovd.c.language_id == lang))
            .where(match(po.c.product_id), match(pov.c.product_id), o.c.type.in_(("select", "radio")))
            .order_by(po.c.product_id, o.c.sort_order, po.c.product_option_id, ov.c.sort_order,
                      pov.c.product_option_value_id)
        )
        grouped: dict[int, dict[int, tuple]] = defaultdict(dict)
        for r in conn.execute(query):
            head, values = grouped[r.product_id].setdefault(r.product_option_id, (r, []))
            values.append(
                OptionValue(
                    product_option_value_id=r.product_option_value_id,
                    option_value_id=r.option_value_id,
                    name=unescape_text(r.value_name),
                    quantity=int(r.quantity or 0),
                    subtract=bool(r.subtract),
                    price_delta=_signed(r.price_prefix, r.price),
                    weight_delta=_signed(r.weight_prefix, r.weight),
                )
            )
        return {
            product_id: [
                ProductOption(
                    product_option_id=head.product_option_id,
                    option_id=head.option_id,
                    name=unescape_text(head.option_name),
                    type=head.type,
                    required=bool(head.required),
                    values=tuple(values),
                )
                for head, values in by_option.values()
            ]
            for product_id, by_option in grouped.items()
        }

    def _codes(self, conn: Connection, match) -> dict[int, dict[str, str]]:
        pc = self.schema["product_code"]
        found: dict[int, dict[str, str]] = defaultdict(dict)
        for row in conn.execute(select(pc.c.product_id, pc.c.code, pc.c.value).where(match(pc.c.product_id))):
            found[row.product_id][(row.code or "").lower()] = row.value or ""
        return found

    def _variant_values(self, conn: Connection, rows) -> dict[int, tuple[str, str]]:
        """4.x variants name their choices by the master's product_option_value ids: resolve them in one query."""
        wanted = set()
        for r in rows:
            for chosen in _parse_variant(r._mapping.get("variant")).values():
                if chosen.isdigit():
                    wanted.add(int(chosen))
        if not wanted:
            return {}
        s, lang = self.schema, self.settings.language_id
        pov, od, ovd = s["product_option_value"], s["option_description"], s["option_value_description"]
        query = (
            select(pov.c.product_option_value_id, od.c.name.label("option_name"), ovd.c.name.label("value_name"))
            .select_from(pov)
            .outerjoin(od, and_(od.c.option_id == pov.c.option_id, od.c.language_id == lang))
            .outerjoin(ovd, and_(ovd.c.option_value_id == pov.c.option_value_id, ovd.c.language_id == lang))
            .where(pov.c.product_option_value_id.in_(sorted(wanted)))
        )
        return {
            r.product_option_value_id: (unescape_text(r.option_name), unescape_text(r.value_name))
            for r in conn.execute(query)
        }

    # ---- change detection ------------------------------------------------------------------

    def changed_product_ids(self, conn: Connection, since: datetime) -> list[int]:
        """Products edited, sold or restocked by an order status change, or whose special started or
        ended since `since` (aware). Stock moved by orders does not touch product.date_modified, so the
        order history is read too."""
        if since.tzinfo is None:
            raise ValueError("since must be timezone-aware")
        local = since.astimezone(self.settings.timezone).replace(tzinfo=None, microsecond=0)
        s = self.schema
        p, oh, op = s["product"], s["order_history"], s["order_product"]
        ids = set(conn.scalars(select(p.c.product_id).where(p.c.date_modified >= local)))
        ids |= set(conn.scalars(
            select(op.c.product_id).distinct().join(oh, oh.c.order_id == op.c.order_id).where(oh.c.date_added >= local)
        ))
        if "master_id" in op.c:
            ids |= set(conn.scalars(
                select(op.c.master_id).distinct().join(oh, oh.c.order_id == op.c.order_id)
                .where(oh.c.date_added >= local, op.c.master_id > 0)
            ))
        table = s["product_special"] if s.has("product_special") else s.tables.get("product_discount")
        if table is not None:
            start, today = local.date(), self._today()
            ids |= set(conn.scalars(
                select(table.c.product_id).distinct().where(
                    or_(and_(table.c.date_start > start, table.c.date_start <= today),
                        and_(table.c.date_end > start, table.c.date_end <= today))
                )
            ))
        return sorted(ids)

    # ---- categories and counts -------------------------------------------------------------

    def categories(self, conn: Connection) -> list[Category]:
        """The whole category tree with full paths (top level first, then by path)."""
        c, cd = self.schema["category"], self.schema["category_description"]
        rows = conn.execute(
            select(c.c.category_id, c.c.parent_id, c.c.status, cd.c.name)
            .select_from(c)
            .outerjoin(cd, and_(cd.c.category_id == c.c.category_id, cd.c.language_id == self.settings.language_id))
        ).all()
        by_id = {r.category_id: r for r in rows}

        def path(cid: int) -> tuple[str, ...]:
            names, seen = [], set()
            while cid in by_id and cid not in seen:
                seen.add(cid)
                names.append(unescape_text(by_id[cid].name))
                cid = by_id[cid].parent_id
            return tuple(reversed(names))

        found = [
            Category(r.category_id, r.parent_id, unescape_text(r.name), path(r.category_id), bool(r.status))
            for r in rows
        ]
        return sorted(found, key=lambda cat: tuple(n.lower() for n in cat.path))

    def counts(self, conn: Connection) -> StoreCounts:
        s = self.schema
        p, o = s["product"], s["order"]
        return StoreCounts(
            products=conn.scalar(select(func.count()).select_from(p)) or 0,
            enabled_products=conn.scalar(select(func.count()).select_from(p).where(p.c.status == 1)) or 0,
            categories=conn.scalar(select(func.count()).select_from(s["category"])) or 0,
            orders=conn.scalar(select(func.count()).select_from(o).where(o.c.order_status_id > 0)) or 0,
            option_values=conn.scalar(select(func.count()).select_from(s["product_option_value"])) or 0,
        )


STREAM_TABLES = {"product_option": "jetcart_stream_po", "product_option_value": "jetcart_stream_pov"}


def indexed_option_tables(conn: Connection, schema: StoreSchema) -> tuple[Table, Table] | None:
    """On MySQL, indexed temporary copies of product_option(_value) for one stream, when they lack an index.

    OpenCart 3.x declares product_option and product_option_value with a primary key only, so a lookup
    by product_id scans them: once per batch, the stream would grow quadratic with the catalog. One
    server-side copy per stream (dropped at its end, or with the connection) keeps it linear. Without
    the privilege for temporary tables, the stream reads the store's tables directly.
    """
    if conn.dialect.name != "mysql":
        return None
    sources = [schema["product_option"], schema["product_option_value"]]
    if all(_indexed_by_product(conn, table.name) for table in sources):
        return None
    copies = []
    try:
        for table in sources:
            copy = Table(STREAM_TABLES[table.name[len(schema.prefix):]], MetaData(),
                         *[c._copy() for c in table.columns])
            columns = ", ".join(f"`{c.name}`" for c in table.columns)
            conn.exec_driver_sql(f"DROP TEMPORARY TABLE IF EXISTS `{copy.name}`")
            conn.exec_driver_sql(
                f"CREATE TEMPORARY TABLE `{copy.name}` (PRIMARY KEY (`{table.primary_key.columns.values()[0].name}`), "
                f"KEY (`product_id`)) SELECT {columns} FROM `{table.name}`"
            )
            copies.append(copy)
    except DBAPIError:
        drop_option_tables(conn, schema, tuple(copies))
        return None
    return copies[0], copies[1]


def drop_option_tables(conn: Connection, schema: StoreSchema, tables) -> None:
    for table in tables or ():
        conn.exec_driver_sql(f"DROP TEMPORARY TABLE IF EXISTS `{table.name}`")


def _indexed_by_product(conn: Connection, table: str) -> bool:
    rows = conn.exec_driver_sql(f"SHOW INDEX FROM `{table}`").mappings().all()
    return any(r["Column_name"] == "product_id" and r["Seq_in_index"] == 1 for r in rows)


def _parse_variant(raw: str | None) -> dict[int, str]:
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {int(k): str(v) for k, v in data.items() if str(k).isdigit() and not isinstance(v, (list, dict))}
