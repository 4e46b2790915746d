"""Logging: the `jetcart.jet` loggers and the one filter that redacts secrets and tokens (the site's logs use it too)."""

from __future__ import annotations

import logging
import re

__all__ = ["RedactSecrets", "get_logger", "redact"]


_PATTERNS = [
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(bearer\s+)?[^\s'\",}]+"), r"\1\2***"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9\-_.=+/]+"), r"\1***"),
    (re.compile(r"(?i)(['\"]?(?:pass(?:word)?|secret|api_secret|id_token|access_token|token)['\"]?\s*[:=]\s*['\"]?)"
                r"[^'\",}\s]+"), r"\1***"),
    (re.compile(r"(?i)([?&](?:sig|se|sv|sp)=)[^&\s'\"]+"), r"\1***"),
    (re.compile(r"(://[^:/@\s]+:)[^@\s]+@"), r"\1***@"),
]  # fmt: skip


def redact(text: str) -> str:
    """Masks bearer tokens, Authorization values, passwords/secrets, URL passwords and blob SAS signatures with ***."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites each record's message with `redact`, so no handler ever sees a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record must still not leak
            return True
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True


def get_logger(name: str) -> logging.Logger:
    """The module's logger with the redaction filter attached (filters do not inherit, so each gets one)."""
    found = logging.getLogger(name)
    if not any(isinstance(existing, RedactSecrets) for existing in found.filters):
        found.addFilter(RedactSecrets())
    return found
