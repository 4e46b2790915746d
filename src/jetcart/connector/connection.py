"""The "Test connection" use case: do the saved keys get a token from the configured Jet API?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.gateways import GatewayNotConfigured, jet_client
from jetcart.connector.jet_problems import describe_jet_error
from jetcart.connector.models.api_checks import ApiCheck
from jetcart.jet.errors import JetError

CONNECTION_KEY = "connection"


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str
    checked_at: datetime


def check_connection() -> ConnectionCheck:
    """Asks Jet for a token and checks it with /authcheck; saves and returns the one-line result."""
    from jetcart.connector.configuration import load_configuration

    config = load_configuration()
    try:
        client = jet_client()
        client.authenticate()
        accepted = client.authcheck()
    except GatewayNotConfigured as exc:
        ok, message = False, str(exc)
    except JetError as exc:
        ok, message = False, describe_jet_error(exc)
    else:
        mode = "test" if config.mode == "test" else "live"
        ok = accepted
        message = (f"Connected: Jet accepted the keys ({mode} mode, {config.api_url})." if accepted
                   else "Jet issued a token but /authcheck did not accept it.")
    now = timezone.now()
    ApiCheck.objects.update_or_create(key=CONNECTION_KEY, defaults={"ok": ok, "message": message,
                                                                    "checked_at": now, "data": {}})
    activity.record("connection", message, level="INFO" if ok else "ERROR")
    return ConnectionCheck(ok, message, now)


def last_connection_check() -> ConnectionCheck | None:
    row = ApiCheck.objects.filter(key=CONNECTION_KEY).first()
    return ConnectionCheck(row.ok, row.message, row.checked_at) if row else None
