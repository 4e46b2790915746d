"""`jetcart demo|serve|worker|sandbox`: the processes that run jetcart."""

from __future__ import annotations

import os

from jetcart.site.environment import listen_address, listen_url, sandbox_merchant, unreachable_public_url


def register(sub) -> None:
    demo = sub.add_parser("demo", help="the whole product in one process, with the demo store and the sandbox")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.set_defaults(handler=run_demo, role="demo")  # the demo mounts the sandbox (settings.JETCART_SANDBOX_MOUNT)

    serve = sub.add_parser("serve", help="the web application only (production WSGI server)")
    host, port = listen_address()
    serve.add_argument("--port", type=int, default=port)
    serve.add_argument("--host", default=host)
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(handler=run_serve)

    worker = sub.add_parser("worker", help="the job consumer and the scheduler")
    worker.add_argument("--workers", type=int, default=2, help="job threads in this process")
    worker.add_argument("--no-schedule", action="store_true", help="run jobs but not the periodic scheduler")
    worker.set_defaults(handler=run_worker)

    sandbox = sub.add_parser("sandbox", help="the Jet API sandbox alone, its API at http://HOST:PORT/api")
    sandbox.add_argument("--port", type=int, default=8080)
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--threads", type=int, default=8)
    sandbox.set_defaults(handler=run_sandbox, role="sandbox")


def run_demo(args) -> int:
    from jetcart.site.demo import prepare_demo, queue_first_run_jobs
    from jetcart.site.runtime import bind_web, serve_until_stopped, start_job_consumer, stop_job_consumer

    base_url = listen_url(args.host, args.port)
    _check_sandbox_settings()
    server = bind_web(args.host, args.port, threads=8)  # a bad or busy port stops here, before anything starts
    prepare_demo(base_url)
    consumer = start_job_consumer(workers=2, periodic=True)
    from jetcart.connector.products.stock_capture import start_watcher

    watcher = start_watcher()  # store changes to Jet within seconds (JETCART_CAPTURE_SECONDS)
    queue_first_run_jobs()
    print(f"jetcart demo is running at {base_url}/  (Ctrl-C stops it)", flush=True)
    try:
        serve_until_stopped(server)
    finally:
        print("stopping jobs…", flush=True)
        if watcher is not None:
            watcher.stop()
        if not stop_job_consumer(consumer):
            # Jobs are written to survive being cut off, so end the process rather than wait on them.
            print("a job was still running; it resumes on the next start", flush=True)
            os._exit(0)
    return 0


def run_serve(args) -> int:
    from django.conf import settings

    from jetcart.site.environment import DEFAULT_ALLOWED_HOSTS
    from jetcart.site.runtime import bind_web, serve_until_stopped

    server = bind_web(args.host, args.port, threads=args.threads)
    print(f"jetcart is serving at http://{args.host}:{args.port}/", flush=True)
    if args.host not in {"127.0.0.1", "localhost", "::1"} and ",".join(settings.ALLOWED_HOSTS) == DEFAULT_ALLOWED_HOSTS:
        print("  it answers only to localhost, 127.0.0.1 and [::1]: set JETCART_ALLOWED_HOSTS to the name merchants "
              "use (see docs/deploy.md)", flush=True)
    serve_until_stopped(server)
    return 0


def run_worker(args) -> int:
    from huey.contrib.djhuey import HUEY

    consumer = HUEY.create_consumer(workers=args.workers, worker_type="thread", periodic=not args.no_schedule)
    print(f"jetcart worker: {args.workers} job thread(s), schedule {'off' if args.no_schedule else 'on'}", flush=True)
    watcher = None
    if not args.no_schedule:
        from jetcart.connector.products.stock_capture import start_watcher

        watcher = start_watcher()  # store changes to Jet within seconds (JETCART_CAPTURE_SECONDS)
    try:
        consumer.run()
    finally:
        if watcher is not None:
            watcher.stop()
    return 0


def _check_sandbox_settings() -> None:
    """Refuses to start with an unusable JETCART_SANDBOX_* setting (one line naming each); the sandbox's public
    address defaults to the one it listens on (`site/environment.py` derives it)."""
    from jetcart.sandbox.config import settings_problems
    from jetcart.site.environment import ConfigurationError

    problems = settings_problems()
    if problems:
        raise ConfigurationError("unusable sandbox settings: " + "; ".join(problems))


def run_sandbox(args) -> int:
    from jetcart.site.runtime import bind_web, migrate_quietly, serve_until_stopped

    _check_sandbox_settings()
    server = bind_web(args.host, args.port, threads=args.threads)
    migrate_quietly("sandbox")
    from jetcart.sandbox.merchants import ensure_test_merchant

    given = sandbox_merchant()
    creds = ensure_test_merchant(user=given.user, secret=given.secret, fulfillment_node_id=given.fulfillment_node_id)
    base = listen_url(args.host, args.port)
    print(f"Jet sandbox API: {base}/api", flush=True)
    warning = unreachable_public_url(args.host)
    if warning:
        print(f"  warning: {warning}", flush=True)
    secret = "(from JETCART_SANDBOX_SECRET)" if given.secret else creds.secret
    print(f"  user: {creds.user}\n  secret: {secret}\n  merchant id: {creds.merchant_id}\n"
          f"  fulfillment node id: {creds.fulfillment_node_id}", flush=True)
    serve_until_stopped(server)
    return 0
