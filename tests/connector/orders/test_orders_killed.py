"""`jetcart orders fetch` killed (SIGKILL) at random moments, again and again: no order lost, none created twice
in OpenCart, no acknowledgement or cancel sent twice — checked on a record of every call that reached the sandbox."""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from jetcart.jet.client import JetClient
from jetcart.store.demo import ensure_demo_store
from tests.sandbox.helpers import product_body

pytestmark = pytest.mark.slow

SETUP = """
from jetcart.connector.models import JetConfiguration, JetListing
c = JetConfiguration.load()
c.api_url, c.api_user, c.api_secret, c.auto_acknowledge = {url!r}, {user!r}, {secret!r}, True
c.save()
JetListing.objects.create(merchant_sku="HTC-TOUCH", product_id=28)
JetListing.objects.create(merchant_sku="IPOD-CLASSIC", product_id=48)
"""


class RecordingProxy:
    """Forwards every request to the sandbox and records (method, path, status) of what reached it."""

    def __init__(self, target_base_url: str):
        self.target = target_base_url.removesuffix("/api")
        self.calls: list[tuple[str, str, int]] = []
        self.http = httpx.Client(timeout=60)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = proxy.http.request(self.command, proxy.target + self.path, content=body, headers=headers)
                proxy.calls.append((self.command, self.path, answer.status_code))
                self.send_response(answer.status_code)
                for key in ("Content-Type", "Retry-After"):
                    if key in answer.headers:
                        self.send_header(key, answer.headers[key])
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the caller was killed
                    self.wfile.write(answer.content)

            do_GET = do_PUT = do_POST = do_PATCH = _forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/api"

    def puts(self, action: str, merchant_order_id: str) -> list[int]:
        return [s for m, p, s in self.calls if m == "PUT" and p.endswith(f"/orders/{merchant_order_id}/{action}")]

    def close(self) -> None:
        self.server.shutdown()
        self.http.close()


def jetcart(*args: str, env: dict, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jetcart", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **kwargs)


def test_should_survive_being_killed_at_random_points_during_import(sandbox_server, jet_merchant, tmp_path):
    proxy = RecordingProxy(sandbox_server.base_url)
    store_path = tmp_path / "store.sqlite3"
    ensure_demo_store(f"sqlite:///{store_path}", "oc_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JETCART_", "DJANGO_"))}
    env.update({"JETCART_DATA_DIR": str(tmp_path / "data"), "JETCART_STORE_URL": f"sqlite:///{store_path}",
                "JETCART_STORE_PREFIX": "oc_", "JETCART_LOG_LEVEL": "DEBUG"})  # a line per Jet call
    assert jetcart("migrate", "-v0", env=env).wait(timeout=120) == 0
    setup = jetcart("shell", "-c", SETUP.format(url=proxy.base_url, user=jet_merchant.user,
                                                secret=jet_merchant.secret), env=env)
    assert setup.wait(timeout=120) == 0, setup.stdout.read()

    client = JetClient(sandbox_server.base_url, jet_merchant.user, jet_merchant.secret)
    node = jet_merchant.fulfillment_node_id
    for sku in ("HTC-TOUCH", "IPOD-CLASSIC", "NOT-LISTED"):
        client.products.put(sku, product_body(product_title=sku))
        client.products.put_price(sku, {"price": 30.0})
        client.products.patch_inventory(sku, {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 99}]})
    accepted = client.orders.generate(6, {"fulfillment_node": node, "items": [{"sku": "HTC-TOUCH", "order_quantity": 1},
                                                                              {"sku": "IPOD-CLASSIC",
                                                                               "order_quantity": 1}]})
    rejected = client.orders.generate(2, {"fulfillment_node": node, "items": [{"sku": "NOT-LISTED", "order_quantity": 1}]})
    directed = client.orders.generate(2, {"fulfillment_node": node, "items": [
        {"sku": "HTC-TOUCH", "order_quantity": 2, "order_cancel_quantity": 1}]})
    everything = accepted + rejected + directed

    rng = random.Random(20261127)
    interrupted = 0
    runs = 0
    while runs < 12 and interrupted < 4:
        # Kill after a random number of log lines (Jet calls, activity events), a moment later: mid-work.
        runs += 1
        run = jetcart("orders", "fetch", env=env)
        target, seen = rng.randint(1, 40), 0
        for line in run.stdout:
            seen += "jetcart." in line
            if seen >= target:
                time.sleep(rng.uniform(0, 0.05))
                if run.poll() is None:
                    run.kill()
                    interrupted += 1
                break
        run.communicate(timeout=60)
    # A killed worker's leases (2 minutes in the connector, and in the gateway's journal) run out: skip ahead.
    connector = sqlite3.connect(tmp_path / "data" / "jetcart.sqlite3")
    with connector:
        connector.execute("UPDATE connector_outboxmessage SET lease_until = NULL")
        connector.execute("UPDATE connector_jetorder SET import_lease_until = NULL")
    store = sqlite3.connect(store_path)
    with store:
        store.execute("UPDATE oc_jetcart_order SET claimed_at = '2000-01-01 00:00:00' WHERE state != 'done'")
    final = jetcart("orders", "fetch", env=env)
    output = final.communicate(timeout=120)[0]
    assert final.returncode == 0, output
    again = jetcart("orders", "fetch", env=env)
    assert again.wait(timeout=120) == 0
    print(f"{interrupted} of {runs} runs of `jetcart orders fetch` were killed mid-work")
    assert interrupted >= 3, "too few runs were killed mid-way to prove anything"

    rows = dict(connector.execute("SELECT merchant_order_id, store_order_id FROM connector_jetorder"))
    assert set(rows) == set(everything)  # nothing lost
    store_orders = store.execute("SELECT order_id FROM oc_order").fetchall()
    created = [rows[m] for m in accepted + directed]
    assert None not in created and len(set(created)) == len(created) == len(store_orders)  # each created once
    assert all(rows[m] is None for m in rejected)
    for moid in everything:
        acks = proxy.puts("acknowledge", moid)
        assert acks.count(201) == 1 and not [s for s in acks if 400 <= s < 500], (moid, acks)
    for moid in directed:
        ships = proxy.puts("shipped", moid)
        assert [s for s in ships if s < 300] == [201] and not [s for s in ships if 400 <= s < 500], (moid, ships)
        assert client.orders.get(moid).units_accounted() == {"HTC-TOUCH": 1}
    states = connector.execute("SELECT state, COUNT(*) FROM connector_outboxmessage GROUP BY state").fetchall()
    assert states == [("confirmed", len(everything) + len(directed))]
    client.close()
    proxy.close()
