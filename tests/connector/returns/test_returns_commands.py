"""`jetcart returns fetch` and `jetcart refunds status` print one summary line (sandbox over HTTP, demo store)."""

from __future__ import annotations

import argparse

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.refunds.create import RefundInput, RefundLineInput, create_refund
from jetcart.site.cli import build_parser
from jetcart.site.commands.returns import fetch_command, status_command
from tests.fixtures.live_world import build_live_world
from tests.fixtures.returns_world import shipped_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_should_be_registered_on_the_command_line():
    parser = build_parser()
    assert parser.parse_args(["returns", "fetch"]).handler is fetch_command
    assert parser.parse_args(["refunds", "status"]).handler is status_command


def test_should_fetch_returns_and_follow_refunds_with_a_summary_line(sandbox_server, jet_merchant, tmp_path, capsys):
    live = build_live_world(sandbox_server, jet_merchant, tmp_path / "store.sqlite3")
    try:
        with override_gateways(jet=live.client, store=live.gateway):
            order = shipped_order(live, {"HTC-TOUCH": 2})
            live.client.returns.generate(order.merchant_order_id)
            capsys.readouterr()
            assert fetch_command(argparse.Namespace()) == 0
            assert capsys.readouterr().out.strip() == (
                "fetched 1 Jet return(s) (1 new): 1 written to OpenCart, 0 completed in OpenCart, 0 problem(s)")
            line = order.lines.get()
            create_refund(order=order, alt_refund_id="CLI-1", data=RefundInput(lines=[RefundLineInput(
                line_id=line.pk, total_quantity_returned=1, order_return_refund_qty=1,
                refund_reason="unwanted gift", principal=line.unit_price)]))
            assert status_command(argparse.Namespace()) == 0
            assert capsys.readouterr().out.strip() == (
                "checked 1 open Jet refund(s): 1 accepted, 0 rejected, 0 still with Jet, 0 problem(s)")
    finally:
        live.close()


def test_should_fail_with_a_message_when_jet_is_not_configured(capsys, db):
    assert fetch_command(argparse.Namespace()) == 1
    assert "jetcart returns: Jet API URL, user and secret are not all set" in capsys.readouterr().err
