"""The store's configuration (oc_setting of store 0) and the ids OpenCart derives from it at request time."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, select

from jetcart.store.errors import MissingLanguage, StoreSchemaError, StoreSettingsError, UnknownCurrency
from jetcart.store.schema.live import StoreSchema


@dataclass(frozen=True)
class StoreSettings:
    """What order and catalog code needs from oc_setting, with ids looked up by code."""

    name: str
    language_code: str
    language_id: int
    currency_code: str
    currency_id: int
    customer_group_id: int
    order_status_id: int
    processing_status_ids: frozenset[int]
    complete_status_ids: frozenset[int]
    invoice_prefix: str
    timezone: ZoneInfo
    weight_class_id: int
    length_class_id: int
    return_status_id: int
    store_url: str
    values: dict[str, str] = field(repr=False, default_factory=dict)

    @property
    def stock_status_ids(self) -> frozenset[int]:
        """Statuses in which OpenCart holds the ordered stock (processing ∪ complete)."""
        return self.processing_status_ids | self.complete_status_ids


def _id_list(values: dict[str, str], key: str) -> frozenset[int]:
    """A list of status ids as OpenCart stores it (JSON list; comma-separated in old stores). Empty or unreadable
    raises: OpenCart's own settings form refuses an empty list, and reading it as none would mean no status takes
    stock."""
    raw = (values.get(key) or "").strip()
    if not raw:
        raise StoreSettingsError(key, "is missing or empty; choose at least one order status in OpenCart's "
                                      "settings (Option tab)")
    try:
        items = json.loads(raw)
    except ValueError:
        items = raw.split(",")
    if isinstance(items, (int, str)):
        items = [items]
    if not isinstance(items, list):
        raise StoreSettingsError(key, f"{raw!r} is not a list of order status ids")
    if not items:
        raise StoreSettingsError(key, "lists no order status; choose at least one in OpenCart's settings "
                                      "(Option tab)")
    ids = []
    for item in items:
        text = str(item).strip()
        if isinstance(item, bool) or not text.isdigit():
            raise StoreSettingsError(key, f"{raw!r} is not a list of order status ids")
        ids.append(int(text))
    return frozenset(ids)


def _id(values: dict[str, str], key: str) -> int:
    """A required id setting (weight class, order status, ...); missing, empty or not a positive whole number
    raises naming the key."""
    raw = (values.get(key) or "").strip()
    if not raw:
        raise StoreSettingsError(key, "is missing or empty; set it in OpenCart's settings")
    if not raw.isdigit() or int(raw) < 1:
        raise StoreSettingsError(key, f"{raw!r} is not an id")
    return int(raw)


def _timezone(values: dict[str, str]) -> ZoneInfo:
    """The store's time zone; absent or empty is UTC (OpenCart then keeps PHP's default), a name Python's zone
    database does not know raises."""
    name = (values.get("config_timezone") or "").strip()
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise StoreSettingsError("config_timezone", f"{name!r} is not a known time zone") from None


def read_settings(conn: Connection, schema: StoreSchema) -> StoreSettings:
    """Loads store 0's settings; raises MissingLanguage / UnknownCurrency when the defaults do not resolve and
    StoreSettingsError (naming the key) when a setting orders or stock depend on is missing or unreadable."""
    if schema.problems:
        raise StoreSchemaError("; ".join(schema.problems))
    setting = schema["setting"]
    values = {
        row.key: row.value
        for row in conn.execute(select(setting.c.key, setting.c.value).where(setting.c.store_id == 0))
    }
    language_code = values.get("config_language_catalog") or values.get("config_language") or ""
    language = schema["language"]
    language_id = conn.scalar(select(language.c.language_id).where(language.c.code == language_code))
    if language_id is None:
        raise MissingLanguage(
            f"the store language {language_code!r} (setting config_language) has no row in {language.name}"
        )
    currency_code = values.get("config_currency", "")
    currency = schema["currency"]
    currency_id = conn.scalar(select(currency.c.currency_id).where(currency.c.code == currency_code))
    if currency_id is None:
        raise UnknownCurrency(
            f"the store currency {currency_code!r} (setting config_currency) has no row in {currency.name}"
        )
    return StoreSettings(
        name=values.get("config_name", ""),
        language_code=language_code,
        language_id=int(language_id),
        currency_code=currency_code,
        currency_id=int(currency_id),
        customer_group_id=_id(values, "config_customer_group_id"),
        order_status_id=_id(values, "config_order_status_id"),
        processing_status_ids=_id_list(values, "config_processing_status"),
        complete_status_ids=_id_list(values, "config_complete_status"),
        invoice_prefix=values.get("config_invoice_prefix", ""),
        timezone=_timezone(values),
        weight_class_id=_id(values, "config_weight_class_id"),
        length_class_id=_id(values, "config_length_class_id"),
        return_status_id=_id(values, "config_return_status_id"),
        store_url=values.get("config_url", ""),
        values=values,
    )


@dataclass(frozen=True)
class InstalledTotal:
    code: str
    sort_order: int
    extension: str  # 4.x package ("opencart"); '' in 3.x


def read_installed_totals(conn: Connection, schema: StoreSchema, values: dict[str, str]) -> dict[str, InstalledTotal]:
    """Total extensions OpenCart would load: installed (oc_extension, type total) and enabled (status 1)."""
    ext = schema["extension"]
    cols = [ext.c.code] + ([ext.c.extension] if "extension" in ext.c else [])
    totals = {}
    for row in conn.execute(select(*cols).where(ext.c.type == "total")):
        if values.get(f"total_{row.code}_status") != "1":
            continue
        totals[row.code] = InstalledTotal(
            code=row.code,
            sort_order=int(values.get(f"total_{row.code}_sort_order") or 0),
            extension=getattr(row, "extension", "") or "",
        )
    return totals
