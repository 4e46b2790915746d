"""Jet-style identifiers: 32-character lowercase hex, and human-readable reference numbers."""

from __future__ import annotations

import secrets
import uuid


def jet_id() -> str:
    """A GUID without dashes, as Jet used for orders, items, returns, files and settlements."""
    return uuid.uuid4().hex


def reference_number() -> str:
    """A 12-digit order reference number like Jet's `reference_order_id`."""
    return str(100000000000 + secrets.randbelow(899999999999))


def api_secret() -> str:
    return secrets.token_urlsafe(24)


def api_user() -> str:
    return secrets.token_hex(16).upper()
