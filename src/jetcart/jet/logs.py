"""Logging for the Jet client: the `jetcart.jet` logger and a filter that redacts secrets and tokens."""

from __future__ import annotations

import logging
import re

__all__ = ["RedactSecrets", "get_logger", "redact"]


_PATTERNS = [
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(bearer\s+)?[^\s'\",}]+"), r"\1\2[redacted]"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9\-_.=+/]+"), r"\1[redacted]"),
    (re.compile(r"(?i)(['\"]?(?:pass|secret|id_token|access_token)['\"]?\s*[:=]\s*['\"]?)[^'\",}\s]+"),
     r"\1[redacted]"),
    (re.compile(r"(?i)([?&](?:sig|se|sv|sp)=)[^&\s'\"]+"), r"\1[redacted]"),
]  # fmt: skip


def redact(text: str) -> str:
    """Mask bearer tokens, Authorization values, passwords/secrets and blob SAS signatures in `text`."""
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
