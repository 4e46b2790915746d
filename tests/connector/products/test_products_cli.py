"""`jetcart products …` from the command line: summary line, failures listed, exit status."""

from __future__ import annotations

import pytest

from jetcart.connector.models import JetListing, ListingStatus
from jetcart.site.cli import main
from tests.fixtures.products_setup import demo_store, wired

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def connected(tmp_path, sandbox_server, jet_merchant, settings):
    url, prefix = demo_store(tmp_path)
    with wired(url, prefix, sandbox_server, jet_merchant, settings) as wiring:
        yield wiring


def test_should_upload_from_the_command_line_and_fail_when_a_product_is_refused(connected, capsys):
    assert main(["products", "upload", "28", "--quiet"]) == 0
    assert "upload: 1 uploaded" in capsys.readouterr().out
    assert JetListing.objects.get(merchant_sku="OC28").jet_status == ListingStatus.UNDER_JET_REVIEW

    assert main(["products", "upload", "28", "30", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "(1 ok, 1 failed)" in captured.out
    assert "product 30 " in captured.err and "shipping weight" in captured.err


def test_should_sync_status_and_fetch_errors_for_everything_on_jet(connected, capsys):
    assert main(["products", "upload", "28", "29", "--quiet"]) == 0
    assert main(["products", "sync", "--quiet"]) == 0
    assert "0 prices and 0 inventories sent" in capsys.readouterr().out
    assert main(["products", "status", "--quiet"]) == 0
    assert main(["products", "errors", "--quiet"]) == 0
    assert "files checked" in capsys.readouterr().out


def test_should_refuse_an_action_without_products(connected, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["products", "archive"])
    assert exit_info.value.code == 2
