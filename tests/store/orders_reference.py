"""The reference marketplace order of opencart-db.md §B.4 (Max Müller, UK, Processing) as gateway input."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from jetcart.store.models import Address, ChosenOption, NewOrder, OrderLine, TaxLine

HP_LP3065, CANON_EOS_5D, IPOD_CLASSIC = 47, 30, 48
CANON_SELECT, CANON_BLUE, HP_DELIVERY_DATE = 226, 16, 225
PROCESSING, CANCELED, COMPLETE, PENDING = 2, 7, 5, 1


def reference_order(marketplace_order_id: str, **changes) -> NewOrder:
    """Three lines (HP with a date option, Canon Blue, 2 × iPod Classic), flat delivery, eco tax and VAT."""
    address = Address(firstname="Max", lastname="Müller", address_1="1 Mill Lane", city="Leeds", postcode="LS1 1AA",
                      country_code="GB", zone="West Yorkshire")
    values = dict(
        marketplace_order_id=marketplace_order_id, firstname="Max", lastname="Müller", email="max@example.com",
        telephone="0113 000 0000", payment_address=address, shipping_address=address,
        lines=(
            OrderLine(HP_LP3065, 1, D("100"), D("22"), (ChosenOption(HP_DELIVERY_DATE, value="2026-12-01"),)),
            OrderLine(CANON_EOS_5D, 1, D("80"), D("18"), (ChosenOption(CANON_SELECT, CANON_BLUE),)),
            OrderLine(IPOD_CLASSIC, 2, D("100"), D("22")),
        ),
        ordered_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        shipping_amount=D("5"), shipping_title="Marketplace Standard Delivery",
        taxes=(TaxLine("Eco Tax (-2.00)", D("10")), TaxLine("VAT (20%)", D("77"))),
        order_status_id=PROCESSING, payment_method="Marketplace", payment_code="marketplace",
        shipping_code="marketplace.standard", comment=f"Jet order {marketplace_order_id}",
        history_comment=f"Imported from Jet, order {marketplace_order_id}",
    )
    values.update(changes)
    return NewOrder(**values)
