"""Smoke test of `python -m benchmarks.run` at a tiny size: it runs, and its JSON has sane numbers (no targets
are asserted; those are for the full benchmark). The taxonomy scenario always imports all 5,340 categories,
which takes longer than this test may, so it is left to `make bench`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
SCENARIOS = ["1 catalog export (uploaded)", "1 … processed by Jet", "1a floor (read + gzip JSON)", "1b per-call (extrapolated)",
             "2 delta sync (1 %)", "3 order burst", "4 products grid"]


def _bench(mariadb_server, out: Path, database: str, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    """`python -m benchmarks.run ARGS` as a user runs it (none of the test session's JETCART_ settings), on its
    own database of the test MariaDB server; the finished run and the JSON it wrote."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JETCART_") and k != "DJANGO_SETTINGS_MODULE"}
    env["JETCART_TEST_MARIADB_URL"] = mariadb_server.url("").rstrip("/")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *args, "--database", f"{mariadb_server.run}_{database}",
         "--json", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done, json.loads(out.read_text())


def test_should_run_each_scenario_on_a_tiny_store_and_write_sane_json(mariadb_server, tmp_path):
    done, report = _bench(mariadb_server, tmp_path / "bench.json", "bench", "--products", "200", "--orders", "30",
                          "--per-call-skus", "20", "--scenarios", "export,delta,orders,grid")
    rows = {r["scenario"]: r for r in report["results"]}
    assert list(rows) == SCENARIOS
    table = done.stdout[done.stdout.index("scenario  "):]
    assert all(name in table for name in SCENARIOS) and "wall" in table and "peak memory" in table
    for row in rows.values():
        assert row["wall_seconds"] > 0 and row["throughput"] > 0, row
    export = rows["1 catalog export (uploaded)"]
    assert export["details"]["skus_sent"] == export["details"]["skus"] > 200  # variants give extra SKUs
    assert 0 < export["details"]["build_seconds"] <= export["wall_seconds"]
    assert export["wall_seconds"] <= rows["1 … processed by Jet"]["wall_seconds"]
    assert 0 < export["peak_rss_mb"] < 2000
    cpu = export["details"]
    assert cpu["connector_cpu_seconds"] > 0 and cpu["floor_cpu_seconds"] > 0
    floor_cpu = rows["1a floor (read + gzip JSON)"]["cpu_seconds"]
    assert export["cpu_seconds"] == pytest.approx(cpu["connector_cpu_seconds"], abs=0.01)
    assert floor_cpu == pytest.approx(cpu["floor_cpu_seconds"], abs=0.01)
    assert cpu["cpu_ratio"] == pytest.approx(export["cpu_seconds"] / floor_cpu, abs=0.01)
    assert f"= {cpu['cpu_ratio']:.2f}×" in done.stdout and f"= {cpu['floor_ratio']:.2f}×" in done.stdout
    phases = cpu["build_cpu_seconds"] + cpu["upload_cpu_seconds"] + cpu["outcome_cpu_seconds"]
    assert cpu["build_cpu_seconds"] > 0 and phases <= cpu["connector_cpu_seconds"] + 0.05
    assert f"building {cpu['build_cpu_seconds']:.2f} s" in done.stdout
    assert report["background_load"] is None
    delta = rows["2 delta sync (1 %)"]["details"]
    assert delta["changed_products"] == 2 and delta["unchanged_products_sent"] == 0
    assert delta["changed_products_not_sent"] == 0
    burst = rows["3 order burst"]["details"]
    assert burst["generated"] == burst["created"] == burst["acknowledged"] == burst["store_orders"] == 30
    grid = rows["4 products grid"]["details"]
    assert grid["first_page_ms"] > 0 and grid["middle_page_ms"] > 0
    assert report["machine"]["cpus"] >= 1 and report["machine"]["mariadb"]
    assert report["store"]["products"] == 200


def test_should_keep_one_core_busy_during_the_scenarios_when_asked(mariadb_server, tmp_path):
    done, report = _bench(mariadb_server, tmp_path / "bench.json", "bench_load", "--products", "100",
                          "--per-call-skus", "10", "--scenarios", "export", "--background-load")
    load = report["background_load"]
    assert load["cpu_seconds"] > 0 and 0 < load["share_of_one_core"] <= 1.05  # one core at most
    assert "background load:" in done.stdout


def test_should_leave_the_floor_out_when_asked(mariadb_server, tmp_path):
    done, report = _bench(mariadb_server, tmp_path / "bench.json", "bench_nofloor", "--products", "100",
                          "--per-call-skus", "10", "--scenarios", "export", "--no-floor")
    rows = {r["scenario"]: r for r in report["results"]}
    assert list(rows) == ["1 catalog export (uploaded)", "1 … processed by Jet", "1b per-call (extrapolated)"]
    export = rows["1 catalog export (uploaded)"]
    assert "floor_seconds" not in export["details"] and export["details"]["skus_sent"] > 100
    assert export["target"] == "< 500 MB (no floor)" and "export against floor" not in done.stdout
