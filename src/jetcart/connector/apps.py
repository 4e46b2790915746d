"""Django app config of the connector."""

from django.apps import AppConfig


class ConnectorConfig(AppConfig):
    name = "jetcart.connector"
    label = "connector"
    verbose_name = "Jet"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from jetcart.connector.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, sender=self)
        from jetcart.connector import (  # noqa: F401  (product runs, taxonomy import)
            mapping_import_tasks,  # noqa: F401  (large mapping CSV imports)
            tasks_products,
            taxonomy_tasks,
        )
        from jetcart.connector.jobs import tasks  # noqa: F401  (registers the jobs' Huey tasks in every process)
        from jetcart.connector.orders import tasks as order_tasks  # noqa: F401  (fetch, acknowledge, outbox)
