"""Fixtures shared by the connector tests."""

from __future__ import annotations

import pytest

from jetcart.connector.jet_and_store import override_gateways
from tests.fixtures.live_world import build_live_world


@pytest.fixture
def live(sandbox_server, jet_merchant, tmp_path):
    """The connector wired to a running sandbox and a demo store: Jet orders can be generated and fetched."""
    world = build_live_world(sandbox_server, jet_merchant, tmp_path / "store.sqlite3")
    with override_gateways(jet=world.client, store=world.gateway):
        yield world
    world.close()


@pytest.fixture
def mapping_store(tmp_path):
    """Jet's taxonomy imported from small files and the mapping fake store in place of the store gateway."""
    from jetcart.connector.taxonomy import categories as taxonomy
    from tests.fakes.mapping import write_taxonomy
    from tests.fakes.store import FakeStore

    taxonomy.import_taxonomy_from_files(path=write_taxonomy(tmp_path / "tax"))
    fake = FakeStore()
    with override_gateways(store=fake):
        yield fake
