"""`jetcart returns fetch` and `jetcart refunds status`: the Returns and Refunds pages' buttons from a script or cron."""

from __future__ import annotations

import sys


def register(sub) -> None:
    returns = sub.add_parser("returns", help="fetch Jet returns into jetcart and OpenCart")
    actions = returns.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser(
        "fetch", help="fetch created returns, write them as OpenCart returns once, finish completions "
                      "whose answer was lost").set_defaults(handler=fetch_command)
    refunds = sub.add_parser("refunds", help="follow Jet refunds")
    actions = refunds.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser(
        "status", help="send refunds whose sending was cut short, read every open refund's status from Jet and "
                       "note outcomes on the OpenCart orders").set_defaults(handler=status_command)


def _run(name: str, use_case) -> int:
    from jetcart.connector.jet_and_store import GatewayNotConfigured
    from jetcart.jet.errors import JetError
    from jetcart.store.errors import StoreError

    try:
        summary = use_case()
    except (GatewayNotConfigured, JetError, StoreError) as exc:
        print(f"jetcart {name}: {exc}", file=sys.stderr)
        return 1
    print(summary.line())
    return 1 if summary.problems else 0


def fetch_command(args) -> int:
    from jetcart.connector.returns.fetch import fetch_returns

    return _run("returns", fetch_returns)


def status_command(args) -> int:
    from jetcart.connector.refunds.follow import follow_refunds

    return _run("refunds", follow_refunds)
