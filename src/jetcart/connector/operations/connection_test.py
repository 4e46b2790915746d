"""The "Test connection" use case: do the saved keys get a token from the configured Jet API?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.jet_and_store import GatewayNotConfigured, jet_client, jet_client_for
from jetcart.connector.models.api_checks import ApiCheck
from jetcart.connector.operations.jet_problems import describe_jet_error
from jetcart.jet.errors import JetAPIError, JetConnectionError, JetError, JetUnauthorized

if TYPE_CHECKING:
    from django.forms import ModelForm

    from jetcart.connector.models.configuration import JetConfiguration

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


def try_keys(config: JetConfiguration | None = None) -> KeysTest:
    """Asks Jet for a token and checks it with /authcheck; saves nothing. With `config` (an unsaved
    configuration, e.g. the page's form as typed), its URL and keys are tried instead of the saved ones."""
    from jetcart.connector.configuration.jet_configuration import load_configuration

    typed = config is not None
    config = config if typed else load_configuration()
    client = None
    try:
        client = jet_client_for(config) if typed else jet_client()
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
    finally:
        if typed and client is not None:
            client.close()
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


def try_typed_keys(form: ModelForm) -> KeysTest:
    """The configuration page's Test connection: tries the URL and keys as typed in a valid configuration form
    without saving anything. The dashboard's connection health is updated only when the typed URL and keys
    are the saved ones (then the test says something about the saved configuration)."""
    saved = type(form.instance).load()
    typed = form.save(commit=False)  # the form's own (unsaved) copy of the configuration row
    same_keys = (typed.api_url, typed.api_user, typed.api_secret_encrypted) == \
        (saved.api_url, saved.api_user, saved.api_secret_encrypted)
    if same_keys:
        check = check_connection()
        return KeysTest(check.ok, check.message)
    return try_keys(typed)


def last_connection_check() -> ConnectionCheck | None:
    row = ApiCheck.objects.filter(key=CONNECTION_KEY).first()
    return ConnectionCheck(row.ok, row.message, row.checked_at) if row else None
