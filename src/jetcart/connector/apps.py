"""Django app config of the connector."""

from django.apps import AppConfig


class ConnectorConfig(AppConfig):
    name = "jetcart.connector"
    label = "connector"
    verbose_name = "Jet"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from jetcart.connector.ui.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, sender=self)
        from jetcart.connector import clone_guard, jet_and_store

        jet_and_store.install_client_guard(clone_guard.guard_client)  # Jet-changing calls pause on a copied install
        # Every process registers every package's Huey tasks, so a worker runs what any process queued.
        from jetcart.connector.mapping import tasks as mapping_tasks  # noqa: F401  (large mapping CSV imports)
        from jetcart.connector.operations import tasks  # noqa: F401  (the scheduled jobs)
        from jetcart.connector.orders import tasks as order_tasks  # noqa: F401  (fetch, acknowledge, outbox)
        from jetcart.connector.products import tasks as product_tasks  # noqa: F401  (product runs)
        from jetcart.connector.taxonomy import tasks as taxonomy_tasks  # noqa: F401  (taxonomy import)
