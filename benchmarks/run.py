"""One command for every benchmark scenario (`make bench`): builds a synthetic OpenCart store on MariaDB, starts
the Jet sandbox as its own process, runs each scenario over real HTTP, prints a table and writes it as JSON.

    .venv/bin/python -m benchmarks.run [--products 20000] [--orders 1000] [--scenarios export,delta,…]
                                       [--per-call-skus 1000] [--workers 8] [--server URL] [--keep] [--reuse]
                                       [--json PATH] [--background-load]

The default run (20,000 products, about 33,000 SKUs) takes a few minutes on two cores; `--products 100000`
gives the issue's full figures. The store goes into the MariaDB database `jc_bench_run` on
JETCART_TEST_MARIADB_URL (default mysql+pymysql://root@127.0.0.1:3306), dropped at the end unless --keep; the
connector's state is a fresh SQLite database in a temporary folder. Scenarios run in the order given and
build on each other: delta and orders need the listings the export leaves. With --background-load a process
spins on one core during every scenario (a stand-in for OpenCart's PHP and MySQL on the same server).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = ("export", "delta", "orders", "grid", "taxonomy", "sale", "idle", "checkout")
NEEDS_EXPORT = {"delta", "orders", "sale", "idle", "checkout"}


def machine() -> dict:
    """The machine the figures come from."""
    memory = ""
    try:
        kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
        memory = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration):
        pass
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "platform": platform.platform(), "load_average_1m": round(os.getloadavg()[0], 1)}


def mariadb_version(admin) -> str:
    from sqlalchemy import text

    with admin.connect() as conn:
        return str(conn.execute(text("SELECT VERSION()")).scalar())


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def table(results: list) -> str:
    headers = ("scenario", "size", "wall", "CPU", "peak memory", "throughput", "target", "result")
    rows = [(r.scenario, r.size, f"{r.wall_seconds:.2f} s", "-" if r.cpu_seconds is None else f"{r.cpu_seconds:.2f} s",
             f"{r.peak_rss_mb:.0f} MB" if r.peak_rss_mb else "-", f"{r.throughput:,.1f} {r.unit}", r.target,
             "-" if r.passed is None else ("PASS" if r.passed else "FAIL")) for r in results]
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([line.format(*headers), line.format(*("-" * w for w in widths)),
                      *(line.format(*row) for row in rows)])


def export_ratios(results: list) -> str:
    """The export against its floor, in CPU seconds and in wall seconds (empty without the export)."""
    rows = {r.scenario: r for r in results}
    export = rows.get("1 catalog export (uploaded)")
    if export is None or "floor_seconds" not in export.details:
        return ""
    d = export.details
    sandbox = d.get("sandbox_cpu_seconds")
    return (f"export against floor: CPU {d['connector_cpu_seconds']:.2f} s (connector with its workers"
            + (f"; the sandbox {sandbox:.2f} s more" if sandbox is not None else "")
            + (f"; building {d['build_cpu_seconds']:.2f} s, uploading {d['upload_cpu_seconds']:.2f} s, "
               f"Jet's verdict {d['outcome_cpu_seconds']:.2f} s" if "build_cpu_seconds" in d else "")
            + f") / {d['floor_cpu_seconds']:.2f} s = {d['cpu_ratio']:.2f}× (target ≤ {d['cpu_ratio_target']:g}×: "
            f"{'PASS' if d['cpu_ratio_passed'] else 'FAIL'}); wall {d['uploaded_seconds']:.2f} s / "
            f"{d['floor_seconds']:.2f} s = {d['floor_ratio']:.2f}× (target ≤ 2×); per-call / processed "
            f"{d['per_call_ratio']:.1f}× (target ≥ 30×)")


def profiled(call, name: str):
    """Runs `call` under cProfile (this thread only), prints the 30 costliest functions (cumulative) and
    keeps the whole profile in benchmarks/results/profile-<scenario>.pstats."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    try:
        return profile.runcall(call)
    finally:
        path = REPO / "benchmarks" / "results" / f"profile-{name}.pstats"
        path.parent.mkdir(parents=True, exist_ok=True)
        profile.dump_stats(path)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        print(f"profile written to {path}")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000, help="products in the synthetic store")
    parser.add_argument("--variant-share", type=float, default=0.3,
                        help="share of products with Color/Size combinations (about 3 SKUs each)")
    parser.add_argument("--orders", type=int, default=1000, help="orders in the burst")
    parser.add_argument("--per-call-skus", type=int, default=1000,
                        help="SKUs sent one call each to measure the per-call path (scaled to the catalog)")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the export's floor (reading and dumping every product once more; at a million "
                             "products a quarter of an hour on a busy machine): no floor or CPU ratios")
    parser.add_argument("--workers", type=int, default=8, help="threads of the per-call path")
    parser.add_argument("--taxonomy-workers", type=int, default=16)
    parser.add_argument("--sale-seconds", type=float, default=60.0, help="how long sales are written (sale)")
    parser.add_argument("--sale-rate", type=float, default=5.0, help="storefront sales per second (sale)")
    parser.add_argument("--idle-seconds", type=float, default=60.0, help="idle window per capture mode (idle)")
    parser.add_argument("--checkout-sales", type=int, default=200, help="sales per mode and round (checkout)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help=f"comma-separated, in order (default {','.join(SCENARIOS)})")
    parser.add_argument("--server", help="MariaDB server URL without a database")
    parser.add_argument("--database", default="jc_bench_run")
    parser.add_argument("--keep", action="store_true", help="keep the store database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a store already in the database")
    parser.add_argument("--profile", choices=SCENARIOS, help="run that scenario under cProfile and print the top")
    parser.add_argument("--json", type=Path, help="where to write the results (default benchmarks/results/)")
    parser.add_argument("--background-load", action="store_true",
                        help="run a steady CPU burner on one core during every scenario")
    args = parser.parse_args(argv)
    args.scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))} (known: {', '.join(SCENARIOS)})")
    if NEEDS_EXPORT & set(args.scenarios) and "export" not in args.scenarios:
        parser.error("delta, orders, sale, idle and checkout need the listings of the export scenario; "
                     "add export before them")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sys.path.insert(0, str(REPO))
    from benchmarks.scenarios.world import close_world, drop_database, open_world, setup_django

    data_dir = setup_django()

    from benchmarks.background_load import BackgroundLoad
    from benchmarks.scenarios import capture, delta, export, grid, orders, taxonomy

    started = time.perf_counter()
    load_before = round(os.getloadavg()[0], 1)
    try:
        world, admin = open_world(products=args.products, variant_share=args.variant_share, server=args.server,
                                  database=args.database, reuse=args.reuse, workers=args.workers)
    except BaseException:
        shutil.rmtree(data_dir, ignore_errors=True)
        raise
    print(f"store: {world.store_summary} in {world.build_seconds:.1f} s; sandbox at {world.sandbox.base_url}",
          flush=True)
    results = []
    runners = {
        "export": lambda: export.run(world, per_call_skus=args.per_call_skus, workers=args.workers,
                                     with_floor=not args.no_floor),
        "delta": lambda: delta.run(world),
        "orders": lambda: orders.run(world, orders=args.orders),
        "grid": lambda: grid.run(world),
        "taxonomy": lambda: taxonomy.run(world, workers=args.taxonomy_workers),
        "sale": lambda: capture.run_sale(world, seconds=args.sale_seconds, rate=args.sale_rate),
        "idle": lambda: capture.run_idle(world, seconds=args.idle_seconds),
        "checkout": lambda: capture.run_checkout(world, sales=args.checkout_sales),
    }
    load = BackgroundLoad() if args.background_load else None
    version = ""
    stamp = f"{datetime.now(UTC):%Y%m%d-%H%M%S}"
    path = args.json or REPO / "benchmarks" / "results" / f"bench-{args.products}-{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)

    def report_of(complete: bool) -> dict:
        return {
            "when": datetime.now(UTC).isoformat(timespec="seconds"), "commit": git_commit(), "complete": complete,
            "machine": {**machine(), "mariadb": version, "load_average_1m_before": load_before},
            "background_load": load.describe() if load is not None else None,
            "total_seconds": round(time.perf_counter() - started, 1),
            "parameters": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
            "store": {"products": world.products, "summary": world.store_summary,
                      "build_seconds": round(world.build_seconds, 1)},
            "results": [r.as_dict() for r in results],
        }

    try:
        version = mariadb_version(admin)
        if load is not None:
            load.start()
            print("background load: one process spinning on one core during every scenario", flush=True)
        for name in args.scenarios:
            print(f"running {name}…", flush=True)
            rows = profiled(runners[name], name) if name == args.profile else runners[name]()
            for row in rows:
                print(f"  {row.scenario}: {row.wall_seconds:.2f} s, {row.throughput:,.1f} {row.unit}"
                      + (f" — {'PASS' if row.passed else 'FAIL'}" if row.passed is not None else ""), flush=True)
            results.extend(rows)
            if name != args.scenarios[-1]:  # what is measured so far survives a run stopped later
                path.write_bytes(orjson.dumps(report_of(False), option=orjson.OPT_INDENT_2))
    finally:
        if load is not None:
            load.stop()  # before the sandbox ends: neither is a connector child counted by a scenario's meter
        close_world(world)
        if not args.keep:
            drop_database(admin, args.database)
        else:
            admin.dispose()
        shutil.rmtree(data_dir, ignore_errors=True)
    report = report_of(True)
    path.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    print()
    print(table(results))
    ratios = export_ratios(results)
    if ratios:
        print(f"\n{ratios}")
    if load is not None:
        print(f"background load: {load.share} of one core busy during the scenarios")
    m = report["machine"]
    print(f"\n{m['cpus']} CPUs, {m['memory']}, Python {m['python']}, MariaDB {m['mariadb']}; load average "
          f"{m['load_average_1m_before']} before, {m['load_average_1m']} after; "
          f"total {report['total_seconds']:.0f} s; written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
