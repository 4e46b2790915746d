"""Retention of job runs: the same number of days as the activity log."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from jetcart.connector.models.configuration import JetConfiguration
from jetcart.connector.models.jobs import JobRun, RunOutcome


def purge_old_runs(*, now: datetime | None = None) -> int:
    """Deletes finished runs that started before the retention period; the latest (highest id) run of each job stays."""
    days = JetConfiguration.load().log_retention_days or 30
    cutoff = (now or timezone.now()) - timedelta(days=days)
    latest = JobRun.objects.order_by().values("job").annotate(last_id=Max("id")).values_list("last_id", flat=True)
    old = JobRun.objects.filter(started_at__lt=cutoff).exclude(outcome=RunOutcome.RUNNING)
    deleted, _ = old.exclude(id__in=list(latest)).delete()
    return deleted
