"""The clone guard: a copied jetcart database (a staging copy), or one pointed at another store, pauses every call
that changes Jet until the admin confirms on the dashboard or with `jetcart installation confirm`.

What identifies an installation:
- a random installation id, kept in jetcart's database (`Installation`) and in the store's
  `<prefix>jetcart_installation` table;
- the store database it serves: the server's host name and port and the database name (SQLite: the file's path),
  with the table prefix;
- a fingerprint of JETCART_SECRET_KEY (every process of one installation shares it; a copy of the database
  without the key cannot read the Jet secret anyway).
When any of them disagrees with what was recorded, writes pause. Reads (orders, statuses, the drift check's
read of Jet) go on. The first run records the identity by itself, unless the store already carries another
installation's id: then it pauses too (two jetcarts on one store would both write to Jet).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.models import Installation
from jetcart.jet.errors import JetError

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.store.gateway import StoreGateway

log = logging.getLogger(__name__)

CHECK_EVERY = 15.0  # seconds a verdict is reused before the store is asked again
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
ALWAYS_ALLOWED = ("/token",)  # authentication changes nothing at Jet


class JetWritesPaused(JetError):
    """A call that would change Jet was refused before anything was sent: this installation's identity is not
    confirmed. A JetError, so that callers record it like any failed call and retry later (the outbox reads Jet
    back before sending again)."""


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


_lock = threading.Lock()
_evaluating = threading.Lock()
_cached: dict[str, tuple[float, Verdict]] = {}


def _key_fingerprint() -> str:
    return hashlib.sha256(f"jetcart-installation:{settings.SECRET_KEY}".encode()).hexdigest()[:32]


def _store():
    from jetcart.connector.jet_and_store import store_gateway

    return store_gateway()


def _differences(row: Installation, store_id: str | None, fingerprint: str) -> list[str]:
    reasons = []
    if row.store_fingerprint != fingerprint:
        reasons.append(f"the store database is now {fingerprint}, not {row.store_fingerprint}")
    if store_id is None:
        reasons.append("the store does not carry this installation's id (a different or restored store)")
    elif store_id != row.installation_id:
        reasons.append("the store carries another installation's id (another jetcart serves it)")
    if row.key_fingerprint != _key_fingerprint():
        reasons.append("JETCART_SECRET_KEY differs from the one this database was set up with")
    return reasons


def _record_first(capture, store_id: str | None, fingerprint: str) -> Verdict:
    """Records this installation's identity the first time; one process wins, the others get IntegrityError.

    The row is inserted first (its key is the lock: a concurrent insert waits, then fails) and committed only
    after the store carries the id, so a loser never overwrites the winner's id in the store."""
    now = timezone.now()
    with transaction.atomic():
        if store_id is not None:
            row = Installation.objects.create(
                pk=1, installation_id=secrets.token_hex(16), store_fingerprint=fingerprint,
                key_fingerprint=_key_fingerprint(), recorded_at=now, paused=True, paused_at=now,
                pause_reason="the store already carries another installation's id (another jetcart may serve it)")
            activity.record("connection", f"Writes to Jet paused: {row.pause_reason}", level="ERROR")
            return Verdict(False, row.pause_reason)
        row = Installation.objects.create(pk=1, installation_id=secrets.token_hex(16), store_fingerprint=fingerprint,
                                          key_fingerprint=_key_fingerprint(), recorded_at=now, confirmed_at=now)
        capture.write_installation_id(row.installation_id, now)
    return Verdict(True)


def evaluate(gateway: StoreGateway | None = None, *, _retried: bool = False) -> Verdict:
    """Compares the recorded identity with the store and the key now; records or pauses as needed."""
    if gateway is None:
        row = Installation.objects.filter(pk=1).first()
        return Verdict(False, row.pause_reason) if row is not None and row.paused else Verdict(True)
    capture = getattr(gateway, "capture", None)
    if capture is None:  # a stand-in store without a database (tests' fakes): nothing to compare
        return Verdict(True)
    # The row before the store: the first recording commits its row only after the store carries the id, so a
    # row seen here means the id read next is the one it wrote (never a stale "no id yet").
    row = Installation.objects.filter(pk=1).first()
    try:
        fingerprint = capture.identity().fingerprint
        store_id = capture.read_installation_id()
    except Exception as exc:  # the store is unreachable: keep the last recorded decision
        log.warning("clone guard: cannot read the store's identity (%s); keeping the recorded state", exc)
        return Verdict(False, row.pause_reason) if row is not None and row.paused else Verdict(True)
    if row is None:
        try:
            return _record_first(capture, store_id, fingerprint)
        except IntegrityError:  # another process (a cron run, a worker) recorded it first: judge against theirs
            if _retried:  # the row still is not there: not a lost race but a real integrity problem
                raise
            return evaluate(gateway, _retried=True)
    if row.paused:
        return Verdict(False, row.pause_reason)
    reasons = _differences(row, store_id, fingerprint)
    if reasons:
        reason = "; ".join(reasons)
        Installation.objects.filter(pk=1).update(paused=True, paused_at=timezone.now(), pause_reason=reason)
        activity.record("connection", f"Writes to Jet paused: {reason}. Confirm on the dashboard or run "
                        "`jetcart installation confirm` if this installation should write to Jet.", level="ERROR")
        return Verdict(False, reason)
    return Verdict(True)


def check(*, fresh: bool = False) -> Verdict:
    """The verdict, reused for CHECK_EVERY seconds (each call that changes Jet asks)."""
    try:
        gateway = _store()
    except Exception as exc:  # the store cannot be reached: the recorded decision stands
        log.warning("clone guard: the store is unavailable (%s)", exc)
        gateway = None
    engine = getattr(gateway, "engine", None)
    key = f"{engine.url if engine is not None else id(gateway)}|{getattr(gateway, 'prefix', '')}"
    with _lock:
        cached = _cached.get(key)
        if not fresh and cached and time.monotonic() - cached[0] < CHECK_EVERY:
            return cached[1]
    with _evaluating:  # concurrent calls of one process (a bulk upload's threads) ask the store once
        with _lock:
            cached = _cached.get(key)
            if not fresh and cached and time.monotonic() - cached[0] < CHECK_EVERY:
                return cached[1]
        verdict = evaluate(gateway)
        with _lock:
            _cached[key] = (time.monotonic(), verdict)
    return verdict


def forget_verdict() -> None:
    with _lock:
        _cached.clear()


def confirm(by: str = "") -> Installation:
    """This installation is the one that serves this store: record the identity as it is now, resume writes."""
    gateway = _store()
    now = timezone.now()
    row = Installation.objects.filter(pk=1).first()
    installation_id = row.installation_id if row else secrets.token_hex(16)
    gateway.capture.write_installation_id(installation_id, now)
    fields = {"installation_id": installation_id, "store_fingerprint": gateway.capture.identity().fingerprint,
              "key_fingerprint": _key_fingerprint(), "recorded_at": now, "paused": False, "pause_reason": "",
              "paused_at": None, "confirmed_at": now}
    row, _ = Installation.objects.update_or_create(pk=1, defaults=fields)
    forget_verdict()
    activity.record("connection", f"Installation confirmed{' by ' + by if by else ''}: writes to Jet resume",
                    level="WARNING")
    return row


def status() -> Installation | None:
    return Installation.objects.filter(pk=1).first()


def guard_client(client: JetClient) -> JetClient:
    """Makes the Jet client refuse every call that changes Jet while the guard says no (idempotent)."""
    transport = getattr(client, "transport", None)
    if transport is None or getattr(transport, "_jetcart_guarded", False):
        return client
    send = transport.request

    def guarded(method: str, path: str, *args, **kwargs):
        if method.upper() not in READ_METHODS and not path.startswith(ALWAYS_ALLOWED):
            verdict = check()
            if not verdict.ok:
                shown = path.split("?", 1)[0]  # a file upload's address carries its signature in the query
                raise JetWritesPaused(f"{method} {shown} not sent: writes to Jet are paused ({verdict.reason}); "
                                      "confirm on the dashboard or run `jetcart installation confirm`")
        return send(method, path, *args, **kwargs)

    transport.request = guarded
    transport._jetcart_guarded = True
    return client
