"""OpenCart 3.0.x tables as 3.0.5.1 declares them (the subset the gateway uses), for any prefix.

These declarations also create the demo and synthetic stores, so NOT NULL and defaults follow
OpenCart's install SQL: a store built from them looks to OpenCart like its own.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, SmallInteger, String, Table, Text, text

from jetcart.store.types import Money, ZeroDate, ZeroDateTime

MYSQL_3X = {"mysql_engine": "MyISAM", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci"}


def _nn(name: str, type_, default: str | None = None, **kw) -> Column:
    if default is not None:
        kw["server_default"] = text(default)
    return Column(name, type_, nullable=False, **kw)


def _pk(name: str = "id", autoincrement: bool = True) -> Column:
    return Column(name, Integer, primary_key=True, autoincrement=autoincrement)


def _int(name: str, default: str | None = None, **kw) -> Column:
    return _nn(name, Integer, default, **kw)


def _flag(name: str, default: str | None = None) -> Column:
    return _nn(name, SmallInteger, default)


def _str(name: str, length: int) -> Column:
    return _nn(name, String(length))


def _text(name: str) -> Column:
    return _nn(name, Text)


def declare(metadata: MetaData, prefix: str) -> dict[str, Table]:
    """Declares the 3.x tables on `metadata`; returns them by OpenCart name (without prefix)."""
    p = prefix

    def table(name: str, *cols, **kw) -> Table:
        return Table(p + name, metadata, *cols, **MYSQL_3X, **kw)

    t: dict[str, Table] = {}
    t["setting"] = table(
        "setting", _pk("setting_id"), _int("store_id", "0"), _str("code", 128), _str("key", 128),
        _text("value"), _flag("serialized"),
    )
    t["language"] = table(
        "language", _pk("language_id"), _str("name", 32), _str("code", 5), _str("locale", 255),
        _str("image", 64), _str("directory", 32), _int("sort_order", "0"), _flag("status"),
    )
    t["currency"] = table(
        "currency", _pk("currency_id"), _str("title", 32), _str("code", 3), _str("symbol_left", 12),
        _str("symbol_right", 12), _nn("decimal_place", String(1)), _nn("value", Money(15, 8)), _flag("status"),
        _nn("date_modified", ZeroDateTime()),
    )
    t["store"] = table("store", _pk("store_id"), _str("name", 64), _str("url", 255), _str("ssl", 255))
    t["extension"] = table("extension", _pk("extension_id"), _str("type", 32), _str("code", 32))
    t["country"] = table(
        "country", _pk("country_id"), _str("name", 128), _str("iso_code_2", 2), _str("iso_code_3", 3),
        _text("address_format"), _flag("postcode_required"), _flag("status", "1"),
    )
    t["zone"] = table(
        "zone", _pk("zone_id"), _int("country_id"), _str("name", 128), _str("code", 32), _flag("status", "1"),
    )
    t["customer_group"] = table("customer_group", _pk("customer_group_id"), _int("approval"), _int("sort_order"))
    t["customer_group_description"] = table(
        "customer_group_description", _pk("customer_group_id", False), _pk("language_id", False),
        _str("name", 32), _text("description"),
    )
    t["customer"] = table(
        "customer", _pk("customer_id"), _int("customer_group_id"), _int("store_id", "0"), _int("language_id"),
        _str("firstname", 32), _str("lastname", 32), _str("email", 96), _str("telephone", 32),
        _str("fax", 32), _str("password", 40), _str("salt", 9), Column("cart", Text), Column("wishlist", Text),
        _flag("newsletter", "0"), _int("address_id", "0"), _text("custom_field"), _str("ip", 40),
        _flag("status"), _flag("safe"), _text("token"), _str("code", 40), _nn("date_added", ZeroDateTime()),
    )
    for name in ("order_status", "stock_status", "return_status"):
        t[name] = table(name, _pk(f"{name}_id", False), _pk("language_id", False), _str("name", 32))
    t["return_reason"] = table("return_reason", _pk("return_reason_id", False), _pk("language_id", False), _str("name", 128))
    t["return_action"] = table("return_action", _pk("return_action_id", False), _pk("language_id", False), _str("name", 64))
    for unit in ("weight", "length"):
        t[f"{unit}_class"] = table(
            f"{unit}_class", _pk(f"{unit}_class_id"), _nn("value", Money(15, 8), "0.00000000")
        )
        t[f"{unit}_class_description"] = table(
            f"{unit}_class_description", _pk(f"{unit}_class_id", False), _pk("language_id", False),
            _str("title", 32), _str("unit", 4),
        )
    t["manufacturer"] = table(
        "manufacturer", _pk("manufacturer_id"), _str("name", 64), Column("image", String(255)), _int("sort_order"),
    )
    t["manufacturer_to_store"] = table(
        "manufacturer_to_store", _pk("manufacturer_id", False), _pk("store_id", False)
    )
    t["category"] = table(
        "category", _pk("category_id"), Column("image", String(255)), _int("parent_id", "0"), _flag("top"),
        _int("column"), _int("sort_order", "0"), _flag("status"), _nn("date_added", ZeroDateTime()),
        _nn("date_modified", ZeroDateTime()), Index(f"{p}category_parent_id", "parent_id"),
    )
    t["category_description"] = table(
        "category_description", _pk("category_id", False), _pk("language_id", False), _str("name", 255),
        _text("description"), _str("meta_title", 255), _str("meta_description", 255), _str("meta_keyword", 255),
    )
    t["category_path"] = table(
        "category_path", _pk("category_id", False), _pk("path_id", False), _int("level"),
    )
    t["category_to_store"] = table("category_to_store", _pk("category_id", False), _pk("store_id", False))
    t["product"] = table(
        "product", _pk("product_id"), _str("model", 64), _str("sku", 64), _str("upc", 12), _str("ean", 14),
        _str("jan", 13), _str("isbn", 17), _str("mpn", 64), _str("location", 128), _int("quantity", "0"),
        _int("stock_status_id"), Column("image", String(255)), _int("manufacturer_id"), _flag("shipping", "1"),
        _nn("price", Money(), "0.0000"), _int("points", "0"), _int("tax_class_id"),
        _nn("date_available", ZeroDate(), "'0000-00-00'"), _nn("weight", Money(15, 8), "0.00000000"),
        _int("weight_class_id", "0"), _nn("length", Money(15, 8), "0.00000000"),
        _nn("width", Money(15, 8), "0.00000000"), _nn("height", Money(15, 8), "0.00000000"),
        _int("length_class_id", "0"), _flag("subtract", "1"), _int("minimum", "1"), _int("sort_order", "0"),
        _flag("status", "0"), _int("viewed", "0"), _nn("date_added", ZeroDateTime()),
        _nn("date_modified", ZeroDateTime()),
    )
    t["product_description"] = table(
        "product_description", _pk("product_id", False), _pk("language_id", False), _str("name", 255),
        _text("description"), _text("tag"), _str("meta_title", 255), _str("meta_description", 255),
        _str("meta_keyword", 255), Index(f"{p}product_description_name", "name"),
    )
    t["product_to_category"] = table(
        "product_to_category", _pk("product_id", False), _pk("category_id", False),
        Index(f"{p}product_to_category_category_id", "category_id"),
    )
    t["product_to_store"] = table("product_to_store", _pk("product_id", False), _pk("store_id", False))
    t["product_image"] = table(
        "product_image", _pk("product_image_id"), _int("product_id"), Column("image", String(255)),
        _int("sort_order", "0"), Index(f"{p}product_image_product_id", "product_id"),
    )
    t["product_special"] = table(
        "product_special", _pk("product_special_id"), _int("product_id"), _int("customer_group_id"),
        _int("priority", "1"), _nn("price", Money(), "0.0000"), _nn("date_start", ZeroDate(), "'0000-00-00'"),
        _nn("date_end", ZeroDate(), "'0000-00-00'"), Index(f"{p}product_special_product_id", "product_id"),
    )
    t["option"] = table("option", _pk("option_id"), _str("type", 32), _int("sort_order"))
    t["option_description"] = table(
        "option_description", _pk("option_id", False), _pk("language_id", False), _str("name", 128)
    )
    t["option_value"] = table(
        "option_value", _pk("option_value_id"), _int("option_id"), _str("image", 255), _int("sort_order")
    )
    t["option_value_description"] = table(
        "option_value_description", _pk("option_value_id", False), _pk("language_id", False),
        _int("option_id"), _str("name", 128),
    )
    t["product_option"] = table(
        "product_option", _pk("product_option_id"), _int("product_id"), _int("option_id"), _text("value"),
        _flag("required"),
    )
    t["product_option_value"] = table(
        "product_option_value", _pk("product_option_value_id"), _int("product_option_id"), _int("product_id"),
        _int("option_id"), _int("option_value_id"), _int("quantity"), _flag("subtract"), _nn("price", Money()),
        _str("price_prefix", 1), _int("points"), _str("points_prefix", 1), _nn("weight", Money(15, 8)),
        _str("weight_prefix", 1),
    )
    order_cols = [
        _pk("order_id"), _int("invoice_no", "0"), _str("invoice_prefix", 26), _int("store_id", "0"),
        _str("store_name", 64), _str("store_url", 255), _int("customer_id", "0"), _int("customer_group_id", "0"),
        _str("firstname", 32), _str("lastname", 32), _str("email", 96), _str("telephone", 32), _str("fax", 32),
        _text("custom_field"),
    ]
    for side in ("payment", "shipping"):
        order_cols += [
            _str(f"{side}_firstname", 32), _str(f"{side}_lastname", 32), _str(f"{side}_company", 60),
            _str(f"{side}_address_1", 128), _str(f"{side}_address_2", 128), _str(f"{side}_city", 128),
            _str(f"{side}_postcode", 10), _str(f"{side}_country", 128), _int(f"{side}_country_id"),
            _str(f"{side}_zone", 128), _int(f"{side}_zone_id"), _text(f"{side}_address_format"),
            _text(f"{side}_custom_field"), _str(f"{side}_method", 128), _str(f"{side}_code", 128),
        ]
    order_cols += [
        _text("comment"), _nn("total", Money(), "0.0000"), _int("order_status_id", "0"), _int("affiliate_id"),
        _nn("commission", Money()), _int("marketing_id"), _str("tracking", 64), _int("language_id"),
        _int("currency_id"), _str("currency_code", 3), _nn("currency_value", Money(15, 8), "1.00000000"),
        _str("ip", 40), _str("forwarded_ip", 40), _str("user_agent", 255), _str("accept_language", 255),
        _nn("date_added", ZeroDateTime()), _nn("date_modified", ZeroDateTime()),
    ]
    t["order"] = table("order", *order_cols)
    t["order_product"] = table(
        "order_product", _pk("order_product_id"), _int("order_id"), _int("product_id"), _str("name", 255),
        _str("model", 64), _int("quantity"), _nn("price", Money(), "0.0000"), _nn("total", Money(), "0.0000"),
        _nn("tax", Money(), "0.0000"), _int("reward"), Index(f"{p}order_product_order_id", "order_id"),
    )
    t["order_option"] = table(
        "order_option", _pk("order_option_id"), _int("order_id"), _int("order_product_id"),
        _int("product_option_id"), _int("product_option_value_id", "0"), _str("name", 255), _text("value"),
        _str("type", 32),
    )
    t["order_total"] = table(
        "order_total", _pk("order_total_id"), _int("order_id"), _str("code", 32), _str("title", 255),
        _nn("value", Money(), "0.0000"), _int("sort_order"), Index(f"{p}order_total_order_id", "order_id"),
    )
    t["order_history"] = table(
        "order_history", _pk("order_history_id"), _int("order_id"), _int("order_status_id"), _flag("notify", "0"),
        _text("comment"), _nn("date_added", ZeroDateTime()),
    )
    t["return"] = table(
        "return", _pk("return_id"), _int("order_id"), _int("product_id"), _int("customer_id"),
        _str("firstname", 32), _str("lastname", 32), _str("email", 96), _str("telephone", 32),
        _str("product", 255), _str("model", 64), _int("quantity"), _flag("opened"), _int("return_reason_id"),
        _int("return_action_id"), _int("return_status_id"), Column("comment", Text),
        _nn("date_ordered", ZeroDate(), "'0000-00-00'"), _nn("date_added", ZeroDateTime()),
        _nn("date_modified", ZeroDateTime()),
    )
    t["return_history"] = table(
        "return_history", _pk("return_history_id"), _int("return_id"), _int("return_status_id"), _flag("notify"),
        _text("comment"), _nn("date_added", ZeroDateTime()),
    )
    return t


# Tables the gateway needs in a 3.x store (doctor names any that is missing).
REQUIRED = (
    "setting", "language", "currency", "country", "zone", "customer_group", "order_status", "manufacturer",
    "category", "category_description", "category_path", "category_to_store", "product", "product_description",
    "product_to_category", "product_to_store", "product_image", "product_special", "option", "option_description",
    "option_value", "option_value_description", "product_option", "product_option_value", "order",
    "order_product", "order_option", "order_total", "order_history", "return", "return_history",
    "return_status", "weight_class_description", "length_class_description", "extension",
)
