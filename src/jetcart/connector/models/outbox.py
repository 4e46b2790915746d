"""The outbox: one row per call that changes Jet's state, written with a deterministic key before it is sent."""

from __future__ import annotations

from django.db import models


class OutboxState(models.TextChoices):
    PENDING = "pending", "Pending"  # written, never tried
    SENT = "sent", "Sent"  # at least one attempt may have reached Jet; read back before sending again
    CONFIRMED = "confirmed", "Confirmed"  # Jet shows the effect
    FAILED = "failed", "Failed"  # Jet refused it and does not show the effect; needs a person


class OutboxMessage(models.Model):
    """A state-changing Jet call (acknowledge, ship, cancel, return complete, refund), at most once in effect.

    `key` is deterministic (`ack:<merchant_order_id>`, `ship:<merchant_order_id>:<alt_shipment_id>`): writing
    the same intention twice finds the existing row instead of making a second call. `kind` chooses the
    handler that sends it and reads Jet back (see `jetcart.connector.outbox`).
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=100, db_index=True, help_text="the Jet id the call is about")
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, help_text="a sender holds the row until then")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(
        null=True, blank=True,
        help_text="when jetcart finished applying Jet's answer to its own records and OpenCart; until then a "
                  "confirmed or failed message is still delivered (its follow-up re-run)")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["state", "created_at"]),
                   models.Index(fields=["followed_up_at", "state"], name="outbox_follow_up")]

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in (OutboxState.PENDING, OutboxState.SENT)

    @property
    def needs_follow_up(self) -> bool:
        """Jet's answer is known (confirmed or failed) but not yet applied here: the delivery loop finishes it."""
        return self.state in (OutboxState.CONFIRMED, OutboxState.FAILED) and self.followed_up_at is None
