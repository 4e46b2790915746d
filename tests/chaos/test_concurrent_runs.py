"""Three order runs at once on MariaDB (a cron run, a click on Fetch Orders and a worker): each summary counts only
what that run did, so together they count every order once, and each order is logged created once."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.chaos.campaign import ROOT, Campaign, Options, drop_databases

pytestmark = [pytest.mark.slow, pytest.mark.mariadb]
SUMMARY = re.compile(r"(\d+) created in OpenCart, (\d+) acknowledged, (\d+) rejected")


def test_should_count_each_order_once_over_three_concurrent_runs(sandbox_server, mariadb_server):
    options = Options(orders=60, kills=0, faults=0, option_stock=1000, seed=9)
    with tempfile.TemporaryDirectory(prefix="jetcart-concurrent-") as workdir:
        campaign = Campaign(options, sandbox_server, Path(workdir), log=lambda *_: None)
        try:
            campaign.setup()
            runs = [subprocess.Popen([sys.executable, "-m", "tests.chaos.actor", "fetch"], env=campaign.env, cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(3)]
            outputs = [run.communicate(timeout=600)[0] for run in runs]
            assert [run.returncode for run in runs] == [0, 0, 0], outputs
            counts = [tuple(map(int, SUMMARY.search(output).groups())) for output in outputs]
            with campaign.connector.connect() as conn:
                created = conn.execute(text("SELECT COUNT(*) FROM connector_jetorder WHERE store_order_id IS NOT NULL"
                                            )).scalar()
                answered = conn.execute(text("SELECT COUNT(*) FROM connector_jetorder WHERE ack_state = 'done'")).scalar()
                logged = conn.execute(text("SELECT message FROM connector_activityevent "
                                           "WHERE message LIKE '%created in OpenCart as%'")).scalars().all()
        finally:
            campaign.close()
            if hasattr(campaign, "databases"):
                drop_databases(options, campaign.databases)
    print(counts)
    assert answered == len(campaign.generated) and created == sum(c[1] for c in counts)  # every order answered
    assert sum(c[0] for c in counts) == created  # each creation counted by the one run that made it
    assert sum(c[1] + c[2] for c in counts) == answered  # each acknowledgement or rejection counted once
    assert len(logged) == len(set(logged)) == created  # "created in OpenCart" logged once per order
