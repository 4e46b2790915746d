"""The `jetcart` command: jetcart's own subcommands, and every Django management command besides."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from jetcart.site.environment import LISTEN_URL_VARIABLE, ConfigurationError, debug_requested, listen_url
from jetcart.site.runtime import CannotServe

# Each module has register(subparsers); a subcommand's handler takes the parsed args and returns an exit code.
COMMAND_MODULES = [
    "jetcart.site.commands.server",
    "jetcart.site.commands.doctor",
    "jetcart.site.commands.config",
    "jetcart.site.commands.jobs",
    "jetcart.site.commands.orders",
    "jetcart.site.commands.mapping",
    "jetcart.site.commands.products",
    "jetcart.site.commands.store",
    "jetcart.site.commands.returns",
    "jetcart.site.commands.capture",
]
# The roles whose server serves the sandbox at the address it listens on (`jetcart demo`, `jetcart sandbox`).
SERVES_SANDBOX = ("demo", "sandbox")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jetcart",
        description="Connects an OpenCart store to the Jet marketplace. "
        "Any Django management command (migrate, createsuperuser, …) works too.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def setup_django(role: str = "app", listening: str | None = None) -> None:
    """Loads the settings (reading JETCART_* variables) and Django's apps; `listening` is the address the process's
    server will listen on, when it serves the sandbox (the sandbox's public address by default)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetcart.site.settings")
    os.environ["JETCART_ROLE"] = role
    if listening:
        os.environ[LISTEN_URL_VARIABLE] = listening
    import django
    from django.apps import apps

    if not apps.ready:  # already set up when called in-process (tests, management commands)
        django.setup()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    known = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    try:
        if argv and argv[0] not in known and not argv[0].startswith("-"):
            setup_django()
            from django.core.management import execute_from_command_line

            execute_from_command_line(["jetcart", *argv])
            return 0
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help()
            return 0
        role = getattr(args, "role", "app")
        setup_django(role, listen_url(args.host, args.port) if role in SERVES_SANDBOX else None)
        return int(args.handler(args) or 0)
    except ConfigurationError as exc:
        print(f"jetcart: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - an operator gets one line; JETCART_DEBUG=1 shows the traceback
        if debug_requested():
            raise
        print(f"jetcart {argv[0] if argv else ''}: {describe_failure(exc)}".replace(" :", ":", 1), file=sys.stderr)
        return 2 if isinstance(exc, CannotServe) else 1


MISSING_TABLE_HINTS = ("no such table", "doesn't exist", "does not exist", "undefined table")


def describe_failure(exc: BaseException) -> str:
    """One line for an unexpected failure of a command: what failed, and what to do when it is known."""
    lines = str(exc).strip().splitlines()
    first = " ".join(lines[0].split()) if lines else ""
    if isinstance(exc, CannotServe):
        return first
    if _is_database_error(exc):
        if any(hint in first.lower() for hint in MISSING_TABLE_HINTS):
            return f"the database has no jetcart tables yet ({first}): run `jetcart migrate` first"
        return f"cannot use the database: {first} (check JETCART_DATABASE_URL; `jetcart doctor` checks every connection)"
    return f"{type(exc).__name__}: {first} (JETCART_DEBUG=1 shows the details)"


def _is_database_error(exc: BaseException) -> bool:
    try:
        from django.db import Error as DjangoDatabaseError
    except ImportError:  # pragma: no cover - Django is a dependency
        return False
    return isinstance(exc, DjangoDatabaseError)
