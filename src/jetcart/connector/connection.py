"""The "Test connection" use case: do the saved keys get a token from the configured Jet API?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.gateways import GatewayNotConfigured, jet_client
from jetcart.connector.jet_problems import describe_jet_error
from jetcart.connector.models.api_checks import ApiCheck
from jetcart.jet.errors import JetAPIError, JetConnectionError, JetError, JetUnauthorized

CONNECTION_KEY = "connection"


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str
    checked_at: datetime


@dataclass(frozen=True)
class KeysTest:
    """What asking Jet for a token said; `setting` names the settings to fix when it failed."""

    ok: bool
    message: str
    setting: str = ""


def _suspect(exc: JetError) -> str:
    """The settings a failed token request points at: the keys (401/400) or the URL (404, unreachable)."""
    if isinstance(exc, JetUnauthorized) or (isinstance(exc, JetAPIError) and exc.status_code in (400, 403)):
        return "api_user/api_secret"
    if isinstance(exc, JetConnectionError) or (isinstance(exc, JetAPIError) and exc.status_code in (404, 405)):
        return "api_url"
    return ""


def try_keys() -> KeysTest:
    """Asks Jet for a token with the saved keys and checks it with /authcheck; saves nothing."""
    from jetcart.connector.configuration import load_configuration

    config = load_configuration()
    try:
        client = jet_client()
        client.authenticate()
        accepted = client.authcheck()
    except GatewayNotConfigured as exc:
        return KeysTest(False, str(exc), "api_secret" if str(exc).startswith("api_secret") else
                        "api_url/api_user/api_secret")
    except JetError as exc:
        if isinstance(exc, JetAPIError) and exc.status_code in (404, 405):  # its body is some web server's page
            return KeysTest(False, f"Jet answered {exc.status_code} to {exc.request}: no Jet API at {config.api_url}; "
                                   "check the Jet API URL (it ends in /api).", "api_url")
        return KeysTest(False, describe_jet_error(exc), _suspect(exc))
    mode = "test" if config.mode == "test" else "live"
    if accepted:
        return KeysTest(True, f"Connected: Jet accepted the keys ({mode} mode, {config.api_url}).")
    return KeysTest(False, "Jet issued a token but /authcheck did not accept it.", "api_url")




def check_connection() -> ConnectionCheck:
    """Asks Jet for a token and checks it with /authcheck; saves and returns the one-line result."""
    result = try_keys()
    ok, message = result.ok, result.message
    now = timezone.now()
    ApiCheck.objects.update_or_create(key=CONNECTION_KEY, defaults={"ok": ok, "message": message,
                                                                    "checked_at": now, "data": {}})
    activity.record("connection", message, level="INFO" if ok else "ERROR")
    return ConnectionCheck(ok, message, now)


def last_connection_check() -> ConnectionCheck | None:
    row = ApiCheck.objects.filter(key=CONNECTION_KEY).first()
    return ConnectionCheck(row.ok, row.message, row.checked_at) if row else None
