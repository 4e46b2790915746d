"""Sends state-changing Jet calls from the outbox at most once in effect: write the row, send, read Jet back.

How to use it (orders, returns and refunds all do the same):

1. `enqueue(key=..., kind=..., subject=..., payload=...)` inside the transaction that records the intention.
   The key is deterministic (`ack:<merchant_order_id>`), so a retry finds the same row and never a second one.
2. `deliver(message)` (right away, or later from `deliver_open_messages`) sends it through the handler of its
   kind. A row is marked `sent` before the call; if the outcome is unknown (timeout, dropped connection, 5xx)
   it stays `sent`, and the next delivery first asks Jet (`is_applied`) and only re-sends if the effect is
   not there. A refusal (4xx) is also checked against Jet before the row is marked `failed`. One sender holds
   the row at a time (`LEASE`, renewed while Jet is called) and writes the outcome only if it still holds it.
3. When Jet shows the effect the row becomes `confirmed` and the handler's `on_confirmed` runs (on a refusal,
   `failed` and `on_failed`), still under the lease; only when it has finished is `followed_up_at` written.
   A confirmed or failed row without it (the process died, or the follow-up raised) is picked up by the next
   delivery, which runs the follow-up again without calling Jet: follow-ups must be idempotent.

`deliver` marks the returned message's `closed_now` when this very call wrote `confirmed` or `failed`, so a
run counts only what it did itself, however many runs deliver the same rows at once.

A handler is registered per kind in `HANDLERS` as "module:attribute" of an `OutboxHandler`, so this module
imports none of its users.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from jetcart.connector import leases
from jetcart.connector.models import OutboxMessage, OutboxState
from jetcart.jet.errors import JetAPIError, JetError, JetRateLimited, JetServerError, JetValidationError

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # how long a sender holds a row without renewing it (renewed while Jet is called)
FOLLOW_UP_STATES = (OutboxState.CONFIRMED, OutboxState.FAILED)
FOLLOW_UP_ERROR = "follow-up not finished:"
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

    send: Callable[[JetClient, OutboxMessage], None]
    is_applied: Callable[[JetClient, OutboxMessage], bool]
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


def _deliverable() -> Q:
    """Rows a delivery still has work on: open ones, and closed ones whose follow-up has not finished."""
    return Q(state__in=[OutboxState.PENDING, OutboxState.SENT]) | Q(state__in=FOLLOW_UP_STATES,
                                                                     followed_up_at__isnull=True)


def _claim(message: OutboxMessage, now: datetime) -> leases.Lease | None:
    """Takes the row for one delivery; None if it is done or another sender holds a live lease. The row's
    `lease_until` is the holder's token: every later write is conditional on it."""
    return leases.claim(OutboxMessage.objects.filter(_deliverable(), pk=message.pk),
                        field="lease_until", length=LEASE, now=now, touched=("updated_at",))


def _renewal(lease: leases.Lease, key: str) -> leases.Heartbeat:
    """Renews the lease from a background thread while a call to Jet is in flight (a call may wait out 429
    Retry-After periods or a slow answer for longer than the lease), so no other sender takes the row meanwhile."""
    return leases.Heartbeat(lease, every=LEASE.total_seconds() / RENEWALS_PER_LEASE, label=f"outbox {key}")


def _finish(message: OutboxMessage, lease: leases.Lease, *, release: bool = True, **fields) -> bool:
    """Writes the delivery's outcome (and frees the row unless `release` is False), only if this sender still
    holds it."""
    if not lease.write(release=release, **fields):
        log.error("outbox %s: the lease was lost before the outcome could be written (%s); the next delivery reads "
                  "Jet back", message.key, fields)
        message.refresh_from_db()
        return False
    for name, value in fields.items():
        setattr(message, name, value)
    message.lease_until = None if release else lease.until
    return True


def _follow_up(message: OutboxMessage, handler: OutboxHandler, lease: leases.Lease) -> None:
    """Applies Jet's answer here (`on_confirmed` or `on_failed`), then records it done and frees the row. If the
    follow-up raises, the row is freed without it, so the next delivery runs it again."""
    follow = handler.on_confirmed if message.state == OutboxState.CONFIRMED else handler.on_failed
    answer = message.last_error.split(FOLLOW_UP_ERROR)[0].rstrip("; ")  # Jet's refusal, if it refused
    try:
        if follow:
            follow(message)
    except Exception as exc:
        log.exception("outbox %s: applying Jet's answer (%s) failed; the next delivery finishes it",
                      message.key, message.state)
        error = f"{answer}; " if answer else ""
        _finish(message, lease, last_error=f"{error}{FOLLOW_UP_ERROR} {_error_text(exc)}"[:2000])
        return
    _finish(message, lease, followed_up_at=timezone.now(), last_error=answer)


def _close(message: OutboxMessage, handler: OutboxHandler, lease: leases.Lease, **fields) -> None:
    """Writes Jet's answer (confirmed or failed) keeping the lease, then runs the follow-up under it."""
    if _finish(message, lease, release=False, **fields):
        message.closed_now = True
        _follow_up(message, handler, lease)


def _confirm(message: OutboxMessage, handler: OutboxHandler, lease: leases.Lease, now: datetime) -> None:
    _close(message, handler, lease, state=OutboxState.CONFIRMED, confirmed_at=now, last_error="")


def _fail(message: OutboxMessage, handler: OutboxHandler, lease: leases.Lease, error: str) -> None:
    _close(message, handler, lease, state=OutboxState.FAILED, last_error=error)


def _error_text(exc: BaseException) -> str:
    errors = getattr(exc, "errors", None)
    return "; ".join(errors) if errors else str(exc)


def _is_applied(handler: OutboxHandler, client: JetClient, message: OutboxMessage, lease: leases.Lease) -> bool:
    with _renewal(lease, message.key):
        return handler.is_applied(client, message)


def deliver(message: OutboxMessage, *, client: JetClient, now: datetime | None = None) -> OutboxMessage:
    """Sends the message unless Jet already shows its effect; returns it with its new state. The lease is renewed
    while Jet is called, and the outcome is written only while this sender still holds the row."""
    now = now or timezone.now()
    handler = handler_for(message.kind)
    lease = _claim(message, now)
    message.closed_now = False
    message.refresh_from_db()
    if lease is None:  # done, or another sender holds it (and finishes it)
        return message
    if message.needs_follow_up:  # Jet answered before a crash (or a failing follow-up): no call, finish it here
        _follow_up(message, handler, lease)
    elif not _settled_by_reading_back(message, handler, client, lease, now) and _mark_sent(message, lease, now):
        _send(message, handler, client, lease, now)
    return message


def _settled_by_reading_back(message: OutboxMessage, handler: OutboxHandler, client: JetClient, lease: leases.Lease,
                             now: datetime) -> bool:
    """A message sent before with an unknown outcome is read back from Jet first. True when that settles it for
    now: Jet shows the effect (confirmed), or Jet cannot be read (left open, nothing sent)."""
    if message.state != OutboxState.SENT:
        return False
    try:
        applied = _is_applied(handler, client, message, lease)
    except JetError as exc:
        _finish(message, lease, last_error=f"could not read Jet back: {_error_text(exc)}")
        return True
    if applied:
        _confirm(message, handler, lease, now)
    return applied


def _mark_sent(message: OutboxMessage, lease: leases.Lease, now: datetime) -> bool:
    """Records the attempt before the call (marked sent first); False, with the row reloaded, when this sender no
    longer holds it."""
    sending = {"state": OutboxState.SENT, "attempts": message.attempts + 1, "sent_at": now}
    if not lease.write(**sending):
        message.refresh_from_db()
        return False
    for name, value in sending.items():
        setattr(message, name, value)
    return True


def _send(message: OutboxMessage, handler: OutboxHandler, client: JetClient, lease: leases.Lease, now: datetime) -> None:
    """Calls Jet (renewing the lease meanwhile) and records the outcome: confirmed; failed when Jet (or the client's
    own checks) refused it; left open for a later try when Jet was busy or the outcome is unknown."""
    try:
        with _renewal(lease, message.key):
            handler.send(client, message)
    except JetValidationError as exc:  # refused by the client's own checks: nothing left this process
        _fail(message, handler, lease, _error_text(exc))
    except (JetServerError, JetRateLimited) as exc:
        _finish(message, lease, last_error=_error_text(exc))
    except JetAPIError as exc:
        _refused(message, handler, client, lease, now, exc)
    except JetError as exc:  # outcome unknown: timeout, dropped connection, 5xx on a non-retried call
        log.warning("outbox %s: outcome unknown (%s); Jet will be read back before any re-send", message.key, exc)
        _finish(message, lease, last_error=_error_text(exc))
    else:
        _confirm(message, handler, lease, now)


def _refused(message: OutboxMessage, handler: OutboxHandler, client: JetClient, lease: leases.Lease, now: datetime,
             exc: JetAPIError) -> None:
    """Jet answered with an error; its effect may be there all the same (an earlier attempt whose answer was
    lost), so Jet is read back: confirmed when it shows the effect, else failed with Jet's error."""
    try:
        applied = _is_applied(handler, client, message, lease)
    except JetError:
        applied = False
    if applied:
        _confirm(message, handler, lease, now)
    else:
        _fail(message, handler, lease, _error_text(exc))


def deliver_open_messages(*, client: JetClient, kinds: list[str] | None = None, limit: int = 200) -> dict[str, int]:
    """Delivers pending and sent messages, oldest first, then finishes the follow-ups of confirmed or failed ones
    that a crash (or an error) cut short; returns counts by resulting state."""
    open_rows = OutboxMessage.objects.filter(state__in=[OutboxState.PENDING, OutboxState.SENT])
    unfinished = OutboxMessage.objects.filter(followed_up_at__isnull=True, state__in=FOLLOW_UP_STATES)
    if kinds:
        open_rows, unfinished = open_rows.filter(kind__in=kinds), unfinished.filter(kind__in=kinds)
    counts: dict[str, int] = {}
    for rows in (open_rows, unfinished):
        for message in rows.order_by("created_at", "id")[:limit]:
            state = deliver(message, client=client).state
            counts[state] = counts.get(state, 0) + 1
    return counts
