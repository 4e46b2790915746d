"""Tokens: JWT-shaped, signed by the sandbox (HS256), valid 10 hours of sandbox time, test or live."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from django.conf import settings

from jetcart.sandbox.clock import merchant_now
from jetcart.sandbox.config import config
from jetcart.sandbox.lookups import Lookup
from jetcart.sandbox.models import Merchant
from jetcart.sandbox.transport.errors import Unauthorized

MERCHANT_BY_ID = Lookup(Merchant, "merchant_id")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key() -> bytes:
    return hashlib.sha256(("jet-sandbox-token:" + settings.SECRET_KEY).encode()).digest()


def _sign(signing_input: str) -> str:
    return _b64(hmac.new(_key(), signing_input.encode(), hashlib.sha256).digest())


@dataclass(frozen=True)
class IssuedToken:
    id_token: str
    expires_on: datetime


def issue_token(merchant: Merchant, *, is_live: bool) -> IssuedToken:
    now = merchant_now(merchant)
    expires = now + timedelta(hours=config().token_hours)
    claims = {
        "merchant_id": merchant.merchant_id, "partner_type": "Merchant", "scope": "ironman-api",
        "iss": "jet.com", "is_sandbox_uid": "False" if is_live else "True",
        "nbf": int(now.timestamp()), "exp": int(expires.timestamp()),
    }
    header = _b64(orjson.dumps({"typ": "JWT", "alg": "HS256"}))
    payload = _b64(orjson.dumps(claims))
    return IssuedToken(f"{header}.{payload}.{_sign(header + '.' + payload)}", expires.replace(microsecond=0))


@dataclass(frozen=True)
class Caller:
    merchant: Merchant
    is_live: bool


def bearer_token(authorization: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme word in any case)."""
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(authorization: str) -> Caller:
    """The merchant behind a bearer token; Unauthorized when absent, forged, unknown or expired."""
    token = bearer_token(authorization or "")
    if token is None or token.count(".") != 2:
        raise Unauthorized()
    header, payload, signature = token.split(".")
    if not hmac.compare_digest(_sign(header + "." + payload), signature):
        raise Unauthorized()
    try:
        claims = orjson.loads(_unb64(payload))
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise Unauthorized() from exc
    merchant = MERCHANT_BY_ID.first(claims.get("merchant_id"))  # read on every request: never cached
    if merchant is None:
        raise Unauthorized()
    if merchant_now(merchant).timestamp() >= claims.get("exp", 0):
        raise Unauthorized()
    return Caller(merchant, claims.get("is_sandbox_uid") == "False")
