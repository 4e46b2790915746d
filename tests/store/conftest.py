"""Gateway fixtures for the store tests: one open gateway per store target, shared by the session."""

from __future__ import annotations

import pytest

from tests.store.helpers import open_gateway


@pytest.fixture(scope="session")
def gateways():
    """gateways(target) → the session's StoreGateway on that target (opened once, closed at the end)."""
    opened = {}

    def get(target):
        if target.kind not in opened:
            opened[target.kind] = open_gateway(target)
        return opened[target.kind]

    yield get
    for gateway in opened.values():
        gateway.close()


VARIANT_ID = 9001  # a 4.x variant of Canon EOS 5D (product 30) fixing Select = Blue


@pytest.fixture(scope="session")
def oc4_variant(opencart4_store, gateways) -> int:
    """Adds a variant product to the 4.1.0.4 store once: master 30, variant {"226": "16"}, codes in product_code."""
    from tests.store.helpers import rows, scalar

    gateway = gateways(opencart4_store)
    if not scalar(gateway, "SELECT COUNT(*) FROM {p}product WHERE product_id = :i", i=VARIANT_ID):
        rows(gateway, "INSERT INTO {p}product (product_id, master_id, model, variant, override, quantity, price, "
                      "status, subtract, date_added, date_modified) VALUES (:i, 30, 'Product 3-B', '{\"226\":\"16\"}', "
                      "'{}', 40, 100, 1, 1, NOW(), NOW())", i=VARIANT_ID)
        rows(gateway, "INSERT INTO {p}product_description (product_id, language_id, name, description, tag, "
                      "meta_title, meta_description, meta_keyword) VALUES (:i, 1, 'Canon EOS 5D &amp; Blue', '', '', "
                      "'', '', '')", i=VARIANT_ID)
        rows(gateway, "INSERT INTO {p}product_code (product_id, code, value) VALUES (:i, 'upc', '012345678905'), "
                      "(:i, 'sku', 'CANON-BLUE')", i=VARIANT_ID)
    return VARIANT_ID
