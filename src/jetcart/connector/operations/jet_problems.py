"""Turns a Jet client error into one line a merchant can act on (used by the connection test and activation)."""

from __future__ import annotations

from jetcart.jet.errors import (
    JetAPIError,
    JetConnectionError,
    JetError,
    JetForbidden,
    JetOutcomeUnknown,
    JetRateLimited,
    JetTimeout,
    JetUnauthorized,
    JetValidationError,
)


def describe_jet_error(exc: JetError) -> str:
    """One line: what went wrong, in the merchant's terms, with Jet's own messages when it gave some."""
    if isinstance(exc, JetOutcomeUnknown):
        return "Jet did not confirm the call (" + describe_jet_error(exc.cause) + "); check its state, then send again."
    if isinstance(exc, JetUnauthorized):
        return "Jet refused the API user or secret (401): check the keys on the configuration page."
    if isinstance(exc, JetForbidden):
        return "Jet does not allow this call with these keys (403); test-mode calls need the test keys."
    if isinstance(exc, JetRateLimited):
        return "Jet is throttling requests (429); try again in a minute."
    if isinstance(exc, JetTimeout):
        return f"Jet did not answer in time ({exc.request})."
    if isinstance(exc, JetConnectionError):
        return f"Could not reach Jet: {exc}"
    if isinstance(exc, JetValidationError):
        return f"Not sent, the request breaks Jet's rules: {'; '.join(exc.messages())}"
    if isinstance(exc, JetAPIError):
        detail = "; ".join(exc.errors) or str(exc)
        return f"Jet answered {exc.status_code} to {exc.request}: {detail}"
    return str(exc)
