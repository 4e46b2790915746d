"""`jetcart store capture install|remove|status`, `jetcart products explain SKU` and `jetcart installation
status|confirm`: change capture, pushed quantities and the clone guard from a script."""

from __future__ import annotations

import sys


def register_capture(store_actions) -> None:
    """Adds `capture` under `jetcart store`."""
    capture = store_actions.add_parser("capture", help="triggers that send stock and price changes in seconds")
    capture.add_argument("capture_action", choices=["install", "remove", "status"],
                         help="install or remove the triggers, or say how changes are captured")
    capture.set_defaults(handler=capture_command)


def register_explain(product_actions) -> None:
    """Adds `explain` under `jetcart products`."""
    explain = product_actions.add_parser("explain", help="how the quantity Jet shows for a SKU was made")
    explain.add_argument("sku", metavar="SKU", help="a merchant SKU, e.g. OC28")
    explain.set_defaults(handler=explain_command)


def register(sub) -> None:
    parser = sub.add_parser("installation", help="the clone guard: which store this installation serves")
    parser.add_argument("installation_action", choices=["status", "confirm"],
                        help="show the installation's identity, or confirm it and resume writes to Jet")
    parser.set_defaults(handler=installation_command)


def capture_command(args) -> int:
    from jetcart.connector.jet_and_store import store_gateway
    from jetcart.store.errors import StoreError

    try:
        capture = store_gateway().capture
        if args.capture_action == "install":
            status = capture.install()
        elif args.capture_action == "remove":
            status = capture.remove()
        else:
            status = capture.status()
    except StoreError as exc:
        print(f"jetcart store capture {args.capture_action}: {exc}", file=sys.stderr)
        return 1
    print(status.line())
    return 0


def explain_command(args) -> int:
    from jetcart.connector.models import JetListing, PushedQuantity
    from jetcart.connector.products.sellable import archived_skus, explain

    row = PushedQuantity.objects.filter(merchant_sku=args.sku).first()
    if row is None:
        known = JetListing.objects.filter(merchant_sku=args.sku).exists()
        reason = "no quantity has been pushed for it yet" if known else "no listing has that merchant SKU"
        print(f"jetcart products explain: {args.sku}: {reason}", file=sys.stderr)
        return 1
    print(f"{args.sku}: {explain(row, archived=bool(archived_skus([args.sku])))}")
    return 0


def installation_command(args) -> int:
    from jetcart.connector import clone_guard

    if args.installation_action == "confirm":
        row = clone_guard.confirm(by="the command line")
        print(f"installation {row.installation_id} confirmed for {row.store_fingerprint}; writes to Jet resume")
        return 0
    if clone_guard.status() is None:
        print("installation: not recorded yet (it is on the first call that changes Jet)")
        return 0
    verdict = clone_guard.check(fresh=True)
    row = clone_guard.status()
    print(f"installation {row.installation_id}, store {row.store_fingerprint}, recorded {row.recorded_at:%Y-%m-%d %H:%M} UTC")
    if verdict.ok:
        print("writes to Jet: allowed")
        return 0
    print(f"writes to Jet: PAUSED: {verdict.reason}\nrun `jetcart installation confirm` if this installation "
          "should write to Jet for this store")
    return 1


def doctor_checks() -> list:
    """`jetcart doctor`'s lines for change capture and the clone guard."""
    from jetcart.site.commands.doctor import Check, _first_line

    def capture() -> Check:
        from django.conf import settings

        from jetcart.store.gateway import StoreGateway

        try:
            with StoreGateway.connect(settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX) as gateway:
                status = gateway.capture.status()
        except Exception as exc:  # noqa: BLE001 - the store check above says why the store is unusable
            return Check("capture", False, f"change capture: cannot read it: {_first_line(exc)}")
        broken = status.mode == "polling" and bool(status.installed)
        return Check("capture", not broken, status.line())

    def installation() -> Check:
        from jetcart.connector.models import Installation

        try:
            row = Installation.objects.filter(pk=1).first()
        except Exception as exc:  # noqa: BLE001 - not migrated yet: the database line says so
            return Check("installation", False, f"installation: cannot read it: {_first_line(exc)}")
        if row is None:
            return Check("installation", True, "installation: not recorded yet (on the first call that changes Jet)")
        if row.paused:
            return Check("installation", False, f"installation: writes to Jet PAUSED: {row.pause_reason} "
                                                "(`jetcart installation confirm`)")
        return Check("installation", True, f"installation: {row.installation_id[:8]}… serves {row.store_fingerprint}")

    return [capture, installation]
