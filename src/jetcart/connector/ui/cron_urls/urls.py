"""Routes of the cron URLs: /cron/<job>/?token=… for each registered job (unknown names are 404)."""

from django.urls import path

from jetcart.connector.operations.jobs import all_jobs
from jetcart.connector.ui.cron_urls.views import no_such_job, run_job_by_cron

app_name = "jet-cron"
urlpatterns = [
    *(path(f"{job.name}/", run_job_by_cron, {"job": job.name}, name=job.name) for job in all_jobs()),
    path("<path:anything>", no_such_job),
]
