"""The activity log: what record() keeps under each log setting, filtering, and retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.models import ActivityEvent, JetConfiguration

pytestmark = pytest.mark.django_db


def configure(**values) -> None:
    config = JetConfiguration.load()
    for key, value in values.items():
        setattr(config, key, value)
    config.save()


def test_record_keeps_refs_and_makes_them_searchable():
    event = activity.record("order", "Order created in OpenCart as #7", merchant_order_id="abc123", store_order_id=7)
    assert event is not None
    assert event.refs == {"merchant_order_id": "abc123", "store_order_id": "7"}
    found = activity.filtered_events(activity.ActivityFilter(text="abc123"))
    assert list(found) == [event]
    assert not activity.filtered_events(activity.ActivityFilter(kind="refund")).exists()


def test_events_below_the_configured_level_are_dropped():
    configure(log_level="WARNING")
    assert activity.record("sync", "sent 3 SKUs") is None
    assert activity.record("sync", "Jet refused 1 SKU", level="WARNING") is not None
    assert ActivityEvent.objects.count() == 1


def test_with_logging_disabled_only_errors_are_kept():
    configure(logging_enabled=False, log_level="DEBUG")
    assert activity.record("upload", "file accepted", level="WARNING") is None
    kept = activity.record("upload", "file rejected", level="ERROR", file_id="f1")
    assert kept is not None and kept.level == 40


def test_unknown_kind_or_level_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown activity kind 'shipping'"):
        activity.record("shipping", "x")
    with pytest.raises(ValueError, match="unknown activity level 'LOUD'"):
        activity.record("order", "x", level="LOUD")


def test_filter_by_level_and_since():
    configure(log_level="DEBUG")
    activity.record("order", "debug detail", level="DEBUG")
    error = activity.record("order", "could not create", level="ERROR")
    assert list(activity.filtered_events(activity.ActivityFilter(min_level=30))) == [error]
    assert activity.filtered_events(activity.ActivityFilter(since=timezone.now() + timedelta(seconds=5))).count() == 0


def test_purge_deletes_only_events_older_than_the_retention():
    configure(log_retention_days=10)
    old = activity.record("return", "old return")
    recent = activity.record("return", "recent return")
    ActivityEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=11))
    ActivityEvent.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=9))
    assert activity.purge_old_events() == 1
    assert list(ActivityEvent.objects.values_list("message", flat=True)) == ["recent return"]
