"""The mapping forms keep what was typed and never mislead: a refused field mapping shows the typed values and
saves nothing, unmapping an option is reported as done, and "Map all" names the mappings it would replace and
asks before replacing them."""

from __future__ import annotations

import pytest

from jetcart.connector.mapping import options as option_mapping
from jetcart.connector.models import CategoryMapping, FieldMapping, OptionMapping, OptionValueMapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(mapping_store):
    return mapping_store


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_a_refused_field_mapping_shows_the_typed_values_and_saves_nothing(admin_client, store):
    response = admin_client.post("/jet/field-mapping/", {
        "source-brand": "fixed", "fixed-brand": "Acme",
        "source-multipack_quantity": "fixed", "fixed-multipack_quantity": "0",
        "source-product_title": "store:model",
    })
    page = response.content.decode()
    assert 'id="error-multipack_quantity"' in page and "between 1 and 128" in page
    assert 'name="fixed-multipack_quantity" id="fixed-multipack_quantity" value="0"' in page
    assert 'name="fixed-brand" id="fixed-brand" value="Acme"' in page
    assert '<option value="store:model" selected>' in page.split('id="source-product_title"')[1].split("</select>")[0]
    assert not FieldMapping.objects.exists()  # all or nothing: Acme was not saved either
    assert ("error", "Nothing was saved: correct the fields marked below.") in _messages(response)


def test_valid_field_mappings_are_saved_together(admin_client, store):
    response = admin_client.post("/jet/field-mapping/", {"source-brand": "fixed", "fixed-brand": "Acme",
                                                         "source-multipack_quantity": "fixed",
                                                         "fixed-multipack_quantity": "2"}, follow=True)
    assert ("success", "Field mappings saved.") in _messages(response)
    assert dict(FieldMapping.objects.values_list("jet_field", "fixed_value")) == {"brand": "Acme",
                                                                                  "multipack_quantity": "2"}


def test_unmapping_an_option_says_it_is_done_and_shows_no_error(admin_client, store):
    CategoryMapping.objects.create(store_category_id=28, jet_category_id=8000195)
    option_mapping.map_option(option_id=13, jet_attribute_id=119)
    option_mapping.map_option_value(option_id=13, option_value_id=101, jet_value="Red")
    # The form posts the value boxes along with the emptied attribute, as a browser does.
    response = admin_client.post("/jet/field-mapping/options/", {"option_id": "13", "jet_attribute": "",
                                                                 "value-101": "Red", "value-102": ""}, follow=True)
    assert _messages(response) == [("success", "The option is no longer mapped.")]
    assert not OptionMapping.objects.exists() and not OptionValueMapping.objects.exists()


def test_map_all_names_the_mappings_it_would_replace_and_asks(admin_client, store):
    CategoryMapping.objects.create(store_category_id=28, store_category_path="Components > Monitors",
                                   jet_category_id=8000196)
    response = admin_client.post("/jet/category-mapping/map-all/", {"jet_category": "3-D Puzzles (8000195)"})
    page = response.content.decode()
    assert 'id="confirm-map-all"' in page and "Components &gt; Monitors → Jigsaw Puzzles (8000196)" in page
    assert CategoryMapping.objects.get(store_category_id=28).jet_category_id == 8000196  # nothing changed yet
    assert CategoryMapping.objects.count() == 1

    response = admin_client.post("/jet/category-mapping/map-all/", {"jet_category": "3-D Puzzles (8000195)",
                                                                     "confirm": "replace"}, follow=True)
    assert set(CategoryMapping.objects.values_list("jet_category_id", flat=True)) == {8000195}
    assert CategoryMapping.objects.count() == len(store.categories())
    assert "1 earlier mapping(s) replaced" in " ".join(text for _, text in _messages(response))


def test_map_all_without_mappings_to_replace_maps_at_once(admin_client, store):
    admin_client.post("/jet/category-mapping/map-all/", {"jet_category": "8000195"})
    assert CategoryMapping.objects.count() == len(store.categories())
