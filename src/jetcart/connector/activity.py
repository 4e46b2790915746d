"""Record and read the activity log (every sync, upload, order, return and refund event the merchant may check).

Other parts call ONE function, :func:`record`::

    from jetcart.connector import activity

    activity.record("order", "Order created in OpenCart as #1042", merchant_order_id=jet_id, store_order_id=1042)
    activity.record("sync", "Inventory sent for 120 SKUs", level="WARNING", file_id=file_id)

kind: one of ``sync``, ``upload``, ``product``, ``order``, ``return``, ``refund``, ``job``, ``activation``,
``connection`` (:class:`ActivityKind`). level: ``DEBUG``, ``INFO`` (default), ``WARNING`` or ``ERROR``.
refs: the ids the event concerns (``merchant_order_id``, ``merchant_sku``, ``return_id``, ``refund_id``,
``file_id``, ``job`` …), kept as JSON and searchable on the Cron Status page.

What is kept follows the configuration page: with "Enable log" on, events at or above the configured log level;
with it off, errors only (so that failures never go unseen). Messages must hold no secrets. An event written
inside a transaction that rolls back is lost with it. Rows older than "Log retention days" are deleted by the
``purge-log`` job (:func:`purge_old_events`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from jetcart.connector.models.activity import ActivityEvent, ActivityKind, ActivityLevel

log = logging.getLogger("jetcart.activity")

LEVELS = {label.upper(): value for value, label in ActivityLevel.choices}
KINDS = set(ActivityKind.values)


def level_number(level: str | int) -> int:
    """DEBUG/INFO/WARNING/ERROR (or the number) as Python's logging number; ValueError names the level."""
    if isinstance(level, int):
        return level
    try:
        return LEVELS[level.upper()]
    except KeyError:
        raise ValueError(f"unknown activity level {level!r}; use one of {', '.join(LEVELS)}") from None


def _threshold() -> int:
    from jetcart.connector.models.configuration import JetConfiguration

    config = JetConfiguration.objects.filter(pk=1).values("logging_enabled", "log_level").first()
    if config is None:
        return LEVELS["INFO"]
    if not config["logging_enabled"]:
        return LEVELS["ERROR"]
    return level_number(config["log_level"] or "INFO")


def record(kind: str, message: str, *, level: str | int = "INFO", **refs: object) -> ActivityEvent | None:
    """Writes one activity event if the configured log level keeps it; returns the row, or None if dropped."""
    if kind not in KINDS:
        raise ValueError(f"unknown activity kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
    number = level_number(level)
    log.log(number, "%s: %s %s", kind, message, refs or "")
    if number < _threshold():
        return None
    clean_refs = {key: ("" if value is None else str(value)) for key, value in refs.items()}
    reference = " ".join(f"{key}={value}" for key, value in clean_refs.items())[:255]
    return ActivityEvent.objects.create(
        created_at=timezone.now(), kind=kind, level=number, message=message, refs=clean_refs, reference=reference
    )


@dataclass(frozen=True)
class ActivityFilter:
    """What the merchant filters the log by; every field optional."""

    kind: str = ""
    min_level: int = 0
    text: str = ""
    since: datetime | None = None


def filtered_events(criteria: ActivityFilter) -> QuerySet[ActivityEvent]:
    """Events matching the filter, newest first."""
    events = ActivityEvent.objects.all()
    if criteria.kind:
        events = events.filter(kind=criteria.kind)
    if criteria.min_level:
        events = events.filter(level__gte=criteria.min_level)
    if criteria.since:
        events = events.filter(created_at__gte=criteria.since)
    if criteria.text:
        events = events.filter(Q(message__icontains=criteria.text) | Q(reference__icontains=criteria.text))
    return events


def purge_old_events(*, now: datetime | None = None) -> int:
    """Deletes events older than the configured retention; returns how many went."""
    from jetcart.connector.models.configuration import JetConfiguration

    days = JetConfiguration.load().log_retention_days or 30
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = ActivityEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted
