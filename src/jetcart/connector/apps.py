"""Django app config of the connector."""

from django.apps import AppConfig


class ConnectorConfig(AppConfig):
    name = "jetcart.connector"
    label = "connector"
    verbose_name = "Jet"

    def ready(self) -> None:
        from jetcart.connector import mapping_import_tasks  # noqa: F401  (large mapping CSV imports)
        from jetcart.connector.jobs import tasks  # noqa: F401  (registers the jobs' Huey tasks in every process)
        from jetcart.connector.orders import tasks as order_tasks  # noqa: F401  (fetch, acknowledge, outbox)
