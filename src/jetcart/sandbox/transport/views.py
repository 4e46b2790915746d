"""POST /token and GET /authcheck."""

from __future__ import annotations

from jetcart.jet.timestamps import token_time
from jetcart.sandbox import messages as m
from jetcart.sandbox.merchants import find_by_user
from jetcart.sandbox.transport.auth import issue_token
from jetcart.sandbox.transport.errors import BadRequest
from jetcart.sandbox.transport.router import Call


def post_token(call: Call):
    """Bad credentials answer 400 "Bad Request" as captured from Jet (not 401)."""
    try:
        body = call.body_object()
    except BadRequest as exc:
        raise BadRequest(m.BAD_REQUEST) from exc
    user, secret = body.get("user"), body.get("pass")
    if not isinstance(user, str) or not isinstance(secret, str):
        raise BadRequest(m.BAD_REQUEST)
    found = find_by_user(user)
    if found is None:
        raise BadRequest(m.BAD_REQUEST)
    merchant, is_live = found
    expected = merchant.live_secret if is_live else merchant.test_secret
    if secret != expected:
        raise BadRequest(m.BAD_REQUEST)
    token = issue_token(merchant, is_live=is_live)
    return {"id_token": token.id_token, "token_type": "Bearer", "expires_on": token_time(token.expires_on)}


def get_authcheck(call: Call):
    return m.AUTHORIZED
