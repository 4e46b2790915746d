"""Sends state-changing Jet calls from the outbox at most once in effect: write the row, send, read Jet back.

How to use it (orders, returns and refunds all do the same):

1. `enqueue(key=..., kind=..., subject=..., payload=...)` inside the transaction that records the intention.
   The key is deterministic (`ack:<merchant_order_id>`), so a retry finds the same row and never a second one.
2. `deliver(message)` (right away, or later from `deliver_open_messages`) sends it through the handler of its
   kind. A row is marked `sent` before the call; if the outcome is unknown (timeout, dropped connection, 5xx)
   it stays `sent`, and the next delivery first asks Jet (`is_applied`) and only re-sends if the effect is
   not there. A refusal (4xx) is also checked against Jet before the row is marked `failed`. One sender holds
   the row at a time (`LEASE`, renewed while Jet is called) and writes the outcome only if it still holds it.
3. When Jet shows the effect the row becomes `confirmed` and the handler's `on_confirmed` runs; it must be
   idempotent (it may run again after a crash).

A handler is registered per kind in `HANDLERS` as "module:attribute" of an `OutboxHandler`, so this module
imports none of its users.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jetcart.connector import leases
from jetcart.connector.models import OutboxMessage, OutboxState
from jetcart.jet.errors import JetAPIError, JetError, JetRateLimited, JetServerError, JetValidationError

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # how long a sender holds a row without renewing it (renewed while Jet is called)
RENEWALS_PER_LEASE = 4

HANDLERS: dict[str, str] = {
    "ack": "jetcart.connector.orders.acknowledge:ACK_HANDLER",
    "ship": "jetcart.connector.orders.ship:SHIP_HANDLER",
    "return_complete": "jetcart.connector.returns.complete:RETURN_COMPLETE_HANDLER",
    "refund": "jetcart.connector.refunds.create:REFUND_HANDLER",
}


@dataclass(frozen=True)
class OutboxHandler:
    """How to send one kind of call, how to see its effect on Jet, and what to do once it is confirmed."""

    send: Callable[[Any, OutboxMessage], None]
    is_applied: Callable[[Any, OutboxMessage], bool]
    on_confirmed: Callable[[OutboxMessage], None] | None = None
    on_failed: Callable[[OutboxMessage], None] | None = None


class OutboxError(Exception):
    """A message cannot be delivered as asked (unknown kind)."""


def handler_for(kind: str) -> OutboxHandler:
    try:
        module_name, attribute = HANDLERS[kind].split(":")
    except KeyError:
        raise OutboxError(f"no outbox handler for kind {kind!r}; known: {', '.join(sorted(HANDLERS))}") from None
    return getattr(importlib.import_module(module_name), attribute)


def enqueue(*, key: str, kind: str, subject: str, payload: dict) -> tuple[OutboxMessage, bool]:
    """The message with this key, written now if new; returns (message, created). An existing one is kept as is."""
    handler_for(kind)
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(key=key, kind=kind, subject=subject, payload=payload), True
    except IntegrityError:
        return OutboxMessage.objects.get(key=key), False


def _claim(message: OutboxMessage, now: datetime) -> leases.Lease | None:
    """Takes the row for one delivery; None if it is closed or another sender holds a live lease. The row's
    `lease_until` is the holder's token: every later write is conditional on it."""
    return leases.claim(OutboxMessage.objects.filter(pk=message.pk, state__in=[OutboxState.PENDING, OutboxState.SENT]),
                        field="lease_until", length=LEASE, now=now, touched=("updated_at",))


def _renewal(lease: leases.Lease, key: str) -> leases.Heartbeat:
    """Renews the lease from a background thread while a call to Jet is in flight (a call may wait out 429
    Retry-After periods or a slow answer for longer than the lease), so no other sender takes the row meanwhile."""
    return leases.Heartbeat(lease, every=LEASE.total_seconds() / RENEWALS_PER_LEASE, label=f"outbox {key}")


def _finish(message: OutboxMessage, lease: leases.Lease, **fields) -> bool:
    """Writes the delivery's outcome and frees the row, only if this sender still holds it."""
    if not lease.write(release=True, **fields):
        log.error("outbox %s: the lease was lost before the outcome could be written (%s); the next delivery reads "
                  "Jet back", message.key, fields)
        message.refresh_from_db()
        return False
    for name, value in fields.items():
        setattr(message, name, value)
    message.lease_until = None
    return True


def _confirm(message: OutboxMessage, handler: OutboxHandler, lease: leases.Lease, now: datetime) -> None:
    if _finish(message, lease, state=OutboxState.CONFIRMED, confirmed_at=now, last_error="") and handler.on_confirmed:
        handler.on_confirmed(message)


def _fail(message: OutboxMessage, handler: OutboxHandler, lease: leases.Lease, error: str) -> None:
    if _finish(message, lease, state=OutboxState.FAILED, last_error=error) and handler.on_failed:
        handler.on_failed(message)


def _error_text(exc: BaseException) -> str:
    errors = getattr(exc, "errors", None)
    return "; ".join(errors) if errors else str(exc)


def _is_applied(handler: OutboxHandler, client: Any, message: OutboxMessage, lease: leases.Lease) -> bool:
    with _renewal(lease, message.key):
        return handler.is_applied(client, message)


def deliver(message: OutboxMessage, *, client: Any, now: datetime | None = None) -> OutboxMessage:  # noqa: C901 — the outbox's one state machine, read top to bottom; being reworked on the reliability branch
    """Sends the message unless Jet already shows its effect; returns it with its new state. The lease is renewed
    while Jet is called, and the outcome is written only while this sender still holds the row."""
    now = now or timezone.now()
    handler = handler_for(message.kind)
    lease = _claim(message, now)
    if lease is None:
        message.refresh_from_db()
        if message.state == OutboxState.CONFIRMED and handler.on_confirmed:
            handler.on_confirmed(message)  # idempotent: finishes follow-ups a crash may have cut short
        return message
    message.refresh_from_db()
    if message.state == OutboxState.SENT:
        try:
            applied = _is_applied(handler, client, message, lease)
        except JetError as exc:
            _finish(message, lease, last_error=f"could not read Jet back: {_error_text(exc)}")
            return message
        if applied:
            _confirm(message, handler, lease, now)
            return message
    sending = {"state": OutboxState.SENT, "attempts": message.attempts + 1, "sent_at": now}
    if not lease.write(**sending):
        message.refresh_from_db()
        return message
    for name, value in sending.items():
        setattr(message, name, value)
    try:
        with _renewal(lease, message.key):
            handler.send(client, message)
    except JetValidationError as exc:  # refused by the client's own checks: nothing left this process
        _fail(message, handler, lease, _error_text(exc))
        return message
    except (JetServerError, JetRateLimited) as exc:
        _finish(message, lease, last_error=_error_text(exc))
        return message
    except JetAPIError as exc:
        try:
            applied = _is_applied(handler, client, message, lease)
        except JetError:
            applied = False
        if applied:
            _confirm(message, handler, lease, now)
            return message
        _fail(message, handler, lease, _error_text(exc))
        return message
    except JetError as exc:  # outcome unknown: timeout, dropped connection, 5xx on a non-retried call
        log.warning("outbox %s: outcome unknown (%s); Jet will be read back before any re-send", message.key, exc)
        _finish(message, lease, last_error=_error_text(exc))
        return message
    _confirm(message, handler, lease, now)
    return message


def deliver_open_messages(*, client: Any, kinds: list[str] | None = None, limit: int = 200) -> dict[str, int]:
    """Delivers pending and sent messages, oldest first; returns counts by resulting state."""
    rows = OutboxMessage.objects.filter(state__in=[OutboxState.PENDING, OutboxState.SENT])
    if kinds:
        rows = rows.filter(kind__in=kinds)
    counts: dict[str, int] = {}
    for message in rows.order_by("created_at", "id")[:limit]:
        state = deliver(message, client=client).state
        counts[state] = counts.get(state, 0) + 1
    return counts
