"""Read-only lookups before a write: every id by code or name, raising a StoreInputError naming what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, and_, bindparam, func, or_, select

from jetcart.store.errors import (
    OptionNotFound,
    ProductNotFound,
    UnknownCountry,
    UnknownCurrency,
    UnknownOrderStatus,
    UnknownZone,
)
from jetcart.store.models import Address, ChosenOption
from jetcart.store.schema.live import StoreSchema
from jetcart.store.settings import StoreSettings


@dataclass(frozen=True)
class ResolvedAddress:
    country_id: int
    country: str  # stored text (escaped, as OpenCart copies it)
    zone_id: int
    zone: str
    address_format: str


@dataclass(frozen=True)
class ResolvedCurrency:
    currency_id: int
    code: str
    value: Decimal


@dataclass(frozen=True)
class ResolvedProduct:
    product_id: int
    master_id: int
    name: str  # stored (escaped) text
    model: str


@dataclass(frozen=True)
class ResolvedOption:
    product_option_id: int
    product_option_value_id: int
    name: str  # stored (escaped) option name
    value: str  # stored (escaped) value name or typed text
    type: str


class StoreLookups:
    """Lookups of one settings snapshot. Currencies, order statuses and countries/zones found are remembered for
    the snapshot's life (the gateway rebuilds it with the settings, at most `settings_ttl` later); what is not
    found is never remembered, so it raises on every write."""

    def __init__(self, schema: StoreSchema, settings: StoreSettings):
        self.schema = schema
        self.settings = settings
        self._found: dict[tuple, object] = {}

    def currency(self, conn: Connection, code: str | None) -> ResolvedCurrency:
        code = code or self.settings.currency_code
        key = ("currency", code)
        if key not in self._found:
            c = self.schema["currency"]
            row = conn.execute(select(c.c.currency_id, c.c.code, c.c.value).where(c.c.code == code)).first()
            if row is None:
                raise UnknownCurrency(f"currency {code!r} is not in {c.name}; add it in OpenCart (System > Localisation)")
            self._found[key] = ResolvedCurrency(row.currency_id, row.code, row.value)
        return self._found[key]

    def order_status(self, conn: Connection, status_id: int) -> str:
        key = ("order_status", status_id)
        if key not in self._found:
            os_ = self.schema["order_status"]
            name = conn.scalar(select(os_.c.name).where(
                os_.c.order_status_id == status_id, os_.c.language_id == self.settings.language_id))
            if not status_id or name is None:
                raise UnknownOrderStatus(f"order status {status_id} is not in {os_.name} (status 0 would hide the order)")
            self._found[key] = name
        return self._found[key]

    def address(self, conn: Connection, address: Address) -> ResolvedAddress:
        """Country and zone of an address (by ISO code; zone by code or name)."""
        key = ("address", address.country_code.upper(), address.zone.strip().lower() if address.zone else None)
        if key not in self._found:
            self._found[key] = self._resolve_address(conn, address)
        return self._found[key]

    def _resolve_address(self, conn: Connection, address: Address) -> ResolvedAddress:
        s, lang = self.schema, self.settings.language_id
        country = s["country"]
        row = conn.execute(select(country).where(country.c.iso_code_2 == address.country_code.upper())).first()
        if row is None:
            raise UnknownCountry(f"country {address.country_code!r} (ISO code) is not in {country.name}")
        name = getattr(row, "name", None)
        if name is None and s.has("country_description"):
            cd = s["country_description"]
            name = conn.scalar(select(cd.c.name).where(cd.c.country_id == row.country_id, cd.c.language_id == lang))
        address_format = getattr(row, "address_format", None)
        if address_format is None and s.has("address_format") and getattr(row, "address_format_id", 0):
            af = s["address_format"]
            address_format = conn.scalar(
                select(af.c.address_format).where(af.c.address_format_id == row.address_format_id)
            )
        zone_id, zone_name = 0, ""
        if address.zone:
            zone_id, zone_name = self._zone(conn, row.country_id, address)
        return ResolvedAddress(row.country_id, name or "", zone_id, zone_name, address_format or "")

    def _zone(self, conn: Connection, country_id: int, address: Address) -> tuple[int, str]:
        s, lang = self.schema, self.settings.language_id
        z = s["zone"]
        wanted = address.zone.strip().lower()
        if "name" in z.c:
            query = select(z.c.zone_id, z.c.name).where(
                z.c.country_id == country_id, or_(func.lower(z.c.code) == wanted, func.lower(z.c.name) == wanted)
            )
        else:
            zd = s["zone_description"]
            query = (
                select(z.c.zone_id, zd.c.name)
                .select_from(z)
                .outerjoin(zd, and_(zd.c.zone_id == z.c.zone_id, zd.c.language_id == lang))
                .where(z.c.country_id == country_id, or_(func.lower(z.c.code) == wanted, func.lower(zd.c.name) == wanted))
            )
        row = conn.execute(query.order_by(z.c.zone_id)).first()
        if row is None:
            raise UnknownZone(
                f"zone {address.zone!r} of country {address.country_code!r} is not in {z.name} (by code or name)"
            )
        return row.zone_id, row.name or ""

    def customer(self, conn: Connection, email: str) -> tuple[int, int]:
        """(customer_id, customer_group_id) of a registered customer, else a guest of the default group."""
        c = self.schema.tables.get("customer")
        if c is not None and email:
            statement = self.schema.statement("customer_by_email", lambda: select(
                c.c.customer_id, c.c.customer_group_id).where(func.lower(c.c.email) == bindparam("b_email")))
            row = conn.execute(statement, {"b_email": email.lower()}).first()
            if row is not None:
                return row.customer_id, row.customer_group_id
        return 0, self.settings.customer_group_id

    def products(self, conn: Connection, ids: set[int], reference: str) -> dict[int, ResolvedProduct]:
        s = self.schema
        p, pd = s["product"], s["product_description"]

        def build():
            cols = [p.c.product_id, p.c.model, pd.c.name] + ([p.c.master_id] if "master_id" in p.c else [])
            return (select(*cols)
                    .select_from(p)
                    .outerjoin(pd, and_(pd.c.product_id == p.c.product_id, pd.c.language_id == bindparam("b_lang")))
                    .where(p.c.product_id.in_(bindparam("b_ids", expanding=True))))

        rows = conn.execute(s.statement("order_products", build),
                            {"b_lang": self.settings.language_id, "b_ids": sorted(ids)}).all()
        found = {
            r.product_id: ResolvedProduct(r.product_id, int(getattr(r, "master_id", 0) or 0), r.name or "", r.model)
            for r in rows
        }
        missing = sorted(ids - set(found))
        if missing:
            raise ProductNotFound(
                f"product(s) {', '.join(map(str, missing))} of order {reference} are not in {p.name} (deleted?)"
            )
        return found

    def option(self, conn: Connection, product: ResolvedProduct, chosen: ChosenOption, reference: str) -> ResolvedOption:
        s, lang = self.schema, self.settings.language_id
        po, o, od = s["product_option"], s["option"], s["option_description"]
        owners = [product.product_id] + ([product.master_id] if product.master_id else [])
        head_statement = s.statement("order_option", lambda: (
            select(po.c.product_option_id, o.c.type, od.c.name)
            .select_from(po)
            .join(o, o.c.option_id == po.c.option_id)
            .outerjoin(od, and_(od.c.option_id == po.c.option_id, od.c.language_id == bindparam("b_lang")))
            .where(po.c.product_option_id == bindparam("b_option"),
                   po.c.product_id.in_(bindparam("b_owners", expanding=True)))))
        head = conn.execute(head_statement, {"b_lang": lang, "b_option": chosen.product_option_id,
                                             "b_owners": owners}).first()
        if head is None:
            raise OptionNotFound(
                f"option {chosen.product_option_id} is not an option of product {product.product_id} (order {reference})"
            )
        if not chosen.product_option_value_id:
            from jetcart.store.types import escape_text

            return ResolvedOption(head.product_option_id, 0, head.name or "", escape_text(chosen.value), head.type)
        pov, ovd = s["product_option_value"], s["option_value_description"]
        value_statement = s.statement("order_option_value", lambda: (
            select(pov.c.product_option_value_id, ovd.c.name)
            .select_from(pov)
            .outerjoin(ovd, and_(ovd.c.option_value_id == pov.c.option_value_id, ovd.c.language_id == bindparam("b_lang")))
            .where(pov.c.product_option_value_id == bindparam("b_value"),
                   pov.c.product_option_id == bindparam("b_option"))))
        value = conn.execute(value_statement, {"b_lang": lang, "b_value": chosen.product_option_value_id,
                                               "b_option": chosen.product_option_id}).first()
        if value is None:
            raise OptionNotFound(
                f"option value {chosen.product_option_value_id} is not a value of option {chosen.product_option_id} "
                f"of product {product.product_id} (order {reference})"
            )
        return ResolvedOption(head.product_option_id, value.product_option_value_id, head.name or "", value.name or "",
                              head.type)
