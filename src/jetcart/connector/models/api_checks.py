"""Results of the calls that check the Jet API: the connection test and each API activation step."""

from __future__ import annotations

from django.db import models


class ApiCheck(models.Model):
    """The latest result of one check ("connection", or an activation step such as "sku" or "ship")."""

    key = models.CharField(max_length=40, primary_key=True)
    ok = models.BooleanField(default=False)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="ids later steps need, e.g. merchant_order_id")
    checked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}: {'ok' if self.ok else 'failed'}"
