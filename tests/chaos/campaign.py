"""The standing fault-and-crash campaign (`make chaos`, issue 19): on MariaDB, N Jet orders go through import,
acknowledgement, partial and full shipment, cancel, return completion and refund while the sandbox injects API
faults and the working process is SIGKILLed M times at random moments, including inside every outbox follow-up
after Jet's confirmation. Then it checks and prints: Jet orders vs OpenCart orders, Jet calls per intended
change, stock against what OpenCart would hold, and records left in a non-final state.

    python -m tests.chaos.campaign --orders 600 --kills 50      (or: make chaos CHAOS_ARGS="--orders 600 --kills 50")

Every working step runs as its own process (`tests/chaos/actor.py`) against the real sandbox over HTTP, through a
recording proxy (`tests/fixtures/jet_proxy.py`). After a kill, the dead process's leases are expired by hand
(what waiting out LEASE would do) before the next run, so a campaign takes minutes, not hours.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.chaos.plan import FATES, Plan
from tests.fixtures.jet_proxy import JetProxy

ROOT = Path(__file__).resolve().parents[2]
# merchant SKU → (OpenCart product id, option value ids): the demo store's simple HTC Touch HD and the Canon EOS 5D
# configured by colour, each colour an option value with its own stock.
LISTED = {"HTC-TOUCH": (28, []), "CANON-RED": (30, [15]), "CANON-BLUE": (30, [16])}
NOT_LISTED = "SOMEONE-ELSES"
LEASE_SECONDS = 120  # the outbox lease (connector/outbox.py): how long a killed process's rows stay held
FOLLOW_UPS = {"fetch": ["ack"], "ship": ["ship", "cancel"], "returns": ["return_complete"], "refunds": ["refund"]}
SHARE_OF_KILLS = {"fetch": 0.5, "ship": 0.25, "returns": 0.125, "refunds": 0.125}
SETUP = """
from jetcart.connector.models import JetConfiguration, JetListing, ListingKind
c = JetConfiguration.load()
c.api_url, c.api_user, c.api_secret, c.auto_acknowledge = {url!r}, {user!r}, {secret!r}, True
c.fulfillment_node_id = {node!r}
c.return_address1, c.return_city, c.return_state, c.return_postcode = "1 Main St", "Midvale", "UT", "84047"
c.restock_returns = False
c.save()
for sku, (product_id, values) in {listed!r}.items():
    JetListing.objects.create(merchant_sku=sku, product_id=product_id, option_value_ids=values,
                              kind=ListingKind.CHILD if values else ListingKind.SIMPLE,
                              combination_key="-".join(map(str, values)))
"""


@dataclass
class Options:
    orders: int = 600
    kills: int = 50
    faults: float = 0.2
    option_stock: int | None = None  # units of each colour; default: 40 % of the orders (the last ones run out)
    seed: int = 20261207
    mariadb: str = os.environ.get("JETCART_TEST_MARIADB_URL") or "mysql+pymysql://root@127.0.0.1:3306"
    max_runs: int = 400


@dataclass
class Report:
    figures: dict[str, object] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def check(self, name: str, value: object, expected: object = 0) -> None:
        self.figures[name] = value
        if value != expected:
            self.failures.append(f"{name}: {value} (expected {expected})")

    def text(self) -> str:
        width = max(len(name) for name in self.figures)
        lines = [f"{name.ljust(width)}  {value}" for name, value in self.figures.items()]
        lines.append("RESULT: " + ("all checks passed" if self.ok else "FAILED: " + "; ".join(self.failures)))
        return "\n".join(lines)


class Campaign:
    def __init__(self, options: Options, sandbox, workdir: Path, *, log=print):
        self.o, self.sandbox, self.workdir, self.log = options, sandbox, workdir, log
        self.rng = random.Random(options.seed)
        self.kills: Counter = Counter()
        self.runs = 0
        self.spared = 0  # random kills not made: the phase's work was done before they could land
        self.t0 = time.monotonic()
        self.tracebacks: list[str] = []
        self.kill_lines: list[int] = []  # the line each random kill landed after
        self.last_lines = 0
        # lines a run prints per unit of a phase's work left (a line per Jet call and per event), first guesses;
        # each run that does work corrects them, and kills are drawn within units left × lines per unit
        self.lines_per_unit = {"fetch": 5.0, "ship": 3.0, "returns": 3.0, "refunds": 3.0}
        self.returned: list[str] = []

    # ---- setup -----------------------------------------------------------------------------------------------

    def setup(self) -> None:
        from jetcart.jet.client import JetClient
        from jetcart.store.demo import ensure_demo_store
        from tests.sandbox.helpers import product_body

        label = f"chaos{uuid.uuid4().hex[:8]}"
        admin = create_engine(self.o.mariadb + "/", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for suffix in ("c", "s"):
                conn.execute(text(f"CREATE DATABASE {label}_{suffix} CHARACTER SET utf8mb4"))
        admin.dispose()
        self.databases = [f"{label}_c", f"{label}_s"]
        self.connector_url, self.store_url = (f"{self.o.mariadb}/{name}" for name in self.databases)
        ensure_demo_store(self.store_url, "oc_")
        self.connector, self.store = create_engine(self.connector_url), create_engine(self.store_url)
        option_stock = self.o.option_stock if self.o.option_stock is not None else max(self.o.orders * 2 // 5, 1)
        with self.store.begin() as conn:  # enough of everything but the colours, which run out near the end
            conn.execute(text("UPDATE oc_product SET quantity = 100000, subtract = 1, status = 1 "
                              "WHERE product_id IN (28, 30)"))
            conn.execute(text("UPDATE oc_product_option_value SET quantity = :q, subtract = 1 "
                              "WHERE product_option_value_id IN (15, 16)"), {"q": option_stock})
        self.initial_stock = self.stock()
        self.merchant = self.sandbox.new_merchant(name="chaos")
        self.proxy = JetProxy(self.sandbox.base_url)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("JETCART_", "DJANGO_"))}
        django_url = self.connector_url.replace("mysql+pymysql://", "mysql://", 1)  # the spelling Django reads
        self.env.update({"JETCART_DATA_DIR": str(self.workdir / "data"), "JETCART_DATABASE_URL": django_url,
                         "JETCART_STORE_URL": self.store_url, "JETCART_STORE_PREFIX": "oc_",
                         "JETCART_LOG_LEVEL": "INFO",
                         "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")})
        self._jetcart("migrate", "-v0")
        node = self.merchant.fulfillment_node_id
        self._jetcart("shell", "-c", SETUP.format(url=self.proxy.base_url, user=self.merchant.user,
                                                  secret=self.merchant.secret, node=node, listed=LISTED))
        self.client = JetClient(self.sandbox.base_url, self.merchant.user, self.merchant.secret)
        for sku in [*LISTED, NOT_LISTED]:
            self.client.products.put(sku, product_body(product_title=f"Item {sku}"))
            self.client.products.put_price(sku, {"price": 25.0})
            self.client.products.patch_inventory(sku, {"fulfillment_nodes": [
                {"fulfillment_node_id": node, "quantity": 100000}]})
        self.generated: list[str] = []
        skus = list(LISTED)
        while len(self.generated) < self.o.orders:
            if len(self.generated) >= len(FATES) and self.rng.random() < 0.05:  # the first ones show every fate
                items = {NOT_LISTED: 1}
            else:
                items = {sku: self.rng.randint(1, 3) for sku in self.rng.sample(skus, self.rng.randint(1, 2))}
            count = 1 if len(self.generated) < len(FATES) else self.rng.randint(1, 4)
            count = min(count, self.o.orders - len(self.generated))
            self.generated += self.client.orders.generate(count, {"fulfillment_node": node, "items": [
                {"sku": sku, "order_quantity": qty} for sku, qty in items.items()]})
        self.plan = Plan.draw(self.generated, self.rng)
        self.plan.save(self.workdir / "plan.json")
        self.env["CHAOS_PLAN"] = str(self.workdir / "plan.json")
        self.log(f"chaos: {len(self.generated)} Jet orders generated; connector {self.databases[0]}, "
                 f"store {self.databases[1]} on {self.o.mariadb}")

    def _jetcart(self, *args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "jetcart", *args], env=self.env, capture_output=True, text=True,
                              timeout=600)
        if done.returncode:
            raise RuntimeError(f"jetcart {' '.join(args[:2])}: {done.stdout[-2000:]}{done.stderr[-2000:]}")

    def faults(self, on: bool) -> None:
        share = self.o.faults / 4
        faults = {"500": share, "503": share, "429": share, "drop": share} if on and self.o.faults else {}
        self.sandbox.set_controls(self.merchant, faults=faults, fault_seed=self.rng.randint(1, 10**6),
                                  rate_limit=1000, rate_burst=2000)

    # ---- running steps, killing them ---------------------------------------------------------------------------

    def run_step(self, step: str, *, kill_at_line: int = 0, follow_up: str = "") -> str:
        """Runs one step; returns how it ended: `done`, `crashed` (a traceback), `killed` (SIGKILLed by the campaign
        once it had printed `kill_at_line` lines: a line per Jet call or event, so mid-work), `killed-in-follow-up`."""
        env = dict(self.env, CHAOS_KILL_FOLLOW_UP=follow_up)
        self.log(f"chaos [{time.monotonic() - self.t0:5.0f} s]: {step}"
                 + (f" (SIGKILL after {kill_at_line} lines)" if kill_at_line else "")
                 + (f" (SIGKILL inside the {follow_up} follow-up)" if follow_up else ""))
        process = subprocess.Popen([sys.executable, "-m", "tests.chaos.actor", step], env=env, cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines: list[str] = []
        for line in process.stdout:
            lines.append(line)
            if kill_at_line and len(lines) >= kill_at_line and process.poll() is None:
                time.sleep(self.rng.uniform(0, 0.05))
                process.kill()
                break
        process.communicate(timeout=900)
        output = "".join(lines)
        self.last_lines = len(lines)
        if process.returncode == -9:
            self.expire_leases()
            if "CHAOS killed in" in output:
                self.kills[f"in {follow_up} follow-up"] += 1
                return "killed-in-follow-up"
            self.kills["at a random moment"] += 1
            self.kill_lines.append(len(lines))
            return "killed"
        self.runs += 1
        if process.returncode != 0:  # a traceback: a finding of its own, reported at the end
            self.tracebacks.append(f"{step}: exit {process.returncode}: {output.strip()[-1500:]}")
            self.log(f"chaos: step {step} ended with exit {process.returncode}:\n{output[-3000:]}")
            return "crashed"
        return "done"

    def expire_leases(self) -> None:
        """What waiting out the dead process's leases would do (no other process is running now). A lease lasts
        minutes, so by the time it runs out the dead process's last call, which the proxy forwards to its end, has
        been answered: that call is waited for first, or the next run could read Jet back before the call lands,
        re-send, and be refused as a duplicate (a race the real lease never lets happen)."""
        if not self.proxy.wait_idle(timeout=LEASE_SECONDS):
            self.log(f"chaos: a killed process's call was still in flight after {LEASE_SECONDS} s")
        with self.connector.begin() as conn:
            conn.execute(text("UPDATE connector_outboxmessage SET lease_until = NULL"))
            conn.execute(text("UPDATE connector_jetorder SET import_lease_until = NULL"))
            conn.execute(text("UPDATE connector_jetreturn SET store_lease_until = NULL"))
        with self.store.begin() as conn:
            conn.execute(text("UPDATE oc_jetcart_order SET claimed_at = '2000-01-01 00:00:00' WHERE state != 'done'"))

    def phase(self, step: str, kills: int, settled) -> None:
        """Runs `step` under faults until `settled()`: first one kill inside each of its follow-ups, then `kills`
        kills at random moments of a run's work, then runs left alone."""
        self.faults(True)
        for target in FOLLOW_UPS[step]:
            for _ in range(3):  # until the follow-up is reached (the faults may keep Jet from confirming)
                if self.run_step(step, follow_up=target) == "killed-in-follow-up":
                    break
        left, tries, runs = kills, 0, 0
        while left > 0 and tries < 3 * kills:  # a kill at a random moment of a run's work
            tries += 1
            # each kill lands on average 1/(6 × kills left) of the way into the work left (units the database shows
            # unsettled × lines a run prints per unit), so all of them cut runs short mid-work and the rest is done
            # by the runs after them
            before = self.work_left(step)
            reach = max(int(before * self.lines_per_unit[step] / (3 * (left + 1))), 2)
            ended = self.run_step(step, kill_at_line=self.rng.randint(1, reach))
            self.learn(step, before, self.last_lines)
            if ended == "killed":
                left -= 1
            elif settled():  # the run finished first and nothing is left: a kill now would hit an idle run
                break
        if left:
            self.log(f"chaos: {left} of the {kills} random kills of {step} found no work left to cut short")
            self.spared += left
        while runs < self.o.max_runs:
            runs += 1
            if runs > 30:  # the faults alone keep it from settling: let it finish without them
                self.faults(False)
            if self.run_step(step) == "done" and settled():
                break
        else:
            self.log(f"chaos: step {step} did not settle in {runs} runs")
        self.faults(False)

    def learn(self, step: str, before: int, printed: int) -> None:
        """Corrects the lines a run prints per unit of work from a run that did some of it."""
        done = before - self.work_left(step)
        if done > 0 and printed > 0:
            self.lines_per_unit[step] = (self.lines_per_unit[step] + printed / done) / 2

    def work_left(self, step: str) -> int:
        """Units of a phase's work the database shows unsettled: orders (fetch), orders and shipments (ship), returns,
        refunds; each with its outbox messages not yet followed up."""
        outbox = self.count("SELECT COUNT(*) FROM connector_outboxmessage WHERE followed_up_at IS NULL")
        if step == "fetch":
            done = self.count("SELECT COUNT(*) FROM connector_jetorder WHERE decision != '' AND ack_state = 'done' "
                              "AND (decision = 'reject' OR store_order_id IS NOT NULL)")
            return max(len(self.generated) - done, 0) + outbox
        if step == "ship":
            return self.count("SELECT COUNT(*) FROM connector_jetorder WHERE decision = 'accept' AND is_cancelled = 0 "
                              "AND jet_status != 'complete'") + self.count(
                "SELECT COUNT(*) FROM connector_jetshipment WHERE store_noted = 0") + outbox
        if step == "returns":
            done = self.count("SELECT COUNT(*) FROM connector_jetreturn WHERE state = 'completed' AND store_completed = 1")
            return max(len(self.returned) - done, 0) + outbox
        done = self.count("SELECT COUNT(*) FROM connector_jetrefund WHERE state IN ('accepted', 'rejected') "
                          "AND store_noted = 1")
        return max(len(self.plan.refunded & set(self.shipped())) - done, 0) + outbox

    def count(self, query: str, **params) -> int:
        with self.connector.connect() as conn:
            return int(conn.execute(text(query), params).scalar() or 0)

    def orders_settled(self) -> bool:
        return self.count("SELECT COUNT(*) FROM connector_jetorder") >= len(self.generated) and not self.count(
            "SELECT COUNT(*) FROM connector_jetorder WHERE is_cancelled = 0 AND (decision = '' OR ack_state != 'done' "
            "OR (decision = 'accept' AND store_order_id IS NULL))") and self.outbox_settled()

    def outbox_settled(self) -> bool:
        return not self.count("SELECT COUNT(*) FROM connector_outboxmessage WHERE followed_up_at IS NULL")

    def shipping_settled(self) -> bool:
        return not self.count(
            "SELECT COUNT(*) FROM connector_jetorder WHERE decision = 'accept' AND is_cancelled = 0 AND "
            "jet_status != 'complete'") and self.outbox_settled() and not self.count(
            "SELECT COUNT(*) FROM connector_jetshipment WHERE store_noted = 0")

    def returns_settled(self) -> bool:
        return not self.count("SELECT COUNT(*) FROM connector_jetreturn WHERE state != 'completed' OR "
                              "store_completed = 0") and self.outbox_settled()

    def refunds_settled(self) -> bool:
        return not self.count("SELECT COUNT(*) FROM connector_jetrefund WHERE state NOT IN ('accepted', 'rejected') "
                              "OR store_noted = 0") and self.outbox_settled()

    def shipped(self) -> list[str]:
        """Jet orders complete with units shipped."""
        with self.connector.connect() as conn:
            return [row[0] for row in conn.execute(text(
                "SELECT DISTINCT o.merchant_order_id FROM connector_jetorder o JOIN connector_jetorderline l "
                "ON l.order_id = o.id WHERE o.jet_status = 'complete' AND l.shipped > 0"))]

    def ask_for_returns(self) -> list[str]:
        returned = [moid for moid in self.shipped() if moid in self.plan.returned]
        for moid in returned:
            self.client.returns.generate(moid)
        return returned

    # ---- the campaign ------------------------------------------------------------------------------------------

    def run(self) -> Report:
        started = time.monotonic()
        self.setup()
        # one kill inside each follow-up, the rest at random moments, shared among the phases: --kills in all
        random_kills = max(self.o.kills - sum(len(targets) for targets in FOLLOW_UPS.values()), 0)
        timed = {step: int(random_kills * share) for step, share in SHARE_OF_KILLS.items()}
        timed["fetch"] += random_kills - sum(timed.values())
        self.phase("fetch", timed["fetch"], self.orders_settled)
        self.phase("ship", timed["ship"], self.shipping_settled)
        self.faults(False)
        returned = self.returned = self.ask_for_returns()
        self.phase("returns", timed["returns"], self.returns_settled)
        self.phase("refunds", timed["refunds"], self.refunds_settled)
        for step in ("fetch", "returns", "refunds"):  # one last quiet pass of every schedule
            self.run_step(step)
        report = self.check(returned)
        report.figures["duration"] = f"{time.monotonic() - started:.0f} s"
        return report

    def stock(self) -> dict[str, int]:
        with self.store.connect() as conn:
            rows = list(conn.execute(text("SELECT product_id, quantity FROM oc_product WHERE product_id IN (28, 30)")))
            rows += [(f"option value {v}", q) for v, q in conn.execute(text(
                "SELECT product_option_value_id, quantity FROM oc_product_option_value "
                "WHERE product_option_value_id IN (15, 16)"))]
        return {str(key): int(quantity) for key, quantity in rows}

    def check(self, returned: list[str]) -> Report:
        report = Report()
        report.figures["Jet orders generated"] = len(self.generated)
        kills = sum(self.kills.values())
        report.figures["SIGKILLs"] = f"{kills} ({', '.join(f'{n} {k}' for k, n in sorted(self.kills.items()))})"
        report.figures["random kills not made (no work left)"] = self.spared
        if self.kill_lines:
            ordered = sorted(self.kill_lines)
            report.figures["random kills: lines before the kill (min / median / max)"] = (
                f"{ordered[0]} / {ordered[len(ordered) // 2]} / {ordered[-1]}")
        report.figures["runs completed"] = self.runs
        report.figures["Jet calls (through the proxy)"] = len(self.proxy.calls)
        statuses = Counter(s for *_, s in self.proxy.calls)
        report.figures["Jet answers 5xx / 429 / dropped"] = (
            f"{sum(n for s, n in statuses.items() if s >= 500)} / {statuses[429]} / {statuses[0]}")
        with self.connector.connect() as conn:
            orders = {row.merchant_order_id: row for row in conn.execute(text(
                "SELECT merchant_order_id, decision, store_order_id, ack_state, import_state, is_cancelled, "
                "jet_status, store_status_id FROM connector_jetorder"))}
            shipments = Counter(row[0] for row in conn.execute(text(
                "SELECT o.merchant_order_id FROM connector_jetshipment s JOIN connector_jetorder o "
                "ON o.id = s.order_id")))
            unconfirmed_shipments = conn.execute(text(
                "SELECT COUNT(*) FROM connector_jetshipment WHERE state != 'confirmed' OR store_noted = 0")).scalar()
            returns = [row[0] for row in conn.execute(text(
                "SELECT merchant_return_authorization_id FROM connector_jetreturn"))]
            open_returns = conn.execute(text("SELECT COUNT(*) FROM connector_jetreturn WHERE state != 'completed' "
                                             "OR store_completed = 0")).scalar()
            refunds = [row[0] for row in conn.execute(text("SELECT alt_refund_id FROM connector_jetrefund"))]
            open_refunds = conn.execute(text("SELECT COUNT(*) FROM connector_jetrefund WHERE state NOT IN "
                                             "('accepted', 'rejected') OR store_noted = 0")).scalar()
            outbox = Counter(f"{k}:{s}" for k, s in conn.execute(text(
                "SELECT kind, state FROM connector_outboxmessage")))
            unfinished = conn.execute(text(
                "SELECT COUNT(*) FROM connector_outboxmessage WHERE state != 'confirmed' OR followed_up_at IS NULL"
            )).scalar()
        with self.store.connect() as conn:
            store_orders = {row[0]: row[1] for row in conn.execute(text("SELECT order_id, order_status_id FROM oc_order"))}
            journal = conn.execute(text("SELECT COUNT(*) FROM oc_jetcart_order WHERE state != 'done'")).scalar()
        accepted = [moid for moid, row in orders.items() if row.decision == "accept"]
        bound = [row.store_order_id for row in orders.values() if row.store_order_id]
        report.figures["accepted / rejected (no inventory or not listed)"] = (
            f"{len(accepted)} / {sum(1 for row in orders.values() if row.decision == 'reject')}")
        report.check("Jet orders missing in jetcart", len(set(self.generated) - set(orders)))
        report.check("accepted orders missing in OpenCart", sum(1 for m in accepted if not orders[m].store_order_id))
        report.check("OpenCart orders duplicated (not bound to one Jet order)",
                     len(store_orders) - len(set(bound)) + (len(bound) - len(set(bound))))

        acks = Counter(p.split("/orders/")[1].split("/")[0] for m, p, s in self.proxy.calls
                       if m == "PUT" and p.endswith("/acknowledge") and 200 <= s < 300)
        report.check("orders not acknowledged exactly once", sum(1 for moid in self.generated if acks[moid] != 1))
        ships = Counter(p.split("/orders/")[1].split("/")[0] for m, p, s in self.proxy.calls
                        if m == "PUT" and p.endswith("/shipped") and 200 <= s < 300)
        report.figures["shipments and cancels intended / sent"] = f"{sum(shipments.values())} / {sum(ships.values())}"
        report.check("orders whose shipments and cancels were not each sent once",
                     sum(1 for moid in set(shipments) | set(ships) if shipments[moid] != ships[moid]))
        completes = Counter(p.split("/returns/")[1].split("/")[0] for m, p, s in self.proxy.calls
                            if m == "PUT" and p.endswith("/complete") and 200 <= s < 300)
        report.figures["returns asked / completed"] = f"{len(returned)} / {len(returns)}"
        report.check("returns not in jetcart", len(returned) - len(returns))
        report.check("returns not completed exactly once", sum(1 for r in returns if completes[r] != 1))
        refund_posts = Counter(p.rstrip("/").rsplit("/", 1)[-1] for m, p, s in self.proxy.calls
                               if m == "POST" and "/refunds/" in p and 200 <= s < 300)
        report.figures["refunds"] = len(refunds)
        report.check("refunds not sent exactly once", sum(1 for r in refunds if refund_posts[r] != 1))
        refused = [f"{m} {p} {s}" for m, p, s in self.proxy.calls if m in ("PUT", "POST") and 400 <= s < 500 and s != 429]
        report.check("state-changing calls Jet refused (4xx)", len(refused))
        if refused:  # which ones: a finding to follow up
            report.figures["the refused calls (first 10)"] = "; ".join(refused[:10])
        report.check("runs that ended in a traceback", len(self.tracebacks))

        expected = dict(self.initial_stock)
        stock_statuses = self._stock_statuses()
        with self.store.connect() as conn:
            for product_id, quantity in conn.execute(text(
                    "SELECT op.product_id, SUM(op.quantity) FROM oc_order_product op JOIN oc_order o "
                    "ON o.order_id = op.order_id WHERE o.order_status_id IN :s GROUP BY op.product_id").bindparams(
                    s=tuple(stock_statuses))):
                expected[str(product_id)] -= int(quantity)
            for value_id, quantity in conn.execute(text(
                    "SELECT oo.product_option_value_id, SUM(op.quantity) FROM oc_order_option oo JOIN oc_order_product "
                    "op ON op.order_product_id = oo.order_product_id JOIN oc_order o ON o.order_id = oo.order_id "
                    "WHERE o.order_status_id IN :s GROUP BY oo.product_option_value_id").bindparams(
                    s=tuple(stock_statuses))):
                expected[f"option value {value_id}"] -= int(quantity)
        actual = self.stock()
        report.figures["stock (actual vs what OpenCart would hold)"] = ", ".join(
            f"{key}: {actual[key]}/{expected[key]}" for key in sorted(actual))
        report.check("stock figures off", sum(1 for key in actual if actual[key] != expected[key]))

        report.figures["outbox messages by kind:state"] = ", ".join(f"{k} {n}" for k, n in sorted(outbox.items()))
        stuck = (unfinished + unconfirmed_shipments + open_returns + open_refunds + journal
                 + sum(1 for row in orders.values() if row.ack_state != "done" and not row.is_cancelled)
                 + sum(1 for row in orders.values() if row.decision == "accept" and row.jet_status != "complete"))
        report.check("records left in a non-final state", stuck)
        wrong_status = sum(1 for row in orders.values() if row.store_order_id and
                           store_orders.get(row.store_order_id) != row.store_status_id)
        report.check("OpenCart orders whose status differs from what jetcart set", wrong_status)
        return report

    def _stock_statuses(self) -> set[int]:
        from jetcart.store.gateway import StoreGateway

        gateway = StoreGateway.connect(self.store_url, "oc_")
        try:
            return set(gateway.settings.stock_status_ids)
        finally:
            gateway.close()

    def close(self) -> None:
        for name in ("proxy", "client"):
            if hasattr(self, name):
                getattr(self, name).close()
        for name in ("connector", "store"):
            if hasattr(self, name):
                getattr(self, name).dispose()


def drop_databases(options: Options, names: list[str]) -> None:
    admin = create_engine(options.mariadb + "/", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    admin.dispose()


def run_campaign(options: Options, sandbox, *, log=print, keep: bool = False) -> Report:
    with tempfile.TemporaryDirectory(prefix="jetcart-chaos-") as workdir:
        campaign = Campaign(options, sandbox, Path(workdir), log=log)
        try:
            return campaign.run()
        finally:
            campaign.close()
            if hasattr(campaign, "databases") and not keep:
                drop_databases(options, campaign.databases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make chaos", description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=600, help="Jet orders generated")
    parser.add_argument("--kills", type=int, default=50,
                        help="SIGKILLs: one inside each outbox follow-up, the rest at random moments of the work")
    parser.add_argument("--faults", type=float, default=0.2, help="share of Jet calls answered with a fault")
    parser.add_argument("--option-stock", type=int, default=None, help="units of each colour option value")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--keep", action="store_true", help="keep the MariaDB databases for inspection")
    args = parser.parse_args(argv)
    options = Options(orders=args.orders, kills=args.kills, faults=args.faults, option_stock=args.option_stock,
                      seed=args.seed)
    from tests.fixtures.sandbox import start_sandbox, stop_sandbox

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still drop the databases and the sandbox
    sandbox = start_sandbox()
    try:
        report = run_campaign(options, sandbox, keep=args.keep)
    finally:
        stop_sandbox(sandbox)
    print(report.text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
