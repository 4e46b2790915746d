"""The mapping pages through Django's test client: grid filters, refusals shown with their reason."""

from __future__ import annotations

import pytest

from jetcart.connector.models import CategoryMapping, JetCategory, TaxonomyImport

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(mapping_store):
    return mapping_store


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_should_filter_the_categories_grid(admin_client, store):
    page = admin_client.get("/jet/categories/", {"q": "puzzles", "usable": "yes"}).content.decode()
    assert "3-D Puzzles" in page and "Jigsaw Puzzles" in page
    assert 'data-category="8000194"' not in page
    page = admin_client.get("/jet/categories/", {"usable": "no"}).content.decode()
    assert 'data-category="8000194"' in page and "Not a leaf" in page


def test_should_show_a_categorys_attributes(admin_client, store):
    page = admin_client.get("/jet/categories/8000195/").content.decode()
    assert "Age Range" in page and "Ages 3-5" in page and "units: CM, IN" in page


def test_should_refuse_a_mapping_with_the_reason(admin_client, store):
    response = admin_client.post("/jet/category-mapping/map/", {"store_category_id": "28",
                                                                 "jet_category": "Puzzles (8000194)"}, follow=True)
    assert "Not a leaf" in _messages(response)
    assert not CategoryMapping.objects.exists()
    response = admin_client.post("/jet/category-mapping/map/", {"store_category_id": "28",
                                                                 "jet_category": "8000195"}, follow=True)
    assert "Components > Monitors is mapped to 3-D Puzzles" in _messages(response)


def test_should_offer_categories_that_take_products_first(admin_client, store):
    results = admin_client.get("/jet/category-mapping/search/", {"q": "puzzles"}).json()["results"]
    assert [r["id"] for r in results] == [8000195, 8000196, 8000194]
    assert "subcategories" in results[-1]["problem"]


def test_should_report_each_refused_csv_row(admin_client, store):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("m.csv", b"kind,store_id,store_name,jet_id,jet_value\ncategory,28,,500205,\n")
    response = admin_client.post("/jet/category-mapping/import/", {"file": upload}, follow=True)
    text = _messages(response)
    assert "Nothing was imported" in text and "line 2: category:" in text and "deactivated" in text


def test_should_export_the_mappings(admin_client, store):
    CategoryMapping.objects.create(store_category_id=28, store_category_path="Components > Monitors",
                                   jet_category_id=8000195)
    body = admin_client.get("/jet/category-mapping/export.csv").content.decode()
    assert "category,28,Components > Monitors,8000195," in body


def test_should_not_start_a_second_import_while_one_runs(admin_client, store):
    TaxonomyImport.objects.create(source=TaxonomyImport.Source.API)
    response = admin_client.post("/jet/categories/import/", follow=True)
    assert "already running" in _messages(response)
    assert "Importing the taxonomy from Jet since" in response.content.decode()


def test_should_save_field_mappings_and_show_a_refusal_beside_the_field(admin_client, store):
    response = admin_client.post("/jet/field-mapping/", {"source-brand": "fixed", "fixed-brand": "Acme",
                                                         "source-multipack_quantity": "fixed",
                                                         "fixed-multipack_quantity": "0"})
    page = response.content.decode()
    assert 'id="error-multipack_quantity"' in page and "between 1 and 128" in page


def test_should_show_a_products_jet_attributes_and_refuse_a_bad_upc(admin_client, store):
    CategoryMapping.objects.create(store_category_id=28, jet_category_id=8000195)
    page = admin_client.get("/jet/field-mapping/products/", {"q": "canon"}).content.decode()
    assert 'data-product="30"' in page and 'data-product="42"' not in page
    page = admin_client.get("/jet/field-mapping/products/30/").content.decode()
    assert "Attributes of 3-D Puzzles" in page and "from the category mapping" in page
    page = admin_client.post("/jet/field-mapping/products/30/", {"upc": "036000291453"}).content.decode()
    assert 'id="error-upc"' in page and "wrong UPC check digit" in page


def test_should_accept_option_suggestions_in_one_click(admin_client, store):
    CategoryMapping.objects.create(store_category_id=28, jet_category_id=8000195)
    page = admin_client.get("/jet/field-mapping/options/").content.decode()
    assert "option Color → Jet attribute Color (119)" in page
    response = admin_client.post("/jet/field-mapping/options/suggestions/", follow=True)
    assert "Accepted 6 suggested mapping(s)" in _messages(response)


def test_should_flag_mappings_jet_no_longer_accepts_and_of_deleted_store_categories(admin_client, store):
    CategoryMapping.objects.create(store_category_id=28, jet_category_id=8000195)
    CategoryMapping.objects.create(store_category_id=77, store_category_path="Gone", jet_category_id=8000195)
    JetCategory.objects.filter(pk=8000195).update(retired=True)
    page = admin_client.get("/jet/category-mapping/").content.decode()
    assert "Jet no longer takes products here: Jet has retired this category." in page
    assert 'id="orphan-mappings"' in page and "Gone (ID 77)" in page


def test_should_find_products_in_the_catalog_snapshot_when_it_is_filled(admin_client, store):
    from django.utils import timezone

    from jetcart.connector.models import CatalogProduct

    for product_id, name in ((30, "Canon EOS 5D"), (31, "Nikon D300")):
        CatalogProduct.objects.create(product_id=product_id, name=name, model=f"Product {product_id}", price=1,
                                      quantity=1, refreshed_at=timezone.now())
    page = admin_client.get("/jet/field-mapping/products/", {"q": "nikon"}).content.decode()
    assert 'data-product="31"' in page and 'data-product="30"' not in page
