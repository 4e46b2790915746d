"""`jetcart config show|set`: the configuration page's settings from a script."""

from __future__ import annotations

import sys


def register(sub) -> None:
    parser = sub.add_parser("config", help="show or change the Jet configuration")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print every setting (secrets only say whether they are set)")
    show.set_defaults(handler=show_config)
    change = actions.add_parser("set", help="change settings: jetcart config set KEY VALUE [KEY VALUE …]")
    change.add_argument("pairs", nargs="+", metavar="KEY VALUE")
    change.set_defaults(handler=set_config)


def show_config(args) -> int:
    from jetcart.connector.configuration import configuration_items

    for key, value in configuration_items():
        print(f"{key} = {value}")
    return 0


def set_config(args) -> int:
    from jetcart.connector.configuration import ConfigurationValueError, set_configuration_values

    if len(args.pairs) % 2:
        print("jetcart config set: give KEY VALUE pairs", file=sys.stderr)
        return 2
    changes = dict(zip(args.pairs[::2], args.pairs[1::2], strict=True))
    try:
        set_configuration_values(changes)
    except ConfigurationValueError as exc:
        print(f"jetcart config set: {exc}", file=sys.stderr)
        return 1
    print(f"saved: {', '.join(changes)}")
    return 0
