"""Secrets and tokens never reach a log line."""

import logging

from jetcart.site.logging import RedactSecrets, redact


def test_bearer_tokens_and_secrets_are_masked():
    line = 'Authorization: Bearer eyJhbGciOi.abc.def {"user": "u1", "pass": "topsecret"} mysql://r:pw@h/db'
    cleaned = redact(line)
    assert "eyJhbGciOi" not in cleaned and "topsecret" not in cleaned and ":pw@" not in cleaned
    assert '"user": "u1"' in cleaned


def test_filter_rewrites_formatted_records():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token=%s", ("abc123",), None)
    RedactSecrets().filter(record)
    assert record.getMessage() == "token=***"
