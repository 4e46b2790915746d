"""Sends state-changing Jet calls from the outbox at most once in effect: write the row, send, read Jet back.

How to use it (orders, returns and refunds all do the same):

1. `enqueue(key=..., kind=..., subject=..., payload=...)` inside the transaction that records the intention.
   The key is deterministic (`ack:<merchant_order_id>`), so a retry finds the same row and never a second one.
2. `deliver(message)` (right away, or later from `deliver_open_messages`) sends it through the handler of its
   kind. A row is marked `sent` before the call; if the outcome is unknown (timeout, dropped connection, 5xx)
   it stays `sent`, and the next delivery first asks Jet (`is_applied`) and only re-sends if the effect is
   not there. A refusal (4xx) is also checked against Jet before the row is marked `failed`.
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
from django.db.models import Q
from django.utils import timezone

from jetcart.connector.models import OutboxMessage, OutboxState
from jetcart.jet.errors import JetAPIError, JetError, JetRateLimited, JetServerError, JetValidationError

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)

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


def _claim(message: OutboxMessage, now: datetime) -> bool:
    """Takes the row for one delivery; False if it is closed or another sender holds a live lease."""
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, state__in=[OutboxState.PENDING, OutboxState.SENT])
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE)
    )


def _finish(message: OutboxMessage, **fields) -> None:
    fields["lease_until"] = None
    OutboxMessage.objects.filter(pk=message.pk).update(**fields, updated_at=timezone.now())
    for name, value in fields.items():
        setattr(message, name, value)


def _confirm(message: OutboxMessage, handler: OutboxHandler, now: datetime) -> None:
    _finish(message, state=OutboxState.CONFIRMED, confirmed_at=now, last_error="")
    if handler.on_confirmed:
        handler.on_confirmed(message)


def _error_text(exc: BaseException) -> str:
    errors = getattr(exc, "errors", None)
    return "; ".join(errors) if errors else str(exc)


def deliver(message: OutboxMessage, *, client: Any, now: datetime | None = None) -> OutboxMessage:
    """Sends the message unless Jet already shows its effect; returns it with its new state."""
    now = now or timezone.now()
    handler = handler_for(message.kind)
    if not _claim(message, now):
        message.refresh_from_db()
        if message.state == OutboxState.CONFIRMED and handler.on_confirmed:
            handler.on_confirmed(message)  # idempotent: finishes follow-ups a crash may have cut short
        return message
    message.refresh_from_db()
    if message.state == OutboxState.SENT:
        try:
            applied = handler.is_applied(client, message)
        except JetError as exc:
            _finish(message, last_error=f"could not read Jet back: {_error_text(exc)}")
            return message
        if applied:
            _confirm(message, handler, now)
            return message
    _finish_fields = {"state": OutboxState.SENT, "attempts": message.attempts + 1, "sent_at": now}
    OutboxMessage.objects.filter(pk=message.pk).update(**_finish_fields, updated_at=now)
    for name, value in _finish_fields.items():
        setattr(message, name, value)
    try:
        handler.send(client, message)
    except JetValidationError as exc:  # refused by the client's own checks: nothing left this process
        _finish(message, state=OutboxState.FAILED, last_error=_error_text(exc))
        if handler.on_failed:
            handler.on_failed(message)
        return message
    except (JetServerError, JetRateLimited) as exc:
        _finish(message, last_error=_error_text(exc))
        return message
    except JetAPIError as exc:
        try:
            applied = handler.is_applied(client, message)
        except JetError:
            applied = False
        if applied:
            _confirm(message, handler, now)
            return message
        _finish(message, state=OutboxState.FAILED, last_error=_error_text(exc))
        if handler.on_failed:
            handler.on_failed(message)
        return message
    except JetError as exc:  # outcome unknown: timeout, dropped connection, 5xx on a non-retried call
        log.warning("outbox %s: outcome unknown (%s); Jet will be read back before any re-send", message.key, exc)
        _finish(message, last_error=_error_text(exc))
        return message
    _confirm(message, handler, now)
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
