"""Jet orders in: save each in the connector first, decide if it can be filled, create it in OpenCart once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from jetcart.connector import leases
from jetcart.connector.jet_values import CENT, JetValueError, checked_amount, jet_money, jet_time
from jetcart.connector.models import (
    AckState,
    Decision,
    ImportState,
    JetConfiguration,
    JetListing,
    JetOrder,
    JetOrderLine,
    ListingKind,
)
from jetcart.connector.orders import store_orders
from jetcart.jet.models.orders import OrderDetail, Person, PostalAddress, ShippingTo
from jetcart.jet.models.vocabulary import AckStatus, ItemAckStatus
from jetcart.store.errors import (
    MissingLanguage,
    OptionNotFound,
    OrderWriteInProgress,
    ProductNotFound,
    StoreError,
    TotalNotInstalled,
    UnknownCountry,
    UnknownCurrency,
    UnknownOrderStatus,
    UnknownZone,
)
from jetcart.store.models import Address, ChosenOption, NewOrder, OrderLine, Product, TaxLine

if TYPE_CHECKING:
    from jetcart.jet.models.orders import Order, OrderItem
    from jetcart.store.gateway import StoreGateway

log = logging.getLogger(__name__)

IMPORT_LEASE = timedelta(minutes=5)
LARGEST_QUANTITY = 100_000  # units of one order line; Jet's quantities are small, a larger one is a broken document

# The store's settings refuse the order (a status, total, currency or language jetcart is set to use): the
# merchant's to fix, so the order is kept and retried, and each run reports it loudly.
CONFIGURATION_ERRORS = (UnknownOrderStatus, TotalNotInstalled, UnknownCurrency, MissingLanguage)
CONFIGURATION_PROBLEM = "OpenCart configuration needs fixing (not the buyer's order)"



def _customer_name(jet_order: Order) -> str:
    buyer = jet_order.buyer.name if jet_order.buyer else None
    recipient = jet_order.shipping_to.recipient if jet_order.shipping_to else None
    return (buyer or (recipient.name if recipient else None) or "").strip()


PRICE_PARTS = ("base_price", "item_tax", "item_shipping_cost", "item_shipping_tax")


def order_total(jet_order: Order) -> Decimal:
    """What the customer pays: per-unit item prices (jet-api.md §4.2) times the quantity, over all lines."""
    total = Decimal(0)
    for index, item in enumerate(jet_order.order_items):
        price = item.item_price
        unit = sum((jet_money(getattr(price, k) if price else None, f"order_items[{index}].item_price.{k}")
                    for k in PRICE_PARTS), Decimal(0))
        total += unit * item.request_order_quantity
    return checked_amount(total, "order total (item prices × quantities)")


def check_order_items(jet_order: Order) -> None:
    """Refuses an order whose lines lack what an OpenCart order needs: an item id, a quantity of at least 1 and
    a base price (a missing one would otherwise read as 0 and sell at $0.00); the message names the field."""
    if not jet_order.merchant_order_id:
        raise JetValueError("merchant_order_id: missing")
    for index, item in enumerate(jet_order.order_items):
        path = f"order_items[{index}]"
        if not item.order_item_id:
            raise JetValueError(f"{path}.order_item_id: missing")
        quantity = item.request_order_quantity
        if quantity < 1:
            raise JetValueError(f"{path}.request_order_quantity: {quantity!r} is not a quantity of at least 1")
        if quantity > LARGEST_QUANTITY:
            raise JetValueError(f"{path}.request_order_quantity: {quantity} is more than {LARGEST_QUANTITY} units")
        cancel = item.request_order_cancel_qty
        if not 0 <= cancel <= quantity:
            raise JetValueError(f"{path}.request_order_cancel_qty: {cancel!r} is not a quantity from 0 to {quantity}")
        if item.item_price is None or item.item_price.base_price is None:
            raise JetValueError(f"{path}.item_price.base_price: missing")


def save_jet_order(jet_order: Order, *, now: datetime | None = None) -> tuple[JetOrder, bool]:
    """Saves (or refreshes) the inbox row of a Jet order and its lines, keeping Jet's document as its payload;
    returns (order, created).

    Raises JetValueError naming the field, before anything is saved, when the order cannot be read."""
    now = now or timezone.now()
    check_order_items(jet_order)
    merchant_order_id = jet_order.merchant_order_id
    status = (jet_order.status or "").lower()
    detail = jet_order.order_detail
    fields = {
        "reference_order_id": jet_order.reference_order_id or "",
        "jet_status": status,
        "payload": jet_order.model_dump(mode="json", by_alias=True, exclude_none=True),
        "customer_name": _customer_name(jet_order)[:200],
        "total": order_total(jet_order),
        "placed_at": jet_time(jet_order.order_placed_date, "order_placed_date"),
        "request_ship_by": jet_time(detail.request_ship_by if detail else None, "order_detail.request_ship_by"),
    }
    ready_at = jet_time(jet_order.order_ready_date, "order_ready_date")
    if status == "ready":
        fields["ready_at"] = ready_at or now
    try:
        with transaction.atomic():  # a new order and its lines are saved together, or not at all
            order = JetOrder.objects.create(merchant_order_id=merchant_order_id, **fields)
            lines: dict[str, JetOrderLine] = {}
            for item in jet_order.order_items:  # an item id listed twice is saved once, as before
                lines.setdefault(item.order_item_id, _new_line(order, item))
            JetOrderLine.objects.bulk_create(lines.values())
        return order, True
    except IntegrityError:
        order = JetOrder.objects.get(merchant_order_id=merchant_order_id)
        changes = {k: v for k, v in fields.items() if k not in ("ready_at",)}
        if order.ready_at is None and "ready_at" in fields:
            changes["ready_at"] = fields["ready_at"]
        if order.jet_status in ("acknowledged", "inprogress", "complete") and status in ("created", "ready"):
            changes.pop("jet_status")  # a stale list entry never moves an order back
        JetOrder.objects.filter(pk=order.pk).update(**changes, updated_at=now)
        order.refresh_from_db()
    _save_lines(order, jet_order)
    return order, False


def _new_line(order: JetOrder, item: OrderItem) -> JetOrderLine:
    price = item.item_price
    return JetOrderLine(
        order=order, order_item_id=item.order_item_id, merchant_sku=item.merchant_sku or "",
        product_title=(item.product_title or "")[:500],
        quantity=item.request_order_quantity,
        cancel_requested=item.request_order_cancel_qty,
        unit_price=jet_money(price.base_price if price else None, "item_price.base_price"),
        unit_tax=jet_money(price.item_tax if price else None, "item_price.item_tax"),
        unit_shipping=jet_money(price.item_shipping_cost if price else None, "item_price.item_shipping_cost"),
        unit_shipping_tax=jet_money(price.item_shipping_tax if price else None, "item_price.item_shipping_tax"),
    )


def _save_lines(order: JetOrder, jet_order: Order) -> None:
    """Lines of an order saved before: new items are added, a changed cancel request is updated."""
    existing = {line.order_item_id: line for line in order.lines.all()}
    for item in jet_order.order_items:
        cancel_requested = item.request_order_cancel_qty
        if item.order_item_id in existing:
            line = existing[item.order_item_id]
            if line.cancel_requested != cancel_requested:
                JetOrderLine.objects.filter(pk=line.pk).update(cancel_requested=cancel_requested)
            continue
        try:
            with transaction.atomic():
                _new_line(order, item).save()
        except IntegrityError:
            pass  # another worker saved the same line


# ---- deciding whether the order can be filled --------------------------------------------------------------


def decide_order(order: JetOrder, *, gateway: StoreGateway) -> JetOrder:
    """Matches each line to a listing and checks stock; records accept or reject once (the first decision wins)."""
    if not order.decision:
        decide_orders([order], gateway=gateway)
        order.refresh_from_db()
    return order


def decide_orders(orders: list[JetOrder], *, gateway: StoreGateway, products: dict[int, Product] | None = None) -> None:
    """Decides a page of orders, in order, as `decide_order` decides each: one read of their lines, listings, store
    products and the units already promised serves the whole page, and each order accepted counts against the
    stock of the next ones. `products` (if given) receives the store products read, for the creation to reuse."""
    orders = [order for order in orders if not order.decision]
    if not orders:
        return
    lines_of: dict[int, list[JetOrderLine]] = {order.pk: [] for order in orders}
    for line in JetOrderLine.objects.filter(order_id__in=list(lines_of)).order_by("id"):
        lines_of[line.order_id].append(line)
    skus = {line.merchant_sku for lines in lines_of.values() for line in lines}
    listings = {x.merchant_sku: x for x in JetListing.objects.filter(merchant_sku__in=skus)}
    read = store_orders.load_products(gateway, [x.product_id for x in listings.values()])
    if products is not None:
        products.update(read)
    promised = _units_promised()
    decided: dict[tuple, list[int]] = {}  # (item status, product, option values) → lines of the orders decided
    with transaction.atomic():
        for order in orders:
            decision, lines = _decide(order, lines_of[order.pk], listings, read, promised)
            for line in lines:
                if decision == Decision.ACCEPT:
                    _count(promised, line.product_id, line.option_value_ids, line.quantity)
                decided.setdefault((line.item_ack_status, line.product_id, tuple(line.option_value_ids)),
                                   []).append(line.pk)
        for (status, product_id, value_ids), pks in decided.items():
            JetOrderLine.objects.filter(pk__in=pks).update(
                item_ack_status=status, product_id=product_id, option_value_ids=list(value_ids))


def _decide(order: JetOrder, lines: list[JetOrderLine], listings: dict[str, JetListing], products: dict[int, Product],
            promised: tuple[dict[int, int], dict[int, int]]) -> tuple[str, list[JetOrderLine]]:
    """Records the decision of one order (unless another worker recorded one first); returns it and its lines with
    their item status, listing product and option values set (the caller writes them, in the same transaction),
    or ('', []) when this worker's decision lost."""
    wanted_products, wanted_values = dict(promised[0]), dict(promised[1])
    for line in lines:
        listing = listings.get(line.merchant_sku)
        if listing and listing.kind != ListingKind.PARENT:
            _count((wanted_products, wanted_values), listing.product_id, listing.option_value_ids, line.quantity)
    reasons: list[str] = []
    for line in lines:
        listing = listings.get(line.merchant_sku)
        if listing is None or listing.kind == ListingKind.PARENT:
            reasons.append(f"{line.merchant_sku}: not a SKU jetcart lists (invalid merchant SKU)")
            line.item_ack_status, line.product_id, line.option_value_ids = ItemAckStatus.INVALID_MERCHANT_SKU, None, []
            continue
        value_ids = [int(v) for v in listing.option_value_ids or []]
        shortage = _shortage(products.get(listing.product_id), value_ids, wanted_products, wanted_values, promised)
        if shortage:
            reasons.append(f"{line.merchant_sku}: {shortage}")
        line.item_ack_status = ItemAckStatus.NO_INVENTORY if shortage else ItemAckStatus.FULFILLABLE
        line.product_id, line.option_value_ids = listing.product_id, value_ids
    if not lines:
        reasons.append("the order has no lines")
    decision = Decision.REJECT if reasons else Decision.ACCEPT
    won = JetOrder.objects.filter(pk=order.pk, decision="").update(
        decision=decision,
        rejection_status=AckStatus.REJECTED_ITEM_LEVEL_ERROR if reasons else "",
        rejection_reason="; ".join(reasons),
        import_state=ImportState.REJECTED if reasons else order.import_state,
    )
    return (decision, lines) if won else ("", [])


def _count(units: tuple[dict[int, int], dict[int, int]], product_id: int | None, value_ids, quantity: int) -> None:
    """Adds `quantity` units of a product and of each of its option values to (by product, by option value)."""
    if product_id is None:
        return
    units[0][product_id] = units[0].get(product_id, 0) + quantity
    for value_id in value_ids or []:
        units[1][int(value_id)] = units[1].get(int(value_id), 0) + quantity


def _units_promised() -> tuple[dict[int, int], dict[int, int]]:
    """Units of orders accepted but not yet created in OpenCart (their stock is not taken yet), by product and
    by option value: a later order is checked against the stock left after them, so two orders never sell
    the same units."""
    promised: tuple[dict[int, int], dict[int, int]] = ({}, {})
    pending = JetOrderLine.objects.filter(
        order__decision=Decision.ACCEPT, order__store_order_id__isnull=True, order__is_cancelled=False,
        product_id__isnull=False)
    for product_id, value_ids, quantity in pending.values_list("product_id", "option_value_ids", "quantity"):
        _count(promised, product_id, value_ids, quantity)
    return promised


def _shortage(product, value_ids: list[int], wanted_products: dict[int, int], wanted_values: dict[int, int],
              promised: tuple[dict[int, int], dict[int, int]]) -> str:
    """Why the store cannot fill what the whole order asks of this product (after the units promised to orders
    accepted before it), or '' if it can."""
    if product is None:
        return "its OpenCart product no longer exists (no inventory)"
    if not product.status:
        return f"OpenCart product {product.product_id} is disabled (no inventory)"
    values = {v.product_option_value_id: v for option in product.options for v in option.values}
    for value_id in value_ids:
        value = values.get(value_id)
        if value is None:
            return f"option value {value_id} no longer exists on product {product.product_id} (no inventory)"
        if value.subtract and value.quantity < wanted_values.get(value_id, 0):
            return _short_text(wanted_values[value_id], value.quantity, promised[1].get(value_id, 0), f" of {value.name}")
    if product.subtract and product.quantity < wanted_products[product.product_id]:
        return _short_text(wanted_products[product.product_id], product.quantity,
                           promised[0].get(product.product_id, 0), "")
    return ""


def _short_text(wanted: int, in_stock: int, promised: int, of: str) -> str:
    if not promised:
        return f"{wanted} ordered, {max(in_stock, 0)}{of} in stock (no inventory)"
    return (f"{wanted - promised} ordered, {max(in_stock, 0)}{of} in stock of which {promised} already promised "
            "to orders accepted before it (no inventory)")


# ---- creating the OpenCart order ----------------------------------------------------------------------------


def _split_name(name: str) -> tuple[str, str]:
    parts = (name or "").strip().split(None, 1)
    if not parts:
        return "Jet", "Customer"
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")


def build_new_order(order: JetOrder, *, config: JetConfiguration, products: dict, only: list | None = None,
                    status_id: int | None = None, history_comment: str = "") -> NewOrder:
    """The OpenCart order for an accepted Jet order: Jet's per-unit prices, taxes and shipping, its address
    (`only` some lines, `status_id` and `history_comment` differ only for a rejected order recorded at the cancelled status)."""
    jet = order.jet_order
    shipping_to = jet.shipping_to or ShippingTo()
    recipient = shipping_to.recipient or Person()
    address = shipping_to.address or PostalAddress()
    buyer = jet.buyer or Person()
    firstname, lastname = _split_name(recipient.name or buyer.name or "")
    oc_address = Address(
        firstname=firstname, lastname=lastname, address_1=address.address1 or "",
        address_2=address.address2 or "", city=address.city or "",
        postcode=address.zip_code or "", country_code="US", zone=address.state or "",
    )
    lines = []
    shipping = Decimal(0)
    tax_total = Decimal(0)
    for line in order.lines.all() if only is None else only:
        product = products.get(line.product_id)
        if product is None:
            raise ProductNotFound(f"{line.merchant_sku}: OpenCart product {line.product_id} no longer exists")
        value_to_option = {
            v.product_option_value_id: option.product_option_id for option in product.options for v in option.values
        }
        missing = [int(v) for v in line.option_value_ids or [] if int(v) not in value_to_option]
        if missing:  # never sell the product without the option the buyer chose
            raise OptionNotFound(f"{line.merchant_sku}: option value(s) {', '.join(map(str, missing))} no longer "
                                 f"exist on OpenCart product {product.product_id}")
        options = tuple(
            ChosenOption(product_option_id=value_to_option[int(v)], product_option_value_id=int(v))
            for v in line.option_value_ids or []
        )
        lines.append(OrderLine(product_id=line.product_id, quantity=line.quantity, price=line.unit_price,
                               tax=line.unit_tax, options=options, name=line.product_title or None))
        shipping += line.unit_shipping * line.quantity
        tax_total += (line.unit_tax + line.unit_shipping_tax) * line.quantity
    detail = jet.order_detail or OrderDetail()
    method = detail.request_shipping_method or detail.request_service_level or "Standard"
    return NewOrder(
        marketplace_order_id=order.merchant_order_id,
        firstname=firstname, lastname=lastname,
        email=config.customer_email or jet.hash_email or "",
        telephone=recipient.phone_number or buyer.phone_number or "",
        payment_address=oc_address, shipping_address=oc_address, lines=tuple(lines),
        ordered_at=order.placed_at or order.created_at,
        shipping_amount=shipping.quantize(CENT), shipping_title=f"Jet {method}",
        taxes=(TaxLine(title="Jet tax", amount=tax_total.quantize(CENT)),) if tax_total else (),
        order_status_id=config.order_status_new if status_id is None else status_id,
        comment=f"Jet order {order.reference_order_id or order.merchant_order_id}",
        history_comment=history_comment or f"Imported from Jet (merchant_order_id {order.merchant_order_id}).",
    )


def create_store_order(order: JetOrder, *, gateway: StoreGateway, now: datetime | None = None,
                       products: dict[int, Product] | None = None,
                       config: JetConfiguration | None = None) -> JetOrder:
    """Creates the OpenCart order of an accepted, ready Jet order exactly once and binds its id.

    `order.created_now` tells whether this call bound it (not another worker, nor an earlier call).
    Safe to run again at any point: a lease keeps two workers from writing at the same time, and the
    gateway's own claim per marketplace order id returns the existing order if an earlier attempt got
    as far as the store but not back here. `products`: store products already read in this run (e.g. by the
    decision), to which those missing are added; the gateway checks again that each product and option value
    still exists before it writes anything.
    """
    now = now or timezone.now()
    order.created_now = False  # True only when this call bound the OpenCart order (a run counts what it did)
    if order.store_order_id or order.decision != Decision.ACCEPT or order.is_cancelled:
        return order
    lease = leases.claim(JetOrder.objects.filter(pk=order.pk, store_order_id__isnull=True),
                         field="import_lease_until", length=IMPORT_LEASE, now=now, until=now + IMPORT_LEASE)
    if lease is None:
        order.refresh_from_db()
        return order
    config = config or JetConfiguration.load()
    products = {} if products is None else products
    try:
        missing = [ln.product_id for ln in order.lines.all() if ln.product_id and ln.product_id not in products]
        products.update(store_orders.load_products(gateway, missing))
        created = store_orders.create_store_order(gateway, build_new_order(order, config=config, products=products))
    except OrderWriteInProgress as exc:
        lease.release(last_error=str(exc))
    except (UnknownCountry, UnknownZone) as exc:
        # The store cannot ship there (nothing was written): reject rather than let Jet's window run out.
        log.warning("Jet order %s: address refused by OpenCart: %s", order.merchant_order_id, exc)
        JetOrder.objects.filter(pk=order.pk, store_order_id__isnull=True, ack_state=AckState.NOT_SENT).update(
            decision=Decision.REJECT, rejection_status=AckStatus.REJECTED_UNFULFILLABLE_ADDRESS,
            rejection_reason=f"OpenCart cannot take the shipping address: {exc}", import_state=ImportState.REJECTED,
            last_error=str(exc))
        lease.release()
    except (ProductNotFound, OptionNotFound) as exc:
        # Deleted in the store since the decision (nothing was written): reject so Jet hears back in time.
        log.warning("Jet order %s: its product is gone from OpenCart: %s", order.merchant_order_id, exc)
        _reject_for_missing_products(order, gateway=gateway, error=exc)
        lease.release()
    except CONFIGURATION_ERRORS as exc:
        log.error("Jet order %s: the OpenCart settings need fixing: %s", order.merchant_order_id, exc)
        lease.release(import_state=ImportState.FAILED, last_error=f"{CONFIGURATION_PROBLEM}: {exc}")
    except StoreError as exc:
        log.warning("Jet order %s: OpenCart refused it: %s", order.merchant_order_id, exc)
        lease.release(import_state=ImportState.FAILED, last_error=str(exc))
    else:
        bound = {"store_order_id": created.order_id, "import_state": ImportState.CREATED,
                 "store_status_id": config.order_status_new, "last_error": "", "updated_at": timezone.now()}
        if not lease.release(**bound):
            # the lease ran out during the store write: the OpenCart order exists all the same (the gateway creates
            # it once per marketplace order id), so it is bound regardless, as another worker would bind it
            JetOrder.objects.filter(pk=order.pk).update(**bound, import_lease_until=None)
        bound["import_lease_until"] = None
        for name, value in bound.items():  # the row as just written, without reading it back
            setattr(order, name, value)
        order.created_now = True
        return order
    order.refresh_from_db()
    return order


def _reject_for_missing_products(order: JetOrder, *, gateway: StoreGateway, error: StoreError) -> None:
    """Rejects an accepted order whose product or option value left the store: its lines are marked
    non-fulfillable (no inventory), the others stay fulfillable; if the gateway cannot tell which, all are."""
    lines = list(order.lines.all())
    try:
        products = store_orders.load_products(gateway, [ln.product_id for ln in lines if ln.product_id])
    except StoreError:
        products = {}
    gone = []
    for line in lines:
        product = products.get(line.product_id)
        values = {v.product_option_value_id for option in (product.options if product else ()) for v in option.values}
        if product is None or any(int(v) not in values for v in line.option_value_ids or []):
            gone.append(line.pk)
    gone = gone or [line.pk for line in lines]
    with transaction.atomic():
        rejected = JetOrder.objects.filter(pk=order.pk, store_order_id__isnull=True,
                                           ack_state=AckState.NOT_SENT).update(
            decision=Decision.REJECT, rejection_status=AckStatus.REJECTED_ITEM_LEVEL_ERROR,
            rejection_reason=f"no longer in OpenCart (no inventory): {error}", import_state=ImportState.REJECTED,
            last_error=str(error))
        if rejected:
            JetOrderLine.objects.filter(order=order, pk__in=gone).update(item_ack_status=ItemAckStatus.NO_INVENTORY)


def record_rejected_order(order: JetOrder, *, gateway: StoreGateway) -> JetOrder:
    """With "Record rejected orders" on: writes a rejected Jet order to OpenCart once, at the configured cancelled
    status (which takes no stock), so the merchant sees it there. Lines of SKUs the store does not have are left
    out; an order with none left, or one the store refuses, is not recorded and `last_error` says why (it is
    not tried again)."""
    if order.store_order_id or order.decision != Decision.REJECT or order.last_error:
        return order
    config = JetConfiguration.load()
    lines = [line for line in order.lines.all() if line.product_id]
    error = ""
    if not lines:
        error = "not recorded in OpenCart: none of its lines is a product of the store"
    else:
        comment = (f"Rejected on Jet (merchant_order_id {order.merchant_order_id}): {order.rejection_reason}. "
                   "Recorded for reference; no stock taken.")
        try:
            products = store_orders.load_products(gateway, [line.product_id for line in lines])
            present = [line for line in lines if line.product_id in products]
            if not present:
                raise ProductNotFound("none of its products is in the store any more")
            created = store_orders.create_store_order(gateway, build_new_order(
                order, config=config, products=products, only=present, status_id=config.order_status_cancelled,
                history_comment=comment[:1000]))
        except OrderWriteInProgress:
            return order  # another worker is writing it; the next run binds it
        except StoreError as exc:
            error = f"not recorded in OpenCart: {exc}"
        else:
            JetOrder.objects.filter(pk=order.pk, store_order_id__isnull=True).update(
                store_order_id=created.order_id, store_status_id=config.order_status_cancelled,
                updated_at=timezone.now())
    if error:
        log.warning("Jet order %s: %s", order.merchant_order_id, error)
        JetOrder.objects.filter(pk=order.pk).update(last_error=error)
    order.refresh_from_db()
    return order


def orders_to_record():
    """Rejected orders not yet recorded in OpenCart (and not given up on), for "Record rejected orders"."""
    return JetOrder.objects.filter(decision=Decision.REJECT, store_order_id__isnull=True, last_error="").order_by("id")


def orders_to_create():
    """Accepted ready orders without an OpenCart order yet (new, failed earlier, or cut short by a crash)."""
    return JetOrder.objects.filter(
        jet_status="ready", decision=Decision.ACCEPT, store_order_id__isnull=True, is_cancelled=False
    ).order_by("id")


def orders_to_decide():
    return JetOrder.objects.filter(jet_status="ready", decision="", is_cancelled=False).order_by("id")
