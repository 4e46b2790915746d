"""The benchmark world: Django on a throw-away data folder, a synthetic store on MariaDB, the sandbox as its own
process, and the connector configured against both with the synthetic catalog mapped."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SERVER = "mysql+pymysql://root@127.0.0.1:3306"


def setup_django() -> Path:
    """Points Django at a fresh data folder (SQLite connector database) and migrates it."""
    data_dir = Path(tempfile.mkdtemp(prefix="jetcart-bench-"))
    os.environ["JETCART_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jetcart.site.settings"
    os.environ.setdefault("JETCART_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", database="default", verbosity=0)
    return data_dir


def server_url(given: str | None) -> str:
    from jetcart.store.connection import normalise_url

    url = given or os.environ.get("JETCART_TEST_MARIADB_URL") or DEFAULT_SERVER
    return normalise_url(url.rstrip("/")).split("?")[0]


def map_synthetic_catalog(store: Any) -> None:
    """Every store category to one Jet category, and the synthetic Color and Size options to Jet's."""
    from tests.fixtures.products_setup import SIZE, map_demo_catalog

    from jetcart.connector.models import OptionMapping, OptionValueMapping
    from jetcart.store.synthetic import COLOR_OPTION, COLORS, SIZE_OPTION, SIZES

    map_demo_catalog(store)  # categories, Jet's Color and Size attributes, Color values 49-52
    size, _ = OptionMapping.objects.update_or_create(store_option_id=SIZE_OPTION, defaults={
        "jet_attribute_id": SIZE, "store_option_name": "Size"})
    for value_id, name in SIZES:
        OptionValueMapping.objects.update_or_create(store_option_value_id=value_id, defaults={
            "option_mapping": size, "jet_value": name, "store_value_name": name})
    color = OptionMapping.objects.get(store_option_id=COLOR_OPTION)
    for value_id, name in COLORS:
        OptionValueMapping.objects.update_or_create(store_option_value_id=value_id, defaults={
            "option_mapping": color, "jet_value": name, "store_value_name": name})


@dataclass
class World:
    """Everything the scenarios run against."""

    data_dir: Path
    store_url: str
    store: Any  # StoreGateway
    sandbox: Any  # tests.fixtures.sandbox.SandboxServer
    merchant: Any  # SandboxMerchant
    client: Any  # JetClient
    products: int
    store_summary: str
    build_seconds: float

    def sql(self, statement: str, **params) -> list:
        from sqlalchemy import text

        with self.store.engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []


def store_database(server: str | None, database: str) -> tuple[Any, str]:
    """Creates the MariaDB database if needed; returns the admin engine (to drop it later) and the store's URL."""
    from sqlalchemy import create_engine, text

    server = server_url(server)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE IF NOT EXISTS `{database}` CHARACTER SET utf8mb4"))
    return admin, f"{server}/{database}"


def drop_database(admin: Any, database: str) -> None:
    from sqlalchemy import text

    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{database}`"))
    admin.dispose()


def fill_store(store_url: str, *, products: int, variant_share: float, reuse: bool) -> str:
    """Builds the synthetic store (a catalog last edited yesterday, not during the run), or keeps the one there
    with `reuse`; returns what was built."""
    from sqlalchemy import text

    from jetcart.store.build import store_state
    from jetcart.store.connection import make_engine
    from jetcart.store.synthetic import create_synthetic_store

    engine = make_engine(store_url)
    try:
        if reuse and store_state(engine, "oc_") == "store":
            return "reused"
        summary = str(create_synthetic_store(engine, "oc_", products=products, variant_share=variant_share,
                                             replace=True))
        with engine.begin() as conn:
            conn.execute(text("UPDATE oc_product SET date_added = date_added - INTERVAL 1 DAY, "
                              "date_modified = date_modified - INTERVAL 1 DAY"))
        return summary
    finally:
        engine.dispose()


def open_world(*, products: int, variant_share: float, server: str | None, database: str, reuse: bool,
               workers: int) -> tuple[World, Any]:
    """Builds (or reuses) the store, starts the sandbox and configures the connector; returns the world and
    the admin engine (to drop the database at the end)."""
    from django.conf import settings
    from tests.fixtures.products_setup import STORE_WEB_URL, configure_jet
    from tests.fixtures.sandbox import start_sandbox

    from jetcart.connector.models import JetConfiguration
    from jetcart.jet.client import JetClient
    from jetcart.store.gateway import StoreGateway

    data_dir = Path(os.environ["JETCART_DATA_DIR"])
    admin, store_url = store_database(server, database)
    started = time.perf_counter()
    summary = fill_store(store_url, products=products, variant_share=variant_share, reuse=reuse)
    build_seconds = time.perf_counter() - started
    sandbox = start_sandbox({"JETCART_SANDBOX_RATE_LIMIT": "0"})
    try:
        merchant = sandbox.new_merchant("benchmark")
        settings.JETCART_STORE_WEB_URL = STORE_WEB_URL
        settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX = store_url, "oc_"
        configure_jet(sandbox, merchant)
        config = JetConfiguration.load()
        config.auto_acknowledge = True
        config.return_address1, config.return_city, config.return_state, config.return_postcode = (
            "1 Main St", "Midvale", "UT", "84047")
        config.save()
        store = StoreGateway.connect(store_url, "oc_")
        map_synthetic_catalog(store)
        if reuse:  # a kept store carries the earlier run's installation id: the clone guard would pause writes
            from jetcart.connector.clone_guard import confirm

            confirm(by="benchmark --reuse")
        client = JetClient(sandbox.base_url, merchant.user, merchant.secret, rate_limits=None,
                           max_connections=max(10, workers * 2))
    except BaseException:
        close_sandbox(sandbox)
        raise
    count = store.counts().products
    return World(data_dir, store_url, store, sandbox, merchant, client, count, summary, build_seconds), admin


def close_sandbox(sandbox: Any) -> None:
    from tests.fixtures.sandbox import stop_sandbox

    stop_sandbox(sandbox)
    shutil.rmtree(sandbox.data_dir, ignore_errors=True)


def close_world(world: World) -> None:
    world.client.close()
    world.store.close()
    close_sandbox(world.sandbox)
