"""Process plumbing shared by the commands: migrations, the WSGI server and the in-process job consumer."""

from __future__ import annotations

import signal


def migrate_quietly(*aliases: str) -> None:
    """Applies migrations to each database alias (default and sandbox when none given)."""
    from django.core.management import call_command

    for alias in aliases or ("default", "sandbox"):
        call_command("migrate", database=alias, interactive=False, verbosity=0)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class CannotServe(Exception):
    """The web server cannot listen where it was asked to; the message says why, in one line."""


def bind_web(host: str, port: int, *, threads: int = 8):
    """Opens the listening socket (so a bad or busy port is known before anything says it is running)."""
    from django.conf import settings
    from waitress import create_server

    from jetcart.site.wsgi import application

    if not 1 <= port <= 65535:
        raise CannotServe(f"--port {port} is not a port number (1-65535)")
    # Waitress removes X-Forwarded-* headers from proxies it was not told to trust; when the operator names the
    # proxy's HTTPS header (JETCART_PROXY_SSL_HEADER), Django reads it (SECURE_PROXY_SSL_HEADER), so keep it.
    behind_proxy = bool(getattr(settings, "SECURE_PROXY_SSL_HEADER", None))
    try:
        return create_server(application, host=host, port=port, threads=threads, ident="jetcart",
                             clear_untrusted_proxy_headers=not behind_proxy)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CannotServe(f"cannot listen on {host}:{port}: {reason}") from exc


def serve_until_stopped(server) -> None:
    """Serves until Ctrl-C or SIGTERM (waitress: threaded, pure Python)."""
    signal.signal(signal.SIGTERM, _interrupt)  # service managers stop with SIGTERM: same clean stop as Ctrl-C
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def run_web(host: str, port: int, *, threads: int = 8) -> None:
    """Serves the WSGI application until Ctrl-C or SIGTERM."""
    serve_until_stopped(bind_web(host, port, threads=threads))


def start_job_consumer(*, workers: int = 2, periodic: bool = True):
    """Starts Huey's workers and scheduler as threads of this process; call .stop() to end them."""
    from huey.contrib.djhuey import HUEY

    consumer = HUEY.create_consumer(workers=workers, worker_type="thread", periodic=periodic)
    consumer.start()
    # Consumer.start() swallows the first Ctrl-C (it expects its own run loop); give it back to the web server.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    return consumer


def stop_job_consumer(consumer, *, wait_seconds: float = 15.0) -> bool:
    """Asks the job threads to stop and waits up to wait_seconds for running jobs to finish.

    Returns False when a job was still running at the deadline; the process may then exit anyway, because
    every job is written to survive being cut off (leases expire, imports resume, outbox rows are re-checked).
    """
    import time

    consumer.stop_flag.set()
    deadline = time.monotonic() + wait_seconds
    threads = [thread for _, thread in consumer.worker_threads] + [consumer.scheduler]
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in threads)
