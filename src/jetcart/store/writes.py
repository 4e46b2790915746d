"""Categories and returns written as OpenCart's admin writes them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from jetcart.store.errors import (
    MissingLanguage,
    OrderNotFound,
    ProductNotFound,
    ReturnLookupNotFound,
    StoreError,
)
from jetcart.store.models import NewReturn
from jetcart.store.schema.live import StoreSchema
from jetcart.store.settings import StoreSettings
from jetcart.store.types import escape_text


def _local_now(settings: StoreSettings) -> datetime:
    return datetime.now(settings.timezone).replace(tzinfo=None, microsecond=0)


def create_category(conn: Connection, schema: StoreSchema, settings: StoreSettings, *, name: str,
                    parent_id: int = 0, description: str = "", status: bool = True, sort_order: int = 0,
                    store_ids: tuple[int, ...] = (0,)) -> int:
    """category + a description in every language + category_path (parent's path, then itself) + stores."""
    if not name.strip():
        raise StoreError("a category needs a name")
    c, cp = schema["category"], schema["category_path"]
    languages = list(conn.scalars(select(schema["language"].c.language_id)))
    if not languages:
        raise MissingLanguage(f"{schema['language'].name} is empty: a category needs a description per language")
    parent_path = []
    if parent_id:
        if conn.scalar(select(c.c.category_id).where(c.c.category_id == parent_id)) is None:
            raise StoreError(f"parent category {parent_id} is not in {c.name}")
        parent_path = list(conn.scalars(
            select(cp.c.path_id).where(cp.c.category_id == parent_id).order_by(cp.c.level)))
    now = _local_now(settings)
    values = {"image": "", "parent_id": parent_id, "top": 0, "column": 1, "sort_order": sort_order,
              "status": int(status), "date_added": now, "date_modified": now}
    category_id = conn.execute(insert(c).values({k: v for k, v in values.items() if k in c.c})).inserted_primary_key[0]
    escaped = escape_text(name)
    cd = schema["category_description"]
    for language_id in languages:
        row = {"category_id": category_id, "language_id": language_id, "name": escaped,
               "description": escape_text(description), "meta_title": escaped, "meta_description": "",
               "meta_keyword": ""}
        conn.execute(insert(cd).values({k: v for k, v in row.items() if k in cd.c}))
    rows = [{"category_id": category_id, "path_id": pid, "level": level} for level, pid in enumerate(parent_path)]
    rows.append({"category_id": category_id, "path_id": category_id, "level": len(parent_path)})
    conn.execute(insert(cp), rows)
    conn.execute(insert(schema["category_to_store"]), [{"category_id": category_id, "store_id": s} for s in store_ids])
    return category_id


def create_return(conn: Connection, schema: StoreSchema, settings: StoreSettings, new: NewReturn) -> int:
    """return + return_history; customer and product text copied from the order, as the admin form does."""
    o, op = schema["order"], schema["order_product"]
    order = conn.execute(select(o).where(o.c.order_id == new.order_id)).first()
    if order is None or not order.order_status_id:
        raise OrderNotFound(f"order {new.order_id} is not in {o.name}")
    line = conn.execute(select(op.c.name, op.c.model, op.c.quantity).where(
        op.c.order_id == new.order_id, op.c.product_id == new.product_id)).first()
    if line is None:
        raise ProductNotFound(f"product {new.product_id} is not a line of order {new.order_id}")
    status_id = new.return_status_id or settings.return_status_id
    lang = settings.language_id
    for table, value in (("return_status", status_id), ("return_reason", new.return_reason_id),
                         ("return_action", new.return_action_id)):
        if table == "return_action" and not value:
            continue
        t = schema[table]
        found = conn.scalar(select(t.c[f"{table}_id"]).where(t.c[f"{table}_id"] == value, t.c.language_id == lang))
        if found is None:
            raise ReturnLookupNotFound(f"{table.replace('_', ' ')} {value} is not in {t.name}")
    now = _local_now(settings)
    four = schema.version != "3.0"
    r = schema["return"]
    return_id = conn.execute(insert(r).values(
        order_id=new.order_id, product_id=new.product_id, customer_id=order.customer_id,
        firstname=order.firstname, lastname=order.lastname, email=order.email, telephone=order.telephone,
        product=line.name, model=line.model, quantity=new.quantity, opened=int(new.opened),
        return_reason_id=new.return_reason_id, return_action_id=new.return_action_id,
        return_status_id=0 if four else status_id, comment=escape_text(new.comment),
        date_ordered=new.date_ordered or order.date_added.date(), date_added=now, date_modified=now,
    )).inserted_primary_key[0]
    rh = schema["return_history"]
    conn.execute(insert(rh).values(return_id=return_id, return_status_id=status_id, notify=0,
                                   comment=escape_text(new.history_comment), date_added=now))
    if four:  # 4.x: addReturn leaves the status 0, addHistory sets it
        conn.execute(update(r).where(r.c.return_id == return_id).values(return_status_id=status_id,
                                                                          date_modified=now))
    return return_id
