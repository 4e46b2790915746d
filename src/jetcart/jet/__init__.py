"""Jet merchant API client library: typed models, validation, auth, retries and bulk files (no Django)."""

from jetcart.jet.client import DEFAULT_BASE_URL, DEFAULT_RATE_LIMITS, JetClient
from jetcart.jet.errors import (
    JetAPIError,
    JetBadRequest,
    JetConnectionError,
    JetError,
    JetForbidden,
    JetMethodNotAllowed,
    JetNotFound,
    JetOutcomeUnknown,
    JetRateLimited,
    JetResponseInvalid,
    JetServerError,
    JetTimeout,
    JetUnauthorized,
    JetValidationError,
    Problem,
    RequestInfo,
)
from jetcart.jet.retry import RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_RATE_LIMITS",
    "JetAPIError",
    "JetBadRequest",
    "JetClient",
    "JetConnectionError",
    "JetError",
    "JetForbidden",
    "JetMethodNotAllowed",
    "JetNotFound",
    "JetOutcomeUnknown",
    "JetRateLimited",
    "JetResponseInvalid",
    "JetServerError",
    "JetTimeout",
    "JetUnauthorized",
    "JetValidationError",
    "Problem",
    "RequestInfo",
    "RetryPolicy",
]
