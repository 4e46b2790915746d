"""Encrypts merchant secrets at rest with a key derived from the installation's secret key.

Encryption uses the current key (`SECRET_KEY`); decryption tries it, then each earlier key in
`SECRET_KEY_FALLBACKS` (JETCART_SECRET_KEY_FALLBACKS), so a rotated key keeps the stored Jet secret readable.
Saving the secret again (or `jetcart config set api_secret -`) re-encrypts it under the current key.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(ValueError):
    """A stored secret cannot be decrypted with this installation's key: JETCART_SECRET_KEY changed or was lost."""


def _key(secret_key: str) -> Fernet:
    digest = hashlib.sha256(b"jetcart:secrets:v1:" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _fernet() -> MultiFernet:
    """The current key first (it encrypts), then the fallbacks (they only decrypt)."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    return MultiFernet([_key(key) for key in keys])


def encrypt(plain: str) -> str:
    """Ciphertext for a secret; empty stays empty."""
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(cipher: str, *, name: str = "secret") -> str:
    """The secret back; SecretUnreadable (naming the setting `name`) when it was encrypted with another key."""
    if not cipher:
        return ""
    try:
        return _fernet().decrypt(cipher.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            f"{name}: the stored value cannot be read, it was encrypted with another JETCART_SECRET_KEY (the key "
            f"changed or was lost; list an earlier key in JETCART_SECRET_KEY_FALLBACKS); enter {name} again (Jet › Configuration, or `jetcart config set {name} -`)"
        ) from None


def mask(plain: str) -> str:
    """What the UI may show of a secret: that it is set and its last two characters."""
    if not plain:
        return ""
    return "••••••" + plain[-2:] if len(plain) > 8 else "••••••"
