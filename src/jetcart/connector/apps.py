"""Django app config of the connector."""

from django.apps import AppConfig


class ConnectorConfig(AppConfig):
    name = "jetcart.connector"
    label = "connector"
    verbose_name = "Jet"
