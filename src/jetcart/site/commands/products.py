"""`jetcart products upload|archive|unarchive|sync|status|errors`: the products grid's bulk actions from a
script, with a progress bar, a summary line, and exit status 1 when any product failed."""

from __future__ import annotations

import sys

ACTIONS = {
    "upload": "upload products to Jet (MerchantSKUs, Price, Inventory, Variation files)",
    "archive": "archive products on Jet (their inventory becomes 0)",
    "unarchive": "unarchive products on Jet (lists them again by sending their inventory)",
    "sync": "send changed prices and inventories (and those due for the daily refresh)",
    "status": "read products' Jet status",
}


def register(sub) -> None:
    parser = sub.add_parser("products", help="upload, archive, sync and follow products on Jet")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in ACTIONS.items():
        action = actions.add_parser(name, help=text)
        choice = action.add_mutually_exclusive_group(required=name not in ("sync", "status"))
        choice.add_argument("--all", action="store_true", help="every product (of mapped categories)")
        choice.add_argument("ids", nargs="*", type=int, default=[], metavar="PRODUCT_ID",
                            help="OpenCart product ids")
        if name == "sync":
            action.add_argument("--full", action="store_true", help="send every price and inventory, changed or not")
        action.add_argument("--quiet", action="store_true", help="no progress bar, only the summary line")
        action.set_defaults(handler=run_products)
    errors = actions.add_parser("errors", help="fetch the status and errors of files sent to Jet (Rejected Files)")
    errors.add_argument("--quiet", action="store_true", help="no progress bar, only the summary line")
    errors.set_defaults(handler=run_products)
    from jetcart.site.commands.capture import register_explain

    register_explain(actions)


def _selection(args) -> dict:
    from jetcart.connector.jet_and_store import store_gateway
    from jetcart.connector.products.snapshot import refresh_if_stale

    if args.action == "errors":
        return {}
    ids = getattr(args, "ids", [])
    if ids:
        return {"product_ids": ids}
    if getattr(args, "all", False):
        refresh_if_stale(store_gateway())
        return {"filters": {"mapped": "1"}}
    return {}  # sync and status without ids: every product on Jet


def run_products(args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from jetcart.connector.jet_and_store import GatewayNotConfigured
    from jetcart.connector.models import RunState
    from jetcart.connector.products.runs import create_run, execute_run

    console = Console(stderr=True)
    try:
        selection = _selection(args)
        run = create_run(action=args.action, full_refresh=getattr(args, "full", False), **selection)
        if args.quiet or not console.is_terminal:
            run = execute_run(run.pk)
        else:
            columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task(f"{args.action}", total=None)

                def show(current) -> None:
                    progress.update(task, total=current.total or None, completed=current.processed,
                                    description=f"{args.action}: {current.message or ''}"[:60])

                run = execute_run(run.pk, on_progress=show)
    except (GatewayNotConfigured, ValueError) as exc:
        print(f"jetcart products {args.action}: {exc}", file=sys.stderr)
        return 2
    for result in run.results.filter(ok=False)[:50]:
        print(f"  product {result.product_id} {result.product_name}: {'; '.join(result.messages)}", file=sys.stderr)
    print(f"{args.action}: {run.message} ({run.succeeded} ok, {run.failed} failed)")
    return 0 if run.state == RunState.DONE and run.failed == 0 else 1
