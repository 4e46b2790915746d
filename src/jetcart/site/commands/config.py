"""`jetcart config show|set`: the configuration page's settings from a script."""

from __future__ import annotations

import sys


def register(sub) -> None:
    parser = sub.add_parser("config", help="show or change the Jet configuration")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print every setting (secrets only say whether they are set)")
    show.set_defaults(handler=show_config)
    change = actions.add_parser(
        "set", help="change settings: jetcart config set KEY VALUE [KEY VALUE …]; the value - for api_secret "
                    "reads it from standard input (one line), so it stays out of the shell history")
    change.add_argument("pairs", nargs="+", metavar="KEY VALUE")
    change.set_defaults(handler=set_config)


def show_config(args) -> int:
    from jetcart.connector.configuration.jet_configuration import configuration_items

    for key, value in configuration_items():
        print(f"{key} = {value}")
    return 0


def set_config(args) -> int:
    from jetcart.connector.configuration.jet_configuration import (
        SECRET_KEYS,
        ConfigurationValueError,
        set_configuration_values,
    )

    if len(args.pairs) % 2:
        print("jetcart config set: give KEY VALUE pairs", file=sys.stderr)
        return 2
    changes = dict(zip(args.pairs[::2], args.pairs[1::2], strict=True))
    from_stdin = [key for key in changes if key in SECRET_KEYS and changes[key] == "-"]
    if len(from_stdin) > 1:
        print("jetcart config set: only one value can come from standard input", file=sys.stderr)
        return 2
    for key in from_stdin:
        changes[key] = sys.stdin.readline().strip()
        if not changes[key]:
            print(f"jetcart config set: {key}: standard input gave an empty line", file=sys.stderr)
            return 2
    try:
        set_configuration_values(changes)
    except ConfigurationValueError as exc:
        print(f"jetcart config set: {exc}", file=sys.stderr)
        return 1
    print(f"saved: {', '.join(changes)}")
    return 0
