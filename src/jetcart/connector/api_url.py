"""Which Jet API URLs jetcart may call with the merchant's keys: never link-local or cloud metadata addresses, and
plain http only in test mode or when the operator allows it (JETCART_ALLOW_HTTP_API)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

# Cloud instance-metadata services outside 169.254.0.0/16 and fe80::/10, by address and by name.
METADATA_ADDRESSES = {ipaddress.ip_address(a) for a in ("100.100.100.200", "168.63.129.16", "fd00:ec2::254")}
METADATA_NAMES = {"metadata", "metadata.google.internal", "metadata.goog", "instance-data",
                  "instance-data.ec2.internal", "metadata.azure.internal"}


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The host as an IP address, including the shorthand forms resolvers accept (2852039166, 0xa9fea9fe, …)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if not host or not all(ch in "0123456789abcdefxABCDEFX." for ch in host):
            return None
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def api_url_problem(url: str, *, live: bool, allow_http: bool) -> str | None:
    """Why jetcart must not send the keys to this URL, or None when it may."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    address = _address(host)
    if host in METADATA_NAMES or (address is not None and (address.is_link_local or address in METADATA_ADDRESSES)):
        return f"{host} is a link-local or cloud metadata address, not a Jet API."
    if parts.scheme.lower() == "http" and live and not allow_http:
        return ("Plain http would send the Jet keys unencrypted: use https (http is accepted in test mode, or when "
                "the operator sets JETCART_ALLOW_HTTP_API=1).")
    return None
