"""The logging filter that masks tokens, secrets and passwords before any handler prints them.

There is one filter, `jetcart.jet.logs.RedactSecrets` (the client attaches it to its own loggers, which must
not import the site); the settings' logging configuration names it here.
"""

from __future__ import annotations

from jetcart.jet.logs import RedactSecrets, redact

__all__ = ["RedactSecrets", "redact"]
