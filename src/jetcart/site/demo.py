"""Prepares the embedded demo: databases, the demo store, the sandbox merchant, the admin user, the keys."""

from __future__ import annotations

import secrets

from django.conf import settings

from jetcart.site.runtime import migrate_quietly

ADMIN_USERNAME = "admin"
# The demo catalog is OpenCart's own demo catalog, whose image files OpenCart's demo storefront serves.
DEMO_STORE_WEB_URL = "https://demo.opencart.com/"


def ensure_admin_user() -> str | None:
    """Creates the demo admin once; returns the new password (None when it already existed)."""
    from django.contrib.auth import get_user_model

    users = get_user_model()
    if users.objects.filter(username=ADMIN_USERNAME).exists():
        return None
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", password)
    return password


def ensure_demo_store() -> str:
    """Fills the store database with the demo catalog unless it already holds a store."""
    from jetcart.store.demo import ensure_demo_store as fill

    return fill(settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX)


def connect_to_sandbox(base_url: str) -> None:
    """Points the configuration at the built-in sandbox's test merchant, unless keys were already set."""
    from jetcart.connector.configuration.jet_configuration import load_configuration
    from jetcart.sandbox.merchants import ensure_test_merchant

    creds = ensure_test_merchant()
    config = load_configuration()
    if config.api_user:
        return
    config.api_url = f"{base_url}/jet/api"
    config.api_user = creds.user
    config.api_secret = creds.secret
    config.merchant_id = creds.merchant_id
    config.fulfillment_node_id = creds.fulfillment_node_id
    config.return_address1, config.return_city = "100 Demo Street", "Hoboken"
    config.return_state, config.return_postcode = "NJ", "07030"
    config.save()


def prepare_demo(base_url: str) -> None:
    print(f"preparing the demo (data folder: {settings.DATA_DIR})…", flush=True)
    migrate_quietly()
    print(f"  store: {ensure_demo_store()}", flush=True)
    print(f"  {install_demo_capture()}", flush=True)
    if not settings.JETCART_STORE_WEB_URL:
        settings.JETCART_STORE_WEB_URL = DEMO_STORE_WEB_URL  # this process only: where Jet finds the images
        print(f"  storefront (image URLs): {DEMO_STORE_WEB_URL}  (set JETCART_STORE_WEB_URL for your own)", flush=True)
    connect_to_sandbox(base_url)
    print(f"  sandbox: Jet API at {base_url}/jet/api (partner portal: {base_url}/jet/api/portal/)", flush=True)
    password = ensure_admin_user()
    if password:
        print(f"  log in as '{ADMIN_USERNAME}' with password: {password}  (shown only this once)", flush=True)
    else:
        print(f"  log in as '{ADMIN_USERNAME}' (password shown on the first run; "
              f"change it with `jetcart changepassword {ADMIN_USERNAME}`)", flush=True)


def install_demo_capture() -> str:
    """The demo store (SQLite) gets the change capture triggers, so a change in it reaches the sandbox within
    seconds; a MySQL store is left to its admin (`jetcart store capture install`)."""
    from jetcart.store.errors import StoreError
    from jetcart.store.gateway import StoreGateway

    if not settings.JETCART_STORE_URL.startswith("sqlite"):
        return "change capture: `jetcart store capture install` makes store changes reach Jet in seconds"
    try:
        with StoreGateway.connect(settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX) as gateway:
            return gateway.capture.install().line()
    except StoreError as exc:
        return f"change capture: not installed ({exc}); changes are polled"


def queue_first_run_jobs() -> None:
    """On a first run, reads the demo store's catalog (the dashboard and the grid count its products) and imports
    Jet's taxonomy from the built-in sandbox, both in the background (the import resumable)."""
    from jetcart.connector.models import TaxonomyImport
    from jetcart.connector.products.tasks import read_catalog_unless_read

    read_catalog_unless_read()
    from jetcart.connector.taxonomy.categories import fail_import, last_taxonomy_import
    from jetcart.connector.taxonomy.tasks import import_taxonomy_task, running_import

    last = last_taxonomy_import()
    if last is not None and last.status == TaxonomyImport.Status.DONE:
        return
    interrupted = running_import()
    if interrupted is not None:  # the demo is one process: a "running" import died with the previous run
        fail_import(interrupted, RuntimeError("interrupted when the demo stopped"))
    import_taxonomy_task.schedule(delay=3)  # resumes where an interrupted import stopped
    print("  taxonomy: importing Jet's categories from the sandbox in the background (Jet › Categories)", flush=True)
