"""Plain values the gateway reads from and writes to a store (unescaped text, Decimal money)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

VARIANT_OPTION_TYPES = ("select", "radio")


@dataclass(frozen=True)
class OptionValue:
    """One choosable value of a product option (product_option_value), deltas already signed."""

    product_option_value_id: int
    option_value_id: int
    name: str
    quantity: int
    subtract: bool
    price_delta: Decimal
    weight_delta: Decimal


@dataclass(frozen=True)
class ProductOption:
    """A select or radio option of a product (e.g. Color, Size) with its values."""

    product_option_id: int
    option_id: int
    name: str
    type: str
    required: bool
    values: tuple[OptionValue, ...]


@dataclass(frozen=True)
class VariantCandidate:
    """One combination of option values (one per option): a candidate SKU on the marketplace."""

    product_id: int
    values: tuple[tuple[ProductOption, OptionValue], ...]

    @property
    def key(self) -> str:
        """Stable id of the combination: the product_option_value ids, e.g. '30-16' or '50-101-104'."""
        return "-".join([str(self.product_id)] + [str(v.product_option_value_id) for _, v in self.values])

    @property
    def labels(self) -> dict[str, str]:
        return {option.name: value.name for option, value in self.values}

    def quantity(self, product_quantity: int) -> int:
        """What can be sold: the smallest stock among values that track stock, else the product's."""
        tracked = [v.quantity for _, v in self.values if v.subtract]
        return min([product_quantity, *tracked]) if tracked else product_quantity

    @property
    def price_delta(self) -> Decimal:
        return sum((v.price_delta for _, v in self.values), Decimal(0))

    @property
    def weight_delta(self) -> Decimal:
        return sum((v.weight_delta for _, v in self.values), Decimal(0))


@dataclass(frozen=True)
class Product:
    """A product as the storefront shows it in the store language (text unescaped)."""

    product_id: int
    name: str
    description: str
    model: str
    sku: str
    upc: str
    ean: str
    jan: str
    isbn: str
    mpn: str
    quantity: int
    price: Decimal
    special_price: Decimal | None  # the special in force today for the default customer group
    status: bool
    subtract: bool
    weight: Decimal
    weight_unit: str
    length: Decimal
    width: Decimal
    height: Decimal
    length_unit: str
    manufacturer_id: int
    manufacturer: str
    image: str
    images: tuple[str, ...]
    category_ids: tuple[int, ...]
    options: tuple[ProductOption, ...]
    date_modified: datetime | None
    master_id: int = 0  # 4.x: a variant product's master (0 for ordinary products)
    variant: dict[int, str] = field(default_factory=dict)  # 4.x: master product_option_id → chosen value
    variant_labels: dict[str, str] = field(default_factory=dict)  # 4.x: option name → value name
    date_available: date | None = None  # None: no date (3.x '0000-00-00')
    in_store: bool = True  # has a product_to_store row for the default store (0)

    def visible_on(self, today: date) -> bool:
        """Shown in the storefront: enabled, in store 0 and available (OpenCart's three conditions)."""
        return self.status and self.in_store and (self.date_available is None or self.date_available <= today)

    @property
    def selling_price(self) -> Decimal:
        return self.special_price if self.special_price is not None else self.price

    def variant_candidates(self) -> list[VariantCandidate]:
        """Every combination of the select/radio options' values (empty when the product has none)."""
        options = [o for o in self.options if o.type in VARIANT_OPTION_TYPES and o.values]
        if not options:
            return []
        combos = itertools.product(*[[(o, v) for v in o.values] for o in options])
        return [VariantCandidate(self.product_id, tuple(combo)) for combo in combos]


@dataclass(frozen=True)
class Category:
    category_id: int
    parent_id: int
    name: str
    path: tuple[str, ...]  # names from the top level down to this category
    status: bool

    @property
    def full_path(self) -> str:
        return " > ".join(self.path)


@dataclass(frozen=True)
class StoreCounts:
    products: int
    enabled_products: int
    categories: int
    orders: int
    option_values: int


# ---- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    firstname: str
    lastname: str
    address_1: str
    city: str
    postcode: str
    country_code: str  # ISO 3166-1 alpha-2, e.g. "US"
    zone: str = ""  # zone code ("NJ") or name ("New Jersey"); '' when the country has none
    address_2: str = ""
    company: str = ""


@dataclass(frozen=True)
class ChosenOption:
    """A line's option: a select/radio/checkbox value by id, or text typed for a text/date option."""

    product_option_id: int
    product_option_value_id: int = 0
    value: str = ""


@dataclass(frozen=True)
class OrderLine:
    product_id: int
    quantity: int
    price: Decimal  # unit price excluding tax, in the order currency
    tax: Decimal = Decimal(0)  # tax of ONE unit, in the order currency
    options: tuple[ChosenOption, ...] = ()
    name: str | None = None  # defaults to the product's name in the store language
    model: str | None = None


@dataclass(frozen=True)
class TaxLine:
    title: str  # e.g. "VAT (20%)"
    amount: Decimal  # order currency


@dataclass(frozen=True)
class NewOrder:
    """A marketplace order to create in OpenCart exactly once (keyed by marketplace_order_id)."""

    marketplace_order_id: str
    firstname: str
    lastname: str
    email: str
    telephone: str
    payment_address: Address
    shipping_address: Address
    lines: tuple[OrderLine, ...]
    ordered_at: datetime  # timezone-aware
    shipping_amount: Decimal = Decimal(0)  # excluding tax, order currency
    shipping_title: str = "Marketplace Standard Delivery"
    taxes: tuple[TaxLine, ...] = ()
    currency_code: str | None = None  # None: the store's default currency
    order_status_id: int | None = None  # None: config_order_status_id
    payment_method: str = "Jet"
    payment_code: str = "jet"
    shipping_method: str | None = None  # defaults to shipping_title
    shipping_code: str = "jet.standard"
    comment: str = ""
    history_comment: str = ""
    user_agent: str = "jetcart"


@dataclass(frozen=True)
class CreatedOrder:
    order_id: int
    created: bool  # False when this marketplace order already existed (nothing new written)
    total: Decimal


@dataclass(frozen=True)
class NewReturn:
    order_id: int
    product_id: int
    quantity: int
    return_reason_id: int
    return_status_id: int | None = None  # None: config_return_status_id
    return_action_id: int = 0
    opened: bool = False
    comment: str = ""
    history_comment: str = ""
    date_ordered: date | None = None  # None: the order's date
