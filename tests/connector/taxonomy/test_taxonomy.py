"""Taxonomy import from Jet's files and from the API (through a reader), and the category selectors."""

from __future__ import annotations

import csv
import re

import pytest

from jetcart.connector.models import AttributeKind, JetAttribute, JetCategory, TaxonomyImport
from jetcart.connector.taxonomy import api_import as taxonomy_api
from jetcart.connector.taxonomy import categories as taxonomy
from jetcart.connector.taxonomy.files import TaxonomyFileError
from jetcart.connector.taxonomy.records import CategoryRecord
from tests.fakes.mapping import write_taxonomy
from tests.fakes.taxonomy import FakeTaxonomyReader
from tests.fixtures.stores import shared_dir

SHARED = shared_dir() / "data/jet-taxonomy/monarchjhaveri-ecommerce-web-admin-panel"

pytestmark = pytest.mark.django_db


def test_should_import_the_taxonomy_files_with_paths_leaves_and_units(tmp_path):
    run = taxonomy.import_taxonomy_from_files(path=write_taxonomy(tmp_path / "tax") / "categories.csv")
    assert run.status == TaxonomyImport.Status.DONE
    assert (run.categories, run.attributes, run.attribute_values) == (5, 4, 4)  # the duplicate value kept once
    assert run.category_attributes == 5  # the link to unknown attribute 999 is skipped
    leaf = JetCategory.objects.get(pk=8000195)
    assert leaf.path == "Toys & Games > Puzzles > 3-D Puzzles"
    assert leaf.is_leaf and leaf.accepts_products
    assert JetAttribute.objects.get(pk=45).units == ["CM", "IN"]
    assert JetAttribute.objects.get(pk=45).kind == AttributeKind.FREE_TEXT_WITH_UNIT


def test_should_say_why_a_category_cannot_take_products(tmp_path):
    taxonomy.import_taxonomy_from_files(path=write_taxonomy(tmp_path / "tax"))
    assert "subcategories" in JetCategory.objects.get(pk=8000194).browse_node_problem
    assert "deactivated" in JetCategory.objects.get(pk=500205).browse_node_problem
    assert list(taxonomy.search_categories(usable=True).values_list("pk", flat=True)) == [8000195, 8000196]
    assert [c.pk for c in taxonomy.search_categories(query="puzzles", level=2)] == [8000195, 8000196]


def test_should_list_a_categorys_attributes_with_values_and_units(tmp_path):
    taxonomy.import_taxonomy_from_files(path=write_taxonomy(tmp_path / "tax"))
    views = {a.attribute_id: a for a in taxonomy.category_attributes(8000195)}
    assert views[31].values == ["Up to 2", "Ages 3-5"] and views[31].kind_label == "List of values"
    assert views[45].units == ["CM", "IN"] and views[45].values == []
    assert views[50].name == "Size" and views[50].description == "Size - Free Text"


def test_should_name_the_missing_file(tmp_path):
    folder = write_taxonomy(tmp_path / "tax")
    (folder / "attributes.csv").unlink()
    with pytest.raises(TaxonomyFileError, match="attributes.csv is missing"):
        taxonomy.import_taxonomy_from_files(path=folder)


def test_should_import_again_without_duplicates(tmp_path):
    folder = write_taxonomy(tmp_path / "tax")
    taxonomy.import_taxonomy_from_files(path=folder)
    taxonomy.import_taxonomy_from_files(path=folder)
    assert taxonomy.taxonomy_counts() == {"categories": 5, "attributes": 4, "attribute_values": 4,
                                          "category_attributes": 5}


@pytest.mark.skipif(not SHARED.exists(), reason="the shared taxonomy dump is not on this machine")
def test_should_import_jets_full_taxonomy_files():
    run = taxonomy.import_taxonomy_from_files(path=SHARED)
    assert run.categories == 5340 and run.attributes == 309
    assert run.attribute_values == 6432  # 26,313 rows, many repeated
    assert JetCategory.objects.get(pk=3000019).is_leaf is False


def _api_nodes(count: int) -> tuple[dict, dict]:
    nodes = {1000000: {"jet_node_id": 1000000, "jet_node_name": "Books", "parent_id": 0, "jet_level": 0,
                       "jet_node_path": "Books", "active": True}}
    attributes = {}
    for i in range(1, count):
        node_id = 1000000 + i
        nodes[node_id] = {"jet_node_id": node_id, "jet_node_name": f"Node {i}", "parent_id": 1000000,
                          "jet_level": 1, "jet_node_path": f"Node {i}/Books", "active": i % 7 != 0,
                          "suggested_tax_code": "Generic Taxable Product"}
        attributes[node_id] = [
            {"attribute_id": 31, "attribute_description": "Age Range", "free_text": False, "variant": True,
             "values": ["Up to 2", "Ages 3-5"], "units": []},
            {"attribute_id": 45, "attribute_description": "Length", "free_text": True, "variant": False,
             "values": [], "units": ["CM", "IN"]},
        ]
    return nodes, attributes


def test_should_import_from_the_api_and_rebuild_root_first_paths():
    nodes, attributes = _api_nodes(1200)  # more than one page of links
    run = taxonomy_api.import_taxonomy_from_api(reader=FakeTaxonomyReader(nodes, attributes), workers=4)
    assert run.status == TaxonomyImport.Status.DONE and run.categories == 1200
    node = JetCategory.objects.get(pk=1000007)
    assert node.path == "Books > Node 7" and node.active is False and node.suggested_tax_code
    assert JetAttribute.objects.get(pk=45).kind == AttributeKind.FREE_TEXT_WITH_UNIT
    assert run.category_attributes == 2 * 1199


def test_should_resume_an_interrupted_api_import_without_fetching_stored_nodes_again():
    nodes, attributes = _api_nodes(1200)
    with pytest.raises(ConnectionError):
        taxonomy_api.import_taxonomy_from_api(reader=FakeTaxonomyReader(nodes, attributes, fail_after=700), workers=1)
    assert TaxonomyImport.objects.latest().status == TaxonomyImport.Status.FAILED
    stored = JetCategory.objects.filter(attributes_imported=True).count()
    assert stored == 500  # one saved batch
    second = FakeTaxonomyReader(nodes, attributes)
    run = taxonomy_api.import_taxonomy_from_api(reader=second, workers=4)
    assert run.status == TaxonomyImport.Status.DONE
    assert len(second.reads) == 1200 - stored
    assert JetCategory.objects.filter(attributes_imported=True).count() == 1200


def test_should_update_stored_categories_in_place_and_keep_what_the_import_did_not_send(tmp_path):
    taxonomy.import_taxonomy_from_files(path=write_taxonomy(tmp_path / "tax"))
    assert JetCategory.objects.get(pk=8000195).attributes_imported
    taxonomy.save_categories([CategoryRecord(8000195, "3D Puzzles", 8000194, 2, amazon_node_ids=[7, 8]),
                              CategoryRecord(8000197, "Floor Puzzles", 8000194, 2)])
    renamed = JetCategory.objects.get(pk=8000195)
    assert (renamed.name, renamed.amazon_node_ids, renamed.path) == ("3D Puzzles", [7, 8], "")
    assert renamed.attributes_imported and renamed.is_leaf  # not columns of the upsert: left as they were
    assert JetCategory.objects.get(pk=8000197).attributes_imported is False  # a new row takes the defaults
    assert taxonomy.complete_category_tree() == 2
    assert JetCategory.objects.get(pk=8000195).path == "Toys & Games > Puzzles > 3D Puzzles"
    assert JetCategory.objects.count() == 6


def _write_categories(folder, rows) -> None:
    with (folder / "categories.csv").open("w", newline="") as out:
        csv.writer(out).writerows(rows)


def test_should_read_dump_columns_by_name_with_defaults_for_the_optional_ones(tmp_path):
    folder = write_taxonomy(tmp_path / "tax")
    _write_categories(folder, [["level", "name", "id", "parent_id"], [0, "Toys & Games", 8000000, ""],
                               [], [1, "Puzzles", 8000194, 8000000], [2, "3-D Puzzles", 8000195]])
    taxonomy.import_taxonomy_from_files(path=folder)
    short = JetCategory.objects.get(pk=8000195)  # its parent_id cell is missing: a root, as an empty one
    assert (short.parent_id, short.active, short.retired) == (0, True, False)
    assert JetCategory.objects.get(pk=8000194).path == "Toys & Games > Puzzles"


@pytest.mark.parametrize(("rows", "message"), [
    ([["id", "name", "level"], [1, "Toys", 0]], "categories.csv: missing column(s) parent_id"),
    ([["id", "name", "parent_id", "level"], [1, "Toys", 0, 0], ["x", "Puzzles", 1, 1]],
     "categories.csv line 3: id 'x' is not a whole number"),
])
def test_should_name_the_file_and_line_of_an_unreadable_dump(tmp_path, rows, message):
    folder = write_taxonomy(tmp_path / "tax")
    _write_categories(folder, rows)
    with pytest.raises(TaxonomyFileError, match=re.escape(message)):
        taxonomy.import_taxonomy_from_files(path=folder)
    assert TaxonomyImport.objects.latest().status == TaxonomyImport.Status.FAILED
