"""Merchant-initiated refunds: create (idempotent on alt_refund_id), state, lists, timed progression."""
