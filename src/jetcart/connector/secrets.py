"""Encrypts merchant secrets at rest with a key derived from the installation's secret key."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"jetcart:secrets:v1:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(plain: str) -> str:
    """Ciphertext for a secret; empty stays empty."""
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(cipher: str) -> str:
    """The secret back; an unreadable value (e.g. after a secret-key change) reads as empty."""
    if not cipher:
        return ""
    try:
        return _fernet().decrypt(cipher.encode()).decode()
    except InvalidToken:
        return ""


def mask(plain: str) -> str:
    """What the UI may show of a secret: that it is set and its last two characters."""
    if not plain:
        return ""
    return "••••••" + plain[-2:] if len(plain) > 8 else "••••••"
