"""The chaos campaign, short: on MariaDB, a few dozen Jet orders through import, acknowledgement, partial and full
shipment, cancel, return completion and refund under 20 % injected API faults and SIGKILLs (one inside every outbox
follow-up after Jet's confirmation): nothing lost, nothing doubled, stock exact, nothing left unfinished.
The full campaign is `make chaos` (tests/chaos/campaign.py)."""

from __future__ import annotations

import pytest

from tests.chaos.campaign import Options, run_campaign

pytestmark = [pytest.mark.slow, pytest.mark.mariadb]


def test_should_lose_double_and_leave_nothing_under_faults_and_kills(sandbox_server, mariadb_server):
    report = run_campaign(Options(orders=12, kills=6, seed=7, max_runs=40), sandbox_server)
    print(report.text())
    assert report.ok, report.text()
    for follow_up in ("ack", "ship", "cancel", "return_complete", "refund"):  # a kill inside each, after Jet's 201
        assert f"in {follow_up} follow-up" in report.figures["SIGKILLs"], report.figures["SIGKILLs"]
