"""Jet orders in the connector: the inbox row per Jet order, its lines, and the shipments reported to Jet."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import models
from pydantic import BaseModel

from jetcart.connector.models.stored_json import read_once
from jetcart.jet.models.orders import Order

ACKNOWLEDGE_WINDOW = timedelta(minutes=15)


class ImportState(models.TextChoices):
    RECEIVED = "received", "Received"  # saved from Jet, not yet turned into an OpenCart order
    CREATED = "created", "Created in OpenCart"
    REJECTED = "rejected", "Rejected"  # cannot be filled; not created in OpenCart
    FAILED = "failed", "Creation failed"  # the store refused it; retried on the next fetch
    CANCELLED = "cancelled", "Cancelled before creation"


class Decision(models.TextChoices):
    UNDECIDED = "", "Not decided"
    ACCEPT = "accept", "Accept"
    REJECT = "reject", "Reject"


class AckState(models.TextChoices):
    NOT_SENT = "", "Not sent"
    SENDING = "sending", "Sending"
    DONE = "done", "Acknowledged"
    FAILED = "failed", "Failed"


class JetOrder(models.Model):
    """One Jet merchant order, saved before anything else happens to it (the inbox), with Jet's full payload."""

    merchant_order_id = models.CharField(max_length=64, unique=True)
    reference_order_id = models.CharField(max_length=64, blank=True)
    jet_status = models.CharField(max_length=20, db_index=True)
    is_cancelled = models.BooleanField(default=False)
    payload = models.JSONField(help_text="the order object as Jet last returned it")
    customer_name = models.CharField(max_length=200, blank=True)
    total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    placed_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True, help_text="when jetcart first saw it ready")
    request_ship_by = models.DateTimeField(null=True, blank=True)

    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.UNDECIDED, blank=True)
    rejection_status = models.CharField(max_length=60, blank=True, help_text="Jet's acknowledgement status")
    rejection_reason = models.TextField(blank=True, help_text="why, in the merchant's words")

    import_state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.RECEIVED)
    import_lease_until = models.DateTimeField(null=True, blank=True)
    store_order_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    store_status_id = models.PositiveIntegerField(null=True, blank=True, help_text="last status jetcart set")
    last_error = models.TextField(blank=True)

    ack_state = models.CharField(max_length=10, choices=AckState.choices, default=AckState.NOT_SENT, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference_order_id or self.merchant_order_id

    @property
    def jet_order(self) -> Order:
        """The stored payload as the client's typed Order (the row's merchant_order_id when the payload lacks it)."""
        return read_once(self, "payload", self.payload,
                         lambda payload: Order.model_validate({"merchant_order_id": self.merchant_order_id,
                                                               **(payload or {})}))

    @property
    def acknowledge_deadline(self):
        return self.ready_at + ACKNOWLEDGE_WINDOW if self.ready_at else None

    @property
    def is_rejected(self) -> bool:
        return self.decision == Decision.REJECT


class JetOrderLine(models.Model):
    """One Jet order item: what was asked, what it maps to in OpenCart, and how much is shipped or cancelled."""

    order = models.ForeignKey(JetOrder, on_delete=models.CASCADE, related_name="lines")
    order_item_id = models.CharField(max_length=64)
    merchant_sku = models.CharField(max_length=100)
    product_title = models.CharField(max_length=500, blank=True)
    quantity = models.PositiveIntegerField(help_text="request_order_quantity")
    cancel_requested = models.PositiveIntegerField(default=0, help_text="request_order_cancel_qty (directed cancel)")
    unit_price = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    unit_tax = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    unit_shipping = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    unit_shipping_tax = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    product_id = models.PositiveIntegerField(null=True, blank=True)
    option_value_ids = models.JSONField(default=list, blank=True)
    item_ack_status = models.CharField(max_length=60, blank=True)
    shipped = models.PositiveIntegerField(default=0, help_text="units Jet confirmed shipped")
    cancelled = models.PositiveIntegerField(default=0, help_text="units Jet confirmed cancelled")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["order", "order_item_id"], name="jet_order_line_unique")]

    def __str__(self) -> str:
        return f"{self.merchant_sku} × {self.quantity}"

    @property
    def open_quantity(self) -> int:
        return max(self.quantity - self.shipped - self.cancelled, 0)


class ShipmentLine(BaseModel):
    """One line of a shipment as jetcart records it (`JetShipment.items`)."""

    line_id: int
    order_item_id: str = ""
    merchant_sku: str
    shipped: int = 0
    cancelled: int = 0
    return_location: bool = False
    rma_number: str = ""
    days_to_return: int | None = None


class ShipmentState(models.TextChoices):
    SENDING = "sending", "Sending to Jet"
    CONFIRMED = "confirmed", "Confirmed by Jet"
    FAILED = "failed", "Refused by Jet"


class JetShipment(models.Model):
    """A shipment (or cancel-only report) of some units of an order, sent to Jet through the outbox."""

    order = models.ForeignKey(JetOrder, on_delete=models.CASCADE, related_name="shipments")
    alt_shipment_id = models.CharField(max_length=64, unique=True)
    tracking_number = models.CharField(max_length=100, blank=True)
    shipment_date = models.DateTimeField(null=True, blank=True)
    shipment_method = models.CharField(max_length=60, blank=True)
    expected_delivery_date = models.DateTimeField(null=True, blank=True)
    ship_from_zip_code = models.CharField(max_length=5, blank=True)
    carrier_pick_up_date = models.DateTimeField(null=True, blank=True)
    carrier = models.CharField(max_length=60, blank=True)
    items = models.JSONField(help_text="per line: order_item_id, merchant_sku, shipped, cancelled, RMA, days")
    is_directed_cancel = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=ShipmentState.choices, default=ShipmentState.SENDING)
    last_error = models.TextField(blank=True)
    store_noted = models.BooleanField(default=False, help_text="its history entry is written in OpenCart")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.alt_shipment_id

    @property
    def outbox_key(self) -> str:
        return f"ship:{self.order.merchant_order_id}:{self.alt_shipment_id}"

    @property
    def lines(self) -> list[ShipmentLine]:
        """The recorded lines, typed."""
        return read_once(self, "items", self.items,
                         lambda items: [ShipmentLine.model_validate(item) for item in items or []])

    def units(self) -> tuple[int, int]:
        """(shipped, cancelled) units over all lines."""
        return sum(line.shipped for line in self.lines), sum(line.cancelled for line in self.lines)
