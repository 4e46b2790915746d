"""Jet-style identifiers: 32-character lowercase hex, and human-readable reference numbers."""

from __future__ import annotations

import os
import secrets
import uuid


def jet_id() -> str:
    """A GUID without dashes, as Jet used for orders, items, returns, files and settlements."""
    return uuid.uuid4().hex


def jet_ids(count: int) -> list[str]:
    """`count` ids like jet_id's (random version-4 GUIDs without dashes), from one read of the OS's
    random source: the bit settings are uuid.UUID's for version 4."""
    raw = os.urandom(16 * count)
    keep = ~((0xC000 << 48) | (0xF000 << 64))
    mark = (0x8000 << 48) | (4 << 76)
    return ["%032x" % ((int.from_bytes(raw[i:i + 16], "big") & keep) | mark) for i in range(0, 16 * count, 16)]


def reference_number() -> str:
    """A 12-digit order reference number like Jet's `reference_order_id`."""
    return str(100000000000 + secrets.randbelow(899999999999))


def api_secret() -> str:
    return secrets.token_urlsafe(24)


def api_user() -> str:
    return secrets.token_hex(16).upper()
