"""Command-line mistakes and unreachable databases end in one clear line on standard error and a non-zero exit,
never a traceback (each command runs as the operator runs it: a separate process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.test_demo import free_port
from tests.site.test_ops_commands import clean_env

pytestmark = pytest.mark.slow


def jetcart(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {**clean_env(), "JETCART_DATA_DIR": str(data_dir), **(env or {})}
    return subprocess.run([sys.executable, "-m", "jetcart", *args], env=full, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("migrated")
    done = jetcart(data_dir, "migrate", "-v0")
    assert done.returncode == 0, done.stderr
    return data_dir


def one_line_failure(done: subprocess.CompletedProcess, *expected: str) -> str:
    assert done.returncode != 0, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_importing_a_binary_file_as_mappings(migrated, tmp_path):
    binary = tmp_path / "picture.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    one_line_failure(jetcart(migrated, "mapping", "import", str(binary)), "jetcart mapping import:", "not UTF-8")


def test_importing_a_file_with_nul_bytes(migrated, tmp_path):
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"kind,store_id,jet_id\x00\x00\n")
    one_line_failure(jetcart(migrated, "mapping", "import", str(nul)), "jetcart mapping import:", "NUL")


def test_exporting_mappings_into_a_missing_folder(migrated):
    one_line_failure(jetcart(migrated, "mapping", "export", "/nonexistent/dir/x.csv"),
                     "jetcart mapping export: cannot write /nonexistent/dir/x.csv")


def test_serving_on_a_negative_port(tmp_path):
    one_line_failure(jetcart(tmp_path, "serve", "--port", "-1"), "--port -1 is not a port number")


def test_the_demo_on_port_99999_does_not_claim_to_run(tmp_path):
    done = jetcart(tmp_path, "demo", "--port", "99999")
    one_line_failure(done, "--port 99999 is not a port number")
    assert "running" not in done.stdout


def test_serving_on_a_port_in_use(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", free_port()))
        busy.listen()
        port = busy.getsockname()[1]
        one_line_failure(jetcart(tmp_path, "serve", "--port", str(port)), f"cannot listen on 127.0.0.1:{port}")


def test_migrating_against_an_unreachable_database(tmp_path):
    port = free_port()  # nothing listens there
    done = jetcart(tmp_path, "migrate", env={"JETCART_DATABASE_URL": f"postgresql://u:pw@127.0.0.1:{port}/jetcart"})
    line = one_line_failure(done, "jetcart migrate: cannot use the database:", "JETCART_DATABASE_URL")
    assert ":pw@" not in line


def test_fetching_orders_before_migrating(tmp_path):
    one_line_failure(jetcart(tmp_path, "orders", "fetch"), "jetcart orders:", "run `jetcart migrate` first")


def test_a_switch_set_to_neither_on_nor_off_is_refused(migrated):
    done = jetcart(migrated, "config", "set", "auto_acknowledge", "maybe")
    one_line_failure(done, "jetcart config set: auto_acknowledge: 'maybe' is neither on nor off")
    shown = jetcart(migrated, "config", "show").stdout
    assert "auto_acknowledge = False" in shown
    assert jetcart(migrated, "config", "set", "auto_acknowledge", "yes").returncode == 0
    assert "auto_acknowledge = True" in jetcart(migrated, "config", "show").stdout
