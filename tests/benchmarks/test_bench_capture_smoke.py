"""Smoke test of the change capture scenarios (sale, idle, checkout) at a tiny size: they run, every sale and
edit reaches the sandbox, and the JSON has the figures docs/performance.md quotes (targets are for the full run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_should_time_sales_to_jet_the_idle_watcher_and_the_checkout_overhead(mariadb_server, tmp_path):
    out = tmp_path / "bench.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JETCART_") and k != "DJANGO_SETTINGS_MODULE"}
    env["JETCART_TEST_MARIADB_URL"] = mariadb_server.url("").rstrip("/")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--products", "200", "--per-call-skus", "10",
         "--scenarios", "export,sale,idle,checkout", "--sale-seconds", "6", "--sale-rate", "3",
         "--idle-seconds", "4", "--checkout-sales", "5", "--database", f"{mariadb_server.run}_capture",
         "--json", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rows = {r["scenario"]: r for r in json.loads(out.read_text())["results"]}
    sale = rows["6 sale to Jet"]["details"]
    assert sale["sales"] == 18 and sale["edits"] == 6 and sale["never_seen"] == 0
    assert 0 < sale["p50_seconds"] <= sale["p95_seconds"] <= sale["max_seconds"]
    for mode in ("triggers", "polling"):
        idle = rows[f"7 idle capture ({mode})"]["details"]
        assert idle["store_statements_per_minute"] > 0 and idle["cpu_seconds_per_minute"] >= 0
    checkout = rows["8 checkout overhead"]["details"]
    assert checkout["sales_per_mode"] == 25 and checkout["ratio"] > 0
