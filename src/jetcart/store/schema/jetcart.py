"""jetcart's own journal table in the store database: the resumable state of each order write."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, SmallInteger, String, Table, Text, text

from jetcart.store.types import ZeroDateTime


def declare_journal(metadata: MetaData, prefix: str) -> Table:
    """One row per marketplace order: a claim (unique key, atomic even on MyISAM) and its progress.

    state: claimed → stock → history → done for a new order (claimed → history when it takes no stock;
    `lines`, after the order row, is still resumed when an earlier version left it); a status change runs
    status_stock → status_history → done on the same row. `step` counts stock moves applied, and
    each move updates it in the same statement as the stock itself (the first and last move also change
    the state).
    """
    return Table(
        prefix + "jetcart_order",
        metadata,
        Column("marketplace_order_id", String(64), primary_key=True),
        Column("order_id", Integer, nullable=False, server_default=text("0")),
        Column("state", String(16), nullable=False),
        Column("step", Integer, nullable=False, server_default=text("0")),
        Column("stock_taken", SmallInteger, nullable=False, server_default=text("0")),
        Column("target_status_id", Integer, nullable=False, server_default=text("0")),
        Column("notify", SmallInteger, nullable=False, server_default=text("0")),
        Column("comment", Text),
        Column("event_at", ZeroDateTime()),  # store-local time of the pending event (history date_added)
        Column("attempt", String(32), nullable=False),
        Column("claimed_at", DateTime, nullable=False),  # UTC, for the lease of the running attempt
        Index(prefix + "jetcart_order_order_id", "order_id"),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
    )
