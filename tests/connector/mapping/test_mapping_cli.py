"""`jetcart taxonomy import` and `jetcart mapping …` from the command line: output, errors, exit status."""

from __future__ import annotations

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import CategoryMapping, OptionMapping
from jetcart.site.cli import main
from tests.fakes.mapping import write_taxonomy
from tests.fakes.store import FakeStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(tmp_path):
    with override_gateways(store=FakeStore()):
        yield tmp_path


def test_should_import_the_taxonomy_files_from_the_command_line(store, capsys):
    assert main(["taxonomy", "import", "--file", str(write_taxonomy(store / "tax"))]) == 0
    assert "imported 5 categories, 4 attributes, 4 values, 5 category attributes" in capsys.readouterr().out
    assert main(["taxonomy", "import", "--file", str(store / "nowhere")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def test_should_map_all_and_round_trip_the_csv(store, capsys):
    main(["taxonomy", "import", "--file", str(write_taxonomy(store / "tax"))])
    assert main(["mapping", "map-all", "8000194"]) == 1
    assert "Not a leaf" in capsys.readouterr().err
    assert main(["mapping", "map-all", "8000195"]) == 0
    assert "mapped 3 store categories to Jet category 8000195" in capsys.readouterr().out
    csv_path = store / "mappings.csv"
    assert main(["mapping", "export", str(csv_path)]) == 0
    CategoryMapping.objects.all().delete()
    assert main(["mapping", "import", str(csv_path)]) == 0
    assert CategoryMapping.objects.count() == 3
    csv_path.write_text("kind,store_id,store_name,jet_id,jet_value\ncategory,99,,8000195,\n")
    assert main(["mapping", "import", str(csv_path)]) == 1
    assert "line 2: category: The store has no category with ID 99." in capsys.readouterr().err


def test_should_list_then_accept_option_suggestions(store, capsys):
    main(["taxonomy", "import", "--file", str(write_taxonomy(store / "tax"))])
    main(["mapping", "map-all", "8000195"])
    capsys.readouterr()
    assert main(["mapping", "suggest"]) == 0
    out = capsys.readouterr().out
    assert "option Color → Jet attribute Color (119)" in out and "run with --accept" in out
    assert not OptionMapping.objects.exists()
    assert main(["mapping", "suggest", "--accept"]) == 0
    assert "accepted 6 suggestion(s)" in capsys.readouterr().out
    assert OptionMapping.objects.count() == 2
