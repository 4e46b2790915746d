"""Shows each job's schedule and last runs, runs a job on request, and lists the activity log with filters."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jetcart.connector import activity
from jetcart.connector.configuration.jet_configuration import (
    ConfigurationValueError,
    load_configuration,
    set_configuration_values,
)
from jetcart.connector.models import ActivityKind, ActivityLevel, JobRun
from jetcart.connector.models.configuration import LogLevel
from jetcart.connector.operations.cron_token import new_cron_token
from jetcart.connector.operations.jobs import UnknownJob, get_job, job_statuses
from jetcart.connector.operations.tasks import enqueue_run_now
from jetcart.connector.ui.site import render_page

RECENT_RUNS = 20
EVENTS_PER_PAGE = 50
PERIODS = {"": None, "1h": timedelta(hours=1), "24h": timedelta(days=1), "7d": timedelta(days=7)}


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "All kinds"), *ActivityKind.choices])
    level = forms.TypedChoiceField(required=False, coerce=int, empty_value=0,
                                   choices=[("", "Any level"), *ActivityLevel.choices])
    period = forms.ChoiceField(required=False, choices=[("", "Any time"), ("1h", "Last hour"),
                                                        ("24h", "Last 24 hours"), ("7d", "Last 7 days")])
    q = forms.CharField(required=False, label="Search", max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": "order id, SKU, text…"}))

    def criteria(self) -> activity.ActivityFilter:
        data = self.cleaned_data if self.is_valid() else {}
        period = PERIODS.get(data.get("period") or "")
        return activity.ActivityFilter(
            kind=data.get("kind") or "",
            min_level=data.get("level") or 0,
            text=(data.get("q") or "").strip(),
            since=timezone.now() - period if period else None,
        )


def cron_status_page(request, new_token: str = ""):
    """The page; right after a new token was generated it is shown in the URLs, that once only."""
    config = load_configuration()
    cron_base = request.build_absolute_uri("/cron/")
    shown_token = new_token or "YOUR-TOKEN"
    rows = [
        {"status": status, "cron_url": f"{cron_base}{status.job.name}/?token={shown_token}"}
        for status in job_statuses()
    ]
    recent = JobRun.objects.order_by("-started_at", "-id")[:RECENT_RUNS]
    events = activity.filtered_events(activity.ActivityFilter())[:10]
    return render_page(request, "jetcart/cron_status/index.html", {
        "rows": rows, "recent_runs": recent, "events": events, "config": config,
        "log_levels": LogLevel.choices, "new_token": new_token, "token_set": bool(config.cron_token_hash),
    }, title="Cron Status")


@require_POST
def generate_cron_token(request):
    """A new cron token, shown in this answer only (it is stored as a hash); URLs with the old one stop working."""
    token = new_cron_token()
    activity.record(ActivityKind.JOB, f"{request.user.get_username()} generated a new cron token; URLs with the "
                    "previous one no longer work.", level="WARNING")
    messages.warning(request, "New cron token: copy the URLs below now. The token is not stored and will not be "
                              "shown again; URLs with the previous token no longer work.")
    return cron_status_page(request, new_token=token)


@require_POST
def run_now(request, job: str):
    try:
        title = get_job(job).title
    except UnknownJob as exc:
        messages.error(request, str(exc))
        return redirect("admin:jet-cron-status:index")
    outcome = enqueue_run_now(job)
    if outcome is None:
        messages.info(request, f"{title}: queued; a worker runs it within moments.")
    else:
        messages.add_message(request, messages.ERROR if outcome.failed else messages.SUCCESS,
                             f"{title}: {outcome.detail}")
    return redirect("admin:jet-cron-status:index")


@require_POST
def change_log_level(request):
    try:
        set_configuration_values({
            "logging_enabled": "on" if request.POST.get("logging_enabled") else "",
            "log_level": request.POST.get("log_level", ""),
        })
    except ConfigurationValueError as exc:
        messages.error(request, f"Log settings not saved: {exc}")
    else:
        messages.success(request, "Log settings saved.")
    return redirect(reverse("admin:jet-cron-status:index") + "#activity")


def activity_page(request):
    form = ActivityFilterForm(request.GET or None)
    events = activity.filtered_events(form.criteria() if form.is_bound else activity.ActivityFilter())
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(request, "jetcart/cron_status/activity.html", {
        "form": form, "page": page, "query": query.urlencode(),
    }, title="Activity log")
