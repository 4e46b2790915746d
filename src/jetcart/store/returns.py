"""Returns after creation: lookups by name, finding a return by its marker, status change with history and restock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from jetcart.store.errors import ReturnLookupNotFound, StoreInputError
from jetcart.store.schema.live import StoreSchema
from jetcart.store.settings import StoreSettings
from jetcart.store.types import escape_text


def _local_now(settings: StoreSettings) -> datetime:
    return datetime.now(settings.timezone).replace(tzinfo=None, microsecond=0)


def names(conn: Connection, schema: StoreSchema, settings: StoreSettings, table: str) -> dict[int, str]:
    """`return_status`, `return_reason` or `return_action` names by id in the store language."""
    t = schema[table]
    rows = conn.execute(select(t.c[f"{table}_id"], t.c.name).where(t.c.language_id == settings.language_id))
    return {row[0]: row[1] or "" for row in rows}


def find_return(conn: Connection, schema: StoreSchema, *, order_id: int, product_id: int, marker: str) -> int | None:
    """The return of this order line whose comment carries `marker` (how a writer recognises its own row)."""
    r = schema["return"]
    pattern = "%" + escape_text(marker).replace("%", r"\%").replace("_", r"\_") + "%"
    return conn.scalar(select(r.c.return_id).where(
        r.c.order_id == order_id, r.c.product_id == product_id, r.c.comment.like(pattern, escape="\\"),
    ).order_by(r.c.return_id).limit(1))


def complete_return(conn: Connection, schema: StoreSchema, settings: StoreSettings, return_id: int, *,
                    status_id: int, comment: str, restock_quantity: int = 0,
                    option_value_ids: Iterable[int] = ()) -> bool:
    """Sets the return's status with a history row (addReturnHistory) and, if asked, puts the returned units back
    in stock (product and chosen option values with subtract = 1).

    The status update is conditional, so a repeat changes nothing and returns False; the history row and the
    restock follow it (a crash right after the update loses them rather than doing them twice)."""
    st = schema["return_status"]
    if conn.scalar(select(st.c.return_status_id).where(st.c.return_status_id == status_id,
                                                      st.c.language_id == settings.language_id)) is None:
        raise ReturnLookupNotFound(f"return status {status_id} is not in {st.name}")
    if restock_quantity < 0:
        raise StoreInputError(f"restock quantity {restock_quantity} is negative")
    r = schema["return"]
    row = conn.execute(select(r.c.product_id, r.c.return_status_id).where(r.c.return_id == return_id)).first()
    if row is None:
        raise StoreInputError(f"return {return_id} is not in {r.name}")
    now = _local_now(settings)
    changed = conn.execute(update(r).where(r.c.return_id == return_id, r.c.return_status_id != status_id)
                           .values(return_status_id=status_id, date_modified=now)).rowcount
    if not changed:
        return False
    conn.execute(insert(schema["return_history"]).values(return_id=return_id, return_status_id=status_id, notify=0,
                                                         comment=escape_text(comment), date_added=now))
    if restock_quantity:
        p, pov = schema["product"], schema["product_option_value"]
        conn.execute(update(p).where(p.c.product_id == row.product_id, p.c.subtract == 1)
                     .values(quantity=p.c.quantity + restock_quantity))
        ids = sorted(set(option_value_ids))
        if ids:
            conn.execute(update(pov).where(pov.c.product_option_value_id.in_(ids), pov.c.subtract == 1)
                         .values(quantity=pov.c.quantity + restock_quantity))
    return True
