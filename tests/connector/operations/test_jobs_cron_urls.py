"""Cron URLs: one per job, refused without the token, a run per call, harmless while the job runs elsewhere."""

from __future__ import annotations

import pytest

from jetcart.connector import leases as lease
from jetcart.connector.models import JetConfiguration, JobRun
from jetcart.connector.operations.cron_token import new_cron_token, token_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def token() -> str:
    return new_cron_token()


def test_only_a_hash_of_the_token_is_stored(client):
    assert client.get("/cron/purge-log/?token=").status_code == 403  # no token generated yet: nothing runs
    token = new_cron_token()
    stored = JetConfiguration.objects.values().get()
    assert token not in str(stored) and stored["cron_token_hash"] == token_hash(token)
    assert client.get(f"/cron/purge-log/?token={token}").status_code == 200
    newer = new_cron_token()
    assert client.get(f"/cron/purge-log/?token={token}").status_code == 403  # the old URLs stop working
    assert client.get(f"/cron/purge-log/?token={newer}").status_code == 200


def test_the_token_is_required(client, token):
    assert client.get("/cron/purge-log/").status_code == 403
    assert client.get("/cron/purge-log/?token=wrong").status_code == 403
    assert not JobRun.objects.exists()


def test_a_call_runs_the_job_and_reports_it(client, token):
    response = client.get(f"/cron/purge-log/?token={token}")
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "succeeded" and body["run_id"] == JobRun.objects.get().pk
    assert JobRun.objects.get().trigger == "cron"


def test_the_token_may_come_in_a_header_and_by_post(client, token):
    response = client.post("/cron/purge-log/", headers={"X-Jetcart-Cron-Token": token})
    assert response.status_code == 200


def test_a_call_while_the_job_runs_elsewhere_is_skipped(client, token):
    assert lease.acquire("purge-log", "worker-2:77:abcd", seconds=60)
    response = client.get(f"/cron/purge-log/?token={token}")
    assert response.status_code == 200
    assert response.json()["outcome"] == "skipped"
    assert not JobRun.objects.exists()


def test_unknown_jobs_have_no_url(client, token):
    assert client.get(f"/cron/no-such-job/?token={token}").status_code == 404


def test_the_command_prints_a_new_token_once(client, capsys):
    from jetcart.site.cli import main

    assert main(["jobs", "token"]) == 0
    out = capsys.readouterr().out
    token = out.split(": ", 1)[1].splitlines()[0].strip()
    assert f"/cron/purge-log/?token={token}" in out
    assert client.get(f"/cron/purge-log/?token={token}").status_code == 200
    assert token not in str(JetConfiguration.objects.values().get())
