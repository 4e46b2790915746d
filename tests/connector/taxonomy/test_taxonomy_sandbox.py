"""The full taxonomy imported from the sandbox over real HTTP, as from Jet."""

from __future__ import annotations

import time

import pytest

from jetcart.connector.configuration.jet_configuration import load_configuration
from jetcart.connector.models import JetCategory, TaxonomyImport
from jetcart.connector.taxonomy import api_import as taxonomy_api
from jetcart.connector.taxonomy import categories as taxonomy

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def connect_to(sandbox_server, merchant) -> None:
    """Saves the sandbox merchant's keys as the connector's Jet configuration."""
    config = load_configuration()
    config.api_url = sandbox_server.base_url
    config.api_user, config.api_secret = merchant.user, merchant.secret
    config.merchant_id, config.fulfillment_node_id = merchant.merchant_id, merchant.fulfillment_node_id
    config.save()


def test_should_import_the_full_taxonomy_from_the_sandbox(sandbox_server, jet_merchant):
    connect_to(sandbox_server, jet_merchant)
    started = time.monotonic()
    run = taxonomy_api.import_taxonomy_from_api()
    elapsed = time.monotonic() - started
    print(f"\nfull taxonomy from the sandbox in {elapsed:.1f} s: {taxonomy.taxonomy_counts()}")
    assert run.status == TaxonomyImport.Status.DONE
    counts = taxonomy.taxonomy_counts()
    assert counts["categories"] == 5340
    assert counts["attributes"] > 200 and counts["attribute_values"] > 5000 and counts["category_attributes"] > 17000
    puzzles = JetCategory.objects.get(pk=8000195)
    assert puzzles.path == "Toys & Games > Puzzles > 3-D Puzzles" and puzzles.accepts_products
    assert {a.name for a in taxonomy.category_attributes(8000195)} >= {"Age Range", "Color"}
