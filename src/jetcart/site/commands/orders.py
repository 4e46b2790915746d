"""`jetcart orders fetch|acknowledge`: the Orders page's buttons from a script or cron."""

from __future__ import annotations

import sys


def register(sub) -> None:
    parser = sub.add_parser("orders", help="fetch Jet orders into OpenCart, acknowledge them")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    fetch = actions.add_parser(
        "fetch", help="fetch ready and created orders, create them in OpenCart, send rejections, "
                      "and acknowledge when auto-acknowledge is on")
    fetch.set_defaults(handler=fetch_command)
    ack = actions.add_parser("acknowledge", help="acknowledge orders by Jet merchant order id, reference order id "
                                                 "or OpenCart order id")
    ack.add_argument("ids", nargs="+", metavar="ID")
    ack.set_defaults(handler=acknowledge_command)


def _fail(exc: Exception) -> int:
    print(f"jetcart orders: {exc}", file=sys.stderr)
    return 1


def fetch_command(args) -> int:
    from jetcart.connector.jet_and_store import GatewayNotConfigured
    from jetcart.connector.orders.fetch import fetch_orders
    from jetcart.jet.errors import JetError
    from jetcart.store.errors import StoreError

    try:
        summary = fetch_orders()
    except (GatewayNotConfigured, JetError, StoreError) as exc:
        return _fail(exc)
    print(summary.line())
    return 0 if summary.ok else 1


def acknowledge_command(args) -> int:
    from jetcart.connector.jet_and_store import GatewayNotConfigured
    from jetcart.connector.orders.acknowledge import acknowledge_by_ids
    from jetcart.jet.errors import JetError

    try:
        result = acknowledge_by_ids(args.ids)
    except (GatewayNotConfigured, JetError) as exc:
        return _fail(exc)
    for problem in result.refused:
        print(f"refused: {problem}", file=sys.stderr)
    print(result.summary())
    return 0 if not result.refused else 1
