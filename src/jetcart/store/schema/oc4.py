"""What OpenCart 4.x adds to the 3.x tables: new columns (by table) and new tables (4.0.2.x – 4.1.x)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, SmallInteger, String, Table, Text

from jetcart.store.types import Money, ZeroDate

# Columns 4.x adds to tables that 3.x already has; the live store says which of them exist.
EXTRA_COLUMNS: dict[str, list[Column]] = {
    "product": [
        Column("master_id", Integer), Column("variant", Text), Column("override", Text), Column("rating", Integer),
    ],
    "order": [
        Column("subscription_id", Integer), Column("transaction_id", String(100)),
        Column("payment_address_id", Integer), Column("shipping_address_id", Integer),
        Column("language_code", String(5)),
    ],
    "order_product": [Column("master_id", Integer)],
    "order_total": [Column("extension", String(255))],
    "extension": [Column("extension", String(255))],
    "country": [Column("address_format_id", Integer)],
    "language": [Column("extension", String(255))],
    "option": [Column("validation", String(255))],
}


def declare_new_tables(metadata: MetaData, prefix: str) -> dict[str, Table]:
    """Tables that exist only in 4.x (created only in tests; the gateway binds the ones present)."""
    p = prefix
    return {
        "product_code": Table(
            p + "product_code", metadata, Column("product_code_id", Integer, primary_key=True),
            Column("product_id", Integer), Column("code", String(48)), Column("value", String(255)),
        ),
        "product_discount": Table(
            p + "product_discount", metadata, Column("product_discount_id", Integer, primary_key=True),
            Column("product_id", Integer), Column("customer_group_id", Integer), Column("quantity", Integer),
            Column("priority", Integer), Column("price", Money()), Column("type", String(1)),
            Column("special", SmallInteger), Column("date_start", ZeroDate()), Column("date_end", ZeroDate()),
        ),
        "country_description": Table(
            p + "country_description", metadata, Column("country_id", Integer, primary_key=True),
            Column("language_id", Integer, primary_key=True), Column("name", String(255)),
        ),
        "zone_description": Table(
            p + "zone_description", metadata, Column("zone_id", Integer, primary_key=True),
            Column("language_id", Integer, primary_key=True), Column("name", String(255)),
        ),
        "address_format": Table(
            p + "address_format", metadata, Column("address_format_id", Integer, primary_key=True),
            Column("name", String(128)), Column("address_format", Text),
        ),
    }
