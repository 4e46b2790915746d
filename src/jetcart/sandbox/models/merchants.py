"""Emulated Jet merchants: credentials, fulfillment nodes, return locations, and the sandbox clock."""

from __future__ import annotations

from django.db import models


class Merchant(models.Model):
    """A Jet partner account with a test and a live API key pair (one host serves both, as Jet did)."""

    merchant_id = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200, default="")
    test_user = models.CharField(max_length=100, unique=True)
    test_secret = models.CharField(max_length=200)
    live_user = models.CharField(max_length=100, unique=True)
    live_secret = models.CharField(max_length=200)
    is_demo = models.BooleanField(default=False, help_text="the test merchant the demo and `jetcart sandbox` use")
    clock_offset_seconds = models.FloatField(default=0.0, help_text="test-only advance of this merchant's clock")
    controls = models.JSONField(default=dict, blank=True, help_text="per-merchant fault/rate/progression overrides")
    next_due_at = models.DateTimeField(null=True, help_text="earliest pending timed transition of this merchant")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "sandbox_merchant"

    def __str__(self) -> str:
        return f"{self.name or 'merchant'} {self.merchant_id}"


class FulfillmentNode(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="nodes")
    node_id = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    address1 = models.CharField(max_length=200)
    address2 = models.CharField(max_length=200, blank=True, default="")
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    zip_code = models.CharField(max_length=10)

    class Meta:
        db_table = "sandbox_fulfillment_node"
        constraints = [models.UniqueConstraint(fields=["merchant", "node_id"], name="sandbox_node_unique")]


class ReturnLocation(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="return_locations")
    location_id = models.CharField(max_length=32)
    name = models.CharField(max_length=200, default="")
    address1 = models.CharField(max_length=200)
    address2 = models.CharField(max_length=200, blank=True, default="")
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    zip_code = models.CharField(max_length=10)

    class Meta:
        db_table = "sandbox_return_location"
        constraints = [models.UniqueConstraint(fields=["merchant", "location_id"], name="sandbox_retloc_unique")]

    def address(self) -> dict:
        return {"address1": self.address1, "address2": self.address2, "city": self.city,
                "state": self.state, "zip_code": self.zip_code}


class ClockState(models.Model):
    """One row: the sandbox time is origin_sandbox + (wall time - origin_real) x speed."""

    origin_real = models.DateTimeField()
    origin_sandbox = models.DateTimeField()
    speed = models.FloatField(default=1.0)

    class Meta:
        db_table = "sandbox_clock"
