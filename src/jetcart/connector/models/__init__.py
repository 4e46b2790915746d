"""The connector's own state; one module per part of the domain."""

from jetcart.connector.models.configuration import JetConfiguration

__all__ = ["JetConfiguration"]
