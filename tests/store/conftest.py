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
