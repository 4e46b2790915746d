"""Scheduled jobs: the lease keeps runs apart and expires after a crash; each run is recorded; due checks."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from jetcart.connector import leases as lease
from jetcart.connector.models import JetConfiguration, JobLease, JobRun
from jetcart.connector.operations.jobs import registry, run_job
from jetcart.connector.operations.jobs.registry import Job, UnknownJob, get_job
from jetcart.connector.operations.jobs.runner import ABANDONED_MESSAGE
from jetcart.connector.operations.jobs.status import describe_minutes, job_statuses


@pytest.fixture
def extra_job(monkeypatch):
    """Registers a job for one test; its use case is whatever the test sets as calls['fn']."""
    calls = {"count": 0, "fn": lambda: "did 3 things"}

    def use_case():
        calls["count"] += 1
        return calls["fn"]()

    registry.all_jobs()  # the real jobs first
    job = Job("test-job", "A test job", use_case, interval_field="orders_interval", default_minutes=5,
              lease_seconds=60)
    monkeypatch.setitem(registry._JOBS, job.name, job)
    return calls


@pytest.mark.django_db
def test_a_run_is_recorded_with_duration_and_summary(extra_job):
    result = run_job("test-job", trigger="command")
    run = JobRun.objects.get()
    assert (run.job, run.trigger, run.outcome, run.summary) == ("test-job", "command", "succeeded", "did 3 things")
    assert run.finished_at >= run.started_at and run.duration_ms is not None
    assert result.describe().startswith("test-job: succeeded in ")
    assert JobLease.objects.get(job="test-job").holder == ""  # released


@pytest.mark.django_db
def test_a_failing_use_case_is_recorded_and_logged(extra_job):
    def boom():
        raise RuntimeError("Jet answered 503")

    extra_job["fn"] = boom
    result = run_job("test-job")
    assert result.outcome == "failed"
    run = JobRun.objects.get()
    assert run.error.splitlines()[0] == "RuntimeError: Jet answered 503"
    status = next(s for s in job_statuses() if s.job.name == "test-job")
    assert status.last_error == "RuntimeError: Jet answered 503"
    from jetcart.connector.models import ActivityEvent

    assert ActivityEvent.objects.get(kind="job").level == 40
    assert JobLease.objects.get(job="test-job").holder == ""


@pytest.mark.django_db
def test_a_held_lease_skips_the_run(extra_job):
    assert lease.acquire("test-job", "other-host:1:abc", seconds=60)
    result = run_job("test-job")
    assert (result.outcome, result.skipped) == ("skipped", "another process is running it")
    assert extra_job["count"] == 0 and not JobRun.objects.exists()
    status = next(s for s in job_statuses() if s.job.name == "test-job")
    assert status.runner == "other-host:1:abc" and status.running_since is not None


@pytest.mark.django_db
def test_an_expired_lease_is_taken_over_and_the_dead_run_marked_abandoned(extra_job):
    long_ago = timezone.now() - timedelta(minutes=10)
    assert lease.acquire("test-job", "dead-host:1:abc", seconds=60, now=long_ago)
    JobRun.objects.create(job="test-job", holder="dead-host:1:abc", started_at=long_ago)
    result = run_job("test-job")
    assert result.outcome == "succeeded"
    dead = JobRun.objects.get(holder="dead-host:1:abc")
    assert (dead.outcome, dead.error) == ("abandoned", ABANDONED_MESSAGE)


@pytest.mark.django_db
def test_only_one_of_two_holders_gets_the_lease():
    assert lease.acquire("j", "a", seconds=60)
    assert not lease.acquire("j", "b", seconds=60)
    assert not lease.renew("j", "b", seconds=60)
    assert lease.renew("j", "a", seconds=60)
    lease.release("j", "b")  # not the holder: no effect
    assert not lease.acquire("j", "b", seconds=60)
    lease.release("j", "a")
    assert lease.acquire("j", "b", seconds=60)


@pytest.mark.django_db
def test_scheduled_runs_wait_for_the_configured_interval(extra_job):
    config = JetConfiguration.load()
    config.orders_interval = 7
    config.save()
    assert run_job("test-job", trigger="schedule", only_if_due=True).outcome == "succeeded"
    assert run_job("test-job", trigger="schedule", only_if_due=True).skipped == "not due yet"
    JobRun.objects.update(started_at=timezone.now() - timedelta(minutes=6, seconds=40))  # within 30 s of due
    assert run_job("test-job", trigger="schedule", only_if_due=True).outcome == "succeeded"
    status = next(s for s in job_statuses() if s.job.name == "test-job")
    assert status.interval == timedelta(minutes=7) and status.interval_text == "every 7 minutes"
    last = JobRun.objects.order_by("-started_at").first()
    assert status.next_run_at == last.started_at + timedelta(minutes=7)


@pytest.mark.django_db(transaction=True)
def test_concurrent_runners_never_overlap(extra_job):
    inside = {"now": 0, "max": 0}
    guard = threading.Lock()

    def slow():
        with guard:
            inside["now"] += 1
            inside["max"] = max(inside["max"], inside["now"])
        threading.Event().wait(0.3)
        with guard:
            inside["now"] -= 1

    extra_job["fn"] = slow
    outcomes = []

    def attempt():
        from django.db import connection

        try:
            outcomes.append(run_job("test-job").outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert inside["max"] == 1
    assert outcomes.count("succeeded") >= 1 and set(outcomes) <= {"succeeded", "skipped"}
    assert JobRun.objects.count() == outcomes.count("succeeded")


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_a_long_run_leased(extra_job, monkeypatch):
    seen = {}

    def long_run():
        threading.Event().wait(1.5)
        seen["lease"] = JobLease.objects.get(job="test-job")
        seen["other"] = lease.acquire("test-job", "rival", seconds=1)

    extra_job["fn"] = long_run
    job = registry._JOBS["test-job"]
    monkeypatch.setitem(registry._JOBS, "test-job", Job(job.name, job.title, job.run, job.interval_field,
                                                          job.default_minutes, lease_seconds=1))
    assert run_job("test-job").outcome == "succeeded"
    assert seen["other"] is False  # renewed every ~0.33 s, so never expired during 1.5 s of work
    assert seen["lease"].expires_at > timezone.now() - timedelta(seconds=1)


def test_unknown_job_names_list_the_known_ones():
    with pytest.raises(UnknownJob, match="no job named 'nope'; jobs are: .*purge-log"):
        get_job("nope")


def test_interval_texts():
    assert [describe_minutes(m) for m in (1, 5, 60, 180, 1440, 2880)] == [
        "every minute", "every 5 minutes", "every hour", "every 3 hours", "every day", "every 2 days"]


@pytest.mark.django_db
def test_purge_log_keeps_the_latest_run_of_each_job():
    config = JetConfiguration.load()
    config.log_retention_days = 5
    config.save()
    old = timezone.now() - timedelta(days=6)
    JobRun.objects.create(job="a", started_at=old, outcome="succeeded")
    JobRun.objects.create(job="a", started_at=old + timedelta(minutes=1), outcome="succeeded")
    JobRun.objects.create(job="b", started_at=old, outcome="failed")
    result = run_job("purge-log")
    assert result.run.summary == "deleted 0 activity event(s) and 1 job run(s) past the retention"
    assert sorted(JobRun.objects.values_list("job", flat=True)) == ["a", "b", "purge-log"]


@pytest.mark.django_db
def test_huey_ticks_run_due_jobs_and_run_now_always_runs(extra_job):
    from jetcart.connector.operations import tasks

    assert "test-job" not in tasks.TICKS  # ticks exist for the registered jobs only
    tick = tasks.TICKS["purge-log"]
    tick()  # Huey is immediate in tests: runs inline
    tick()
    assert JobRun.objects.filter(job="purge-log").count() == 1  # the second tick was not due
    outcome = tasks.enqueue_run_now("purge-log")
    assert outcome.outcome == "succeeded" and not outcome.failed and outcome.line.startswith("purge-log: succeeded in ")
    assert JobRun.objects.filter(job="purge-log", trigger="manual").count() == 1


@pytest.mark.django_db
def test_jobs_commands_list_and_run(capsys):
    from argparse import Namespace

    from jetcart.site.commands.jobs import list_jobs, run_one_job

    assert run_one_job(Namespace(name="purge-log")) == 0
    assert capsys.readouterr().out.startswith("purge-log: succeeded in ")
    assert run_one_job(Namespace(name="nope")) == 2
    assert "no job named 'nope'" in capsys.readouterr().err
    assert list_jobs(Namespace()) == 0
    out = capsys.readouterr().out
    for name in ("create-orders", "fetch-returns", "refund-status", "product-status", "product-errors",
                 "sync-inventory", "full-refresh"):
        assert name in out
    assert "every 5 minutes" in out and "every 12 hours" in out


@pytest.mark.django_db
def test_a_failed_product_run_fails_the_job(monkeypatch):
    from jetcart.connector.products import sync as product_sync

    def broken(run, reporter):
        raise RuntimeError("store unreachable")

    monkeypatch.setattr(product_sync, "sync_run", broken)
    result = run_job("sync-inventory")
    assert result.outcome == "failed"
    assert "store unreachable" in result.run.error.splitlines()[0]
