"""`jetcart store demo|synthetic`: fill the database JETCART_STORE_URL names with a demo or synthetic store."""

from __future__ import annotations

import sys
import time


def register(sub) -> None:
    parser = sub.add_parser("store", help="create a demo or synthetic OpenCart store in JETCART_STORE_URL")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    demo = actions.add_parser("demo", help="OpenCart's demo catalog, ready for Jet (19 products)")
    demo.add_argument("--replace", action="store_true", help="drop and rebuild a store already there")
    demo.set_defaults(handler=create_demo)
    synthetic = actions.add_parser("synthetic", help="N generated products, a share with Color/Size options")
    synthetic.add_argument("--products", type=int, required=True, metavar="N")
    synthetic.add_argument("--variant-share", type=float, default=0.3, metavar="F",
                           help="share of products with options (default 0.3, about 3 candidates each)")
    synthetic.add_argument("--seed", type=int, default=1)
    synthetic.add_argument("--replace", action="store_true", help="drop and rebuild a store already there")
    synthetic.set_defaults(handler=create_synthetic)
    from jetcart.site.commands.capture import register_capture

    register_capture(actions)


def _target():
    from django.conf import settings

    from jetcart.site.environment import redact_url

    return settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX, redact_url(settings.JETCART_STORE_URL)


def create_demo(args) -> int:
    from jetcart.store.connection import make_engine
    from jetcart.store.demo import create_demo_store
    from jetcart.store.errors import StoreError

    url, prefix, shown = _target()
    engine = make_engine(url)
    try:
        create_demo_store(engine, prefix, replace=args.replace)
    except StoreError as exc:
        print(f"jetcart store demo: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"demo store created in {shown} (prefix {prefix!r})")
    return 0


def create_synthetic(args) -> int:
    from jetcart.store.connection import make_engine
    from jetcart.store.errors import StoreError
    from jetcart.store.synthetic import create_synthetic_store

    if args.products < 1 or not 0 <= args.variant_share <= 1:
        print("jetcart store synthetic: --products must be at least 1 and --variant-share between 0 and 1",
              file=sys.stderr)
        return 2
    url, prefix, shown = _target()
    engine = make_engine(url)
    started = time.monotonic()
    try:
        summary = create_synthetic_store(engine, prefix, products=args.products, variant_share=args.variant_share,
                                         replace=args.replace, seed=args.seed)
    except StoreError as exc:
        print(f"jetcart store synthetic: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"synthetic store created in {shown} (prefix {prefix!r}): {summary} in {time.monotonic() - started:.1f} s")
    return 0
