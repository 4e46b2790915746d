"""Where the merchant generates test orders and returns: the sandbox's partner portal, linked in test mode."""

from __future__ import annotations

from urllib.parse import urlsplit

from jetcart.connector.models import JetConfiguration

JET_API_HOSTS = {"merchant-api.jet.com"}  # Jet's own API: its portal is not the sandbox's


def partner_portal_url(config: JetConfiguration | None = None) -> str:
    """The sandbox portal's page of the configured merchant (the API URL + `/portal/`), or '' outside test
    mode, without an API URL, or when the API URL is Jet's own."""
    config = config or JetConfiguration.load()
    if config.mode != "test" or not config.api_url or urlsplit(config.api_url).hostname in JET_API_HOSTS:
        return ""
    base = config.api_url.rstrip("/") + "/portal/"
    return f"{base}merchants/{config.merchant_id}/" if config.merchant_id else base
