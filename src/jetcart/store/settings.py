"""The store's configuration (oc_setting of store 0) and the ids OpenCart derives from it at request time."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, select

from jetcart.store.errors import MissingLanguage, StoreSchemaError, UnknownCurrency
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


def _id_list(raw: str | None) -> frozenset[int]:
    if not raw:
        return frozenset()
    try:
        items = json.loads(raw)
    except ValueError:
        items = raw.split(",")
    return frozenset(int(x) for x in items if str(x).strip().isdigit())


def read_settings(conn: Connection, schema: StoreSchema) -> StoreSettings:
    """Loads store 0's settings; raises MissingLanguage / UnknownCurrency when the defaults do not resolve."""
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
    try:
        timezone = ZoneInfo(values.get("config_timezone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        timezone = ZoneInfo("UTC")
    return StoreSettings(
        name=values.get("config_name", ""),
        language_code=language_code,
        language_id=int(language_id),
        currency_code=currency_code,
        currency_id=int(currency_id),
        customer_group_id=int(values.get("config_customer_group_id") or 1),
        order_status_id=int(values.get("config_order_status_id") or 1),
        processing_status_ids=_id_list(values.get("config_processing_status")),
        complete_status_ids=_id_list(values.get("config_complete_status")),
        invoice_prefix=values.get("config_invoice_prefix", ""),
        timezone=timezone,
        weight_class_id=int(values.get("config_weight_class_id") or 1),
        length_class_id=int(values.get("config_length_class_id") or 1),
        return_status_id=int(values.get("config_return_status_id") or 2),
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
