"""Runs a job when its cron URL is called with the secret token; a second call while it runs is skipped."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from jetcart.connector.models import RunTrigger
from jetcart.connector.operations.cron_token import cron_token_matches
from jetcart.connector.operations.jobs import run_job

TOKEN_HEADER = "X-Jetcart-Cron-Token"


def token_is_valid(given: str) -> bool:
    return cron_token_matches(given)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def run_job_by_cron(request: HttpRequest, job: str) -> JsonResponse:
    """200 when the job ran or was skipped (already running elsewhere), 500 when it failed, 403 without the token."""
    given = request.GET.get("token") or request.headers.get(TOKEN_HEADER, "")
    if not token_is_valid(given):
        return JsonResponse({"job": job, "error": "missing or wrong token"}, status=403)
    result = run_job(job, trigger=RunTrigger.CRON_URL)
    body = {"job": job, "outcome": result.outcome, "detail": result.describe()}
    if result.run:
        body.update(run_id=result.run.pk, duration_ms=result.run.duration_ms)
    return JsonResponse(body, status=500 if result.outcome == "failed" else 200)


def no_such_job(request: HttpRequest, anything: str) -> JsonResponse:
    """Any other path under /cron/: 404 listing the jobs there are (without running anything)."""
    from jetcart.connector.operations.jobs import all_jobs

    return JsonResponse({"error": "no such job", "jobs": [job.name for job in all_jobs()]}, status=404)
