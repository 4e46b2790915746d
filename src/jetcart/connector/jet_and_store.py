"""The two doors every connector use case goes through: the Jet client and the store gateway.

Both are built from the saved configuration and settings, cached while those stay the same, and can be
replaced in tests with `override_gateways(jet=…, store=…)` (or by changing the settings they are built from).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from django.conf import settings

from jetcart.connector.api_url import api_url_problem
from jetcart.connector.models.configuration import JetConfiguration, Mode

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.store.gateway import StoreGateway

_lock = threading.Lock()
_jet_cache: dict[tuple, JetClient] = {}
_store_cache: dict[tuple, StoreGateway] = {}
_overrides: dict[str, JetClient | StoreGateway] = {}  # "jet" → a client, "store" → a gateway (or a test's fake)


class GatewayNotConfigured(RuntimeError):
    """The configuration lacks what is needed to reach Jet or the store; the message says what to set."""


def _api_secret(config: JetConfiguration) -> str:
    """The saved secret; GatewayNotConfigured naming api_secret and JETCART_SECRET_KEY when it cannot be read."""
    from jetcart.connector.models.secrets import SecretUnreadable

    try:
        return config.api_secret
    except SecretUnreadable as exc:
        raise GatewayNotConfigured(str(exc)) from None


def _api_url(config: JetConfiguration) -> str:
    """The saved API URL; GatewayNotConfigured naming api_url when the keys must not be sent there (a link-local or
    metadata address, or plain http in live mode): a URL saved before those rules, or not through the page or
    `jetcart config set`, is refused here, where the keys would leave."""
    problem = api_url_problem(config.api_url, live=config.mode == Mode.LIVE,
                              allow_http=getattr(settings, "JETCART_ALLOW_HTTP_API", False))
    if problem:
        raise GatewayNotConfigured(f"api_url: {problem} (Jet › Configuration)")
    return config.api_url


def _build_jet_client(*, api_url: str, user: str, secret: str, **options: Any) -> JetClient:
    from jetcart.jet.client import JetClient

    return JetClient(api_url, user, secret, **options)


def _build_store_gateway(*, url: str, prefix: str, web_url: str = "") -> StoreGateway:
    from jetcart.store.gateway import StoreGateway

    return StoreGateway.connect(url, prefix, store_url=web_url or None)


# Wraps every Jet client handed out; the clone guard installs itself here when the app starts
# (`apps.py`: `clone_guard.guard_client`), so this module needs no import of it.
_client_guard: list[Callable[[JetClient], JetClient]] = []


def install_client_guard(guard: Callable[[JetClient], JetClient]) -> None:
    """Every Jet client handed out from now on goes through `guard` (the clone guard's)."""
    _client_guard[:] = [guard]


def _guarded(client: JetClient) -> JetClient:
    """The client with the installed guard on its calls that change Jet."""
    return _client_guard[0](client) if _client_guard else client


def jet_client() -> JetClient:
    """A `jetcart.jet` client for the saved Jet configuration (one per distinct set of keys)."""
    if "jet" in _overrides:
        return _guarded(_overrides["jet"])
    config = JetConfiguration.load()
    if not config.is_connected_setup:
        raise GatewayNotConfigured("Jet API URL, user and secret are not all set (Jet › Configuration).")
    key = (config.api_url, config.mode, config.api_user, config.api_secret_encrypted)
    with _lock:
        client = _jet_cache.get(key)
        if client is None:
            for old in _jet_cache.values():
                _close(old)
            _jet_cache.clear()
            client = _jet_cache[key] = _build_jet_client(
                api_url=_api_url(config), user=config.api_user, secret=_api_secret(config)
            )
    return _guarded(client)


def new_jet_client(**options: Any) -> JetClient:
    """A separate, uncached client with its own options (e.g. rate limits for a bulk read); close it after use.
    Under `override_gateways(jet=…)` that object is returned instead."""
    if "jet" in _overrides:
        return _guarded(_overrides["jet"])
    config = JetConfiguration.load()
    if not config.is_connected_setup:
        raise GatewayNotConfigured("Jet API URL, user and secret are not all set (Jet › Configuration).")
    return _guarded(_build_jet_client(api_url=_api_url(config), user=config.api_user, secret=_api_secret(config),
                                      **options))


def jet_client_for(config: JetConfiguration) -> JetClient:
    """A separate, uncached client for an unsaved configuration (keys typed on the configuration page, to be
    tested before they are saved); close it after use."""
    if not config.is_connected_setup:
        raise GatewayNotConfigured("Jet API URL, user and secret are not all set (Jet › Configuration).")
    return _build_jet_client(api_url=_api_url(config), user=config.api_user, secret=_api_secret(config))


def store_gateway() -> StoreGateway:
    """The store gateway for `settings.JETCART_STORE_URL` and `JETCART_STORE_PREFIX`."""
    if "store" in _overrides:
        return _overrides["store"]
    web_url = getattr(settings, "JETCART_STORE_WEB_URL", "") or ""
    key = (settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX, web_url)
    with _lock:
        gateway = _store_cache.get(key)
        if gateway is None:
            gateway = _store_cache[key] = _build_store_gateway(url=key[0], prefix=key[1], web_url=web_url)
    return gateway


def _close(resource: JetClient | StoreGateway) -> None:
    for name in ("close", "dispose"):
        method = getattr(resource, name, None)
        if callable(method):
            with suppress(Exception):  # closing an old client must not break the new one
                method()
            return


def reset_gateways() -> None:
    """Forgets every cached client and gateway (closing them), e.g. after the keys changed in a test."""
    with _lock:
        for resource in [*_jet_cache.values(), *_store_cache.values()]:
            _close(resource)
        _jet_cache.clear()
        _store_cache.clear()


@contextmanager
def override_gateways(*, jet: JetClient | None = None, store: StoreGateway | None = None) -> Iterator[None]:
    """Within the block, `jet_client()` / `store_gateway()` return the given objects (those not None); a test
    passes its fake from `tests/fakes/`, which answers with the same types."""
    previous = dict(_overrides)
    if jet is not None:
        _overrides["jet"] = jet
    if store is not None:
        _overrides["store"] = store
    try:
        yield
    finally:
        _overrides.clear()
        _overrides.update(previous)
