"""Taxonomy values jetcart cannot guess: a node's level and (below the top) its parent, an attribute's `free_text`."""

from __future__ import annotations

import pytest

from jetcart.connector.models import AttributeKind, JetAttribute, JetCategory, TaxonomyImport
from jetcart.connector.taxonomy import api_import as taxonomy_api
from jetcart.connector.taxonomy.records import TaxonomyDataError
from tests.fakes.taxonomy import FakeTaxonomyReader

pytestmark = pytest.mark.django_db


def small_taxonomy() -> tuple[dict, dict]:
    nodes = {1: {"jet_node_id": 1, "jet_node_name": "Toys", "parent_id": 0, "jet_level": 0, "active": True},
             2: {"jet_node_id": 2, "jet_node_name": "Puzzles", "parent_id": 1, "jet_level": 1, "active": True},
             3: {"jet_node_id": 3, "jet_node_name": "3-D Puzzles", "parent_id": 2, "jet_level": 2, "active": True}}
    attributes = {3: [{"attribute_id": 45, "attribute_description": "Length", "free_text": True, "values": [],
                       "units": ["CM"]},
                      {"attribute_id": 31, "attribute_description": "Age Range", "free_text": False,
                       "values": ["Up to 2"], "units": []}]}
    return nodes, attributes


def test_should_import_a_top_level_node_without_parent_id_as_a_root():
    nodes, attributes = small_taxonomy()
    del nodes[1]["parent_id"]
    run = taxonomy_api.import_taxonomy_from_api(reader=FakeTaxonomyReader(nodes, attributes), workers=1)
    assert run.status == TaxonomyImport.Status.DONE
    assert JetCategory.objects.get(pk=1).parent_id in (None, 0)
    assert JetCategory.objects.get(pk=3).path == "Toys > Puzzles > 3-D Puzzles"
    assert JetAttribute.objects.get(pk=31).kind == AttributeKind.LIST


@pytest.mark.parametrize(("node_id", "field", "value"), [
    (2, "parent_id", None), (2, "parent_id", ""), (3, "jet_level", None), (2, "jet_level", "one"),
    (3, "parent_id", "x"),
])
def test_should_refuse_a_node_missing_its_level_or_parent_and_name_the_field(node_id, field, value):
    nodes, attributes = small_taxonomy()
    if value is None:
        del nodes[node_id][field]
    else:
        nodes[node_id][field] = value
    with pytest.raises(TaxonomyDataError, match=f"node {node_id}: {field}"):
        taxonomy_api.import_taxonomy_from_api(reader=FakeTaxonomyReader(nodes, attributes), workers=1)
    run = TaxonomyImport.objects.latest()
    assert run.status == TaxonomyImport.Status.FAILED and field in run.error
    assert not JetCategory.objects.filter(pk=node_id).exists()


@pytest.mark.parametrize("value", [None, "", "  "])
def test_should_refuse_an_attribute_without_free_text_rather_than_make_it_a_list(value):
    nodes, attributes = small_taxonomy()
    if value is None:
        del attributes[3][0]["free_text"]
    else:
        attributes[3][0]["free_text"] = value
    with pytest.raises(TaxonomyDataError, match="attribute 45: free_text is missing"):
        taxonomy_api.import_taxonomy_from_api(reader=FakeTaxonomyReader(nodes, attributes), workers=1)
    assert "free_text" in TaxonomyImport.objects.latest().error
    assert not JetAttribute.objects.filter(pk=45).exists()
