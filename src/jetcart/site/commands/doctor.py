"""`jetcart doctor`: checks every configured connection and says in one line what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    warning: bool = False  # works, but something a merchant will miss is not set


def register(sub) -> None:
    parser = sub.add_parser("doctor", help="check the databases, the store, Redis and the Jet API")
    parser.set_defaults(handler=run_doctor)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def check_django_database(alias: str, variable: str) -> Check:
    from django.conf import settings
    from django.db import connections

    from jetcart.site.environment import redact_url

    url = redact_url(settings.ENV.database_url if alias == "default" else settings.ENV.sandbox_database_url)
    try:
        connections[alias].ensure_connection()
    except Exception as exc:  # noqa: BLE001 - any driver error is reported, not raised
        return Check(variable, False, f"{variable}: cannot connect to {url}: {_first_line(exc)}")
    return Check(variable, True, f"{variable}: connected ({connections[alias].vendor})")


def check_store() -> Check:
    from django.conf import settings

    from jetcart.site.environment import redact_url
    from jetcart.store.doctor import describe_store

    url = settings.JETCART_STORE_URL
    try:
        return Check("JETCART_STORE_URL", True, "JETCART_STORE_URL: " + describe_store(url, settings.JETCART_STORE_PREFIX))
    except Exception as exc:  # noqa: BLE001
        return Check("JETCART_STORE_URL", False, f"JETCART_STORE_URL: cannot use {redact_url(url)}: {_first_line(exc)}")


def check_store_web_url() -> Check:
    """The storefront's address, which orders written into OpenCart (store_url) and image URLs need: the
    store's config_url setting, else JETCART_STORE_WEB_URL; a warning when neither is known."""
    from django.conf import settings

    from jetcart.store.gateway import StoreGateway

    name = "JETCART_STORE_WEB_URL"
    try:
        with StoreGateway.connect(settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX) as gateway:
            config_url = gateway.settings.store_url
    except Exception:  # noqa: BLE001 - the store line above already says why the store cannot be read
        config_url = ""
    if config_url:
        return Check(name, True, f"storefront address: {config_url} (the store's config_url)")
    if settings.JETCART_STORE_WEB_URL:
        return Check(name, True, f"{name}: {settings.JETCART_STORE_WEB_URL} (storefront address)")
    return Check(name, True, f"{name}: not set and the store has no config_url; orders written into OpenCart get "
                             "no store URL (links in its e-mails break) and Jet gets no image URLs. Set it to the "
                             "storefront's address, e.g. https://shop.example.com/", warning=True)


def check_redis() -> Check:
    from django.conf import settings

    from jetcart.site.environment import redact_url

    url = settings.JETCART_REDIS_URL
    if not url:
        return Check("JETCART_REDIS_URL", True, "JETCART_REDIS_URL: not set; jobs queue in SQLite")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        return Check("JETCART_REDIS_URL", False, f"JETCART_REDIS_URL: cannot reach {redact_url(url)}: {_first_line(exc)}")
    return Check("JETCART_REDIS_URL", True, "JETCART_REDIS_URL: reachable")


def check_jet_api() -> Check:
    """The configuration page's Test connection: a token from the saved URL and keys, checked by /authcheck."""
    from jetcart.connector.configuration.jet_configuration import load_configuration
    from jetcart.connector.operations.connection_test import try_keys

    try:
        config = load_configuration()
    except Exception as exc:  # noqa: BLE001 - e.g. tables not migrated yet
        return Check("api_url", False, f"configuration: cannot read it: {_first_line(exc)} (run `jetcart migrate`)")
    if not config.api_url:
        return Check("api_url", False, "api_url: not set (jetcart config set api_url URL)")
    result = try_keys()
    if result.ok:
        return Check("api_url", True, f"api_url: {result.message}")
    setting = result.setting or "api_url"
    message = " ".join(result.message.split())  # one line, whatever Jet's answer held
    detail = message if message.startswith(setting) else f"{setting}: {message}"
    return Check(setting, False, f"{detail} (api_url {config.api_url})" if "api_url" not in setting else detail)


CHECKS: list[Callable[[], Check]] = [
    lambda: check_django_database("default", "JETCART_DATABASE_URL"),
    lambda: check_django_database("sandbox", "JETCART_SANDBOX_DATABASE_URL"),
    check_store,
    check_store_web_url,
    check_redis,
    check_jet_api,
]


def run_doctor(args) -> int:
    from jetcart.site.commands.capture import doctor_checks

    failures = 0
    for check in [*CHECKS, *doctor_checks()]:
        result = check()
        failures += not result.ok
        label = ("warn  " if result.warning else "ok    ") if result.ok else "FAIL  "
        print(label + result.detail, flush=True)
    print("all checks passed" if not failures else f"{failures} check(s) failed")
    return 1 if failures else 0
