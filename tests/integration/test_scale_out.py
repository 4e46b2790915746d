"""Scale-out: two `jetcart worker` processes on one PostgreSQL database and one Redis, while orders arrive in
the sandbox. Every order is imported into OpenCart exactly once, and no job ever runs twice at the same time
(checked on the JobRun timestamps the workers recorded)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import pytest

from tests.fixtures.services import postgres_url, redis_url

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]

SKU = "HTC-TOUCH"  # demo store product 28, 939 in stock
PRODUCT_ID = 28
ROUNDS, ORDERS_PER_ROUND = 4, 3
IMPORT_TIMEOUT = 120

SETUP = """
from jetcart.connector.models import JetConfiguration, JetListing
config = JetConfiguration.load()
config.api_url, config.api_user, config.api_secret = {api_url!r}, {user!r}, {secret!r}
config.fulfillment_node_id = {node!r}
config.auto_acknowledge = True
config.orders_interval = 1
config.return_address1, config.return_city, config.return_state, config.return_postcode = (
    "1 Main St", "Midvale", "UT", "84047")
config.save()
JetListing.objects.update_or_create(merchant_sku={sku!r}, defaults={{"product_id": {product_id}}})
"""

ENQUEUE = """
import time
from jetcart.connector.operations.tasks import run_now
for _ in range({bursts}):
    for _ in range(4):  # one per worker thread: they all try at once, the lease lets one run
        run_now("create-orders")
    time.sleep({pause})
"""


def _postgres_database():
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(postgres_url())
    name = f"jetcart_scale_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = psycopg.connect(host=server.host, port=server.port or 5432, user=server.username or "postgres",
                            password=server.password or None, dbname=server.database or "postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = server.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    return admin, name, url


def _redis_database():
    """A Redis database no one else uses right now, claimed for this test (flushed at the end)."""
    import redis
    from sqlalchemy.engine import make_url

    base = make_url(redis_url().replace("redis://", "redis+x://", 1))
    for number in range(1, 15):
        client = redis.Redis(host=base.host or "127.0.0.1", port=base.port or 6379, db=number)
        if client.dbsize() == 0 and client.set("jetcart:scale-out-test", "1", nx=True, ex=900):
            return client, f"redis://{base.host or '127.0.0.1'}:{base.port or 6379}/{number}"
        client.close()
    pytest.fail("no free Redis database (1–14) for the scale-out test")


@pytest.fixture
def cluster(request):
    """Connector DB on a fresh PostgreSQL database, a Redis db, a demo store, the environment for processes."""
    from jetcart.store.demo import ensure_demo_store

    postgres_url()  # skips (or fails on CI) when a service is down, before anything is claimed
    redis_client, redis_db_url = _redis_database()
    admin, pg_name, pg_url = _postgres_database()
    sandbox_server = request.getfixturevalue("sandbox_server")
    jet_merchant = request.getfixturevalue("jet_merchant")
    data_dir = Path(tempfile.mkdtemp(prefix="jetcart-scale-"))
    store_url = f"sqlite:///{data_dir / 'store.sqlite3'}"
    ensure_demo_store(store_url, "oc_")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JETCART_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "JETCART_DATA_DIR": str(data_dir), "JETCART_DATABASE_URL": pg_url, "JETCART_REDIS_URL": redis_db_url,
        "JETCART_STORE_URL": store_url, "JETCART_SECRET_KEY": "scale-out-test-" + uuid.uuid4().hex,
        "JETCART_LOG_LEVEL": "WARNING",
    })
    processes: list[subprocess.Popen] = []
    try:
        yield {"env": env, "data_dir": data_dir, "pg_url": pg_url, "store_url": store_url,
               "processes": processes, "merchant": jet_merchant, "sandbox": sandbox_server}
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(10)
        admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        admin.close()
        redis_client.flushdb()
        redis_client.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def jetcart(env: dict, *args: str, timeout: float = 180) -> str:
    done = subprocess.run([sys.executable, "-m", "jetcart", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"jetcart {' '.join(args[:2])} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def start(cluster, name: str, *args: str) -> subprocess.Popen:
    log = open(cluster["data_dir"] / f"{name}.log", "wb")  # noqa: SIM115 - lives as long as the process
    process = subprocess.Popen([sys.executable, "-m", "jetcart", *args], env=cluster["env"], stdout=log,
                               stderr=subprocess.STDOUT)
    cluster["processes"].append(process)
    return process


def query(pg_url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(pg_url) as conn:
        return conn.execute(sql).fetchall()


def test_two_workers_import_every_order_once_and_never_overlap_a_job(cluster):
    from jetcart.jet.client import JetClient
    from tests.sandbox.helpers import product_body

    env, merchant, pg_url = cluster["env"], cluster["merchant"], cluster["pg_url"]
    jetcart(env, "migrate", "--database", "default", "-v", "0")
    jetcart(env, "shell", "-c", SETUP.format(api_url=cluster["sandbox"].base_url, user=merchant.user,
                                             secret=merchant.secret, node=merchant.fulfillment_node_id, sku=SKU,
                                             product_id=PRODUCT_ID))
    client = JetClient(cluster["sandbox"].base_url, merchant.user, merchant.secret)
    client.products.put(SKU, product_body(product_title="HTC Touch HD"))
    client.products.put_price(SKU, {"price": 25.0})
    client.products.patch_inventory(SKU, {"fulfillment_nodes": [
        {"fulfillment_node_id": merchant.fulfillment_node_id, "quantity": 500}]})

    workers = [start(cluster, f"worker-{n}", "worker", "--workers", "2") for n in (1, 2)]
    enqueuer = start(cluster, "enqueuer", "shell", "-c", ENQUEUE.format(bursts=400, pause=0.5))

    generated: list[str] = []
    for _ in range(ROUNDS):  # orders keep arriving while the workers run
        generated += client.orders.generate(ORDERS_PER_ROUND, {
            "fulfillment_node": merchant.fulfillment_node_id, "items": [{"sku": SKU, "order_quantity": 1}]})
        time.sleep(3)
    deadline = time.monotonic() + IMPORT_TIMEOUT
    while time.monotonic() < deadline:  # until every order is in, and both workers have run the order job
        [(imported,)] = query(pg_url, "SELECT count(*) FROM connector_jetorder WHERE store_order_id IS NOT NULL "
                                      "AND ack_state = 'done'")
        holders = [h for (h,) in query(pg_url, "SELECT holder FROM connector_jobrun WHERE job = 'create-orders' "
                                               "AND outcome <> 'running'")]
        if imported >= len(generated) and len({h.split(":")[1] for h in holders}) == 2 and len(holders) >= 3:
            break
        assert all(w.poll() is None for w in workers), (cluster["data_dir"] / "worker-1.log").read_text()[-3000:]
        time.sleep(1)
    enqueuer.terminate()
    enqueuer.wait(10)
    for worker in workers:
        worker.send_signal(signal.SIGINT)  # Huey's consumer stops gracefully: running jobs finish
    for worker in workers:
        worker.wait(60)
    logs = "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-2500:]}"
                     for path in sorted(cluster["data_dir"].glob("*.log")))

    # every order imported exactly once, in the connector and in OpenCart
    rows = query(pg_url, "SELECT merchant_order_id, store_order_id, ack_state FROM connector_jetorder")
    assert sorted(r[0] for r in rows) == sorted(generated), logs
    assert all(r[1] for r in rows) and len({r[1] for r in rows}) == len(generated)
    assert {r[2] for r in rows} == {"done"}
    from sqlalchemy import create_engine, text

    engine = create_engine(cluster["store_url"])
    with engine.connect() as conn:
        store_orders = conn.execute(text("SELECT count(*) FROM oc_order")).scalar()
        journal = conn.execute(text("SELECT marketplace_order_id, order_id FROM oc_jetcart_order")).fetchall()
    engine.dispose()
    assert store_orders == len(generated)
    assert sorted(r[0] for r in journal) == sorted(generated) and len({r[1] for r in journal}) == len(generated)
    assert {client.orders.get(moid).status for moid in generated} == {"acknowledged"}

    # no job ever ran twice at the same time; both workers took part
    runs = query(pg_url, "SELECT job, holder, started_at, finished_at, outcome FROM connector_jobrun "
                         "ORDER BY job, started_at")
    by_job: dict[str, list] = defaultdict(list)
    for run in runs:
        by_job[run[0]].append(run)
    assert len(by_job["create-orders"]) >= 2, f"{runs}\n{logs}"
    for job, job_runs in by_job.items():
        for earlier, later in zip(job_runs, job_runs[1:], strict=False):
            assert earlier[3] is not None, f"{job} run of {earlier[1]} never finished"
            assert earlier[3] <= later[2], f"{job}: runs by {earlier[1]} and {later[1]} overlapped"
    processes = {run[1].split(":")[1] for run in by_job["create-orders"]}
    assert processes == {str(w.pid) for w in workers}, (
        f"both workers should have run the order job: {processes} vs {[w.pid for w in workers]}; "
        f"{[(r[1], r[2], r[3], r[4]) for r in by_job['create-orders']]}")
    assert not query(pg_url, "SELECT job FROM connector_jobrun WHERE outcome = 'running'")
    print(f"scale-out: {len(generated)} orders, " + ", ".join(
        f"{job} {len(job_runs)} run(s) by {len({r[1].split(':')[1] for r in job_runs})} process(es)"
        for job, job_runs in sorted(by_job.items())))
    client.close()
