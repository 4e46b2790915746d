"""`jetcart store demo|synthetic` fill JETCART_STORE_URL and refuse a database that holds a store."""

from __future__ import annotations

from jetcart.site.cli import build_parser
from jetcart.store import StoreGateway


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


def test_store_demo_fills_the_configured_database_once(settings, empty_sqlite_store_url, capsys):
    settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX = empty_sqlite_store_url, "jc_"
    assert run(["store", "demo"]) == 0
    assert run(["store", "demo"]) == 1
    assert "already holds an OpenCart store with prefix 'jc_'; use --replace" in capsys.readouterr().err
    assert run(["store", "demo", "--replace"]) == 0
    with StoreGateway.connect(empty_sqlite_store_url, "jc_") as gateway:
        assert gateway.counts().products == 19


def test_store_synthetic_builds_n_products_with_options(settings, empty_sqlite_store_url, capsys):
    settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX = empty_sqlite_store_url, "oc_"
    assert run(["store", "synthetic", "--products", "300"]) == 0
    assert "300 products, 100 with Color/Size options" in capsys.readouterr().out
    with StoreGateway.connect(empty_sqlite_store_url, "oc_") as gateway:
        products = list(gateway.iter_products(batch_size=100))
    assert len(products) == 300
    candidates = [len(p.variant_candidates()) for p in products if p.options]
    assert len(candidates) == 100 and 3 <= sum(candidates) / len(candidates) <= 3.5
    assert run(["store", "synthetic", "--products", "0"]) == 2
