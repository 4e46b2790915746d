"""A job whose use case reports problems, or whose run lost its lease, is recorded as failed, not succeeded."""

from __future__ import annotations

import re
import threading
from argparse import Namespace

import httpx
import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import ActivityEvent, JobLease, JobRun
from jetcart.connector.operations.jobs import registry, run_job
from jetcart.connector.operations.jobs.registry import Job
from jetcart.connector.operations.jobs.runner import LEASE_LOST_MESSAGE
from jetcart.connector.operations.jobs.status import job_statuses
from jetcart.jet.client import JetClient


@pytest.fixture
def jet_down():
    """A Jet client whose every call is answered 503, as the only Jet the use cases can reach."""
    client = JetClient("http://jet.invalid/api", "user", "secret", max_retries=0, sleep=lambda s: None,
                       transport=httpx.MockTransport(lambda request: httpx.Response(503, text="unavailable")))
    with override_gateways(jet=client, store=object()):
        yield client
    client.close()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["create-orders", "fetch-returns"])
def test_a_job_against_a_jet_answering_503_is_recorded_as_failed(jet_down, name, admin_client):
    result = run_job(name)
    run = JobRun.objects.get(job=name)
    assert (result.outcome, run.outcome) == ("failed", "failed")
    assert re.match(r"\d+ problem\(s\): listing \w+ (orders|returns): .*503", run.error.splitlines()[0])
    assert "503" in run.error
    assert run.summary  # the use case's own line is kept
    status = next(s for s in job_statuses() if s.job.name == name)
    assert "503" in status.last_error  # what the Cron Status page and the dashboard show
    from jetcart.connector.operations.dashboard import build_dashboard

    assert name in [s.job.name for s in build_dashboard().failing_jobs]
    page = admin_client.get("/jet/cron-status/").content.decode()
    assert "503" in page and "problem(s)" in page
    assert "1 failing:" in admin_client.get("/").content.decode()  # the dashboard


@pytest.mark.django_db
def test_jobs_run_exits_1_when_the_use_case_reported_problems(jet_down, capsys):
    from jetcart.site.commands.jobs import run_one_job

    assert run_one_job(Namespace(name="create-orders")) == 1
    out = capsys.readouterr().out
    assert out.startswith("create-orders: failed in ") and "503" in out


@pytest.mark.django_db
def test_refunds_and_product_runs_with_failures_fail_their_job(monkeypatch):
    from jetcart.connector.products import sync as product_sync
    from jetcart.connector.refunds import follow
    from jetcart.connector.refunds.follow import RefundsSummary

    monkeypatch.setattr(follow, "follow_refunds", lambda: RefundsSummary(problems=["refund R1: Jet answered 503"]))
    assert run_job("refund-status").outcome == "failed"
    assert "refund R1: Jet answered 503" in JobRun.objects.get(job="refund-status").error

    def one_failure(run, reporter):
        reporter.set_total(2)
        reporter.ok(1, "Mug")
        reporter.failed(2, "Cup", ["CUP-1: Jet refused the price"])
        reporter.flush()
        return "sent 1 price"

    monkeypatch.setattr(product_sync, "sync_run", one_failure)
    run = run_job("sync-inventory").run
    assert run.outcome == "failed" and run.summary == "sent 1 price"
    assert "1 of 2 product(s) failed" in run.error.splitlines()[0]
    assert "product 2: CUP-1: Jet refused the price" in run.error


@pytest.mark.django_db
def test_a_clean_summary_still_succeeds(monkeypatch):
    from jetcart.connector.refunds import follow
    from jetcart.connector.refunds.follow import RefundsSummary

    monkeypatch.setattr(follow, "follow_refunds", lambda: RefundsSummary())
    assert run_job("refund-status").outcome == "succeeded"


@pytest.mark.django_db(transaction=True)
def test_a_run_that_lost_its_lease_is_recorded_as_failed(monkeypatch):
    def taken_over():
        JobLease.objects.filter(job="lease-job").update(holder="rival")  # its lease expired and a rival took it
        threading.Event().wait(0.8)  # the heartbeat notices at its next beat
        return "did its work anyway"

    registry.all_jobs()
    monkeypatch.setitem(registry._JOBS, "lease-job", Job("lease-job", "Lease job", taken_over, None, 5,
                                                         lease_seconds=1))
    result = run_job("lease-job")
    run = JobRun.objects.get(job="lease-job")
    assert (result.outcome, run.outcome) == ("failed", "failed")
    assert run.error.splitlines()[0] == LEASE_LOST_MESSAGE
    assert run.summary == "did its work anyway"
    event = ActivityEvent.objects.get(kind="job")
    assert event.level == 40 and LEASE_LOST_MESSAGE in event.message
    assert JobLease.objects.get(job="lease-job").holder == "rival"  # not released from under the rival


@pytest.mark.django_db
def test_refund_status_has_its_own_interval():
    from datetime import timedelta

    from jetcart.connector.configuration.jet_configuration import FIELDSETS, set_configuration_values
    from jetcart.connector.models import JetConfiguration
    from jetcart.connector.operations.jobs import get_job

    assert "refunds_interval" in dict(FIELDSETS)["Schedules"]
    job = get_job("refund-status")
    assert job.interval(JetConfiguration.load()) == timedelta(minutes=60)  # the default
    set_configuration_values({"refunds_interval": "30", "returns_interval": "10"})
    assert job.interval(JetConfiguration.load()) == timedelta(minutes=30)
    assert get_job("fetch-returns").interval(JetConfiguration.load()) == timedelta(minutes=10)
