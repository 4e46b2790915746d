"""Times a full taxonomy import from the Jet sandbox over HTTP (links → nodes → attributes) and prints it.

    .venv/bin/python benchmarks/taxonomy_import.py [--workers 16] [--runs 1]

Starts the standalone sandbox in a subprocess, points a throw-away connector database at it, imports the
whole taxonomy (5,340 categories) and prints the duration and the counts. Nothing outside a temp folder
is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of another process (Linux /proc), or None where that is not readable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=16, help="concurrent requests (default 16)")
    parser.add_argument("--runs", type=int, default=1, help="full imports to time (default 1)")
    args = parser.parse_args(argv)

    os.environ["JETCART_DATA_DIR"] = tempfile.mkdtemp(prefix="jetcart-bench-taxonomy-")
    os.environ.setdefault("JETCART_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "jetcart.site.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from tests.fixtures.sandbox import start_sandbox, stop_sandbox

    from jetcart.connector import taxonomy, taxonomy_api
    from jetcart.connector.configuration import load_configuration

    call_command("migrate", database="default", verbosity=0)
    server = start_sandbox({"JETCART_SANDBOX_RATE_LIMIT": "0"})
    try:
        merchant = server.new_merchant("taxonomy benchmark")
        config = load_configuration()
        config.api_url, config.api_user, config.api_secret = server.base_url, merchant.user, merchant.secret
        config.save()
        for run in range(1, args.runs + 1):
            started, cpu = time.monotonic(), time.process_time()
            sandbox_cpu = process_cpu_seconds(server.process.pid)
            result = taxonomy_api.import_taxonomy_from_api(workers=args.workers, restart=True)
            elapsed = time.monotonic() - started
            connector_cpu = time.process_time() - cpu
            print(f"run {run}: full taxonomy imported from the sandbox in {elapsed:.1f} s "
                  f"({args.workers} workers): {result.categories} categories, {result.attributes} attributes, "
                  f"{result.attribute_values} values, {result.category_attributes} category attributes")
            after = process_cpu_seconds(server.process.pid)
            if sandbox_cpu is not None and after is not None:
                print(f"  CPU: connector {connector_cpu:.1f} s, sandbox {after - sandbox_cpu:.1f} s; "
                      f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print("counts:", taxonomy.taxonomy_counts())
    finally:
        stop_sandbox(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
