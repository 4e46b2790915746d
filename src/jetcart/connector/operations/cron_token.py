"""The cron URLs' secret token: generated on request, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from jetcart.connector.models import JetConfiguration


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_cron_token() -> str:
    """Replaces the token (URLs holding the old one stop working) and returns the new one: the only time it is seen."""
    token = secrets.token_urlsafe(24)
    config = JetConfiguration.load()
    config.cron_token_hash = token_hash(token)
    config.save(update_fields=["cron_token_hash", "updated_at"])
    return token


def cron_token_is_set() -> bool:
    return bool(JetConfiguration.load().cron_token_hash)


def cron_token_matches(given: str) -> bool:
    expected = JetConfiguration.load().cron_token_hash
    return bool(given and expected) and hmac.compare_digest(token_hash(given), expected)
